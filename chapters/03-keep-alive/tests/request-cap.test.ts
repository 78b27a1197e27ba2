// Stage 03.7: a connection carries at most MAX_REQUESTS_PER_CONNECTION requests (here 5, set
// through the environment); the last response says Connection: close, and nothing after it
// is answered.
import { test } from "vitest";
import { sendRequest } from "../../../shared/check/http-client.ts";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { ENTRY, expectClosing, expectKeptOpen, expectResponse, get, roundTrip } from "./exchange.ts";

const CAP = 5;
const HINT = `With MAX_REQUESTS_PER_CONNECTION=${CAP}, count the requests a connection has answered; the ${CAP}th response says Connection: close, and the connection ends there.`;

stage("03.7", () => {
  const server = useLabServer(ENTRY, { MAX_REQUESTS_PER_CONNECTION: String(CAP) });

  test(`closes after ${CAP} requests, announcing it in the ${CAP}th response`, async () => {
    const client = await TcpClient.open(server());
    for (let i = 1; i <= CAP; i++) {
      const raw = get(`/request/${i}`);
      const response = await roundTrip(client, server(), raw, 200, HINT);
      if (i < CAP) await expectKeptOpen(client, response, raw, HINT);
      else await expectClosing(client, response, raw, HINT);
    }
  });

  test(`answers only ${CAP} of ${CAP + 3} pipelined requests, then closes`, async () => {
    const client = await TcpClient.open(server());
    const raw = Array.from({ length: CAP + 3 }, (_, i) => get(`/pipelined/${i}`)).join("");
    await sendRequest(client, raw);
    for (let i = 1; i < CAP; i++) await expectResponse(client, server(), raw, 200, HINT);
    const last = await expectResponse(client, server(), raw, 200, HINT);
    await expectClosing(client, last, raw, `${HINT} Requests already received after the cap are never answered.`);
  });

  test("counts per connection: every new connection gets the full allowance", async () => {
    for (let c = 0; c < 2; c++) {
      const client = await TcpClient.open(server());
      for (let i = 1; i < CAP; i++) {
        const raw = get(`/conn/${c}/${i}`);
        const response = await roundTrip(
          client,
          server(),
          raw,
          200,
          "The count belongs to one connection, not to the server.",
        );
        await expectKeptOpen(client, response, raw, "The count belongs to one connection, not to the server.");
      }
      client.close();
    }
  });
});
