// An incremental HTTP/1.1 request-head parser: a state machine fed one byte at a time, so it
// gives the same result however the bytes are cut into chunks — one packet or one per byte.
// Bytes go in, plain events come out; it never touches a socket. Bodies are not its business:
// pushUntilHead() stops after a head so the reader can hand what follows to a body decoder.
//
//   before-request ─CR─► empty-line-lf ─LF─► (back: an empty line is skipped)
//        │ any other byte: "message-begin"
//        ▼
//   method ─SP─► before-target ─► target ─SP─► before-version ─► version ─CR─► request-line-lf
//                                                                                   │ LF
//        ┌──────────────────────────────────────────────────────────────────────────┘
//        ▼
//   field-line-start ─► field-name ─":"─► field-value ─CR─► field-line-lf ─LF─┐
//        ▲   │ CR                                                              │
//        │   ▼                                                                 │
//        │ head-end-lf ─LF─► "head", then before-request for the next request │
//        └──────────────────────── next field line ────────────────────────────┘
import { COLON, CR, isWhitespace, LF, SP } from "./char-classes.ts";
import { scanHead } from "./head-scanner.ts";
import { checkFieldLine, checkHead } from "./header-validation.ts";
import {
  MAX_EMPTY_LINES_BEFORE_REQUEST,
  MAX_HEADER_FIELDS,
  MAX_HEADER_SECTION_BYTES,
  MAX_METHOD_BYTES,
  MAX_TARGET_BYTES,
} from "./limits.ts";
import { type HeaderField, type HttpVersion, type ParseError, type ParseEvent, parseError } from "./request-head.ts";
import { checkMethod, checkTarget, parseVersion } from "./request-line.ts";

type State =
  /** Between requests: empty lines are skipped; any other byte starts a request line. */
  | "before-request"
  /** A CR before the request line: the LF of an empty line must follow. */
  | "empty-line-lf"
  | "method"
  /** The SP after the method (Node accepts a run of them, and so do we: RFC 9112 §3). */
  | "before-target"
  | "target"
  | "before-version"
  | "version"
  /** The CR that ends the request line: its LF must follow. */
  | "request-line-lf"
  /** The start of a field line, or of the empty line that ends the head. */
  | "field-line-start"
  | "field-name"
  | "field-value"
  | "field-line-lf"
  | "head-end-lf"
  /** After an error: the parser is done; the connection must answer and close. */
  | "failed";

const HEADER_SECTION: ReadonlySet<State> = new Set([
  "field-line-start",
  "field-name",
  "field-value",
  "field-line-lf",
  "head-end-lf",
]);

const MESSAGE_BEGIN: ParseEvent = { type: "message-begin" };

/** The longest HTTP-version: "HTTP/1.1". */
const VERSION_BYTES = 8;

export class RequestParser {
  private state: State = "before-request";
  /** The bytes of the element being read (method, target, version, name or value), as latin1. */
  private token = "";
  private emptyLines = 0;
  private method = "";
  private target = "";
  private version: HttpVersion = { major: 1, minor: 1 };
  private fieldName = "";
  private fields: HeaderField[] = [];
  private sectionBytes = 0;
  private events: ParseEvent[] = [];

  /** No byte of a request read yet, not even an empty line before it: the next byte starts a request. */
  get atRequestStart(): boolean {
    return this.state === "before-request" && this.emptyLines === 0;
  }

  /**
   * Feeds the next bytes of the connection and returns the events they complete, in order.
   * After a head the parser starts on the next request; after an error it ignores all input.
   */
  push(chunk: Uint8Array): ParseEvent[] {
    const events: ParseEvent[] = [];
    for (let offset = 0; offset < chunk.length && this.state !== "failed"; ) {
      const { events: more, used } = this.pushUntilHead(chunk.subarray(offset));
      events.push(...more);
      offset += used;
    }
    return events;
  }

