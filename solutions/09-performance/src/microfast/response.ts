// The response a handler or a middleware builds. Unlike chapter 04's HttpResponse (plain data
// for the wire) it is mutable, so a middleware can add a header on the way out.
import type { HttpResponse } from "../http/response-writer.ts";
import { type CookieOptions, serializeCookie } from "./cookies.ts";

export type ResponseBody = string | Uint8Array | AsyncIterable<string | Uint8Array>;

export interface ResponseInit {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>> | readonly (readonly [string, string])[];
}

/** Response fields by case-insensitive name (RFC 9110 §5.1), in the order they were added. */
export class ResponseHeaders {
  private readonly fields: [name: string, value: string][] = [];

  /** Replaces every field named `name`. */
  set(name: string, value: string): this {
    this.delete(name);
    return this.append(name, value);
  }

  /** Adds a field line; Set-Cookie, for one, must never be combined into one line (RFC 6265 §3). */
  append(name: string, value: string): this {
    this.fields.push([name, value]);
    return this;
  }

  /** The values of `name` joined with ", " (RFC 9110 §5.3), or undefined. */
  get(name: string): string | undefined {
    const values = this.fields.filter(([n]) => same(n, name)).map(([, v]) => v);
    return values.length > 0 ? values.join(", ") : undefined;
  }

  has(name: string): boolean {
    return this.fields.some(([n]) => same(n, name));
  }

  delete(name: string): this {
    for (let i = this.fields.length - 1; i >= 0; i--) if (same(this.fields[i]![0], name)) this.fields.splice(i, 1);
    return this;
  }

  entries(): readonly (readonly [string, string])[] {
    return this.fields.map(([n, v]) => [n, v] as const);
  }

  /** The field lines themselves, not a copy: for the writer, once the response is final. */
  lines(): readonly (readonly [string, string])[] {
    return this.fields;
  }
}

/** Names of different lengths never match: most comparisons end there, without a lower-cased copy of either. */
function same(a: string, b: string): boolean {
  return a.length === b.length && (a === b || a.toLowerCase() === b.toLowerCase());
}

export class Response {
  status: number;
  readonly headers = new ResponseHeaders();
  body: ResponseBody;

  constructor(body: ResponseBody = "", init: ResponseInit = {}) {
    this.body = body;
    this.status = init.status ?? 200;
    if (init.headers === undefined) return;
    const fields = Array.isArray(init.headers) ? init.headers : Object.entries(init.headers);
    for (const [name, value] of fields) this.headers.append(name, value);
  }

  /** A JSON body (RFC 8259), always UTF-8, so no charset parameter (RFC 8259 §11). */
  static json(value: unknown, init: ResponseInit = {}): Response {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`cannot send ${typeof value} as JSON`);
    return withDefaultType(new Response(text, init), "application/json");
  }

  static text(text: string, init: ResponseInit = {}): Response {
    return withDefaultType(new Response(text, init), "text/plain; charset=utf-8");
  }

  /** Adds a Set-Cookie field; returns the response, so calls can be chained. */
  setCookie(name: string, value: string, options?: CookieOptions): this {
    this.headers.append("Set-Cookie", serializeCookie(name, value, options));
    return this;
  }

  /** The plain data chapter 04's connection writes. */
  toHttpResponse(): HttpResponse {
    // The app is done with the response: the writer can read its fields where they are.
    return { status: this.status, headers: this.headers.lines(), body: this.body };
  }
}

function withDefaultType(response: Response, type: string): Response {
  if (!response.headers.has("content-type")) response.headers.set("Content-Type", type);
  return response;
}
