// Starts the HTTP server with the demo routes of this chapter on HOST:PORT (127.0.0.1:8000
// unless set).
import { DEFAULT_HOST, DEFAULT_PORT } from "../http/limits.ts";
import { createHttpServer } from "../http/server.ts";
import { optionsFromEnv } from "../http/server-options.ts";
import { demoRouter } from "./demo-routes.ts";
import { routedHandler } from "./routed-handler.ts";

const host = process.env.HOST ?? DEFAULT_HOST;
const port = Number(process.env.PORT ?? DEFAULT_PORT);

const router = demoRouter();
const server = createHttpServer(optionsFromEnv(process.env), routedHandler(router));
server.listen(port, host, () => {
  console.log(`microfast router listening on http://${host}:${port}/ — try: curl -i http://${host}:${port}/users/42`);
  for (const route of router.routes()) console.log(`  ${route.method.padEnd(7)} ${route.pattern}`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
