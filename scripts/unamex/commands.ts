// The commands of `pnpm unamex`, on the newest unamex reference (see scripts/unamex.ts for the
// arguments): seed builds the data set and records where it is (state.ts); check, prefix and
// suggest open that record in a process of their own and ask the same servers.
import {
  type CheckResult,
  MAX_CHECK_MANY,
  mapName,
  normalizeUsername,
  RedisBloom,
  RedisPrefix,
  ShardSet,
  Suggester,
} from "@trilogy/unamex";
import { Redis } from "ioredis";
import type { FileLine } from "./names-file.ts";
import { openAvailability, readLexicon, seed, timingTable } from "./seed.ts";
import { lastingServers } from "./services.ts";
import { readSeedState, removeSeedState, type SeedState, stateFile, writeSeedState } from "./state.ts";

/** A failure the user can act on: printed as its one line, exit code 1. */
export class CommandFailed extends Error {}

/** Names per checkMany() when a file holds many: one MGET and one query per shard each. */
const CHECK_BATCH = Math.min(1_000, MAX_CHECK_MANY);

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export async function seedCommand(
  options: { count: number; shards: number; seed: number; deployment: string },
  io: Output,
): Promise<void> {
  const servers = await lastingServers((line) => io.err(line));
  const previous = readSeedState(options.deployment);
  // The old record goes first: a seed that fails halfway must not leave one pointing at half a data set.
  removeSeedState(options.deployment);
  const result = await seed({
    ...options,
    postgresUrl: servers.postgres,
    redisUrl: servers.redis,
    dropFirst: previous?.shardUrls.map((url) => decodeURIComponent(new URL(url).pathname.slice(1))),
    progress: process.stderr,
    say: (line) => io.err(line),
  });
  writeSeedState(result.state);
  io.out(timingTable(result.steps));
  io.out(
    `\n${result.state.names.toLocaleString("en-US")} names on ${options.shards} shards: ${Object.entries(
      result.perShard,
    )
      .map(([shard, rows]) => `${shard} ${rows.toLocaleString("en-US")}`)
      .join(", ")}`,
  );
  io.out(
    `recorded in ${stateFile(options.deployment)}: \`pnpm unamex check <name>\`, \`prefix <p>\` and \`suggest <name>\` use it`,
  );
}

/** What check prints for a name that never reached the policy: a line of a file that is not UTF-8. */
function notUtf8(line: Extract<FileLine, { ok: false }>, file: string): object {
  return {
    name: line.shown,
    normalized: null,
    available: false,
    reason: "invalid-utf8",
    message: `line ${line.line} of ${file} is not valid UTF-8`,
    source: "policy",
  };
}

export async function checkCommand(
  names: readonly string[],
  fileLines: { file: string; lines: readonly FileLine[] } | undefined,
  deployment: string,
  io: Output,
): Promise<void> {
  const state = seeded(deployment);
  await withDataSet(state, async ({ shards, redis }) => {
    const bloom = await RedisBloom.open(redis, state.bloom.key, state.bloom.capacity, state.bloom.errorRate);
    const availability = openAvailability(state.keyPrefix, shards, redis, bloom);
    const print = (result: CheckResult) => io.out(JSON.stringify(result));
    for (const name of names) print(await availability.check(name));
    if (!fileLines) return;
    // A file may hold many names: they go in batches, each line's answer printed in the file's order.
    const { file, lines } = fileLines;
    for (let at = 0; at < lines.length; at += CHECK_BATCH) {
      const batch = lines.slice(at, at + CHECK_BATCH);
      const valid = batch.flatMap((line) => (line.ok ? [line.name] : []));
      const answers = await availability.checkMany(valid);
      let next = 0;
      for (const line of batch) {
        if (line.ok) print(answers[next++]!);
        else io.out(JSON.stringify(notUtf8(line, file)));
      }
    }
  });
}

export async function prefixCommand(prefix: string, limit: number, deployment: string, io: Output): Promise<void> {
  const state = seeded(deployment);
  await withDataSet(state, async ({ redis }) => {
    // The index holds canonical names: the prefix is mapped the same way (NFKC, case folding), so
    // "ADA" and "ａｄａ" find what "ada" finds. Only the mapping: the policy's other rules are about
    // whole names ("ada." is not a name, but it is a prefix of "ada.lovelace").
    let page: Awaited<ReturnType<RedisPrefix["search"]>>;
    try {
      page = await new RedisPrefix(redis, state.prefixKey).search(mapName(prefix), { limit });
    } catch (error) {
      if (error instanceof RangeError || error instanceof TypeError) throw new CommandFailed(error.message);
      throw error;
    }
    io.out(JSON.stringify(page.names));
  });
}

export async function suggestCommand(name: string, limit: number, deployment: string, io: Output): Promise<void> {
  const state = seeded(deployment);
  // A name the policy refuses has nothing to be near: say why, as check would, before any work.
  const verdict = normalizeUsername(name);
  if (!verdict.ok) throw new CommandFailed(`${verdict.reason}: ${verdict.message}`);
  let lexicon: string[];
  try {
    lexicon = readLexicon(deployment);
  } catch (error) {
    throw new CommandFailed(`cannot read the seed's names (${(error as Error).message}): seed again`);
  }
  await withDataSet(state, async ({ shards, redis }) => {
    const bloom = await RedisBloom.open(redis, state.bloom.key, state.bloom.capacity, state.bloom.errorRate);
    const availability = openAvailability(state.keyPrefix, shards, redis, bloom);
    io.err(`indexing ${lexicon.length.toLocaleString("en-US")} of the seed's names by phonetic codes and trigrams`);
    const suggester = new Suggester({ availability, lexicon });
    const page = await suggester.suggest(name, { limit });
    io.out(JSON.stringify(page.map((suggestion) => suggestion.name)));
  });
}

function seeded(deployment: string): SeedState {
  const state = readSeedState(deployment);
  if (!state) throw new CommandFailed("nothing is seeded yet: run `pnpm unamex seed` first");
  return state;
}

/** The seeded shards and Redis, opened for `work` and closed after it; unreachable servers are one line, not a retry loop. */
async function withDataSet(
  state: SeedState,
  work: (data: { shards: ShardSet; redis: Redis }) => Promise<void>,
): Promise<void> {
  const redis = new Redis(state.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new CommandFailed(
      `the seeded data set's Redis (${state.redisUrl}) does not answer: ${(error as Error).message}; is it still running (\`pnpm services status\`)? else seed again`,
    );
  }
  const shards = new ShardSet(state.shardUrls);
  try {
    await work({ shards, redis });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ECONNREFUSED" || code === "3D000")
      throw new CommandFailed(
        `the seeded shards do not answer (${(error as Error).message}); is Postgres still running (\`pnpm services status\`)? else seed again`,
      );
    throw error;
  } finally {
    redis.disconnect();
    await shards.close();
  }
}
