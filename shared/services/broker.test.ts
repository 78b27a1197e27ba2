// The broker that hands a run's servers to its test workers: same answers over loopback HTTP
// as the host gives in-process, and nothing for a caller without the token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Broker, BrokerClient, startBroker } from "./broker.ts";
import { servicesToWarm } from "./global-setup.ts";
import { ServiceHost } from "./service-host.ts";

describe("services broker", () => {
  let broker: Broker;
  beforeAll(async () => {
    const host = new ServiceHost(
      {
        env: { LABS_REDIS_URL: "redis://127.0.0.1:1" },
        dockerReachable: async () => false,
        local: () => ({ available: false, missing: "install it" }),
      },
      () => undefined,
    );
    broker = await startBroker(host);
  });
  afterAll(() => broker.close());

  it("answers on loopback with a token in the path", () => {
    expect(broker.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}$/);
  });

  it("relays availability and missing-service messages", async () => {
    const client = new BrokerClient(broker.address);
    expect(await client.alive()).toBe(true);
    expect(await client.availability("kafka")).toMatchObject({ available: false, fatal: false, service: "kafka" });
  });

  it("hands out distinct Redis databases to successive callers", async () => {
    const client = new BrokerClient(broker.address);
    const dbs = [await client.redisDatabase(), await client.redisDatabase(), await client.redisDatabase()];
    expect(new Set(dbs).size).toBe(3);
    expect(dbs).not.toContain(0);
  });

  it("refuses a caller without the token", async () => {
    const wrong = broker.address.replace(/[0-9a-f]{32}$/, "0".repeat(32));
    expect(await new BrokerClient(wrong).alive()).toBe(false);
  });
});

describe("TRILOGY_SERVICES", () => {
  it("lists the services to start right away", () => {
    expect(servicesToWarm("postgres, kafka")).toEqual(["postgres", "kafka"]);
    expect(servicesToWarm("")).toEqual([]);
    expect(servicesToWarm(undefined)).toEqual([]);
  });

  it("rejects an unknown name", () => {
    expect(() => servicesToWarm("postgres,mysql")).toThrow('unknown service "mysql"');
  });
});
