// The request a handler and a middleware see: the server's request with the questions an
// application asks answered — path, query, cookies, the body as text, JSON or form fields.
// Each is parsed on first use, so a request nobody reads the body of pays nothing for it.
//
// The body arrives after the request starts (chapter 07). stream() hands it out piece by piece
// as it comes; buffer() reads it whole, once, after which body, text(), json() and form() answer
// at once. A route's handler finds it buffered unless the route streams it (streamBody).
import { BodyBuffer } from "../http/body-decoder.ts";
import { BodyError, type BodyStream } from "../http/body-stream.ts";
import type { HeaderField, HttpVersion } from "../http/request-head.ts";
import type { StreamedRequest } from "../http/streaming-handler.ts";
import { pathOf } from "../router/path-segments.ts";
import type { Params } from "../router/router.ts";
import type { BackgroundTask } from "./background.ts";
import { parseCookies } from "./cookies.ts";
import { FormError, type FormFields, parseFormUrlencoded } from "./form-urlencoded.ts";
import { HttpError } from "./http-error.ts";
import { findJsonSyntaxError } from "./json-syntax.ts";

export interface RequestLimits {
  /** Bodies larger than this are not parsed as JSON or form: 413. */
  readonly maxParsedBodyBytes: number;
  /** Form bodies and query strings with more fields: 413 and 400. */
  readonly maxFields: number;
}

/** The validated query and body of a route that declares schemas for them. */
export interface Inputs {
  readonly query: unknown;
  readonly body: unknown;
}

export class Request<I extends Inputs = Inputs> {
  readonly method: string;
  /** The request-target as received: "/users/7?verbose=1". */
  readonly target: string;
  /** The version of the request line; a WebSocket handshake needs HTTP/1.1 (RFC 6455 §4.1). */
  readonly version: HttpVersion;
  /** Field lines in order, names lower-cased. */
  readonly headers: readonly HeaderField[];
  /** The path parameters of the matched route; empty until routing, so in middleware too. */
  params: Params = NO_PARAMS;
  /** Room for middleware to hand data to handlers (a user, a request id). */
  get state(): Record<string, unknown> {
    this.stateObject ??= {};
    return this.stateObject;
  }
  /** Made on first use: most requests carry nothing from middleware to handler. */
  private stateObject: Record<string, unknown> | undefined;
  /** The query and body after validation, for routes that declare schemas. */
  valid: I = NO_INPUTS as I;

  /** The path as sent, still percent-encoded: what chapter 05's router matches, segment by segment. */
  readonly encodedPath: string;
  private readonly rawQuery: string;
  // Each parsed on first use: most requests never ask.
  private decodedPath: string | undefined;
  private parsedQuery: FormFields | undefined;
  private parsedCookies: Readonly<Record<string, string>> | undefined;
  private readonly source: BodyStream;
  private readonly http: StreamedRequest;
  /** The whole body, once buffer() has read it. */
  private whole: Uint8Array | undefined;
  private buffering: Promise<Uint8Array> | undefined;
  /** Made by the first background(): most requests leave no work for later. */
  private tasks: BackgroundTask[] | undefined;

  constructor(
    http: StreamedRequest,
    private readonly limits: RequestLimits,
  ) {
    this.method = http.head.method;
    this.target = http.head.target;
    this.version = http.head.version;
    this.headers = http.head.headers;
    this.http = http;
    this.source = http.body;
    // "*" (OPTIONS *) and authority-form (CONNECT) targets have no path: keep them whole.
    this.encodedPath = pathOf(this.target) ?? this.target;
    const question = this.target.indexOf("?");
    this.rawQuery = question === -1 ? "" : this.target.slice(question + 1);
  }

  /**
   * Aborted when the client goes away before the response is sent: hand it to slow work, and
   * stop. Asked for, not copied: an AbortSignal is made only for a request that looks at it.
   */
  get signal(): AbortSignal {
    return this.http.signal;
  }

  /** Settles once the response is written, or can no longer be. A handler must not await it: its response goes out after it returns. */
  get sent(): Promise<void> {
    return this.http.sent;
  }

  /** True once the whole body is in memory: read by buffer(), or all there when buffer() was first called. */
  get buffered(): boolean {
    return this.whole !== undefined;
  }

  /** The whole body, once read: by the app before a route's handler runs, or by buffer(). */
  get body(): Uint8Array {
    if (this.whole === undefined)
      throw new Error("the request body has not been read yet: await request.buffer() first, or read request.stream()");
    return this.whole;
  }

  /**
   * The body as it arrives, piece by piece. The client sends no faster than the loop reads: a
   * handler that takes its time keeps the server's memory flat. A body can be streamed once;
   * after buffer(), this gives the buffered body as one piece.
   */
  async *stream(): AsyncGenerator<Uint8Array> {
    if (this.whole === undefined && !this.buffering) return yield* this.arriving();
    const whole = this.whole ?? (await this.buffering!);
    if (whole.length > 0) yield whole;
  }

  /** Reads the whole body into memory, once; then body, text(), json() and form() can be used. */
  buffer(): Promise<Uint8Array> {
    if (this.buffering) return this.buffering;
    this.buffering = this.takeBody() ? Promise.resolve(this.whole!) : this.readWhole();
    return this.buffering;
  }

