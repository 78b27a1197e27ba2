// Which way a service is obtained, decided in a fixed order:
//   1. an explicit address in the environment (LABS_POSTGRES_URL, LABS_REDIS_URL, LABS_KAFKA_BROKERS);
//   2. a reachable Docker engine → Testcontainers (unless LABS_NO_DOCKER=1);
//   3. the server's own binaries on this machine;
//   4. nothing: skipped locally with what to install, but an error under CI — a check that
//      needs a service is never silently skipped in CI.
// The decision is a function of its inputs; probing Docker and the disk is injected, and
// happens only when an earlier rule did not already decide.
import { ENV_EXAMPLES, ENV_VARS } from "./install-hints.ts";
import type { ServiceName } from "./types.ts";

export type Env = Readonly<Record<string, string | undefined>>;

export type LocalProbe = { available: true } | { available: false; missing: string };

export interface ResolutionFacts {
  env: Env;
  /** Is a Docker engine answering? Asked only when no environment address is set. */
  dockerReachable: () => Promise<boolean>;
  /** Are this service's binaries (and jars) here? Asked only when Docker is not used. */
  local: (service: ServiceName) => LocalProbe;
}

export type Resolution =
  | { kind: "env"; variable: string; value: string }
  | { kind: "docker" }
  | { kind: "local" }
  | { kind: "unavailable"; fatal: boolean; message: string };

/** CI=true (GitHub Actions, GitLab, most runners) or any value but "false"/"0". */
export function isCI(env: Env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "false" && value !== "0";
}

/** LABS_NO_DOCKER=1 makes the local binaries win even where Docker runs. */
export function dockerDisabled(env: Env): boolean {
  const value = env.LABS_NO_DOCKER?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "false" && value !== "0";
}

export async function resolveStrategy(service: ServiceName, facts: ResolutionFacts): Promise<Resolution> {
  const variable = ENV_VARS[service];
  const value = facts.env[variable]?.trim();
  if (value) return { kind: "env", variable, value };
  if (!dockerDisabled(facts.env) && (await facts.dockerReachable())) return { kind: "docker" };
  const local = facts.local(service);
  if (local.available) return { kind: "local" };
  const fatal = isCI(facts.env);
  const message =
    `${service} is not available: ${local.missing}; or set ${variable}=${ENV_EXAMPLES[service]}, or start Docker` +
    ` (docs/services.md)` +
    (fatal ? " — CI=true, so this fails instead of skipping" : " — skipping its checks");
  return { kind: "unavailable", fatal, message };
}
