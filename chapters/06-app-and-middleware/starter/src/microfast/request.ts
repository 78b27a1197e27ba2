// The request a handler and a middleware see: chapter 04's HttpRequest with the questions an
// application asks answered — path, query, cookies, the body as text, JSON or form fields.
// Each is parsed on first use, so a request nobody reads the body of pays nothing for it.

import type { HttpRequest } from "../http/request.ts";
import type { HeaderField } from "../http/request-head.ts";
import { pathOf } from "../router/path-segments.ts";
import type { Params } from "../router/router.ts";
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
  /** Field lines in order, names lower-cased. */
  readonly headers: readonly HeaderField[];
  /** The whole body, as the connection read it. */
  readonly body: Uint8Array;
  /** The path parameters of the matched route; empty until routing, so in middleware too. */
  params: Params = {};
  /** Room for middleware to hand data to handlers (a user, a request id). */
  readonly state: Record<string, unknown> = {};
  /** The query and body after validation, for routes that declare schemas. */
  valid: I = { query: undefined, body: undefined } as unknown as I;

  /** The path as sent, still percent-encoded: what chapter 05's router matches, segment by segment. */
  readonly encodedPath: string;
  private readonly rawQuery: string;
  private parsed: { path?: string; query?: FormFields; cookies?: Readonly<Record<string, string>> } = {};

  constructor(
    http: HttpRequest,
    private readonly limits: RequestLimits,
  ) {
    this.method = http.head.method;
    this.target = http.head.target;
    this.headers = http.head.headers;
    this.body = http.body;
    // "*" (OPTIONS *) and authority-form (CONNECT) targets have no path: keep them whole.
    this.encodedPath = pathOf(this.target) ?? this.target;
    const question = this.target.indexOf("?");
    this.rawQuery = question === -1 ? "" : this.target.slice(question + 1);
  }

  /** A field's value; several lines are joined with ", " (RFC 9110 §5.3), or "; " for Cookie (RFC 6265 §5.4). */
  header(name: string): string | undefined {
    // TODO(06): find every field line named `name` (names are stored lower-case) and join their values (stage 06.2).
    throw new Error(`TODO(06): Request.header is not implemented (${name})`);
  }

  /** The path, percent-decoded: "/caf%C3%A9" → "/café". Malformed escapes → 400. */
  get path(): string {
    // TODO(06): decodeURIComponent(this.encodedPath) once, kept in this.parsed.path; a URIError becomes HttpError(400) (stage 06.1).
    throw new Error(`TODO(06): Request.path is not implemented (${this.encodedPath})`);
  }

  /** The query string's fields: ?tag=a&tag=b&q=x+y. Malformed → 400. */
  get query(): FormFields {
    // TODO(06): parse this.rawQuery with parseFormUrlencoded once; a FormError becomes 400, also for too many fields (stage 06.5).
    throw new Error(`TODO(06): Request.query is not implemented (${this.rawQuery})`);
  }

  get cookies(): Readonly<Record<string, string>> {
    this.parsed.cookies ??= parseCookies(this.header("cookie"));
    return this.parsed.cookies;
  }

  /** The media type of the body, lower-cased, without parameters: "application/json". */
  get mediaType(): string | undefined {
    const type = this.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    return type === "" ? undefined : type;
  }

  /** The body as UTF-8 text; bytes that are not UTF-8 → 400. */
  text(): string {
    // TODO(06): decode this.body with a fatal UTF-8 TextDecoder; an error becomes HttpError(400) (stage 06.2).
    throw new Error(`TODO(06): Request.text is not implemented (${this.body.length} bytes)`);
  }

  /** The body parsed as JSON (RFC 8259). Too large → 413; not JSON → 400 saying where it breaks. */
  json(): unknown {
    // TODO(06): 413 over maxParsedBodyBytes, then JSON.parse(this.text()); on a SyntaxError, 400 with findJsonSyntaxError's line and column (stage 06.5).
    throw new Error(`TODO(06): Request.json is not implemented (${this.body.length} bytes)`);
  }

  /** The body parsed as application/x-www-form-urlencoded. */
  form(): FormFields {
    // TODO(06): 413 over maxParsedBodyBytes, then parseFormUrlencoded(this.text()); a malformed form is 400, too many fields 413 (stage 06.5).
    throw new Error(`TODO(06): Request.form is not implemented (${this.body.length} bytes)`);
  }
}
