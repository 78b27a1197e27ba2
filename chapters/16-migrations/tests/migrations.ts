// What the checks of chapter 16 share: a migrations folder per check, migration files written
// from lists of statements, a schema of its own per check (search_path), the learner's
// connections into it, and the checks' own `pg` client as the witness of the catalog and of the
// version table. Expected answers are written here by hand, never read from the code under check.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Connection } from "@lab/src/tinyorm/index.ts";
import type pg from "pg";
import { afterEach } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import type { TestDatabase } from "../../../shared/services/index.ts";
import { openConnection, show, withWitness } from "../../11-pg-basics/tests/sql.ts";

export { expectRejection, show, showError, useDatabase, within, withWitness } from "../../11-pg-basics/tests/sql.ts";

/** How long a stage may take over work several sessions do together (five migrators, a lock handed on). */
export const SETTLE_MS = 10_000;
const POLL_MS = 25;

let schemas = 0;

/** One check's world: a folder for its migrations and a schema of its own, opened through the learner's connections. */
export interface Workspace {
  dir: string;
  schema: string;
  /** A learner's Connection whose search_path is the check's schema. */
  connect(): Promise<Connection>;
}

/** A fresh folder and schema for each check, removed afterwards with every connection it opened. */
export function useWorkspace(db: () => TestDatabase): () => Promise<Workspace> {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), "tinyorm-16-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const schema = `check_${process.pid}_${++schemas}`;
    await withWitness(db().url, (client) => client.query(`CREATE SCHEMA ${schema}`));
    return {
      dir,
      schema,
      connect: async () => {
        const connection = await openConnection(db().url);
        cleanups.push(() => connection.close());
        await connection.query(`SET search_path TO ${schema}`);
        return connection;
      },
    };
  };
}

/** Writes a migration module whose up() and down() run these statements in order. */
export async function writeMigration(
  dir: string,
  file: string,
  up: readonly string[],
  down: readonly string[],
): Promise<string> {
  const body = (statements: readonly string[]) =>
    statements.map((statement) => `  await sql(${JSON.stringify(statement)});\n`).join("");
  const text = `type Sql = (text: string) => Promise<unknown>;\n\nexport async function up(sql: Sql): Promise<void> {\n${body(up)}}\n\nexport async function down(sql: Sql): Promise<void> {\n${body(down)}}\n`;
  await writeFile(join(dir, file), text);
  return text;
}

/** The SHA-256 of a file's bytes, in hex: what the version table must hold for it. */
export async function sha256Of(path: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

export interface VersionRow {
  version: string;
  name: string;
  checksum: string;
  applied: boolean;
}

/** The version table of `schema` as the witness reads it; null when there is none. */
export async function versionRows(url: string, schema: string): Promise<VersionRow[] | null> {
  return withWitness(url, async (client) => {
    const exists = await client.query("SELECT to_regclass($1) IS NOT NULL AS ok", [`${schema}.tinyorm_migrations`]);
    if (!exists.rows[0]?.ok) return null;
    const { rows } = await client.query<VersionRow>(
      `SELECT version::text AS version, name, checksum, applied_at IS NOT NULL AS applied
         FROM ${schema}.tinyorm_migrations ORDER BY version`,
    );
    return rows;
  });
}

/** Whether a table exists in `schema`. */
export async function tableExists(url: string, schema: string, table: string): Promise<boolean> {
  return withWitness(url, async (client) => {
    const { rows } = await client.query("SELECT to_regclass($1) IS NOT NULL AS ok", [`${schema}.${table}`]);
    return rows[0]?.ok === true;
  });
}

/** The rows of a one-column query, as the witness reads them. */
export async function column(url: string, sql: string): Promise<unknown[]> {
  return withWitness(url, async (client) =>
    (await client.query({ text: sql, rowMode: "array" })).rows.map((r) => r[0]),
  );
}

/**
 * Everything the catalog says about `schema`, but the version table: tables and their columns
 * (type, NOT NULL, DEFAULT, identity), constraints, indexes and sequences, one sorted line each.
 * Two dumps that are equal describe the same schema. A column's position is left out: PostgreSQL
 * adds a column at the end of its table, so a column dropped and added back cannot return to
 * its place (docs, ALTER TABLE … ADD COLUMN), and no down() can do better.
 */
export async function dumpCatalog(client: pg.Client, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(
    `SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
            || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
            || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
            || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
            AS line
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> 'tinyorm_migrations'
     UNION ALL
     SELECT 'constraint ' || c.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname <> 'tinyorm_migrations'
     UNION ALL
     SELECT 'index ' || pg_get_indexdef(i.indexrelid)
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname <> 'tinyorm_migrations'
     UNION ALL
     SELECT 'sequence ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'S'
     ORDER BY 1`,
    [schema],
  );
  return rows.map((row) => row.line);
}

/** Fails unless two catalog dumps are equal, listing the lines only one of them has. */
export function expectSameCatalog(sent: string, before: readonly string[], after: readonly string[], hint: string) {
  const lost = before.filter((line) => !after.includes(line));
  const gained = after.filter((line) => !before.includes(line));
  if (lost.length === 0 && gained.length === 0) return;
  throw new CheckFailure("the catalog is not what it was", {
    sent,
    expected: `the catalog as it was before (${before.length} lines)`,
    received: `missing: ${show(lost)}; extra: ${show(gained)}`,
    hint,
  });
}

/** Fails unless `received` equals `expected` as shown. */
export function expectEqual(sent: string, expected: unknown, received: unknown, hint: string): void {
  if (show(expected) === show(received)) return;
  throw new CheckFailure("not what was expected", { sent, expected: show(expected), received: show(received), hint });
}

/** Polls `probe` until `done` holds, for at most `budgetMs`; fails with the last value seen. */
export async function eventually<T>(
  what: { sent: string; expected: string; hint?: string },
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  budgetMs = SETTLE_MS,
): Promise<T> {
  const until = Date.now() + budgetMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() >= until)
      throw new CheckFailure(`not within ${budgetMs} ms`, {
        kind: "timeout",
        sent: what.sent,
        expected: `${what.expected} within ${budgetMs} ms`,
        received: `still ${show(value)}`,
        ...(what.hint ? { hint: what.hint } : {}),
      });
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
