// Puts a response on the socket without ever holding more of it in memory than the socket can
// take: each write that fills the socket's buffer waits for 'drain' before the next one, so a
// client that reads slowly slows the producer down instead of growing the server's heap.
import type { Socket } from "node:net";
import { type HttpResponse, isStreamed, serializeResponse } from "./response-writer.ts";

export interface SendOptions {
  /** A response to HEAD: the head only (RFC 9110 §9.3.2). */
  readonly omitBody: boolean;
  /** The client reads chunked bodies (HTTP/1.1). An HTTP/1.0 client gets a streamed body delimited by the close. */
  readonly chunked: boolean;
}

/** Resolves once the last byte is handed to the socket, or once the socket is gone. */
export async function sendResponse(socket: Socket, response: HttpResponse, options: SendOptions): Promise<void> {
  const { body } = response;
  if (!isStreamed(body)) return write(socket, serializeResponse({ ...response, body }, options));
  // TODO(04): stream the body (README: Streaming responses). Write serializeHead(response,
  // { kind: "chunked" } or { kind: "close" }) (response-writer.ts); stop there for HEAD. Then
  // for await each piece: toBytes(), skip empty pieces (size 0 would end the body), and await
  // write(socket, chunkFrame(bytes)) — or the raw bytes for HTTP/1.0. End with LAST_CHUNK. If
  // the body throws once the head is out, destroy the socket: the status cannot change now.
  throw new Error(`TODO(04): sendResponse cannot stream a body yet (status ${response.status})`);
}

function write(socket: Socket, bytes: Buffer): Promise<void> {
  if (socket.destroyed || socket.write(bytes)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off("drain", done);
      socket.off("close", done);
      resolve();
    };
    socket.on("drain", done);
    socket.on("close", done);
  });
}
