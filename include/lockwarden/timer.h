/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_timer: a timer whose synchronous deletion lockwarden orders against
 * the locks its callback takes (Documentation/waits.rst, "Timers").
 */
#ifndef _LOCKWARDEN_TIMER_H
#define _LOCKWARDEN_TIMER_H

#include <linux/timer.h>
#include <lockwarden/lock.h>

/* The callback of a timer: as timer_setup() takes it. */
typedef void (*lw_timer_func_t)(struct timer_list *);

#if IS_ENABLED(CONFIG_LOCKWARDEN)

/**
 * struct lw_timer - a timer whose callback and deletions lockwarden checks
 * @timer: the kernel timer; its callback is lockwarden's, which runs @func
 * @func: the driver's callback
 * @dep: lockwarden's state: the timer's event class
 */
struct lw_timer {
	struct timer_list timer;	/* the kernel timer */
	lw_timer_func_t func;		/* the driver's callback */
	struct lw_dep_map dep;		/* lockwarden's state of it */
};

void lockwarden_timer_setup(struct lw_timer *t, lw_timer_func_t func, unsigned int flags,
			    struct lw_class *class);
void lockwarden_timer_wait(struct lw_timer *t);

/**
 * lw_timer_setup - initialise an lw_timer
 * @t: the timer
 * @fn: its callback, called with &@t->timer (container_of() finds @t)
 * @flags: the TIMER_* flags, as timer_setup() takes them
 * @...: optionally its event class, defined with LW_DEFINE_CLASS(); without
 *	one, the timer gets the class of this call site, named after @t
 *
 * As timer_setup(). @fn runs inside lockwarden's callback, which holds
 * @t's event class while @fn runs: every lock @fn takes is ordered after it.
 */
#define lw_timer_setup(t, fn, flags, ...)				\
	({ lockwarden_timer_setup(t, fn, flags, __lw_class_of(#t, ##__VA_ARGS__)); \
	   __lw_no_tail(); })

#else /* !CONFIG_LOCKWARDEN: the plain kernel timer */

struct lw_timer {
	struct timer_list timer;	/* the kernel timer, and nothing else */
};

#define lw_timer_setup(t, fn, flags, ...)	timer_setup(&(t)->timer, fn, flags)

#endif /* CONFIG_LOCKWARDEN */

/* A synchronous deletion: the locks held are ordered before the timer's class. */
#define __lw_timer_wait(t)		__lw_hook(lockwarden_timer_wait(t))

/**
 * lw_mod_timer - start or change an lw_timer
 * @t: the timer
 * @expires: when it fires, in jiffies
 *
 * As mod_timer(). It waits for nothing: lockwarden learns nothing from it.
 *
 * Context: any context.
 * Return: 0 if @t was inactive, 1 if it was pending.
 */
static __always_inline int lw_mod_timer(struct lw_timer *t, unsigned long expires)
{
	return mod_timer(&t->timer, expires);
}

/**
 * lw_timer_delete - deactivate an lw_timer without waiting for its callback
 * @t: the timer
 *
 * As timer_delete() (del_timer()). It waits for nothing: lockwarden learns
 * nothing from it.
 *
 * Context: any context.
 * Return: 0 if @t was inactive, 1 if it was pending.
 */
static __always_inline int lw_timer_delete(struct lw_timer *t)
{
	return timer_delete(&t->timer);
}

/**
 * lw_timer_delete_sync - deactivate an lw_timer and wait for a running
 *	callback to finish, checking the wait
 * @t: the timer
 *
 * As timer_delete_sync() (del_timer_sync()). Before waiting, the locks
 * this context holds are ordered before @t's class, which its callback
 * holds while it runs: a deletion under a lock the callback takes is a
 * cycle finding, a deletion from the callback itself a recursion finding.
 * The callback may run in a softirq, so the wait is checked as a spinning
 * acquisition with interrupts off, as lockdep checks del_timer_sync().
 *
 * Context: any context but the timer's own hardirq-unsafe callback.
 * Return: 0 if @t was inactive, 1 if it was pending.
 */
static __always_inline int lw_timer_delete_sync(struct lw_timer *t)
{
	__lw_timer_wait(t);
	return timer_delete_sync(&t->timer);
}

#endif /* _LOCKWARDEN_TIMER_H */
