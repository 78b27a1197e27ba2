// One TCP server, one small state machine per connection: bytes in → lines → commands →
// replies out, with backpressure in both directions and a clean half-close.
import type { Server } from "node:net";
import { Store } from "./store.ts";

export function createEchoServer(store: Store = new Store()): Server {
  // TODO(01): create the server (think about half-close), and per connection: split lines,
  // execute them, write replies with backpressure, close on QUIT and on the client's end.
  throw new Error(`TODO(01): createEchoServer is not implemented (store ${typeof store})`);
}
