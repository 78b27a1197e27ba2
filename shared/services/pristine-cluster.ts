// initdb writes some 40 MB of catalogs and is most of a cold Postgres start, yet its output
// depends only on the PostgreSQL build and our fixed options. The first run on a machine keeps
// a copy of the freshly made cluster in the cache; later runs copy that instead of running
// initdb, which is several times faster.
import { createHash } from "node:crypto";
import { cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import { cacheRoot, keepInCache } from "./cache-dir.ts";
import type { PostgresInstall } from "./find-binaries.ts";

/** One pristine cluster per PostgreSQL version and install location. */
function pristinePath(install: PostgresInstall): string {
  const where = createHash("sha256").update(install.binDir).digest("hex").slice(0, 8);
  return join(cacheRoot(), `postgres-${install.version}-${where}`, "data");
}

/** Copies the cached cluster to `dataDir`; false when there is none yet. */
export function restorePristineCluster(install: PostgresInstall, dataDir: string): boolean {
  const source = pristinePath(install);
  if (!existsSync(join(source, "PG_VERSION"))) return false;
  // cpSync keeps file modes; postgres insists on a 0700 data directory.
  cpSync(source, dataDir, { recursive: true });
  return true;
}

/** Keeps a copy of a cluster initdb has just made, before anything runs in it. */
export function keepPristineCluster(install: PostgresInstall, dataDir: string): void {
  keepInCache(dataDir, pristinePath(install));
}
