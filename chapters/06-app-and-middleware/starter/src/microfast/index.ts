// microfast's public API: everything an application imports.
export { DEFAULT_HOST, DEFAULT_PORT, MicroFast, type AppOptions, type RouteHandler, type RouteOptions, type RunOptions } from "./app.ts";
export type { CookieOptions } from "./cookies.ts";
export type { ErrorClass, ErrorHandler } from "./error-handling.ts";
export { FormFields } from "./form-urlencoded.ts";
export { HttpError } from "./http-error.ts";
export { MiddlewareError, type Middleware, type Next } from "./middleware.ts";
export type { OpenApiDocument } from "./openapi.ts";
export type { PathParams } from "./path-params.ts";
export { Request } from "./request.ts";
export { Response, ResponseHeaders, type ResponseBody, type ResponseInit } from "./response.ts";
export { t, type Infer, type Schema } from "./schema.ts";
export type { Issue } from "./validate.ts";
