// Kafka in KRaft mode (no ZooKeeper) from the cached broker jars: one JVM that is both the
// broker and its own controller, sized for tests, on two free loopback ports.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { JavaInstall } from "./find-binaries.ts";
import { freePorts, LOOPBACK } from "./free-port.ts";
import { kafkaVersionIn } from "./kafka-jars.ts";
import { classArchive, formattedStorage } from "./kafka-warm-start.ts";
import { runTool, ServerProcess } from "./server-process.ts";
import { type LocalStartOptions, makeServerDirectory, removeDirectory, type StartedServer } from "./started-server.ts";

// A single test broker stores a few megabytes; 512 MiB leaves room for the log cleaner's buffer
// and a burst of producers, and keeps a 2-core CI machine's memory free for the checks.
const MAX_HEAP = "512m";
// Startup-friendly JVM settings for a short-lived server: the serial collector (no GC threads
// to spin up on small machines) and the C1 compiler only (fast warm-up; peak speed is not
// needed for tests).
const JVM_OPTIONS = [
  `-Xmx${MAX_HEAP}`,
  "-Xms64m",
  "-XX:+UseSerialGC",
  "-XX:TieredStopAtLevel=1",
  "-Djava.awt.headless=true",
];
// A cold JVM on a loaded CI machine needs several seconds; the broker itself is quick.
const READY_TIMEOUT_MS = 60_000;

/** The node id of the one combined broker+controller. */
const NODE_ID = 1;

/**
 * Broker settings for one machine, one test run. Every internal topic has one replica (there
 * is one broker), and one partition where Kafka's default of 50 would only slow the first
 * consumer group down. Topics are created on first use, like a fresh developer cluster.
 */
function serverProperties(brokerPort: number, controllerPort: number, logDir: string): string {
  const settings: Record<string, string | number> = {
    "process.roles": "broker,controller",
    "node.id": NODE_ID,
    "controller.quorum.voters": `${NODE_ID}@${LOOPBACK}:${controllerPort}`,
    listeners: `PLAINTEXT://${LOOPBACK}:${brokerPort},CONTROLLER://${LOOPBACK}:${controllerPort}`,
    "advertised.listeners": `PLAINTEXT://${LOOPBACK}:${brokerPort}`,
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "log.dirs": logDir,
    "auto.create.topics.enable": "true",
    "num.partitions": 1,
    "default.replication.factor": 1,
    "min.insync.replicas": 1,
    "offsets.topic.replication.factor": 1,
    "offsets.topic.num.partitions": 1,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    "transaction.state.log.num.partitions": 1,
    // Consumers in a group start at once instead of waiting 3 s for more members to join.
    "group.initial.rebalance.delay.ms": 0,
    // Fewer threads than the defaults (3 network, 8 I/O): plenty for tests on a small machine.
    "num.network.threads": 2,
    "num.io.threads": 2,
    // The log cleaner's dedupe buffer defaults to 128 MiB of heap; tests compact little.
    "log.cleaner.dedupe.buffer.size": 16 * 1024 * 1024,
  };
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${value}\n`)
    .join("");
}

// Warnings and errors only: the broker's INFO output is megabytes per run.
const LOG4J_PROPERTIES = `log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
`;

/** A KRaft cluster id: 16 random bytes, base64url without padding (what `kafka-storage random-uuid` prints). */
function clusterId(): string {
  return randomBytes(16).toString("base64url");
}

export async function startLocalKafka(
  java: JavaInstall,
  libs: string,
  options: LocalStartOptions = {},
): Promise<StartedServer> {
  const directory = makeServerDirectory("kafka", options);
  const [brokerPort, controllerPort] = await freePorts(2);
  if (brokerPort === undefined || controllerPort === undefined) throw new Error("no free ports");
  const propertiesFile = join(directory, "server.properties");
  const log4jFile = join(directory, "log4j.properties");
  const logDir = join(directory, "logs");
  writeFileSync(propertiesFile, serverProperties(brokerPort, controllerPort, logDir));
  writeFileSync(log4jFile, LOG4J_PROPERTIES);
  const jvm = [...JVM_OPTIONS, `-Dlog4j.configuration=file:${log4jFile}`, "-cp", join(libs, "*")];

  try {
    // KRaft needs its metadata directory formatted with a cluster id before the first start.
    await formattedStorage(libs, logDir, () =>
      runTool(java.command, [...jvm, "kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", propertiesFile], {
        cwd: directory,
        what: "formatting Kafka storage",
      }).then(() => undefined),
    );
  } catch (error) {
    removeDirectory(directory);
    throw error;
  }

  // A detached broker is stopped by another process, which cannot tell a clean exit: it uses
  // an archive but does not record one.
  const archive = classArchive(java, libs, options.detached ? undefined : directory);
  const server = new ServerProcess({
    name: "kafka",
    command: java.command,
    args: [...jvm, ...archive.options, "kafka.Kafka", propertiesFile],
    cwd: directory,
    logFile: join(directory, "kafka.log"),
    directory,
    // SIGTERM runs the broker's shutdown hook: a controlled shutdown, about a second here.
    stopSignal: "SIGTERM",
    exitSignal: "SIGKILL",
    detached: options.detached ?? false,
    // The JVM writes a recorded class archive while exiting; only a clean exit finishes it.
    afterStop: (exit) => {
      if (exit.signal !== "SIGKILL") archive.keep();
    },
  });
  const brokers = [`${LOOPBACK}:${brokerPort}`];
  try {
    await server.waitUntilReady(() => brokerAnswers(brokers), READY_TIMEOUT_MS);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    endpoint: { service: "kafka", brokers },
    strategy: "local",
    version: kafkaVersionIn(libs),
    address: brokers.join(","),
    pid: server.pid,
    directory,
    stopSignal: "SIGTERM",
    stop: () => server.stop(),
  };
}

/** Ready means the broker answers a metadata request and reports itself in the cluster. */
export async function brokerAnswers(brokers: string[]): Promise<boolean> {
  const { Kafka, logLevel } = await import("kafkajs");
  const admin = new Kafka({
    brokers,
    clientId: "trilogy-services-probe",
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
