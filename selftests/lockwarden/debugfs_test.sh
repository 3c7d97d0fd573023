#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kselftest of lockwarden's debugfs files (Documentation/debugfs.rst) on a
# running kernel: every file read while findings are raised, the control
# file under bad writes, the report modes, class filters, held locks and
# the findings ring's wraparound. Prints findings.json as "# json<N>: "
# comment lines for a JSON parser on the host (selftests/debugfs_json.py).
#
# Usage: debugfs_test.sh [MODULE_DIR]   (default: /lib/lockwarden)
# Output is TAP; exit 0 pass, 1 fail, 4 skip (kselftest's KSFT_SKIP).

moddir=${1:-/lib/lockwarden}
run=/sys/module/lw_scenario/parameters/run
param=/sys/module/lockwarden/parameters
tmp=${TMPDIR:-/tmp}/lw_debugfs_test
T=$(printf '\t')
# ok, skip, check, not, ksft_begin and tap_end.
# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"
ctl=$dbg/control

# mark NAME: a line in the kernel log; since NAME: the log from it on.
mark() { echo "lw_debugfs_test: mark $1" >/dev/kmsg; }
since() { dmesg | sed -n "/lw_debugfs_test: mark $1\$/,\$p"; }
# Finding titles lockwarden printed on the console since mark NAME.
ntitles() { since "$1" | grep -c '] lockwarden: .* in '; }
# Any kernel warning, BUG or oops so far but lockdep's reports, which the
# scenarios provoke on purpose, and the WARNINGs of mode=warn.
dmesg_bugs() {
	dmesg_ours | grep -E 'WARNING:|BUG:|Oops|general protection' |
		grep -vE 'lw_report_console|possible (circular|recursive) locking|inconsistent lock state|lock held when returning' |
		grep -q .
}
# write_fails ERRNO_TEXT: stdin, saved to a file, written to control in one
# write(2), fails with that error.
write_fails() {
	cat >"$tmp/in"
	dd if="$tmp/in" of="$ctl" bs=8192 2>"$tmp/err" && return 1
	grep -q "$1" "$tmp/err"
}
# snapshot NAME: what a rejected write must leave unchanged.
snapshot() {
	cat "$ctl" >"$tmp/$1.control"
	cat "$dbg/findings.json" >"$tmp/$1.json"
	stat_of findings_raised >"$tmp/$1.raised"
}
unchanged() {
	cmp -s "$tmp/$1.control" "$ctl" && cmp -s "$tmp/$1.json" "$dbg/findings.json" &&
		[ "$(stat_of findings_raised)" = "$(cat "$tmp/$1.raised")" ]
}
dump_json() { sed "s/^/# json$1: /" "$dbg/findings.json"; }

ksft_begin "$moddir" 73
rm -rf "$tmp" && mkdir -p "$tmp"
check "insmod lockwarden.ko" insmod "$moddir/lockwarden.ko"
check "insmod lw_scenario.ko" insmod "$moddir/lw_scenario.ko"

# --- The files and their headers ---
modes=
for f in findings findings.json classes graph held stats lockstat control; do
	modes="$modes $f:$(stat -c %a "$dbg/$f")"
done
[ "$modes" = " findings:400 findings.json:400 classes:400 graph:400 held:400 stats:400 lockstat:400 control:600" ]
ok $? "every file exists, root-only, no write bit but control's (a locked-down kernel reads the others)" \
	"modes:$modes"
[ "$(head -n 1 "$dbg/classes")" = "$(printf '# id\tname\trank\tacquired\tdeps_out\tdeps_in\tusage\tafter\tkind')" ] &&
	[ "$(head -n 1 "$dbg/graph")" = "$(printf '# from\tto\tfrom_excl\tfrom_site\tto_site\tkind')" ] &&
	[ "$(cat "$dbg/held")" = "$(printf '# pid\tcomm\tcontext\tdepth\tclass\tmode\tsite')" ]
ok $? "classes, graph and held start with their headers; nothing is held"
[ "$(cat "$ctl")" = "$(printf 'checking=on\nmode=report\nlockstat=off')" ]
ok $? "control reads the default settings"
[ ! -s "$dbg/findings.json" ] && [ "$(wc -l <"$dbg/graph")" -eq 1 ]
ok $? "no finding and no dependency after load"

