// Validates what a route declares — path parameters, query, body, and the query and header fields
// its dependencies read — before its handler runs. Every problem in all of them is reported at
// once, in one 422 Unprocessable Content (RFC 9110 §15.5.21): the request is well-formed HTTP,
// but its content is not what the route accepts. A body that is not JSON at all is a different
// failure, 400, found earlier.
import type { Params } from "../router/router.ts";
import type { Dependency, DependencyFields } from "./dependencies.ts";
import { FormFields } from "./form-urlencoded.ts";
import { HttpError } from "./http-error.ts";
import type { Request } from "./request.ts";
import type { ObjectSchema, Schema } from "./schema.ts";
import { type Issue, type TextFields, type Validation, validateFields, validateJson } from "./validate.ts";

export interface InputSchemas {
  readonly params?: ObjectSchema | undefined;
  readonly query?: ObjectSchema | undefined;
  readonly body?: Schema | undefined;
  /** Every dependency of the route, each once (dependencyOrder()). */
  readonly dependencies?: readonly Dependency<unknown>[];
}

export interface ValidInputs {
  /** The path parameters to hand to the handler. */
  readonly params: unknown;
  /** The validated query and header fields of each dependency. */
  readonly dependencyFields: DependencyFields;
}

/**
 * Checks the request against the route's schemas and its dependencies'. On success, fills
 * request.valid; otherwise throws a 422 HttpError listing every issue.
 */
export function validateInputs(schemas: InputSchemas, request: Request): ValidInputs {
  const issues: Issue[] = [];
  const take = <T>(result: Validation<T>): T | undefined => {
    if (result.ok) return result.value;
    issues.push(...result.issues);
    return undefined;
  };
  const params = schemas.params
    ? take(validateFields(schemas.params, paramFields(request.params), ["path"]))
    : request.params;
  const query = schemas.query ? take(validateFields(schemas.query, request.query, ["query"])) : undefined;
  const body = schemas.body ? take(validateBody(schemas.body, request)) : undefined;
  const dependencyFields = new Map<Dependency<unknown>, { query: unknown; headers: unknown }>();
  for (const dependency of schemas.dependencies ?? []) {
    const { query: queryFields, headers: headerFields } = dependency.options;
    dependencyFields.set(dependency, {
      query: queryFields ? take(validateFields(queryFields, request.query, ["query"])) : undefined,
      headers: headerFields ? take(validateFields(headerFields, requestHeaders(request), ["header"])) : undefined,
    });
  }
  if (issues.length > 0) throw new HttpError(422, issues);
  request.valid = { query, body };
  return { params, dependencyFields };
}

/** The request's header fields as text fields; names are case-insensitive (RFC 9110 §5.1). */
function requestHeaders(request: Request): TextFields {
  return {
    getAll: (name) => request.headers.filter((field) => field.name === name.toLowerCase()).map((field) => field.value),
  };
}

/** The router's parameters as text fields, so the schema converts them like any other text. */
function paramFields(params: Params): FormFields {
  const fields = new FormFields();
  for (const [name, value] of Object.entries(params)) fields.add(name, String(value));
  return fields;
}

/** JSON, or a form when the schema is an object; the Content-Type says which (RFC 9110 §8.3). */
function validateBody(schema: Schema, request: Request): Validation<unknown> {
  if (request.body.length === 0)
    return { ok: false, issues: [{ loc: ["body"], msg: "field required", type: "missing" }] };
  const type = request.mediaType;
  if (type === "application/json" || type?.endsWith("+json")) return validateJson(schema, request.json(), ["body"]);
  if (type === "application/x-www-form-urlencoded" && schema.kind === "object")
    return validateFields(schema, request.form(), ["body"]);
  const accepted =
    schema.kind === "object" ? "application/json or application/x-www-form-urlencoded" : "application/json";
  throw new HttpError(415, `the body must be ${accepted}, not ${type ?? "a body without Content-Type"}`, [
    ["Accept", accepted.replace(" or ", ", ")],
  ]);
}
