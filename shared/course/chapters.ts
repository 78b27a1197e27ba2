// The course's table of contents: every chapter's metadata, read from
// chapters/NN-slug/chapter.json, plus the folders its trees are assembled from.
// The CLI (scripts/) and the grader (shared/check) both stand on this module; it imports neither.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export const PROJECTS = ["microfast", "tinyorm", "unamex"] as const;
export type Project = (typeof PROJECTS)[number];

export const PART_TITLES: Record<Project, string> = {
  microfast: "Part I — microfast: an HTTP framework from raw TCP",
  tinyorm: "Part II — tinyorm: an ORM over PostgreSQL",
  unamex: "Part III — unamex: 1M usernames, Redis, Bloom, shards, Kafka",
};

export type ServiceName = "postgres" | "redis" | "kafka";

export interface Stage {
  /** "01.2": chapter id, a dot, the stage number. */
  id: string;
  /** Short kebab-case name shown in reports: `[check 01.2 echo]`. */
  slug: string;
  title: string;
  /** The README section to read when the stage fails, as a heading anchor ("#framing"). */
  readme: string;
  /** The hint ladder: nudge → approach → near-code. */
  hints: string[];
}

export interface ChapterMeta {
  id: string;
  slug: string;
  title: string;
  project: Project;
  goal: string;
  minutes: number;
  services: ServiceName[];
  /** The files the learner edits (each holds `TODO(NN)` stubs in the starter). */
  files: string[];
  /** Files of the previous chapter's tree that this chapter deletes (from its reference and its starter). */
  removes: string[];
  stages: Stage[];
}

export interface Chapter extends ChapterMeta {
  /** "01-echo-server": the folder name in chapters/, solutions/ and labs/. */
  dir: string;
  number: number;
  chapterDir: string;
  readmePath: string;
  /** What this chapter's starter changes on top of the previous reference: TODO stubs and support files. */
  starterOverlayDir: string;
  testsDir: string;
  /** What this chapter's reference adds or changes on top of the previous one (solutions/NN-slug). */
  solutionOverlayDir: string;
  /** The learner's working copy (git-ignored). */
  labDir: string;
  /** The chapter whose solution the starter overlays: the previous chapter of the project. */
  base: Chapter | undefined;
}

const CHAPTER_DIR = /^(\d\d)-([a-z0-9-]+)$/;

export function stateDir(): string {
  return process.env.TRILOGY_STATE_DIR ?? join(ROOT, ".trilogy");
}

export function labsDir(): string {
  return process.env.TRILOGY_LABS_DIR ?? join(ROOT, "labs");
}

let cache: Chapter[] | undefined;

/** All chapters, in course order. Throws with the file name when a chapter.json is malformed. */
export function loadChapters(): Chapter[] {
  if (cache) return cache;
  const chaptersRoot = join(ROOT, "chapters");
  const dirs = existsSync(chaptersRoot)
    ? readdirSync(chaptersRoot)
        .filter((d) => CHAPTER_DIR.test(d))
        .sort()
    : [];
  const chapters: Chapter[] = [];
  for (const dir of dirs) {
    const chapterDir = join(chaptersRoot, dir);
    const metaPath = join(chapterDir, "chapter.json");
    const meta = parseMeta(metaPath, readFileSync(metaPath, "utf8"), dir);
    const previous = [...chapters].reverse().find((c) => c.project === meta.project);
    chapters.push({
      ...meta,
      dir,
      number: Number(meta.id),
      chapterDir,
      readmePath: join(chapterDir, "README.md"),
      starterOverlayDir: join(chapterDir, "starter"),
      testsDir: join(chapterDir, "tests"),
      solutionOverlayDir: join(ROOT, "solutions", dir),
      labDir: join(labsDir(), dir),
      base: previous,
    });
  }
  cache = chapters;
  return chapters;
}

/** The chapters of `chapter`'s project up to and including it, oldest first. */
export function chapterChain(chapter: Chapter): Chapter[] {
  return loadChapters().filter((c) => c.project === chapter.project && c.number <= chapter.number);
}

/**
 * The chapters a check of `chapter` runs: earlier ones of the same project, then itself —
 * except a chapter whose files a later chapter removed (chapter 01's echo server is not part
 * of the HTTP framework, so chapter 02 on no longer re-grade it).
 */
