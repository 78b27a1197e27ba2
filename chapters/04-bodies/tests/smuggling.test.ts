// Stage 04.4: the body table over real connections. Each row is sent on its own connection,
// followed by a probe request. An accepted row is echoed byte for byte and the probe answered
// after it; a rejected row gets its status with Connection: close, and the probe — which might
// be a smuggled request — is never answered.
import { test } from "vitest";
import { escapeBytes } from "../../../shared/check/failure.ts";
import { readResponse } from "../../../shared/check/http-client.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { type AcceptedCase, BODY_CASES, isAccepted, type RejectedCase } from "./body-cases.ts";
import { ENTRY, exchange, expectBody, expectRejected, HELLO } from "./exchange.ts";

const PROBE = "GET /probe HTTP/1.1\r\nHost: localhost\r\n\r\n";

stage("04.4", () => {
  const server = useSharedLabServer(ENTRY);

  async function accepted(row: AcceptedCase): Promise<void> {
    const raw = row.raw + PROBE;
    const { client, response } = await exchange(server(), raw);
    const hint = `This request is well-framed (${row.why}); the body is ${escapeBytes(row.accepts)}.`;
    expectBody(response, row.accepts, escapeBytes(raw), hint);
    const probe = await readResponse(client, { sent: escapeBytes(raw), server: server() });
    expectBody(
      probe,
      HELLO,
      escapeBytes(raw),
      `The body ended exactly where its framing says; the GET /probe right after it must get hello world. ${hint}`,
    );
    client.close();
  }

  async function rejected(row: RejectedCase): Promise<void> {
    const raw = row.raw + PROBE;
    const { client, response } = await exchange(server(), raw);
    await expectRejected(
      client,
      response,
      row.rejects,
      escapeBytes(raw),
      `${row.why}. The length of this body is in doubt: answer ${row.rejects}, close, and never read what follows as a request.`,
    );
  }

  for (const row of BODY_CASES) {
    if (isAccepted(row)) test(`accepts ${row.what}`, () => accepted(row));
    else test(`rejects ${row.what} with ${row.rejects}`, () => rejected(row));
  }
});
