// Stage 10.7: heartbeats. The server under check pings every HEARTBEAT_MS (a second, instead of
// the production half-minute). A peer that answers each ping with a pong stays connected as long
// as it likes; a peer that leaves a ping unanswered until the next beat is dropped — not at the
// first beat, which only asks. The stage has one budget for its waits, scaled to the interval.
import { test } from "vitest";
import { Deadline } from "../../../shared/check/budget.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { HEARTBEAT_MS } from "./fixtures/limits.ts";
import { clientFrame, describeFrame, OP, Peer, RawSocket, WEBSOCKET_APP } from "./websocket-client.ts";

const HEARTBEAT_HINT =
  "Heartbeat.beat() runs every interval: if the last ping is still unanswered, peer.terminate(); otherwise mark a ping as outstanding and peer.ping(). pong() clears the mark.";
/** How late a beat may come on a busy machine, beyond the interval itself. */
const SLACK_MS = HEARTBEAT_MS + 1_000;
/** How many intervals the peers that answer are watched for. */
const WATCHED_BEATS = 4;

stage("10.7", () => {
  const server = useSharedLabServer(WEBSOCKET_APP, { HEARTBEAT_MS: String(HEARTBEAT_MS) });
  const plain = useSharedLabServer(WEBSOCKET_APP);

  test(`pings a silent peer after about ${HEARTBEAT_MS} ms, and drops it at the next beat when no pong came`, async () => {
    const deadline = new Deadline(2 * HEARTBEAT_MS + 2 * SLACK_MS);
    const socket = await RawSocket.open(server(), "/echo");
    try {
      const ping = await socket.read(`a ping within about ${HEARTBEAT_MS} ms`, deadline.left());
      const pinged = Date.now();
      if (ping.opcode !== OP.PING)
        socket.fail("the server sent something else than a ping to a silent peer", {
          expected: "a ping frame",
          received: describeFrame(ping),
          hint: HEARTBEAT_HINT,
        });
      await socket.expectEnd(
        `the server to drop the peer at the next beat, about ${HEARTBEAT_MS} ms after its unanswered ping`,
        deadline.left(),
      );
      const after = Date.now() - pinged;
      if (after < HEARTBEAT_MS / 2)
        socket.fail("the peer was dropped before it had time to answer the ping", {
          expected: `the connection kept for an interval (${HEARTBEAT_MS} ms) after the ping, for the pong to come`,
          received: `dropped ${after} ms after the ping`,
          hint: HEARTBEAT_HINT,
        });
    } finally {
      socket.close();
    }
  });

  test("takes a pong nobody asked for without answering it (RFC 6455 §5.5.3)", async () => {
    // The server without a short heartbeat: no ping of its own comes between.
    const socket = await RawSocket.open(plain(), "/echo");
    try {
      await socket.send(Buffer.concat([clientFrame(OP.PONG, "unasked"), clientFrame(OP.TEXT, "after the pong")]));
      await socket.expectMessage(
        OP.TEXT,
        "after the pong",
        `A pong may come unasked, as a one-way heartbeat: it gets no answer, and it is no error. ${HEARTBEAT_HINT}`,
      );
    } finally {
      socket.close();
    }
  });

  test(`keeps peers that answer every ping, a raw one and the ws client, for ${WATCHED_BEATS} intervals`, async () => {
    const deadline = new Deadline(WATCHED_BEATS * HEARTBEAT_MS + 2 * SLACK_MS);
    const raw = await RawSocket.open(server(), "/echo");
    const peer = await Peer.open(server(), "/echo");
    try {
      const answering = (async () => {
        let pings = 0;
        while (pings < WATCHED_BEATS) {
          const frame = await raw.read(`ping ${pings + 1} of ${WATCHED_BEATS}, answered with pongs`, deadline.left());
          if (frame.opcode !== OP.PING)
            raw.fail("a peer that answers pings got something else", {
              expected: "only pings",
              received: describeFrame(frame),
              hint: HEARTBEAT_HINT,
            });
          pings++;
          await raw.send(clientFrame(OP.PONG, frame.payload));
        }
        await raw.send(clientFrame(OP.TEXT, "still here"));
        for (;;) {
          const frame = await raw.read('the echo of "still here"', deadline.left());
          if (frame.opcode === OP.PING) await raw.send(clientFrame(OP.PONG, frame.payload));
          else if (frame.opcode === OP.TEXT && frame.payload.toString() === "still here") break;
          else
            raw.fail("a peer that answered every ping got something else than its echo", {
              expected: 'the echo of "still here" (or more pings)',
              received: describeFrame(frame),
              hint: HEARTBEAT_HINT,
            });
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, WATCHED_BEATS * HEARTBEAT_MS));
      peer.socket.send("still here too");
      const echo = await peer.next("the echo of a message sent after several heartbeats", deadline.left());
      if (echo.data.toString() !== "still here too")
        throw new CheckFailure("the ws client's echo came back wrong", {
          sent: 'ws: "still here too"',
          expected: '"still here too"',
          received: echo.data.toString(),
        });
      await answering;
    } catch (error) {
      if (error instanceof CheckFailure && /closed/.test(error.message))
        throw new CheckFailure(`${error.message}: a peer that answered every ping was dropped`, {
          expected: error.expected,
          received: error.received,
          hint: `${HEARTBEAT_HINT} A pong must clear the outstanding ping, or every peer is dropped at its second beat.`,
        });
      throw error;
    } finally {
      raw.close();
      peer.close();
    }
  });
});
