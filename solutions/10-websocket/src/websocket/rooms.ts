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
  private readonly rooms = new Map<string, Set<WebSocket>>();

  /** Adds `socket` to the room `name` (once, however often it joins) until it leaves or closes. */
  join(name: string, socket: WebSocket): void {
    let members = this.rooms.get(name);
    if (!members) this.rooms.set(name, (members = new Set()));
    if (members.has(socket)) return;
    members.add(socket);
    void socket.closed.then(() => this.leave(name, socket));
  }

  leave(name: string, socket: WebSocket): void {
    const members = this.rooms.get(name);
    if (!members?.delete(socket)) return;
    if (members.size === 0) this.rooms.delete(name);
  }

  /** How many connections are in the room. */
  size(name: string): number {
    return this.rooms.get(name)?.size ?? 0;
  }

  /** Sends `data` to every open member of the room but `except`; returns how many it went to. */
  broadcast(name: string, data: string | Uint8Array, options: BroadcastOptions = {}): number {
    let sent = 0;
    for (const member of this.rooms.get(name) ?? []) {
      if (member === options.except || member.state !== "open") continue;
      void member.send(data);
      sent++;
    }
    return sent;
  }
}
