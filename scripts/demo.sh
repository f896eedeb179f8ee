#!/bin/sh
# demo.sh DB SEED: the demo of `make run`: a fresh database with the seed's
# two declarations, the administrator and one user of each kind with random
# passwords (printed once), then `jixiao serve`, which prints its URL.
set -eu
db=$1
seed=$2
rm -f "$db" "$db-wal" "$db-shm"
./jixiao import "$seed" --db "$db"
echo
echo "演示用户（密码随机生成，只显示这一次）："
for spec in "admin:admin:::管理员" \
            "zuzhibu:unit:--unit:组织部:填报人（实施单位 组织部）" \
            "bumen:department:--department:组织部:主管部门审核人（主管部门 组织部）" \
            "caizheng:finance:::财政审核人"; do
	name=${spec%%:*}; rest=${spec#*:}
	role=${rest%%:*}; rest=${rest#*:}
	opt=${rest%%:*}; rest=${rest#*:}
	val=${rest%%:*}; what=${rest#*:}
	# a random password now and then fails the password rule (a run such as
	# "3456" is too systematic for cracklib): draw another, at most ten times
	tries=0
	while :; do
		pw=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
		if [ -n "$opt" ]; then
			set -- --role "$role" "$opt" "$val"
		else
			set -- --role "$role"
		fi
		err=$(echo "$pw" | ./jixiao user add "$name" "$@" --db "$db" 2>&1 >/dev/null) && break
		tries=$((tries + 1))
		case "$err" in
		*密码太弱*) [ $tries -lt 10 ] && continue ;;
		esac
		echo "$err" >&2
		exit 1
	done
	echo "  $name / $pw  $what"
done
echo
exec ./jixiao serve --db "$db"
