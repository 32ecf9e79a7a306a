#!/usr/bin/env bash
# End-to-end test of the explorer on a PostgreSQL cache in a real terminal (tmux): index a
# small corpus into a fresh database on the test server, explore it (type a sentence, see its
# neighbours, show the map, whose statistics are then stored on the server), quit and check the
# terminal modes were restored and the server holds what it should; then start the explorer
# against a server that is down: one line naming it (never the password), a non-zero exit,
# the terminal restored.
#
# usage: scripts/e2e-explorer-postgres.sh [BINARY]      (default .build/release/semblance)
# env:   SEMBLANCE_TEST_POSTGRES, SEMBLANCE_TEST_POSTGRES_BIN: the server of scripts/test-postgres.sh
#        E2E_KEEP=1  keep the work directory for inspection
set -euo pipefail

cd "$(dirname "$0")/.."
name=e2e-explorer-postgres
binary=$(realpath "${1:-.build/release/semblance}")
[ -x "$binary" ] || { echo "$name: no binary at $binary" >&2; exit 2; }
command -v tmux >/dev/null || { echo "$name: tmux is not installed (make deps)" >&2; exit 2; }
[ -n "${SEMBLANCE_TEST_POSTGRES:-}" ] && [ -x "${SEMBLANCE_TEST_POSTGRES_BIN:-}/psql" ] \
    || { echo "$name: no test server (run through scripts/test-postgres.sh)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/semblance-e2e-pg.XXXXXX")
server="semblance-e2e-pg-$$"
database="e2e_explore_$$"
tmux_() { tmux -L "$server" "$@"; }
psql_() { "$SEMBLANCE_TEST_POSTGRES_BIN/psql" "$1" -qAtc "$2"; }
server_pid=""
cleanup() {
    tmux_ kill-server 2>/dev/null || true
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null || true; fi
    psql_ "$SEMBLANCE_TEST_POSTGRES" "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true
    if [ "${E2E_KEEP:-0}" = 1 ]; then echo "$name: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

fail() {
    echo "$name: FAIL: $*" >&2
    echo "---- last screen ----" >&2
    tmux_ capture-pane -p -t e2e >&2 || true
    exit 1
}
step() { echo "$name: $*"; }
wait_for() {
    local needle=$1 limit=${2:-20} waited=0
    while ! tmux_ capture-pane -p -t e2e | grep -qF -- "$needle"; do
        sleep 0.2
        waited=$((waited + 1))
        [ $waited -ge $((limit * 5)) ] && fail "screen never showed: $needle"
    done
    return 0
}

psql_ "$SEMBLANCE_TEST_POSTGRES" "CREATE DATABASE $database" >/dev/null
url="${SEMBLANCE_TEST_POSTGRES%/*}/$database"
password=${SEMBLANCE_TEST_POSTGRES#*://*:}
password=${password%%@*}

export XDG_DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
export SEMBLANCE_CACHE="$url" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" \
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
step "indexing into $database on the test server"
"$binary" index --corpus e2e --quiet "$work/corpus.txt" > "$work/index.log"

tmux_ -f /dev/null new-session -d -s e2e -x 132 -y 40 "env PS1='e2e\$ ' bash --norc --noprofile"
tmux_ set-option -t e2e status off
server_pid=$(tmux_ display-message -p -t e2e '#{pid}')
run_explorer() {  # run_explorer CACHE ARGS…: the explorer on CACHE; its status and stty go to files
    rm -f "$work/status" "$work/stty.after"
    local cache=$1
    shift
    cat > "$work/run.sh" <<RUN
stty -g > '$work/stty.before'
SEMBLANCE_CACHE='$cache' TERM=xterm-256color '$binary' explore $* 2> '$work/explore.stderr'
code=\$?
stty -g > '$work/stty.after'
echo "status=\$code" > '$work/status'
RUN
    tmux_ send-keys -t e2e "clear; bash '$work/run.sh'" Enter
}
wait_exit() {
    local waited=0
    while [ ! -s "$work/status" ]; do
        sleep 0.2
        waited=$((waited + 1))
        [ $waited -ge 150 ] && fail "the explorer did not exit"
    done
    cmp -s "$work/stty.before" "$work/stty.after" || fail "terminal modes not restored"
}

step "the explorer opens the server's corpus and finds neighbours"
run_explorer "$url" --corpus e2e -k 4
wait_for "Neighbours · e2e" 60
tmux_ send-keys -t e2e -l "Markets dropped when rates went up."
wait_for "Stock prices fell sharply" 30
wait_for "central bank raised interest" 10

step "F2 shows the map (its statistics computed and kept on the server)"
tmux_ send-keys -t e2e F2
wait_for "of variance" 60
tmux_ capture-pane -p -t e2e | grep -qi 'nan' && fail "NaN on screen"
[ -n "$password" ] && tmux_ capture-pane -p -t e2e | grep -qF -- "$password" && fail "the password is on screen"
tmux_ send-keys -t e2e F2

step "Esc quits and restores the terminal"
tmux_ send-keys -t e2e Escape
wait_exit
grep -qx "status=0" "$work/status" || fail "exit $(cat "$work/status") after Esc: $(cat "$work/explore.stderr")"
wait_for "e2e\$" 5

step "the server holds the corpus, its packed matrix and the statistics"
[ "$(psql_ "$url" "SELECT count(*) FROM items")" = 8 ] || fail "items: $(psql_ "$url" "SELECT count(*) FROM items")"
[ "$(psql_ "$url" "SELECT count(*) FROM corpus_matrices WHERE checksum IS NOT NULL AND item_count = 8")" = 1 ] \
    || fail "no current packed matrix"
[ "$(psql_ "$url" "SELECT count(*) > 0 FROM corpus_statistics")" = t ] || fail "no statistics stored on the server"

step "a server that is down: one line naming it, never the password, the terminal restored"
run_explorer "postgresql://ann:Secret-9@127.0.0.1:1/class" --corpus e2e
wait_exit
grep -qx "status=0" "$work/status" && fail "exit 0 with the server down"
[ "$(grep -c '' "$work/explore.stderr")" = 1 ] || fail "not one line: $(cat "$work/explore.stderr")"
grep -qF "127.0.0.1:1/class" "$work/explore.stderr" || fail "the server is not named: $(cat "$work/explore.stderr")"
grep -qF "Secret-9" "$work/explore.stderr" && fail "the password leaked: $(cat "$work/explore.stderr")"

echo "$name: PASS"
