import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Endpoint, StrategyKind } from "./types.ts";

/** A server this process obtained, whatever the strategy, and how to give it back. */
export interface StartedServer {
  endpoint: Endpoint;
  strategy: StrategyKind;
  /** Shown in the one-line announcement, e.g. "15.14". Empty when unknown (an external URL). */
  version: string;
  /** host:port, for the announcement. */
  address: string;
  /** For servers started from local binaries: what `pnpm services down` needs to stop them. */
  pid?: number;
  directory?: string;
  /** The signal that shuts it down cleanly, for stopping it from another process. */
  stopSignal?: NodeJS.Signals;
  stop(): Promise<void>;
}

export interface LocalStartOptions {
  /** Survive this process: used by `pnpm services up`. */
  detached?: boolean;
}

/** A private temp directory for one server: data, sockets, config and log live here. */
export function makeServerDirectory(service: string): string {
  return mkdtempSync(join(tmpdir(), `trilogy-${service}-`));
}
