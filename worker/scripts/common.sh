# Shared by test.sh, demo.sh and bench.sh: the workspace's npm packages (the root package-lock.json,
# `npm ci` when node_modules is missing or older), and the cfsign npm package from its packed
# tarball (`make package` writes it to target/npm/), installed as a user installs it and linked in
# as node_modules/cfsign in worker/, npm/test/ (the helpers worker/test shares) and npm/examples/
# (the demo prints how to run them) by scripts/install-package.sh.
set -euo pipefail
WORKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(dirname "$WORKER_DIR")"

if [ ! -x "$ROOT/node_modules/.bin/miniflare" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi

TGZ="${CFSIGN_TGZ:-$(ls "$ROOT"/target/npm/cfsign-*.tgz 2>/dev/null | head -n 1 || true)}"
if [ -z "$TGZ" ]; then
  echo "worker: no npm package in target/npm: run 'make package' first" >&2
  exit 1
fi
"$ROOT/scripts/install-package.sh" "$TGZ" worker npm/test npm/examples
cd "$WORKER_DIR"
