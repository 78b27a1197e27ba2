// The carry-forward merge on small synthetic trees: every way a file can differ between the
// previous reference, the learner's copy and the new starter.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { CarryForwardError, type CarryResult, carryForward } from "./carry-forward.ts";

const LABELS = { yours: "yours (labs/01-demo)", base: "reference 01", starter: "starter 02" };
let root: string;
let trees: { base: string; yours: string; starter: string };
let into: string;

/** Writes files into one of the three trees: path → text. */
function fill(tree: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
  }
}

const read = (path: string) => readFileSync(join(into, path), "utf8");
const outcomeOf = (result: CarryResult, path: string) => result.files.find((f) => f.path === path)?.outcome;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "trilogy-carry-test-"));
  trees = { base: join(root, "base"), yours: join(root, "yours"), starter: join(root, "starter") };
  into = join(root, "labs", "02-demo");
  for (const dir of Object.values(trees)) mkdirSync(dir);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("a file all three trees have", () => {
  test("the learner never changed it: the starter's version", () => {
    fill(trees.base, { "a.ts": "one\n" });
    fill(trees.yours, { "a.ts": "one\n" });
    fill(trees.starter, { "a.ts": "one\n// TODO(02)\n" });
    const result = carryForward(trees, into, LABELS);
    expect(outcomeOf(result, "a.ts")).toBe("starter");
    expect(read("a.ts")).toBe("one\n// TODO(02)\n");
  });

  test("the starter leaves it alone: the learner's version, byte for byte", () => {
    fill(trees.base, { "a.ts": "one\n" });
    fill(trees.yours, { "a.ts": "my own\r\n" });
    fill(trees.starter, { "a.ts": "one\n" });
    const result = carryForward(trees, into, LABELS);
    expect(outcomeOf(result, "a.ts")).toBe("yours");
    expect(read("a.ts")).toBe("my own\r\n");
  });

  test("both changed different lines: both changes, no markers", () => {
    fill(trees.base, { "a.ts": "head\n1\n2\n3\n4\n5\ntail\n" });
    fill(trees.yours, { "a.ts": "HEAD (mine)\n1\n2\n3\n4\n5\ntail\n" });
    fill(trees.starter, { "a.ts": "head\n1\n2\n3\n4\n5\ntail (starter 02)\n" });
    const result = carryForward(trees, into, LABELS);
    expect(outcomeOf(result, "a.ts")).toBe("merged");
    expect(read("a.ts")).toBe("HEAD (mine)\n1\n2\n3\n4\n5\ntail (starter 02)\n");
  });

  test("both changed the same line: both versions between labelled conflict markers", () => {
    fill(trees.base, { "a.ts": "keep\nreturn 1;\nkeep\n" });
    fill(trees.yours, { "a.ts": "keep\nreturn mine();\nkeep\n" });
    fill(trees.starter, { "a.ts": 'keep\nthrow new Error("TODO(02)");\nkeep\n' });
    const result = carryForward(trees, into, LABELS);
    expect(outcomeOf(result, "a.ts")).toBe("conflict");
    const text = read("a.ts");
    expect(text).toContain("<<<<<<< yours (labs/01-demo)\nreturn mine();\n");
    expect(text).toContain('=======\nthrow new Error("TODO(02)");\n>>>>>>> starter 02\n');
    expect(text.startsWith("keep\n")).toBe(true);
  });

  test("a CRLF file of the learner's is merged on its lines and keeps CRLF", () => {
    fill(trees.base, { "a.ts": "head\n1\n2\n3\n4\ntail\n" });
    fill(trees.yours, { "a.ts": "mine\r\n1\r\n2\r\n3\r\n4\r\ntail\r\n" });
    fill(trees.starter, { "a.ts": "head\n1\n2\n3\n4\nnew tail\n" });
    const result = carryForward(trees, into, LABELS);
    expect(outcomeOf(result, "a.ts")).toBe("merged");
    expect(read("a.ts")).toBe("mine\r\n1\r\n2\r\n3\r\n4\r\nnew tail\r\n");
  });
});

