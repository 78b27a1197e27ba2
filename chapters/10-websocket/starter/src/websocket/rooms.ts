// Rooms: named groups of connections, and a broadcast to all of a room's members — a chat
// channel, the editors of one document, the viewers of one match.
//
//   rooms.join("general", alice)        general: {alice}
//   rooms.join("general", bob)          general: {alice, bob}
//   rooms.broadcast("general", "hi", { except: alice })      → bob
//   bob's connection closes            general: {alice}       (he leaves every room he joined)
//   rooms.leave("general", alice)      general is forgotten   (names come from clients: no leak)
//
// A broadcast does not wait for its slowest member: each send is written at once, and a member
// whose backlog passes its connection's bound is dropped by the connection (websocket.ts).
import type { WebSocket } from "./websocket.ts";

export interface BroadcastOptions {
  /** A member left out, usually the sender. */
  readonly except?: WebSocket;
}

export class Rooms {
  /** Adds `socket` to the room `name` (once, however often it joins) until it leaves or closes. */
  join(name: string, socket: WebSocket): void {
    // TODO(10): stage 10.8. Keep a Map from room name to a Set of sockets; create the set on demand.
    // A socket joins once; when socket.closed settles, it leaves.
    throw new Error(`TODO(10): Rooms.join is not implemented (${name}, ${socket.state})`);
  }

  leave(name: string, socket: WebSocket): void {
    // TODO(10): stage 10.8. Take the socket out of the room; forget a room that is left empty.
    throw new Error(`TODO(10): Rooms.leave is not implemented (${name}, ${socket.state})`);
  }

  /** How many connections are in the room. */
  size(name: string): number {
    // TODO(10): stage 10.8. 0 for a room nobody is in.
    throw new Error(`TODO(10): Rooms.size is not implemented (${name})`);
  }

  /** Sends `data` to every open member of the room but `except`; returns how many it went to. */
  broadcast(name: string, data: string | Uint8Array, options: BroadcastOptions = {}): number {
    // TODO(10): stage 10.8. member.send(data) for each member whose state is "open" and that is not
    // options.except — not awaited: the slowest member must not hold the others back.
    throw new Error(
      `TODO(10): Rooms.broadcast is not implemented (${name}, ${data.length}, ${options.except ? "but one" : "all"})`,
    );
  }
}
