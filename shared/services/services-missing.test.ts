// What a learner or CI sees when a service is missing: the real resolver, in a child process
// whose PATH holds no server programs and where Docker is switched off.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { INSTALL_HINTS } from "./install-hints.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/need-service.ts", import.meta.url));
const emptyBin = mkdtempSync(join(tmpdir(), "trilogy-empty-bin-"));
afterAll(() => rmSync(emptyBin, { recursive: true, force: true }));

function needService(
  service: string,
  extraEnv: Record<string, string>,
): Promise<{ status: number; stderr: string; result: Record<string, unknown> }> {
  const env: NodeJS.ProcessEnv = {
    HOME: process.env.HOME,
    PATH: emptyBin,
    LABS_NO_DOCKER: "1",
    // An empty cache: no Kafka jars either.
    XDG_CACHE_HOME: emptyBin,
    ...extraEnv,
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", FIXTURE, service],
      { cwd: fileURLToPath(new URL("../..", import.meta.url)), env, encoding: "utf8" },
      (error, stdout, stderr) => {
        const status = error ? Number(error.code ?? 1) : 0;
        resolve({ status, stderr, result: JSON.parse(stdout || "{}") as Record<string, unknown> });
      },
    );
  });
}

// Each case is a child process of its own: run them side by side.
describe.concurrent("a missing service", () => {
  it.each(["redis", "kafka"] as const)("%s: skipped locally with one line saying what to install", async (service) => {
    const { status, stderr, result } = await needService(service, {});
    expect(result).toMatchObject({ available: false, fatal: false });
    expect(result.message).toContain(INSTALL_HINTS[service]);
    expect(status).toBe(0);
    const lines = stderr.split("\n").filter((l) => l.startsWith("services:"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("skipping");
  });

  it.each(["redis", "kafka"] as const)("%s: fails the run under CI=true, with the install hint", async (service) => {
    const { status, stderr, result } = await needService(service, { CI: "true" });
    expect(result).toMatchObject({ available: false, fatal: true });
    expect(result.message).toContain(INSTALL_HINTS[service]);
    expect(stderr).toContain("CI=true, so this fails instead of skipping");
    expect(status).toBe(1);
  });
});
