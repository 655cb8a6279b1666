# cfsign: `make test` passes every test, `make demo` runs the main job, `make bench` measures.
# Every target installs what it needs on a fresh machine, idempotently.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: fuzz all test demo bench setup-rust lint test-rust test-nostd test-vectors clean

all: test

## Toolchain targets used by the tests.
setup-rust:
	@rustup target list --installed | grep -qx thumbv7em-none-eabihf || rustup target add thumbv7em-none-eabihf
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy

lint: setup-rust
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

## The no_std claim, proved on a target without std.
test-nostd: setup-rust
	$(CARGO) build --lib --no-default-features --target thumbv7em-none-eabihf

test-rust:
	$(CARGO) test --all-targets
	$(CARGO) test --doc

## Regenerates the SDK vectors with the real botocore and @aws-sdk/cloudfront-signer and checks
## that the committed ones still match them byte for byte (RSA cases).
test-vectors:
	tests/vectors/generate.sh --check

test: lint test-nostd test-rust test-vectors
	@echo "make test: all suites passed"

## Signs a demo URL and cookies with a freshly generated key.
demo:
	$(CARGO) build --release --bin cfsign
	@dir=$$(mktemp -d) && \
	./target/release/cfsign keygen --type ecdsa --out-dir "$$dir" >/dev/null && \
	echo "demo key pair in $$dir (public key: $$dir/public_key.pem)" && \
	echo && echo "signed URL (canned policy, valid 1 hour):" && \
	./target/release/cfsign sign --url https://d111111abcdef8.cloudfront.net/videos/intro.mp4 \
	  --key-pair-id K2JCJMDEHXQW5F --private-key "$$dir/private_key.pem" --date-less-than +1h && \
	echo && echo "signed cookies for every video (custom policy, valid 1 day):" && \
	./target/release/cfsign sign-cookies --resource 'https://d111111abcdef8.cloudfront.net/videos/*' \
	  --key-pair-id K2JCJMDEHXQW5F --private-key "$$dir/private_key.pem" --date-less-than +1d

## Benchmarks, next to OpenSSL on the same machine in the same run.
bench:
	openssl speed -seconds 3 rsa2048 ecdsap256 2>/dev/null | tail -n 6
	$(CARGO) bench --bench sign

clean:
	$(CARGO) clean

## Fuzzes decode and verify for a bounded time (FUZZ_SECONDS, default 60). Not part of `make test`.
FUZZ_SECONDS ?= 60
fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz
	cd fuzz && $(CARGO) +nightly fuzz run decode_verify -- -max_total_time=$(FUZZ_SECONDS) -max_len=9000
