#!/bin/sh
# Training speed side by side: `semblance bench train` and benchmarks/torch_train_bench.py on
# the same pairs (STS-B train pairs with gold score >= 4, written to a scratch file), the same
# model, batch and steps, alternated ROUNDS times (default 2) so that a change in the machine's
# load shows in both; then the ratio of the medians.
#
#   benchmarks/train.sh [--model DIR] [--batch-size 32] [--steps 10] [--passes 3] [--no-dropout]
#
# Every argument goes to both sides. PyTorch gets torch.set_num_threads(2), semblance its
# default (all cores; OpenBLAS as many threads). Check the load lines: figures taken while
# anything else runs are noisy.
set -eu
cd "$(dirname "$0")/.."
BIN=${SEMBLANCE_BIN:-.build/release/semblance}
[ -n "${SEMBLANCE_BIN:-}" ] || swift build -c release --product semblance >&2
scratch=$(mktemp -d "${TMPDIR:-/tmp}/semblance-train-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
python3 - "$scratch/pairs.csv" <<'PY'
import csv, sys
rows = csv.reader(open("Tests/Fixtures/data/stsb-en-train.csv", encoding="utf-8", newline=""))
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["anchor", "positive"])
    writer.writerows((a, b) for a, b, s in rows if float(s) >= 4)
PY
round=1
while [ "$round" -le "${ROUNDS:-2}" ]; do
    echo "== round $round: semblance ($(uptime | sed 's/.*load/load/'))"
    "$BIN" bench train --pairs "$scratch/pairs.csv" "$@" | tee -a "$scratch/semblance.out"
    echo "== round $round: pytorch ($(uptime | sed 's/.*load/load/'))"
    python3 benchmarks/torch_train_bench.py --pairs "$scratch/pairs.csv" "$@" 2> "$scratch/torch.err" \
        | tee -a "$scratch/torch.out" || { cat "$scratch/torch.err" >&2; exit 1; }
    round=$((round + 1))
done
python3 - "$scratch/semblance.out" "$scratch/torch.out" <<'PY'
import re, statistics, sys
def medians(path):
    return [float(m) for m in re.findall(r"median ([\d.]+) pairs/s", open(path).read())]
ours, theirs = medians(sys.argv[1]), medians(sys.argv[2])
print(f"semblance {statistics.median(ours):.1f} pairs/s, PyTorch {statistics.median(theirs):.1f} pairs/s "
      f"(medians over rounds): {statistics.median(ours) / statistics.median(theirs):.2f}x (target >= 1.5x)")
PY
