#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The lockwarden command on live debugfs, in a test VM: plays lw_scenario
# scenarios and runs report, graph --dot, stats --prometheus, save, diff and
# merge against /sys/kernel/debug/lockwarden. TAP on stdout; the Prometheus
# output is echoed as "# prom: " lines for the host to check.
#
# Usage (from the repository): tools/vm/run --kernel debug \
#   --module build/debug/selftests/lockwarden/lw_scenario.ko \
#   --file tools/lockwarden/lockwarden-static:/bin/lockwarden \
#   --file tools/lockwarden/tests/vm_test.sh:/tool/vm_test.sh -- /tool/vm_test.sh

dbg=/sys/kernel/debug/lockwarden
run=/sys/module/lw_scenario/parameters/run
out=/tmp/lwt.out
n=0
failed=0

ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		sed 's/^/# out: /' "$out" | head -n 20
	fi
}

# lwt ARGS...: run the command; output in $out, status in $rc.
lwt() {
	lockwarden "$@" >"$out" 2>&1
	rc=$?
}

has() { grep -qF -- "$1" "$out"; }

echo "TAP version 13"
if [ ! -w "$run" ] || [ ! -f "$dbg/stats" ]; then
	echo "not ok 1 - lw_scenario.ko and lockwarden.ko are loaded ($run, $dbg/stats)"
	echo "1..1"
	exit 1
fi

# lockstat on, where the module has it (its parameter, or the control verb).
lockstat=0
if [ -f "$dbg/lockstat" ]; then
	if [ -w /sys/module/lockwarden/parameters/lockstat ]; then
		echo 1 >/sys/module/lockwarden/parameters/lockstat && lockstat=1
	elif [ -w "$dbg/control" ]; then
		echo lockstat=on >"$dbg/control" && lockstat=1
	fi
fi

# A consistent order first: edges, no finding. That is the baseline.
echo consistent >"$run"
lwt save /tmp/base
# A pipe: cmp may trust st_size, 0 for a debugfs file.
[ $rc -eq 0 ] && [ -s /tmp/base/stats ] && cat "$dbg/findings" | cmp -s /tmp/base/findings - &&
	[ "$(ls /tmp/base | wc -l)" -eq "$(ls "$dbg" | wc -l)" ]
ok $? "save: every live file copied, read until end of file"

lwt stats --prometheus
[ $rc -eq 0 ] && has 'lockwarden_pool_used{pool="lock-classes"}' &&
	has '# TYPE lockwarden_releases_total counter'
ok $? "stats --prometheus: the live stats exposed"
sed 's/^/# prom: /' "$out"

if [ $lockstat -eq 1 ]; then
	# consistent takes A then B a thousand times.
	count=$(sed -n 's/^lockwarden_lock_hold_seconds_count{class="lw_scenario_a"} //p' "$out")
	[ "${count:-0}" -ge 1000 ] &&
		grep -q '^lockwarden_lock_hold_seconds_bucket{class="lw_scenario_a",le="+Inf"} '"$count"'$' "$out" &&
		grep -q '^lockwarden_lock_acquisitions_total{class="lw_scenario_b"} [1-9]' "$out"
	ok $? "stats --prometheus: live lockstat as per-class counters and hold histograms"
else
	n=$((n + 1))
	echo "ok $n - stats --prometheus: live lockstat # SKIP no lockstat file in $dbg (the lockstat work is not merged)"
fi

missing=
for f in findings.json graph classes; do
	[ -f "$dbg/$f" ] || missing="$missing $f"
done
if [ -n "$missing" ]; then
	n=$((n + 1))
	echo "ok $n - report, graph, diff and merge on live debugfs # SKIP absent from $dbg:$missing (the module's side of Documentation/debugfs.rst is not merged)"
	echo "1..$n"
	[ $failed -eq 0 ]
	exit
fi

lwt diff /tmp/base
[ $rc -eq 0 ] && has '0 new edges of'
ok $? "diff: live debugfs against a copy of itself: nothing new (exit 0)"

# Now the ABBA: a cycle finding and (if recorded) the reverse edge.
echo abba >"$run"
lwt report
[ $rc -eq 0 ] && has 'lock-order cycle (cycle): 1 finding' && has 'lw_scenario_a' &&
	has 'lw_scenario_b'
ok $? "report: the ABBA cycle, grouped under its kind, with its classes"

lwt graph --dot
[ $rc -eq 0 ] && has 'digraph lockwarden {' && has '"lw_scenario_a" -> "lw_scenario_b"' &&
	grep -q 'color=red' "$out"
ok $? "graph --dot: the live graph, the cycle in red"

lwt diff /tmp/base
[ $rc -eq 1 ] && has 'new finding: ' && has ' cycle [lw_scenario_'
ok $? "diff: after the ABBA, its finding is new (exit 1)"

lwt save /tmp/after
[ $rc -eq 0 ] && lwt diff /tmp/after && [ $rc -eq 0 ]
ok $? "diff: against a save made just before, nothing new (exit 0)"

# merge: the baseline's order and a run (built from it) that learned every
# edge the other way round: a cycle no single run saw, in live class names.
mkdir -p /tmp/reverse
awk -F '\t' 'BEGIN { OFS = "\t" } NR == 1 { print; next } { print $2, $1, $3, $5, $4 }' \
	/tmp/base/graph >/tmp/reverse/graph
lwt merge /tmp/base /tmp/reverse
[ $rc -eq 1 ] && has 'cycle no single run saw: lw_scenario_a -> lw_scenario_b -> lw_scenario_a' &&
	has 'from /tmp/reverse'
ok $? "merge: saved live graphs, a cycle across the two runs found (exit 1)"

lwt merge /tmp/base /tmp/after
[ $rc -eq 0 ] && has 'merged 2 runs: ' && has '0 cycles no single run saw'
ok $? "merge: the runs before and after the ABBA: no cycle that one run did not see"

echo "1..$n"
[ $failed -eq 0 ]
