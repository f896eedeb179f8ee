#!/usr/bin/env bash
# tests/cli.sh: the command line: help, usage errors, exit codes, and the
# facts about the seed that the issue names.
set -u
. tests/lib.sh
plan 39
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for cmd in convert import list show export; do
	out=$("$JIXIAO" "$cmd" --help)
	expect_eq "$cmd --help: exit" 0 $?
	expect_eq "$cmd --help: usage line" "用法：jixiao $cmd" "$(echo "$out" | head -1 | cut -d' ' -f1-2)"
done
"$JIXIAO" --help >/dev/null
expect_eq "--help: exit" 0 $?
"$JIXIAO" >/dev/null 2>&1
expect_eq "no command: exit" 2 $?
"$JIXIAO" frobnicate 2>"$tmp/err" >/dev/null
expect_eq "unknown command: exit" 2 $?
expect_eq "unknown command: message" "jixiao: 未知命令“frobnicate”" "$(head -1 "$tmp/err")"
"$JIXIAO" convert 2>"$tmp/err"
expect_eq "convert without files: exit" 2 $?
expect_eq "convert without files: message" "jixiao convert: 缺少输入文件
用法：jixiao convert FILE... [--to json]" "$(cat "$tmp/err")"
"$JIXIAO" convert --to xml x.txt 2>"$tmp/err"
expect_eq "convert --to xml: message" "jixiao convert: 不支持的输出格式“xml”（只支持 json）" "$(head -1 "$tmp/err")"
"$JIXIAO" convert "$tmp/missing.txt" 2>"$tmp/err" >"$tmp/out"
expect_eq "missing file: exit" 2 $?
expect_eq "missing file: message" "$tmp/missing.txt: 错误: 无法打开文件：文件不存在
jixiao: 共 1 处错误，未输出任何内容" "$(cat "$tmp/err")"
"$JIXIAO" show abc --db "$tmp/x.db" 2>"$tmp/err"
expect_eq "show abc: exit" 2 $?
"$JIXIAO" list --db 2>"$tmp/err"
expect_eq "--db without a path: message" "jixiao: --db 后面缺少数据库路径" "$(cat "$tmp/err")"

# standard input
out=$("$JIXIAO" convert - <tests/golden/convert/seed.txt | cmp - tests/golden/convert/seed.out && echo same)
expect_eq "convert from stdin" same "$out"

# the seed, as the issue states it
"$JIXIAO" convert tests/golden/convert/seed.txt >"$tmp/seed.json"
res=$(/usr/bin/python3 - "$tmp/seed.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
a = d[0]['goals']['annual']
print(len(d), len(d[0]['indicators']), len(d[1]['indicators']),
      a.endswith('限期整改。'), '项目完成后，要对项目建设过程' in a,
      any(c in a for c in '<>'), '  ' in a, a != a.strip(),
      d[0]['funds']['total'], d[0]['funds']['total_other'], d[1]['funds']['annual'])
PY
)
expect_eq "seed facts" "2 7 5 True True False False False 5350000.00 None 2770000.00" "$res"

# a failed convert writes nothing, into a pipe or into a file it truncates back
expect_eq "failed convert into a pipe: no output" 0 \
	"$("$JIXIAO" convert tests/golden/reject/one_bad_form.txt 2>/dev/null | wc -c)"
printf 'kept\n' >"$tmp/out.json"
"$JIXIAO" convert tests/golden/reject/one_bad_form.txt >>"$tmp/out.json" 2>/dev/null
expect_eq "failed convert appended to a file: file as before" "kept" "$(cat "$tmp/out.json")"

# the password rule (docs/cli.md): each refused password with its exact
# message and exit 2, the user not added; a strong one added, then passwd
db=$(new_db users)
while IFS='|' read -r pw msg; do
	printf '%s\n' "$pw" | "$JIXIAO" user add zhangsanfeng --role finance --db "$db" >/dev/null 2>"$tmp/err"
	expect_eq "user add \"$pw\": refused" "exit 2: jixiao: $msg" "exit $?: $(cat "$tmp/err")"
done <<'CASES'
        |密码至少 12 个字符
12345678|密码至少 12 个字符
一二三四五六七八九十甲|密码至少 12 个字符
            |密码不能全是空白字符
123456789012|密码太弱：太简单或太有规律（如 abcdef、654321 这样连续的字符）
qwerty123456|密码太弱：太简单或太有规律（如 abcdef、654321 这样连续的字符）
aaaaaaaaaaaa|密码太弱：不同的字符太少
administrator|密码太弱：基于字典中的单词
rotartsinimda|密码太弱：基于倒写的字典单词
zhangsanfeng|密码太弱：由用户名变化而来
CASES
expect_eq "refused passwords: no user added" "编号	用户名	角色	单位或部门	状态" \
	"$("$JIXIAO" user list --db "$db")"
echo 'Zk8#mq2Lp9vX' | "$JIXIAO" user add zhangsanfeng --role finance --db "$db" >"$tmp/out" 2>&1
expect_eq "user add with a strong password" "exit 0: 已添加用户 zhangsanfeng（财政审核人）" "exit $?: $(cat "$tmp/out")"
echo 'password' | "$JIXIAO" user passwd zhangsanfeng --db "$db" >/dev/null 2>"$tmp/err"
expect_eq "user passwd: the same rule" "exit 2: jixiao: 密码至少 12 个字符" "exit $?: $(cat "$tmp/err")"
echo '一二三四五六七八九十甲乙' | "$JIXIAO" user passwd zhangsanfeng --db "$db" >"$tmp/out" 2>&1
expect_eq "user passwd: twelve characters of 36 bytes" "exit 0: 已修改 zhangsanfeng 的密码" "exit $?: $(cat "$tmp/out")"
