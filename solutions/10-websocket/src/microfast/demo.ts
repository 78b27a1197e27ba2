// The demo app behind `pnpm demo microfast`: three routes, a WebSocket echo and a folder of files
// that show the framework end to end.
//
//   curl -i http://127.0.0.1:8080/
//   curl -i http://127.0.0.1:8080/users/42        → {"id":42}
//   curl -i http://127.0.0.1:8080/users/abc       → 422 with the validation error
//   curl -i -d '{"hello":"world"}' -H 'Content-Type: application/json' http://127.0.0.1:8080/echo
//   curl -i http://127.0.0.1:8080/openapi.json
//   curl -i --compressed http://127.0.0.1:8080/static/index.html   → examples/static/index.html, compressed
//   npx wscat -c ws://127.0.0.1:8080/ws                            → every message echoed as it came
import { fileURLToPath } from "node:url";
import { optionsFromEnv } from "../http/server-options.ts";
import { compression, MicroFast, Response, serveStatic, t } from "./index.ts";

/** Not microfast's own default (8000): the demo stays out of the way of a lab server. */
const DEMO_PORT = 8080;

/** The files behind /static/, beside src/ in the tree. */
const EXAMPLES = fileURLToPath(new URL("../../examples/static", import.meta.url));

const app = new MicroFast({ title: "microfast demo", version: "1.0.0" });

// Compression outside the files, so it sees their responses on the way out.
app.use(compression());
app.use(serveStatic("/static", EXAMPLES));

app.get("/", () => "Hello, World!");

// {id} with an integer schema rather than {id:int}: "abc" is then a 422 that says what is
// wrong, not a 404 from a route that does not match.
app.get("/users/{id}", { params: t.object({ id: t.integer() }), summary: "A user by id" }, (_request, { id }) => ({
  id,
}));

app.post(
  "/echo",
  (request) =>
    new Response(request.body, {
      headers: { "Content-Type": request.header("content-type") ?? "application/octet-stream" },
    }),
);

// Each message back as it came: text as text, binary as binary. Awaiting send() lets a client
// that reads slowly slow its own echo down, instead of filling the server's memory.
app.websocket("/ws", async (socket) => {
  for await (const message of socket) await socket.send(message.data);
});

const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? DEMO_PORT);
// Ctrl-C or SIGTERM: run() shuts the app down gracefully, answering what is in progress first.
await app.run({ host, port, server: optionsFromEnv(process.env) });
console.log(`listening on http://${host}:${port}`);
