// The OpenAPI 3.1 document of an app, generated from the routes and their schemas: the same
// declarations that validate requests describe them, so the document cannot fall behind the
// code. Tools read it to draw documentation pages, generate clients, and fuzz the API.
//
//   {"openapi": "3.1.0", "info": {…},
//    "paths": {"/users/{id}": {"get": {"parameters": [{"name": "id", "in": "path", …}],
//                                       "requestBody": …, "responses": {"200": …, "422": …}}}},
//    "components": {"schemas": {"HTTPValidationError": …, "ValidationError": …}}}
import type { ParamType, RouteInfo } from "../router/router.ts";
import { type JsonSchema, type ObjectSchema, type Schema, toJsonSchema } from "./schema.ts";

/** The version of the OpenAPI Specification the document follows; 3.1 uses JSON Schema 2020-12 as is. */
export const OPENAPI_VERSION = "3.1.0";

export interface DocumentedRoute {
  readonly info: RouteInfo;
  readonly options: {
    readonly params?: ObjectSchema;
    readonly query?: ObjectSchema;
    readonly body?: Schema;
    readonly response?: Schema;
    readonly summary?: string;
  };
}

export type OpenApiDocument = {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, JsonSchema>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, JsonSchema>> };
};

/** How the router's parameter types look in JSON Schema when no params schema is declared. */
const PARAM_TYPES: Record<ParamType, JsonSchema> = {
  str: { type: "string" },
  int: { type: "integer" },
  path: { type: "string" },
};

/** The body of every 422, FastAPI's shape (validate.ts's Issue). */
const VALIDATION_SCHEMAS: Record<string, JsonSchema> = {
  ValidationError: {
    type: "object",
    properties: {
      loc: { type: "array", items: { anyOf: [{ type: "string" }, { type: "integer" }] } },
      msg: { type: "string" },
      type: { type: "string" },
    },
    required: ["loc", "msg", "type"],
  },
  HTTPValidationError: {
    type: "object",
    properties: { detail: { type: "array", items: { $ref: "#/components/schemas/ValidationError" } } },
  },
};

export function openApiDocument(
  info: { title: string; version: string },
  routes: readonly DocumentedRoute[],
): OpenApiDocument {
  // TODO(06): one path item per openApiPath(pattern), one operation per method: operationId, parameters, requestBody, responses (422 where validated) (stage 06.7).
  throw new Error(`TODO(06): openApiDocument is not implemented (${info.title}: ${routes.length} routes)`);
}

/**
 * OpenAPI path templating has no types: "/users/{id:int}" becomes "/users/{id}" (OpenAPI 3.1
 * §4.8.2); the type goes into the parameter's schema.
 */
export function openApiPath(pattern: string): string {
  // TODO(06): drop the ":type" of every "{name:type}" (stage 06.7).
  throw new Error(`TODO(06): openApiPath is not implemented (${pattern})`);
}
