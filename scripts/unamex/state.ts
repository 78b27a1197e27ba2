// What `pnpm unamex seed` leaves for the commands after it: where the data set lives. A check
// or a prefix search runs in a process of its own, long after the seed, so everything it needs
// to find the same data is written down here, in .trilogy/<deployment>.json (git-ignored).
//
// The deployment name (UNAMEX_DEPLOYMENT, default "unamex") names the state file, the shard
// databases and the Redis keys, so that two data sets can live on the same servers side by side
// (the CLI's own test seeds one of its own next to a learner's).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ROOT } from "../../shared/course/chapters.ts";

/** The environment variable that picks another deployment than the default. */
export const DEPLOYMENT_ENV = "UNAMEX_DEPLOYMENT";
export const DEFAULT_DEPLOYMENT = "unamex";
/** A deployment name becomes part of database names: keep it a plain lower-case identifier. */
const DEPLOYMENT_NAME = /^[a-z][a-z0-9_]{0,39}$/;
/** Bumped when the shape below changes: an older file is then "seed again", not a crash. */
const STATE_VERSION = 1;

export interface SeedState {
  version: number;
  deployment: string;
  /** When the seed finished. */
  seededAt: string;
  /** What the seed was asked for, and what it loaded. */
  count: number;
  seed: number;
  names: number;
  /** One database URL per shard, in shard order (shard-0 first); the picker is a HashRing over them. */
  shardUrls: string[];
  /** The Redis server and database the cache, the Bloom filter and the prefix index live in. */
  redisUrl: string;
  /** Put before every Redis key of this deployment. */
  keyPrefix: string;
  /** The Bloom filter (chapter 22's RedisBloom) and the parameters it was opened with. */
  bloom: { key: string; capacity: number; errorRate: number };
  /** The sorted set of chapter 26's Redis prefix engine. */
  prefixKey: string;
}

export function deploymentName(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const name = env[DEPLOYMENT_ENV] ?? DEFAULT_DEPLOYMENT;
  if (!DEPLOYMENT_NAME.test(name))
    throw new Error(
      `${DEPLOYMENT_ENV} must be a lower-case identifier of at most 40 characters (a-z, 0-9, _), not ${JSON.stringify(name)}`,
    );
  return name;
}

export function stateFile(deployment: string): string {
  return join(ROOT, ".trilogy", `${deployment}.json`);
}

/** The state of the last seed, or undefined when there is none (or it was written by another version). */
export function readSeedState(deployment: string): SeedState | undefined {
  const file = stateFile(deployment);
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, "utf8")) as SeedState;
    return state.version === STATE_VERSION ? state : undefined;
  } catch {
    return undefined;
  }
}

export function writeSeedState(state: Omit<SeedState, "version">): void {
  const file = stateFile(state.deployment);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ version: STATE_VERSION, ...state }, null, 2)}\n`);
}

export function removeSeedState(deployment: string): void {
  rmSync(stateFile(deployment), { force: true });
}
