#!/usr/bin/env bash
# Installs Debian packages the dev stack needs (e.g. redis-server) when they are missing.
# Usage: tools/install-packages.sh PACKAGE...   Needs root or sudo; otherwise it names the command to run.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 PACKAGE..." >&2; exit 2; }

missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "[install-packages] ERROR: ${missing[*]} missing and no apt-get here: install them with your package manager." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
    echo "[install-packages] ERROR: ${missing[*]} missing. Fix: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "[install-packages] installing ${missing[*]} from Debian's packages"
# policy-rc.d answering 101 keeps the packages' own services from starting: the dev stack starts its own
# servers on free loopback ports and stops them when it is done.
policy=/usr/sbin/policy-rc.d
created_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && created_policy=true
fi
cleanup() { if $created_policy; then $sudo rm -f "$policy"; fi; }
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
