// Stage 19.3: replica lag from LSNs. The check pauses replay on a standby of this file's own
// (pg_wal_replay_pause(), docs §9.27), writes on the primary, waits until the standby has received
// that WAL, and compares DB.router.lag() with the distance the checks measure themselves with
// pg_wal_lsn_diff() before and after it.
import { DB, formatLsn, parseLsn } from "@lab/src/tinyorm/index.ts";
import { afterAll, beforeAll, test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgresReplication } from "../../../shared/services/index.ts";
import { expectEqual, expectThat, run } from "../../13-models-and-fields/tests/orm.ts";
import {
  configure,
  pauseReplay,
  REPLAY_BUDGET_MS,
  resumeReplay,
  until,
  untilReceived,
  useOwnReplica,
  usePair,
  witness,
  witnessValue,
} from "./replicas.ts";

// LSNs as PostgreSQL prints them, and the 64-bit numbers they stand for (docs §8.20, pg_lsn).
const LSNS: [string, bigint][] = [
  ["0/0", 0n],
  ["0/3000060", 0x3000060n],
  ["16/B374D848", 0x16b374d848n],
  ["1/0", 0x100000000n],
  ["FFFFFFFF/FFFFFFFF", 0xffffffffffffffffn],
];

await stageWith([postgresReplication], "19.3", (service) => {
  const pair = usePair(service, "lag");
  const own = useOwnReplica(service, pair);
  beforeAll(() => configure(pair.db().primaryUrl, [own().url], pair.session));
  afterAll(() => resumeReplay(own().url).catch(() => undefined));

  test("parseLsn and formatLsn: high half / low half, in hexadecimal", async () => {
    for (const [text, value] of LSNS) {
      expectEqual(
        `parseLsn("${text}")`,
        value,
        await run(`parseLsn("${text}")`, () => parseLsn(text)),
        "Two 32-bit halves in hex: (high << 32n) | low, as a bigint.",
      );
      expectEqual(`formatLsn(${value}n)`, text, await run(`formatLsn(${value}n)`, () => formatLsn(value)));
    }
  });

  test("lag is above 0 while replay is paused and writes go on, and the distance the server measures", async () => {
    const { primaryUrl } = pair.db();
    const replica = own().url;
    await pauseReplay(replica);
    await witness(primaryUrl, (client) =>
      client.query("INSERT INTO notes (body) SELECT 'lag ' || n FROM generate_series(1, 1000) n"),
    );
    // The standby receives the new WAL while its replay stays paused: a lag read from the WAL
    // received rather than replayed then reads near 0, not the distance below.
    await untilReceived(replica, primaryUrl, "the standby to receive the new WAL (replay paused)");
    const distance = async () => {
      const replayed = await witnessValue<string>(replica, "SELECT pg_last_wal_replay_lsn()::text");
      return Number(
        await witnessValue<string>(primaryUrl, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::text", [replayed]),
      );
    };
    const before = await distance();
    const lag = await run("DB.router.lag()", () => DB.router.lag());
    const after = await distance();
    expectEqual(
      "DB.router.lag() — the standbys it reports",
      [replica],
      lag.map((l) => l.url),
    );
    const bytes = lag[0]?.bytes;
    expectThat(
      "DB.router.lag()[0].bytes while replay is paused",
      typeof bytes === "number" && bytes > 0 && bytes >= before && bytes <= after,
      `bytes of WAL between ${before} and ${after} (pg_wal_lsn_diff(pg_current_wal_lsn(), pg_last_wal_replay_lsn()) before and after)`,
      bytes,
      "pg_current_wal_lsn() on the primary minus pg_last_wal_replay_lsn() on the standby — replay, not receipt: the standby still receives WAL while replay is paused.",
    );
  });

  test("lag falls to 0 once replay resumes", async () => {
    await resumeReplay(own().url);
    let last: unknown;
    const deadline = Date.now() + REPLAY_BUDGET_MS;
    await until(
      "DB.router.lag() to read 0 bytes after pg_wal_replay_resume()",
      async () => {
        last = (await run("DB.router.lag()", () => DB.router.lag()))[0]?.bytes;
        return last === 0;
      },
      deadline,
    ).catch((error: unknown) => {
      throw Object.assign(error as Error, { message: `${(error as Error).message}; last lag read: ${String(last)}` });
    });
  });
});
