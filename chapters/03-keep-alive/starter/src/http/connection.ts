// One connection, many requests (RFC 9112 §9.3): parse, answer in order, and decide after
// each response whether the connection lives on. Two clocks guard it: the idle timeout while
// no request is in progress, and the headers timeout while a request head is arriving.
//
//            accept
//              │
//              ▼        first byte of a request               head complete, answered
//   ┌──► idle (idleTimeoutMs) ───────────────────► reading head (headersTimeoutMs) ───┐
//   │          │ expires: close, say nothing                 │ expires: 408, close    │
//   │          ▼                                             ▼                        │
//   │        closed ◄──── Connection: close, HTTP/1.0, request cap, parse error ◄─────┤
//   └──────────────────────────────── persistent ──────────────────────────────────────┘
//
// TODO(03): turn chapter 02's one-request connection below into the one above, step by step:
// (README: Persistence, Pipelining, Two clocks)
//   - after a response, keep the connection when wantsPersistence(head) (persistence.ts) says
//     so, no body follows (declaresBody), and it has served fewer than
//     options.maxRequestsPerConnection requests; otherwise answer with Connection: close and
//     close. A persistent HTTP/1.0 response says Connection: keep-alive.
//   - answer every request of a chunk, in order; parse nothing after the connection closes.
//   - one timer per connection: options.idleTimeoutMs while idle (expiry: close silently),
//     options.headersTimeoutMs from a request's "message-begin" event to its head (expiry:
//     408 Request Timeout and close).
//   - writing: when socket.write() returns false, pause() until 'drain', as in chapter 01.
import type { Socket } from "node:net";
import { errorResponse } from "./error-response.ts";
import { helloWorld } from "./hello-world.ts";
import { LINGER_TIMEOUT_MS } from "./limits.ts";
import { RequestParser } from "./request-parser.ts";
import { type HttpResponse, serializeResponse } from "./response-writer.ts";
import type { ServerOptions } from "./server-options.ts";

export function serveConnection(socket: Socket, options: ServerOptions): void {
  const parser = new RequestParser();
  let answered = false;

  const answer = (response: HttpResponse, omitBody = false): void => {
    answered = true;
    const closing: HttpResponse = { ...response, headers: [...response.headers, ["Connection", "close"]] };
    socket.end(serializeResponse(closing, { omitBody }));
    linger(socket);
  };

  socket.on("data", (chunk: Buffer) => {
    if (answered) return;
    for (const event of parser.push(chunk)) {
      if (event.type === "head") return answer(helloWorld(event.head), event.head.method === "HEAD");
      if (event.type === "error") return answer(errorResponse(event.error.status, event.error.reason));
    }
  });

  socket.on("end", () => {
    if (answered) return;
    const [event] = parser.finish();
    if (event?.type === "error") answer(errorResponse(event.error.status, event.error.reason));
    else socket.end();
  });

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
