// Stage 12.5: writing rows. INSERT takes the columns its rows give values to, and DEFAULT where
// a row gives none; UPDATE numbers SET's values before WHERE's; DELETE removes what WHERE
// keeps; RETURNING hands back what the server made (ids, defaults). The checks' own client
// reads the table after each write.
import { compile, deleteFrom, insertInto, QueryError, table, update } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectCompiled,
  expectRows,
  expectThrows,
  rowsOf,
  sortedIds,
  useDatabase,
  withConnection,
  withWitness,
} from "./query.ts";

interface Member {
  id: number;
  handle: string;
  email: string | null;
  karma: number;
  tier: string;
}
interface Ticket {
  id: number;
  state: string;
}

const SCHEMA = `
CREATE TABLE members (
  id serial PRIMARY KEY,
  handle text NOT NULL UNIQUE,
  email text,
  karma int NOT NULL DEFAULT 0,
  tier text NOT NULL DEFAULT 'free'
);
CREATE TABLE tickets (id serial PRIMARY KEY, state text NOT NULL DEFAULT 'open');
`;

const members = table<Member>("members", ["id", "handle", "email", "karma", "tier"]);
const tickets = table<Ticket>("tickets", ["id", "state"]);
const ALL = `"members"."id", "members"."handle", "members"."email", "members"."karma", "members"."tier"`;

const THREE_ROWS = [
  { handle: "ada", email: "ada@example.org" },
  { handle: "alan", karma: 3 },
  { handle: "grace", email: undefined, tier: "gold" },
];
const THREE_ROWS_WRITTEN =
  'insertInto(members).values([{ handle: "ada", email: "ada@example.org" }, { handle: "alan", karma: 3 }, { handle: "grace", email: undefined, tier: "gold" }])';

async function tableHolds(url: string, what: string, expected: unknown[]): Promise<void> {
  const rows = await withWitness(url, async (client) => {
    const result = await client.query("SELECT id, handle, email, karma, tier FROM members ORDER BY id");
    return result.rows;
  });
  expectRows(`${what}; then the table members, read by the checks' own client`, expected, rows);
}

