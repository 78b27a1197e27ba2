// `pnpm bench tinyorm`: what tinyorm's layers cost next to raw `pg`, Kysely and Drizzle, on a
// fresh database of a real PostgreSQL (started by the services layer), in one run:
//
//   primary-key select   callers in a closed loop over a pool of `max` connections, rounds that
//                        alternate between the four, every answer checked
//   bulk load            rows into an empty table as multi-row INSERTs and as one COPY
//   pool soak            callers ≫ connections, failing queries and killed backends on purpose
//
// It prints a table and the course's bars next to the measured figures, and writes
// tinyorm.json and tinyorm.md.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import pc from "picocolors";
import { ROOT } from "../../../shared/course/chapters.ts";
import { partLink } from "../../../shared/course/parts.ts";
import { postgres, stopServices } from "../../../shared/services/index.ts";
import { boundedInt, parse, UsageError } from "../../lib/cli.ts";
import { compile } from "../compile.ts";
import { machineLine } from "../report.ts";
import { median } from "../stats.ts";
import { ITEMS_SQL, LOADERS } from "./bulk.ts";
import type { LoopResult } from "./closed-loop.ts";
import { CONTENDERS, USERS, USERS_SQL } from "./pk-select.ts";
import { type SoakResult, soak } from "./soak.ts";

const USAGE =
  "pnpm bench tinyorm [--seconds 1-60] [--rounds 1-9] [--callers 1-1000] [--max 1-50] [--rows 1000-5000000] [--soak-seconds 1-300] [--only select|bulk|soak] [--out DIR]";
const WARMUP_SECONDS = 1;
const DEFAULT_OUT = join(ROOT, ".cache", "bench");
const PARTS = ["select", "bulk", "soak"] as const;
type Part = (typeof PARTS)[number];

interface SelectFigures {
  name: string;
  rounds: LoopResult[];
  queriesPerSecond: number;
  p95: number;
  ratioToPg: number;
  /** The client's CPU per query, median of the rounds. */
  cpuMicros: number;
  /** One caller alone: the latency of a query with nothing queued before it. */
  alone: LoopResult;
}

interface BulkFigures {
  name: string;
  rowsPerSecond: number[];
  median: number;
}

interface Bar {
  bar: string;
  measured: string;
  met: boolean | "not measured";
}

export async function benchTinyorm(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    USAGE,
    {
      seconds: { type: "string", default: "5" },
      rounds: { type: "string", default: "3" },
      callers: { type: "string", default: "50" },
      max: { type: "string", default: "10" },
      rows: { type: "string", default: "1000000" },
      "soak-seconds": { type: "string", default: "30" },
      only: { type: "string" },
      out: { type: "string" },
    },
    args,
  );
  if (positionals.length !== 1) throw new UsageError(`unexpected argument "${positionals[1]}"\nusage: ${USAGE}`);
  const seconds = boundedInt("--seconds", values.seconds, 1, 60, USAGE);
  const rounds = boundedInt("--rounds", values.rounds, 1, 9, USAGE);
  const callers = boundedInt("--callers", values.callers, 1, 1000, USAGE);
  const max = boundedInt("--max", values.max, 1, 50, USAGE);
  const rows = boundedInt("--rows", values.rows, 1000, 5_000_000, USAGE);
  const soakSeconds = boundedInt("--soak-seconds", values["soak-seconds"], 1, 300, USAGE);
  if (values.only !== undefined && !PARTS.includes(values.only as Part))
    throw new UsageError(
      `--only must be one of ${PARTS.join(", ")}, not ${JSON.stringify(values.only)}\nusage: ${USAGE}`,
    );
  const parts: readonly Part[] = values.only ? [values.only as Part] : PARTS;
  const out = resolve(values.out ?? DEFAULT_OUT);

  const service = await postgres();
  const db = await service.createDatabase({ label: "bench-tinyorm" });
  try {
    await setUp(db.url);
    const { machine, load } = machineLine();
    console.log(`${pc.bold("bench tinyorm")} on ${machine}, load average ${load}`);
    const select = parts.includes("select") ? await selectBench(db.url, { seconds, rounds, callers, max }) : undefined;
    const bulk = parts.includes("bulk") ? await bulkBench(db.url, rows, rounds) : undefined;
    const pool = parts.includes("soak")
      ? await soakBench(db.url, { callers: 200, max: 10, seconds: soakSeconds, failingShare: 0.05, killEveryMs: 500 })
      : undefined;
    const bars = barsOf(select, bulk, pool);
    console.log(`\n${pc.bold("bars")}`);
    for (const b of bars)
      console.log(
        `  ${b.met === true ? pc.green("met    ") : b.met === false ? pc.red("not met") : pc.dim("not yet")}  ${b.bar}: ${b.measured}`,
      );
    const report = {
      benchmark: "tinyorm",
      date: new Date().toISOString(),
      machine,
      loadAverage: loadavg(),
      settings: { seconds, rounds, callers, max, rows, soakSeconds, users: USERS },
      select,
      bulk,
      soak: pool,
      bars,
    };
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "tinyorm.json"), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(out, "tinyorm.md"), markdown(report.date, machine, select, bulk, bars));
    console.log(
      `written: ${["json", "md"].map((ext) => relative(process.cwd(), join(out, `tinyorm.${ext}`))).join(", ")}`,
    );
    const failed = failures(select, pool);
    for (const line of failed) process.stderr.write(`${pc.red("failed")}: ${line}\n`);
    return failed.length ? 1 : 0;
  } finally {
    await db.drop().catch(() => undefined);
    await stopServices();
  }
}

