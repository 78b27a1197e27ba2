// One TCP server, one small state machine per connection: bytes in → lines → commands →
// replies out, with backpressure in both directions and a clean half-close.
import type { Server } from "node:net";
import { Store } from "./store.ts";

export function createEchoServer(store: Store = new Store()): Server {
  // TODO(01): create the TCP server; per connection: lines in, replies out, with backpressure.
  // Close on QUIT and after the client's half-close (README: The life of a TCP connection).
  throw new Error(`TODO(01): createEchoServer is not implemented (store ${typeof store})`);
}
