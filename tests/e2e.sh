#!/usr/bin/env bash
# tests/e2e.sh: the browser tests: `jixiao serve` (the sanitizer build) on a
# free 127.0.0.1 port with a fresh, empty database and three users, driven
# by tests/e2e/e2e.mjs in real headless Chromium (playwright-core over
# Debian's chromium); then the same on a second fresh server for
# tests/e2e/selfeval.mjs (monitoring and the year-end self-evaluation).
# Each step counts as one check; the screenshots stay in
# build/e2e-screenshots/.
# Alone: bash tests/e2e.sh (JIXIAO defaults to build/asan/jixiao; KEEP=1
# keeps the server's database and logs).
set -u
cd "$(dirname "$0")/.."
standalone=
if [ -z "${RESULTS:-}" ]; then
	standalone=1
	RESULTS=$(mktemp)
	export RESULTS
	# as tests/run.sh sets them
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
fi
JIXIAO=$(realpath "${JIXIAO:-build/asan/jixiao}")
. tests/lib.sh
plan 38

e2e=tests/e2e
shots=$PWD/build/e2e-screenshots
chromium=${CHROMIUM:-/usr/bin/chromium}
tmp=$(mktemp -d)
db=

finish() {
	stop_server
	if [ -n "${KEEP:-}" ]; then echo "     kept: $tmp"; else rm -rf "$tmp"; fi
	if [ -n "$standalone" ]; then
		local p f
		p=$(grep -c '^pass$' "$RESULTS")
		f=$(grep -c '^fail$' "$RESULTS")
		rm -f "$RESULTS"
		echo
		echo "$p passed, $f failed"
		[ "$f" -eq 0 ] || exit 1
	fi
}
trap finish EXIT

# --- what the browser needs --------------------------------------------------------
if ! command -v node >/dev/null || ! command -v npm >/dev/null || [ ! -x "$chromium" ]; then
	fail "e2e: node, npm and $chromium are installed" "run: sh scripts/deps.sh test"
	exit 0
fi
# npm ci when node_modules is missing or older than the lock (npm writes
# node_modules/.package-lock.json on every install)
if [ ! -f "$e2e/node_modules/.package-lock.json" ] ||
	[ "$e2e/package-lock.json" -nt "$e2e/node_modules/.package-lock.json" ]; then
	if ! (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error >"$tmp/npm.log" 2>&1); then
		fail "e2e: npm ci in $e2e" "$(tail -20 "$tmp/npm.log")"
		exit 0
	fi
	touch "$e2e/node_modules/.package-lock.json"
fi

# --- the server: empty database, three users ----------------------------------------
# name:password of each role; names in Chinese, as people have them
export E2E_UNIT='李填报:unit-pass-0001' E2E_DEPT='王审核:dept-pass-0001' E2E_FIN='赵财政:fin-pass-0001'
export E2E_SEED=$PWD/tests/golden/convert/seed.txt CHROMIUM=$chromium
add_user() {    # add_user NAME:PASSWORD ARGS...
	local name=${1%%:*} pw=${1#*:}
	shift
	echo "$pw" | "$JIXIAO" user add "$name" "$@" --db "$db" >>"$tmp/users.out" 2>&1 || users_ok=0
}
# start_server DB: a fresh server on a free port with the three users; sets base
start_server() {
	db=$1
	port=$(free_port)
	base=http://127.0.0.1:$port
	if ! serve_start "$db" "$port" "$tmp"; then
		fail "e2e: the server starts" "$(tail -20 "$tmp/serve.err")"
		return 1
	fi
	users_ok=1
	add_user "$E2E_UNIT" --role unit --unit 组织部
	add_user "$E2E_DEPT" --role department --department 组织部
	add_user "$E2E_FIN" --role finance
	if [ $users_ok = 0 ]; then
		fail "e2e: users added" "$(cat "$tmp/users.out")"
		return 1
	fi
}

# --- the browser ---------------------------------------------------------------------
# run_script NAME.mjs: the script's steps, each one check
run_script() {
	local script=$1 start code secs n_ok n_fail
	start=$(date +%s.%N)
	# bounded: a browser that hangs ends here (each wait in the script has its own limit)
	timeout -k 10 600 node "$e2e/$script" "$base" "$shots" 2>&1 | tee "$tmp/e2e.out"
	code=${PIPESTATUS[0]}
	secs=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
	n_ok=$(grep -c '^ok   ' "$tmp/e2e.out")
	n_fail=$(grep -c '^FAIL ' "$tmp/e2e.out")
	for _ in $(seq 1 "$n_ok"); do echo pass >>"$RESULTS"; done
	for _ in $(seq 1 "$n_fail"); do echo fail >>"$RESULTS"; done
	if [ "$code" -ne 0 ] && [ "$n_fail" -eq 0 ]; then
		fail "e2e: $script ended with exit $code before its steps were done"
	elif [ "$n_ok" -eq 0 ] && [ "$n_fail" -eq 0 ]; then
		fail "e2e: $script ran no step"
	fi
	echo "     browser steps of $script: ${secs}s; screenshots: $shots/"
}
rm -rf "$shots"
mkdir -p "$shots"
# the declaration workflow, then issue 6's self-evaluation on a server of its own
start_server "$(new_db e2e)" && run_script e2e.mjs
stop_server
start_server "$(new_db selfeval)" && run_script selfeval.mjs

stop_server
expect_eq "e2e: server: no sanitizer reports" "" "$(grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error' "$tmp/serve.err" | head -3)"
