// The application: routes with typed handlers, middleware, error handlers, and the server.
//
//   const app = new MicroFast();
//   app.get("/users/{id:int}", async (req, { id }) => ({ id }));
//   await app.run({ port: 8000 });
//
// One request, from the connection to a handler and back, inside the request's context (its id,
// its logger: context.ts), so everything it starts — awaits, timers, background tasks — knows it:
//
//   StreamedRequest ─► Request ─► outer error layer ─► middleware … ─► inner error layer ─► dispatch
//                                                    route → read the body → validate → dependencies → handler
//   HttpResponse ◄─ Response + X-Request-ID ◄───────────────────────────────── toResponse(return value, model)
//                              └─► after it is sent: the background tasks the handler left
//
// And the app's lifecycle: run() listens, and SIGTERM or SIGINT (or close()) shut it down
// gracefully — no new connections, requests in progress answered, background tasks finished.

import type { Writable } from "node:stream";
import { andThen, type MaybePromise, recover } from "../http/maybe-async.ts";
import { KNOWN_METHODS } from "../http/methods.ts";
import { type HttpResponse, isStreamed } from "../http/response-writer.ts";
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, HttpServer } from "../http/server.ts";
import { DEFAULT_OPTIONS, type ServerOptions } from "../http/server-options.ts";
import type { StreamedRequest, StreamingHandler } from "../http/streaming-handler.ts";
import type { TlsCredentials } from "../http/tls-server.ts";
import { Router } from "../router/router.ts";
import type { WebSocketOptions } from "../websocket/options.ts";
import { AccessLog } from "./access-log.ts";
import { BackgroundWork } from "./background.ts";
import { chooseRequestId, type RequestContext, runInContext } from "./context.ts";
import {
  type Dependency,
  type Deps,
  dependencyOrder,
  type Empty,
  resolveDependencies,
  type ValuesOf,
} from "./dependencies.ts";
import {
  type ErrorClass,
  type ErrorHandler,
  ErrorHandlers,
  internalError,
  serverErrorResponse,
} from "./error-handling.ts";
import { HttpError } from "./http-error.ts";
import { DEFAULT_MAX_FIELDS, DEFAULT_MAX_PARSED_BODY_BYTES } from "./limits.ts";
import { consoleSink, Logger, type LogSink, log } from "./log.ts";
import { compose, type Endpoint, type Middleware } from "./middleware.ts";
import { type DocumentedRoute, type OpenApiDocument, openApiDocument } from "./openapi.ts";
import type { PathParams } from "./path-params.ts";
import { type Inputs, NO_INPUTS, Request, type RequestLimits } from "./request.ts";
import { Response } from "./response.ts";
import { toResponse } from "./return-value.ts";
import { validateInputs } from "./route-inputs.ts";
import type { Infer, ObjectSchema, Schema } from "./schema.ts";
import { guardStream } from "./streamed-body.ts";
import { type WebSocketHandler, websocketEndpoint } from "./websocket-route.ts";

export interface AppOptions {
  /** The API's name and version, for the OpenAPI document. */
  readonly title?: string;
  readonly version?: string;
  /** Where the OpenAPI document is served; null serves none. */
  readonly openapiPath?: string | null;
  readonly maxParsedBodyBytes?: number;
  readonly maxFields?: number;
  /** Where log records go (log.ts): JSON lines on the console unless set. */
  readonly log?: LogSink;
  /** Where one JSON line per request goes (access-log.ts): a file to append to, or a stream; none by default. */
  readonly accessLog?: string | Writable;
}

