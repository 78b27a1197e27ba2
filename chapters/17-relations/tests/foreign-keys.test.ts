// Stage 17.1: foreign keys. The tables start without constraints; foreignKeySql() of each model
// writes its own, which the check runs. What the server then holds is read from its catalog
// (pg_constraint, docs §53.13) and from what it does: refuse a post whose author does not exist
// (SQLSTATE 23503), and on a delete CASCADE, SET NULL or refuse (RESTRICT, NO ACTION).
import { ForeignKeyViolation, fields, foreignKeySql, RelationError, references } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectEqual, expectFailure, run, useModels, witnessRows } from "../../13-models-and-fields/tests/orm.ts";
import { BLOG_TABLES, Comment, Post, Tag, User } from "./fixtures/blog.ts";

const HINT =
  "One ALTER TABLE … ADD CONSTRAINT <table>_<column>_fkey FOREIGN KEY (<column>) REFERENCES <target table> (<target key column>) ON DELETE <action> per field declared with references(); no other.";

/** confdeltype in pg_constraint: what each onDelete is written as in the catalog. */
const ACTIONS: Record<string, string> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

await stageWith([postgres], "17.1", (service) => {
  const { db } = useModels(service, "foreign_keys", BLOG_TABLES);
  let added: Promise<string[]> | undefined;

  /** Runs every model's foreignKeySql() once, on the check's own connection. */
  function addForeignKeys(): Promise<string[]> {
    added ??= (async () => {
      const statements = await run("[User, Post, Tag, Comment].flatMap(foreignKeySql)", () =>
        [User, Post, Tag, Comment].flatMap((model) => foreignKeySql(model)),
      );
      for (const sql of statements) await witnessRows(db().url, sql);
      return statements;
    })();
    return added;
  }

  test("writes one constraint per field that references a model, as the server's catalog lists it", async () => {
    const statements = await addForeignKeys();
    const constraints = await witnessRows(
      db().url,
      `SELECT c.conname, c.conrelid::regclass::text AS "table", a.attname AS "column",
              c.confrelid::regclass::text AS "references", fa.attname AS "key", c.confdeltype AS "onDelete"
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
        WHERE c.contype = 'f' ORDER BY c.conname`,
    );
    const received = constraints.map((c) => ({ ...c, onDelete: ACTIONS[String(c.onDelete)] }));
    expectEqual(
      `foreignKeySql() of User, Post, Tag and Comment, run as:\n     ${statements.join("\n     ")}`,
      [
        {
          conname: "comments_author_id_fkey",
          table: "comments",
          column: "author_id",
          references: "users",
          key: "id",
          onDelete: "restrict",
        },
        {
          conname: "comments_post_id_fkey",
          table: "comments",
          column: "post_id",
          references: "posts",
          key: "id",
          onDelete: "no action",
        },
        {
          conname: "posts_author_id_fkey",
          table: "posts",
          column: "author_id",
          references: "users",
          key: "id",
          onDelete: "cascade",
        },
        {
          conname: "posts_editor_id_fkey",
          table: "posts",
          column: "editor_id",
          references: "users",
          key: "id",
          onDelete: "set null",
        },
      ],
      received,
      HINT,
    );
  });

  test("the server refuses a post whose author does not exist, with ForeignKeyViolation (23503)", async () => {
    await addForeignKeys();
    await expectFailure(
      'Post.create({ authorId: 999_999, title: "orphan" }) — no user 999999',
      ForeignKeyViolation,
      () => Post.create({ authorId: 999_999, title: "orphan" }),
      "With the constraint in place the server refuses the INSERT; chapter 11 maps SQLSTATE 23503 to ForeignKeyViolation.",
    );
  });

  test("deleting a user deletes their posts (CASCADE) and clears editor_id where they edited (SET NULL)", async () => {
    await addForeignKeys();
    const [writer, editor] = await run("User.create() twice", () =>
      Promise.all([User.create({ username: "writer" }), User.create({ username: "editor" })]),
    );
    if (!writer || !editor) throw new Error("unreachable");
    const own = await run("Post.create() by the writer", () =>
      Post.create({ authorId: writer.id, editorId: editor.id, title: "by the writer, edited" }),
    );
    const edited = await run("Post.create() by the editor, edited by the writer", () =>
      Post.create({ authorId: editor.id, editorId: writer.id, title: "by the editor" }),
    );
    await run("writer.delete()", () => writer.delete());
    const rows = await witnessRows(db().url, "SELECT id, editor_id FROM posts WHERE id = ANY($1) ORDER BY id", [
      [own.id, edited.id],
    ]);
    expectEqual(
      `after deleting user ${writer.id}: SELECT id, editor_id FROM posts WHERE id IN (${own.id}, ${edited.id})`,
      [{ id: edited.id, editor_id: null }],
      rows,
      "author_id's constraint is ON DELETE CASCADE (the writer's post goes with them), editor_id's ON DELETE SET NULL (the other post stays, without an editor).",
    );
  });

  test("a referenced row with ON DELETE RESTRICT or NO ACTION cannot be deleted: ForeignKeyViolation", async () => {
    await addForeignKeys();
    const author = await run("User.create()", () => User.create({ username: "commenter" }));
    const post = await run("Post.create()", () => Post.create({ authorId: author.id, title: "commented" }));
    await run("Comment.create()", () => Comment.create({ postId: post.id, authorId: author.id, body: "hello" }));
    await expectFailure(
      "commenter.delete() — a comment of theirs references them (ON DELETE RESTRICT)",
      ForeignKeyViolation,
      () => author.delete(),
      'Comment.authorId references User with { onDelete: "restrict" }: the constraint refuses the DELETE.',
    );
    await expectFailure(
      "post.delete() — a comment references it (ON DELETE NO ACTION, the default)",
      ForeignKeyViolation,
      () => post.delete(),
      "Comment.postId references Post with no onDelete: the server's default, NO ACTION, refuses the DELETE too.",
    );
  });

  test('refuses onDelete "set null" on a field that is not nullable, when it is declared', async () => {
    await expectFailure(
      'references(fields.int(), () => User, { onDelete: "set null" })',
      RelationError,
      () => references(fields.int(), () => User, { onDelete: "set null" }),
      "SET NULL on a NOT NULL column would fail only when a user is deleted (23502); the declaration can say so at once.",
    );
    const none = await run("foreignKeySql(Tag)", () => foreignKeySql(Tag));
    expectEqual(
      "foreignKeySql(Tag) — Tag references nothing",
      [],
      none,
      "A model without references has no constraint to add.",
    );
  });
});
