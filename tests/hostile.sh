#!/usr/bin/env bash
# tests/hostile.sh: jixiao as an attacker and a busy office would try it.
#
# Each part tests/hostile/NN_NAME.sh reproduces one class of defect (a crash
# from one request, a write that goes past the write policy, a read that
# waits on a writer, a throttle that can be flushed, …) against the
# sanitizer build, and keeps the reproduction as its checks.  A part
# declares how many checks it runs on a line "# checks: N"; this suite plans
# their sum, so a part that dies half-way fails the run.  Parts run in their
# own bash, in name order, each with its own servers and temporary files.
set -u
. tests/lib.sh

parts=$(inputs tests/hostile/*.sh)
total=0
for p in $parts; do
	n=$(sed -n 's/^# checks: \([0-9][0-9]*\)$/\1/p' "$p")
	total=$((total + ${n:-0}))
done
plan "$total"
for p in $parts; do
	echo "-- $p"
	bash "$p" || fail "$p exited with status $?"
done
