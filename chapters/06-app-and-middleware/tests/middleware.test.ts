// Stage 06.3: middleware is an onion. Layers run in the order added on the way in and in
// reverse on the way out, each around everything inside it; a layer may answer without
// calling next(); calling next() twice is a bug the app refuses. check-middleware-app.ts has
// two tracing layers (outer, inner), a guard for /private, a layer that calls next() twice on
// /twice, and a timing layer.
import { test } from "vitest";
import { headerValues } from "../../../shared/check/http-client.ts";
import type { LabServer } from "../../../shared/check/lab-server.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import {
  type Exchange,
  exchange,
  expectHeader,
  expectJson,
  expectNoHeader,
  expectStatus,
  fail,
  jsonBody,
  MIDDLEWARE_APP,
} from "./exchange.ts";

const ONION_HINT =
  "compose(): layer i gets next = () => run(i + 1); after the last layer, next runs the endpoint. What a layer does after `await next()` happens on the way out.";
const TRAIL_OUT = "inner:out|outer:out";

function expectTrailOut(ex: Exchange, hint = ONION_HINT): void {
  const trail = headerValues(ex.response, "x-trail").join("|");
  if (trail !== TRAIL_OUT)
    fail(
      "the response did not come back out through both layers, inner first",
      ex,
      "X-Trail: inner:out, then X-Trail: outer:out (each layer adds its line after its next() resolves)",
      hint,
    );
}

async function runs(server: LabServer): Promise<{ private: number; twice: number }> {
  const ex = await exchange(server, "GET", "/runs");
  expectStatus(ex, 200);
  return jsonBody(ex) as { private: number; twice: number };
}

stage("06.3", () => {
  const server = useSharedLabServer(MIDDLEWARE_APP);

  test("layers run in the order added on the way in, and in reverse on the way out", async () => {
    const ex = await exchange(server(), "GET", "/trail");
    expectJson(ex, 200, { trail: ["outer:in", "inner:in", "handler"] }, ONION_HINT);
    expectTrailOut(ex);
    expectHeader(ex, "x-elapsed-us", /^\d+$/, "The timing layer sets X-Elapsed-Us after its next() resolves.");
  });

  test("concurrent requests each get their own pass through the onion", async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => exchange(server(), "GET", "/trail")));
    for (const ex of all) {
      expectJson(
        ex,
        200,
        { trail: ["outer:in", "inner:in", "handler"] },
        "Keep the chain's state (which layer is next) per request, inside the function compose returns — not in module or app variables.",
      );
      expectTrailOut(ex);
    }
  });

  test("a layer that answers without calling next() short-circuits: the handler never runs", async () => {
    const before = await runs(server());
    const ex = await exchange(server(), "GET", "/private/data");
    expectJson(
      ex,
      401,
      { detail: "not authenticated" },
      "The guard returns its own Response; the layers outside it still see it on the way out.",
    );
    expectHeader(ex, "www-authenticate", "Bearer");
    expectTrailOut(ex, "The layers outside the guard still run their after-next() part on its response.");
    expectNoHeader(ex, "x-elapsed-us", "The timing layer is inside the guard: it never ran.");
    const after = await runs(server());
    if (after.private !== before.private) {
      fail(
        `the /private handler ran ${after.private - before.private} time(s) although the guard answered 401`,
        ex,
        "the handler not to run: the guard returned without calling next()",
        "Call the layer and return what it returns; never run the endpoint yourself after it.",
      );
    }
  });

  test("with the token the guard calls next() and the handler runs once", async () => {
    const before = await runs(server());
    const ex = await exchange(server(), "GET", "/private/data", { headers: [["Authorization", "Bearer open-sesame"]] });
    expectJson(ex, 200, { secret: "only with a token" });
    const after = await runs(server());
    if (after.private !== before.private + 1)
      fail(
        `the /private handler ran ${after.private - before.private} times for one request`,
        ex,
        "the handler to run exactly once",
      );
  });

  test("next() called twice is refused: 500, and the handler runs only once", async () => {
    const before = await runs(server());
    const ex = await exchange(server(), "GET", "/twice");
    expectJson(
      ex,
      500,
      { detail: "Internal Server Error" },
      "The second call of the same next() must reject (MiddlewareError) instead of running the inner layers again.",
    );
    const after = await runs(server());
    if (after.twice !== before.twice + 1) {
      fail(
        `the /twice handler ran ${after.twice - before.twice} times for one request`,
        ex,
        "the handler to run exactly once: the second next() rejects without running it",
        "Give each next() its own `called` flag.",
      );
    }
  });

  test("middleware wraps routing too: a 404 passes back out through every layer", async () => {
    const ex = await exchange(server(), "GET", "/nowhere");
    expectJson(
      ex,
      404,
      { detail: "Not Found" },
      "Routing happens inside the onion (the endpoint), so HttpError(404) becomes a response that the layers see.",
    );
    expectTrailOut(
      ex,
      "An HttpError thrown by routing must become a response inside the onion (the inner error layer), so every layer's next() resolves with it instead of rejecting.",
    );
    expectHeader(ex, "x-elapsed-us", /^\d+$/);
  });
});
