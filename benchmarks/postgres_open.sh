#!/usr/bin/env bash
# Opening a 100,000-item corpus for search: a SQLite cache (its matrix file mapped) beside a
# PostgreSQL cache read from its packed matrix (schema 3) and, as the old path, from its rows
# one per item (a role that may only read, with the packed copy removed). Medians of
# `semblance bench search --open-corpus`, in one run. The issue's target: ≤ 1 s from a local server.
#
#   scripts/test-postgres.sh benchmarks/postgres_open.sh [ITEMS] [REPEATS]   (100000, 15 → median of 5)
#
# Needs the default model and a release build (SEMBLANCE_BIN overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SEMBLANCE_BIN:-.build/release/semblance}
items=${1:-100000}
repeats=${2:-15}
[ -x "$bin" ] || { echo "postgres_open: no binary at $bin (swift build -c release)" >&2; exit 2; }
[ -n "${SEMBLANCE_TEST_POSTGRES:-}" ] || { echo "postgres_open: run through scripts/test-postgres.sh" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/semblance-open.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PGOPTIONS="-c client_min_messages=warning"  # no NOTICE for DROP … IF EXISTS
psql_() { "$SEMBLANCE_TEST_POSTGRES_BIN/psql" "$1" -qAtc "$2" >/dev/null; }
psql_ "$SEMBLANCE_TEST_POSTGRES" "DROP DATABASE IF EXISTS bench_open"
psql_ "$SEMBLANCE_TEST_POSTGRES" "CREATE DATABASE bench_open"
url="${SEMBLANCE_TEST_POSTGRES%/*}/bench_open"
sqlite="$work/cache.sqlite"
echo "one line" > "$work/one.txt"
"$bin" index --corpus one "$work/one.txt" --quiet --cache "$sqlite" > /dev/null
"$bin" index --corpus one "$work/one.txt" --quiet --cache "$url" > /dev/null
python3 scripts/bench-postgres-open.py "$sqlite" "$url" "$items"

echo "load: $(uptime | sed 's/.*load/load/')"
"$bin" bench search --open-corpus big --repeats "$repeats" --cache "$sqlite"
"$bin" bench search --open-corpus big --repeats "$repeats" --cache "$url"
# The rows path: a role that may only read opens from the rows, the packed copy removed.
psql_ "$url" "DELETE FROM corpus_matrices"
psql_ "$SEMBLANCE_TEST_POSTGRES" "DROP ROLE IF EXISTS bench_reader; CREATE ROLE bench_reader LOGIN PASSWORD 'bench-pw'"
psql_ "$url" "GRANT SELECT ON ALL TABLES IN SCHEMA public TO bench_reader"
"$bin" bench search --open-corpus big --repeats "$repeats" --cache "${url/semblance:semblance-test@/bench_reader:bench-pw@}"
echo "load: $(uptime | sed 's/.*load/load/')"
psql_ "$SEMBLANCE_TEST_POSTGRES" "DROP DATABASE bench_open"
psql_ "$SEMBLANCE_TEST_POSTGRES" "DROP ROLE bench_reader"
