// Fastify answering the bench's hello world: a schema-driven framework tuned for throughput
// (find-my-way router, fast-json-stringify), on top of node:http.
import Fastify from "fastify";
import { exitOnSignals, HELLO_BODY, HELLO_CONTENT_TYPE, idleTimeoutMs, listenAddress } from "./hello.ts";

const { host, port } = listenAddress(process.env);
// No logger: logging a line per request would measure the logger.
const app = Fastify({ logger: false, keepAliveTimeout: idleTimeoutMs(process.env) });
app.get("/", (_request, reply) => {
  reply.header("Content-Type", HELLO_CONTENT_TYPE).send(HELLO_BODY);
});
await app.listen({ host, port });
console.log(`listening on http://${host}:${port}`);
exitOnSignals();
