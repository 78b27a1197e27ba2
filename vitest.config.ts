// `pnpm test`: the course's integrity suite. It grades every chapter's solution and starter,
// checks the chapter format, type-checks every tree, and tests the course's own tools.
import { defineConfig } from "vitest/config";
import { publishPart } from "./shared/course/parts.ts";

export default defineConfig({
  // The course's tools import the newest reference of a part by name (see shared/course/parts.ts).
  resolve: {
    alias: {
      "@trilogy/microfast": publishPart("microfast"),
      "@trilogy/tinyorm": publishPart("tinyorm"),
      "@trilogy/unamex": publishPart("unamex"),
    },
  },
  test: {
    include: ["scripts/**/*.test.ts", "shared/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/fixtures/**"],
    reporters: ["default", "./scripts/lib/summary-reporter.ts"],
    pool: "forks",
    // Two files at once, whatever the core count: the long ones (grading, mutants) spend most of
    // their time waiting on the child processes they grade in, and on two cores the default of
    // one worker would run them one after the other.
    maxWorkers: 2,
    minWorkers: 1,
    // Real Postgres/Redis/Kafka, started once per run on first use (shared/services).
    globalSetup: ["./shared/services/global-setup.ts"],
    // Integrity tests grade whole chapters in child processes; they have their own limits.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
