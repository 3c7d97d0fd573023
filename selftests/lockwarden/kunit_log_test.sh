#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kselftest of lockwarden's KUnit integration as a reader of debugfs sees
# it: a test that a finding it did not expect fails has that finding's line
# in its log (/sys/kernel/debug/kunit/SUITE/results), whether the finding
# was raised in task context or under a spinlock, where from 6.7 the log
# cannot be appended to (lockwarden then appends the first line when the
# test ends and counts the others); a test that expected it passes with no
# such line. The suite is lw_kunit_log.ko's, which fails on purpose.
#
# Usage: kunit_log_test.sh [MODULE_DIR]   (default: /lib/lockwarden)
# MODULE_DIR holds lockwarden.ko and lw_kunit_log.ko built for this kernel,
# which must have KUnit built in with its debugfs files.
# Output is TAP; exit 0 pass, 1 fail, 4 skip (kselftest's KSFT_SKIP).

moddir=${1:-/lib/lockwarden}
# ok, skip, check, not, ksft_begin and tap_end.
# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"

results=/sys/kernel/debug/kunit/lw_kunit_log/results
line='unexpected finding #[0-9]*: lockwarden: lock-order cycle in'
# log CASE: the lines of CASE's log in the results, then its result line.
log() {
	awk -v want="$1" '
		{ block = block $0 "\n" }
		/^[[:space:]]*(not )?ok [0-9]+ / {
			name = $0
			sub(/^[[:space:]]*(not )?ok [0-9]+ (- )?/, "", name)
			sub(/[[:space:]].*/, "", name)
			if (name == want)
				printf "%s", block
			block = ""
		}' "$results"
}
# result CASE: "ok" or "not ok", as the results give CASE's.
result() {
	log "$1" | tail -n 1 | sed -E 's/^[[:space:]]*(not ok|ok) .*/\1/'
}
# lines CASE PATTERN: how many lines of CASE's log match PATTERN.
lines() { log "$1" | grep -c "$2"; }
# From 6.7 a test's log cannot be appended to in atomic context.
deferred=0
case $(uname -r) in
[0-5].* | 6.[0-6] | 6.[0-6].* | 6.[0-6]-*) ;;
*) deferred=1 ;;
esac

ksft_begin "$moddir" 9 lw_kunit_log.ko
check "insmod lockwarden.ko" insmod "$moddir/lockwarden.ko"
check "insmod lw_kunit_log.ko (its suite runs, failing on purpose)" \
	insmod "$moddir/lw_kunit_log.ko"
tap_show=$results
check "the suite's results are in debugfs" test -r "$results"

[ "$(result lw_kl_task)" = "not ok" ] && [ "$(lines lw_kl_task "$line lw_kl_mutex_nest / lw_kl_mutex_nest")" -eq 1 ]
ok $? "a cycle raised in task context: the test failed, its log names the finding once"
[ "$(result lw_kl_atomic)" = "not ok" ] && [ "$(lines lw_kl_atomic "$line lw_kl_spin_nest / lw_kl_spin_nest")" -eq 1 ]
ok $? "a cycle raised under a spinlock: the test failed, its log names the finding once"
if [ "$deferred" -eq 1 ]; then
	[ "$(result lw_kl_three)" = "not ok" ] && [ "$(lines lw_kl_three "$line")" -eq 1 ] &&
		[ "$(lines lw_kl_three 'lockwarden: 2 more unexpected findings on the console$')" -eq 1 ]
	ok $? "three raised under a spinlock: the log names the first, counts the other two"
else
	[ "$(result lw_kl_three)" = "not ok" ] && [ "$(lines lw_kl_three "$line")" -eq 3 ] &&
		[ "$(lines lw_kl_three 'more unexpected findings')" -eq 0 ]
	ok $? "three raised under a spinlock: the log names each (appended at once before 6.7)"
fi
[ "$(result lw_kl_expected)" = "ok" ] && [ "$(lines lw_kl_expected 'unexpected finding')" -eq 0 ]
ok $? "an expected cycle: the test passed, no such line in its log"
[ "$(dmesg | grep -c "# lw_kl_[a-z]*: $line")" -eq 5 ]
ok $? "the console has the line of each of the five unexpected findings when raised" \
	"$(dmesg | grep "unexpected finding")"
tap_show=
check "rmmod lw_kunit_log and lockwarden" sh -c "rmmod lw_kunit_log && rmmod lockwarden"
tap_end
