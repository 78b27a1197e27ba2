// Stage 10.6: limits and backpressure. A message larger than maxMessageBytes — in one frame or
// summed over its fragments — fails the connection with 1009 (RFC 6455 §7.4.1), and a frame that
// declares too many bytes is refused from its header, before a byte of its payload: a client
// cannot make the server wait for, or hold, 2^40 bytes. A message of exactly the limit is fine.
// And a client that sends without reading the echoes must not make the server buffer without
// bound: the echo handler awaits send(), stops reading, and the server stops reading the socket,
// so TCP holds the client back.
import type { Socket } from "node:net";
import { test } from "vitest";
import { Deadline } from "../../../shared/check/budget.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { MAX_MESSAGE_BYTES } from "./fixtures/limits.ts";
import { clientFrame, frameHeader, OP, Peer, RawSocket, randomBytes, WEBSOCKET_APP } from "./websocket-client.ts";

const MESSAGE_TOO_BIG = 1009;
const LIMIT_HINT =
  "The parser knows a frame's length before its payload: over maxPayloadBytes → 1009 at once. The assembler adds each fragment's length to the message's total: over maxMessageBytes → 1009.";

const MiB = 1024 * 1024;
/** What the slow reader sends without reading: far more than the socket buffers hold. */
const SLOW_TOTAL_BYTES = sized("10.6", { full: 64, quick: 32 }) * MiB;
/**
 * What the server may take from a client that reads nothing: the kernel's socket buffers both
 * ways (a few MiB each on loopback), the handler's unread messages (1 MiB) and one echo in
 * flight. A server that reads on regardless takes all of SLOW_TOTAL_BYTES.
 */
const MAX_ACCEPTED_BYTES = 20 * MiB;
/** Sending counts as stalled when the socket has not drained for this long. */
const QUIET_MS = 500;

