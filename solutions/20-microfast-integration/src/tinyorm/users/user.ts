// The users of the demo API: chapter 13's User, as its seed sketch declares it, and its table.
import { fields } from "../model/fields.ts";
import { Model } from "../model/model.ts";

/** The longest username the API takes; the table's CHECK holds the same limit, for writers other than the API. */
export const MAX_USERNAME_LENGTH = 32;

export class User extends Model.table("users", {
  id: fields.int({ primaryKey: true, generated: true }),
  username: fields.text(),
  createdAt: fields.timestamp({ column: "created_at", serverDefault: "now()" }),
}) {}

/**
 * The table User is declared over. The unique constraint and the CHECK are the database's own
 * word on what the API also validates: two requests for one username at the same instant both
 * pass any check the API makes first, and only the unique index refuses the second (23505).
 */
export const USERS_TABLE_SQL = `CREATE TABLE users (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL CONSTRAINT users_username_key UNIQUE
    CONSTRAINT users_username_length CHECK (char_length(username) BETWEEN 1 AND ${MAX_USERNAME_LENGTH}),
  created_at timestamptz NOT NULL DEFAULT now()
)`;

/** A user as the API answers with it: the Date as ISO 8601 text, which is what JSON.stringify would write. */
export interface UserJson {
  readonly id: number;
  readonly username: string;
  readonly createdAt: string;
}

export function userJson(user: User): UserJson {
  return { id: user.id, username: user.username, createdAt: user.createdAt.toISOString() };
}
