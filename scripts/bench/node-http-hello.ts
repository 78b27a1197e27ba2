// The baseline for `pnpm bench microfast`: the same hello-world answer from Node's own HTTP
// server (llhttp in C++, years of tuning). Only the bench uses node:http; microfast never does.
import { createServer } from "node:http";

const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 8080);

const HELLO = Buffer.from("Hello, World!");

// Content-Length set by hand, as microfast does: without it, writeHead() makes Node send the
// body chunked, and the two servers would not be doing the same work.
const server = createServer((request, response) => {
  const found = request.url === "/" && (request.method === "GET" || request.method === "HEAD");
  const body = found ? HELLO : Buffer.from("not found");
  response.writeHead(found ? 200 : 404, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": body.length });
  response.end(request.method === "HEAD" ? undefined : body);
});
server.listen(port, host, () => console.log(`listening on http://${host}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
