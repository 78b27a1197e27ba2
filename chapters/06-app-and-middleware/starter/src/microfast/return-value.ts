// What a handler returns becomes a response, so the common cases need no Response at all:
//
//   return value                     response
//   Response                         sent as it is
//   string                           200, text/plain; charset=utf-8
//   Uint8Array                       200, application/octet-stream
//   undefined                        200 with an empty body
//   anything else (object, array,    200, application/json
//   number, boolean, null)
import type { Response } from "./response.ts";

export function toResponse(value: unknown): Response {
  // TODO(06): map a handler's return value to a Response, following the table above (stage 06.1).
  throw new Error(`TODO(06): toResponse is not implemented (the handler returned ${typeof value})`);
}
