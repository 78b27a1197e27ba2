// The ceiling of the bench: a node:net server that answers every request with the same canned
// bytes. It parses just enough to count requests — a GET without a body ends at its blank line
// (RFC 9112 §2.1) — and does nothing else an HTTP server must: no parsing, no routing, no
// validation, no timeouts. Whatever microfast does per request costs the distance to this.
import { createServer } from "node:net";
import { exitOnSignals, HELLO_BODY, HELLO_CONTENT_TYPE, listenAddress } from "./hello.ts";

const { host, port } = listenAddress(process.env);
const END_OF_HEAD = Buffer.from("\r\n\r\n", "latin1");
/** Date changes once a second (RFC 9110 §6.6.1 has second resolution): rebuilt on a timer. */
const DATE_REFRESH_MS = 1_000;

function cannedResponse(): Buffer {
  const body = Buffer.from(HELLO_BODY);
  const head = `HTTP/1.1 200 OK\r\nContent-Type: ${HELLO_CONTENT_TYPE}\r\nContent-Length: ${body.length}\r\nDate: ${new Date().toUTCString()}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}

let response = cannedResponse();
setInterval(() => (response = cannedResponse()), DATE_REFRESH_MS).unref();

const server = createServer({ noDelay: true }, (socket) => {
  // The end of a head may arrive split across two reads; the last three bytes are carried over.
  let carry = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    const data = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    let requests = 0;
    let at = 0;
    for (let end = data.indexOf(END_OF_HEAD, at); end !== -1; end = data.indexOf(END_OF_HEAD, at)) {
      requests++;
      at = end + END_OF_HEAD.length;
    }
    carry = Buffer.from(data.subarray(Math.max(at, data.length - (END_OF_HEAD.length - 1))));
    if (requests === 1) socket.write(response);
    else if (requests > 1) socket.write(Buffer.concat(Array.from({ length: requests }, () => response)));
  });
  // A load generator resets its connections when it stops: nothing to do but let them go.
  socket.on("error", () => socket.destroy());
});
server.listen(port, host, () => console.log(`listening on http://${host}:${port}`));
exitOnSignals();
