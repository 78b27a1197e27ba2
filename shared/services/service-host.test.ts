// The host that starts each service once per run: sharing one start, announcing once, and
// telling a missing service from a broken one. Starters are fakes; no server runs here.
import { describe, expect, it } from "vitest";
import { type HostFacts, ServiceHost } from "./service-host.ts";
import type { StartedServer } from "./started-server.ts";

function fakeRedis(databases: number): StartedServer {
  return {
    endpoint: { service: "redis", url: "redis://127.0.0.1:1", host: "127.0.0.1", port: 1, databases },
    strategy: "local",
    version: "7.0.0",
    address: "127.0.0.1:1",
    stop: async () => undefined,
  };
}

function host(facts: Partial<HostFacts>): { host: ServiceHost; lines: string[] } {
  const lines: string[] = [];
  const all: HostFacts = {
    env: {},
    dockerReachable: async () => false,
    local: () => ({ available: false, missing: "install it" }),
    ...facts,
  };
  return { host: new ServiceHost(all, (line) => lines.push(line)), lines };
}

describe("ServiceHost", () => {
  it("starts a service once for any number of concurrent requests, and announces it once", async () => {
    let starts = 0;
    const { host: h, lines } = host({
      local: () => ({
        available: true,
        start: async () => {
          starts++;
          return fakeRedis(16);
        },
      }),
    });
    const results = await Promise.all([h.get("redis"), h.get("redis"), h.get("redis")]);
    expect(starts).toBe(1);
    expect(results.every((r) => r.available)).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^services: redis 7\.0\.0 via local binaries in \d+\.\ds \(127\.0\.0\.1:1\)$/);
  });

  it("hands out Redis database indexes in turn, skipping 0 and wrapping around", async () => {
    const { host: h } = host({ local: () => ({ available: true, start: async () => fakeRedis(4) }) });
    const dbs = [];
    for (let i = 0; i < 5; i++) dbs.push(await h.allocateRedisDatabase());
    expect(dbs).toEqual([1, 2, 3, 1, 2]);
  });

  it("reports a missing service as skippable locally and fatal under CI", async () => {
    const local = await host({}).host.get("kafka");
    expect(local).toMatchObject({ available: false, fatal: false });
    const ci = await host({ env: { CI: "true" } }).host.get("kafka");
    expect(ci).toMatchObject({ available: false, fatal: true });
  });

  it("treats a server that fails to start as an error, never a skip", async () => {
    const { host: h, lines } = host({
      local: () => ({ available: true, start: async () => Promise.reject(new Error("initdb: disk full")) }),
    });
    const result = await h.get("postgres");
    expect(result).toMatchObject({ available: false, fatal: true });
    expect(lines[0]).toBe("services: postgres failed to start: initdb: disk full");
  });

  it("uses the brokers named in the environment without starting anything", async () => {
    const { host: h, lines } = host({ env: { LABS_KAFKA_BROKERS: "127.0.0.1:9092, 127.0.0.1:9093" } });
    expect(await h.get("kafka")).toEqual({
      available: true,
      strategy: "env",
      endpoint: { service: "kafka", brokers: ["127.0.0.1:9092", "127.0.0.1:9093"] },
    });
    expect(lines).toEqual(["services: kafka via LABS_KAFKA_BROKERS (127.0.0.1:9092,127.0.0.1:9093)"]);
  });

  it("stops every server it started", async () => {
    let stopped = 0;
    const { host: h } = host({
      local: () => ({ available: true, start: async () => ({ ...fakeRedis(16), stop: async () => void stopped++ }) }),
    });
    await h.get("redis");
    await h.stopAll();
    expect(stopped).toBe(1);
  });
});
