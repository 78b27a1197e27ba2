// Stage 07.4: a route's response model is enforced, as FastAPI's response_model. What the
// handler returns is validated against it and only the declared fields are sent — nested
// objects and array items included — so a password hash in a database row never leaves. A
// return value that does not fit its model is the server's bug: a plain 500, with the details in
// the server's log under the request's id, never in the response. A Response is sent as built.
import { test } from "vitest";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { ASYNC_APP, ASYNC_ENV, exchange, expectJson, fail, logsOf, requestIdOf } from "./exchange.ts";

const FILTER_HINT =
  'modelResponse(model, value): validateJson(model, value, ["response"]) copies only declared properties; send its value with Response.json().';
const INVALID_HINT =
  "When validateJson() reports issues, throw a ResponseValidationError: it is not an HttpError, so the outer error layer logs it and answers a bare 500.";
/** What the handlers' rows hold and the model leaves out. */
const SECRETS = ["passwordHash", "argon2id", "internal", "apiKey", "sk-live", "budget"];

stage("07.4", () => {
  const server = useSharedLabServer(ASYNC_APP, ASYNC_ENV);

  test.each([
    [
      "/models/user/5",
      "an object: the password hash and internal fields are dropped",
      { id: 5, name: "Ann", email: "ann@example.com" },
    ],
    [
      "/models/users",
      "an array of objects, from an async handler: each item filtered, an absent optional field left out",
      [
        { id: 1, name: "Ann", email: "ann@example.com" },
        { id: 2, name: "Bob" },
      ],
    ],
    [
      "/models/team",
      "a nested object: filtered at every level",
      { owner: { id: 7, name: "Ann", email: "ann@example.com" }, tags: ["a", "b"] },
    ],
  ])("%s, %s", async (target, _what, expected) => {
    const ex = await exchange(server(), "GET", target);
    const leaked = SECRETS.filter((secret) => ex.response.body.toString("utf8").includes(secret));
    if (leaked.length > 0)
      fail(
        `the response leaks fields the model does not declare: ${leaked.join(", ")}`,
        ex,
        JSON.stringify(expected),
        FILTER_HINT,
      );
    expectJson(ex, 200, expected, FILTER_HINT);
  });

  test.each([
    ["/models/broken", "a value of the wrong type", "response.id int_type"],
    ["/models/missing", "a required field missing", "response.id missing"],
  ])(
    "%s returns %s: 500 that tells nothing, logged with the issue under the request's id",
    async (target, _what, issue) => {
      const ex = await exchange(server(), "GET", target);
      const body = ex.response.body.toString("utf8");
      if (
        ["seven", "argon2id", "ResponseValidationError", "int_type", "missing"].some((secret) => body.includes(secret))
      ) {
        fail(
          "the 500 tells the client about the invalid return value",
          ex,
          '{"detail":"Internal Server Error"}',
          INVALID_HINT,
        );
      }
      expectJson(ex, 500, { detail: "Internal Server Error" }, INVALID_HINT);
      const lines = await logsOf(server(), requestIdOf(ex));
      if (!lines.some((line) => line.level === "error" && JSON.stringify(line).includes(issue))) {
        fail(
          "the invalid return value is not in the server's log under the request's id",
          ex,
          `a log line at level "error" naming the issue "${issue}"`,
          'ResponseValidationError\'s message lists each issue as its loc joined with "." and its type; internalError() logs it.',
        );
      }
    },
  );

  test("a Response the handler builds itself is sent as built, whatever the model", async () => {
    const ex = await exchange(server(), "GET", "/models/as-is");
    expectJson(
      ex,
      201,
      { free: "form" },
      "toResponse(): a Response goes out as it is, before the model is considered.",
    );
  });
});
