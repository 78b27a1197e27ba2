// A deterministic stream of realistic, distinct usernames: the data set the rest of unamex is
// built and measured on. One seed decides everything (names.ts), so the same seed writes the same
// bytes; the names are written as people type them ("John.Smith"), and each is kept only if the
// policy accepts it and its canonical form was not written before.
//
//   seed ─► locale, pattern, Zipf-ranked first name ─► "J0hn42" ─► policy ─► seen? ─► chunk ─► out
//                                                                  │ refused   │ duplicate
//                                                                  ▼           ▼
//                                                               skipped     skipped
//
// The output is streamed: lines are gathered into chunks of about CHUNK_CHARS characters, and
// when `out.write()` returns false (its buffer is above its highWaterMark) the generator waits for
// "drain" before it makes another name. A million names never exist as one string.
import { once } from "node:events";
import type { Writable } from "node:stream";
import { normalizeUsername } from "../normalize/policy.ts";
import { SeenNames } from "./dedup.ts";
import { namePools, seededFaker } from "./names.ts";
import { pickPattern } from "./patterns.ts";
import { type ProgressStream, progressBar } from "./progress.ts";
import { ZipfSampler } from "./zipf.ts";

/** Lines are written in chunks of about this many characters: one write per ~1,000 names. */
export const CHUNK_CHARS = 16_384;
/** The most names one run makes: ten times the course's data set. */
export const MAX_COUNT = 10_000_000;
/** Candidates tried per name written before the generator gives up: the patterns have run dry. */
export const MAX_ATTEMPTS_PER_NAME = 50;
/** How often each locale's names are drawn, in percent. */
export const LOCALE_SHARE: Readonly<Record<string, number>> = { en: 88, de: 8, ru: 4 };

export interface GenerateOptions {
  count: number;
  /** A 32-bit unsigned integer. */
  seed: number;
  /** Where the names go, one per line ("\n"); ended when they are all written. */
  out: Writable;
  /** Where a progress bar is drawn if it is a TTY (default: process.stderr). */
  progress?: ProgressStream;
}

export interface GenerateSummary {
  written: number;
  /** Candidates whose canonical name was already written. */
  duplicates: number;
  /** Candidates the policy refused (reserved, too short, mixed script …). */
  refused: number;
  bytes: number;
}

export async function generateUsernames(options: GenerateOptions): Promise<GenerateSummary> {
  const { count, seed, out } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT)
    throw new RangeError(`count must be a whole number from 1 to ${MAX_COUNT}, not ${count}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new RangeError(`seed must be a whole number from 0 to ${0xffffffff}, not ${seed}`);
  const progress = progressBar(count, "usernames", options.progress ?? process.stderr);
  const next = candidates(seed);
  const seen = new SeenNames();
  const summary: GenerateSummary = { written: 0, duplicates: 0, refused: 0, bytes: 0 };
  let chunk = "";
  let attempts = 0;
  const flush = async () => {
    summary.bytes += Buffer.byteLength(chunk);
    const more = out.write(chunk);
    chunk = "";
    if (!more) await once(out, "drain");
  };
  while (summary.written < count) {
    if (++attempts > MAX_ATTEMPTS_PER_NAME * count)
      throw new Error(`only ${summary.written} distinct names after ${attempts - 1} candidates: the patterns ran dry`);
    const candidate = next();
    const verdict = normalizeUsername(candidate);
    if (!verdict.ok) summary.refused++;
    else if (!seen.add(verdict.name)) summary.duplicates++;
    else {
      chunk += `${candidate}\n`;
      summary.written++;
      progress.update(summary.written);
      if (chunk.length >= CHUNK_CHARS) await flush();
    }
  }
  if (chunk.length > 0) await flush();
  out.end();
  await once(out, "finish");
  progress.finish();
  return summary;
}

/** An endless supply of candidate names, decided by `seed` alone. */
function candidates(seed: number): () => string {
  const { random, shuffle } = seededFaker(seed);
  // Which first names are popular is part of what the seed decides: the lists are alphabetical.
  const locales = namePools().map((pool) => ({
    pool,
    share: LOCALE_SHARE[pool.locale] ?? 0,
    popular: shuffle(pool.firstNames),
    zipf: new ZipfSampler(pool.firstNames.length),
  }));
  const pickLocale = () => {
    let left = random() * 100;
    for (const locale of locales) {
      left -= locale.share;
      if (left < 0) return locale;
    }
    return locales[0] as (typeof locales)[number];
  };
  const any = (items: readonly string[]) => items[Math.floor(random() * items.length)] ?? "";
  return () => {
    const { pool, popular, zipf } = pickLocale();
    const first = popular[zipf.sample(random())] ?? "";
    return pickPattern(random).build({ first, last: any(pool.lastNames), word: any(pool.words) }, random);
  };
}
