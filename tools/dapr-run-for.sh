#!/usr/bin/env bash
# Writes dapr.yaml for another broker's folder of components/ and prints its path — nothing in the tree is edited:
#   dapr run -f "$(tools/dapr-run-for.sh redis)"      (then: dapr stop -f <that path>)
# The copy differs from dapr.yaml only in resourcesPath (components/<broker>) and in holding absolute paths, as it
# lives under target/dapr-run/<broker>/. The broker's own settings (its address) come from the environment its
# components/<broker>/pubsub.yaml names, e.g. REDIS_HOST; ./demo --broker <broker> starts one and sets them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
broker=${1:-}
if [[ -z "$broker" || ! -f "$root/components/$broker/pubsub.yaml" ]]; then
  echo "usage: tools/dapr-run-for.sh <broker>: one of $(cd "$root/components" && ls -d */ | tr -d / | grep -vx state | tr '\n' ' ')" >&2
  exit 2
fi
out="$root/target/dapr-run/$broker"
mkdir -p "$out"
sed -e "s|^\(  resourcesPath: \)\./components/kafka$|\1$root/components/$broker|" \
    -e "s|^\(    appDirPath: \)\./|\1$root/|" "$root/dapr.yaml" > "$out/dapr.yaml"
grep -q "resourcesPath: $root/components/$broker\$" "$out/dapr.yaml" \
  || { echo "tools/dapr-run-for.sh: dapr.yaml has no 'resourcesPath: ./components/kafka' line to swap" >&2; exit 1; }
echo "$out/dapr.yaml"
