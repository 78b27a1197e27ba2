// The pair is started once however many ask, extra standbys are handed out and given back by
// id, and a pair that fails to start is an error, never a skip. The starters are fakes.
import { describe, expect, it } from "vitest";
import { type PairStarters, ReplicationHost, type StartedPair } from "./replication-host.ts";
import type { StartedServer } from "./started-server.ts";
import type { PostgresEndpoint } from "./types.ts";

function endpoint(port: number): PostgresEndpoint {
  return { service: "postgres", url: `postgresql://postgres@127.0.0.1:${port}/postgres`, host: "127.0.0.1", port };
}

function fakeStarters(log: string[]): PairStarters {
  let nextPort = 6000;
  const server = (port: number): StartedServer => ({
    endpoint: endpoint(port),
    strategy: "local",
    version: "15",
    address: `127.0.0.1:${port}`,
    stop: async () => void log.push(`stop ${port}`),
  });
  const pair = (strategy: StartedPair["strategy"]): StartedPair => ({
    endpoint: { primary: endpoint(5000), replica: endpoint(5001) },
    strategy,
    version: "15",
    addReplica: async () => {
      const port = nextPort++;
      log.push(`add ${port}`);
      return server(port);
    },
    stop: async () => void log.push("stop pair"),
  });
  return {
    local: async () => {
      log.push("start local");
      return pair("local");
    },
    docker: async () => {
      throw new Error("no image");
    },
    env: (given) => ({ ...pair("env"), endpoint: given }),
  };
}

// The template database is made on the primary once the pair is up; these fakes have no server.
const facts = (env: Record<string, string> = {}) => ({
  env: { LABS_NO_DOCKER: "1", ...env },
  dockerReachable: async () => false,
  local: () => ({ available: true as const }),
});

describe("ReplicationHost", () => {
  it("a pair that cannot be started is a fatal error with the reason, announced once", async () => {
    const lines: string[] = [];
    const host = new ReplicationHost(facts(), (line) => lines.push(line), {
      ...fakeStarters([]),
      local: async () => {
        throw new Error("pg_basebackup failed");
      },
    });
    const [a, b] = await Promise.all([host.get(), host.get()]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ available: false, fatal: true });
    expect(a.available === false && a.message).toContain("pg_basebackup failed");
    expect(lines).toHaveLength(1);
  });

  it("one URL of the pair without the other is reported, not guessed", async () => {
    const host = new ReplicationHost(
      facts({ LABS_POSTGRES_PRIMARY_URL: endpoint(5000).url }),
      () => undefined,
      fakeStarters([]),
    );
    expect(await host.get()).toMatchObject({ available: false, fatal: true });
  });

  it("extra standbys are refused while there is no pair", async () => {
    const host = new ReplicationHost(
      { ...facts(), local: () => ({ available: false, missing: "no postgres" }) },
      () => undefined,
      fakeStarters([]),
    );
    await expect(host.addReplica()).rejects.toThrow(/no postgres/);
  });

  it("stopAll stops nothing that was never started", async () => {
    const log: string[] = [];
    const host = new ReplicationHost(facts(), () => undefined, fakeStarters(log));
    await host.stopAll();
    await host.removeReplica("unknown");
    expect(log).toEqual([]);
  });
});
