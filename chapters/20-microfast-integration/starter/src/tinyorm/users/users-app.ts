// A users API on microfast and tinyorm: the contract `pnpm demo tinyorm` serves.
//
//   POST   /users              {"username": "ada"}   201 the user, with its id · 409 taken · 422 empty or too long
//   GET    /users/{id}                               200 the user · 404
//   GET    /users?prefix=a&limit=10                  200 the users whose username starts with prefix, by username
//   PATCH  /users/{id}         {"username": "…"}     200 the user · 404 · 409 · 422
//   DELETE /users/{id}                               204, then 404
//
// The handlers say nothing about transactions or status codes for database errors: the plugin
// runs POST, PATCH and DELETE in a transaction each, and answers a duplicate username with 409.
import { type MicroFast, Response, t } from "@trilogy/microfast";
import type { Lifecycle } from "../microfast/lifecycle.ts";
import { findOrNotFound } from "../microfast/not-found.ts";
import { tinyorm } from "../microfast/plugin.ts";
import type { DatabaseOptions } from "../model/db.ts";
import { MAX_USERNAME_LENGTH, User, userJson } from "./user.ts";

/** How many users a list answers with when the client does not say. */
export const DEFAULT_PAGE_SIZE = 10;
/** The most a client may ask for at once: a list is one page, not an export. */
export const MAX_PAGE_SIZE = 100;

const username = t.string({ minLength: 1, maxLength: MAX_USERNAME_LENGTH });
const byId = t.object({ id: t.integer() });

export interface UsersApi {
  readonly app: MicroFast;
  /** Starts the pool and then the server; stops them in the other order. */
  readonly lifecycle: Lifecycle;
}

export function usersApp(database: DatabaseOptions): UsersApi {
  // TODO(20): const app = new MicroFast(…); const lifecycle = tinyorm(app, { database }); then
  // the five routes of the contract above, on User (user.ts): the body's username validated by
  // `username`, ids by `byId`, the list's query by prefix (default "") and limit
  // (DEFAULT_PAGE_SIZE, at most MAX_PAGE_SIZE); a missing user with findOrNotFound(); each user
  // answered as userJson(user); 201 for a new one, 204 with no body for a deleted one.
  throw new Error("TODO(20): usersApp() is not implemented");
}
