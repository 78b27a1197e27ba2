// Turning errors into responses. Two layers, as in Starlette (FastAPI's base):
//
//   outer  (around all middleware)  anything left: 500, logged in full, told to nobody
//   middleware …
//   inner  (around the handler)     HttpError and registered handlers → their response, so a
//                                   middleware's next() sees a 404 as a response, not a throw
//
// A 500 says nothing about its cause: a stack trace or an error message can hold file paths,
// SQL, secrets — the map an attacker wants (CWE-209). The details go to the server's log.
import type { FixedResponse } from "../http/response-writer.ts";
import type { HttpError } from "./http-error.ts";
import type { Request } from "./request.ts";
import type { Response } from "./response.ts";

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
    // TODO(06): a registered handler whose class matches (instanceof) answers; else an HttpError gets httpErrorResponse(); else undefined (stages 06.1 and 06.4).
    throw new Error(`TODO(06): ErrorHandlers.answer is not implemented (${request.method} ${request.target})`, {
      cause: error,
    });
  }
}

/** {"detail": …} with the error's status and fields, FastAPI's shape for every error. */
export function httpErrorResponse(error: HttpError): Response {
  // TODO(06): a JSON response {"detail": error.detail} with error.status and error.headers (stage 06.1).
  throw new Error(`TODO(06): httpErrorResponse is not implemented (${error.status})`);
}

/** The last resort: log everything, answer nothing but the status. */
export function internalError(error: unknown, request: Request): Response {
  console.error(`microfast: ${request.method} ${request.target} failed:`, error);
  // TODO(06): after logging, answer 500 {"detail":"Internal Server Error"} — nothing of the error itself (stage 06.4).
  throw new Error("TODO(06): internalError is not implemented");
}

/**
 * The errors the server answers by itself, below the app — a request it cannot parse (400,
 * 431 …), a body over its limit (413), a client too slow (408) — in the same {"detail": …} shape
 * as the app's own, so a client parses every error one way. The connection writes this response
 * itself, whole: a FixedResponse, not a Response.
 */
export function serverErrorResponse(status: number, reason: string): FixedResponse {
  // TODO(06): a FixedResponse with status, Content-Type: application/json and the body {"detail": reason} (stage 06.4).
  throw new Error(`TODO(06): serverErrorResponse is not implemented (${status} ${reason})`);
}