/** What a route accepts (validated before its handler runs) and how it is documented. */
export interface RouteOptions {
  readonly params?: ObjectSchema;
  readonly query?: ObjectSchema;
  readonly body?: Schema;
  /** The model of a successful response: what the handler returns is checked and filtered by it, and documented. */
  readonly response?: Schema;
  readonly summary?: string;
  /** Dependencies whose values the handler gets as its third argument, by name (dependencies.ts). */
  readonly deps?: Deps;
  /** The handler reads the body itself, with request.stream(), as it arrives; it is not read whole first. */
  readonly streamBody?: boolean;
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
export type RouteHandler<P, I extends Inputs = Inputs, D = Empty> = (
  request: Request<I>,
  params: P,
  deps: D,
) => unknown;

export interface RunOptions {
  readonly port?: number;
  readonly host?: string;
  /** The connection's timeouts and limits (chapters 03 and 04); the defaults otherwise. */
  readonly server?: ServerOptions;
  /** How long close() waits for requests in progress and background tasks before it cuts them off. */
  readonly shutdownTimeoutMs?: number;
  /** false: SIGTERM and SIGINT are left alone, for a program that shuts the app down itself. */
  readonly handleSignals?: boolean;
  /** A key and certificate: serve HTTPS instead of plain HTTP (tls-server.ts). */
  readonly tls?: TlsCredentials;
}

/** uvicorn's defaults: loopback only, port 8000. Listening on every interface is a choice to make on purpose. */
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8000;

/**
 * The signals that ask a server to stop: SIGTERM from `docker stop`, Kubernetes and systemd,
 * SIGINT from Ctrl-C. The first starts a graceful shutdown; a second of the same kind finds no
 * listener left and ends the process at once.
 */
const SHUTDOWN_SIGNALS = ["SIGTERM", "SIGINT"] as const;

/**
 * The status logged for a request whose client left before its answer: nginx's 499 "Client
 * Closed Request". No RFC defines it; nobody reads the response anyway.
 */
const CLIENT_CLOSED_REQUEST = 499;

/** What a route without dependencies gets as its third argument. */
const NO_DEPENDENCIES: Record<string, unknown> = Object.freeze({});

/** The arguments after the pattern, as the overloads' implementation sees them. */
type HandlerArgs = [RouteHandler<never, never, never>] | [RouteOptions, RouteHandler<never, never, never>];

/** What the router holds for each route. */
interface Route {
  readonly options: RouteOptions;
  readonly handler: RouteHandler<unknown, Inputs, Record<string, unknown>>;
  /** Every dependency the route needs, each once, in the order they are resolved. */
  readonly dependencies: readonly Dependency<unknown>[];
  /** No params, query or body schema and no dependency: nothing to validate before the handler. */
  readonly plain?: boolean;
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
  private readonly logger: Logger;
  private readonly accessLog: AccessLog | undefined;
  private readonly background = new BackgroundWork();
  private server: HttpServer | undefined;
  private shutdownTimeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS;
  private closing: Promise<void> | undefined;

  constructor(options: AppOptions = {}) {
    this.title = options.title ?? "microfast";
    this.version = options.version ?? "0.1.0";
    this.limits = {
      maxParsedBodyBytes: options.maxParsedBodyBytes ?? DEFAULT_MAX_PARSED_BODY_BYTES,
      maxFields: options.maxFields ?? DEFAULT_MAX_FIELDS,
    };
    this.logger = new Logger(options.log ?? consoleSink);
    this.accessLog = options.accessLog === undefined ? undefined : new AccessLog(options.accessLog);
    const openapiPath = options.openapiPath === undefined ? "/openapi.json" : options.openapiPath;
    // Served by the router like any route, but left out of the document it serves.
    if (openapiPath !== null)
      this.router.add("GET", openapiPath, { options: {}, handler: () => this.openapi(), dependencies: [] });
  }

  get<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>>): this;
  get<P extends string, const O extends RouteOptions>(
    pattern: P,
    options: O,
    handler: RouteHandler<ParamsOf<P, O>, InputsOf<O>, ValuesOf<O>>,
  ): this;
  get(pattern: string, ...rest: HandlerArgs): this {
    return this.addRoute("GET", pattern, rest);
  }

