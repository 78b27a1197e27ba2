// Like useLabServer, for stages that run the same program with the same environment: they share
// one server process instead of starting one each (a start costs about half a second of CPU).
// Check files share their worker process (vitest.config.ts: isolate false), so stages of other
// files share it too; the server lives as long as the worker, and the lab server's exit hook and
// orphan guard stop it with the worker. Each stage still makes sure the server runs before its
// tests — it starts it if no earlier stage did, or if an earlier stage's tests killed it — so a
// server that cannot start, or that crashed, fails the stage that needed it, as with useLabServer.
// Stages that measure the server's memory use their own server (useLabServer): a peak reached
// in another stage would hide theirs.
import { beforeAll } from "vitest";
import { type LabServer, READY_TIMEOUT_MS, type ServerEntry, startLabServer } from "./lab-server.ts";

const servers = new Map<string, LabServer>();

export function useSharedLabServer(entry: ServerEntry, env: Record<string, string> = {}): () => LabServer {
  const key = JSON.stringify([String(entry), env]);
  let server: LabServer | undefined;
  beforeAll(async () => {
    const running = servers.get(key);
    if (running && !running.exitReason()) {
      server = running;
      return;
    }
    servers.delete(key);
    server = await startLabServer(entry, env);
    servers.set(key, server);
  }, READY_TIMEOUT_MS + 2_000);
  return () => {
    if (!server) throw new Error("the lab server did not start (see the failure above)");
    return server;
  };
}
