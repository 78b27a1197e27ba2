// Finding PostgreSQL in versioned directories, on fake installs made in a temp directory.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expandPattern, findPostgresInstalls, parseVersion } from "./find-binaries.ts";

const root = mkdtempSync(join(tmpdir(), "trilogy-find-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A directory with `postgres` (answering --version like the real one) and `initdb`. */
function fakeInstall(dir: string, version: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "postgres"), `#!/bin/sh\necho "postgres (PostgreSQL) ${version}"\n`);
  writeFileSync(join(dir, "initdb"), "#!/bin/sh\n");
  chmodSync(join(dir, "postgres"), 0o755);
  chmodSync(join(dir, "initdb"), 0o755);
}

describe("find-binaries", () => {
  it("parses the versions servers report", () => {
    expect(parseVersion("postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)")).toEqual([15, 14]);
    expect(parseVersion("17beta1")).toEqual([17, 0]);
    expect(parseVersion("no digits")).toBeUndefined();
  });

  it("expands one * in a path", () => {
    mkdirSync(join(root, "glob/postgresql@15/bin"), { recursive: true });
    mkdirSync(join(root, "glob/postgresql@16/bin"), { recursive: true });
    mkdirSync(join(root, "glob/other"), { recursive: true });
    expect(expandPattern(join(root, "glob/postgresql@*/bin")).sort()).toEqual([
      join(root, "glob/postgresql@15/bin"),
      join(root, "glob/postgresql@16/bin"),
    ]);
    expect(expandPattern(join(root, "missing/*/bin"))).toEqual([]);
  });

  it("lists installs from versioned directories and PATH, newest first", () => {
    fakeInstall(join(root, "lib/14/bin"), "14.12");
    fakeInstall(join(root, "lib/16/bin"), "16.4");
    fakeInstall(join(root, "lib/15/bin"), "15.18");
    fakeInstall(join(root, "path-bin"), "15.2");
    const installs = findPostgresInstalls(join(root, "path-bin"), [join(root, "lib/*/bin")]);
    expect(installs.map((i) => i.version)).toEqual(["16.4", "15.18", "15.2", "14.12"]);
    expect(installs[0]).toEqual({ binDir: join(root, "lib/16/bin"), version: "16.4", major: 16 });
  });

  it("skips directories without both initdb and postgres", () => {
    mkdirSync(join(root, "half/bin"), { recursive: true });
    writeFileSync(join(root, "half/bin/postgres"), "#!/bin/sh\necho 'postgres (PostgreSQL) 15.1'\n");
    chmodSync(join(root, "half/bin/postgres"), 0o755);
    expect(findPostgresInstalls("", [join(root, "half/bin")])).toEqual([]);
  });
});
