#!/usr/bin/env bash
# End-to-end test of the explorer's teaching views in a real terminal (tmux), with the real
# binary and the default model: pin two pairs and open the MNRL view (L), re-pair (r), pin an
# odd fifth sentence (it waits for its pair), walk the input through the pipeline in
# step-through (S, arrows, Esc leaves the input as it was), open the layers view (Y) and move
# its token shares' layer ([ and ]); swap the pairs (s), quit with Esc and check the terminal
# modes were restored, then start again: the pins come back paired as they were left; T trains
# a copy of the model on them (the MNRL loss falls), W writes it, and the written model opens
# with --against its base.
#
# usage: scripts/e2e-teaching.sh [BINARY]      (default .build/release/semblance)
# env:   E2E_CAPTURE=FILE  also write the MNRL screen capture there (for the README)
#        E2E_KEEP=1        keep the work directory for inspection
#        E2E_TRACE=FILE    write a shell trace there
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/e2e-common.sh
e2e_begin e2e-teaching "${1:-}"
cat > "$work/corpus.txt" <<'CORPUS'
The cat is sleeping on the warm windowsill.
Stock prices fell sharply after the announcement.
Heavy rain is expected in the city tonight.
CORPUS
"$binary" index --corpus teach --quiet "$work/corpus.txt" > "$work/index.log"

e2e_open_terminal 132 34
run_explorer --corpus teach
wait_for "Neighbours · teach" 60

pin() {
    tmux_ send-keys -t e2e -l "$1"
    wait_for "${3:-[CLS] $1 [SEP]}"                # encoded: the tokens pane, or what $3 says
    tmux_ send-keys -t e2e Enter
    wait_for "Matrix · $2 pinned"
}
step "pinning two (anchor, positive) pairs"
pin "She plays the guitar." 1
pin "He owns a musical instrument." 2
pin "Stocks fell today." 3
pin "Markets dropped sharply." 4

step "the MNRL view (L) shows the batch"
tmux_ send-keys -t e2e Tab                       # out of the input: letters are commands
tmux_ send-keys -t e2e -l "L"
wait_for "MNRL loss · pins as (anchor, positive)"
wait_for "2 pairs · cosine × 20 · mean loss"
expect_screen "1→2"
expect_screen "3→4"
tmux_ capture-pane -p -t e2e > "$work/capture.txt"
[ -n "${E2E_CAPTURE:-}" ] && cp "$work/capture.txt" "$E2E_CAPTURE"

step "re-pairing (r in the MNRL view) gives each anchor the other positive"
tmux_ send-keys -t e2e Tab Tab                   # the tokens pane's place, showing MNRL
tmux_ send-keys -t e2e -l "r"
wait_for "1→4"
expect_screen "3→2"
tmux_ send-keys -t e2e -l "r"
wait_for "1→2"

step "an odd fifth pin waits for its pair"
tmux_ send-keys -t e2e -l "i"
pin "Rain is coming." 5 "▸ Rain is coming."   # the MNRL view hides the tokens
wait_for "pin 5 waits for its pair"

step "step-through (S) walks the frozen input through the pipeline"
tmux_ send-keys -t e2e -l "The Guitar sings."
wait_for "▸ The Guitar sings."
tmux_ send-keys -t e2e Tab
tmux_ send-keys -t e2e -l "S"
wait_for "Step 1/8 · Text"
wait_for "“The Guitar sings.”"
tmux_ send-keys -t e2e Right
wait_for "Step 2/8 · Normalised text"
wait_for "“the guitar sings.”"
tmux_ send-keys -t e2e Right
wait_for "[the] [guitar] [sings] [.]"
tmux_ send-keys -t e2e Right
wait_for "[CLS]·101"
tmux_ send-keys -t e2e Right
wait_for "Token norms, layer by layer"
tmux_ send-keys -t e2e End
wait_for "Step 8/8 · The score"
wait_for "cosine = "
tmux_ send-keys -t e2e -l "xyz"                   # typing is frozen meanwhile
tmux_ send-keys -t e2e Escape
wait_gone "Step 8/8"
tmux_ capture-pane -p -t e2e | head -n 1 | grep -q '^› The Guitar sings\. *$' \
    || fail "input changed by step-through: $(tmux_ capture-pane -p -t e2e | head -n 1)"

