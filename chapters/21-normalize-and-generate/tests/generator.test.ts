// Stage 21.6: the generator. Its output is hashed as it streams (sha256) to prove that one seed
// gives the same bytes twice and another seed different ones; read back to prove that the names
// are distinct after normalization and look like usernames; written into a slow stream to prove
// that it waits for "drain"; and drawn on fake terminals to prove that the bar is shown on a TTY only.
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { generateUsernames, normalizeUsername, ZipfSampler } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { checkSeed, seededRandom } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, callAsync, expectEqual, expectRangeError, expectThat } from "./expect.ts";

const COUNT = sized("21.6", { full: 100_000, quick: 10_000 });
/** The slow stream's buffer: the generator must wait for it, not fill memory past it. */
const SLOW_HIGH_WATER_MARK = 1_024;
/** What may be queued in the slow stream at once: its buffer and one chunk (the spec allows 64 KiB). */
const MOST_QUEUED_BYTES = SLOW_HIGH_WATER_MARK + 64 * 1024;

/** A stream that hashes what it is given and, if asked, keeps the text. */
class Sink extends Writable {
  readonly hash = createHash("sha256");
  text = "";
  constructor(readonly keep = false) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.hash.update(chunk);
    if (this.keep) this.text += chunk.toString("utf8");
    done();
  }
}

/** A terminal, or not: records what is drawn on it. */
function fakeStderr(isTTY: boolean): { isTTY: boolean; written: string[]; write(text: string): boolean } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) > 0 };
}

const quiet = () => fakeStderr(false);

async function run(seed: number, count: number, keep = false): Promise<{ digest: string; text: string }> {
  const out = new Sink(keep);
  await callAsync(`generateUsernames({ count: ${count}, seed: ${seed}, out })`, () =>
    generateUsernames({ count, seed, out, progress: quiet() }),
  );
  return { digest: out.hash.digest("hex"), text: out.text };
}

