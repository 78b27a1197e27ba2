// Stage 25.5: what a sign-up form may send, and what a programmer may misconfigure. Garbage in a
// name is an answer with the policy's reason, sent nowhere; a bad option is a typed error before
// the first check.
import { Availability, normalizeUsername } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres, redis } from "../../../shared/services/index.ts";
import { expectEqual, expectRefusal, expectThat, run } from "../../24-sharded-storage/tests/expect.ts";
import { LOOKUP, useWorld } from "./fixtures/world.ts";

const HINT = "read the lesson's section Bad input";

const GARBAGE: [string, unknown][] = [
  ["an empty name", ""],
  ["10,000 characters", "x".repeat(10_000)],
  ["only zero-width characters", "\u200b\u200c\u200d\u2060"],
  ["a right-to-left override", "ada\u202eecalevol"],
  ["a number", 42],
  ["null", null],
];

await stageWith([postgres, redis], "25.5", (pg, rd) => {
  const world = useWorld(pg, rd, 200);

  test("answers a name the policy refuses with its reason and source policy, sending nothing to Redis or the shards", async () => {
    const service = world.open({ bloom: world.saturated() });
    for (const [label, input] of GARBAGE) {
      const verdict = normalizeUsername(input);
      const reason = verdict.ok ? "(accepted?)" : verdict.reason;
      const what = `check(${label})`;
      let answer: unknown;
      let statements: string[] = [];
      const commands = await world.commands().during(async () => {
        statements = await world.pg().during(LOOKUP, async () => {
          answer = await run(what, () => service.check(input as string), undefined, HINT);
        });
      });
      const a = answer as { normalized?: unknown; available?: unknown; reason?: unknown; source?: unknown };
      expectEqual(
        what,
        { normalized: null, available: false, reason, source: "policy" },
        { normalized: a?.normalized, available: a?.available, reason: a?.reason, source: a?.source },
        'normalize first; a refusal is an answer: { name, normalized: null, available: false, reason, message, source: "policy" }',
      );
      expectThat(
        `what ${what} sent`,
        commands.length === 0 && statements.length === 0,
        "nothing",
        { redis: commands, shards: statements },
        "a name the policy refuses cannot be stored, so no layer needs to be asked about it",
      );
    }
    const many = await run('checkMany(the same six inputs and "ada.lovelace")', () =>
      service.checkMany([...GARBAGE.map(([, input]) => input as string), "ada.lovelace"]),
    );
    expectEqual(
      'checkMany(the same six inputs and "ada.lovelace"): reasons and sources',
      [
        ...GARBAGE.map(([, input]) => [(normalizeUsername(input) as { reason?: string }).reason, "policy"]),
        [undefined, "db"],
      ],
      many?.map((r) => [r.reason, r.source]),
      "the refused names answered by the policy, in place; the rest checked as usual",
    );
  });

  test("refuses a names list that is not an array, and TTLs or jitter out of range, naming the option", async () => {
    const service = world.open();
    await expectRefusal(
      'checkMany("ada")',
      () => service.checkMany("ada" as unknown as string[]),
      TypeError,
      "names",
      HINT,
    );
    for (const [option, value] of [
      ["takenTtlMs", 0],
      ["takenTtlMs", 1.5],
      ["takenTtlMs", Number.NaN],
      ["freeTtlMs", -1],
      ["freeTtlMs", 40 * 24 * 60 * 60 * 1000],
      ["jitter", -0.1],
      ["jitter", 0.9],
      ["jitter", Number.NaN],
    ] as const)
      await expectRefusal(
        `new Availability({ …, ${option}: ${value} })`,
        () => new Availability(world.options({ [option]: value })),
        RangeError,
        option,
        "check every option in the constructor: Redis refuses PX 0, and a NaN TTL would fail every write-back",
      );
    await expectRefusal(
      "new Availability({ …, takenTtlMs: 1000, freeTtlMs: 60000 })",
      () => new Availability(world.options({ takenTtlMs: 1_000, freeTtlMs: 60_000 })),
      RangeError,
      "freeTtlMs",
      'a "free" kept longer than a "taken" keeps the answer that goes stale the longest',
    );
    await expectRefusal(
      "new Availability({}) (no shards, no Redis, no filter)",
      () => new Availability({} as never),
      TypeError,
      "shards",
      HINT,
    );
  });
});
