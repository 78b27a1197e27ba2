// Starting a TypeScript server program as a child process, and knowing when it listens: what
// the grader (lab-server.ts), `pnpm bench` and `pnpm demo` share. No vitest here, so scripts
// can use it too.
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { pathToFileURL } from "node:url";

/** `node --import <this>` runs TypeScript without a build step; resolved once, as a file URL. */
export const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Preloaded into servers the checks start: "@lab/…" imports resolve inside the tree under grade. */
export const LAB_ALIAS = new URL("./lab-alias.ts", import.meta.url).href;

/** Preloaded into servers the checks start: they exit once the checks are gone (see the file). */
export const ORPHAN_GUARD = new URL("./preload-orphan-guard.ts", import.meta.url).href;

/** Grace period between SIGTERM and SIGKILL when a server is stopped. */
const STOP_GRACE_MS = 2_000;

export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** SIGTERM, then SIGKILL if the child has not exited after a grace period. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
