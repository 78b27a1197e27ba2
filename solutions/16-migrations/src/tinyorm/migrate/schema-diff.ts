// What make writes: the difference between the tables the models declare and the tables the
// database has, as pairs of statements — one to go forward, one to come back.
//
// It sees: a table added or dropped; a column added or dropped; a column's type, NOT NULL or
// DEFAULT changed. It does not see: a rename (a renamed table or column is one dropped and one
// added, and the data goes with the drop — edit the file into ALTER … RENAME), a change of
// primary key, of identity, of constraints, indexes, foreign keys, views, or anything outside
// the current schema. What it writes is a first draft to read before it is applied.
import type { Connection } from "../connection.ts";
import { DEFINITION, type Definition } from "../model/model.ts";
import type { Schema } from "../model/row-types.ts";
import { quoteIdentifier } from "../query/identifiers.ts";
import { TABLE } from "../query/table.ts";
import { type LiveColumn, type LiveTable, readCatalog } from "./catalog.ts";
import { MigrationError } from "./errors.ts";

/** A model class, as make reads it: only its declaration. */
export type DeclaredModel = { readonly [DEFINITION]: Definition<Schema> };

/** One step of a migration: what it does, the statement that does it, and the one that undoes it. */
export interface SchemaChange {
  readonly description: string;
  readonly up: string;
  readonly down: string;
}

/** The changes that bring the database's current schema to the models' tables, in the order to apply them. */
export async function diffSchema(db: Connection, models: readonly DeclaredModel[]): Promise<SchemaChange[]> {
  const wanted = await declaredTables(db, models);
  const live = await readCatalog(db);
  const changes: SchemaChange[] = [];
  for (const table of wanted.values())
    if (!live.has(table.name))
      changes.push({
        description: `create table ${table.name}`,
        up: createTable(table),
        down: `DROP TABLE ${quoteIdentifier(table.name)}`,
      });
  for (const table of live.values())
    if (!wanted.has(table.name))
      changes.push({
        description: `drop table ${table.name}`,
        up: `DROP TABLE ${quoteIdentifier(table.name)}`,
        down: createTable(table),
      });
  for (const table of wanted.values()) {
    const current = live.get(table.name);
    if (current) changes.push(...diffColumns(current, table));
  }
  return changes;
}

function diffColumns(live: LiveTable, wanted: LiveTable): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const alter = `ALTER TABLE ${quoteIdentifier(live.name)}`;
  const before = new Map(live.columns.map((column) => [column.name, column]));
  const after = new Map(wanted.columns.map((column) => [column.name, column]));
  for (const column of wanted.columns)
    if (!before.has(column.name))
      changes.push({
        description: `add column ${live.name}.${column.name}`,
        up: `${alter} ADD COLUMN ${columnDefinition(column)}`,
        down: `${alter} DROP COLUMN ${quoteIdentifier(column.name)}`,
      });
  for (const column of live.columns)
    if (!after.has(column.name))
      changes.push({
        description: `drop column ${live.name}.${column.name}`,
        up: `${alter} DROP COLUMN ${quoteIdentifier(column.name)}`,
        down: `${alter} ADD COLUMN ${columnDefinition(column)}`,
      });
  for (const target of wanted.columns) {
    const current = before.get(target.name);
    if (!current) continue;
    const name = quoteIdentifier(target.name);
    const where = `${live.name}.${target.name}`;
    if (current.type !== target.type)
      changes.push({
        description: `change the type of ${where} from ${current.type} to ${target.type}`,
        // USING: a cast the server would not make by itself (text → integer) is asked for.
        up: `${alter} ALTER COLUMN ${name} TYPE ${target.type} USING ${name}::${target.type}`,
        down: `${alter} ALTER COLUMN ${name} TYPE ${current.type} USING ${name}::${current.type}`,
      });
    if (current.notNull !== target.notNull)
      changes.push({
        description: `${target.notNull ? "forbid" : "allow"} NULL in ${where}`,
        up: `${alter} ALTER COLUMN ${name} ${target.notNull ? "SET" : "DROP"} NOT NULL`,
        down: `${alter} ALTER COLUMN ${name} ${current.notNull ? "SET" : "DROP"} NOT NULL`,
      });
    if (!sameDefault(current, target))
      changes.push({
        description: `change the default of ${where}`,
        up: `${alter} ALTER COLUMN ${name} ${setDefault(target.default)}`,
        down: `${alter} ALTER COLUMN ${name} ${setDefault(current.default)}`,
      });
  }
  return changes;
}

/**
 * The server writes a DEFAULT back in its own words: 'free' becomes 'free'::text. A declared
 * default is the same as a live one when it is equal, or equal once the cast to the column's
 * type is added.
 */
function sameDefault(live: LiveColumn, wanted: LiveColumn): boolean {
  if (live.default === wanted.default) return true;
  return live.default !== null && wanted.default !== null && live.default === `${wanted.default}::${live.type}`;
}

function setDefault(expression: string | null): string {
  return expression === null ? "DROP DEFAULT" : `SET DEFAULT ${expression}`;
}

function columnDefinition(column: LiveColumn): string {
  const parts = [quoteIdentifier(column.name), column.type];
  if (column.identity) parts.push(`GENERATED ${column.identity === "a" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`);
  if (column.notNull) parts.push("NOT NULL");
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  return parts.join(" ");
}

function createTable(table: LiveTable): string {
  const lines = table.columns.map(columnDefinition);
  if (table.primaryKey.length > 0) lines.push(`PRIMARY KEY (${table.primaryKey.map(quoteIdentifier).join(", ")})`);
  return `CREATE TABLE ${quoteIdentifier(table.name)} (\n  ${lines.join(",\n  ")}\n)`;
}

/**
 * The models' tables, written as the catalog would describe them. Each field's SQL type is
 * handed to the server to name (format_type of the type it parses to): "timestamptz" is
 * "timestamp with time zone" in the catalog, and only the server knows every alias.
 */
async function declaredTables(db: Connection, models: readonly DeclaredModel[]): Promise<Map<string, LiveTable>> {
  const definitions = models.map((model) => model[DEFINITION]);
  const types = [...new Set(definitions.flatMap((d) => d.properties.map((p) => p.field.type.sql)))];
  const { rows } = await db.query(
    "SELECT t AS declared, format_type(t::regtype, NULL) AS canonical FROM unnest($1::text[]) AS t",
    [types],
  );
  const canonical = new Map(rows.map((row) => [row.declared as string, row.canonical as string]));
  const tables = new Map<string, LiveTable>();
  for (const definition of definitions) {
    const [name, ...rest] = definition.table[TABLE].name;
    if (name === undefined || rest.length > 0)
      throw new MigrationError(
        `make compares the current schema only; ${definition.table[TABLE].name.join(".")} is in another`,
      );
    if (tables.has(name)) throw new MigrationError(`two models declare the table ${name}`);
    tables.set(name, {
      name,
      columns: definition.properties.map(({ column, field }) => ({
        name: column,
        type: canonical.get(field.type.sql) ?? field.type.sql,
        notNull: field.options.primaryKey === true || field.options.nullable !== true,
        default: field.options.serverDefault ?? null,
        identity: field.options.generated ? "d" : "",
      })),
      primaryKey: [definition.key.column],
    });
  }
  return tables;
}
