// The application stage 08.5 talks to: three CORS policies side by side. /api/… grants the
// origins of tests/fixtures/cors-policy.ts, with credentials; /public/… grants any origin,
// without; /shared/… grants any origin with credentials, which "*" cannot express.
import { cors, MicroFast, Response } from "@lab/src/microfast/index.ts";
import {
  ALLOWED_HEADERS,
  ALLOWED_METHODS,
  ALLOWED_ORIGINS,
  EXPOSED_HEADERS,
  MAX_AGE_SECONDS,
} from "../fixtures/cors-policy.ts";

const api = cors({
  origins: ALLOWED_ORIGINS,
  methods: ALLOWED_METHODS,
  headers: ALLOWED_HEADERS,
  exposeHeaders: EXPOSED_HEADERS,
  credentials: true,
  maxAgeSeconds: MAX_AGE_SECONDS,
});
const open = cors({ origins: "*" });
const shared = cors({ origins: "*", credentials: true });

const app = new MicroFast();
app.use((request, next) => {
  if (request.encodedPath.startsWith("/public/")) return open(request, next);
  if (request.encodedPath.startsWith("/shared/")) return shared(request, next);
  return api(request, next);
});

app.get("/api/items", () => Response.json([{ id: 1 }, { id: 2 }], { headers: { "X-Total-Count": "2" } }));
app.put("/api/items/{id:int}", (request, { id }) => ({ id, body: request.text() }));
app.delete("/api/items/{id:int}", () => undefined);
app.get(
  "/api/localized",
  () => new Response("bonjour", { headers: { "Content-Type": "text/plain; charset=utf-8", Vary: "Accept-Language" } }),
);
app.get("/public/info", () => ({ open: true }));
app.get("/shared/profile", () => ({ name: "Ada" }));

await app.run({ host: process.env.HOST, port: Number(process.env.PORT) });
