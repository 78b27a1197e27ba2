// How the primary/standby pair is obtained: the same order as a single server
// (resolve-strategy.ts), with a pair of addresses in place of one:
//   1. LABS_POSTGRES_PRIMARY_URL and LABS_POSTGRES_REPLICA_URL, both set: that pair;
//   2. Docker → two containers, the second made by pg_basebackup from the first;
//   3. local binaries → a primary and a `pg_basebackup -R` copy of it, on loopback ports;
//   4. nothing: skipped locally, an error under CI.
// LABS_POSTGRES_URL alone names a server without a standby, so it does not count here.
import { postgresFromUrl } from "./env-endpoints.ts";
import { dockerDisabled, isCI, type Resolution, type ResolutionFacts } from "./resolve-strategy.ts";
import type { ReplicationEndpoint } from "./types.ts";

export const PRIMARY_URL_ENV = "LABS_POSTGRES_PRIMARY_URL";
export const REPLICA_URL_ENV = "LABS_POSTGRES_REPLICA_URL";

export type ReplicationResolution =
  | { kind: "env"; primary: string; replica: string }
  | Exclude<Resolution, { kind: "env" }>;

export async function resolveReplicationStrategy(facts: ResolutionFacts): Promise<ReplicationResolution> {
  const primary = facts.env[PRIMARY_URL_ENV]?.trim();
  const replica = facts.env[REPLICA_URL_ENV]?.trim();
  if (primary && replica) return { kind: "env", primary, replica };
  if (primary || replica) {
    const [given, missing] = primary ? [PRIMARY_URL_ENV, REPLICA_URL_ENV] : [REPLICA_URL_ENV, PRIMARY_URL_ENV];
    return { kind: "unavailable", fatal: true, message: `${given} is set but ${missing} is not: set both, or neither` };
  }
  if (!dockerDisabled(facts.env) && (await facts.dockerReachable())) return { kind: "docker" };
  const local = facts.local("postgres");
  if (local.available) return { kind: "local" };
  const fatal = isCI(facts.env);
  const message =
    `a PostgreSQL primary and standby are not available: ${local.missing}; or set ${PRIMARY_URL_ENV} and` +
    ` ${REPLICA_URL_ENV}, or start Docker (docs/services.md)` +
    (fatal ? " — CI=true, so this fails instead of skipping" : " — skipping its checks");
  return { kind: "unavailable", fatal, message };
}

/** The pair named in the environment: two postgres:// URLs, which must be two servers. */
export function replicationFromEnv(primary: string, replica: string): ReplicationEndpoint {
  const endpoint = { primary: postgresFromUrl(primary), replica: postgresFromUrl(replica) };
  if (endpoint.primary.host === endpoint.replica.host && endpoint.primary.port === endpoint.replica.port)
    throw new Error(`${PRIMARY_URL_ENV} and ${REPLICA_URL_ENV} name the same server (${primary})`);
  return endpoint;
}
