// Stage 10.5: control frames and the close handshake (RFC 6455 §5.5, §7). A ping is answered by
// a pong with the same payload. A close frame with a valid code is answered by a close frame with
// that code, then the server closes TCP; an empty one by an empty one. A code that may not appear
// in a close frame, or a payload of one byte, fails the connection with 1002; a reason that is not
// UTF-8 with 1007. The server closes too: with the handler's code, with 1011 when its handler
// throws, with 1001 when it shuts down — and drops a peer that never answers its close.
import { describe, test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { CLOSE_TIMEOUT_MS } from "./fixtures/limits.ts";
import {
  clientFrame,
  closeBody,
  describeFrame,
  OP,
  Peer,
  RawSocket,
  randomBytes,
  WEBSOCKET_APP,
} from "./websocket-client.ts";

const CLOSE_HINT =
  "parseClosePayload(): empty → a close without a code (answer with an empty close frame); one byte → 1002; readUInt16BE(0) must be a valid code → else 1002; the rest must be UTF-8 → else 1007. A valid close is answered with the same code, then TCP is closed.";
const CODES_HINT =
  "isValidCloseCode(): 1000–1014 except 1004 (reserved), 1005 and 1006 (only for reporting, never sent), and 3000–4999. 0–999, 1015 and 1016–2999 are never valid in a close frame (RFC 6455 §7.4).";

/** How much later than closeTimeoutMs the server may drop a peer that never answers: timers run late on a busy machine. */
const DROP_MARGIN_MS = 3_000;

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex");

/** Codes a close frame may carry (§7.4.1, §7.4.2, and the IANA registry's 1012–1014). */
const VALID_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999];

/** Codes no close frame may carry (§7.4.1, §7.4.2). */
const INVALID_CODES = [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65_535];

