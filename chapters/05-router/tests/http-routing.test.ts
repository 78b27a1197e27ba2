// Stages 05.2 to 05.6 over HTTP: the demo server of src/router/main.ts, behind the connection
// of chapter 04. Each demo route answers JSON naming itself and its parameters, so a check
// sees exactly which route the router chose. All stages share one server process.
import { test } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import {
  expectHeader,
  expectStatus,
  header,
  type ReceivedResponse,
  readResponse,
  saysClose,
  sendRequest,
  showResponse,
} from "../../../shared/check/http-client.ts";
import type { LabServer } from "../../../shared/check/lab-server.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";

const ENTRY = checkApp("routes");

function request(method: string, target: string, fields: string[] = [], body = ""): string {
  const lines = [`${method} ${target} HTTP/1.1`, "Host: localhost", ...fields];
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return lines.map((line) => `${line}\r\n`).join("") + "\r\n" + body;
}

/** Sends one request on a fresh connection and reads the response. */
async function exchange(server: LabServer, raw: string): Promise<ReceivedResponse> {
  const client = await TcpClient.open(server);
  try {
    await sendRequest(client, raw);
    return await readResponse(client, { sent: escapeBytes(raw), head: raw.startsWith("HEAD "), server });
  } finally {
    client.close();
  }
}

interface Routed {
  route: string;
  params: Record<string, string | number>;
}

/** The demo route's JSON answer: which route matched and with what parameters. */
function routedBy(response: ReceivedResponse, raw: string): Routed {
  try {
    const parsed = JSON.parse(response.body.toString("utf8")) as Routed;
    if (typeof parsed.route === "string" && typeof parsed.params === "object") return parsed;
  } catch {
    // reported below
  }
  throw new CheckFailure("the response is not a demo route's JSON answer", {
    sent: escapeBytes(raw),
    expected: 'a body like {"route":"GET /users/{id:int}","params":{"id":42}}',
    received: showResponse(response),
    hint: "routedHandler must call the matched route's handler with the request and the params.",
  });
}

/** Requests `target` and checks that `route` answered with exactly `params`. */
async function expectRoute(
  server: LabServer,
  method: string,
  target: string,
  route: string,
  params: Record<string, string | number>,
  hint?: string,
): Promise<void> {
  const raw = request(method, target);
  const response = await exchange(server, raw);
  expectStatus(response, 200, {
    sent: escapeBytes(raw),
    hint: hint ?? `${route} matches ${target}: call its handler.`,
  });
  const got = routedBy(response, raw);
  const same = got.route === route && JSON.stringify(sorted(got.params)) === JSON.stringify(sorted(params));
  if (!same) {
    throw new CheckFailure("the wrong route answered, or with the wrong parameters", {
      sent: escapeBytes(raw),
      expected: JSON.stringify({ route, params }),
      received: JSON.stringify(got),
      ...(hint ? { hint } : {}),
    });
  }
}

function sorted(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k]]),
  );
}

/** Allow compared as a set of methods (RFC 9110 §10.2.1: the order carries no meaning). */
function expectAllow(response: ReceivedResponse, raw: string, methods: string[], hint: string): void {
  const value = header(response, "allow");
  const got = (value ?? "")
    .split(",")
    .map((m) => m.trim())
    .filter(Boolean)
    .sort();
  if (JSON.stringify(got) === JSON.stringify([...methods].sort())) return;
  throw new CheckFailure(
    value === undefined ? "the response has no Allow field" : "the Allow field lists the wrong methods",
    {
      sent: escapeBytes(raw),
      expected: `Allow: ${methods.join(", ")} (in any order)`,
      received: showResponse(response),
      hint,
    },
  );
}

stage("05.2", () => {
  const server = useSharedLabServer(ENTRY);

  test("routes over HTTP: GET /users/bob reaches GET /users/{name}", async () => {
    await expectRoute(server(), "GET", "/users/bob", "GET /users/{name}", { name: "bob" });
  });

  test("strips the query before matching: GET /users/bob?tab=posts&next=/x", async () => {
    await expectRoute(
      server(),
      "GET",
      "/users/bob?tab=posts&next=/x",
      "GET /users/{name}",
      { name: "bob" },
      'The query is not part of the path (RFC 9112 §3.2): cut the target at the first "?" before matching.',
    );
  });

  test("a static route with a query: GET /users/me?id=3", async () => {
    await expectRoute(
      server(),
      "GET",
      "/users/me?id=3",
      "GET /users/me",
      {},
      'Cut the target at the first "?" before matching.',
    );
  });

  test("keeps %2F inside its segment: GET /users/a%2Fb", async () => {
    await expectRoute(
      server(),
      "GET",
      "/users/a%2Fb",
      "GET /users/{name}",
      { name: "a/b" },
      "Split first, decode each segment after: an escaped slash is data.",
    );
  });

  test("takes the path of an absolute-form target: GET http://localhost/users/bob?x=1", async () => {
    await expectRoute(
      server(),
      "GET",
      "http://localhost/users/bob?x=1",
      "GET /users/{name}",
      { name: "bob" },
      "A server must accept absolute-form targets (RFC 9112 §3.2.2): route by the path after the authority.",
    );
  });

  test("routes an absolute-form target without a path as /: GET http://localhost?x=1", async () => {
    await expectRoute(
      server(),
      "GET",
      "http://localhost?x=1",
      "GET /",
      {},
      'An absolute URI with an empty path asks for "/" (RFC 9110 §4.2.3).',
    );
  });
});

