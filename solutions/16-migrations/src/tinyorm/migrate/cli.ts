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
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]);
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  const url = context.env.DATABASE_URL;
  if (!url) throw new UsageError("DATABASE_URL is not set");
  const dir = resolve(context.cwd, values.dir ?? DEFAULT_DIR);
  const only = (allowed: string[]) => {
    const extra = Object.keys(values).filter((key) => key !== "dir" && !allowed.includes(key));
    if (extra.length > 0) throw new UsageError(`${name} takes no --${extra[0]}`);
  };
  switch (name) {
    case "migrate":
      if (rest.length > 0) break;
      only([]);
      return {
        url,
        run: async (db) => {
          const applied = await migrate(db, dir);
          context.out(applied.length === 0 ? "nothing to apply" : applied.map((file) => `applied ${file}`).join("\n"));
        },
      };
    case "rollback": {
      if (rest.length > 0) break;
      only(["steps"]);
      const steps = values.steps === undefined ? 1 : Number(values.steps);
      if (!/^[1-9]\d*$/.test(values.steps ?? "1")) throw new UsageError("--steps takes a whole number ≥ 1");
      return {
        url,
        run: async (db) => {
          const undone = await rollback(db, dir, { steps });
          context.out(
            undone.length === 0 ? "nothing to roll back" : undone.map((file) => `rolled back ${file}`).join("\n"),
          );
        },
      };
    }
    case "status":
      if (rest.length > 0) break;
      only([]);
      return {
        url,
        run: async (db) => {
          for (const entry of await status(db, dir)) context.out(`${entry.state.padEnd(8)} ${entry.file}`);
        },
      };
    case "make": {
      const [migration, ...extra] = rest;
      if (migration === undefined || extra.length > 0) break;
      only(["models"]);
      if (values.models === undefined) throw new UsageError("make needs --models <module>");
      const modelsPath = resolve(context.cwd, values.models);
      return {
        url,
        run: async (db) => {
          const written = await make(db, dir, await loadModels(modelsPath), migration);
          context.out(written === undefined ? "no changes: the database matches the models" : `wrote ${written}`);
        },
      };
    }
  }
  throw new UsageError(name === undefined ? "" : `unknown command or arguments: ${args.join(" ")}`);
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
