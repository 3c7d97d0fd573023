#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kselftest of lockwarden's full pools: loaded with tiny ones, each pool
# fills (classes, dependencies, chains, findings, task stacks, and a
# stack's queue of updates); each is counted in stats, named once in a
# kernel message with the parameter to raise, and the checking that still
# works goes on.
#
# Usage: pools_test.sh [MODULE_DIR]   (default: /lib/lockwarden)
# MODULE_DIR holds lockwarden.ko and lw_scenario.ko built for this kernel.
# Output is TAP; exit 0 pass, 1 fail, 4 skip (kselftest's KSFT_SKIP).

moddir=${1:-/lib/lockwarden}
# ok, check, not, play, ksft_begin and tap_end.
# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"

# full WHAT PARAM: the kernel said once that WHAT is full, naming PARAM.
full() { [ "$(dmesg | grep -c "lockwarden: $1 is full ($2=")" -eq 1 ]; }
counted() { [ "$(stat_of "$1")" -gt 0 ]; }

ksft_begin "$moddir" 20

check "insmod lockwarden.ko with tiny pools" insmod "$moddir/lockwarden.ko" \
	max_classes=16 max_edges=16 max_chains=64 max_findings=1 max_tasks=16
check "insmod lw_scenario.ko: more classes than the table holds" \
	insmod "$moddir/lw_scenario.ko"
check "the class table: counted, in stats at its maximum" \
	sh -c "[ \$(sed -n 's/^classes_full: //p' $dbg/stats) -gt 0 ] &&
		grep -qx 'lock-classes: 16 \[max: 16\]' $dbg/stats"
check "the class table: one message, naming max_classes" full "the class table" max_classes

play edges
ok $? "scenario edges runs"
check "the dependency pool: counted" counted edges_full
check "the dependency pool: one message, naming max_edges" full "the dependency pool" max_edges
play abba_mutex
ok $? "a cycle through a learned dependency, the pool full"
check "is still found" sh -c "[ \$(grep -c '^lockwarden: lock-order cycle in ' $dbg/findings) -eq 1 ]"

play aa_mutex
ok $? "a second finding, the ring holding one"
check "the findings ring: the oldest overwritten" \
	sh -c "grep -qx 'findings_overwritten: 1' $dbg/stats && [ \$(grep -c '^finding #' $dbg/findings) -eq 1 ]"
check "the findings ring: one message, naming max_findings" full "the findings ring" max_findings

play chains
ok $? "scenario chains: more distinct chains than the cache holds"
check "the chain cache: counted and named once" \
	sh -c "[ \$(sed -n 's/^chains_full: //p' $dbg/stats) -gt 0 ] &&
		[ \$(dmesg | grep -c 'lockwarden: the chain cache is full (max_chains=') -eq 1 ]"

play tasks
ok $? "scenario tasks: more live tasks with a lock than stacks"
check "the held-lock stacks: counted and named once" \
	sh -c "[ \$(sed -n 's/^stacks_full: //p' $dbg/stats) -gt 0 ] &&
		[ \$(dmesg | grep -c 'lockwarden: the pool of held-lock stacks is full (max_tasks=') -eq 1 ]"

rmmod lw_scenario && rmmod lockwarden
ok $? "rmmod both"
check "insmod both again, default pools" \
	sh -c "insmod $moddir/lockwarden.ko && insmod $moddir/lw_scenario.ko"
play requests
ok $? "scenario requests: six classes of a kthread's held locks unregistered, then released"
check "a stack's queue of updates: counted and named once, the releases no finding" \
	sh -c "[ \$(sed -n 's/^held_requests_lost: //p' $dbg/stats) -gt 0 ] &&
		[ \$(dmesg | grep -c \"lockwarden: a held-lock stack's queue of updates from other contexts is full (LW_HELD_REQS=\") -eq 1 ] &&
		[ \$(grep -c '^finding #' $dbg/findings) -eq 1 ] &&
		[ \$(grep -c '^lockwarden: lock held at module unload in ' $dbg/findings) -eq 1 ]"
rmmod lw_scenario && rmmod lockwarden
tap_end
