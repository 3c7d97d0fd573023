#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Tests of the lockwarden command on saved debugfs copies: every command on
# the fixtures, diff and merge outcomes both ways, the JSON parser on
# malformed, escaped and Unicode input, the Prometheus output checked by
# promcheck.py. TAP on stdout, one point per case.
#
# Usage: LWT=path/to/lockwarden tests/run.sh   (make check sets LWT)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
fix=$here/../fixtures
lwt=${LWT:-$here/../lockwarden}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lockwarden-tool.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# ok, skip and tap_end; a failed point shows the last run's output.
# shellcheck source=../../../selftests/lockwarden/tap.sh
. "$here/../../../selftests/lockwarden/tap.sh"
tap_show="$tmp/out $tmp/err"

echo "TAP version 13"

# run ARGS...: run the tool; output in $tmp/out and $tmp/err, status in $rc.
run() {
	"$lwt" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# A sanitizer report fails the case whatever the status.
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp/err"; then
		rc=99
	fi
}

# fails MESSAGE DESCRIPTION ARGS...: a test point: the tool run with ARGS is
# an error (exit 2) with MESSAGE on stderr and nothing on stdout.
fails() {
	local msg=$1 desc=$2

	shift 2
	run "$@"
	[ $rc -eq 2 ] && err_has "$msg" && [ ! -s "$tmp/out" ]
	ok $? "$desc"
}

has() { grep -qF -- "$1" "$tmp/out"; }
hasnt() { ! grep -qF -- "$1" "$tmp/out"; }
err_has() { grep -qF -- "$1" "$tmp/err"; }

# copy NAME: a copy of the hand-written fixture in $tmp/NAME.
copy() {
	rm -rf "${tmp:?}/$1"
	cp -r "$fix/hand" "$tmp/$1"
}

# ===== report =====

run -d "$fix/hand" report
[ $rc -eq 0 ] && has 'lockwarden findings in' && has '3 distinct, 7 occurrences' &&
	has 'lock-order cycle (cycle): 1 finding, 1 occurrence' &&
	has 'recursive locking (aa): 1 finding, 4 occurrences' &&
	has 'classes: demo_dev_lock -> demo_buf_lock' &&
	has 'seen 4 times, first at 7.000000s, last at 9.250000s, first by demo-worker/40'
ok $? "report: findings grouped by kind with counts, classes and first/last seen"

# Groups in the kind table's order (cycle before aa before rank), whatever
# the order of the lines.
copy order
tac "$fix/hand/findings.json" >"$tmp/order/findings.json"
run -d "$tmp/order" report
[ $rc -eq 0 ] && [ "$(grep -E '^[a-z].*\((cycle|aa|rank)\):' "$tmp/out" | sed 's/.*(\(.*\)).*/\1/' | tr '\n' ' ')" = "cycle aa rank " ]
ok $? "report: groups in kind order, not file order"

# A kind name with " in " in it: the title's last " in " ends the name.
copy inname
sed 's/lockwarden: rank violation in/lockwarden: sleeping lock in atomic context in/' \
	"$fix/hand/findings.json" >"$tmp/inname/findings.json"
run -d "$tmp/inname" report
[ $rc -eq 0 ] && has 'sleeping lock in atomic context (rank): 1 finding'
ok $? "report: a kind whose name contains \" in \" is named in full"

copy empty
: >"$tmp/empty/findings.json"
run -d "$tmp/empty" report
[ $rc -eq 0 ] && has '0 distinct, 0 occurrences' && hasnt '(cycle)'
ok $? "report: an empty findings.json is no findings, no group"

copy unknown
sed 's/"kind":"rank"/"kind":"future_kind"/' "$fix/hand/findings.json" >"$tmp/unknown/findings.json"
run -d "$tmp/unknown" report
[ $rc -eq 0 ] && has 'rank violation (future_kind): 1 finding' &&
	[ "$(grep -n '(future_kind)' "$tmp/out" | cut -d: -f1)" -gt "$(grep -n '(aa)' "$tmp/out" | cut -d: -f1)" ]
ok $? "report: a kind the tool does not know is grouped after the known ones"

rm "$tmp/empty/findings.json"
fails "$tmp/empty/findings.json: No such file or directory" \
	"report: no findings.json is an error naming the file (exit 2)" \
	-d "$tmp/empty" report

# ===== graph --dot =====

run -d "$fix/hand" graph --dot
[ $rc -eq 0 ] && has 'digraph lockwarden {' &&
	has '"demo_dev_lock" [label="demo_dev_lock\nrank 1", color=red, penwidth=2];' &&
	has '"demo_io_lock" [label="demo_io_lock\nrank 3"];' &&
	has '"demo_cfg_sem" [label="demo_cfg_sem"];' &&
	has '"drv\"q\\s" -> "demo_io_lock/1" [tooltip="drv_irq+0x10/0x40 [lw_demo]"];' &&
	has '"demo_cfg_sem" -> "demo_dev_lock" [tooltip="demo_ioctl+0x31/0x120 [lw_demo]", style=dotted];'
ok $? "graph --dot: nodes with ranks (none for rank 0), edges with sites, names escaped"

# The cycle's learned edge is red, the dependency that closed it dashed red;
# edges outside the cycle are not red.
[ $rc -eq 0 ] &&
	has '"demo_dev_lock" -> "demo_buf_lock" [tooltip="demo_open+0x65/0xff [lw_demo]", color=red, penwidth=2];' &&
	has '"demo_buf_lock" -> "demo_dev_lock" [color=red, penwidth=2, style=dashed];' &&
	[ "$(grep -c 'color=red' "$tmp/out")" -eq 4 ] &&
	! grep -q '"demo_buf_lock" -> "demo_io_lock".*red' "$tmp/out"
ok $? "graph --dot: the cycle of findings.json highlighted, nothing else"

