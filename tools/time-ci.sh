#!/usr/bin/env bash
# Times the CI command on a clean clone of this repository's HEAD and writes what it measured as JSON:
#   tools/time-ci.sh docs/results/<date>/ci/ci-run.json
# The clone goes to a temporary folder, removed afterwards; the caches it finds (Maven repository, Go module and build
# caches, ~/.dapr) are whatever this machine has: "warm" when ~/.m2/repository and ~/.dapr/bin/daprd exist, else "cold".
# The docs' timings table (./compare docs) reads the file; the exit code is the CI run's.
set -uo pipefail
out="${1:?usage: tools/time-ci.sh OUT.json}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
case "$out" in /*) ;; *) out="$repo/$out" ;; esac
mkdir -p "$(dirname "$out")"
clone="$(mktemp -d /tmp/time-ci.XXXXXX)"
trap 'rm -rf "$clone"' EXIT
git clone -q "$repo" "$clone/repo"
commit="$(git -C "$clone/repo" rev-parse --short HEAD)"
caches=cold
if [ -d "$HOME/.m2/repository" ] && [ -x "${DAPR_RUNTIME_PATH:-$HOME/.dapr}/bin/daprd" ]; then caches=warm; fi
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
start=$(date +%s)
(cd "$clone/repo" && bash .ci/run) > "$clone/ci.log" 2>&1
code=$?
mkdir -p "$(dirname "$out")/logs" && cp "$clone/ci.log" "$(dirname "$out")/logs/ci.log"
grep -E "Tests run:|BUILD|ERROR\]" "$clone/ci.log" | tail -40
seconds=$(( $(date +%s) - start ))
# the tests the run executed, from the reports the surefire and failsafe plugins wrote
tests=$(find "$clone/repo" -path '*-reports/TEST-*.xml' -print0 | xargs -0 -r grep -ho '<testsuite [^>]*' \
    | grep -o ' tests="[0-9]*"' | grep -o '[0-9]*' | awk '{ n += $1 } END { print n + 0 }')
cat > "$out" <<JSON
{
  "command": "bash .ci/run",
  "measuredBy": "tools/time-ci.sh",
  "commit": "$commit",
  "startedAt": "$started",
  "caches": "$caches",
  "seconds": $seconds,
  "tests": ${tests:-0},
  "exitCode": $code,
  "machine": "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
}
JSON
echo "time-ci: $caches, ${seconds} s, ${tests:-0} tests, exit $code -> $out"
exit "$code"
