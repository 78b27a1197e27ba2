// Mistakes a learner could make in chapter 02, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const PARSER = "src/http/request-parser.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "02.1",
    file: PARSER,
    from: "if (this.token.length === MAX_TARGET_BYTES)",
    to: "if (this.token.length > MAX_TARGET_BYTES)",
    what: "a request-target one byte over 8 KiB accepted (off by one)",
  },
  {
    stage: "02.2",
    file: PARSER,
    from: "if (this.fields.length === MAX_HEADER_FIELDS) return this.fail(431,",
    to: "if (this.fields.length > MAX_HEADER_FIELDS) return this.fail(431,",
    what: "a 101st header field accepted (off by one)",
  },
  {
    stage: "02.3",
    file: PARSER,
    from: `    for (let i = 0; i < chunk.length && this.state !== "failed"; i++) this.step(chunk[i]!);
    return this.drain();`,
    to: `    for (let i = 0; i < chunk.length && this.state !== "failed"; i++) this.step(chunk[i]!);
    this.drain();
    return [];`,
    what: "push() that parses but returns no events",
  },
  {
    stage: "02.3",
    file: PARSER,
    from: `  push(chunk: Uint8Array): ParseEvent[] {
`,
    to: `  push(chunk: Uint8Array): ParseEvent[] {
    this.token = "";
`,
    what: "the half-read method, target, name or value dropped at the end of each chunk",
  },
  {
    stage: "02.4",
    file: "src/http/response-writer.ts",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: "lines.push(`Content-Length: ${body.length}`);",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    to: "lines.push(`Content-Length: ${options.omitBody ? 0 : body.length}`);",
    what: "Content-Length: 0 on a HEAD response instead of the GET body's length",
  },
  {
    stage: "02.5",
    file: "src/http/connection.ts",
    from: `const closing: HttpResponse = { ...response, headers: [...response.headers, ["Connection", "close"]] };`,
    to: "const closing: HttpResponse = response;",
    what: "an error response that closes the connection without saying Connection: close",
  },
  {
    stage: "02.6",
    file: PARSER,
    from: `    this.events.push({ type: "error", error });
    this.state = "failed";`,
    to: `    this.events.push({ type: "error", error });`,
    what: "parsing goes on after an error",
  },
];
