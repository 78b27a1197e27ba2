// Stage 10.2: frames (RFC 6455 §5.2, §5.3). The echo endpoint sends back every message as it
// came, so each check sends masked frames and reads the echo: the same opcode and payload, in
// one unmasked frame with FIN set and its length in the fewest bytes. The frames arrive whole,
// one byte per packet, cut at seeded random points, many in one packet, and in the same packet
// as the handshake. The ws client echoes too.
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { MAX_MESSAGE_BYTES } from "./fixtures/limits.ts";
import { clientFrame, OP, opcodeName, Peer, RawSocket, randomBytes, WEBSOCKET_APP } from "./websocket-client.ts";

const FRAME_HINT =
  "FrameParser: wait for 2 bytes (FIN, opcode, MASK, 7-bit length), then 2 or 8 more when the length is 126 or 127, then the 4-byte key, then the payload, unmasked with applyMask (byte i XOR key[i % 4]). encodeFrame: 0x80 | opcode, then the length in the fewest bytes, never masked.";

interface EchoRow {
  readonly name: string;
  readonly opcode: number;
  readonly payload: Buffer;
  /** The length field the echo must use: the 7 bits alone, or 2 or 8 more bytes (§5.2). */
  readonly lengthBytes: 0 | 2 | 8;
}

/** `bytes` of UTF-8 text, multi-byte characters included. */
function text(bytes: number): Buffer {
  const unit = Buffer.from("h€llo ✓ ", "utf8");
  const whole = Buffer.alloc(bytes);
  for (let at = 0; at < bytes; at += unit.length) unit.copy(whole, at, 0, Math.min(unit.length, bytes - at));
  // The last character may have been cut: finish with ASCII so the text stays valid.
  let end = bytes;
  while (end > 0 && whole[end - 1]! >= 0x80) whole[--end] = 0x2e;
  return whole;
}

const ECHOES: EchoRow[] = [
  { name: "an empty text message", opcode: OP.TEXT, payload: Buffer.alloc(0), lengthBytes: 0 },
  { name: "one byte of text", opcode: OP.TEXT, payload: Buffer.from("x"), lengthBytes: 0 },
  { name: "125 bytes: the longest 7-bit length", opcode: OP.BINARY, payload: randomBytes(125), lengthBytes: 0 },
  { name: "126 bytes: the shortest 16-bit length", opcode: OP.BINARY, payload: randomBytes(126), lengthBytes: 2 },
  { name: "1000 bytes of multi-byte UTF-8 text", opcode: OP.TEXT, payload: text(1000), lengthBytes: 2 },
  { name: "65 535 bytes: the longest 16-bit length", opcode: OP.BINARY, payload: randomBytes(65_535), lengthBytes: 2 },
  {
    name: `${MAX_MESSAGE_BYTES} bytes: a 64-bit length`,
    opcode: OP.BINARY,
    payload: randomBytes(MAX_MESSAGE_BYTES),
    lengthBytes: 8,
  },
];

/** Reads the echo of `row`, checking the length encoding too. */
async function expectEcho(socket: RawSocket, row: EchoRow, hint = FRAME_HINT): Promise<void> {
  const frame = await socket.expectMessage(row.opcode, row.payload, hint);
  if (frame.lengthBytes !== row.lengthBytes)
    socket.fail("the echo's length is not encoded in the fewest bytes", {
      expected: `a ${row.payload.length}-byte payload with ${row.lengthBytes === 0 ? "the 7-bit length alone" : `length 126/127 and ${row.lengthBytes} more bytes`} (RFC 6455 §5.2)`,
      received: `a header ${escapeBytes(frame.header)}`,
      hint: "encodeFrame(): up to 125 in the 7 bits; up to 65 535 as 126 and 16 bits; beyond as 127 and 64 bits.",
    });
}

