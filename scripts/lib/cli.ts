// What every course command shares: argument parsing that answers a wrong argument with one
// usage line (exit 2) and -h/--help with the usage line (exit 0), and chapter lookup with the
// list of valid chapters.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { type Chapter, findChapter, loadChapters } from "../../shared/course/chapters.ts";
import { readProgress } from "./progress.ts";

export class UsageError extends Error {}

/** Exit code for a command used wrongly (like most Unix tools). */
export const EXIT_USAGE = 2;

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Thrown by parse() for -h or --help: main() prints the usage line on stdout and exits 0. */
export class HelpRequested extends Error {}

export function parse<const O extends Options>(usage: string, options: O, args = process.argv.slice(2)) {
  const ownArgs = args.includes("--") ? args.slice(0, args.indexOf("--")) : args;
  if (!("help" in options) && ownArgs.some((arg) => arg === "-h" || arg === "--help"))
    throw new HelpRequested(`usage: ${usage}`);
  try {
    return parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>({
      args,
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]}\nusage: ${usage}`);
  }
}

export function validChapters(): string {
  const list = loadChapters().map((c) => `${c.id} ${c.slug}`);
  return list.length ? `valid chapters: ${list.join(", ")}` : "no chapters exist yet";
}

/** The chapter named on the command line, or (when `fallbackToCurrent`) the one opened last. */
export function chapterArg(arg: string | undefined, usage: string, fallbackToCurrent = false): Chapter {
  if (arg === undefined) {
    const current = fallbackToCurrent ? readProgress().current : undefined;
    const chapter = current ? findChapter(current) : undefined;
    if (chapter) return chapter;
    throw new UsageError(
      fallbackToCurrent
        ? `no chapter opened yet: start with \`pnpm lab 01\`\nusage: ${usage}`
        : `which chapter? ${validChapters()}\nusage: ${usage}`,
    );
  }
  const chapter = findChapter(arg);
  if (!chapter) throw new UsageError(`unknown chapter "${arg}"; ${validChapters()}`);
  return chapter;
}

/** Runs a command's main, printing UsageError as plain lines and exiting 2. */
// biome-ignore lint/suspicious/noConfusingVoidType: a command's main may end without a return, meaning exit code 0.
export async function main(run: () => Promise<number | void> | number | void): Promise<void> {
  try {
    const code = await run();
    process.exitCode = code ?? 0;
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(error.message + "\n");
      process.exitCode = 0;
      return;
    }
    if (error instanceof UsageError) {
      process.stderr.write(error.message + "\n");
      process.exitCode = EXIT_USAGE;
      return;
    }
    throw error;
  }
}

/** A whole-number option within [min, max], or a UsageError that names the flag, the range and the value. */
export function boundedInt(flag: string, text: string, min: number, max: number, usage: string): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(
      `${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}\nusage: ${usage}`,
    );
  }
  return Number(text);
}
