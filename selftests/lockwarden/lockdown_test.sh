#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kselftest of lockwarden on a locked-down kernel, as Debian's is when it
# boots with Secure Boot (lockdown=integrity): loaded before the lockdown
# (a locked-down kernel loads only signed modules), it goes on checking;
# every file of its debugfs directory but control stays readable, control
# is refused and changes nothing, and the module parameters still switch
# lockstat. A lockdown cannot be lifted: the test raises it itself, after
# its loads, in a boot of its own (make check boots each stock kernel for
# it).
#
# Usage: lockdown_test.sh [MODULE_DIR]   (default: /lib/lockwarden)
# MODULE_DIR holds lockwarden.ko and lw_scenario.ko built for this kernel.
# Output is TAP; exit 0 pass, 1 fail, 4 skip (kselftest's KSFT_SKIP): a
# kernel without the lockdown LSM (the debug kernels), or one locked down
# already, is skipped.

moddir=${1:-/lib/lockwarden}
# ok, skip, check, not, play, ksft_begin and tap_end.
# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"

lockdown=/sys/kernel/security/lockdown
param=/sys/module/lockwarden/parameters/lockstat
[ -e "$lockdown" ] || mount -t securityfs none /sys/kernel/security 2>/dev/null
if ! grep -q '\[none\]' "$lockdown" 2>/dev/null; then
	echo "TAP version 13"
	echo "1..0 # SKIP no lockdown LSM, or the kernel is locked down already"
	exit $ksft_skip
fi
# readable FILE: FILE opens and reads to its end.
readable() { cat "$dbg/$1" >/dev/null 2>&1; }
# refused COMMAND...: COMMAND fails, saying the operation is not permitted.
refused() { "$@" 2>&1 | grep -q 'Operation not permitted'; }

ksft_begin "$moddir" 13
check "insmod lockwarden.ko" insmod "$moddir/lockwarden.ko"
check "insmod lw_scenario.ko" insmod "$moddir/lw_scenario.ko"
check "not locked down, root writes stats and lockstat (their mode: 0400)" \
	sh -c "echo 1 > $dbg/stats && echo 1 > $dbg/lockstat"
echo integrity >"$lockdown"
grep -q '\[integrity\]' "$lockdown"
ok $? "lockdown=integrity raised" "$(cat "$lockdown")"

bad=
for f in findings findings.json classes graph held stats lockstat; do
	readable "$f" || bad="$bad $f"
done
[ -z "$bad" ]
ok $? "locked down, every file but control reads" "unreadable:$bad"
refused cat "$dbg/control"
ok $? "control cannot be read" "$(cat "$dbg/control" 2>&1)"
refused sh -c "echo lockstat=on > $dbg/control"
ok $? "nor written" "$(sh -c "echo lockstat=on > $dbg/control" 2>&1)"
[ "$(cat "$param")" = N ]
ok $? "the refused write switched nothing on: lockstat stays off" "lockstat: $(cat "$param")"
refused sh -c "echo 1 > $dbg/stats"
ok $? "nor can stats be written to (no reset)"

echo 1 >"$param" && play consistent &&
	[ "$(tail -n +2 "$dbg/lockstat" 2>/dev/null | grep -c '^lw_scenario_')" -gt 0 ]
ok $? "the lockstat parameter switches it on: the scenario's classes are counted" \
	"$(cat "$dbg/lockstat" 2>&1)"
play abba && [ "$(nfindings)" -eq 1 ] &&
	[ "$(ntitle 'lock-order cycle in lw_scenario_abba_reverse / lw_scenario_abba_forward')" -eq 1 ] &&
	grep -q '"kind":"cycle"' "$dbg/findings.json"
ok $? "checking goes on: ABBA is one cycle, in findings and findings.json" \
	"$(cat "$dbg/findings")"
# tools/lockwarden's save, where the run put the static command in the
# guest: every file but control saved (as it reads now; stats, which
# moves on, by its names), control's refusal said, exit 0.
if command -v lockwarden >/dev/null; then
	saved=$(lockwarden save /tmp/lw-saved 2>&1)
	rc=$?
	bad=
	for f in findings findings.json classes graph held lockstat; do
		cmp -s "$dbg/$f" "/tmp/lw-saved/$f" || bad="$bad $f"
	done
	# stats counts lockwarden's own work as it goes: its names, in order.
	names=$(cut -d: -f1 "$dbg/stats")
	[ -n "$names" ] && [ "$(cut -d: -f1 /tmp/lw-saved/stats)" = "$names" ] || bad="$bad stats"
	[ "$rc" -eq 0 ] && [ -z "$bad" ] && [ ! -e /tmp/lw-saved/control ] &&
		[ "$saved" = "lockwarden: $dbg/control: Operation not permitted (a locked-down kernel?): not saved" ]
	ok $? "lockwarden save: every file but control saved, its refusal said, exit 0" \
		"status $rc, differing:$bad" "$saved"
else
	skip "lockwarden save: every file but control saved, its refusal said, exit 0" \
		"no lockwarden command in this guest (tools/lockwarden's lockwarden-static)"
fi
check "rmmod lw_scenario and lockwarden" sh -c "rmmod lw_scenario && rmmod lockwarden"

tap_end
