// Puts a response on the socket without ever holding more of it in memory than the socket can
// take: each write that fills the socket's buffer waits for 'drain' before the next one, so a
// client that reads slowly slows the producer down instead of growing the server's heap.
import type { Socket } from "node:net";
import {
  chunkFrame,
  type FixedResponse,
  type HttpResponse,
  isSized,
  isStreamed,
  LAST_CHUNK,
  type ResponseFraming,
  type StreamedBody,
  serializeHead,
  serializeResponse,
  serializeText,
  toBytes,
} from "./response-writer.ts";

export interface SendOptions {
  /** A response to HEAD: the head only (RFC 9110 §9.3.2). */
  readonly omitBody: boolean;
  /** The client reads chunked bodies (HTTP/1.1). An HTTP/1.0 client gets a streamed body delimited by the close. */
  readonly chunked: boolean;
}

/**
 * Hands the response to the socket. A body in memory goes out in one write, and nothing is
 * returned unless the socket's buffer is full; otherwise the promise resolves once the last
 * byte is handed to the socket, or once the socket is gone.
 */
export function sendResponse(socket: Socket, response: HttpResponse, options: SendOptions): Promise<void> | undefined {
  const { body } = response;
  if (isStreamed(body)) return sendStreamed(socket, response, body, options);
  // The body is in memory: the response is a fixed one as it is, with no copy to say so.
  const fixed = response as FixedResponse;
  return write(socket, serializeText(fixed, options) ?? serializeResponse(fixed, options));
}

async function sendStreamed(
  socket: Socket,
  response: HttpResponse,
  body: StreamedBody,
  options: SendOptions,
): Promise<void> {
  const framing: ResponseFraming = isSized(body)
    ? { kind: "length", length: body.byteLength }
    : options.chunked
      ? { kind: "chunked" }
      : { kind: "close" };
  await write(socket, serializeHead(response, framing));
  if (options.omitBody) return;
  let sent = 0;
  try {
    for await (const piece of body) {
      if (socket.destroyed) break; // the client left: stop producing (break ends the iterator)
      const bytes = toBytes(piece);
      // A zero-size chunk would be the last chunk: the client would stop reading here (RFC 9112 §7.1).
      if (bytes.length === 0) continue;
      sent += bytes.length;
      // Bytes past the announced length would be read as the start of the next response.
      if (framing.kind === "length" && sent > framing.length)
        throw new RangeError(`the body is longer than the ${framing.length} bytes announced`);
      await write(socket, framing.kind === "chunked" ? chunkFrame(bytes) : bytes);
    }
  } catch {
    // The head is out and the status cannot change. The one signal left is an incomplete body:
    // no last chunk (or a body cut short of its length or its close), which the client sees as an error.
    socket.destroy();
    return;
  }
  // A body that ended short of its Content-Length (a file truncated while it was sent) would
  // leave the client waiting for the rest: closing tells it the message is incomplete (RFC 9112 §8).
  if (framing.kind === "length" && sent < framing.length) socket.destroy();
  if (framing.kind === "chunked" && !socket.destroyed) await write(socket, LAST_CHUNK);
}

/** Writes `bytes` (a string as UTF-8); a promise of 'drain' only when the socket's buffer is full. */
function write(socket: Socket, bytes: Buffer | string): Promise<void> | undefined {
  if (socket.destroyed || socket.write(bytes)) return undefined;
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
