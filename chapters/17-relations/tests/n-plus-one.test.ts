// Stage 17.5: the N+1 detector. A loop that loads one relation lazily for the rows of one result
// (fixtures/feed.ts) is reported once, naming the loop's line: a process warning with code
// TINYORM_N_PLUS_ONE by default, an NPlusOneError with mode "throw". Rows that came back in
// different results, fewer rows than the threshold, and eager loading are not reported. The
// warnings are collected from process.on("warning"), as any application would.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { detectNPlusOne, NPlusOneError } from "@lab/src/tinyorm/index.ts";
import { afterAll, afterEach, beforeEach, test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectEqual, expectFailure, run, show, useModels } from "../../13-models-and-fields/tests/orm.ts";
import { Post, postRelations } from "./fixtures/blog.ts";
import { authorsOneByOne, N_PLUS_ONE_MARK } from "./fixtures/feed.ts";
import { expectReads, readsDuring, WATCHED_BLOG } from "./fixtures/reads.ts";

const WARNING_CODE = "TINYORM_N_PLUS_ONE";
const FEED = fileURLToPath(new URL("./fixtures/feed.ts", import.meta.url));
/** The line of the lazy load in feed.ts, 1-based, as a stack trace counts it. */
const FEED_LINE =
  readFileSync(FEED, "utf8")
    .split("\n")
    .findIndex((line) => line.includes(N_PLUS_ONE_MARK) && line.includes("await")) + 1;
const SITE = `${FEED}:${FEED_LINE}:`;

/** The tinyorm warnings emitted while `work` ran (and the turn after it, when process warnings are delivered). */
async function warningsDuring(work: () => Promise<unknown>): Promise<Error[]> {
  const seen: Error[] = [];
  const listener = (warning: Error) => {
    if ((warning as { code?: string }).code === WARNING_CODE) seen.push(warning);
  };
  process.on("warning", listener);
  try {
    await work();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("warning", listener);
  }
  return seen;
}

function showWarnings(warnings: readonly Error[]): string {
  return warnings.length === 0 ? "no warning" : warnings.map((w) => `${w.name}: ${w.message}`).join("\n     ");
}

await stageWith([postgres], "17.5", (service) => {
  const { db } = useModels(service, "n_plus_one", WATCHED_BLOG);
  // Node prints each warning to stderr as well; the checks read them from the event only.
  beforeEach(() => detectNPlusOne({ mode: "warn" }));
  afterEach(() => detectNPlusOne());
  afterAll(() => detectNPlusOne());

  const page = () =>
    run("Post.findMany({ orderBy: Post.id.asc(), limit: 10 })", () =>
      Post.findMany({ orderBy: Post.id.asc(), limit: 10 }),
    );

  test("warns once, with the line of the loop, when one relation is loaded lazily for the rows of one result", async () => {
    const posts = await page();
    const warnings = await warningsDuring(() =>
      run("authorsOneByOne(10 posts of one result)", () => authorsOneByOne(posts)),
    );
    const [warning] = warnings;
    if (warnings.length !== 1 || !warning) {
      throw new CheckFailure(`${warnings.length} N+1 warning(s) for one loop`, {
        sent: "authorsOneByOne(posts): postRelations.of(post).author() for each of 10 posts of one Post.findMany()",
        expected: `exactly one process warning with code ${WARNING_CODE}`,
        received: showWarnings(warnings),
        hint: 'Count, per result and relation, the rows that loaded it lazily; at the threshold (3), report once: process.emitWarning(message, { type: "NPlusOneWarning", code: "TINYORM_N_PLUS_ONE" }).',
      });
    }
    for (const [part, why] of [
      ["Post.author", "the relation, as Model.relation"],
      [SITE, "the caller's file and line (file:line:column), the first frame of the stack outside src/tinyorm/"],
    ] as const) {
      if (warning.message.includes(part)) continue;
      throw new CheckFailure("the warning does not say where the loop is", {
        sent: "authorsOneByOne(10 posts of one result)",
        expected: `a message that names ${why}: ${JSON.stringify(part)}`,
        received: warning.message,
        hint: 'callSite(): new Error().stack, split into frames; skip those whose file is inside tinyorm\'s own folder (new URL("..", import.meta.url)) and those without a file; the first left is the caller.',
      });
    }
  });

  test("stays quiet for rows of different results, for fewer rows than the threshold, and for eager loading", async () => {
    const separate: Post[] = [];
    for (let id = 1; id <= 10; id++) {
      const post = await run(`Post.find(${id})`, () => Post.find(id));
      if (post) separate.push(post);
    }
    const cases: [string, () => Promise<unknown>][] = [
      ["authorsOneByOne(10 posts, each from its own Post.find())", () => authorsOneByOne(separate)],
      [
        "authorsOneByOne(the first 2 of 10 posts of one result) — below the threshold of 3",
        async () => authorsOneByOne((await page()).slice(0, 2)),
      ],
      ['postRelations.load(10 posts of one result, "author")', async () => postRelations.load(await page(), "author")],
    ];
    for (const [what, work] of cases) {
      const warnings = await warningsDuring(() => run(what, work));
      expectEqual(
        `${what} — N+1 warnings`,
        "no warning",
        showWarnings(warnings),
        "Only lazy loads of one relation by several rows of one result are a loop: rows are linked to their result by ModelQuery.all() (rememberResult), and a result of one row is no loop.",
      );
    }
  });

  test('throws NPlusOneError at the threshold with mode "throw", naming the relation and the call site', async () => {
    detectNPlusOne({ mode: "throw" });
    const posts = await page();
    const loaded: number[] = [];
    const { reads, result: error } = await readsDuring(db().url, () =>
      expectFailure(
        'detectNPlusOne({ mode: "throw" }); then postRelations.of(post).author() for each of 10 posts of one result',
        NPlusOneError,
        async () => {
          for (const post of posts) {
            await postRelations.of(post).author();
            loaded.push(post.id);
          }
        },
        'In mode "throw", the lazy load that reaches the threshold throws instead of warning, before its query.',
      ),
    );
    expectEqual(
      "how many lazy loads succeeded before the NPlusOneError",
      [1, 2],
      loaded,
      "The threshold is 3 rows of one result: the first two load, the third throws.",
    );
    expectReads(
      "the loop stopped by NPlusOneError",
      reads,
      { min: 2, max: 2, batched: ["users"] },
      "Two authors loaded, and the third load threw before it sent its query: note the lazy load before loading.",
    );
    expectEqual(
      "NPlusOneError's relation",
      "Post.author",
      error.relation,
      "relation is the model's name and the relation's, with a dot.",
    );
    const site = error.callSite;
    const here = fileURLToPath(import.meta.url);
    if (typeof site !== "string" || !site.startsWith(`${here}:`)) {
      throw new CheckFailure("the call site is not the caller's", {
        sent: "postRelations.of(post).author() in a loop in this check file",
        expected: `callSite in ${here}, as file:line:column`,
        received: show(site),
        hint: "Skip the frames of tinyorm's own files, not just the first one or two: the first frame outside src/tinyorm/ is the caller.",
      });
    }
  });
});
