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
if [ -n "${E2E_TRACE:-}" ]; then
    exec 19>>"$E2E_TRACE"
    BASH_XTRACEFD=19
    set -x
fi

cd "$(dirname "$0")/.."
binary=$(realpath "${1:-.build/release/semblance}")
[ -x "$binary" ] || { echo "e2e-explorer: no binary at $binary (swift build -c release --product semblance)" >&2; exit 2; }
command -v tmux >/dev/null || { echo "e2e-explorer: tmux is not installed (make deps)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/semblance-e2e.XXXXXX")
server="semblance-e2e-$$"
tmux_() { tmux -L "$server" "$@"; }
server_pid=""
cleanup() {
    tmux_ kill-server 2>/dev/null || true
    # A server that cannot die (signals blocked by whoever started us) must not outlive the test.
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null || true; fi
    if [ "${E2E_KEEP:-0}" = 1 ]; then echo "e2e-explorer: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

fail() {
    echo "e2e-explorer: FAIL: $*" >&2
    echo "---- last screen ----" >&2
    tmux_ capture-pane -p -t e2e >&2 || true
    exit 1
}
step() { echo "e2e-explorer: $*"; }

# Waits (up to $2 seconds, default 20) until the screen contains the fixed string $1.
wait_for() {
    local needle=$1 limit=${2:-20} waited=0
    while ! tmux_ capture-pane -p -t e2e | grep -qF -- "$needle"; do
        sleep 0.2
        waited=$((waited + 1))
        [ $waited -ge $((limit * 5)) ] && fail "screen never showed: $needle"
    done
    return 0
}
# Waits (up to 10 seconds) until the screen no longer contains the fixed string $1.
wait_gone() {
    local waited=0
    while tmux_ capture-pane -p -t e2e | grep -qF -- "$1"; do
        sleep 0.2
        waited=$((waited + 1))
        [ $waited -ge 50 ] && fail "screen still shows: $1"
    done
    return 0
}
expect_screen() {
    tmux_ capture-pane -p -t e2e | grep -qF -- "$1" || fail "screen does not show: $1"
}

# A private cache, config and corpus: nothing of the user's is read or written.
export XDG_DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"   # the installed model, before HOME moves
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
step "indexing a corpus of $(wc -l < "$work/corpus.txt") sentences"
"$binary" index --corpus e2e --quiet "$work/corpus.txt" > "$work/index.log"

# A login-free shell in a fixed-size window; the explorer runs inside it so the shell can
# record the terminal modes before and after.
tmux_ -f /dev/null new-session -d -s e2e -x 132 -y 34 "env PS1='e2e\$ ' bash --norc --noprofile"
tmux_ set-option -t e2e status off
server_pid=$(tmux_ display-message -p -t e2e '#{pid}')
run_explorer() {
    # A wrapper script is the shell's job, so Ctrl-Z stops it whole and `fg` continues it.
    # The status file is written last, so once it exists stty.after is complete.
    rm -f "$work/stty.after"
    cat > "$work/run.sh" <<RUN
stty -g > '$work/stty.before'
TERM=xterm-256color '$binary' explore --corpus e2e
code=\$?
stty -g > '$work/stty.after'
echo "status=\$code" > '$work/status'
RUN
    tmux_ send-keys -t e2e "clear; bash '$work/run.sh'" Enter
}
explorer_pid() {
    pgrep -f -- "$binary explore --corpus e2e" | head -n 1
}
wait_for_exit() {
    local waited=0
    while [ ! -s "$work/status" ]; do
        sleep 0.2
        waited=$((waited + 1))
        [ $waited -ge 100 ] && fail "the explorer did not exit"
    done
    return 0
}
check_restored() {
    cmp -s "$work/stty.before" "$work/stty.after" || fail "terminal modes not restored: $(cat "$work/stty.before") → $(cat "$work/stty.after")"
    wait_for "e2e\$" 5
}

step "starting the explorer"
rm -f "$work/status"
run_explorer
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
run_explorer
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
run_explorer
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
