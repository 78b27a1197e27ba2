// The HTTP server: a TCP server whose connections speak HTTP/1.1, and an application behind it.
import { createServer, type Server } from "node:net";
import { serveConnection } from "./connection.ts";
import type { Handler } from "./handler.ts";
import type { ServerOptions } from "./server-options.ts";

export function createHttpServer(options: ServerOptions, handler: Handler): Server {
  // allowHalfOpen: a client's FIN means "no more requests", not "stop talking"; we still owe
  // it the answers to what it sent, and close our side ourselves.
  return createServer({ allowHalfOpen: true }, (socket) => serveConnection(socket, options, handler));
}
