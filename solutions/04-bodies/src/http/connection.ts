// One connection, many requests (RFC 9112 §9.3): read whole requests — head and body — answer
// them in order, and decide after each response whether the connection lives on. Two clocks
// guard it: the idle timeout while no request is in progress, and a deadline while a request
// arrives — headersTimeoutMs for its head, the same again for its body.
//
//            accept
//              │
//              ▼      first byte                 head complete             body complete
//   ┌──► idle (idleTimeoutMs) ───► reading head ───────────► reading body ───────────► handler ──┐
//   │          │ expires: close     │ expires: 408, close     │ expires: 408, close     (no clock)│
//   │          ▼                    ▼                         ▼                                 │
//   │        closed ◄── Connection: close, HTTP/1.0, request cap, parse error, 413 ◄────────────┤
//   └──────────────────────────────────── persistent ◄──────── response written ◄───────────────┘
//
// Handlers may be asynchronous. Requests are handled one at a time, in order: while one is being
// handled or its response written, the socket is paused, so a client pipelining requests cannot
// make the server hold more than the events of the chunk it already read.
import type { Socket } from "node:net";
import { errorResponse } from "./error-response.ts";
import type { Handler } from "./handler.ts";
import { LINGER_TIMEOUT_MS } from "./limits.ts";
import { wantsPersistence } from "./persistence.ts";
import type { HttpRequest } from "./request.ts";
import type { RequestHead } from "./request-head.ts";
import { type RequestEvent, RequestReader } from "./request-reader.ts";
import {
  checkHeaders,
  type FixedResponse,
  type HttpResponse,
  isStreamed,
  serializeResponse,
} from "./response-writer.ts";
import { sendResponse } from "./send-response.ts";
import type { ServerOptions } from "./server-options.ts";

/** The interim response a client with `Expect: 100-continue` waits for (RFC 9110 §15.2.1). */
const CONTINUE = Buffer.from("HTTP/1.1 100 Continue\r\n\r\n", "latin1");

export function serveConnection(socket: Socket, options: ServerOptions, handler: Handler): void {
  const reader = new RequestReader(options.maxBodyBytes);
  /** The errors this server answers itself: plain text, unless the application has its own format. */
  const refusal = options.errorResponse ?? errorResponse;
  /** Events read but not yet acted on, in order. */
  const backlog: RequestEvent[] = [];
  let working = false;
  let clientDone = false;
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
   * A request's head, then its body, must each arrive within headersTimeoutMs. A deadline, never
   * extended by arriving bytes: slowloris trickles a head, and its cousin trickles a body.
   */
  function awaitPart(part: "head" | "body"): void {
    arm(options.headersTimeoutMs, () =>
      reject(refusal(408, `the request ${part} took longer than ${options.headersTimeoutMs} ms`)),
    );
  }

  /** Acts on one event; a request's answer takes time, and the caller waits for it. */
  function act(event: RequestEvent): Promise<void> | undefined {
    switch (event.type) {
      case "message-begin":
        awaitPart("head");
        return undefined;
      case "head":
        clearTimeout(clock);
        // The client waits for this before sending the body. A head refused early (413, 417) is
        // an error event instead, so the client never hears "go ahead" for a body we would refuse.
        if (event.expectsContinue) socket.write(CONTINUE);
        awaitPart("body");
        return undefined;
      case "request":
        clearTimeout(clock);
        return answer(event.request);
      case "error":
        reject(refusal(event.error.status, event.error.reason));
        return undefined;
    }
  }

  async function answer(request: HttpRequest): Promise<void> {
    served++;
    const { head } = request;
    const omitBody = head.method === "HEAD";
    const response = await respond(request);
    if (socket.destroyed) return;
    // HTTP/1.0 has no chunked coding, and must never see Transfer-Encoding (RFC 9112 §6.1): a
    // streamed body to it can only end with the connection.
    const chunked = head.version.minor >= 1;
    const closeDelimited = isStreamed(response.body) && !chunked && !omitBody;
    // The connection outlives this request only if the client wants it to, and it has requests left.
    if (closeDelimited || !wantsPersistence(head) || served >= options.maxRequestsPerConnection) {
      await sendResponse(socket, withField(response, "Connection", "close"), { omitBody, chunked });
      return close();
    }
    // An HTTP/1.0 client keeps the connection only if the response confirms it (RFC 9112 Appendix C.2.2).
    const confirmed = chunked ? response : withField(response, "Connection", "keep-alive");
    await sendResponse(socket, confirmed, { omitBody, chunked });
    awaitRequest();
  }

  /** The handler's response; a handler that fails, or returns fields the writer refuses, gets a 500. */
  async function respond(request: HttpRequest): Promise<HttpResponse> {
    try {
      const response = await handler(request);
      checkHeaders(response.headers);
      return response;
    } catch (error) {
      // The client hears only that it failed; the why is for whoever runs the server.
      console.error(`the handler for ${describe(request.head)} failed:`, error);
      return refusal(500, `the handler for ${describe(request.head)} failed`);
    }
  }

  /** Answers an error: after it, nothing on this connection can be trusted. */
  function reject(response: FixedResponse): void {
    if (closing) return;
    socket.write(serializeResponse(withField(response, "Connection", "close"), { omitBody: false }));
    close();
  }

  function close(): void {
    if (closing) return;
    closing = true;
    clearTimeout(clock);
    backlog.length = 0;
    socket.end();
    linger(socket);
    // Paused while a request was handled: read (and drop) what the client still sends.
    socket.resume();
  }

  /**
   * Works through the backlog in order. While a request is handled the socket is paused: the
   * next requests wait in the kernel's buffers, not in ours.
   */
  async function work(): Promise<void> {
    if (working) return;
    working = true;
    while (backlog.length > 0 && !closing) {
      const pending = act(backlog.shift()!);
      if (!pending) continue;
      socket.pause();
      await pending;
      if (!closing) socket.resume();
    }
    working = false;
    // The client half-closed and every request it sent is answered: close our side too.
    if (clientDone && !closing) close();
  }

  socket.on("data", (chunk: Buffer) => {
    if (closing) return;
    backlog.push(...reader.push(chunk));
    void work();
  });

  // The client half-closed: it sends no more requests. Answer what it sent (a request cut short gets 400), then close.
  socket.on("end", () => {
    if (closing) return;
    clientDone = true;
    backlog.push(...reader.finish());
    void work();
  });

  socket.on("close", () => {
    closing = true;
    clearTimeout(clock);
  });
  // ECONNRESET and EPIPE are normal on the internet; without a listener they crash the server.
  socket.on("error", () => {});

  awaitRequest();
}

function withField<R extends HttpResponse>(response: R, name: string, value: string): R {
  return { ...response, headers: [...response.headers, [name, value]] };
}

function describe(head: RequestHead): string {
  return `${head.method} ${head.target.length > 60 ? `${head.target.slice(0, 60)}…` : head.target}`;
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
