// Validates what a route declares — path parameters, query, body — before its handler runs.
// Every problem in all three is reported at once, in one 422 Unprocessable Content
// (RFC 9110 §15.5.21): the request is well-formed HTTP, but its content is not what the route
// accepts. A body that is not JSON at all is a different failure, 400, found earlier.
import type { Params } from "../router/router.ts";
import { FormFields } from "./form-urlencoded.ts";
import { HttpError } from "./http-error.ts";
import type { Request } from "./request.ts";
import type { ObjectSchema, Schema } from "./schema.ts";
import { type Issue, type Validation, validateFields, validateJson } from "./validate.ts";

export interface InputSchemas {
  readonly params?: ObjectSchema | undefined;
  readonly query?: ObjectSchema | undefined;
  readonly body?: Schema | undefined;
}

/**
 * Checks the request against the route's schemas. On success, fills request.valid and returns
 * the path parameters to hand to the handler; otherwise throws a 422 HttpError listing every issue.
 */
export function validateInputs(schemas: InputSchemas, request: Request): unknown {
  // TODO(06): validate params (as text fields), query and body (JSON, or a form for an object schema; 415 otherwise), then one HttpError(422, issues) for all (stage 06.6).
  throw new Error(
    `TODO(06): validateInputs is not implemented (${Object.keys(schemas).join(", ") || "no schemas"} for ${request.method} ${request.target})`,
  );
}
