// Stage 09.6: one buffer, one write. In-process, serializeResponse() must give exactly the bytes
// of a table (the clock fixed with vitest's fake Date, so the Date field is known), as one
// Buffer holding head and body, with the Date from the per-second cache; checkHeaders() still
// refuses what would split a response. Over HTTP, a pipelined burst to the hello app comes back
// whole and in order.

import {
  checkHeaders,
  type FixedResponse,
  type HttpResponse,
  serializeHead,
  serializeResponse,
} from "@lab/src/http/response-writer.ts";
import { afterEach, test, vi } from "vitest";
import { budgetMs, Deadline } from "../../../shared/check/budget.ts";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { header, readResponse, sendRequest, showResponse } from "../../../shared/check/http-client.ts";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { countDates } from "./date-counter.ts";
import { HELLO, UTF8_TEXT } from "./fixtures/hello.ts";

/** The fake clock of the in-process checks, and the Date field it gives. */
const NOW = Date.UTC(2034, 2, 4, 5, 6, 7, 890);
const DATE = "Sat, 04 Mar 2034 05:06:07 GMT";
/** Requests in the pipelined burst. */
const BURST = 100;
/** Responses serialised in the check that counts Dates. */
const RESPONSES = 1_000;

const WHOLE = { omitBody: false };
const HEAD = { omitBody: true };

const utf8 = (text: string) => Buffer.from(text, "utf8");

interface WriterCase {
  readonly what: string;
  readonly response: FixedResponse;
  readonly options: { omitBody: boolean };
  /** The exact bytes, head as latin1 text and body as bytes. */
  readonly head: string;
  readonly body?: Uint8Array;
  readonly hint: string;
}

