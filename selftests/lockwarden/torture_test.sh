#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# lockwarden's torture test on a running kernel (make torture runs it in the
# test VM): lw_torture.ko takes random nests of every lock type in one
# consistent order on every CPU and in every context while this script
# writes random control verbs, reads every debugfs file and loads and
# unloads lw_torture_peer.ko; then one injected inversion. Any finding
# but the injected one, any stall, any lock call that did not reach the
# kernel fails. Output is TAP; exit 0 pass, 1 fail, 4 skip.
#
# Usage: torture_test.sh [-m MINUTES | -s SECONDS] [-n | -v KINDS] [-p PARAMS]
#                        [MODULE_DIR]
#   -m MINUTES  length of the torture before the injection (default 2)
#   -s SECONDS  the same in seconds, for short runs
#   -n          write no control verbs: checks the torture itself, which
#               must then give no finding on any lockwarden
#   -v KINDS    write only these kinds of verbs, of: reset offon enabled
#               filter mode lockstat budget (default: all)
#   -p PARAMS   module parameters of lw_torture.ko ("hardirq=0 workers=8")
# MODULE_DIR (default /lib/lockwarden) holds lw_torture.ko and
# lw_torture_peer.ko, and lockwarden.ko if lockwarden is not loaded yet.

secs=120
verbs=1
kinds="reset offon enabled filter mode lockstat budget"
params=
while getopts m:s:nv:p: opt; do
	case $opt in
	m) secs=$((OPTARG * 60)) ;;
	s) secs=$OPTARG ;;
	n) verbs=0 ;;
	v) kinds=$OPTARG ;;
	p) params=$OPTARG ;;
	*) echo "usage: $0 [-m MINUTES | -s SECONDS] [-n | -v KINDS] [-p PARAMS] [MODULE_DIR]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
moddir=${1:-/lib/lockwarden}
tt=/sys/kernel/debug/lw_torture
par=/sys/module/lw_torture/parameters
work=$(mktemp -d /tmp/lw_torture.XXXXXX) || exit 1
# ok, check, not, $n, $failed and $ksft_skip.
# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"

# The sum of lockwarden's counters of findings raised and filtered: every
# finding lockwarden came to, duplicates included; no reset clears them.
nraised() { awk -F': ' '/^findings_(raised|filtered):/ { s += $2 } END { print s + 0 }' "$dbg/stats"; }
# One counter of lw_torture's stats.
stat() { awk -F': ' -v k="$1" '$1 == k { print $2 }' "$work/stats"; }
# The guest's uptime in whole seconds in $now, for the timed part and the
# comments that say when: read without a process (in a guest that the
# torture keeps busy each new process costs a second and more).
uptime_s() {
	read -r now _ </proc/uptime
	now=${now%%.*}
}
# A random number below 65536, and below $1 (POSIX sh has no $RANDOM).
rand16() { od -An -N2 -tu2 /dev/urandom | tr -d ' \n'; }
below() { echo $(($(rand16) % $1)); }
# A random word of the arguments.
pick() {
	shift "$(below $#)"
	echo "$1"
}
# bounded SECS CMD...: run CMD, but wait for it SECS at most: a task blocked
# in the kernel (D state) cannot be killed. Status 124 when it took longer.
bounded() {
	b_secs=$1
	shift
	"$@" &
	b_pid=$!
	b_i=0
	while kill -0 "$b_pid" 2>/dev/null; do
		[ "$b_i" -lt $((b_secs * 10)) ] || return 124
		usleep 100000
		b_i=$((b_i + 1))
	done
	wait "$b_pid"
}
# Wait SECS at most for the given pids to exit, looking every 0.1 s.
wait_pids() {
	w_left=$(($1 * 10))
	shift
	for w_pid; do
		while kill -0 "$w_pid" 2>/dev/null; do
			if [ "$w_left" -le 0 ]; then
				echo "# $(cat "/proc/$w_pid/comm" 2>/dev/null) ($w_pid) does not exit (stuck in the kernel): left behind"
				break
			fi
			usleep 100000
			w_left=$((w_left - 1))
		done
	done
}

echo "TAP version 13"
if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP must be run as root"
	exit "$ksft_skip"
fi
for f in lw_torture.ko lw_torture_peer.ko; do
	if [ ! -f "$moddir/$f" ]; then
		echo "1..0 # SKIP $moddir/$f not found"
		exit "$ksft_skip"
	fi
