// Mistakes a learner could make in chapter 04, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const CHUNKED = "src/http/chunked-decoder.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "04.1",
    file: "src/http/length-decoder.ts",
    from: "const used = Math.min(this.remaining, chunk.length);",
    to: "const used = chunk.length;",
    what: "the whole packet taken as the body, not just Content-Length bytes",
  },
  {
    stage: "04.2",
    file: CHUNKED,
    from: "  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;\n",
    to: "",
    what: "lower-case hex digits refused in a chunk size",
  },
  {
    stage: "04.3",
    file: CHUNKED,
    from: `return { type: "done", used: i, body: this.body.contents(), trailers: this.trailers };`,
    to: `return { type: "done", used: i, body: this.body.contents(), trailers: [] };`,
    what: "trailer fields read but not handed to the handler",
  },
  {
    stage: "04.4",
    file: "src/http/body-framing.ts",
    from: `    if (lengths.length > 0)\n      return parseError(400, "a request with both Content-Length and Transfer-Encoding (RFC 9112 §6.1)");\n`,
    to: "",
    what: "Content-Length and Transfer-Encoding together accepted, chunked winning (CL.TE)",
  },
  {
    stage: "04.5",
    file: "src/http/request-reader.ts",
    from: `if (framing.kind === "length" && framing.length > this.maxBodyBytes) {`,
    to: `if (framing.kind === "length" && framing.length >= this.maxBodyBytes) {`,
    what: "a body of exactly maxBodyBytes refused with 413 (off by one)",
  },
  {
    stage: "04.6",
    file: "src/http/expectation.ts",
    from: "  if (head.version.minor === 0) return false;\n",
    to: "",
    what: "100 Continue sent to an HTTP/1.0 client, which has no 1xx responses",
  },
  {
    stage: "04.7",
    file: "src/http/send-response.ts",
    from: "      if (bytes.length === 0) continue;\n",
    to: "",
    what: "an empty piece of a streamed body sent as a zero-size chunk, which ends the body early",
  },
  {
    stage: "04.8",
    file: "src/http/request-reader.ts",
    from: `      offset += this.current ? this.readBody(this.current, rest) : this.readHead(rest);
    }
    return this.drain();`,
    to: `      offset += this.current ? this.readBody(this.current, rest) : this.readHead(rest);
    }
    this.drain();
    return [];`,
    what: "push() that reads but returns no events",
  },
  {
    stage: "04.8",
    file: CHUNKED,
    from: "const take = Math.min(this.remaining, chunk.length - i);",
    to: "const take = Math.min(this.remaining, chunk.length);",
    what: "chunk data cut by a packet boundary counted as if the whole packet were data",
  },
];
