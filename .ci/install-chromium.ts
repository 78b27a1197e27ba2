// CI: Debian's Chromium for the docs site's browser test (scripts/docs/site.browser.test.ts).
// playwright-core drives /usr/bin/chromium and never downloads a browser of its own. Does
// nothing when Chromium is there already. Needs node_modules: `pnpm exec tsx .ci/install-chromium.ts`.
import { existsSync } from "node:fs";
import { $ } from "zx";
import { aptInstall } from "./apt.ts";

const CHROMIUM = "/usr/bin/chromium";

if (!existsSync(CHROMIUM)) {
  await aptInstall(["chromium"], { recommends: true });
  console.log((await $`${CHROMIUM} --version`).stdout.trim());
}