copy nocycle
grep -v '"kind":"cycle"' "$fix/hand/findings.json" >"$tmp/nocycle/findings.json"
rm "$tmp/nocycle/classes"
run -d "$tmp/nocycle" graph --dot
[ $rc -eq 0 ] && hasnt 'red' && has '"demo_dev_lock" [label="demo_dev_lock"];' &&
	[ "$(grep -c '\[label=' "$tmp/out")" -eq 6 ]
ok $? "graph --dot: without cycle findings nothing is red; without classes, nodes from the edges"

# A truncated cycle: its links' edges red, but no closing edge is drawn.
copy truncated
printf '%s\n' '{"serial":1,"signature":"0000000000000001","kind":"cycle","title":"lockwarden: lock-order cycle in f / g","count":1,"first_ns":1,"last_ns":1,"pid":1,"comm":"c","truncated":true,"links":[{"class":"demo_cfg_sem","site":"?"},{"class":"demo_dev_lock","site":"?"},{"class":"demo_buf_lock","site":"?"}],"stacks":[],"detail":{}}' >"$tmp/truncated/findings.json"
run -d "$tmp/truncated" graph --dot
[ $rc -eq 0 ] && [ "$(grep -c -- '-> .*color=red' "$tmp/out")" -eq 2 ] &&
	has '"demo_cfg_sem" -> "demo_dev_lock" [tooltip="demo_ioctl+0x31/0x120 [lw_demo]", style=dotted, color=red, penwidth=2];' &&
	hasnt 'dashed'
dot_rc=$?
run -d "$tmp/truncated" report
[ $dot_rc -eq 0 ] && [ $rc -eq 0 ] && has 'classes: demo_cfg_sem -> demo_dev_lock -> demo_buf_lock ... (truncated)'
ok $? "graph --dot and report: a truncated cycle's links highlighted, no closing edge invented"

# The kind column (classes and graph since lw_completion): an event class
# is an ellipse; files saved before it (the other fixtures) still read.
mkdir -p "$tmp/events"
{
	printf '# id\tname\trank\tacquired\tdeps_out\tdeps_in\tusage\tafter\tkind\n'
	printf '1\tdrv_cfg\t0\t0\t1\t1\t........\tdrv_ready\tlock\n'
	printf '2\tdrv_ready\t0\t0\t1\t1\t........\tdrv_io\tevent\n'
	printf '3\tdrv_io\t0\t0\t0\t1\t........\t\tlock\n'
} >"$tmp/events/classes"
{
	printf '# from\tto\tfrom_excl\tfrom_site\tto_site\tkind\n'
	printf 'drv_cfg\tdrv_ready\t1\tprobe+0x10/0x80 [drv]\tprobe+0x2c/0x80 [drv]\twait\n'
	printf 'drv_ready\tdrv_io\t1\tfw_done+0x40/0x90 [drv]\tfw_done+0x12/0x90 [drv]\tsignal\n'
} >"$tmp/events/graph"
run -d "$tmp/events" graph --dot
[ $rc -eq 0 ] && has '"drv_ready" [label="drv_ready", shape=ellipse];' &&
	has '"drv_cfg" [label="drv_cfg"];' && has '"drv_io" [label="drv_io"];' &&
	has '"drv_cfg" -> "drv_ready" [tooltip="probe+0x2c/0x80 [drv]"];'
ok $? "graph --dot: an event class (kind event) is an ellipse; waits and completions are edges"

sed -i 's/\tevent$/\twork/' "$tmp/events/classes"
run -d "$tmp/events" graph --dot
[ $rc -eq 0 ] && has '"drv_ready" [label="drv_ready\n(work)", shape=ellipse];' &&
	has '"drv_cfg" [label="drv_cfg"];' && hasnt '(lock)'
ok $? "graph --dot: an event class of a known kind (work) says it under its name"

sed -i 's/\twork$/\tworks/' "$tmp/events/classes"
fails "classes:3: invalid record" "classes: a kind that is no lock and no event kind is invalid (exit 2)" \
	-d "$tmp/events" graph --dot
sed -i 's/\tworks$/\tevent/' "$tmp/events/classes"

sed -i 's/\tsignal$/\tsignals/' "$tmp/events/graph"
fails "graph:3: invalid record" "graph: a kind other than lock, wait or signal is invalid (exit 2)" \
	-d "$tmp/events" graph --dot

if command -v dot >/dev/null; then
	run -d "$fix/hand" graph --dot
	dot -Tcanon "$tmp/out" >/dev/null 2>"$tmp/err" && [ ! -s "$tmp/err" ]
	ok $? "graph --dot: Graphviz dot accepts the output, no warning"
else
	skip "graph --dot: Graphviz dot accepts the output, no warning" "graphviz (dot) not installed"
fi

fails 'give --dot' \
	"graph without --dot: usage error (exit 2)" \
	-d "$fix/hand" graph

# ===== stats --prometheus =====

run -d "$fix/hand" stats --prometheus
cp "$tmp/out" "$tmp/prom"
[ $rc -eq 0 ] && python3 "$here/promcheck.py" <"$tmp/prom" 2>"$tmp/err"
ok $? "stats --prometheus: the exposition passes promcheck.py (grammar, families, histograms)"

# Prometheus's own checker and linter, where installed (Debian: prometheus;
# PROMTOOL=path/to/promtool to use one unpacked from the package).
promtool=${PROMTOOL:-promtool}
if command -v "$promtool" >/dev/null; then
	"$promtool" check metrics <"$tmp/prom" >"$tmp/out" 2>"$tmp/err"
	ok $? "stats --prometheus: promtool check metrics accepts it, no lint"
else
	skip "stats --prometheus: promtool check metrics accepts it, no lint" \
		"promtool not installed (Debian package prometheus; or set PROMTOOL)"
fi