  /**
   * Like push(), but stops right after the first head it completes and says how many bytes of
   * `chunk` it read. What follows a head may be its body, which only the caller can frame
   * (RFC 9112 §6.3); the parser resumes with the next request line when fed again.
   */
  pushUntilHead(chunk: Uint8Array): { events: ParseEvent[]; used: number } {
    // A whole, plain head at the start of a request takes the fast path (head-scanner.ts).
    if (this.state === "before-request" && this.emptyLines === 0) {
      const scanned = scanHead(chunk);
      if (scanned) return { events: [MESSAGE_BEGIN, { type: "head", head: scanned.head }], used: scanned.used };
    }
    let used = 0;
    while (used < chunk.length && this.state !== "failed") {
      this.step(chunk[used++]!);
      if (this.events.at(-1)?.type === "head") break;
    }
    return { events: this.drain(), used };
  }

  /** The peer closed its side. A request cut off in the middle is an error; none at all is not. */
  finish(): ParseEvent[] {
    if (this.state === "before-request" || this.state === "empty-line-lf" || this.state === "failed") return [];
    this.fail(400, "the connection ended in the middle of a request head");
    return this.drain();
  }

  private drain(): ParseEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private step(byte: number): void {
    // Every byte of the header section counts against its size limit.
    if (HEADER_SECTION.has(this.state) && ++this.sectionBytes > MAX_HEADER_SECTION_BYTES) {
      return this.fail(431, `the header section is larger than ${MAX_HEADER_SECTION_BYTES} bytes`);
    }
    this.read(byte);
  }

  /** Reads one byte in the current state. A byte that ends one state may be re-read in the next. */
  private read(byte: number): void {
    switch (this.state) {
      case "before-request":
        if (byte === CR) {
          if (++this.emptyLines > MAX_EMPTY_LINES_BEFORE_REQUEST)
            return this.fail(400, "too many empty lines before the request line (RFC 9112 §2.2)");
          this.state = "empty-line-lf";
          return;
        }
        if (byte === LF) return this.fail(400, bareLf("an empty line"));
        this.events.push({ type: "message-begin" });
        this.state = "method";
        return this.read(byte);

      case "empty-line-lf":
        if (byte !== LF) return this.fail(400, bareCr("an empty line"));
        this.state = "before-request";
        return;

      case "method": {
        if (byte === SP) {
          // Every byte so far was a tchar; what is left to check is that there was one.
          const error = checkMethod(this.token);
          if (error) return this.failWith(error);
          this.method = this.take();
          this.state = "before-target";
          return;
        }
        if (byte === CR || byte === LF) return this.fail(400, "the request line ends after the method (RFC 9112 §3)");
        if (this.token.length === MAX_METHOD_BYTES)
          return this.fail(501, `a method longer than ${MAX_METHOD_BYTES} bytes is not one this server implements`);
        this.token += String.fromCharCode(byte);
        // The method is checked as it grows, not when its SP arrives: a client that speaks
        // something else on this port may never send a SP. A TLS ClientHello starts with 0x16,
        // which no method can (RFC 9112 §2.2, §3), so it is refused at its first byte instead
        // of holding the connection open while the client waits for a ServerHello.
        const error = checkMethod(this.token);
        if (error) return this.failWith(error);
        return;
      }

      case "before-target":
        if (byte === SP) return;
        this.state = "target";
        return this.read(byte);

      case "target":
        if (byte === SP) {
          const error = checkTarget(this.method, this.token);
          if (error) return this.failWith(error);
          this.target = this.take();
          this.state = "before-version";
          return;
        }
        if (byte === CR || byte === LF)
          return this.fail(400, "the request line has no HTTP version (HTTP/0.9 is not supported)");
        if (this.token.length === MAX_TARGET_BYTES)
          return this.fail(414, `the request-target is longer than ${MAX_TARGET_BYTES} bytes`);
        this.token += String.fromCharCode(byte);
        return;

      case "before-version":
        if (byte === SP) return;
        this.state = "version";
        return this.read(byte);

      case "version":
        if (byte === CR) {
          const version = parseVersion(this.take());
          if ("status" in version) return this.failWith(version);
          this.version = version;
          this.state = "request-line-lf";
          return;
        }
        if (byte === LF) return this.fail(400, bareLf("the request line"));
        if (byte === SP) return this.fail(400, "whitespace after the HTTP version (RFC 9112 §3)");
        if (this.token.length === VERSION_BYTES)
          return this.fail(400, `${JSON.stringify(this.token)}… is not an HTTP version like HTTP/1.1 (RFC 9112 §2.3)`);
        this.token += String.fromCharCode(byte);
        return;

      case "request-line-lf":
        if (byte !== LF) return this.fail(400, bareCr("the request line"));
        this.state = "field-line-start";
        return;

      case "field-line-start":
        if (byte === CR) {
          this.state = "head-end-lf";
          return;
        }
        if (byte === LF) return this.fail(400, bareLf("the header section"));
        // A line that starts with whitespace is obs-fold, a continuation of the previous field
        // (RFC 9112 §5.2), or — before any field — junk after the request line (RFC 9112 §2.2).
        // Both may be rejected with 400, and must be: proxies disagree on what they mean.
        if (isWhitespace(byte)) {
          return this.fail(
            400,
            this.fields.length === 0
              ? "whitespace before the first field line (RFC 9112 §2.2)"
              : "obs-fold: a field line continued on the next line (RFC 9112 §5.2)",
          );
        }
        this.state = "field-name";
        return this.read(byte);

      case "field-name":
        if (byte === COLON) {
          this.fieldName = this.take();
          this.state = "field-value";
          return;
        }
        if (byte === CR || byte === LF) return this.fail(400, "a field line without a colon (RFC 9112 §5)");
        this.token += String.fromCharCode(byte);
        return;

      case "field-value":
        if (byte === CR) {
          this.state = "field-line-lf";
          return;
        }
        if (byte === LF) return this.fail(400, bareLf("a field line"));
        this.token += String.fromCharCode(byte);
        return;

      case "field-line-lf":
        if (byte !== LF) return this.fail(400, bareCr("a field line"));
        return this.endFieldLine();

      case "head-end-lf":
        if (byte !== LF) return this.fail(400, bareCr("the header section"));
        return this.endHead();

      case "failed":
        return;
    }
  }