stage("05.3", () => {
  const server = useSharedLabServer(ENTRY);

  test("GET /users/42 gives the int route a number", async () => {
    await expectRoute(
      server(),
      "GET",
      "/users/42",
      "GET /users/{id:int}",
      { id: 42 },
      "{id:int} converts the segment: the handler gets 42, a number.",
    );
  });

  test("GET /users/42/posts/hello%20world mixes an int and a decoded str", async () => {
    await expectRoute(server(), "GET", "/users/42/posts/hello%20world", "GET /users/{id:int}/posts/{slug}", {
      id: 42,
      slug: "hello world",
    });
  });

  test("GET /users/4x2 falls through to the str route", async () => {
    await expectRoute(
      server(),
      "GET",
      "/users/4x2",
      "GET /users/{name}",
      { name: "4x2" },
      "A segment that is not an integer does not match {id:int}; the {name} route takes it.",
    );
  });
});

stage("05.4", () => {
  const server = useSharedLabServer(ENTRY);

  test("GET /files/docs/guide.txt reaches the wildcard with the whole tail", async () => {
    await expectRoute(server(), "GET", "/files/docs/guide.txt", "GET /files/{rest:path}", { rest: "docs/guide.txt" });
  });

  test("GET /files/readme prefers the static route to the wildcard", async () => {
    await expectRoute(server(), "GET", "/files/readme", "GET /files/readme", {});
  });

  test("GET /a/b/c/e backtracks out of /a/b/… into /a/{x}/c/e", async () => {
    await expectRoute(server(), "GET", "/a/b/c/e", "GET /a/{x}/c/e", { x: "b" });
  });
});

stage("05.5", () => {
  const server = useSharedLabServer(ENTRY);

  test("answers 404 when no route has the path", async () => {
    for (const target of ["/nowhere", "/nowhere?x=1", "/users/1/2/3/4", "/users/%zz"]) {
      const raw = request("GET", target);
      expectStatus(await exchange(server(), raw), 404, {
        sent: escapeBytes(raw),
        hint: "No route matches this path: 404 Not Found (RFC 9110 §15.5.5).",
      });
    }
  });

  test("answers 405 with Allow when routes have the path but not the method", async () => {
    const rows: [string, string, string[]][] = [
      ["DELETE", "/users", ["GET", "HEAD", "POST", "OPTIONS"]],
      ["PATCH", "/users/42", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]],
      ["POST", "/users/me", ["GET", "HEAD", "OPTIONS"]],
    ];
    for (const [method, target, allow] of rows) {
      const raw = request(method, target);
      const response = await exchange(server(), raw);
      expectStatus(response, 405, {
        sent: escapeBytes(raw),
        hint: "The path has routes, just not for this method: 405, not 404 (RFC 9110 §15.5.6).",
      });
      expectAllow(
        response,
        raw,
        allow,
        "A 405 MUST carry Allow with the methods the target supports (RFC 9110 §15.5.6).",
      );
    }
  });

  test("answers 501 to a method no route and no part of the server knows", async () => {
    const raw = request("BREW", "/users");
    expectStatus(await exchange(server(), raw), 501, {
      sent: escapeBytes(raw),
      hint: "A method the server does not recognise at all is 501 (RFC 9110 §15.6.2), whatever the path.",
    });
  });

  test("keeps the connection open after 404 and 405", async () => {
    const client = await TcpClient.open(server());
    const raws = [request("GET", "/nowhere"), request("DELETE", "/users"), request("GET", "/users/7")];
    const statuses = [404, 405, 200];
    for (let i = 0; i < raws.length; i++) {
      await sendRequest(client, raws[i]!);
      const response = await readResponse(client, { sent: escapeBytes(raws[i]!), server: server() });
      expectStatus(response, statuses[i]!, {
        sent: escapeBytes(raws.slice(0, i + 1).join("")),
        hint: "404 and 405 answer well-formed requests; the connection carries on.",
      });
      if (i < raws.length - 1 && saysClose(response)) {
        throw new CheckFailure("the server closes the connection after a 404 or 405", {
          sent: escapeBytes(raws[i]!),
          expected: "no Connection: close",
          received: showResponse(response),
        });
      }
    }
    client.close();
  });

  test("routed handlers receive the request body: POST /echo", async () => {
    const raw = request("POST", "/echo", ["Content-Type: text/plain"], "routed body");
    const response = await exchange(server(), raw);
    expectStatus(response, 200, { sent: escapeBytes(raw) });
    if (response.body.toString("utf8") !== "routed body") {
      throw new CheckFailure("POST /echo did not echo the body", {
        sent: escapeBytes(raw),
        expected: '"routed body"',
        received: showResponse(response),
        hint: "Pass the whole request (head and body) to the handler.",
      });
    }
  });
});

