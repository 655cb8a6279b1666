# Shared by test.sh, demo.sh and bench.sh: npm packages from package-lock.json, and the cfsign
# package from its tarball.
set -euo pipefail
WORKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$WORKER_DIR"

if [ ! -x node_modules/.bin/miniflare ] || [ ! -d node_modules/jose ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# The cfsign npm package, installed from its packed tarball as a user installs it (`make package`
# writes it to target/npm/); reinstalled whenever the tarball changes.
TGZ="$(ls "$WORKER_DIR"/../target/npm/cfsign-*.tgz 2>/dev/null | head -n 1 || true)"
if [ -z "$TGZ" ]; then
  echo "worker: no npm package in target/npm: run 'make package' first" >&2
  exit 1
fi
if ! cmp -s "$TGZ" node_modules/.cfsign.tgz || [ ! -f node_modules/cfsign/package.json ]; then
  npm install --no-save --no-audit --no-fund --loglevel=error "$TGZ"
  cp "$TGZ" node_modules/.cfsign.tgz
fi
