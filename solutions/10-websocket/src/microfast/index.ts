// microfast's public API: everything an application imports.
export type { TlsCredentials } from "../http/tls-server.ts";
export { CloseCode } from "../websocket/close-codes.ts";
export type { Message } from "../websocket/message-assembler.ts";
export type { WebSocketOptions } from "../websocket/options.ts";
export { type BroadcastOptions, Rooms } from "../websocket/rooms.ts";
export { type CloseInfo, WebSocket, type WebSocketState } from "../websocket/websocket.ts";
export type { AccessLogEntry } from "./access-log.ts";
export {
  type AppOptions,
  DEFAULT_HOST,
  DEFAULT_PORT,
  MicroFast,
  type RouteHandler,
  type RouteOptions,
  type RunOptions,
} from "./app.ts";
export type { BackgroundTask } from "./background.ts";
export { type CompressionOptions, compression } from "./compression.ts";
export type { Coding } from "./content-coding.ts";
export { requestId } from "./context.ts";
export type { CookieOptions } from "./cookies.ts";
export { type CorsOptions, cors } from "./cors.ts";
export { type Dependency, type DependencyInputs, type DependencyOptions, depends } from "./dependencies.ts";
export type { ErrorClass, ErrorHandler } from "./error-handling.ts";
export { FormFields } from "./form-urlencoded.ts";
export { HttpError } from "./http-error.ts";
export { consoleSink, formatLogRecord, type LogRecord, type LogSink, log } from "./log.ts";
export { type Middleware, MiddlewareError, type Next } from "./middleware.ts";
export type { OpenApiDocument } from "./openapi.ts";
export type { PathParams } from "./path-params.ts";
export { Request } from "./request.ts";
export { Response, type ResponseBody, ResponseHeaders, type ResponseInit } from "./response.ts";
export { ResponseValidationError } from "./response-model.ts";
export { type Infer, type Schema, t } from "./schema.ts";
export { type StaticOptions, serveStatic } from "./static-files.ts";
export type { Issue } from "./validate.ts";
export type { WebSocketHandler } from "./websocket-route.ts";
