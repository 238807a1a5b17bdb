#!/usr/bin/env bash
# Builds kubeconform (the Kubernetes manifest validator that checks deploy/k8s against the schemas vendored in
# deploy/k8s/schemas, with no network) from the Go module proxy, as tools/dapr/install.sh builds daprd:
# github.com/yannh/kubeconform/cmd/kubeconform at the version below, into ${KUBECONFORM_HOME:-~/.kubeconform}/bin/kubeconform.
# Idempotent: a binary that reports this version is kept. Reuses Go's module and build caches.
# Usage: tools/kubeconform/install.sh [--force]
set -euo pipefail

version=0.7.0
home="${KUBECONFORM_HOME:-$HOME/.kubeconform}"
bin="$home/bin/kubeconform"
case "${1:-}" in
  --force) rm -f "$bin" ;;
  "") ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

if [ -x "$bin" ] && [ "$("$bin" -v 2>/dev/null)" = "v$version" ]; then
  exit 0
fi
command -v go >/dev/null || { echo "[kubeconform-install] go is missing: install Go 1.24 or newer (https://go.dev/dl/)" >&2; exit 1; }
mkdir -p "$home/bin"
start=$(date +%s)
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
GOBIN="$build" go install -ldflags "-X main.version=v$version" "github.com/yannh/kubeconform/cmd/kubeconform@v$version"
mv "$build/kubeconform" "$bin"
echo "[kubeconform-install] kubeconform $version -> $bin ($(( $(date +%s) - start )) s)"
