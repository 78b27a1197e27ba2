// `tinyorm migrate | rollback | status | make <name>`: the runner as a command, for a deploy
// script or a terminal. It connects to DATABASE_URL (one chapter 11 Connection: the migration
// lock belongs to a session, so a pool would not do), runs one command, and closes.
// Exit codes: 0 done, 1 the command failed (the reason on stderr), 2 the command was used wrongly.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { connect } from "../connection.ts";
import { DEFINITION } from "../model/model.ts";
import { MigrationError } from "./errors.ts";
import { make } from "./make.ts";
import { migrate, rollback, status } from "./migrate.ts";
import type { DeclaredModel } from "./schema-diff.ts";

export const USAGE =
  "usage: tinyorm migrate | rollback [--steps N] | status | make <name> --models <module> [--dir <folder>, ./migrations by default]";

/** Where a migrations folder is when --dir does not say. */
export const DEFAULT_DIR = "migrations";

export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** What the command reads and writes besides the database: given, so that it can run inside a test. */
export interface CliContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
}

class UsageError extends Error {}

/** Runs one command; resolves with its exit code. */
export async function runCli(args: readonly string[], context: CliContext): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(args, context);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    context.err(error.message ? `${error.message}; ${USAGE}` : USAGE);
    return EXIT_USAGE;
  }
  const db = await connect({ url: command.url });
  try {
    await command.run(db);
    return 0;
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    context.err(error.message);
    return EXIT_FAILED;
  } finally {
    await db.close();
  }
}

interface Command {
  readonly url: string;
  run(db: Awaited<ReturnType<typeof connect>>): Promise<void>;
}

function parseCommand(args: readonly string[], context: CliContext): Command {
  // TODO(16): parseOptions(args) (a parse error is a UsageError with its first line). The first
  // positional is the command: migrate, status (no more arguments), rollback (--steps, a whole number
  // ≥ 1), make <name> (--models <module>, required, loaded with loadModels). --dir, resolved against
  // context.cwd, is DEFAULT_DIR unless given. DATABASE_URL comes from context.env. Anything else: a
  // UsageError saying what was wrong. Return { url, run(db) } where run writes what it did with context.out.
  void [args, context, parseOptions, loadModels, make, migrate, rollback, status, resolve, DEFAULT_DIR];
  throw new Error("TODO(16): parseCommand() is not implemented");
}

function parseOptions(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: { dir: { type: "string" }, steps: { type: "string" }, models: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
}

/** The model classes a module exports: every export that Model.table() made (or that extends one). */
async function loadModels(path: string): Promise<DeclaredModel[]> {
  const module: Record<string, unknown> = await import(pathToFileURL(path).href);
  const models = Object.values(module).filter(
    (value): value is DeclaredModel => typeof value === "function" && DEFINITION in value,
  );
  if (models.length === 0) throw new MigrationError(`${path} exports no model`);
  return models;
}
