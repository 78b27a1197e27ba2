// Stage 10.3: frames that break the protocol fail the connection with 1002 (RFC 6455 §7.4.1):
// the server sends a close frame with that code, answers nothing the client sent after the bad
// frame (§7.1.7), and closes TCP. Every one of these shows in the frame's header, so the server
// must refuse it from the header alone, without waiting for a payload that may never come.
import { test } from "vitest";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { clientFrame, closeBody, frameHeader, OP, RawSocket, randomBytes, WEBSOCKET_APP } from "./websocket-client.ts";

const PROTOCOL_ERROR = 1002;

interface Violation {
  readonly name: string;
  /** The whole bad frame. */
  readonly frame: Buffer;
  /** Its first bytes, enough to show the violation. */
  readonly header: Buffer;
  readonly hint: string;
}

const RSV_HINT =
  "RSV1–3 (first byte & 0x70) mean something only for an extension both ends negotiated; microfast offers none, so any of them set is a 1002.";
const OPCODE_HINT = "Opcodes 0x3–0x7 and 0xB–0xF are reserved (RFC 6455 §5.2): isKnownOpcode(), else 1002.";
const CONTROL_HINT =
  "Control frames (opcode & 0x8) must have FIN set and a 7-bit length of at most 125 (RFC 6455 §5.5): check both in the head step.";
const MASK_HINT =
  "A client MUST mask every frame (RFC 6455 §5.1): MASK is the high bit of the second byte; not set → 1002.";

function violation(name: string, frame: Buffer, headerBytes: number, hint: string): Violation {
  return { name, frame, header: frame.subarray(0, headerBytes), hint };
}

const VIOLATIONS: Violation[] = [
  violation("RSV1 set without an extension (§5.2)", clientFrame(OP.TEXT, "hi", { rsv: 4 }), 2, RSV_HINT),
  violation("RSV2 set (§5.2)", clientFrame(OP.BINARY, "hi", { rsv: 2 }), 2, RSV_HINT),
  violation("RSV3 set on a ping (§5.2)", clientFrame(OP.PING, "hi", { rsv: 1 }), 2, RSV_HINT),
  ...[0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf].map((opcode) =>
    violation(`the reserved opcode 0x${opcode.toString(16)} (§5.2)`, clientFrame(opcode, "hi"), 2, OPCODE_HINT),
  ),
  violation(
    "a ping without FIN: control frames are never fragmented (§5.5)",
    clientFrame(OP.PING, "x", { fin: false }),
    2,
    CONTROL_HINT,
  ),
  violation("a close without FIN (§5.5)", clientFrame(OP.CLOSE, closeBody(1000), { fin: false }), 2, CONTROL_HINT),
  violation(
    "a ping of 126 bytes: control payloads end at 125 (§5.5)",
    clientFrame(OP.PING, randomBytes(126)),
    2,
    CONTROL_HINT,
  ),
  violation("a pong of 126 bytes (§5.5)", clientFrame(OP.PONG, randomBytes(126)), 2, CONTROL_HINT),
  violation("a close of 126 bytes (§5.5)", clientFrame(OP.CLOSE, closeBody(1000, "x".repeat(124))), 2, CONTROL_HINT),
  violation("an unmasked text frame (§5.1)", clientFrame(OP.TEXT, "hello", { mask: false }), 2, MASK_HINT),
  violation("an unmasked ping (§5.1)", clientFrame(OP.PING, "", { mask: false }), 2, MASK_HINT),
  violation(
    "a 64-bit length with its most significant bit set (§5.2)",
    Buffer.concat([frameHeader(OP.BINARY, 0x8000_0000_0000_0000n), randomBytes(4)]),
    10,
    "The 64-bit length's most significant bit MUST be 0: refuse a first 32-bit word >= 0x80000000 with 1002, before reading anything more.",
  ),
  violation(
    "the 64-bit length 2^64 - 1 (§5.2)",
    Buffer.concat([frameHeader(OP.BINARY, 0xffff_ffff_ffff_ffffn), randomBytes(4)]),
    10,
    "The 64-bit length's most significant bit MUST be 0: refuse a first 32-bit word >= 0x80000000 with 1002.",
  ),
];

stage("10.3", () => {
  const server = useSharedLabServer(WEBSOCKET_APP);

  test.each(VIOLATIONS)("fails the connection with 1002 and answers nothing after it: $name", async (row) => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      // A valid message before it is answered; a valid one after it, in the same packet, must not be.
      await socket.send(clientFrame(OP.TEXT, "before"));
      await socket.expectMessage(OP.TEXT, "before", "The echo works: check frames/10.2 first.");
      await socket.send(Buffer.concat([row.frame, clientFrame(OP.TEXT, "after")]));
      await socket.expectClose(PROTOCOL_ERROR, row.hint);
    } finally {
      socket.close();
    }
  });

  test.each(VIOLATIONS)("refuses from the header alone, sent a byte at a time: $name", async (row) => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      await socket.sendPieces(row.header, Array(row.header.length).fill(1), 1);
      await socket.expectClose(
        PROTOCOL_ERROR,
        `${row.hint} Decide as soon as the header's bytes are in: the payload may never come.`,
        "a close frame with code 1002, before any payload was sent",
      );
    } finally {
      socket.close();
    }
  });

  test("after a protocol error, HTTP does not come back: a request sent as frames is a 1002", async () => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      // "G" is 0x47: FIN clear, RSV1 set, opcode 7 — not a frame this server accepts.
      await socket.send(Buffer.from("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", "latin1"));
      await socket.expectClose(PROTOCOL_ERROR, RSV_HINT);
    } finally {
      socket.close();
    }
  });
});
