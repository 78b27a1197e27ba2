// The application stage 08.7 talks to: an access log written to the file the checks name in
// ACCESS_LOG, and routes whose lines the checks know in advance.
import { compression, HttpError, MicroFast, Response } from "@lab/src/microfast/index.ts";

const file = process.env.ACCESS_LOG;
if (!file) throw new Error("ACCESS_LOG is not set: the checks pass the file to log to");

const app = new MicroFast({ accessLog: file });
app.use(compression());

app.get("/hello", () => "Hello, World!");
app.get("/items/{id:int}", (_request, { id }) => ({ id }));
app.get("/big", () => Response.text("a log line per request\n".repeat(400)));
app.get("/stream", () => {
  async function* pieces() {
    for (const piece of ["one ", "two ", "three"]) yield piece;
  }
  return new Response(pieces(), { headers: { "Content-Type": "application/octet-stream" } });
});
app.get("/slow", async () => {
  await new Promise((resolve) => setTimeout(resolve, 60));
  return "slow";
});
app.get("/teapot", () => {
  throw new HttpError(418, "I'm a teapot");
});
app.get("/crash", () => {
  throw new Error("a bug");
});
app.post("/upload", (request) => ({ received: request.body.length }));

await app.run({ host: process.env.HOST, port: Number(process.env.PORT) });
