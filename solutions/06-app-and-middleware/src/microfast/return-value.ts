// What a handler returns becomes a response, so the common cases need no Response at all:
//
//   return value                     response
//   Response                         sent as it is
//   string                           200, text/plain; charset=utf-8
//   Uint8Array                       200, application/octet-stream
//   undefined                        200 with an empty body
//   anything else (object, array,    200, application/json
//   number, boolean, null)
import { Response } from "./response.ts";

export function toResponse(value: unknown): Response {
  if (value instanceof Response) return value;
  if (typeof value === "string") return Response.text(value);
  if (value instanceof Uint8Array)
    return new Response(value, { headers: { "Content-Type": "application/octet-stream" } });
  // Nothing to say. Not 204 No Content: chapter 04's writer frames every body with
  // Content-Length, which a 204 must not carry (RFC 9110 §8.6); an empty 200 says the same.
  if (value === undefined) return new Response("");
  return Response.json(value);
}
