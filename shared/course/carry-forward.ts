// A learner's code carries forward: their copy of chapter N−1 becomes their copy of chapter N
// by a three-way merge per file, the way git merges two branches that share an ancestor.
//
//                 reference N−1  (base: what both sides started from)
//                  │         │
//     the learner  │         │  chapter N's starter overlay
//     solves N−1   ▼         ▼  (TODO stubs, new files, removals)
//            your copy     starter N
//                  └────┬────┘
//                       ▼
//                your copy of N
//
// A file only one side changed takes that side's version; a file both changed is merged
// line by line (`git merge-file`); where both changed the same lines, the file keeps both
// versions between conflict markers for the learner to resolve. Nothing of the learner's is
// ever lost: a file the new chapter removes stays when the learner had changed it.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { listFiles } from "./trees.ts";

/** The three whole trees of a carry: all read-only here. */
export interface CarryTrees {
  /** Reference N−1: the common ancestor of both sides. */
  base: string;
  /** The learner's copy of chapter N−1. */
  yours: string;
  /** Starter N: reference N−1 with chapter N's overlay and removals applied. */
  starter: string;
}

/** How each side is named in conflict markers: `<<<<<<< yours (labs/01-echo-server)`. */
export interface CarryLabels {
  yours: string;
  base: string;
  starter: string;
}

export type CarryOutcome =
  /** The learner never changed it (or it is new in chapter N): the starter's version. */
  | "starter"
  /** The starter leaves it as reference N−1 had it: the learner's version. */
  | "yours"
  /** Both changed it, in different lines: both changes applied. */
  | "merged"
  /** Both changed the same lines: written with conflict markers, to be resolved by hand. */
  | "conflict"
  /** Only the learner has it: kept. */
  | "added"
  /** Chapter N removes it, but the learner had changed it: kept, no longer part of the chapter's tree. */
  | "retired"
  /** Chapter N removes it and the learner never changed it: left out. */
  | "dropped"
  /** The learner deleted it, but the starter changes it: the starter's version is back. */
  | "restored"
  /** The learner deleted it and the starter leaves it alone: stays deleted. */
  | "deleted";

export interface CarriedFile {
  path: string;
  outcome: CarryOutcome;
}

export interface CarryResult {
  /** Every path of the three trees, sorted, with what became of it. */
  files: CarriedFile[];
}

/** The largest merged file read back from git: far above any source file of the course. */
const MAX_MERGED_BYTES = 64 * 1024 * 1024;

/** A carry that cannot run at all (no git, or git failing): nothing has been written. */
export class CarryForwardError extends Error {}

/**
 * Builds the learner's copy of chapter N in `into` (replacing whatever is there) from the
 * three trees. The copy is assembled beside `into` and renamed into place, so a failure
 * leaves no half-built copy behind.
 */
export function carryForward(trees: CarryTrees, into: string, labels: CarryLabels): CarryResult {
  const paths = [...new Set([trees.base, trees.yours, trees.starter].flatMap(listFiles))].sort();
  const building = `${into}.carrying-${process.pid}-${Date.now()}`;
  const scratch = mkdtempSync(join(tmpdir(), "trilogy-carry-"));
  const files: CarriedFile[] = [];
  try {
    mkdirSync(building, { recursive: true });
    for (const path of paths) {
      const side = (root: string) => (existsSync(join(root, path)) ? join(root, path) : undefined);
      const outcome = carryFile(
        path,
        side(trees.base),
        side(trees.yours),
        side(trees.starter),
        join(building, path),
        scratch,
        labels,
      );
      files.push({ path, outcome });
    }
    rmSync(into, { recursive: true, force: true });
    renameSync(building, into);
    return { files };
  } finally {
    rmSync(building, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Decides one file and writes its result to `out` (unless it is left out). */
function carryFile(
  path: string,
  base: string | undefined,
  yours: string | undefined,
  starter: string | undefined,
  out: string,
  scratch: string,
  labels: CarryLabels,
): CarryOutcome {
  const text = (file: string | undefined) => (file === undefined ? undefined : readFileSync(file, "utf8"));
  const [b, y, s] = [text(base), text(yours), text(starter)];
  // Compared without line endings: an editor that saved a file with CRLF did not change it.
  const same = (one: string | undefined, other: string | undefined) =>
    one !== undefined && other !== undefined && lf(one) === lf(other);

  if (y === undefined) {
    if (s === undefined) return "dropped";
    if (b === undefined) return copy(starter!, out, "starter");
    return same(b, s) ? "deleted" : copy(starter!, out, "restored");
  }
  if (s === undefined) {
    if (b === undefined) return copy(yours!, out, "added");
    return same(y, b) ? "dropped" : copy(yours!, out, "retired");
  }
  // From here the file is in both the learner's copy and the starter.
  if (same(y, b)) {
    const inTheirEndings = withEndingsOf(y, s);
    return inTheirEndings === s ? copy(starter!, out, "starter") : write(out, inTheirEndings, "starter");
  }
  if (same(s, b) || same(y, s)) return copy(yours!, out, "yours");
  const merged = mergeFile(y, b ?? "", s, path, scratch, labels);
  return write(out, merged.text, merged.conflicts > 0 ? "conflict" : "merged");
}

function copy(from: string, out: string, outcome: CarryOutcome): CarryOutcome {
  mkdirSync(dirname(out), { recursive: true });
  copyFileSync(from, out);
  return outcome;
}

function write(out: string, text: string, outcome: CarryOutcome): CarryOutcome {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  return outcome;
}

const lf = (text: string) => text.replace(/\r\n/g, "\n");

/** Gives `text` the learner's line endings when their file used CRLF throughout. */
function withEndingsOf(learner: string, text: string): string {
  const crlf = learner.includes("\r\n") && !/(^|[^\r])\n/.test(learner);
  return crlf ? lf(text).replace(/\n/g, "\r\n") : text;
}

/**
 * A three-way merge of one file by `git merge-file` (git is there wherever the course was
 * cloned). Its exit status is the number of conflicts (capped at 127); a negative status,
 * seen as 255, is an error. The merge runs on LF text; the result gets the learner's endings.
 */
function mergeFile(yours: string, base: string, starter: string, path: string, scratch: string, labels: CarryLabels) {
  const input = (name: string, text: string) => {
    const file = join(scratch, name);
    writeFileSync(file, lf(text));
    return file;
  };
  const [y, b, s] = [input("yours", yours), input("base", base), input("starter", starter)];
  const result = spawnSync(
    "git",
    ["merge-file", "-p", "-L", labels.yours, "-L", labels.base, "-L", labels.starter, y, b, s],
    {
      encoding: "utf8",
      maxBuffer: MAX_MERGED_BYTES,
    },
  );
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new CarryForwardError(
      "carrying your code forward needs git (`git merge-file`), and git is not on PATH: install git, or take the starter with --from reference",
    );
  }
  const status = result.status;
  if (result.error || status === null || status > 127) {
    const why = result.error?.message ?? (result.stderr.trim() || `exit status ${status ?? result.signal}`);
    throw new CarryForwardError(`git merge-file failed on ${path}: ${why}`);
  }
  return { text: withEndingsOf(yours, result.stdout), conflicts: status };
}
