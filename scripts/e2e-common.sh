# Shared by the explorer's tmux end-to-end scripts (source it, then call e2e_begin): the
# binary and tmux checks, a private work directory, cache and tmux server that are removed
# on exit, and the helpers that wait for the screen and check the terminal was restored.
# Each script keeps only its own corpus and steps.
#
# env:   E2E_KEEP=1        keep the work directory for inspection
#        E2E_TRACE=FILE    write a shell trace there

# e2e_begin NAME [BINARY]: NAME prefixes every message; BINARY defaults to the release build.
e2e_begin() {
    e2e_name=$1
    if [ -n "${E2E_TRACE:-}" ]; then
        exec 19>>"$E2E_TRACE"
        BASH_XTRACEFD=19
        set -x
    fi
    binary=$(realpath "${2:-.build/release/semblance}")
    [ -x "$binary" ] || { echo "$e2e_name: no binary at $binary (swift build -c release --product semblance)" >&2; exit 2; }
    command -v tmux >/dev/null || { echo "$e2e_name: tmux is not installed (make deps)" >&2; exit 2; }

    work=$(mktemp -d "${TMPDIR:-/tmp}/semblance-$e2e_name.XXXXXX")
    server="semblance-$e2e_name-$$"
    server_pid=""
    trap e2e_cleanup EXIT

    # A private cache, config and state: nothing of the user's is read or written.
    export XDG_DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"   # the installed model, before HOME moves
    export SEMBLANCE_CACHE="${E2E_CACHE:-$work/cache.sqlite}" XDG_CONFIG_HOME="$work/config" \
        XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state" HOME="$work/home"
    mkdir -p "$HOME"
}

tmux_() { tmux -L "$server" "$@"; }

# e2e_write_corpus FILE: the eight sentences the explorer scripts index (two about animals,
# two about money, weather, baking, sport, astronomy), one per line.
e2e_write_corpus() {
    cat > "$1" <<'CORPUS'
The cat is sleeping on the warm windowsill.
A dog barks at the postman every morning.
Stock prices fell sharply after the announcement.
The central bank raised interest rates again.
Heavy rain is expected in the city tonight.
Bake the bread for forty minutes at two hundred degrees.
The football match ended in a draw.
Astronomers found a new planet around a distant star.
CORPUS
}

e2e_cleanup() {
    tmux_ kill-server 2>/dev/null || true
    # A server that cannot die (signals blocked by whoever started us) must not outlive the test.
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null || true; fi
    if [ "${E2E_KEEP:-0}" = 1 ]; then echo "$e2e_name: kept $work" >&2; else rm -rf "$work" 2>/dev/null || true; fi
}

fail() {
    echo "$e2e_name: FAIL: $*" >&2
    echo "---- last screen ----" >&2
    tmux_ capture-pane -p -t e2e >&2 || true
    exit 1
}
step() { echo "$e2e_name: $*"; }

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

# e2e_open_terminal COLUMNS ROWS: a login-free shell in a fixed-size window; the explorer
# runs inside it so the shell can record the terminal modes before and after.
e2e_open_terminal() {
    tmux_ -f /dev/null new-session -d -s e2e -x "$1" -y "$2" "env PS1='e2e\$ ' bash --norc --noprofile"
    tmux_ set-option -t e2e status off
    server_pid=$(tmux_ display-message -p -t e2e '#{pid}')
}

# run_explorer ARGS…: starts `semblance explore ARGS…` in the window (ARGS go through the
# shell once more, so quote paths as "'$path'"). A wrapper script is the shell's job, so
# Ctrl-Z stops it whole and `fg` continues it; the status file is written last, so once it
# exists stty.after is complete.
run_explorer() {
    rm -f "$work/status" "$work/stty.after"
    cat > "$work/run.sh" <<RUN
stty -g > '$work/stty.before'
TERM=xterm-256color '$binary' explore $*
code=\$?
stty -g > '$work/stty.after'
echo "status=\$code" > '$work/status'
RUN
    tmux_ send-keys -t e2e "clear; bash '$work/run.sh'" Enter
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
# Esc, then: exit status 0 and the terminal as it was.
quit_and_check() {
    tmux_ send-keys -t e2e Escape
    wait_for_exit
    grep -qx "status=0" "$work/status" || fail "exit $(cat "$work/status") after Esc"
    check_restored
}
