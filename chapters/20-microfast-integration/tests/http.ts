// What the checks of chapter 20 share: an app served by your plugin on a free port of the
// loopback, over a database of the check file's own; requests sent over real HTTP (fetch); and
// expectations that say what was sent, what was expected and what came back.
import { type DatabaseOptions, DB } from "@lab/src/tinyorm/index.ts";
import type { Lifecycle } from "@lab/src/tinyorm/microfast/index.ts";
import { afterAll, beforeAll } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { LOOPBACK, onFreePort } from "../../../shared/services/free-port.ts";
import type { PostgresService, TestDatabase } from "../../../shared/services/index.ts";
import { useDatabase } from "../../11-pg-basics/tests/sql.ts";
import { rethrowTodo, showError, within, withWitness } from "../../13-models-and-fields/tests/orm.ts";

export {
  expectEqual,
  expectThat,
  run,
  show,
  showError,
  within,
  witnessRows,
} from "../../13-models-and-fields/tests/orm.ts";
export { eventually } from "../../14-connection-pool/tests/pool.ts";

/** One request and its answer, the body parsed when it is JSON. */
export interface Answer {
  readonly sent: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: unknown;
}

/** What a served app is built from: its options for DB, and what starts and stops it. */
export type Build<A> = (database: DatabaseOptions) => A & { readonly lifecycle: Lifecycle };

export interface Served<A> {
  readonly db: () => TestDatabase;
  /** The application_name of the app's sessions (unique on the server: other gradings share it). */
  readonly session: string;
  /** The app as built, and its base URL, once started. */
  readonly app: () => A;
  readonly base: () => string;
}

/** The app's options for DB: the check file's database, its sessions named `session`. */
export function databaseOptions(db: TestDatabase, session: string, pool: DatabaseOptions["pool"] = { max: 5 }) {
  return { url: db.url, applicationName: session, pool };
}

/** A fresh database built from `schema`, and an app built on it started for the whole file. */
export function useServedApp<A>(service: PostgresService, label: string, schema: string, build: Build<A>): Served<A> {
  const db = useDatabase(service, label, schema);
  const session = `tinyorm-20-${label}-${process.pid}`;
  let app: (A & { readonly lifecycle: Lifecycle }) | undefined;
  let base: string | undefined;
  beforeAll(async () => {
    await DB.close().catch(() => undefined);
    app = build(databaseOptions(db(), session));
    base = await startServer(app.lifecycle);
  });
  afterAll(async () => {
    await app?.lifecycle.stop();
    await DB.close().catch(() => undefined);
  });
  return {
    db,
    session,
    app: () => app ?? unready(),
    base: () => base ?? unready(),
  };
}

function unready(): never {
  throw new Error("the app did not start (beforeAll failed?)");
}

/** lifecycle.start() on a free port of the loopback, signals left alone; resolves with the base URL. */
export function startServer(lifecycle: Lifecycle): Promise<string> {
  // A start that fails to listen has closed its pool (stage 20.1), so it can be called again.
  return onFreePort(
    async (port) => {
      await within(
        `lifecycle.start({ host: "${LOOPBACK}", port: ${port}, handleSignals: false })`,
        lifecycle.start({ host: LOOPBACK, port, handleSignals: false }),
      );
      return `http://${LOOPBACK}:${port}`;
    },
    (error) => (error as NodeJS.ErrnoException | undefined)?.code === "EADDRINUSE",
  );
}

/** Sends one request; a body is sent as JSON. Waits at most `ms` for the answer. */
export async function send(base: string, method: string, path: string, body?: unknown, ms?: number): Promise<Answer> {
  const sent = body === undefined ? `${method} ${path}` : `${method} ${path} ${JSON.stringify(body)}`;
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { "Content-Type": "application/json" };
  }
  let response: Response;
  try {
    response = await within(sent, fetch(`${base}${path}`, init), ms);
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof CheckFailure) throw error;
    throw new CheckFailure("the request got no answer", {
      sent,
      expected: "an HTTP response",
      received: showError(error),
    });
  }
  const text = await response.text();
  let parsed: unknown = text;
  if (/^application\/json/.test(response.headers.get("content-type") ?? "")) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // Left as text: the failure shows what came instead of JSON.
    }
  }
  return { sent, status: response.status, headers: response.headers, text, body: parsed };
}

/** Fails unless the answer has `status`; the body is shown either way. */
export function expectStatus(answer: Answer, status: number, hint?: string): void {
  if (answer.status === status) return;
  throw new CheckFailure(`answered ${answer.status}, not ${status}`, {
    sent: answer.sent,
    expected: `${status}`,
    received: `${answer.status} ${answer.text.slice(0, 400)}`,
    ...(hint ? { hint } : {}),
  });
}

/** Fails unless the answer is JSON in microfast's error shape with `status`: {"detail": …}. */
export function expectError(answer: Answer, status: number, hint?: string): unknown {
  expectStatus(answer, status, hint);
  const body = answer.body;
  if (typeof body !== "object" || body === null || !("detail" in body))
    throw new CheckFailure("not microfast's error shape", {
      sent: answer.sent,
      expected: `${status} with Content-Type: application/json and a body {"detail": …}`,
      received: `Content-Type: ${answer.headers.get("content-type")}, body ${answer.text.slice(0, 400)}`,
      ...(hint ? { hint } : {}),
    });
  return (body as { detail: unknown }).detail;
}

/** The pids of the sessions named `session` in the check file's database. */
export async function sessionsOf(url: string, session: string): Promise<number[]> {
  return withWitness(url, async (client) => {
    const { rows } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 ORDER BY pid",
      [session],
    );
    return rows.map((row) => row.pid);
  });
}

/** Ends the session `pid` as an operator would (pg_terminate_backend, docs §9.27.2), and waits until it is gone. */
export async function terminate(url: string, pid: number): Promise<void> {
  await withWitness(url, async (client) => {
    await client.query("SELECT pg_terminate_backend($1)", [pid]);
    const until = Date.now() + 5_000;
    while (Date.now() < until) {
      const { rows } = await client.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid]);
      if (rows.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`session ${pid} still exists 5 s after pg_terminate_backend`);
  });
}
