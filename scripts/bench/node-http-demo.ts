// The baseline of `pnpm bench microfast --only demo`: node:http answering GET / with the very
// head and body microfast's demo sends — Content-Type, a fresh X-Request-ID, Date and
// Content-Length, then "Hello, World!" — so the two servers do the same work per request.
// node:http adds its own Connection: keep-alive and Keep-Alive fields, which it always sends.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { exitOnSignals, HELLO_BODY, HELLO_CONTENT_TYPE, idleTimeoutMs, listenAddress } from "./hello.ts";

const { host, port } = listenAddress(process.env);
const HELLO = Buffer.from(HELLO_BODY);
const NOT_FOUND = Buffer.from("not found");

const server = createServer((request, response) => {
  const found = request.url === "/" && (request.method === "GET" || request.method === "HEAD");
  const body = found ? HELLO : NOT_FOUND;
  // The demo's order; node:http adds Date itself, as microfast's writer does.
  response.writeHead(found ? 200 : 404, {
    "Content-Type": HELLO_CONTENT_TYPE,
    "X-Request-ID": randomUUID(),
    "Content-Length": body.length,
  });
  response.end(request.method === "HEAD" ? undefined : body);
});
server.keepAliveTimeout = idleTimeoutMs(process.env);
server.listen(port, host, () => console.log(`listening on http://${host}:${port}`));
exitOnSignals();
