// The application stage 07.8's checks start, signal and watch stop. Each check starts its own,
// since it ends with the process. What happens after its listener is gone can no longer be asked
// over HTTP, so the app appends it to a file the check reads afterwards (MARKS_FILE): one line
// per event, "<ms since the epoch> <event>".
import { appendFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { optionsFromEnv } from "@lab/src/http/server-options.ts";
import { MicroFast } from "@lab/src/microfast/index.ts";

const marksFile = process.env.MARKS_FILE ?? "";
function mark(event: string): void {
  appendFileSync(marksFile, `${Date.now()} ${event}\n`);
}

const app = new MicroFast();
const wait = (request: { query: { get(name: string): string | undefined } }): number =>
  Number(request.query.get("ms") ?? 0);

app.get("/ping", () => "pong");
app.get("/slow/{key}", async (request, { key }) => {
  mark(`${key} started`);
  await sleep(wait(request));
  mark(`${key} answered`);
  return { slept: wait(request) };
});
app.get("/hang/{key}", (_request, { key }) => {
  mark(`${key} started`);
  return new Promise(() => {});
});
app.post("/task/{key}", (request, { key }) => {
  request.background(async () => {
    await sleep(wait(request));
    mark(`${key} task done`);
  });
  return { queued: key };
});
app.post("/close", () => {
  void app.close().then(() => mark("closed"));
  return { closing: true };
});

await app.run({
  host: process.env.HOST,
  port: Number(process.env.PORT),
  server: optionsFromEnv(process.env),
  shutdownTimeoutMs: Number(process.env.SHUTDOWN_TIMEOUT_MS),
});
mark("listening");
