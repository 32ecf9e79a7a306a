#!/usr/bin/env bash
# End-to-end test of the explorer's corpus space keys in a real terminal (tmux): index a
# small corpus, type a sentence and check the neighbours carry their place among the
# corpus's pairs; show the map (F2) and check its title gives the explained variance; turn
# centring on and off (F3); open the numbers' explanation (F4); hide the map; quit and check
# the terminal modes were restored; then start with --centre and see it on at once.
#
# usage: scripts/e2e-explorer-space.sh [BINARY]      (default .build/release/semblance)
# env:   E2E_KEEP=1  keep the work directory for inspection
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/e2e-common.sh
e2e_begin e2e-explorer-space "${1:-}"
e2e_write_corpus "$work/corpus.txt"
step "indexing"
"$binary" index --corpus e2e --quiet "$work/corpus.txt" > "$work/index.log"

e2e_open_terminal 132 40

step "neighbours show their place among the corpus's pairs"
run_explorer --corpus e2e -k 4
wait_for "Neighbours · e2e" 60
tmux_ send-keys -t e2e -l "Markets dropped when rates went up."
wait_for "Stock prices fell sharply"
wait_for " top " 30

step "F2 shows the map with the variance its axes explain"
tmux_ send-keys -t e2e F2
wait_for "of variance" 30
wait_for "● input" 10
# Braille cells U+2801–U+28FF are the bytes E2 A0–A3 in UTF-8: matched bytewise, whatever the locale.
tmux_ capture-pane -p -t e2e | LC_ALL=C grep -q $'\xe2[\xa0-\xa3]' || fail "no braille dots on the map"
tmux_ capture-pane -p -t e2e | grep -qi 'nan' && fail "NaN on screen"

step "F3 turns centring on and off"
tmux_ send-keys -t e2e F3
wait_for "· centred" 10
wait_for "centring on" 10
tmux_ send-keys -t e2e F3
wait_gone "· centred"

step "F4 explains the numbers"
tmux_ send-keys -t e2e F4
wait_for "What the numbers mean" 10
wait_for "pairs of e2e's 8 items" 10
tmux_ send-keys -t e2e Escape
wait_gone "What the numbers mean"

step "F2 hides the map"
tmux_ send-keys -t e2e F2
wait_gone "of variance"
wait_for "Stock prices fell sharply"
quit_and_check

step "--centre starts with centring on"
run_explorer --corpus e2e -k 4 --centre
wait_for "Neighbours · e2e" 60
tmux_ send-keys -t e2e -l "Markets dropped when rates went up."
wait_for "· centred" 30
wait_for "Stock prices fell sharply" 30
quit_and_check

echo "e2e-explorer-space: PASS"
