// Servers named in the environment: nothing to start, only an address to read and check.
import type { Endpoint, KafkaEndpoint, PostgresEndpoint, RedisEndpoint, ServiceName } from "./types.ts";

// Redis' own default number of logical databases, assumed when a server will not say.
const REDIS_DEFAULT_DATABASES = 16;
// The port each protocol uses when a URL leaves it out.
const POSTGRES_DEFAULT_PORT = 5432;
const REDIS_DEFAULT_PORT = 6379;

export function postgresFromUrl(url: string): PostgresEndpoint {
  const parsed = new URL(url);
  if (!/^postgres(ql)?:$/.test(parsed.protocol))
    throw new Error(`LABS_POSTGRES_URL must be a postgres:// URL, got ${url}`);
  return { service: "postgres", url, host: parsed.hostname, port: Number(parsed.port || POSTGRES_DEFAULT_PORT) };
}

export async function redisFromUrl(url: string): Promise<RedisEndpoint> {
  const parsed = new URL(url);
  if (!/^rediss?:$/.test(parsed.protocol)) throw new Error(`LABS_REDIS_URL must be a redis:// URL, got ${url}`);
  return {
    service: "redis",
    url,
    host: parsed.hostname,
    port: Number(parsed.port || REDIS_DEFAULT_PORT),
    databases: await redisDatabaseCount(url),
  };
}

/** The server's `databases` setting; managed services often forbid CONFIG, hence the default. */
async function redisDatabaseCount(url: string): Promise<number> {
  const { Redis } = await import("ioredis");
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const reply = await client.config("GET", "databases");
    const count = Array.isArray(reply) ? Number(reply[1]) : NaN;
    return Number.isInteger(count) && count > 0 ? count : REDIS_DEFAULT_DATABASES;
  } catch {
    return REDIS_DEFAULT_DATABASES;
  } finally {
    client.disconnect();
  }
}

export function kafkaFromList(list: string): KafkaEndpoint {
  const brokers = list
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new Error("LABS_KAFKA_BROKERS is empty");
  return { service: "kafka", brokers };
}

export async function endpointFromEnv(service: ServiceName, value: string): Promise<Endpoint> {
  switch (service) {
    case "postgres":
      return postgresFromUrl(value);
    case "redis":
      return redisFromUrl(value);
    case "kafka":
      return kafkaFromList(value);
  }
}

export function addressOf(endpoint: Endpoint): string {
  return endpoint.service === "kafka" ? endpoint.brokers.join(",") : `${endpoint.host}:${endpoint.port}`;
}
