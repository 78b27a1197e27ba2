// Two slow parts of a cold Kafka start are the same on every run on one machine: formatting
// the KRaft storage (a JVM launch of its own) and loading the broker's classes. Both are cached:
// the formatted storage is copied instead of formatted again, and the loaded classes go into a
// class-data-sharing archive (JDK "AppCDS", -XX:ArchiveClassesAtExit / -XX:SharedArchiveFile)
// that later JVMs map instead of parsing the jars. Together they roughly halve a start.
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { cacheRoot, keepInCache } from "./cache-dir.ts";
import type { JavaInstall } from "./find-binaries.ts";
import { kafkaVersionIn } from "./kafka-jars.ts";

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/** Warm-start files belong to one set of jars. */
function warmDir(libs: string): string {
  return join(cacheRoot(), `kafka-${kafkaVersionIn(libs)}-warm-${shortHash(libs)}`);
}

/**
 * Fills `logDir` with formatted KRaft storage: a copy of the cached one, or what `format`
 * makes (then cached). Formatted storage holds the cluster id, node id and metadata version,
 * none of which depends on the ports, so one copy serves every run.
 */
export async function formattedStorage(libs: string, logDir: string, format: () => Promise<void>): Promise<void> {
  const cached = join(warmDir(libs), "storage");
  if (existsSync(join(cached, "meta.properties"))) {
    cpSync(cached, logDir, { recursive: true });
    return;
  }
  await format();
  keepInCache(logDir, cached);
}

export interface ClassArchive {
  /** JVM options: use the archive, or record one at exit. */
  options: string[];
  /** After a clean exit: keep the archive the JVM just wrote (no-op when one was used). */
  keep(): void;
}

/**
 * The class archive for this JVM and these jars. An archive only works with the exact JVM
 * build that wrote it, so the key includes the Java binary's path and modification time.
 * `recordDir` is where a new archive is written first (the server's temp directory, so a
 * broker killed half-way through writing it leaves nothing in the cache); without one, an
 * existing archive is used but none is recorded.
 */
export function classArchive(java: JavaInstall, libs: string, recordDir: string | undefined): ClassArchive {
  const javaBinary = realpathSync(java.command);
  const jvmKey = shortHash(`${javaBinary}:${statSync(javaBinary).mtimeMs}`);
  const archive = join(warmDir(libs), `classes-${jvmKey}.jsa`);
  if (existsSync(archive)) return { options: [`-XX:SharedArchiveFile=${archive}`], keep: () => undefined };
  if (!recordDir) return { options: [], keep: () => undefined };
  const recorded = join(recordDir, `classes-${randomBytes(4).toString("hex")}.jsa`);
  return {
    options: [`-XX:ArchiveClassesAtExit=${recorded}`],
    keep: () => {
      if (existsSync(recorded) && statSync(recorded).size > 0) keepInCache(recorded, archive);
    },
  };
}
