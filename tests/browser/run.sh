#!/usr/bin/env bash
# Browser tests of the page in www/: headless Debian chromium driven by playwright-core (pinned in
# the root package-lock.json; no browser download). Screenshots go to target/screenshots/.
#   tests/browser/run.sh [node --test options]
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f ../../www/pkg/lite/cfsign_bg.wasm ]; then
  echo "www/pkg/lite/cfsign_bg.wasm is missing: run make package first" >&2
  exit 1
fi

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "installing Debian's chromium"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update
  $SUDO apt-get install -y chromium
fi
export CHROMIUM

# playwright-core from the workspace (the root package-lock.json, `make setup-js`).
if [ ! -f ../../node_modules/playwright-core/package.json ] || [ ../../package-lock.json -nt ../../node_modules/.package-lock.json ]; then
  (cd ../.. && npm ci --no-audit --no-fund --loglevel=error)
fi

[ $# -gt 0 ] || set -- --test-reporter=spec
# Every test file here: the page (page, check-url, check-cookies, check-input, sign, logs), its
# Distribution and Playlist tabs.
exec node --test "$@" ./*.test.mjs
