// How much a lab server's memory grows while its client reads nothing: the test of a response that
// streams with backpressure rather than being built whole in memory.
//
// A fixed wait is not enough on a busy machine: a server that reads a large file whole, or builds
// a large body before writing it, may not have done so yet when the wait ends, and its memory
// looks flat. So the client waits at least `atLeastMs`, then until the server's CPU time stands
// still for QUIET_MS — a server that is still reading or building is busy; one held back by
// backpressure is idle — and keeps the largest resident size it saw.
import type { LabServer } from "./lab-server.ts";

/** How long the server must have used no CPU time to count as idle. */
const QUIET_MS = 250;
/** How often the server's memory and CPU time are read meanwhile. */
const POLL_MS = 50;
/** The longest the client waits for the server to go idle, on a machine busy with other work. */
const SETTLE_BUDGET_MS = 20_000;

export interface StalledMemory {
  /** The most the resident size grew over `before`, in bytes. */
  growth: number;
  /** How long the client read nothing. */
  ms: number;
}

/**
 * Waits, reading nothing, until `server` has stopped working (see above), and returns how much its
 * memory grew over `before`; stops early once the growth is over `limitBytes`.
 */
export async function growthWhileStalled(
  server: LabServer,
  before: number,
  options: { atLeastMs: number; limitBytes: number },
): Promise<StalledMemory> {
  const started = Date.now();
  let peak = before;
  let ticks = await server.cpuTicks();
  let idleSince = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    peak = Math.max(peak, await server.rssBytes());
    const ms = Date.now() - started;
    if (peak - before > options.limitBytes || ms >= SETTLE_BUDGET_MS) return { growth: peak - before, ms };
    const now = await server.cpuTicks();
    if (now !== ticks) {
      ticks = now;
      idleSince = Date.now();
    }
    // Without /proc (macOS) there is no CPU time to watch: the fixed wait is all there is.
    if (ms >= options.atLeastMs && (now === undefined || Date.now() - idleSince >= QUIET_MS))
      return { growth: peak - before, ms };
  }
}
