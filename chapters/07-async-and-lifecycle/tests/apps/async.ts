// The application chapter 07's checks talk to (stages 07.1 to 07.7). It uses only microfast's
// public API. Handlers record what they saw in probes (GET /probe/{key}) and the app keeps its
// log records in memory (GET /logs?requestId=…), so the checks can look at work that happens
// after a response, or for a client that left, over HTTP rather than by reading the console.
// Routes are grouped by the stage that uses them.
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { optionsFromEnv } from "@lab/src/http/server-options.ts";
import {
  consoleSink,
  depends,
  formatLogRecord,
  HttpError,
  type LogRecord,
  log,
  MicroFast,
  Response,
  requestId,
  t,
} from "@lab/src/microfast/index.ts";
import { STREAM_PIECE_BYTES, USERS } from "../fixtures/limits.ts";

/** The log records kept for GET /logs: the newest ones. */
const KEPT_LOG_RECORDS = 5_000;
const records: LogRecord[] = [];
const app = new MicroFast({
  title: "microfast async checks",
  version: "7.0.0",
  log: (record) => {
    records.push(record);
    if (records.length > KEPT_LOG_RECORDS) records.shift();
    // On the console too: a failed check shows the last lines the server printed.
    consoleSink(record);
  },
});

/** What handlers, background tasks and streamed bodies saw, by the key a check chose. */
const probes = new Map<string, unknown[]>();
function probe(key: string, event: unknown): void {
  probes.set(key, [...(probes.get(key) ?? []), event]);
}
app.get("/probe/{key}", (_request, { key }) => probes.get(key) ?? []);
app.get("/logs", (request) => {
  const id = request.query.get("requestId");
  return Response.json(
    records.filter((record) => record.requestId === id).map((record) => JSON.parse(formatLogRecord(record)) as unknown),
  );
});

const number = (
  request: { query: { get(name: string): string | undefined } },
  name: string,
  fallback: number,
): number => Number(request.query.get(name) ?? fallback);

/** Work that waits until a check says go (POST /gates/{key}): no guessing how long to wait. */
const gates = new Map<string, () => void>();
function gate(key: string): Promise<void> {
  return new Promise((resolve) => gates.set(key, resolve));
}
app.post("/gates/{key}", (_request, { key }) => {
  gates.get(key)?.();
  return { opened: gates.delete(key) };
});

// 07.1: streamed request bodies.
async function digest(pieces: AsyncIterable<Uint8Array>): Promise<{ bytes: number; sha256: string; pieces: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  let count = 0;
  for await (const piece of pieces) {
    hash.update(piece);
    bytes += piece.length;
    count++;
  }
  return { bytes, sha256: hash.digest("hex"), pieces: count };
}
app.post("/upload/digest", { streamBody: true }, async (request) => {
  const key = request.query.get("key") ?? "";
  try {
    const result = await digest(request.stream());
    probe(key, { read: result.bytes });
    return result;
  } catch (error) {
    probe(key, { failed: error instanceof HttpError ? error.status : String(error) });
    throw error;
  }
});
app.post("/upload/gated/{key}", { streamBody: true }, async (request, { key }) => {
  // Reads nothing until the check opens the gate: meanwhile the client must wait, and the server's memory must not grow.
  await gate(key);
  return digest(request.stream());
});
app.post("/upload/whole", (request) => ({
  bytes: request.body.length,
  sha256: createHash("sha256").update(request.body).digest("hex"),
}));
app.post("/upload/buffered", { streamBody: true }, async (request) => {
  await request.buffer();
  const again = await digest(request.stream());
  return { json: request.json(), textLength: request.text().length, again: again.bytes };
});
app.post("/upload/first-piece", { streamBody: true }, async (request) => {
  for await (const piece of request.stream()) return { first: piece.length };
  return { first: 0 };
});

// 07.2: async handlers, each in its own request context.
const inFlight = new Map<string, number>();
app.get("/context/nested", async (request) => {
  const group = request.query.get("group") ?? "";
  const size = number(request, "size", 1);
  const seen: Record<string, unknown> = { handler: requestId() };
  // Concurrent requests of one group wait for each other: proof that they are handled at once.
  inFlight.set(group, (inFlight.get(group) ?? 0) + 1);
  const waitUntil = Date.now() + 5_000;
  while ((inFlight.get(group) ?? 0) < size && Date.now() < waitUntil) await sleep(5);
  seen.together = (inFlight.get(group) ?? 0) >= size;
  seen.afterAwait = requestId();
  seen.timer = await new Promise((resolve) => setTimeout(() => resolve(requestId()), number(request, "ms", 1)));
  seen.microtask = await new Promise((resolve) => queueMicrotask(() => resolve(requestId())));
  seen.parallel = await Promise.all(
    [3, 1, 2].map(async (ms) => {
      await sleep(ms);
      log.info("nested work", { ms });
      return requestId();
    }),
  );
  log.info("handler done");
  return seen;
});
app.get("/context/crash", () => {
  throw new Error("the database password is hunter2");
});

