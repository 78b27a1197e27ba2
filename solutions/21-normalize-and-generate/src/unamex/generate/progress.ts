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
  if (stream.isTTY !== true) return SILENT;
  let shown = -1;
  const draw = (done: number) => {
    const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
    if (percent === shown) return;
    shown = percent;
    const filled = Math.round((percent * BAR_WIDTH) / 100);
    const bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
    stream.write(
      `\r${label} [${bar}] ${String(percent).padStart(3)}% ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}`,
    );
  };
  return {
    update: draw,
    finish: () => {
      draw(total);
      stream.write("\n");
    },
  };
}
