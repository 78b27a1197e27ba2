// Express answering the bench's hello world: the most used Node framework, a middleware chain
// on top of node:http.
import express from "express";
import { exitOnSignals, HELLO_BODY, HELLO_CONTENT_TYPE, idleTimeoutMs, listenAddress } from "./hello.ts";

const { host, port } = listenAddress(process.env);
const app = express();
// Off, so the answer has the same headers as the others: X-Powered-By is an advertisement,
// and the ETag would hash the body on every request.
app.disable("x-powered-by");
app.set("etag", false);
app.get("/", (_request, response) => {
  response.set("Content-Type", HELLO_CONTENT_TYPE).send(HELLO_BODY);
});
const server = app.listen(port, host, () => console.log(`listening on http://${host}:${port}`));
server.keepAliveTimeout = idleTimeoutMs(process.env);
exitOnSignals();
