// The application stage 08.6 talks to: responses of every kind compression must handle or leave
// alone, and the static files of tests/fixtures/static-root.ts (STATIC_ROOT) under /static.
import { gzipSync } from "node:zlib";
import { compression, MicroFast, Response, serveStatic } from "@lab/src/microfast/index.ts";
import { noisyText, STREAM_PIECE_BYTES, STREAM_PIECES, sampleText, THRESHOLD_BYTES } from "../fixtures/compression.ts";
import { PREFIX } from "../fixtures/static-root.ts";

const root = process.env.STATIC_ROOT;
if (!root) throw new Error("STATIC_ROOT is not set: the checks pass the folder to serve");

const TEXT = "text/plain; charset=utf-8";
const app = new MicroFast();
app.use(compression({ thresholdBytes: THRESHOLD_BYTES }));
app.use(serveStatic(PREFIX, root));

app.get("/text/{bytes:int}", (_request, { bytes }) => Response.text(sampleText(bytes)));
app.get("/json", () => Array.from({ length: 200 }, (_, id) => ({ id, name: `item ${id}`, tags: ["a", "b"] })));
app.get(
  "/html",
  () =>
    new Response(`<ul>${"<li>an item</li>".repeat(100)}</ul>`, {
      headers: { "Content-Type": "text/html; charset=utf-8" },
    }),
);
app.get("/stream", () => {
  async function* pieces() {
    for (let i = 0; i < STREAM_PIECES; i++) yield sampleText(STREAM_PIECE_BYTES);
  }
  return new Response(pieces(), { headers: { "Content-Type": TEXT } });
});
app.get(
  "/png",
  () =>
    new Response(
      new Uint8Array(4096).map((_, i) => (i * 31) % 256),
      { headers: { "Content-Type": "image/png" } },
    ),
);
app.get("/no-type", () => new Response(sampleText(4096)));
app.get(
  "/encoded",
  () => new Response(gzipSync(noisyText(4096)), { headers: { "Content-Type": TEXT, "Content-Encoding": "gzip" } }),
);
app.get(
  "/no-transform",
  () => new Response(sampleText(4096), { headers: { "Content-Type": TEXT, "Cache-Control": "no-transform" } }),
);
app.get("/tagged", () => new Response(sampleText(4096), { headers: { "Content-Type": TEXT, ETag: '"v1"' } }));
app.get(
  "/localized",
  () => new Response(sampleText(4096), { headers: { "Content-Type": TEXT, Vary: "Accept-Language" } }),
);
app.get("/created", () => new Response(sampleText(4096), { status: 201, headers: { "Content-Type": TEXT } }));
app.delete("/gone", () => new Response("", { status: 204 }));

await app.run({ host: process.env.HOST, port: Number(process.env.PORT) });
