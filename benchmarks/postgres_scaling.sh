#!/usr/bin/env bash
# Indexing throughput into a PostgreSQL cache on this machine's two cores: one `index` with
# two encoder threads against two `index` runs of the same corpus at once, each pinned to one
# core (taskset; the encoder then runs one thread, OpenBLAS too). Each run indexes the whole
# corpus into a fresh database; the two set-ups alternate, RUNS times each. Prints each run,
# the medians, their ratio, and the encoder's share of each run (100% minus what `index`
# reports outside the encoder). The issue's target: within 15%.
#
#   scripts/test-postgres.sh benchmarks/postgres_scaling.sh [SENTENCES] [RUNS]   (2000, 3)
#
# Needs the default model and a release build (SEMBLANCE_BIN overrides). Figures taken while
# anything else runs are not comparable: check the load lines.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SEMBLANCE_BIN:-.build/release/semblance}
sentences=${1:-2000}
runs=${2:-3}
[ -x "$bin" ] || { echo "postgres_scaling: no binary at $bin (swift build -c release)" >&2; exit 2; }
[ -n "${SEMBLANCE_TEST_POSTGRES:-}" ] || { echo "postgres_scaling: run through scripts/test-postgres.sh" >&2; exit 2; }
command -v taskset >/dev/null || { echo "postgres_scaling: needs taskset (util-linux)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/semblance-scaling.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The STS-B dev sentences, each once, in file order.
python3 - "$sentences" > "$work/corpus.txt" <<'PY'
import csv, sys
seen, out = set(), []
for row in csv.reader(open("Tests/Fixtures/data/stsb-en-dev.csv", encoding="utf-8")):
    for s in row[:2]:
        if s not in seen:
            seen.add(s)
            out.append(s)
print("\n".join(out[: int(sys.argv[1])]))
PY
count=$(grep -c '' "$work/corpus.txt")
export PGOPTIONS="-c client_min_messages=warning"  # no NOTICE for DROP … IF EXISTS
psql_() { "$SEMBLANCE_TEST_POSTGRES_BIN/psql" "$SEMBLANCE_TEST_POSTGRES" -qAtc "$1" >/dev/null; }
now() { date +%s.%N; }
share() { sed -n 's/.*, \([0-9.]*\)% outside the encoder/\1/p' "$1" | awk '{ printf "%s%.1f%%", (NR > 1 ? " / " : ""), 100 - $1 }'; }

one=() two=()
echo "load: $(uptime | sed 's/.*load/load/'); $count sentences; $(nproc) cores"
for ((run = 1; run <= runs; run++)); do
    db="scaling_one_$run"; psql_ "DROP DATABASE IF EXISTS $db"; psql_ "CREATE DATABASE $db"
    url="${SEMBLANCE_TEST_POSTGRES%/*}/$db"
    start=$(now)
    OPENBLAS_NUM_THREADS=2 "$bin" index --corpus sts "$work/corpus.txt" --quiet --cache "$url" > "$work/one.out"
    seconds=$(echo "$(now) - $start" | bc)
    one+=("$seconds")
    echo "run $run: 1 worker × 2 threads: $seconds s (encoder $(share "$work/one.out") of the run)"

    db="scaling_two_$run"; psql_ "DROP DATABASE IF EXISTS $db"; psql_ "CREATE DATABASE $db"
    url="${SEMBLANCE_TEST_POSTGRES%/*}/$db"
    # The schema first, so the two workers do not both wait on its creation.
    "$bin" cache vacuum --cache "$url" > /dev/null
    start=$(now)
    OPENBLAS_NUM_THREADS=1 taskset -c 0 "$bin" index --corpus sts "$work/corpus.txt" --quiet --cache "$url" > "$work/two-a.out" &
    a=$!
    OPENBLAS_NUM_THREADS=1 taskset -c 1 "$bin" index --corpus sts "$work/corpus.txt" --quiet --cache "$url" > "$work/two-b.out" &
    b=$!
    wait "$a"; wait "$b"
    seconds=$(echo "$(now) - $start" | bc)
    two+=("$seconds")
    cat "$work/two-a.out" "$work/two-b.out" > "$work/two.out"
    echo "run $run: 2 workers × 1 thread: $seconds s (encoder $(share "$work/two.out") of each worker's run)"
    psql_ "DROP DATABASE scaling_one_$run"; psql_ "DROP DATABASE scaling_two_$run"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
m1=$(median "${one[@]}") m2=$(median "${two[@]}")
echo "median: 1 worker × 2 threads $m1 s ($(echo "$count / $m1" | bc -l | xargs printf '%.1f') sentences/s);" \
     "2 workers × 1 thread $m2 s ($(echo "$count / $m2" | bc -l | xargs printf '%.1f') sentences/s);" \
     "ratio $(echo "$m2 / $m1" | bc -l | xargs printf '%.3f')"
echo "load: $(uptime | sed 's/.*load/load/')"
