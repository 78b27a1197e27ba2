// Stage 07.3: dependencies in FastAPI's sense. A route declares the values its handler needs
// (deps); each is computed by a function of its own, which may read declared query and header
// fields and use other dependencies. They are resolved once per request however many times
// they are used, their fields are validated with the route's (one 422 for every issue), their
// errors answer the request, and their fields appear as parameters in the OpenAPI document.
//
//   GET /deps/items     deps: page (query page, size), user (header x-token; uses db), audit (uses db, user)
//   DELETE /deps/items/{id:int}   deps: admin (uses user)
import { test } from "vitest";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { ASYNC_APP, ASYNC_ENV, exchange, expectHeader, expectJson, expectStatus, fail, jsonBody } from "./exchange.ts";

const ONCE_HINT =
  "dependencyOrder() walks the graph depth-first and lists each dependency once, after the ones it uses; resolveDependencies() computes them in that order into one Map, so a dependency used twice is computed once, per request.";
const VALIDATE_HINT =
  'validateInputs() checks each dependency\'s query fields at ["query", name] and header fields at ["header", name] along with the route\'s own, and throws one HttpError(422) with every issue.';

stage("07.3", () => {
  const server = useSharedLabServer(ASYNC_APP, ASYNC_ENV);

  test("the handler gets each dependency's value, computed from its validated query and header fields", async () => {
    const ex = await exchange(server(), "GET", "/deps/items?page=3&size=5", { headers: [["X-Token", "token-bob"]] });
    expectStatus(
      ex,
      200,
      "Resolve the route's deps before its handler runs, and pass their values as the handler's third argument, by name.",
    );
    const body = jsonBody(ex) as { page?: unknown; user?: unknown };
    if (JSON.stringify(body.page) !== JSON.stringify({ offset: 10, limit: 5 }) || body.user !== "Bob") {
      fail(
        "the dependencies' values are wrong",
        ex,
        '"page": {"offset":10,"limit":5} (from ?page=3&size=5) and "user": "Bob" (from X-Token)',
        "A dependency's function gets { request, query, headers, deps }: its own validated fields, converted to their types.",
      );
    }
  });

  test("a dependency used by two others is computed once per request, and again for the next request", async () => {
    const sessions: number[] = [];
    for (let i = 0; i < 2; i++) {
      const ex = await exchange(server(), "GET", "/deps/items", { headers: [["X-Token", "token-ann"]] });
      expectStatus(ex, 200);
      const body = jsonBody(ex) as { sessions?: number[]; dbResolutions?: number };
      const [viaUser, viaAudit] = body.sessions ?? [];
      if (body.dbResolutions !== 1 || viaUser !== viaAudit) {
        fail(
          `db, used by user and by audit, was computed ${body.dbResolutions} times`,
          ex,
          '"dbResolutions": 1, and "sessions" with the same value twice',
          ONCE_HINT,
        );
      }
      sessions.push(viaUser!);
      if (i === 1 && sessions[0] === sessions[1])
        fail(
          "two requests got the same db session",
          ex,
          "a new session for each request: dependencies are computed per request, never kept",
          "Keep the computed values per request, not in the app or the dependency.",
        );
    }
  });

  test("with defaults: the query fields a dependency declares are optional when they have one", async () => {
    const ex = await exchange(server(), "GET", "/deps/items", { headers: [["x-token", "token-ann"]] });
    expectStatus(ex, 200);
    const body = jsonBody(ex) as { page?: unknown };
    if (JSON.stringify(body.page) !== JSON.stringify({ offset: 0, limit: 10 }))
      fail(
        "the defaults of the dependency's query fields were not applied",
        ex,
        '"page": {"offset":0,"limit":10}',
        VALIDATE_HINT,
      );
  });

  test("invalid fields of every dependency come back in one 422", async () => {
    const ex = await exchange(server(), "GET", "/deps/items?page=0&size=500");
    expectStatus(ex, 422, VALIDATE_HINT);
    const issues = ((jsonBody(ex) as { detail?: { loc?: unknown; type?: unknown }[] }).detail ?? [])
      .map((issue) => `${JSON.stringify(issue.loc)} ${String(issue.type)}`)
      .sort();
    const expected = [
      '["header","x-token"] missing',
      '["query","page"] greater_than_equal',
      '["query","size"] less_than_equal',
    ];
    if (JSON.stringify(issues) !== JSON.stringify(expected))
      fail(
        "the 422 does not list every issue of the dependencies' fields",
        ex,
        `issues ${expected.join("; ")}`,
        VALIDATE_HINT,
      );
  });

  test.each([
    [
      "an unknown token: the dependency's HttpError(401) with its WWW-Authenticate",
      "DELETE",
      "token-eve",
      401,
      { detail: "unknown token" },
    ],
    [
      "a user who is not an admin: 403 from a dependency of a dependency",
      "DELETE",
      "token-bob",
      403,
      { detail: "admins only" },
    ],
    [
      "an admin: the handler runs with the value of a dependency of a dependency",
      "DELETE",
      "token-ann",
      200,
      { deleted: 7, by: "Ann" },
    ],
  ] as const)("%s", async (_what, method, token, status, body) => {
    const ex = await exchange(server(), method, "/deps/items/7", { headers: [["X-Token", token]] });
    expectJson(
      ex,
      status,
      body,
      "A dependency that throws stops the request: its HttpError is the answer, and the handler never runs.",
    );
    if (status === 401) expectHeader(ex, "www-authenticate", "Token");
  });

  test("the OpenAPI document lists the dependencies' query and header fields as parameters, each once", async () => {
    const ex = await exchange(server(), "GET", "/openapi.json");
    expectStatus(ex, 200);
    const document = jsonBody(ex) as {
      paths?: Record<string, Record<string, { parameters?: unknown; responses?: Record<string, unknown> }>>;
    };
    const operation = document.paths?.["/deps/items"]?.get;
    const expected = [
      { name: "page", in: "query", required: false, schema: { type: "integer", minimum: 1, default: 1 } },
      { name: "size", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 50, default: 10 } },
      { name: "x-token", in: "header", required: true, schema: { type: "string", minLength: 1 } },
    ];
    const sortByName = (list: unknown): unknown =>
      Array.isArray(list)
        ? [...list].sort((a, b) =>
            String((a as { name: string }).name).localeCompare(String((b as { name: string }).name)),
          )
        : list;
    if (JSON.stringify(sortByName(operation?.parameters)) !== JSON.stringify(expected)) {
      fail(
        "GET /deps/items does not document its dependencies' fields",
        ex,
        `paths["/deps/items"].get.parameters: ${JSON.stringify(expected)}`,
        "openapi.ts: for each dependency in dependencyOrder(route deps), one parameter per query property (in: query) and per header property (in: header); x-token is used twice but listed once.",
      );
    }
    if (operation?.responses?.["422"] === undefined)
      fail(
        "GET /deps/items does not document its 422",
        ex,
        'responses["422"]: the dependencies validate fields, so the route can answer 422',
        "A route whose dependencies declare fields validates them: document the 422.",
      );
  });
});