  private endFieldLine(): void {
    const rawValue = this.take();
    const error = checkFieldLine(this.fieldName, rawValue);
    if (error) return this.failWith(error);
    if (this.fields.length === MAX_HEADER_FIELDS) return this.fail(431, `more than ${MAX_HEADER_FIELDS} header fields`);
    // OWS around the value is not part of it (RFC 9112 §5.1).
    this.fields.push({ name: this.fieldName.toLowerCase(), value: rawValue.replace(/^[ \t]+|[ \t]+$/g, "") });
    this.state = "field-line-start";
  }

  private endHead(): void {
    const head = { method: this.method, target: this.target, version: this.version, headers: this.fields };
    const error = checkHead(head);
    if (error) return this.failWith(error);
    this.events.push({ type: "head", head });
    // Ready for the next request on the same connection.
    this.fields = [];
    this.sectionBytes = 0;
    this.emptyLines = 0;
    this.state = "before-request";
  }

  /** Returns the element read so far and starts a new one. */
  private take(): string {
    const token = this.token;
    this.token = "";
    return token;
  }

  private fail(status: ParseError["status"], reason: string): void {
    this.failWith(parseError(status, reason));
  }

  private failWith(error: ParseError): void {
    this.events.push({ type: "error", error });
    this.state = "failed";
    this.token = "";
  }
}

// RFC 9112 §2.2 lets a recipient accept a bare LF as a line end, and requires it to reject or
// replace a bare CR. We reject both, as Node's parser does: when two servers in a chain split
// lines differently, one request can hide inside another (CVE-2022-32214).
function bareLf(where: string): string {
  return `${where} ends in a bare LF; lines must end in CRLF (RFC 9112 §2.2)`;
}

function bareCr(where: string): string {
  return `a CR not followed by LF in ${where} (RFC 9112 §2.2)`;
}
