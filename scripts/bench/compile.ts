// Runs a tree's server as compiled JavaScript. Under tsx every function gets wrapped in a
// `__name(...)` call so stack traces keep names; for closures created per request that wrapper
// costs a fifth of microfast's throughput. The demo and the bench therefore bundle the entry
// with esbuild into one ES module and run that with plain `node`. The bundle is not minified and
// marks where each source file starts; with its source map (`--enable-source-maps`, as the demo
// runs it) stack traces point at the TypeScript files and lines.
//
// Where the bundle goes: .cache/build/<name>-<hash>/ holds a copy of the whole tree and the
// bundle at the entry's own path with ".js" (src/microfast/demo.ts → src/microfast/demo.js).
// A module that finds its files relative to itself — the demo's
// `new URL("../../examples/static", import.meta.url)` — finds them there just as it does in
// the sources, with no rewriting of import.meta.url. The hash covers every file of the tree and
// the build settings, so a build is reused until a source changes.
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { type BuildFailure, type BuildOptions, build, version as esbuildVersion, type Message } from "esbuild";
import { ROOT } from "../../shared/course/chapters.ts";
import { listFiles } from "../../shared/course/trees.ts";

/** Git-ignored, inside the course so that bare imports ("fastify") resolve from its node_modules. */
export const BUILD_DIR = join(ROOT, ".cache", "build");

/** How every tree is built; part of the hash, so a change here rebuilds. */
const SETTINGS = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  minify: false,
  // keepNames would bring back the very __name wrappers this build is here to avoid.
  keepNames: false,
} as const satisfies BuildOptions;

/** Older builds of the same tree are removed once they are an hour old (a running bench may still use one). */
const STALE_AFTER_MS = 60 * 60 * 1000;

export interface CompileOptions {
  /**
   * "bundle" puts every import into the one file (a microfast tree imports nothing else);
   * "external" leaves npm packages as imports, loaded from node_modules as they are published.
   */
  readonly packages?: "bundle" | "external";
  /**
   * Folders outside `root` whose code the bundle takes in, such as the tree a path alias
   * (@trilogy/tinyorm) points at: their files count in the hash too, so a change there rebuilds.
   */
  readonly sources?: readonly string[];
}

/** The build failed: one line per error, "file:line:column: message", paths from the course root. */
export class CompileError extends Error {}

export interface Compiled {
  /** The copy of the tree the bundle sits in: run the program with this as its working directory. */
  readonly dir: string;
  /** The JavaScript file to run. */
  readonly file: string;
}

/** Compiles `entry` (a path inside `root`). Builds at most once per content of `root`. */
export async function compile(root: string, entry: string, options: CompileOptions = {}): Promise<Compiled> {
  const packages = options.packages ?? "bundle";
  const files = listFiles(root);
  if (!files.includes(entry)) throw new CompileError(`${relative(ROOT, join(root, entry))} does not exist`);
  const hash = createHash("sha256").update(
    `esbuild ${esbuildVersion}\0${JSON.stringify(SETTINGS)}\0${entry}\0${packages}\0`,
  );
  for (const file of files)
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(join(root, file)))
      .update("\0");
  for (const source of options.sources ?? [])
    for (const file of listFiles(source))
      hash
        .update(join(source, file))
        .update("\0")
        .update(readFileSync(join(source, file)))
        .update("\0");
  const name = `${buildName(root)}-${basename(entry).replace(/\.[cm]?ts$/, "")}`;
  const dir = join(BUILD_DIR, `${name}-${hash.digest("hex").slice(0, 12)}`);
  const output = join(dir, entry.replace(/\.[cm]?ts$/, "") + ".js");
  if (existsSync(output)) {
    // Marked as used, so that a newer build of the same tree does not retire it yet.
    utimesSync(dir, new Date(), new Date());
    return { dir, file: output };
  }

  // Built beside, then renamed: a concurrent run sees the whole build or none of it.
  const building = `${dir}.building-${process.pid}-${Date.now()}`;
  try {
    for (const file of files) {
      mkdirSync(dirname(join(building, file)), { recursive: true });
      cpSync(join(root, file), join(building, file));
    }
    await bundle(join(root, entry), join(building, relative(dir, output)), packages);
    mkdirSync(BUILD_DIR, { recursive: true });
    renameSync(building, dir);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(output)) throw error; // else another process finished the same build first
  }
  pruneStale(name, dir);
  return { dir, file: output };
}

async function bundle(entry: string, outfile: string, packages: "bundle" | "external"): Promise<void> {
  try {
    await build({
      entryPoints: [entry],
      outfile,
      ...SETTINGS,
      packages: packages === "external" ? "external" : undefined,
      absWorkingDir: ROOT,
      logLevel: "silent",
    });
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    if (!Array.isArray(failure.errors)) throw error;
    throw new CompileError(
      `esbuild could not compile ${relative(ROOT, entry)}:\n${failure.errors.map(describe).join("\n")}`,
    );
  }
}

function describe(message: Message): string {
  const at = message.location;
  return at ? `${at.file}:${at.line}:${at.column + 1}: ${message.text}\n    ${at.lineText}` : message.text;
}

/**
 * What builds of the same tree share, so a newer build can retire the older ones (with the
 * entry's name after it): "labs-08-static-cors-compression-tls", "reference-08-static-cors-
 * compression-tls" (an assembled tree's own content hash dropped), "scripts-bench".
 */
function buildName(root: string): string {
  const inCourse = relative(ROOT, root);
  const path = inCourse.startsWith("..") || isAbsolute(inCourse) ? basename(root) : inCourse;
  return path
    .split(sep)
    .filter((part) => part !== ".cache" && part !== "trees")
    .join("-")
    .replace(/-[0-9a-f]{12}$/, "");
}

function pruneStale(name: string, keep: string): void {
  if (!existsSync(BUILD_DIR)) return;
  for (const entry of readdirSync(BUILD_DIR)) {
    const path = join(BUILD_DIR, entry);
    // "<name>-<12 hex>", and also a ".building-…" folder left behind by a run that was killed.
    if (
      path === keep ||
      !entry.startsWith(`${name}-`) ||
      !/^[0-9a-f]{12}(\.building-.*)?$/.test(entry.slice(name.length + 1))
    )
      continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another run
    }
  }
}
