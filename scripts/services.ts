// `pnpm services up|status|down [postgres|redis|kafka …]`: real servers for experiments by
// hand (psql, redis-cli, a demo), started from this machine's binaries and left running until
// `down`. Checks do not need this: they start their own servers per run.

import { findJava, findOnPath } from "../shared/services/find-binaries.ts";
import { ENV_VARS } from "../shared/services/install-hints.ts";
import { fetchKafkaJars, kafkaJarsPresent } from "../shared/services/kafka-jars.ts";
import { localStarter } from "../shared/services/local-binaries.ts";
import {
  connectionLines,
  isAlive,
  type ManualState,
  readState,
  STATE_FILE,
  stopManual,
  writeState,
} from "../shared/services/manual-services.ts";
import { removeDirectory } from "../shared/services/started-server.ts";
import { isServiceName, SERVICE_NAMES, type ServiceName } from "../shared/services/types.ts";

const USAGE = "usage: pnpm services up|status|down [postgres|redis|kafka …]";
const COMPOSE_HINT =
  "with Docker instead: docker compose -f labs-compose/compose.yaml up -d (see labs-compose/README.md)";

// Output piped into `head` may close early; the servers must still be started and recorded.
process.stdout.on("error", () => undefined);

function print(line = ""): void {
  process.stdout.write(`${line}\n`);
}

function describe(name: ServiceName, state: ManualState): void {
  const service = state[name];
  if (!service) return;
  const alive = isAlive(service.pid);
  print(`${name} ${service.version}${alive ? "" : " — NOT RUNNING (stale entry; `pnpm services down` clears it)"}`);
  for (const line of connectionLines(service.endpoint)) print(`  ${line}`);
}

async function up(names: ServiceName[]): Promise<number> {
  const state = readState();
  let failures = 0;
  // One at a time: on a small machine three servers starting at once only slow each other.
  for (const name of names) {
    const existing = state[name];
    if (existing && isAlive(existing.pid)) continue;
    // A server that died on its own (a reboot, a kill) leaves its folder: clear it first.
    if (existing) removeDirectory(existing.directory);
    const fromEnv = process.env[ENV_VARS[name]];
    if (fromEnv) {
      print(`${name}: ${ENV_VARS[name]}=${fromEnv} is set, so checks use that server; nothing to start`);
      continue;
    }
    // Unlike a check run, a person is waiting here: fetch the Kafka jars if that is all that is missing.
    if (name === "kafka" && findJava() && !kafkaJarsPresent() && findOnPath("mvn")) {
      await fetchKafkaJars((line) => print(`kafka: ${line}`));
    }
    const local = localStarter(name);
    if (!local.available) {
      print(`${name}: cannot start it here: ${local.missing}`);
      print(`  ${COMPOSE_HINT}`);
      failures++;
      continue;
    }
    const began = Date.now();
    try {
      const server = await local.start({ detached: true });
      if (server.pid === undefined || server.directory === undefined || server.stopSignal === undefined) {
        throw new Error("a local server without a pid or directory");
      }
      state[name] = {
        pid: server.pid,
        directory: server.directory,
        stopSignal: server.stopSignal,
        version: server.version,
        endpoint: server.endpoint,
        startedAt: new Date().toISOString(),
      };
      writeState(state);
      print(`${name}: started in ${((Date.now() - began) / 1000).toFixed(1)}s`);
    } catch (error) {
      print(`${name}: failed to start: ${(error as Error).message}`);
      failures++;
    }
  }
  print();
  await status();
  return failures === 0 ? 0 : 1;
}

async function status(): Promise<number> {
  const state = readState();
  const names = SERVICE_NAMES.filter((n) => state[n]);
  if (names.length === 0) {
    print("no services running (start them with `pnpm services up`)");
    return 0;
  }
  for (const name of names) describe(name, state);
  print();
  print(`Paste the export lines into a shell to make checks and demos use these servers; state: ${STATE_FILE}`);
  return 0;
}

async function down(names: ServiceName[]): Promise<number> {
  const state = readState();
  for (const name of names) {
    const service = state[name];
    if (!service) continue;
    await stopManual(service);
    delete state[name];
    writeState(state);
    print(`${name}: stopped`);
  }
  if (names.every((n) => !readState()[n])) print("no services running");
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const names = rest.length ? rest : [...SERVICE_NAMES];
  if (!command || !["up", "status", "down"].includes(command) || !names.every(isServiceName)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const services = names.filter(isServiceName);
  if (command === "up") return up(services);
  if (command === "down") return down(services);
  return status();
}

process.exitCode = await main(process.argv.slice(2));
