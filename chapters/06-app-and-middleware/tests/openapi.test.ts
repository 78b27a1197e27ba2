// Stage 06.7: GET /openapi.json serves an OpenAPI 3.1 document generated from the routes.
// Checked structurally: version, paths in {param} style, parameters with schemas, request
// bodies, 422 responses whose $refs resolve.
import { test } from "vitest";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { at, CHECK_APP, type Exchange, exchange, expectStatus, fail, isDeepStrictEqual, jsonBody } from "./exchange.ts";

interface Fetched {
  ex: Exchange;
  doc: unknown;
}

async function fetchDocument(server: Parameters<typeof exchange>[0]): Promise<Fetched> {
  const ex = await exchange(server, "GET", "/openapi.json");
  expectStatus(ex, 200, "The app serves its own document: GET /openapi.json → app.openapi().");
  return { ex, doc: jsonBody(ex) };
}

function expectAt({ ex, doc }: Fetched, path: (string | number)[], expected: unknown, hint: string): void {
  const value = at(doc, ...path);
  if (!isDeepStrictEqual(value, expected)) {
    fail(
      `the document's ${path.join(" › ")} is wrong`,
      ex,
      `${path.join(" › ")} = ${JSON.stringify(expected)} (found ${JSON.stringify(value) ?? "nothing"})`,
      hint,
    );
  }
}

/** Every {"$ref": "#/…"} in the document, with where it is. */
function refs(value: unknown, where: string[] = []): { ref: string; where: string }[] {
  if (typeof value !== "object" || value === null) return [];
  const own =
    typeof (value as { $ref?: unknown }).$ref === "string"
      ? [{ ref: (value as { $ref: string }).$ref, where: where.join(" › ") }]
      : [];
  return [...own, ...Object.entries(value).flatMap(([key, child]) => refs(child, [...where, key]))];
}

const PARAMETER_HINT =
  'One parameter object per path parameter (in: "path", required: true) and per query property (required unless optional), each with a JSON Schema.';

