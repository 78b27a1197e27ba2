// An error that already knows its HTTP answer. Throw it from a handler or a middleware and the
// client gets that status with {"detail": …}, like FastAPI's HTTPException.
import { reasonPhrase } from "../http/status-codes.ts";

export type HeaderList = readonly (readonly [name: string, value: string])[];

export class HttpError extends Error {
  override readonly name = "HttpError";

  constructor(
    readonly status: number,
    /** The JSON value sent as "detail": a message, or structured data such as validation issues. */
    readonly detail: unknown = defaultDetail(status),
    /** Extra response fields, e.g. WWW-Authenticate for a 401 (RFC 9110 §11.6.1). */
    readonly headers: HeaderList = [],
  ) {
    super(typeof detail === "string" ? detail : defaultDetail(status));
    if (!Number.isInteger(status) || status < 400 || status > 599)
      throw new RangeError(`HttpError needs a 4xx or 5xx status, not ${status}`);
  }
}

function defaultDetail(status: number): string {
  return reasonPhrase(status) || `HTTP ${status}`;
}
