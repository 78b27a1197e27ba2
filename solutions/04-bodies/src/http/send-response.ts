// Puts a response on the socket without ever holding more of it in memory than the socket can
// take: each write that fills the socket's buffer waits for 'drain' before the next one, so a
// client that reads slowly slows the producer down instead of growing the server's heap.
import type { Socket } from "node:net";
import {
  chunkFrame,
  type HttpResponse,
  isStreamed,
  LAST_CHUNK,
  serializeHead,
  serializeResponse,
  toBytes,
} from "./response-writer.ts";

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
  await write(socket, serializeHead(response, options.chunked ? { kind: "chunked" } : { kind: "close" }));
  if (options.omitBody) return;
  try {
    for await (const piece of body) {
      if (socket.destroyed) break; // the client left: stop producing (break ends the iterator)
      const bytes = toBytes(piece);
      // A zero-size chunk would be the last chunk: the client would stop reading here (RFC 9112 §7.1).
      if (bytes.length === 0) continue;
      await write(socket, options.chunked ? chunkFrame(bytes) : bytes);
    }
  } catch {
    // The head is out and the status cannot change. The one signal left is an incomplete body:
    // no last chunk (or a close-delimited body cut short), which the client sees as an error.
    socket.destroy();
    return;
  }
  if (options.chunked && !socket.destroyed) await write(socket, LAST_CHUNK);
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
