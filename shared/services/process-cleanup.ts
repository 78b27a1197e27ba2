// Last-resort cleanup for the servers this process started. The normal path stops them
// gracefully (vitest teardown, `stopServices()`); this runs when the process ends any other
// way: an uncaught error, `process.exit`, Ctrl-C or a kill. Only synchronous work is possible
// in an 'exit' handler, so each cleanup sends a signal and removes its temp directory at once.

type Cleanup = () => void;

const cleanups = new Set<Cleanup>();
let installed = false;

// The signals a terminal or a CI runner uses to stop a run.
const TERMINATING_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // One failed cleanup must not keep the others from running.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  // If nobody else handles the signal (a plain script), restore the default behaviour so the
  // process still dies of it; otherwise the other handler (vitest's) decides how to exit.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  // Prepended, not appended: a listener that calls process.exit() from inside 'exit' or a
  // signal handler (vitest's does) ends the process before later listeners get their turn.
  process.prependListener("exit", runAll);
  for (const signal of TERMINATING_SIGNALS) process.prependListener(signal, onSignal);
}

/** Registers a synchronous cleanup to run if the process ends first; returns its remover. */
export function cleanupOnExit(cleanup: Cleanup): () => void {
  install();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
