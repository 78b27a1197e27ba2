// Stage 13.2: rows in and out. DB opens its one connection with the first query and shares it;
// create() inserts and takes back what the server made (an identity starting at 1001, so no
// guess can match it, and a DEFAULT); find(), findMany() and select() return instances of the
// class, in the order and number asked (usernames sort byte by byte: COLLATE "C"). The checks'
// own client writes and reads the table.
import { ConfigurationError, DB, fields, Model } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { epochMs, expectEqual, expectFailure, expectThat, msOf, run, show, useModels, witnessRows } from "./orm.ts";
import { sessionsOf } from "./watch.ts";

const SCHEMA = `
CREATE TABLE users (
  id int GENERATED ALWAYS AS IDENTITY (START WITH 1001) PRIMARY KEY,
  username text COLLATE "C" NOT NULL CONSTRAINT users_username_key UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now() - interval '1 hour'
);
CREATE TABLE tags (
  slug text COLLATE "C" PRIMARY KEY,
  uses int NOT NULL
);
`;

/** A second model, keyed by text: find() must build each model's own statement. */
class Tag extends Model.table("tags", {
  slug: fields.text({ primaryKey: true }),
  uses: fields.int(),
}) {}

/** How long a backend may take to leave pg_stat_activity once its session ends. */
const BACKEND_EXIT_MS = 3_000;

class User extends Model.table("users", {
  id: fields.int({ primaryKey: true, generated: true }),
  username: fields.text(),
  createdAt: fields.timestamp({ column: "created_at", serverDefault: "now() - interval '1 hour'" }),
}) {
  handle(): string {
    return `@${this.username}`;
  }
}

async function sessionsBecome(url: string, session: string, expected: number): Promise<number> {
  const until = Date.now() + BACKEND_EXIT_MS;
  let count = await sessionsOf(url, session);
  while (count !== expected && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    count = await sessionsOf(url, session);
  }
  return count;
}

/** Usernames of instances, checking each is a User. */
function usernames(users: readonly unknown[]): unknown[] {
  return users.map((user) => (user instanceof User ? user.username : `not a User: ${show(user)}`));
}