# --- Content: a cycle, a rank violation, an irq inversion, odd names ---
# The inversion is a spinlock_t's in a tasklet; on PREEMPT_RT, where a
# spinlock_t sleeps and is no inversion there, a raw spinlock's in a hard
# irq_work (irq_raw), and so also in the readers' rounds below.
irq=irq_softirq irq_class=lw_sc_softirq irq_usage=.-+-.... irq_hard=irq_hardirq
is_preempt_rt && irq=irq_raw irq_class=lw_sc_hardirq_raw irq_usage=+-.-.... irq_hard=irq_raw
play abba && play rank && play $irq && play odd_names
ok $? "scenarios abba, rank, $irq and odd_names run"
[ "$(wc -l <"$dbg/findings.json")" -eq "$(nfindings)" ] && [ "$(nfindings)" -eq 4 ]
ok $? "findings.json has one line per finding, four of them"
grep "^lw_scenario_a${T}lw_scenario_b${T}1${T}lw_scenario_abba_forward+0x" "$dbg/graph" |
	grep -qF " [lw_scenario]${T}lw_scenario_abba_forward+0x" &&
	not grep -q "^lw_scenario_b${T}lw_scenario_a${T}" "$dbg/graph"
ok $? "graph has the learned edge a -> b with its sites, not the cycle's b -> a"
# class_is NAME RANK ACQUIRED OUT IN USAGE AFTER: classes has exactly that
# line, of a lock class.
class_is() {
	awk -F "$T" -v want="$*" 'NF == 9 && $9 == "lock" {
		line = $2 " " $3 " " $4 " " $5 " " $6 " " $7 " " $8
		sub(/ $/, "", line)
		if (line == want) found = 1
	} END { exit !found }' "$dbg/classes"
}
class_is lw_scenario_a 0 0 1 0 ........ lw_scenario_b &&
	class_is lw_sc_rank_hi 2 0 1 0 ........ lw_sc_rank_lo &&
	class_is lw_sc_rank_lo 1 0 0 1 ........ &&
	class_is $irq_class 0 0 0 0 $irq_usage &&
	not class_is $irq_class 0 0 0 0 ........
ok $? "classes shows ranks, degrees, usage letters and the classes after"
grep -q "$(printf '\tlw_sc_odd"q\\\\_\001\351\t')" "$dbg/classes" &&
	not grep -q "$(printf 'lw_sc_odd"q\\\\\t')" "$dbg/classes"
ok $? "a TAB in a class name is printed as _ in classes"
grep -q '^stack of [^ ]*/[0-9]* when it raised this:$' "$dbg/findings" &&
	grep -A1 '^stack when the dependency lw_scenario_a -> lw_scenario_b was learned:$' "$dbg/findings" |
	grep -q '^  lw_scenario_abba_forward+'
ok $? "the cycle shows the raiser's stack and the one saved when a -> b was learned"
[ "$(grep -c '^stack when the dependency' "$dbg/findings")" -eq 2 ]
ok $? "only the two cycles have a second stack"
dump_json 1

# --- A wait and an event (waits.rst): their kinds in classes, graph, findings.json ---
play completion &&
	grep -q "${T}lw_scenario_done${T}.*${T}completion\$" "$dbg/classes" &&
	grep -q "${T}lw_scenario_cfg${T}.*${T}lock\$" "$dbg/classes" &&
	grep -q "^lw_scenario_cfg${T}lw_scenario_done${T}1${T}lw_scenario_wait+0x.*${T}lw_scenario_wait+0x.*${T}wait\$" \
		"$dbg/graph" &&
	grep -q '"kind":"cycle".*"links":\[{"class":"lw_scenario_done","site":"lw_scenario_complete+[^"]*","event":"completion"},{"class":"lw_scenario_cfg","site":"lw_scenario_wait+' \
		"$dbg/findings.json"
ok $? "an event class has its kind (completion) in classes and findings.json, a wait kind wait in graph"

