#!/usr/bin/env bash
# `make bench`'s playlist step in workerd (bench/playlist.mjs): signPlaylist on a 10,000-segment
# playlist, next to signing each segment with @aws-sdk/cloudfront-signer.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
exec node bench/playlist.mjs
