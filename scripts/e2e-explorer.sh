#!/usr/bin/env bash
# End-to-end test of `semblance explore` in a real terminal (tmux): index a small corpus,
# type a sentence, pin it, type another, and check with capture-pane that the neighbours,
# the matrix and the tokens show the expected texts; keys typed right after `c` stay in the
# corpus list; resize down to a tiny window; quit with Esc and check the terminal modes were
# restored and the pin comes back on the next start; then the same after SIGTERM; Ctrl-Z
# gives the terminal back and `fg` redraws; Ctrl-C exits with 130.
#
# usage: scripts/e2e-explorer.sh [BINARY]      (default .build/release/semblance)
# env:   E2E_CAPTURE=FILE  also write the main screen capture there (for the README)
#        E2E_KEEP=1        keep the work directory for inspection
#        E2E_TRACE=FILE    write a shell trace there
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/e2e-common.sh
e2e_begin e2e-explorer "${1:-}"
e2e_write_corpus "$work/corpus.txt"
step "indexing a corpus of $(wc -l < "$work/corpus.txt") sentences"
"$binary" index --corpus e2e --quiet "$work/corpus.txt" > "$work/index.log"

e2e_open_terminal 132 34
explorer_pid() {
    pgrep -f -- "$binary explore --corpus e2e" | head -n 1
}

step "starting the explorer"
rm -f "$work/status"
run_explorer --corpus e2e
wait_for "Neighbours · e2e" 60
wait_for "cached" 60

step "typing a sentence"
tmux_ send-keys -t e2e -l "A cat naps on the sunny window ledge."
wait_for "The cat is sleeping on the warm window"      # cut at the pane edge: the score context takes room
wait_for "[CLS] A cat naps on the sunny window ledge. [SEP]"      # the tokens pane

step "pinning it and typing another"
tmux_ send-keys -t e2e Enter
wait_for "1 A cat naps"
tmux_ send-keys -t e2e -l "Markets dropped when rates went up."
wait_for "▸ Markets dropped"
wait_for "[CLS] Markets dropped when rates went up. [SEP]"
wait_for "Stock prices fell sharply after the an"
expect_screen "The central bank raised interest rates"
expect_screen "1 A cat naps"                       # the matrix row of the pin
expect_screen "cos(1, ▸)"                           # the selected cell: pin against input
expect_screen "Matrix · 1 pinned"
tmux_ capture-pane -p -t e2e > "$work/capture.txt"
[ -n "${E2E_CAPTURE:-}" ] && cp "$work/capture.txt" "$E2E_CAPTURE"

step "keys right after c go to the corpus list, not the input"
tmux_ send-keys -t e2e Tab Tab                      # the matrix
tmux_ send-keys -t e2e -l "ciabc"
wait_for "Corpora"
tmux_ send-keys -t e2e Escape
wait_gone "Corpora"
tmux_ capture-pane -p -t e2e | head -n 1 | grep -q '^› Markets dropped when rates went up\. *$' \
    || fail "input changed by keys after c: $(tmux_ capture-pane -p -t e2e | head -n 1)"
tmux_ send-keys -t e2e -l "i"                       # back to the input for the resize checks

step "resizing"
tmux_ resize-window -t e2e -x 64 -y 22
wait_for "Tokens · words"
expect_screen "Markets dropped"
tmux_ resize-window -t e2e -x 20 -y 6
wait_for "┌ Neighbours" 5                         # one pane left, the focused one
tmux_ resize-window -t e2e -x 12 -y 3
wait_for "too small" 5
tmux_ resize-window -t e2e -x 132 -y 34
wait_for "Matrix · 1 pinned"

step "quitting with Esc"
tmux_ send-keys -t e2e Escape
wait_for_exit
grep -qx "status=0" "$work/status" || fail "exit $(cat "$work/status") after Esc"
check_restored

step "the pin comes back on the next start; SIGTERM restores the terminal"
rm -f "$work/status"
run_explorer --corpus e2e
wait_for "Neighbours · e2e" 60
wait_for "Matrix · 1 pinned" 30
ls "$XDG_STATE_HOME"/semblance/*.json > /dev/null 2>&1 || fail "no session file under $XDG_STATE_HOME/semblance"
tmux_ send-keys -t e2e -l "rain"
wait_for "[CLS] rain [SEP]"
pid=$(explorer_pid)
[ -n "$pid" ] || fail "cannot find the explorer's process"
kill -TERM "$pid"
wait_for_exit
grep -qx "status=143" "$work/status" || fail "exit $(cat "$work/status") after SIGTERM (want 143)"
check_restored

step "Ctrl-Z gives the terminal back, fg redraws, Ctrl-C exits with 130"
rm -f "$work/status"
run_explorer --corpus e2e
wait_for "Neighbours · e2e" 60
tmux_ send-keys -t e2e -l "snow"
wait_for "[CLS] snow [SEP]"
tmux_ send-keys -t e2e C-z
wait_for "Stopped" 10
[ "$(tmux_ display-message -p -t e2e '#{alternate_on} #{mouse_any_flag}')" = "0 0" ] \
    || fail "alternate screen or mouse mode left on while stopped"
tmux_ send-keys -t e2e "clear; fg" Enter
wait_for "[CLS] snow [SEP]" 10                     # redrawn after fg
tmux_ send-keys -t e2e C-c
wait_for_exit
grep -qx "status=130" "$work/status" || fail "exit $(cat "$work/status") after Ctrl-C (want 130)"
check_restored

echo "e2e-explorer: PASS"