  post<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>>): this;
  post<P extends string, const O extends RouteOptions>(
    pattern: P,
    options: O,
    handler: RouteHandler<ParamsOf<P, O>, InputsOf<O>, ValuesOf<O>>,
  ): this;
  post(pattern: string, ...rest: HandlerArgs): this {
    return this.addRoute("POST", pattern, rest);
  }

  put<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>>): this;
  put<P extends string, const O extends RouteOptions>(
    pattern: P,
    options: O,
    handler: RouteHandler<ParamsOf<P, O>, InputsOf<O>, ValuesOf<O>>,
  ): this;
  put(pattern: string, ...rest: HandlerArgs): this {
    return this.addRoute("PUT", pattern, rest);
  }

  patch<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>>): this;
  patch<P extends string, const O extends RouteOptions>(
    pattern: P,
    options: O,
    handler: RouteHandler<ParamsOf<P, O>, InputsOf<O>, ValuesOf<O>>,
  ): this;
  patch(pattern: string, ...rest: HandlerArgs): this {
    return this.addRoute("PATCH", pattern, rest);
  }

  delete<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>>): this;
  delete<P extends string, const O extends RouteOptions>(
    pattern: P,
    options: O,
    handler: RouteHandler<ParamsOf<P, O>, InputsOf<O>, ValuesOf<O>>,
  ): this;
  delete(pattern: string, ...rest: HandlerArgs): this {
    return this.addRoute("DELETE", pattern, rest);
  }

  /**
   * A WebSocket endpoint (chapter 10): a GET with a valid opening handshake is answered 101, and
   * `handler` gets the connection (websocket-route.ts). Middleware sees the handshake; OpenAPI
   * does not document it.
   */
  websocket<P extends string>(
    pattern: P,
    handler: WebSocketHandler<PathParams<P>>,
    options: Partial<WebSocketOptions> = {},
  ): this {
    const endpoint = websocketEndpoint(handler, options) as Route["handler"];
    this.router.add("GET", pattern, { options: {}, handler: endpoint, dependencies: [] });
    return this;
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

  /** The application as the server calls it: once per request, as soon as its head has arrived. */
  handler(): StreamingHandler {
    // Every step may answer at once: a synchronous handler behind synchronous middleware costs
    // no promise at all (maybe-async.ts).
    const inner: Endpoint = (request) =>
      recover(
        () => this.dispatch(request),
        (error) =>
          andThen(this.errorHandlers.answer(error, request), (response) => {
            if (response) return response;
            throw error;
          }),
      );
    const layered = compose(this.middleware, inner);
    return (http: StreamedRequest): MaybePromise<HttpResponse> => {
      // The clock is read only when an access log will use it.
      const started = this.accessLog ? performance.now() : 0;
      const request = new Request(http, this.limits);
      const context = { requestId: chooseRequestId(request.header("x-request-id")), logger: this.logger };
      return runInContext(context, () =>
        andThen(this.outermost(layered, request), (response) => this.finish(response, request, context, started)),
      );
    };
  }

  /** The response on its way out of the app: its request id, a guard on a streamed body, the access log. */
  private finish(response: Response, request: Request, context: RequestContext, started: number): HttpResponse {
    // The id goes back, so a client's bug report can quote it and a proxy can log it.
    response.headers.set("X-Request-ID", context.requestId);
    // A streamed body is produced after this returns, by the connection: guard it.
    if (isStreamed(response.body)) response.body = guardStream(response.body, request.signal);
    return (this.accessLog?.record(request, response, started) ?? response).toHttpResponse();
  }

  /** Starts a server for the app; resolves once it accepts connections. SIGTERM and SIGINT then shut it down gracefully. */
  async run(options: RunOptions = {}): Promise<HttpServer> {
    // The errors the server answers below the app (400, 408, 413 …) come out as JSON too.
    const server = new HttpServer(
      { errorResponse: serverErrorResponse, ...(options.server ?? DEFAULT_OPTIONS) },
      this.handler(),
      options.tls,
    );
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    this.shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
    if (options.handleSignals ?? true) {
      for (const signal of SHUTDOWN_SIGNALS) process.once(signal, () => void this.close().then(() => process.exit(0)));
    }
    return server;
  }

  /**
   * Graceful shutdown: stop accepting connections, close idle ones, answer the requests in
   * progress (then close their connections), wait for background tasks — and after
   * shutdownTimeoutMs, cut off whatever is left. Resolves when it is done; later calls get the
   * same promise.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    const deadline = Date.now() + this.shutdownTimeoutMs;
    await this.server?.shutdown(this.shutdownTimeoutMs);
    const unfinished = await this.background.settled(Math.max(0, deadline - Date.now()));
    if (unfinished > 0)
      this.logger.warn(
        `shut down with the background tasks of ${unfinished} request(s) unfinished after ${this.shutdownTimeoutMs} ms`,
      );
  }

  private addRoute(method: string, pattern: string, rest: HandlerArgs): this {
    const [options, handler] = rest.length === 1 ? [{}, rest[0]] : rest;
    if (options.streamBody && options.body)
      throw new TypeError(`${method} ${pattern}: a route that streams its body cannot also validate it whole (body)`);
    const dependencies = options.deps ? dependencyOrder(options.deps) : [];
    // The router checks the pattern and refuses a route that conflicts with an earlier one.
    const plain = !options.params && !options.query && !options.body && dependencies.length === 0;
    const info = this.router.add(method, pattern, {
      options,
      handler: handler as Route["handler"],
      dependencies,
      plain,
    });
    this.documented.push({ info, options });
    return this;
  }

  /** The layers, with a last resort for whatever escapes them. */
  private outermost(layered: Endpoint, request: Request): MaybePromise<Response> {
    return recover(
      () => layered(request),
      (error) => this.lastResort(error, request),
    );
  }

  /** Errors that escaped every layer: known ones get their answer, anything else a bare 500. */
  private async lastResort(error: unknown, request: Request): Promise<Response> {
    // The client left and the handler gave up, as request.signal told it to: no bug to report.
    if (request.signal.aborted && error instanceof Error && error.name === "AbortError") {
      log.info(`${request.method} ${request.target}: the client closed the connection before the response`);
      return Response.json({ detail: "Client Closed Request" }, { status: CLIENT_CLOSED_REQUEST });
    }
    try {
      return (await this.errorHandlers.answer(error, request)) ?? internalError(error, request);
    } catch (handlerError) {
      return internalError(handlerError, request);
    }
  }

  /** Routing as in chapter 05, with JSON errors; then validation, the handler, and its return value. */
  private dispatch(request: Request): MaybePromise<Response> {
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
    // The handler gets the body whole, unless it reads the stream itself. Most bodies are all
    // here already (or empty): then there is nothing to wait for.
    if (!route.options.streamBody && !request.takeBody()) {
      return request.buffer().then(() => this.validateAndCall(route, request));
    }
    return this.validateAndCall(route, request);
  }

  private validateAndCall(route: Route, request: Request): MaybePromise<Response> {
    // A route that declares nothing to validate and needs no dependency: its handler at once,
    // without the issue list, the map and the option object validateInputs() makes per request.
    if (route.plain) {
      request.valid = NO_INPUTS;
      return this.call(route, request, request.params, NO_DEPENDENCIES);
    }
    const { params, dependencyFields } = validateInputs(
      { ...route.options, dependencies: route.dependencies },
      request,
    );
    if (route.dependencies.length === 0) return this.call(route, request, params, NO_DEPENDENCIES);
    return resolveDependencies(route.dependencies, dependencyFields, request, route.options.deps ?? {}).then((deps) =>
      this.call(route, request, params, deps),
    );
  }

  private call(route: Route, request: Request, params: unknown, deps: Record<string, unknown>): MaybePromise<Response> {
    return andThen(route.handler(request, params, deps), (value) => {
      const response = toResponse(value, route.options.response);
      // The handler succeeded: what it left for later runs once its response is sent.
      if (request.backgroundTasks.length > 0) this.background.start(request.backgroundTasks, request.sent);
      return response;
    });
  }
}
