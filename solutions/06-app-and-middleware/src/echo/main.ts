// Starts the echo server on HOST:PORT (the checks choose both).
import { createEchoServer } from "./echo-server.ts";
import { DEFAULT_HOST, DEFAULT_PORT } from "./limits.ts";

const host = process.env.HOST ?? DEFAULT_HOST;
const port = Number(process.env.PORT ?? DEFAULT_PORT);

const server = createEchoServer();
server.listen(port, host, () => {
  console.log(`echo server listening on ${host}:${port} — try: nc ${host} ${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