async function setUp(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(USERS_SQL);
    await client.query(ITEMS_SQL);
  } finally {
    await client.end();
  }
}

async function selectBench(
  url: string,
  settings: { seconds: number; rounds: number; callers: number; max: number },
): Promise<SelectFigures[]> {
  console.log(
    `\n${pc.bold("primary-key select")}: ${settings.callers} callers over ${settings.max} connections, ${settings.rounds} × ${settings.seconds} s each after ${WARMUP_SECONDS} s of warm-up, rounds alternating, each round a process of its own`,
  );
  const results = new Map(CONTENDERS.map((c) => [c.key, [] as LoopResult[]]));
  for (let round = 1; round <= settings.rounds; round++) {
    // Round r starts at contender r−1: over the rounds each one runs early and late.
    const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round - 1) % CONTENDERS.length]!);
    for (const contender of order) {
      const result = await selectRound(contender.key, url, settings.seconds, settings.callers, settings.max);
      results.get(contender.key)!.push(result);
      const trouble = result.errors || result.wrong ? pc.red(`  ${result.errors} errors, ${result.wrong} wrong`) : "";
      console.log(
        pc.dim(
          `  round ${round}/${settings.rounds}  ${contender.name.padEnd(10)} ${fmt(result.queriesPerSecond)} queries/s  p95 ${result.p95.toFixed(2)} ms  ${result.cpuMicrosPerQuery.toFixed(0)} CPU-µs/query`,
        ) + trouble,
      );
    }
  }
  // The latency of one query alone, with nothing queued before it: one caller, a warm cache.
  const alone = new Map<string, LoopResult>();
  for (const contender of CONTENDERS)
    alone.set(contender.key, await selectRound(contender.key, url, settings.seconds, 1, settings.max));
  const pgRate = median(results.get(CONTENDERS[0]!.key)!.map((r) => r.queriesPerSecond));
  const figures = CONTENDERS.map((c) => {
    const rounds = results.get(c.key)!;
    const rate = median(rounds.map((r) => r.queriesPerSecond));
    const single = alone.get(c.key)!;
    return {
      name: c.name,
      rounds,
      queriesPerSecond: rate,
      p95: median(rounds.map((r) => r.p95)),
      ratioToPg: rate / pgRate,
      cpuMicros: median(rounds.map((r) => r.cpuMicrosPerQuery)),
      alone: single,
    };
  });
  console.log(
    `  ${"".padEnd(10)} ${"queries/s".padStart(10)} ${"p95 ms".padStart(8)} ${"× pg".padStart(6)}   alone: p50, p95 ms`,
  );
  for (const f of figures)
    console.log(
      `  ${f.name.padEnd(10)} ${fmt(f.queriesPerSecond)} ${f.p95.toFixed(2).padStart(8)} ${f.ratioToPg.toFixed(2).padStart(6)} ${f.cpuMicros.toFixed(0).padStart(20)}   ${f.alone.p50.toFixed(2)}, ${f.alone.p95.toFixed(2)}`,
    );
  return figures;
}