done
[ -d /sys/kernel/debug/lockwarden ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
if [ ! -d "$dbg" ] && ! insmod "$moddir/lockwarden.ko"; then
	echo "1..0 # SKIP lockwarden is not loaded and $moddir/lockwarden.ko does not load"
	exit "$ksft_skip"
fi
echo "1..18"

# The kernel's hang detectors where it has them: a blocked task after 60 s,
# a soft lockup after twice watchdog_thresh (tools/vm/run boots with 30: on
# a loaded host a TCG vCPU may not run for many seconds, and shorter
# thresholds report lockups of an idle guest), and a hard lockup panics so
# that it is seen. The torture's own stall check (20 s) is the quicker.
set_sysctl() { [ -w "/proc/sys/kernel/$1" ] && echo "$2" >"/proc/sys/kernel/$1"; }
set_sysctl hung_task_timeout_secs 60
set_sysctl hung_task_warnings -1
set_sysctl hardlockup_panic 1
detectors=
if [ -r /proc/sys/kernel/hung_task_timeout_secs ]; then
	detectors="hung task after $(cat /proc/sys/kernel/hung_task_timeout_secs) s"
else
	detectors="no hung-task detector"
fi
if [ "$(cat /proc/sys/kernel/soft_watchdog 2>/dev/null)" = 1 ]; then
	detectors="$detectors, soft lockup after $((2 * $(cat /proc/sys/kernel/watchdog_thresh))) s"
else
	detectors="$detectors, no soft-lockup detector"
fi
# Hard lockups: the perf NMI watchdog says so when it works (not under
# TCG); the buddy detector (the sanitizer kernel's) is there when built in.
if dmesg | grep -q 'NMI watchdog: Enabled' ||
	grep -q ' watchdog_buddy_check_hardlockup$' /proc/kallsyms; then
	detectors="$detectors, hard lockup after $(cat /proc/sys/kernel/watchdog_thresh) s"
else
	detectors="$detectors, no hard-lockup detector ($(dmesg | grep -m 1 -o 'NMI watchdog: .*' || echo 'none in this kernel'))"
fi
echo "# detectors: $detectors"
# On PREEMPT_RT spinlock_t and rwlock_t sleep: lw_torture takes them in no
# hardirq context and moves no owned object there (its stats leave out
# owned_send_hardirq and owned_recv_hardirq); the hrtimers and irq_work run
# with nothing to take.
if is_preempt_rt; then
	echo "# kernel: PREEMPT_RT (no spinlock_t or rwlock_t in hardirq context)"
fi

base=$(nraised)
# Loaded paused: the script starts its companions in a quiet guest (a
# process started beside the running torture waits a second and more on
# the debug kernels, see below), and the timed part begins with the pause's
# end.
# shellcheck disable=SC2086 # the parameters are words
check "insmod lw_torture.ko $params" insmod "$moddir/lw_torture.ko" pause=1 $params
if [ ! -r "$tt/stats" ]; then
	echo "# lw_torture did not load: nothing more to check"
	exit 1
fi

# === The torture's companions, each a background loop until $work/stop ===

# Class names for filter= and budget=: the torture's, the peer's (loaded
# or not), a subclass, and a name that never exists.
names="lw_tt_mutex_a lw_tt_mutex_b lw_tt_rwsem_a lw_tt_grwsem lw_tt_spin_p
	lw_tt_rwlock_s lw_tt_rwlock_hr lw_tt_spin_h lw_tt_gspin_h lw_tt_spin_h/1
	lw_tt_peer_mutex lw_tt_peer_dyn lw_tt_no_such_class"

# verb V: announce V to lw_torture (its reports name the verbs a lock was
# held across), then write it; count it, and count it refused.
verb() {
	echo "$1" >"$par/verb" 2>/dev/null
	if echo "$1" >"$dbg/control" 2>/dev/null; then
		echo "$1" >>"$work/verbs"
	else
		echo "$1" >>"$work/verbs-refused"
	fi
}

# One kind of verb at a time, at random among $kinds.
verb_loop() {
	while [ ! -e "$work/stop" ]; do
		# shellcheck disable=SC2086 # a list of words
		case $(pick $kinds) in
		reset)
			# What the reset erases is counted by nraised; keep the titles.
			grep '^lockwarden: ' "$dbg/findings" >>"$work/titles" 2>/dev/null
			verb reset
			;;
		offon)
			verb off
			usleep "$(($(rand16) * 5))"
			verb on
			;;
		enabled)
			echo enabled=0 >"$par/verb"
			echo 0 >/sys/module/lockwarden/parameters/enabled
			usleep "$(($(rand16) * 5))"
			echo enabled=1 >"$par/verb"
			echo 1 >/sys/module/lockwarden/parameters/enabled
			;;
		filter)
			case $(below 5) in
			0 | 1 | 2) verb "filter=$(pick $names)" ;;
			3) verb "unfilter=$(pick $names)" ;;
			*) verb unfilter ;;
			esac
			;;
		mode)
			verb "mode=$(pick silent report)"
			;;
		lockstat)
			case $(below 5) in
			0 | 1) verb lockstat=on ;;
			2 | 3) verb lockstat=off ;;
			*)
				echo lockstat-reset >"$par/verb"
				echo 1 >"$dbg/lockstat"
				;;
			esac
			;;
		budget)
			# 20 s: a budget only a hang exceeds.
			verb "budget=$(pick $names):$(pick 20000000 20000000 0)"
			;;
		esac
		usleep "$(($(rand16) * 3))"
	done
}

