// Self-test of the services layer against a real Redis: this file and redis-b.test.ts write
// the same key; each reads back only its own value.
import { Redis } from "ioredis";
import { expect, it } from "vitest";
import { describeWith } from "./describe-with.ts";
import { redis } from "./index.ts";
import { keyRoundTrip } from "./redis-namespace.ts";

await describeWith([redis], "redis service (file a)", (server) => {
  it("gives this file its own database and key prefix", async () => {
    const ns = await server.isolate();
    expect(ns.db).toBeGreaterThan(0);
    expect(ns.url.endsWith(`/${ns.db}`)).toBe(true);
    expect(await keyRoundTrip(ns, "from a")).toEqual({ value: "from a", keys: 1 });
  });

  it("keeps two namespaces apart even for the same key", async () => {
    const [one, two] = [await server.isolate(), await server.isolate()];
    expect(one.db).not.toBe(two.db);
    expect(one.keyPrefix).not.toBe(two.keyPrefix);
    const a = new Redis(one.url, { keyPrefix: one.keyPrefix });
    const b = new Redis(two.url, { keyPrefix: two.keyPrefix });
    try {
      await a.set("k", "1");
      await b.set("k", "2");
      expect([await a.get("k"), await b.get("k")]).toEqual(["1", "2"]);
      await b.flushdb();
      expect(await a.get("k")).toBe("1");
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });
});