# --- control: bad writes change nothing ---
snapshot before
printf 'bogus' | write_fails 'Invalid argument'
ok $? "an unknown verb fails with EINVAL"
dmesg | grep -q "lockwarden: control: unknown verb 'bogus'"
ok $? "and says so in one kernel line"
bad=0
for v in 'ON' 'on ' ' on' 'on\n\n' '\n' 'mode=' 'mode=loud' 'mode= warn' 'mode' \
	'filter' 'filter=' 'off=1' 'reset=now' 'unfilter=' 'on\0' 'on\0off' '\0' 'mode=warn\0' 'mode=warn\n\n' 'filter=a\tb'; do
	# shellcheck disable=SC2059 # $v is a format: its escapes make the bytes
	printf "$v" | write_fails 'Invalid argument' || { bad=1; echo "# accepted: $v"; }
done
printf 'on\000' >"$tmp/nul"
[ "$(wc -c <"$tmp/nul")" -eq 3 ] || { bad=1; echo "# printf cannot write a NUL byte here"; }
ok $bad "malformed verbs, NUL bytes and stray whitespace all fail with EINVAL"
head -c 4097 /dev/zero | tr '\0' o | write_fails 'Invalid argument'
ok $? "a write over a page fails with EINVAL"
head -c 4096 /dev/zero | tr '\0' o | write_fails 'Invalid argument'
ok $? "a page-sized garbage verb fails with EINVAL"
bad=0
i=0
while [ $i -lt 200 ]; do
	head -c $((i % 70 + 1)) /dev/urandom >"$tmp/rnd"
	dd if="$tmp/rnd" of="$ctl" bs=8192 2>/dev/null && { bad=1; od -c "$tmp/rnd" | sed 's/^/# /'; }
	i=$((i + 1))
done
ok $bad "200 writes of random bytes all fail"
# One verb split over two writes of one open file: two bad verbs.
sh -c "exec 3>$ctl; printf mo >&3; printf de=silent >&3" 2>/dev/null
ok $((! $?)) "a verb split over two writes fails"
printf 'budget=a\tb:5' | write_fails 'Invalid argument' &&
	printf 'budget=a\nb:5' | write_fails 'Invalid argument' && not grep -q '^budget=' "$ctl"
ok $? "a budget's class name with a TAB or a newline fails with EINVAL"
printf 'filter=a/3\n\n' | write_fails 'Invalid argument' &&
	printf 'budget=a:5\n\n' | write_fails 'Invalid argument' && not grep -q -e '^filter=' -e '^budget=' "$ctl"
ok $? "a subclass or a budget followed by two newlines fails with EINVAL"
unchanged before
ok $? "after every rejected write: settings, findings and counts unchanged"
printf 'unfilter=nothere' | write_fails 'No such file'
ok $? "unfilter of a class not filtered fails with ENOENT"
check "no kernel warning from bad writes" not dmesg_bugs

# --- Verbs that work ---
echo off >"$ctl" && grep -qx 'checking=off' "$ctl" && grep -q '^enabled: 0$' "$dbg/stats" &&
	grep -qx N "$param/enabled"
ok $? "off switches checking off, as the enabled parameter shows"
had=$(nfindings)
echo abba_mutex >"$run"
[ "$(nfindings)" -eq "$had" ]
ok $? "checking off: a new cycle is not found"
printf 'on\n' >"$ctl" && grep -qx 'checking=on' "$ctl" && grep -qx Y "$param/enabled"
ok $? "on (with a newline) switches it back on"
echo mode=silent >"$ctl" && grep -qx 'mode=silent' "$ctl" && grep -qx silent "$param/mode"
ok $? "mode=silent is read back from control and the mode parameter"
echo warn >"$param/mode" && grep -qx 'mode=warn' "$ctl"
ok $? "the mode parameter is mirrored in control"
echo report >"$param/mode" && ! { echo loud >"$param/mode"; } 2>/dev/null
ok $? "the mode parameter refuses an unknown mode"
grep -qx 'mode=report' "$ctl"
ok $? "and keeps the mode it had"

# --- Switching on while a spinning lock taken when off is held ---
# on then returns before the switch can end (it waits 5 s): until the lock
# is released, acquisitions are recorded, not checked, and stats says so.
echo off >"$ctl" && echo switch_hold >"$run" && echo on >"$ctl" &&
	grep -qx 'checking=on' "$ctl" && [ "$(stat_of switching)" = 1 ]
