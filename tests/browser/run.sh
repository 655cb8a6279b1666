#!/usr/bin/env bash
# Browser tests of the page in www/: headless Debian chromium driven by playwright-core (pinned in
# package-lock.json; no browser download). Screenshots go to target/screenshots/.
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

want=$(node -p 'require("./package-lock.json").packages["node_modules/playwright-core"].version')
have=$(node -p 'try { require("./node_modules/playwright-core/package.json").version } catch { "" }')
if [ "$have" != "$want" ]; then
  npm ci --no-audit --no-fund
fi

[ $# -gt 0 ] || set -- --test-reporter=spec
exec node --test "$@" page.test.mjs
