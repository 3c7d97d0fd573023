#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kselftest of lockwarden as an observer of preemption: a reschedule that
# became due under a spinning lock taken with interrupts off happens at the
# lock's release, with lockwarden's wrappers as with the kernel's own calls
# (lw_scenario's resched_unlock), through the hooks' fast path and, with
# lockstat on, their slow one. It tells the two apart only where the kernel
# reschedules at a release: PREEMPT_RT, or preempt=full on the command line
# (make check boots the stock kernels so for it).
#
# Usage: resched_test.sh [MODULE_DIR]   (default: /lib/lockwarden)
# MODULE_DIR holds lockwarden.ko and lw_scenario.ko built for this kernel.
# Output is TAP; exit 0 pass, 1 fail, 4 skip (kselftest's KSFT_SKIP).

moddir=${1:-/lib/lockwarden}
# ok, skip, check, not, ksft_begin and tap_end.
# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"

# The scenario's lines: for each release, whether the woken thread had run
# when it returned, after the kernel's release and after lockwarden's.
lines() { dmesg | grep -o 'resched_unlock: .*'; }
# Whether the kernel reschedules at a release on this boot.
preemptible=0
if is_preempt_rt || grep -qw preempt=full /proc/cmdline; then
	preemptible=1
fi

ksft_begin "$moddir" 8
check "insmod lockwarden.ko" insmod "$moddir/lockwarden.ko"
check "insmod lw_scenario.ko" insmod "$moddir/lw_scenario.ko"

play resched_unlock
ok $? "raw spinlock and spinlock_t, _irqsave and _irq: each release reschedules as the kernel's" \
	"$(lines)"
check "lockstat=on (every release through the hooks' slow path)" \
	sh -c "printf 'lockstat=on\n' > $dbg/control"
play resched_unlock
ok $? "and so with lockstat on" "$(lines)"

if [ "$preemptible" -eq 1 ]; then
	[ "$(lines | grep -c 'woken thread ran: kernel 1, lockwarden 1$')" -eq 8 ]
	ok $? "the kernel's release rescheduled at once, each time: the test tells" "$(lines)"
else
	skip "the kernel's release rescheduled at once, each time: the test tells" \
		"this kernel does not reschedule at a release (not PREEMPT_RT, no preempt=full)"
fi
check "no finding" sh -c "[ \$(grep -c '^finding #' $dbg/findings) -eq 0 ]"
check "rmmod lw_scenario and lockwarden" sh -c "rmmod lw_scenario && rmmod lockwarden"

tap_end
