// The router server the checks of chapter 05 talk to, from chapter 06 on: src/router/main.ts has
// left the tree (the lesson runs microfast's demo now), so this app starts the same server —
// your router behind your connection handling, serving chapter 05's demo routes.
import { createHttpServer } from "@lab/src/http/server.ts";
import { optionsFromEnv } from "@lab/src/http/server-options.ts";
import { routedHandler } from "@lab/src/router/routed-handler.ts";
import { demoRouter } from "../fixtures/demo-routes.ts";

const server = createHttpServer(optionsFromEnv(process.env), routedHandler(demoRouter()));
server.listen(Number(process.env.PORT), process.env.HOST);
