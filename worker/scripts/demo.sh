#!/usr/bin/env bash
# `make demo`: the worker on workerd at http://127.0.0.1:8787 with the page from www/.
# Extra arguments go to scripts/demo.mjs (--port N, --check).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
exec node scripts/demo.mjs "$@"
