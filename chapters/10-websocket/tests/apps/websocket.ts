// The application chapter 10's checks talk to: WebSocket endpoints on microfast with small limits
// (fixtures/limits.ts), and a heartbeat interval from HEARTBEAT_MS when a stage sets one.
//
//   /echo                every message back as it came
//   /close/{code}        closes with `code` on the first message, its text as the reason
//   /fail                a handler that throws on the first message (→ 1011)
//   /chat/{room}         joins `room`; a message goes to the room's other members, and
//                        "!all <text>" to all, "!echo <text>" back to the sender only,
//                        "!blob <n>" n bytes to all, "!join <room>" / "!leave" change rooms
//   GET /rooms/{room}    {"members": n}, over plain HTTP
import { optionsFromEnv } from "@lab/src/http/server-options.ts";
import { MicroFast, Rooms, type WebSocketOptions } from "@lab/src/microfast/index.ts";
import { CLOSE_TIMEOUT_MS, MAX_BUFFERED_BYTES, MAX_MESSAGE_BYTES } from "../fixtures/limits.ts";

const options: Partial<WebSocketOptions> = {
  maxMessageBytes: MAX_MESSAGE_BYTES,
  maxBufferedBytes: MAX_BUFFERED_BYTES,
  closeTimeoutMs: CLOSE_TIMEOUT_MS,
  ...(process.env.HEARTBEAT_MS ? { heartbeatIntervalMs: Number(process.env.HEARTBEAT_MS) } : {}),
};

const app = new MicroFast();
const rooms = new Rooms();

app.get("/", () => "a WebSocket test app");

app.websocket(
  "/echo",
  async (socket) => {
    for await (const message of socket) await socket.send(message.data);
  },
  options,
);

app.websocket(
  "/close/{code:int}",
  async (socket, _request, { code }) => {
    for await (const message of socket) socket.close(code, String(message.data));
  },
  options,
);

app.websocket(
  "/fail",
  async (socket) => {
    for await (const message of socket) {
      if (message.type === "text") throw new Error(`the handler failed on purpose, after "${message.data}"`);
    }
  },
  options,
);

app.websocket(
  "/chat/{room}",
  async (socket, _request, { room }) => {
    rooms.join(room, socket);
    for await (const message of socket) {
      const text = message.type === "text" ? message.data : "";
      const [command, ...rest] = text.split(" ");
      const argument = rest.join(" ");
      if (command === "!all") rooms.broadcast(room, argument);
      else if (command === "!echo") await socket.send(argument);
      else if (command === "!blob") rooms.broadcast(room, Buffer.alloc(Number(argument), 0x2a));
      else if (command === "!join") rooms.join(argument, socket);
      else if (command === "!leave") rooms.leave(room, socket);
      else rooms.broadcast(room, message.data, { except: socket });
    }
  },
  options,
);

app.get("/rooms/{room}", (_request, { room }) => ({ members: rooms.size(room) }));

await app.run({ host: process.env.HOST, port: Number(process.env.PORT), server: optionsFromEnv(process.env) });