export function gradedChapters(chapter: Chapter): Chapter[] {
  const chain = chapterChain(chapter);
  return chain.filter((c, i) => {
    const removedLater = chain.slice(i + 1).flatMap((later) => later.removes);
    return c.files.length === 0 || !c.files.every((f) => isRemovedBy(removedLater, f));
  });
}

/** Does a `removes` entry of chapter.json cover this path? An entry ending in "/" is a folder. */
export function isRemovedBy(removes: readonly string[], file: string): boolean {
  return removes.some((r) => (r.endsWith("/") ? file.startsWith(r) : file === r));
}

/** The last chapter of a project, whose reference is "the newest microfast" (or tinyorm, unamex). */
export function newestChapter(project: Project): Chapter | undefined {
  return loadChapters()
    .filter((c) => c.project === project)
    .at(-1);
}

/** Accepts `3`, `03`, `03-keep-alive` or `keep-alive`. */
export function findChapter(arg: string): Chapter | undefined {
  const chapters = loadChapters();
  const wanted = arg.trim().toLowerCase();
  if (/^\d{1,2}$/.test(wanted)) return chapters.find((c) => c.number === Number(wanted));
  return chapters.find((c) => c.dir === wanted || c.slug === wanted);
}

export function validChapterList(): string {
  return loadChapters()
    .map((c) => `${c.id} ${c.slug}`)
    .join(", ");
}

export function stageLabel(stage: Stage): string {
  return `[check ${stage.id} ${stage.slug}]`;
}

function parseMeta(path: string, text: string, dir: string): ChapterMeta {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const fail = (what: string): never => {
    throw new Error(`${path}: ${what}`);
  };
  if (typeof raw !== "object" || raw === null) fail("expected an object");
  const m = raw as Record<string, unknown>;
  const str = (key: string): string =>
    typeof m[key] === "string" && (m[key] as string).length > 0
      ? (m[key] as string)
      : fail(`"${key}" must be a non-empty string`);
  const [, id, slug] = CHAPTER_DIR.exec(dir) ?? [];
  if (str("id") !== id) fail(`"id" must be "${id}" to match the folder name`);
  if (str("slug") !== slug) fail(`"slug" must be "${slug}" to match the folder name`);
  const project = str("project");
  if (!(PROJECTS as readonly string[]).includes(project)) fail(`"project" must be one of ${PROJECTS.join(", ")}`);
  const minutes = typeof m.minutes === "number" ? m.minutes : fail(`"minutes" must be a number`);
  const strings = (key: string): string[] =>
    Array.isArray(m[key]) && (m[key] as unknown[]).every((s) => typeof s === "string")
      ? (m[key] as string[])
      : fail(`"${key}" must be an array of strings`);
  const services = strings("services");
  const removes = m.removes === undefined ? [] : strings("removes");
  for (const s of services) if (!["postgres", "redis", "kafka"].includes(s)) fail(`unknown service "${s}"`);
  if (!Array.isArray(m.stages) || m.stages.length === 0) fail(`"stages" must be a non-empty array`);
  const stages = (m.stages as unknown[]).map((s, i): Stage => {
    const st = s as Record<string, unknown>;
    const field = (key: string): string =>
      typeof st[key] === "string" ? (st[key] as string) : fail(`stages[${i}].${key} must be a string`);
    const stageId = field("id");
    if (stageId !== `${id}.${i + 1}`) fail(`stages[${i}].id must be "${id}.${i + 1}" (stages are numbered in order)`);
    const stageSlug = field("slug");
    if (!/^[a-z0-9-]+$/.test(stageSlug)) fail(`stages[${i}].slug must be kebab-case`);
    const readme = field("readme");
    if (!readme.startsWith("#")) fail(`stages[${i}].readme must be a heading anchor like "#framing"`);
    const hints = st.hints;
    if (!Array.isArray(hints) || hints.length < 2 || !hints.every((h) => typeof h === "string"))
      fail(`stages[${i}].hints must be a ladder of at least two strings (nudge → approach → near-code)`);
    return { id: stageId, slug: stageSlug, title: field("title"), readme, hints: hints as string[] };
  });
  return {
    id: id!,
    slug: slug!,
    title: str("title"),
    project: project as Project,
    goal: str("goal"),
    minutes,
    services: services as ServiceName[],
    files: strings("files"),
    removes,
    stages,
  };
}