describe("files only some trees have", () => {
  test("a file the learner added is kept; a file new in the starter is added", () => {
    fill(trees.yours, { "notes/mine.ts": "export const idea = 1;\n" });
    fill(trees.starter, { "src/new.ts": "// TODO(02)\n" });
    const result = carryForward(trees, into, LABELS);
    expect(outcomeOf(result, "notes/mine.ts")).toBe("added");
    expect(outcomeOf(result, "src/new.ts")).toBe("starter");
    expect(read("notes/mine.ts")).toBe("export const idea = 1;\n");
    expect(read("src/new.ts")).toBe("// TODO(02)\n");
  });

  test("a file the learner deleted stays deleted, unless the starter changes it", () => {
    fill(trees.base, { "gone.ts": "old\n", "back.ts": "old\n" });
    fill(trees.starter, { "gone.ts": "old\n", "back.ts": "old\n// TODO(02)\n" });
    const result = carryForward(trees, into, LABELS);
    expect(outcomeOf(result, "gone.ts")).toBe("deleted");
    expect(existsSync(join(into, "gone.ts"))).toBe(false);
    expect(outcomeOf(result, "back.ts")).toBe("restored");
    expect(read("back.ts")).toBe("old\n// TODO(02)\n");
  });
});

describe('files the new chapter removes (chapter.json "removes": ["src/echo/"])', () => {
  beforeEach(() => {
    const echo = { "src/echo/server.ts": "reference server\n", "src/echo/store.ts": "reference store\n" };
    fill(trees.base, { ...echo, "src/http/parser.ts": "parser\n" });
    // The starter of the next chapter: the base without the removed folder.
    fill(trees.starter, { "src/http/parser.ts": "parser\n" });
    fill(trees.yours, {
      "src/echo/server.ts": "my server\n",
      "src/echo/store.ts": "reference store\r\n",
      "src/http/parser.ts": "parser\n",
    });
  });

  test("one the learner never changed is dropped (a change of line endings alone is no change)", () => {
    const result = carryForward(trees, into, LABELS);
    expect(outcomeOf(result, "src/echo/store.ts")).toBe("dropped");
    expect(existsSync(join(into, "src/echo/store.ts"))).toBe(false);
  });

  test("one the learner changed is kept as theirs, flagged as no longer part of the tree", () => {
    const result = carryForward(trees, into, LABELS);
    expect(outcomeOf(result, "src/echo/server.ts")).toBe("retired");
    expect(read("src/echo/server.ts")).toBe("my server\n");
  });
});

describe("the destination", () => {
  test("is replaced as a whole: nothing of an older copy lingers", () => {
    fill(trees.base, { "a.ts": "a\n" });
    fill(trees.yours, { "a.ts": "a\n" });
    fill(trees.starter, { "a.ts": "a\n" });
    fill(into, { "stale.ts": "from an older copy\n" });
    carryForward(trees, into, LABELS);
    expect(existsSync(join(into, "stale.ts"))).toBe(false);
    expect(read("a.ts")).toBe("a\n");
  });

  test("without git, a merge fails with a clear error and writes nothing", () => {
    fill(trees.base, { "a.ts": "a\nb\n" });
    fill(trees.yours, { "a.ts": "A\nb\n" });
    fill(trees.starter, { "a.ts": "a\nB\n" });
    const path = process.env.PATH;
    process.env.PATH = join(root, "empty-bin");
    try {
      expect(() => carryForward(trees, into, LABELS)).toThrow(CarryForwardError);
      expect(() => carryForward(trees, into, LABELS)).toThrow(/needs git/);
    } finally {
      process.env.PATH = path;
    }
    expect(existsSync(into)).toBe(false);
  });
});