ok $? "on while a spinlock taken when off is held: checking=on, stats switching: 1"
unchecked=$(stat_of acquisitions_unchecked)
had=$(nfindings)
echo switch_abba >"$run"
[ "$(stat_of acquisitions_unchecked)" -ge $((unchecked + 4)) ]
ok $? "switching: the four acquisitions of an inversion are counted unchecked"
[ "$(nfindings)" -eq "$had" ] && ! grep -q lw_sc_switch "$dbg/findings"
ok $? "switching: the inversion is not a finding"
echo switch_release >"$run" && [ "$(stat_of switching)" = 0 ]
ok $? "the spinlock released (and a grace period): stats switching: 0"
unchecked=$(stat_of acquisitions_unchecked)
echo switch_abba >"$run"
[ "$(nfindings)" -eq $((had + 1)) ] &&
	grep -q 'takes lw_sc_switch_a while holding lw_sc_switch_b' "$dbg/findings" &&
	[ "$(stat_of acquisitions_unchecked)" -eq "$unchecked" ]
ok $? "switched on: the same inversion is one finding, nothing unchecked"
# The guarded data's lock, free, was last taken (or set up) before the
# switches above: the kernel says nobody holds it, so this task surely
# does not.
had=$(nfindings)
echo unguarded >"$run"
[ "$(nfindings)" -eq $((had + 1)) ] &&
	grep -qx 'lockwarden: unguarded access in lw_scenario_unguarded' "$dbg/findings"
ok $? "guarded data reached without its lock, free and last taken before a switch off and on: one finding"

# --- Modes ---
echo mode=silent >"$ctl"
mark silent
had=$(nfindings)
echo abba_spin >"$run"
[ "$(nfindings)" -eq $((had + 1)) ] && grep -q 'takes lw_sc_spin_abba_a while holding' "$dbg/findings"
ok $? "silent: the finding is stored"
since silent | grep -q 'lw_scenario: ran abba_spin' && [ "$(ntitles silent)" -eq 0 ] &&
	! since silent | grep -q 'lw_sc_spin_abba_a'
ok $? "silent: nothing on the console"
echo mode=report >"$ctl"
mark report
echo abba_rwsem >"$run"
[ "$(ntitles report)" -eq 1 ] && since report | grep -q 'takes lw_sc_rwsem_abba_a while holding'
ok $? "report: the next finding is on the console"
! since report | grep -q 'WARNING:'
ok $? "report: no WARNING"
echo mode=warn >"$ctl"
mark warn
echo abba_rwlock >"$run"
since warn | grep -q 'takes lw_sc_rwlock_abba_a while holding' &&
	since warn | grep -q 'WARNING: .* lw_report_console' &&
	since warn | grep -q 'lockwarden: lock-order cycle (finding #[0-9]*)' &&
	since warn | sed -n '/WARNING: .* lw_report_console/,$p' | grep -q 'lw_scenario_shape_rwlock'
ok $? "warn: the report, then a WARNING with the raiser's stack"
[ "$(since warn | grep -c 'WARNING: .* lw_report_console')" -eq 1 ]
ok $? "warn: one WARNING per finding"
echo abba_rwlock >"$run"
[ "$(since warn | grep -c 'WARNING: .* lw_report_console')" -eq 1 ]
ok $? "warn: the same finding again gives no second WARNING"
echo mode=report >"$ctl"

# --- Filters ---
echo filter=lw_sc_mutex_abbcca_a >"$ctl" && echo filter=lw_sc_spin_abbcca_b/1 >"$ctl" &&
	echo filter=lw_sc_mutex_abbcca_a >"$ctl" &&
	[ "$(grep '^filter=' "$ctl")" = "$(printf 'filter=lw_sc_mutex_abbcca_a\nfilter=lw_sc_spin_abbcca_b/1')" ]
ok $? "filters are listed once each, a subclass as name/N"
had=$(nfindings)
filtered=$(stat_of findings_filtered)
raised=$(stat_of findings_raised)
echo abbcca_mutex >"$run"
[ "$(nfindings)" -eq "$had" ] && not grep -q 'lw_sc_mutex_abbcca' "$dbg/findings"
ok $? "a cycle through a filtered class is not stored"
[ "$(stat_of findings_filtered)" -eq $((filtered + 1)) ] &&
	[ "$(stat_of findings_raised)" -eq "$raised" ]
