// Stage 24.2: a bulk load of chapter 21's names. What arrived is read back by the checks' own
// client on every shard; how many statements wrote each shard's table, by a statement trigger
// (COPY fires INSERT triggers too). Two loads fail on purpose — the names run dry with an
// error halfway through a batch, and a shard refuses one row — and each must leave whole batches
// only, and finish when run again.
import { HashRing, ShardSet } from "@lab/src/unamex/index.ts";
import { afterAll, test } from "vitest";
import { reproduceLine } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { call, expectEqual, expectThat, run, settle, show, showError } from "./expect.ts";
import { type GeneratedName, generatedNames } from "./fixtures/names.ts";
import { keysOn, shardNames, TABLE_SQL, useShardDatabases, witness } from "./fixtures/shards.ts";

const FOUR = shardNames(4);
const NAMES = sized("24.2", { full: 20_000, quick: 8_000 });
/** Three full batches and a short fourth: the last, partial batch must be written too. */
const BATCH = (NAMES * 3) / 10;
const BATCHES = Math.ceil(NAMES / BATCH);
/** A load of NAMES rows: well under a second on a quiet machine; this leaves room for a busy one. */
const LOAD_MS = 30_000;
const HINT = "read the lesson's section Bulk loading with COPY";

/** The table, with a log that a statement trigger fills: one row per statement that inserts into usernames. */
const SCHEMA = `${TABLE_SQL};
CREATE TABLE IF NOT EXISTS statement_log (id serial PRIMARY KEY);
CREATE OR REPLACE FUNCTION log_statement() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN INSERT INTO statement_log DEFAULT VALUES; RETURN NULL; END $$;
CREATE OR REPLACE TRIGGER usernames_statements AFTER INSERT ON usernames FOR EACH STATEMENT EXECUTE FUNCTION log_statement();
TRUNCATE usernames, statement_log;
ALTER TABLE usernames DROP CONSTRAINT IF EXISTS refuse_one`;

async function* typedOf(names: readonly GeneratedName[], failAfter = Number.POSITIVE_INFINITY): AsyncGenerator<string> {
  for (const [i, name] of names.entries()) {
    if (i === failAfter) throw new Error(`the source of names failed after ${failAfter} names`);
    yield name.typed;
  }
}

