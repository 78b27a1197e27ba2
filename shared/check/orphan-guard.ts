// Preloaded into every server the checks start (node --import): the server exits once the
// check process that started it is gone. A worker that vitest stops with a signal, or a stage
// skipped by --only that never reaches its afterAll, would otherwise leave the learner's
// server running — and holding its port — long after `pnpm check` has returned.
//
// When a parent dies, its children are re-parented (to init or a subreaper), so process.ppid
// changes. The timer is unref'd: it never keeps the server alive by itself.
const parent = process.ppid;
const POLL_MS = 500;

setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, POLL_MS).unref();
