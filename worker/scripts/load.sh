#!/usr/bin/env bash
# `make load`: a bounded load run of cfsign/edge on Node (bench/load.mjs): 2 x 50,000 requests at
# 64 concurrent, minting, signed URLs, guard hits and hostile requests; fails on any 5xx,
# connection error or RSS growth over the bound. A measurement: not part of `make test`.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
exec node bench/load.mjs
