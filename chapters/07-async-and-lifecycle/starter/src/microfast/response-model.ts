// A route's response model (`response` in its options) is enforced, as FastAPI's response_model:
// what the handler returns is validated against the schema and only the declared fields are sent.
// A handler can then return a whole database row and the password hash in it never leaves — and a
// handler that returns something else than it promised is a bug of the server, answered with a
// plain 500 while the details go to the log, never to the client.
//
//   return { id: 7, name: "Ann", passwordHash: "…" }   ──► {"id":7,"name":"Ann"}
//   return { id: "seven" }                               ──► 500, and the log says ["response","id"] int_type
import type { Response } from "./response.ts";
import type { Schema } from "./schema.ts";
import { type Issue, validateJson } from "./validate.ts";

/** A handler's return value did not match its route's response model: a bug, so a 500. */
export class ResponseValidationError extends Error {
  override readonly name = "ResponseValidationError";

  constructor(readonly issues: readonly Issue[]) {
    super(
      `the handler's return value does not match its response model: ${issues.map((issue) => `${issue.loc.join(".")} ${issue.type}`).join(", ")}`,
    );
  }
}

/** The JSON response for `value` after its model: undeclared fields dropped; a mismatch throws. */
export function modelResponse(model: Schema, value: unknown): Response {
  // TODO(07): validateJson(model, value, ["response"]) — it keeps only declared properties. With
  // issues, throw a ResponseValidationError; otherwise answer Response.json(the validated value).
  throw new Error(`TODO(07): modelResponse() is not implemented (a ${model.kind} model)`);
}
