// Names read from a file for `pnpm unamex check --file`: one per line, as UTF-8. A line that is
// not valid UTF-8 cannot be a name (the policy works on Unicode text, and a lossy decode would
// check some other name than the one in the file), so it is reported as such, by line number,
// and the lines around it are still checked.
import { readFileSync } from "node:fs";

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });
const LOSSY_UTF8 = new TextDecoder("utf-8");
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export type FileLine = { ok: true; name: string } | { ok: false; shown: string; line: number };

/** The file's lines: each a name, or the number of a line that is not UTF-8 (with a lossy rendering of it to show). */
export function readNamesFile(path: string): FileLine[] {
  const bytes = readFileSync(path);
  const lines: FileLine[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end === -1) end = bytes.length;
    // A file written on Windows ends its lines with CR LF: the CR is not part of the name.
    const stop = end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
    const raw = bytes.subarray(start, stop);
    try {
      lines.push({ ok: true, name: STRICT_UTF8.decode(raw) });
    } catch {
      lines.push({ ok: false, shown: LOSSY_UTF8.decode(raw), line: lines.length + 1 });
    }
    start = end + 1;
  }
  return lines;
}
