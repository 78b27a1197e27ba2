// Seeded request streams with bodies, whose events are known before any reader runs: each is
// built from the requests it must read back — no body, a Content-Length body, or a chunked
// body with extensions and trailers — back to back, and sometimes a last request with a single
// planted framing fault whose status the RFC fixes. Stage 04.8 cuts them at random points and
// compares the reader's events with these.

/** A reader event reduced to what a check compares: an error's reason is for humans. */
export type BodyEvent =
  | { type: "message-begin" }
  | { type: "head"; method: string; target: string }
  | { type: "request"; body: string; trailers: [string, string][] }
  | { type: "error"; status: number };

export interface GeneratedStream {
  raw: Buffer;
  events: BodyEvent[];
  /** The planted fault, in words, if the stream has one. */
  fault?: string;
}

type Random = () => number;

const TCHAR = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)]!;
}

function between(min: number, max: number, random: Random): number {
  return min + Math.floor(random() * (max - min + 1));
}

function token(min: number, max: number, random: Random): string {
  return Array.from({ length: between(min, max, random) }, () => pick([...TCHAR], random)).join("");
}

/** Body bytes of any value, one character per byte (latin1). */
function bytes(length: number, random: Random): string {
  return Array.from({ length }, () => String.fromCharCode(between(0, 255, random))).join("");
}

function hexSize(size: number, random: Random): string {
  const hex = size.toString(16);
  const cased = random() < 0.5 ? hex : hex.toUpperCase();
  return random() < 0.1 ? `00${cased}` : cased;
}

/** chunk-ext (RFC 9112 §7.1.1): read past and ignored. */
function extension(random: Random): string {
  if (random() < 0.7) return "";
  return pick(
    [`;${token(1, 6, random)}`, `;${token(1, 6, random)}=${token(1, 6, random)}`, ` ; a = "q \\" ;"`, ";x;y=1"],
    random,
  );
}

interface Built {
  raw: string;
  events: BodyEvent[];
}

function head(method: string, target: string, fields: string[]): string {
  return `${method} ${target} HTTP/1.1\r\nHost: localhost\r\n${fields.map((f) => `${f}\r\n`).join("")}\r\n`;
}

function target(random: Random): string {
  return pick(["/echo", `/items/${between(0, 999, random)}`, `/upload?part=${between(1, 9, random)}`], random);
}

/** A well-formed request and the events it must give: message-begin, head, request. */
function request(random: Random): Built {
  const path = target(random);
  const kind = pick(["none", "length", "chunked", "chunked"] as const, random);
  if (kind === "none") {
    const method = pick(["GET", "HEAD", "DELETE", "POST"], random);
    return {
      raw: head(method, path, []),
      events: [
        { type: "message-begin" },
        { type: "head", method, target: path },
        { type: "request", body: "", trailers: [] },
      ],
    };
  }
  const method = pick(["POST", "PUT", "PATCH"], random);
  if (kind === "length") {
    const body = bytes(between(0, 3_000, random), random);
    const raw = head(method, path, [`Content-Length: ${body.length}`]) + body;
    return {
      raw,
      events: [
        { type: "message-begin" },
        { type: "head", method, target: path },
        { type: "request", body, trailers: [] },
      ],
    };
  }
  let body = "";
  let raw = head(method, path, [pick(["Transfer-Encoding: chunked", "transfer-encoding: Chunked"], random)]);
  for (let i = between(0, 5, random); i > 0; i--) {
    const data = bytes(between(1, 600, random), random);
    body += data;
    raw += `${hexSize(data.length, random)}${extension(random)}\r\n${data}\r\n`;
  }
  raw += `${pick(["0", "000"], random)}${extension(random)}\r\n`;
  const trailers: [string, string][] = [];
  for (let i = between(0, 2, random); i > 0; i--) {
    const name = `X-${token(1, 10, random)}`;
    const value = token(0, 12, random);
    trailers.push([name.toLowerCase(), value]);
    raw += `${name}:${pick(["", " ", "\t "], random)}${value}${pick(["", " "], random)}\r\n`;
  }
  raw += "\r\n";
  return {
    raw,
    events: [{ type: "message-begin" }, { type: "head", method, target: path }, { type: "request", body, trailers }],
  };
}