stage("21.6", () => {
  const seed = checkSeed();
  let first: Promise<{ digest: string; text: string }> | undefined;
  const firstRun = () => {
    first ??= run(seed, COUNT, true);
    return first;
  };

  // The quick checks first: a mistake they catch shows before three runs of the whole count.
  test("ZipfSampler draws rank k about 1/k^s as often as rank 1", () => {
    const sampler = call("new ZipfSampler(1000)", () => new ZipfSampler(1000));
    const random = seededRandom(seed);
    const counts = new Array<number>(1000).fill(0);
    const draws = 200_000;
    for (let i = 0; i < draws; i++) {
      const rank = sampler.sample(random());
      expectThat(
        "sampler.sample(u) for u in [0, 1)",
        Number.isInteger(rank) && rank >= 0 && rank < 1000,
        "a rank in [0, 1000)",
        rank,
      );
      counts[rank] = (counts[rank] ?? 0) + 1;
    }
    const ratio = (counts[0] ?? 0) / Math.max(1, counts[9] ?? 0);
    expectThat(
      `${draws} draws: count of rank 0 / count of rank 9`,
      ratio > 5 && ratio < 30,
      "about 10^s (s ≈ 1): between 5 and 30",
      ratio.toFixed(2),
      "weight rank k (from 1) by 1 / k^s, and look the cumulative weights up by binary search",
    );
    const top10 = counts.slice(0, 10).reduce((a, b) => a + b, 0) / draws;
    expectThat(
      `${draws} draws: share of the 10 most popular ranks`,
      top10 > 0.3,
      "over 30% (uniform draws would give 1%)",
      `${(top10 * 100).toFixed(1)}%`,
    );
  });

  test("waits for drain: a slow stream never holds more than its buffer and one chunk", async () => {
    let mostQueued = 0;
    const slow = new Writable({
      highWaterMark: SLOW_HIGH_WATER_MARK,
      write(_chunk, _encoding, done) {
        setImmediate(done);
      },
    });
    const write = slow.write.bind(slow) as (chunk: unknown) => boolean;
    slow.write = ((chunk: unknown) => {
      const more = write(chunk);
      mostQueued = Math.max(mostQueued, slow.writableLength);
      return more;
    }) as typeof slow.write;
    const count = Math.min(COUNT, 20_000);
    await callAsync(`generateUsernames({ count: ${count}, seed, out: slow })`, () =>
      generateUsernames({ count, seed, out: slow, progress: quiet() }),
    );
    expectThat(
      `the most bytes queued in a stream with highWaterMark ${SLOW_HIGH_WATER_MARK}`,
      mostQueued <= MOST_QUEUED_BYTES,
      `at most ${MOST_QUEUED_BYTES}`,
      `${mostQueued}`,
      'when write() returns false, await once(out, "drain") before making more names',
    );
    expectThat(
      "the stream once the promise resolved",
      slow.writableFinished,
      "ended and finished",
      `writableFinished: ${slow.writableFinished}`,
      'end the stream and wait for "finish"',
    );
  });

  test("draws a progress bar on a TTY, ending in 100% and a new line, and nothing elsewhere", async () => {
    const tty = fakeStderr(true);
    await callAsync("generateUsernames({ count: 2000, seed, out, progress: a TTY })", () =>
      generateUsernames({ count: 2_000, seed, out: new Sink(), progress: tty }),
    );
    const drawn = tty.written.join("");
    expectThat(
      "what was drawn on the TTY",
      drawn.includes("100%") && drawn.endsWith("\n"),
      "a bar that reaches 100% and ends the line",
      JSON.stringify(drawn.slice(-120)),
    );
    expectThat(
      "how many times the bar was drawn for 2,000 names",
      tty.written.length <= 110,
      "at most once per percent (about 100)",
      `${tty.written.length} writes`,
      "redraw only when the whole percentage changes",
    );
    const pipe = fakeStderr(false);
    await callAsync("generateUsernames({ count: 2000, seed, out, progress: not a TTY })", () =>
      generateUsernames({ count: 2_000, seed, out: new Sink(), progress: pipe }),
    );
    expectEqual(
      "what was written on a stream that is not a TTY",
      [],
      pipe.written,
      "check stream.isTTY: a log is no place for a bar",
    );
  });

  test("refuses a count or seed it cannot honour with a one-line RangeError", async () => {
    for (const [count, s] of [
      [0, 1],
      [1.5, 1],
      [-3, 1],
      [10, -1],
      [10, 2 ** 32],
    ] as const)
      await expectRangeError(
        `generateUsernames({ count: ${count}, seed: ${s}, out })`,
        () => generateUsernames({ count, seed: s, out: new Sink(), progress: quiet() }),
        "check both before writing anything",
      );
  });

  test(`writes ${COUNT} names, one per line, the same bytes for the same seed and others for another`, async () => {
    const { digest, text } = await firstRun();
    const lines = text.split("\n");
    expectEqual(`the lines written for count ${COUNT}`, COUNT, lines.length - 1, "one name and one \\n per name");
    expectEqual("the last character written", "", lines.at(-1), "every line ends with \\n, the last one too");
    const again = await run(seed, COUNT);
    expectEqual(
      `sha256 of a second run with seed ${seed}`,
      digest,
      again.digest,
      "every random choice comes from the seeded faker: no Math.random(), no Date.now()",
    );
    const other = await run(seed + 1, COUNT);
    expectThat(
      `sha256 of a run with seed ${seed + 1}`,
      other.digest !== digest,
      "another hash",
      other.digest,
      "the seed must reach faker: faker.seed(seed) or new Faker({ seed })",
    );
  });

  test("every name is accepted by the policy, and no two have the same canonical form", async () => {
    const lines = (await firstRun()).text.split("\n").slice(0, -1);
    const seen = new Map<string, string>();
    for (const line of lines) {
      const verdict = call(`normalizeUsername(${JSON.stringify(line)})`, () => normalizeUsername(line));
      expectThat(
        `normalizeUsername(${JSON.stringify(line)})`,
        verdict.ok,
        "a name the policy accepts",
        verdict,
        "keep only names the policy accepts",
      );
      if (!verdict.ok) return;
      const before = seen.get(verdict.name);
      expectThat(
        `the lines ${JSON.stringify(before)} and ${JSON.stringify(line)}`,
        before === undefined,
        "distinct canonical names",
        `both normalize to ${JSON.stringify(verdict.name)}`,
        "deduplicate by the canonical name, not by the line as written",
      );
      seen.set(verdict.name, line);
    }
  });

  test("the names look like usernames: years, separators, leetspeak, capitals, non-Latin scripts", async () => {
    const lines = (await firstRun()).text.split("\n").slice(0, -1);
    const share = (pattern: RegExp) => lines.filter((line) => pattern.test(line)).length / lines.length;
    const traits: ReadonlyArray<readonly [string, number, number]> = [
      ["a birth year (19xx or 20xx) at the end", share(/(19[5-9]\d|200\d|201[0-2])$/), 0.05],
      ["a separator, _ or .", share(/[_.]/), 0.1],
      ["leetspeak: a digit between two letters", share(/\p{L}[0-9]\p{L}/u), 0.01],
      ["capital letters, as typed", share(/\p{Lu}/u), 0.01],
      ["letters beyond ASCII", share(/[^\x00-\x7f]/), 0.01],
    ];
    for (const [trait, received, least] of traits)
      expectThat(
        `the share of ${lines.length} names with ${trait}`,
        received >= least,
        `at least ${least * 100}%`,
        `${(received * 100).toFixed(2)}%`,
        "draw a pattern by weight for every name (patterns.ts)",
      );
  });
});
