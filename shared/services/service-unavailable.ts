import type { ServiceName } from "./types.ts";

/**
 * Thrown when a check needs a server that cannot be had on this machine. Locally the check is
 * skipped with `message` (it says what to install); under CI `fatal` is true and the run fails.
 */
export class ServiceUnavailableError extends Error {
  override readonly name = "ServiceUnavailableError";
  constructor(
    readonly service: ServiceName,
    message: string,
    readonly fatal: boolean,
  ) {
    super(message);
  }
}
