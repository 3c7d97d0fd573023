#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# TAP helpers shared by lockwarden's test scripts (the kselftests here, the
# lockwarden command's tests in tools/lockwarden/tests/ and make check's
# tier scripts in selftests/), sourced by each: test points counted in $n,
# failures in $failed.
# shellcheck shell=sh disable=SC2034

ksft_skip=4	# kselftest's KSFT_SKIP exit status
n=0
failed=0
plan=
# Files a failing point shows (the output of the command it checked).
tap_show=
# lockwarden's debugfs directory, the number of findings it stores, and
# the number titled "lockwarden: TITLE".
dbg=/sys/kernel/debug/lockwarden
nfindings() { grep -c '^finding #' "$dbg/findings"; }
ntitle() { grep -c "^lockwarden: $1\$" "$dbg/findings"; }
# stat_of NAME: the number a line of debugfs stats gives NAME.
stat_of() { sed -n "s/^$1: \([0-9]*\).*/\1/p" "$dbg/stats"; }
# is_preempt_rt: the running kernel is PREEMPT_RT (spinlock_t and rwlock_t
# sleep). Every such kernel says so in its version (uname -v); kernels with
# the RT patch set (Debian's) also have /sys/kernel/realtime, which a
# mainline PREEMPT_RT kernel has not.
is_preempt_rt() {
	[ "$(cat /sys/kernel/realtime 2>/dev/null)" = 1 ] || uname -v | grep -qw PREEMPT_RT
}

# ok STATUS DESCRIPTION [DIAGNOSTIC...]: one test point, passed when STATUS
# is 0; a failed one shows each DIAGNOSTIC (one or more lines), then the
# first lines of each file in $tap_show, as comments.
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
		return
	fi
	echo "not ok $n $2"
	failed=$((failed + 1))
	shift 2
	[ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/# /'
	for tap_f in $tap_show; do
		[ -f "$tap_f" ] && sed "s/^/# ${tap_f##*/}: /" "$tap_f" | head -n 20
	done
}

# skip DESCRIPTION REASON: a test point skipped, with its reason.
skip() {
	n=$((n + 1))
	echo "ok $n $1 # SKIP $2"
}

# check DESCRIPTION COMMAND...: a test point that passes when COMMAND does.
check() {
	desc=$1
	shift
	"$@" >/dev/null 2>&1
	ok $? "$desc"
}

not() { ! "$@"; }

# play SCENARIO: the lw_scenario driver plays SCENARIO (a write to its run
# parameter; fails as the write does).
play() { echo "$1" >/sys/module/lw_scenario/parameters/run; }

# ksft_begin MODULE_DIR PLAN [DRIVER]: the TAP header of a kselftest that
# loads lockwarden.ko and DRIVER (default lw_scenario.ko) from MODULE_DIR
# itself, and its plan of PLAN points. The whole test is skipped (exit 4)
# unless it runs as root, both modules are there and lockwarden is not
# loaded yet; debugfs is mounted if it is not.
ksft_begin() {
	echo "TAP version 13"
	if [ "$(id -u)" -ne 0 ]; then
		echo "1..0 # SKIP must be run as root"
		exit $ksft_skip
	fi
	for tap_f in lockwarden.ko "${3:-lw_scenario.ko}"; do
		if [ ! -f "$1/$tap_f" ]; then
			echo "1..0 # SKIP $1/$tap_f not found"
			exit $ksft_skip
		fi
	done
	[ -d /sys/kernel/debug/lockwarden ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	if grep -q '^lockwarden ' /proc/modules; then
		echo "1..0 # SKIP lockwarden is already loaded"
		exit $ksft_skip
	fi
	plan=$2
	echo "1..$plan"
}

# tap_end: the plan (unless ksft_begin gave it first) and a count of the
# points. True if every point passed and, with a plan, as many ran as it
# announced: a script ending in tap_end exits 0 then, 1 otherwise.
tap_end() {
	[ -n "$plan" ] || echo "1..$n"
	echo "# $((n - failed)) passed, $failed failed"
	if [ -n "$plan" ] && [ "$n" -ne "$plan" ]; then
		echo "# $n test points ran, the plan announced $plan"
		return 1
	fi
	[ "$failed" -eq 0 ]
}

# dmesg_ours: the kernel log without the KCSAN reports none of whose lines
# names lockwarden or a test module (lockwarden*, lw_*): races inside the
# kernel itself (the PS/2 driver, the page pool), not the test's concern,
# as tools/vm/run counts them.
dmesg_ours() {
	dmesg | awk '
		{ text = $0; sub(/^\[ *[0-9]+\.[0-9]+\](\[ *[TC][0-9]+\])? ?/, "", text) }
		text ~ /^BUG: KCSAN:/ { inside = 1; ours = 0; n = 0 }
		inside {
			block[n++] = $0
			if (text ~ /lockwarden|(^|[^A-Za-z0-9_])lw_/)
				ours = 1
			if (n > 1 && text ~ /^=+$/) {
				if (ours)
					for (i = 0; i < n; i++)
						print block[i]
				inside = 0
			}
			next
		}
		{ print }
		END { if (inside && ours) for (i = 0; i < n; i++) print block[i] }'
}