await stageWith([postgres], "24.2", (service) => {
  let set: ShardSet | undefined;
  const dbs = useShardDatabases(service, 4, async () => set?.close());
  afterAll(() => set?.close());
  const ring = new HashRing(FOUR);

  async function fresh(): Promise<ShardSet> {
    await Promise.all(dbs.urls().map((url) => witness(url, SCHEMA)));
    set ??= call("new ShardSet(4 database URLs)", () => new ShardSet(dbs.urls()));
    await run("set.createSchema()", () => set!.createSchema());
    return set;
  }

  /** The keys each shard holds, as the checks read them. */
  const stored = () => Promise.all(dbs.urls().map(keysOn));

  /** Fails unless every shard holds exactly the keys of `names` the ring places on it. */
  async function expectPlaced(what: string, names: readonly GeneratedName[], seed: number): Promise<void> {
    const holding = await stored();
    for (const [i, keys] of holding.entries()) {
      const want = names.filter((n) => ring.pick(n.key) === FOUR[i]).map((n) => n.key);
      const have = new Set(keys);
      const missing = want.filter((k) => !have.has(k));
      const wanted = new Set(want);
      const extra = keys.filter((k) => !wanted.has(k));
      expectThat(
        `${what}: the keys on ${FOUR[i]}`,
        missing.length === 0 && extra.length === 0 && keys.length === want.length,
        `exactly the ${want.length} keys the picker places there`,
        `${keys.length} rows; missing ${missing.length} (${missing.slice(0, 3).join(", ")}), not theirs ${extra.length} (${extra.slice(0, 3).join(", ")}) (${reproduceLine(seed, "24", "24.2")})`,
        "place each canonical name with the set's picker, and write each shard's rows to that shard",
      );
    }
  }

  test(`loads ${NAMES} names, each on its shard once, in a statement or two per shard per batch, with progress after each batch`, async () => {
    const set = await fresh();
    const { names, seed } = await generatedNames(NAMES);
    const seen: { read: number; loaded: number }[] = [];
    const what = `set.bulkLoad(an async generator of ${NAMES} names, { batchSize: ${BATCH}, onProgress })`;
    const summary = await run(
      what,
      () =>
        set.bulkLoad(typedOf(names), {
          batchSize: BATCH,
          onProgress: (p) => seen.push({ read: p.read, loaded: p.loaded }),
        }),
      LOAD_MS,
    );
    expectEqual(
      `${what}: read, loaded, skipped, refused`,
      [NAMES, NAMES, 0, 0],
      [summary?.read, summary?.loaded, summary?.skipped, summary?.refused],
      HINT,
    );
    await expectPlaced(what, names, seed);
    const marks = Array.from({ length: BATCHES }, (_, i) => Math.min((i + 1) * BATCH, NAMES));
    expectThat(
      `${what}: the progress reported`,
      seen.length === BATCHES && seen.every((p, i) => p.read === marks[i] && p.loaded === marks[i]),
      `${BATCHES} calls, after each batch (the last one short): read and loaded ${marks.join(", ")}`,
      seen,
      "call onProgress once per batch, after every shard has committed its part, and write the last, partial batch too",
    );
    const statements = await Promise.all(
      dbs.urls().map((url) => witness<{ n: number }>(url, "SELECT count(*)::int AS n FROM statement_log")),
    );
    const counts = statements.map((rows) => rows[0]?.n ?? 0);
    expectThat(
      `${what}: statements that inserted into usernames, per shard`,
      counts.every((n) => n >= 1 && n <= BATCHES),
      `1 to ${BATCHES} on each shard (one per batch): the rows go in bulk`,
      counts,
      "send each shard's part of a batch with one COPY (into the table, or into a temporary table and then one INSERT … SELECT), never a statement per row",
    );
    const perShard = (await stored()).map((keys) => keys.length);
    const counted = await run("set.counts()", () => set.counts());
    expectEqual(
      "set.counts()",
      Object.fromEntries(FOUR.map((s, i) => [s, perShard[i]])),
      counted,
      "count(*) on each shard",
    );
    expectEqual(`${what}: perShard`, counted, summary?.perShard);
  });

  test("a source that fails halfway through a batch leaves the batches before it, whole, and nothing of its own", async () => {
    const set = await fresh();
    const { names, seed } = await generatedNames(NAMES);
    const failAfter = 2 * BATCH + BATCH / 2;
    const what = `set.bulkLoad(names that throw after ${failAfter}, { batchSize: ${BATCH} })`;
    const outcome = await settle(what, () => set.bulkLoad(typedOf(names, failAfter), { batchSize: BATCH }), LOAD_MS);
    expectThat(
      what,
      !outcome.ok && String(outcome.error).includes(`failed after ${failAfter}`),
      "a rejection with the source's error",
      outcome.ok ? `it resolved: ${show(outcome.value)}` : showError(outcome.error),
      "let the source's error go up: a load that lost its input must not look finished",
    );
    await expectPlaced(`${what}: the first ${2 * BATCH} names`, names.slice(0, 2 * BATCH), seed);
  });

  test("a shard that refuses one row keeps none of that batch's part, and the same load run again finishes with every name once", async () => {
    const set = await fresh();
    const { names, seed } = await generatedNames(NAMES);
    const victim = names[2 * BATCH + 7]!;
    const shard = FOUR.indexOf(ring.pick(victim.key));
    const url = dbs.urls()[shard]!;
    await witness(
      url,
      `ALTER TABLE usernames ADD CONSTRAINT refuse_one CHECK (name <> '${victim.key.replaceAll("'", "''")}')`,
    );
    const what = `set.bulkLoad(${NAMES} names, { batchSize: ${BATCH} }) while ${FOUR[shard]} refuses "${victim.key}" (batch 3)`;
    const outcome = await settle(what, () => set.bulkLoad(typedOf(names), { batchSize: BATCH }), LOAD_MS);
    expectThat(
      what,
      !outcome.ok,
      "a rejection: the shard refused a row",
      "it resolved",
      "a failed batch is an error for the caller, not a silent gap",
    );
    const batchThree = names.slice(2 * BATCH, 3 * BATCH).filter((n) => ring.pick(n.key) === FOUR[shard]);
    const kept = new Set(await keysOn(url));
    const leaked = batchThree.filter((n) => kept.has(n.key));
    expectThat(
      `${what}: rows of batch 3 on ${FOUR[shard]}`,
      leaked.length === 0 &&
        names.slice(0, 2 * BATCH).every((n) => ring.pick(n.key) !== FOUR[shard] || kept.has(n.key)),
      "none (its part is one transaction), and every row of batches 1 and 2",
      `${leaked.length} of batch 3's ${batchThree.length} (${leaked
        .slice(0, 3)
        .map((n) => n.key)
        .join(", ")})`,
      "write each shard's part of a batch in one transaction: BEGIN, COPY, COMMIT — an error rolls all of it back",
    );
    await witness(url, "ALTER TABLE usernames DROP CONSTRAINT refuse_one");
    const before = (await stored()).reduce((sum, keys) => sum + keys.length, 0);
    const again = `then the same load again`;
    const summary = await run(again, () => set.bulkLoad(typedOf(names), { batchSize: BATCH }), LOAD_MS);
    expectEqual(
      `${again}: loaded and skipped`,
      [NAMES - before, before],
      [summary?.loaded, summary?.skipped],
      "a name the shard already holds is skipped, not an error: COPY into a temporary table, then INSERT … SELECT … ON CONFLICT (name) DO NOTHING",
    );
    await expectPlaced(again, names, seed);
  });
});
