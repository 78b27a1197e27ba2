// Stage 22.6: the filter in Redis. Your RedisBloom talks to Redis through a relay that counts the
// commands it sends (fixtures/command-counter.ts); what is stored is read by the checks' own
// client, straight from Redis, and compared with an in-process BloomFilter of the same names: the
// same bits in the same order, so the same answers, false positives included.
import { BATCH_KEYS, BloomFilter, RedisBloom } from "@lab/src/unamex/index.ts";
import { Redis } from "ioredis";
import { afterAll, beforeAll, test } from "vitest";
import { checkSeed } from "../../../shared/check/random.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { type RedisNamespace, redis } from "../../../shared/services/index.ts";
import { expectArgumentError, expectEqual, expectError, expectThat, run } from "./expect.ts";
import { CommandCounter } from "./fixtures/command-counter.ts";
import { absentNames, addedNames } from "./fixtures/names.ts";

const CAPACITY = 10_000;
/** What one add or lookup may send: one BITFIELD(_RO), or one script or function call. */
const ONE_CALL = new Set(["BITFIELD", "BITFIELD_RO", "EVALSHA", "EVAL", "EVALSHA_RO", "EVAL_RO", "FCALL", "FCALL_RO"]);

await stageWith([redis], "22.6", (service) => {
  let ns: RedisNamespace;
  let counter: CommandCounter;
  let witness: Redis;
  const clients: Redis[] = [];

  beforeAll(async () => {
    ns = await service.isolate();
    counter = await CommandCounter.start(service.host, service.port);
    witness = new Redis(ns.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    for (const client of [...clients, witness]) client?.disconnect();
    await counter?.close();
  });

  /** A client of yours, through the counting relay, connected and ready. */
  async function client(): Promise<Redis> {
    const connection = new Redis({ host: "127.0.0.1", port: counter.port, db: ns.db, maxRetriesPerRequest: 1 });
    clients.push(connection);
    await connection.ping();
    return connection;
  }

  const keyOf = (name: string) => `${ns.keyPrefix}${name}`;

  /** The bits stored at `key`, read by the checks' client and padded to ⌈m/8⌉ bytes as Redis implies. */
  async function storedBits(key: string, bits: number): Promise<string> {
    const value = (await witness.getBuffer(key)) ?? Buffer.alloc(0);
    const padded = Buffer.alloc(Math.max(value.length, Math.ceil(bits / 8)));
    value.copy(padded);
    return padded.toString("base64");
  }

  function inProcess(names: readonly string[]): BloomFilter {
    const filter = BloomFilter.forCapacity(CAPACITY, 0.01);
    filter.addAll(names);
    return filter;
  }

  test("add() and has() send one command each; add() says whether the key was new", async () => {
    const redisClient = await client();
    const key = keyOf("one-call");
    const bloom = await run(`RedisBloom.open(redis, "${key}", ${CAPACITY}, 0.01)`, () =>
      RedisBloom.open(redisClient, key, CAPACITY, 0.01),
    );
    // A script may be loaded on first use (EVALSHA answered NOSCRIPT, then EVAL): not counted.
    await run('add("warm-up"); has("warm-up")', async () => [await bloom.add("warm-up"), await bloom.has("warm-up")]);
    for (const name of addedNames(checkSeed(), 20)) {
      for (const [call, expected, why] of [
        [`add(${JSON.stringify(name)})`, true, "a new key sets a bit that was 0"],
        [`then add(${JSON.stringify(name)}) again`, false, "every bit it sets is already 1"],
        [`then has(${JSON.stringify(name)})`, true, "a key added is always found"],
      ] as const) {
        let answer: boolean | undefined;
        const sent = await counter.during(async () => {
          answer = await run(call, () => (call.includes("has(") ? bloom.has(name) : bloom.add(name)));
        });
        expectEqual(call, expected, answer, why);
        expectThat(
          `the commands ${call} sent to Redis`,
          sent.length === 1 && ONE_CALL.has(sent[0]!),
          "exactly one: BITFIELD or BITFIELD_RO with every position (or one script call)",
          sent.join(", ") || "none",
          "one command per key: k GETBITs or SETBITs are k round trips, and other clients' commands can run between them",
        );
      }
    }
    const absent = absentNames(checkSeed(), 200);
    const found = await run("has() of 200 names never added", async () => {
      let hits = 0;
      for (const name of absent) if (await bloom.has(name)) hits++;
      return hits;
    });
    expectThat("of 200 names never added, those has() finds", found < 20, "a few at most (1% expected)", found);
  });

  test("addMany() and hasMany() send one command per BATCH_KEYS keys, and store the bits of the filter in process", async () => {
    expectEqual("BATCH_KEYS", 1_000, BATCH_KEYS);
    const redisClient = await client();
    const key = keyOf("batches");
    const bloom = await run(`RedisBloom.open(redis, "${key}", ${CAPACITY}, 0.01)`, () =>
      RedisBloom.open(redisClient, key, CAPACITY, 0.01),
    );
    const names = addedNames(checkSeed(), 5_500);
    const filter = inProcess([]);
    const expectedAdded = filter.addAll(names);
    let added: number | undefined;
    const sent = await counter.during(async () => {
      added = await run(`addMany(${names.length} names)`, () => bloom.addMany(names));
    });
    expectThat(
      `the commands addMany(${names.length} names) sent`,
      // ⌈5,500 / 1,000⌉ = 6, and one more if a script is loaded on its first call.
      sent.length <= 7 && sent.some((name) => ONE_CALL.has(name)),
      "6 commands: one per 1,000 keys",
      `${sent.length}: ${sent.slice(0, 8).join(", ")}${sent.length > 8 ? ", …" : ""}`,
      "one BITFIELD with the positions of BATCH_KEYS keys",
    );
    expectEqual(
      `addMany(${names.length} names): the keys that set a new bit`,
      expectedAdded,
      added,
      "count a key when one of its k old bits was 0 (the reply of BITFIELD SET is the old values)",
    );
    expectEqual(
      `the value of "${key}" in Redis, against the bits of an in-process BloomFilter of the same names (base64)`,
      Buffer.from(filter.toBytes()).toString("base64"),
      await storedBits(key, filter.bits),
      "BITFIELD u1 at offset i is bit i counted from the most significant bit of byte 0, as in bit-array.ts",
    );
    const probes = absentNames(checkSeed(), 3_000);
    let answers: boolean[] | undefined;
    const lookups = await counter.during(async () => {
      answers = await run(`hasMany(${probes.length} names never added)`, () => bloom.hasMany(probes));
    });
    expectThat(
      `the commands hasMany(${probes.length} names) sent`,
      lookups.length <= 4,
      "3 commands: one per 1,000 keys",
      lookups.length,
    );
    expectEqual(
      `hasMany(${probes.length} names never added), against filter.has() of each`,
      probes.map((name) => filter.has(name)),
      answers,
      "the same bits give the same answers, the same false positives included",
    );
  });

  test("adds from four clients at once lose nothing", async () => {
    const key = keyOf("concurrent");
    const names = addedNames(checkSeed() + 1, 8_000);
    const blooms = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const redisClient = await client();
        return run(`client ${i}: RedisBloom.open(redis, "${key}", ${CAPACITY}, 0.01)`, () =>
          RedisBloom.open(redisClient, key, CAPACITY, 0.01),
        );
      }),
    );
    // Each client adds its quarter, partly in batches and partly one by one, all four at once.
    await run("four clients' addMany() and add() at once", () =>
      Promise.all(
        blooms.map(async (bloom, i) => {
          const quarter = names.slice(i * 2_000, (i + 1) * 2_000);
          const single = quarter.slice(0, 100);
          await Promise.all([bloom.addMany(quarter.slice(100)), ...single.map((name) => bloom.add(name))]);
        }),
      ),
    );
    const filter = inProcess(names);
    expectEqual(
      `the value of "${key}" after four clients added 2,000 names each, against an in-process filter of all 8,000 (base64)`,
      Buffer.from(filter.toBytes()).toString("base64"),
      await storedBits(key, filter.bits),
      "every add must be one atomic command: reading the bits, changing them here and writing them back loses the adds made in between",
    );
  });

  test("open() refuses a key made with other parameters, and shares the bits of one made with the same", async () => {
    const redisClient = await client();
    const key = keyOf("parameters");
    const first = await run(`RedisBloom.open(redis, "${key}", ${CAPACITY}, 0.01)`, () =>
      RedisBloom.open(redisClient, key, CAPACITY, 0.01),
    );
    await run('add("ada")', () => first.add("ada"));
    for (const [capacity, rate] of [
      [CAPACITY * 2, 0.01],
      [CAPACITY, 0.001],
    ] as const)
      await expectError(
        `then RedisBloom.open(redis, "${key}", ${capacity}, ${rate})`,
        () => RedisBloom.open(redisClient, key, capacity, rate),
        "a RangeError: the key holds a filter of other parameters",
        (error) => error instanceof RangeError,
        "store the parameters beside the bits with SET … NX, and compare what is stored with what was asked",
      );
    const second = await run(`then RedisBloom.open(redis, "${key}", ${CAPACITY}, 0.01) again`, () =>
      RedisBloom.open(redisClient, key, CAPACITY, 0.01),
    );
    expectEqual('the second RedisBloom: has("ada")', true, await run('has("ada")', () => second.has("ada")));
    await expectArgumentError(
      'RedisBloom.open(redis, "", 1000, 0.01)',
      "redisKey",
      () => RedisBloom.open(redisClient, "", 1_000, 0.01),
      "a Redis key must be a non-empty string",
    );
  });

  test("load() stores a filter built in process, and toFilter() reads the bits back", async () => {
    const redisClient = await client();
    const key = keyOf("load");
    const bloom = await run(`RedisBloom.open(redis, "${key}", ${CAPACITY}, 0.01)`, () =>
      RedisBloom.open(redisClient, key, CAPACITY, 0.01),
    );
    const empty = await run("toFilter() of a filter nothing was added to", () => bloom.toFilter());
    expectEqual(
      'toFilter() of an empty filter: has("ada")',
      false,
      empty.has("ada"),
      "no key in Redis means no bit set",
    );
    // A few names set bits far from the end of the string: Redis keeps it only as long as its last set bit.
    await run('add("ada"); add("bo")', async () => [await bloom.add("ada"), await bloom.add("bo")]);
    const sparse = await run("toFilter() of a filter of two names", () => bloom.toFilter());
    expectEqual(
      "toFilter() of a filter of two names: its bits",
      Buffer.from(inProcess(["ada", "bo"]).toBytes()).toString("base64"),
      Buffer.from(sparse.toBytes()).toString("base64"),
      "Redis stores a string only as long as its last set bit: pad it with zeros to ⌈m/8⌉ bytes",
    );
    const names = addedNames(checkSeed() + 2, CAPACITY);
    const filter = inProcess(names);
    await run(`load(a filter of ${CAPACITY} names)`, () => bloom.load(filter));
    expectEqual(
      `the value of "${key}" after load()`,
      Buffer.from(filter.toBytes()).toString("base64"),
      await storedBits(key, filter.bits),
    );
    const back = await run("toFilter()", () => bloom.toFilter());
    expectEqual(
      "toFilter() after load(): its bits",
      Buffer.from(filter.toBytes()).toString("base64"),
      Buffer.from(back.toBytes()).toString("base64"),
    );
    const other = BloomFilter.forCapacity(CAPACITY * 2, 0.01);
    await expectError(
      `load(a filter for ${CAPACITY * 2} keys) into a RedisBloom for ${CAPACITY}`,
      () => bloom.load(other),
      "a RangeError: the filter's parameters are not the key's",
      (error) => error instanceof RangeError,
      "compare bits and hashes before writing",
    );
  });
});
