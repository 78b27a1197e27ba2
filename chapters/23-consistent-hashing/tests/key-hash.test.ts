// Stage 23.1: the key hash. Every number here was published or computed apart from your code:
// FNV-1a 64 from the FNV reference's test vectors, mix64 from SplitMix64's reference outputs, and
// keyHash of non-ASCII and long keys from an independent implementation (Python's int arithmetic
// over str.encode("utf-8")). Then the spread of the bits on keys that differ only at the end.
import { fnv1a64, keyHash, mix64 } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, expectThat, hex } from "./expect.ts";

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** [what, bytes, FNV-1a 64]: the vectors of the FNV reference (test_fnv.c), and bytes above 0x7f. */
const FNV_VECTORS: ReadonlyArray<readonly [string, Uint8Array, bigint]> = [
  ['"" (the offset basis)', ascii(""), 0xcbf29ce484222325n],
  ['"a"', ascii("a"), 0xaf63dc4c8601ec8cn],
  ['"b"', ascii("b"), 0xaf63df4c8601f1a5n],
  ['"foobar"', ascii("foobar"), 0x85944171f73967e8n],
  ['"chongo was here!\\n"', ascii("chongo was here!\n"), 0x46810940eff5f915n],
  ["the bytes ff 00 00 01", bytes(0xff, 0x00, 0x00, 0x01), 0x6961196491cc682dn],
  ["the byte 80", bytes(0x80), 0xaf643d4c8602915fn],
];

/** SplitMix64 from state 0 (Vigna's splitmix64.c): output k is mix64(k × 0x9e3779b97f4a7c15 mod 2^64). */
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
const SPLITMIX_OUTPUTS = [0xe220a8397b1dcdafn, 0x6e789e6aa1b965f4n, 0x06c45d188009454fn, 0xf88bb8a8724c81ecn];

/** [key, why, keyHash]: mix64(FNV-1a 64 of the key's UTF-8 bytes). */
const KEY_HASHES: ReadonlyArray<readonly [string, string, bigint]> = [
  ["", "the empty key: mix64 of the offset basis", 0xf52a15e9a9b5e89bn],
  ["ada", "an ASCII name", 0x7d3c4ad372fc321dn],
  ["ada1", "one more character", 0x731cf5c9bab6f69cn],
  ["ada2", "and another one: the high bits differ too", 0xe86ad7576422e900n],
  ["shard-0#0", "the label of a ring point", 0xf921b31cc0d686a3n],
  ["straße", "ß is two bytes in UTF-8 (c3 9f), one unit in UTF-16", 0x392b421b74e861ban],
  ["\u0440\u0430\u0443\u0440\u0430\u04CF", "Cyrillic раураӏ: two bytes a letter", 0x7c2597bb485d905en],
  ["\u{1D400}", "𝐀, outside the BMP: four bytes in UTF-8, two surrogates in UTF-16", 0x7febfd0682bf3c61n],
  ["ß".repeat(2000), "2,000 × ß: 4,000 bytes of UTF-8", 0x50d82681ec4bc849n],
  ["x".repeat(5000), "5,000 × x: a long key", 0xa9a99fa37c689256n],
];

const keyText = (key: string) =>
  key.length > 20 ? `${JSON.stringify(key.slice(0, 6))} × ${key.length}` : JSON.stringify(key);

/** Keys that differ only in their last characters: user0 … user65535. */
const SEQUENTIAL = 65_536;

