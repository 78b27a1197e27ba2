// Many rows in one INSERT … VALUES (…), (…), …: one round trip and one statement for the server
// to parse and plan, where a loop of create() takes one of each per row.
//
//   INSERT INTO "users" ("username", "karma") VALUES ($1, $2), ($3, $4), … RETURNING …
//
// A statement carries at most 65,535 parameters (protocol §55.7, Bind), so 40,000 rows of two
// columns cannot go as one: chapter 12's execute() already cuts an INSERT into statements of
// whole rows within the limit (query/split.ts). Those statements run in one transaction — a
// savepoint, inside a caller's — so the rows go in all together or not at all: the third
// statement's unique violation undoes the first two.
//
// RETURNING hands back the rows in the order the VALUES listed them: PostgreSQL inserts them in
// that order and returns each as it inserts it. (The docs promise no order for RETURNING;
// every ORM that fills in ids from a multi-row INSERT relies on this one, Django's bulk_create
// among them.) The statements run one after the other, so their rows come back in order too.
import { DB } from "../model/db.ts";
import type { Model } from "../model/model.ts";
import { execute } from "../query/execute.ts";
import { insertInto } from "../query/insert.ts";
import type { InstanceOf, ModelLike } from "../relations/relation-types.ts";
import { cellsFor, definitionOf, rowsOf } from "./model-rows.ts";

/** Inserts `rows` all or none, in as few statements as the parameter limit allows; one instance per row, in the order given. */
export async function insertMany<M extends ModelLike>(model: M, rows: readonly object[]): Promise<InstanceOf<M>[]> {
  if (rows.length === 0) return [];
  // Every row is checked before anything is sent: a bad row 9,000 costs no round trip.
  const cells = rows.map((values, index) => cellsFor(model, values, index + 1));
  const query = insertInto(definitionOf(model).table).values(cells).returning();
  const inserted = await DB.transaction(async () => (await execute(await DB.queryable(), query)).rows);
  const instances = rowsOf(model);
  return inserted.map((row) => instances.instanceFrom(row) as Model as InstanceOf<M>);
}
