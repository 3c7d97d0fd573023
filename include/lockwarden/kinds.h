/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden's finding kinds: the one list of what lockwarden reports, public
 * so that a driver's KUnit tests can name the findings they expect.
 *
 * Plain C with no kernel include: the userspace engine tests build it too.
 */
#ifndef _LOCKWARDEN_KINDS_H
#define _LOCKWARDEN_KINDS_H

/**
 * enum lw_kind - what a finding reports
 * @LW_KIND_AA: a lock (or class) taken while held
 * @LW_KIND_CYCLE: lock-order cycle, ABBA and longer
 * @LW_KIND_RANK: lower rank taken while holding higher
 * @LW_KIND_UNLOCK_NOT_HELD: unlock of a lock nobody holds
 * @LW_KIND_UNLOCK_NON_OWNER: unlock by a context that is not the holder
 * @LW_KIND_DEPTH: more locks held than a stack keeps
 * @LW_KIND_UPGRADE: write lock taken while holding it for read
 * @LW_KIND_SLEEP_ATOMIC: sleeping lock taken in atomic context
 * @LW_KIND_IRQ_INVERSION: class used in irq and with irqs enabled
 * @LW_KIND_NOT_HELD: an assert-held failed
 * @LW_KIND_DESTROY_HELD: lock destroyed or freed while held
 * @LW_KIND_UNLOAD_HELD: lock held when its module unloads
 * @LW_KIND_USE_AFTER_MOVE: owned object used by its giver after a give
 * @LW_KIND_DOUBLE_TAKE: owned object taken when not in transit
 * @LW_KIND_NOT_OWNER: owned object used by a context not its owner
 * @LW_KIND_FREED_OWNED: owned object freed while another context owns it
 * @LW_KIND_UNGUARDED: guarded data reached without its lock
 * @LW_KIND_HOLD_BUDGET: a lock held longer than its class's hold-time budget
 * @LW_KIND_POISONED: poisoned guarded data locked
 * @LW_KIND_EXIT_HELD: a task exited holding a lock
 * @LW_KIND_WAIT_CONTEXT: a lock that sleeps on PREEMPT_RT (spinlock_t,
 *	rwlock_t) taken under a raw spinlock, or on PREEMPT_RT in atomic context
 * @LW_KIND_HELD: an assert-not-held failed: the context holds the lock
 * @LW_KIND_DOUBLE_COMPLETE: an lw_completion completed while done for good
 *	by complete_all() and not reinitialised since
 * @LW_KIND_COUNT: the number of kinds; not a kind
 *
 * New kinds are appended before @LW_KIND_COUNT, so a kind's value never
 * changes; each has a stable short name (lw_kinds[] in
 * module/engine/findings.c) used in report titles, and a stable id (there
 * too, listed in Documentation/debugfs.rst) used in findings.json.
 */
enum lw_kind {
	LW_KIND_AA,
	LW_KIND_CYCLE,
	LW_KIND_RANK,
	LW_KIND_UNLOCK_NOT_HELD,
	LW_KIND_UNLOCK_NON_OWNER,
	LW_KIND_DEPTH,
	LW_KIND_UPGRADE,
	LW_KIND_SLEEP_ATOMIC,
	LW_KIND_IRQ_INVERSION,
	LW_KIND_NOT_HELD,
	LW_KIND_DESTROY_HELD,
	LW_KIND_UNLOAD_HELD,
	LW_KIND_USE_AFTER_MOVE,
	LW_KIND_DOUBLE_TAKE,
	LW_KIND_NOT_OWNER,
	LW_KIND_FREED_OWNED,
	LW_KIND_UNGUARDED,
	LW_KIND_HOLD_BUDGET,
	LW_KIND_POISONED,
	LW_KIND_EXIT_HELD,
	LW_KIND_WAIT_CONTEXT,
	LW_KIND_HELD,
	LW_KIND_DOUBLE_COMPLETE,
	LW_KIND_COUNT,
};

#endif /* _LOCKWARDEN_KINDS_H */
