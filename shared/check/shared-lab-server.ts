// Like useLabServer, for several stages of one check file that run the same program with the
// same environment: they share one server process instead of starting one each (a start costs
// about half a second of CPU). Each stage still makes sure the server runs before its tests —
// it starts it if no earlier stage did, or if an earlier stage's tests killed it — so a server
// that cannot start, or that crashed, fails the stage that needed it, as with useLabServer.
import { afterAll, beforeAll } from "vitest";
import { READY_TIMEOUT_MS, startLabServer, type LabServer, type ServerEntry } from "./lab-server.ts";

interface Shared {
  server: LabServer | undefined;
  /** Stages that use it and have not finished: the last one to finish stops the server. */
  users: number;
}

const servers = new Map<string, Shared>();

export function useSharedLabServer(entry: ServerEntry, env: Record<string, string> = {}): () => LabServer {
  const key = JSON.stringify([String(entry), env]);
  const shared = servers.get(key) ?? { server: undefined, users: 0 };
  servers.set(key, shared);
  shared.users++;
  let server: LabServer | undefined;
  beforeAll(async () => {
    if (!shared.server || shared.server.exitReason()) shared.server = await startLabServer(entry, env);
    server = shared.server;
  }, READY_TIMEOUT_MS + 2_000);
  afterAll(async () => {
    if (--shared.users > 0) return;
    await shared.server?.stop();
    shared.server = undefined;
  });
  return () => {
    if (!server) throw new Error("the lab server did not start (see the failure above)");
    return server;
  };
}