stage("10.5", () => {
  const server = useSharedLabServer(WEBSOCKET_APP);

  test.each([
    { name: "no payload", payload: Buffer.alloc(0) },
    { name: "a short text", payload: Buffer.from("are you there?") },
    { name: "125 bytes, the most a ping holds", payload: randomBytes(125) },
  ])("answers a ping with a pong carrying the same payload (RFC 6455 §5.5.2): $name", async (row) => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      await socket.send(clientFrame(OP.PING, row.payload));
      await socket.expectMessage(
        OP.PONG,
        row.payload,
        "A ping is answered at once with a pong whose payload is the ping's (given in websocket.ts: check that frames of opcode 0x9 reach it).",
      );
    } finally {
      socket.close();
    }
  });

  test.each(VALID_CODES)(
    "answers a close frame with code %i with the same code, then closes TCP (RFC 6455 §5.5.1)",
    async (code) => {
      const socket = await RawSocket.open(server(), "/echo");
      try {
        await socket.send(clientFrame(OP.CLOSE, closeBody(code, "bye")));
        await socket.expectClose(code, `${CLOSE_HINT} ${CODES_HINT}`);
      } finally {
        socket.close();
      }
    },
  );

  test("answers a close frame with a UTF-8 reason, and sends nothing after its close frame", async () => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      // The text frame after the close must not be echoed: after a close frame, no data (§5.5.1).
      await socket.send(
        Buffer.concat([clientFrame(OP.CLOSE, closeBody(1000, "¡adiós! ✓")), clientFrame(OP.TEXT, "late")]),
      );
      await socket.expectClose(1000, CLOSE_HINT);
    } finally {
      socket.close();
    }
  });

  test("answers an empty close frame with an empty close frame (RFC 6455 §5.5.1, §7.1.5)", async () => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      await socket.send(clientFrame(OP.CLOSE));
      const frame = await socket.read("an empty close frame");
      if (frame.opcode !== OP.CLOSE || frame.payload.length !== 0)
        socket.fail("the server did not answer an empty close frame with one", {
          expected: "a close frame with no payload: there is no code to echo (1005 is never sent)",
          received: describeFrame(frame),
          hint: CLOSE_HINT,
        });
      await socket.expectEnd("the server to close TCP after the close handshake");
    } finally {
      socket.close();
    }
  });

  test.each(INVALID_CODES)(
    "fails the connection with 1002 for a close frame with code %i (RFC 6455 §7.4)",
    async (code) => {
      const socket = await RawSocket.open(server(), "/echo");
      try {
        await socket.send(clientFrame(OP.CLOSE, closeBody(code)));
        await socket.expectClose(1002, CODES_HINT);
      } finally {
        socket.close();
      }
    },
  );

  test("fails the connection with 1002 for a close payload of one byte (RFC 6455 §5.5.1)", async () => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      await socket.send(clientFrame(OP.CLOSE, hex("03")));
      await socket.expectClose(1002, CLOSE_HINT);
    } finally {
      socket.close();
    }
  });

  test.each([
    { name: "FF", reason: hex("ff") },
    { name: "a surrogate (ED A0 80)", reason: hex("6f 6b ed a0 80") },
    { name: "a character cut off (E2 82)", reason: hex("e2 82") },
  ])("fails the connection with 1007 for a close reason that is not UTF-8 (RFC 6455 §5.5.1): $name", async (row) => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      await socket.send(clientFrame(OP.CLOSE, closeBody(1000, row.reason)));
      await socket.expectClose(1007, `${CLOSE_HINT} isValidUtf8() of utf8.ts checks the reason.`);
    } finally {
      socket.close();
    }
  });

  test("closes with the handler's code and reason; the ws client sees both", async () => {
    const peer = await Peer.open(server(), "/close/4001");
    try {
      peer.socket.send("see you");
      const { code, reason } = await peer.closed('the server\'s close with 4001 and the reason "see you"');
      if (code !== 4001 || reason !== "see you")
        throw new CheckFailure("the server's close came with the wrong code or reason", {
          sent: 'ws: "see you" to /close/4001',
          expected: 'a close with code 4001 and reason "see you"',
          received: `code ${code}, reason ${JSON.stringify(reason)}`,
          hint: "socket.close(code, reason) sends a close frame with the code (2 bytes, big-endian) and the reason (UTF-8); isValidCloseCode() must accept 4001.",
        });
    } finally {
      peer.close();
    }
  });

  test(`drops a peer that never answers the server's close frame, after closeTimeoutMs (${CLOSE_TIMEOUT_MS} ms)`, async () => {
    const socket = await RawSocket.open(server(), "/close/4002");
    try {
      await socket.send(clientFrame(OP.TEXT, "and no reply"));
      const frame = await socket.read("the server's close frame with 4002");
      if (frame.opcode !== OP.CLOSE || frame.payload.readUInt16BE(0) !== 4002)
        socket.fail("the server did not close with the handler's code", {
          expected: "a close frame with code 4002",
          received: describeFrame(frame),
          hint: CODES_HINT,
        });
      const started = Date.now();
      await socket.expectEnd(
        `the server to drop the connection about ${CLOSE_TIMEOUT_MS} ms after its close frame went unanswered`,
        CLOSE_TIMEOUT_MS + DROP_MARGIN_MS,
      );
      if (Date.now() - started < CLOSE_TIMEOUT_MS / 2)
        socket.fail("the server did not wait for the peer's close frame", {
          expected: `TCP closed about ${CLOSE_TIMEOUT_MS} ms after the server's close frame, which the peer may still answer`,
          received: `closed after ${Date.now() - started} ms`,
        });
    } finally {
      socket.close();
    }
  });

  test("closes with 1011 when the handler throws (RFC 6455 §7.4.1)", async () => {
    const peer = await Peer.open(server(), "/fail");
    try {
      peer.socket.send("boom");
      const { code } = await peer.closed("a close with 1011 once the handler has thrown");
      if (code !== 1011)
        throw new CheckFailure("a handler that threw did not close the connection with 1011", {
          sent: 'ws: "boom" to /fail, whose handler throws',
          expected: "a close with code 1011 (internal error)",
          received: `code ${code}`,
          hint: "websocket-route.ts closes with 1011 when the handler rejects: isValidCloseCode() must accept 1011.",
        });
    } finally {
      peer.close();
    }
  });

  describe("on shutdown", () => {
    const own = useLabServer(WEBSOCKET_APP);

    test("closes every WebSocket with 1001 when the server shuts down gracefully (SIGTERM)", async () => {
      const peer = await Peer.open(own(), "/echo");
      try {
        peer.socket.send("still here");
        await peer.next('the echo of "still here"');
        process.kill(own().pid, "SIGTERM");
        const { code } = await peer.closed("a close with 1001 (going away) when the server shuts down");
        if (code !== 1001)
          throw new CheckFailure("a shutdown did not close the WebSocket with 1001", {
            sent: `a WebSocket on /echo, then SIGTERM to the server (pid ${own().pid})`,
            expected: "a close frame with code 1001, going away (RFC 6455 §7.4.1)",
            received: `code ${code}${code === 1006 ? ": the connection was cut without a close frame" : ""}`,
            hint: "A graceful shutdown drains every connection: the HTTP connection hands drain() to the protocol it switched to, and the WebSocket's drain is close(1001).",
          });
      } finally {
        peer.close();
      }
    });
  });

  test("answers the ws client's ping with its payload", async () => {
    const peer = await Peer.open(server(), "/echo");
    try {
      const payload = Buffer.from("ping from ws");
      peer.socket.ping(payload);
      const got = await peer.nextPong(`a pong with ${escapeBytes(payload)}`);
      if (!got.equals(payload))
        throw new CheckFailure("the ws client's ping got a wrong pong", {
          sent: `ws.ping(${escapeBytes(payload)})`,
          expected: `a pong with ${escapeBytes(payload)}`,
          received: escapeBytes(got),
        });
    } finally {
      peer.close();
    }
  });
});
