# tests/lib.sh: the tiny harness of the shell tests.  Each check prints
# "ok" or "FAIL" with its name; counts go to $RESULTS (one line per check)
# so that tests/run.sh can total them.
: "${RESULTS:?RESULTS must name the results file}"

# plan N: this suite runs exactly N checks.  tests/run.sh counts them and
# fails a suite that declares no plan, runs fewer or more checks, or exits
# with a status other than 0 (it died, or set -e stopped it).
plan() { echo "$1" >"${PLAN_FILE:-/dev/null}"; }

# inputs PATTERN...: the existing files the patterns match, one per line.
# A pattern that matches nothing stays itself in bash: it is dropped here,
# and when no file at all matches, that is a failed check (a golden loop
# over an empty or misnamed folder must not pass by running nothing).
inputs() {
	local f n=0
	for f in "$@"; do
		[ -e "$f" ] || continue
		printf '%s\n' "$f"
		n=$((n + 1))
	done
	if [ "$n" -eq 0 ]; then
		echo "FAIL no input matches $*" >&2
		echo fail >>"$RESULTS"
	fi
}

pass() { echo "ok   $1"; echo pass >>"$RESULTS"; }
fail() { echo "FAIL $1"; shift; for l in "$@"; do echo "     $l"; done; echo fail >>"$RESULTS"; }

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: $2" "actual:   $3"; fi
}

# expect_file NAME EXPECTED_FILE ACTUAL_FILE: exact bytes, a diff on failure
expect_file() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "$(diff -u "$2" "$3" | head -40)"
	fi
}

# expect_code NAME CODE CMD...: the command's exit status
expect_code() {
	local name=$1 want=$2 got
	shift 2
	"$@" >/dev/null 2>&1
	got=$?
	expect_eq "$name" "exit $want" "exit $got"
}

# free_port: a free TCP port on 127.0.0.1
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve_start DB PORT DIR: `jixiao serve` on 127.0.0.1:PORT in the background,
# its output added to DIR/serve.out and DIR/serve.err, its pid in server_pid;
# returns 1 when it does not answer /login within 10 s.
server_pid=
serve_start() {
	"$JIXIAO" serve --db "$1" --listen "127.0.0.1:$2" >>"$3/serve.out" 2>>"$3/serve.err" &
	server_pid=$!
	for _ in $(seq 1 100); do
		curl -s -o /dev/null "http://127.0.0.1:$2/login" && return 0
		sleep 0.1
	done
	return 1
}

# stop_server: stops the server of serve_start, if one runs, and waits for it.
stop_server() {
	if [ -n "$server_pid" ]; then
		kill -TERM "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
		server_pid=
	fi
}

# The engine the suites run on: sqlite (a file per store), or postgresql in
# the second pass of tests/run.sh, which runs inside pg_virtualenv (a
# throwaway cluster; PGHOST, PGPORT, PGUSER, PGPASSWORD set): a database of
# it per store.
JX_ENGINE=${JX_ENGINE:-sqlite}
pg() { [ "$JX_ENGINE" = postgresql ]; }

# new_db NAME: the --db target of a fresh, empty store: $tmp/NAME.db on
# SQLite (the suite's $tmp), a new database jx_SUITE_NAME on PostgreSQL.
new_db() {
	local n
	if pg; then
		n=$(basename "$0" .sh)_$1
		n=jx_${n//[^a-zA-Z0-9_]/_}
		dropdb --if-exists "$n" >/dev/null 2>&1
		createdb "$n" || return 1
		echo "postgresql:///$n"
	else
		echo "$tmp/$1.db"
	fi
}

# sql DB QUERY: QUERY run on the store DB by its engine's own client (psql
# for a postgresql:// target, else sqlite3), rows on lines and columns
# separated by |; a statement the schema refuses prints "refused: " and the
# schema's message (both engines raise the same text).
sql() {
	if [ "${1#postgresql://}" != "$1" ]; then
		psql -X -q -At -F '|' -d "$1" -c "$2" 2>&1 |
			sed -n 's/^ERROR:  \(.*\)$/refused: \1/p; t; /^[A-Z]*:  /!p'
	else
		sqlite3 "$1" "$2" 2>&1 | sed 's/^Error: stepping, \(.*\) ([0-9]*)$/refused: \1/'
	fi
}
