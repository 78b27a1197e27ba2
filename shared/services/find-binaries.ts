// Finding the server programs a machine already has. Package managers put PostgreSQL in
// versioned directories that are usually not on PATH (Debian's /usr/lib/postgresql/15/bin,
// Homebrew's keg-only postgresql@16), so those places are searched as well as PATH.
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

/** The oldest PostgreSQL the course supports: it uses MERGE and other 15-era SQL. */
export const MIN_POSTGRES_MAJOR = 15;
/** Kafka 3.9 brokers need Java 11 or newer (the Kafka 3.x documentation recommends 17). */
export const MIN_JAVA_MAJOR = 11;

// Where installers put PostgreSQL server binaries, one `*` per versioned directory:
// Debian/Ubuntu, the PGDG RPMs, Homebrew (Apple silicon and Intel), Postgres.app, source builds.
const POSTGRES_BIN_PATTERNS = [
  "/usr/lib/postgresql/*/bin",
  "/usr/pgsql-*/bin",
  "/opt/homebrew/opt/postgresql@*/bin",
  "/usr/local/opt/postgresql@*/bin",
  "/opt/homebrew/opt/postgresql/bin",
  "/usr/local/opt/postgresql/bin",
  "/Applications/Postgres.app/Contents/Versions/*/bin",
  "/usr/local/pgsql/bin",
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(name: string, pathEnv: string = process.env.PATH ?? ""): string | undefined {
  for (const dir of pathEnv.split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Expands a path with at most one `*` segment part, e.g. /usr/lib/postgresql/*\/bin. */
export function expandPattern(pattern: string): string[] {
  const star = pattern.indexOf("*");
  if (star === -1) return [pattern];
  const slashBefore = pattern.lastIndexOf("/", star);
  const slashAfter = pattern.indexOf("/", star);
  const parent = pattern.slice(0, slashBefore) || "/";
  const segment = pattern.slice(slashBefore + 1, slashAfter === -1 ? undefined : slashAfter);
  const rest = slashAfter === -1 ? "" : pattern.slice(slashAfter);
  const [prefix = "", suffix = ""] = segment.split("*");
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.startsWith(prefix) && e.endsWith(suffix) && e.length >= prefix.length + suffix.length)
    .map((e) => join(parent, e) + rest);
}

/** "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)" → [15, 14]; also "16.4", "17beta1". */
export function parseVersion(text: string): [number, number] | undefined {
  const match = /(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0)];
}

export interface PostgresInstall {
  binDir: string;
  /** As reported by `postgres --version`, e.g. "15.14". */
  version: string;
  major: number;
}

function versionOutput(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
  } catch {
    return undefined;
  }
}

/** Every directory holding both initdb and postgres, newest version first. */
export function findPostgresInstalls(
  pathEnv: string = process.env.PATH ?? "",
  patterns: readonly string[] = POSTGRES_BIN_PATTERNS,
): PostgresInstall[] {
  const override = process.env.LABS_POSTGRES_BIN;
  const dirs = override
    ? [override]
    : [...pathEnv.split(delimiter).filter(Boolean), ...patterns.flatMap(expandPattern)];
  const seen = new Set<string>();
  const installs: PostgresInstall[] = [];
  for (const dir of dirs) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    if (!isExecutable(join(dir, "postgres")) || !isExecutable(join(dir, "initdb"))) continue;
    const output = versionOutput(join(dir, "postgres"), ["--version"]);
    const version = output && /\(PostgreSQL\)\s+(\S+)/.exec(output)?.[1];
    const parsed = version ? parseVersion(version) : undefined;
    if (!version || !parsed) continue;
    installs.push({ binDir: dir, version, major: parsed[0] });
  }
  return installs.sort((a, b) => compareVersions(b.version, a.version));
}

function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = parseVersion(a) ?? [];
  const [bMajor = 0, bMinor = 0] = parseVersion(b) ?? [];
  return aMajor - bMajor || aMinor - bMinor;
}

/** The newest PostgreSQL ≥ MIN_POSTGRES_MAJOR, or undefined. */
export function findPostgres(): PostgresInstall | undefined {
  return findPostgresInstalls().find((i) => i.major >= MIN_POSTGRES_MAJOR);
}

export interface RedisInstall {
  command: string;
  version: string;
}

export function findRedis(): RedisInstall | undefined {
  const command = process.env.LABS_REDIS_SERVER ?? findOnPath("redis-server");
  if (!command) return undefined;
  // "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=…"
  const version = /v=(\S+)/.exec(versionOutput(command, ["--version"]) ?? "")?.[1];
  return version ? { command, version } : undefined;
}

export interface JavaInstall {
  command: string;
  major: number;
}

export function findJava(): JavaInstall | undefined {
  const javaHome = process.env.JAVA_HOME;
  const command =
    javaHome && isExecutable(join(javaHome, "bin", "java")) ? join(javaHome, "bin", "java") : findOnPath("java");
  if (!command) return undefined;
  // `java -version` writes to stderr: 'openjdk version "17.0.15" 2025-04-15'. macOS ships a
  // /usr/bin/java stub that fails when no JDK is installed: no output, no Java.
  const result = spawnSync(command, ["-version"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 10_000,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const quoted = /version "([^"]+)"/.exec(output)?.[1];
  if (!quoted) return undefined;
  // Java 8 and older report "1.8.0_…".
  const parts = quoted.split(".").map(Number);
  const major = parts[0] === 1 ? (parts[1] ?? 0) : (parts[0] ?? 0);
  return major ? { command, major } : undefined;
}