const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));

/**
 * The round's program, select-child.ts, as one JavaScript module with tinyorm inside it: tinyorm
 * runs compiled, as Kysely and Drizzle run as published. Through tsx every closure tinyorm makes
 * per query would be wrapped in __name(), a cost the others do not pay (scripts/bench/compile.ts).
 */
let selectChild: Promise<string> | undefined;
function compiledSelectChild(): Promise<string> {
  selectChild ??= compile(BENCH_DIR, "select-child.ts", {
    packages: "external",
    sources: [partLink("tinyorm")],
  }).then((built) => built.file);
  return selectChild;
}

/** One round of one contender, in a child process (select-child.ts); its LoopResult. */
async function selectRound(
  key: string,
  url: string,
  seconds: number,
  callers: number,
  max: number,
): Promise<LoopResult> {
  const program = await compiledSelectChild();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--enable-source-maps",
        program,
        key,
        url,
        String(seconds),
        String(callers),
        String(max),
        String(WARMUP_SECONDS),
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2_000)));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolvePromise(JSON.parse(out) as LoopResult);
      else reject(new Error(`the ${key} round exited with code ${code}:\n${err.trim()}`));
    });
  });
}

async function bulkBench(url: string, rows: number, rounds: number): Promise<BulkFigures[]> {
  console.log(`\n${pc.bold("bulk load")}: ${fmt(rows).trim()} rows into an empty table, ${rounds} rounds alternating`);
  const loaders = await Promise.all(LOADERS.map((make) => make(url)));
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const rates = new Map(loaders.map((l) => [l.name, [] as number[]]));
    for (let round = 1; round <= rounds; round++) {
      const order = loaders.map((_, i) => loaders[(i + round - 1) % loaders.length]!);
      for (const loader of order) {
        await admin.query("TRUNCATE items");
        const started = performance.now();
        await loader.load(rows);
        const rate = rows / ((performance.now() - started) / 1000);
        const { rows: count } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM items");
        if (count[0]!.n !== rows) throw new Error(`${loader.name} left ${count[0]!.n} rows in the table, not ${rows}`);
        rates.get(loader.name)!.push(rate);
        console.log(pc.dim(`  round ${round}/${rounds}  ${loader.name.padEnd(16)} ${fmt(rate)} rows/s`));
      }
    }
    return loaders.map((l) => ({
      name: l.name,
      rowsPerSecond: rates.get(l.name)!,
      median: median(rates.get(l.name)!),
    }));
  } finally {
    await admin.end();
    for (const loader of loaders) await loader.close();
  }
}

async function soakBench(url: string, settings: Parameters<typeof soak>[1]): Promise<SoakResult> {
  console.log(
    `\n${pc.bold("pool soak")}: ${settings.callers} callers over ${settings.max} connections for ${settings.seconds} s, ${settings.failingShare * 100} % of the queries failing, a backend killed every ${settings.killEveryMs} ms`,
  );
  const result = await soak(url, settings);
  const errors = Object.entries(result.expectedErrors).map(([kind, n]) => `${n} ${kind}`);
  console.log(
    `  ${fmt(result.answered).trim()} of ${fmt(result.calls).trim()} calls answered: ${fmt(result.succeeded).trim()} results, ${errors.join(", ") || "no errors"}; ${result.killed} backends killed`,
  );
  console.log(
    `  unexpected errors ${result.unexpectedErrors.length}, unhandled ${result.unhandled.length}, hung ${result.hung}, lent at the end ${result.lentAtEnd}, sessions after end() ${result.sessionsAfterEnd}`,
  );
  for (const line of [...result.unexpectedErrors, ...result.unhandled])
    console.log(pc.red(`    ${line.split("\n")[0]}`));
  return result;
}