stage("23.1", () => {
  test("fnv1a64() matches the published FNV-1a 64 test vectors", () => {
    for (const [what, input, expected] of FNV_VECTORS) {
      const call_ = `fnv1a64(${what})`;
      const received = call(call_, () => fnv1a64(input));
      expectEqual(
        call_,
        hex(expected),
        typeof received === "bigint" ? hex(received) : received,
        "for each byte: hash ^= byte, then hash = (hash × FNV_PRIME) mod 2^64 (BigInt.asUintN(64, …))",
      );
    }
  });

  test("mix64() gives SplitMix64's reference outputs, and maps 0 to 0", () => {
    for (const [index, expected] of SPLITMIX_OUTPUTS.entries()) {
      const input = BigInt.asUintN(64, BigInt(index + 1) * GOLDEN_GAMMA);
      const what = `mix64(${hex(input)}n), SplitMix64's output ${index + 1} from state 0`;
      const received = call(what, () => mix64(input));
      expectEqual(
        what,
        hex(expected),
        typeof received === "bigint" ? hex(received) : received,
        "z ^= z >> 30; z *= 0xbf58476d1ce4e5b9; z ^= z >> 27; z *= 0x94d049bb133111eb; z ^= z >> 31 — each product mod 2^64",
      );
    }
    expectEqual(
      "mix64(0n)",
      0n,
      call("mix64(0n)", () => mix64(0n)),
      "every step of the mixer keeps 0 at 0",
    );
  });

  test("keyHash() is mix64 of FNV-1a 64 over the key's UTF-8 bytes", () => {
    for (const [key, why, expected] of KEY_HASHES) {
      const what = `keyHash(${keyText(key)})`;
      const received = call(what, () => keyHash(key));
      expectEqual(
        what,
        hex(expected),
        typeof received === "bigint" ? hex(received) : received,
        `${why}; encode with TextEncoder (UTF-8), hash with fnv1a64, finish with mix64`,
      );
    }
  });

  test(`keyHash() spreads ${SEQUENTIAL} keys that differ only at the end over every bit and every top byte`, () => {
    const ones = new Array<number>(64).fill(0);
    const topBytes = new Array<number>(256).fill(0);
    for (let i = 0; i < SEQUENTIAL; i++) {
      const hash = call(`keyHash("user${i}")`, () => keyHash(`user${i}`));
      expectThat(
        `keyHash("user${i}")`,
        typeof hash === "bigint" && hash >= 0n && hash < 2n ** 64n,
        "an unsigned 64-bit integer, a bigint in [0, 2^64)",
        hash,
        "keep every product in 64 bits with BigInt.asUintN(64, …), never asIntN",
      );
      const high = Number(hash >> 32n);
      const low = Number(hash & 0xffffffffn);
      for (let bit = 0; bit < 32; bit++) {
        ones[bit]! += (low >>> bit) & 1;
        ones[bit + 32]! += (high >>> bit) & 1;
      }
      topBytes[high >>> 24]!++;
    }
    // A bit set with probability 1/2 is set 32,768 ± 128 (one deviation) times in 65,536 keys;
    // 768 is six deviations. FNV-1a alone misses it by thousands in its high bits.
    const worstBit = ones.reduce(
      (worst, count, bit) => (Math.abs(count - 32_768) > Math.abs(ones[worst]! - 32_768) ? bit : worst),
      0,
    );
    expectThat(
      `how often each of the 64 bits is set in keyHash("user0") … keyHash("user65535")`,
      Math.abs(ones[worstBit]! - 32_768) <= 768,
      "every bit 32,768 ± 768 times (half the keys, within six deviations)",
      `bit ${worstBit} is set ${ones[worstBit]} times`,
      "FNV-1a alone leaves the high bits of keys that differ only at the end nearly equal: finish with mix64",
    );
    // Each of the 256 top bytes is expected 256 ± 16 times; ±30% is almost five deviations.
    const emptiest = Math.min(...topBytes);
    const fullest = Math.max(...topBytes);
    expectThat(
      "how many of the 65,536 hashes have each value of the top byte (hash >> 56)",
      emptiest >= 180 && fullest <= 332,
      "every top byte 256 ± 30%: 180 to 332 times",
      `from ${emptiest} to ${fullest} times`,
      "a ring orders keys by their high bits first: they must be as random as the low ones",
    );
  });
});
