import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** The course's per-machine cache (Kafka jars, warm-start files): XDG's cache home. */
export function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "systems-trilogy");
}

/**
 * Copies a file or directory into the cache at `target`, unless something is already there.
 * Copied aside and renamed into place, so a concurrent run or a crash never leaves half a
 * copy; failures are ignored (the cache is an optimisation: the work is simply redone).
 */
export function keepInCache(source: string, target: string): void {
  if (existsSync(target)) return;
  const staging = `${target}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    cpSync(source, staging, { recursive: true });
    renameSync(staging, target);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
}
