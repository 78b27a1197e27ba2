// Every process the bench starts (servers, load generators) is registered here, so that none
// outlives the bench: not when it ends, not when it fails, not on Ctrl-C.
import type { ChildProcess } from "node:child_process";

const running = new Set<ChildProcess>();
let guarded = false;

export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once("exit", () => running.delete(child));
  if (!guarded) {
    guarded = true;
    process.once("exit", killAll);
  }
  return child;
}

/** SIGKILL to every child still running: synchronous, so it also works inside an exit handler. */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}
