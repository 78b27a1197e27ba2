// One source for every line. A chapter stores only what it changes: solutions/NN-slug/ holds
// the files its reference adds or rewrites, chapters/NN-slug/starter/ the TODO stubs given to
// the learner, and chapter.json lists the files it deletes. Whole trees are assembled here:
//
//   reference N = reference N−1  − removes N  + solutions/N        (reference 0 = empty)
//   starter N   = reference N                + starter overlay N
//
// A starter overlay therefore holds only the TODO stubs: every other file of the chapter is
// given whole, straight from the reference.
//
// Assembled trees live in a git-ignored cache, one folder per chapter and content hash, so a
// tree is rebuilt only when one of its sources changes and two runs never see half a tree.
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
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { type Chapter, chapterChain, isRemovedBy, newestChapter, type Project, ROOT } from "./chapters.ts";

export type TreeKind = "reference" | "starter";

/** Files and folders that never belong to a tree (editor and tool droppings). */
const IGNORED = new Set(["node_modules", ".DS_Store"]);

export function cacheDir(): string {
  return process.env.TRILOGY_CACHE_DIR ?? join(ROOT, ".cache", "trees");
}

/** Every file of a tree, as sorted relative paths with "/" separators. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      if (IGNORED.has(name)) continue;
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split("\\").join("/"));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

/** One layer of a tree: an overlay folder, and what it deletes from the layers below. */
interface Layer {
  removes: readonly string[];
  overlay: string;
}

function layersOf(chapter: Chapter, kind: TreeKind): Layer[] {
  const reference = chapterChain(chapter).map((c) => ({ removes: c.removes, overlay: c.solutionOverlayDir }));
  return kind === "reference" ? reference : [...reference, { removes: [], overlay: chapter.starterOverlayDir }];
}

/** Where each file of the assembled tree comes from: relative path → source file. */
export function treeSources(chapter: Chapter, kind: TreeKind): Map<string, string> {
  const files = new Map<string, string>();
  for (const layer of layersOf(chapter, kind)) {
    for (const file of [...files.keys()]) if (isRemovedBy(layer.removes, file)) files.delete(file);
    for (const file of listFiles(layer.overlay)) files.set(file, join(layer.overlay, file));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The content hash of a tree: its paths and the bytes of each file. */
function fingerprint(sources: Map<string, string>): string {
  const hash = createHash("sha256");
  for (const [file, source] of sources) hash.update(file).update("\0").update(readFileSync(source)).update("\0");
  return hash.digest("hex").slice(0, 12);
}

/** The whole tree of a chapter, assembled (or reused) in the cache. Read-only: never edit it. */
export function assembledTree(chapter: Chapter, kind: TreeKind): string {
  const sources = treeSources(chapter, kind);
  const home = join(cacheDir(), kind);
  const dir = join(home, `${chapter.dir}-${fingerprint(sources)}`);
  if (existsSync(dir)) return dir;
  // Build beside, then rename: a concurrent reader sees the whole tree or none of it.
  const building = `${dir}.building-${process.pid}-${Date.now()}`;
  writeTree(sources, building);
  mkdirSync(home, { recursive: true });
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another process finished first
  }
  pruneStale(home, chapter, dir);
  return dir;
}

/** Copies an assembled tree to a folder of the learner's (the folder must not hold other work). */
export function writeTree(sources: Map<string, string>, into: string): void {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  for (const [file, source] of sources) {
    mkdirSync(join(into, file, ".."), { recursive: true });
    cpSync(source, join(into, file));
  }
}

/**
 * A scratch copy of a tree outside the course folder (a mutant, a broken solution for a test).
 * It gets a package.json saying its TypeScript is ES modules, as the course folder's own says:
 * without one, the programs the checks start would load its files as CommonJS.
 */
export function copyTree(from: string, into: string): void {
  cpSync(from, into, { recursive: true });
  writeFileSync(join(into, "package.json"), `${JSON.stringify({ private: true, type: "module" }, null, 2)}\n`);
}

export function referenceTree(chapter: Chapter): string {
  return assembledTree(chapter, "reference");
}

export function starterTree(chapter: Chapter): string {
  return assembledTree(chapter, "starter");
}

/**
 * Whether reference N only adds to reference N−1: it removes nothing, and every file of its
 * overlay is new or keeps each line of code of the file it replaces, in order (an index that
 * gains an export line; comments may be rewritten). What the earlier stages exercise is then
 * unchanged, so reference N passes them when reference N−1 does. False for the first chapter of
 * a part: there is nothing before it.
 */
export function addsOnly(chapter: Chapter): boolean {
  const chain = chapterChain(chapter);
  const previous = chain[chain.length - 2];
  if (!previous || chapter.removes.length > 0) return false;
  const before = treeSources(previous, "reference");
  return listFiles(chapter.solutionOverlayDir).every((file) => {
    const old = before.get(file);
    if (old === undefined) return true;
    const kept = codeLines(old);
    let next = 0;
    for (const line of codeLines(join(chapter.solutionOverlayDir, file))) if (line === kept[next]) next++;
    return next === kept.length;
  });
}

/** A file's lines but its comments' and blank ones. */
function codeLines(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => !/^\s*(\/\/|\/\*|\*(\s|\/|$)|$)/.test(line));
}

/** The newest reference of a part (demo, bench, the docs server and later parts import it). */
export function newestReference(project: Project): { chapter: Chapter; dir: string } | undefined {
  const chapter = newestChapter(project);
  return chapter && { chapter, dir: referenceTree(chapter) };
}

/** Older builds of the same chapter: removed once they are an hour old (a running grade may still read one). */
const STALE_AFTER_MS = 60 * 60 * 1000;

function pruneStale(home: string, chapter: Chapter, keep: string): void {
  for (const name of readdirSync(home)) {
    const path = join(home, name);
    if (path === keep || !name.startsWith(`${chapter.dir}-`)) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another run
    }
  }
}
