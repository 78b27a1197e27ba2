// tinyorm as a microfast plugin: one call wires the three things an application on a database
// needs from its web framework.
//
//   const app = new MicroFast();
//   const orm = tinyorm(app, { database: { url, pool: { max: 10 } } });
//   app.post("/users", …);                        // runs in a transaction of its own
//   await orm.start({ host, port });              // pool opened, then the server listens
//   …                                             // SIGTERM: the server drains, then the pool
//
// microfast has no hooks for its lifecycle: run() listens and close() drains. The plugin owns
// both ends instead, so the order is written once (lifecycle.ts). Its middleware runs each
// unsafe request in DB.transaction() (request-transaction.ts), and its error handlers answer
// what the database refused with the status that says why (error-mapping.ts).
import type { MicroFast, Request } from "@trilogy/microfast";
import type { DatabaseOptions } from "../model/db.ts";
import { mapDatabaseErrors } from "./error-mapping.ts";
import { Lifecycle } from "./lifecycle.ts";
import { requestTransactions, unsafeMethod } from "./request-transaction.ts";

export interface TinyormPluginOptions {
  /** DB.configure()'s options: where the database is, and the pool's limits. */
  readonly database: DatabaseOptions;
  /** Which requests run in a transaction of their own: by default those whose method is not safe. */
  readonly transactional?: (request: Request) => boolean;
}

/** Adds the transaction middleware and the error handlers to `app`; returns what starts and stops both. */
export function tinyorm(app: MicroFast, options: TinyormPluginOptions): Lifecycle {
  app.use(requestTransactions(options.transactional ?? unsafeMethod));
  mapDatabaseErrors(app);
  return new Lifecycle(app, options.database);
}
