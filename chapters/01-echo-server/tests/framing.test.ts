// Stage 01.5: TCP is a byte stream. Commands arrive cut anywhere, or glued together.
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { checkSeed, randomSplits, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";

const ENTRY = "src/echo/main.ts";

stage("01.5", () => {
  const server = useLabServer(ENTRY);

  test("answers a command that arrives one byte per packet", async () => {
    const client = await TcpClient.open(server());
    client.socket.setNoDelay(true);
    await client.sendInPieces("ECHO split me\n", 1);
    await client.expectLine(
      "+split me\r\n",
      "Buffer bytes until a \\n arrives; one 'data' event is not one command.",
      '"ECHO split me\\n", one byte per packet',
    );
    client.close();
  });

  test("answers several commands that arrive in one packet, in order", async () => {
    const client = await TcpClient.open(server());
    await client.send("PING\nECHO a\nSET glued 1\nGET glued\n");
    const hint = "Loop over every complete line in the chunk, not just the first.";
    for (const reply of ["+PONG\r\n", "+a\r\n", "+OK\r\n", "+1\r\n"]) await client.expectLine(reply, hint);
    client.close();
  });

  test("keeps a UTF-8 character intact when a packet boundary cuts through it", async () => {
    const client = await TcpClient.open(server());
    client.socket.setNoDelay(true);
    const bytes = Buffer.from("ECHO ✓\n", "utf8"); // ✓ is three bytes: e2 9c 93
    await client.send(bytes.subarray(0, 6));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.send(bytes.subarray(6));
    await client.expectLine(
      Buffer.from("+✓\r\n", "utf8").toString("latin1"),
      "Decode a line only once it is complete: decoding each chunk on its own garbles split characters.",
      '"ECHO \\xe2" then "\\x9c\\x93\\n"',
    );
    client.close();
  });

  test("answers 200 commands cut at random points, in order", async () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    const commands = Array.from({ length: 200 }, (_, i) => `ECHO message number ${i}\n`);
    const client = await TcpClient.open(server());
    client.socket.setNoDelay(true);
    for (const piece of randomSplits(commands.join(""), random, 24)) {
      await client.send(piece);
      if (random() < 0.2) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    for (let i = 0; i < commands.length; i++) {
      const line = await client.readLine(`the reply to command ${i + 1} of 200`);
      if (line !== `+message number ${i}\r\n`) {
        throw new CheckFailure(`reply ${i + 1} of 200 is wrong (${reproduceLine(seed, "01", "01.5")})`, {
          sent: `200 lines "ECHO message number <i>\\n", cut at random points`,
          expected: `"+message number ${i}\\r\\n"`,
          received: JSON.stringify(line),
        });
      }
    }
    client.close();
  });
});
