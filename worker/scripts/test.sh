#!/usr/bin/env bash
# The worker's tests, against the worker running on workerd (miniflare): `make test-worker`.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
exec node --test test/*.test.mjs
