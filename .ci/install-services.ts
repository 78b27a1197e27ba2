// CI, or a fresh Debian/Ubuntu machine: installs what the service-backed checks need and nothing
// that is already there — PostgreSQL 15+, Redis, Java, and Maven while the Kafka jars are not
// cached — then fetches the jars from Maven Central (once per machine). Safe to run again. It
// finds what is installed as the checks do (shared/services/find-binaries.ts), so it installs
// exactly what they would miss. Needs node_modules: `pnpm exec tsx .ci/install-services.ts`.
import { existsSync } from "node:fs";
import { $ } from "zx";
import { findJava, findOnPath, findPostgres, findRedis, MIN_JAVA_MAJOR } from "../shared/services/find-binaries.ts";
import { fetchKafkaJars, kafkaJarsPresent } from "../shared/services/kafka-jars.ts";
import { aptInstall, SUDO } from "./apt.ts";

/** Keeps package scripts from starting daemons (invoke-rc.d asks it; 101 means "not now"). */
const POLICY_RC = "/usr/sbin/policy-rc.d";

const java = findJava();
const packages = [
  ...(findPostgres() ? [] : ["postgresql"]),
  ...(findRedis() ? [] : ["redis-server"]),
  ...(java && java.major >= MIN_JAVA_MAJOR ? [] : ["openjdk-17-jre-headless"]),
  ...(kafkaJarsPresent() || findOnPath("mvn") ? [] : ["maven"]),
];

if (packages.length > 0) {
  console.log(`install-services: installing ${packages.join(" ")}`);
  // The checks start their own throwaway servers: keep the packages from creating a default
  // Postgres cluster and from starting system-wide daemons on 5432 and 6379.
  await $`${SUDO} mkdir -p /etc/postgresql-common/createcluster.d`;
  await $({
    input: "create_main_cluster = false\n",
  })`${SUDO} tee /etc/postgresql-common/createcluster.d/no-main-cluster.conf`;
  const addedPolicy = !existsSync(POLICY_RC);
  if (addedPolicy) {
    await $({ input: "#!/bin/sh\nexit 101\n" })`${SUDO} tee ${POLICY_RC}`;
    await $`${SUDO} chmod +x ${POLICY_RC}`;
  }
  try {
    // Slim Debian images lack this directory, and the JRE's post-install step fails without it.
    await $`${SUDO} mkdir -p /usr/share/man/man1`;
    await aptInstall(packages, { recommends: false });
  } finally {
    if (addedPolicy) await $`${SUDO} rm -f ${POLICY_RC}`;
  }
}

await fetchKafkaJars((line) => console.log(`install-services: ${line}`));
console.log("install-services: postgres, redis, java and the Kafka jars are ready");
