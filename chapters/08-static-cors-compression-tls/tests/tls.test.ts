// Stage 08.8: HTTPS. tests/apps/https.ts runs microfast with app.run({ tls: { key, cert } }) on
// a certificate made for this run (certificate.ts), and the checks talk to it as real TLS
// clients do — node:https and node:tls, trusting only that certificate. Inside TLS it is the
// same HTTP/1.1: keep-alive, bodies, streamed responses. ALPN answers http/1.1, and a client
// that never finishes its handshake is dropped after the idle timeout, as any silent client is.
import { request as httpsRequest } from "node:https";
import { connect as tcpConnect } from "node:net";
import { type TLSSocket, connect as tlsConnect } from "node:tls";
import { describe, test } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import type { LabServer } from "../../../shared/check/lab-server.ts";
import { SKIPPED_PREFIX } from "../../../shared/check/result.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { findStage, stage } from "../../../shared/check/stage.ts";
import { stageSuiteName } from "../../../shared/check/stage-name.ts";
import { REPLY_TIMEOUT_MS } from "../../../shared/check/tcp-client.ts";
import { type Certificate, selfSignedCertificate } from "./certificate.ts";

const HTTPS_APP = checkApp("https");
/** The app's idle timeout, which bounds the TLS handshake too: a client in it has sent no request. */
const IDLE_TIMEOUT_MS = 1_000;
/** How much later than that the server may drop a silent client: timers are not exact on a busy machine. */
const DROP_MARGIN_MS = 3_000;

const TLS_HINT =
  "app.run({ tls }) gives HttpServer the credentials, and tlsLayer() wraps each accepted socket: new TLSSocket(socket, { isServer: true, secureContext, ALPNProtocols }). A TLSSocket is a net.Socket: serveConnection() runs on it unchanged.";

interface HttpsResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  socket: TLSSocket;
}

