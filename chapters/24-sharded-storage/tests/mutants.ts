// Mistakes a learner could make in chapter 24, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const SET = "src/unamex/shards/shard-set.ts";
const CONFIG = "src/unamex/shards/config.ts";
const LOAD = "src/unamex/shards/bulk-load.ts";
const SCATTER = "src/unamex/shards/scatter.ts";
const RESHARD = "src/unamex/shards/reshard.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "24.1",
    file: SET,
    from: `    return this.#picker.pick(canonical(name, "name"));`,
    to: `    canonical(name, "name");\n    return this.#picker.pick(name);`,
    what: "the name placed as typed, not its canonical form: Ada and ada land on different shards",
  },
  {
    stage: "24.1",
    file: SET,
    from: "const insert = compile(insertInto(USERNAMES).values({ name: key, typed: name }).returning());",
    to: "const insert = compile(insertInto(USERNAMES).values({ name, typed: name }).returning());",
    what: "the name stored as typed in the key column: ADA.LOVELACE is free after ada.lovelace is taken",
  },
  {
    stage: "24.1",
    file: SET,
    from: "      if (error instanceof UniqueViolation) throw new NameTakenError(key, shard.name);\n",
    to: "",
    what: "the unique violation of a taken name goes up as a database error, not a NameTakenError",
  },
  {
    stage: "24.1",
    file: SET,
    from: "    return keys.map((key) => taken.has(key));",
    to: "    return names.map((name) => taken.has(name));",
    what: "existsMany() answers by the names as typed: an upper-cased taken name looks free",
  },
  {
    stage: "24.1",
    file: SET,
    from: "      const shard = this.#shard(this.#picker.pick(key));\n      const list",
    to: "      const shard = this.shards[0]!;\n      const list",
    what: "existsMany() asks the first shard for every name",
  },
  {
    stage: "24.2",
    file: LOAD,
    from: "    const shard = byName.get(picker.pick(verdict.name))!;",
    to: "    const shard = byName.get(picker.pick(typed))!;",
    what: "the load places names as typed, not by their canonical form: lookups then ask the wrong shard",
  },
  {
    stage: "24.2",
    file: LOAD,
    from: "  if (inBatch > 0) await flush();",
    to: "",
    what: "the last, partial batch is never written",
  },
  {
    stage: "24.2",
    file: LOAD,
    from: "    if (++inBatch >= batchSize) await flush();",
    to: "    if (++inBatch > batchSize) await flush();",
    what: "a batch of batchSize + 1 names: progress is reported at the wrong counts",
  },
  {
    stage: "24.2",
    file: LOAD,
    from: `await session.query("COPY usernames_load (name, typed) FROM STDIN", copyData([lines.join("")]));`,
    to: `await session.query("COPY usernames (name, typed) FROM STDIN", copyData([lines.join("")]));`,
    what: "COPY straight into usernames: a load run again fails on the first name it already holds",
  },

  {
    stage: "24.3",
    file: SCATTER,
    from: `      await session.query(\`SET LOCAL statement_timeout = \${left}\`);\n`,
    to: "",
    what: "no statement_timeout: a shard stuck behind a lock holds up the whole scatter",
  },
  {
    stage: "24.3",
    file: SCATTER,
    from: "  const results = await Promise.all(shards.map((shard) => askOne<R>(shard, sql, params, started, deadlineMs)));",
    to: "  const results: ShardResult<R>[] = [];\n  for (const shard of shards) results.push(await askOne<R>(shard, sql, params, started, deadlineMs));",
    what: "the shards asked one after another: the first slow shard eats the whole deadline",
  },
  {
    stage: "24.3",
    file: SCATTER,
    from: `    if (error instanceof QueryCanceled) return { shard: shard.name, status: "missed", ms: elapsed() };\n`,
    to: "",
    what: "a statement cancelled at the deadline reported as a failure, not a miss",
  },
  {
    stage: "24.4",
    file: RESHARD,
    from: "      if (owner === source.name) continue;\n",
    to: "",
    what: "every key copied and deleted, also those that stay: each is copied onto itself, then deleted",
  },
  {
    stage: "24.4",
    file: RESHARD,
    from: "         ON CONFLICT (name) DO NOTHING`,",
    to: "`,",
    what: "the copy refuses a key already on the destination: a run after a crash fails",
  },
  {
    stage: "24.4",
    file: SET,
    from: "    this.#picker = to;\n",
    to: "",
    what: "the keys move but the set keeps placing names with the old picker",
  },
  {
    stage: "24.4",
    file: RESHARD,
    from: "      report.movedTo[owner]! += deleted;",
    to: "      report.movedTo[source.name]! += deleted;",
    what: "moved keys counted under the shard they left instead of the one they reached",
  },
  {
    stage: "24.5",
    file: CONFIG,
    from: `  if (urls.length === 0) throw new RangeError("urls must name at least one database: there is nowhere to put a name");\n`,
    to: "",
    what: "an empty URL list accepted",
  },
  {
    stage: "24.5",
    file: CONFIG,
    from: "    if (first !== undefined)\n",
    to: "    if (first !== undefined && first === index)\n",
    what: "a repeated URL accepted: two shards on one database",
  },
  {
    stage: "24.5",
    file: SET,
    from: `    checkPicker(to, [...this.#byName.keys()], "to");\n`,
    to: "",
    what: "reshard() takes a picker that names a shard the set does not have",
  },
  {
    stage: "24.5",
    file: SET,
    from: `    const keys = names.map((name, index) => canonical(name, \`names[\${index}]\`));`,
    to: `    const keys = names.map((name) => canonical(name, "name"));`,
    what: "a refused name in existsMany() not named by its place in the list",
  },
  {
    stage: "24.5",
    file: SCATTER,
    from: "  if (!Number.isInteger(deadlineMs) || deadlineMs < 1 || deadlineMs > MAX_DEADLINE_MS)",
    to: "  if (deadlineMs < 1)",
    what: "a deadline of 1.5 ms, NaN or an hour accepted",
  },
];
