#!/usr/bin/env bash
# `make bench` / `make bench-logs`: `cfsign logs` on a 1 GB (uncompressed) standard log, gzipped,
# next to `gzip -dc` of the same file in the same run: MB/s of log text for each, the ratio
# (the goal: cfsign at least a third of gzip -dc), and cfsign's peak memory (/usr/bin/time -v).
#
# The log (tests/logs/bench_log.py: thousands of distinct signed URLs by botocore, each requested
# many times from varied viewers and edges) is generated once and cached in target/bench-logs/.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${LOGS_BENCH_BYTES:-1000000000}
CARGO=${CARGO:-cargo}
WORK=target/bench-logs
LOG=$WORK/standard-$SIZE.log.gz

mkdir -p "$WORK"
if [ ! -s "$LOG" ]; then
  echo "generating $LOG (once; cached)"
  python3 tests/logs/bench_log.py "$WORK/standard.log" "$SIZE"
  gzip -6 -c "$WORK/standard.log" >"$LOG.tmp" && mv "$LOG.tmp" "$LOG"
  rm -f "$WORK/standard.log"
fi
"$CARGO" build --release -p cfsign-cli
BIN=target/release/cfsign

now() { date +%s.%N; }
BYTES=$(gzip -dc "$LOG" | wc -c)
MB=$(echo "$BYTES / 1000000" | bc -l)

t0=$(now)
gzip -dc "$LOG" >/dev/null
t1=$(now)
/usr/bin/time -v -o "$WORK/time.txt" "$BIN" logs "$LOG" --progress never --json \
  --public-key K2JCJMDEHXQW5F=tests/keys/rsa2048_pub.pem \
  --public-key K3NEWKEYROTATE=tests/keys/rsa2048_b_pub.pem >"$WORK/report.json"
t2=$(now)

gz=$(echo "$MB / ($t1 - $t0)" | bc -l)
cf=$(echo "$MB / ($t2 - $t1)" | bc -l)
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
requests=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['requests'], 'requests,', r['verifications'] - r['memo_hits'], 'signature checks')" "$WORK/report.json")
printf 'cfsign logs on %s (%.0f MB uncompressed, %d cores): %s\n' "$LOG" "$MB" "$(nproc)" "$requests"
printf '  gzip -dc      %8.1f MB/s\n' "$gz"
printf '  cfsign logs   %8.1f MB/s  (ratio %.2f of gzip -dc; goal >= 0.33)\n' "$cf" "$(echo "$cf / $gz" | bc -l)"
printf '  peak memory   %8.1f MB\n' "$(echo "$rss / 1024" | bc -l)"
