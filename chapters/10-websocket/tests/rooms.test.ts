// Stage 10.8: rooms. The app's /chat/{room} joins its room on connect; a message goes to the
// room's other members, "!all" to every member, "!echo" back to the sender alone (a marker: a
// client whose next message is its own marker received nothing before it), "!join"/"!leave"
// change rooms, and GET /rooms/{room} counts the members. A connection that closes leaves its
// rooms. A member that reads nothing while the room's traffic flows is dropped once its backlog
// passes maxBufferedBytes, and the others go on getting every message.
import { test } from "vitest";
import { Deadline } from "../../../shared/check/budget.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import type { LabServer } from "../../../shared/check/lab-server.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { exchange } from "../../08-static-cors-compression-tls/tests/exchange.ts";
import { MAX_BUFFERED_BYTES } from "./fixtures/limits.ts";
import { Peer, RawSocket, WEBSOCKET_APP } from "./websocket-client.ts";

const ROOMS_HINT =
  "Rooms: a Map from name to a Set of connections. join() adds once and leaves when socket.closed settles; leave() deletes (and forgets an empty room); broadcast() sends to every open member except options.except, and returns the count.";

const MiB = 1024 * 1024;
/** The size of each message of the slow-member check. */
const BLOB_BYTES = 256 * 1024;
/** How much the room sends while one member reads nothing: far more than its socket buffers hold. */
const FLOOD_BYTES = sized("10.8", { full: 48, quick: 24 }) * MiB;
/** How long after the flood the slow member may still be in the room: its close on its way. */
const DROP_GRACE_MS = 5_000;

let rooms = 0;
/** A room name of its own for each check. */
function freshRoom(): string {
  return `room-${process.pid}-${++rooms}`;
}

async function members(server: LabServer, room: string): Promise<number> {
  const ex = await exchange(server, "GET", `/rooms/${room}`);
  const body = JSON.parse(ex.response.body.toString()) as { members?: unknown };
  if (typeof body.members !== "number")
    throw new CheckFailure("GET /rooms/{room} did not answer with a count", {
      sent: ex.sent,
      expected: '{"members": n}',
      received: escapeBytes(ex.response.body),
    });
  return body.members;
}

async function expectMembers(
  server: LabServer,
  room: string,
  expected: number,
  why: string,
  deadline?: Deadline,
): Promise<void> {
  let count = await members(server, room);
  // A closed connection leaves its room when the server notices the close: give it the deadline.
  while (count !== expected && deadline && !deadline.passed()) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    count = await members(server, room);
  }
  if (count !== expected)
    throw new CheckFailure(`the room ${room} has ${count} members instead of ${expected}`, {
      sent: `GET /rooms/${room}, ${why}`,
      expected: `{"members":${expected}}`,
      received: `{"members":${count}}`,
      hint: ROOMS_HINT,
    });
}

/** Expects the next message of `peer` to be `text`. */
async function expectText(peer: Peer, text: string, why: string): Promise<void> {
  const got = await peer.next(`"${text}" (${why})`);
  if (got.isBinary || got.data.toString("utf8") !== text)
    throw new CheckFailure(`a member got ${escapeBytes(got.data, 60)} instead of "${text}"`, {
      sent: `messages on ${peer.url}`,
      expected: `"${text}": ${why}`,
      received: `${got.isBinary ? "binary" : "text"} ${escapeBytes(got.data, 120)}`,
      hint: ROOMS_HINT,
    });
}

/** Proves `peer` received nothing so far: its own marker, echoed to it alone, comes next. */
async function expectNothingBefore(peer: Peer, marker: string, why: string): Promise<void> {
  peer.socket.send(`!echo ${marker}`);
  await expectText(peer, marker, `its own marker, with nothing before it: ${why}`);
}

async function openAll(server: LabServer, path: string, count: number): Promise<Peer[]> {
  const peers: Peer[] = [];
  for (let i = 0; i < count; i++) peers.push(await Peer.open(server, path));
  return peers;
}

