// PostgreSQL refuses to run as root (a compromised server would own the machine). A learner
// runs the course as a normal user, where nothing is needed; CI machines and containers often
// run as root, where initdb and postgres are started as the `nobody` account instead, through
// util-linux `setpriv` (which execs, so the pid we hold is the server's own) or `runuser`.
import { execFileSync } from "node:child_process";
import { chownSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { findOnPath } from "./find-binaries.ts";

/** The account that owns and runs the test cluster when we are root: exists on every Unix. */
export const UNPRIVILEGED_ACCOUNT = "nobody";

export interface RunAs {
  uid: number;
  gid: number;
  /** Wraps a command so it runs as the unprivileged account. */
  wrap(command: string, args: string[]): { command: string; args: string[] };
  /** Hands a path we created over to the account. */
  own(path: string): void;
  /** The same for a whole tree (a cluster copied from the cache). */
  ownTree(path: string): void;
}

function idOf(flag: "-u" | "-g"): number {
  return Number(execFileSync("id", [flag, UNPRIVILEGED_ACCOUNT], { encoding: "utf8" }).trim());
}

/** undefined when not root (run as ourselves); otherwise how to drop to `nobody`. */
export function unprivilegedRunner(): RunAs | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const uid = idOf("-u");
  const gid = idOf("-g");
  const own = (path: string): void => chownSync(path, uid, gid);
  const ownTree = (path: string): void => {
    own(path);
    for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
      chownSync(join(entry.parentPath, entry.name), uid, gid);
    }
  };
  const setpriv = findOnPath("setpriv");
  if (setpriv) {
    return {
      uid,
      gid,
      own,
      ownTree,
      wrap: (command, args) => ({
        command: setpriv,
        args: [`--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", command, ...args],
      }),
    };
  }
  const runuser = findOnPath("runuser");
  if (runuser) {
    return {
      uid,
      gid,
      own,
      ownTree,
      wrap: (command, args) => ({ command: runuser, args: ["-u", UNPRIVILEGED_ACCOUNT, "--", command, ...args] }),
    };
  }
  throw new Error(
    "running as root: PostgreSQL must run as another user, but neither setpriv nor runuser (util-linux) is installed",
  );
}
