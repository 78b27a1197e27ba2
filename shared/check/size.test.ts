// Which size a check runs at: full in its own chapter's check and in full runs, quick as a
// regression of a later chapter; and the replay line a seeded check prints names those sizes.
import { expect, test } from "vitest";
import { reproduceLine } from "./random.ts";
import { runsFull, sized } from "./size.ts";

const SIZES = { full: 1_000, quick: 100 };

test("a stage of the chapter under check runs at full size", () => {
  expect(sized("03.8", SIZES, { TRILOGY_CHAPTER: "03-keep-alive" })).toBe(1_000);
});

test("an earlier chapter's stage runs quick, unless the run is full", () => {
  expect(sized("03.8", SIZES, { TRILOGY_CHAPTER: "06-app-and-middleware" })).toBe(100);
  expect(sized("03.8", SIZES, { TRILOGY_CHAPTER: "06-app-and-middleware", TRILOGY_FULL: "1" })).toBe(1_000);
  expect(sized("03.8", SIZES, { TRILOGY_CHAPTER: "06-app-and-middleware", TRILOGY_FULL: "0" })).toBe(100);
});

test("a check run outside the grader runs at full size", () => {
  expect(runsFull("03.8", {})).toBe(true);
});

test("the replay line names the check that ran, with --full only where it changes the sizes", () => {
  expect(reproduceLine(7, "03", "03.2", { TRILOGY_CHAPTER: "03-keep-alive" })).toBe(
    "seed 7; replay with: TRILOGY_SEED=7 pnpm check 03 --only 03.2",
  );
  expect(reproduceLine(7, "03", "03.2", { TRILOGY_CHAPTER: "05-router" })).toBe(
    "seed 7; replay with: TRILOGY_SEED=7 pnpm check 05 --only 03.2",
  );
  expect(reproduceLine(7, "03", "03.2", { TRILOGY_CHAPTER: "05-router", TRILOGY_FULL: "1" })).toBe(
    "seed 7; replay with: TRILOGY_SEED=7 pnpm check 05 --only 03.2 --full",
  );
  expect(reproduceLine(7, "03", "03.2", {})).toBe("seed 7; replay with: TRILOGY_SEED=7 pnpm check 03 --only 03.2");
});
