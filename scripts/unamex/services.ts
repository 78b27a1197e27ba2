// The servers a seeded data set lives on. They must outlive the command: `pnpm unamex check`
// runs in a new process and has to find the names `seed` loaded. So, per service, in order:
//
//   1. LABS_POSTGRES_URL / LABS_REDIS_URL, when set: a server someone else runs;
//   2. the server `pnpm services up` started, recorded in .trilogy/services.json, if it is alive;
//   3. otherwise one is started here, detached, and recorded the same way: `pnpm services status`
//      shows it and `pnpm services down` stops it, as if `pnpm services up` had started it.
//
// (shared/services' postgres()/redis() are not used: outside a test run they start servers that
// stop when this process exits, taking the data set with them.)
import { ENV_VARS } from "../../shared/services/install-hints.ts";
import { localStarter } from "../../shared/services/local-binaries.ts";
import { isAlive, readState, writeState } from "../../shared/services/manual-services.ts";
import { removeDirectory } from "../../shared/services/started-server.ts";

/** The two services unamex's data set needs (Kafka comes with the ingest chapter). */
type Needed = "postgres" | "redis";

/** A server's URL: Postgres' maintenance database as a superuser, Redis' database 0 (or the one LABS_REDIS_URL names). */
export interface ServerUrls {
  postgres: string;
  redis: string;
}

export class ServicesUnavailable extends Error {}

/** The URLs of servers that outlive this process, starting what is missing and saying so through `say`. */
export async function lastingServers(say: (line: string) => void): Promise<ServerUrls> {
  return { postgres: await lasting("postgres", say), redis: await lasting("redis", say) };
}

async function lasting(name: Needed, say: (line: string) => void): Promise<string> {
  const fromEnv = process.env[ENV_VARS[name]];
  if (fromEnv) {
    say(`${name}: ${ENV_VARS[name]} is set: using ${fromEnv}`);
    return fromEnv;
  }
  const state = readState();
  const recorded = state[name];
  if (recorded && isAlive(recorded.pid) && recorded.endpoint.service === name) {
    say(`${name}: using the server \`pnpm services up\` started (pid ${recorded.pid})`);
    return recorded.endpoint.url;
  }
  // A server that died on its own (a reboot, a kill) leaves its folder behind.
  if (recorded) removeDirectory(recorded.directory);
  const local = localStarter(name);
  if (!local.available)
    throw new ServicesUnavailable(`${name} is not running and cannot be started here: ${local.missing}`);
  say(
    `${name}: not running: starting it in the background, as \`pnpm services up\` does (stop it with \`pnpm services down\`)`,
  );
  const began = performance.now();
  const server = await local.start({ detached: true });
  if (server.pid === undefined || server.directory === undefined || server.stopSignal === undefined)
    throw new ServicesUnavailable(`${name} started without a pid or a directory to record`);
  state[name] = {
    pid: server.pid,
    directory: server.directory,
    stopSignal: server.stopSignal,
    version: server.version,
    endpoint: server.endpoint,
    startedAt: new Date().toISOString(),
  };
  writeState(state);
  say(
    `${name}: ${server.version} started in ${((performance.now() - began) / 1000).toFixed(1)} s on ${server.address}`,
  );
  if (server.endpoint.service !== name)
    throw new ServicesUnavailable(`starting ${name} gave a ${server.endpoint.service} server`);
  return server.endpoint.url;
}
