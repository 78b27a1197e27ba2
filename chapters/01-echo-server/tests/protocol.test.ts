// Stages 01.2–01.4: the line protocol, one command per line, one reply per command.
import { test } from "vitest";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";

const ENTRY = "src/echo/main.ts";

stage("01.2", () => {
  const server = useLabServer(ENTRY);

  test("answers PING with +PONG", async () => {
    const client = await TcpClient.open(server());
    await client.roundTrip(
      "PING\n",
      "+PONG\r\n",
      "Every reply is one line that ends in \\r\\n; simple strings start with '+'.",
    );
    client.close();
  });

  test("echoes the rest of the line after ECHO, spaces included", async () => {
    const client = await TcpClient.open(server());
    await client.roundTrip(
      "ECHO hello, wide   world\n",
      "+hello, wide   world\r\n",
      "Split only at the first space: everything after it is the text.",
    );
    client.close();
  });

  test("reads command names case-insensitively", async () => {
    const client = await TcpClient.open(server());
    await client.roundTrip("ping\n", "+PONG\r\n");
    await client.roundTrip("eChO Mixed Case\n", "+Mixed Case\r\n", "Upper-case the command name, not the arguments.");
    client.close();
  });

  test("accepts CRLF line endings as well as LF", async () => {
    const client = await TcpClient.open(server());
    await client.roundTrip("PING\r\n", "+PONG\r\n", "Strip one trailing \\r before parsing the line.");
    await client.roundTrip("ECHO crlf\r\n", "+crlf\r\n", "Strip one trailing \\r before parsing the line.");
    client.close();
  });

  test("echoes UTF-8 text byte for byte", async () => {
    const client = await TcpClient.open(server());
    const text = Buffer.from("ECHO héllo wörld ✓\n", "utf8").toString("latin1");
    const reply = Buffer.from("+héllo wörld ✓\r\n", "utf8").toString("latin1");
    await client.roundTrip(text, reply, "Decode a line as UTF-8 (or keep it as bytes); never as latin1 or ASCII.");
    client.close();
  });
});

stage("01.3", () => {
  const server = useLabServer(ENTRY);

  test("SET stores a value and GET returns it", async () => {
    const client = await TcpClient.open(server());
    await client.roundTrip("SET color blue\n", "+OK\r\n");
    await client.roundTrip("GET color\n", "+blue\r\n");
    client.close();
  });

  test("SET keeps spaces inside the value and overwrites an old value", async () => {
    const client = await TcpClient.open(server());
    await client.roundTrip("SET greeting hello there\n", "+OK\r\n");
    await client.roundTrip("GET greeting\n", "+hello there\r\n", "The value is everything after the key's space.");
    await client.roundTrip("SET greeting bye\n", "+OK\r\n");
    await client.roundTrip("GET greeting\n", "+bye\r\n");
    client.close();
  });

  test("GET of a missing key answers _ (null)", async () => {
    const client = await TcpClient.open(server());
    await client.roundTrip("GET never-set\n", "_\r\n", "A missing key is not an error: answer the null reply _.");
    client.close();
  });

  test("DEL answers :1 when it removed a key and :0 when there was none", async () => {
    const client = await TcpClient.open(server());
    await client.roundTrip("SET doomed 1\n", "+OK\r\n");
    await client.roundTrip("DEL doomed\n", ":1\r\n");
    await client.roundTrip("DEL doomed\n", ":0\r\n", "The second DEL finds nothing to delete.");
    await client.roundTrip("GET doomed\n", "_\r\n");
    client.close();
  });

  test("one store is shared by all connections", async () => {
    const writer = await TcpClient.open(server());
    const reader = await TcpClient.open(server());
    await writer.roundTrip("SET shared yes\n", "+OK\r\n");
    await reader.roundTrip("GET shared\n", "+yes\r\n", "Create the store once, outside the per-connection handler.");
    writer.close();
    reader.close();
  });
});

// Errors are data: each row is what a client sends and the one line it must get back.
const ERROR_CASES: [sent: string, reply: string][] = [
  ["FLY away\n", "-ERR unknown command 'FLY'\r\n"],
  ["fly\n", "-ERR unknown command 'fly'\r\n"],
  ["PING extra\n", "-ERR wrong number of arguments for 'PING'\r\n"],
  ["ECHO\n", "-ERR wrong number of arguments for 'ECHO'\r\n"],
  ["GET\n", "-ERR wrong number of arguments for 'GET'\r\n"],
  ["GET a b\n", "-ERR wrong number of arguments for 'GET'\r\n"],
  ["SET lonely\n", "-ERR wrong number of arguments for 'SET'\r\n"],
  ["SET\n", "-ERR wrong number of arguments for 'SET'\r\n"],
  ["DEL\n", "-ERR wrong number of arguments for 'DEL'\r\n"],
  ["QUIT now\n", "-ERR wrong number of arguments for 'QUIT'\r\n"],
];

stage("01.4", () => {
  const server = useLabServer(ENTRY);

  test.each(ERROR_CASES)("answers %j with an error line", async (sent, reply) => {
    const client = await TcpClient.open(server());
    await client.roundTrip(sent, reply, "See the error table in the spec: the connection stays open after an error.");
    client.close();
  });

  test("keeps the connection open after an error", async () => {
    const client = await TcpClient.open(server());
    await client.roundTrip("NOPE\n", "-ERR unknown command 'NOPE'\r\n");
    await client.roundTrip("PING\n", "+PONG\r\n", "An error answers one command; it does not end the session.");
    client.close();
  });

  test("ignores empty lines", async () => {
    const client = await TcpClient.open(server());
    await client.roundTrip("\n\r\nPING\n", "+PONG\r\n", "An empty line is not a command: skip it without replying.");
    client.close();
  });

  test("rejects a line longer than 64 KiB, then closes", async () => {
    const client = await TcpClient.open(server());
    await client.send("ECHO " + "x".repeat(70 * 1024));
    await client.expectLinePrefix(
      "-ERR line too long",
      "Check the buffered length after every push: past MAX_LINE_BYTES, answer the error and end().",
    );
    await client.expectClosed("the server to close the connection after the error");
  });
});
