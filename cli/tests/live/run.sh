#!/usr/bin/env bash
# `make test-aws`: live mode (the `aws` feature) against moto's server on 127.0.0.1, through the
# real AWS CLI for the fixtures and the AWS SDK for Rust inside cfsign.
#
# moto[server] (5.2.6: the first to keep an origin's OriginAccessControlId and S3OriginConfig) and
# the AWS CLI are installed once into a venv under target/ (target/aws-venv). Two servers run for
# the suite, each on a free port, both stopped on exit: one open, one that enforces IAM after the
# fixtures' first actions (INITIAL_NO_AUTH_ACTION_COUNT), for the denied-operation tests.
# Extra arguments go to the test binary (a test name filter, --nocapture).
set -euo pipefail
cd "$(dirname "$0")/../../.."

VENV=target/aws-venv
MOTO_VERSION=5.2.6
if [ "$("$VENV/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null)" != "$MOTO_VERSION" ] ||
   [ ! -x "$VENV/bin/aws" ]; then
  python3 -m venv "$VENV" 2>/dev/null || {
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv
    python3 -m venv "$VENV"
  }
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" awscli
fi

free_port() { "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

LOGS=$(mktemp -d)
# The servers' process IDs are kept in files: `start` runs in a command substitution (a subshell),
# whose variables the trap would not see.
cleanup() {
  local f pid
  for f in "$LOGS"/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  done
  rm -rf "$LOGS"
}
trap cleanup EXIT

# start NAME [VAR=VALUE...]: a moto server; prints its endpoint once it answers.
start() {
  local name=$1 port
  shift
  port=$(free_port)
  env "$@" "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$LOGS/$name.log" 2>&1 &
  echo $! >"$LOGS/$name.pid"
  for _ in $(seq 1 100); do
    if "$VENV/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null; then
      echo "http://127.0.0.1:$port"
      return
    fi
    sleep 0.2
  done
  echo "test-aws: moto_server ($name) did not start:" >&2
  cat "$LOGS/$name.log" >&2
  exit 1
}

MOTO_OPEN=$(start open)
# The denied-operation fixtures take exactly this many actions (cli/tests/live/denied.rs).
MOTO_IAM=$(start iam INITIAL_NO_AUTH_ACTION_COUNT=3)
echo "test-aws: moto $MOTO_VERSION at $MOTO_OPEN and (IAM enforced) $MOTO_IAM" >&2

# The KMS throttling test's proxy in front of the open server: it answers ThrottlingException to
# every Sign (moto cannot throttle) and forwards the rest (kms.rs).
PROXY_PORT=$(free_port)
"$VENV/bin/python" cli/tests/live/throttle_proxy.py "$PROXY_PORT" "$MOTO_OPEN" >"$LOGS/proxy.log" 2>&1 &
echo $! >"$LOGS/proxy.pid"
KMS_THROTTLE="http://127.0.0.1:$PROXY_PORT"
for _ in $(seq 1 100); do
  "$VENV/bin/python" -c "import urllib.request; urllib.request.urlopen('$KMS_THROTTLE/throttled')" 2>/dev/null && break
  sleep 0.2
done

CFSIGN_TEST_MOTO=$MOTO_OPEN CFSIGN_TEST_MOTO_IAM=$MOTO_IAM CFSIGN_TEST_AWS_CLI="$PWD/$VENV/bin/aws" \
  CFSIGN_TEST_KMS_THROTTLE=$KMS_THROTTLE \
  ${CARGO:-cargo} test -p cfsign-cli --features aws --test live -- "$@"
