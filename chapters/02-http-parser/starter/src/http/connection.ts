// One connection, one request: parse bytes until a request head (or an error) comes out,
// answer it, then close. Persistent connections are the next chapter's business.
import type { Socket } from "node:net";
import { LINGER_TIMEOUT_MS } from "./limits.ts";

/**
 * Serves one connection: one RequestParser; on a head, answer helloWorld(head) (HEAD without a
 * body); on an error, answer errorResponse(status, reason). Every response says
 * Connection: close, then the socket is ended and lingers. On the client's FIN, finish() the
 * parser: a request cut short is answered with its error.
 */
export function serveConnection(socket: Socket): void {
  // TODO(02): parse, answer once, close (README: Responses; Errors close the connection).
  throw new Error(`TODO(02): serveConnection is not implemented (connection from ${socket.remoteAddress})`);
}

/**
 * After our FIN, keep reading until the client closes too, but not forever. Closing while the
 * client's bytes are still unread makes the kernel answer with RST, and an RST can arrive
 * before the client has read our response, which it then never sees (RFC 9112 §9.6).
 * Call it right after socket.end().
 */
function linger(socket: Socket): void {
  const timer = setTimeout(() => socket.destroy(), LINGER_TIMEOUT_MS);
  socket.once("close", () => clearTimeout(timer));
}
