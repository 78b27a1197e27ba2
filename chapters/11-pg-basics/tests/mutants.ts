// Mistakes a learner could make in chapter 11, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "11.1",
    file: "src/tinyorm/connection.ts",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: '    client.on("error", (error) => {\n      this.#ended ??= new ConnectionError(`the connection was lost: ${error.message}`, { cause: error });\n    });\n',
    to: "",
    what: "no 'error' listener on the client: a backend killed while idle crashes the process",
  },
  {
    stage: "11.1",
    file: "src/tinyorm/connection.ts",
    from: "    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,\n",
    to: "",
    what: "no connect timeout: connect() to a server that never answers waits for ever",
  },
  {
    stage: "11.2",
    file: "src/tinyorm/parameters.ts",
    from: "    return value.toISOString();",
    to: '    return value.toISOString().replace("Z", "");',
    what: "a Date sent as a wall-clock time without its zone, read in the session's TimeZone",
  },
  {
    stage: "11.2",
    file: "src/tinyorm/parameters.ts",
    from: "return Buffer.from(value.buffer, value.byteOffset, value.byteLength);",
    to: "return Buffer.from(value.buffer);",
    what: "a Uint8Array view sent as its whole underlying buffer",
  },
  {
    stage: "11.3",
    file: "src/tinyorm/types.ts",
    from: "  [OID.int8]: BigInt,",
    to: "  [OID.int8]: Number,",
    what: "int8 read as a number, losing precision past 2^53",
  },
  {
    stage: "11.3",
    file: "src/tinyorm/timestamp.ts",
    from: 'instant.getTime() - (time.sign === "+" ? offset : -offset)',
    to: 'instant.getTime() + (time.sign === "+" ? offset : -offset)',
    what: "a timestamptz offset added instead of subtracted",
  },
  {
    stage: "11.3",
    file: "src/tinyorm/connection.ts",
    from: 'export const SESSION_OPTIONS = "-c DateStyle=ISO,MDY -c bytea_output=hex";',
    to: 'export const SESSION_OPTIONS = "-c bytea_output=hex";',
    what: "DateStyle not pinned at startup: a server set to another style breaks the timestamptz parser",
  },
  {
    stage: "11.4",
    file: "src/tinyorm/array-literal.ts",
    from: "      out += escaped;",
    to: "      out += ch + escaped;",
    what: "backslash escapes inside quoted array elements kept instead of undone",
  },
  {
    stage: "11.4",
    file: "src/tinyorm/array-literal.ts",
    from: 'items.push(bare.toUpperCase() === "NULL" ? null : parseElement(bare));',
    to: "items.push(parseElement(bare));",
    what: "an unquoted NULL in an array read as the text NULL instead of null",
  },
  {
    stage: "11.4",
    file: "src/tinyorm/array-literal.ts",
    from: '.replace(/["\\\\]/g, "\\\\$&")',
    to: "",
    what: "array elements quoted without escaping their quotes and backslashes",
  },
  {
    stage: "11.5",
    file: "src/tinyorm/connection.ts",
    from: "run: async (params = []) => this.#run<R>({ name, text: sql,",
    to: "run: async (params = []) => this.#run<R>({ text: sql,",
    what: "a prepared statement run without its name: parsed again on every run",
  },
  {
    stage: "11.5",
    file: "src/tinyorm/connection.ts",
    from: "    if (prepared !== undefined && prepared !== sql) throw new PreparedStatementConflict(name, prepared, sql);\n",
    to: "",
    what: "a statement name reused for other SQL without a typed error",
  },
  {
    stage: "11.6",
    file: "src/tinyorm/errors.ts",
    from: "CONDITIONS[sqlstate] ?? CLASSES[sqlstate.slice(0, 2)] ?? DatabaseError",
    to: "CONDITIONS[sqlstate] ?? DatabaseError",
    what: "codes without a class of their own not caught by their SQLSTATE class",
  },
  {
    stage: "11.6",
    file: "src/tinyorm/errors.ts",
    from: '  "40P01": DeadlockDetected,',
    to: '  "40P01": SerializationFailure,',
    what: "a deadlock reported as a serialization failure",
  },
  {
    stage: "11.6",
    file: "src/tinyorm/errors.ts",
    from: "      table: error.table,\n",
    to: "",
    what: "the table of a constraint violation left out of the error",
  },
  {
    stage: "11.7",
    file: "src/tinyorm/connection.ts",
    from: 'return this.#run<R>({ text: sql, values: [], queryMode: "extended" });',
    to: "return this.#run<R>({ text: sql, values: [] } as ExtendedQuery);",
    what: "the driver left to choose the protocol: without parameters it runs stacked statements",
  },
  {
    stage: "11.7",
    file: "src/tinyorm/parameters.ts",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: "  if (nul !== -1) throw new ParameterError(position, `text cannot contain NUL (U+0000), found at index ${nul}`);\n",
    to: "",
    what: "a string with NUL sent to the server instead of refused with a ParameterError",
  },
];
