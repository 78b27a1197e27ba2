// The OpenAPI 3.1 document of an app, generated from the routes and their schemas: the same
// declarations that validate requests describe them, so the document cannot fall behind the
// code. Tools read it to draw documentation pages, generate clients, and fuzz the API.
//
//   {"openapi": "3.1.0", "info": {…},
//    "paths": {"/users/{id}": {"get": {"parameters": [{"name": "id", "in": "path", …}],
//                                       "requestBody": …, "responses": {"200": …, "422": …}}}},
//    "components": {"schemas": {"HTTPValidationError": …, "ValidationError": …}}}
import type { ParamType, RouteInfo } from "../router/router.ts";
import { type Deps, dependencyOrder } from "./dependencies.ts";
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
    /** The query and header fields its dependencies read are parameters of the operation too. */
    readonly deps?: Deps;
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
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.info.pattern);
    paths[path] ??= {};
    paths[path][route.info.method.toLowerCase()] = operation(route, path);
  }
  return {
    openapi: OPENAPI_VERSION,
    info: { title: info.title, version: info.version },
    paths,
    components: { schemas: VALIDATION_SCHEMAS },
  };
}

/**
 * OpenAPI path templating has no types: "/users/{id:int}" becomes "/users/{id}" (OpenAPI 3.1
 * §4.8.2); the type goes into the parameter's schema.
 */
export function openApiPath(pattern: string): string {
  return pattern.replace(/\{([^}:]+):[^}]+\}/g, "{$1}");
}

function operation({ info, options }: DocumentedRoute, path: string): JsonSchema {
  const dependencies = options.deps ? dependencyOrder(options.deps) : [];
  const fromDependencies = dependencies.flatMap(({ options: { query, headers } }) => [
    ...fieldParameters(query, "query"),
    ...fieldParameters(headers, "header"),
  ]);
  const validated =
    options.params !== undefined ||
    options.query !== undefined ||
    options.body !== undefined ||
    fromDependencies.length > 0;
  const responses: Record<string, JsonSchema> = {
    "200": {
      description: "Successful response",
      ...(options.response ? { content: { "application/json": { schema: toJsonSchema(options.response) } } } : {}),
    },
  };
  // Only a route that validates something can answer 422, so only such a route documents it.
  if (validated) {
    responses["422"] = {
      description: "Validation error",
      content: { "application/json": { schema: { $ref: "#/components/schemas/HTTPValidationError" } } },
    };
  }
  const parameters = unique([
    ...pathParameters(info, options.params),
    ...fieldParameters(options.query, "query"),
    ...fromDependencies,
  ]);
  return {
    operationId: operationId(info.method, path),
    ...(options.summary ? { summary: options.summary } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(options.body
      ? { requestBody: { required: true, content: { "application/json": { schema: toJsonSchema(options.body) } } } }
      : {}),
    responses,
  };
}

/** Unique per method and path, as OpenAPI requires (§4.8.10): "GET /users/{id}" → "get_users_id". */
function operationId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
  return [method.toLowerCase(), ...(words.length > 0 ? words : ["root"])].join("_");
}

/** Path parameters are always required (OpenAPI 3.1 §4.8.12.1); a declared schema beats the router's type. */
function pathParameters(info: RouteInfo, schema: ObjectSchema | undefined): JsonSchema[] {
  return info.params.map(({ name, type }) => {
    const declared = schema?.properties[name];
    const property = declared?.kind === "optional" ? declared.schema : declared;
    return { name, in: "path", required: true, schema: property ? toJsonSchema(property) : PARAM_TYPES[type] };
  });
}

/** One query or header parameter per property; JSON Schema's "required" list says which must be given. */
function fieldParameters(schema: ObjectSchema | undefined, location: "query" | "header"): JsonSchema[] {
  if (!schema) return [];
  const json = toJsonSchema(schema) as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.keys(schema.properties).map((name) => ({
    name,
    in: location,
    required: json.required?.includes(name) ?? false,
    schema: json.properties[name],
  }));
}

/** A parameter is unique by name and location (OpenAPI 3.1 §4.8.10): the first declaration wins. */
function unique(parameters: JsonSchema[]): JsonSchema[] {
  const seen = new Set<string>();
  return parameters.filter((parameter) => {
    const key = `${String(parameter.in)} ${String(parameter.name)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
