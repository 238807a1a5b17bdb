#!/usr/bin/env bash
# Installs the Dapr sidecar (daprd), the Scheduler service and the CLI (dapr) into the layout `dapr init --slim`
# produces ($DAPR_RUNTIME_PATH/.dapr, default ~/.dapr: bin/daprd, bin/scheduler, bin/sentry, bin/dapr, config.yaml, components/),
# unless a working install is already there: a user who ran `dapr init` keeps theirs.
#
# daprd is the stock runtime (github.com/dapr/dapr/cmd/daprd/app) with the official `stablecomponents` build tag
# plus NATS JetStream's pub/sub, which release binaries carry (daprd/main.go says why), the scheduler
# the stock cmd/scheduler, Sentry (the certificate authority of mTLS between sidecars) the stock cmd/sentry, built
# from the scheduler's module (the same dapr version and replaces), and the CLI github.com/dapr/cli, all built from the Go module proxy by the small
# modules beside this script (daprd/, scheduler/, cli/; their go.mod files say where they deviate and why).
# Idempotent; reuses Go's module and build caches. Usage: tools/dapr/install.sh [--force]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dapr_root="${DAPR_RUNTIME_PATH:-$HOME}/.dapr"
bin="$dapr_root/bin"
force=false
case "${1:-}" in
  --force) force=true ;;
  "") ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

version_in() { grep -oE "$2 v[0-9.]+" "$1" | head -1 | sed 's/.* v//'; } # go.mod module -> version
daprd_version="$(version_in "$here/daprd/go.mod" github.com/dapr/dapr)"
cli_version="$(version_in "$here/cli/go.mod" github.com/dapr/cli)"
go_needed="$(sed -n 's/^go //p' "$here/daprd/go.mod")"

say() { echo "[dapr-install] $*"; }

works() { "$1" "${@:2}" >/dev/null 2>&1; }

need_daprd=true
need_scheduler=true
need_sentry=true
need_cli=true
if ! $force; then
  # an install is kept if it runs and has every pub/sub of components/ (a release daprd has; our older builds lacked JetStream)
  works "$bin/daprd" --version && grep -q "components-contrib/pubsub/jetstream" "$bin/daprd" && need_daprd=false
  [ -x "$bin/scheduler" ] && need_scheduler=false  # it has no --version; `dapr init --slim` puts one here
  [ -x "$bin/sentry" ] && need_sentry=false        # no --version either
  if works "$bin/dapr" version || { command -v dapr >/dev/null && works dapr version; }; then need_cli=false; fi
fi
if ! $need_daprd && ! $need_scheduler && ! $need_sentry && ! $need_cli; then
  say "daprd $("$bin/daprd" --version), the scheduler, Sentry and the dapr CLI are installed under $dapr_root"
  exit 0
fi

if ! command -v go >/dev/null; then
  say "ERROR: no Dapr install in $dapr_root and no 'go' on PATH to build one."
  say "Fix: install Go $go_needed or newer (or run 'dapr init --slim' with the Dapr CLI), then run again."
  exit 1
fi
go_have="$(go env GOVERSION | sed 's/^go//')"
if [ "$(printf '%s\n%s\n' "$go_needed" "$go_have" | sort -V | head -1)" != "$go_needed" ]; then
  say "ERROR: Go $go_have is too old to build daprd $daprd_version: it needs Go $go_needed or newer."
  exit 1
fi

say "no working Dapr install in $dapr_root: building it from the Go module proxy (a cold build downloads about"
say "3 GB of modules and compiles for 5 to 10 minutes on 2 cores; later builds reuse the caches: modules in"
say "$(go env GOMODCACHE), builds in $(go env GOCACHE)). With the Dapr CLI, 'dapr init --slim' instead skips this."
mkdir -p "$bin" "$dapr_root/components"
exec 9>"$dapr_root/.install.lock"
flock 9  # two builds at once (parallel test JVMs) would only race each other

# The module proxy reachable here serves these modules but not checksum-database entries for all of them;
# the committed go.sum files pin every module's hash, and the go command verifies each download against them.
export GOSUMDB=off GOFLAGS=-mod=readonly CGO_ENABLED=0

progress() { # what expected-packages: a line per 100 modules downloaded and per 10 % of the packages compiled
  local n=0 downloads=0 shown=0 line
  while IFS= read -r line; do
    case "$line" in
      "go: downloading "*)
        downloads=$((downloads + 1))
        if [ $((downloads % 100)) -eq 0 ]; then say "  $1: $downloads modules downloaded"; fi ;;
      *": "*) echo "$line" ;;  # compiler and go-command messages; plain lines are package names
      *)
        n=$((n + 1))
        if [ $((n * 10 / $2)) -gt "$shown" ] && [ "$n" -lt "$2" ]; then
          shown=$((n * 10 / $2))
          say "  $1: $(printf '%-10s' "$(printf '#%.0s' $(seq 1 "$shown"))") $n of about $2 packages compiled"
        fi ;;
    esac
  done
  if [ "$downloads" -gt 0 ]; then say "  $1: $downloads modules downloaded in all"; fi
}

build() { # module-dir package output ldflags description expected-packages
  local dir="$1" pkg="$2" out="$3" ldflags="$4" what="$5" packages="$6" start=$SECONDS status=0
  say "building $what"
  (cd "$dir" && go build -v -trimpath -tags stablecomponents -ldflags "$ldflags" -o "$out.tmp" "$pkg") 2>&1 |
    progress "$what" "$packages" || status=$?
  if [ "$status" -ne 0 ] || [ ! -x "$out.tmp" ]; then
    say "ERROR: building $what failed (output above)"
    exit 1
  fi
  mv "$out.tmp" "$out"
  say "built $what in $((SECONDS - start)) s -> $out"
}

if $need_daprd; then
  build "$here/daprd" . "$bin/daprd" \
    "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$daprd_version -X github.com/dapr/dapr/pkg/buildinfo.gitversion=v$daprd_version" \
    "daprd $daprd_version" 2300
fi
if $need_scheduler; then
  build "$here/scheduler" github.com/dapr/dapr/cmd/scheduler "$bin/scheduler" \
    "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$daprd_version -X github.com/dapr/dapr/pkg/buildinfo.gitversion=v$daprd_version" \
    "Dapr scheduler $daprd_version" 300
fi
if $need_sentry; then
  build "$here/scheduler" github.com/dapr/dapr/cmd/sentry "$bin/sentry" \
    "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$daprd_version -X github.com/dapr/dapr/pkg/buildinfo.gitversion=v$daprd_version" \
    "Dapr Sentry $daprd_version" 300
fi
if $need_cli; then
  build "$here/cli" github.com/dapr/cli "$bin/dapr" \
    "-s -w -X main.version=$cli_version -X main.apiVersion=1.0" \
    "dapr CLI $cli_version" 700
fi

# What `dapr init --slim` writes: a default configuration and an (empty) default components folder.
if [ ! -f "$dapr_root/config.yaml" ]; then
  cat > "$dapr_root/config.yaml" <<'YAML'
apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: daprConfig
spec: {}
YAML
fi
say "installed under $dapr_root: $("$bin/daprd" --version | sed 's/^/daprd /'); add $bin to PATH to use 'dapr' by hand"
