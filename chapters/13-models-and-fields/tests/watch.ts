// The server as the witness of what your model sent, never your code's own account of it.
//
// Writes: triggers on the watched table log every INSERT, UPDATE and DELETE statement with the
// SQL the client sent (current_query()), and — through one `AFTER UPDATE OF <column>` trigger
// per column, which fires only when that column is a target of the statement's SET (docs:
// CREATE TRIGGER) — exactly which columns each UPDATE set, whether or not the value changed.
//
// Anything at all: pg_stat_activity.query_start is when your session last began a statement
// (docs §28.2.3). If it has not moved, nothing was sent.
import { CheckFailure } from "../../../shared/check/failure.ts";
import { show, witnessRows } from "./orm.ts";

/** SQL that makes the server log every write to `table` and each column an UPDATE of it sets. */
export function watchWrites(table: string, columns: readonly string[]): string {
  const perColumn = columns.map(
    (column) =>
      `CREATE TRIGGER "${table}_sets_${column}" AFTER UPDATE OF "${column}" ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION checks_log_write('${column}');`,
  );
  return `
CREATE TABLE IF NOT EXISTS checks_writes (
  id serial PRIMARY KEY,
  xid bigint NOT NULL DEFAULT txid_current(),
  tbl text NOT NULL,
  op text NOT NULL,
  col text,
  query text NOT NULL DEFAULT current_query()
);
CREATE OR REPLACE FUNCTION checks_log_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO checks_writes (tbl, op, col) VALUES (TG_TABLE_NAME, TG_OP, TG_ARGV[0]);
  RETURN NULL;
END $$;
CREATE TRIGGER "${table}_writes" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION checks_log_write();
${perColumn.join("\n")}
`;
}

export interface Write {
  op: "INSERT" | "UPDATE" | "DELETE";
  /** For an UPDATE: the columns its SET names, sorted. */
  columns: string[];
  /** The statement as your connection sent it. */
  sql: string;
}

export function showWrites(writes: readonly Write[]): string {
  if (writes.length === 0) return "no write at all";
  return writes
    .map((w) => `${w.op}${w.op === "UPDATE" ? ` setting ${show(w.columns)}` : ""}: ${w.sql.replace(/\s+/g, " ")}`)
    .join("\n     ");
}

/** The writes to `table` made while `action` ran, in order. */
export async function writesDuring(url: string, table: string, action: () => Promise<unknown>): Promise<Write[]> {
  const [mark] = await witnessRows(url, "SELECT coalesce(max(id), 0) AS id FROM checks_writes");
  await action();
  const rows = await witnessRows(
    url,
    "SELECT xid::text, op, col, query FROM checks_writes WHERE id > $1 AND tbl = $2 ORDER BY id",
    [mark?.id, table],
  );
  // One statement, one transaction: its rows share a transaction id. Statement triggers fire in
  // the order of their names, so a column's row may come before or after its statement's.
  const statements: { xid: string; write: Write }[] = [];
  const columns = new Map<string, string[]>();
  for (const row of rows) {
    const xid = String(row.xid);
    if (row.col === null)
      statements.push({ xid, write: { op: row.op as Write["op"], columns: [], sql: String(row.query) } });
    else columns.set(xid, [...(columns.get(xid) ?? []), String(row.col)]);
  }
  const writes = statements.map(({ xid, write }) => ({ ...write, columns: (columns.get(xid) ?? []).sort() }));
  return writes;
}

/** Fails unless the writes are exactly `expected` (operation and, for an UPDATE, the columns it set). */
export function expectWrites(
  what: string,
  expected: readonly Pick<Write, "op" | "columns">[],
  received: readonly Write[],
  hint: string,
): void {
  const same =
    expected.length === received.length &&
    expected.every(
      (e, i) => e.op === received[i]?.op && show([...e.columns].sort()) === show(received[i]?.columns ?? []),
    );
  if (same) return;
  throw new CheckFailure("the table saw other writes than expected", {
    sent: what,
    expected: showWrites(expected.map((e) => ({ ...e, columns: [...e.columns].sort(), sql: "…" }))),
    received: showWrites(received),
    hint,
  });
}

interface Activity {
  started: string | null;
  query: string | null;
}

/** When the session named `session` last began a statement, and which; undefined while it has no session. */
async function activityOf(url: string, session: string): Promise<Activity | undefined> {
  const rows = await witnessRows(
    url,
    "SELECT query_start::text AS started, query FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
    [session],
  );
  const [row] = rows;
  return row ? { started: row.started as string | null, query: row.query as string | null } : undefined;
}

/** Runs `action` and fails if the session named `session` sent any statement meanwhile. */
export async function expectNothingSent(
  what: string,
  url: string,
  session: string,
  action: () => Promise<unknown>,
  hint: string,
): Promise<void> {
  const before = await activityOf(url, session);
  await action();
  const after = await activityOf(url, session);
  if (after === undefined || after.started === null || after.started === before?.started) return;
  throw new CheckFailure("a statement was sent where there was nothing to send", {
    sent: what,
    expected: "no statement at all (pg_stat_activity.query_start of your session unchanged)",
    received: `your session ran ${JSON.stringify(after.query)} at ${after.started}`,
    hint,
  });
}

/** The sessions your DB has open in this database. */
export async function sessionsOf(url: string, session: string): Promise<number> {
  const [row] = await witnessRows(
    url,
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
    [session],
  );
  return Number(row?.n ?? 0);
}
