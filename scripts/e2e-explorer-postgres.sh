#!/usr/bin/env bash
# End-to-end test of the explorer on a PostgreSQL cache in a real terminal (tmux): index a
# small corpus into a fresh database on the test server, explore it (type a sentence, see its
# neighbours, show the map, whose statistics are then stored on the server), quit and check the
# terminal modes were restored and the server holds what it should; then start the explorer
# against a server that is down: one line naming it (never the password), a non-zero exit,
# the terminal restored.
#
# usage: scripts/test-postgres.sh scripts/e2e-explorer-postgres.sh [BINARY]   (default .build/release/semblance)
# env:   SEMBLANCE_TEST_POSTGRES, SEMBLANCE_TEST_POSTGRES_BIN: the server scripts/test-postgres.sh starts
#        E2E_KEEP=1  keep the work directory for inspection
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${SEMBLANCE_TEST_POSTGRES:-}" ] && [ -x "${SEMBLANCE_TEST_POSTGRES_BIN:-}/psql" ] \
    || { echo "e2e-explorer-postgres: no test server (run through scripts/test-postgres.sh)" >&2; exit 2; }
database="e2e_explore_$$"
psql_() { "$SEMBLANCE_TEST_POSTGRES_BIN/psql" "$1" -qAtc "$2"; }
psql_ "$SEMBLANCE_TEST_POSTGRES" "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1
psql_ "$SEMBLANCE_TEST_POSTGRES" "CREATE DATABASE $database" >/dev/null
url="${SEMBLANCE_TEST_POSTGRES%/*}/$database"
password=${SEMBLANCE_TEST_POSTGRES#*://*:}
password=${password%%@*}

E2E_CACHE=$url
source scripts/e2e-common.sh
e2e_begin e2e-explorer-postgres "${1:-}"
postgres_cleanup() {
    e2e_cleanup
    psql_ "$SEMBLANCE_TEST_POSTGRES" "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true
}
trap postgres_cleanup EXIT

e2e_write_corpus "$work/corpus.txt"
step "indexing into $database on the test server"
"$binary" index --corpus e2e --quiet "$work/corpus.txt" > "$work/index.log"

e2e_open_terminal 132 40

step "the explorer opens the server's corpus and finds neighbours"
run_explorer --corpus e2e -k 4
wait_for "Neighbours · e2e" 60
tmux_ send-keys -t e2e -l "Markets dropped when rates went up."
wait_for "Stock prices fell sharply" 30
wait_for "central bank raised interest" 10

step "F2 shows the map (its statistics computed and kept on the server)"
tmux_ send-keys -t e2e F2
wait_for "of variance" 60
tmux_ capture-pane -p -t e2e | grep -qi 'nan' && fail "NaN on screen"
tmux_ capture-pane -p -t e2e | grep -qF -- "$password" && fail "the password is on screen"
tmux_ send-keys -t e2e F2
wait_gone "of variance"
quit_and_check

step "the server holds the corpus, its packed matrix and the statistics"
[ "$(psql_ "$url" "SELECT count(*) FROM items")" = 8 ] || fail "items: $(psql_ "$url" "SELECT count(*) FROM items")"
[ "$(psql_ "$url" "SELECT count(*) FROM corpus_matrices WHERE checksum IS NOT NULL AND item_count = 8")" = 1 ] \
    || fail "no current packed matrix"
[ "$(psql_ "$url" "SELECT count(*) > 0 FROM corpus_statistics")" = t ] || fail "no statistics stored on the server"

step "a server that is down: the pane says so, naming it (never the password); Esc still quits cleanly"
# The window's shell has its own environment: the cache is changed there.
tmux_ send-keys -t e2e "export SEMBLANCE_CACHE='postgresql://ann:Secret-9@127.0.0.1:1/class'" Enter
run_explorer --corpus e2e
wait_for "Cannot open e2e: cache on PostgreSQL 127.0.0.1:1/class" 60
tmux_ capture-pane -p -t e2e | grep -qF "Secret-9" && fail "the password is on screen"
tmux_ send-keys -t e2e -l "Markets dropped"
wait_for "Markets dropped" 10
quit_and_check

echo "e2e-explorer-postgres: PASS"
