// Stage 20.4: the users API (src/tinyorm/users/users-app.ts), served with your plugin on a free
// port and graded over HTTP, as `pnpm demo tinyorm` serves it. What the table holds is read by
// the checks' own client.
import { DB } from "@lab/src/tinyorm/index.ts";
import { MAX_USERNAME_LENGTH, USERS_TABLE_SQL, User } from "@lab/src/tinyorm/users/user.ts";
import { usersApp } from "@lab/src/tinyorm/users/users-app.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  type Answer,
  expectEqual,
  expectError,
  expectStatus,
  expectThat,
  run,
  send,
  useServedApp,
  witnessRows,
} from "./http.ts";

interface UserJson {
  id: number;
  username: string;
  createdAt: string;
}

/** The user an answer carries, checked for its shape. */
function userOf(answer: Answer): UserJson {
  const body = answer.body as Partial<UserJson> | undefined;
  expectThat(
    answer.sent,
    typeof body === "object" &&
      body !== null &&
      Number.isInteger(body.id) &&
      typeof body.username === "string" &&
      typeof body.createdAt === "string" &&
      !Number.isNaN(Date.parse(body.createdAt)),
    '{"id": <integer>, "username": "…", "createdAt": "<ISO 8601>"}',
    answer.text,
    "Answer with userJson(user): the Date as toISOString().",
  );
  return body as UserJson;
}

