#!/usr/bin/env bash
# Regenerates tests/vectors/sdk_vectors.json by running the real AWS SDKs (see README.md here):
# botocore's CloudFrontSigner (gen_botocore.py) and @aws-sdk/cloudfront-signer (gen_jssdk.mjs), on the
# inputs of cases.json and the keys of tests/keys/.
#
#   tests/vectors/generate.sh           regenerate, verify every signature, write sdk_vectors.json
#   tests/vectors/generate.sh --check   regenerate and verify, then fail if the committed file differs
#                                       (ECDSA cases excepted: their signatures are randomized)
#
# Everything is installed into tests/vectors/.work/ (git-ignored) from PyPI and npm, at pinned
# versions, and only when not already there; nothing is installed globally.
set -euo pipefail

BOTOCORE_VERSION=1.44.8
CRYPTOGRAPHY_VERSION=50.0.2
JS_SIGNER_VERSION=3.1166.0

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$HERE/.work"
PY_DIR="$WORK/py"
NODE_DIR="$WORK/node"
OUT="$HERE/sdk_vectors.json"

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

mkdir -p "$WORK"

# Python packages, in a --target folder put first on PYTHONPATH (ahead of any global botocore).
export PYTHONPATH="$PY_DIR"
if ! python3 -c "
import sys, botocore, cryptography
sys.exit(not (botocore.__version__ == '$BOTOCORE_VERSION' and cryptography.__version__ == '$CRYPTOGRAPHY_VERSION'
              and botocore.__file__.startswith('$PY_DIR/')))" 2>/dev/null; then
  echo "generate.sh: installing botocore==$BOTOCORE_VERSION cryptography==$CRYPTOGRAPHY_VERSION into $PY_DIR" >&2
  rm -rf "$PY_DIR"
  # pip's resolver warns about unrelated global packages (awscli, boto3) pinning other botocore
  # versions; they are not on this PYTHONPATH-first path's way, so the warning is filtered out.
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
    --target "$PY_DIR" "botocore==$BOTOCORE_VERSION" "cryptography==$CRYPTOGRAPHY_VERSION" 2>&1 \
    | { grep -v -e "dependency resolver does not currently" -e "requires botocore" -e "Running pip as the 'root' user" || true; } >&2
fi

# The JS SDK, in its own npm prefix.
installed_js="$(node -p "require('$NODE_DIR/node_modules/@aws-sdk/cloudfront-signer/package.json').version" 2>/dev/null || true)"
if [[ "$installed_js" != "$JS_SIGNER_VERSION" ]]; then
  echo "generate.sh: installing @aws-sdk/cloudfront-signer@$JS_SIGNER_VERSION into $NODE_DIR" >&2
  npm install --prefix "$NODE_DIR" --save-exact --no-audit --no-fund --loglevel=error \
    "@aws-sdk/cloudfront-signer@$JS_SIGNER_VERSION" >&2
fi

python3 "$HERE/gen_botocore.py" "$WORK/botocore.json"
CFSIGN_VECTORS_NODE_DIR="$NODE_DIR" node "$HERE/gen_jssdk.mjs" "$WORK/jssdk.json"
python3 "$HERE/check_vectors.py" merge "$WORK/botocore.json" "$WORK/jssdk.json" "$WORK/sdk_vectors.json"
python3 "$HERE/check_vectors.py" verify "$WORK/sdk_vectors.json"

if [[ "$mode" == check ]]; then
  python3 "$HERE/check_vectors.py" compare "$OUT" "$WORK/sdk_vectors.json"
else
  cp "$WORK/sdk_vectors.json" "$OUT"
  echo "generate.sh: wrote $OUT" >&2
fi
