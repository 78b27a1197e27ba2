// Stage 09.2: the load generator, in-process, against small servers written here with node:net.
// Each server counts what it received and what it did, so every number the generator reports
// is compared with the other side's count: the answer known apart from the code under check.
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import { type LoadOptions, type LoadResult, runLoad } from "@lab/src/perf/load.ts";
import { afterEach, test } from "vitest";
import { budgetMs, Deadline } from "../../../shared/check/budget.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";

const REQUEST = Buffer.from("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "latin1");
const HEAD_END = "\r\n\r\n";
/** After runLoad() resolves, how long the servers wait for a request that should never come. */
const STRAGGLER_WAIT_MS = 100;
/** Requests in the runs that count exactly. */
const REQUESTS = sized("09.2", { full: 400, quick: 100 });

function response(status: number, body: string): Buffer {
  return Buffer.from(
    `HTTP/1.1 ${status} ${status < 300 ? "OK" : "Not OK"}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    "latin1",
  );
}

const OK = response(200, "Hello, World!");

/** What a test server does with the request it received as the `index`-th of the run (from 0). */
type Answer = (socket: Socket, index: number) => Promise<void> | void;

interface CountingServer {
  readonly port: number;
  /** Whole requests received, on all connections. */
  received: number;
  /** Connections accepted. */
  connections: number;
  /** What the server did, by kind ("503", "cut", …): filled in by the answers. */
  readonly did: Map<string, number>;
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A server that reads requests (heads without bodies, as the generator sends) and answers each in turn. */
async function countingServer(answer: Answer): Promise<CountingServer> {
  const sockets = new Set<Socket>();
  const counts = { port: 0, received: 0, connections: 0, did: new Map<string, number>() };
  const server = createServer({ noDelay: true }, (socket) => {
    counts.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffered = "";
    // One answer at a time, in order, as a real server does on one connection.
    let queue = Promise.resolve();
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("latin1");
      for (let end = buffered.indexOf(HEAD_END); end >= 0; end = buffered.indexOf(HEAD_END)) {
        buffered = buffered.slice(end + HEAD_END.length);
        const index = counts.received++;
        queue = queue.then(() => (socket.destroyed ? undefined : answer(socket, index)));
      }
    });
  });
  servers.push(server);
  // Whatever the generator left open is cut when the test ends.
  server.on("close", () => {
    for (const socket of sockets) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  counts.port = (server.address() as AddressInfo).port;
  return counts;
}

function did(server: CountingServer, kind: string): void {
  server.did.set(kind, (server.did.get(kind) ?? 0) + 1);
}

function describeOptions(options: Omit<LoadOptions, "host" | "port" | "request">): string {
  return `runLoad({ connections: ${options.connections}, ${options.requests !== undefined ? `requests: ${options.requests}` : `durationMs: ${options.durationMs}`}, request: ${JSON.stringify(REQUEST.toString("latin1"))} })`;
}

function describeResult(result: LoadResult): string {
  return `responses ${result.responses}, non2xx ${result.non2xx}, errors ${result.errors}, latency.count ${result.latency.count}`;
}

function describeServer(server: CountingServer): string {
  const did = [...server.did].map(([kind, n]) => `${kind} ${n}`).join(", ");
  return `the server received ${server.received} requests on ${server.connections} connections${did ? `; it answered ${did}` : ""}`;
}

/** Runs the generator against `server`, within a deadline: a generator that never stops fails here. */
async function load(
  server: CountingServer,
  options: Omit<LoadOptions, "host" | "port" | "request">,
  budget: number,
): Promise<LoadResult> {
  const deadline = new Deadline(budget);
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CheckFailure(`runLoad() did not resolve within ${deadline.describe()}`, {
            kind: "timeout",
            sent: describeOptions(options),
            expected: "runLoad() to stop by itself and resolve with its counts",
            received: `still running; ${describeServer(server)}`,
            hint: "Every connection's loop must end: after the last request is answered, or when the time is up and the request in flight is answered.",
          }),
        ),
      deadline.left(),
    );
  });
  try {
    const result = await Promise.race([
      runLoad({ ...options, host: "127.0.0.1", port: server.port, request: REQUEST }),
      overdue,
    ]);
    // A request sent after runLoad() resolved would reach the server now.
    await new Promise((resolve) => setTimeout(resolve, STRAGGLER_WAIT_MS));
    return result;
  } finally {
    clearTimeout(timer);
  }
}

function expectCounts(
  summary: string,
  options: Omit<LoadOptions, "host" | "port" | "request">,
  result: LoadResult,
  server: CountingServer,
  expected: { responses: number; non2xx: number; errors: number; received: number },
  hint: string,
): void {
  const actual = {
    responses: result.responses,
    non2xx: result.non2xx,
    errors: result.errors,
    received: server.received,
  };
  const latencyOk = result.latency.count === result.responses;
  if (
    actual.responses === expected.responses &&
    actual.non2xx === expected.non2xx &&
    actual.errors === expected.errors &&
    actual.received === expected.received &&
    latencyOk
  )
    return;
  throw new CheckFailure(summary, {
    sent: describeOptions(options),
    expected: `responses ${expected.responses}, non2xx ${expected.non2xx}, errors ${expected.errors}, latency.count ${expected.responses}; the server receiving ${expected.received} requests`,
    received: `${describeResult(result)}; ${describeServer(server)}`,
    hint: latencyOk
      ? hint
      : "Record one latency per whole response, and nothing for a request that failed: latency.count must equal responses.",
  });
}

stage("09.2", () => {
  test(`with requests: ${REQUESTS} on 4 connections, sends exactly ${REQUESTS} and counts exactly ${REQUESTS} responses`, async () => {
    const server = await countingServer((socket) => void socket.write(OK));
    const options = { connections: 4, requests: REQUESTS };
    const result = await load(server, options, budgetMs(REQUESTS, { perUnitMs: 25, floorMs: 10_000 }));
    expectCounts(
      "the generator's counts differ from what the server served",
      options,
      result,
      server,
      { responses: REQUESTS, non2xx: 0, errors: 0, received: REQUESTS },
      "Count a request as sent before you send it, across all connections: when four loops each check `sent < requests` and only then count, they overshoot.",
    );
  });

  test("with durationMs, stops by itself and waits for every request in flight: responses = what the server answered", async () => {
    // Answers come a little late, so that when time is up every connection has a request in flight.
    const server = await countingServer(async (socket) => {
      await new Promise((resolve) => setTimeout(resolve, 3));
      socket.write(OK);
      did(server, "200");
    });
    const options = { connections: 4, durationMs: 300 };
    const result = await load(server, options, 10_000);
    const answered = server.did.get("200") ?? 0;
    if (result.responses === 0)
      throw new CheckFailure("the generator counted no response in 300 ms", {
        sent: describeOptions(options),
        expected: "a few hundred responses, each a 200",
        received: `${describeResult(result)}; ${describeServer(server)}`,
        hint: "Each connection sends its request, reads the whole response, and sends the next, until the time is up.",
      });
    expectCounts(
      "the generator's counts differ from what the server served",
      options,
      result,
      server,
      { responses: answered, non2xx: 0, errors: 0, received: answered },
      "When the time is up, send no new request, but wait for the one in flight on each connection: cutting it off loses a request the server did serve.",
    );
  });

  test("counts responses with a status outside 2xx as non2xx (RFC 9110 §15)", async () => {
    const statuses = [200, 503, 201, 302];
    const server = await countingServer((socket, index) => {
      const status = statuses[index % statuses.length]!;
      if (status >= 300) did(server, String(status));
      socket.write(response(status, status === 503 ? "try later" : "ok"));
    });
    const requests = 100;
    const options = { connections: 2, requests };
    const result = await load(server, options, 10_000);
    expectCounts(
      "the generator counted statuses wrong",
      options,
      result,
      server,
      { responses: requests, non2xx: requests / 2, errors: 0, received: requests },
      "Read the status code from the status line (HTTP/1.1 503 …): anything outside 200–299 is counted in non2xx, and still as a response.",
    );
  });

  test("counts a response cut off by the server's close as an error, and reconnects to go on", async () => {
    const server = await countingServer((socket, index) => {
      if (index % 5 !== 4) return void socket.write(OK);
      did(server, "cut");
      // Half a response, then the server closes: this request gets no answer.
      socket.end(OK.subarray(0, 30));
    });
    const requests = 60;
    const options = { connections: 2, requests };
    const result = await load(server, options, 15_000);
    const cut = server.did.get("cut") ?? 0;
    expectCounts(
      "the generator miscounted requests cut off by a closed connection",
      options,
      result,
      server,
      { responses: requests - cut, non2xx: 0, errors: cut, received: requests },
      "A connection that closes before the whole response is in fails that request: count an error, open a new connection, and go on with the next request.",
    );
    if (server.connections <= options.connections)
      throw new CheckFailure("the generator did not reconnect after a connection closed", {
        sent: describeOptions(options),
        expected: `more than ${options.connections} connections: a new one after each close`,
        received: describeServer(server),
      });
  });

  test("after a response with Connection: close, goes on on a new connection, without an error (RFC 9112 §9.6)", async () => {
    // A server that caps the requests per connection (microfast's maxRequestsPerConnection, nginx's
    // keepalive_requests) says so in the last response, and closes.
    const server = await countingServer((socket, index) => {
      if (index % 10 !== 9) return void socket.write(OK);
      did(server, "Connection: close");
      socket.end(Buffer.from("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", "latin1"));
    });
    const requests = 60;
    const options = { connections: 2, requests };
    const result = await load(server, options, 15_000);
    expectCounts(
      "the generator sent a request on a connection the server had said it would close",
      options,
      result,
      server,
      { responses: requests, non2xx: 0, errors: 0, received: requests },
      "A response with Connection: close is the connection's last: count it, close the connection, and send the next request on a new one. A request sent after it is lost, and the loss is the generator's, not the server's.",
    );
  });

  test("counts a response written one byte at a time once, when its last byte is in", async () => {
    const server = await countingServer(async (socket) => {
      for (const byte of OK) {
        if (socket.destroyed) return;
        socket.write(Buffer.of(byte));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    });
    const requests = 16;
    const options = { connections: 2, requests };
    const result = await load(server, options, 20_000);
    expectCounts(
      "the generator miscounted responses that arrived one byte per packet",
      options,
      result,
      server,
      { responses: requests, non2xx: 0, errors: 0, received: requests },
      "TCP delivers bytes, not messages: keep what came until the head is complete (CRLFCRLF), then until Content-Length bytes of body are in. Only then is the response counted and the next request sent.",
    );
  });

  test("counts a response with a byte past its Content-Length as an error (RFC 9112 §6.3)", async () => {
    const server = await countingServer((socket, index) => {
      if (index !== 3) return void socket.write(OK);
      did(server, "one byte too many");
      socket.write(Buffer.concat([OK, Buffer.from("X")]));
    });
    const requests = 10;
    const options = { connections: 1, requests };
    const result = await load(server, options, 10_000);
    expectCounts(
      "the generator accepted a byte it never asked for",
      options,
      result,
      server,
      { responses: requests - 1, non2xx: 0, errors: 1, received: requests },
      "One request in flight means one response: a byte after its Content-Length answers nothing the generator sent. Count that request as an error and drop the connection.",
    );
  });
});
