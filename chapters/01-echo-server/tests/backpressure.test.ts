// Stage 01.7: a client that sends fast and reads slowly must not make the server buffer
// everything. The server has to stop reading when its replies pile up (write() → false).
import { test } from "vitest";
import { budgetMs } from "../../../shared/check/budget.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";

const ENTRY = "src/echo/main.ts";
const MiB = 1024 * 1024;
/**
 * What the client sends in all: 50 MiB of ECHO lines (40 MiB as a quick regression, still more
 * than MAX_GROWTH_BYTES, so a server that buffers every reply still fails).
 */
const TOTAL_BYTES = sized("01.7", { full: 50, quick: 40 }) * MiB;
/** Each line is exactly 1 KiB: "ECHO " + an 8-digit sequence number + padding + "\n". */
const LINE_BYTES = 1024;
const LINES = TOTAL_BYTES / LINE_BYTES;
/**
 * How much the server's memory may grow while the client is not reading. Kernel socket
 * buffers hold a few MiB on each side; a server without backpressure queues all 50 MiB of
 * replies in its own heap and grows by far more than this.
 */
const MAX_GROWTH_BYTES = 32 * MiB;
/** The client pushes without reading until a write waits this long for 'drain' (the pipe is full)… */
const STALL_MS = 500;
/** …or until this much time has passed; then the server's memory is measured. */
const PUSH_PHASE_MS = 5_000;
/** Then reading every reply, while sending the rest, may take this long: scaled to the volume. */
const DRAIN_BUDGET_MS = budgetMs(TOTAL_BYTES / MiB, { perUnitMs: 600, floorMs: 10_000 });

function line(i: number): string {
  const head = `ECHO ${String(i).padStart(8, "0")} `;
  return head + "x".repeat(LINE_BYTES - head.length - 1) + "\n";
}

stage("01.7", () => {
  const server = useLabServer(ENTRY);

  test(`streams ${TOTAL_BYTES / MiB} MiB back to a slow reader with bounded memory`, async () => {
    const client = await TcpClient.open(server());
    const socket = client.takeSocket();
    socket.pause(); // the slow reader: read nothing at first
    const before = await server().rssBytes();

    let sent = 0;
    const writeUntilStalled = async (deadline: number, stallMs: number) => {
      while (sent < LINES && Date.now() < deadline) {
        const batch = Array.from({ length: Math.min(64, LINES - sent) }, (_, k) => line(sent + k)).join("");
        sent += 64;
        if (!socket.write(batch)) {
          const drained = await Promise.race([
            new Promise<boolean>((resolve) => socket.once("drain", () => resolve(true))),
            new Promise<boolean>((resolve) =>
              setTimeout(() => resolve(false), Math.max(0, Math.min(stallMs, deadline - Date.now()))),
            ),
          ]);
          if (!drained) return;
        }
      }
    };
    await writeUntilStalled(Date.now() + PUSH_PHASE_MS, STALL_MS);
    const during = await server().rssBytes();
    const growth = during - before;
    if (growth > MAX_GROWTH_BYTES) {
      throw new CheckFailure("the server buffered replies for a client that was not reading", {
        sent: `${Math.round((sent * LINE_BYTES) / MiB)} MiB of "ECHO <n> xxx…\\n" lines, while reading nothing`,
        expected: `the server's memory to grow by at most ${MAX_GROWTH_BYTES / MiB} MiB`,
        received: `it grew by ${Math.round(growth / MiB)} MiB (${Math.round(before / MiB)} → ${Math.round(during / MiB)} MiB resident)`,
        hint: "When socket.write() returns false, socket.pause() until the 'drain' event, then resume().",
      });
    }

    // Now read everything, slowly at first, while sending the rest.
    let received = 0;
    let expectedNext = 0;
    let carry = "";
    let problem: string | undefined;
    const done = new Promise<void>((resolve) => {
      socket.on("data", (chunk: Buffer) => {
        received += chunk.length;
        const text = carry + chunk.toString("latin1");
        const lines = text.split("\r\n");
        carry = lines.pop() ?? "";
        for (const reply of lines) {
          if (problem) break;
          const want = `+${line(expectedNext).slice(5, -1)}`;
          if (reply !== want)
            problem = `reply ${expectedNext} was ${JSON.stringify(reply.slice(0, 40))}…, expected ${JSON.stringify(want.slice(0, 40))}…`;
          expectedNext++;
        }
        if (expectedNext >= LINES || problem) resolve();
      });
    });
    socket.resume();
    const drainBy = Date.now() + DRAIN_BUDGET_MS;
    await writeUntilStalled(drainBy, DRAIN_BUDGET_MS);
    const finished = await Promise.race([
      done.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), Math.max(0, drainBy - Date.now()))),
    ]);
    client.close();
    if (problem || !finished) {
      throw new CheckFailure(problem ? "a reply came back wrong or out of order" : "not every reply came back", {
        sent: `${LINES} lines of 1 KiB (${TOTAL_BYTES / MiB} MiB)`,
        expected: `${LINES} replies "+<n> xxx…\\r\\n" in order`,
        received:
          problem ??
          `${expectedNext} of ${LINES} replies (${Math.round(received / MiB)} MiB) within ${DRAIN_BUDGET_MS / 1000} s`,
        hint: "After pause(), resume() on 'drain' — and never drop a line that was already split out of the buffer.",
      });
    }
  });
});
