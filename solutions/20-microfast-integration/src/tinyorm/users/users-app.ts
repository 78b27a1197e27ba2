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
import { MicroFast, Response, t } from "@trilogy/microfast";
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
  const app = new MicroFast({ title: "tinyorm users", version: "1.0.0" });
  const lifecycle = tinyorm(app, { database });

  app.post("/users", { body: t.object({ username }), summary: "Create a user" }, async (request) => {
    const user = await User.create({ username: request.valid.body.username });
    // 201 names the new resource (RFC 9110 §15.3.2).
    return Response.json(userJson(user), { status: 201, headers: { Location: `/users/${user.id}` } });
  });

  app.get("/users/{id}", { params: byId, summary: "A user by id" }, async (_request, { id }) =>
    userJson(await findOrNotFound(User, id)),
  );

  app.get(
    "/users",
    {
      query: t.object({
        prefix: t.withDefault(t.string(), ""),
        limit: t.withDefault(t.integer({ minimum: 1, maximum: MAX_PAGE_SIZE }), DEFAULT_PAGE_SIZE),
      }),
      summary: "Users whose username starts with prefix, by username",
    },
    async (request) => {
      const { prefix, limit } = request.valid.query;
      const users = await User.select()
        .where(User.username.startsWith(prefix))
        .orderBy(User.username.asc())
        .limit(limit)
        .all();
      return users.map(userJson);
    },
  );

  app.patch(
    "/users/{id}",
    { params: byId, body: t.object({ username: t.optional(username) }), summary: "Change a user" },
    async (request, { id }) => {
      const user = await findOrNotFound(User, id);
      const { username: next } = request.valid.body;
      if (next !== undefined) user.username = next;
      await user.save();
      return userJson(user);
    },
  );

  app.delete("/users/{id}", { params: byId, summary: "Delete a user" }, async (_request, { id }) => {
    await (await findOrNotFound(User, id)).delete();
    return new Response("", { status: 204 });
  });

  return { app, lifecycle };
}