ok $? "it counts in findings_filtered, not findings_raised"
echo abbcca_spin >"$run"
[ "$(nfindings)" -eq $((had + 1)) ]
ok $? "a filter of subclass 1 does not hide subclass 0"
echo unfilter=lw_sc_mutex_abbcca_a >"$ctl" && not grep -q 'filter=lw_sc_mutex' "$ctl"
ok $? "unfilter=CLASS removes that filter"
echo abbcca_mutex >"$run"
[ "$(nfindings)" -eq $((had + 2)) ] && grep -q 'takes lw_sc_mutex_abbcca_a while holding' "$dbg/findings"
ok $? "unfiltered, the same cycle is found again"
i=0
while [ $i -lt 15 ]; do echo "filter=lw_fake_$i" >"$ctl" || break; i=$((i + 1)); done
[ $i -eq 15 ] && printf 'filter=one_too_many' | write_fails 'No space left'
ok $? "sixteen filters fit, the seventeenth fails with ENOSPC"
echo unfilter >"$ctl" && not grep -q '^filter=' "$ctl"
ok $? "unfilter removes every filter"
# settings_back FILE: each line of control as FILE saved it, written back
# (checking=X as the verb X).
settings_back() {
	while IFS= read -r line; do
		case "$line" in checking=*) line=${line#checking=} ;; esac
		printf '%s\n' "$line" >"$ctl" || return 1
	done <"$1"
}
printf 'filter=odd name/with=signs' >"$ctl" && printf 'filter=odd name/3' >"$ctl" &&
	printf 'budget=a:b c:250' >"$ctl" && echo mode=silent >"$ctl" && cat "$ctl" >"$tmp/settings" &&
	echo unfilter >"$ctl" && printf 'budget=a:b c:0' >"$ctl" && echo mode=report >"$ctl" &&
	not grep -q -e '^filter=' -e '^budget=' "$ctl" &&
	settings_back "$tmp/settings" && cmp -s "$tmp/settings" "$ctl" &&
	[ "$(grep -c -e '^filter=' -e '^budget=' "$ctl")" -eq 3 ]
ok $? "every line control reads, written back, makes the same settings"
echo unfilter >"$ctl" && printf 'budget=a:b c:0' >"$ctl" && echo mode=report >"$ctl"

# --- Every file read while findings are raised ---
: >"$tmp/readfail"
reader() {
	while [ ! -e "$tmp/stop" ]; do
		for f in findings findings.json classes graph held stats control; do
			cat "$dbg/$f" >/dev/null || echo "$f" >>"$tmp/readfail"
		done
	done
}
reader &
r1=$!
reader &
r2=$!
bad=0
for _ in 1 2 3; do
	for shape in abba abbcca abcabc abbccdda abcdbdda abcdbcda; do
		for type in mutex spin rwsem rwsem_read rwlock rwlock_read; do
			echo "${shape}_$type" >"$run" || bad=1
		done
		echo mode=silent >"$ctl" && echo filter=lw_sc_spin_abba_a >"$ctl" &&
			echo unfilter >"$ctl" && echo mode=report >"$ctl" || bad=1
	done
	echo unguarded >"$run" && echo $irq_hard >"$run" || bad=1
	echo reset >"$ctl" || bad=1
done
touch "$tmp/stop"
wait $r1 $r2
[ $bad -eq 0 ] && [ ! -s "$tmp/readfail" ]
ok $? "two readers of every file while 3 rounds of 38 scenarios and resets run: every read succeeds"
check "no kernel warning, BUG or oops during it" not dmesg_bugs
[ "$(nfindings)" -eq 0 ] && [ ! -s "$dbg/findings.json" ] && [ "$(wc -l <"$dbg/graph")" -eq 1 ]
ok $? "reset leaves no finding and no dependency"
echo abba >"$run"
[ "$(nfindings)" -eq 1 ] && grep -q '^finding #1: seen 1 time' "$dbg/findings"
ok $? "after reset the same cycle is found again, as finding #1"

