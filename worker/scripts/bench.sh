#!/usr/bin/env bash
# `make bench`: CPU per request inside workerd, cfsign vs @aws-sdk/cloudfront-signer, and
# requests/s on one core (autocannon). BENCH_SECONDS=6 per load run; about 75 s in all.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
exec node bench/bench.mjs
