// Stage 17.3: eager loading. A hundred posts, their authors and their tags: three statements
// (the posts, the authors, the tags with their pairs), however many posts there are — counted by
// the server, which logs every statement that reads the blog's tables (fixtures/reads.ts). Each
// statement that reads related rows names them by key, IN (…) or = ANY(…), never the whole table.
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectEqual, expectThat, run, useModels } from "../../13-models-and-fields/tests/orm.ts";
import { Post, postRelations, Tag, User, userRelations } from "./fixtures/blog.ts";
import { authorOf, editorOf, expectReads, POSTS, readsDuring, tagsOf, USERS, WATCHED_BLOG } from "./fixtures/reads.ts";

const ALL = Array.from({ length: POSTS }, (_, i) => i + 1);

await stageWith([postgres], "17.3", (service) => {
  const { db } = useModels(service, "eager", WATCHED_BLOG);

  test(`loads ${POSTS} posts with their authors and tags in at most 3 statements, counted by the server`, async () => {
    const what = `posts = await Post.findMany({ orderBy: Post.id.asc() }); await postRelations.load(posts, "author", "tags")`;
    const { reads, result: posts } = await readsDuring(db().url, () =>
      run(what, async () => postRelations.load(await Post.findMany({ orderBy: Post.id.asc() }), "author", "tags")),
    );
    expectReads(
      what,
      reads,
      { max: 3, batched: ["users", "tags", "post_tags"] },
      "One statement per relation for all the rows: collect every post's authorId, SELECT the users WHERE id IN (those), and hand each post its own.",
    );
    expectEqual(`${what} — how many posts`, POSTS, posts.length, "load() resolves with the rows it was given.");
    const authors = posts.map((post) => {
      const author: unknown = post.author;
      return author instanceof User ? { id: author.id, username: author.username } : author;
    });
    expectEqual(
      `${what} — each post's author, as { id, username } of a User`,
      ALL.map((id) => ({ id: authorOf(id), username: `user ${authorOf(id)}` })),
      authors,
      "After load(), post.author is the User whose key is the post's authorId: an instance of User, set on the post itself.",
    );
    const tags = posts.map((post) => {
      const list: unknown = post.tags;
      return Array.isArray(list) ? list.map((tag: unknown) => (tag instanceof Tag ? tag.id : tag)) : list;
    });
    expectEqual(
      `${what} — each post's tag ids (Tag instances, in key order; [] for a post with none)`,
      ALL.map(tagsOf),
      tags,
      "Select the join table's owner column beside the tags' columns, and group the rows by it: each post gets its own list.",
    );
  });

  test("loads hasMany and a nullable belongsTo for every row in one statement each", async () => {
    const users = await run("User.findMany({ orderBy: User.id.asc() })", () =>
      User.findMany({ orderBy: User.id.asc() }),
    );
    const { reads } = await readsDuring(db().url, () =>
      run('userRelations.load(users, "posts")', () => userRelations.load(users, "posts")),
    );
    expectReads(
      'userRelations.load(users, "posts")',
      reads,
      { max: 1, batched: ["posts"] },
      "One SELECT of posts for every user.",
    );
    expectEqual(
      `userRelations.load(${USERS} users, "posts") — each user's post ids, in key order ([] for none)`,
      users.map((user) => ALL.filter((post) => authorOf(post) === user.id)),
      users.map((user) => {
        const list: unknown = (user as { posts?: unknown }).posts;
        return Array.isArray(list) ? list.map((post: unknown) => (post instanceof Post ? post.id : post)) : list;
      }),
      "Group the posts by authorId; a user with no posts gets an empty list.",
    );
    const posts = await run("Post.findMany({ orderBy: Post.id.asc(), limit: 30 })", () =>
      Post.findMany({ orderBy: Post.id.asc(), limit: 30 }),
    );
    const { reads: editorReads } = await readsDuring(db().url, () =>
      run('postRelations.load(posts, "editor")', () => postRelations.load(posts, "editor")),
    );
    expectReads(
      'postRelations.load(posts, "editor")',
      editorReads,
      { max: 1, batched: ["users"] },
      "One SELECT of users.",
    );
    expectEqual(
      'postRelations.load(30 posts, "editor") — each post\'s editor id (null where editor_id is NULL)',
      ALL.slice(0, 30).map(editorOf),
      posts.map((post) => {
        const editor: unknown = (post as { editor?: unknown }).editor;
        return editor instanceof User ? editor.id : editor;
      }),
      "A post whose editorId is null gets null; leave NULL out of the IN list.",
    );
  });

  test("reads no more statements for 100 rows than for 2, and asks each author's row once", async () => {
    const two = await run("Post.findMany({ limit: 2 })", () => Post.findMany({ orderBy: Post.id.asc(), limit: 2 }));
    const all = await run("Post.findMany()", () => Post.findMany({ orderBy: Post.id.asc() }));
    const load = (posts: Post[]) =>
      run('postRelations.load(posts, "author", "tags", "comments")', () =>
        postRelations.load(posts, "author", "tags", "comments"),
      );
    const { reads: few } = await readsDuring(db().url, () => load(two));
    const { reads: many } = await readsDuring(db().url, () => load(all));
    expectThat(
      'postRelations.load(posts, "author", "tags", "comments") for 2 posts, then for 100',
      many.length === few.length && many.length <= 3,
      `as many statements for 100 posts as for 2, at most 3 (one per relation; comments of posts 1 and 2 only)`,
      `${few.length} statement(s) for 2 posts, ${many.length} for 100`,
      "The number of statements depends on the relations asked for, never on the number of rows.",
    );
    const authorsRead = await readsDuring(db().url, () =>
      run('postRelations.load(posts, "author")', () => postRelations.load(all, "author")),
    );
    const [read] = authorsRead.reads;
    const listed = read ? (read.sql.match(/\$\d+/g) ?? []).length : 0;
    expectThat(
      'postRelations.load(100 posts, "author") — the parameters of its statement',
      listed <= 10,
      "at most 10 parameters: the 10 distinct authors, each once (or one array for = ANY($1))",
      `${listed} parameters in ${read?.sql ?? "no statement"}`,
      "100 posts by 10 authors: deduplicate the keys before you ask.",
    );
  });
});
