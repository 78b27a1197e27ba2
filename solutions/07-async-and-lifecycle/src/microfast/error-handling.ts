// Turning errors into responses. Two layers, as in Starlette (FastAPI's base):
//
//   outer  (around all middleware)  anything left: 500, logged in full, told to nobody
//   middleware …
//   inner  (around the handler)     HttpError and registered handlers → their response, so a
//                                   middleware's next() sees a 404 as a response, not a throw
//
// A 500 says nothing about its cause: a stack trace or an error message can hold file paths,
// SQL, secrets — the map an attacker wants (CWE-209). The details go to the server's log, tagged
// with the request's id (chapter 07), which the response carries in X-Request-ID.
import type { FixedResponse } from "../http/response-writer.ts";
import { HttpError } from "./http-error.ts";
import { log } from "./log.ts";
import type { Request } from "./request.ts";
import { Response } from "./response.ts";

export type ErrorHandler<E> = (error: E, request: Request) => Response | Promise<Response>;

/** A class of errors, matched with instanceof; its constructor's arguments do not matter here. */
export type ErrorClass<E> = abstract new (...args: never[]) => E;

export class ErrorHandlers {
  private readonly handlers: [ErrorClass<unknown>, ErrorHandler<never>][] = [];

  add<E>(type: ErrorClass<E>, handler: ErrorHandler<E>): void {
    this.handlers.push([type, handler as ErrorHandler<never>]);
  }

  /**
   * The response for an error the application knows how to answer, or undefined. Handlers
   * registered for a class win over the built-in HttpError answer, in registration order.
   */
  async answer(error: unknown, request: Request): Promise<Response | undefined> {
    const registered = this.handlers.find(([type]) => error instanceof type);
    if (registered) return registered[1](error as never, request);
    if (error instanceof HttpError) return httpErrorResponse(error);
    return undefined;
  }
}

/** {"detail": …} with the error's status and fields, FastAPI's shape for every error. */
export function httpErrorResponse(error: HttpError): Response {
  return Response.json({ detail: error.detail }, { status: error.status, headers: error.headers });
}

/** The last resort: log everything, answer nothing but the status. */
export function internalError(error: unknown, request: Request): Response {
  log.error(`${request.method} ${request.target} failed`, { error });
  return Response.json({ detail: "Internal Server Error" }, { status: 500 });
}

/**
 * The errors the server answers by itself, below the app — a request it cannot parse (400,
 * 431 …), a body over its limit (413), a client too slow (408) — in the same {"detail": …} shape
 * as the app's own, so a client parses every error one way. The connection writes this response
 * itself, whole: a FixedResponse, not a Response.
 */
export function serverErrorResponse(status: number, reason: string): FixedResponse {
  return { status, headers: [["Content-Type", "application/json"]], body: JSON.stringify({ detail: reason }) };
}
