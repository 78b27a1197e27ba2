// Stage 17.2: lazy loading, one row's relation at a time. Each kind of relation is one SELECT of
// its target: the server logs every statement that reads the blog's tables (fixtures/reads.ts),
// and the check compares what came back with what the tables hold.
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectEqual, expectThat, run, useModels } from "../../13-models-and-fields/tests/orm.ts";
import { Comment, Post, postRelations, Tag, tagRelations, User, userRelations } from "./fixtures/blog.ts";
import { authorOf, editorOf, expectReads, POSTS, readsDuring, tagsOf, WATCHED_BLOG } from "./fixtures/reads.ts";

/** The ids of the posts user `user` wrote, as the fixture made them. */
function postsBy(user: number): number[] {
  return Array.from({ length: POSTS }, (_, i) => i + 1).filter((post) => authorOf(post) === user);
}

function idsOf(rows: unknown): unknown {
  return Array.isArray(rows) ? rows.map((row: { id?: unknown }) => row?.id) : rows;
}

await stageWith([postgres], "17.2", (service) => {
  const { db } = useModels(service, "lazy", WATCHED_BLOG);

  async function post(id: number): Promise<Post> {
    const found = await run(`Post.find(${id})`, () => Post.find(id));
    if (!found) throw new Error(`the fixture has post ${id}`);
    return found;
  }

  test("belongsTo: of(post).author() is the post's User, read with one statement", async () => {
    const row = await post(5);
    const { reads, result } = await readsDuring(db().url, () =>
      run("postRelations.of(post 5).author()", () => postRelations.of(row).author()),
    );
    expectThat(
      "postRelations.of(post 5).author()",
      result instanceof User,
      "an instance of User",
      result,
      "belongsTo loads a row of its target: Target.select().where(key IN (the foreign key's value)) returns instances of the target's class.",
    );
    expectEqual(
      "postRelations.of(post 5).author() — { id, username }",
      { id: authorOf(5), username: `user ${authorOf(5)}` },
      { id: result.id, username: result.username },
      "Compare the target's primary key with the post's authorId, not with the post's own id.",
    );
    expectReads(
      "postRelations.of(post 5).author()",
      reads,
      { max: 1, batched: ["users"] },
      "One SELECT of users, by key.",
    );
  });

  test("belongsTo a nullable field: null where the post has no editor, the User where it has one", async () => {
    const [without, edited] = [await post(1), await post(3)];
    const none = await run("postRelations.of(post 1).editor() — editor_id IS NULL", () =>
      postRelations.of(without).editor(),
    );
    expectEqual(
      "postRelations.of(post 1).editor() — editor_id IS NULL",
      null,
      none,
      "A NULL foreign key names no row: the relation is null (and there is nothing to ask the server).",
    );
    const editor = await run("postRelations.of(post 3).editor()", () => postRelations.of(edited).editor());
    expectEqual("postRelations.of(post 3).editor()?.id", editorOf(3), editor?.id, "editorId holds the editor's key.");
  });

  test("hasMany: of(user).posts() is every post of the user, in key order, read with one statement", async () => {
    const user = await run("User.find(3)", () => User.find(3));
    if (!user) throw new Error("the fixture has user 3");
    const { reads, result } = await readsDuring(db().url, () =>
      run("userRelations.of(user 3).posts()", () => userRelations.of(user).posts()),
    );
    expectThat(
      "userRelations.of(user 3).posts()",
      Array.isArray(result) && result.every((row) => row instanceof Post),
      "an array of Post instances",
      result,
      "hasMany loads the target's rows whose foreign key holds the owner's key, as instances of the target.",
    );
    expectEqual(
      "userRelations.of(user 3).posts() — their ids",
      postsBy(3),
      idsOf(result),
      "SELECT the posts WHERE author_id IN (the user's id) ORDER BY the posts' key.",
    );
    expectReads(
      "userRelations.of(user 3).posts()",
      reads,
      { max: 1, batched: ["posts"] },
      "One SELECT of posts, by key.",
    );
    const idle = await run("User.find(12) — a user with no posts", () => User.find(12));
    if (!idle) throw new Error("the fixture has user 12");
    const nothing = await run("userRelations.of(user 12).posts()", () => userRelations.of(idle).posts());
    expectEqual(
      "userRelations.of(user 12).posts() — a user with no posts",
      [],
      nothing,
      "No post: an empty list, not null.",
    );
    const first = await post(1);
    const comments = await run("postRelations.of(post 1).comments()", () => postRelations.of(first).comments());
    expectThat(
      "postRelations.of(post 1).comments()",
      Array.isArray(comments) && comments.length === 2 && comments.every((c) => c instanceof Comment),
      "the two Comment instances of post 1",
      comments,
      "Comment.postId holds the post's key.",
    );
  });

  test("manyToMany: of(post).tags() is the post's tags through post_tags, read with one statement", async () => {
    const row = await post(7);
    const { reads, result } = await readsDuring(db().url, () =>
      run("postRelations.of(post 7).tags()", () => postRelations.of(row).tags()),
    );
    expectThat(
      "postRelations.of(post 7).tags()",
      Array.isArray(result) && result.every((tag) => tag instanceof Tag),
      "an array of Tag instances",
      result,
      "Make each row an instance with Tag.select().instanceFrom(row).",
    );
    expectEqual(
      "postRelations.of(post 7).tags() — { id, label } each",
      tagsOf(7).map((id) => ({ id, label: `tag ${id}` })),
      result.map((tag) => ({ id: tag.id, label: tag.label })),
      "SELECT the tags' columns FROM tags JOIN post_tags ON post_tags.tag_id = tags.id WHERE post_tags.post_id IN (7): the pairs are in the join table.",
    );
    expectReads(
      "postRelations.of(post 7).tags()",
      reads,
      { max: 1, batched: ["tags", "post_tags"] },
      "One statement: the tags joined with post_tags, not the pairs first and the tags after.",
    );
    const untagged = await post(10);
    const none = await run("postRelations.of(post 10).tags() — a post with no tags", () =>
      postRelations.of(untagged).tags(),
    );
    expectEqual("postRelations.of(post 10).tags() — a post with no tags", [], none, "No pair: an empty list.");
    const tag = await run("Tag.find(2)", () => Tag.find(2));
    if (!tag) throw new Error("the fixture has tag 2");
    const tagged = await run("tagRelations.of(tag 2).posts() — the other way round", () =>
      tagRelations.of(tag).posts(),
    );
    const expected = Array.from({ length: POSTS }, (_, i) => i + 1).filter((p) => tagsOf(p).includes(2));
    expectEqual(
      "tagRelations.of(tag 2).posts() — their ids",
      expected,
      idsOf(tagged),
      "ownerColumn and targetColumn say which column of the join table holds which model's key: from a tag, post_tags.tag_id is the owner's.",
    );
  });
});
