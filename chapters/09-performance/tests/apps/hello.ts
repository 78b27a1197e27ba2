// The application stages 09.3 and 09.6 talk to: a bare MicroFast, with the smallest responses
// a server sends most — a plain text, a UTF-8 text whose length in bytes differs from its
// length in characters, and an empty 204.
import { MicroFast, Response } from "@lab/src/microfast/index.ts";
import { HELLO, UTF8_TEXT } from "../fixtures/hello.ts";

const app = new MicroFast();
app.get("/", () => HELLO);
app.get("/utf8", () => UTF8_TEXT);
app.delete("/", () => new Response("", { status: 204 }));

await app.run({ host: process.env.HOST, port: Number(process.env.PORT) });
