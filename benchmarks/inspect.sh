#!/bin/sh
# `inspect`'s cost on this machine, beside numpy doing the same on vectors of the same shape:
#
#   benchmarks/inspect.sh [ITEMS,ITEMS…]      (default 2500,100000)
#
# Builds release first. Figures taken while anything else runs are not comparable: check the
# uptime lines.
set -eu
cd "$(dirname "$0")/.."
items=${1:-2500,100000}
swift build -c release --product semblance >&2
echo "== semblance ($(uptime | sed 's/.*load/load/'))"
.build/release/semblance bench inspect --items "$items"
echo "== numpy ($(uptime | sed 's/.*load/load/'))"
python3 benchmarks/inspect_numpy.py $(echo "$items" | tr ',' ' ')
