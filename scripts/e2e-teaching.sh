#!/usr/bin/env bash
# End-to-end test of the explorer's teaching views in a real terminal (tmux), with the real
# binary and the default model: pin two pairs and open the MNRL view (L), re-pair (r), pin an
# odd fifth sentence (it waits for its pair), walk the input through the pipeline in
# step-through (S, arrows, Esc leaves the input as it was), open the layers view (Y); quit
# with Esc and check the terminal modes were restored.
#
# usage: scripts/e2e-teaching.sh [BINARY]      (default .build/release/semblance)
# env:   E2E_CAPTURE=FILE  also write the MNRL screen capture there (for the README)
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
[ -x "$binary" ] || { echo "e2e-teaching: no binary at $binary (swift build -c release --product semblance)" >&2; exit 2; }
command -v tmux >/dev/null || { echo "e2e-teaching: tmux is not installed (make deps)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/semblance-teach.XXXXXX")
server="semblance-teach-$$"
tmux_() { tmux -L "$server" "$@"; }
server_pid=""
cleanup() {
    tmux_ kill-server 2>/dev/null || true
    # A server that cannot die (signals blocked by whoever started us) must not outlive the test.
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null || true; fi
    if [ "${E2E_KEEP:-0}" = 1 ]; then echo "e2e-teaching: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

fail() {
    echo "e2e-teaching: FAIL: $*" >&2
    echo "---- last screen ----" >&2
    tmux_ capture-pane -p -t e2e >&2 || true
    exit 1
}
step() { echo "e2e-teaching: $*"; }

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
Stock prices fell sharply after the announcement.
Heavy rain is expected in the city tonight.
CORPUS
"$binary" index --corpus teach --quiet "$work/corpus.txt" > "$work/index.log"

tmux_ -f /dev/null new-session -d -s e2e -x 132 -y 34 "env PS1='e2e\$ ' bash --norc --noprofile"
tmux_ set-option -t e2e status off
server_pid=$(tmux_ display-message -p -t e2e '#{pid}')
cat > "$work/run.sh" <<RUN
stty -g > '$work/stty.before'
TERM=xterm-256color '$binary' explore --corpus teach
code=\$?
stty -g > '$work/stty.after'
echo "status=\$code" > '$work/status'
RUN
tmux_ send-keys -t e2e "clear; bash '$work/run.sh'" Enter
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

step "quitting with Esc"
tmux_ send-keys -t e2e Escape
waited=0
while [ ! -s "$work/status" ]; do
    sleep 0.2
    waited=$((waited + 1))
    [ $waited -ge 100 ] && fail "the explorer did not exit"
done
grep -qx "status=0" "$work/status" || fail "exit $(cat "$work/status") after Esc"
cmp -s "$work/stty.before" "$work/stty.after" || fail "terminal modes not restored"
echo "e2e-teaching: PASS"
