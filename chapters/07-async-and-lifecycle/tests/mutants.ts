// Mistakes a learner could make in chapter 07, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const BODY_STREAM = "src/http/body-stream.ts";
const CONNECTION = "src/http/connection.ts";
const CONTEXT = "src/microfast/context.ts";
const DEPENDENCIES = "src/microfast/dependencies.ts";
const STREAMED_BODY = "src/microfast/streamed-body.ts";
const BACKGROUND = "src/microfast/background.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "07.1",
    file: BODY_STREAM,
    from: "    return !this.full;\n",
    to: "    return true;\n",
    what: "push() never says stop: the connection reads the whole upload into memory while the handler waits",
  },
  {
    stage: "07.1",
    file: BODY_STREAM,
    from: `    if (this.state === "open" || this.state === "discarded") this.onDrain();\n`,
    to: "",
    what: "a paused socket never resumed once the handler catches up",
  },
  {
    stage: "07.1",
    file: CONNECTION,
    from: "          clock.hold();\n",
    to: "",
    what: "the body deadline keeps running while the server, not the client, holds the body back (a 408 for a slow handler)",
  },
  {
    stage: "07.1",
    file: CONNECTION,
    from: "    body.discard();\n",
    to: "",
    what: "the unread rest of a body left queued after an early response: the connection never reads the next request",
  },
  {
    stage: "07.2",
    file: CONTEXT,
    from: "  return incoming !== undefined && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();",
    to: "  return randomUUID();",
    what: "an incoming X-Request-ID always replaced, valid or not",
  },
  {
    stage: "07.2",
    file: CONTEXT,
    from: "const VALID_REQUEST_ID = /^[A-Za-z0-9+/=-]{20,200}$/;",
    to: "const VALID_REQUEST_ID = /^[A-Za-z0-9+/=-]{20,}$/;",
    what: "an incoming request id of any length accepted (a 10 KiB id in every log line)",
  },
  {
    stage: "07.2",
    file: CONTEXT,
    from: "  return storage.run(context, fn);",
    to: "  return fn();",
    what: "the handler run without storage.run(): no code knows which request it works for",
  },
  {
    stage: "07.3",
    file: DEPENDENCIES,
    from: "    if (order.includes(dependency)) return;\n",
    to: "",
    what: "a dependency used by two others resolved twice per request",
  },
  {
    stage: "07.3",
    file: DEPENDENCIES,
    from: "    for (const used of Object.values(dependency.options.deps ?? {})) visit(used);\n    order.push(dependency);",
    to: "    order.push(dependency);\n    for (const used of Object.values(dependency.options.deps ?? {})) visit(used);",
    what: "dependencies resolved before the ones they use",
  },
  {
    stage: "07.3",
    file: "src/microfast/openapi.ts",
    from: "    ...fromDependencies,\n",
    to: "",
    what: "the OpenAPI document without the dependencies' query and header parameters",
  },
  {
    stage: "07.4",
    file: "src/microfast/response-model.ts",
    from: "  return Response.json(result.value);",
    to: "  return Response.json(value);",
    what: "the return value validated but sent unfiltered: the password hash leaves",
  },
  {
    stage: "07.4",
    file: "src/microfast/response-model.ts",
    from: "  if (!result.ok) throw new ResponseValidationError(result.issues);",
    to: "  if (!result.ok) return Response.json(value);",
    what: "a return value that breaks its model sent anyway",
  },
  {
    stage: "07.5",
    file: CONNECTION,
    from: "    current?.abort.abort(clientGone());\n",
    to: "",
    what: "request.signal never aborted when the client leaves",
  },
  {
    stage: "07.5",
    file: CONNECTION,
    from: "    clientDone = true;\n    clientLeft();\n",
    to: "    clientDone = true;\n",
    what: "a client's FIN not taken as leaving: only a reset aborts the signal",
  },
  {
    stage: "07.5",
    file: "src/microfast/app.ts",
    from: `      if (request.signal.aborted && error instanceof Error && error.name === "AbortError") {`,
    to: `      if (request.signal.aborted && error instanceof Error && error.name === "AbortSignal") {`,
    what: "a handler stopped by request.signal logged as a failure of the server (the error's name is AbortError)",
  },
  {
    stage: "07.6",
    file: "src/microfast/return-value.ts",
    from: "Symbol.asyncIterator in value",
    to: "Symbol.iterator in value",
    what: "async iterables recognised by Symbol.iterator: a returned async generator is sent as JSON ({}), not streamed",
  },
  {
    stage: "07.6",
    file: STREAMED_BODY,
    from: "  const next = bindToContext(() => iterator.next());",
    to: "  const next = () => iterator.next();",
    what: "a streamed body's pieces produced outside the request's context: its log lines lose the request id",
  },
  {
    stage: "07.6",
    file: STREAMED_BODY,
    from: "    if (!finished) void close();\n",
    to: "",
    what: "a stream stopped early without return(): the generator's finally never runs",
  },
  {
    stage: "07.6",
    file: STREAMED_BODY,
    from: "    if (!signal.aborted) report(error);\n",
    to: "",
    what: "a stream that fails halfway is cut off without a word in the log",
  },
  {
    stage: "07.7",
    file: BACKGROUND,
    from: "    const run = after.then(() => runInOrder(tasks));",
    to: "    const run = runInOrder(tasks);",
    what: "background tasks started when the handler returns, before a streamed response is sent",
  },
  {
    stage: "07.7",
    file: BACKGROUND,
    from: "      await task();",
    to: "      void task();",
    what: "a request's background tasks started all at once instead of one after another",
  },
  {
    stage: "07.7",
    file: BACKGROUND,
    from: `      log.error("a background task failed", { error });\n`,
    to: `      log.error("a background task failed", { error });\n      return;\n`,
    what: "a failing background task stops the ones after it",
  },
  {
    stage: "07.8",
    file: CONNECTION,
    from: "      if (!busy) close();",
    to: "      close();",
    what: "shutdown closes busy connections too: the request in progress loses its response",
  },
  {
    stage: "07.8",
    file: CONNECTION,
    from: "!closeDelimited && !draining && wantsPersistence(head)",
    to: "!closeDelimited && wantsPersistence(head)",
    what: "the last response before a shutdown says nothing about the connection closing",
  },
  {
    stage: "07.8",
    file: "src/http/server.ts",
    from: "      for (const connection of this.openConnections) connection.destroy();\n",
    to: "",
    what: "no deadline: a request that never ends holds the shutdown forever",
  },
  {
    stage: "07.8",
    file: "src/microfast/app.ts",
    from: "    const unfinished = await this.background.settled(Math.max(0, deadline - Date.now()));",
    to: "    const unfinished = 0;",
    what: "the app exits with background tasks still running",
  },
  {
    stage: "07.8",
    file: "src/microfast/app.ts",
    from: `const SHUTDOWN_SIGNALS = ["SIGTERM", "SIGINT"] as const;`,
    to: `const SHUTDOWN_SIGNALS = ["SIGTERM"] as const;`,
    what: "Ctrl-C (SIGINT) kills the server instead of shutting it down",
  },
];
