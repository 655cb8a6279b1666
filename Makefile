# cfsign: `make test` passes every test, `make demo` runs the main job, `make bench` measures.
# Every target installs what it needs on a fresh Debian machine, idempotently.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export PATH := $(CURDIR)/tests/js/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# wasm-pack must find a wasm-bindgen of exactly the version pinned in Cargo.toml (`=0.2.130`), or
# it falls back to installing its own; `--mode no-install` makes a mismatch fail at once.
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
WASM_PACK_VERSION := 0.15.1
WASM_FEATURES := . --no-default-features --features wasm
# The wasm build is optimized for size (the host's WebCrypto signs); wasm-opt comes from npm's
# binaryen (tests/js/node_modules/.bin, first on PATH): Debian's binaryen 108 writes broken modules.
WASM_ENV := CARGO_PROFILE_RELEASE_OPT_LEVEL=z

.PHONY: all test demo bench fuzz clean setup-rust setup-wasm setup-js setup-chromium setup-openssl lint \
        test-nostd test-rust test-vectors wasm test-wasm test-js test-worker test-browser

all: test

## ---------------------------------------------------------------- set-up (idempotent)
setup-rust:
	@rustup target list --installed | grep -qx thumbv7em-none-eabihf || rustup target add thumbv7em-none-eabihf
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy

setup-js:
	@[ -x tests/js/node_modules/.bin/wasm-opt ] || (cd tests/js && npm ci --no-audit --no-fund)

setup-wasm: setup-rust setup-js
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] || \
	  $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force
	@[ "$$(wasm-pack --version 2>/dev/null)" = "wasm-pack $(WASM_PACK_VERSION)" ] || \
	  $(CARGO) install wasm-pack --version $(WASM_PACK_VERSION) --force

## OpenSSL is the independent verifier of cfsign's ECDSA signatures (tests/cli.rs) and `make bench`'s yardstick.
setup-openssl:
	@command -v openssl >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y openssl)

setup-chromium:
	@[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver)

## ---------------------------------------------------------------- builds
## The WebAssembly packages: www/pkg (web, also copied to worker/pkg) and pkg/node (Node).
wasm: setup-wasm
	$(WASM_ENV) wasm-pack build --release --target web --out-dir www/pkg --mode no-install $(WASM_FEATURES)
	$(WASM_ENV) wasm-pack build --release --target nodejs --out-dir pkg/node --mode no-install $(WASM_FEATURES)
	mkdir -p worker/pkg && cp www/pkg/cfsign.js www/pkg/cfsign.d.ts www/pkg/cfsign_bg.wasm worker/pkg/
	@printf 'wasm: %s bytes, %s gzipped\n' "$$(stat -c %s www/pkg/cfsign_bg.wasm)" "$$(gzip -9c www/pkg/cfsign_bg.wasm | wc -c)"

## ---------------------------------------------------------------- tests
lint: setup-rust
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --no-default-features --features wasm --target wasm32-unknown-unknown -- -D warnings

## The no_std claim, proved on a target without std.
test-nostd: setup-rust
	$(CARGO) build --lib --no-default-features --target thumbv7em-none-eabihf
	$(CARGO) build --lib --no-default-features --features encrypted-keys --target thumbv7em-none-eabihf

test-rust: setup-openssl
	$(CARGO) test --all-targets
	$(CARGO) test --doc

## Regenerates the SDK vectors with the real botocore and @aws-sdk/cloudfront-signer and checks
## that the committed ones still match them byte for byte (RSA cases).
test-vectors:
	tests/vectors/generate.sh --check

## The core tests again, compiled to wasm: in Node and in headless Chromium.
test-wasm: setup-wasm setup-chromium
	wasm-pack test --node --mode no-install $(WASM_FEATURES)
	WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver --mode no-install $(WASM_FEATURES)

## The JS API in Node, against the real @aws-sdk/cloudfront-signer.
test-js: wasm
	cd tests/js && node --test

## The browser page (www/) driven in headless Chromium (Debian's chromium, playwright-core from npm);
## screenshots land in target/screenshots/.
test-browser: wasm setup-chromium
	tests/browser/run.sh

## The edge worker (worker/) on workerd through miniflare: real HTTP, no mocks of the runtime.
test-worker: wasm
	worker/scripts/test.sh

test: lint test-nostd test-rust test-vectors test-wasm test-js test-browser test-worker
	@echo "make test: all suites passed"

## ---------------------------------------------------------------- run, measure
## The main job: the edge worker and the page from www/ on http://127.0.0.1:8787, with a demo key
## pair and JWT secret generated on first run (worker/.demo/); prints curl commands. Ctrl-C stops it.
demo: wasm
	$(CARGO) build --release --bin cfsign
	worker/scripts/demo.sh

## Benchmarks, each next to its alternative in the same run.
bench: wasm setup-openssl
	openssl speed -seconds 3 rsa2048 ecdsap256 2>/dev/null | tail -n 6
	$(CARGO) bench --bench sign
	cd tests/js && node bench.mjs
	worker/scripts/bench.sh

## Fuzzes decode and verify for a bounded time (FUZZ_SECONDS, default 60). Not part of `make test`.
FUZZ_SECONDS ?= 60
fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz
	cd fuzz && $(CARGO) +nightly fuzz run decode_verify -- -max_total_time=$(FUZZ_SECONDS) -max_len=9000

clean:
	$(CARGO) clean
	rm -rf www/pkg pkg worker/pkg worker/dist worker/node_modules worker/.demo worker/bench/results
