// One request, one response, on a connection the caller keeps: how the bench checks each
// server's answer before measuring it, and how the memory mode answers its idle connections.
// It reads just enough HTTP/1.1 for that: a status line, headers, a Content-Length body.
import { connect, type Socket } from "node:net";
import { HELLO_BODY, HELLO_CONTENT_TYPE } from "./hello.ts";

export const HELLO_REQUEST = Buffer.from("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: trilogy-bench\r\n\r\n");

export interface Answer {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
  /** The whole response on the wire, head and body. */
  readonly bytes: number;
}

/** Sends `request` and resolves with the response; the socket stays open. */
export function exchange(socket: Socket, request: Buffer, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const done = (error?: Error, answer?: Answer) => {
      clearTimeout(timer);
      socket.off("data", onData).off("error", onError).off("close", onClose);
      if (error) reject(error);
      else resolve(answer!);
    };
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = parseAnswer(received);
      if (answer instanceof Error) done(answer);
      else if (answer) done(undefined, answer);
    };
    const onError = (error: Error) => done(error);
    const onClose = () => done(new Error(`the server closed the connection after ${received.length} bytes`));
    const timer = setTimeout(() => done(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on("data", onData).on("error", onError).on("close", onClose);
    socket.write(request);
  });
}

/** A response once all of it is there; undefined while incomplete; an Error if unframed. */
export function parseAnswer(received: Buffer): Answer | Error | undefined {
  const end = received.indexOf("\r\n\r\n");
  if (end === -1) return undefined;
  const [statusLine = "", ...lines] = received.subarray(0, end).toString("latin1").split("\r\n");
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  const length = headers.find(([name]) => name.toLowerCase() === "content-length")?.[1];
  if (length === undefined || !/^\d+$/.test(length)) return new Error(`no Content-Length in ${statusLine}`);
  const total = end + 4 + Number(length);
  if (received.length < total) return undefined;
  return {
    status: Number(statusLine.split(" ")[1]),
    headers,
    body: received.subarray(end + 4, total).toString("utf8"),
    bytes: total,
  };
}

/** Asks a server GET / once, on a connection of its own. */
export async function askHello(host: string, port: number, timeoutMs: number): Promise<Answer> {
  const socket = connect({ host, port });
  try {
    return await exchange(socket, HELLO_REQUEST, timeoutMs);
  } finally {
    socket.destroy();
  }
}

/** What is wrong with a server's answer to GET /, compared with the demo's; undefined if nothing. */
export function helloProblem(answer: Answer): string | undefined {
  const type = answer.headers.find(([name]) => name.toLowerCase() === "content-type")?.[1];
  if (answer.status !== 200) return `answered ${answer.status}, not 200`;
  if (type !== HELLO_CONTENT_TYPE) return `answered Content-Type ${JSON.stringify(type)}, not "${HELLO_CONTENT_TYPE}"`;
  if (answer.body !== HELLO_BODY) return `answered ${JSON.stringify(answer.body)}, not "${HELLO_BODY}"`;
  return undefined;
}
