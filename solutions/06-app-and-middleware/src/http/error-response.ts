// The response to a request the server refuses: the status, and the reason as plain text so a
// person using curl or nc sees what was wrong.
import type { FixedResponse } from "./response-writer.ts";
import { reasonPhrase } from "./status-codes.ts";

export function errorResponse(status: number, reason: string): FixedResponse {
  return {
    status,
    headers: [["Content-Type", "text/plain; charset=utf-8"]],
    body: `${status} ${reasonPhrase(status)}: ${reason}\n`,
  };
}
