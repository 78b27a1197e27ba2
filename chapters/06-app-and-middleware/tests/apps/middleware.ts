// The application stage 06.3's checks talk to: middleware that records the order it runs in,
// answers without calling next, or calls next twice, plus counters that show whether the
// handler behind it ran.
import { MicroFast, type Middleware, Response } from "@lab/src/microfast/index.ts";

const app = new MicroFast();
const handlerRuns: Record<string, number> = { private: 0, twice: 0 };

/** Each layer writes "<name>:in" on the way in and adds "<name>:out" to X-Trail on the way out. */
function tracer(name: string): Middleware {
  return async function trace(request, next) {
    const trail = (request.state.trail ??= []) as string[];
    trail.push(`${name}:in`);
    // Yield to the event loop: the onion must hold across real asynchronous work.
    await new Promise((resolve) => setTimeout(resolve, 1));
    const response = await next();
    response.headers.append("X-Trail", `${name}:out`);
    return response;
  };
}

app.use(tracer("outer"));
app.use(tracer("inner"));

app.use(async function guard(request, next) {
  if (request.path.startsWith("/private") && request.header("authorization") !== "Bearer open-sesame") {
    return Response.json({ detail: "not authenticated" }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  }
  return next();
});

app.use(async function twice(request, next) {
  if (request.path !== "/twice") return next();
  await next();
  return next();
});

app.use(async function timing(_request, next) {
  const started = process.hrtime.bigint();
  const response = await next();
  response.headers.set("X-Elapsed-Us", String((process.hrtime.bigint() - started) / 1000n));
  return response;
});

app.get("/trail", (request) => ({ trail: [...(request.state.trail as string[]), "handler"] }));
app.get("/private/data", () => {
  handlerRuns.private!++;
  return { secret: "only with a token" };
});
app.get("/twice", () => {
  handlerRuns.twice!++;
  return { ran: true };
});
app.get("/runs", () => handlerRuns);

await app.run({ host: process.env.HOST, port: Number(process.env.PORT) });
