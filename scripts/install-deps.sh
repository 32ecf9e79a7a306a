#!/usr/bin/env bash
# Installs the Debian packages Semblance builds and tests against, if any is missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail

packages=(libopenblas-dev libncursesw5-dev libsqlite3-dev libpq-dev postgresql pkg-config tmux)
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "semblance: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
else
    echo "semblance: missing Debian packages: ${missing[*]}" >&2
    echo "run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
