// Stage 26.2: the index in process. Its pages are compared with a slow model that filters the
// names and sorts their UTF-8 with Buffer.compare (fixtures/names.ts); its memory is measured as
// what the heap keeps once the index is built and everything else collected.
import { PackedPrefixIndex, type Page } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { reproduceLine } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, expectThat, READ, run, show } from "./expect.ts";
import { retained } from "./fixtures/memory.ts";
import { allMatches, checkNames, expectedNames, nameCount, seededPrefixes } from "./fixtures/names.ts";
import { MAX_WALK, walk } from "./fixtures/walk.ts";

/**
 * What the index may keep per name: the 64 MB for a million names. A packed index keeps
 * about 17 bytes (the UTF-8 and a 4-byte start), a sorted array of the given strings 8 (the
 * strings are the caller's); a Map-per-node trie several hundred.
 */
const BYTES_PER_NAME = 64;
/** What the heap may move by for reasons of its own between two readings. */
const HEAP_NOISE = 256 * 1024;

stage("26.2", () => {
  let index: PackedPrefixIndex | undefined;
  async function built(): Promise<{ index: PackedPrefixIndex; names: string[]; seed: number }> {
    const { names, seed } = await checkNames(nameCount("26.2"));
    index ??= call(`PackedPrefixIndex.from(${names.length} names)`, () => PackedPrefixIndex.from(names));
    return { index, names, seed };
  }

  test("holds every name once, and a search of the empty prefix starts at the smallest in byte order", async () => {
    const { index, names } = await built();
    expectEqual(`index.size after PackedPrefixIndex.from(${names.length} distinct names)`, names.length, index.size);
    const twice = call("PackedPrefixIndex.from([…names, …names])", () => PackedPrefixIndex.from([...names, ...names]));
    expectEqual(
      "index.size of every name given twice",
      names.length,
      twice.size,
      "keep a name once however often it is given",
    );
    const first = await run('index.search("", { limit: 5 })', () => index.search("", { limit: 5 }));
    expectEqual(
      'index.search("", { limit: 5 }).names',
      expectedNames(allMatches(names, ""), null, 5).names,
      first.names,
      READ.packed,
    );
  });

  test("every page of seeded prefixes is the model's: the matches in UTF-8 byte order, limit at a time", async () => {
    const { index, names, seed } = await built();
    for (const [i, prefix] of seededPrefixes(names, seed, 300).entries()) {
      const limit = [10, 1, 37][i % 3]!;
      const matches = allMatches(names, prefix);
      const expected = expectedNames(matches, null, limit);
      const what = `index.search(${show(prefix)}, { limit: ${limit} })`;
      const page: Page = await run(what, () => index.search(prefix, { limit }));
      expectEqual(
        `${what}.names`,
        expected.names,
        page.names,
        `astral characters sort after U+FFFF in UTF-8, before it in UTF-16: compare bytes; ${READ.packed}. ${reproduceLine(seed, "26", "26.2")}`,
      );
      expectThat(
        `${what}.next`,
        (page.next !== null) === expected.more,
        expected.more ? "a cursor" : "null",
        show(page.next),
        READ.cursors,
      );
    }
  });

  test("a walk by cursors visits every match of a prefix once, in order, and ends with next: null", async () => {
    const { index, names, seed } = await built();
    for (const prefix of seededPrefixes(names, seed, 40)) {
      const matches = allMatches(names, prefix);
      if (matches.length > MAX_WALK) continue;
      const limit = 7;
      const { names: visited } = await walk("index", () => index, prefix, limit, Math.ceil(matches.length / limit) + 2);
      expectEqual(`every name of the pages of ${show(prefix)}, 7 at a time`, matches, visited, READ.cursors);
    }
  });

  test(`keeps at most ${BYTES_PER_NAME} bytes per name, measured on the heap after collection`, async () => {
    const { names } = await checkNames(nameCount("26.2"));
    // Fresh copies made inside the measurement, so that an index keeping the strings it is given pays for them.
    const { value, bytes: kept } = retained(() =>
      PackedPrefixIndex.from(names.map((name) => Buffer.from(name, "utf8").toString("utf8"))),
    );
    expectThat(
      `the heap kept by PackedPrefixIndex.from(${names.length} names)`,
      kept <= names.length * BYTES_PER_NAME + HEAP_NOISE,
      `at most ${BYTES_PER_NAME} bytes a name: ${Math.round((names.length * BYTES_PER_NAME + HEAP_NOISE) / 1024)} KiB`,
      `${Math.round(kept / 1024)} KiB, ${(kept / names.length).toFixed(1)} bytes a name`,
      `a Map (or an object) per character costs hundreds of bytes a name: keep the UTF-8 in one buffer; ${READ.packed}`,
    );
    expectEqual("the index measured, index.size", names.length, value.size);
  });
});
