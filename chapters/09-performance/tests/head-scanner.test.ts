// Stage 09.5: the head scanner, in-process. A table of plain heads with the RequestHead each
// must give; a table of heads the scanner must leave to the state machine; then seeded heads
// built from known parts, and the same heads mangled, compared with the state machine of
// chapter 02 fed one byte per push (one byte never holds a whole head, so it never takes the
// fast path): the two parsers may differ in speed, never in what they read.

import { scanHead } from "@lab/src/http/head-scanner.ts";
import { MAX_HEADER_FIELDS, MAX_HEADER_SECTION_BYTES, MAX_TARGET_BYTES } from "@lab/src/http/limits.ts";
import type { HeaderField, ParseEvent, RequestHead } from "@lab/src/http/request-head.ts";
import { RequestParser } from "@lab/src/http/request-parser.ts";
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { mutate } from "../../../shared/check/fuzz.ts";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";

/** Seeded valid heads, built from known parts. */
const GENERATED = sized("09.5", { full: 2_000, quick: 300 });
/** The same heads, mangled a little. */
const MANGLED = sized("09.5", { full: 3_000, quick: 500 });

type Random = () => number;

interface PlainCase {
  readonly what: string;
  readonly raw: string;
  /** The head the bytes start with; the rest of `raw` is not part of it. */
  readonly head: RequestHead;
  /** Bytes of `raw` the head takes; all of it when absent. */
  readonly used?: number;
  /** At a limit, exactly: the scanner may take the fast path or leave it to the state machine. */
  readonly mayFallBack?: boolean;
}

function head(method: string, target: string, minor: number, headers: [string, string][]): RequestHead {
  return { method, target, version: { major: 1, minor }, headers: headers.map(([name, value]) => ({ name, value })) };
}

const REQUEST = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
const longValue = (bytes: number) => "v".repeat(bytes);
/** A header section of exactly `bytes` bytes (field lines and the final CRLF, as chapter 02 counts it). */
function sectionOf(bytes: number): { raw: string; value: string } {
  // "Host: a\r\n" (9) + "X-Pad: " (7) + value + "\r\n" (2) + "\r\n" (2)
  const value = longValue(bytes - 9 - 7 - 2 - 2);
  return { raw: `GET / HTTP/1.1\r\nHost: a\r\nX-Pad: ${value}\r\n\r\n`, value };
}
const fields = (count: number) => Array.from({ length: count - 1 }, (_, i): [string, string] => [`x-${i}`, String(i)]);
const fieldLines = (count: number) =>
  fields(count)
    .map(([name, value]) => `X-${name.slice(2)}: ${value}\r\n`)
    .join("");

