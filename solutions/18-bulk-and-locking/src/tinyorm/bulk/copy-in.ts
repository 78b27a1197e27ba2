// COPY … FROM STDIN on the wire (protocol §55.2.6, "COPY Operations"). The statement goes as a
// simple Query message; the server answers CopyInResponse and waits. The client then sends the
// rows as CopyData messages, any number of them, cut anywhere, and ends with CopyDone — or with
// CopyFail, which makes the server abort the COPY: nothing of it is kept, however much was
// sent. The server answers CommandComplete ("COPY 1000") or an ErrorResponse, then
// ReadyForQuery.
//
// The `pg` driver speaks every message of this exchange but answers CopyInResponse with
// CopyFail unless the query object says otherwise: its Client.query() takes any object with a
// submit() method (a "Submittable", as pg-cursor and pg-copy-streams are) and hands it every
// message of its statement. CopyIn is such an object, and does no more than the exchange needs.
//
// The rows travel to the connection beside the statement, as its parameter list: copyData()
// makes an empty list the connection recognises (connection.ts). Every layer between a model
// and the session — the pool, a transaction, the session lock — passes a statement's
// parameters on untouched, so a COPY runs on whichever session the model's next statement
// would, inside DB.transaction() too, and none of those layers has to know about it.
import type { Connection as Wire } from "pg";
import type { SqlValue } from "../parameters.ts";

/** The rows of a COPY, already in its text format: strings or bytes, each cut anywhere. */
export type CopySource = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** The part of the driver's connection that COPY uses, which @types/pg does not declare. */
interface CopyWire {
  readonly stream: Wire["stream"];
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

const sources = new WeakMap<readonly SqlValue[], CopySource>();

/** The parameter list of a COPY … FROM STDIN statement whose rows are `source`. */
export function copyData(source: CopySource): readonly SqlValue[] {
  const parameters: readonly SqlValue[] = Object.freeze([]);
  sources.set(parameters, source);
  return parameters;
}

/** The rows a parameter list carries, if copyData() made it. */
export function copySourceOf(parameters: readonly SqlValue[]): CopySource | undefined {
  return sources.get(parameters);
}

/** One COPY … FROM STDIN, as the driver's Client.query() runs it: `done` settles with the rows copied. */
export class CopyIn {
  readonly done: Promise<number>;
  #resolve: (rows: number) => void = () => undefined;
  #reject: (error: unknown) => void = () => undefined;
  #rows = 0;
  #error: unknown;
  /** Set once the server has answered (CommandComplete or ErrorResponse): nothing more is sent. */
  #answered = false;

  constructor(
    readonly text: string,
    readonly source: CopySource,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  submit(connection: Wire): void {
    (connection as unknown as CopyWire).query(this.text);
  }

  handleCopyInResponse(connection: Wire): void {
    void this.#send(connection as unknown as CopyWire);
  }

  handleCommandComplete(message: { text: string }): void {
    this.#answered = true;
    // The tag is "COPY <rows>" (protocol §55.7, CommandComplete).
    this.#rows = Number(message.text.split(" ")[1] ?? 0);
  }

  handleError(error: unknown): void {
    this.#answered = true;
    // A row the client refused (CopyFail) comes back as the server's 57014; the client's own
    // reason, which names the row, says more.
    this.#error ??= error;
    // The driver forgets a query once it has reported an error to it (ReadyForQuery then goes
    // to no one), and a lost session sends none: settle now.
    this.#reject(this.#error);
  }

  handleReadyForQuery(): void {
    this.#resolve(this.#rows);
  }

  // Messages a COPY FROM never receives; the driver may still call them on an active query.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  /** The rows as CopyData messages, waiting for the socket to drain when its buffer is full; CopyFail if the source throws. */
  async #send(wire: CopyWire): Promise<void> {
    try {
      for await (const chunk of this.source) {
        if (this.#answered) return;
        if (chunk.length === 0) continue;
        wire.sendCopyFromChunk(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
        if (wire.stream.writableNeedDrain) await drained(wire.stream);
      }
      if (!this.#answered) wire.endCopyFrom();
    } catch (error) {
      this.#error = error;
      if (!this.#answered) wire.sendCopyFail(error instanceof Error ? error.message : String(error));
    }
  }
}

/** Resolves when `stream` can take more, or is closed (the session's end then settles the COPY). */
function drained(stream: Wire["stream"]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}
