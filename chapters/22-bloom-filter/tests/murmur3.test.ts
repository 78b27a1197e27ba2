// Stage 22.2: MurmurHash3_x86_32 against the published test vectors (SMHasher's reference code as
// collected by Ian Boyd, and those of Bitcoin Core's hash tests), each a UTF-8 string, a seed
// and the hash as an unsigned 32-bit number. Half of them have the top bit set: a hash that comes
// back negative has read those bits as a sign.
import { HASH_SEEDS, keyHashes, murmur3x86_32 } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectArgumentError, expectEqual, expectThat } from "./expect.ts";
import { addedNames } from "./fixtures/names.ts";

/** [text (hashed as UTF-8), seed, MurmurHash3_x86_32]. */
const VECTORS: ReadonlyArray<readonly [string, number, number]> = [
  ["", 0, 0x00000000],
  ["", 1, 0x514e28b7],
  ["", 0xffffffff, 0x81f16f39],
  ["\0\0\0\0", 0, 0x2362f9de],
  ["\0\0\0", 0, 0x85f0b427],
  ["\0\0", 0, 0x30f4c306],
  ["\0", 0, 0x514e28b7],
  ["a", 0x9747b28c, 0x7fa09ea6],
  ["aa", 0x9747b28c, 0x5d211726],
  ["aaa", 0x9747b28c, 0x283e0130],
  ["aaaa", 0x9747b28c, 0x5a97808a],
  ["ab", 0x9747b28c, 0x74875592],
  ["abc", 0x9747b28c, 0xc84a62dd],
  ["abcd", 0x9747b28c, 0xf0478627],
  ["abc", 0, 0xb3dd93fa],
  ["test", 0, 0xba6bd213],
  ["Hello, world!", 0x9747b28c, 0x24884cba],
  ["Hello, world!", 1234, 0xfaf6cdb3],
  ["ππππππππ", 0x9747b28c, 0xd58063c1],
  ["a".repeat(256), 0x9747b28c, 0x37405bdc],
  ["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 0, 0xee925b90],
  ["The quick brown fox jumps over the lazy dog", 0x9747b28c, 0x2fa826cd],
];

const hex = (n: number) => (Number.isInteger(n) && n >= 0 ? `0x${n.toString(16).padStart(8, "0")}` : String(n));

stage("22.2", () => {
  test("murmur3x86_32() gives the published test vectors, as unsigned numbers", () => {
    for (const [text, seed, hash] of VECTORS) {
      const shown =
        text.length > 24 ? `${JSON.stringify(text.slice(0, 12))}… (${text.length} chars)` : JSON.stringify(text);
      const what = `murmur3x86_32(Buffer.from(${shown}), ${hex(seed)})`;
      const received = call(what, () => murmur3x86_32(Buffer.from(text, "utf8"), seed));
      expectEqual(
        what,
        hex(hash),
        hex(received),
        received < 0
          ? "a negative hash: the top bit was read as a sign; end with h >>> 0"
          : "multiply with Math.imul (a * b on doubles loses the low bits), read blocks and the tail little-endian, mix in the length",
      );
    }
  });

  test("keyHashes(name) is MurmurHash3 of the name's UTF-8 bytes with each of HASH_SEEDS", () => {
    expectEqual("HASH_SEEDS", [0, 0x9747b28c], [...HASH_SEEDS]);
    for (const [text, index, hash] of [
      ["abc", 0, 0xb3dd93fa],
      ["test", 0, 0xba6bd213],
      ["Hello, world!", 1, 0x24884cba],
      ["ππππππππ", 1, 0xd58063c1],
      ["The quick brown fox jumps over the lazy dog", 1, 0x2fa826cd],
    ] as const) {
      const what = `keyHashes(${JSON.stringify(text)})[${index}]`;
      const received = call(what, () => keyHashes(text))[index];
      expectEqual(
        what,
        hex(hash),
        hex(received ?? Number.NaN),
        "hash the UTF-8 bytes (TextEncoder), not the UTF-16 code units: π is two bytes, 0xcf 0x80",
      );
    }
  });

  test("keyHashes() of long and non-Latin names hashes all of their bytes", () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    // Long names of two-, three- and four-byte characters: a buffer sized by .length cuts them short.
    const alphabet = ["ж", "ß", "π", "€", "あ", "𝐀", "a"];
    for (let i = 0; i < 200; i++) {
      let name = "";
      const length = 1 + Math.floor(random() * 300);
      while (name.length < length) name += alphabet[Math.floor(random() * alphabet.length)];
      const bytes = Buffer.from(name, "utf8");
      const what = `keyHashes(a ${name.length}-unit name of ${bytes.length} UTF-8 bytes: ${JSON.stringify(name.slice(0, 8))}…)`;
      expectEqual(
        what,
        [hex(murmur3x86_32(bytes, 0)), hex(murmur3x86_32(bytes, 0x9747b28c))],
        call(what, () => keyHashes(name)).map(hex),
        `room for 3 UTF-8 bytes per UTF-16 unit before encodeInto(), and hash the bytes written; ${reproduceLine(seed, "22", "22.2")}`,
      );
    }
  });

  test("the hashes of 100,000 names are unsigned and spread evenly over the low bits", () => {
    const names = addedNames(checkSeed(), 100_000);
    const buckets = 1_024;
    const counts = [new Array<number>(buckets).fill(0), new Array<number>(buckets).fill(0)];
    for (const name of names) {
      const hashes = call(`keyHashes(${JSON.stringify(name)})`, () => keyHashes(name));
      for (const [which, hash] of hashes.entries()) {
        expectThat(
          `keyHashes(${JSON.stringify(name)})[${which}]`,
          Number.isInteger(hash) && hash >= 0 && hash <= 0xffffffff,
          "an unsigned 32-bit integer",
          hash,
          "h >>> 0 turns the signed result of ^ and Math.imul into the unsigned hash",
        );
        counts[which]![hash % buckets]!++;
      }
    }
    // Chi-square of 100,000 hashes over 1,024 buckets: 1,023 degrees of freedom, mean 1,023 and
    // standard deviation √(2 · 1,023) ≈ 45. A good hash stays below mean + 6 σ = 1,293 for any seed.
    const expected = names.length / buckets;
    for (const [which, bucketCounts] of counts.entries()) {
      const chiSquare = bucketCounts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
      expectThat(
        `χ² of keyHashes(name)[${which}] % 1024 over ${names.length} names`,
        chiSquare < 1_293,
        "below 1,293 (1,023 expected for an even spread)",
        chiSquare.toFixed(0),
        "the finalizer (fmix32) is what spreads the last bytes' differences over the low bits",
      );
    }
  });

  test("keyHashes() refuses a key that is not a string with a TypeError", async () => {
    for (const key of [42, null, undefined, ["ada"]])
      await expectArgumentError(
        `keyHashes(${JSON.stringify(key) ?? "undefined"})`,
        "string",
        () => keyHashes(key as string),
        'keys are names: check typeof key === "string" first',
      );
  });
});
