// Stage 03.8: 1,000 clients, each holding its connection open across several requests, all at
// the same time. Nothing is raised system-wide: 1,000 sockets fit the default file limits.
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { ENTRY, expectKeptOpen, get, roundTrip } from "./exchange.ts";

const CLIENTS = 1_000;
const REQUESTS_EACH = 3;
/** Connections are opened in waves, so the listen backlog (511 in Node) never overflows. */
const WAVE = 250;
/** The whole exchange must finish in this time: a few seconds, even on two cores. */
const BUDGET_MS = 10_000;

stage("03.8", () => {
  const server = useLabServer(ENTRY);

  test(`serves ${CLIENTS} concurrent keep-alive clients, ${REQUESTS_EACH} requests each`, async () => {
    const started = Date.now();
    const clients: TcpClient[] = [];
    try {
      for (let i = 0; i < CLIENTS; i += WAVE) {
        clients.push(...(await Promise.all(Array.from({ length: Math.min(WAVE, CLIENTS - i) }, () => TcpClient.open(server())))));
      }
      const hint = "Every connection keeps its own parser and timers; nothing per-connection may live in module scope, and nothing may block the event loop.";
      const run = Promise.all(
        clients.map(async (client, c) => {
          for (let r = 0; r < REQUESTS_EACH; r++) {
            const raw = get(`/client/${c}/request/${r}`);
            const response = await roundTrip(client, server(), raw, 200, hint);
            if (r < REQUESTS_EACH - 1) await expectKeptOpen(client, response, raw, hint);
          }
        }),
      );
      let timer: NodeJS.Timeout | undefined;
      const budget = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new CheckFailure(`${CLIENTS} keep-alive clients were not served within ${BUDGET_MS / 1000} s`, {
                kind: "timeout",
                sent: `${CLIENTS} connections, each sending ${REQUESTS_EACH} requests like ${escapeBytes(get("/client/0/request/0"))} one after the other`,
                expected: `every response within ${BUDGET_MS / 1000} s`,
                received: "the exchange was still running",
                hint,
              }),
            ),
          BUDGET_MS - (Date.now() - started),
        );
      });
      await Promise.race([run, budget]).finally(() => clearTimeout(timer));
    } finally {
      for (const client of clients) client.close();
    }
  });
});
