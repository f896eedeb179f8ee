# tests/hostile/store_lib.bash: what the store's parts (20–29) share, sourced
# after tests/lib.sh (not a part itself: hostile.sh runs *.sh only).
#
# store_seed DB: the seed and multi.txt (1, 2: 组织部; 3..: 民政局), and a unit
#   user "unit" of 组织部 with the password $unit_pw
# store_login BASE DIR: logs "unit" in: cookie jar DIR/unit.jar, token DIR/unit.csrf
# store_put BASE DIR ID REV FILE: PUT of FILE as declaration ID based on REV;
#   prints the body and the status (and the Retry-After header, when there
#   is one, after a space)
# store_get BASE DIR PATH: prints "STATUS SECONDS" of a GET
# store_decl_json OUT TEXT: the seed declaration as JSON with TEXT as its 年度绩效目标

unit_pw='Qz8#mV2!pL6@wR4t'

store_seed() {
	"$JIXIAO" import tests/golden/convert/seed.txt tests/golden/convert/multi.txt --db "$1" >/dev/null &&
		echo "$unit_pw" | "$JIXIAO" user add unit --role unit --unit 组织部 --db "$1" >/dev/null
}

store_login() {
	curl -s -m 20 -c "$2/unit.jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"unit\",\"password\":\"$unit_pw\"}" "$1/api/v1/login" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])' >"$2/unit.csrf"
}

store_put() {
	local out
	out=$(curl -s -m 30 -D "$2/put.headers" -w ' %{http_code}' -b "$2/unit.jar" \
		-H "X-CSRF-Token: $(cat "$2/unit.csrf")" -X PUT -H 'Content-Type: application/json' \
		--data-binary @"$5" "$1/api/v1/declarations/$3?revision=$4" | tr -d '\n ')
	printf '%s' "$out"
	sed -n 's/^[Rr]etry-[Aa]fter: *\([^\r]*\)\r*$/ \1/p' "$2/put.headers"
}

store_get() {
	curl -s -m 30 -o /dev/null -w '%{http_code} %{time_total}' -b "$2/unit.jar" "$1$3"
}

store_decl_json() {
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open('tests/golden/convert/seed.out', encoding='utf-8'))[0]
d['goals']['annual'] = sys.argv[2]
json.dump(d, open(sys.argv[1], 'w', encoding='utf-8'), ensure_ascii=False)
PY
}

# fast "STATUS SECONDS": "STATUS fast" when under 2 s, else "STATUS slow SECONDS"
store_fast() {
	awk '{ if ($2 < 2) print $1, "fast"; else print $1, "slow", $2 }'
}
