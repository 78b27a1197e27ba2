// Stage 12.6: a query never changes. Every builder call returns a new query; every node and
// list in its tree is frozen, so no one holding it can change it; and a base query extended in
// two directions keeps each extension to itself. The values a query carries stay the caller's:
// a Uint8Array or an array is bound as it is, not frozen.
import { compile, deleteFrom, insertInto, type StatementNode, select, table, update } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { CATALOG, posts, SELECT_USERS, users } from "./catalog.ts";
import {
  attempt,
  expectCompiled,
  expectRows,
  rowsOf,
  show,
  showCompiled,
  sortedIds,
  useDatabase,
  withConnection,
} from "./query.ts";

interface Blob {
  id: number;
  data: Uint8Array;
  tags: string[];
}
const blobs = table<Blob>("blobs", ["id", "data", "tags"]);

/** Every object and list of a tree that is not frozen, as a path: "where.operands[1]". */
function unfrozen(value: unknown, path = "node"): string[] {
  if (typeof value !== "object" || value === null) return [];
  const found = Object.isFrozen(value) ? [] : [path];
  // A value node's payload is the caller's, not part of the tree.
  if (!Array.isArray(value) && (value as { kind?: unknown }).kind === "value") return found;
  for (const [key, child] of Object.entries(value)) {
    found.push(...unfrozen(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`));
  }
  return found;
}

const BUILT: [string, () => { node: StatementNode }][] = [
  [
    'select(posts).columns(posts.title, users.username.as("author")).join(users, posts.author_id.eq(users.id)).where(users.karma.gt(1)).where(users.id.in([1, 2])).orderBy(users.id.desc({ nulls: "last" })).limit(5).offset(1)',
    () =>
      select(posts)
        .columns(posts.title, users.username.as("author"))
        .join(users, posts.author_id.eq(users.id))
        .where(users.karma.gt(1))
        .where(users.id.in([1, 2]))
        .orderBy(users.id.desc({ nulls: "last" }))
        .limit(5)
        .offset(1),
  ],
  [
    'insertInto(users).values([{ id: 7, username: "x" }, { id: 8, username: "y", karma: 1 }]).returning(users.id)',
    () =>
      insertInto(users)
        .values([
          { id: 7, username: "x" },
          { id: 8, username: "y", karma: 1 },
        ])
        .returning(users.id),
  ],
  [
    "update(users).set({ karma: 1 }).where(users.email.isNull()).returning()",
    () => update(users).set({ karma: 1 }).where(users.email.isNull()).returning(),
  ],
  [
    'deleteFrom(users).where(users.username.startsWith("a")).returning()',
    () => deleteFrom(users).where(users.username.startsWith("a")).returning(),
  ],
];

await stageWith([postgres], "12.6", (service) => {
  const db = useDatabase(service, "immutable", CATALOG);

  test.each(BUILT)("every node and list of %s is frozen", (written, build) => {
    const query = attempt(written, build);
    const open = unfrozen(query.node);
    if (open.length > 0)
      throw new CheckFailure("part of the query's tree can still be changed", {
        sent: written,
        expected: "Object.isFrozen() true for every node and every list in query.node",
        received: `not frozen: ${open.slice(0, 6).join(", ")}${open.length > 6 ? ` and ${open.length - 6} more` : ""}`,
        hint: "Freeze each node when you make it, and the lists inside it (frozen() walks into them); a node is never changed after that, only copied.",
      });
  });

  test("changing a frozen node throws (modules run in strict mode), and the query is unchanged", () => {
    const query = attempt("select(users).where(users.id.eq(1))", () => select(users).where(users.id.eq(1)));
    const node = query.node as unknown as { where: unknown; orderBy: unknown[] };
    const attempts: [string, () => void][] = [
      [
        "query.node.where = undefined",
        () => {
          node.where = undefined;
        },
      ],
      ["query.node.orderBy.push(…)", () => node.orderBy.push(users.id.asc())],
    ];
    for (const [what, change] of attempts) {
      let threw = false;
      try {
        change();
      } catch {
        threw = true;
      }
      if (!threw)
        throw new CheckFailure("a node of the query could be changed", {
          sent: what,
          expected: "a TypeError: the node is frozen",
          received: "the change was made",
        });
    }
    expectCompiled("the same query, after those attempts", () => query, {
      sql: `${SELECT_USERS} WHERE "users"."id" = $1`,
      params: [1],
    });
  });

  test("every builder call returns a new query and leaves the one it was called on as it was", () => {
    const base = attempt("select(users)", () => select(users));
    const before = showCompiled(compile(base));
    const derived: [string, () => object][] = [
      ["base.where(users.id.eq(1))", () => base.where(users.id.eq(1))],
      ["base.columns(users.id)", () => base.columns(users.id)],
      ["base.join(posts, posts.author_id.eq(users.id))", () => base.join(posts, posts.author_id.eq(users.id))],
      ["base.orderBy(users.id.asc())", () => base.orderBy(users.id.asc())],
      ["base.limit(1)", () => base.limit(1)],
      ["base.offset(1)", () => base.offset(1)],
    ];
    for (const [what, derive] of derived) {
      const next = attempt(what, derive);
      const after = showCompiled(compile(base));
      if (next === base || after !== before)
        throw new CheckFailure("a builder call changed the query it was called on", {
          sent: `const base = select(users); ${what}`,
          expected: `a new query, and base still compiles to ${before}`,
          received: next === base ? "the same object back" : `base now compiles to ${after}`,
          hint: "Return new SelectQuery(frozen({ ...this.node, …the change })): never assign to this.node or change its lists.",
        });
    }
  });

  test("a base query extended two ways: neither extension sees the other's condition", async () => {
    const base = attempt("select(users).where(users.karma.gte(20))", () => select(users).where(users.karma.gte(20)));
    const named = attempt('base.where(users.username.startsWith("a"))', () =>
      base.where(users.username.startsWith("a")),
    );
    const mailed = attempt("base.where(users.email.isNotNull())", () => base.where(users.email.isNotNull()));
    expectCompiled("base, after both were derived from it", () => base, {
      sql: `${SELECT_USERS} WHERE "users"."karma" >= $1`,
      params: [20],
    });
    expectCompiled('base.where(users.username.startsWith("a"))', () => named, {
      sql: `${SELECT_USERS} WHERE "users"."karma" >= $1 AND "users"."username" LIKE $2`,
      params: [20, "a%"],
    });
    expectCompiled("base.where(users.email.isNotNull())", () => mailed, {
      sql: `${SELECT_USERS} WHERE "users"."karma" >= $1 AND "users"."email" IS NOT NULL`,
      params: [20],
    });
    await withConnection(db().url, async (connection) => {
      expectRows("base, the ids", [1, 2, 3, 5], sortedIds(await rowsOf(connection, "base", () => base)));
      expectRows("named, the ids", [1, 2, 5], sortedIds(await rowsOf(connection, "named", () => named)));
      expectRows("mailed, the ids", [1, 3, 5], sortedIds(await rowsOf(connection, "mailed", () => mailed)));
    });
  });

  test("values stay the caller's: a Uint8Array and an array are bound as they are, not frozen", () => {
    const data = new Uint8Array([1, 2, 3]);
    const tags = ["a", "b"];
    const what =
      'insertInto(blobs).values({ id: 1, data, tags }) with data = new Uint8Array([1, 2, 3]), tags = ["a", "b"]';
    const compiled = attempt(what, () => compile(insertInto(blobs).values({ id: 1, data, tags })));
    if (compiled.params[1] !== data || compiled.params[2] !== tags || Object.isFrozen(tags))
      throw new CheckFailure("a value was copied or frozen", {
        sent: what,
        expected: "params [1, data, tags]: the very objects passed in, tags not frozen",
        received: `${show(compiled.params)}${Object.isFrozen(tags) ? " (tags frozen)" : ""}`,
        hint: "frozen() must not walk into a value node's value: it belongs to the caller (and a Uint8Array cannot be frozen at all).",
      });
  });
});
