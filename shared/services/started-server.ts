import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanupOnExit } from "./process-cleanup.ts";
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

/**
 * A private temp directory for one server: data, sockets, config and log live here. Unless the
 * server is to outlive us, the directory is removed at exit even if we die before the server
 * is up (Ctrl-C during initdb).
 */
export function makeServerDirectory(service: string, options: LocalStartOptions = {}): string {
  const directory = mkdtempSync(join(tmpdir(), `trilogy-${service}-`));
  if (!options.detached) cleanupOnExit(() => removeDirectory(directory));
  return directory;
}

/**
 * Removes a server's directory. A server or tool that is still shutting down may add a file
 * while the tree is being removed (ENOTEMPTY); a few short retries outlast it.
 */
export function removeDirectory(directory: string): void {
  rmSync(directory, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}
