// Stage 10.4: fragmented messages (RFC 6455 §5.4). A text or binary frame without FIN starts a
// message, continuation frames carry on, the one with FIN ends it — and control frames may come
// in between, answered at once. The echo endpoint answers each whole message in one frame. A
// continuation with nothing to continue, or a new message before the last one ended, fails the
// connection with 1002; text that is not UTF-8 fails it with 1007 (§8.1), checked fragment by
// fragment, so a character split between fragments is fine and a byte that can never be valid
// fails at once.
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { clientFrame, OP, Peer, RawSocket, WEBSOCKET_APP } from "./websocket-client.ts";

const ASSEMBLY_HINT =
  "MessageAssembler.push(): a text or binary frame without FIN starts a message; continuations add their payload; the one with FIN ends it, and the message is the pieces joined. Pings between fragments are answered by the connection and never reach the assembler.";
const UTF8_HINT =
  "Feed each text fragment to one Utf8Validator for the whole message: push() returns false at the first byte that can never be valid (→ 1007 at once); at FIN the validator must be complete, not in the middle of a character (→ 1007). Binary messages are never checked.";

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex");

interface Fragmented {
  readonly name: string;
  readonly opcode: number;
  readonly fragments: readonly Buffer[];
}

/** Messages in fragments whose echo is the fragments joined, in one frame. */
const FRAGMENTED: Fragmented[] = [
  { name: "text in three fragments", opcode: OP.TEXT, fragments: ["Hel", "lo, ", "world"].map((s) => Buffer.from(s)) },
  {
    name: "binary in five fragments, two of them empty",
    opcode: OP.BINARY,
    fragments: [hex("00 ff"), hex(""), hex("80 81 82"), hex(""), hex("fe")],
  },
  { name: "€ split between two fragments (E2 | 82 AC)", opcode: OP.TEXT, fragments: [hex("41 e2"), hex("82 ac 42")] },
  {
    name: "🎉 split over three fragments (F0 9F | 8E | 89)",
    opcode: OP.TEXT,
    fragments: [hex("f0 9f"), hex("8e"), hex("89")],
  },
  { name: "an empty first fragment", opcode: OP.TEXT, fragments: [hex(""), Buffer.from("late start")] },
  {
    name: "binary that is not UTF-8 in fragments: never checked",
    opcode: OP.BINARY,
    fragments: [hex("c0 af"), hex("ff fe")],
  },
];

/** Frames for `message`: the first with its opcode, then continuations, FIN on the last. */
function fragments(message: Fragmented): Buffer[] {
  return message.fragments.map((payload, i) =>
    clientFrame(i === 0 ? message.opcode : OP.CONTINUATION, payload, { fin: i === message.fragments.length - 1 }),
  );
}

interface Valid {
  readonly name: string;
  readonly bytes: Buffer;
}

/** Text at the edges of UTF-8's ranges (RFC 3629 §4): all valid, all echoed. */
const VALID_TEXT: Valid[] = [
  { name: "U+0080, the first 2-byte character (C2 80)", bytes: hex("c2 80") },
  { name: "U+0800, the first 3-byte character (E0 A0 80)", bytes: hex("e0 a0 80") },
  { name: "U+D7FF, the last before the surrogates (ED 9F BF)", bytes: hex("ed 9f bf") },
  { name: "U+E000, the first after them (EE 80 80)", bytes: hex("ee 80 80") },
  { name: "U+FEFF, a byte order mark (EF BB BF)", bytes: hex("ef bb bf") },
  { name: "U+FFFF (EF BF BF)", bytes: hex("ef bf bf") },
  { name: "U+10000, the first 4-byte character (F0 90 80 80)", bytes: hex("f0 90 80 80") },
  { name: "U+10FFFF, the last code point (F4 8F BF BF)", bytes: hex("f4 8f bf bf") },
];

interface Invalid {
  readonly name: string;
  /** The text message's fragments; the last has FIN. */
  readonly fragments: readonly Buffer[];
}

/** Text messages that are not UTF-8 (RFC 3629 §3, §4): 1007. */
const INVALID_TEXT: Invalid[] = [
  { name: "a lone continuation byte (80)", fragments: [hex("61 80 62")] },
  { name: "the overlong 2-byte form of / (C0 AF)", fragments: [hex("c0 af")] },
  { name: "C1 BF, overlong", fragments: [hex("c1 bf")] },
  { name: "the overlong 3-byte form of / (E0 80 AF)", fragments: [hex("e0 80 af")] },
  { name: "a surrogate, U+D800 (ED A0 80)", fragments: [hex("ed a0 80")] },
  { name: "the overlong 4-byte form of / (F0 80 80 AF)", fragments: [hex("f0 80 80 af")] },
  { name: "beyond U+10FFFF (F4 90 80 80)", fragments: [hex("f4 90 80 80")] },
  { name: "F5, never a UTF-8 byte", fragments: [hex("f5 80 80 80")] },
  { name: "FE and FF", fragments: [hex("fe ff")] },
  { name: "a character cut short by another (C3 28)", fragments: [hex("68 c3 28")] },
  { name: "a character cut off at the end of the message (E2 82)", fragments: [hex("e2 82")] },
  { name: "a character cut off at the end of a fragmented message (E2 | 82)", fragments: [hex("e2"), hex("82")] },
  {
    name: "valid first fragment, a surrogate in the second",
    fragments: [Buffer.from("fine so far "), hex("ed b0 80")],
  },
  {
    name: "a 4-byte character whose last fragment breaks it (F0 9F | 8E | 41)",
    fragments: [hex("f0 9f"), hex("8e"), hex("41")],
  },
];