await stageWith([postgres], "12.5", (service) => {
  const db = useDatabase(service, "writes", SCHEMA);

  test("compiles INSERT: the columns the rows give, DEFAULT where a row gives none", () => {
    expectCompiled(
      'insertInto(members).values({ handle: "ada", karma: 5 })',
      () => insertInto(members).values({ handle: "ada", karma: 5 }),
      {
        sql: `INSERT INTO "members" ("handle", "karma") VALUES ($1, $2)`,
        params: ["ada", 5],
      },
    );
    expectCompiled(
      `${THREE_ROWS_WRITTEN}.returning(members.id, members.tier)`,
      () => insertInto(members).values(THREE_ROWS).returning(members.id, members.tier),
      {
        sql: `INSERT INTO "members" ("handle", "email", "karma", "tier") VALUES ($1, $2, DEFAULT, DEFAULT), ($3, DEFAULT, $4, DEFAULT), ($5, DEFAULT, DEFAULT, $6) RETURNING "members"."id", "members"."tier"`,
        params: ["ada", "ada@example.org", "alan", 3, "grace", "gold"],
      },
      "Columns: every key with a value that is not undefined, in the order they first appear. A row without a value for a column gets DEFAULT, which takes no parameter.",
    );
    expectCompiled(
      'insertInto(members).values({ handle: "a" }).values({ handle: "b", karma: 1 })',
      () => insertInto(members).values({ handle: "a" }).values({ handle: "b", karma: 1 }),
      { sql: `INSERT INTO "members" ("handle", "karma") VALUES ($1, DEFAULT), ($2, $3)`, params: ["a", "b", 1] },
      "A column that appears in a later values() call gets DEFAULT in the rows added before it.",
    );
    expectCompiled("insertInto(tickets).values({}).returning()", () => insertInto(tickets).values({}).returning(), {
      sql: `INSERT INTO "tickets" DEFAULT VALUES RETURNING "tickets"."id", "tickets"."state"`,
      params: [],
    });
  });

  test("compiles UPDATE (SET's values numbered before WHERE's) and DELETE", () => {
    expectCompiled(
      'update(members).set({ karma: 10, email: null }).where(members.handle.eq("ada")).returning(members.karma)',
      () => update(members).set({ karma: 10, email: null }).where(members.handle.eq("ada")).returning(members.karma),
      {
        sql: `UPDATE "members" SET "karma" = $1, "email" = $2 WHERE "members"."handle" = $3 RETURNING "members"."karma"`,
        params: [10, null, "ada"],
      },
      "SET comes before WHERE in the SQL, so its values take the first placeholders. NULL is a fine value to set.",
    );
    expectCompiled(
      "update(members).set({ karma: members.id }).returning()",
      () => update(members).set({ karma: members.id }).returning(),
      { sql: `UPDATE "members" SET "karma" = "members"."id" RETURNING ${ALL}`, params: [] },
    );
    expectCompiled(
      "deleteFrom(members).where(members.karma.lt(0)).returning(members.handle)",
      () => deleteFrom(members).where(members.karma.lt(0)).returning(members.handle),
      { sql: `DELETE FROM "members" WHERE "members"."karma" < $1 RETURNING "members"."handle"`, params: [0] },
    );
    expectCompiled("deleteFrom(members)", () => deleteFrom(members), { sql: `DELETE FROM "members"`, params: [] });
  });

  test("inserts, updates and deletes rows, and RETURNING gives back what the server made", async () => {
    await withConnection(db().url, async (connection) => {
      const inserted = await rowsOf(connection, `${THREE_ROWS_WRITTEN}.returning()`, () =>
        insertInto(members).values(THREE_ROWS).returning(),
      );
      const afterInsert = [
        { id: 1, handle: "ada", email: "ada@example.org", karma: 0, tier: "free" },
        { id: 2, handle: "alan", email: null, karma: 3, tier: "free" },
        { id: 3, handle: "grace", email: null, karma: 0, tier: "gold" },
      ];
      expectRows(
        `${THREE_ROWS_WRITTEN}.returning()`,
        afterInsert,
        inserted,
        "returning() with no columns returns every column of the table: the serial ids and the defaults the server filled in.",
      );
      await tableHolds(db().url, THREE_ROWS_WRITTEN, afterInsert);

      const raised =
        'update(members).set({ karma: 10 }).where(members.handle.in(["ada", "grace"])).returning(members.id, members.karma)';
      const updated = await rowsOf(connection, raised, () =>
        update(members)
          .set({ karma: 10 })
          .where(members.handle.in(["ada", "grace"]))
          .returning(members.id, members.karma),
      );
      expectRows(`${raised}, the ids`, [1, 3], sortedIds(updated));
      expectRows(
        `${raised}, the karma`,
        [10, 10],
        updated.map((row) => row.karma),
      );

      const cleared = "update(members).set({ email: null, tier: undefined }).where(members.id.eq(1))";
      await rowsOf(connection, cleared, () =>
        update(members).set({ email: null, tier: undefined }).where(members.id.eq(1)),
      );

      const removed = "deleteFrom(members).where(members.karma.lt(5)).returning(members.handle)";
      expectRows(
        removed,
        [{ handle: "alan" }],
        await rowsOf(connection, removed, () =>
          deleteFrom(members).where(members.karma.lt(5)).returning(members.handle),
        ),
      );
      await tableHolds(db().url, `${raised}; ${cleared}; ${removed}`, [
        { id: 1, handle: "ada", email: null, karma: 10, tier: "free" },
        { id: 3, handle: "grace", email: null, karma: 10, tier: "gold" },
      ]);

      expectRows(
        "insertInto(tickets).values({}).returning()",
        [{ id: 1, state: "open" }],
        await rowsOf(connection, "insertInto(tickets).values({}).returning()", () =>
          insertInto(tickets).values({}).returning(),
        ),
        "A row with no values at all is INSERT INTO … DEFAULT VALUES.",
      );
    });
  });

  test.each([
    ["insertInto(members) with no rows", () => compile(insertInto(members))],
    ["insertInto(members).values([])", () => compile(insertInto(members).values([]))],
    [
      "update(members).where(members.id.eq(1)) with nothing to set",
      () => compile(update(members).where(members.id.eq(1))),
    ],
    ['insertInto(members).values({ nickname: "x" })', () => insertInto(members).values({ nickname: "x" } as never)],
    ["update(members).set({ nickname: 1 })", () => update(members).set({ nickname: 1 } as never)],
  ])("%s is refused with a QueryError", (written, build) => {
    expectThrows(
      written,
      QueryError,
      build,
      "INSERT needs a row and UPDATE a column to set, or the SQL is invalid; a key that is not a declared column of the table is refused before it becomes SQL.",
    );
  });
});
