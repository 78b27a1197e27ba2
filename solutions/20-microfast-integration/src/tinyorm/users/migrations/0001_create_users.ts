// The demo's schema, applied by chapter 16's migrate() when `pnpm demo tinyorm` starts.
import type { Sql } from "../../migrate/files.ts";
import { USERS_TABLE_SQL } from "../user.ts";

export async function up(sql: Sql): Promise<void> {
  await sql(USERS_TABLE_SQL);
}

export async function down(sql: Sql): Promise<void> {
  await sql("DROP TABLE users");
}
