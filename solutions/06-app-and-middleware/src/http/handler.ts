// What an application is to the server: a function from a whole request to a response.
import type { HttpRequest } from "./request.ts";
import type { HttpResponse } from "./response-writer.ts";

/**
 * Called once per request, after its whole body has arrived, in the order the requests came.
 * It may answer at once or later (a Promise); a handler that throws or rejects gets a 500.
 */
export type Handler = (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;
