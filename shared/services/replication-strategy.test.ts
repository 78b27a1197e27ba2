// How the primary/standby pair is obtained: both URLs from the environment → Docker → local
// binaries → skip locally / fail in CI. Docker and the disk are stubbed: these are decisions.
import { describe, expect, it } from "vitest";
import {
  PRIMARY_URL_ENV,
  REPLICA_URL_ENV,
  type ReplicationResolution,
  replicationFromEnv,
  resolveReplicationStrategy,
} from "./replication-strategy.ts";
import type { Env, LocalProbe } from "./resolve-strategy.ts";

const HERE: LocalProbe = { available: true };
const MISSING: LocalProbe = { available: false, missing: "install PostgreSQL" };
const PRIMARY = "postgresql://postgres@127.0.0.1:5440/postgres";
const REPLICA = "postgresql://postgres@127.0.0.1:5441/postgres";

interface Case {
  name: string;
  env: Env;
  docker: boolean;
  local: LocalProbe;
  expected: ReplicationResolution["kind"];
  fatal?: boolean;
}

const CASES: Case[] = [
  {
    name: "both URLs in the environment win over everything",
    env: { [PRIMARY_URL_ENV]: PRIMARY, [REPLICA_URL_ENV]: REPLICA },
    docker: true,
    local: HERE,
    expected: "env",
  },
  {
    name: "one URL without the other is an error, even locally",
    env: { [PRIMARY_URL_ENV]: PRIMARY },
    docker: true,
    local: HERE,
    expected: "unavailable",
    fatal: true,
  },
  {
    name: "LABS_POSTGRES_URL names a single server: it does not make a pair",
    env: { LABS_POSTGRES_URL: PRIMARY },
    docker: false,
    local: HERE,
    expected: "local",
  },
  { name: "Docker next", env: {}, docker: true, local: HERE, expected: "docker" },
  { name: "LABS_NO_DOCKER=1 skips Docker", env: { LABS_NO_DOCKER: "1" }, docker: true, local: HERE, expected: "local" },
  { name: "nothing: skipped locally", env: {}, docker: false, local: MISSING, expected: "unavailable", fatal: false },
  {
    name: "nothing under CI: fatal",
    env: { CI: "true" },
    docker: false,
    local: MISSING,
    expected: "unavailable",
    fatal: true,
  },
];

describe("resolveReplicationStrategy", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const asked: string[] = [];
      const resolution = await resolveReplicationStrategy({
        env: c.env,
        dockerReachable: async () => c.docker,
        local: (service) => {
          asked.push(service);
          return c.local;
        },
      });
      expect(resolution.kind).toBe(c.expected);
      if (resolution.kind === "unavailable") expect(resolution.fatal).toBe(c.fatal);
      if (resolution.kind === "env") expect(resolution).toEqual({ kind: "env", primary: PRIMARY, replica: REPLICA });
      if (resolution.kind === "local") expect(asked).toEqual(["postgres"]);
    });
  }

  it("says which variable is missing", async () => {
    const resolution = await resolveReplicationStrategy({
      env: { [REPLICA_URL_ENV]: REPLICA },
      dockerReachable: async () => false,
      local: () => HERE,
    });
    expect(resolution.kind === "unavailable" && resolution.message).toContain(PRIMARY_URL_ENV);
  });
});

describe("replicationFromEnv", () => {
  it("reads host and port of each server", () => {
    expect(replicationFromEnv(PRIMARY, REPLICA)).toEqual({
      primary: { service: "postgres", url: PRIMARY, host: "127.0.0.1", port: 5440 },
      replica: { service: "postgres", url: REPLICA, host: "127.0.0.1", port: 5441 },
    });
  });

  it("refuses the same server twice: a primary is not its own standby", () => {
    expect(() => replicationFromEnv(PRIMARY, PRIMARY)).toThrow(/same server/);
  });

  it("refuses a URL that is not postgres://", () => {
    expect(() => replicationFromEnv("redis://127.0.0.1:6379", REPLICA)).toThrow(/postgres:\/\//);
  });
});