await stageWith([postgres], "13.2", (service) => {
  const { db, session } = useModels(service, "create", SCHEMA);

  test("DB opens one connection with the first query, shares it, and close() ends it", async () => {
    const url = db().url;
    expectEqual(
      `DB.configure({ url, applicationName: "${session}" }); then sessions named so in pg_stat_activity`,
      0,
      await sessionsOf(url, session),
      "configure() only remembers the options: the connection opens when a model first asks for it.",
    );
    await run("await Promise.all([User.findMany(), User.findMany(), User.find(1)])", () =>
      Promise.all([User.findMany(), User.findMany(), User.find(1)]),
    );
    expectEqual(
      "three queries at once on a DB that has no connection yet; then its sessions",
      1,
      await sessionsOf(url, session),
      "Keep the promise of the connection (this.#connection ??= connect(options)): queries that start before it is open wait for the same one.",
    );
    await run("await DB.close()", () => DB.close());
    expectEqual(
      "await DB.close(); then its sessions",
      0,
      await sessionsBecome(url, session, 0),
      "close() ends the connection (Connection.close()) and forgets it.",
    );
    await run("await User.findMany() after DB.close()", () => User.findMany());
    expectEqual(
      "a query after close(); then its sessions",
      1,
      await sessionsOf(url, session),
      "After close() the configuration stays: the next query opens a new connection.",
    );
    await expectFailure(
      "DB.configure({ url }) while its connection is open",
      ConfigurationError,
      () => DB.configure({ url, applicationName: session }),
      "Configuring an open DB would leave its connection pointing elsewhere: refuse it until close().",
    );
  });

  test("create() inserts the row and takes back what the server made: the identity and the DEFAULT", async () => {
    const user = await run('await User.create({ username: "adib" })', () => User.create({ username: "adib" }));
    const [row] = await witnessRows(
      db().url,
      `SELECT id, username, ${epochMs("created_at")} FROM users WHERE username = 'adib'`,
    );
    expectThat(
      'await User.create({ username: "adib" }); then the table, read by the checks\' own client',
      row !== undefined,
      "a row with username adib",
      "no such row",
    );
    const read = await run("the fields of the instance create() returned", () => ({
      user: user instanceof User,
      id: user.id,
      username: user.username,
      createdAt: msOf(user.createdAt),
    }));
    expectEqual(
      'await User.create({ username: "adib" }): the instance, beside the row in the table',
      { user: true, id: row?.id, username: "adib", createdAt: row?.created_at },
      read,
      "INSERT … RETURNING every column, then take the returned row as the instance's values: the id and created_at exist only on the server until then.",
    );
  });

  test("find() returns the row as an instance of the class, or null", async () => {
    const [row] = await witnessRows(
      db().url,
      `INSERT INTO users (username) VALUES ('grace') RETURNING id, username, ${epochMs("created_at")}`,
    );
    const found = await run(`await User.find(${String(row?.id)})`, () => User.find(row?.id as number));
    const read = await run("the fields of the instance find() returned", () =>
      found instanceof User
        ? { id: found.id, username: found.username, createdAt: msOf(found.createdAt), handle: found.handle() }
        : found,
    );
    expectEqual(
      `await User.find(${String(row?.id)}), a row the checks inserted`,
      { id: row?.id, username: "grace", createdAt: row?.created_at, handle: "@grace" },
      read,
      "find() selects WHERE the primary key's column = key, LIMIT 1, and makes an instance of the class it was called on (this), so its methods work.",
    );
    const missing = await run("await User.find(999999)", () => User.find(999999));
    expectEqual("await User.find(999999), a key no row has", null, missing, "No row: null, not undefined.");
    await witnessRows(db().url, "INSERT INTO tags (slug, uses) VALUES ('sql', 3), ('sqlite', 1)");
    const tag = await run('await Tag.find("sql"), after User.find()', () => Tag.find("sql"));
    expectEqual(
      'await Tag.find("sql"), a second model keyed by text',
      { tag: true, slug: "sql", uses: 3 },
      tag instanceof Tag ? { tag: true, slug: tag.slug, uses: tag.uses } : tag,
      "Each model class finds in its own table by its own key column: nothing about one model's find() may be reused for another's.",
    );
  });

  test("findMany() filters, orders, limits and skips as asked", async () => {
    await witnessRows(
      db().url,
      "INSERT INTO users (username) VALUES ('ada'), ('alan'), ('anita'), ('barbara'), ('al_ex'), ('alvin')",
    );
    const cases: [string, () => Promise<unknown[]>, string[]][] = [
      [
        'User.findMany({ where: User.username.startsWith("al"), orderBy: User.username.asc() })',
        () => User.findMany({ where: User.username.startsWith("al"), orderBy: User.username.asc() }),
        ["al_ex", "alan", "alvin"],
      ],
      [
        'User.findMany({ where: User.username.startsWith("a"), orderBy: [User.username.desc()], limit: 2, offset: 1 })',
        () =>
          User.findMany({ where: User.username.startsWith("a"), orderBy: [User.username.desc()], limit: 2, offset: 1 }),
        ["alvin", "alan"],
      ],
      [
        "User.findMany({ orderBy: User.id.desc(), limit: 1 })",
        () => User.findMany({ orderBy: User.id.desc(), limit: 1 }),
        ["alvin"],
      ],
    ];
    for (const [what, query, expected] of cases) {
      const found = await run(`await ${what}`, query);
      expectEqual(
        `await ${what}: the usernames`,
        expected,
        usernames(found),
        "findMany({ where, orderBy, limit, offset }) builds the same query select() does, then runs it.",
      );
    }
  });

  test("select() … all() returns instances, first() one or null", async () => {
    const users = await run('await User.select().where(User.username.startsWith("a")).limit(10).all()', () =>
      User.select().where(User.username.startsWith("a")).orderBy(User.username.asc()).limit(10).all(),
    );
    expectEqual(
      'await User.select().where(User.username.startsWith("a")).orderBy(User.username.asc()).limit(10).all(): the usernames',
      ["ada", "adib", "al_ex", "alan", "alvin", "anita"],
      usernames(users),
      "all() runs the query with chapter 12's execute() on DB's connection and makes one instance per row.",
    );
    const limited = await run("await User.select().orderBy(User.username.asc()).limit(2).all()", () =>
      User.select().orderBy(User.username.asc()).limit(2).all(),
    );
    expectEqual(
      "User.select().orderBy(User.username.asc()).limit(2).all(): the usernames",
      ["ada", "adib"],
      usernames(limited),
    );
    const first = await run('await User.select().where(User.username.eq("barbara")).first()', () =>
      User.select().where(User.username.eq("barbara")).first(),
    );
    expectEqual(
      'await User.select().where(User.username.eq("barbara")).first(): the username',
      ["barbara"],
      usernames([first]),
    );
    const none = await run('await User.select().where(User.username.eq("nobody")).first()', () =>
      User.select().where(User.username.eq("nobody")).first(),
    );
    expectEqual('await User.select().where(User.username.eq("nobody")).first()', null, none, "No row: null.");
  });
});
