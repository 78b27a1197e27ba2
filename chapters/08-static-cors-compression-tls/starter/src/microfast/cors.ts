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
  // TODO(08): return the CORS layer (stage 08.5). Per request:
  //   - Origin and isPreflight(request) → answer the preflight without next(): 204 with Access-Control-Allow-Origin,
  //     -Allow-Methods, -Allow-Headers (the requested ones, fieldNames()), -Allow-Credentials and -Max-Age when the
  //     origin, the method (exact) and every requested header (any case) are allowed; otherwise 403 {"detail": …}
  //     with no Access-Control-Allow-* field;
  //   - else await next(), then Access-Control-Allow-Origin (the origin itself, or "*" only for origins "*" without
  //     credentials), -Allow-Credentials, -Expose-Headers for an allowed origin, nothing for another;
  //   - Vary: Origin (addVary) on every response whose answer depends on the Origin, preflights included.
  return function corsLayer(request) {
    throw new Error(
      `TODO(08): cors is not implemented (${request.method} ${request.target}, ${options.origins === "*" ? "any origin" : options.origins.join(", ")})`,
    );
  };
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