stage("10.6", () => {
  const server = useSharedLabServer(WEBSOCKET_APP);

  test(`echoes a message of exactly the limit (${MAX_MESSAGE_BYTES} bytes), in one frame and in four fragments`, async () => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      const payload = randomBytes(MAX_MESSAGE_BYTES);
      await socket.send(clientFrame(OP.BINARY, payload));
      await socket.expectMessage(
        OP.BINARY,
        payload,
        `${LIMIT_HINT} A message of exactly the limit is accepted: > not >=.`,
      );
      const quarter = MAX_MESSAGE_BYTES / 4;
      const frames = [0, 1, 2, 3].map((i) =>
        clientFrame(i === 0 ? OP.BINARY : OP.CONTINUATION, payload.subarray(i * quarter, (i + 1) * quarter), {
          fin: i === 3,
        }),
      );
      await socket.send(Buffer.concat(frames));
      await socket.expectMessage(
        OP.BINARY,
        payload,
        `${LIMIT_HINT} A message of exactly the limit is accepted: > not >=.`,
      );
    } finally {
      socket.close();
    }
  });

  test.each([
    { name: `one byte over the limit (${MAX_MESSAGE_BYTES + 1})`, length: BigInt(MAX_MESSAGE_BYTES + 1) },
    { name: "2^40 bytes", length: 2n ** 40n },
    { name: "2^63 - 1 bytes, the largest length there is", length: 2n ** 63n - 1n },
  ])("refuses a frame that declares $name with 1009, from its header alone (RFC 6455 §7.4.1)", async (row) => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      // The header and the masking key; not a byte of the payload.
      await socket.send(Buffer.concat([frameHeader(OP.BINARY, row.length), randomBytes(4)]));
      await socket.expectClose(
        MESSAGE_TOO_BIG,
        `${LIMIT_HINT} Decide as soon as the length is read: waiting for the payload means waiting for bytes that never come, or holding them all.`,
        "a close frame with code 1009, before any payload was sent",
      );
    } finally {
      socket.close();
    }
  });

  test("refuses a message whose fragments add up to more than the limit with 1009 (RFC 6455 §5.4, §7.4.1)", async () => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      const piece = MAX_MESSAGE_BYTES / 4;
      const frames = [randomBytes(piece), randomBytes(piece), randomBytes(piece), randomBytes(piece + 1)].map(
        (payload, i) =>
          clientFrame(i === 0 ? OP.TEXT : OP.CONTINUATION, Buffer.from(payload.map((b) => 0x61 + (b % 26))), {
            fin: false,
          }),
      );
      await socket.send(Buffer.concat(frames));
      await socket.expectClose(
        MESSAGE_TOO_BIG,
        `${LIMIT_HINT} Every fragment is under the limit here; their sum is not — and the message has not even ended.`,
      );
    } finally {
      socket.close();
    }
  });

  test("the ws client's message one byte over the limit is refused with 1009", async () => {
    const peer = await Peer.open(server(), "/echo");
    try {
      peer.socket.send(randomBytes(MAX_MESSAGE_BYTES + 1));
      const { code } = await peer.closed("a close with 1009");
      if (code !== MESSAGE_TOO_BIG)
        throw new CheckFailure("a message over the limit was not refused with 1009", {
          sent: `ws: a binary message of ${MAX_MESSAGE_BYTES + 1} bytes`,
          expected: "a close with code 1009 (message too big)",
          received: `code ${code}`,
          hint: LIMIT_HINT,
        });
    } finally {
      peer.close();
    }
  });

  test(`a client that sends ${SLOW_TOTAL_BYTES / MiB} MiB without reading its echoes is held back by TCP, then gets all of them`, async () => {
    const deadline = new Deadline(30_000);
    const opened = await RawSocket.open(server(), "/echo");
    const socket = opened.client.takeSocket();
    socket.pause();
    const payload = randomBytes(MAX_MESSAGE_BYTES);
    const frame = clientFrame(OP.BINARY, payload);
    let accepted = 0;
    let sent = 0;
    try {
      while (sent < SLOW_TOTAL_BYTES) {
        const flowing = socket.write(frame, () => {
          accepted += frame.length;
        });
        sent += frame.length;
        if (!flowing && !(await drained(socket, QUIET_MS))) break;
      }
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      if (accepted > MAX_ACCEPTED_BYTES)
        throw new CheckFailure("the server kept reading from a client that read nothing back", {
          sent: `${Math.round(sent / MiB)} MiB of ${MAX_MESSAGE_BYTES}-byte messages to /echo, none of the echoes read`,
          expected: `the server to stop reading once its echoes back up: at most ${MAX_ACCEPTED_BYTES / MiB} MiB accepted (socket buffers and one message)`,
          received: `${Math.round(accepted / MiB)} MiB accepted`,
          hint: "The echo handler awaits send(), which waits for 'drain' while the client reads nothing; the messages it has not read pile up until the WebSocket pauses the socket (MAX_UNREAD_BYTES). Check that send() waits and that the unread queue pauses the socket.",
        });
      const messages = Math.round(sent / frame.length);
      const expected = messages * (10 + MAX_MESSAGE_BYTES);
      const received = await readAll(socket, expected, deadline);
      if (received !== expected)
        throw new CheckFailure("the echoes did not all arrive once the client read them", {
          sent: `${messages} messages of ${MAX_MESSAGE_BYTES} bytes, then the client read`,
          expected: `${messages} echoes: ${expected} bytes of frames`,
          received: `${received} bytes before ${received < expected ? "the connection ended or the time ran out" : "more came"}`,
          hint: "A peer that falls behind is held back, not dropped, as long as the handler awaits send(): the backlog never passes maxBufferedBytes.",
        });
    } finally {
      socket.destroy();
    }
  });
});

/** True once `socket` drains, false when it has not within `ms`. */
function drained(socket: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), ms);
    const done = (result: boolean): void => {
      clearTimeout(timer);
      socket.off("drain", onDrain);
      resolve(result);
    };
    const onDrain = (): void => done(true);
    socket.on("drain", onDrain);
  });
}

/** Reads until `expected` bytes have come, the connection ends, or the deadline passes; returns how many came. */
function readAll(socket: Socket, expected: number, deadline: Deadline): Promise<number> {
  return new Promise((resolve) => {
    let received = 0;
    const timer = setTimeout(() => resolve(received), deadline.left());
    const finish = (): void => {
      clearTimeout(timer);
      resolve(received);
    };
    socket.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received >= expected) finish();
    });
    socket.on("close", finish);
    socket.resume();
  });
}
