#!/usr/bin/env bash
# End-to-end test of `semblance explore --against B`, `e` and `--replay` in a real terminal
# (tmux): index a small corpus for the default model (A) and the tiny fixture model (B) from
# the same file, type and pin with both columns showing, check B's column, its move marks
# and B's cosine on the matrix' cell line; export with e and parse both files with Python's
# csv and json; quit; replay the export and check that its export holds the same numbers.
#
# usage: scripts/e2e-explorer-compare.sh [BINARY]      (default .build/release/semblance)
# env:   E2E_KEEP=1  keep the work directory for inspection
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/e2e-common.sh
e2e_begin e2e-compare "${1:-}"
model_b=$(realpath Tests/Fixtures/models/tiny-bert-mean)
mkdir -p "$work/exports" "$work/replayed"
e2e_write_corpus "$work/corpus.txt"
step "indexing the corpus for both models"
"$binary" index --corpus e2e --quiet "$work/corpus.txt"
"$binary" index --corpus e2e-tiny --model "$model_b" --quiet "$work/corpus.txt"

e2e_open_terminal 140 34

step "starting with --against the tiny model"
run_explorer --corpus e2e --against "'$model_b'" --export-dir "'$work/exports'"
wait_for "Neighbours · e2e" 60
wait_for "cached" 60

step "typing: both columns, moves marked"
tmux_ send-keys -t e2e -l "A cat naps on the sunny window ledge."
wait_for "vs tiny-bert-mean · ∩8"                   # k=30 > 8 items: both list all 8
wait_for "The cat is sleeping on"
# B's column: every row starts with a move mark (=, ↑n or ↓n) before its score.
tmux_ capture-pane -p -t e2e | grep -qE '(=|↑[0-9]|↓[0-9]) +-?[0-9]\.[0-9]{3} ' || fail "no marked row in B's column"

step "pinning; the cell line shows both cosines"
tmux_ send-keys -t e2e Enter
wait_for "1 A cat naps"
tmux_ send-keys -t e2e -l "Markets dropped when rates went up."
wait_for "▸ Markets dropped"
wait_for "Stock prices fell shar"
wait_for "cos(1, ▸) = "
tmux_ capture-pane -p -t e2e | grep -qE 'cos\(1, ▸\) = -?[0-9]\.[0-9]{3}( · [^·]+)? · B -?[0-9]\.[0-9]{3}' || fail "the cell line lacks B's cosine"

step "e exports the view; the files parse"
tmux_ send-keys -t e2e Tab
tmux_ send-keys -t e2e -l "e"
wait_for "exported semblance-export-" 10
json=$(ls "$work/exports"/*.json)
csv=$(ls "$work/exports"/*.csv)
[ "$(ls "$work/exports" | wc -l)" = 2 ] || fail "exports: $(ls "$work/exports")"
if command -v python3 >/dev/null; then
    python3 - "$json" "$csv" <<'PY' || fail "the export does not parse"
import csv, json, sys
export = json.load(open(sys.argv[1], encoding="utf-8"))
assert export["format"] == "semblance-explorer-export", export["format"]
assert export["model"] == "all-MiniLM-L6-v2" and export["model_b"] == "tiny-bert-mean"
assert len(export["neighbours"]) == 8 and len(export["neighbours_b"]) == 8 and export["overlap"] == 8
assert export["session"]["pins"] == ["A cat naps on the sunny window ledge."]
assert export["session"]["input"] == "Markets dropped when rates went up."
assert len(export["matrix"]["cosines"]) == 2 and len(export["matrix"]["cosines_b"]) == 2
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
sections = {row["section"] for row in rows}
assert sections == {"neighbours", "neighbours_b", "matrix", "token_shares"}, sections
first = [row for row in rows if row["section"] == "neighbours"][0]
assert float(first["value"]) == export["neighbours"][0]["score"]
# index computed the corpus's statistics: every neighbour of model A has its percentile.
assert export["percentiles"] == {"pairs": 28, "sampled": False, "centred": False}, export["percentiles"]
for row in export["neighbours"]:
    assert 0 <= row["percentile"] <= 100 and row["score_context"].split()[0] in ("top", "bottom"), row
assert all(row["percentile"] is None for row in export["neighbours_b"])
assert float(first["percentile"]) == export["neighbours"][0]["percentile"]
PY
    step "python3 parsed the JSON and the CSV"
else
    step "SKIPPED the python3 parse of the exports: python3 is not installed"
fi
tmux_ send-keys -t e2e Escape
wait_for_exit
grep -qx "status=0" "$work/status" || fail "exit $(cat "$work/status") after Esc"
cmp -s "$work/stty.before" "$work/stty.after" || fail "terminal modes not restored"

step "replaying the export reproduces its numbers"
run_explorer --replay "'$json'" --against "'$model_b'" --export-dir "'$work/replayed'"
wait_for "replaying: 1 pin" 60
wait_for "1 A cat naps" 30
wait_for "› Markets dropped when rates went up." 10
wait_for "vs tiny-bert-mean · ∩8" 30
wait_for "cos(1, ▸) = " 30
tmux_ send-keys -t e2e Tab
tmux_ send-keys -t e2e -l "e"
wait_for "exported semblance-export-" 10
cmp -s "$json" "$work/replayed"/*.json || fail "the replay's export differs: $(diff "$json" "$work/replayed"/*.json | head -5)"
cmp -s "$csv" "$work/replayed"/*.csv || fail "the replay's CSV differs"
tmux_ send-keys -t e2e Escape
wait_for_exit
grep -qx "status=0" "$work/status" || fail "exit $(cat "$work/status") after the replay"
[ ! -e "$XDG_STATE_HOME/semblance" ] || [ -z "$(ls "$XDG_STATE_HOME/semblance" | grep -v -- '--e2e-' || true)" ] \
    || fail "unexpected session files: $(ls "$XDG_STATE_HOME/semblance")"

echo "e2e-compare: PASS"