stage("10.8", () => {
  const server = useSharedLabServer(WEBSOCKET_APP);

  test("a message goes to every other member of the room, not back to the sender, and not to other rooms", async () => {
    const room = freshRoom();
    const [ann, bob, cat] = await openAll(server(), `/chat/${room}`, 3);
    const [dan] = await openAll(server(), `/chat/${freshRoom()}`, 1);
    try {
      await expectMembers(server(), room, 3, "three clients connected to it");
      ann!.socket.send("hello from ann");
      await expectText(bob!, "hello from ann", "a broadcast from ann to the others");
      await expectText(cat!, "hello from ann", "a broadcast from ann to the others");
      await expectNothingBefore(ann!, "ann-marker", "the sender is left out of its own broadcast");
      await expectNothingBefore(dan!, "dan-marker", "a member of another room hears nothing");
    } finally {
      for (const peer of [ann, bob, cat, dan]) peer?.close();
    }
  });

  test("a broadcast to all reaches the sender too", async () => {
    const room = freshRoom();
    const [ann, bob] = await openAll(server(), `/chat/${room}`, 2);
    try {
      ann!.socket.send("!all everyone");
      await expectText(ann!, "everyone", "a broadcast to all, sender included");
      await expectText(bob!, "everyone", "a broadcast to all");
    } finally {
      ann?.close();
      bob?.close();
    }
  });

  test("joining twice counts once; a member that leaves hears no more, and another room can be joined", async () => {
    const room = freshRoom();
    const other = freshRoom();
    const [ann, bob, cat] = await openAll(server(), `/chat/${room}`, 3);
    const [dan] = await openAll(server(), `/chat/${other}`, 1);
    try {
      ann!.socket.send(`!join ${room}`);
      bob!.socket.send("!leave");
      cat!.socket.send(`!join ${other}`);
      await expectNothingBefore(ann!, "ann-joined", "joining twice");
      await expectNothingBefore(bob!, "bob-left", "leaving");
      await expectNothingBefore(cat!, "cat-joined", "joining another room");
      await expectMembers(server(), room, 2, "ann joined twice, bob left: ann and cat");
      await expectMembers(server(), other, 2, "dan, and cat who joined it");
      dan!.socket.send(`!all in ${other}`);
      await expectText(cat!, `in ${other}`, "a broadcast in the second room cat joined");
      ann!.socket.send("after bob left");
      await expectText(cat!, "after bob left", "a broadcast to the members left");
      await expectNothingBefore(bob!, "bob-after", "bob left the room before the broadcast");
      await expectNothingBefore(ann!, "ann-once", "joining twice must not make ann a member twice");
    } finally {
      for (const peer of [ann, bob, cat, dan]) peer?.close();
    }
  });

  test("a connection that closes leaves its rooms, and broadcasts go on to the others", async () => {
    const deadline = new Deadline(5_000);
    const room = freshRoom();
    const [ann, bob, cat] = await openAll(server(), `/chat/${room}`, 3);
    try {
      await expectMembers(server(), room, 3, "three clients connected");
      bob!.socket.close(1000, "bye");
      await bob!.closed("the close handshake");
      cat!.close();
      await expectMembers(server(), room, 1, "bob closed cleanly and cat's connection was cut", deadline);
      ann!.socket.send("!all alone");
      await expectText(ann!, "alone", "a broadcast with no one else left");
    } finally {
      for (const peer of [ann, bob, cat]) peer?.close();
    }
  });

  test(`drops a member that reads nothing once it is ${MAX_BUFFERED_BYTES / 1024} KiB behind, while the others get all ${FLOOD_BYTES / MiB} MiB`, async () => {
    const deadline = new Deadline(30_000);
    const room = freshRoom();
    const slow = await RawSocket.open(server(), `/chat/${room}`);
    const fast = await Peer.open(server(), `/chat/${room}`);
    try {
      slow.client.takeSocket().pause();
      await expectMembers(server(), room, 2, "a fast and a slow member");
      // The fast member asks for each message when it has the last: it never falls behind.
      for (let sent = 0; sent < FLOOD_BYTES; sent += BLOB_BYTES) {
        fast.socket.send(`!blob ${BLOB_BYTES}`);
        const got = await fast.next(
          `message ${sent / BLOB_BYTES + 1}: ${BLOB_BYTES} bytes for the whole room`,
          deadline.left(),
        );
        if (!got.isBinary || got.data.length !== BLOB_BYTES)
          throw new CheckFailure("the member that reads got a wrong message", {
            sent: `"!blob ${BLOB_BYTES}" to /chat/${room}`,
            expected: `a ${BLOB_BYTES}-byte binary message`,
            received: `${got.data.length} bytes of ${got.isBinary ? "binary" : "text"}`,
            hint: ROOMS_HINT,
          });
      }
      await expectMembers(
        server(),
        room,
        1,
        `${FLOOD_BYTES / MiB} MiB sent to a member that read none of it: it must have been dropped`,
        // The drop happens during the flood, when the backlog first passes the limit; what is
        // left to wait for is the close reaching the room.
        new Deadline(Math.min(deadline.left(), DROP_GRACE_MS)),
      );
    } catch (error) {
      if (error instanceof CheckFailure && /members/.test(error.message))
        throw new CheckFailure(error.message, {
          ...(error.sent === undefined ? {} : { sent: error.sent }),
          expected: error.expected,
          received: error.received,
          hint: "A broadcast does not await send(); send() drops a peer whose socket already holds more than maxBufferedBytes unsent (websocket.ts), and its close takes it out of the room.",
        });
      throw error;
    } finally {
      slow.close();
      fast.close();
    }
  });
});
