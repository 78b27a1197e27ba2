// Self-test of the services layer against a real PostgreSQL. This file and postgres-b.test.ts
// do the same things in databases of their own; neither may see the other's rows.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWith } from "./describe-with.ts";
import { postgres, type TestDatabase } from "./index.ts";
import { TEST_DATABASE_PREFIX } from "./postgres-databases.ts";
import { markerRoundTrip } from "./postgres-marker.ts";

await describeWith([postgres], "postgres service (file a)", (server) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await server.createDatabase({ label: "file_a" });
  });
  afterAll(() => db.drop());

  it("answers a query in a fresh database of its own", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string; n: number }>("SELECT current_database() AS db, 1 + 1 AS n");
      expect(rows[0]).toEqual({ db: db.name, n: 2 });
      expect(db.name.startsWith(TEST_DATABASE_PREFIX)).toBe(true);
    } finally {
      await client.end();
    }
  });

  it("sees only the rows this file wrote", async () => {
    expect(await markerRoundTrip(db.url, "a")).toEqual(["a"]);
  });

  it("clones a database prepared as a template", async () => {
    const template = await server.createDatabase({ label: "schema" });
    const client = new pg.Client({ connectionString: template.url });
    await client.connect();
    await client.query("CREATE TABLE users (id int PRIMARY KEY); INSERT INTO users VALUES (1), (2)");
    // A template must have no open sessions while it is cloned.
    await client.end();
    const clone = await server.createDatabase({ template: template.name });
    const reader = new pg.Client({ connectionString: clone.url });
    await reader.connect();
    try {
      const { rows } = await reader.query<{ n: string }>("SELECT count(*) AS n FROM users");
      expect(rows[0]?.n).toBe("2");
    } finally {
      await reader.end();
      await clone.drop();
      await template.drop();
    }
  });

  it("drops the database when asked", async () => {
    const scratch = await server.createDatabase({ label: "scratch" });
    await scratch.drop();
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [scratch.name]);
      expect(rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
