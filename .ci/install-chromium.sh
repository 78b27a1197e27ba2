#!/usr/bin/env bash
# CI: Debian's Chromium for the docs site's browser test (scripts/docs/site.browser.test.ts).
# playwright-core drives /usr/bin/chromium and never downloads a browser of its own.
# Idempotent: does nothing when Chromium is already installed.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
/usr/bin/chromium --version
