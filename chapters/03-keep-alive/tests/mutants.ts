// Mistakes a learner could make in chapter 03, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const CONNECTION = "src/http/connection.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "03.1",
    file: "src/http/persistence.ts",
    from: `return head.version.minor >= 1 || options.has("keep-alive");`,
    to: `return options.has("keep-alive");`,
    what: "HTTP/1.1 connections kept only when the client asks for keep-alive",
  },
  {
    stage: "03.2",
    file: CONNECTION,
    from: "else answer(event.head);",
    to: "else return answer(event.head);",
    what: "only the first request of a packet answered; the ones pipelined after it are dropped",
  },
  {
    stage: "03.3",
    file: "src/http/persistence.ts",
    from: ".map((option) => option.trim().toLowerCase())",
    to: ".map((option) => option.trim())",
    what: "Connection options compared case-sensitively: CLOSE is not close",
  },
  {
    stage: "03.4",
    file: CONNECTION,
    from: `head.version.minor === 0 ? [...response.headers, ["Connection", "keep-alive"] as const] : response.headers;`,
    to: "response.headers;",
    what: "an HTTP/1.0 keep-alive connection kept without saying Connection: keep-alive",
  },
  {
    stage: "03.5",
    file: CONNECTION,
    from: `    write(serializeResponse({ ...response, headers }, { omitBody }));
    awaitRequest();`,
    to: `    write(serializeResponse({ ...response, headers }, { omitBody }));`,
    what: "the idle clock not restarted after a response",
  },
  {
    stage: "03.6",
    file: CONNECTION,
    from: `if (event.type === "message-begin") awaitHead();`,
    to: `if (event.type === "message-begin") awaitRequest();`,
    what: "no headers clock: a request that never finishes its head is only closed when idle, without a 408",
  },
  {
    stage: "03.7",
    file: CONNECTION,
    from: "served >= options.maxRequestsPerConnection",
    to: "served > options.maxRequestsPerConnection",
    what: "one request more than the cap served (off by one)",
  },
  {
    stage: "03.8",
    file: CONNECTION,
    from: `export function serveConnection(socket: Socket, options: ServerOptions): void {
  const parser = new RequestParser();
  let served = 0;`,
    to: `let served = 0;

export function serveConnection(socket: Socket, options: ServerOptions): void {
  const parser = new RequestParser();`,
    what: "the request count kept for the whole server instead of per connection",
  },
];
