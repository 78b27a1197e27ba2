// Structured logs: one JSON object per line, tagged with the id of the request it was written
// for (context.ts), so one search for an id finds every line of that request — from the handler,
// from the work it awaited, from the background tasks it left behind.
//
//   {"time":"2025-05-01T12:00:00.000Z","level":"info","msg":"charging card","requestId":"4c1f…","amount":42}
import { currentContext } from "./context.ts";

export type LogLevel = "info" | "warn" | "error";

export interface LogRecord {
  readonly time: string;
  readonly level: LogLevel;
  readonly msg: string;
  /** Set when the line was written for a request. */
  readonly requestId?: string;
  readonly [field: string]: unknown;
}

/** Extra fields of a line; they must not be named time, level, msg or requestId. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Where an app's log records go. */
export type LogSink = (record: LogRecord) => void;

/** A record as one line of JSON; an Error keeps its name, message and stack, which JSON.stringify drops. */
export function formatLogRecord(record: LogRecord): string {
  return JSON.stringify(record, (_key, value: unknown) =>
    value instanceof Error ? { ...value, name: value.name, message: value.message, stack: value.stack } : value,
  );
}

/** JSON lines, info on stdout and the rest on stderr: what a log collector reads from a process. */
export const consoleSink: LogSink = (record) => {
  (record.level === "info" ? process.stdout : process.stderr).write(`${formatLogRecord(record)}\n`);
};

export class Logger {
  constructor(private readonly sink: LogSink) {}

  info(msg: string, fields?: LogFields): void {
    this.write("info", msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.write("warn", msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.write("error", msg, fields);
  }

  private write(level: LogLevel, msg: string, fields: LogFields = {}): void {
    const requestId = currentContext()?.requestId;
    this.sink({
      time: new Date().toISOString(),
      level,
      msg,
      ...(requestId === undefined ? {} : { requestId }),
      ...fields,
    });
  }
}

const outsideRequests = new Logger(consoleSink);

/** The logger of the request in progress — its app's — or, outside any request, the console. */
export const log = {
  info: (msg: string, fields?: LogFields): void => active().info(msg, fields),
  warn: (msg: string, fields?: LogFields): void => active().warn(msg, fields),
  error: (msg: string, fields?: LogFields): void => active().error(msg, fields),
};

function active(): Logger {
  return currentContext()?.logger ?? outsideRequests;
}
