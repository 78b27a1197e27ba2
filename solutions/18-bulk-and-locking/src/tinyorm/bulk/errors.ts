// What a bulk write or a lock refuses, as classes a caller can catch. A bulk load that fails
// says which of its rows failed; a save that lost the race says which version it expected.
import { ModelError } from "../model/errors.ts";

/** A value COPY's text format cannot carry. */
export class CopyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A bulk write (insertMany, copyFrom) refused because of one of its rows: the whole write was
 * undone, and the table holds none of it. `row` counts the rows given from 1 (for a COPY it is
 * the line the server names: "COPY users, line 3"); `cause` is what refused it: a
 * ValidationError or CopyFormatError from the client, or the server's DatabaseError.
 */
export class BulkRowError extends Error {
  constructor(
    readonly row: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`row ${row}: ${message}; nothing was written`, options);
    this.name = new.target.name;
  }
}

/**
 * save() of an instance whose row was changed (or deleted) since it was read: its version is no
 * longer the one the instance holds. Nothing of this save was written; read the row again,
 * apply the change to what it holds now, and save that.
 */
export class StaleRowError extends ModelError {
  constructor(
    readonly model: string,
    readonly key: unknown,
    readonly expectedVersion: number,
  ) {
    super(
      `${model} with key ${String(key)} is no longer at version ${expectedVersion}: another save changed or deleted it since it was read, and this one wrote nothing`,
    );
  }
}
