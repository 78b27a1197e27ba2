// Is a Docker engine answering? A quick, local question (a ping on its socket), asked before
// loading Testcontainers at all, so machines without Docker pay nothing for it.
import { existsSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";

// An engine that is up answers /_ping in milliseconds; a missing one fails at once. The limit
// only matters for a hung engine.
const PING_TIMEOUT_MS = 1500;

/** Where Docker-compatible engines put their socket: Docker Engine/Desktop, Colima, Rancher Desktop, Podman. */
export function candidateSockets(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = homedir();
  return [
    "/var/run/docker.sock",
    join(home, ".docker/run/docker.sock"),
    join(home, ".docker/desktop/docker.sock"),
    join(home, ".colima/default/docker.sock"),
    join(home, ".rd/docker.sock"),
    ...(env.XDG_RUNTIME_DIR
      ? [join(env.XDG_RUNTIME_DIR, "docker.sock"), join(env.XDG_RUNTIME_DIR, "podman/podman.sock")]
      : []),
  ];
}

function pingSocket(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: "/_ping", method: "GET", timeout: PING_TIMEOUT_MS }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(false));
    req.end();
  });
}

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: PING_TIMEOUT_MS });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("timeout", () => done(false));
    socket.once("error", () => done(false));
  });
}

/** DOCKER_HOST if set (unix:// or tcp://), else the first well-known socket that answers. */
export async function dockerReachable(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const host = env.DOCKER_HOST?.trim();
  if (host) {
    if (host.startsWith("unix://")) return pingSocket(host.slice("unix://".length));
    if (host.startsWith("tcp://")) {
      // A TLS-protected engine will not answer plain HTTP; an open port is the best cheap sign.
      const url = new URL(host.replace(/^tcp:/, "http:"));
      return tcpOpen(url.hostname, Number(url.port || 2375));
    }
    return false;
  }
  for (const socket of candidateSockets(env)) {
    if (existsSync(socket) && (await pingSocket(socket))) return true;
  }
  return false;
}
