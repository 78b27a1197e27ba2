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
import type { Socket } from "node:net";
import { errorResponse } from "./error-response.ts";
import { helloWorld } from "./hello-world.ts";
import { LINGER_TIMEOUT_MS } from "./limits.ts";
import { declaresBody, wantsPersistence } from "./persistence.ts";
import type { RequestHead } from "./request-head.ts";
import { RequestParser } from "./request-parser.ts";
import { type HttpResponse, serializeResponse } from "./response-writer.ts";
import type { ServerOptions } from "./server-options.ts";

export function serveConnection(socket: Socket, options: ServerOptions): void {
  const parser = new RequestParser();
  let served = 0;
  let closing = false;
  /** One clock per connection: arming one stops the other. */
  let clock: NodeJS.Timeout | undefined;

  function arm(ms: number, onExpiry: () => void): void {
    clearTimeout(clock);
    clock = setTimeout(onExpiry, ms);
  }

  /** No request in progress: a connection that stays silent this long is closed, without a word. */
  function awaitRequest(): void {
    arm(options.idleTimeoutMs, close);
  }

  /**
   * A request has begun: its head must be complete in time, or it gets 408. Measured from the
   * first byte and never extended by later ones — a slowloris client sends a byte every few
   * seconds precisely to keep resetting clocks that restart on activity.
   */
  function awaitHead(): void {
    arm(options.headersTimeoutMs, () =>
      reject(errorResponse(408, `the request head took longer than ${options.headersTimeoutMs} ms`)),
    );
  }

  function answer(head: RequestHead): void {
    served++;
    const response = helloWorld(head);
    const omitBody = head.method === "HEAD";
    // The connection outlives this request only if the client wants it to, no body of unknown
    // length follows (bodies are chapter 04's), and the connection has requests left.
    if (!wantsPersistence(head) || declaresBody(head) || served >= options.maxRequestsPerConnection) {
      return finish({ ...response, headers: [...response.headers, ["Connection", "close"]] }, omitBody);
    }
    // An HTTP/1.0 client keeps the connection only if the response confirms it (RFC 9112 Appendix C.2.2).
    const headers =
      head.version.minor === 0 ? [...response.headers, ["Connection", "keep-alive"] as const] : response.headers;
    write(serializeResponse({ ...response, headers }, { omitBody }));
    awaitRequest();
  }

  /** Answers an error: after it, nothing on this connection can be trusted. */
  function reject(response: HttpResponse): void {
    finish({ ...response, headers: [...response.headers, ["Connection", "close"]] }, false);
  }

  /** Sends the last response and closes; later bytes are read and dropped, never parsed. */
  function finish(response: HttpResponse, omitBody: boolean): void {
    write(serializeResponse(response, { omitBody }));
    close();
  }

  function close(): void {
    closing = true;
    clearTimeout(clock);
    socket.end();
    linger(socket);
  }

  // Backpressure, as in chapter 01: a client that pipelines requests without reading the
  // responses must not make us queue responses without end.
  function write(bytes: Buffer): void {
    if (socket.write(bytes) || socket.isPaused()) return;
    socket.pause();
    socket.once("drain", () => socket.resume());
  }

  socket.on("data", (chunk: Buffer) => {
    if (closing) return;
    // Pipelining: one chunk may hold several requests. Answer them in order, and stop at the
    // first one after which the connection closes: what follows it is never parsed.
    for (const event of parser.push(chunk)) {
      if (event.type === "message-begin") awaitHead();
      else if (event.type === "error") reject(errorResponse(event.error.status, event.error.reason));
      else answer(event.head);
      if (closing) return;
    }
  });

  // The client half-closed: it sends no more requests. Answer a request it cut short, then close.
  socket.on("end", () => {
    if (closing) return;
    const [event] = parser.finish();
    if (event?.type === "error") reject(errorResponse(event.error.status, event.error.reason));
    else close();
  });

  socket.on("close", () => clearTimeout(clock));
  // ECONNRESET and EPIPE are normal on the internet; without a listener they crash the server.
  socket.on("error", () => {});

  awaitRequest();
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
