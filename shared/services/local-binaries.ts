// Can this machine run a service from its own binaries, and how to start it if so.
import { findJava, findPostgresInstalls, findRedis, MIN_JAVA_MAJOR, MIN_POSTGRES_MAJOR } from "./find-binaries.ts";
import { FETCH_KAFKA_COMMAND, INSTALL_HINTS } from "./install-hints.ts";
import { kafkaJarsPresent, kafkaLibsDir } from "./kafka-jars.ts";
import { startLocalKafka } from "./kafka-local.ts";
import { startLocalPostgres } from "./postgres-local.ts";
import { startLocalRedis } from "./redis-local.ts";
import type { LocalStartOptions, StartedServer } from "./started-server.ts";
import type { ServiceName } from "./types.ts";

export type LocalStarter =
  | { available: true; start: (options?: LocalStartOptions) => Promise<StartedServer> }
  | { available: false; missing: string };

export function localStarter(service: ServiceName): LocalStarter {
  switch (service) {
    case "postgres": {
      const installs = findPostgresInstalls();
      const usable = installs.find((i) => i.major >= MIN_POSTGRES_MAJOR);
      if (usable) return { available: true, start: (options) => startLocalPostgres(usable, options) };
      const old = installs[0];
      return {
        available: false,
        missing: old
          ? `found PostgreSQL ${old.version} in ${old.binDir}, the course needs ${MIN_POSTGRES_MAJOR}+: ${INSTALL_HINTS.postgres}`
          : INSTALL_HINTS.postgres,
      };
    }
    case "redis": {
      const install = findRedis();
      if (install) return { available: true, start: (options) => startLocalRedis(install, options) };
      return { available: false, missing: INSTALL_HINTS.redis };
    }
    case "kafka": {
      const java = findJava();
      if (!java) return { available: false, missing: INSTALL_HINTS.kafka };
      if (java.major < MIN_JAVA_MAJOR) {
        return {
          available: false,
          missing: `found Java ${java.major} at ${java.command}, Kafka needs ${MIN_JAVA_MAJOR}+: ${INSTALL_HINTS.kafka}`,
        };
      }
      if (!kafkaJarsPresent()) {
        return {
          available: false,
          missing: `the Kafka jars are not cached yet: run \`${FETCH_KAFKA_COMMAND}\` (needs Maven)`,
        };
      }
      const libs = kafkaLibsDir();
      return { available: true, start: (options) => startLocalKafka(java, libs, options) };
    }
  }
}
