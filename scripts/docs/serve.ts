// Serves the built site on the loopback interface only (the site is for the learner's own
// browser, not for the network) — with microfast, the framework the course builds: the
// newest reference of the part (@trilogy/microfast) serves the course's own pages.
import { readFile, stat } from "node:fs/promises";
import type { AddressInfo, Socket } from "node:net";
import { extname, isAbsolute, join, relative, resolve } from "node:path";
import { MicroFast, Response } from "@trilogy/microfast";
import { LOOPBACK } from "../../shared/services/free-port.ts";

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
export async function serveSite(dir: string, port: number): Promise<SiteServer> {
  const siteRoot = resolve(dir);
  // No OpenAPI document: this app serves files, not an API.
  const app = new MicroFast({ title: "course site", openapiPath: null });
  app.get("/", () => serveFile(siteRoot, "/"));
  // The router hands over the tail with each segment percent-decoded (chapter 05), so a
  // "%2F" stays inside its segment and the containment check below sees the real path.
  app.get("/{path:path}", (_request, params) => serveFile(siteRoot, String(params.path)));

  const server = await app.run({ host: LOOPBACK, port });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK}:${actual}/`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // A browser keeps idle connections open; without this, close() waits for them.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function serveFile(siteRoot: string, path: string): Promise<Response> {
  let file = resolve(siteRoot, "." + (path.startsWith("/") ? path : `/${path}`));
  const inside = relative(siteRoot, file);
  if (inside.startsWith("..") || isAbsolute(inside))
    return new Response("outside the site\n", { status: 403, headers: { "Content-Type": DEFAULT_CONTENT_TYPE } });
  if ((await kind(file)) === "directory") file = join(file, "index.html");
  let status = 200;
  if ((await kind(file)) !== "file") {
    status = 404;
    file = join(siteRoot, "404.html");
    if ((await kind(file)) !== "file")
      return new Response("not found\n", { status, headers: { "Content-Type": DEFAULT_CONTENT_TYPE } });
  }
  return new Response(await readFile(file), {
    status,
    headers: {
      "Content-Type": CONTENT_TYPES[extname(file).toLowerCase()] ?? DEFAULT_CONTENT_TYPE,
      // A rebuild bakes in fresh progress: the browser must never show a cached older page.
      "Cache-Control": "no-cache",
    },
  });
}

async function kind(path: string): Promise<"file" | "directory" | "missing"> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? "directory" : info.isFile() ? "file" : "missing";
  } catch {
    return "missing";
  }
}
