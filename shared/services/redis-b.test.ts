// The second of two files that must not see each other's keys (see redis-a.test.ts).
import { expect, it } from "vitest";
import { describeWith } from "./describe-with.ts";
import { redis } from "./index.ts";
import { keyRoundTrip } from "./redis-namespace.ts";

await describeWith([redis], "redis service (file b)", (server) => {
  it("gives this file its own database and key prefix", async () => {
    const ns = await server.isolate();
    expect(await keyRoundTrip(ns, "from b")).toEqual({ value: "from b", keys: 1 });
  });
});
