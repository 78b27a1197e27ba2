// A small static file server for the built site, on the loopback interface only: the site is
// for the learner's own browser, not for the network.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, isAbsolute, join, relative, resolve } from "node:path";

export const LOOPBACK = "127.0.0.1";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".pdf": "application/pdf",
};
/** Files without a known type are shown as text: what a course links to is code and notes. */
const DEFAULT_CONTENT_TYPE = "text/plain; charset=utf-8";

export interface SiteServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1:`port` (0 picks a free port); resolves once it listens. */
export function serveSite(dir: string, port: number): Promise<SiteServer> {
  const siteRoot = resolve(dir);
  const server = createServer((req, res) => handle(siteRoot, req, res));
  return new Promise((resolveServer, reject) => {
    server.once("error", reject);
    server.listen(port, LOOPBACK, () => {
      server.off("error", reject);
      const { port: actual } = server.address() as AddressInfo;
      resolveServer({
        url: `http://${LOOPBACK}:${actual}/`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // A browser keeps idle connections open; without this, close() waits for them.
            server.closeAllConnections();
          }),
      });
    });
  });
}

function handle(siteRoot: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? "/", "http://site").pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  let file = resolve(siteRoot, "." + path);
  const inside = relative(siteRoot, file);
  if (inside.startsWith("..") || isAbsolute(inside)) {
    res.writeHead(403).end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  let status = 200;
  if (!existsSync(file)) {
    status = 404;
    file = join(siteRoot, "404.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "Content-Type": DEFAULT_CONTENT_TYPE }).end("not found\n");
      return;
    }
  }
  res.writeHead(status, {
    "Content-Type": CONTENT_TYPES[extname(file).toLowerCase()] ?? DEFAULT_CONTENT_TYPE,
    "Content-Length": statSync(file).size,
    // A rebuild bakes in fresh progress: the browser must never show a cached older page.
    "Cache-Control": "no-cache",
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
}