python3 "$here/promcheck.py" --series <"$tmp/prom" >"$tmp/series" 2>"$tmp/err"
series() { grep -qxF -- "$1" "$tmp/series"; }
series '["lockwarden_pool_used", {"pool": "lock-classes"}, 6.0]' &&
	series '["lockwarden_pool_capacity", {"pool": "lock-classes"}, 1024.0]' &&
	series '["lockwarden_enabled", {}, 1.0]' &&
	series '["lockwarden_switching", {}, 0.0]' &&
	series '["lockwarden_irqs_off_max_seconds", {}, 0.00395]' &&
	series '["lockwarden_releases_total", {}, 239.0]' &&
	grep -qxF '# TYPE lockwarden_releases_total counter' "$tmp/prom" &&
	grep -qxF '# TYPE lockwarden_max_tasks gauge' "$tmp/prom" &&
	grep -qxF '# TYPE lockwarden_switching gauge' "$tmp/prom" &&
	grep -qxF '# TYPE lockwarden_irqs_off_max_seconds gauge' "$tmp/prom"
ok $? "stats --prometheus: pools as used/capacity gauges, counters as _total, states and maxima gauges, ns in seconds"

series '["lockwarden_lock_hold_seconds_bucket", {"class": "demo_dev_lock", "le": "0.000001023"}, 2.0]' &&
	series '["lockwarden_lock_hold_seconds_bucket", {"class": "demo_dev_lock", "le": "0.000002047"}, 8.0]' &&
	series '["lockwarden_lock_hold_seconds_bucket", {"class": "demo_dev_lock", "le": "0.000008191"}, 12.0]' &&
	series '["lockwarden_lock_hold_seconds_bucket", {"class": "demo_io_lock", "le": "2.147483647"}, 39.0]' &&
	series '["lockwarden_lock_hold_seconds_bucket", {"class": "demo_io_lock", "le": "+Inf"}, 40.0]' &&
	series '["lockwarden_lock_hold_seconds_count", {"class": "demo_io_lock"}, 40.0]' &&
	series '["lockwarden_lock_hold_seconds_sum", {"class": "demo_dev_lock"}, 3.6e-05]' &&
	series '["lockwarden_lock_wait_max_seconds", {"class": "demo_dev_lock"}, 2.9e-06]' &&
	[ "$(grep -c '^\["lockwarden_lock_hold_seconds_bucket", {"class": "demo_dev_lock"' "$tmp/series")" -eq 32 ]
ok $? "stats --prometheus: hold_hist as cumulative le buckets in seconds, _sum and _count"

series '["lockwarden_lock_acquisitions_total", {"class": "drv\"q\\s"}, 7.0]' &&
	grep -qF 'lockwarden_lock_acquisitions_total{class="drv\"q\\s"} 7' "$tmp/prom"
ok $? "stats --prometheus: a class name with '\"' and '\\' escaped in its label, decoded back"

copy nolockstat
rm "$tmp/nolockstat/lockstat"
run -d "$tmp/nolockstat" stats --prometheus
[ $rc -eq 0 ] && hasnt 'lockwarden_lock_' && has 'lockwarden_pool_used{pool="findings"} 3' &&
	python3 "$here/promcheck.py" <"$tmp/out" 2>"$tmp/err"
ok $? "stats --prometheus: without lockstat, the stats alone, still valid"

# A mean hold times the count beyond 64 bits of ns: the sum in floating point.
copy bigsum
sed -i '3s/\t40\t0\t0\t0\t0\t90\t100000190\t/\t40\t0\t0\t0\t0\t90\t18446744073709551615\t/' "$tmp/bigsum/lockstat"
run -d "$tmp/bigsum" stats --prometheus
[ $rc -eq 0 ] && has 'lockwarden_lock_hold_seconds_sum{class="demo_io_lock"} 7.378697629e+11' &&
	python3 "$here/promcheck.py" <"$tmp/out" 2>"$tmp/err"
ok $? "stats --prometheus: a hold sum beyond 64 bits of ns does not wrap"

copy badstats
printf 'enabled: 1\nlock-classes: 6 [max: many]\n' >"$tmp/badstats/stats"
fails 'stats:2:' \
	"stats --prometheus: a malformed stats line is an error naming the line" \
	-d "$tmp/badstats" stats --prometheus

copy badhist
sed -i '2s/,0,0,0$/,0,0/' "$tmp/badhist/lockstat"
fails 'lockstat:2: invalid record' \
	"stats --prometheus: a hold_hist without 32 buckets is an error naming the line" \
	-d "$tmp/badhist" stats --prometheus

# The checker itself rejects what it must (so its passes mean something).
bad_prom() { printf '%b' "$1" | python3 "$here/promcheck.py" 2>/dev/null && return 1 || return 0; }
bad_prom '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n' &&
	bad_prom '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n' &&
	bad_prom '# TYPE x_total counter\nx_total 1\n# TYPE y gauge\ny 1\nx_total{a="b"} 1\n' &&
	bad_prom '# TYPE g gauge\ng{a="x\\q"} 1\n' &&
	bad_prom '# TYPE x counter\nx 1\n' &&
	bad_prom 'x 1\n'
ok $? "promcheck.py: rejects non-cumulative buckets, no +Inf, split families, bad escapes, untyped samples"

# ===== save =====

rm -rf "$tmp/saved"
run -d "$fix/hand" save "$tmp/saved"
[ $rc -eq 0 ] && diff -r "$fix/hand" "$tmp/saved" >/dev/null
ok $? "save: every file copied byte for byte"

# Files that report size 0, as debugfs files do, are read until EOF.
mkdir -p "$tmp/procdir"
ln -sf /proc/version "$tmp/procdir/version"
rm -rf "$tmp/saved"
run -d "$tmp/procdir" save "$tmp/saved"
# shellcheck disable=SC2002 # a pipe: cmp trusts st_size
[ $rc -eq 0 ] && [ "$(stat -L -c %s /proc/version)" -eq 0 ] && [ -s "$tmp/saved/version" ] &&
	cat /proc/version | cmp -s - "$tmp/saved/version"
ok $? "save: a file whose size reads 0 is copied in full"

fails '/proc/lockwarden-no-such-dir' \
	"save: an uncreatable destination is an error (exit 2)" \
	-d "$fix/hand" save /proc/lockwarden-no-such-dir

