// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_timer: a run of its callback holds the timer's
 * event class, so every lock the callback takes is learned after it; a
 * synchronous deletion is a wait for that class. lockdep's model of
 * del_timer_sync(), on every kernel, for the timers the driver declares.
 */
#include "checks/event.h"

#include <linux/timer.h>

/*
 * The kernel's callback of every lw_timer: the driver's, holding the
 * timer's class, a copy on this stack (the driver's callback may free the
 * timer, as the kernel's call_timer_fn() allows for its lockdep_map). The
 * hold is a spinning one: the callback runs in a softirq, and takes
 * spinning locks under it; as no sleeping hold, it raises nothing there.
 */
static void lockwarden_timer_run(struct timer_list *timer)
{
	struct lw_timer *t = container_of(timer, struct lw_timer, timer);
	lw_timer_func_t func = t->func;
	struct lw_dep_map dep = t->dep;
	bool held = lw_checking() && lw_event_ready(&dep);

	if (held)
		lw_acquire(&dep, 0, 0, (unsigned long)func);
	func(timer);
	if (held)
		lw_acquire_failed(&dep);
}

/* === Interface to the wrappers === */

/**
 * lockwarden_timer_setup() - initialise an lw_timer; use lw_timer_setup()
 * @t: the timer
 * @func: the driver's callback
 * @flags: the TIMER_* flags
 * @class: its event class
 */
void lockwarden_timer_setup(struct lw_timer *t, lw_timer_func_t func, unsigned int flags,
			    struct lw_class *class)
{
	timer_setup(&t->timer, lockwarden_timer_run, flags);
#ifdef CONFIG_LOCKDEP
	/* lockdep's class of the timer: lockwarden's, not this one timer_setup() site's. */
	if (class)
		lockdep_init_map(&t->timer.lockdep_map, class->name, &class->key, 0);
#endif
	t->func = func;
	lw_event_init(&t->dep, class, LW_LOCK_TIMER);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_timer_setup, LW_NS);

/**
 * lockwarden_timer_wait() - check a synchronous deletion of an lw_timer;
 *	lw_timer_delete_sync() calls it
 * @t: the timer
 *
 * Checked and learned as the acquisition of a spinning lock of the timer's
 * class with interrupts off, dropped at once, as del_timer_sync() tells
 * lockdep: interrupts off, so that a callback's class, held in a softirq,
 * is not taken for one also held with softirqs on; spinning, because the
 * deletion may be called in atomic context; as a raw spinlock, because on
 * PREEMPT_RT it then may too. The caller then deletes, whatever was found.
 */
void lockwarden_timer_wait(struct lw_timer *t)
{
	unsigned long flags;

	if (!lw_event_ready(&t->dep))
		return;
	local_irq_save(flags);
	lw_acquire(&t->dep, LW_ACQ_RAW, 0, _RET_IP_);
	lw_acquire_failed(&t->dep);
	local_irq_restore(flags);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_timer_wait, LW_NS);
