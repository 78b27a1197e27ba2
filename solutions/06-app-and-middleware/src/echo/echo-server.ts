// One TCP server, one small state machine per connection: bytes in → lines → commands →
// replies out, with backpressure in both directions and a clean half-close.
import { createServer, type Server, type Socket } from "node:net";
import { execute } from "./commands.ts";
import { MAX_LINE_BYTES } from "./limits.ts";
import { LineSplitter, LineTooLongError } from "./line-splitter.ts";
import { Store } from "./store.ts";

export function createEchoServer(store: Store = new Store()): Server {
  // allowHalfOpen: when a client ends its side (FIN), Node must not end ours for us; we still
  // owe it the replies to what it sent before (RFC 9293 §3.6: a half-closed connection can
  // still carry data the other way).
  return createServer({ allowHalfOpen: true }, (socket) => serveConnection(socket, store));
}

function serveConnection(socket: Socket, store: Store): void {
  const splitter = new LineSplitter(MAX_LINE_BYTES);
  let closing = false;

  // Backpressure: write() returns false once the socket's buffer passes its high-water mark,
  // meaning the client reads slower than we answer. Stop reading until it drains, so a slow
  // reader costs us one buffer, not everything it ever sends.
  const send = (text: string): void => {
    if (socket.write(text) || socket.isPaused()) return;
    socket.pause();
    socket.once("drain", () => socket.resume());
  };

  const run = (line: string): void => {
    const outcome = execute(line, store);
    if (!outcome) return;
    send(outcome.reply);
    if (outcome.close) {
      closing = true;
      socket.end(); // flushes what is queued, then sends FIN
    }
  };

  socket.on("data", (chunk: Buffer) => {
    if (closing) return; // after QUIT, later bytes are not commands
    let lines: string[];
    try {
      lines = splitter.push(chunk);
    } catch (error) {
      if (!(error instanceof LineTooLongError)) throw error;
      closing = true;
      socket.end(`-ERR line too long (limit ${error.limit} bytes)\r\n`);
      return;
    }
    for (const line of lines) {
      run(line);
      if (closing) return;
    }
  });

  // The client half-closed: answer a last unterminated line, then close our side too.
  socket.on("end", () => {
    if (closing) return;
    const last = splitter.finish();
    if (last !== undefined) run(last);
    if (!closing) socket.end();
  });

  // A client that vanishes (ECONNRESET, EPIPE) is normal on the internet; the socket is
  // destroyed either way, and an unhandled 'error' event would crash the whole server.
  socket.on("error", () => {});
}
