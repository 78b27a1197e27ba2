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
    DB.configure(this.#database);
    try {
      await (await DB.queryable()).query(PROBE);
    } catch (error) {
      // Nothing listens and nothing stays open: the caller may fix the URL and start again.
      await DB.close().catch(() => undefined);
      throw error;
    }
    let server: Server;
    try {
      // The app's own signal handling would close the server and exit before the pool drained.
      server = await this.#app.run({ ...options, handleSignals: false });
    } catch (error) {
      await DB.close();
      throw error;
    }
    if (options.handleSignals ?? true) for (const signal of SHUTDOWN_SIGNALS) process.once(signal, this.#onSignal);
    return server;
  }

  /** Graceful shutdown: the server first (requests in progress finish), then the pool. Later calls get the same promise. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      for (const signal of SHUTDOWN_SIGNALS) process.off(signal, this.#onSignal);
      await this.#app.close();
      await DB.close();
    })();
    return this.#stopping;
  }
}
