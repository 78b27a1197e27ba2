// The pool lives exactly as long as the server, in this order:
//
//   start()  DB.configure ─► first connection (SELECT 1) ─► app.run: listening
//   stop()   app.close: no new connections, requests in progress answered ─► DB.close: pool drained
//
// The pool opens first so that a wrong URL, a database that does not exist or a refused password
// fails start() — before a load balancer sees the port open and sends traffic to a server that
// can answer nothing but 503. It drains last because a request still in progress may need one
// more connection: closed first, the pool would fail the very requests a graceful shutdown
// promised to finish (PoolClosedError).
import type { MicroFast, RunOptions } from "@trilogy/microfast";
import { type DatabaseOptions, DB } from "../model/db.ts";

/** The statement that proves the database answers: cheap, and allowed in any transaction state. */
const PROBE = "SELECT 1";

/** The signals that ask a server to stop, as microfast's run() handles them (SIGTERM from docker stop, SIGINT from Ctrl-C). */
const SHUTDOWN_SIGNALS = ["SIGTERM", "SIGINT"] as const;

type Server = Awaited<ReturnType<MicroFast["run"]>>;

export class Lifecycle {
  readonly #app: MicroFast;
  readonly #database: DatabaseOptions;
  #stopping: Promise<void> | undefined;
  readonly #onSignal = (): void => void this.stop().then(() => process.exit(0));

  constructor(app: MicroFast, database: DatabaseOptions) {
    this.#app = app;
    this.#database = database;
  }

  /** Opens the pool and proves it answers, then starts the server; resolves once it accepts connections. */
  async start(options: RunOptions = {}): Promise<Server> {
    // TODO(20): DB.configure(this.#database); one PROBE through DB.queryable() (on failure:
    // DB.close(), then rethrow); then this.#app.run({ ...options, handleSignals: false }), and
    // unless options.handleSignals is false, process.once(signal, this.#onSignal) for each of
    // SHUTDOWN_SIGNALS.
    throw new Error("TODO(20): Lifecycle.start() is not implemented");
  }

  /** Graceful shutdown: the server first (requests in progress finish), then the pool. Later calls get the same promise. */
  stop(): Promise<void> {
    // TODO(20): once (keep the promise in this.#stopping): remove the signal listeners,
    // await this.#app.close(), then await DB.close().
    throw new Error("TODO(20): Lifecycle.stop() is not implemented");
  }
}