stage("10.4", () => {
  const server = useSharedLabServer(WEBSOCKET_APP);

  test.each(FRAGMENTED)("reassembles a fragmented message into one (RFC 6455 §5.4): $name", async (message) => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      await socket.send(Buffer.concat(fragments(message)));
      await socket.expectMessage(message.opcode, Buffer.concat(message.fragments), ASSEMBLY_HINT);
    } finally {
      socket.close();
    }
  });

  test("answers pings between the fragments at once, with their payloads, before the message ends (RFC 6455 §5.4, §5.5.2)", async () => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      await socket.send(Buffer.concat([clientFrame(OP.TEXT, "one ", { fin: false }), clientFrame(OP.PING, "first")]));
      await socket.expectMessage(
        OP.PONG,
        "first",
        "Control frames may come between a message's fragments: the connection answers a ping as soon as it arrives, while the message is still open.",
      );
      await socket.send(
        Buffer.concat([
          clientFrame(OP.CONTINUATION, "two ", { fin: false }),
          clientFrame(OP.PING, "second"),
          clientFrame(OP.CONTINUATION, "three"),
        ]),
      );
      await socket.expectMessage(OP.PONG, "second", ASSEMBLY_HINT);
      await socket.expectMessage(OP.TEXT, "one two three", ASSEMBLY_HINT);
    } finally {
      socket.close();
    }
  });

  test.each([
    {
      name: "a continuation frame with no message to continue",
      frames: [clientFrame(OP.CONTINUATION, "orphan")],
    },
    {
      name: "a continuation frame after a message already ended",
      before: "done",
      frames: [clientFrame(OP.CONTINUATION, "more", { fin: false })],
    },
    {
      name: "a new text frame in the middle of a fragmented message",
      frames: [clientFrame(OP.TEXT, "first ", { fin: false }), clientFrame(OP.TEXT, "second")],
    },
    {
      name: "a new binary frame in the middle of a fragmented text message",
      frames: [clientFrame(OP.TEXT, "first ", { fin: false }), clientFrame(OP.BINARY, "second", { fin: false })],
    },
  ])("fails the connection with 1002 for $name (RFC 6455 §5.4)", async (row) => {
    const socket = await RawSocket.open(server(), "/echo");
    try {
      if (row.before) {
        await socket.send(clientFrame(OP.TEXT, row.before));
        await socket.expectMessage(OP.TEXT, row.before, ASSEMBLY_HINT);
      }
      await socket.send(Buffer.concat(row.frames));
      await socket.expectClose(
        1002,
        "Only one message is in progress at a time: a continuation needs one, and a text or binary frame must not start another before FIN.",
      );
    } finally {
      socket.close();
    }
  });

  test.each(VALID_TEXT)(
    "echoes text at the edge of UTF-8's ranges, whole and split byte by byte: $name",
    async (row) => {
      const socket = await RawSocket.open(server(), "/echo");
      try {
        const text = Buffer.concat([Buffer.from("<"), row.bytes, Buffer.from(">")]);
        await socket.send(clientFrame(OP.TEXT, text));
        await socket.expectMessage(OP.TEXT, text, `${UTF8_HINT} ${escapeBytes(row.bytes)} is valid UTF-8.`);
        const pieces = [...text].map((byte) => Buffer.from([byte]));
        await socket.send(Buffer.concat(fragments({ name: row.name, opcode: OP.TEXT, fragments: pieces })));
        await socket.expectMessage(
          OP.TEXT,
          text,
          `${UTF8_HINT} Here every byte came in its own fragment: the validator must carry its state from one to the next.`,
        );
      } finally {
        socket.close();
      }
    },
  );

  test.each(INVALID_TEXT)(
    "fails the connection with 1007 for text that is not UTF-8 (RFC 6455 §8.1): $name",
    async (row) => {
      const socket = await RawSocket.open(server(), "/echo");
      try {
        await socket.send(Buffer.concat(fragments({ name: row.name, opcode: OP.TEXT, fragments: row.fragments })));
        await socket.expectClose(1007, UTF8_HINT);
      } finally {
        socket.close();
      }
    },
  );

  test.each([
    { name: "FF in a first fragment", first: hex("61 62 ff") },
    { name: "F4 90, a prefix of nothing valid, in a first fragment", first: hex("f4 90") },
    { name: "ED A0, the start of a surrogate, in a first fragment", first: hex("ed a0") },
  ])(
    "fails with 1007 as soon as a fragment cannot be the start of UTF-8, before the message ends: $name",
    async (row) => {
      const socket = await RawSocket.open(server(), "/echo");
      try {
        await socket.send(clientFrame(OP.TEXT, row.first, { fin: false }));
        await socket.expectClose(
          1007,
          `${UTF8_HINT} Check each fragment as it arrives: these bytes can never become valid, whatever follows.`,
          "a close frame with code 1007, without waiting for the rest of the message",
        );
      } finally {
        socket.close();
      }
    },
  );

  test("the ws client's fragmented messages come back whole", async () => {
    const peer = await Peer.open(server(), "/echo");
    try {
      peer.socket.send("frag", { fin: false });
      peer.socket.send("ment", { fin: false });
      peer.socket.send("ed ✓", { fin: true });
      const got = await peer.next('the echo of "fragmented ✓", sent in three fragments');
      if (got.isBinary || got.data.toString("utf8") !== "fragmented ✓")
        throw new CheckFailure("the ws client's fragmented message came back changed", {
          sent: 'ws: "frag" (fin: false), "ment" (fin: false), "ed ✓"',
          expected: 'one text message "fragmented ✓"',
          received: `${got.isBinary ? "binary" : "text"} ${escapeBytes(got.data)}`,
          hint: ASSEMBLY_HINT,
        });
    } finally {
      peer.close();
    }
  });
});