# ===== diff =====

run -d "$fix/hand" diff "$fix/hand"
[ $rc -eq 0 ] && has '0 new edges of 4, 0 new findings of 3' && hasnt 'new edge:'
ok $? "diff: an unchanged graph and findings pass (exit 0)"

copy newedge
printf 'demo_io_lock\tdemo_cfg_sem\t1\tdemo_poll+0x10/0x80 [lw_demo]\tdemo_poll+0x2c/0x80 [lw_demo]\n' >>"$tmp/newedge/graph"
run -d "$tmp/newedge" diff "$fix/hand"
[ $rc -eq 1 ] && has 'new edge: demo_io_lock -> demo_cfg_sem (at demo_poll+0x2c/0x80 [lw_demo], after demo_poll+0x10/0x80 [lw_demo])' &&
	has '1 new edge of 5, 0 new findings of 3' && [ "$(grep -c '^new ' "$tmp/out")" -eq 1 ]
ok $? "diff: a new edge fails (exit 1) and is listed by class names"

run -d "$fix/hand" diff "$tmp/newedge"
[ $rc -eq 0 ] && has '0 new edges of 4'
ok $? "diff: an edge gone since the baseline is not a failure"

copy newfinding
printf '%s\n' '{"serial":4,"signature":"00000000deadbeef","kind":"upgrade","title":"lockwarden: read-to-write upgrade in demo_cfg / demo_cfg","count":1,"first_ns":1,"last_ns":1,"pid":7,"comm":"x","truncated":false,"links":[{"class":"demo_cfg_sem","site":"?"}],"stacks":[],"detail":{}}' >>"$tmp/newfinding/findings.json"
run -d "$tmp/newfinding" diff "$fix/hand"
[ $rc -eq 1 ] && has 'new finding: 00000000deadbeef upgrade [demo_cfg_sem] lockwarden: read-to-write upgrade in demo_cfg / demo_cfg' &&
	has '0 new edges of 4, 1 new finding of 4'
ok $? "diff: a new finding fails (exit 1) and is listed by signature, kind and classes"

# Another build moves code: new signature and sites, same kind and classes.
copy moved
sed -e 's/8f3a2b1c0d9e8f7a/1111111111111111/' -e 's/+0x61\/0x105/+0x71\/0x115/g' \
	"$fix/hand/findings.json" >"$tmp/moved/findings.json"
run -d "$tmp/moved" diff "$fix/hand"
[ $rc -eq 0 ] && has '0 new findings of 3'
ok $? "diff: a finding with a new signature but the same kind and classes is not new"

copy sameclasses
sed 's/"kind":"rank"/"kind":"cycle"/' "$fix/hand/findings.json" >"$tmp/sameclasses/findings.json"
run -d "$tmp/sameclasses" diff "$fix/hand"
# The signature matches the baseline's rank finding: known by signature.
[ $rc -eq 0 ] && has '0 new findings of 3'
ok $? "diff: a finding whose signature the baseline has is not new"

fails "$tmp/no-such-baseline/graph" \
	"diff: a missing baseline is an error (exit 2)" \
	-d "$fix/hand" diff "$tmp/no-such-baseline"

copy nofindings
rm "$tmp/nofindings/findings.json"
fails 'nofindings/findings.json' \
	"diff: findings.json missing from the run but in the baseline is an error (exit 2)" \
	-d "$tmp/nofindings" diff "$fix/hand"

# ===== merge =====

runs=$fix/runs
run merge "$runs/a" "$runs/b" "$runs/c"
[ $rc -eq 1 ] && has 'cycle no single run saw: cls_a -> cls_b -> cls_c -> cls_a' &&
	has "cls_a -> cls_b at one_b+0x14/0x40 [drv], from $runs/a" &&
	has "cls_b -> cls_c at two_c+0x14/0x40 [drv], from $runs/b" &&
	has "cls_c -> cls_a at three_a+0x14/0x40 [drv], from $runs/c" &&
	has 'merged 3 runs: 5 classes, 4 edges; 1 cycle no single run saw, 0 within one run'
ok $? "merge: a cycle across three runs found (exit 1), each edge with its run"

run merge "$runs/a" "$runs/e"
[ $rc -eq 1 ] && has 'cycle no single run saw: cls_x -> cls_y -> cls_x' &&
	has "cls_x -> cls_y at y+0x1/0x2 [drv], from $runs/a"
ok $? "merge: an ABBA split between two runs found"

run merge "$runs/a" "$runs/b"
[ $rc -eq 0 ] && hasnt 'cycle no single' && has '0 cycles no single run saw, 0 within one run'
ok $? "merge: an acyclic union has no cycle (exit 0)"

run merge "$runs/a" "$runs/d"
[ $rc -eq 0 ] && hasnt 'cycle no single' && has '0 cycles no single run saw, 1 within one run'
ok $? "merge: a cycle one run saw on its own is not reported as new"

rm -rf "$tmp/merged"
run merge -o "$tmp/merged" "$runs/a" "$runs/b" "$runs/c"
[ $rc -eq 1 ] && [ "$(head -n 1 "$tmp/merged/graph")" = "$(printf '# from\tto\tfrom_excl\tfrom_site\tto_site')" ] &&
	[ "$(wc -l <"$tmp/merged/graph")" -eq 5 ] &&
	grep -qxF "$(printf 'cls_x\tcls_y\t1\tx+0x1/0x2 [drv]\ty+0x1/0x2 [drv]')" "$tmp/merged/graph" &&
	grep -qxF "$(printf 'cls_c\tcls_a\t1\tthree_c+0x10/0x40 [drv]\tthree_a+0x14/0x40 [drv]')" "$tmp/merged/graph"
ok $? "merge -o: the union written as a graph file, an edge once, from_excl if any run had it"

run -d "$tmp/merged" graph --dot
[ $rc -eq 0 ] && has '"cls_c" -> "cls_a"' && [ "$(grep -c ' -> ' "$tmp/out")" -eq 4 ]
ok $? "merge -o: the merged graph reads back (graph --dot -d)"

