// What can stop a migration run. Each names the file it is about, because the file is what a
// person opens to fix it; the server's own errors stay chapter 11's typed errors, kept as `cause`.

/** A migrations folder or its history that cannot be run as it is: nothing was changed. */
export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A migration file that was edited after it was applied. The database ran the old text; running
 * the new one elsewhere would give two databases two different schemas under one version.
 */
export class ChecksumMismatchError extends MigrationError {
  constructor(
    /** The file's name: "0002_add_email.ts". */
    readonly file: string,
    /** The checksum recorded when it was applied. */
    readonly recorded: string,
    /** The checksum of the file as it is now. */
    readonly actual: string,
  ) {
    super(
      `${file} was changed after it was applied (recorded checksum ${recorded.slice(0, 12)}…, now ${actual.slice(0, 12)}…): write a new migration instead of editing an applied one`,
    );
  }
}

/** A migration whose up() or down() failed: its transaction was rolled back, so it left nothing behind. */
export class MigrationFailedError extends MigrationError {
  constructor(
    readonly file: string,
    readonly direction: "up" | "down",
    cause: unknown,
  ) {
    super(
      `${file} failed in ${direction}(), and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}