const PLAIN: PlainCase[] = [
  { what: "the smallest HTTP/1.1 request", raw: REQUEST, head: head("GET", "/", 1, [["host", "example.com"]]) },
  {
    what: "names lower-cased, whitespace around values dropped, inside kept, order kept",
    raw: "POST /api/users?page=2&q=a%20b HTTP/1.1\r\nHost: api.example.com:8443\r\nContent-Type:application/json\r\nX-Spaced: \t two  words \t\r\nACCEPT: */*\r\nAccept: text/html\r\n\r\n",
    head: head("POST", "/api/users?page=2&q=a%20b", 1, [
      ["host", "api.example.com:8443"],
      ["content-type", "application/json"],
      ["x-spaced", "two  words"],
      ["accept", "*/*"],
      ["accept", "text/html"],
    ]),
  },
  { what: "HTTP/1.0 without Host", raw: "GET /old HTTP/1.0\r\n\r\n", head: head("GET", "/old", 0, []) },
  {
    what: "an empty value, and one of whitespace only",
    raw: "GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nX-Blank:   \t\r\n\r\n",
    head: head("GET", "/", 1, [
      ["host", "a"],
      ["x-empty", ""],
      ["x-blank", ""],
    ]),
  },
  {
    what: "obs-text (bytes 0x80–0xFF) in a value, kept as latin1 characters (RFC 9110 §5.5)",
    raw: "GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\xe9 \xff\r\n\r\n",
    head: head("GET", "/", 1, [
      ["host", "a"],
      ["x-name", "caf\xe9 \xff"],
    ]),
  },
  {
    what: "absolute-form and an empty Host (RFC 9112 §3.2)",
    raw: "GET http://example.com/x?y HTTP/1.1\r\nHost:\r\n\r\n",
    head: head("GET", "http://example.com/x?y", 1, [["host", ""]]),
  },
  {
    what: "OPTIONS * and an extension method",
    raw: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
    head: head("OPTIONS", "*", 1, [["host", "a"]]),
  },
  {
    what: "a method that is any token",
    raw: "PROPFIND /dav/ HTTP/1.1\r\nHost: a\r\nDepth: 1\r\n\r\n",
    head: head("PROPFIND", "/dav/", 1, [
      ["host", "a"],
      ["depth", "1"],
    ]),
  },
  {
    what: "a head followed by its body: the body is not the scanner's",
    raw: "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
    head: head("POST", "/upload", 1, [
      ["host", "a"],
      ["content-length", "5"],
    ]),
    used: "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n".length,
  },
  {
    what: "a head followed by a pipelined request: only the first is taken",
    raw: `${REQUEST}GET /next HTTP/1.1\r\nHost: example.com\r\n\r\n`,
    head: head("GET", "/", 1, [["host", "example.com"]]),
    used: REQUEST.length,
  },
  {
    what: `a target of exactly MAX_TARGET_BYTES (${MAX_TARGET_BYTES})`,
    raw: `GET /${"t".repeat(MAX_TARGET_BYTES - 1)} HTTP/1.1\r\nHost: a\r\n\r\n`,
    head: head("GET", `/${"t".repeat(MAX_TARGET_BYTES - 1)}`, 1, [["host", "a"]]),
    mayFallBack: true,
  },
  {
    what: `a header section of exactly MAX_HEADER_SECTION_BYTES (${MAX_HEADER_SECTION_BYTES})`,
    raw: sectionOf(MAX_HEADER_SECTION_BYTES).raw,
    head: head("GET", "/", 1, [
      ["host", "a"],
      ["x-pad", sectionOf(MAX_HEADER_SECTION_BYTES).value],
    ]),
    mayFallBack: true,
  },
  {
    what: `exactly MAX_HEADER_FIELDS (${MAX_HEADER_FIELDS}) field lines`,
    raw: `GET / HTTP/1.1\r\nHost: a\r\n${fieldLines(MAX_HEADER_FIELDS)}\r\n`,
    head: head("GET", "/", 1, [["host", "a"], ...fields(MAX_HEADER_FIELDS)]),
    mayFallBack: true,
  },
];

