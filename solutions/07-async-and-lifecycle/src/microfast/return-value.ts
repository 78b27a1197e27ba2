// What a handler returns becomes a response, so the common cases need no Response at all:
//
//   return value                     response
//   Response                         sent as it is
//   an async iterable (an async      200, application/octet-stream, each piece sent as it comes
//   generator, say)                  (chunked), at the pace the client reads
//   anything, on a route with a      200, application/json: the value after the model, undeclared
//   response model                   fields dropped (response-model.ts)
//   string                           200, text/plain; charset=utf-8
//   Uint8Array                       200, application/octet-stream
//   undefined                        200 with an empty body
//   anything else (object, array,    200, application/json
//   number, boolean, null)

import { Response } from "./response.ts";
import { modelResponse } from "./response-model.ts";
import type { Schema } from "./schema.ts";

export function toResponse(value: unknown, model?: Schema): Response {
  if (value instanceof Response) return value;
  // Each piece is checked to be a string or bytes as it is sent (streamed-body.ts).
  if (isAsyncIterable(value))
    return new Response(value as AsyncIterable<string | Uint8Array>, {
      headers: { "Content-Type": "application/octet-stream" },
    });
  if (model) return modelResponse(model, value);
  if (typeof value === "string") return Response.text(value);
  if (value instanceof Uint8Array)
    return new Response(value, { headers: { "Content-Type": "application/octet-stream" } });
  // Nothing to say. Not 204 No Content: chapter 04's writer frames every body with
  // Content-Length, which a 204 must not carry (RFC 9110 §8.6); an empty 200 says the same.
  if (value === undefined) return new Response("");
  return Response.json(value);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}
