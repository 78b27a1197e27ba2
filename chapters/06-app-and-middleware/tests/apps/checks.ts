// The application chapter 06's checks talk to (stages 06.1, 06.2 and 06.4 to 06.7). It uses
// only microfast's public API; every route exists to show one behaviour over HTTP.
import { HttpError, MicroFast, Response, t } from "@lab/src/microfast/index.ts";
import { MAX_FIELDS, MAX_PARSED_BODY_BYTES } from "../fixtures/limits.ts";

const app = new MicroFast({
  title: "microfast checks",
  version: "6.0.0",
  maxParsedBodyBytes: MAX_PARSED_BODY_BYTES,
  maxFields: MAX_FIELDS,
});

// 06.1: return values become responses.
app.get("/", () => "Hello, World!");
app.get("/users/{id:int}", async (_request, { id }) => ({ id }));
app.get("/values/object", () => ({ name: "microfast", tags: ["fast", "small"], nested: { ok: true, count: 3 } }));
app.get("/values/array", () => [1, "two", null, false]);
app.get("/values/number", () => 42);
app.get("/values/null", () => null);
app.get("/values/bytes", () => new Uint8Array([0, 1, 2, 0xfe, 0xff]));
app.get("/values/nothing", () => undefined);
app.get("/values/unicode", () => ({ text: "café ☕ 𝄞" }));
app.post("/values/created", () =>
  Response.json({ created: true }, { status: 201, headers: { Location: "/values/object" } }),
);
app.delete("/values/object", () => undefined);

// 06.2: the Request and Response objects.
app.get("/inspect/{rest:path}", (request, params) => ({
  method: request.method,
  target: request.target,
  path: request.path,
  params,
  header: request.header("x-check") ?? null,
  bodyBytes: request.body.length,
}));
for (const method of ["post", "put", "patch"] as const) {
  app[method]("/inspect/{rest:path}", (request, params) => ({
    method: request.method,
    path: request.path,
    params,
    body: request.text(),
    contentType: request.header("content-type") ?? null,
  }));
}
app.get("/response/custom", () => {
  const response = new Response("I'm a teapot\n", {
    status: 418,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
  response.headers.set("X-Single", "one");
  response.headers.append("X-Multi", "a");
  response.headers.append("X-Multi", "b");
  return response;
});
app.get("/response/text", () => Response.text("plain", { status: 202 }));
app.get("/response/cookie", () =>
  Response.json({ ok: true })
    .setCookie("session", "abc123", { httpOnly: true, path: "/", maxAge: 3600, sameSite: "Lax" })
    .setCookie("theme", "dark"),
);

// 06.4: errors.
class OutOfStock extends Error {}
app.onError(OutOfStock, (error) => Response.json({ detail: error.message, retry: false }, { status: 409 }));
app.get("/errors/crash", () => {
  throw new Error("connection to postgres://admin:hunter2@db.internal:5432 refused");
});
app.get("/errors/reject", async () => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  throw new TypeError("Cannot read properties of undefined (reading 'secretToken')");
});
app.get("/errors/status/{status:int}", (_request, { status }) => {
  throw new HttpError(status, `failed with ${status} on purpose`);
});
app.get("/errors/unauthorized", () => {
  throw new HttpError(401, "a bearer token is required", [["WWW-Authenticate", 'Bearer realm="checks"']]);
});
app.get("/errors/structured", () => {
  throw new HttpError(409, { code: "duplicate", field: "email" });
});
app.get("/errors/custom", () => {
  throw new OutOfStock("no widgets left");
});

// 06.5: parsing bodies, query strings and cookies.
app.post("/parse/json", (request) => ({ received: request.json() }));
app.post("/parse/form", (request) => ({ received: request.form() }));
app.get("/parse/query", (request) => ({ received: request.query }));
app.get("/parse/cookies", (request) => ({ received: request.cookies }));
app.post("/parse/text", (request) => request.text());

// 06.6: validation from declared schemas.
const Item = t.object({
  name: t.string({ minLength: 1, maxLength: 20 }),
  price: t.number({ minimum: 0 }),
  quantity: t.withDefault(t.integer({ minimum: 1 }), 1),
  tags: t.optional(t.array(t.string({ pattern: "^[a-z]+$" }), { maxItems: 3 })),
});
app.post(
  "/shops/{shop}/items",
  {
    params: t.object({ shop: t.string({ minLength: 3 }) }),
    query: t.object({ notify: t.withDefault(t.boolean(), false) }),
    body: Item,
    response: t.object({ shop: t.string(), notify: t.boolean(), item: Item }),
    summary: "Add an item to a shop",
  },
  (request, { shop }) => ({ shop, notify: request.valid.query.notify, item: request.valid.body }),
);
app.get(
  "/search",
  {
    query: t.object({
      q: t.string({ minLength: 1 }),
      limit: t.withDefault(t.integer({ minimum: 1, maximum: 100 }), 10),
      tag: t.optional(t.array(t.string())),
      sort: t.optional(t.string({ enum: ["asc", "desc"] })),
    }),
  },
  (request) => request.valid.query,
);
app.get("/orders/{id}", { params: t.object({ id: t.integer({ minimum: 1 }) }) }, (_request, { id }) => ({
  id,
  double: id * 2,
}));
app.post("/signup", { body: t.object({ name: t.string(), age: t.integer({ minimum: 18 }) }) }, (request) => ({
  welcome: request.valid.body.name,
}));

await app.run({ host: process.env.HOST, port: Number(process.env.PORT) });