/** One request with node:https, trusting only the check's certificate. */
function httpsExchange(
  server: LabServer,
  certificate: Certificate,
  method: string,
  path: string,
  body?: string,
): Promise<HttpsResponse> {
  const sent = `${method} https://localhost:${server.port}${path}${body === undefined ? "" : ` with a ${body.length}-byte body`}`;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: server.host,
        port: server.port,
        servername: "localhost",
        method,
        path,
        ca: certificate.pem,
        agent: false,
        timeout: REPLY_TIMEOUT_MS,
      },
      (res) => {
        const pieces: Buffer[] = [];
        res.on("data", (piece: Buffer) => pieces.push(piece));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(pieces),
            socket: res.socket as TLSSocket,
          }),
        );
        res.on("error", (error) => reject(failure(sent, "the whole response", error)));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no response within ${REPLY_TIMEOUT_MS} ms`)));
    req.on("error", (error) =>
      reject(
        failure(
          sent,
          "an HTTPS response, over a TLS connection verified against the check's certificate",
          error,
          server,
        ),
      ),
    );
    req.end(body);
  });
}

function failure(sent: string, expected: string, error: Error, server?: LabServer): CheckFailure {
  return new CheckFailure("the HTTPS request failed", {
    sent,
    expected,
    received: server?.exitReason() ?? `${error.message}${"code" in error ? ` (${String(error.code)})` : ""}`,
    hint: TLS_HINT,
  });
}

/** A TLS connection that asks for the protocols `alpn`, verified against the certificate. */
function tlsOpen(server: LabServer, certificate: Certificate, alpn: string[]): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: server.host,
      port: server.port,
      servername: "localhost",
      ca: certificate.pem,
      ALPNProtocols: alpn,
    });
    const timer = setTimeout(
      () => socket.destroy(new Error(`no handshake within ${REPLY_TIMEOUT_MS} ms`)),
      REPLY_TIMEOUT_MS,
    );
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(failure(`a TLS handshake offering ALPN ${alpn.join(", ")}`, "a completed handshake", error, server));
    });
  });
}

/** Everything the server sends until it closes the connection, within `ms`. */
function untilClosed(
  socket: TLSSocket | import("node:net").Socket,
  ms: number,
): Promise<{ data: Buffer; closed: boolean; elapsedMs: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const pieces: Buffer[] = [];
    const timer = setTimeout(() => done(false), ms);
    const done = (closed: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ data: Buffer.concat(pieces), closed, elapsedMs: Date.now() - started });
    };
    socket.on("data", (piece: Buffer) => pieces.push(piece));
    socket.on("error", () => done(true));
    socket.on("close", () => done(true));
  });
}

/** Splits HTTP/1.1 responses framed by Content-Length out of `data`, in order. */
function responsesIn(data: Buffer): { status: number; body: string }[] {
  const out: { status: number; body: string }[] = [];
  let rest = data;
  while (rest.length > 0) {
    const end = rest.indexOf("\r\n\r\n");
    if (end === -1) break;
    const head = rest.subarray(0, end).toString("latin1");
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    out.push({ status: Number(head.slice(9, 12)), body: rest.subarray(end + 4, end + 4 + length).toString("utf8") });
    rest = rest.subarray(end + 4 + length);
  }
  return out;
}

function expect(
  ok: boolean,
  summary: string,
  details: { sent: string; expected: string; received: string; hint?: string },
): void {
  if (!ok) throw new CheckFailure(summary, { ...details, hint: details.hint ?? TLS_HINT });
}

const made = selfSignedCertificate();
if (!made.ok) {
  // A machine without openssl skips the stage with one line; CI must have it.
  if (process.env.CI === "true") throw new Error(`stage 08.8 cannot run: ${made.reason}`);
  describe.skip(stageSuiteName(findStage("08.8")), () => {
    test(`${SKIPPED_PREFIX}${made.reason}`, () => undefined);
  });
} else {
  const { certificate } = made;
  stage("08.8", () => {
    const server = useSharedLabServer(HTTPS_APP, {
      TLS_KEY_FILE: certificate.keyFile,
      TLS_CERT_FILE: certificate.certFile,
      IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
    });

    test("answers over TLS with the configured certificate, verified by a real HTTPS client", async () => {
      const response = await httpsExchange(server(), certificate, "GET", "/");
      const sent = "GET https://localhost/";
      expect(response.status === 200 && response.body.toString() === "Hello over TLS!", "the HTTPS response is wrong", {
        sent,
        expected: "200 Hello over TLS!",
        received: `${response.status} ${escapeBytes(response.body)}`,
      });
      const peer = response.socket.getPeerCertificate();
      expect(peer.fingerprint256 === certificate.fingerprint256, "the server presented another certificate", {
        sent,
        expected: `the certificate of TLS_CERT_FILE (SHA-256 ${certificate.fingerprint256})`,
        received: peer.fingerprint256 ?? "none",
      });
      const protocol = response.socket.getProtocol();
      expect(protocol === "TLSv1.3" || protocol === "TLSv1.2", "the connection uses an old TLS version", {
        sent,
        expected: "TLSv1.3 (or TLSv1.2)",
        received: String(protocol),
      });
    });

    test("speaks the same HTTP inside TLS: parameters, request bodies and streamed responses", async () => {
      const user = await httpsExchange(server(), certificate, "GET", "/users/42");
      expect(
        user.status === 200 && user.body.toString() === '{"id":42}',
        "a route with a parameter answers wrongly over TLS",
        { sent: "GET /users/42", expected: '200 {"id":42}', received: `${user.status} ${escapeBytes(user.body)}` },
      );
      const payload = JSON.stringify({ text: "über TLS ✓", n: [1, 2, 3] });
      const echo = await httpsExchange(server(), certificate, "POST", "/echo", payload);
      expect(echo.status === 200 && echo.body.toString() === payload, "a request body did not come back over TLS", {
        sent: `POST /echo ${payload}`,
        expected: `200 ${payload}`,
        received: `${echo.status} ${escapeBytes(echo.body)}`,
      });
      const stream = await httpsExchange(server(), certificate, "GET", "/stream");
      const lines = Array.from({ length: 100 }, (_, i) => `line ${i}\n`).join("");
      expect(
        stream.status === 200 && stream.headers["transfer-encoding"] === "chunked" && stream.body.toString() === lines,
        "a streamed response came back wrong over TLS",
        {
          sent: "GET /stream",
          expected: "200, Transfer-Encoding: chunked, 100 lines",
          received: `${stream.status} ${stream.headers["transfer-encoding"] ?? "(no Transfer-Encoding)"} ${escapeBytes(stream.body, 120)}`,
        },
      );
    });

    test("keeps a TLS connection alive for the next request, and answers in order", async () => {
      const socket = await tlsOpen(server(), certificate, ["http/1.1"]);
      const raw =
        "GET /users/1 HTTP/1.1\r\nHost: localhost\r\n\r\nPOST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
      socket.write(raw);
      const { data, closed } = await untilClosed(socket, REPLY_TIMEOUT_MS);
      const responses = responsesIn(data);
      expect(
        closed && responses.length === 2 && responses[0]!.body === '{"id":1}' && responses[1]!.body === "hello",
        "two requests on one TLS connection were not both answered, in order",
        {
          sent: escapeBytes(raw),
          expected: '200 {"id":1}, then 200 hello, then the close',
          received: escapeBytes(data, 400),
        },
      );
    });

    test("answers a client that half-closes after its request, as over TCP", async () => {
      const socket = await tlsOpen(server(), certificate, ["http/1.1"]);
      const raw = "GET /later/7 HTTP/1.1\r\nHost: localhost\r\n\r\n";
      socket.end(raw);
      const { data } = await untilClosed(socket, REPLY_TIMEOUT_MS);
      const responses = responsesIn(data);
      expect(responses[0]?.body === '{"id":7}', "a client that half-closed got no answer", {
        sent: `${escapeBytes(raw)}, then close_notify and FIN`,
        expected: '200 {"id":7}, then the close',
        received: escapeBytes(data, 400) || "nothing",
        hint: "Wrap the socket the server accepted (allowHalfOpen: true, as for TCP): the TLSSocket takes that setting from it, and a client's end then means no more requests, not no more answers.",
      });
    });

    test("negotiates http/1.1 with ALPN, also when the client offers h2 first (RFC 7301)", async () => {
      const socket = await tlsOpen(server(), certificate, ["h2", "http/1.1"]);
      const chosen = socket.alpnProtocol;
      socket.destroy();
      expect(chosen === "http/1.1", "the server did not answer the client's ALPN offer with http/1.1", {
        sent: "a TLS ClientHello offering ALPN h2, http/1.1",
        expected: 'ALPN "http/1.1": the protocol this server speaks',
        received: chosen === false ? "no ALPN protocol" : String(chosen),
        hint: 'ALPNProtocols: ["http/1.1"] in the TLS options: a client that offers h2 must learn that only HTTP/1.1 is spoken here.',
      });
    });

    test(`drops a client that connects and never finishes the handshake, after the ${IDLE_TIMEOUT_MS} ms idle timeout`, async () => {
      const socket = tcpConnect({ host: server().host, port: server().port });
      const { closed, elapsedMs } = await untilClosed(socket, IDLE_TIMEOUT_MS + DROP_MARGIN_MS);
      expect(closed, "a client that never sent a ClientHello kept its connection", {
        sent: "a TCP connection to the HTTPS port, then nothing",
        expected: `the server to close it within about ${IDLE_TIMEOUT_MS} ms (IDLE_TIMEOUT_MS)`,
        received: `still open after ${elapsedMs} ms`,
        hint: "Hand the TLSSocket to serveConnection() as soon as the TCP connection is accepted: its idle timeout then runs through the handshake.",
      });
    });

    test("drops a plain-HTTP request sent to the HTTPS port instead of answering it", async () => {
      const socket = tcpConnect({ host: server().host, port: server().port });
      const raw = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
      socket.write(raw);
      const { data, closed } = await untilClosed(socket, REPLY_TIMEOUT_MS);
      expect(closed && !data.toString("latin1").startsWith("HTTP/"), "the HTTPS port answered plain HTTP", {
        sent: escapeBytes(raw),
        expected: "the connection closed, without an HTTP response: the bytes are no TLS record",
        received: closed ? escapeBytes(data) : "the connection stayed open",
      });
    });
  });
}
