#!/usr/bin/env bash
# Search and cache benchmarks (not tests): medians on this machine.
#  1. `semblance bench search`: plain sgemv floor vs top-10 over 100k and 1M × 384 (f32, f16),
#     and opening a cached 100k-item corpus into the search matrix.
#  2. Indexing overhead: the share of `semblance index` time spent outside the encoder
#     (hashing, SQLite, reading), on N Debian package descriptions (default 2000) or, where
#     apt is missing, on samples/teaching.txt.
# Usage: scripts/bench-search.sh [--items N] [--rows 100000,1000000] [--repeats 15]
set -euo pipefail
cd "$(dirname "$0")/.."

items=2000
rows=100000,1000000
repeats=15
while [ $# -gt 0 ]; do
    case "$1" in
        --items) items="${2:?}"; shift ;;
        --rows) rows="${2:?}"; shift ;;
        --repeats) repeats="${2:?}"; shift ;;
        *) echo "bench-search.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

swift build -c release --product semblance >&2
bin=.build/release/semblance
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg) (numbers are only comparable on a quiet machine)"
echo "== search"
"$bin" bench search --rows "$rows" --repeats "$repeats"

echo "== indexing overhead"
if command -v apt-cache >/dev/null; then
    scripts/debian-corpus.sh --limit "$items" > "$work/corpus.jsonl"
    corpus="$work/corpus.jsonl"
else
    corpus=samples/teaching.txt
fi
SEMBLANCE_CACHE="$work/cache.sqlite" "$bin" index --corpus bench "$corpus" --id-field id --quiet 2>/dev/null \
    || SEMBLANCE_CACHE="$work/cache.sqlite" "$bin" index --corpus bench "$corpus" --quiet
echo "(re-run, everything cached:)"
SEMBLANCE_CACHE="$work/cache.sqlite" "$bin" index --corpus bench "$corpus" --id-field id --quiet 2>/dev/null \
    || SEMBLANCE_CACHE="$work/cache.sqlite" "$bin" index --corpus bench "$corpus" --quiet