const CASES: WriterCase[] = [
  {
    what: "a text body",
    response: { status: 200, headers: [["Content-Type", "text/plain; charset=utf-8"]], body: HELLO },
    options: WHOLE,
    head: `HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nDate: ${DATE}\r\nContent-Length: 13\r\n\r\n`,
    body: utf8(HELLO),
    hint: "Status line with the reason phrase, the handler's fields in order, then Date and Content-Length, an empty line, the body (RFC 9112 §4–6).",
  },
  {
    what: "a UTF-8 body: Content-Length counts bytes, not characters (RFC 9110 §8.6)",
    response: { status: 200, headers: [["Content-Type", "text/plain; charset=utf-8"]], body: UTF8_TEXT },
    options: WHOLE,
    head: `HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nDate: ${DATE}\r\nContent-Length: ${Buffer.byteLength(UTF8_TEXT)}\r\n\r\n`,
    body: utf8(UTF8_TEXT),
    hint: `"${UTF8_TEXT}".length is ${UTF8_TEXT.length}, but it is ${Buffer.byteLength(UTF8_TEXT)} bytes in UTF-8: Buffer.byteLength(body) gives the length, and the body is written as UTF-8 after a latin1 head.`,
  },
  {
    what: "repeated fields, kept in order as given (RFC 9110 §5.3)",
    response: {
      status: 201,
      headers: [
        ["Location", "/items/7"],
        ["Set-Cookie", "a=1; Path=/"],
        ["Set-Cookie", "b=2; Path=/"],
        ["X-Obs-Text", "caf\xe9"],
      ],
      body: "{}",
    },
    options: WHOLE,
    head: `HTTP/1.1 201 Created\r\nLocation: /items/7\r\nSet-Cookie: a=1; Path=/\r\nSet-Cookie: b=2; Path=/\r\nX-Obs-Text: caf\xe9\r\nDate: ${DATE}\r\nContent-Length: 2\r\n\r\n`,
    body: utf8("{}"),
    hint: "Every field line as given, in order, one per line: Set-Cookie lines are never combined (RFC 9110 §5.3). Field values are latin1: a byte 0xE9 stays one byte.",
  },
  {
    what: "a body of bytes that is a view into a larger buffer",
    response: {
      status: 200,
      headers: [["Content-Type", "application/octet-stream"]],
      body: new Uint8Array([9, 9, 0, 1, 2, 0xff, 9, 9]).subarray(2, 6),
    },
    options: WHOLE,
    head: `HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nDate: ${DATE}\r\nContent-Length: 4\r\n\r\n`,
    body: new Uint8Array([0, 1, 2, 0xff]),
    hint: "A Uint8Array may be a window (byteOffset, byteLength) on a larger ArrayBuffer: copy exactly its bytes, never the buffer behind it.",
  },
  {
    what: "an empty body",
    response: { status: 200, headers: [], body: "" },
    options: WHOLE,
    head: `HTTP/1.1 200 OK\r\nDate: ${DATE}\r\nContent-Length: 0\r\n\r\n`,
    hint: "An empty body still has a Content-Length: 0, so the client knows the response is over.",
  },
  {
    what: "an error status with its reason phrase",
    response: { status: 503, headers: [["Retry-After", "120"]], body: "busy" },
    options: WHOLE,
    head: `HTTP/1.1 503 Service Unavailable\r\nRetry-After: 120\r\nDate: ${DATE}\r\nContent-Length: 4\r\n\r\n`,
    body: utf8("busy"),
    hint: "The reason phrase comes from reasonPhrase(status) (status-codes.ts).",
  },
  {
    what: "the answer to HEAD: the head of the GET response, Content-Length included, no body (RFC 9110 §9.3.2)",
    response: { status: 200, headers: [["Content-Type", "text/plain; charset=utf-8"]], body: UTF8_TEXT },
    options: HEAD,
    head: `HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nDate: ${DATE}\r\nContent-Length: ${Buffer.byteLength(UTF8_TEXT)}\r\n\r\n`,
    hint: "With omitBody, send the head a GET would get — Content-Length the size of the body it would have — and stop there.",
  },
  {
    what: "204 No Content: no Content-Length, no body (RFC 9110 §8.6, §15.3.5)",
    response: { status: 204, headers: [["X-Done", "yes"]], body: "" },
    options: WHOLE,
    head: `HTTP/1.1 204 No Content\r\nX-Done: yes\r\nDate: ${DATE}\r\n\r\n`,
    hint: "A server MUST NOT send Content-Length in a 204: the head ends the response.",
  },
  {
    what: "304 Not Modified: validators, no Content-Length, no body (RFC 9110 §15.4.5)",
    response: { status: 304, headers: [["ETag", '"v1"']], body: "ignored" },
    options: WHOLE,
    head: `HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nDate: ${DATE}\r\n\r\n`,
    hint: "A 304 never has a body: whatever body the response holds, the head ends it.",
  },
];

/** Fields checkHeaders() must refuse, and why. */
const REFUSED: { what: string; headers: [string, string][] }[] = [
  { what: "a CR LF in a value: response splitting (RFC 9110 §5.5)", headers: [["X-A", "a\r\nSet-Cookie: admin=1"]] },
  { what: "a bare LF in a value", headers: [["X-A", "a\nb"]] },
  { what: "a bare CR in a value", headers: [["X-A", "a\rb"]] },
  { what: "a NUL in a value", headers: [["X-A", "a\x00b"]] },
  { what: "a control byte in a value", headers: [["X-A", "\x1b[31m"]] },
  { what: "a character beyond latin1 in a value", headers: [["X-A", "snow ☃"]] },
  { what: "a CR LF in a name", headers: [["X-A\r\nX-B", "1"]] },
  { what: "a space in a name", headers: [["X A", "1"]] },
  { what: "a colon in a name", headers: [["X:A", "1"]] },
  { what: "an empty name", headers: [["", "1"]] },
  { what: "Content-Length from the handler: the writer frames the body", headers: [["Content-Length", "5"]] },
  { what: "Transfer-Encoding from the handler, in any case", headers: [["transfer-ENCODING", "chunked"]] },
  { what: "Date from the handler: the writer adds it", headers: [["date", "Mon, 01 Jan 2001 00:00:00 GMT"]] },
];

