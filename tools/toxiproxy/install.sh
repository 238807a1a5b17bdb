#!/usr/bin/env bash
# Builds Toxiproxy's server (the fault-injecting TCP proxy of the durability issue's network faults) from the Go
# module proxy, as tools/dapr/install.sh builds daprd: github.com/Shopify/toxiproxy/v2/cmd/server at the version
# below, into ${TOXIPROXY_HOME:-~/.toxiproxy}/bin/toxiproxy-server. Idempotent: a binary that reports this version
# is kept. Reuses Go's module and build caches. Usage: tools/toxiproxy/install.sh [--force]
set -euo pipefail

version=2.5.0
home="${TOXIPROXY_HOME:-$HOME/.toxiproxy}"
bin="$home/bin/toxiproxy-server"
case "${1:-}" in
  --force) rm -f "$bin" ;;
  "") ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

if [ -x "$bin" ] && "$bin" -version 2>/dev/null | grep -q "$version"; then
  exit 0
fi
command -v go >/dev/null || { echo "[toxiproxy-install] go is missing: install Go 1.22 or newer (https://go.dev/dl/)" >&2; exit 1; }
mkdir -p "$home/bin"
start=$(date +%s)
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
GOBIN="$build" go install -ldflags "-X github.com/Shopify/toxiproxy/v2.Version=$version" \
  "github.com/Shopify/toxiproxy/v2/cmd/server@v$version"
mv "$build/server" "$bin"
echo "[toxiproxy-install] toxiproxy-server $version -> $bin ($(( $(date +%s) - start )) s)"
