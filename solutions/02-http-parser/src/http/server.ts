// The HTTP server: a TCP server whose connections speak HTTP/1.1.
import { createServer, type Server } from "node:net";
import { serveConnection } from "./connection.ts";

export function createHttpServer(): Server {
  // allowHalfOpen: a client's FIN means "no more requests", not "stop talking"; we still owe
  // it the answer to what it sent, and close our side ourselves.
  return createServer({ allowHalfOpen: true }, serveConnection);
}
