// The demo app behind `pnpm demo microfast`: three routes that show the framework end to end.
//
//   curl -i http://127.0.0.1:8080/
//   curl -i http://127.0.0.1:8080/users/42        → {"id":42}
//   curl -i http://127.0.0.1:8080/users/abc       → 422 with the validation error
//   curl -i -d '{"hello":"world"}' -H 'Content-Type: application/json' http://127.0.0.1:8080/echo
//   curl -i http://127.0.0.1:8080/openapi.json
import { optionsFromEnv } from "../http/server-options.ts";
import { MicroFast, Response, t } from "./index.ts";

/** Not microfast's own default (8000): the demo stays out of the way of a lab server. */
const DEMO_PORT = 8080;

const app = new MicroFast({ title: "microfast demo", version: "1.0.0" });

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

const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? DEMO_PORT);
// Ctrl-C or SIGTERM: run() shuts the app down gracefully, answering what is in progress first.
await app.run({ host, port, server: optionsFromEnv(process.env) });
console.log(`listening on http://${host}:${port}`);
