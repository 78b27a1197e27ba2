// A watchdog for one server, run as its own detached process. If the process that started the
// server disappears without cleaning up (killed with SIGKILL, out of memory), the watchdog
// stops the server and removes its temp directory, so no database keeps running on a learner's
// machine or a CI runner. It exits by itself as soon as the server is gone.
//
//   node orphan-reaper.mjs <owner pid> <server pid> <stop signal> <directory>
//
// Plain JavaScript on purpose: it must start with bare `node`, without a TypeScript loader.
import { rmSync } from "node:fs";

// How often to look: a leftover server for up to a second is harmless.
const POLL_MS = 1000;
// How long a server may take to shut down after the stop signal before it is killed.
const GRACE_MS = 3000;

const [ownerArg, serverArg, stopSignal, directory] = process.argv.slice(2);
const owner = Number(ownerArg);
const server = Number(serverArg);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else (a server run as an unprivileged user).
    return error.code === "EPERM";
  }
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

const timer = setInterval(() => {
  // The owner is checked first: if it is gone, the directory is ours to remove even when the
  // server died with it (its exit hook may have raced the server still writing files).
  if (alive(owner)) {
    // The owner stopped the server itself and removes the directory: nothing left to do.
    if (!alive(server)) process.exit(0);
    return;
  }
  clearInterval(timer);
  signal(server, stopSignal);
  const deadline = Date.now() + GRACE_MS;
  const finish = setInterval(() => {
    if (alive(server) && Date.now() < deadline) return;
    clearInterval(finish);
    if (alive(server)) signal(server, "SIGKILL");
    if (directory) rmSync(directory, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    process.exit(0);
  }, POLL_MS / 10);
}, POLL_MS);
