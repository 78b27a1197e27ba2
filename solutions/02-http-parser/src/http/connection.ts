// One connection, one request: parse bytes until a request head (or an error) comes out,
// answer it, then close. Persistent connections are the next chapter's business.
import type { Socket } from "node:net";
import { errorResponse } from "./error-response.ts";
import { helloWorld } from "./hello-world.ts";
import { LINGER_TIMEOUT_MS } from "./limits.ts";
import { RequestParser } from "./request-parser.ts";
import { type HttpResponse, serializeResponse } from "./response-writer.ts";

export function serveConnection(socket: Socket): void {
  const parser = new RequestParser();
  let answered = false;

  const answer = (response: HttpResponse, omitBody = false): void => {
    answered = true;
    // A server that is about to close says so (RFC 9112 §9.6), so the client does not try to
    // send another request on this connection.
    const closing: HttpResponse = { ...response, headers: [...response.headers, ["Connection", "close"]] };
    socket.end(serializeResponse(closing, { omitBody }));
    linger(socket);
  };

  socket.on("data", (chunk: Buffer) => {
    if (answered) return; // one request per connection: what follows is read and dropped
    for (const event of parser.push(chunk)) {
      if (event.type === "head") return answer(helloWorld(event.head), event.head.method === "HEAD");
      if (event.type === "error") return answer(errorResponse(event.error.status, event.error.reason));
    }
  });

  // The client half-closed. If it stopped in the middle of a request, say so; then close our side.
  socket.on("end", () => {
    if (answered) return;
    const [event] = parser.finish();
    if (event?.type === "error") answer(errorResponse(event.error.status, event.error.reason));
    else socket.end();
  });

  // ECONNRESET and EPIPE are normal on the internet; without a listener they crash the server.
  socket.on("error", () => {});
}

/**
 * After our FIN, keep reading until the client closes too, but not forever. Closing while the
 * client's bytes are still unread makes the kernel answer with RST, and an RST can arrive
 * before the client has read our response, which it then never sees (RFC 9112 §9.6).
 */
function linger(socket: Socket): void {
  const timer = setTimeout(() => socket.destroy(), LINGER_TIMEOUT_MS);
  socket.once("close", () => clearTimeout(timer));
}
