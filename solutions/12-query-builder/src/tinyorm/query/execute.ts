// Running a built query on a connection: compile, send the SQL with its parameters, hand back
// the rows. An INSERT too large for one statement runs as several (split.ts), one after the
// other; their rows and counts are added up. Each is a statement of its own: without a
// transaction around them (chapter 15), a failure in the third leaves the first two inserted.
import type { QueryResult, Row } from "../connection.ts";
import type { SqlValue } from "../parameters.ts";
import { type Compilable, compile } from "./compile.ts";
import { split } from "./split.ts";

/** What can run SQL: a Connection, and later a pool or a transaction. */
export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<QueryResult<R>>;
}

/** A built query whose rows have type R. */
export type Query<R> = Compilable & { readonly rowType?: R };

export async function execute<R>(db: Queryable, query: Query<R>): Promise<QueryResult<R & Row>> {
  const rows: (R & Row)[] = [];
  let rowCount = 0;
  let command = "";
  for (const statement of split(query)) {
    const { sql, params } = compile(statement);
    const result = await db.query<R & Row>(sql, params);
    for (const row of result.rows) rows.push(row);
    rowCount += result.rowCount;
    command = result.command;
  }
  return { rows, rowCount, command };
}
