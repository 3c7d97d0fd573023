/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract of lockwarden's checks, the layer that watches each checked
 * API (acquire.c for what every lock type shares, one file per lock type,
 * completions, guarded data, owned objects, poisoning, task exit, classes
 * going away, lock statistics and budgets) and raises what it finds. The
 * checks call the raise layer, the core and the engine; the outputs and
 * main.c call what this header declares.
 */
#ifndef _LW_CHECKS_H
#define _LW_CHECKS_H

/* First: it sets pr_fmt before any kernel header does. */
#include "raise/raise.h"

#include <linux/bottom_half.h>
#include <linux/irqflags.h>

/* === What every lock type shares (acquire.c) === */

/* enum lw_lock_type, the lock type that embeds a dep map: <lockwarden/lock.h>. */
void lw_dep_init(struct lw_dep_map *dep, struct lw_class *class, enum lw_lock_type type);
void lw_acquire_slow(struct lw_dep_map *dep, unsigned int flags,
		     unsigned int subclass, unsigned int ctx, unsigned long ip);
void lw_acquire_failed(struct lw_dep_map *dep);
void lw_release_slow(struct lw_dep_map *dep, unsigned long ip, bool locked);
void lw_downgrade(struct lw_dep_map *dep);
bool lw_dep_locked(struct lw_dep_map *dep);
bool lw_dep_may_be_mine(struct lw_dep_map *dep, unsigned int flags);
bool lw_maybe_held_unrecorded(struct lw_held_stack *s, struct lw_dep_map *dep);
bool lw_check_held(struct lw_dep_map *dep, unsigned long ip);
void lw_check_destroy(struct lw_dep_map *dep, unsigned long ip);
void lw_raise_cycle(const struct lw_cycle *cycle, unsigned long from_ip,
		    struct lw_pending *pending);

/* === Recurring findings (recur.c) === */

void lw_acquire_miss(struct lw_dep_map *dep, unsigned int subclass, unsigned long ip,
		     struct lw_held_stack *s, u64 tag);
void lw_recur_remember(const struct lw_held_stack *s, lw_chain_key_t key, unsigned long ip,
		       const struct lw_finding *f);

/*
 * Interrupts or bottom halves off as @mode asks, around a spinning lock;
 * returns saved flags. On PREEMPT_RT, where spinlock_t and rwlock_t sleep,
 * their _irq and _irqsave flavours leave interrupts on (and save flags of
 * 0), and so does this unless @raw (a raw_spinlock_t, which spins there
 * too); _bh disables bottom halves there too.
 */
static __always_inline unsigned long __lw_irq_off(enum lw_irq_mode mode, bool raw)
{
	unsigned long flags = 0;

	if (IS_ENABLED(CONFIG_PREEMPT_RT) && !raw && mode != LW_IRQ_BH)
		return 0;
	switch (mode) {
	case LW_IRQ_NONE:
		break;
	case LW_IRQ_BH:
		local_bh_disable();
		break;
	case LW_IRQ_DISABLE:
		local_irq_disable();
		break;
	case LW_IRQ_SAVE:
		local_irq_save(flags);
		break;
	}
	return flags;
}

void lw_irqs_enabled(enum lw_usage bit, unsigned long ip);

/*
 * After a release at @ip restored hardirqs or bottom halves as @mode and
 * @flags say: if that enabled hardirqs (an _irq release, an _irqsave one
 * whose @flags had them on) or bottom halves, the locks the context still
 * holds are held with them enabled from here: lw_irqs_enabled() marks them.
 * Not on PREEMPT_RT for a spinlock_t or rwlock_t (not @raw), whose _irq and
 * _irqsave flavours leave interrupts alone there.
 */
static __always_inline void __lw_irqs_restored(enum lw_irq_mode mode, unsigned long flags,
					       bool raw, unsigned long ip)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT) && !raw && mode != LW_IRQ_BH)
		return;
	if (mode == LW_IRQ_BH)
		lw_irqs_enabled(LW_ENABLED_SOFTIRQ, ip);
	else if (mode == LW_IRQ_DISABLE || (mode == LW_IRQ_SAVE && !irqs_disabled_flags(flags)))
		lw_irqs_enabled(LW_ENABLED_HARDIRQ, ip);
}

/*
 * Undo __lw_irq_off() for a trylock at @ip that did not take its lock, as
 * the kernel's spin_trylock_irqsave() and the like do, then
 * __lw_irqs_restored(). A release restores them in the kernel's own call
 * instead (lw_op_unlock_irq()).
 */
static __always_inline void __lw_irq_on(enum lw_irq_mode mode, unsigned long flags, bool raw,
					unsigned long ip)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT) && !raw && mode != LW_IRQ_BH)
		return;
	if (mode == LW_IRQ_BH)
		local_bh_enable();
	else if (mode == LW_IRQ_DISABLE)
		local_irq_enable();
	else if (mode == LW_IRQ_SAVE)
		local_irq_restore(flags);
	__lw_irqs_restored(mode, flags, raw, ip);
}

/* Around a spinlock_t or an rwlock_t: see __lw_irq_off(). */
#define lw_irq_off(mode)		__lw_irq_off(mode, false)

/* === Lock statistics and hold-time budgets in the lock paths (lockstat.c) === */

/*
 * On while lockstat is on or any hold-time budget is set: the lock hooks
 * then try the lock first, time the wait and stamp the held-lock entry.
 * Off, a hook costs this one static branch more.
 */
DECLARE_STATIC_KEY_FALSE(lw_timing);

static __always_inline bool lw_timing_on(void)
{
	return static_branch_unlikely(&lw_timing);
}

/**
 * lw_try_first() - whether a timed acquisition tries the lock first
 * @subclass: the nesting subclass it is acquired as
 *
 * With lockstat on, but not for a nested one on a lockdep kernel: lockdep
 * would record the try's hold as subclass 0, so such contentions go
 * uncounted there.
 *
 * Return: true to try first.
 */
static __always_inline bool lw_try_first(unsigned int subclass)
{
	return lw_lockstat_enabled() && !(IS_ENABLED(CONFIG_DEBUG_LOCK_ALLOC) && subclass);
}

/**
 * lw_wait_start() - the start of a blocking acquisition whose try failed
 *
 * Return: now, never 0, while lockstat is on; 0 (not timed) when off.
 */
static __always_inline u64 lw_wait_start(void)
{
	if (!lw_lockstat_enabled())
		return 0;
	return lw_now_ns() ?: 1;
}

void lw_timed_acquired(struct lw_dep_map *dep, struct lw_held_stack *s, unsigned int subclass,
		       u64 wait_start);
bool lw_timed_release(struct lw_dep_map *dep, unsigned long ip);
void lw_timing_set(bool on);

/* === Poisoning, classes going away, task exit === */

void lw_poison_dep(struct lw_dep_map *dep, unsigned long ip);
int lw_classes_init(void);
void lw_classes_exit(void);
int lw_exit_hook_init(void);
void lw_exit_hook_exit(void);

#endif /* _LW_CHECKS_H */