stage("10.2", () => {
  const server = useSharedLabServer(WEBSOCKET_APP);

  test.each(ECHOES)(
    "echoes $name: the same opcode and payload, unmasked, the length in the fewest bytes",
    async (row) => {
      const socket = await RawSocket.open(server(), "/echo");
      try {
        await socket.send(clientFrame(row.opcode, row.payload));
        await expectEcho(socket, row);
      } finally {
        socket.close();
      }
    },
  );

  test("reads frames that arrive one byte per packet: 7-bit, 16-bit and 64-bit lengths", async () => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      const short = ECHOES[1]!;
      const medium: EchoRow = { name: "", opcode: OP.TEXT, payload: text(300), lengthBytes: 2 };
      for (const row of [short, medium]) {
        const frame = clientFrame(row.opcode, row.payload);
        await socket.sendPieces(frame, Array(frame.length).fill(1), 1);
        await expectEcho(socket, row);
      }
      // The 64-bit header and key a byte at a time, then the payload.
      const long = ECHOES[ECHOES.length - 1]!;
      const frame = clientFrame(long.opcode, long.payload);
      await socket.sendPieces(frame, Array(14).fill(1), 1);
      await expectEcho(socket, long);
    } finally {
      socket.close();
    }
  });

  test("reads a stream of frames cut at seeded random points, echoing each in order", async () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    const count = sized("10.2", { full: 60, quick: 15 });
    const rows: EchoRow[] = Array.from({ length: count }, (_, i) => {
      const size = [0, 5, 125, 126, 300, 4_000][Math.floor(random() * 6)]!;
      return i % 2 === 0
        ? { name: "", opcode: OP.TEXT, payload: text(size), lengthBytes: size <= 125 ? 0 : 2 }
        : { name: "", opcode: OP.BINARY, payload: randomBytes(size), lengthBytes: size <= 125 ? 0 : 2 };
    });
    const stream = Buffer.concat(rows.map((row) => clientFrame(row.opcode, row.payload)));
    const pieces: number[] = [];
    for (let at = 0; at < stream.length; ) {
      const size = 1 + Math.floor(random() * 40);
      pieces.push(size);
      at += size;
    }
    const socket = await RawSocket.open(server(), "/echo");
    try {
      await socket.sendPieces(stream, pieces, 0);
      for (const [i, row] of rows.entries()) {
        try {
          await expectEcho(socket, row);
        } catch (error) {
          if (!(error instanceof CheckFailure)) throw error;
          throw new CheckFailure(`frame ${i + 1} of ${rows.length}: ${error.message}`, {
            sent: `${count} frames (${stream.length} bytes) in ${pieces.length} pieces; ${reproduceLine(seed, "10", "10.2")}`,
            expected: error.expected,
            received: error.received,
            hint: error.hint ?? FRAME_HINT,
          });
        }
      }
    } finally {
      socket.close();
    }
  });

  test("reads many frames from one packet, echoing each in order", async () => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      const messages = Array.from({ length: 20 }, (_, i) => `message ${i}`);
      await socket.send(Buffer.concat(messages.map((m) => clientFrame(OP.TEXT, m))));
      for (const message of messages) await socket.expectMessage(OP.TEXT, message, FRAME_HINT);
    } finally {
      socket.close();
    }
  });

  test("reads a frame sent in the same packet as the handshake request", async () => {
    const socket = await RawSocket.open(server(), "/echo", clientFrame(OP.TEXT, "already here"));
    try {
      await socket.expectMessage(
        OP.TEXT,
        "already here",
        "The bytes after the handshake request were read with it; the connection hands them to the WebSocket (its `head`), which parses them before the socket's next data.",
      );
    } finally {
      socket.close();
    }
  });

  test("the ws client gets every message back as it sent it, text as text and binary as binary", async () => {
    const peer = await Peer.open(server(), "/echo");
    try {
      const sent: { data: Buffer; isBinary: boolean }[] = [
        { data: Buffer.from("héllo ✓ 🎉", "utf8"), isBinary: false },
        { data: Buffer.alloc(0), isBinary: false },
        { data: randomBytes(126), isBinary: true },
        { data: text(65_535), isBinary: false },
        { data: randomBytes(MAX_MESSAGE_BYTES), isBinary: true },
      ];
      for (const message of sent) peer.socket.send(message.data, { binary: message.isBinary });
      for (const [i, message] of sent.entries()) {
        const what = `the echo of message ${i + 1}: ${message.data.length} bytes of ${message.isBinary ? "binary" : "text"}`;
        const got = await peer.next(what);
        if (got.isBinary !== message.isBinary || !got.data.equals(message.data))
          throw new CheckFailure("the ws client got a message back changed", {
            sent: `${sent.length} messages with ws`,
            expected: what,
            received: `${got.data.length} bytes of ${got.isBinary ? "binary" : "text"}: ${escapeBytes(got.data, 80)}`,
            hint: `The echo must keep the opcode: a ${opcodeName(OP.TEXT)} message is a string, a ${opcodeName(OP.BINARY)} one bytes.`,
          });
      }
    } finally {
      peer.close();
    }
  });
});
