// The application: routes with typed handlers, middleware, error handlers, and the server.
//
//   const app = new MicroFast();
//   app.get("/users/{id:int}", async (req, { id }) => ({ id }));
//   await app.run({ port: 8000 });
//
// One request, from chapter 04's connection to a handler and back:
//
//   HttpRequest ─► Request ─► outer error layer ─► middleware … ─► inner error layer ─► dispatch
//                                                                                 route → validate → handler
//   HttpResponse ◄─ Response ◄──────────────────────────────────────────────────── toResponse(return value)
import type { Server } from "node:net";
import type { Handler } from "../http/handler.ts";
import { KNOWN_METHODS } from "../http/methods.ts";
import type { HttpRequest } from "../http/request.ts";
import type { HttpResponse } from "../http/response-writer.ts";
import { createHttpServer } from "../http/server.ts";
import { DEFAULT_OPTIONS, type ServerOptions } from "../http/server-options.ts";
import { Router } from "../router/router.ts";
import {
  type ErrorClass,
  type ErrorHandler,
  ErrorHandlers,
  internalError,
  serverErrorResponse,
} from "./error-handling.ts";
import { HttpError } from "./http-error.ts";
import { DEFAULT_MAX_FIELDS, DEFAULT_MAX_PARSED_BODY_BYTES } from "./limits.ts";
import { compose, type Endpoint, type Middleware } from "./middleware.ts";
import { type DocumentedRoute, type OpenApiDocument, openApiDocument } from "./openapi.ts";
import type { PathParams } from "./path-params.ts";
import { type Inputs, Request, type RequestLimits } from "./request.ts";
import { Response } from "./response.ts";
import { toResponse } from "./return-value.ts";
import { validateInputs } from "./route-inputs.ts";
import type { Infer, ObjectSchema, Schema } from "./schema.ts";

export interface AppOptions {
  /** The API's name and version, for the OpenAPI document. */
  readonly title?: string;
  readonly version?: string;
  /** Where the OpenAPI document is served; null serves none. */
  readonly openapiPath?: string | null;
  readonly maxParsedBodyBytes?: number;
  readonly maxFields?: number;
}

/** What a route accepts (validated before its handler runs) and how it is documented. */
export interface RouteOptions {
  readonly params?: ObjectSchema;
  readonly query?: ObjectSchema;
  readonly body?: Schema;
  /** The shape of a successful response: documented in OpenAPI, not enforced. */
  readonly response?: Schema;
  readonly summary?: string;
}

/** The handler's second argument: the validated params, or the router's when none are declared. */
type ParamsOf<Pattern extends string, O> = O extends { readonly params: infer S extends ObjectSchema }
  ? Infer<S>
  : PathParams<Pattern>;

type InputsOf<O> = {
  readonly query: O extends { readonly query: infer S extends ObjectSchema } ? Infer<S> : undefined;
  readonly body: O extends { readonly body: infer S extends Schema } ? Infer<S> : undefined;
};

/** A handler returns a Response or a value that becomes one (return-value.ts). */
export type RouteHandler<P, I extends Inputs = Inputs> = (request: Request<I>, params: P) => unknown;

export interface RunOptions {
  readonly port?: number;
  readonly host?: string;
  /** The connection's timeouts and limits (chapters 03 and 04); the defaults otherwise. */
  readonly server?: ServerOptions;
}

/** uvicorn's defaults: loopback only, port 8000. Listening on every interface is a choice to make on purpose. */
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8000;

/** The arguments after the pattern, as the overloads' implementation sees them. */
type HandlerArgs = [RouteHandler<never, never>] | [RouteOptions, RouteHandler<never, never>];

/** What the router holds for each route. */
interface Route {
  readonly options: RouteOptions;
  readonly handler: RouteHandler<unknown>;
}

export class MicroFast {
  private readonly router = new Router<Route>();
  /** Every route the app documents, in registration order. */
  private readonly documented: DocumentedRoute[] = [];
  private readonly middleware: Middleware[] = [];
  private readonly errorHandlers = new ErrorHandlers();
  private readonly limits: RequestLimits;
  private readonly title: string;
  private readonly version: string;

  constructor(options: AppOptions = {}) {
    this.title = options.title ?? "microfast";
    this.version = options.version ?? "0.1.0";
    this.limits = {
      maxParsedBodyBytes: options.maxParsedBodyBytes ?? DEFAULT_MAX_PARSED_BODY_BYTES,
      maxFields: options.maxFields ?? DEFAULT_MAX_FIELDS,
    };
    const openapiPath = options.openapiPath === undefined ? "/openapi.json" : options.openapiPath;
    // Served by the router like any route, but left out of the document it serves.
    if (openapiPath !== null) this.router.add("GET", openapiPath, { options: {}, handler: () => this.openapi() });
  }

