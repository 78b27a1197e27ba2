// `pnpm unamex seed | check | prefix | suggest`: the whole unamex system of the newest reference, as one
// command on real Postgres shards and a real Redis.
//
//   pnpm unamex seed [--count N] [--shards N] [--seed S]
//       generate → normalize → dedup → partition → load the shards → build the Bloom filter →
//       warm the cache → index prefixes, with a progress bar per step and a timing table; the
//       servers are the ones `pnpm services up` runs (started in the background if they are not)
//   pnpm unamex check <name>… [--file FILE]
//       one JSON line per name: name, normalized, available, reason and message when the policy
//       refuses it, source (policy | bloom | cache | db)
//   pnpm unamex prefix <prefix> [--limit N]
//       a JSON array of the taken names that start with the prefix, in UTF-8 byte order
//   pnpm unamex suggest <name> [--limit N]
//       a JSON array of free names near the one asked for, best first (chapter 27's suggester,
//       its neighbours drawn from the first 200,000 of the seed's names)
//
// check, prefix and suggest answer from the data set the last seed recorded (.trilogy/unamex.json).
// UNAMEX_DEPLOYMENT=<name> keeps a second data set beside it (its own databases and Redis keys).
// A wrong argument gets one usage line and exit code 2; a refusal or a server that does not
// answer gets one line and exit code 1; never a stack trace.
import { publishPart } from "../shared/course/parts.ts";
import { boundedInt, main, parse, UsageError } from "./lib/cli.ts";

const USAGE =
  "pnpm unamex seed [--count N] [--shards N] [--seed S] | check <name>… [--file FILE] | prefix <p> [--limit N] | suggest <name> [--limit N]";
const SEED_USAGE = "pnpm unamex seed [--count 1-10000000] [--shards 1-16] [--seed 0-4294967295]";
const CHECK_USAGE = "pnpm unamex check <name>… [--file FILE]  (names after -- may start with -)";
const PREFIX_USAGE = "pnpm unamex prefix <prefix> [--limit 1-1000]";
const SUGGEST_USAGE = "pnpm unamex suggest <name> [--limit 1-50]";
/** The course's data set: a million names on four shards, from the seed chapter 21 uses. */
const DEFAULT_COUNT = "1000000";
const DEFAULT_SHARDS = "4";
const DEFAULT_SEED = "21";
/** Shards one seed makes: each is a database with a pool of its own, on one server. */
const MAX_SHARDS = 16;
/** The generator's own limit (chapter 21's MAX_COUNT). */
const MAX_COUNT = 10_000_000;
const MAX_SEED = 0xffffffff;
/** chapter 26's MAX_LIMIT: the most names a page may hold. */
const MAX_LIMIT = 1_000;
/** chapter 27's MAX_SUGGESTIONS: the most suggestions one call returns. */
const MAX_SUGGESTIONS = 50;
const COMMANDS = ["seed", "check", "prefix", "suggest"] as const;
type Command = (typeof COMMANDS)[number];
const EXIT_FAILED = 1;

await main(async () => {
  const [command, ...args] = process.argv.slice(2);
  if (command === "-h" || command === "--help") {
    process.stdout.write(`usage: ${USAGE}\n`);
    return 0;
  }
  if (!(COMMANDS as readonly (string | undefined)[]).includes(command)) {
    const what = command === undefined ? "which command?" : `unknown command ${JSON.stringify(command)};`;
    throw new UsageError(`${what} commands: ${COMMANDS.join(", ")}\nusage: ${USAGE}`);
  }
  const run = parseCommand(command as Command, args);
  // The reference is assembled before it is imported: @trilogy/unamex (and the tinyorm it is
  // built on) resolve through .cache/parts.
  publishPart("tinyorm");
  publishPart("unamex");
  const [commands, state] = await Promise.all([import("./unamex/commands.ts"), import("./unamex/state.ts")]);
  const io = {
    out: (line: string) => process.stdout.write(`${line}\n`),
    err: (line: string) => process.stderr.write(`${line}\n`),
  };
  try {
    await run(commands, state.deploymentName(), io);
    return 0;
  } catch (error) {
    // One line for a person, not a stack: a refusal, a server down, a disk full.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`unamex ${command}: ${message.split("\n")[0]}\n`);
    return EXIT_FAILED;
  }
});

type Commands = typeof import("./unamex/commands.ts");
type Run = (commands: Commands, deployment: string, io: import("./unamex/commands.ts").Output) => Promise<void>;

/** The command's arguments, checked before anything is started: a usage error costs no server. */
function parseCommand(command: Command, args: string[]): Run {
  if (command === "seed") {
    const { values, positionals } = parse(
      SEED_USAGE,
      {
        count: { type: "string", default: DEFAULT_COUNT },
        shards: { type: "string", default: DEFAULT_SHARDS },
        seed: { type: "string", default: DEFAULT_SEED },
      },
      args,
    );
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}\nusage: ${SEED_USAGE}`);
    const options = {
      count: boundedInt("--count", values.count, 1, MAX_COUNT, SEED_USAGE),
      shards: boundedInt("--shards", values.shards, 1, MAX_SHARDS, SEED_USAGE),
      seed: boundedInt("--seed", values.seed, 0, MAX_SEED, SEED_USAGE),
    };
    return (commands, deployment, io) => commands.seedCommand({ ...options, deployment }, io);
  }
  if (command === "check") {
    const { values, positionals } = parse(CHECK_USAGE, { file: { type: "string" } }, args);
    if (positionals.length === 0 && values.file === undefined)
      throw new UsageError(`which names? give them as arguments or --file\nusage: ${CHECK_USAGE}`);
    return async (commands, deployment, io) => {
      const { readNamesFile } = await import("./unamex/names-file.ts");
      let file: { file: string; lines: ReturnType<typeof readNamesFile> } | undefined;
      if (values.file !== undefined) {
        try {
          file = { file: values.file, lines: readNamesFile(values.file) };
        } catch (error) {
          throw new commands.CommandFailed(`cannot read ${values.file}: ${(error as Error).message}`);
        }
      }
      await commands.checkCommand(positionals, file, deployment, io);
    };
  }
  if (command === "suggest") {
    const { values, positionals } = parse(SUGGEST_USAGE, { limit: { type: "string", default: "10" } }, args);
    if (positionals.length !== 1)
      throw new UsageError(
        `${positionals.length === 0 ? "which name?" : `one name, not ${positionals.length}`}\nusage: ${SUGGEST_USAGE}`,
      );
    const limit = boundedInt("--limit", values.limit, 1, MAX_SUGGESTIONS, SUGGEST_USAGE);
    const name = positionals[0]!;
    return (commands, deployment, io) => commands.suggestCommand(name, limit, deployment, io);
  }
  const { values, positionals } = parse(PREFIX_USAGE, { limit: { type: "string", default: "10" } }, args);
  if (positionals.length !== 1)
    throw new UsageError(
      `${positionals.length === 0 ? "which prefix?" : `one prefix, not ${positionals.length}`}\nusage: ${PREFIX_USAGE}`,
    );
  const limit = boundedInt("--limit", values.limit, 1, MAX_LIMIT, PREFIX_USAGE);
  const prefix = positionals[0]!;
  return (commands, deployment, io) => commands.prefixCommand(prefix, limit, deployment, io);
}
