// Preloaded (node --import) into a test app the checks start: a program that lives with a
// chapter's checks (chapters/NN-slug/tests/apps/) and imports the code under grade as
// "@lab/src/…", like the check files do. The tree comes from TRILOGY_TARGET_DIR.
import { register } from "node:module";
import { pathToFileURL } from "node:url";
import { targetDir } from "./lab.ts";

register(new URL("./lab-alias-hooks.mjs", import.meta.url), { data: { root: pathToFileURL(`${targetDir()}/`).href } });