await stageWith([postgres], "20.4", (service) => {
  const { db, base } = useServedApp(service, "users_api", USERS_TABLE_SQL, usersApp);

  async function create(username: string): Promise<UserJson> {
    const answer = await send(base(), "POST", "/users", { username });
    expectStatus(answer, 201, "POST /users answers 201 Created with the new user.");
    return userOf(answer);
  }

  test("POST /users creates a user: 201 with its id, and the row is in the table", async () => {
    const answer = await send(base(), "POST", "/users", { username: "ada" });
    expectStatus(answer, 201);
    const user = userOf(answer);
    expectEqual(`${answer.sent} — its username`, "ada", user.username);
    const rows = await witnessRows(db().url, "SELECT id, username FROM users WHERE id = $1", [user.id]);
    expectEqual(
      `${answer.sent} answered id ${user.id}; SELECT id, username FROM users WHERE id = ${user.id}`,
      [{ id: user.id, username: "ada" }],
      rows,
    );
  });

  test("the same username again is a 409; an empty or over-long one a 422, and no row is written", async () => {
    await create("grace");
    expectError(
      await send(base(), "POST", "/users", { username: "grace" }),
      409,
      "The unique constraint refuses it (23505), and the plugin answers 409.",
    );
    const longest = "l".repeat(MAX_USERNAME_LENGTH);
    const cases = ["", `${longest}x`];
    for (const username of cases) {
      const answer = await send(base(), "POST", "/users", { username });
      const hint = `The body's schema refuses it before any query: t.string({ minLength: 1, maxLength: MAX_USERNAME_LENGTH }) (${MAX_USERNAME_LENGTH}), and its issue names the field.`;
      const detail = expectError(answer, 422, hint);
      const locs = Array.isArray(detail) ? detail.map((issue: { loc?: unknown }) => issue.loc) : detail;
      expectEqual(`${answer.sent} — the locations of the 422's issues`, [["body", "username"]], locs, hint);
    }
    await create(longest);
    const rows = await witnessRows(db().url, "SELECT username FROM users WHERE username = ANY($1)", [
      ["", `${longest}x`],
    ]);
    expectEqual("SELECT username FROM users — the empty and the over-long username", [], rows);
  });

  test("two POSTs of one username at once: one 201, one 409 — the unique index decides, not a check made first", async () => {
    const answers = await Promise.all([0, 1, 2, 3].map(() => send(base(), "POST", "/users", { username: "race" })));
    const statuses = answers.map((answer) => answer.status).sort();
    expectEqual(
      'four POST /users {"username": "race"} at once — their statuses, sorted',
      [201, 409, 409, 409],
      statuses,
    );
  });

  test('GET /users/{id} answers the user, or 404 with microfast\'s {"detail": …}', async () => {
    const made = await create("linus");
    const answer = await send(base(), "GET", `/users/${made.id}`);
    expectStatus(answer, 200);
    expectEqual(answer.sent, made, userOf(answer));
    expectError(
      await send(base(), "GET", "/users/999999"),
      404,
      "findOrNotFound(User, id) answers 404 through the plugin.",
    );
  });

  test("GET /users?prefix=…&limit=… lists the users whose username starts with the prefix, by username, at most limit", async () => {
    for (const name of ["pz", "pb", "pa", "pc", "qa", "u_x", "uyx"]) await create(name);
    const answer = await send(base(), "GET", "/users?prefix=p&limit=3");
    expectStatus(answer, 200);
    const names = Array.isArray(answer.body) ? answer.body.map((user: UserJson) => user.username) : answer.body;
    expectEqual(
      answer.sent,
      ["pa", "pb", "pc"],
      names,
      "WHERE username LIKE 'p%' (startsWith escapes % and _), ORDER BY username, LIMIT 3.",
    );
    const underscore = await send(base(), "GET", "/users?prefix=u_");
    expectStatus(underscore, 200);
    expectEqual(
      `${underscore.sent} — "_" is a character of the prefix, not LIKE's wildcard`,
      ["u_x"],
      Array.isArray(underscore.body) ? underscore.body.map((user: UserJson) => user.username) : underscore.body,
      "User.username.startsWith(prefix) escapes the prefix; like(prefix + " % ") would match uyx too.",
    );
  });

  test("PATCH /users/{id} changes the username: 200 with the user, stored; 404 for a missing one, 409 for a taken name", async () => {
    const made = await create("margaret");
    await create("taken");
    const answer = await send(base(), "PATCH", `/users/${made.id}`, { username: "margaret_h" });
    expectStatus(answer, 200);
    expectEqual(answer.sent, { ...made, username: "margaret_h" }, userOf(answer));
    const rows = await witnessRows(db().url, "SELECT username FROM users WHERE id = $1", [made.id]);
    expectEqual(`${answer.sent}; SELECT username FROM users WHERE id = ${made.id}`, [{ username: "margaret_h" }], rows);
    expectError(await send(base(), "PATCH", "/users/999999", { username: "nobody" }), 404);
    expectError(await send(base(), "PATCH", `/users/${made.id}`, { username: "taken" }), 409);
  });

  test("DELETE /users/{id} answers 204 with no body; then GET and DELETE answer 404", async () => {
    const made = await create("dennis");
    const answer = await send(base(), "DELETE", `/users/${made.id}`);
    expectEqual(answer.sent, { status: 204, text: "" }, { status: answer.status, text: answer.text });
    expectError(await send(base(), "GET", `/users/${made.id}`), 404);
    expectError(await send(base(), "DELETE", `/users/${made.id}`), 404);
  });

  // Last: it takes DB over from the served app (there is one DB per process), which then stops.
  test("the seed's sketch runs on the users module's User: create, rename and save in a transaction, then a prefix query", async () => {
    const users = await run(
      'DB.transaction(async () => { const u = await User.create({ username: "adib" }); u.username = "adib_dev"; await u.save(); }); User.select().where(User.username.startsWith("adib")).limit(10).all()',
      async () => {
        await DB.close();
        DB.configure({ url: db().url });
        try {
          await DB.transaction(async () => {
            const u = await User.create({ username: "adib" });
            u.username = "adib_dev";
            await u.save();
          });
          return await User.select().where(User.username.startsWith("adib")).limit(10).all();
        } finally {
          await DB.close();
        }
      },
    );
    expectEqual(
      "the usernames found",
      ["adib_dev"],
      users.map((user) => user.username),
    );
  });
});
