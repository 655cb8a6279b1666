#!/usr/bin/env bash
# `make bench` / `make bench-batch`: signing many URLs from the shell.
#
#   aws cloudfront sign, once per URL   the AWS CLI v1 (PyPI `awscli`, in a venv under target/),
#                                       AWS_RUNS invocations (default 20): what a shell loop does
#   cfsign sign, once per URL           the same loop with cfsign's one-URL command
#   cfsign sign-batch                   BATCH_URLS URLs (default 10,000) in one process, one key parse
#   cfsign sign-batch --jobs 1 / N      the same URLs on one thread and on every core (N = nproc),
#                                       alternated JOBS_RUNS times (default 3), best of each, with the
#                                       load averages (the machine may be shared): the ratio is
#                                       issue 26's goal (>= 1.7x on 2 cores)
#
# `scripts/bench_batch.sh jobs` runs the last comparison alone (`make bench-batch-jobs`).
#
# Same RSA-2048 key, same URLs, same expiry; the AWS CLI's URLs are checked to be byte-identical
# to sign-batch's first lines (RSA PKCS#1 v1.5 signatures are deterministic), so both did the same
# work. Bounded: about a minute here. Nothing reaches the network: `cloudfront sign` signs
# locally, and the AWS CLI is kept from looking for credentials or instance metadata.
set -euo pipefail
cd "$(dirname "$0")/.."

BATCH_URLS=${BATCH_URLS:-10000}
AWS_RUNS=${AWS_RUNS:-20}
CARGO=${CARGO:-cargo}
WORK=target/bench-batch
VENV=target/awscli
RSA=tests/keys/rsa2048_pkcs1.pem
EC=tests/keys/ec_p256_sec1.pem
ID=K2JCJMDEHXQW5F
EXPIRY=2030-01-01
ORIGIN=https://d111111abcdef8.cloudfront.net

CORES=$(nproc)
JOBS_RUNS=${JOBS_RUNS:-3}
now() { date +%s.%N; }
# rate COUNT START END: URLs per second.
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", n / (b - a) }'; }

# jobs_rate JOBS: sign-batch --jobs JOBS over every URL, URLs per second; the output is checked
# against --jobs 1's.
jobs_rate() {
  local start end
  start=$(now)
  "$BIN" sign-batch "$WORK/urls.txt" --key-pair-id "$ID" --private-key "$RSA" \
    --date-less-than "$EXPIRY" --jobs "$1" >"$WORK/jobs-$1.txt"
  end=$(now)
  cmp -s "$WORK/jobs-$1.txt" "$WORK/jobs-1.txt" ||
    { echo "bench: sign-batch --jobs $1 and --jobs 1 signed differently" >&2; exit 1; }
  rate "$BATCH_URLS" "$start" "$end"
}

# jobs_compare: --jobs 1 against --jobs $CORES, RSA, alternated; prints the report.
jobs_compare() {
  local one=0 all=0 r load_before load_after
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  for _ in $(seq 1 "$JOBS_RUNS"); do
    r=$(jobs_rate 1)
    one=$(awk -v a="$one" -v b="$r" 'BEGIN { print (b > a ? b : a) }')
    r=$(jobs_rate "$CORES")
    all=$(awk -v a="$all" -v b="$r" 'BEGIN { print (b > a ? b : a) }')
  done
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  echo
  echo "sign-batch on every core, RSA-2048 SHA-1, $BATCH_URLS URLs, URLs per second (best of $JOBS_RUNS, alternated):"
  echo "  cfsign sign-batch --jobs 1               $one"
  echo "  cfsign sign-batch --jobs $CORES ($CORES cores)     $all   ($(awk -v a="$all" -v b="$one" 'BEGIN { printf "%.2f", a / b }')x --jobs 1; goal >= 1.7x on 2 cores)"
  echo "  load averages (1, 5, 15 min): before $load_before, after $load_after"
}

