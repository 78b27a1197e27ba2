// Upgrade (RFC 9110 §7.8): a client asks to leave HTTP/1.1 for another protocol on the same
// connection, and the server either stays with HTTP — an ordinary answer — or switches, with
// 101 Switching Protocols (§15.2.2). From the empty line that ends the 101, the bytes in both
// directions belong to the new protocol, and the HTTP connection hands its socket over.
//
//   GET /chat HTTP/1.1                        HTTP/1.1 101 Switching Protocols
//   Upgrade: websocket              ──►       Upgrade: websocket
//   Connection: Upgrade                       Connection: Upgrade
//   …                                         …
//   <maybe the first frame already>           ◄── then frames, both ways; HTTP is over
import type { Socket } from "node:net";
import { headerValues, type RequestHead } from "./request-head.ts";
import type { FixedResponse, HttpResponse } from "./response-writer.ts";

/** What the server keeps of a connection that switched protocols: how to end it gracefully. */
export interface SwitchedConnection {
  /** The server is shutting down: end the connection the new protocol's way. */
  drain(): void;
}

/** A 101 response and the protocol that takes the connection over once it is written. */
export interface SwitchingResponse extends FixedResponse {
  /**
   * Called once the 101's head is written. `head` holds the bytes the client sent after its
   * request, already read from the socket: they belong to the new protocol.
   */
  readonly switchTo: (socket: Socket, head: Buffer) => SwitchedConnection;
}

export function switchesProtocols(response: HttpResponse): response is SwitchingResponse {
  return response.status === 101 && typeof (response as Partial<SwitchingResponse>).switchTo === "function";
}

/**
 * Does this request ask to switch protocols? Upgrade is a hop-by-hop field, so it counts only
 * when Connection lists it (§7.6.1, §7.8), and a server MUST ignore it in an HTTP/1.0 request.
 */
export function asksToSwitch(head: RequestHead): boolean {
  if (head.version.minor < 1) return false;
  if (headerValues(head, "upgrade").length === 0) return false;
  return headerValues(head, "connection").some((value) =>
    value.split(",").some((option) => option.trim().toLowerCase() === "upgrade"),
  );
}
