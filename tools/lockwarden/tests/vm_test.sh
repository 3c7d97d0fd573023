#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The lockwarden command on live debugfs, in a test VM: plays lw_scenario
# scenarios and runs report, graph --dot, stats --prometheus, save, diff and
# merge against /sys/kernel/debug/lockwarden, then unloads lw_scenario:
# its classes and edges leave the live files, a copy saved before keeps
# them. TAP on stdout; the Prometheus output is echoed as "# prom: " lines,
# and the copy saved after the ABBA as "# save: " lines (tar, base64), for
# the host to check (tests/vm_sites.sh names its sites from lw_scenario.ko);
# last, lw_scenario is loaded again to learn a dependency in its init code,
# and that graph is echoed as "# init graph: " lines.
# Every point needs the module's debugfs files: a missing one fails.
#
# Usage (from the repository): tools/vm/run --kernel debug \
#   --module build/debug/selftests/lockwarden/lw_scenario.ko \
#   --file tools/lockwarden/lockwarden-static:/bin/lockwarden \
#   --file tools/lockwarden/tests/vm_test.sh:/tool/vm_test.sh -- /tool/vm_test.sh
# (tools/vm/run puts the repository's selftests/ in /selftests: tap.sh.)

run=/sys/module/lw_scenario/parameters/run
out=/tmp/lwt.out
# ok, skip, check, tap_end; a failed point shows the command's output.
# shellcheck source=../../../selftests/lockwarden/tap.sh
. /selftests/lockwarden/tap.sh
tap_show=$out

# lwt ARGS...: run the command; output in $out, status in $rc.
lwt() {
	lockwarden "$@" >"$out" 2>&1
	rc=$?
}

has() { grep -qF -- "$1" "$out"; }

echo "TAP version 13"
# Every file of Documentation/debugfs.rst the command reads.
missing=
for f in findings findings.json classes graph held stats lockstat control; do
	[ -f "$dbg/$f" ] || missing="$missing $f"
done
[ -w "$run" ] && [ -z "$missing" ]
ok $? "lw_scenario.ko is loaded, and lockwarden.ko with every debugfs file (missing:${missing:- none})"
if [ $failed -ne 0 ]; then
	tap_end
	exit
fi
check "lockstat switched on by its module parameter" \
	sh -c 'echo 1 >/sys/module/lockwarden/parameters/lockstat'

# A consistent order first: edges, no finding. That is the baseline.
play consistent
lwt save /tmp/base
# A pipe: cmp may trust st_size, 0 for a debugfs file. (ls: the names are
# debugfs.rst's.)
# shellcheck disable=SC2002,SC2012
[ $rc -eq 0 ] && [ -s /tmp/base/stats ] && cat "$dbg/findings" | cmp -s /tmp/base/findings - &&
	[ "$(ls /tmp/base | wc -l)" -eq "$(ls "$dbg" | wc -l)" ]
ok $? "save: every live file copied, read until end of file"

lwt stats --prometheus
[ $rc -eq 0 ] && has 'lockwarden_pool_used{pool="lock-classes"}' &&
	has '# TYPE lockwarden_releases_total counter'
ok $? "stats --prometheus: the live stats exposed"
sed 's/^/# prom: /' "$out"

# consistent takes A then B a thousand times.
count=$(sed -n 's/^lockwarden_lock_hold_seconds_count{class="lw_scenario_a"} //p' "$out")
[ "${count:-0}" -ge 1000 ] &&
	grep -q '^lockwarden_lock_hold_seconds_bucket{class="lw_scenario_a",le="+Inf"} '"$count"'$' "$out" &&
	grep -q '^lockwarden_lock_acquisitions_total{class="lw_scenario_b"} [1-9]' "$out"
ok $? "stats --prometheus: live lockstat as per-class counters and hold histograms"

lwt diff /tmp/base
[ $rc -eq 0 ] && has '0 new edges of'
ok $? "diff: live debugfs against a copy of itself: nothing new (exit 0)"

# Now the ABBA: a cycle finding and (if recorded) the reverse edge.
play abba
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
awk -F '\t' 'BEGIN { OFS = "\t" } NR == 1 { print; next } { print $2, $1, $3, $5, $4, $6 }' \
	/tmp/base/graph >/tmp/reverse/graph
lwt merge /tmp/base /tmp/reverse
[ $rc -eq 1 ] && has 'cycle no single run saw: lw_scenario_a -> lw_scenario_b -> lw_scenario_a' &&
	has 'from /tmp/reverse'
ok $? "merge: saved live graphs, a cycle across the two runs found (exit 1)"

lwt merge /tmp/base /tmp/after
[ $rc -eq 0 ] && has 'merged 2 runs: ' && has '0 cycles no single run saw'
ok $? "merge: the runs before and after the ABBA: no cycle that one run did not see"

# The order Documentation/tool.rst gives a CI: save, then rmmod. The
# unload takes the module's classes and edges out of the live files;
# findings stay, and the copy keeps everything.
tar -C /tmp/after -czf - . | base64 | sed 's/^/# save: /'
# shellcheck disable=SC2002 # a pipe: debugfs files have st_size 0
rmmod lw_scenario &&
	! cat "$dbg/classes" | grep -q '^[0-9]*	lw_scenario_a	' &&
	! cat "$dbg/graph" | grep -q '^lw_scenario_a	lw_scenario_b	' &&
	grep -q '^lw_scenario_a	lw_scenario_b	' /tmp/after/graph &&
	grep -q '	lw_scenario_a	' /tmp/after/classes &&
	cat "$dbg/findings.json" | grep -q '"kind":"cycle".*"class":"lw_scenario_a"'
ok $? "rmmod lw_scenario: its classes and edges leave classes and graph, its finding stays; the copy saved before keeps them"

lwt diff /tmp/after
[ $rc -eq 0 ] && has '0 new edges of' && has '0 new findings'
ok $? "diff: after the rmmod, against the copy saved before: edges gone are not new (exit 0)"

# A dependency learned in init code, which is freed when init returns:
# its sites were named when learned, not when graph is read. (Clang's
# kallsyms names the init function by its alias init_module.)
init='(lw_scenario_init|init_module)\+0x[0-9a-f]+/0x[0-9a-f]+ \[lw_scenario\]'
insmod /lib/lockwarden/lw_scenario.ko init_order=1 &&
	cat "$dbg/graph" >"$out" &&
	grep -Eq "^lw_scenario_a	lw_scenario_b	1	$init	$init	lock\$" "$out" &&
	! grep -q '0xffff' "$out" && grep -q '^init_sites_full: 0$' "$dbg/stats"
ok $? "graph: a dependency learned in lw_scenario's init, read after the init is freed: its sites named, not bare addresses"
sed 's/^/# init graph: /' "$out"

tap_end
