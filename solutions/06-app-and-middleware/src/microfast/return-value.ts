// What a handler returns becomes a response, so the common cases need no Response at all:
//
//   return value                     response
//   Response                         sent as it is
//   string                           200, text/plain; charset=utf-8
//   Uint8Array                       200, application/octet-stream
//   undefined                        204 No Content
//   anything else (object, array,    200, application/json
//   number, boolean, null)
import { Response } from "./response.ts";

export function toResponse(value: unknown): Response {
  if (value instanceof Response) return value;
  if (typeof value === "string") return Response.text(value);
  if (value instanceof Uint8Array) return new Response(value, { headers: { "Content-Type": "application/octet-stream" } });
  // A handler with nothing to say: 204 says "done, no content" (RFC 9110 §15.3.5).
  if (value === undefined) return new Response("", { status: 204 });
  return Response.json(value);
}
