// Redis from the machine's own `redis-server`: in-memory only, on a free loopback port.
import { connect } from "node:net";
import { join } from "node:path";
import type { RedisInstall } from "./find-binaries.ts";
import { freePort, LOOPBACK } from "./free-port.ts";
import { ServerProcess } from "./server-process.ts";
import { type LocalStartOptions, makeServerDirectory, type StartedServer } from "./started-server.ts";

/**
 * Logical databases on servers the course starts. Redis' default is 16; each test file gets
 * its own database index, and a chapter run can hold more files than that.
 */
export const REDIS_DATABASES = 256;

// redis-server is ready in milliseconds; the margin is for a loaded CI machine.
const READY_TIMEOUT_MS = 15_000;

export async function startLocalRedis(install: RedisInstall, options: LocalStartOptions = {}): Promise<StartedServer> {
  const directory = makeServerDirectory("redis", options);
  const port = await freePort();
  const server = new ServerProcess({
    name: "redis",
    command: install.command,
    args: [
      "--bind",
      LOOPBACK,
      "--port",
      String(port),
      // Nothing is persisted: no RDB snapshots, no append-only file.
      "--save",
      "",
      "--appendonly",
      "no",
      "--databases",
      String(REDIS_DATABASES),
      "--dir",
      directory,
      "--daemonize",
      "no",
    ],
    cwd: directory,
    logFile: join(directory, "redis.log"),
    directory,
    // SIGTERM: Redis shuts down cleanly (and, with `save ""`, writes nothing).
    stopSignal: "SIGTERM",
    exitSignal: "SIGKILL",
    detached: options.detached ?? false,
  });
  try {
    await server.waitUntilReady(() => answersPing(LOOPBACK, port), READY_TIMEOUT_MS);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    endpoint: {
      service: "redis",
      url: `redis://${LOOPBACK}:${port}`,
      host: LOOPBACK,
      port,
      databases: REDIS_DATABASES,
    },
    strategy: "local",
    version: install.version,
    address: `${LOOPBACK}:${port}`,
    pid: server.pid,
    directory,
    stopSignal: "SIGTERM",
    stop: () => server.stop(),
  };
}

/** Sends an inline PING and waits for +PONG: readiness without a client library. */
export function answersPing(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
    socket.once("connect", () => socket.write("PING\r\n"));
  });
}
