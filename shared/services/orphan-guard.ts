// A test worker whose vitest run was killed outright is not stopped by vitest: it goes on, its
// clients retrying against servers that went down with the run, busy enough to starve its own
// timers. The guard watches from a thread of its own (an event loop the busy one cannot
// starve) and ends the process once the parent that handed us the services is gone.
import { Worker } from "node:worker_threads";

// How often to look: a second of an orphan's life costs nothing.
const CHECK_INTERVAL_MS = 1000;

// CommonJS, evaluated in the thread. getppid() is per process, so the thread sees the change.
const WATCHER = `
const { workerData } = require("node:worker_threads");
setInterval(() => {
  if (process.ppid !== workerData.parent) process.kill(process.pid, "SIGKILL");
}, workerData.intervalMs);
`;

let guarded = false;

export function exitWhenOrphaned(): void {
  if (guarded) return;
  guarded = true;
  new Worker(WATCHER, { eval: true, workerData: { parent: process.ppid, intervalMs: CHECK_INTERVAL_MS } }).unref();
}
