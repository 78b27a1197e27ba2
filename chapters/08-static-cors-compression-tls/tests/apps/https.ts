// The application stage 08.8 talks to: microfast over TLS, with the key and certificate the
// checks make with openssl (TLS_KEY_FILE, TLS_CERT_FILE) and the server options of the
// environment (a short IDLE_TIMEOUT_MS bounds the handshake too).
import { readFileSync } from "node:fs";
import { optionsFromEnv } from "@lab/src/http/server-options.ts";
import { MicroFast, Response } from "@lab/src/microfast/index.ts";

const keyFile = process.env.TLS_KEY_FILE;
const certFile = process.env.TLS_CERT_FILE;
if (!keyFile || !certFile) throw new Error("TLS_KEY_FILE and TLS_CERT_FILE are not set: the checks make a certificate");

const app = new MicroFast();
app.get("/", () => "Hello over TLS!");
app.get("/users/{id:int}", (_request, { id }) => ({ id }));
// Answers after the client has had time to half-close.
app.get("/later/{id:int}", async (_request, { id }) => {
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { id };
});
app.post(
  "/echo",
  (request) =>
    new Response(request.body, {
      headers: { "Content-Type": request.header("content-type") ?? "application/octet-stream" },
    }),
);
app.get("/stream", () => {
  async function* pieces() {
    for (let i = 0; i < 100; i++) yield `line ${i}\n`;
  }
  return new Response(pieces(), { headers: { "Content-Type": "text/plain; charset=utf-8" } });
});

await app.run({
  host: process.env.HOST,
  port: Number(process.env.PORT),
  server: optionsFromEnv(process.env),
  tls: { key: readFileSync(keyFile), cert: readFileSync(certFile) },
});
