#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: initdb in a temporary directory, the
# server on a free loopback port with its socket in that directory, a password-protected
# superuser, and $SEMBLANCE_TEST_POSTGRES naming it. The cluster is stopped and deleted when the
# command ends, however it ends. Where no server can be started it says so and runs the
# command without one (the PostgreSQL tests then skip visibly, or fail when CI=true).
#   usage: scripts/test-postgres.sh COMMAND [ARGS...]
set -uo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "semblance: no PostgreSQL server installed (Debian: postgresql); PostgreSQL tests will not run" >&2
    exec "$@"
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/semblance-pg.XXXXXX")
# initdb and postgres refuse to run as root: as root, the cluster belongs to the `postgres` user.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    id "$owner" >/dev/null 2>&1 || owner=nobody
    chown "$owner" "$dir"
    as_owner=(runuser -u "$owner" --)
fi

stop() {
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

password=semblance-test
printf '%s\n' "$password" >"$dir/password"
chmod 644 "$dir/password"
if ! "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U semblance --pwfile="$dir/password" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
    echo "semblance: initdb failed (see below); PostgreSQL tests will not run" >&2
    tail -n 5 "$dir/initdb.log" >&2
    "$@"; exit $?
fi

# A free port: the kernel picks one, the server takes it a moment later.
started=0
for _ in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    options="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
    if "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -w -t 30 -l "$dir/server.log" -o "$options" start >/dev/null 2>&1; then
        started=1; break
    fi
done
if [ "$started" -ne 1 ]; then
    echo "semblance: the test PostgreSQL server did not start; PostgreSQL tests will not run" >&2
    tail -n 5 "$dir/server.log" >&2
    "$@"; exit $?
fi
"$bindir/psql" -h "$dir" -p "$port" -U semblance -d postgres -qc "CREATE DATABASE semblance_test" >/dev/null

export SEMBLANCE_TEST_POSTGRES="postgresql://semblance:$password@127.0.0.1:$port/semblance_test"
# For the fault matrix, which stops and restarts the server: pg_ctl, its options and its owner.
export SEMBLANCE_TEST_POSTGRES_DIR="$dir" SEMBLANCE_TEST_POSTGRES_BIN="$bindir" SEMBLANCE_TEST_POSTGRES_PORT="$port"
export SEMBLANCE_TEST_POSTGRES_OPTIONS="$options" SEMBLANCE_TEST_POSTGRES_OWNER="${owner:-}"
echo "semblance: test PostgreSQL on 127.0.0.1:$port (cluster in $dir)" >&2
"$@"