step "the layers view (Y) walks the selected pair"
tmux_ send-keys -t e2e -l "Y"
wait_for "Layers · cosine after each layer"
wait_for "  emb "
expect_screen "mean pooling · layer 6 shares"
expect_screen "▸   6 "                               # the shares' layer is marked

step "[ and ] pick the layer of the token shares"
tmux_ send-keys -t e2e -l "["
wait_for "mean pooling · layer 5 shares"
expect_screen "▸   5 "
expect_screen "layers: token shares at layer 5 of 6"
tmux_ send-keys -t e2e -l "[[[[["
wait_for "mean pooling · embedding layer shares"
expect_screen "▸ emb "
tmux_ send-keys -t e2e -l "["
wait_for "layers: the embedding layer is the first"
tmux_ send-keys -t e2e -l "]]]]]]"
wait_for "mean pooling · layer 6 shares"
expect_screen "▸   6 "

step "the MNRL pairing is kept with the session"
tmux_ send-keys -t e2e -l "L"
wait_for "MNRL loss · pins as (anchor, positive)"
tmux_ send-keys -t e2e Tab Tab                   # neighbours → matrix → the MNRL view
tmux_ send-keys -t e2e -l "s"
wait_for "2→1"
expect_screen "4→3"

step "quitting with Esc"
quit_and_check

step "the next start pairs the pins as they were left"
mkdir -p "$work/exports"
run_explorer --corpus teach --export-dir "'$work/exports'"
wait_for "Matrix · 5 pinned" 60
tmux_ send-keys -t e2e Tab
tmux_ send-keys -t e2e -l "L"
wait_for "2→1"
expect_screen "4→3"
expect_screen "pin 5 waits for its pair"
# Wrong pairs on purpose (r): a loss well above 0 for the training to bring down.
tmux_ send-keys -t e2e Tab Tab
tmux_ send-keys -t e2e -l "r"
wait_for "2→3"
wait_for "2 pairs · cosine × 20 · mean loss"
mean_loss() { tmux_ capture-pane -p -t e2e | grep -o "mean loss [0-9.]*" | head -n 1 | awk '{print $3}'; }
before=$(mean_loss)

step "T trains a copy on the pinned pairs; the MNRL view follows it"
tmux_ send-keys -t e2e -l "T"
wait_for "trained copy +8 steps" 300
wait_for "trained a copy: 8 steps" 10
after=$(mean_loss)
awk -v a="$after" -v b="$before" 'BEGIN { exit !(a < b) }' || fail "the MNRL loss did not fall: $before → $after"
step "MNRL mean loss $before → $after"

step "W writes the trained copy beside the exports"
tmux_ send-keys -t e2e -l "W"
wait_for "saved the trained copy" 120
quit_and_check
saved=$(ls -d "$work/exports"/semblance-trained-* | head -n 1)
[ -f "$saved/config.json" ] && [ -f "$saved/README.md" ] || fail "no trained model in $saved: $(ls "$saved")"
grep -q "fine-tuned by semblance train" "$saved/README.md" || fail "no model card in $saved"

step "the trained copy opens --against its base"
"$binary" index --corpus teach-trained --model "$saved" --quiet "$work/corpus.txt" > "$work/index-trained.log"
# The base by path when the caller names it (the test suite's private home has no installed
# models), else by its installed name.
base=${SEMBLANCE_MODEL:-all-MiniLM-L6-v2}
run_explorer --corpus teach-trained --model "'$saved'" --against "'$base'"
wait_for "Neighbours · teach-trained" 60
tmux_ send-keys -t e2e -l "A cat naps on the sunny window ledge."
wait_for "vs all-MiniLM-L6-v2 · ∩3" 60
quit_and_check
echo "e2e-teaching: PASS"
