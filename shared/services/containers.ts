// Servers in containers, through the Testcontainers modules, for machines with Docker.
// Testcontainers' own reaper (Ryuk) removes the containers if this process dies.
// The modules are imported only here and only when Docker is used.

import { REDIS_DATABASES } from "./redis-local.ts";
import type { StartedServer } from "./started-server.ts";
import type { ServiceName } from "./types.ts";

// The same major versions the local-binary strategy proves in CI: PostgreSQL 15 (Debian 12's),
// Redis 7, and Confluent Platform 7.9, whose broker is Apache Kafka 3.9 (the last line kafkajs
// 2.2.4 speaks to; see kafka-jars.ts).
export const POSTGRES_IMAGE = "postgres:15-alpine";
export const REDIS_IMAGE = "redis:7.2-alpine";
export const KAFKA_IMAGE = "confluentinc/cp-kafka:7.9.0";

/** The port the Testcontainers Kafka module exposes for clients outside the container network. */
const KAFKA_CLIENT_PORT = 9093;

export async function startContainer(service: ServiceName): Promise<StartedServer> {
  switch (service) {
    case "postgres":
      return startPostgresContainer();
    case "redis":
      return startRedisContainer();
    case "kafka":
      return startKafkaContainer();
  }
}

async function startPostgresContainer(): Promise<StartedServer> {
  const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE)
    .withDatabase("postgres")
    .withUsername("postgres")
    .withPassword("postgres")
    // The same non-durable settings as the local cluster (see postgres-local.ts).
    .withCommand([
      "postgres",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "max_connections=200",
    ])
    .start();
  const host = container.getHost();
  const port = container.getPort();
  return {
    endpoint: { service: "postgres", url: container.getConnectionUri(), host, port },
    strategy: "docker",
    version: POSTGRES_IMAGE,
    address: `${host}:${port}`,
    stop: async () => void (await container.stop()),
  };
}

async function startRedisContainer(): Promise<StartedServer> {
  const { RedisContainer } = await import("@testcontainers/redis");
  const container = await new RedisContainer(REDIS_IMAGE)
    .withCommand(["redis-server", "--save", "", "--appendonly", "no", "--databases", String(REDIS_DATABASES)])
    .start();
  const host = container.getHost();
  const port = container.getPort();
  return {
    endpoint: { service: "redis", url: container.getConnectionUrl(), host, port, databases: REDIS_DATABASES },
    strategy: "docker",
    version: REDIS_IMAGE,
    address: `${host}:${port}`,
    stop: async () => void (await container.stop()),
  };
}

async function startKafkaContainer(): Promise<StartedServer> {
  const { KafkaContainer } = await import("@testcontainers/kafka");
  const container = await new KafkaContainer(KAFKA_IMAGE)
    .withKraft()
    .withEnvironment({
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: "true",
      KAFKA_NUM_PARTITIONS: "1",
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
      KAFKA_HEAP_OPTS: "-Xmx512m",
    })
    .start();
  const brokers = [`${container.getHost()}:${container.getMappedPort(KAFKA_CLIENT_PORT)}`];
  return {
    endpoint: { service: "kafka", brokers },
    strategy: "docker",
    version: KAFKA_IMAGE,
    address: brokers.join(","),
    stop: async () => void (await container.stop()),
  };
}
