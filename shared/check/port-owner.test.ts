import { spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listensOn } from "./port-owner.ts";

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test.skipIf(process.platform !== "linux")(
  "names the process that holds the listening socket, and no other",
  async () => {
    expect(await listensOn(process.pid, port)).toBe(true);
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 5000)"]);
    try {
      expect(await listensOn(other.pid ?? -1, port)).toBe(false);
    } finally {
      other.kill();
    }
    expect(await listensOn(process.pid, port + 1 === 65_536 ? 1 : port + 1)).toBe(false);
  },
);
