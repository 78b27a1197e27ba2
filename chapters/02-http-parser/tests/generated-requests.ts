// Seeded request streams whose events are known before any parser runs: each stream is built
// from the parts it must parse into — well-formed requests back to back, and sometimes one last
// request with a single planted fault whose status the RFC fixes. The fuzz stage feeds them cut
// at random points and compares the events with these, not with the parser's own output.
import type { Seen } from "./parsing.ts";

export interface GeneratedStream {
  raw: Buffer;
  /** Exactly what the parser must emit; an error's reason is not compared. */
  events: Seen[];
  /** The planted fault, in words, if the stream has one. */
  fault?: string;
}

type Random = () => number;

const TCHAR = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KNOWN_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"];
/** Control bytes a field value may not hold (RFC 9110 §5.5); CR and LF end the line instead. */
const VALUE_CONTROLS = [0x00, 0x01, 0x08, 0x0b, 0x0c, 0x0e, 0x1f, 0x7f];

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)]!;
}

function between(min: number, max: number, random: Random): number {
  return min + Math.floor(random() * (max - min + 1));
}

function token(min: number, max: number, random: Random): string {
  return Array.from({ length: between(min, max, random) }, () => pick([...TCHAR], random)).join("");
}

/** Visible ASCII (0x21–0x7E), the bytes of a request-target. */
function visible(length: number, random: Random): string {
  return Array.from({ length }, () => String.fromCharCode(between(0x21, 0x7e, random))).join("");
}

/** A field value: field-vchar (VCHAR, obs-text) with SP and HTAB only inside (RFC 9110 §5.5). */
function fieldValue(random: Random): string {
  const length = between(0, 40, random);
  let value = "";
  for (let i = 0; i < length; i++) {
    const inner = i > 0 && i < length - 1 && random() < 0.15;
    value += inner
      ? pick([" ", "\t"], random)
      : String.fromCharCode(random() < 0.9 ? between(0x21, 0x7e, random) : between(0x80, 0xff, random));
  }
  return value;
}

/** Optional whitespace around a value, which is not part of it (RFC 9112 §5.1). */
function ows(random: Random): string {
  return random() < 0.6 ? pick(["", " "], random) : pick(["\t", "  ", " \t "], random);
}

interface Request {
  method: string;
  target: string;
  version: [number, number];
  /** Field lines as sent: name, the value as the parser must give it, and its padding. */
  fields: { name: string; value: string; before: string; after: string }[];
}

function request(random: Random): Request {
  const version: [number, number] = random() < 0.8 ? [1, 1] : [1, 0];
  const method = random() < 0.7 ? pick(KNOWN_METHODS, random) : token(1, 12, random);
  const fields: Request["fields"] = [];
  const count = between(0, 8, random);
  for (let i = 0; i < count; i++) {
    // "x-" keeps generated names clear of Host, whose rules the table checks.
    fields.push({
      name: `x-${token(1, 16, random)}`,
      value: fieldValue(random),
      before: ows(random),
      after: ows(random),
    });
  }
  if (version[1] === 1 || random() < 0.5) {
    const host = {
      name: pick(["Host", "host", "HOST"], random),
      value: pick(["example.com", "localhost:8000", "[::1]:8080", "a.b.c"], random),
      before: " ",
      after: "",
    };
    fields.splice(between(0, fields.length, random), 0, host);
  }
  return {
    method: method === "CONNECT" ? "GET" : method,
    target: `/${visible(between(0, 60, random), random)}`,
    version,
    fields,
  };
}

function serialize(r: Request, line = `${r.method} ${r.target} HTTP/${r.version.join(".")}`): string {
  return `${line}\r\n${r.fields.map((f) => `${f.name}:${f.before}${f.value}${f.after}\r\n`).join("")}\r\n`;
}

