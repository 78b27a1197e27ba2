// A progress bar for a person watching a terminal, and silence for everyone else. It is drawn on
// stderr, so the names on stdout (or in a file) stay clean, and only when stderr is a TTY: in CI
// logs and pipes, a bar redrawn with "\r" becomes thousands of lines of noise.

/** What the bar is drawn on: process.stderr, or a test's stand-in. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): boolean;
}

export interface Progress {
  /** `done` of the total are finished. Cheap to call for every name: it draws only when the percentage changes. */
  update(done: number): void;
  /** Draws 100% and ends the line. */
  finish(): void;
}

/** Characters of the bar itself. */
export const BAR_WIDTH = 30;

const SILENT: Progress = { update: () => undefined, finish: () => undefined };

export function progressBar(total: number, label: string, stream: ProgressStream): Progress {
  // TODO(21): SILENT unless stream.isTTY is true; otherwise draw "\r<label> [####----]  42% done/total"
  // only when the whole percentage changes, and on finish() draw 100% and "\n".
  throw new Error("TODO(21): progressBar() is not implemented");
}
