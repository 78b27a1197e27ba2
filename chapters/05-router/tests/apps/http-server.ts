// The HTTP server the checks of chapters 02 to 04 talk to, from chapter 05 on: src/http/main.ts
// has left the tree (the lesson runs the router now), so this app starts the same server —
// your connection handling, with chapter 04's application behind it. HOST, PORT and the limits
// (IDLE_TIMEOUT_MS, HEADERS_TIMEOUT_MS, MAX_REQUESTS_PER_CONNECTION, MAX_BODY_BYTES) come from
// the environment the checks set.
import { createHttpServer } from "@lab/src/http/server.ts";
import { optionsFromEnv } from "@lab/src/http/server-options.ts";
import { bodyApp } from "../fixtures/body-app.ts";

const server = createHttpServer(optionsFromEnv(process.env), bodyApp);
server.listen(Number(process.env.PORT), process.env.HOST);