// 07.3: dependencies.
const resolutions = new Map<string, number>();
let sessions = 0;
const db = depends(() => {
  const id = requestId() ?? "";
  resolutions.set(id, (resolutions.get(id) ?? 0) + 1);
  return { session: ++sessions };
});
const pagination = depends(
  {
    query: t.object({
      page: t.withDefault(t.integer({ minimum: 1 }), 1),
      size: t.withDefault(t.integer({ minimum: 1, maximum: 50 }), 10),
    }),
  },
  ({ query }) => ({ offset: (query.page - 1) * query.size, limit: query.size }),
);
const currentUser = depends(
  { headers: t.object({ "x-token": t.string({ minLength: 1 }) }), deps: { db } },
  async ({ headers, deps }) => {
    await sleep(1);
    const user = USERS[headers["x-token"]];
    if (!user) throw new HttpError(401, "unknown token", [["WWW-Authenticate", "Token"]]);
    return { ...user, session: deps.db.session };
  },
);
const admin = depends({ deps: { user: currentUser } }, ({ deps }) => {
  if (!deps.user.admin) throw new HttpError(403, "admins only");
  return deps.user;
});
const audit = depends({ deps: { db, user: currentUser } }, ({ deps }) => ({
  session: deps.db.session,
  by: deps.user.name,
}));
app.get(
  "/deps/items",
  { deps: { page: pagination, user: currentUser, audit } },
  (_request, _params, { page, user, audit }) => ({
    page,
    user: user.name,
    sessions: [user.session, audit.session],
    dbResolutions: resolutions.get(requestId() ?? "") ?? 0,
  }),
);
app.delete("/deps/items/{id:int}", { deps: { admin } }, (_request, { id }, { admin }) => ({
  deleted: id,
  by: admin.name,
}));

// 07.4: response models.
const User = t.object({ id: t.integer(), name: t.string(), email: t.optional(t.string()) });
const row = (id: number) => ({
  id,
  name: "Ann",
  email: "ann@example.com",
  passwordHash: "$argon2id$v=19$secret",
  internal: { flags: 3 },
});
app.get("/models/user/{id:int}", { response: User }, (_request, { id }) => row(id));
app.get("/models/users", { response: t.array(User) }, async () => {
  await sleep(1);
  return [row(1), { id: 2, name: "Bob", apiKey: "sk-live-0000" }];
});
app.get("/models/team", { response: t.object({ owner: User, tags: t.array(t.string()) }) }, () => ({
  owner: row(7),
  tags: ["a", "b"],
  budget: 1_000_000,
}));
app.get("/models/broken", { response: User }, () => ({
  id: "seven",
  name: "Ann",
  passwordHash: "$argon2id$v=19$secret",
}));
app.get("/models/missing", { response: User }, () => ({ name: "Ann" }));
app.get("/models/as-is", { response: User }, () => Response.json({ free: "form" }, { status: 201 }));

// 07.5: the client goes away.
app.get("/abort/wait/{key}", async (request, { key }) => {
  probe(key, "started");
  try {
    await sleep(number(request, "ms", 10_000), undefined, { signal: request.signal });
  } catch (error) {
    probe(key, { aborted: error instanceof Error ? error.name : String(error) });
    throw error;
  }
  probe(key, { finished: request.signal.aborted ? "aborted" : "not aborted" });
  return { waited: true };
});
app.post("/abort/upload/{key}", { streamBody: true }, async (request, { key }) => {
  let bytes = 0;
  try {
    for await (const piece of request.stream()) {
      bytes += piece.length;
      if (bytes === piece.length) probe(key, "reading");
    }
  } catch (error) {
    probe(key, { failed: error instanceof HttpError ? error.status : String(error), aborted: request.signal.aborted });
    throw error;
  }
  return { bytes };
});

// 07.6: streamed responses.
app.get("/stream/count", async function* (request) {
  for (let i = 0; i < number(request, "n", 5); i++) {
    yield `${i}\n`;
    await sleep(number(request, "ms", 0));
  }
});
app.get("/stream/large/{key}", (request, { key }) => {
  const total = number(request, "pieces", 1);
  const piece = Buffer.alloc(STREAM_PIECE_BYTES, 0x61);
  let produced = 0;
  probes.set(key, [0]);
  return (async function* () {
    for (let i = 0; i < total; i++) {
      produced += piece.length;
      probes.set(key, [produced]);
      yield piece;
    }
  })();
});
app.get("/stream/ticks/{key}", (_request, { key }) =>
  (async function* () {
    try {
      for (let tick = 0; ; tick++) {
        log.info("tick", { tick });
        probe(key, { tick });
        yield `tick ${tick}\n`;
        await sleep(40);
      }
    } finally {
      probe(key, "closed");
    }
  })(),
);
app.get("/stream/fails", async function* () {
  yield "one\n";
  yield "two\n";
  throw new Error("the disk is on fire");
});

// 07.7: background tasks.
app.post("/tasks/gated/{key}", (request, { key }) => {
  request.background(async () => {
    probe(key, "started");
    await gate(key);
    probe(key, { done: requestId() });
  });
  return { queued: key };
});
app.post("/tasks/ordered/{key}", (request, { key }) => {
  request.background(async () => {
    probe(key, "a started");
    await sleep(20);
    probe(key, "a done");
  });
  request.background(() => {
    probe(key, "b ran");
    throw new Error("task b failed on purpose");
  });
  request.background(() => probe(key, "c ran"));
  return { queued: 3 };
});
app.get("/tasks/after-stream/{key}", (request, { key }) => {
  let streamed = false;
  request.background(() => probe(key, { streamFinishedFirst: streamed }));
  return (async function* () {
    for (let i = 0; i < 3; i++) {
      await sleep(20);
      yield `piece ${i}\n`;
    }
    streamed = true;
  })();
});
app.post("/tasks/then-fail/{key}", (request, { key }) => {
  request.background(() => probe(key, "ran"));
  throw new HttpError(409, "the handler failed after adding a task");
});

await app.run({ host: process.env.HOST, port: Number(process.env.PORT), server: optionsFromEnv(process.env) });
