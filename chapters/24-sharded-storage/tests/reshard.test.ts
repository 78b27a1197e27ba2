// Stage 24.4: from 4 shards to 5. The checks plant chapter 21's names on four of five fresh
// databases where a ring over four places them, and ask your set — made with all five URLs and
// that ring — to reshard to a ring over five. What moved is then counted by the checks on every
// shard, and compared with what chapter 23's movement() predicts for the same names.
import { HashRing, movement, ShardSet } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { reproduceLine } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { call, expectEqual, expectThat, run } from "./expect.ts";
import { type GeneratedName, generatedNames } from "./fixtures/names.ts";
import { keysOn, shardNames, TABLE_SQL, useShardDatabases, witness } from "./fixtures/shards.ts";

const FIVE = shardNames(5);
const FOUR = FIVE.slice(0, 4);
const NAMES = sized("24.4", { full: 20_000, quick: 8_000 });
/** Moving a fifth of NAMES takes a fraction of a second on a quiet machine. */
const RESHARD_MS = 30_000;
/** Keys the crashed run had copied to their new shard, but not yet deleted from the old one. */
const COPIED_BEFORE_CRASH = 300;

await stageWith([postgres], "24.4", (service) => {
  const sets: ShardSet[] = [];
  const dbs = useShardDatabases(service, 5, async () => {
    await Promise.all(sets.map((set) => set.close()));
  });
  const four = new HashRing(FOUR);
  const five = new HashRing(FIVE);

  /** Every shard emptied, then each name planted where the ring over four places it; a set over the five URLs with that ring. */
  async function planted(names: readonly GeneratedName[]): Promise<ShardSet> {
    for (const [i, url] of dbs.urls().entries()) {
      const here = names.filter((n) => four.pick(n.key) === FIVE[i]);
      await witness(url, `${TABLE_SQL}; TRUNCATE usernames`);
      await witness(
        url,
        "INSERT INTO usernames (name, typed, created_at) SELECT n, t, '2020-01-01' FROM unnest($1::text[], $2::text[]) AS u(n, t)",
        [here.map((n) => n.key), here.map((n) => n.typed)],
      );
    }
    const set = call(
      "new ShardSet(5 database URLs, { picker: new HashRing(shard-0 … shard-3) })",
      () => new ShardSet(dbs.urls(), { picker: four }),
    );
    sets.push(set);
    return set;
  }

  /** Fails unless each name is on exactly the shard the ring over five places it, and nowhere else. */
  async function expectOnFive(what: string, names: readonly GeneratedName[], seed: number): Promise<void> {
    const holding = await Promise.all(dbs.urls().map(keysOn));
    for (const [i, keys] of holding.entries()) {
      const want = new Set(names.filter((n) => five.pick(n.key) === FIVE[i]).map((n) => n.key));
      const strays = keys.filter((k) => !want.has(k));
      expectThat(
        `${what}: the keys on ${FIVE[i]}`,
        strays.length === 0 && keys.length === want.size,
        `exactly the ${want.size} keys a ring over five places there`,
        `${keys.length} rows, ${strays.length} of them not its own (${strays.slice(0, 3).join(", ")}) (${reproduceLine(seed, "24", "24.4")})`,
        "a key moves when to.pick(key) is not the shard it is on: copy it there, then delete it here",
      );
    }
  }

  test(`moves exactly the keys chapter 23's movement() predicts from 4 shards to 5 (about 20% of ${NAMES}), all to shard-4, and a second run moves none`, async () => {
    const { names, seed } = await generatedNames(NAMES);
    const set = await planted(names);
    const predicted = movement(
      four,
      five,
      names.map((n) => n.key),
    );
    const what = "set.reshard(new HashRing(shard-0 … shard-4))";
    const report = await run(what, () => set.reshard(five), RESHARD_MS);
    expectEqual(
      `${what}: moved, movedFrom, movedTo`,
      [predicted.moved, FIVE.map((s) => predicted.movedFrom[s] ?? 0), FIVE.map((s) => predicted.movedTo[s] ?? 0)],
      [report?.moved, FIVE.map((s) => report?.movedFrom?.[s]), FIVE.map((s) => report?.movedTo?.[s])],
      "count a key as moved once it is deleted from its old shard, under that shard in movedFrom and its new one in movedTo; list every shard",
    );
    expectThat(
      `${what}: the share moved`,
      Math.abs(predicted.fraction - 0.2) < 0.02,
      "about 20% (chapter 23)",
      predicted.fraction,
    );
    await expectOnFive(what, names, seed);
    expectEqual(
      `${what}: then set.picker.nodes`,
      FIVE,
      [...set.picker.nodes],
      "once the keys have moved, the set places names with the new picker",
    );
    const again = await run(`${what}, a second time`, () => set.reshard(five), RESHARD_MS);
    expectEqual(
      `${what}, a second time: moved`,
      0,
      again?.moved,
      "a key already on its shard stays: nothing moves twice",
    );
    const sample = names.find((n) => five.pick(n.key) === "shard-4")!;
    const [row] = await witness<{ typed: string; created_at: Date }>(
      dbs.urls()[4]!,
      "SELECT typed, created_at FROM usernames WHERE name = $1",
      [sample.key],
    );
    expectEqual(
      `"${sample.key}" on shard-4: typed and created_at`,
      [sample.typed, new Date("2020-01-01").toISOString()],
      [row?.typed, row?.created_at?.toISOString()],
      "copy the whole row: the name as typed and when it was taken move with the key",
    );
  });

  test("finishes a move that crashed after copying some keys and before deleting them: each key once, where it belongs", async () => {
    const { names, seed } = await generatedNames(NAMES);
    const set = await planted(names);
    const leaving = names.filter((n) => four.pick(n.key) !== five.pick(n.key));
    const copied = leaving.slice(0, COPIED_BEFORE_CRASH);
    // What a run that died between its copy and its delete leaves: the keys on both shards.
    await witness(
      dbs.urls()[4]!,
      "INSERT INTO usernames (name, typed, created_at) SELECT n, t, '2020-01-01' FROM unnest($1::text[], $2::text[]) AS u(n, t)",
      [copied.map((n) => n.key), copied.map((n) => n.typed)],
    );
    const what = `set.reshard(new HashRing(shard-0 … shard-4)) after a run that copied ${COPIED_BEFORE_CRASH} keys to shard-4 and crashed`;
    const report = await run(what, () => set.reshard(five), RESHARD_MS);
    expectEqual(
      `${what}: moved`,
      leaving.length,
      report?.moved,
      "a key already on its new shard is still on its old one: copy it again (ON CONFLICT (name) DO NOTHING) and delete it from the old one",
    );
    await expectOnFive(what, names, seed);
  });
});