stage("05.6", () => {
  const server = useSharedLabServer(ENTRY);

  test("HEAD /users/42 is answered by the GET route, without a body", async () => {
    const get = await exchange(server(), request("GET", "/users/42"));
    const raw = request("HEAD", "/users/42");
    const head = await exchange(server(), raw);
    expectStatus(head, 200, { sent: escapeBytes(raw), hint: "HEAD is served by the GET route (RFC 9110 §9.3.2)." });
    expectHeader(head, "content-length", String(get.body.length), {
      sent: escapeBytes(raw),
      hint: "A HEAD response has the headers a GET would have, Content-Length included (RFC 9110 §9.3.2).",
    });
    expectHeader(head, "content-type", header(get, "content-type") ?? "", { sent: escapeBytes(raw) });
  });

  test("a HEAD response ends at its head: the next pipelined response is read right", async () => {
    const client = await TcpClient.open(server());
    const raw = request("HEAD", "/users/7") + request("GET", "/users/8");
    await sendRequest(client, raw);
    const head = await readResponse(client, { sent: escapeBytes(raw), head: true, server: server() });
    expectStatus(head, 200, { sent: escapeBytes(raw) });
    const next = await readResponse(client, { sent: escapeBytes(raw), server: server() });
    expectStatus(next, 200, {
      sent: escapeBytes(raw),
      hint: "The HEAD response must not carry the GET body: its bytes would be read as the next response.",
    });
    const routed = routedBy(next, raw);
    if (routed.params.id !== 8) {
      throw new CheckFailure("the response after a HEAD response is not the one for GET /users/8", {
        sent: escapeBytes(raw),
        expected: '{"id":8}',
        received: showResponse(next),
      });
    }
    client.close();
  });

  test("HEAD on a path no route has is 404", async () => {
    const raw = request("HEAD", "/nowhere");
    expectStatus(await exchange(server(), raw), 404, { sent: escapeBytes(raw) });
  });

  test("OPTIONS /users/42 is answered automatically: 204 with Allow, and the connection carries on", async () => {
    const client = await TcpClient.open(server());
    const raw = request("OPTIONS", "/users/42") + request("GET", "/users/9");
    await sendRequest(client, raw);
    const response = await readResponse(client, { sent: escapeBytes(raw), server: server() });
    expectStatus(response, 204, {
      sent: escapeBytes(raw),
      hint: "Without an OPTIONS route, answer 204 No Content with Allow (RFC 9110 §9.3.7).",
    });
    expectAllow(
      response,
      raw,
      ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"],
      "Allow lists the path's methods, HEAD where GET is, and OPTIONS.",
    );
    const next = await readResponse(client, { sent: escapeBytes(raw), server: server() });
    expectStatus(next, 200, {
      sent: escapeBytes(raw),
      hint: "A 204 ends with its head: give it an empty body, so nothing is left over before the next response.",
    });
    if (routedBy(next, raw).params.id !== 9) {
      throw new CheckFailure("the response after the OPTIONS response is not the one for GET /users/9", {
        sent: escapeBytes(raw),
        expected: '{"id":9}',
        received: showResponse(next),
      });
    }
    client.close();
  });

  test("OPTIONS on a route registered for OPTIONS reaches that route", async () => {
    await expectRoute(
      server(),
      "OPTIONS",
      "/custom-options",
      "OPTIONS /custom-options",
      {},
      "An OPTIONS route is an ordinary route: only paths without one get the automatic answer.",
    );
  });

  test("OPTIONS * lists every method the server routes", async () => {
    const raw = request("OPTIONS", "*");
    const response = await exchange(server(), raw);
    expectStatus(response, 204, {
      sent: escapeBytes(raw),
      hint: "OPTIONS * asks about the server as a whole (RFC 9112 §3.2.4; RFC 9110 §9.3.7).",
    });
    expectAllow(
      response,
      raw,
      ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
      "For *, Allow gathers the methods of every route.",
    );
  });

  test("OPTIONS on a path no route has is 404", async () => {
    const raw = request("OPTIONS", "/nowhere");
    expectStatus(await exchange(server(), raw), 404, {
      sent: escapeBytes(raw),
      hint: "Automatic OPTIONS answers only for paths that some route has.",
    });
  });
});
