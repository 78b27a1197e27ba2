// What `pnpm lab` and `pnpm check` say about a chapter's services follows the same order as the
// services host: environment → Docker → local binaries → how to get one. Probes are stubbed.
import { describe, expect, it } from "vitest";
import { INSTALL_AND_START } from "./install-hints.ts";
import { missingServiceLine, readiness } from "./readiness.ts";
import type { LocalProbe } from "./resolve-strategy.ts";

function facts(env: Record<string, string>, docker: boolean, local: LocalProbe) {
  return { env, dockerReachable: async () => docker, local: () => local };
}

const HERE: LocalProbe = { available: true };
const MISSING: LocalProbe = { available: false, missing: "install the thing" };

describe("readiness", () => {
  it("names the environment variable, Docker or the local binaries as where the server comes from", async () => {
    expect(await readiness("postgres", facts({ LABS_POSTGRES_URL: "postgresql://h/db" }, false, MISSING))).toEqual({
      service: "postgres",
      ready: true,
      how: "the checks use the server at LABS_POSTGRES_URL",
    });
    expect(await readiness("postgres", facts({}, true, MISSING))).toMatchObject({
      ready: true,
      how: expect.stringContaining("Docker"),
    });
    expect(await readiness("postgres", facts({}, false, HERE))).toMatchObject({
      ready: true,
      how: expect.stringContaining("binaries"),
    });
  });

  it("without any, says how to get one on each system, and Docker", async () => {
    const result = await readiness("postgres", facts({}, false, MISSING));
    expect(result.ready).toBe(false);
    if (result.ready) return;
    expect(result.howToGet).toContain(INSTALL_AND_START.postgres.debian);
    expect(result.howToGet).toContain(INSTALL_AND_START.postgres.macos);
    expect(result.howToGet).toContain("Docker");
  });

  it("the line for a missing service is one line", () => {
    const line = missingServiceLine("11", "postgres");
    expect(line).not.toContain("\n");
    expect(line).toMatch(/^chapter 11 .*PostgreSQL/);
  });
});
