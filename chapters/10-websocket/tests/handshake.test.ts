// Stage 10.1: the opening handshake (RFC 6455 §4). A valid one is answered 101 with the
// Sec-WebSocket-Accept the check computes itself from the key; anything else gets an HTTP answer
// (400, 405, 426) — and when the request asked to switch protocols, that answer is the
// connection's last, since the bytes after it may already be frames. The ws client, a real peer,
// opens a connection too.
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { header, headerValues, sendRequest, showResponse } from "../../../shared/check/http-client.ts";
import type { LabServer } from "../../../shared/check/lab-server.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { type Exchange, readExchange } from "../../08-static-cors-compression-tls/tests/exchange.ts";
import {
  expectedAccept,
  type HandshakeOptions,
  handshakeRequest,
  Peer,
  randomBytes,
  randomKey,
  WEBSOCKET_APP,
} from "./websocket-client.ts";

const ACCEPT_HINT =
  'checkHandshake(): a GET with Upgrade: websocket, Connection: upgrade, Sec-WebSocket-Version: 13 and one valid key gets 101 with Upgrade, Connection and Sec-WebSocket-Accept = acceptKey(key): base64 of SHA-1 of key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".';

const REFUSED_LAST_HINT =
  "This is the connection's part, given whole: after a request that asked to switch protocols, the reader holds the bytes that follow; a 101 hands them over, any other answer ends the connection (Connection: close).";

/** Sends `raw` on a new connection and reads the response; the client stays open for what follows. */
async function rawExchange(server: LabServer, raw: string): Promise<Exchange & { client: TcpClient }> {
  const client = await TcpClient.open(server);
  await sendRequest(client, raw);
  const exchange = await readExchange(client, { sent: escapeBytes(raw, 400), server, head: raw.startsWith("HEAD ") });
  return { ...exchange, client };
}

function fail(summary: string, ex: Exchange, expected: string, hint = ACCEPT_HINT): never {
  throw new CheckFailure(summary, { sent: ex.sent, expected, received: showResponse(ex.response), hint });
}

/** Upgrade and Connection as a 101 or a 426 must carry them (RFC 9110 §7.8, §15.5.22). */
function hasUpgradeFields(ex: Exchange): boolean {
  const upgrade = (header(ex.response, "upgrade") ?? "").toLowerCase();
  const connection = (header(ex.response, "connection") ?? "").toLowerCase();
  return upgrade === "websocket" && connection.split(",").some((option) => option.trim() === "upgrade");
}

interface Accepted {
  readonly name: string;
  readonly key: string;
  readonly options?: HandshakeOptions;
}

/** Handshakes that must switch; the accept values are computed by the check (RFC 6455 §4.2.2). */
const ACCEPTED: Accepted[] = [
  { name: "the key of RFC 6455 §1.3", key: "dGhlIHNhbXBsZSBub25jZQ==" },
  {
    name: "Upgrade and Connection in other cases, Connection with more options (RFC 9110 §7.6.1)",
    key: randomKey(),
    options: { fields: { Upgrade: "WebSocket", Connection: "keep-alive, Upgrade" } },
  },
  {
    name: "field names in lower case",
    key: randomKey(),
    options: { fields: { upgrade: "websocket", connection: "upgrade", Upgrade: null, Connection: null } },
  },
  ...Array.from({ length: 5 }, (_, i) => ({ name: `random key ${i + 1}`, key: randomKey() })),
];

interface Refused {
  readonly name: string;
  readonly request: string;
  readonly status: 400 | 405 | 426;
  /** Fields the refusal must carry. */
  readonly fields?: readonly (readonly [string, RegExp])[];
  readonly hint: string;
}

const UPGRADE_REQUIRED: readonly (readonly [string, RegExp])[] = [["Upgrade", /^websocket$/i]];