function barsOf(select?: SelectFigures[], bulk?: BulkFigures[], pool?: SoakResult): Bar[] {
  const bars: Bar[] = [];
  const tiny = select?.find((f) => f.name === "tinyorm");
  if (select && tiny) {
    bars.push({
      bar: "primary-key select within 10 % of raw pg",
      measured: `${tiny.ratioToPg.toFixed(2)}× pg`,
      met: tiny.ratioToPg >= 0.9,
    });
    for (const other of select.filter((f) => f.name === "Kysely" || f.name === "Drizzle")) {
      const ratio = tiny.queriesPerSecond / other.queriesPerSecond;
      bars.push({
        bar: `no slower than ${other.name}`,
        measured: `${ratio.toFixed(2)}× ${other.name}`,
        met: ratio >= 1,
      });
    }
    bars.push({
      bar: "single-row query p95 < 5 ms (warm, one caller)",
      measured: `${tiny.alone.p95.toFixed(2)} ms`,
      met: tiny.alone.p95 < 5,
    });
  }
  const insert = bulk?.find((f) => f.name === "tinyorm INSERT");
  if (insert) {
    bars.push({
      bar: "multi-row insert ≥ 100,000 rows/s",
      measured: `${fmt(insert.median).trim()} rows/s`,
      met: insert.median >= 100_000,
    });
    bars.push({
      bar: "≥ 100,000 inserts a minute in batches",
      measured: `${fmt(insert.median * 60).trim()} a minute`,
      met: insert.median * 60 >= 100_000,
    });
  }
  const copy = bulk?.find((f) => f.name === "tinyorm COPY");
  const rawCopy = bulk?.find((f) => f.name === "pg COPY (raw)");
  if (copy && rawCopy) {
    const ratio = copy.median / rawCopy.median;
    bars.push({
      bar: "COPY ≥ 300,000 rows/s and ≥ 0.9× raw COPY",
      measured: `${fmt(copy.median).trim()} rows/s, ${ratio.toFixed(2)}× raw COPY`,
      met: copy.median >= 300_000 && ratio >= 0.9,
    });
  }
  if (pool) {
    const clean = pool.hung === 0 && pool.unhandled.length === 0 && pool.unexpectedErrors.length === 0;
    bars.push({
      bar: "pool soak: every caller answered, nothing unhandled, nothing leaked",
      measured: `${pool.hung} hung, ${pool.unhandled.length} unhandled, ${pool.unexpectedErrors.length} unexpected, ${pool.lentAtEnd} lent and ${pool.sessionsAfterEnd} sessions left`,
      met: clean && pool.lentAtEnd === 0 && pool.sessionsAfterEnd === 0,
    });
  }
  return bars;
}

/** What makes the run itself wrong, not slow: wrong answers, errors where none may happen, a soak that lost a call. */
function failures(select?: SelectFigures[], pool?: SoakResult): string[] {
  const found: string[] = [];
  for (const f of select ?? []) {
    const wrong = f.rounds.reduce((n, r) => n + r.wrong, 0);
    const errors = f.rounds.reduce((n, r) => n + r.errors, 0);
    if (wrong || errors)
      found.push(
        `${f.name}: ${wrong} wrong answers, ${errors} errors (${f.rounds.find((r) => r.firstError)?.firstError ?? "no error"})`,
      );
  }
  if (
    pool &&
    (pool.hung || pool.unhandled.length || pool.unexpectedErrors.length || pool.lentAtEnd || pool.sessionsAfterEnd)
  )
    found.push("the pool soak lost or leaked something (see above)");
  return found;
}

function markdown(
  date: string,
  machine: string,
  select?: SelectFigures[],
  bulk?: BulkFigures[],
  bars: Bar[] = [],
): string {
  const lines = [`# tinyorm bench, ${date}`, "", machine, ""];
  if (select) {
    lines.push(
      "| primary-key select | queries/s | p95 ms | × pg | client CPU µs/query | one caller alone: p95 ms |",
      "|---|---:|---:|---:|---:|---:|",
    );
    for (const f of select)
      lines.push(
        `| ${f.name} | ${fmt(f.queriesPerSecond).trim()} | ${f.p95.toFixed(2)} | ${f.ratioToPg.toFixed(2)} | ${f.cpuMicros.toFixed(0)} | ${f.alone.p95.toFixed(2)} |`,
      );
    lines.push("");
  }
  if (bulk) {
    lines.push("| bulk load | rows/s |", "|---|---:|");
    for (const f of bulk) lines.push(`| ${f.name} | ${fmt(f.median).trim()} |`);
    lines.push("");
  }
  lines.push("| bar | measured | |", "|---|---|---|");
  for (const b of bars)
    lines.push(`| ${b.bar} | ${b.measured} | ${b.met === true ? "met" : b.met === false ? "not met" : "not yet"} |`);
  return `${lines.join("\n")}\n`;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US").padStart(10);
}
