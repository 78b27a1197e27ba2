import { homedir } from "node:os";
import { join } from "node:path";

/** The course's per-machine cache (Kafka jars, a pristine Postgres cluster): XDG's cache home. */
export function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "systems-trilogy");
}
