// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_condvar: a wait checks that its mutex is held,
 * gives the mutex up (the held stack drops it), is the wait of the
 * condition variable's event class (event.c) for the locks still held, and
 * takes the mutex back as a lock taken; a notification is the event's
 * signal. Each hook is called straight from an inline wrapper in the
 * driver, so _RET_IP_ is the driver's call site.
 */
#include "checks/event.h"

#include <linux/sched.h>
#include <linux/wait.h>

/* === Interface to the wrappers === */

/**
 * lockwarden_condvar_init() - initialise an lw_condvar; use lw_condvar_init()
 * @cv: the condition variable
 * @class: its event class
 */
void lockwarden_condvar_init(struct lw_condvar *cv, struct lw_class *class)
{
	init_waitqueue_head(&cv->wq);
	lw_event_init(&cv->dep, class, LW_LOCK_CONDVAR);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_condvar_init, LW_NS);

/**
 * lockwarden_condvar_check() - a finding if a wait on an lw_condvar begins
 *	without its mutex held; the lw_condvar_wait() family calls it
 * @cv: the condition variable
 * @m: the mutex the caller says it holds
 *
 * The finding is ``lock not held`` (LW_KIND_NOT_HELD), as a failed
 * lw_assert_held(m) at the wait would raise, at the driver's call: the
 * condition was read without its lock, and the sleep that may follow
 * releases a mutex this context does not hold. Only a context that surely
 * does not hold @m is reported (lw_check_held()).
 */
void lockwarden_condvar_check(struct lw_condvar *cv, struct lw_mutex *m)
{
	lw_check_held(&m->dep, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_condvar_check, LW_NS);

/**
 * lockwarden_condvar_sleep() - one checked sleep on an lw_condvar; the
 *	lw_condvar_wait() family calls it
 * @cv: the condition variable
 * @m: its mutex, held
 * @state: the task state to sleep in
 * @timeout: the longest sleep, in jiffies, or MAX_SCHEDULE_TIMEOUT
 *
 * The kernel's calls of __lw_condvar_sleep_plain(), in its order, with
 * @m's release and reacquisition checked as lw_mutex_unlock() and
 * lw_mutex_lock() check them. Between the two, the wait for @cv's class is
 * checked and learned for the locks still held (not @m, given up for the
 * sleep): a wait in atomic context, or one that closes a cycle with the
 * locks the notifiers hold, is a finding. The caller's task is already
 * queued then (its state is @state), which lockwarden's checks allow: they
 * never sleep.
 *
 * Return: the jiffies left.
 */
long lockwarden_condvar_sleep(struct lw_condvar *cv, struct lw_mutex *m, unsigned int state,
			      long timeout)
{
	unsigned long ip = _RET_IP_;
	DEFINE_WAIT(wait);

	prepare_to_wait_exclusive(&cv->wq, &wait, state);
	lw_hook_unlock(&m->dep, LW_OP_MUTEX, &m->lock, LW_IRQ_NONE, 0, ip);
	lw_event_wait(&cv->dep, ip);
	timeout = schedule_timeout(timeout);
	finish_wait(&cv->wq, &wait);
	lw_hook_lock(&m->dep, LW_OP_MUTEX, &m->lock, LW_ACQ_SLEEPS, 0, ip);
	return timeout;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_condvar_sleep, LW_NS);

/**
 * lockwarden_condvar_notify() - check a notification of an lw_condvar;
 *	lw_condvar_notify_one() and lw_condvar_notify_all() call it
 * @cv: the condition variable
 *
 * The caller then wakes its waiters, whatever was found.
 */
void lockwarden_condvar_notify(struct lw_condvar *cv)
{
	lw_event_signal(&cv->dep, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_condvar_notify, LW_NS);
