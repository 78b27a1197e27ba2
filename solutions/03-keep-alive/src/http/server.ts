// The HTTP server: a TCP server whose connections speak HTTP/1.1.
import { createServer, type Server } from "node:net";
import { serveConnection } from "./connection.ts";
import { DEFAULT_OPTIONS, type ServerOptions } from "./server-options.ts";

export function createHttpServer(options: ServerOptions = DEFAULT_OPTIONS): Server {
  // allowHalfOpen: a client's FIN means "no more requests", not "stop talking"; we still owe
  // it the answers to what it sent, and close our side ourselves.
  return createServer({ allowHalfOpen: true }, (socket) => serveConnection(socket, options));
}
