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

/** How a service is named to people. */
export const SERVICE_TITLES: Record<ServiceName, string> = {
  postgres: "PostgreSQL",
  redis: "Redis",
  kafka: "Kafka",
};

/**
 * One command per system that installs a service and starts a server of it, for lessons, for
 * `pnpm lab` and for the one line `pnpm check` prints when a chapter's service is missing.
 * `pnpm services up` starts a server to explore by hand (checks start their own either way) and
 * proves the install works; for Kafka it also fetches the broker's jars.
 */
export const INSTALL_AND_START: Record<ServiceName, { debian: string; macos: string }> = {
  postgres: {
    debian: "sudo apt-get install -y postgresql && pnpm services up postgres",
    macos: "brew install postgresql@16 && pnpm services up postgres",
  },
  redis: {
    debian: "sudo apt-get install -y redis-server && pnpm services up redis",
    macos: "brew install redis && pnpm services up redis",
  },
  kafka: {
    debian: "sudo apt-get install -y openjdk-17-jre-headless maven && pnpm services up kafka",
    macos: 'brew install openjdk@17 maven && JAVA_HOME="$(brew --prefix openjdk@17)" pnpm services up kafka',
  },
};

/** Every way to get a service, in one line: Docker, or the command for this kind of system. */
export function howToGet(service: ServiceName): string {
  const { debian, macos } = INSTALL_AND_START[service];
  return `start Docker, or run \`${debian}\` (Debian/Ubuntu) or \`${macos}\` (macOS), or set ${ENV_VARS[service]} to a server you have (docs/services.md)`;
}
