// Stages 01.1, 01.6 and 01.8: the life of a connection, from accept to a clean close.
import { test } from "vitest";
import { allWithin, budgetMs, Deadline } from "../../../shared/check/budget.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { type LabServer, useLabServer } from "../../../shared/check/lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";

const ENTRY = "src/echo/main.ts";
/** How long the reset check waits for any answer on its probe connection. */
const RESET_PROBE_MS = 2_000;
/** How long a server whose probe connection died may take to report its exit. */
const EXIT_NOTICE_MS = 500;
/** 200 clients at once: more than one event-loop turn's worth of accepts. */
const CONCURRENT_CLIENTS = sized("01.6", { full: 200, quick: 100 });
/** One deadline for all their replies, not one per reply: on a busy machine some wait their turn. */
const CONCURRENT_BUDGET_MS = budgetMs(CONCURRENT_CLIENTS, { perUnitMs: 20, floorMs: 5_000 });

stage("01.1", () => {
  const server = useLabServer(ENTRY);

  test("listens on HOST:PORT and accepts a connection", async () => {
    const client = await TcpClient.open(server());
    client.close();
  });

  test("keeps accepting after a client leaves", async () => {
    for (let i = 0; i < 3; i++) {
      const client = await TcpClient.open(server());
      client.close();
    }
  });

  test("survives a client that resets its connection (RST)", async () => {
    const rude = await TcpClient.open(server());
    await rude.send("PI");
    rude.socket.resetAndDestroy();
    await afterServerTurn(server());
    const reason = server().exitReason();
    if (reason) {
      throw new CheckFailure("a client's reset took the whole server down", {
        kind: "exited",
        sent: `"PI" then a TCP reset`,
        expected: "the server to drop that one connection and keep running",
        received: reason,
        hint: "Give every socket an 'error' listener: an unhandled 'error' event (ECONNRESET) crashes the process.",
      });
    }
    const next = await TcpClient.open(server());
    next.close();
  });
});

/**
 * Waits until the server has certainly seen a reset sent just before: a PING on a new
 * connection, which reaches the server after the reset did, and its answer (whatever it is: a
 * server whose PING is not written yet may answer an error line or nothing). A fixed pause
 * would miss a crash that a busy machine delays past it.
 */
async function afterServerTurn(server: LabServer): Promise<void> {
  const probe = await TcpClient.open(server).catch(() => undefined);
  if (probe) {
    await probe.send("PING\n").catch(() => undefined);
    const answered = await probe.readLine("any answer to PING", RESET_PROBE_MS).then(
      () => true,
      () => false,
    );
    probe.close();
    if (answered) return;
  }
  // No answer: if the server crashed, its exit is seen a moment after its sockets closed.
  const deadline = Date.now() + EXIT_NOTICE_MS;
  while (!server.exitReason() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

stage("01.6", () => {
  const server = useLabServer(ENTRY);

  test(`serves ${CONCURRENT_CLIENTS} clients connected at the same time`, async () => {
    const deadline = new Deadline(CONCURRENT_BUDGET_MS);
    const clients = await Promise.all(
      Array.from({ length: CONCURRENT_CLIENTS }, () => TcpClient.open(server(), { deadline })),
    );
    const hint = "Keep per-connection state (the line buffer) inside the connection handler, not in a module variable.";
    try {
      // Every client sends first, then every client reads: all of them are in flight together.
      await Promise.all(clients.map((c, i) => c.send(`SET client-${i} value-${i}\nGET client-${i}\n`)));
      await allWithin({ units: "clients", done: "got both replies", count: clients.length }, deadline, async (i) => {
        await clients[i]!.expectLine("+OK\r\n", hint, `SET client-${i} value-${i}\\n`);
        await clients[i]!.expectLine(`+value-${i}\r\n`, hint, `GET client-${i}\\n`);
      });
    } finally {
      for (const c of clients) c.close();
    }
  });

  test("keeps each client's half-received line separate", async () => {
    const a = await TcpClient.open(server());
    const b = await TcpClient.open(server());
    await a.send("ECHO from ");
    await b.send("ECHO from ");
    await new Promise((resolve) => setTimeout(resolve, 20));
    await b.send("b\n");
    await a.send("a\n");
    const hint = "Each connection needs its own LineSplitter.";
    await b.expectLine("+from b\r\n", hint, '"ECHO from " … "b\\n"');
    await a.expectLine("+from a\r\n", hint, '"ECHO from " … "a\\n"');
    a.close();
    b.close();
  });
});

stage("01.8", () => {
  const server = useLabServer(ENTRY);

  test("QUIT answers +BYE and closes the connection", async () => {
    const client = await TcpClient.open(server());
    await client.roundTrip("QUIT\n", "+BYE\r\n");
    await client.expectClosed("the server to close the connection after +BYE");
  });

  test("ignores commands that follow QUIT in the same packet", async () => {
    const client = await TcpClient.open(server());
    await client.send("SET after-quit before\nQUIT\nSET after-quit after\n");
    await client.expectLine("+OK\r\n");
    await client.expectLine("+BYE\r\n");
    await client.expectClosed("the connection to close right after +BYE", 2_000);
    const probe = await TcpClient.open(server());
    await probe.roundTrip("GET after-quit\n", "+before\r\n", "Stop processing lines as soon as QUIT is answered.");
    probe.close();
  });

  test("answers everything a client sent before it half-closed, then closes", async () => {
    const client = await TcpClient.open(server());
    const lines = Array.from({ length: 100 }, (_, i) => `ECHO last words ${i}\n`).join("");
    await client.send(lines + "PING");
    client.endWriting(); // FIN: "I have nothing more to say", but still listening
    const hint = "Create the server with allowHalfOpen: true and end() your side only after answering.";
    for (let i = 0; i < 100; i++) await client.expectLine(`+last words ${i}\r\n`, hint, "100 ECHO lines, then a FIN");
    await client.expectLine(
      "+PONG\r\n",
      "At end of input, an unterminated last line still counts as a command.",
      '"PING" (no newline), then a FIN',
    );
    await client.expectClosed("the server to close its side after the last reply");
  });
});
