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
binary=$(realpath "${1:-.build/release/semblance}")
[ -x "$binary" ] || { echo "e2e-explorer-space: no binary at $binary" >&2; exit 2; }
command -v tmux >/dev/null || { echo "e2e-explorer-space: tmux is not installed (make deps)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/semblance-e2e-space.XXXXXX")
server="semblance-e2e-space-$$"
tmux_() { tmux -L "$server" "$@"; }
server_pid=""
cleanup() {
    tmux_ kill-server 2>/dev/null || true
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null || true; fi
    if [ "${E2E_KEEP:-0}" = 1 ]; then echo "e2e-explorer-space: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

fail() {
    echo "e2e-explorer-space: FAIL: $*" >&2
    echo "---- last screen ----" >&2
    tmux_ capture-pane -p -t e2e >&2 || true
    exit 1
}
step() { echo "e2e-explorer-space: $*"; }
wait_for() {
    local needle=$1 limit=${2:-20} waited=0
    while ! tmux_ capture-pane -p -t e2e | grep -qF -- "$needle"; do
        sleep 0.2
        waited=$((waited + 1))
        [ $waited -ge $((limit * 5)) ] && fail "screen never showed: $needle"
    done
    return 0
}
wait_gone() {
    local waited=0
    while tmux_ capture-pane -p -t e2e | grep -qF -- "$1"; do
        sleep 0.2
        waited=$((waited + 1))
        [ $waited -ge 50 ] && fail "screen still shows: $1"
    done
    return 0
}

export XDG_DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
export SEMBLANCE_CACHE="$work/cache.sqlite" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" \
    XDG_STATE_HOME="$work/state" HOME="$work/home"
mkdir -p "$HOME"
cat > "$work/corpus.txt" <<'CORPUS'
The cat is sleeping on the warm windowsill.
A dog barks at the postman every morning.
Stock prices fell sharply after the announcement.
The central bank raised interest rates again.
Heavy rain is expected in the city tonight.
Bake the bread for forty minutes at two hundred degrees.
The football match ended in a draw.
Astronomers found a new planet around a distant star.
CORPUS
step "indexing"
"$binary" index --corpus e2e --quiet "$work/corpus.txt" > "$work/index.log"

tmux_ -f /dev/null new-session -d -s e2e -x 132 -y 40 "env PS1='e2e\$ ' bash --norc --noprofile"
tmux_ set-option -t e2e status off
server_pid=$(tmux_ display-message -p -t e2e '#{pid}')
run_explorer() {
    rm -f "$work/status" "$work/stty.after"
    cat > "$work/run.sh" <<RUN
stty -g > '$work/stty.before'
TERM=xterm-256color '$binary' explore --corpus e2e -k 4 $*
code=\$?
stty -g > '$work/stty.after'
echo "status=\$code" > '$work/status'
RUN
    tmux_ send-keys -t e2e "clear; bash '$work/run.sh'" Enter
}
quit_and_check() {
    tmux_ send-keys -t e2e Escape
    local waited=0
    while [ ! -s "$work/status" ]; do
        sleep 0.2
        waited=$((waited + 1))
        [ $waited -ge 100 ] && fail "the explorer did not exit"
    done
    grep -qx "status=0" "$work/status" || fail "exit $(cat "$work/status") after Esc"
    cmp -s "$work/stty.before" "$work/stty.after" || fail "terminal modes not restored"
    wait_for "e2e\$" 5
}

step "neighbours show their place among the corpus's pairs"
run_explorer
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
run_explorer --centre
wait_for "Neighbours · e2e" 60
tmux_ send-keys -t e2e -l "Markets dropped when rates went up."
wait_for "· centred" 30
wait_for "Stock prices fell sharply" 30
quit_and_check

echo "e2e-explorer-space: PASS"