/** Heads the scanner must not answer: incomplete, unusual or wrong. The state machine decides them. */
const FALLBACK: { what: string; raw: string }[] = [
  { what: "no empty line yet: the head is not whole", raw: "GET / HTTP/1.1\r\nHost: a\r\n" },
  { what: "the head's last LF has not arrived", raw: "GET / HTTP/1.1\r\nHost: a\r\n\r" },
  { what: "an empty line before the request line (RFC 9112 §2.2)", raw: `\r\n${REQUEST}` },
  { what: "two spaces after the method", raw: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n" },
  { what: "two spaces before the version", raw: "GET /  HTTP/1.1\r\nHost: a\r\n\r\n" },
  { what: "a space after the version", raw: "GET / HTTP/1.1 \r\nHost: a\r\n\r\n" },
  { what: "a bare LF ending a field line (RFC 9112 §2.2)", raw: "GET / HTTP/1.1\r\nHost: a\nX-Smuggled: 1\r\n\r\n" },
  { what: "a bare LF inside the request line", raw: "GET /\n HTTP/1.1\r\nHost: a\r\n\r\n" },
  { what: "a bare CR inside a value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n" },
  {
    what: "obs-fold: a field line continued on the next (RFC 9112 §5.2)",
    raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n",
  },
  { what: "whitespace before the first field line", raw: "GET / HTTP/1.1\r\n Host: a\r\n\r\n" },
  { what: "a space between the field name and its colon (RFC 9112 §5.1)", raw: "GET / HTTP/1.1\r\nHost : a\r\n\r\n" },
  { what: "a field line without a colon", raw: "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n" },
  { what: "an empty field name", raw: "GET / HTTP/1.1\r\nHost: a\r\n: value\r\n\r\n" },
  {
    what: "a field name with a byte that is not a token character",
    raw: "GET / HTTP/1.1\r\nHost: a\r\nX@Y: 1\r\n\r\n",
  },
  { what: "a NUL in a value (RFC 9110 §5.5)", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\x00c\r\n\r\n" },
  { what: "a control byte 0x01 in a value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: \x01\r\n\r\n" },
  { what: "DEL (0x7F) in a value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\x7f\r\n\r\n" },
  { what: "HTTP/2.0 (505 from the state machine)", raw: "GET / HTTP/2.0\r\nHost: a\r\n\r\n" },
  { what: "a lower-case version", raw: "GET / http/1.1\r\nHost: a\r\n\r\n" },
  { what: "a method that is not a token", raw: "G(T / HTTP/1.1\r\nHost: a\r\n\r\n" },
  {
    what: "a target that is not origin-, absolute-, authority- or asterisk-form",
    raw: "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n",
  },
  { what: "a raw non-ASCII byte in the target", raw: "GET /caf\xe9 HTTP/1.1\r\nHost: a\r\n\r\n" },
  {
    what: `a target one byte over MAX_TARGET_BYTES (414 from the state machine)`,
    raw: `GET /${"t".repeat(MAX_TARGET_BYTES)} HTTP/1.1\r\nHost: a\r\n\r\n`,
  },
  {
    what: `a header section one byte over MAX_HEADER_SECTION_BYTES (431 from the state machine)`,
    raw: sectionOf(MAX_HEADER_SECTION_BYTES + 1).raw,
  },
  {
    what: `MAX_HEADER_FIELDS + 1 field lines (431 from the state machine)`,
    raw: `GET / HTTP/1.1\r\nHost: a\r\n${fieldLines(MAX_HEADER_FIELDS + 1)}\r\n`,
  },
  { what: "two Host field lines (RFC 9112 §3.2)", raw: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" },
  { what: "an HTTP/1.1 request without Host (RFC 9112 §3.2)", raw: "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n" },
  { what: "a Host that is not a host[:port]", raw: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n" },
];

const FALLBACK_HINT =
  "The scanner answers only what it is sure of: a request line with one SP between its three parts and HTTP/1.x, field lines of a token, a colon and a clean value, each ending in CRLF, within the limits, passing checkHead(). Anything else returns undefined, and the state machine — which knows the right status — reads the bytes.";

function latin1(raw: string): Buffer {
  return Buffer.from(raw, "latin1");
}

/** Calls scanHead(); a throw other than a TODO is a failure of its own. */
function scan(bytes: Buffer): ReturnType<typeof scanHead> {
  try {
    return scanHead(bytes);
  } catch (error) {
    if (error instanceof Error && /TODO\(\d\d\)/.test(error.message)) throw error;
    throw new CheckFailure("scanHead() threw", {
      sent: escapeBytes(bytes, 300),
      expected: "a ScannedHead, or undefined to leave the bytes to the state machine — never an exception",
      received: String(error),
      hint: "Bad bytes are the state machine's to refuse, with the right status: the scanner returns undefined.",
    });
  }
}

/** A long target or value shows its start and its length, so a failure stays readable. */
function abbreviate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 40)}…(${text.length} characters)` : text;
}

function showHead(value: { head: RequestHead; used: number } | undefined): string {
  if (value === undefined) return "undefined";
  const { method, target, version, headers } = value.head;
  const fields = headers.map((field) => ({ name: abbreviate(field.name), value: abbreviate(field.value) }));
  const shown = JSON.stringify({ method, target: abbreviate(target), version, headers: fields.slice(0, 12) });
  return `${shown}${fields.length > 12 ? ` (${fields.length} fields in all)` : ""}, used ${value.used}`;
}

/** Same method, target, version, fields (in order) and used: nothing more, nothing less. */
function sameHead(a: RequestHead, b: RequestHead): boolean {
  return (
    a.method === b.method &&
    a.target === b.target &&
    a.version.major === b.version.major &&
    a.version.minor === b.version.minor &&
    a.headers.length === b.headers.length &&
    a.headers.every((field, i) => field.name === b.headers[i]!.name && field.value === b.headers[i]!.value)
  );
}

/** What the state machine reads from the start of `bytes`, fed one byte per push. */
function stateMachine(bytes: Buffer): { head: RequestHead; used: number } | { error: number } | "incomplete" {
  const parser = new RequestParser();
  for (let i = 0; i < bytes.length; i++) {
    const events: ParseEvent[] = parser.push(bytes.subarray(i, i + 1));
    for (const event of events) {
      if (event.type === "head") return { head: event.head, used: i + 1 };
      if (event.type === "error") return { error: event.error.status };
    }
  }
  return "incomplete";
}

function showMachine(result: ReturnType<typeof stateMachine>): string {
  if (result === "incomplete") return "no head yet (incomplete)";
  return "error" in result ? `an error ${result.error}` : showHead(result);
}

// Seeded heads, built from parts: the head each must give is known from how it was made.
const TCHAR = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const METHODS = ["GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
const HOSTS = ["example.com", "127.0.0.1:8080", "[::1]:443", "api.example.com", "localhost:3000", ""];
const NAMES = [
  "Accept",
  "User-Agent",
  "Content-Type",
  "Cookie",
  "Authorization",
  "X-Request-ID",
  "Accept-Encoding",
  "If-None-Match",
];

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)]!;
}

function between(min: number, max: number, random: Random): number {
  return min + Math.floor(random() * (max - min + 1));
}

function token(length: number, random: Random): string {
  return Array.from({ length }, () => pick([...TCHAR], random)).join("");
}

/** A field value: visible bytes and obs-text, SP and HTAB only inside (RFC 9110 §5.5). */
function fieldValue(random: Random): string {
  const length = random() < 0.1 ? 0 : between(1, random() < 0.05 ? 2_000 : 40, random);
  let value = "";
  for (let i = 0; i < length; i++) {
    const inner = i > 0 && i < length - 1 && random() < 0.15;
    value += inner
      ? pick([" ", "\t"], random)
      : String.fromCharCode(random() < 0.93 ? between(0x21, 0x7e, random) : between(0x80, 0xff, random));
  }
  return value;
}

function randomCase(name: string, random: Random): string {
  return [...name].map((ch) => (random() < 0.3 ? ch.toUpperCase() : random() < 0.5 ? ch.toLowerCase() : ch)).join("");
}

interface Generated {
  readonly bytes: Buffer;
  readonly head: RequestHead;
  readonly used: number;
}

function generateHead(random: Random): Generated {
  const method = random() < 0.9 ? pick(METHODS, random) : token(between(1, 20, random), random);
  const path = Array.from({ length: between(0, 6, random) }, () =>
    Array.from({ length: between(0, 12, random) }, () => String.fromCharCode(between(0x21, 0x7e, random))).join(""),
  ).join("/");
  const target = random() < 0.08 ? `http://${pick(HOSTS.slice(0, 5), random)}/${path}` : `/${path}`;
  const minor = random() < 0.8 ? 1 : random() < 0.7 ? 0 : between(2, 9, random);
  const headers: HeaderField[] = [];
  const lines: string[] = [];
  const count = random() < 0.05 ? between(20, MAX_HEADER_FIELDS - 1, random) : between(0, 10, random);
  for (let i = 0; i < count; i++) {
    let name = random() < 0.6 ? pick(NAMES, random) : token(between(1, 24, random), random);
    if (name.toLowerCase() === "host") name = "X-Not-Host";
    const value = fieldValue(random);
    const before = pick(["", " ", " ", "  ", "\t", " \t"], random);
    const after = pick(["", "", "", " ", "\t", "  "], random);
    lines.push(`${randomCase(name, random)}:${before}${value}${after}`);
    headers.push({ name: name.toLowerCase(), value });
  }
  // HTTP/1.1 needs exactly one Host; HTTP/1.0 may have one.
  if (minor >= 1 || random() < 0.5) {
    const at = between(0, headers.length, random);
    const host = pick(HOSTS, random);
    lines.splice(at, 0, `${randomCase("Host", random)}: ${host}`);
    headers.splice(at, 0, { name: "host", value: host });
  }
  const raw = `${method} ${target} HTTP/1.${minor}\r\n${lines.map((line) => `${line}\r\n`).join("")}\r\n`;
  // Sometimes a body or a next request follows: the head must end where it ends.
  const after = pick(["", "", "hello", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "\r\n"], random);
  return {
    bytes: latin1(raw + after),
    head: { method, target, version: { major: 1, minor }, headers },
    used: Buffer.byteLength(raw, "latin1"),
  };
}

function fitsLimits(generated: Generated, raw: Buffer): boolean {
  const requestLine = raw.indexOf("\r\n");
  return (
    generated.used - requestLine - 2 <= MAX_HEADER_SECTION_BYTES && generated.head.target.length <= MAX_TARGET_BYTES
  );
}

stage("09.5", () => {
  test(`reads ${PLAIN.length} plain heads into exactly their RequestHead, and takes no byte past the head`, () => {
    for (const row of PLAIN) {
      const bytes = latin1(row.raw);
      const expected = { head: row.head, used: row.used ?? bytes.length };
      const scanned = scan(bytes);
      if (scanned === undefined && row.mayFallBack) continue;
      if (scanned !== undefined && sameHead(scanned.head, expected.head) && scanned.used === expected.used) continue;
      throw new CheckFailure(`scanHead() read ${row.what} wrong`, {
        sent: escapeBytes(bytes, 300),
        expected: showHead(expected),
        received: showHead(scanned),
        hint:
          scanned === undefined
            ? "A plain head — one SP between method, target and version, field lines `name: value` ending in CRLF — is the fast path's to read."
            : "The RequestHead the state machine would give: method and target as sent, version as numbers, names lower-cased, values without the SP/HTAB around them, in order; `used` counts the head through its empty line and nothing after.",
      });
    }
  });

  test(`leaves ${FALLBACK.length} incomplete, unusual or refused heads to the state machine (undefined)`, () => {
    for (const row of FALLBACK) {
      const bytes = latin1(row.raw);
      const scanned = scan(bytes);
      if (scanned === undefined) continue;
      throw new CheckFailure(`scanHead() answered ${row.what}`, {
        sent: escapeBytes(bytes, 300),
        expected: `undefined: the state machine reads these bytes (it gives ${showMachine(stateMachine(bytes))})`,
        received: showHead(scanned),
        hint: FALLBACK_HINT,
      });
    }
  });

  test(`reads ${GENERATED} seeded heads exactly as they were built, and as the state machine does byte by byte`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    const replay = reproduceLine(seed, "09", "09.5");
    for (let n = 0; n < GENERATED; n++) {
      const generated = generateHead(random);
      if (!fitsLimits(generated, generated.bytes)) continue;
      const expected = { head: generated.head, used: generated.used };
      const machine = stateMachine(generated.bytes);
      if (
        machine === "incomplete" ||
        "error" in machine ||
        !sameHead(machine.head, expected.head) ||
        machine.used !== expected.used
      )
        throw new CheckFailure(`the state machine (chapter 02) read a generated head wrong (${replay})`, {
          sent: `${escapeBytes(generated.bytes, 400)}, one byte per push()`,
          expected: showHead(expected),
          received: showMachine(machine),
          hint: "This head is valid: chapter 02's parser must read it. Run chapter 02's stages: pnpm check 09 --only 02.6",
        });
      const scanned = scan(generated.bytes);
      if (scanned !== undefined && sameHead(scanned.head, expected.head) && scanned.used === expected.used) continue;
      throw new CheckFailure(`scanHead() read a generated plain head wrong (${replay})`, {
        sent: escapeBytes(generated.bytes, 400),
        expected: `${showHead(expected)} — what the state machine reads too`,
        received: showHead(scanned),
        hint:
          scanned === undefined
            ? "Every head here is plain: one SP in the request line, HTTP/1.x, field lines of a token, a colon, optional SP/HTAB, a value of visible bytes, obs-text and inner SP/HTAB. Such a head is the fast path's to read."
            : "Names lower-cased, values without the SP/HTAB around them, fields in order, and `used` up to and including the empty line.",
      });
    }
  });

  test(`answers ${MANGLED} seeded mangled heads with undefined or exactly what the state machine reads`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed + 1);
    const replay = reproduceLine(seed, "09", "09.5");
    for (let n = 0; n < MANGLED; n++) {
      const generated = generateHead(random);
      const bytes = mutate(generated.bytes, random);
      const scanned = scan(bytes);
      if (scanned === undefined) continue;
      const machine = stateMachine(bytes);
      if (
        machine !== "incomplete" &&
        !("error" in machine) &&
        sameHead(machine.head, scanned.head) &&
        machine.used === scanned.used
      )
        continue;
      throw new CheckFailure(`scanHead() and the state machine disagree on a mangled head (${replay})`, {
        sent: escapeBytes(bytes, 400),
        expected: `what the state machine reads one byte at a time: ${showMachine(machine)} — or undefined`,
        received: showHead(scanned),
        hint: FALLBACK_HINT,
      });
    }
  });
});