run -d "$fix/runs/a" diff "$tmp/merged"
[ $rc -eq 0 ] && has '(the baseline has no findings.json)'
ok $? "diff: a merged graph as the baseline compares edges only"

# Seventy runs: the run sets span two words; a 15-edge ring from runs 55-69.
big=$tmp/big
dirs=()
for r in $(seq 0 69); do
	mkdir -p "$big/r$r"
	printf '# from\tto\tfrom_excl\tfrom_site\tto_site\n' >"$big/r$r/graph"
	if [ "$r" -ge 55 ]; then
		i=$((r - 55))
		printf 'ring_%d\tring_%d\t1\ts+0x1/0x2\ts+0x2/0x4\n' "$i" $(((i + 1) % 15)) >>"$big/r$r/graph"
	else
		printf 'free_%d\tfree_%d\t1\ts+0x1/0x2\ts+0x2/0x4\n' "$r" $((r + 1)) >>"$big/r$r/graph"
	fi
	dirs+=("$big/r$r")
done
run merge "${dirs[@]}"
[ $rc -eq 1 ] && has 'merged 70 runs: 71 classes, 70 edges; 1 cycle no single run saw, 0 within one run' &&
	has "ring_14 -> ring_0 at s+0x2/0x4, from $big/r69" &&
	[ "$(grep -c '^  ring_' "$tmp/out")" -eq 15 ]
ok $? "merge: seventy runs, a fifteen-class cycle across runs 55 to 69"

fails "$tmp/no-such-run/graph" \
	"merge: a missing run is an error (exit 2)" \
	merge "$runs/a" "$tmp/no-such-run"

copy badgraph
printf 'cls_a\tcls_b\t2\t?\t?\n' >>"$tmp/badgraph/graph"
fails 'badgraph/graph:6: invalid record' \
	"merge: a malformed graph line is an error naming the line" \
	merge "$runs/a" "$tmp/badgraph"

copy badheader
sed -i '1s/to_site/site/' "$tmp/badheader/graph"
fails 'badheader/graph:1: header' \
	"graph: a header that does not name the contract's fields is an error" \
	-d "$tmp/badheader" graph --dot

copy nulgraph
printf 'a\tb\t1\t?\t\000?\n' >>"$tmp/nulgraph/graph"
fails 'nulgraph/graph:6: NUL byte' \
	"graph: a NUL byte is an error naming the file and line" \
	-d "$tmp/nulgraph" graph --dot

# ===== findings.json: the JSON parser =====

# json_bad DESCRIPTION MESSAGE LINE2: a findings.json whose line 2 is LINE2
# must be refused with MESSAGE at line 2.
good=$(head -n 1 "$fix/hand/findings.json")
json_bad() {
	copy json
	printf '%s\n%s\n' "$good" "$3" >"$tmp/json/findings.json"
	run -d "$tmp/json" report
	[ $rc -eq 2 ] && err_has "findings.json:2:" && err_has "$2" && [ ! -s "$tmp/out" ]
	ok $? "json: $1 refused, naming line 2"
}
# finding MEMBERS...: a valid finding with the members given replacing its own.
finding() {
	python3 - "$good" "$@" <<'PY'
import json, sys
o = json.loads(sys.argv[1])
for kv in sys.argv[2:]:
    k, v = kv.split('=', 1)
    if v == 'DELETE':
        del o[k]
    else:
        o[k] = json.loads(v)
print(json.dumps(o, separators=(',', ':')))
PY
}
g=${good%\}}

json_bad "a trailing comma in an object" 'trailing comma' "$g,}"
json_bad "a trailing comma in an array" 'trailing comma' "$g,\"x\":[1,]}"
json_bad "single quotes" "member name (a string) expected" "{'serial':1}"
json_bad "an unterminated string" 'unterminated string' '{"serial'
json_bad "an invalid escape" 'invalid escape' "${g/demo_release \//demo_release \\x/}"
json_bad "a lone high surrogate" 'high surrogate not followed by a low one' "${g/in demo_release/in \\ud83d demo_release}"
json_bad "a lone low surrogate" 'lone low surrogate' "${g/in demo_release/in \\udd12 demo_release}"
json_bad "a raw control character in a string" 'control character 0x09' "${g/in demo_release/in$'\t'demo_release}"
json_bad "\\u0000 in a string" '\u0000 is not supported' "${g/in demo_release/in \\u0000}"
json_bad "a leading zero" 'leading zero' "${g/\"serial\":1/\"serial\":01}"
json_bad "a number without digits after '.'" "digit expected after '.'" "${g/\"serial\":1/\"serial\":1.}"
json_bad "a number with a '+' sign" "unexpected character '+'" "${g/\"serial\":1/\"serial\":+1}"
json_bad "a duplicate member" 'duplicate member "count"' "$g,\"count\":2}"
json_bad "two values on one line" 'unexpected text after the value' "$good$good"
json_bad "a misspelt literal" "invalid literal (expected 'true')" "${g/\"truncated\":false/\"truncated\":tru}"
json_bad "invalid UTF-8" 'invalid UTF-8 in string' "${g/in demo_release/in $'\xff'demo_release}"
json_bad "overlong UTF-8" 'invalid UTF-8 in string' "${g/in demo_release/in $'\xc0\xaf'demo_release}"
json_bad "UTF-8 of a surrogate" 'invalid UTF-8 in string' "${g/in demo_release/in $'\xed\xa0\x80'demo_release}"
json_bad "nesting deeper than 32 levels" 'nesting deeper than 32 levels' "$g,\"x\":$(printf '[%.0s' $(seq 40))$(printf ']%.0s' $(seq 40))}"
json_bad "an empty line" 'empty line' ""
json_bad "an array instead of an object" 'object expected, array found' "[$good]"
json_bad "a missing member" 'member "count" missing' "$(finding count=DELETE)"
json_bad "a member of the wrong type" 'member "count": number expected, string found' "$(finding 'count="4"')"
json_bad "a negative count" 'member "count": unsigned 64-bit integer expected, -1 found' "$(finding count=-1)"
json_bad "a fractional time" 'unsigned 64-bit integer expected, 1.5 found' "$(finding first_ns=1.5)"
json_bad "a count beyond 64 bits" 'unsigned 64-bit integer expected, 18446744073709551616 found' "$(finding count=18446744073709551616)"
json_bad "a signature in upper case" '16 hex digits expected' "$(finding 'signature="8F3A2B1C0D9E8F7A"')"
json_bad "a signature of 17 hex digits" '16 hex digits expected' "$(finding 'signature="8f3a2b1c0d9e8f7a0"')"
json_bad "a link without a site" 'member "site" missing' "$(finding 'links=[{"class":"a"}]')"
json_bad "three stacks" 'at most 2 stacks expected, 3 found' "$(finding 'stacks=[[],[],[]]')"
json_bad "a stack entry that is not a string" 'stacks[0][0]: string expected' "$(finding 'stacks=[[1]]')"
json_bad "detail that is not an object" 'member "detail": object expected, array found' "$(finding 'detail=[]')"

