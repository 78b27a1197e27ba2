// One connection, many requests (RFC 9112 §9.3): read requests, answer them in order, and decide
// after each response whether the connection lives on. Two clocks guard it: the idle timeout
// while no request is in progress, and a deadline while a request arrives — headersTimeoutMs for
// its head, the same again for its body.
//
//            accept
//              │
//              ▼      first byte                 head complete               body complete
//   ┌──► idle (idleTimeoutMs) ───► reading head ───────────► handler reads body ─────────► response ──┐
//   │          │ expires: close     │ expires: 408, close     │ expires: 408, close                     │
//   │          ▼                    ▼                         ▼                                          │
//   │        closed ◄── Connection: close, HTTP/1.0, request cap, parse error, 413, shutdown ◄───────────┤
//   └──────────────────────────────────── persistent ◄──────── response written ◄────────────────────────┘
//
// The handler is called as soon as a head is in, and reads the body while it arrives (a
// BodyStream). When it reads slower than the client sends, the socket is paused and the body's
// deadline held: the client waits for the server, and the server's slowness is not held against
// the client. Requests are still answered one at a time, in order: once a body is in, the socket
// is paused until its response is written, so a client pipelining requests cannot make the server
// hold more than the events of the chunk it already read.
import type { Socket } from "node:net";
import { BodyError, BodyStream } from "./body-stream.ts";
import { Clock } from "./clock.ts";
import { errorResponse } from "./error-response.ts";
import { Exchange } from "./exchange.ts";
import { LINGER_TIMEOUT_MS } from "./limits.ts";
import { andThen, type MaybePromise, recover } from "./maybe-async.ts";
import { wantsPersistence } from "./persistence.ts";
import { plainRequest } from "./plain-request.ts";
import type { HeaderField, RequestHead } from "./request-head.ts";
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
import type { StreamedRequest, StreamingHandler } from "./streaming-handler.ts";
import { type SwitchedConnection, type SwitchingResponse, switchesProtocols } from "./switching-protocols.ts";

const NO_TRAILERS: readonly HeaderField[] = [];

/** The interim response a client with `Expect: 100-continue` waits for (RFC 9110 §15.2.1). */
const CONTINUE = Buffer.from("HTTP/1.1 100 Continue\r\n\r\n", "latin1");

/** What the server holds on to for each open connection: how to end it. */
export interface Connection {
  /** Graceful shutdown: close now if no request is in progress, else right after its response. */
  drain(): void;
  /** Forced shutdown: drop the connection, whatever it is doing. */
  destroy(): void;
}

