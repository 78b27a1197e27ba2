// The order in which a service is obtained: environment → Docker → local binaries → skip
// locally / fail in CI. Docker and the disk are stubbed: these are decisions, not probes.
import { describe, expect, it } from "vitest";
import { type Env, isCI, type LocalProbe, type Resolution, resolveStrategy } from "./resolve-strategy.ts";
import type { ServiceName } from "./types.ts";

const HERE: LocalProbe = { available: true };
const MISSING: LocalProbe = { available: false, missing: "install the thing" };

interface Case {
  name: string;
  service: ServiceName;
  env: Env;
  docker: boolean;
  local: LocalProbe;
  expected: Resolution["kind"];
  fatal?: boolean;
}

const CASES: Case[] = [
  {
    name: "an env URL wins over everything",
    service: "postgres",
    env: { LABS_POSTGRES_URL: "postgresql://x@h/db" },
    docker: true,
    local: HERE,
    expected: "env",
  },
  {
    name: "LABS_REDIS_URL for redis",
    service: "redis",
    env: { LABS_REDIS_URL: "redis://h:1" },
    docker: false,
    local: MISSING,
    expected: "env",
  },
  {
    name: "LABS_KAFKA_BROKERS for kafka",
    service: "kafka",
    env: { LABS_KAFKA_BROKERS: "h:9092" },
    docker: false,
    local: MISSING,
    expected: "env",
  },
  {
    name: "a blank env value counts as unset",
    service: "postgres",
    env: { LABS_POSTGRES_URL: "  " },
    docker: false,
    local: HERE,
    expected: "local",
  },
  {
    name: "another service's variable does not count",
    service: "redis",
    env: { LABS_POSTGRES_URL: "postgresql://h/db" },
    docker: false,
    local: HERE,
    expected: "local",
  },
  {
    name: "Docker reachable → Testcontainers",
    service: "kafka",
    env: {},
    docker: true,
    local: HERE,
    expected: "docker",
  },
  {
    name: "Docker beats missing binaries",
    service: "redis",
    env: {},
    docker: true,
    local: MISSING,
    expected: "docker",
  },
  {
    name: "LABS_NO_DOCKER=1 prefers local binaries",
    service: "postgres",
    env: { LABS_NO_DOCKER: "1" },
    docker: true,
    local: HERE,
    expected: "local",
  },
  { name: "no Docker → local binaries", service: "postgres", env: {}, docker: false, local: HERE, expected: "local" },
  {
    name: "nothing → skipped locally",
    service: "kafka",
    env: {},
    docker: false,
    local: MISSING,
    expected: "unavailable",
    fatal: false,
  },
  {
    name: "nothing under CI=true → fatal",
    service: "kafka",
    env: { CI: "true" },
    docker: false,
    local: MISSING,
    expected: "unavailable",
    fatal: true,
  },
  {
    name: "CI=false is not CI",
    service: "redis",
    env: { CI: "false" },
    docker: false,
    local: MISSING,
    expected: "unavailable",
    fatal: false,
  },
];

describe("resolveStrategy", () => {
  it.each(CASES)("$name", async ({ service, env, docker, local, expected, fatal }) => {
    const resolution = await resolveStrategy(service, { env, dockerReachable: async () => docker, local: () => local });
    expect(resolution.kind).toBe(expected);
    if (resolution.kind === "unavailable") expect(resolution.fatal).toBe(fatal);
  });

  it("does not probe Docker or the disk when the environment names the server", async () => {
    let probed = 0;
    await resolveStrategy("postgres", {
      env: { LABS_POSTGRES_URL: "postgresql://h/db" },
      dockerReachable: async () => {
        probed++;
        return true;
      },
      local: () => {
        probed++;
        return HERE;
      },
    });
    expect(probed).toBe(0);
  });

  it("says what to install, how to point at a server, and where to read more", async () => {
    const resolution = await resolveStrategy("redis", {
      env: { CI: "true" },
      dockerReachable: async () => false,
      local: () => ({ available: false, missing: "install Redis (apt-get install redis-server | brew install redis)" }),
    });
    expect(resolution).toMatchObject({ kind: "unavailable", fatal: true });
    const message = resolution.kind === "unavailable" ? resolution.message : "";
    expect(message).toContain("install Redis (apt-get install redis-server | brew install redis)");
    expect(message).toContain("LABS_REDIS_URL=");
    expect(message).toContain("docs/services.md");
    expect(message).toContain("CI=true");
    expect(message).not.toContain("\n");
  });
});

describe("isCI", () => {
  it.each([
    [{ CI: "true" }, true],
    [{ CI: "1" }, true],
    [{ CI: "TRUE" }, true],
    [{ CI: "false" }, false],
    [{ CI: "0" }, false],
    [{ CI: "" }, false],
    [{}, false],
  ] as [Env, boolean][])("%j → %s", (env, expected) => {
    expect(isCI(env)).toBe(expected);
  });
});
