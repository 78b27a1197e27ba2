// Mistakes a learner could make in chapter 01, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "01.1",
    file: "src/echo/main.ts",
    from: "const port = Number(process.env.PORT ?? DEFAULT_PORT);",
    to: "const port = DEFAULT_PORT;",
    what: "PORT ignored: the server always listens on 8000",
  },
  {
    stage: "01.1",
    file: "src/echo/echo-server.ts",
    from: 'socket.on("error", () => {});',
    to: "",
    what: "no 'error' listener: one client's reset crashes the server",
  },
  { stage: "01.2", file: "src/echo/commands.ts", from: `.toUpperCase()`, to: ``, what: "case-sensitive command names" },
  {
    stage: "01.3",
    file: "src/echo/commands.ts",
    from: `? "_" :`,
    to: `? "+" :`,
    what: "a missing key answered as an empty string instead of null",
  },
  {
    stage: "01.4",
    file: "src/echo/line-splitter.ts",
    from: `if (buffer.length > this.maxLineBytes) throw new LineTooLongError(this.maxLineBytes);`,
    to: ``,
    what: "no line-length limit",
  },
  {
    stage: "01.5",
    file: "src/echo/line-splitter.ts",
    from: `this.pending = Buffer.from(buffer);`,
    to: `this.pending = Buffer.alloc(0);`,
    what: "the partial line at the end of a packet dropped",
  },
  {
    stage: "01.6",
    file: "src/echo/echo-server.ts",
    from: `return createServer({ allowHalfOpen: true }, (socket) => serveConnection(socket, store));`,
    to: `const server = createServer({ allowHalfOpen: true }, (socket) => serveConnection(socket, store));
  server.maxConnections = 50;
  return server;`,
    what: "at most 50 connections at once",
  },
  {
    stage: "01.7",
    file: "src/echo/echo-server.ts",
    from: `if (socket.write(text) || socket.isPaused()) return;`,
    to: `socket.write(text);
    return;`,
    what: "write() returning false ignored: no backpressure",
  },
  {
    stage: "01.8",
    file: "src/echo/echo-server.ts",
    from: `if (last !== undefined) run(last);`,
    to: ``,
    what: "the last unterminated line ignored at half-close",
  },
  {
    stage: "01.8",
    file: "src/echo/echo-server.ts",
    from: `      if (closing) return;
    }`,
    to: `    }`,
    what: "commands after QUIT in the same packet still run",
  },
];
