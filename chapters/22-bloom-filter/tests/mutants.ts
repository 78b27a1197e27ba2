// Mistakes a learner could make in chapter 22, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const SIZING = "src/unamex/bloom/sizing.ts";
const MURMUR3 = "src/unamex/bloom/murmur3.ts";
const KEY_HASHES = "src/unamex/bloom/key-hashes.ts";
const DOUBLE_HASHING = "src/unamex/bloom/double-hashing.ts";
const FILTER = "src/unamex/bloom/bloom-filter.ts";
const SERIALIZE = "src/unamex/bloom/serialize.ts";
const REDIS = "src/unamex/bloom/redis-bloom.ts";
const STATS = "src/unamex/bloom/stats.ts";

const M_FORMULA = "const bits = Math.ceil((-capacity * Math.log(errorRate)) / (Math.LN2 * Math.LN2));";

export const MUTANTS: Mutant[] = [
  {
    stage: "22.1",
    file: SIZING,
    from: M_FORMULA,
    to: "const bits = Math.round((-capacity * Math.log(errorRate)) / (Math.LN2 * Math.LN2));",
    what: "m rounded to the nearest bit instead of up: a hair fewer bits than the rate needs",
  },
  {
    stage: "22.1",
    file: SIZING,
    from: M_FORMULA,
    to: "const bits = Math.ceil((-capacity * Math.log(errorRate)) / Math.LN2);",
    what: "(ln 2)² written ln 2: 6.6 bits a key instead of 9.6",
  },
  {
    stage: "22.1",
    file: SIZING,
    from: M_FORMULA,
    to: "const bits = Math.ceil((-capacity * Math.log10(errorRate)) / (Math.LN2 * Math.LN2));",
    what: "log10 taken for ln",
  },
  {
    stage: "22.1",
    file: SIZING,
    from: "const hashes = Math.round((bits / capacity) * Math.LN2);",
    to: "const hashes = Math.ceil((bits / capacity) * Math.LN2);",
    what: "k rounded up: 5 hashes where 4.3 asks for 4",
  },
  {
    stage: "22.1",
    file: SIZING,
    from: `if (typeof capacity !== "number" || !Number.isSafeInteger(capacity) || capacity < 1)`,
    to: `if (typeof capacity !== "number" || capacity < 1)`,
    what: "capacity not checked to be whole: 1.5, NaN and Infinity go through",
  },
  {
    stage: "22.1",
    file: SIZING,
    from: `typeof errorRate !== "number" || !(errorRate >= MIN_ERROR_RATE && errorRate <= MAX_ERROR_RATE)`,
    to: `typeof errorRate !== "number" || !(errorRate > 0 && errorRate < 1)`,
    what: "any rate between 0 and 1 accepted: 0.6 sizes a filter whose k rounds to 1 from below ½",
  },
  {
    stage: "22.1",
    file: SIZING,
    from: "return (1 - Math.exp((-hashes * count) / bits)) ** hashes;",
    to: "return (1 - Math.exp((-count) / bits)) ** hashes;",
    what: "the expected rate forgets that each key sets k bits",
  },
  {
    stage: "22.2",
    file: MURMUR3,
    from: "  return h >>> 0;",
    to: "  return h;",
    what: "the sign bug: the hash comes back as a signed 32-bit number, negative half the time",
  },
  {
    stage: "22.2",
    file: MURMUR3,
    from: "  h = Math.imul(h, 0x85ebca6b);",
    to: "  h = h * 0x85ebca6b;",
    what: "a * b for a 32-bit multiply: the double rounds away the low bits",
  },
  {
    stage: "22.2",
    file: MURMUR3,
    from: "    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);",
    to: "    let k = (data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!;",
    what: "blocks read big-endian",
  },
  {
    stage: "22.2",
    file: MURMUR3,
    from: "    if (rest > 2) k |= data[tail + 2]! << 16;\n",
    to: "",
    what: "the third byte of a three-byte tail forgotten",
  },
  {
    stage: "22.2",
    file: MURMUR3,
    from: "  h ^= length;\n",
    to: "",
    what: "the length not mixed in: \\0 and \\0\\0 hash alike",
  },
  {
    stage: "22.2",
    file: KEY_HASHES,
    from: "if (scratch.length < key.length * 3) scratch = Buffer.alloc(key.length * 3);",
    to: "if (scratch.length < key.length) scratch = Buffer.alloc(key.length);",
    what: "room for one byte per UTF-16 unit: long Cyrillic names are cut short before hashing",
  },
  {
    stage: "22.2",
    file: KEY_HASHES,
    from: `const written = scratch.write(key, "utf8");`,
    to: `const written = scratch.write(key, "latin1");`,
    what: "one byte per UTF-16 unit instead of UTF-8: π hashes as 0xc0",
  },
  {
    stage: "22.2",
    file: KEY_HASHES,
    from: "murmur3x86_32(bytes, HASH_SEEDS[1])",
    to: "murmur3x86_32(bytes, HASH_SEEDS[0])",
    what: "both hashes with one seed: h2 = h1",
  },
  {
    stage: "22.3",
    file: DOUBLE_HASHING,
    from: "const step = h2 % bits || 1;",
    to: "const step = h2 % bits;",
    what: "a step of 0 kept: every position is h1, as if k were 1",
  },
  {
    stage: "22.3",
    file: DOUBLE_HASHING,
    from: "    index += step;\n",
    to: "    index = (index + step) | 0;\n",
    what: "| 0 on a sum above 2^31: the position wraps negative",
  },
  {
    stage: "22.3",
    file: DOUBLE_HASHING,
    from: "let index = h1 % bits;",
    to: "let index = h1;",
    what: "h1 not reduced mod m: the first position can be past the last bit",
  },
  {
    stage: "22.3",
    file: DOUBLE_HASHING,
    from: "if (index >= bits) index -= bits;",
    to: "if (index > bits) index -= bits;",
    what: "off by one on the wrap: a position can be m itself",
  },
  {
    stage: "22.3",
    file: FILTER,
    from: `    for (const index of keyIndexes(key, this)) if (!testBit(this.#bytes, index)) return false;
    return true;`,
    to: `    for (const index of keyIndexes(key, this)) if (testBit(this.#bytes, index)) return true;
    return false;`,
    what: "has() true when any of the k bits is set, not all of them",
  },
  {
    stage: "22.3",
    file: FILTER,
    from: `      if (setBit(this.#bytes, index)) {
        added = true;`,
    to: `      if (setBit(this.#bytes, index) || true) {
        added = true;`,
    what: "add() says every key is new",
  },
  {
    stage: "22.4",
    file: MURMUR3,
    from: "  return h >>> 0;",
    to: "  return h | 0;",
    what: "the sign bug: negative hashes, negative positions, writes a typed array ignores — false negatives",
  },
  {
    stage: "22.4",
    file: SIZING,
    from: M_FORMULA,
    to: "const bits = Math.ceil((-capacity * Math.log(errorRate)) / Math.LN2);",
    what: "(ln 2)² written ln 2: the filter is a third too small, and errs 4% of the time",
  },
  {
    stage: "22.4",
    file: FILTER,
    from: "    for (const index of keyIndexes(key, this)) if (!testBit(this.#bytes, index)) return false;",
    to: "    for (const index of keyIndexes(key, this).slice(1)) if (!testBit(this.#bytes, index)) return false;",
    what: "has() looks at k − 1 of the k positions: about 2% false positives instead of 1%",
  },
  {
    stage: "22.4",
    file: DOUBLE_HASHING,
    from: "const step = h2 % bits || 1;",
    to: "const step = (h2 & 0xff) || 1;",
    what: "a step of 8 bits: the k positions huddle within 2,000 bits of h1",
  },
  {
    stage: "22.4",
    file: MURMUR3,
    from: "  if (rest > 0) {",
    to: "  if (rest > 3) {",
    what: "the tail bytes never hashed: names that differ in their last one to three bytes collide",
  },
  {
    stage: "22.5",
    file: SERIALIZE,
    from: `  if (bytes.toString("latin1", 0, 4) !== MAGIC)`,
    to: "  if (false)",
    what: "no magic check: any bytes of the right length are taken for a filter",
  },
  {
    stage: "22.5",
    file: SERIALIZE,
    from: "  if (version !== FORMAT_VERSION)",
    to: "  if (version > FORMAT_VERSION)",
    what: "version 0 accepted",
  },
  {
    stage: "22.5",
    file: SERIALIZE,
    from: "return crc32(bytes.subarray(HEADER_BYTES), crc32(bytes.subarray(0, CRC_AT)));",
    to: "return crc32(bytes.subarray(HEADER_BYTES));",
    what: "the checksum covers the body only: a changed k or n in the header goes unnoticed",
  },
  {
    stage: "22.5",
    file: SERIALIZE,
    from: "  if (bytes.length !== expected)",
    to: "  if (bytes.length < expected)",
    what: "extra bytes after the body accepted",
  },
  {
    stage: "22.5",
    file: SERIALIZE,
    from: "  out.writeUInt32BE(image.bits, 8);",
    to: "  out.writeUInt32LE(image.bits, 8);",
    what: "m written little-endian",
  },
  {
    stage: "22.5",
    file: SERIALIZE,
    from: "const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);",
    to: "const bytes = Buffer.from(data.buffer);",
    what: "a Uint8Array read as its whole underlying buffer, not from its byteOffset",
  },
  {
    stage: "22.5",
    file: FILTER,
    from: "return new BloomFilter(parameters, Uint8Array.from(body));",
    to: "return new BloomFilter(parameters, body);",
    what: "the filter read back keeps a view of the caller's buffer: reusing the buffer changes the filter",
  },
  {
    stage: "22.6",
    file: REDIS,
    from: `    const [found] = await this.hasMany([key]);
    return found === true;`,
    to: `    for (const index of keyIndexes(key, this)) if ((await this.redis.getbit(this.redisKey, index)) === 0) return false;
    return true;`,
    what: "has() with one GETBIT per position: k round trips",
  },
  {
    stage: "22.6",
    file: REDIS,
    from: "    return (await this.addMany([key])) === 1;",
    to: `    let added = false;
    for (const index of keyIndexes(key, this)) if ((await this.redis.setbit(this.redisKey, index, 1)) === 0) added = true;
    return added;`,
    what: "add() with one SETBIT per position: k round trips, and other clients in between",
  },
  {
    stage: "22.6",
    file: REDIS,
    from: `    let added = 0;
    for (const batch of batches(keys)) {
      const old = await this.#bitfield("BITFIELD", "SET", batch, ["1"]);
      for (let at = 0; at < old.length; at += this.hashes) if (old.slice(at, at + this.hashes).includes(0)) added++;
    }
    return added;`,
    to: `    const filter = await this.toFilter();
    const added = filter.addAll(keys);
    await this.load(filter);
    return added;`,
    what: "addMany() reads the bits, adds in process and writes them back: concurrent adds are lost",
  },
  {
    stage: "22.6",
    file: REDIS,
    from: `args.push(op, "u1", String(index), ...value);`,
    to: `args.push(op, "u1", String(index ^ 7), ...value);`,
    what: "bits numbered from the least significant bit of each byte: Redis and the filter in process disagree",
  },
  {
    stage: "22.6",
    file: REDIS,
    from: `await redis.set(paramsKey, wanted, "NX");`,
    to: "await redis.set(paramsKey, wanted);",
    what: "the parameters overwritten by every open(): a filter of other parameters is opened over the same bits",
  },
  {
    stage: "22.6",
    file: REDIS,
    from: `    bytes.set(value.subarray(0, bytes.length));
    return new BloomFilter(parametersOf(this), bytes);`,
    to: "    return new BloomFilter(parametersOf(this), value);",
    what: "toFilter() takes the string as Redis keeps it, shorter than ⌈m/8⌉ bytes when the last bits are 0",
  },
  {
    stage: "22.6",
    file: REDIS,
    from: "if (old.slice(at, at + this.hashes).includes(0)) added++;",
    to: "if (old.slice(at, at + this.hashes).includes(1)) added++;",
    what: "a key counted new when one of its old bits was 1, not 0",
  },
  {
    stage: "22.7",
    file: STATS,
    from: "saturated: estimatedFpr > SATURATION_FACTOR * errorRate,",
    to: "saturated: fillRatio >= 1,",
    what: "saturated only once every bit is set: a filter at 70% false positives says nothing",
  },
  {
    stage: "22.7",
    file: STATS,
    from: "estimatedCount: (-bits / hashes) * Math.log(1 - fillRatio),",
    to: "estimatedCount: (-bits / hashes) * Math.log(fillRatio),",
    what: "the estimated count from ln(X/m) instead of ln(1 − X/m)",
  },
  {
    stage: "22.7",
    file: STATS,
    from: "const fillRatio = bitsSet / bits;",
    to: "const fillRatio = bitsSet / byteLength(bits);",
    what: "the fill ratio over the bytes, not the bits",
  },
  {
    stage: "22.7",
    file: FILTER,
    from: `        added = true;
        this.#bitsSet++;`,
    to: "        added = true;",
    what: "add() does not count the bits it sets: stats() says the filter is empty",
  },
  {
    stage: "22.7",
    file: REDIS,
    from: "await this.redis.bitcount(this.redisKey)",
    to: "(await this.redis.strlen(this.redisKey)) * 8",
    what: "Redis stats from the string's length, not from its bits set",
  },
];