# Every debugfs file, over and over; the titles of the findings seen are
# kept in $work/titles.$1, and the first findings file with one.
read_loop() {
	i=0
	while [ ! -e "$work/stop" ]; do
		for f in "$dbg"/* "$tt/stats"; do
			[ ! -e "$work/stop" ] || break
			cat "$f" >/dev/null 2>&1
		done
		if grep -q '^finding #' "$dbg/findings" 2>/dev/null; then
			grep '^lockwarden: ' "$dbg/findings" >>"$work/titles.$1"
			[ -s "$work/first-findings.$1" ] ||
				head -n 80 "$dbg/findings" >"$work/first-findings.$1"
		fi
		i=$((i + 1))
		[ $((i % 50)) -ne 0 ] || sort -u -o "$work/titles.$1" "$work/titles.$1" 2>/dev/null
	done
}

peer_loop() {
	while [ ! -e "$work/stop" ]; do
		if insmod "$moddir/lw_torture_peer.ko"; then
			echo loaded >>"$work/peer"
			usleep "$((100000 + $(rand16) * 14))"
			tries=0
			until rmmod lw_torture_peer 2>/dev/null || [ "$tries" -ge 50 ]; do
				tries=$((tries + 1))
				usleep 100000
			done
		else
			echo failed >>"$work/peer-failed"
			sleep 1
		fi
		usleep "$(($(rand16) * 5))"
	done
}

: >"$work/titles"
pids=
if [ "$verbs" -eq 1 ]; then
	verb_loop &
	pids="$pids $!"
fi
read_loop 1 &
pids="$pids $!"
read_loop 2 &
pids="$pids $!"
peer_loop &
pids="$pids $!"
echo "# torture for $secs s, control verbs: $([ "$verbs" -eq 1 ] && echo "$kinds" || echo none)"

# Until $secs s after the start by the guest's clock, however late the
# progress lines come.
progress() { echo "# $1 s: $(grep -E '^(nests_|errors)' "$tt/stats" | tr '\n' ' ')"; }
echo 0 >"$par/pause"
uptime_s
start=$now
left=$secs
while [ "$left" -gt 0 ]; do
	sleep "$((left < 60 ? left : 60))"
	uptime_s
	left=$((start + secs - now))
	[ "$left" -le 0 ] || progress $((now - start))
done

# Paused, the torture's contexts end their nests and take no more: the
# checks that follow run in a quiet guest. (They took a minute of the
# guest's one host thread, at full load, behind the contexts: the debug
# kernels do not preempt a kthread between its calls to cond_resched(),
# and each process the script started waited for them.)
echo 1 >"$par/pause"
touch "$work/stop"
end=$now
progress "$secs"
# The companions end their last round ahead of what still runs (the peer
# module's threads, a context's last nest).
# shellcheck disable=SC2086 # a list of pids
renice -n -20 -p $$ $pids >/dev/null 2>&1
# shellcheck disable=SC2086 # a list of pids
wait_pids 120 $pids
bounded 30 rmmod lw_torture_peer 2>/dev/null
touch "$work/verbs" "$work/verbs-refused"
echo "# control verbs written: $(wc -l <"$work/verbs"), refused: $(wc -l <"$work/verbs-refused")"
uptime_s
echo "# at $now s: the companions stopped, the timed part ended at $end s"

# Back to checking on, every class checked, findings reported.
echo 1 >/sys/module/lockwarden/parameters/enabled
verb on
verb unfilter
verb mode=report
verb lockstat=off
for name in $names; do
	echo "budget=$name:0" >"$dbg/control" 2>/dev/null
done

during=$(($(nraised) - base))
grep '^lockwarden: ' "$dbg/findings" >>"$work/titles"
cat "$work"/titles.* >>"$work/titles" 2>/dev/null
cat "$work"/first-findings.* 2>/dev/null | head -n 80 >"$work/first-findings"
echo "# lockwarden's findings during the torture (raised and filtered): $during"
sort -u "$work/titles" | head -n 30 | sed 's/^/# finding seen: /'
if [ -s "$work/first-findings" ]; then
	echo "# the first findings file with a finding:"
	sed 's/^/#   /' "$work/first-findings"
fi
# A failure names a finding seen in its line: the summary that ends a run
# (and CI's tail of it) then says which, without the log above.
seen=
if [ "$during" -ne 0 ]; then
	seen=$(sort -u "$work/titles" | head -n 1 | cut -c 13-100)
	seen=" (got $during; one: ${seen:-none in the findings files read})"
fi
ok "$([ "$during" -eq 0 ] && echo 0 || echo 1)" "no finding during the torture$seen"
check "findings file empty after the torture" \
	sh -c "! grep -q '^finding #' $dbg/findings"
circular_before=$(dmesg | grep -c 'possible circular locking dependency')

# === One inversion, injected ===

# On again, then the injection: the write returns once worker 0 has
# injected it and the workers, which take lw_tt_mutex_b then
# lw_tt_mutex_c again and again, ran on for 1000 nests (5 s at the most).
before=$(nraised)
nests() { awk -F': ' '$1 == "nests_worker" { print $2 }' "$tt/stats"; }
nests_then=$(nests)
echo 0 >"$par/pause"
echo 1 >"$par/inject" || echo "# the inject write failed"
uptime_s
echo "# at $now s: injected, $(($(nests) - nests_then)) nests of the workers since the pause ended"
cp "$tt/stats" "$work/stats"
new=$(($(nraised) - before))
ok "$([ "$(stat injected)" = 1 ] && echo 0 || echo 1)" "the inversion was injected once"
ok "$([ "$new" -eq 1 ] && echo 0 || echo 1)" "exactly one new finding after the injection (got $new)"
check "it is the lock-order cycle of the injected pair" sh -c "
	grep -q '^lockwarden: lock-order cycle in lw_torture_inject_reverse / ' $dbg/findings &&
	grep -q ' takes lw_tt_mutex_b while holding lw_tt_mutex_c, at:' $dbg/findings"
check "the findings file holds it and nothing else" \
	sh -c "[ \$(grep -c '^finding #' $dbg/findings) -eq 1 ]"
ok "$([ "$circular_before" -eq 0 ] && echo 0 || echo 1)" \
	"no lockdep cycle report before the injection"

# === Stop, and the torture's own verdict ===

bounded 300 sh -c "echo 1 >$par/stop"
ok $? "every context stopped"
uptime_s
echo "# at $now s: stopped"
cp "$tt/stats" "$work/stats"
sed 's/^/# stat: /' "$work/stats"
ok "$([ "$(stat unexercised)" = none ] && echo 0 || echo 1)" "every operation kind ran"
ok "$([ "$(stat err_stall)" = 0 ] && echo 0 || echo 1)" "no context stalled"
ok "$([ "$(stat err_not_taken)" = 0 ] && [ "$(stat err_unlock_skipped)" = 0 ] &&
	echo 0 || echo 1)" "every lock and unlock reached the kernel"
ok "$([ "$(stat err_exclusion)" = 0 ] && [ "$(stat err_data)" = 0 ] &&
	[ "$(stat err_poisoned)" = 0 ] && echo 0 || echo 1)" \
	"locks excluded, guarded data never torn nor poisoned"
ok "$([ "$(stat err_owned)" = 0 ] && echo 0 || echo 1)" \
	"every owned object checked at each move, none lost"
ok "$([ "$(stat err_left_held)" = 0 ] && [ "$(stat err_torture)" = 0 ] &&
	echo 0 || echo 1)" "every lock free at the end, the torture's invariants kept"
touch "$work/peer"
peers=$(wc -l <"$work/peer")
ok "$([ "$peers" -gt 0 ] && [ ! -s "$work/peer-failed" ] && echo 0 || echo 1)" \
	"lw_torture_peer.ko loaded and unloaded $peers times"
check "rmmod lw_torture.ko" bounded 60 rmmod lw_torture
check "no class of the torture left in lockwarden, no lock held" sh -c "
	! grep -q lw_tt_ $dbg/classes && [ \$(grep -vc '^#' $dbg/held) -eq 0 ]"

dmesg | grep 'lw_torture' | head -n 80 | sed 's/^/# dmesg: /'
rm -rf "$work"
echo "# $failed of $n failed"
[ "$failed" -eq 0 ]
