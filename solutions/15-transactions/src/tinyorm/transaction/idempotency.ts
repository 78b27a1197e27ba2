// Idempotency keys: a caller who may send the same request twice (a client retrying after a
// timeout, a queue delivering a message again) names it with a key, and the work runs once.
// The key's row is written in the SAME transaction as the work, which makes three promises:
//
//   - the work committed ⇔ the key is recorded with its result: a later call with the key
//     returns that result and runs nothing;
//   - the work rolled back ⇒ the key was never recorded: a later call runs it again;
//   - two calls at once: the second's INSERT of the key waits on the first's uncommitted row
//     (a unique index makes a conflicting insert wait for the other transaction: docs, "Index
//     Uniqueness Checks", and INSERT … ON CONFLICT), then finds it committed and returns its
//     result — or, if the first rolled back, takes the key and runs the work itself.
//
// Under REPEATABLE READ or SERIALIZABLE the waiting call cannot see a row committed after its
// snapshot, and ON CONFLICT reports 40001 instead: run such calls with `retry`.
import type { JsonValue } from "../parameters.ts";
import { json } from "../parameters.ts";
import type { Queryable } from "../query/execute.ts";
import { TransactionError } from "./errors.ts";

export const IDEMPOTENCY_TABLE = "tinyorm_idempotency_keys";

/** The table the keys live in; run it once (chapter 16 makes it a migration). */
export const IDEMPOTENCY_TABLE_SQL = `CREATE TABLE IF NOT EXISTS ${IDEMPOTENCY_TABLE} (
  key text PRIMARY KEY,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
)`;

/** Either the key is now this transaction's, or it was completed before, with this result. */
export type Claim = { claimed: true } | { claimed: false; result: JsonValue };

/** Takes the key in the transaction `tx`, or reads the result stored with it. */
export async function claimKey(tx: Queryable, key: string): Promise<Claim> {
  const inserted = await tx.query(`INSERT INTO ${IDEMPOTENCY_TABLE} (key) VALUES ($1) ON CONFLICT (key) DO NOTHING`, [
    key,
  ]);
  if (inserted.rowCount === 1) return { claimed: true };
  const { rows } = await tx.query<{ result: JsonValue }>(`SELECT result FROM ${IDEMPOTENCY_TABLE} WHERE key = $1`, [
    key,
  ]);
  const [row] = rows;
  if (!row) throw new TransactionError(`idempotency key ${JSON.stringify(key)} conflicted, then could not be read`);
  return { claimed: false, result: row.result };
}

/** Stores the work's result with the key, in the same transaction as the work. */
export async function recordResult(tx: Queryable, key: string, result: JsonValue): Promise<void> {
  await tx.query(`UPDATE ${IDEMPOTENCY_TABLE} SET result = $2 WHERE key = $1`, [key, json(result)]);
}