export function serveConnection(socket: Socket, options: ServerOptions, handler: StreamingHandler): Connection {
  const reader = new RequestReader(options.maxBodyBytes, "streamed");
  /** The errors this server answers itself: plain text, unless the application has its own format. */
  const refusal = options.errorResponse ?? errorResponse;
  /** Events read but not yet acted on, in order. */
  const backlog: RequestEvent[] = [];
  const clock = new Clock();
  let working = false;
  /** work() waits for a response. */
  let awaiting = false;
  /** Bytes came while a response was awaited: the socket is paused until it is written. */
  let pipelined = false;
  let clientDone = false;
  /** The client closed its side or the connection broke: a request's signal, once asked for, is aborted. */
  let clientGoneAway = false;
  const isClientGone = (): boolean => clientGoneAway;
  let served = 0;
  let closing = false;
  /** Shutting down: the request in progress is the last one. */
  let draining = false;
  /** From the first byte of a request until its response is written and its body read. */
  let busy = false;
  let current: Exchange | undefined;
  /** How far the current request's response has got: once begun, no other response can be sent. */
  let replying: "not yet" | "sending" | "sent" = "not yet";
  /** The protocol the connection switched to after a 101, if it did (chapter 10). */
  let switched: SwitchedConnection | undefined;

  /** No request in progress: a connection that stays silent this long is closed, without a word. */
  function awaitRequest(): void {
    clock.arm(options.idleTimeoutMs, close);
  }

  /**
   * A request's head, then its body, must each arrive within headersTimeoutMs. A deadline, never
   * extended by arriving bytes: slowloris trickles a head, and its cousin trickles a body.
   */
  function awaitPart(part: "head" | "body"): void {
    clock.arm(options.headersTimeoutMs, part === "head" ? headExpired : bodyExpired);
  }
  // Made once per connection, not twice per request.
  const headExpired = (): void => expired("head");
  const bodyExpired = (): void => expired("body");
  function expired(part: "head" | "body"): void {
    reject(refusal(408, `the request ${part} took longer than ${options.headersTimeoutMs} ms`));
  }

  /** Acts on one event; a request whose answer is not written yet returns a promise the caller waits for. */
  function act(event: RequestEvent): Promise<void> | undefined {
    switch (event.type) {
      case "message-begin":
        busy = true;
        awaitPart("head");
        return undefined;
      case "head": {
        // The client waits for this before sending the body. A head refused early (413, 417) is
        // an error event instead, so the client never hears "go ahead" for a body we would refuse.
        if (event.expectsContinue) socket.write(CONTINUE);
        awaitPart("body");
        // The whole request is in already (a request without a body, mostly): its body ends at
        // once, so the handler can take it without waiting.
        const next = backlog[0];
        current = begin(event.head, next?.type === "request" ? next.request.trailers : undefined);
        return undefined;
      }
      case "body":
        // The handler has fallen behind: stop reading until it catches up, and hold the body's deadline.
        if (current && !current.body.push(event.data)) {
          socket.pause();
          clock.hold();
        }
        return undefined;
      case "request":
        clock.stop();
        return current && finish(current, event.request.trailers);
      case "error":
        reject(refusal(event.error.status, event.error.reason));
        return undefined;
    }
  }

  /** The handler caught up with a body it had fallen behind on: read on, and let its deadline run again. */
  function bodyDrained(): void {
    if (closing) return;
    clock.release();
    socket.resume();
  }

  /** A head is in: its handler starts now, and reads the body as it comes — or not at all, when it has ended (`trailers`). */
  function begin(head: RequestHead, trailers: readonly HeaderField[] | undefined): Exchange {
    served++;
    replying = "not yet";
    const body = new BodyStream(bodyDrained);
    if (trailers) body.end(trailers);
    const exchange = new Exchange(head, body, isClientGone);
    exchange.answered = answer(exchange);
    return exchange;
  }

  /** The body is in: once the response is written, the connection goes back to idle, or closes. */
  function finish(exchange: Exchange, trailers: readonly HeaderField[]): Promise<void> | undefined {
    exchange.body.end(trailers);
    const { answered } = exchange;
    if (answered instanceof Promise) return answered.then(afterResponse);
    afterResponse(answered);
    return undefined;
  }

  function afterResponse(persists: boolean): void {
    current = undefined;
    busy = false;
    if (closing) return;
    if (!persists || draining) return close();
    awaitRequest();
  }

  /** Sends the handler's response; says (at once, or once written) whether the connection may carry another request. */
  function answer(exchange: Exchange): MaybePromise<boolean> {
    const answered = andThen(respond(exchange), (response) => send(response, exchange));
    if (!(answered instanceof Promise)) {
      exchange.done();
      return answered;
    }
    // Neither respond() nor send() rejects: a failing handler is a 500, a lost client a destroyed socket.
    return answered.finally(() => exchange.done());
  }

  function send(response: HttpResponse, request: StreamedRequest): MaybePromise<boolean> {
    if (closing) return false;
    // A request that asked to switch protocols (chapter 10): a 101 hands the socket over, and any
    // other answer is the connection's last, for the bytes after the request may be the other
    // protocol's (the reader holds them unread).
    if (reader.switching) {
      if (switchesProtocols(response)) return handOver(response);
      draining = true;
    }
    const { head, body } = request;
    const omitBody = head.method === "HEAD";
    // HTTP/1.0 has no chunked coding, and must never see Transfer-Encoding (RFC 9112 §6.1): a
    // streamed body to it can only end with the connection.
    const chunked = head.version.minor >= 1;
    const closeDelimited = isStreamed(response.body) && !chunked && !omitBody;
    // The connection outlives this request only if the client wants it to, it has requests left,
    // and the server is not shutting down.
    const persists =
      !closeDelimited && !draining && wantsPersistence(head) && served < options.maxRequestsPerConnection;
    // An HTTP/1.0 client keeps the connection only if the response confirms it (RFC 9112 Appendix C.2.2).
    const confirmed = !persists
      ? withField(response, "Connection", "close")
      : chunked
        ? response
        : withField(response, "Connection", "keep-alive");
    replying = "sending";
    return andThen(sendResponse(socket, confirmed, { omitBody, chunked }), () => {
      replying = "sent";
      // What the handler did not read is still on its way: read it and drop it.
      body.discard();
      if (!persists) close();
      return persists;
    });
  }

  /**
   * 101 Switching Protocols (RFC 9110 §15.2.2): after its head, the socket and the bytes read past
   * the request belong to the new protocol. HTTP is over here: the clocks stop and this
   * connection's listeners ignore the socket from now on.
   */
  function handOver(response: SwitchingResponse): false {
    closing = true;
    clock.dispose();
    socket.write(serializeResponse(response, { omitBody: true }));
    switched = response.switchTo(socket, reader.held());
    return false;
  }

  /** The handler's response; a handler that fails, or returns fields the writer refuses, gets a 500. */
  function respond(request: StreamedRequest): MaybePromise<HttpResponse> {
    return recover(
      () =>
        andThen(handler(request), (response) => {
          checkHeaders(response.headers);
          return response;
        }),
      (error) => {
        // A handler that failed because its body was refused or its client left is no news.
        // Otherwise the client hears only that it failed; the why is for whoever runs the server.
        if (!closing) console.error(`the handler for ${describe(request.head)} failed:`, error);
        return refusal(500, `the handler for ${describe(request.head)} failed`);
      },
    );
  }

  /** Answers an error: after it, nothing on this connection can be trusted. */
  function reject(response: FixedResponse): void {
    if (closing) return;
    current?.body.fail(new BodyError(response.status, `the request body was refused with ${response.status}`));
    // A response already begun cannot be followed by another: end the connection there.
    if (current && replying !== "not yet") {
      close();
      if (replying === "sending") socket.destroy();
      return;
    }
    socket.write(serializeResponse(withField(response, "Connection", "close"), { omitBody: false }));
    close();
  }

  /** The client closed its side, or the connection is gone: the handler still at work is told, and a body still arriving ends here. */
  function clientLeft(): void {
    clientGoneAway = true;
    current?.clientLeft();
    current?.body.fail(new BodyError(400, "the client left before the whole body arrived"));
  }

  function close(): void {
    if (closing) return;
    closing = true;
    clock.dispose();
    backlog.length = 0;
    socket.end();
    linger(socket);
    // Paused while a request was handled: read (and drop) what the client still sends.
    socket.resume();
  }

  /**
   * Works through the backlog in order. While a response is awaited, bytes that arrive (a
   * client pipelining its next requests) pause the socket until it is written: the requests
   * after them wait in the kernel's buffers, not in ours. A client that waits for each answer
   * never sends during the wait, and its socket is never paused — pausing and resuming a
   * socket costs two system calls per request.
   */
  function work(): void {
    if (working) return;
    working = true;
    while (backlog.length > 0 && !closing) {
      const pending = act(backlog.shift()!);
      if (pending) {
        awaiting = true;
        void pending.then(resumeWork);
        return;
      }
    }
    working = false;
    // The client half-closed and every request it sent is answered: close our side too.
    if (clientDone && !closing) close();
  }

  /** A response was written: read on, and work through what came meanwhile. */
  function resumeWork(): void {
    awaiting = false;
    working = false;
    if (pipelined && !closing) {
      pipelined = false;
      socket.resume();
    }
    work();
  }

  /**
   * The common case in one step (plain-request.ts): between requests, a chunk that is exactly
   * one plain request without a body is answered without the reader, its events and the
   * backlog — what act() would do for its events, in the same order. False: the chunk is for
   * the reader.
   */
  function answerPlain(chunk: Buffer): boolean {
    const head = plainRequest(chunk);
    if (head === undefined) return false;
    busy = true;
    clock.stop();
    current = begin(head, NO_TRAILERS);
    const pending = finish(current, NO_TRAILERS);
    if (pending) {
      // Answered later: work() waits for it as for any request, and what comes meanwhile queues.
      working = true;
      awaiting = true;
      void pending.then(resumeWork);
    }
    return true;
  }

  socket.on("data", (chunk: Buffer) => {
    if (closing) return;
    if (!busy && !working && reader.idle && answerPlain(chunk)) return;
    for (const event of reader.push(chunk)) backlog.push(event);
    if (awaiting && !pipelined) {
      pipelined = true;
      socket.pause();
    }
    work();
  });

  // The client half-closed: it sends no more requests. Answer what it sent (a request cut short
  // gets 400), then close. A handler still at work is told the client has gone.
  socket.on("end", () => {
    if (closing) return;
    clientDone = true;
    clientLeft();
    backlog.push(...reader.finish());
    work();
  });

  socket.on("close", () => {
    closing = true;
    clock.dispose();
    clientLeft();
  });
  // ECONNRESET and EPIPE are normal on the internet; without a listener they crash the server.
  socket.on("error", () => {});

  awaitRequest();

  return {
    drain(): void {
      if (switched) return switched.drain();
      draining = true;
      if (!busy) close();
    },
    destroy(): void {
      socket.destroy();
    },
  };
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
