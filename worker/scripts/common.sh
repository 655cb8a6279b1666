# Shared by test.sh, demo.sh and bench.sh: npm packages from package-lock.json, and the
# WebAssembly package in worker/pkg (copied from www/pkg, which `make wasm` builds).
set -euo pipefail
WORKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$WORKER_DIR"

if [ ! -x node_modules/.bin/miniflare ] || [ ! -d node_modules/jose ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

WWW_PKG="$WORKER_DIR/../www/pkg"
mkdir -p pkg
for f in cfsign.js cfsign.d.ts cfsign_bg.wasm; do
  if [ -f "$WWW_PKG/$f" ] && ! cmp -s "$WWW_PKG/$f" "pkg/$f"; then cp "$WWW_PKG/$f" "pkg/$f"; fi
done
if [ ! -f pkg/cfsign_bg.wasm ]; then
  echo "worker: no WebAssembly package in www/pkg or worker/pkg: run 'make wasm' first" >&2
  exit 1
fi