# --- held: the locks held now, never a dead task's ---
sh -c "echo hold >$run; echo \$\$ >$tmp/pid; cat $dbg/held >$tmp/held.live; true"
pid=$(cat "$tmp/pid")
grep -q "^$pid${T}sh${T}task${T}0${T}lw_scenario_a${T}write${T}lw_scenario_hold+0x" "$tmp/held.live"
ok $? "held shows the lock a live task holds, with pid, comm, context, depth, mode, site" \
	"$(sed 's/^/held: /' "$tmp/held.live")"
[ "$(grep -c 'lw_scenario_a' "$tmp/held.live")" -eq 1 ]
ok $? "and only that lock"
not grep -q lw_scenario_a "$dbg/held"
ok $? "held does not show the locks of a task that has exited"
# A timer's callback on the last CPU holding a lock: the file read on CPU
# 0 shows it in that CPU's softirq context (pid 0, comm -); on PREEMPT_RT,
# where tasks serve softirqs, in the serving task's. Gone once released.
held_bh="0${T}-${T}softirq:[0-9][0-9]*"
is_preempt_rt && held_bh="[1-9][0-9]*${T}[^${T}-][^${T}]*${T}softirq"
taskset -c 0 sh -c "echo bh_hold >$run && cat $dbg/held >$tmp/held.bh && echo bh_release >$run" &&
	[ "$(grep -c "${T}lw_scenario_bh${T}" "$tmp/held.bh")" -eq 1 ] &&
	grep -q "^$held_bh${T}0${T}lw_scenario_bh${T}write${T}lw_scenario_bh_hold_fn+0x" "$tmp/held.bh" &&
	not grep -q "${T}lw_scenario_bh${T}" "$dbg/held"
ok $? "held shows a softirq's lock with its context, and not once it is released" \
	"$(sed 's/^/held: /' "$tmp/held.bh")"
check "rmmod lw_scenario" rmmod lw_scenario
check "rmmod lockwarden" rmmod lockwarden

# --- The ring's wraparound: counts stay exact ---
check "insmod lockwarden.ko max_findings=4" insmod "$moddir/lockwarden.ko" max_findings=4
check "insmod lw_scenario.ko" insmod "$moddir/lw_scenario.ko"
bad=0
for sc in abba_mutex abba_spin abba_rwsem abba_rwsem_read abba_rwlock \
	abbcca_mutex abbcca_spin abbcca_rwsem abcabc_mutex abcabc_spin abcabc_spin; do
	echo "$sc" >"$run" || bad=1
done
[ $bad -eq 0 ] && grep -q '^findings: 4 \[max: 4\]$' "$dbg/stats" &&
	grep -q '^findings_overwritten: 6$' "$dbg/stats" &&
	grep -q '^findings_raised: 11$' "$dbg/stats"
ok $? "10 distinct findings and a duplicate in a ring of 4: 4 kept, 6 overwritten, 11 raised"
[ "$(sed -n 's/^finding #\([0-9]*\): seen \([0-9]*\) time.*/\1:\2/p' "$dbg/findings" | tr '\n' ' ')" = "7:1 8:1 9:1 10:2 " ]
ok $? "the newest four are kept, oldest first, the duplicate counted twice"
dump_json 2
# The same acquisitions again: counted without the engine lock, exactly.
fast=$(stat_of recurrences_fast_path)
for i in 1 2 3 4 5; do
	echo abcabc_spin >"$run" || bad=1
done
echo abba_mutex >"$run" || bad=1
[ $bad -eq 0 ] && [ $(($(stat_of recurrences_fast_path) - fast)) -eq 5 ] &&
	grep -q '^findings_raised: 17$' "$dbg/stats" &&
	[ "$(sed -n 's/^finding #\([0-9]*\): seen \([0-9]*\) time.*/\1:\2/p' "$dbg/findings" | tr '\n' ' ')" = "8:1 9:1 10:7 11:1 " ] &&
	grep -q '"serial":10,.*"count":7,' "$dbg/findings.json"
ok $? "a finding recurring 5 times more: 5 on the fast path, counted 7; one pushed out is new again"
check "rmmod lw_scenario" rmmod lw_scenario
check "rmmod lockwarden" rmmod lockwarden
check "debugfs directory removed" not test -e "$dbg"

rm -rf "$tmp"
tap_end
