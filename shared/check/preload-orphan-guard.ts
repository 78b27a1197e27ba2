// Preloaded into every server the checks start (node --import): the server exits once the
// check process that started it is gone. A worker that vitest stops with a signal, or a stage
// skipped by --only that never reaches its afterAll, would otherwise leave the learner's
// server running — and holding its port — long after `pnpm check` has returned. The guard
// watches from a thread of its own, so a server stuck in an endless loop is stopped too.
import { exitWhenOrphaned } from "../services/orphan-guard.ts";

exitWhenOrphaned();
