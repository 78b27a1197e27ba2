// The HTTP server: a TCP server whose connections speak HTTP/1.1, an application behind it, and
// a graceful shutdown that ends every connection at a moment when no request is lost:
//
//   shutdown(timeoutMs)
//     ├─ stop accepting: the listening socket closes, and new clients are refused at once
//     ├─ idle connections, between two requests: closed now
//     ├─ busy ones: the request in progress is answered, with Connection: close, then closed
//     └─ after timeoutMs, whatever is still open is destroyed
//   resolves once every connection is closed
import { Server, type Socket } from "node:net";
import { type Connection, serveConnection } from "./connection.ts";
import type { Handler } from "./handler.ts";
import type { ServerOptions } from "./server-options.ts";
import { type StreamingHandler, wholeBodies } from "./streaming-handler.ts";
import { type TlsCredentials, tlsLayer } from "./tls-server.ts";

/**
 * How long a graceful shutdown waits for requests in progress before it drops them. `docker
 * stop` sends SIGKILL 10 s after SIGTERM (Kubernetes: 30 s, terminationGracePeriodSeconds);
 * 8 s leaves the process time to exit on its own under either.
 */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 8_000;

export class HttpServer extends Server {
  private readonly openConnections = new Set<Connection>();
  private shuttingDown: Promise<void> | undefined;

  /** With `tls`, every connection is HTTPS (tls-server.ts). */
  constructor(options: ServerOptions, handler: StreamingHandler, tls?: TlsCredentials) {
    // allowHalfOpen: a client's FIN means "no more requests", not "stop talking"; we still owe
    // it the answers to what it sent, and close our side ourselves.
    //
    // noDelay: every response leaves in as few writes as it can, and waiting to merge a write
    // with the next (Nagle's algorithm, RFC 896) only meets the client's delayed ACK (RFC 1122
    // §4.2.3.2): up to 40 ms lost on the last piece of a streamed body. Node's own server sets it too.
    super({ allowHalfOpen: true, noDelay: true });
    const secure = tls === undefined ? undefined : tlsLayer(tls);
    this.on("connection", (accepted: Socket) => {
      const socket = secure ? secure(accepted) : accepted;
      const connection = serveConnection(socket, options, handler);
      this.openConnections.add(connection);
      socket.once("close", () => this.openConnections.delete(connection));
      // Accepted while the listener was closing: it gets one request at most.
      if (this.shuttingDown) connection.drain();
    });
  }

  /** Graceful shutdown (see above). Calling it again returns the shutdown already under way. */
  shutdown(timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS): Promise<void> {
    this.shuttingDown ??= this.closeConnections(timeoutMs);
    return this.shuttingDown;
  }

  private async closeConnections(timeoutMs: number): Promise<void> {
    // A net.Server emits 'close' once it stops listening and its last connection has closed.
    const closed = new Promise<void>((resolve) => this.close(() => resolve()));
    for (const connection of this.openConnections) connection.drain();
    const force = setTimeout(() => {
      for (const connection of this.openConnections) connection.destroy();
    }, timeoutMs);
    await closed;
    clearTimeout(force);
  }
}

/** A server for an application of whole requests (chapter 04's Handler). */
export function createHttpServer(options: ServerOptions, handler: Handler): HttpServer {
  return new HttpServer(options, wholeBodies(handler, options.maxBodyBytes));
}