/** Fields it must let through. */
const ACCEPTED: [string, string][] = [
  ["X-Tab", "a\tb"],
  ["X-Obs-Text", "\x80\xff"],
  ["X-Empty", ""],
  ["Content-Type", "text/html; charset=utf-8"],
  ["!#$%&'*+-.^_`|~", "token characters only"],
];

function showOut(out: unknown): string {
  return Buffer.isBuffer(out) ? escapeBytes(out, 400) : `${Object.prototype.toString.call(out)} (not one Buffer)`;
}

function expected(row: WriterCase): Buffer {
  return Buffer.concat([Buffer.from(row.head, "latin1"), row.body ?? Buffer.alloc(0)]);
}

function describeCall(row: { response: HttpResponse; options: { omitBody: boolean } }): string {
  const { status, headers, body } = row.response;
  const shownBody = typeof body === "string" ? JSON.stringify(body) : `bytes ${escapeBytes(body as Uint8Array)}`;
  return `serializeResponse({ status: ${status}, headers: ${JSON.stringify(headers)}, body: ${shownBody} }, { omitBody: ${row.options.omitBody} }) at ${new Date(NOW).toISOString()}`;
}

/** Runs `call`; a TypeError is the refusal, anything else (a TODO included) goes on up. */
function refuses(call: () => unknown): boolean {
  try {
    call();
    return false;
  } catch (error) {
    if (error instanceof TypeError) return true;
    throw error;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

stage("09.6", () => {
  test(`serialises ${CASES.length} responses into exactly their bytes, head and body in one Buffer`, () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    for (const row of CASES) {
      const out: unknown = serializeResponse(row.response, row.options);
      const want = expected(row);
      if (Buffer.isBuffer(out) && out.equals(want)) continue;
      throw new CheckFailure(`serializeResponse() wrote ${row.what} wrong`, {
        sent: describeCall(row),
        expected: escapeBytes(want, 400),
        received: showOut(out),
        hint: row.hint,
      });
    }
  });

  test("serializeHead() gives the same head, with the framing it is told", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const response: HttpResponse = { status: 200, headers: [["Content-Type", "text/event-stream"]], body: "" };
    const rows: [string, Parameters<typeof serializeHead>[1], string][] = [
      [
        "chunked",
        { kind: "chunked" },
        `HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nDate: ${DATE}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      ],
      [
        "a known length",
        { kind: "length", length: 1234 },
        `HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nDate: ${DATE}\r\nContent-Length: 1234\r\n\r\n`,
      ],
      [
        "the close (HTTP/1.0)",
        { kind: "close" },
        `HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nDate: ${DATE}\r\n\r\n`,
      ],
    ];
    for (const [what, framing, head] of rows) {
      const out: unknown = serializeHead(response, framing);
      if (Buffer.isBuffer(out) && out.equals(Buffer.from(head, "latin1"))) continue;
      throw new CheckFailure(`serializeHead() framed a body by ${what} wrong`, {
        sent: `serializeHead({ status: 200, headers: [["Content-Type", "text/event-stream"]] }, ${JSON.stringify(framing)})`,
        expected: escapeBytes(head, 400),
        received: showOut(out),
        hint: "The framing field comes last, after Date: Transfer-Encoding: chunked, Content-Length: n, or none for a body that ends with the connection (RFC 9112 §6.3).",
      });
    }
  });

  test(`formats the Date at most once for ${RESPONSES} responses within one second`, () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2034, 2, 4, 5, 6, 9) });
    const response: FixedResponse = { status: 200, headers: [["Content-Type", "text/plain"]], body: HELLO };
    const counter = countDates();
    let counted: { made: number; formatted: number };
    try {
      for (let i = 0; i < RESPONSES; i++) counter.during(() => serializeResponse(response, WHOLE));
    } finally {
      counted = counter.stop();
    }
    if (counted.made > 1 || counted.formatted > 1)
      throw new CheckFailure(`${RESPONSES} responses made ${counted.made} Dates and formatted ${counted.formatted}`, {
        sent: `${RESPONSES} × serializeResponse(…) within one second`,
        expected: "at most one Date made and formatted: the writer takes the Date field from currentHttpDate()",
        received: `${counted.made} Dates made, toUTCString() called ${counted.formatted} times`,
        hint: "The head's Date line takes its text from currentHttpDate() (date-cache.ts), never from new Date().toUTCString().",
      });
  });

  test("checkHeaders() still refuses CR, LF, NUL and controls, bad names and the writer's own fields; so does the writer", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    for (const row of REFUSED) {
      const response: FixedResponse = { status: 200, headers: row.headers, body: "x" };
      const checked = refuses(() => checkHeaders(row.headers));
      const written = refuses(() => serializeResponse(response, WHOLE));
      if (checked && written) continue;
      throw new CheckFailure(`${checked ? "serializeResponse()" : "checkHeaders()"} let ${row.what} through`, {
        sent: `${checked ? "serializeResponse" : "checkHeaders"}(${JSON.stringify(row.headers)})`,
        expected: "a TypeError: nothing unsafe leaves the writer, whoever calls it",
        received: "no error",
        hint: "A field name is a token (RFC 9110 §5.1); a value is visible bytes, obs-text, SP and HTAB (§5.5). One anchored regular expression each, tested on the whole string. Content-Length, Transfer-Encoding and Date belong to the writer.",
      });
    }
    for (const field of ACCEPTED) {
      if (!refuses(() => checkHeaders([field]))) continue;
      throw new CheckFailure("checkHeaders() refused a valid field", {
        sent: `checkHeaders(${JSON.stringify([field])})`,
        expected: "no error",
        received: "a TypeError",
        hint: "HTAB and obs-text (0x80–0xFF) are allowed in a value, and an empty value is a value; any token is a name.",
      });
    }
  });

  const server = useLabServer(checkApp("hello"));

  test(`answers a pipelined burst of ${BURST} requests with ${BURST} whole responses, in order`, async () => {
    const deadline = new Deadline(budgetMs(BURST, { perUnitMs: 50, floorMs: 10_000 }));
    const client = await TcpClient.open(server(), { deadline });
    const kinds = [
      { request: "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", status: 200, body: utf8(HELLO), head: false },
      { request: "GET /utf8 HTTP/1.1\r\nHost: localhost\r\n\r\n", status: 200, body: utf8(UTF8_TEXT), head: false },
      { request: "HEAD /utf8 HTTP/1.1\r\nHost: localhost\r\n\r\n", status: 200, body: Buffer.alloc(0), head: true },
      { request: "DELETE / HTTP/1.1\r\nHost: localhost\r\n\r\n", status: 204, body: Buffer.alloc(0), head: false },
    ];
    const order = Array.from({ length: BURST }, (_, i) => kinds[i % kinds.length]!);
    const burst = order.map((kind) => kind.request).join("");
    try {
      await sendRequest(client, burst);
      for (const [i, kind] of order.entries()) {
        const sent = `${BURST} requests in one write; response ${i + 1} answers ${escapeBytes(kind.request)}`;
        const response = await readResponse(client, { sent, head: kind.head, server: server() });
        const length =
          kind.status === 204 ? undefined : String(kind.head ? Buffer.byteLength(UTF8_TEXT) : kind.body.length);
        const ok =
          response.status === kind.status &&
          response.body.equals(kind.body) &&
          header(response, "content-length") === length &&
          header(response, "date") !== undefined;
        if (!ok)
          throw new CheckFailure(`response ${i + 1} of the burst is wrong`, {
            sent,
            expected: `${kind.status}, ${length === undefined ? "no Content-Length" : `Content-Length: ${length}`}, a Date, and ${kind.body.length > 0 ? `the body ${escapeBytes(kind.body)}` : "no body"}`,
            received: showResponse(response),
            hint: "Each response is one buffer: head (latin1) then body (its bytes), with Content-Length counted in bytes — and none for a 204.",
          });
      }
    } finally {
      client.close();
    }
  });
});