  get<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>>): this;
  get<P extends string, const O extends RouteOptions>(
    pattern: P,
    options: O,
    handler: RouteHandler<ParamsOf<P, O>, InputsOf<O>>,
  ): this;
  get(pattern: string, ...rest: HandlerArgs): this {
    return this.addRoute("GET", pattern, rest);
  }

  post<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>>): this;
  post<P extends string, const O extends RouteOptions>(
    pattern: P,
    options: O,
    handler: RouteHandler<ParamsOf<P, O>, InputsOf<O>>,
  ): this;
  post(pattern: string, ...rest: HandlerArgs): this {
    return this.addRoute("POST", pattern, rest);
  }

  put<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>>): this;
  put<P extends string, const O extends RouteOptions>(
    pattern: P,
    options: O,
    handler: RouteHandler<ParamsOf<P, O>, InputsOf<O>>,
  ): this;
  put(pattern: string, ...rest: HandlerArgs): this {
    return this.addRoute("PUT", pattern, rest);
  }

  patch<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>>): this;
  patch<P extends string, const O extends RouteOptions>(
    pattern: P,
    options: O,
    handler: RouteHandler<ParamsOf<P, O>, InputsOf<O>>,
  ): this;
  patch(pattern: string, ...rest: HandlerArgs): this {
    return this.addRoute("PATCH", pattern, rest);
  }

  delete<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>>): this;
  delete<P extends string, const O extends RouteOptions>(
    pattern: P,
    options: O,
    handler: RouteHandler<ParamsOf<P, O>, InputsOf<O>>,
  ): this;
  delete(pattern: string, ...rest: HandlerArgs): this {
    return this.addRoute("DELETE", pattern, rest);
  }

  /** Adds a middleware layer; the first added is the outermost. */
  use(middleware: Middleware): this {
    this.middleware.push(middleware);
    return this;
  }

  /** Answers errors of class `type` (and its subclasses) with `handler`, like FastAPI's exception_handler. */
  onError<E>(type: ErrorClass<E>, handler: ErrorHandler<E>): this {
    this.errorHandlers.add(type, handler);
    return this;
  }

  /** The OpenAPI 3.1 document of every route, in registration order. */
  openapi(): OpenApiDocument {
    return openApiDocument({ title: this.title, version: this.version }, this.documented);
  }

  /** The application as chapter 04's Handler: what a connection calls for each request. */
  handler(): Handler {
    const inner: Endpoint = async (request) => {
      try {
        return await this.dispatch(request);
      } catch (error) {
        const response = await this.errorHandlers.answer(error, request);
        if (response) return response;
        throw error;
      }
    };
    const layered = compose(this.middleware, inner);
    return async (http: HttpRequest): Promise<HttpResponse> => {
      const request = new Request(http, this.limits);
      return (await this.outermost(layered, request)).toHttpResponse();
    };
  }

  /** Starts a server for the app; resolves once it accepts connections. */
  async run(options: RunOptions = {}): Promise<Server> {
    // The errors the server answers below the app (400, 408, 413 …) come out as JSON too.
    const server = createHttpServer(
      { errorResponse: serverErrorResponse, ...(options.server ?? DEFAULT_OPTIONS) },
      this.handler(),
    );
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST, () => {
        server.off("error", reject);
        resolve();
      });
    });
    return server;
  }

  private addRoute(method: string, pattern: string, rest: HandlerArgs): this {
    const [options, handler] = rest.length === 1 ? [{}, rest[0]] : rest;
    // The router checks the pattern and refuses a route that conflicts with an earlier one.
    const info = this.router.add(method, pattern, { options, handler: handler as RouteHandler<unknown> });
    this.documented.push({ info, options });
    return this;
  }

  /** Errors that escaped every layer: known ones get their answer, anything else a bare 500. */
  private async outermost(layered: Endpoint, request: Request): Promise<Response> {
    try {
      return await layered(request);
    } catch (error) {
      try {
        return (await this.errorHandlers.answer(error, request)) ?? internalError(error, request);
      } catch (handlerError) {
        return internalError(handlerError, request);
      }
    }
  }

  /** Routing as in chapter 05, with JSON errors; then validation, the handler, and its return value. */
  private async dispatch(request: Request): Promise<Response> {
    const { method } = request;
    // Decoding the whole path first turns a malformed escape into a 400 rather than a 404.
    void request.path;
    if (!KNOWN_METHODS.has(method) && !this.router.routes().some((route) => route.method === method)) {
      throw new HttpError(501, `the method ${method} is not implemented`);
    }
    // The router decodes segment by segment: "%2F" stays inside its segment (chapter 05).
    let match = this.router.match(method, request.encodedPath);
    // HEAD is GET without the body (RFC 9110 §9.3.2); the connection leaves the body out.
    if (match.kind !== "found" && method === "HEAD") {
      const get = this.router.match("GET", request.encodedPath);
      if (get.kind === "found") match = get;
    }
    if (match.kind === "not-found") throw new HttpError(404, "Not Found");
    if (match.kind === "method-not-allowed") {
      const allow = match.allow.join(", ");
      // OPTIONS asks what the resource supports: Allow and no content (RFC 9110 §9.3.7), a 204
      // as in chapter 05.
      if (method === "OPTIONS") return new Response("", { status: 204, headers: { Allow: allow } });
      // 405 MUST list the methods the resource does support (RFC 9110 §15.5.6).
      throw new HttpError(405, "Method Not Allowed", [["Allow", allow]]);
    }
    request.params = match.params;
    const route = match.handler;
    const params = validateInputs(route.options, request);
    return toResponse(await route.handler(request, params));
  }
}
