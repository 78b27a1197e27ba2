// apt-get for the CI steps, on Debian or Ubuntu: run as root directly, through sudo otherwise.
import { $ } from "zx";

/** Prefix for a command that needs root: nothing when we are root already. */
export const SUDO: string[] = process.getuid?.() === 0 ? [] : ["sudo"];

/**
 * Installs packages without questions. apt's progress is kept out of the log; a failure throws
 * with apt's own output. `recommends: false` skips the packages apt only recommends.
 */
export async function aptInstall(packages: string[], options: { recommends: boolean }): Promise<void> {
  await $`${SUDO} apt-get update -qq`;
  const recommends = options.recommends ? [] : ["--no-install-recommends"];
  // sudo resets the environment, so DEBIAN_FRONTEND goes in through env, after it.
  await $`${SUDO} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${recommends} ${packages}`;
}