if [ "${1:-}" = jobs ]; then
  "$CARGO" build --release -p cfsign-cli
  BIN=target/release/cfsign
  mkdir -p "$WORK"
  seq 1 "$BATCH_URLS" | sed "s|.*|$ORIGIN/videos/&.mp4|" >"$WORK/urls.txt"
  jobs_compare
  exit 0
fi

if [ ! -x "$VENV/bin/aws" ]; then
  python3 -m venv "$VENV" 2>/dev/null || {
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv
    python3 -m venv "$VENV"
  }
  "$VENV/bin/pip" install --quiet --disable-pip-version-check awscli
fi
"$CARGO" build --release -p cfsign-cli
BIN=target/release/cfsign

mkdir -p "$WORK"
seq 1 "$BATCH_URLS" | sed "s|.*|$ORIGIN/videos/&.mp4|" >"$WORK/urls.txt"

export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
  AWS_DEFAULT_REGION=us-east-1
"$VENV/bin/aws" --version >&2
: >"$WORK/aws.txt"
start=$(now)
head -n "$AWS_RUNS" "$WORK/urls.txt" | while read -r url; do
  # It prints no newline after the URL; and it must not read the loop's standard input.
  printf '%s\n' "$("$VENV/bin/aws" cloudfront sign --url "$url" --key-pair-id "$ID" \
    --private-key "file://$RSA" --date-less-than "$EXPIRY" </dev/null)" >>"$WORK/aws.txt"
done
end=$(now)
aws_rate=$(rate "$AWS_RUNS" "$start" "$end")

: >"$WORK/cfsign-sign.txt"
start=$(now)
head -n "$AWS_RUNS" "$WORK/urls.txt" | while read -r url; do
  "$BIN" sign --url "$url" --key-pair-id "$ID" --private-key "$RSA" \
    --date-less-than "$EXPIRY" </dev/null >>"$WORK/cfsign-sign.txt"
done
end=$(now)
sign_rate=$(rate "$AWS_RUNS" "$start" "$end")

batch() { # KEY OUT: sign-batch over every URL; prints URLs per second
  local start end
  start=$(now)
  "$BIN" sign-batch "$WORK/urls.txt" --key-pair-id "$ID" --private-key "$1" \
    --date-less-than "$EXPIRY" >"$2"
  end=$(now)
  [ "$(wc -l <"$2")" -eq "$BATCH_URLS" ] || { echo "bench: $2 lacks lines" >&2; exit 1; }
  rate "$BATCH_URLS" "$start" "$end"
}
rsa_rate=$(batch "$RSA" "$WORK/cfsign-batch.txt")
ec_rate=$(batch "$EC" "$WORK/cfsign-batch-ec.txt")

# The same URLs, byte for byte, from all three.
head -n "$AWS_RUNS" "$WORK/cfsign-batch.txt" | cmp -s - "$WORK/aws.txt" ||
  { echo "bench: aws cloudfront sign and cfsign sign-batch signed differently" >&2; exit 1; }
cmp -s "$WORK/cfsign-sign.txt" "$WORK/aws.txt" ||
  { echo "bench: aws cloudfront sign and cfsign sign signed differently" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", a / b }'; }
cat <<EOF

signing URLs from the shell, RSA-2048 SHA-1, URLs per second (the same URLs, byte for byte):
  aws cloudfront sign, once per URL ($AWS_RUNS runs)   $aws_rate
  cfsign sign, once per URL ($AWS_RUNS runs)           $sign_rate   ($(ratio "$sign_rate" "$aws_rate")x the AWS CLI)
  cfsign sign-batch ($BATCH_URLS URLs)              $rsa_rate   ($(ratio "$rsa_rate" "$aws_rate")x the AWS CLI)
  cfsign sign-batch, ECDSA P-256 ($BATCH_URLS URLs) $ec_rate
EOF
jobs_compare
