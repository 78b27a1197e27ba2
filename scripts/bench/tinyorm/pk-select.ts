// The primary-key select, four ways over the same table and the same ten connections: raw `pg`
// (the floor: no library between the program and the driver), tinyorm's `User.find(id)`, and
// the same query through Kysely and Drizzle. Each answers a row { id, username, createdAt }.
import { DB, fields, Model } from "@trilogy/tinyorm";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";

/** Rows in the users table the selects read. */
export const USERS = 10_000;

export const USERS_SQL = `
  CREATE TABLE users (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  INSERT INTO users (username) SELECT 'user_' || n FROM generate_series(1, ${USERS}) AS n;
  ANALYZE users;`;

export interface UserRow {
  id: number;
  username: string;
  createdAt: Date;
}

export interface Contender {
  find(id: number): Promise<UserRow | undefined>;
  close(): Promise<void>;
}

/** Is `row` the user with this id (as the table was filled: username user_<id>)? */
export function isUser(id: number, row: UserRow | undefined): boolean {
  return row?.id === id && row.username === `user_${id}` && row.createdAt instanceof Date;
}

/** The statement every contender sends, written out for raw pg. */
const FIND_SQL = 'SELECT "id", "username", "created_at" FROM "users" WHERE "id" = $1';

export function rawPg(url: string, max: number): Contender {
  const pool = new pg.Pool({ connectionString: url, max });
  return {
    async find(id) {
      const row = (await pool.query<{ id: number; username: string; created_at: Date }>(FIND_SQL, [id])).rows[0];
      return row && { id: row.id, username: row.username, createdAt: row.created_at };
    },
    close: () => pool.end(),
  };
}

class User extends Model.table("users", {
  id: fields.int({ primaryKey: true, generated: true }),
  username: fields.text(),
  createdAt: fields.timestamp({ column: "created_at", serverDefault: "now()" }),
}) {}

export function tinyorm(url: string, max: number): Contender {
  DB.configure({ url, pool: { max } });
  return {
    async find(id) {
      return (await User.find(id)) ?? undefined;
    },
    close: () => DB.close(),
  };
}

interface KyselySchema {
  users: { id: number; username: string; created_at: Date };
}

export function kysely(url: string, max: number): Contender {
  const db = new Kysely<KyselySchema>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max }) }),
  });
  return {
    async find(id) {
      const row = await db
        .selectFrom("users")
        .select(["id", "username", "created_at"])
        .where("id", "=", id)
        .executeTakeFirst();
      return row && { id: row.id, username: row.username, createdAt: row.created_at };
    },
    close: () => db.destroy(),
  };
}

const drizzleUsers = pgTable("users", {
  id: integer("id").primaryKey(),
  username: text("username").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

export function drizzleOrm(url: string, max: number): Contender {
  const pool = new pg.Pool({ connectionString: url, max });
  const db = drizzle(pool);
  return {
    async find(id) {
      const [row] = await db.select().from(drizzleUsers).where(eq(drizzleUsers.id, id));
      return row;
    },
    close: () => pool.end(),
  };
}

export interface ContenderSpec {
  /** How select-child.ts is told which one to run. */
  readonly key: string;
  /** How the report names it. */
  readonly name: string;
  readonly make: (url: string, max: number) => Contender;
}

/** Raw pg first: every ratio divides by it. */
export const CONTENDERS: readonly ContenderSpec[] = [
  { key: "pg", name: "pg (raw)", make: rawPg },
  { key: "tinyorm", name: "tinyorm", make: tinyorm },
  { key: "kysely", name: "Kysely", make: kysely },
  { key: "drizzle", name: "Drizzle", make: drizzleOrm },
];
