#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kselftest of lockwarden on a running kernel: loads lockwarden.ko and the
# lw_scenario driver, plays scenarios, checks the findings file, unloads.
#
# Usage: lockwarden_test.sh [MODULE_DIR]   (default: /lib/lockwarden)
# MODULE_DIR holds lockwarden.ko and lw_scenario.ko built for this kernel.
# Output is TAP; exit 0 pass, 1 fail, 4 skip (kselftest's KSFT_SKIP).

moddir=${1:-/lib/lockwarden}
run=/sys/module/lw_scenario/parameters/run
# ok, skip, check, not, ksft_begin and tap_end.
# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"

# Any kernel warning or lockdep report in the log so far.
dmesg_reports() { dmesg_ours | grep -qE 'WARNING:|BUG:|possible (circular|recursive) locking'; }

# PREEMPT_RT, where spinlock_t and rwlock_t sleep and tasks serve
# softirqs: six points more.
rt=0
is_preempt_rt && rt=1
ksft_begin "$moddir" $((91 + 6 * rt))
check "insmod lockwarden.ko" insmod "$moddir/lockwarden.ko"
check "debugfs findings file is root-only" \
	sh -c "stat -c %a $dbg/findings | grep -qx 400"
check "no finding after load" sh -c "[ \$(grep -c '^finding #' $dbg/findings) -eq 0 ]"
check "insmod lw_scenario.ko" insmod "$moddir/lw_scenario.ko"
check "unknown scenario is rejected" not sh -c "echo bogus > $run"

play consistent
ok $? "scenario consistent runs"
check "consistent order gives no finding" sh -c "[ \$(grep -c '^finding #' $dbg/findings) -eq 0 ]"

play trylock
ok $? "scenario trylock runs"
check "trylock in reverse order gives no finding" \
	sh -c "[ \$(grep -c '^finding #' $dbg/findings) -eq 0 ]"
play guarded
ok $? "scenario guarded runs"
check "guarded data under its scoped guard gives no finding" \
	sh -c "[ \$(grep -c '^finding #' $dbg/findings) -eq 0 ]"
check "no kernel warning or lockdep report for them" not dmesg_reports

# Ownership moved between this task and a work item, poisoning, and a
# kthread exiting: each finding in its scenario, none in the counterparts.
# Before the ABBA, so that lockdep is still on for the exits.
for sc in owned_move guarded_check exit_clean; do
	play $sc
	ok $? "scenario $sc runs"
done
check "a move there and back, an unpoisoned _check lock and a clean exit give no finding" \
	sh -c "[ \$(grep -c '^finding #' $dbg/findings) -eq 0 ]"

# plays SCENARIO N TITLE: SCENARIO runs and adds N findings, one titled TITLE.
plays() {
	had=$(nfindings)
	play "$1" && [ "$(nfindings)" -eq $((had + $2)) ] && [ "$(ntitle "$3")" -eq 1 ]
}

# quiet SCENARIO: SCENARIO runs and adds no finding.
quiet() {
	had=$(nfindings)
	play "$1" && [ "$(nfindings)" -eq "$had" ]
}

# found PATTERN...: each PATTERN matches a line of the findings file.
found() {
	for found_p; do
		grep -q -e "$found_p" "$dbg/findings" || return 1
	done
}

plays use_after_move 1 'use after move in lw_scenario_use_after_move / lw_sc_owned_work' &&
	found 'uses object &lw_sc_obj.own after giving it away, at:'
ok $? "the giver using an object taken by a work item is one use after move"
plays double_take 1 'owned object taken twice in lw_scenario_double_take / lw_sc_owned_work'
ok $? "taking back an object a work item took is one double take"
plays not_owner 1 'access by a non-owner in lw_sc_owned_work / lw_scenario_not_owner'
ok $? "a work item using an object it was not given is one non-owner access"
plays freed_owned 1 'owned object freed by a non-owner in lw_scenario_freed_owned / lw_sc_owned_work'
ok $? "the giver freeing an object a work item owns is one free by a non-owner"

plays poison 1 'poisoned data locked in lw_scenario_poison / lw_scenario_poison' &&
	found 'locks lw_scenario_poisoned, whose guarded data is poisoned, at:'
ok $? "a poisoned lock returns -EOWNERDEAD once, is one finding, cleared after"

