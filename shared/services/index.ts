// Real PostgreSQL, Redis and Kafka for checks, demos and scripts.
//
//   const pg = await postgres();    const db = await pg.createDatabase();   // db.url, db.drop()
//   const rd = await redis();       const ns = await rd.isolate();          // ns.url (own db index), ns.keyPrefix
//   const kf = await kafka();       const topic = kf.topic("orders");       // kf.brokers
//   const rp = await postgresReplication();  const db = await rp.createDatabase();  // db.primaryUrl, db.replicaUrl
//
// Inside a vitest run the servers belong to the run (see global-setup.ts and broker.ts);
// anywhere else they are started in this process on first use and stopped when it exits.
// A service that cannot be had throws ServiceUnavailableError (see describe-with.ts to skip).
import { BROKER_ENV, BrokerClient } from "./broker.ts";
import { KafkaService } from "./kafka-service.ts";
import { exitWhenOrphaned } from "./orphan-guard.ts";
import { PostgresService } from "./postgres-service.ts";
import { RedisService } from "./redis-service.ts";
import { ReplicatedPostgres } from "./replication-service.ts";
import { ServiceHost } from "./service-host.ts";
import { ServiceUnavailableError } from "./service-unavailable.ts";
import type { Availability, EndpointOf, ExtraReplica, ReplicationAvailability, ServiceName } from "./types.ts";

export type { KafkaService } from "./kafka-service.ts";
export type { PostgresService, TestDatabase } from "./postgres-service.ts";
export type { RedisNamespace, RedisService } from "./redis-service.ts";
export type { OwnReplica, ReplicatedDatabase, ReplicatedPostgres } from "./replication-service.ts";
export { ServiceUnavailableError } from "./service-unavailable.ts";
export type { ServiceName } from "./types.ts";

/** Where services come from: the run's broker, or a host in this very process. */
interface ServiceSource {
  availability(service: ServiceName): Promise<Availability>;
  redisDatabase(): Promise<number>;
  replication(): Promise<ReplicationAvailability>;
  addReplica(): Promise<ExtraReplica>;
  removeReplica(id: string): Promise<void>;
}

let source: ServiceSource | undefined;
let ownHost: ServiceHost | undefined;

function currentSource(): ServiceSource {
  if (source) return source;
  const broker = process.env[BROKER_ENV];
  if (broker) {
    exitWhenOrphaned();
    return (source = new BrokerClient(broker));
  }
  const host = (ownHost = new ServiceHost());
  return (source = {
    availability: (service) => host.get(service),
    redisDatabase: () => host.allocateRedisDatabase(),
    replication: () => host.replication.get(),
    addReplica: () => host.replication.addReplica(),
    removeReplica: (id) => host.replication.removeReplica(id),
  });
}

async function endpointOf<N extends ServiceName>(service: N): Promise<EndpointOf<N>> {
  const availability = await currentSource().availability(service);
  if (!availability.available) throw new ServiceUnavailableError(service, availability.message, availability.fatal);
  return availability.endpoint as EndpointOf<N>;
}

export async function postgres(): Promise<PostgresService> {
  return new PostgresService(await endpointOf("postgres"));
}

export async function redis(): Promise<RedisService> {
  return new RedisService(await endpointOf("redis"), () => currentSource().redisDatabase());
}

export async function kafka(): Promise<KafkaService> {
  return new KafkaService(await endpointOf("kafka"));
}

/** A primary and a streaming standby of it (chapter 19), and standbys of one's own on request. */
export async function postgresReplication(): Promise<ReplicatedPostgres> {
  const source = currentSource();
  const availability = await source.replication();
  if (!availability.available) throw new ServiceUnavailableError("postgres", availability.message, availability.fatal);
  return new ReplicatedPostgres(availability.endpoint, {
    add: () => source.addReplica(),
    remove: (id) => source.removeReplica(id),
  });
}

/**
 * Stops the servers this process started itself (scripts; in a vitest run the run owns them).
 * Optional: they are stopped at exit anyway, but a graceful stop leaves nothing behind sooner.
 */
export async function stopServices(): Promise<void> {
  const host = ownHost;
  source = undefined;
  ownHost = undefined;
  await host?.stopAll();
}
