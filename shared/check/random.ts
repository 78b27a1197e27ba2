// Seeded randomness for checks: the same seed always produces the same test, and a failure
// prints the seed with the one command that replays it.
import { runsFull, SIZE_ENV } from "./size.ts";

/** The seed a check uses unless TRILOGY_SEED overrides it: fixed, so every run is the same. */
export const DEFAULT_SEED = 20_251_122;

export function checkSeed(): number {
  const fromEnv = process.env.TRILOGY_SEED;
  return fromEnv && /^\d+$/.test(fromEnv) ? Number(fromEnv) : DEFAULT_SEED;
}

/** mulberry32: a tiny, well-distributed 32-bit generator; plenty for splitting test input. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Cuts `data` into pieces at random points (every piece at least one byte). */
export function randomSplits(data: string, random: () => number, maxPiece = 16): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < data.length; ) {
    const size = 1 + Math.floor(random() * maxPiece);
    pieces.push(data.slice(i, i + size));
    i += size;
  }
  return pieces;
}

/**
 * The command that replays a seeded check: the same chapter's check (`chapter` when run outside
 * the grader), at the same sizes — a quick regression draws fewer inputs from the same seed.
 */
export function reproduceLine(
  seed: number,
  chapter: string,
  stage: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const checked = env[SIZE_ENV.chapter]?.slice(0, 2) ?? chapter;
  const full = checked !== stage.slice(0, 2) && runsFull(stage, env) ? " --full" : "";
  return `seed ${seed}; replay with: TRILOGY_SEED=${seed} pnpm check ${checked} --only ${stage}${full}`;
}