lockdep_on() { grep -qE '^ *debug_locks: +1$' /proc/lockdep_stats; }
[ -e /proc/lockdep_stats ] && lockdep_was_on=1 && lockdep_on || lockdep_was_on=0
plays exit_held 2 'lock held at task exit in lw_sc_exit_thread' &&
	[ "$(ntitle 'poisoned data locked in lw_sc_run_exit / lw_sc_exit_thread')" -eq 1 ] &&
	found 'lw_sc_exit/[0-9]* exits holding lw_scenario_exiting, acquired at:'
ok $? "a kthread exiting with a guarded mutex: reported, released, its data poisoned"
if [ "$lockdep_was_on" -eq 1 ]; then
	lockdep_on && ! dmesg | grep -q 'still has locks held'
	ok $? "lockdep stays on: the exit hook released the lock before do_exit() checked"
else
	skip "lockdep stays on after the exit" "no lockdep, or it is already off"
fi
check "no kernel warning or lockdep report for them" not dmesg_reports

plays abba 1 'lock-order cycle in lw_scenario_abba_reverse / lw_scenario_abba_forward' &&
	found 'takes lw_scenario_a while holding lw_scenario_b' \
		'lw_scenario_a -> lw_scenario_b at lw_scenario_abba_forward'
ok $? "ABBA gives one cycle naming both classes and both sites"

if [ -e /proc/lockdep ]; then
	dmesg | grep -q 'WARNING: possible circular locking dependency detected' &&
		dmesg | grep -q '(lw_scenario_a)' && dmesg | grep -q '(lw_scenario_b)'
	ok $? "lockdep reports the same ABBA under the same class names"
else
	skip "lockdep parity" "this kernel has no lockdep"
fi

echo abba > "$run"
[ "$(nfindings)" -eq $((had + 1)) ] &&
	grep -q "^finding #$((had + 1)): seen 2 times" "$dbg/findings"
ok $? "the same ABBA again is counted, not stored twice"

