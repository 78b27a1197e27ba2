// What to install, in one line, when a server cannot be found. Debian/Ubuntu and Homebrew
// cover the machines the course is used on; docs/services.md has the longer story.
import type { ServiceName } from "./types.ts";

export const FETCH_KAFKA_COMMAND = "pnpm exec tsx scripts/fetch-kafka.ts";

export const INSTALL_HINTS: Record<ServiceName, string> = {
  postgres: "install PostgreSQL 15+ (apt-get install postgresql | brew install postgresql@16)",
  redis: "install Redis (apt-get install redis-server | brew install redis)",
  kafka: `install Java 17 and Maven (apt-get install openjdk-17-jre-headless maven | brew install openjdk@17 maven), then run \`${FETCH_KAFKA_COMMAND}\``,
};

export const ENV_VARS: Record<ServiceName, string> = {
  postgres: "LABS_POSTGRES_URL",
  redis: "LABS_REDIS_URL",
  kafka: "LABS_KAFKA_BROKERS",
};

/** Example values, shown next to the variable names in messages and docs. */
export const ENV_EXAMPLES: Record<ServiceName, string> = {
  postgres: "postgresql://postgres@127.0.0.1:5432/postgres",
  redis: "redis://127.0.0.1:6379",
  kafka: "127.0.0.1:9092",
};