copy nul
{ printf '%s\n' "$good"; printf '{"serial":\0001}\n'; } >"$tmp/nul/findings.json"
fails 'findings.json:2: NUL byte' \
	"json: a NUL byte refused, naming line 2" \
	-d "$tmp/nul" report

# Escapes and Unicode decoded: \" \\ \/ \t, a BMP character and a surrogate
# pair; members the tool does not know and any value types are accepted.
copy escaped
printf '%s\n' "${g/in demo_release/in \\\"q\\\" \\\\ \\/ caf\\u00e9 \\ud83d\\udd12 \\u4e2d tab\\there r\\u00c9sum\\u00e9 demo_release}, \"extra\": [null, true, -1.5e+3, {\"a\": {}}], \"more\" : \"\"}" >"$tmp/escaped/findings.json"
run -d "$tmp/escaped" report
[ $rc -eq 0 ] &&
	has "$(printf 'lockwarden: lock-order cycle in "q" \\ / caf\xe9 \xf0\x9f\x94\x92 \xe4\xb8\xad tab\there r\xc9sum\xe9 demo_release / demo_open')"
ok $? "json: escapes decoded; \\u0080-\\u00ff to bytes, as lockwarden escapes names; above, UTF-8 (a surrogate pair too); unknown members accepted"

# A class name with a byte above 0x7e: raw in graph, \u00XX in findings.json;
# the two name the same class, so the cycle's edge is found and red.
copy bytes
sed -i 's/demo_buf_lock/demo_\xe9_lock/g' "$tmp/bytes/graph" "$tmp/bytes/classes"
sed 's/demo_buf_lock/demo_\\u00e9_lock/g' "$fix/hand/findings.json" >"$tmp/bytes/findings.json"
run -d "$tmp/bytes" graph --dot
[ $rc -eq 0 ] && has "$(printf '"demo_dev_lock" -> "demo_\xe9_lock" [tooltip="demo_open+0x65/0xff [lw_demo]", color=red, penwidth=2];')" &&
	has "$(printf '"demo_\xe9_lock" -> "demo_dev_lock" [color=red, penwidth=2, style=dashed];')" &&
	run -d "$tmp/bytes" diff "$tmp/bytes" && [ $rc -eq 0 ]
ok $? "json: a name's \\u00XX bytes match the same name in graph and classes"

printf '%s' "$good" >"$tmp/escaped/findings.json"
run -d "$tmp/escaped" report
[ $rc -eq 0 ] && has '1 distinct, 1 occurrence'
ok $? "json: a last line without a newline is read"

# Random mutations: never a crash, a refusal names the line, and what the
# tool accepts Python's json accepts too. LWT_FUZZ_SEED picks another walk.
python3 "$here/fuzz_json.py" "$lwt" "$fix/hand/findings.json" 300 "${LWT_FUZZ_SEED:-1}" \
	>"$tmp/out" 2>"$tmp/err"
ok $? "json: 300 random mutations: exit 0 or 2, no sanitizer report, errors name the line"

# ===== copies captured from VM runs (fixtures/vm-*/) =====

# What the module prints today, read from its source: the names of stats'
# lines in order (module/outputs/stats.c, then module/core/state.c) and the
# header line of each table (module/outputs/). A copy captured before a
# format change differs: capture it again (fixtures/README).
mod=$here/../../../module
sed -n '/lw_figure_descs\[\] = {/,/^};/s/.*"\([a-z_-]*\)".*/\1/p' "$mod/outputs/stats.c" \
	>"$tmp/stat_names"
sed -n '/lw_stat_names\[\] = {/,/^};/s/.*"\([a-z_-]*\)".*/\1/p' "$mod/core/state.c" \
	>>"$tmp/stat_names"
