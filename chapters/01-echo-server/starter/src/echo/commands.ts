// The line protocol: parse one line into a command, run it against the store, and say what
// to answer. Pure functions of (line, store): no sockets here, so they are easy to test.
import type { Store } from "./store.ts";

export interface Outcome {
  /** The reply line, "\r\n" included. */
  reply: string;
  /** True after QUIT: answer, then close the connection. */
  close: boolean;
}

/** Runs one line. Returns undefined for an empty line, which is ignored like Redis does. */
export function execute(line: string, store: Store): Outcome | undefined {
  // TODO(01): run PING, ECHO, SET, GET, DEL and QUIT, with the error replies of the spec.
  throw new Error(`TODO(01): execute is not implemented (line ${JSON.stringify(line)}, store ${typeof store})`);
}
