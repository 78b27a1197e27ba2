// A stage's deadline: its failure says how much of the work was done, and what was awaited.
import { expect, test } from "vitest";
import { allWithin, budgetMs, Deadline } from "./budget.ts";
import { CheckFailure } from "./failure.ts";

const WORK = { units: "clients", done: "answered", count: 5 };

test("a budget is the floor, or so much per unit of work when that is more", () => {
  expect(budgetMs(10, { perUnitMs: 5, floorMs: 1_000 })).toBe(1_000);
  expect(budgetMs(3_000, { perUnitMs: 5, floorMs: 1_000 })).toBe(15_000);
});

test("every unit done in time: no failure", async () => {
  await expect(allWithin(WORK, new Deadline(1_000), async () => undefined)).resolves.toBeUndefined();
});

test("a wait that runs out says how many units were done in time, and what the others awaited", async () => {
  const deadline = new Deadline(200);
  const failure = await allWithin(WORK, deadline, async (i) => {
    if (i < 3) return;
    await new Promise((resolve) => setTimeout(resolve, deadline.left()));
    throw new CheckFailure("timed out waiting for the status line", {
      kind: "timeout",
      expected: "the status line",
      received: "nothing",
    });
  }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(CheckFailure);
  expect((failure as CheckFailure).message).toBe("3 of 5 clients answered within 200 ms");
  expect((failure as CheckFailure).kind).toBe("timeout");
  expect((failure as CheckFailure).expected).toBe("the status line");
});

test("a wrong answer keeps its own message, with the count so far", async () => {
  const failure = await allWithin(WORK, new Deadline(1_000), async (i) => {
    if (i === 4) throw new CheckFailure("expected status 200, got 500", { expected: "200", received: "500" });
  }).catch((error: unknown) => error);
  expect((failure as CheckFailure).message).toMatch(
    /^expected status 200, got 500 \(\d of 5 clients answered by then\)$/,
  );
  expect((failure as CheckFailure).kind).toBe("check");
});

test("work that ignores the deadline is cut off once it has passed", async () => {
  const failure = await allWithin(
    { ...WORK, count: 1 },
    new Deadline(50),
    () => new Promise<void>(() => undefined),
  ).catch((error: unknown) => error);
  expect((failure as CheckFailure).message).toBe("0 of 1 clients answered within 50 ms");
}, 5_000);
