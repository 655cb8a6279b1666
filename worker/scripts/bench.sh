#!/usr/bin/env bash
# `make bench`: CPU per request inside workerd, cfsign vs @aws-sdk/cloudfront-signer, and
# requests/s on one core (autocannon), BENCH_SECONDS=6 per load run, about 75 s (bench/bench.mjs);
# then CPU per request on Node, Deno and Bun, cfsign/edge's handler vs the SDK worker's, in
# process, about 80 s (bench/hosts.mjs). `bench.sh --hosts` runs only the second.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ "${1:-}" != "--hosts" ]; then
  node bench/bench.mjs
fi
exec node bench/hosts.mjs
