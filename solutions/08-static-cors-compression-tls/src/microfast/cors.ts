// CORS, the Fetch standard's cross-origin resource sharing: a browser runs a page from one
// origin (https://app.example) that calls an API on another (https://api.example), and lets
// the page read the answer only if the API says so in Access-Control-* response fields.
//
//   simple request   GET /data  Origin: https://app.example
//                    ◄── 200  Access-Control-Allow-Origin: https://app.example  Vary: Origin
//
//   preflight        OPTIONS /data  Origin: https://app.example
//   (before a PUT,                  Access-Control-Request-Method: PUT
//   a JSON body, a                  Access-Control-Request-Headers: content-type, x-token
//   custom field)    ◄── 204  Access-Control-Allow-Origin, -Allow-Methods, -Allow-Headers, -Max-Age
//                    then the PUT itself, which gets Access-Control-Allow-Origin like any request
//
// CORS protects the user, not the server: the browser still sends a simple request whatever the
// answer, and any client that is not a browser ignores these fields. The server's part is to
// grant exactly the origins it trusts, and to say Vary: Origin wherever the answer depends on
// the Origin, or a cache hands one origin's permission to another.

import { httpErrorResponse } from "./error-handling.ts";
import { HttpError } from "./http-error.ts";
import type { Middleware } from "./middleware.ts";
import type { Request } from "./request.ts";
import { Response } from "./response.ts";
import { addVary } from "./vary.ts";

export interface CorsOptions {
  /** The origins that may read responses, as browsers send them ("https://app.example:8443"), or "*" for any. */
  readonly origins: readonly string[] | "*";
  /** Methods a preflight may ask for; GET, HEAD and POST by default. */
  readonly methods?: readonly string[];
  /** Request fields a preflight may ask for, beyond the CORS-safelisted ones; none by default. */
  readonly headers?: readonly string[];
  /** Response fields the page may read, beyond the CORS-safelisted ones (Access-Control-Expose-Headers). */
  readonly exposeHeaders?: readonly string[];
  /** Let the page send cookies and read the answer (Access-Control-Allow-Credentials). */
  readonly credentials?: boolean;
  /** How long a browser may reuse a preflight's answer. */
  readonly maxAgeSeconds?: number;
}

/** The CORS-safelisted methods (Fetch §2.2.1): what a page may send without asking. */
const DEFAULT_METHODS = ["GET", "HEAD", "POST"];
/** Ten minutes, Starlette's default; Chromium caps a preflight cache entry at two hours anyway. */
const DEFAULT_MAX_AGE_SECONDS = 600;

export function cors(options: CorsOptions): Middleware {
  const methods = options.methods ?? DEFAULT_METHODS;
  const allowedHeaders = new Set((options.headers ?? []).map((name) => name.toLowerCase()));
  const anyOrigin = options.origins === "*";
  const origins = new Set(anyOrigin ? [] : options.origins);
  const credentials = options.credentials ?? false;
  // "*" cannot grant credentials (Fetch §3.2.5): then each allowed origin is named back to itself,
  // and the answer depends on the Origin.
  const literalStar = anyOrigin && !credentials;

  /** The Access-Control-Allow-Origin value for `origin`, or undefined when it is not allowed. */
  function allowOrigin(origin: string): string | undefined {
    if (literalStar) return "*";
    return anyOrigin || origins.has(origin) ? origin : undefined;
  }

  return async function corsLayer(request, next) {
    const origin = request.header("origin");
    if (origin !== undefined && isPreflight(request)) return preflight(request, origin);
    const response = await next();
    if (!literalStar) addVary(response.headers, "Origin");
    const allowed = origin === undefined ? undefined : allowOrigin(origin);
    if (allowed === undefined) return response;
    response.headers.set("Access-Control-Allow-Origin", allowed);
    if (credentials) response.headers.set("Access-Control-Allow-Credentials", "true");
    if (options.exposeHeaders?.length)
      response.headers.set("Access-Control-Expose-Headers", options.exposeHeaders.join(", "));
    return response;
  };

  /** Answers a preflight itself: it asks about the request to come, and never reaches a route. */
  function preflight(request: Request, origin: string): Response {
    const allowed = allowOrigin(origin);
    const method = request.header("access-control-request-method")!.trim();
    const requested = fieldNames(request.header("access-control-request-headers") ?? "");
    const refusal = refusalOf(allowed === undefined ? origin : undefined, method, requested);
    // A refused preflight carries no Access-Control-Allow-* field: the browser stops there.
    const response =
      refusal === undefined
        ? new Response("", { status: 204 })
        : httpErrorResponse(new HttpError(403, `CORS preflight refused: ${refusal}`));
    if (!literalStar) addVary(response.headers, "Origin");
    if (refusal !== undefined || allowed === undefined) return response;
    response.headers.set("Access-Control-Allow-Origin", allowed);
    response.headers.set("Access-Control-Allow-Methods", methods.join(", "));
    if (requested.length > 0) response.headers.set("Access-Control-Allow-Headers", requested.join(", "));
    if (credentials) response.headers.set("Access-Control-Allow-Credentials", "true");
    response.headers.set("Access-Control-Max-Age", String(options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS));
    return response;
  }

  /** Why a preflight is refused, or undefined when the policy grants all it asks. */
  function refusalOf(
    refusedOrigin: string | undefined,
    method: string,
    requested: readonly string[],
  ): string | undefined {
    if (refusedOrigin !== undefined) return `the origin ${refusedOrigin} is not allowed`;
    // Methods compare case-sensitively (Fetch §2.2.1): "patch" is not "PATCH".
    if (!methods.includes(method)) return `the method ${method} is not allowed`;
    const header = requested.find((name) => !allowedHeaders.has(name));
    return header === undefined ? undefined : `the header ${header} is not allowed`;
  }
}

/** OPTIONS with Access-Control-Request-Method: a browser's question, not a request for the resource. */
function isPreflight(request: Request): boolean {
  return request.method === "OPTIONS" && request.header("access-control-request-method") !== undefined;
}

/** "Content-Type, x-token" → ["content-type", "x-token"]: field names compare case-insensitively. */
function fieldNames(list: string): string[] {
  return list
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
}
