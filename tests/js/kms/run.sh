#!/usr/bin/env bash
# `make test-kms-js`: the npm package's `sign` callback through AWS KMS, with the real
# @aws-sdk/client-kms against moto's server on 127.0.0.1 (kms.mjs), on the packed tarball that
# `make test-js` installs into tests/js. moto comes from the venv `make test-aws` keeps
# (target/aws-venv, made here when missing); the throttling proxy is the live suite's.
set -euo pipefail
cd "$(dirname "$0")/../../.."

VENV=target/aws-venv
MOTO_VERSION=5.2.6
if [ "$("$VENV/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null)" != "$MOTO_VERSION" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" awscli
fi
free_port() { "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() {
  for _ in $(seq 1 100); do
    "$VENV/bin/python" -c "import urllib.request; urllib.request.urlopen('$1')" 2>/dev/null && return
    sleep 0.2
  done
  echo "test-kms-js: $1 did not answer" >&2
  exit 1
}

LOGS=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$LOGS"
}
trap cleanup EXIT

MOTO_PORT=$(free_port)
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" >"$LOGS/moto.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$MOTO_PORT/moto-api/"
PROXY_PORT=$(free_port)
"$VENV/bin/python" cli/tests/live/throttle_proxy.py "$PROXY_PORT" "http://127.0.0.1:$MOTO_PORT" >"$LOGS/proxy.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$PROXY_PORT/throttled"

cd tests/js
CFSIGN_TEST_MOTO="http://127.0.0.1:$MOTO_PORT" CFSIGN_TEST_KMS_THROTTLE="http://127.0.0.1:$PROXY_PORT" \
  node --test kms/kms.mjs
