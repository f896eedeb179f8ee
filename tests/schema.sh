#!/usr/bin/env bash
# tests/schema.sh: every JSON that jixiao writes validates against
# schema/declaration-1.schema.json; and the schema rejects what it must.
set -u
. tests/lib.sh
schema=schema/declaration-1.schema.json
py=/usr/bin/python3
# one check per golden output of convert, and 10 below
plan $(($(ls tests/golden/convert/*.out | wc -l) + 10))

# the golden outputs of convert (every accepted input)
for out in $(inputs tests/golden/convert/*.out); do
	res=$($py tests/validate.py "$schema" "$out")
	expect_eq "schema: $out" "valid $out" "$res"
done

# what export and show --json write
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$JIXIAO" import tests/golden/convert/seed.txt tests/golden/convert/multi.txt --db "$tmp/s.db" >/dev/null
"$JIXIAO" export --format json --db "$tmp/s.db" >"$tmp/export.json"
"$JIXIAO" show 2 --json --db "$tmp/s.db" >"$tmp/show.json"
for f in export.json show.json; do
	res=$($py tests/validate.py "$schema" "$tmp/$f")
	expect_eq "schema: $f" "valid $tmp/$f" "$res"
done

# the schema itself rejects broken declarations
$py - "$tmp" <<'PY'
import json, sys
base = json.load(open('tests/golden/convert/seed.out', encoding='utf-8'))[0]
cases = {
    'float_amount': ('funds', 'total', 5350000.0),
    'separator_amount': ('funds', 'total', '5,350,000.00'),
    'one_decimal': ('funds', 'annual', '10.5'),
    'bad_date': ('project', 'start', '2023-13-01'),
    'padded_name': ('project', 'name', ' 名称'),
}
for name, (obj, key, value) in cases.items():
    d = json.loads(json.dumps(base))
    d[obj][key] = value
    json.dump([d], open(f'{sys.argv[1]}/{name}.json', 'w'), ensure_ascii=False)
d = json.loads(json.dumps(base))
d['indicators'][0]['target'] = {'kind': 'numeric', 'op': '≥', 'value': '15', 'unit': '个'}
json.dump([d], open(f'{sys.argv[1]}/bad_op.json', 'w'), ensure_ascii=False)
PY
for name in float_amount separator_amount one_decimal bad_date padded_name bad_op; do
	res=$($py tests/validate.py "$schema" "$tmp/$name.json" | cut -d' ' -f1)
	expect_eq "schema rejects $name" "invalid" "$res"
done

# what check --format json writes, from files and from the store
"$JIXIAO" check tests/golden/convert/seed.txt tests/golden/check/indicator.unknown_category.fire.json \
	--format json >"$tmp/check.json"
"$JIXIAO" check --db "$tmp/s.db" --format json >"$tmp/check_db.json"
for f in check.json check_db.json; do
	res=$($py tests/validate.py schema/check-1.schema.json "$tmp/$f")
	expect_eq "schema: $f" "valid $tmp/$f" "$res"
done
