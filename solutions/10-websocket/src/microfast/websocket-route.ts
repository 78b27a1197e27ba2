// WebSocket endpoints of an app: `app.websocket("/chat/{room}", handler)`. The route is a GET like
// any other — the router matches it, middleware sees it, an HttpError refuses it — whose answer,
// when the opening handshake is valid, is a 101 that hands the connection to a WebSocket and the
// handler:
//
//   GET /chat/general + handshake ─► middleware … ─► checkHandshake(request)
//     ├─ refused: 400 / 405 / 426, {"detail": …} like any error
//     └─ valid: 101 Switching Protocols ─► the connection writes it, then switchTo(socket, head)
//                 └─► new WebSocket(socket, head) ─► handler(socket, request, params), in the request's context
//                       the handler returns: close 1000 · it throws: close 1011, logged
//
//   app.websocket("/echo", async (socket) => {
//     for await (const message of socket) await socket.send(message.data);
//   });
import type { Socket } from "node:net";
import type { SwitchedConnection, SwitchingResponse } from "../http/switching-protocols.ts";
import type { Params } from "../router/router.ts";
import { CloseCode } from "../websocket/close-codes.ts";
import { checkHandshake } from "../websocket/handshake.ts";
import { DEFAULT_WEBSOCKET_OPTIONS, type WebSocketOptions } from "../websocket/options.ts";
import { WebSocket } from "../websocket/websocket.ts";
import { bindToContext } from "./context.ts";
import { HttpError } from "./http-error.ts";
import { log } from "./log.ts";
import type { Request } from "./request.ts";
import { Response } from "./response.ts";

/** Runs once per connection, after the handshake; the connection closes when it returns. */
export type WebSocketHandler<P = Params> = (socket: WebSocket, request: Request, params: P) => unknown;

/** A 101 response that carries the protocol taking the connection over. */
class SwitchingProtocols extends Response {
  constructor(
    headers: readonly (readonly [string, string])[],
    private readonly switchTo: SwitchingResponse["switchTo"],
  ) {
    super("", { status: 101, headers });
  }

  override toHttpResponse(): SwitchingResponse {
    return { ...super.toHttpResponse(), body: "", switchTo: this.switchTo };
  }
}

/** The route handler of a WebSocket endpoint: the handshake, then `handler` on the connection. */
export function websocketEndpoint<P>(
  handler: WebSocketHandler<P>,
  options: Partial<WebSocketOptions> = {},
): (request: Request, params: P) => Response {
  const settings: WebSocketOptions = { ...DEFAULT_WEBSOCKET_OPTIONS, ...options };
  return (request, params) => {
    const handshake = checkHandshake(request);
    if (!handshake.ok) throw new HttpError(handshake.status, handshake.reason, handshake.headers);
    // The connection calls this after the 101 is written, outside the request's context: bound
    // to it, the handler's log lines still carry the request's id.
    const switchTo = bindToContext((socket: Socket, head: Buffer): SwitchedConnection => {
      const websocket = new WebSocket(socket, head, settings);
      void serve(websocket, handler, request, params);
      return { drain: () => websocket.close(CloseCode.GOING_AWAY, "the server is shutting down") };
    });
    return new SwitchingProtocols(handshake.headers, switchTo);
  };
}

async function serve<P>(
  websocket: WebSocket,
  handler: WebSocketHandler<P>,
  request: Request,
  params: P,
): Promise<void> {
  try {
    await handler(websocket, request, params);
    // The handler is done with the connection: close it, unless the peer already has.
    websocket.close();
  } catch (error) {
    log.error(`the WebSocket handler for ${request.target} failed`, { error });
    websocket.close(CloseCode.INTERNAL_ERROR, "internal error");
  }
}
