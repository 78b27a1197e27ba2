// The shapes that travel between the process that runs the servers and the test files that use
// them. Plain JSON-serialisable data: a worker learns about a server over the loopback broker.

export const SERVICE_NAMES = ["postgres", "redis", "kafka"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}

/** How a server was obtained, in the order they are tried. */
export type StrategyKind = "env" | "docker" | "local";

export interface PostgresEndpoint {
  service: "postgres";
  /** Superuser connection URL to the maintenance database (`postgres`). */
  url: string;
  host: string;
  port: number;
}

export interface RedisEndpoint {
  service: "redis";
  url: string;
  host: string;
  port: number;
  /** How many logical databases the server has (`databases` setting): the range for isolation. */
  databases: number;
}

export interface KafkaEndpoint {
  service: "kafka";
  brokers: string[];
}

export type Endpoint = PostgresEndpoint | RedisEndpoint | KafkaEndpoint;
export type EndpointOf<N extends ServiceName> = Extract<Endpoint, { service: N }>;

/** What the process that resolved a service tells the others: a server, or why there is none. */
export type Availability =
  | { available: true; endpoint: Endpoint; strategy: StrategyKind }
  | { available: false; service: ServiceName; message: string; fatal: boolean };

/**
 * A primary and a hot standby that follows it by streaming replication (PostgreSQL docs §26.2):
 * what is committed on `primary` is replayed on `replica` moments later, and `replica` refuses
 * writes (25006). Both URLs are superuser URLs of the maintenance database.
 */
export interface ReplicationEndpoint {
  primary: PostgresEndpoint;
  replica: PostgresEndpoint;
}

/** The pair, or why there is none: the same shape as Availability, for the pair as a whole. */
export type ReplicationAvailability =
  | { available: true; endpoint: ReplicationEndpoint; strategy: StrategyKind }
  | { available: false; message: string; fatal: boolean };

/** A standby of its own for one test file, made from the pair's primary; `id` gives it back. */
export interface ExtraReplica {
  id: string;
  endpoint: PostgresEndpoint;
}
