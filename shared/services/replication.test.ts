// Self-test of the primary/standby pair against real PostgreSQL: a database made on the primary
// is on the standby when createDatabase() returns, the standby refuses writes, and a standby of
// one's own can be promoted and stopped without the shared standby noticing.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWith } from "./describe-with.ts";
import { postgresReplication, type ReplicatedDatabase } from "./index.ts";

async function one<T>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Object.values((await client.query(sql, params)).rows[0] ?? {})[0] as T;
  } finally {
    await client.end();
  }
}

await describeWith([postgresReplication], "postgres primary and standby", (pair) => {
  let db: ReplicatedDatabase;
  beforeAll(async () => {
    db = await pair.createDatabase({ label: "pair" });
  });
  afterAll(() => db.drop());

  it("the standby is in recovery and the primary is not", async () => {
    expect(await one(pair.primaryUrl, "SELECT pg_is_in_recovery()")).toBe(false);
    expect(await one(pair.replicaUrl, "SELECT pg_is_in_recovery()")).toBe(true);
  });

  it("a database made on the primary is already on the standby", async () => {
    expect(await one(db.replicaUrl, "SELECT current_database()")).toBe(db.name);
  });

  it("the standby refuses a write with 25006", async () => {
    await expect(one(db.replicaUrl, "CREATE TABLE t (n int)")).rejects.toMatchObject({ code: "25006" });
  });

  it("every standby streams through a slot of its own on the primary", async () => {
    const slots = await one<string>(pair.primaryUrl, "SELECT count(*)::text FROM pg_replication_slots WHERE active");
    expect(Number(slots)).toBeGreaterThanOrEqual(1);
  });

  it("a standby of one's own holds the file's database, can be promoted, and goes away when stopped", async () => {
    const own = await pair.createReplica();
    try {
      expect(await one(own.databaseUrl(db.name), "SELECT current_database()")).toBe(db.name);
      expect(await one(own.url, "SELECT pg_promote(wait => true)")).toBe(true);
      expect(await one(own.url, "SELECT pg_is_in_recovery()")).toBe(false);
    } finally {
      await own.stop();
    }
    await expect(one(own.url, "SELECT 1")).rejects.toThrow();
    // The shared standby still follows the primary.
    const marker = await pair.createDatabase({ label: "after" });
    try {
      expect(await one(marker.replicaUrl, "SELECT pg_is_in_recovery()")).toBe(true);
    } finally {
      await marker.drop();
    }
  });
});
