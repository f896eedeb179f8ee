#!/usr/bin/env bash
# fuzz/run.sh: runs each libFuzzer target for FUZZ_SECONDS, its corpus
# seeded from the golden inputs (fuzz/corpus/NAME, not committed; fuzz_http
# from the raw requests of fuzz/seeds/http), with fuzz/NAME.dict when there
# is one, and keeps any crashing input in fuzz/crashes/ to be turned into a
# regression test.
set -eu
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
mkdir -p fuzz/crashes
for f in $FUZZERS; do
	corpus=fuzz/corpus/$f
	mkdir -p "$corpus"
	case $f in
	fuzz_text) cp tests/golden/convert/*.txt tests/golden/reject/*.txt "$corpus"/ ;;
	fuzz_json) cp tests/golden/convert/*.out tests/golden/reject/*.json "$corpus"/ ;;
	fuzz_check) cp tests/golden/convert/*.txt tests/golden/check/*.txt "$corpus"/ ;;
	fuzz_profile) cp profiles/*.json "$corpus"/ ;;
	fuzz_xlsx) cp fuzz/seeds/xlsx/* "$corpus"/
		for p in fuzz/seeds/xlsx/*.parts; do
			python3 fuzz/xlsx_seeds.py --zip "$p" "$corpus/$(basename "$p" .parts).xlsx"
		done ;;
	fuzz_selfeval) cp tests/golden/score/*.json "$corpus"/ ;;
	fuzz_monitor) cp tests/golden/monitor/*.csv fuzz/seeds/monitor/* "$corpus"/
		for p in fuzz/seeds/monitor/*.parts; do
			python3 fuzz/xlsx_seeds.py --zip "$p" "$corpus/$(basename "$p" .parts).xlsx"
		done ;;
	fuzz_http) cp fuzz/seeds/http/* "$corpus"/ ;;
	fuzz_value) sed -n 's/^[[:space:]]*{ *"\([^"]*\)".*/\1/p' tests/unit/test_value.c |
		while IFS= read -r v; do printf '%s' "$v" >"$corpus/$(printf '%s' "$v" | md5sum | cut -c1-16)"; done ;;
	esac
	echo "== $f: ${seconds}s"
	dict=
	[ -f "fuzz/$f.dict" ] && dict=-dict=fuzz/$f.dict
	"$FUZZ_DIR/$f" -max_total_time="$seconds" -max_len=65536 -artifact_prefix=fuzz/crashes/ \
		-print_final_stats=1 $dict "$corpus" 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Done' || true
done
if ls fuzz/crashes/* >/dev/null 2>&1; then
	echo "fuzz: crashing inputs in fuzz/crashes/" >&2
	exit 1
fi
echo "fuzz: no crashes"