function headEvent(r: Request): Seen {
  return {
    type: "head",
    method: r.method,
    target: r.target,
    version: r.version,
    headers: r.fields.map((f) => [f.name.toLowerCase(), f.value]),
  };
}

/** One fault planted in a well-formed request: its bytes and the status it must get. */
interface Fault {
  what: string;
  status: 400 | 414 | 431 | 501 | 505;
  plant: (r: Request, random: Random) => string;
}

function withField(r: Request, line: string): string {
  return serialize(r).slice(0, -2) + line + "\r\n";
}

const FAULTS: Fault[] = [
  {
    what: "a control byte in a field value",
    status: 400,
    plant: (r, random) => withField(r, `X-Bad: a${String.fromCharCode(pick(VALUE_CONTROLS, random))}b`),
  },
  {
    what: "whitespace between a field name and its colon",
    status: 400,
    plant: (r, random) => withField(r, `X-Spaced${pick([" ", "\t"], random)}: 1`),
  },
  { what: "an obs-fold line", status: 400, plant: (r) => withField(r, "X-Folded: a\r\n continued") },
  { what: "a field line ended by a bare LF", status: 400, plant: (r) => serialize(r).slice(0, -2) + "X-Lf: 1\n\r\n" },
  { what: "a field line without a colon", status: 400, plant: (r, random) => withField(r, `X${token(1, 10, random)}`) },
  {
    what: "a second Host field line",
    status: 400,
    plant: (r) =>
      serialize({
        ...r,
        fields: [
          ...r.fields.filter((f) => f.name.toLowerCase() !== "host"),
          ...["a", "b"].map((value) => ({ name: "Host", value, before: " ", after: "" })),
        ],
      }),
  },
  {
    what: "a byte that is not a token character in the method",
    status: 400,
    plant: (r, random) =>
      serialize(r, `${r.method}${pick(["@", "(", ",", "/", "\x01"], random)}X ${r.target} HTTP/1.1`),
  },
  {
    what: "a method longer than 32 bytes",
    status: 501,
    plant: (r) => serialize(r, `${"M".repeat(33)} ${r.target} HTTP/1.1`),
  },
  {
    what: "a request-target longer than 8 KiB",
    status: 414,
    plant: (r) => serialize(r, `GET /${"t".repeat(8 * 1024)} HTTP/1.1`),
  },
  {
    what: "HTTP major version 2 or more",
    status: 505,
    plant: (r, random) => serialize(r, `GET ${r.target} HTTP/${between(2, 9, random)}.${between(0, 9, random)}`),
  },
  {
    what: "101 field lines",
    status: 431,
    plant: (r) =>
      serialize({
        ...r,
        fields: Array.from({ length: 101 }, (_, i) => ({ name: `X-F${i}`, value: "v", before: " ", after: "" })),
      }),
  },
];

/**
 * A stream of 1–4 requests. The last one carries a planted fault in `faultRate` of the streams;
 * then the error is the last event, and bytes after it must be ignored.
 */
export function generateStream(random: Random, faultRate = 0.4): GeneratedStream {
  const requests = Array.from({ length: between(1, 4, random) }, () => request(random));
  const fault = random() < faultRate ? pick(FAULTS, random) : undefined;
  let raw = "";
  const events: Seen[] = [];
  requests.forEach((r, i) => {
    // Up to two empty lines before a request line are ignored (RFC 9112 §2.2).
    if (random() < 0.2) raw += "\r\n".repeat(between(1, 2, random));
    events.push({ type: "message-begin" });
    if (fault && i === requests.length - 1) {
      raw += fault.plant(r, random) + (random() < 0.5 ? "GET / HTTP/1.1\r\nHost: after.example\r\n\r\n" : "");
      events.push({ type: "error", status: fault.status, reason: "" });
    } else {
      raw += serialize(r);
      events.push(headEvent(r));
    }
  });
  return { raw: Buffer.from(raw, "latin1"), events, ...(fault ? { fault: fault.what } : {}) };
}
