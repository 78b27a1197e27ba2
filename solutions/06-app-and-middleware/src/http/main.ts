// Starts the HTTP server and its built-in app on HOST:PORT (the checks choose both).
// IDLE_TIMEOUT_MS, HEADERS_TIMEOUT_MS, MAX_REQUESTS_PER_CONNECTION and MAX_BODY_BYTES override
// the defaults.
import { DEFAULT_HOST, DEFAULT_PORT } from "./limits.ts";
import { createHttpServer } from "./server.ts";
import { optionsFromEnv } from "./server-options.ts";

const host = process.env.HOST ?? DEFAULT_HOST;
const port = Number(process.env.PORT ?? DEFAULT_PORT);

const server = createHttpServer(optionsFromEnv(process.env));
server.listen(port, host, () => {
  console.log(`microfast listening on http://${host}:${port}/ — try: curl -i http://${host}:${port}/`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
