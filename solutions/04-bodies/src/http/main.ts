// Starts the HTTP server with this chapter's app (default-app.ts) on HOST:PORT.
// IDLE_TIMEOUT_MS, HEADERS_TIMEOUT_MS, MAX_REQUESTS_PER_CONNECTION and MAX_BODY_BYTES override
// the defaults.
import { defaultApp } from "./default-app.ts";
import { DEFAULT_HOST, DEFAULT_PORT } from "./limits.ts";
import { createHttpServer } from "./server.ts";
import { optionsFromEnv } from "./server-options.ts";

const host = process.env.HOST ?? DEFAULT_HOST;
const port = Number(process.env.PORT ?? DEFAULT_PORT);

const server = createHttpServer(optionsFromEnv(process.env), defaultApp);
server.listen(port, host, () => {
  console.log(`microfast listening on http://${host}:${port}/ — try: curl -i http://${host}:${port}/`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
