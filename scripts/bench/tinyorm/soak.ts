// The pool soak: many more callers than connections, for a while, with faults on purpose — a
// share of the queries fail on the server, and a killer ends a random backend of the pool every
// so often (pg_terminate_backend, as an administrator or a failover would). What must hold:
// every call is answered (a result or a typed error, none hangs), nothing is thrown where no
// one listens, and when it is over no connection is left lent or open.
import { AdminShutdown, ConnectionError, DataException, Pool, PoolTimeoutError } from "@trilogy/tinyorm";
import pg from "pg";

export interface SoakSettings {
  readonly callers: number;
  readonly max: number;
  readonly seconds: number;
  /** Share of the queries that divide by zero on purpose. */
  readonly failingShare: number;
  readonly killEveryMs: number;
}

export interface SoakResult {
  readonly settings: SoakSettings;
  readonly calls: number;
  readonly answered: number;
  readonly succeeded: number;
  /** Typed errors the faults explain: the division by zero, a killed session, a wait that timed out. */
  readonly expectedErrors: Record<string, number>;
  readonly unexpectedErrors: string[];
  readonly unhandled: string[];
  readonly killed: number;
  /** Calls still not answered a grace period after the soak ended. */
  readonly hung: number;
  /** Lent connections when every caller had finished, and sessions left on the server after end(). */
  readonly lentAtEnd: number;
  readonly sessionsAfterEnd: number;
}

const APPLICATION_NAME = "tinyorm-soak";
/** After the soak, how long an unanswered call may still take before it counts as hung. */
const GRACE_MS = 10_000;
/** How long a backend may take to leave pg_stat_activity once its pool ended it. */
const BACKEND_EXIT_MS = 3_000;

export async function soak(url: string, settings: SoakSettings): Promise<SoakResult> {
  const unhandled: string[] = [];
  const onUnhandled = (error: unknown) =>
    unhandled.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);

  const pool = new Pool({ url, max: settings.max, applicationName: APPLICATION_NAME, acquireTimeoutMs: 5_000 });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const expectedErrors: Record<string, number> = {};
  const unexpectedErrors: string[] = [];
  let calls = 0;
  let answered = 0;
  let succeeded = 0;
  let killed = 0;

  const until = Date.now() + settings.seconds * 1000;
  const killer = setInterval(() => {
    admin
      .query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 ORDER BY random() LIMIT 1",
        [APPLICATION_NAME],
      )
      .then((result) => (killed += result.rowCount ?? 0))
      .catch(onUnhandled);
  }, settings.killEveryMs);

  let seq = 0;
  const caller = async (): Promise<void> => {
    while (Date.now() < until) {
      calls++;
      const n = seq++;
      const failing = (n * 7919) % 1000 < settings.failingShare * 1000;
      try {
        const result = await pool.query<{ n: number }>(
          failing ? "SELECT 1 / 0 AS n" : "SELECT $1::int AS n",
          failing ? [] : [n],
        );
        if (result.rows[0]?.n !== n) unexpectedErrors.push(`SELECT ${n} answered ${JSON.stringify(result.rows)}`);
        else succeeded++;
      } catch (error) {
        const kind = expectedKind(error, failing);
        if (kind) expectedErrors[kind] = (expectedErrors[kind] ?? 0) + 1;
        else unexpectedErrors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
      answered++;
    }
  };
  const callers = Promise.all(Array.from({ length: settings.callers }, caller));
  const finished = await Promise.race([
    callers.then(() => true),
    new Promise<false>((resolve) => setTimeout(resolve, settings.seconds * 1000 + GRACE_MS, false)),
  ]);
  clearInterval(killer);
  const lentAtEnd = pool.stats().inUse;
  await pool.end();
  const sessionsAfterEnd = await sessionsLeft(admin);
  await admin.end();
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
  return {
    settings,
    calls,
    answered,
    succeeded,
    expectedErrors,
    unexpectedErrors: unexpectedErrors.slice(0, 5),
    unhandled: unhandled.slice(0, 5),
    killed,
    hung: finished ? 0 : calls - answered,
    lentAtEnd,
    sessionsAfterEnd,
  };
}

/** The name of the fault that explains `error`, or undefined when none does. */
function expectedKind(error: unknown, failing: boolean): string | undefined {
  if (failing && error instanceof DataException) return "division by zero (on purpose)";
  if (error instanceof AdminShutdown || error instanceof ConnectionError) return "session killed";
  if (error instanceof PoolTimeoutError) return "acquire timed out";
  return undefined;
}

async function sessionsLeft(admin: pg.Client): Promise<number> {
  const until = Date.now() + BACKEND_EXIT_MS;
  for (;;) {
    const { rows } = await admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1",
      [APPLICATION_NAME],
    );
    if (rows[0]!.n === 0 || Date.now() > until) return rows[0]!.n;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
