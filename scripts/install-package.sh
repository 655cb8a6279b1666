#!/usr/bin/env bash
# The packed npm package, installed as a user installs it, for the workspace's folders that test
# or use it (tests/js, npm/test, npm/examples, worker):
#   scripts/install-package.sh target/npm/cfsign-<version>.tgz DIR...
#
# `npm install` of the tarball in a scratch project outside the workspace, target/npm/installed/
# (with jose at the version the workspace pins: package.json's overrides), redone whenever the
# tarball changes; then, in each DIR, node_modules/cfsign: a link to that install. Node, Deno, Bun
# and esbuild follow the link to the tarball's files, and its own `jose` beside them.
#
# Without the link, `import "cfsign"` in the workspace finds the workspace's own link to npm/ (the
# package's sources, with no WebAssembly in them): it fails, rather than test anything but the
# tarball. tests/js/tarball.test.mjs and npm/test/edge/tarball.test.mjs check both.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TGZ="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
SCRATCH="$ROOT/target/npm/installed"

if ! cmp -s "$TGZ" "$SCRATCH/cfsign.tgz" || [ ! -f "$SCRATCH/node_modules/cfsign/package.json" ]; then
  rm -rf "$SCRATCH"
  mkdir -p "$SCRATCH"
  JOSE="$(cd "$ROOT" && npm pkg get overrides.jose | tr -d '"')"
  echo '{ "name": "scratch", "private": true, "type": "module" }' > "$SCRATCH/package.json"
  (cd "$SCRATCH" && npm install --no-audit --no-fund --loglevel=error "$TGZ" "jose@$JOSE")
  cp "$TGZ" "$SCRATCH/cfsign.tgz"
fi

for dir in "$@"; do
  mkdir -p "$ROOT/$dir/node_modules"
  ln -sfn "$SCRATCH/node_modules/cfsign" "$ROOT/$dir/node_modules/cfsign"
done
