#!/usr/bin/env bash
# Builds the official `ignition-validate` (github.com/coreos/ignition/v2, package ./validate) from
# the Go module proxy into ${KUBE_AWS_CACHE:-$HOME/.cache/kube-aws}/bin/ignition-validate and
# prints its path. Pinned and idempotent: when the binary there already reports the pinned
# version, nothing is built.
#
# Why `go install …@v2.24.0` works: the module's go.mod (checked at v2.24.0) has no `replace`
# or `exclude` directives, so `go install pkg@version` accepts it. The version string is
# injected the way upstream's ./build script does (-X …/internal/version.Raw), otherwise the
# binary prints "Ignition was not built properly" for --version and we could not pin-check it.
set -euo pipefail

IGNITION_VERSION="v2.24.0"
MODULE="github.com/coreos/ignition/v2"
CACHE_DIR="${KUBE_AWS_CACHE:-$HOME/.cache/kube-aws}"
BIN_DIR="$CACHE_DIR/bin"
TARGET="$BIN_DIR/ignition-validate"

if ! command -v go >/dev/null 2>&1; then
  echo "install.sh: 'go' not found on PATH; install Go >= 1.24 (https://go.dev/dl/) and re-run." >&2
  exit 1
fi

if [ -x "$TARGET" ] && [ "$("$TARGET" --version 2>/dev/null || true)" = "Ignition $IGNITION_VERSION" ]; then
  echo "$TARGET"
  exit 0
fi

mkdir -p "$BIN_DIR"
# GOTOOLCHAIN=local: fail loudly rather than download a toolchain; -mod=mod: never use a vendor dir.
export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0
# Build into a temp GOBIN and move into place atomically, so an interrupted build never leaves a
# half-written binary that a later run would trust.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
GOBIN="$tmp" go install -trimpath \
  -ldflags "-s -w -X $MODULE/internal/version.Raw=$IGNITION_VERSION" \
  "$MODULE/validate@$IGNITION_VERSION" >&2
# The package directory is `validate`, so that is the binary's name.
mv -f "$tmp/validate" "$TARGET"
echo "install.sh: built ignition-validate $IGNITION_VERSION in $(( $(date +%s) - start ))s" >&2

got="$("$TARGET" --version)"
if [ "$got" != "Ignition $IGNITION_VERSION" ]; then
  echo "install.sh: built binary reports '$got', expected 'Ignition $IGNITION_VERSION'" >&2
  exit 1
fi
echo "$TARGET"