const REFUSED: Refused[] = [
  {
    name: "POST: the handshake is a GET (RFC 6455 §4.1)",
    request: handshakeRequest("/echo", { method: "POST", fields: { "Content-Length": "0" } }),
    status: 405,
    fields: [["Allow", /\bGET\b/]],
    hint: "Only GET has a WebSocket route: the router answers other methods 405 with Allow.",
  },
  {
    name: "HEAD: the handshake is a GET (RFC 6455 §4.1)",
    request: handshakeRequest("/echo", { method: "HEAD" }),
    status: 405,
    fields: [["Allow", /\bGET\b/]],
    hint: "HEAD reaches a GET route (chapter 05); checkHandshake() refuses any method but GET with 405 and Allow: GET.",
  },
  {
    name: "a plain GET of a WebSocket route, no handshake at all (RFC 9110 §15.5.22)",
    request: `GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    status: 426,
    fields: UPGRADE_REQUIRED,
    hint: "A GET without Upgrade: websocket gets 426 Upgrade Required, which MUST name the protocol in an Upgrade field.",
  },
  {
    name: "Upgrade: h2c instead of websocket",
    request: handshakeRequest("/echo", { fields: { Upgrade: "h2c" } }),
    status: 426,
    fields: UPGRADE_REQUIRED,
    hint: "Only the websocket token among the Upgrade field's values asks for WebSocket.",
  },
  {
    name: "Upgrade without the upgrade option in Connection (RFC 9110 §7.8)",
    request: handshakeRequest("/echo", { fields: { Connection: "keep-alive" } }),
    status: 426,
    fields: UPGRADE_REQUIRED,
    hint: "Upgrade is hop-by-hop: it counts only when Connection lists it. Look for the token upgrade in Connection's comma-separated options.",
  },
  {
    name: "HTTP/1.0, whose Upgrade a server must ignore (RFC 9110 §7.8)",
    request: handshakeRequest("/echo", { version: "1.0" }),
    status: 426,
    fields: UPGRADE_REQUIRED,
    hint: "request.version.minor must be at least 1: a WebSocket handshake is HTTP/1.1 (RFC 6455 §4.1).",
  },
  {
    name: "Sec-WebSocket-Version: 8, a draft's (RFC 6455 §4.4)",
    request: handshakeRequest("/echo", { fields: { "Sec-WebSocket-Version": "8" } }),
    status: 426,
    fields: [["Sec-WebSocket-Version", /^13$/]],
    hint: "A version other than 13 gets 426 with Sec-WebSocket-Version: 13, so the client learns the one spoken here.",
  },
  {
    name: "Sec-WebSocket-Version: 14",
    request: handshakeRequest("/echo", { fields: { "Sec-WebSocket-Version": "14" } }),
    status: 426,
    fields: [["Sec-WebSocket-Version", /^13$/]],
    hint: "Exactly 13: a later version is not one this server speaks.",
  },
  {
    name: "no Sec-WebSocket-Version",
    request: handshakeRequest("/echo", { fields: { "Sec-WebSocket-Version": null } }),
    status: 426,
    fields: [["Sec-WebSocket-Version", /^13$/]],
    hint: "No version is not version 13: 426 with Sec-WebSocket-Version: 13.",
  },
  {
    name: "no Sec-WebSocket-Key (RFC 6455 §4.2.1)",
    request: handshakeRequest("/echo", { fields: { "Sec-WebSocket-Key": null } }),
    status: 400,
    hint: "Without a key there is nothing to prove: 400.",
  },
  {
    name: "a key of 8 bytes instead of 16",
    request: handshakeRequest("/echo", { key: randomBytes(8).toString("base64") }),
    status: 400,
    hint: 'The key is 16 bytes in base64: 22 characters and "==", /^[A-Za-z0-9+/]{22}==$/.',
  },
  {
    name: "a key that is not base64",
    request: handshakeRequest("/echo", { key: "not a base64 key, not!!" }),
    status: 400,
    hint: 'The key is 16 bytes in base64: 22 characters of A–Z, a–z, 0–9, + and /, then "==".',
  },
  {
    name: "two Sec-WebSocket-Key fields (RFC 6455 §11.3.1)",
    request: handshakeRequest("/echo", { extra: [["Sec-WebSocket-Key", randomKey()]] }),
    status: 400,
    hint: "The key MUST NOT appear more than once: look at every field of that name, and refuse unless there is exactly one.",
  },
];

stage("10.1", () => {
  const server = useSharedLabServer(WEBSOCKET_APP);

  test.each(ACCEPTED)("switches with 101 and the right Sec-WebSocket-Accept (RFC 6455 §4.2.2): $name", async (row) => {
    const raw = handshakeRequest("/echo", { key: row.key, ...row.options });
    const ex = await rawExchange(server(), raw);
    ex.client.close();
    const accept = expectedAccept(row.key);
    if (ex.response.status !== 101) fail(`expected 101, got ${ex.response.status}`, ex, "101 Switching Protocols");
    if (header(ex.response, "sec-websocket-accept") !== accept)
      fail("Sec-WebSocket-Accept is wrong", ex, `Sec-WebSocket-Accept: ${accept}`);
    if (!hasUpgradeFields(ex))
      fail("the 101 does not name the protocol it switches to", ex, "Upgrade: websocket and Connection: Upgrade");
    const framing = [...headerValues(ex.response, "content-length"), ...headerValues(ex.response, "transfer-encoding")];
    if (framing.length > 0)
      fail(
        "the 101 has a body framing field",
        ex,
        "no Content-Length or Transfer-Encoding in a 1xx response (RFC 9110 §8.6, §6.1)",
      );
  });

  test.each(REFUSED)("answers $status instead of switching: $name", async (row) => {
    const ex = await rawExchange(server(), row.request);
    ex.client.close();
    if (ex.response.status !== row.status)
      fail(`expected status ${row.status}, got ${ex.response.status}`, ex, `a ${row.status} response`, row.hint);
    for (const [name, value] of row.fields ?? []) {
      const got = header(ex.response, name);
      if (got === undefined || !value.test(got))
        fail(`the ${row.status} lacks ${name}`, ex, `${name}: ${value}`, row.hint);
    }
    if (row.status === 426 && !hasUpgradeFields(ex))
      fail(
        "the 426 does not say which protocol to upgrade to",
        ex,
        "Upgrade: websocket and Connection: Upgrade (RFC 9110 §15.5.22)",
        row.hint,
      );
  });

  test("a refused upgrade is the connection's last response: the bytes after it may be frames (RFC 9110 §7.8)", async () => {
    const raw = handshakeRequest("/echo", { fields: { "Sec-WebSocket-Version": "8" } });
    const ex = await rawExchange(server(), `${raw}GET / HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    try {
      const options = (header(ex.response, "connection") ?? "").toLowerCase();
      if (!options.split(",").some((option) => option.trim() === "close"))
        fail("the refusal did not end the connection", ex, "Connection: close on the 426", REFUSED_LAST_HINT);
      await ex.client.expectClosed("the server to close the connection after the 426, answering nothing after it");
    } catch (error) {
      if (error instanceof CheckFailure)
        throw new CheckFailure(error.message, { ...details(error), hint: REFUSED_LAST_HINT });
      throw error;
    } finally {
      ex.client.close();
    }
  });

  test("a valid handshake to a route that is not a WebSocket gets that route's answer, and the connection closes", async () => {
    const ex = await rawExchange(server(), handshakeRequest("/"));
    ex.client.close();
    if (ex.response.status !== 200 || ex.response.body.toString() !== "a WebSocket test app")
      fail(`expected the route's 200, got ${ex.response.status}`, ex, '200 "a WebSocket test app"', REFUSED_LAST_HINT);
    const options = (header(ex.response, "connection") ?? "").toLowerCase();
    if (!options.includes("close")) fail("the connection was kept", ex, "Connection: close", REFUSED_LAST_HINT);
  });

  test("the ws client opens a connection, and is refused on a path that has no WebSocket", async () => {
    const peer = await Peer.open(server(), "/echo");
    peer.close();
    const refused = await Peer.open(server(), "/nowhere").then(
      (p) => {
        p.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    if (!(refused instanceof CheckFailure) || !refused.received.startsWith("404"))
      throw new CheckFailure("a WebSocket to a path without a route did not get 404", {
        sent: 'new WebSocket("ws://…/nowhere")',
        expected: "the handshake answered 404 Not Found",
        received: refused instanceof CheckFailure ? refused.received : "101: the connection opened",
      });
  });
});

function details(error: CheckFailure): { sent?: string; expected: string; received: string } {
  return {
    ...(error.sent !== undefined ? { sent: error.sent } : {}),
    expected: error.expected,
    received: error.received,
  };
}