  /**
   * Takes the whole body at once when it has all arrived, as most bodies have (or there is
   * none): true, and `body` is there. False: it is still on its way, and buffer() waits for it.
   * No promise either way, when nothing has to wait.
   */
  takeBody(): boolean {
    if (this.whole === undefined && !this.buffering) this.whole = this.source.takeWhole();
    return this.whole !== undefined;
  }

  /** Adds work to run after the response is sent, in this request's context, if the handler succeeds (background.ts). */
  background(task: BackgroundTask): void {
    this.tasks ??= [];
    this.tasks.push(task);
  }

  /** The tasks added with background(), in order. */
  get backgroundTasks(): readonly BackgroundTask[] {
    return this.tasks ?? NO_TASKS;
  }

  /** A field's value; several lines are joined with ", " (RFC 9110 §5.3), or "; " for Cookie (RFC 6265 §5.4). */
  header(name: string): string | undefined {
    const wanted = name.toLowerCase();
    // One loop, and a string only for a field that is there: asked of every request, found rarely.
    let joined: string | undefined;
    for (const field of this.headers) {
      if (field.name !== wanted) continue;
      joined = joined === undefined ? field.value : `${joined}${wanted === "cookie" ? "; " : ", "}${field.value}`;
    }
    return joined;
  }

  /** The path, percent-decoded: "/caf%C3%A9" → "/café". Malformed escapes → 400. */
  get path(): string {
    this.decodedPath ??= decodePath(this.encodedPath);
    return this.decodedPath;
  }

  /** The query string's fields: ?tag=a&tag=b&q=x+y. Malformed → 400. */
  get query(): FormFields {
    this.parsedQuery ??= parseFields(this.rawQuery, this.limits.maxFields, "query string", 400);
    return this.parsedQuery;
  }

  get cookies(): Readonly<Record<string, string>> {
    this.parsedCookies ??= parseCookies(this.header("cookie"));
    return this.parsedCookies;
  }

  /** The media type of the body, lower-cased, without parameters: "application/json". */
  get mediaType(): string | undefined {
    const type = this.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    return type === "" ? undefined : type;
  }

  /** The body as UTF-8 text; bytes that are not UTF-8 → 400. */
  text(): string {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(this.body);
    } catch {
      throw new HttpError(400, "the request body is not valid UTF-8 text");
    }
  }

  /** The body parsed as JSON (RFC 8259). Too large → 413; not JSON → 400 saying where it breaks. */
  json(): unknown {
    this.checkParseLimit("JSON");
    const text = this.text();
    try {
      return JSON.parse(text);
    } catch (error) {
      const syntax = findJsonSyntaxError(text);
      const where = syntax
        ? `${syntax.problem} at line ${syntax.line} column ${syntax.column}`
        : (error as Error).message;
      throw new HttpError(400, `the request body is not valid JSON: ${where}`);
    }
  }

  /** The body parsed as application/x-www-form-urlencoded. */
  form(): FormFields {
    this.checkParseLimit("form");
    return parseFields(this.text(), this.limits.maxFields, "form body", 413);
  }

  /** The pieces from the connection; a body it refused (413, 408) or lost (the client left) is an HttpError. */
  private async *arriving(): AsyncGenerator<Uint8Array> {
    try {
      yield* this.source;
    } catch (error) {
      throw error instanceof BodyError ? new HttpError(error.status, error.message) : error;
    }
  }

  private async readWhole(): Promise<Uint8Array> {
    // The connection has already held the body to the server's maxBodyBytes.
    const buffer = new BodyBuffer(Number.MAX_SAFE_INTEGER);
    for await (const piece of this.arriving()) buffer.append(piece);
    this.whole = buffer.contents();
    return this.whole;
  }

  private checkParseLimit(what: string): void {
    const limit = this.limits.maxParsedBodyBytes;
    if (this.body.length > limit)
      throw new HttpError(413, `the ${what} body is ${this.body.length} bytes; the limit is ${limit}`);
  }
}

/** What a request with no query and no body to validate has in `valid`: shared, for it is never changed, only replaced. */
export const NO_INPUTS: Inputs = Object.freeze({ query: undefined, body: undefined });

/** The params of a request before routing: none, shared, for they are replaced, never changed. */
const NO_PARAMS: Params = Object.freeze({});

const NO_TASKS: readonly BackgroundTask[] = Object.freeze([]);

function decodePath(path: string): string {
  // Without a "%" there is nothing to decode: the path is its own decoding.
  if (!path.includes("%")) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    throw new HttpError(400, `the path ${JSON.stringify(path)} has a malformed %XX escape (RFC 3986 §2.1)`);
  }
}

/** Too many fields is a bad query (400) but, for a body, content that is too large (413). */
function parseFields(text: string, maxFields: number, what: string, tooManyStatus: number): FormFields {
  try {
    return parseFormUrlencoded(text, maxFields);
  } catch (error) {
    if (!(error instanceof FormError)) throw error;
    if (error.tooManyFields) throw new HttpError(tooManyStatus, `the ${what} has ${error.message}`);
    throw new HttpError(400, `the ${what} is malformed: ${error.message}`);
  }
}
