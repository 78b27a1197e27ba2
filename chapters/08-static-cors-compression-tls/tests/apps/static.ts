// The application stages 08.1 to 08.4 talk to: the folder the checks build (STATIC_ROOT,
// tests/fixtures/static-root.ts) under /static, beside ordinary routes.
import { MicroFast, serveStatic } from "@lab/src/microfast/index.ts";
import { CACHE_CONTROL, PREFIX } from "../fixtures/static-root.ts";

const root = process.env.STATIC_ROOT;
if (!root) throw new Error("STATIC_ROOT is not set: the checks pass the folder to serve");

const app = new MicroFast();
app.use(serveStatic(PREFIX, root, { cacheControl: CACHE_CONTROL }));
app.get("/", () => "Hello, World!");
// Starts like the prefix but is not under it: the router's, not the files'.
app.get("/static-info", () => ({ route: "/static-info" }));

await app.run({ host: process.env.HOST, port: Number(process.env.PORT) });
