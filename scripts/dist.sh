#!/usr/bin/env bash
# `make dist` (and the Dockerfile's build): the static Linux build of the `cfsign` command and its
# release archive, for GitHub releases and `cargo binstall cfsign-cli`:
#
#   target/dist/cfsign-<version>-x86_64-unknown-linux-musl.tar.gz         the archive
#   target/dist/cfsign-<version>-x86_64-unknown-linux-musl.tar.gz.sha256  its SHA-256 (sha256sum -c)
#
# The archive holds one folder, cfsign-<version>-x86_64-unknown-linux-musl/, with the binary
# `cfsign`, README.md (the command's), CHANGELOG.md, LICENSE-MIT, LICENSE-APACHE, completions/
# for bash, zsh, fish and powershell, and the manual pages: cfsign.1 and one per command
# (cfsign-sign.1, ...). It is reproducible: files sorted, owner 0, mtimes of the last commit.
#
# The binary has live mode (the `aws` feature: the AWS SDK for Rust, TLS by rustls with ring).
# The target is musl, linked statically by rustc with its bundled C runtime: ring's few C and
# assembly files are compiled by musl-gcc, or else by the host's C compiler (they use no libc
# header). The script refuses a binary that is not static or does not run.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-unknown-linux-musl
CARGO=${CARGO:-cargo}
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' cli/Cargo.toml | head -n 1)
NAME="cfsign-$VERSION-$TARGET"
DIST=target/dist
STAGE="$DIST/$NAME"

if command -v rustup >/dev/null; then
  rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"
fi

# ring's C and assembly (rustls's crypto, live mode) need a C compiler for the target: musl-gcc
# when there is one, else the host's cc (ring's C files include no libc header).
if ! command -v x86_64-linux-musl-gcc >/dev/null && [ -z "${CC_x86_64_unknown_linux_musl:-}" ]; then
  if command -v musl-gcc >/dev/null; then
    export CC_x86_64_unknown_linux_musl=musl-gcc
  else
    export CC_x86_64_unknown_linux_musl=cc
  fi
fi

# Stripped: the symbols are half the binary and tell a user nothing.
CARGO_PROFILE_RELEASE_STRIP=symbols \
  "$CARGO" build --release --locked -p cfsign-cli --features aws --target "$TARGET"
BIN="target/$TARGET/release/cfsign"

# Static, and runs here (the build machine is x86_64 Linux, as the target).
if ldd "$BIN" >/dev/null 2>&1 && ! ldd "$BIN" 2>&1 | grep -q 'statically linked'; then
  echo "dist: $BIN is dynamically linked:" >&2
  ldd "$BIN" >&2
  exit 1
fi
if command -v file >/dev/null; then
  file -b "$BIN" | grep -Eq 'static(-pie)? linked|statically linked' || {
    echo "dist: $BIN is not static: $(file -b "$BIN")" >&2
    exit 1
  }
fi
[ "$("$BIN" --version)" = "cfsign $VERSION" ] || {
  echo "dist: $BIN --version is not 'cfsign $VERSION'" >&2
  exit 1
}

rm -rf "$STAGE" "$DIST/$NAME.tar.gz" "$DIST/$NAME.tar.gz.sha256"
mkdir -p "$STAGE/completions"
cp "$BIN" "$STAGE/cfsign"
cp cli/README.md "$STAGE/README.md"
cp CHANGELOG.md LICENSE-MIT LICENSE-APACHE "$STAGE/"
"$BIN" completions bash >"$STAGE/completions/cfsign.bash"
"$BIN" completions zsh >"$STAGE/completions/_cfsign"
"$BIN" completions fish >"$STAGE/completions/cfsign.fish"
"$BIN" completions powershell >"$STAGE/completions/_cfsign.ps1"
"$BIN" man >"$STAGE/cfsign.1"
# One page per command, as cfsign.1 refers to them: the commands as `cfsign --help` lists them.
commands=$("$BIN" --help | awk '/^Commands:/ {on = 1; next} on && /^$/ {exit} on {print $1}' |
  grep -vx help)
for command in $commands; do
  "$BIN" man "$command" >"$STAGE/cfsign-$command.1"
done

# Every file is there and names what it should.
for command in sign sign-batch sign-cookies keygen decode verify; do
  for file in completions/cfsign.bash completions/_cfsign completions/cfsign.fish \
    completions/_cfsign.ps1; do
    grep -q -- "$command" "$STAGE/$file" || {
      echo "dist: $file does not name $command" >&2
      exit 1
    }
  done
  [ -s "$STAGE/cfsign-$command.1" ] || {
    echo "dist: no cfsign-$command.1" >&2
    exit 1
  }
done

EPOCH=$(git log -1 --format=%ct 2>/dev/null || echo 0)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$EPOCH" \
  -C "$DIST" -cf - "$NAME" | gzip -9n >"$DIST/$NAME.tar.gz"
(cd "$DIST" && sha256sum "$NAME.tar.gz" >"$NAME.tar.gz.sha256")

echo "dist: $DIST/$NAME.tar.gz ($(du -k "$DIST/$NAME.tar.gz" | cut -f1) KiB; cfsign $(du -k "$BIN" | cut -f1) KiB, static)"
echo "dist: $(cat "$DIST/$NAME.tar.gz.sha256")"
tar -tzf "$DIST/$NAME.tar.gz"