# The lockdep shapes on each lock type and side: each adds one cycle of its
# own. SHAPE:TAKEN:HELD: the last pair takes TAKEN while holding HELD. On
# PREEMPT_RT an rwlock_t's readers never wait for a waiting writer, so its
# read acquisitions recurse everywhere (lockdep's read_lock_is_recursive():
# no queued rwlocks there): a cycle of them is none, and no finding.
before=$(nfindings)
cycles=0
for shape in abba:a:b abbcca:a:c abcabc:c:b abbccdda:a:d abcdbdda:a:d abcdbcda:a:d; do
	taken=${shape#*:}
	held=${taken#*:} taken=${taken%:*}
	shape=${shape%%:*}
	for type in mutex spin rwsem rwsem_read rwlock rwlock_read; do
		had=$(nfindings)
		if [ "$rt" -eq 1 ] && [ "$type" = rwlock_read ]; then
			echo "${shape}_$type" > "$run" && [ "$(nfindings)" -eq "$had" ]
			ok $? "$shape on $type gives no finding: its reads recurse on PREEMPT_RT"
			continue
		fi
		cycles=$((cycles + 1))
		echo "${shape}_$type" > "$run" &&
			[ "$(nfindings)" -eq $((had + 1)) ] &&
			grep -q "^lockwarden: lock-order cycle in lw_scenario_shape_$type / lw_scenario_shape_$type$" \
				"$dbg/findings" &&
			grep -q "takes lw_sc_${type}_${shape}_$taken while holding lw_sc_${type}_${shape}_$held," \
				"$dbg/findings"
		ok $? "$shape on $type gives one cycle, its last pair reversed"
	done
done
[ "$(nfindings)" -eq $((before + cycles)) ]
ok $? "36 shapes, $cycles findings"
before=$((before + cycles))

# Wait contexts (lockdep, on a debug kernel, is off since the ABBA above).
plays wait_context 1 'invalid wait context in lw_scenario_wait_context / lw_scenario_wait_context' &&
	found 'takes lw_scenario_config, a lock that sleeps on PREEMPT_RT, at:' \
		'while holding raw spinlock lw_scenario_raw, taken at:'
ok $? "a spinlock_t under a raw spinlock is one invalid wait context, on every kernel"
if [ "$rt" -eq 1 ]; then
	plays wait_preempt_off 1 'invalid wait context in lw_scenario_wait_preempt_off' &&
		found 'with preemption or interrupts disabled\.'
	ok $? "on PREEMPT_RT a spinlock_t taken with preemption off is one invalid wait context"
else
	quiet wait_preempt_off
	ok $? "a spinlock_t taken with preemption off is no finding where it spins"
fi
before=$((before + 1 + rt))

# Interrupt flavours: each held alone, then nested with interrupts left
# off, then under a held mutex, twice, gives no finding (a release not
# recorded would make the second run a recursion). An inner unlock that
# enables interrupts under a lock still held marks that lock held with
# them enabled: its use in hardirq context is then one irq-safety
# inversion (lockdep, on a debug kernel, is off since the ABBA above).
quiet irq_flavours && quiet irq_flavours
ok $? "every interrupt flavour of a spinning lock, alone, nested and under a mutex, twice, gives no finding"
if [ "$rt" -eq 1 ]; then
	skip "an inner unlock that enables interrupts marks the lock still held" \
		"on PREEMPT_RT spin_lock_irq() leaves interrupts on"
else
	had=$(nfindings)
	play irq_reenable && [ "$(nfindings)" -eq $((had + 1)) ] &&
		grep -q '^lockwarden: irq-safety inversion in ' "$dbg/findings" &&
		found '^class lw_sc_hardirq is taken in hardirq context, at:' &&
		grep -A1 '^and held with hardirqs enabled, at:' "$dbg/findings" |
		grep -q 'lw_scenario_irq_reenable+'
	ok $? "an inner unlock that enables interrupts marks the lock still held: one irq-safety inversion"
	before=$((before + 1))
fi

# Waits: the mutex + completion deadlock of DEPT's example, and its
# counterpart (Documentation/waits.rst).
quiet completion_ok
ok $? "a completer that completes before it takes the waiter's mutex gives no finding"
plays completion 1 'lock-order cycle in lw_scenario_complete / lw_scenario_wait' &&
	found 'completes lw_scenario_done while holding lw_scenario_cfg, at:' \
		'^  wait_for_completion(lw_scenario_done);$' \
		'^ *complete(lw_scenario_done);$'
ok $? "waiting holding the mutex its completer takes first is one cycle, with both sites"
before=$((before + 1))

# Wait queues, work items and timers (Documentation/waits.rst), each with
# its counterpart.
quiet waitqueue_ok
ok $? "a waker that wakes before it takes the waiter's mutex gives no finding"
plays waitqueue 1 'lock-order cycle in lw_scenario_wq_wake / lw_scenario_wq_wait' &&
	found 'wakes up lw_scenario_wq_event while holding lw_scenario_wq_cfg, at:' \
		'^  wait_event(lw_scenario_wq_event);$' \
		'^ *wake_up(lw_scenario_wq_event);$'
ok $? "waiting on a wait queue holding the mutex its waker takes is one cycle, worded as a wait queue"
quiet work_flush_ok
ok $? "a flush of a work under a mutex the work does not take gives no finding"
plays work_flush 1 'lock-order cycle in lw_scenario_flush_under / lw_scenario_work_fn' &&
	found 'flushes work lw_scenario_work while holding lw_scenario_work_cfg, at:' \
		'(taken while work lw_scenario_work runs)$' \
		'^  flush_work(lw_scenario_work);$' \
		'^ *<work lw_scenario_work runs>$'
ok $? "a flush of a work under the mutex the work takes is one cycle, with both sites, worded as a work"
plays work_self_flush 1 'recursive locking in lw_scenario_self_flush_fn.*'
ok $? "a work that flushes a work of its own class is one recursion finding"
quiet timer_sync_ok
ok $? "a synchronous timer deletion under a lock its callback does not take gives no finding"
plays timer_sync 1 'lock-order cycle in lw_scenario_timer_delete_under / lw_scenario_timer_fn' &&
	found 'synchronously deletes timer lw_scenario_timer while holding lw_scenario_timer_lock, at:' \
		'^  timer_delete_sync(lw_scenario_timer);$'
ok $? "a synchronous timer deletion under its callback's lock is one cycle, worded as a timer"
quiet kthread_stop_ok
ok $? "a kthread stopped with no lock held gives no finding"
plays kthread_stop 1 'lock-order cycle in lw_scenario_kthread_stop_under / lw_scenario_kthread_fn' &&
	found 'stops kthread lw_scenario_kthread while holding lw_scenario_kthread_cfg, at:' \
		'^  kthread_stop(lw_scenario_kthread);$'
ok $? "a kthread stopped under the mutex it takes is one cycle, worded as a kthread"
before=$((before + 5))
# PREEMPT_RT: tasks serve softirqs, preemptibly, and where the kernel has
# PREEMPT_RT_NEEDS_BH_LOCK off nothing serialises them on a CPU: a tasklet
# run while a preempted timer callback on its CPU holds a lock of the class
# the tasklet takes is no recursion; the callback's order is learned (two
# points on PREEMPT_RT; make check reads whether they overlapped).
if [ "$rt" -eq 1 ]; then
	quiet bh_preempted
	ok $? "on PREEMPT_RT a tasklet and a preempted timer callback on one CPU, each with a lock of one class, give no finding"
	echo "# $(dmesg | grep -o 'bh_preempted: .*' | tail -n 1)"
	plays bh_after_first 1 'lock-order cycle in lw_scenario_bh_after_first / lw_scenario_bh_timer_fn'
	ok $? "on PREEMPT_RT the preempted callback's order closes a cycle with the reverse taken in a task"
	before=$((before + 1))
fi
# Condition variables: a sleep holding the lock the notifier takes, a wait
# without the condvar's mutex, and the usual use (Documentation/waits.rst).
quiet condvar_ok
ok $? "a condvar notified under its own mutex, its waiter holding nothing else, gives no finding"
plays condvar 1 'lock-order cycle in lw_scenario_cv_notify / lw_scenario_cv_wait' &&
	found 'notifies lw_scenario_cv while holding lw_scenario_cfg, at:' \
		'^  lw_condvar_wait(lw_scenario_cv);$'
ok $? "sleeping on a condvar holding the lock its notifier takes first is one cycle, worded as a condvar"
plays condvar_unlocked 1 'lock not held in lw_scenario_condvar_unlocked'
ok $? "a condvar waited on without its mutex is one lock-not-held finding"
before=$((before + 2))

# A hold lockwarden has no record of, with a later waiter's entry pushed
# for the lock: a task that took the kernel lock itself (or, on
# PREEMPT_RT, began to wait for a spinlock_t while checking was off and got
# it after the switch-on). The kernel names the holder as the owner: its
# reaching the lock's data and its release are no finding; reaching the
# data without the lock is one. A mutex on every kernel; a spinlock_t and
# an rwlock_t on PREEMPT_RT, where they sleep and the kernel names their
# owner.
types=mutex
[ "$rt" -eq 1 ] && types="mutex spin rwlock"
i=0
for type in $types; do
	i=$((i + 1))
	had=$(nfindings)
	untracked=$(stat_of releases_untracked)
	play "unseen_$type" && [ "$(nfindings)" -eq "$had" ] &&
		[ "$(stat_of releases_untracked)" -eq $((untracked + 1)) ]
	ok $? "a $type taken behind lockwarden's back, a later waiter's entry pushed: its data reached and its release are no finding"
	play unseen_unlocked && [ "$(nfindings)" -eq $((had + 1)) ] &&
		[ "$(ntitle 'unguarded access in lw_scenario_unseen_unlocked')" -eq "$i" ] &&
		found "reaches data guarded by a lock of class lw_sc_unseen_$type, at:"
	ok $? "that $type's data reached without it is one unguarded access"
done
before=$((before + i))

echo unguarded > "$run"
[ "$(nfindings)" -eq $((before + 1)) ] &&
	[ "$(ntitle 'unguarded access in lw_scenario_unguarded')" -eq 1 ] &&
	found 'reaches data guarded by a lock of class lw_scenario_guard, at:'
ok $? "guarded data reached without its lock is one finding naming class and site"

play hold
ok $? "scenario hold leaves a lock held"
check "rmmod lw_scenario" rmmod lw_scenario
grep -q '^lockwarden: lock held at module unload in lw_scenario_hold$' "$dbg/findings" &&
	[ "$(nfindings)" -eq $((before + 2)) ]
ok $? "unloading with the lock held is a finding naming where it was taken"
grep -q '^lock-classes: 0 ' "$dbg/stats" && grep -q 'takes lw_scenario_a' "$dbg/findings"
ok $? "unload purges the driver's classes; its findings stay readable"

check "rmmod lockwarden" rmmod lockwarden
check "debugfs directory removed" not test -e "$dbg"

tap_end
