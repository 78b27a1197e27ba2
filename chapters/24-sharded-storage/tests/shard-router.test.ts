// Stage 24.1: the shard set and its router. Four fresh databases; every name the checks claim or
// plant is read back by the checks' own client from every shard, so a name stored on the wrong
// shard, or on two, is seen where it is.
import { HashRing, NameTakenError, ShardSet } from "@lab/src/unamex/index.ts";
import { afterAll, test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { call, expectEqual, expectRefusal, expectThat, run } from "./expect.ts";
import { generatedNames } from "./fixtures/names.ts";
import { emptyAll, keysOn, shardNames, useShardDatabases, witness } from "./fixtures/shards.ts";

const FOUR = shardNames(4);
const HINT = "read the lesson's section A shard set";
/** Upper case maps back to the same name for ASCII only (the Turkish ı would not come back). */
const ASCII = /^[\x20-\x7e]*$/;

await stageWith([postgres], "24.1", (service) => {
  let set: ShardSet | undefined;
  const dbs = useShardDatabases(service, 4, async () => set?.close());
  afterAll(() => set?.close());
  const open = (): ShardSet => (set ??= call("new ShardSet(4 database URLs)", () => new ShardSet(dbs.urls())));

  /** The shard of each of `keys`, as the checks read it from every shard: key → the shards holding it. */
  async function whereStored(): Promise<Map<string, string[]>> {
    const where = new Map<string, string[]>();
    const urls = dbs.urls();
    for (const [i, url] of urls.entries())
      for (const key of await keysOn(url)) where.set(key, [...(where.get(key) ?? []), FOUR[i]!]);
    return where;
  }

  test("names its shards shard-0 … shard-3 and places each name where a HashRing over them places its canonical form", async () => {
    const set = open();
    expectEqual(
      "set.shards.map((shard) => shard.name)",
      FOUR,
      call("set.shards", () => set.shards.map((s) => s.name)),
    );
    expectEqual(
      "set.picker.nodes (no picker given)",
      FOUR,
      [...set.picker.nodes],
      "the default picker is new HashRing(the shard names)",
    );
    const ring = new HashRing(FOUR);
    const { names } = await generatedNames(2_000);
    for (const { typed, key } of names.slice(0, 500)) {
      const what = `set.shardOf(${JSON.stringify(typed)})`;
      expectEqual(
        what,
        ring.pick(key),
        call(what, () => set.shardOf(typed)),
        `the picker places the canonical name (${JSON.stringify(key)}), never the name as typed`,
      );
    }
  });

  test("createSchema() makes the usernames table on every shard: name (the key), typed, created_at", async () => {
    const set = open();
    await run("set.createSchema()", () => set.createSchema());
    for (const [i, url] of dbs.urls().entries()) {
      const columns = await witness<{ column_name: string }>(
        url,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'usernames' ORDER BY ordinal_position",
      );
      expectEqual(
        `the columns of usernames on ${FOUR[i]}`,
        ["name", "typed", "created_at"],
        columns.map((c) => c.column_name),
        HINT,
      );
    }
  });

  test("claim() stores the canonical name and the name as typed on its shard, and on no other", async () => {
    const set = open();
    await emptyAll(dbs.urls());
    const { names } = await generatedNames(2_000);
    const claimed = names.slice(0, 200);
    for (const { typed, key } of claimed) {
      const what = `set.claim(${JSON.stringify(typed)})`;
      const row = await run(what, () => set.claim(typed));
      expectThat(
        what,
        row?.name === key && row.typed === typed && row.createdAt instanceof Date,
        `{ name: ${JSON.stringify(key)}, typed: ${JSON.stringify(typed)}, createdAt: a Date }`,
        row,
        "resolve with the row as stored: the canonical name, the name as typed, created_at as the server set it",
      );
    }
    const where = await whereStored();
    const ring = new HashRing(FOUR);
    for (const { typed, key } of claimed)
      expectEqual(
        `the shards holding "${key}" after set.claim(${JSON.stringify(typed)})`,
        [ring.pick(key)],
        where.get(key) ?? [],
        HINT,
      );
    expectEqual("rows on all four shards", claimed.length, [...where.values()].flat().length);
    const typedBack = await witness<{ typed: string }>(
      dbs.urls()[FOUR.indexOf(ring.pick(claimed[0]!.key))]!,
      "SELECT typed FROM usernames WHERE name = $1",
      [claimed[0]!.key],
    );
    expectEqual(`the typed column of "${claimed[0]!.key}"`, [{ typed: claimed[0]!.typed }], typedBack);
  });

  test("a taken name is a NameTakenError in every typed form, and of five claims at once exactly one wins", async () => {
    const set = open();
    await emptyAll(dbs.urls());
    await run('set.claim("Ada.Lovelace")', () => set.claim("Ada.Lovelace"));
    for (const variant of ["Ada.Lovelace", "ADA.LOVELACE", "ａｄａ.ｌｏｖｅｌａｃｅ"])
      await expectRefusal(
        `set.claim(${JSON.stringify(variant)}) after set.claim("Ada.Lovelace")`,
        () => set.claim(variant),
        NameTakenError,
        "ada.lovelace",
        "insert and let the primary key refuse the second row: catch the UniqueViolation (23505) and throw a NameTakenError naming the canonical name",
      );
    const racers = Array.from({ length: 5 }, () => set.claim("Grace_Hopper"));
    const outcomes = await Promise.allSettled(racers);
    const won = outcomes.filter((o) => o.status === "fulfilled").length;
    const taken = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof NameTakenError).length;
    expectThat(
      'five set.claim("Grace_Hopper") at once',
      won === 1 && taken === 4,
      "one resolves, four reject with NameTakenError",
      outcomes.map((o) => (o.status === "fulfilled" ? "resolved" : String(o.reason))),
      "a SELECT before the INSERT lets two claims both see the name free: let the INSERT decide",
    );
    const where = await whereStored();
    expectEqual(
      "the rows on all four shards",
      [
        ["ada.lovelace", 1],
        ["grace_hopper", 1],
      ],
      [...where].map(([k, s]) => [k, s.length]).sort(),
    );
  });

  test("exists() and existsMany() find taken names in any typed form and answer in the order asked", async () => {
    const set = open();
    await emptyAll(dbs.urls());
    const { names } = await generatedNames(2_000);
    const ring = new HashRing(FOUR);
    // Every other name is planted by the checks on the shard the ring names; the rest stay free.
    const taken = names.filter((_, i) => i % 2 === 0);
    for (const [i, url] of dbs.urls().entries()) {
      const here = taken.filter((n) => ring.pick(n.key) === FOUR[i]);
      await witness(url, "INSERT INTO usernames (name, typed) SELECT * FROM unnest($1::text[], $2::text[])", [
        here.map((n) => n.key),
        here.map((n) => n.typed),
      ]);
    }
    const asked = names.map((n, i) => (i % 4 === 0 && ASCII.test(n.typed) ? n.typed.toUpperCase() : n.typed));
    const what = `set.existsMany(${asked.length} names, every other one taken, some upper-cased)`;
    const answers = await run(what, () => set.existsMany(asked));
    const expected = names.map((_, i) => i % 2 === 0);
    const wrong = expected.flatMap((want, i) =>
      answers?.[i] === want ? [] : [`${JSON.stringify(asked[i])}: ${answers?.[i]}`],
    );
    expectThat(
      what,
      Array.isArray(answers) && answers.length === asked.length && wrong.length === 0,
      `${asked.length} booleans, true exactly for the taken ones`,
      wrong.length > 0 ? `wrong for ${wrong.length}: ${wrong.slice(0, 5).join(", ")}` : answers,
      "normalize each name, group the canonical names by shard, and ask each shard once with name = ANY($1)",
    );
    for (const [index, want] of [
      [0, true],
      [1, false],
    ] as const) {
      const name = names[index]!.typed;
      expectEqual(
        `set.exists(${JSON.stringify(name)})`,
        want,
        await run(`set.exists(${JSON.stringify(name)})`, () => set.exists(name)),
      );
    }
  });
});