grep -ho '"# [^"]*"' "$mod"/outputs/*.c | sed 's/^"//; s/"$//; s/\\n$//; s/\\t/\t/g' \
	>"$tmp/headers"
[ "$(grep -c . "$tmp/stat_names")" -gt 30 ] && [ "$(grep -c . "$tmp/headers")" -ge 4 ]
ok $? "module source: the names of stats' lines and the tables' headers read from it"

# Every command on each saved copy of a real run's debugfs directory
# (fixtures/capture.sh), which must hold every file the command reads.
captured=0
for d in "$fix"/vm-*/; do
	captured=$((captured + 1))
	name=${d%/}
	name=${name##*/}
	missing=
	for f in findings.json graph classes stats lockstat; do
		[ -f "$d/$f" ] || missing="$missing $f"
	done
	[ -z "$missing" ]
	ok $? "$name: holds every file the command reads (missing:${missing:- none})"
	stale=
	cut -d: -f1 "$d/stats" | cmp -s - "$tmp/stat_names" || stale=" stats"
	for f in classes graph held lockstat; do
		[ -f "$d/$f" ] && { head -1 "$d/$f" | grep -qxFf "$tmp/headers" || stale="$stale $f"; }
	done
	[ -z "$stale" ]
	ok $? "$name: in the module's formats of today (stale:${stale:- none}; fixtures/README)"
	run -d "$d" report
	[ $rc -eq 0 ] && [ "$(grep -c '^  #[0-9]' "$tmp/out")" -eq "$(grep -c . "$d/findings.json")" ]
	ok $? "$name: report lists every finding"
	run -d "$d" graph --dot
	[ $rc -eq 0 ] &&
		[ "$(grep -c -- ' -> .*tooltip=' "$tmp/out")" -eq "$(($(wc -l <"$d/graph") - 1))" ] &&
		{ ! command -v dot >/dev/null || dot -Tcanon "$tmp/out" >/dev/null 2>&1; }
	ok $? "$name: graph --dot draws every edge (and dot accepts it)"
	run -d "$d" diff "$d"
	[ $rc -eq 0 ]
	ok $? "$name: diff against itself: nothing new"
	run -d "$d" stats --prometheus
	# One histogram per lockstat line, its count the sum of hold_hist.
	[ $rc -eq 0 ] && python3 "$here/promcheck.py" <"$tmp/out" 2>"$tmp/err" &&
		tail -n +2 "$d/lockstat" | while IFS=$'\t' read -r cls _ _ _ _ _ _ _ _ hist; do
			sum=$(($(printf '%s' "$hist" | tr ',' '+')))
			grep -qxF "lockwarden_lock_hold_seconds_count{class=\"$cls\"} $sum" "$tmp/out" || exit 1
		done
	ok $? "$name: stats --prometheus passes promcheck.py, a histogram per lockstat class"
	rm -rf "$tmp/capsave"
	run -d "$d" save "$tmp/capsave"
	[ $rc -eq 0 ] && diff -r "$d" "$tmp/capsave" >/dev/null
	ok $? "$name: save copies it unchanged"
done
[ -d "$fix/vm-debug" ] && [ -d "$fix/vm-stock" ] && [ -d "$fix/vm-scenarios" ] &&
	[ -d "$fix/vm-lockstat" ]
ok $? "copies captured from VM runs: the four of fixtures/README among the $captured"

# ===== -k: sites named as source lines =====

# fixtures/sites/lwt-fix.c built as a module is: relocatable, with -g. Its
# sites are the return addresses of its calls to lwt_fix_take(), named as
# the kernel names them: func+0xoff/0xsize [lwt_fix].
src=$fix/sites/lwt-fix.c
objs=$tmp/objs
mkdir -p "$objs/drivers/lwt"
if ! command -v "${CC:-gcc}" >/dev/null || ! command -v objdump >/dev/null ||
	! command -v addr2line >/dev/null; then
	skip "-k: sites resolved to file:line" "needs a C compiler and binutils"
elif ! "${CC:-gcc}" -g -O2 -fno-optimize-sibling-calls -c -o "$objs/drivers/lwt/lwt-fix.ko" \
	"$src" 2>"$tmp/err"; then
	ok 1 "-k: the fixture object builds"
else
	ko=$objs/drivers/lwt/lwt-fix.ko
	# "func HEX" per call: the address of the instruction after it.
	objdump -dr "$ko" | awk '
		/^[0-9a-f]+ <.*>:$/ { f = $2; gsub(/[<>:]/, "", f) }
		want && /^ *[0-9a-f]+:/ { a = $1; sub(/:$/, "", a); print f, a; want = 0 }
		/R_X86_64_PLT32\tlwt_fix_take|R_AARCH64_CALL26\tlwt_fix_take/ { want = 1 }' \
		>"$tmp/calls"
	# site FUNC N: the site of FUNC's Nth call.
	site() {
		local base size addr

		read -r base size < <(nm -S "$ko" | awk -v f="$1" '$4 == f { print $1, $2 }')
		addr=$(awk -v f="$1" -v n="$2" '$1 == f && ++i == n { print $2 }' "$tmp/calls")
		printf '%s+0x%x/0x%x [lwt_fix]' "$1" $((0x$addr - 0x$base)) $((0x$size))
	}
	line() { grep -n "lwt-fix: $1" "$src" | cut -d: -f1; }
	first=$(site lwt_fix_site 1) inlined=$(site lwt_fix_site 2)
	last=$(site lwt_fix_site 3) init=$(site lwt_fix_init 1)
	mkdir -p "$tmp/k"
	cp "$fix/hand/classes" "$tmp/k/"
	# kgraph DIR FROM_SITE TO_SITE...: DIR/graph, edges k_1 -> k_2 -> ...
	kgraph() {
		local dir=$1 i=1

		shift
		{
			printf '# from\tto\tfrom_excl\tfrom_site\tto_site\n'
			while [ $# -ge 2 ]; do
				printf 'k_%d\tk_%d\t1\t%s\t%s\n' $i $((i + 1)) "$1" "$2"
				i=$((i + 1))
				shift 2
			done
		} >"$dir/graph"
	}
	kgraph "$tmp/k" "$first" "$last" "$init" "$inlined" '?' 'other_fn+0x10/0x40 [other_mod]'
	sed "s|demo_release+0x61/0x105 \[lw_demo\]|$first|; s|demo_open+0x65/0xff \[lw_demo\]|$init|" \
		"$fix/hand/findings.json" >"$tmp/k/findings.json"

	run -d "$tmp/k" -k "$ko" report
	[ $rc -eq 0 ] && has "      at $first ($src:$(line first))" &&
		has "      at $init ($src:$(line init))" &&
		grep -qx '      at demo_write+0x3b/0x90 \[lw_demo\]' "$tmp/out"
	ok $? "-k FILE.ko: report names each link's site with its line, in .text and .init.text; another module's stays bare"

	# The call's line, not the next instruction's; the caller's, not the
	# inline wrapper's.
	run -d "$tmp/k" -k "$objs" graph --dot
	[ $rc -eq 0 ] && has "tooltip=\"$last ($src:$(line last))\"" &&
		has "tooltip=\"$inlined ($src:$(line inlined))\"" &&
		hasnt ":$(line wrapper))" && hasnt ":$(line before))" &&
		has 'tooltip="other_fn+0x10/0x40 [other_mod]"'
	ok $? "-k DIR: graph --dot finds lwt-fix.ko under the directory; the call's own line, not the inline wrapper's or the next one's"

	# The kernel's size of a function is the distance to the next symbol
	# (padding included), not the ELF's: both are accepted.
	read -r bstart bsize < <(nm -S "$ko" | awk '$4 == "lwt_fix_before" { print $1, $2 }')
	sstart=$(nm "$ko" | awk '$3 == "lwt_fix_site" { print $1 }')
	before=$(site lwt_fix_before 1)
	padded="${before%/*}/0x$(printf '%x' $((0x$sstart - 0x$bstart))) [lwt_fix]"
	kgraph "$tmp/k" "$before" "$padded"
	run -d "$tmp/k" -k "$ko" graph --dot
	[ $rc -eq 0 ] && [ $((0x$sstart - 0x$bstart)) -ne $((0x$bsize)) ] &&
		has "tooltip=\"$padded ($src:$(line before))\""
	ok $? "-k: a site with the kernel's size of its function, padding included, resolved"
	kgraph "$tmp/k" "$first" "$last" "$init" "$inlined" '?' 'other_fn+0x10/0x40 [other_mod]'

	run -d "$tmp/k" -k "$ko" diff "$fix/hand"
	[ $rc -eq 1 ] && has "new edge: k_1 -> k_2 (at $last ($src:$(line last)), after $first ($src:$(line first)))"
	ok $? "-k: diff names a new edge's sites with their lines"

	run -d "$tmp/k" report
	[ $rc -eq 0 ] && hasnt "      at " && hasnt "lwt-fix.c"
	ok $? "without -k: report prints no sites and no lines"

	# A site whose size differs: another build than the one that ran. The
	# last function of a section fits any size from the section's end on
	# (kallsyms runs it to the end of the module's memory: a page for init).
	kgraph "$tmp/k" "$first" "${before%/*}/0x999 [lwt_fix]" "$inlined" "${init%/*}/0x1000 [lwt_fix]"
	run -d "$tmp/k" -k "$ko" graph --dot
	[ $rc -eq 0 ] && has "tooltip=\"${before%/*}/0x999 [lwt_fix]\"" &&
		err_has "no function lwt_fix_before of 0x999 bytes: not the object that ran?" &&
		has "tooltip=\"${init%/*}/0x1000 [lwt_fix] ($src:$(line init))\""
	ok $? "-k: a function of another size is not resolved, and says why; the last of .init.text with a page's size is"

	ADDR2LINE=$tmp/no-such-addr2line run -d "$tmp/k" -k "$ko" report
	[ $rc -eq 0 ] && err_has "no-such-addr2line: not found" && hasnt "lwt-fix.c" &&
		[ "$(grep -c 'not found' "$tmp/err")" -eq 1 ]
	ok $? "-k: no addr2line: said once, sites printed bare (exit 0)"

	# vmlinux (a linked executable: addresses are not section-relative)
	# names sites without a module; the functions are the same code.
	mkdir -p "$objs/vm" "$tmp/kv"
	cp "$tmp/k/findings.json" "$tmp/kv/"
	kgraph "$tmp/kv" "${first% *}" "${last% *}"
	if "${CC:-gcc}" -g -O2 -fno-optimize-sibling-calls -nostdlib -static -Wl,-e,lwt_fix_site \
		-Wl,--unresolved-symbols=ignore-all -o "$objs/vm/vmlinux" "$src" 2>"$tmp/err"; then
		run -d "$tmp/kv" -k "$objs/vm/vmlinux" -k "$ko" graph --dot
		[ $rc -eq 0 ] && has "tooltip=\"${last% *} ($src:$(line last))\""
		ok $? "-k vmlinux: a site without a module resolved in the linked vmlinux"
	else
		skip "-k vmlinux: a site without a module resolved in the linked vmlinux" \
			"the compiler cannot link a static executable"
	fi

	# Not an ELF object: said, and the sites stay bare.
	mkdir -p "$objs/bad"
	echo 'not an object' >"$objs/bad/lwt-fix.ko"
	run -d "$tmp/k" -k "$objs/bad/lwt-fix.ko" report
	[ $rc -eq 0 ] && err_has "lwt-fix.ko: not a 64-bit ELF object" && hasnt "lwt-fix.c" &&
		has "      at $first"
	ok $? "-k: a file that is not an ELF object: said, sites printed bare (exit 0)"

	fails "$tmp/none.ko: No such file or directory" "-k: a missing object is an error (exit 2)" \
		-d "$tmp/k" -k "$tmp/none.ko" report
	fails "option not valid for command stats" "-k: not an option of stats (exit 2)" \
		-d "$tmp/k" -k "$ko" stats --prometheus
fi

# ===== the man page =====

if command -v groff >/dev/null; then
	groff -man -ww -z "$here/../lockwarden.1" >"$tmp/out" 2>"$tmp/err" && [ ! -s "$tmp/err" ]
	ok $? "lockwarden.1: groff -man -ww formats it with no warning"
else
	skip "lockwarden.1: groff -man -ww formats it with no warning" "groff not installed"
fi

# ===== usage =====

run frobnicate
[ $rc -eq 2 ] && err_has 'unknown command: frobnicate' && err_has 'usage:'
ok $? "usage: an unknown command is exit 2 with the usage"

fails 'wrong number of arguments for report' \
	"usage: extra arguments are exit 2" \
	-d "$fix/hand" report extra

run --help
[ $rc -eq 0 ] && has 'lockwarden [-k OBJECT]... merge [-o OUTDIR] DIR...' && has '-k names sites'
ok $? "usage: --help prints the usage (exit 0)"

tap_end