/** One planted framing fault: the bytes, whether its head is read first, and its status. */
interface Fault {
  what: string;
  status: 400 | 413 | 501;
  /** The fault is in the body, so the reader emits the head before the error. */
  headFirst: boolean;
  plant: (random: Random) => string;
}

const CHUNKED = "Transfer-Encoding: chunked";

const FAULTS: Fault[] = [
  {
    what: "Content-Length and Transfer-Encoding together",
    status: 400,
    headFirst: false,
    plant: () => head("POST", "/echo", ["Content-Length: 5", CHUNKED]) + "0\r\n\r\n",
  },
  {
    what: "two Content-Length field lines",
    status: 400,
    headFirst: false,
    plant: () => head("POST", "/echo", ["Content-Length: 3", "Content-Length: 3"]) + "abc",
  },
  {
    what: "a Content-Length that is not a number",
    status: 400,
    headFirst: false,
    plant: (random) =>
      head("POST", "/echo", [`Content-Length: ${pick(["+3", "0x3", "3;", "-3", "3.0"], random)}`]) + "abc",
  },
  {
    what: "a Content-Length over the 1 MiB limit",
    status: 413,
    headFirst: false,
    plant: () => head("POST", "/echo", [`Content-Length: ${1024 * 1024 + 1}`]),
  },
  {
    what: "a transfer coding the server does not implement before chunked",
    status: 501,
    headFirst: false,
    plant: () => head("POST", "/echo", ["Transfer-Encoding: gzip, chunked"]) + "0\r\n\r\n",
  },
  {
    what: "a chunk size with a byte that is not a hex digit",
    status: 400,
    headFirst: true,
    plant: (random) =>
      head("POST", "/echo", [CHUNKED]) + `${pick(["5x", "g", "-1", " 5", "0x5"], random)}\r\nhello\r\n0\r\n\r\n`,
  },
  {
    what: "chunk data longer than its size",
    status: 400,
    headFirst: true,
    plant: () => head("POST", "/echo", [CHUNKED]) + "3\r\nhello\r\n0\r\n\r\n",
  },
  {
    what: "a chunk size line ended by a bare LF",
    status: 400,
    headFirst: true,
    plant: () => head("POST", "/echo", [CHUNKED]) + "5\nhello\r\n0\r\n\r\n",
  },
  {
    what: "chunk sizes adding up to more than the 1 MiB limit",
    status: 413,
    headFirst: true,
    plant: () => head("POST", "/echo", [CHUNKED]) + `${(1024 * 1024 + 1).toString(16)}\r\n`,
  },
  {
    what: "a trailer line without a colon",
    status: 400,
    headFirst: true,
    plant: () => head("POST", "/echo", [CHUNKED]) + "2\r\nhi\r\n0\r\nNoColon\r\n\r\n",
  },
];

/** A stream of 1–4 requests; in `faultRate` of them the last one carries a planted fault. */
export function generateStream(random: Random, faultRate = 0.3): GeneratedStream {
  const count = between(1, 4, random);
  const fault = random() < faultRate ? pick(FAULTS, random) : undefined;
  let raw = "";
  const events: BodyEvent[] = [];
  for (let i = 0; i < count; i++) {
    if (fault && i === count - 1) {
      // What follows a fault must never be read as a request.
      raw += fault.plant(random) + (random() < 0.5 ? head("GET", "/after-the-fault", []) : "");
      events.push(
        { type: "message-begin" },
        ...(fault.headFirst ? [{ type: "head", method: "POST", target: "/echo" } as const] : []),
        { type: "error", status: fault.status },
      );
    } else {
      const built = request(random);
      raw += built.raw;
      events.push(...built.events);
    }
  }
  return { raw: Buffer.from(raw, "latin1"), events, ...(fault ? { fault: fault.what } : {}) };
}
