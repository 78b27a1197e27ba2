// The baseline of `pnpm bench microfast`: the same hello-world answer from Node's own HTTP
// server (llhttp in C++, years of tuning). Only the bench uses node:http; microfast never does.
import { createServer } from "node:http";
import { exitOnSignals, HELLO_BODY, HELLO_CONTENT_TYPE, idleTimeoutMs, listenAddress } from "./hello.ts";

const { host, port } = listenAddress(process.env);
const HELLO = Buffer.from(HELLO_BODY);
const NOT_FOUND = Buffer.from("not found");

// Content-Length set by hand, as microfast does: without it, writeHead() makes Node send the
// body chunked, and the two servers would not be doing the same work.
const server = createServer((request, response) => {
  const found = request.url === "/" && (request.method === "GET" || request.method === "HEAD");
  const body = found ? HELLO : NOT_FOUND;
  response.writeHead(found ? 200 : 404, { "Content-Type": HELLO_CONTENT_TYPE, "Content-Length": body.length });
  response.end(request.method === "HEAD" ? undefined : body);
});
server.keepAliveTimeout = idleTimeoutMs(process.env);
server.listen(port, host, () => console.log(`listening on http://${host}:${port}`));
exitOnSignals();