stage("06.7", () => {
  const server = useSharedLabServer(CHECK_APP);

  test("the document says openapi 3.1.0 and carries the app's title and version", async () => {
    const fetched = await fetchDocument(server());
    expectAt(fetched, ["openapi"], "3.1.0", "OpenAPI 3.1 is the version whose schemas are plain JSON Schema 2020-12.");
    expectAt(
      fetched,
      ["info"],
      { title: "microfast checks", version: "6.0.0" },
      "info comes from new MicroFast({ title, version }).",
    );
  });

  test("paths use {param} templating, list every route and method, and leave out /openapi.json", async () => {
    const fetched = await fetchDocument(server());
    const paths = at(fetched.doc, "paths");
    const keys = typeof paths === "object" && paths !== null ? Object.keys(paths) : [];
    const wanted = [
      "/",
      "/users/{id}",
      "/values/object",
      "/inspect/{rest}",
      "/errors/status/{status}",
      "/shops/{shop}/items",
      "/search",
      "/orders/{id}",
      "/signup",
    ];
    const missing = wanted.filter((p) => !keys.includes(p));
    const typed = keys.filter((p) => /\{[^}]*:/.test(p));
    if (missing.length > 0 || typed.length > 0 || keys.includes("/openapi.json")) {
      fail(
        "the document's paths are wrong",
        fetched.ex,
        `paths including ${wanted.join(", ")}; no ":int"-style types in templates; no /openapi.json`,
        'openApiPath(): "/users/{id:int}" → "/users/{id}" (OpenAPI path templating has no types).',
      );
    }
    const methods = Object.keys((at(fetched.doc, "paths", "/values/object") ?? {}) as object).sort();
    if (!isDeepStrictEqual(methods, ["delete", "get"]))
      fail(
        "/values/object does not list its two methods",
        fetched.ex,
        'paths › /values/object with "get" and "delete"',
        "Routes sharing a path share one path item, keyed by lower-case method.",
      );
    const ids = keys.flatMap((p) =>
      Object.values((at(fetched.doc, "paths", p) ?? {}) as Record<string, { operationId?: unknown }>).map(
        (op) => op.operationId,
      ),
    );
    if (ids.some((id) => typeof id !== "string") || new Set(ids).size !== ids.length)
      fail(
        "operationIds are missing or repeated",
        fetched.ex,
        "a unique operationId string for every operation (OpenAPI 3.1 §4.8.10)",
      );
  });

  test("a typed path parameter becomes a required path parameter with its schema", async () => {
    const fetched = await fetchDocument(server());
    expectAt(
      fetched,
      ["paths", "/users/{id}", "get", "parameters"],
      [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
      `${PARAMETER_HINT} Without a params schema, {id:int} is an integer and {name} a string.`,
    );
    expectAt(
      fetched,
      ["paths", "/orders/{id}", "get", "parameters"],
      [{ name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } }],
      "A declared params schema describes the parameter better than the router's type.",
    );
  });

  test("query parameters carry required, schema and default", async () => {
    const fetched = await fetchDocument(server());
    expectAt(
      fetched,
      ["paths", "/search", "get", "parameters"],
      [
        { name: "q", in: "query", required: true, schema: { type: "string", minLength: 1 } },
        {
          name: "limit",
          in: "query",
          required: false,
          schema: { type: "integer", minimum: 1, maximum: 100, default: 10 },
        },
        { name: "tag", in: "query", required: false, schema: { type: "array", items: { type: "string" } } },
        { name: "sort", in: "query", required: false, schema: { type: "string", enum: ["asc", "desc"] } },
      ],
      PARAMETER_HINT,
    );
  });

  test("a body schema becomes requestBody, with required properties", async () => {
    const fetched = await fetchDocument(server());
    const op = ["paths", "/shops/{shop}/items", "post"];
    expectAt(
      fetched,
      [...op, "requestBody", "required"],
      true,
      'requestBody: { required: true, content: { "application/json": { schema } } }.',
    );
    expectAt(
      fetched,
      [...op, "requestBody", "content", "application/json", "schema"],
      {
        type: "object",
        properties: {
          name: { type: "string", minLength: 1, maxLength: 20 },
          price: { type: "number", minimum: 0 },
          quantity: { type: "integer", minimum: 1, default: 1 },
          tags: { type: "array", items: { type: "string", pattern: "^[a-z]+$" }, maxItems: 3 },
        },
        required: ["name", "price"],
      },
      "toJsonSchema(body) gives this schema: use it as is.",
    );
    expectAt(
      fetched,
      [...op, "summary"],
      "Add an item to a shop",
      "The route's summary option becomes the operation's summary.",
    );
    expectAt(fetched, [...op, "parameters", 0, "name"], "shop", PARAMETER_HINT);
    expectAt(
      fetched,
      [...op, "parameters", 1],
      { name: "notify", in: "query", required: false, schema: { type: "boolean", default: false } },
      PARAMETER_HINT,
    );
  });

  test("validated routes document their 422 with a $ref that resolves; others do not", async () => {
    const fetched = await fetchDocument(server());
    for (const op of [
      ["/shops/{shop}/items", "post"],
      ["/search", "get"],
      ["/orders/{id}", "get"],
      ["/signup", "post"],
    ]) {
      const ref = at(fetched.doc, "paths", ...op, "responses", "422", "content", "application/json", "schema", "$ref");
      if (ref !== "#/components/schemas/HTTPValidationError")
        fail(
          `${op[1]!.toUpperCase()} ${op[0]} does not document its 422`,
          fetched.ex,
          'responses › 422 › content › application/json › schema › $ref = "#/components/schemas/HTTPValidationError"',
          "A route that validates anything can answer 422: say so.",
        );
    }
    expectAt(
      fetched,
      ["paths", "/", "get", "responses", "422"],
      undefined,
      "A route without schemas never answers 422: do not document one.",
    );
    expectAt(
      fetched,
      ["paths", "/", "get", "responses", "200", "description"],
      "Successful response",
      "Every operation needs a response; describe the 200.",
    );
    for (const { ref, where } of refs(fetched.doc)) {
      const target = ref.startsWith("#/") ? at(fetched.doc, ...ref.slice(2).split("/")) : undefined;
      if (typeof target !== "object" || target === null)
        fail(
          `the $ref at ${where} does not resolve`,
          fetched.ex,
          `${ref} to name a schema in the document`,
          "Put HTTPValidationError and ValidationError under components › schemas.",
        );
    }
    expectAt(
      fetched,
      ["components", "schemas", "ValidationError", "required"],
      ["loc", "msg", "type"],
      "ValidationError describes one issue: loc, msg and type are required.",
    );
    expectAt(
      fetched,
      [
        "paths",
        "/shops/{shop}/items",
        "post",
        "responses",
        "200",
        "content",
        "application/json",
        "schema",
        "properties",
        "notify",
      ],
      { type: "boolean" },
      "The response option documents the 200's JSON body.",
    );
  });
});
