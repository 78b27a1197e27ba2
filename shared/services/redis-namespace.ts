// Shared by the two Redis self-test files: each writes the same key name in its namespace.
import { Redis } from "ioredis";
import type { RedisNamespace } from "./redis-service.ts";

/** How long each file keeps its key before reading back, so the two files overlap in time. */
const OVERLAP_MS = 300;

export async function keyRoundTrip(ns: RedisNamespace, value: string): Promise<{ value: string | null; keys: number }> {
  const client = new Redis(ns.url, { keyPrefix: ns.keyPrefix });
  try {
    await client.set("greeting", value);
    await new Promise((resolve) => setTimeout(resolve, OVERLAP_MS));
    return { value: await client.get("greeting"), keys: await client.dbsize() };
  } finally {
    client.disconnect();
  }
}
