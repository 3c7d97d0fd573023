/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_condvar: a condition variable waited for under an lw_mutex, whose waits
 * and notifications lockwarden orders against the locks held, in the graph
 * of lock classes (Documentation/waits.rst, "Condition variables").
 */
#ifndef _LOCKWARDEN_CONDVAR_H
#define _LOCKWARDEN_CONDVAR_H

#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>
#include <lockwarden/lock.h>
#include <lockwarden/mutex.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

/**
 * struct lw_condvar - a condition variable whose use lockwarden checks
 * @wq: the kernel wait queue its waiters sleep on
 * @dep: lockwarden's state: the condition variable's event class
 */
struct lw_condvar {
	struct wait_queue_head wq;	/* the kernel wait queue */
	struct lw_dep_map dep;		/* lockwarden's state of it */
};

void lockwarden_condvar_init(struct lw_condvar *cv, struct lw_class *class);
void lockwarden_condvar_check(struct lw_condvar *cv, struct lw_mutex *m);
long lockwarden_condvar_sleep(struct lw_condvar *cv, struct lw_mutex *m,
			      unsigned int state, long timeout);
void lockwarden_condvar_notify(struct lw_condvar *cv);

/**
 * lw_condvar_init - initialise an lw_condvar
 * @cv: the condition variable
 * @...: optionally its event class, defined with LW_DEFINE_CLASS(); without
 *	one, it gets the class of this call site, named after @cv
 *
 * As init_waitqueue_head(). A class is either a lock class or an event
 * class: give a condition variable a class of its own.
 */
#define lw_condvar_init(cv, ...)					\
	({ lockwarden_condvar_init(cv, __lw_class_of(#cv, ##__VA_ARGS__)); __lw_no_tail(); })

#else /* !CONFIG_LOCKWARDEN: a kernel wait queue and the mutex */

struct lw_condvar {
	struct wait_queue_head wq;	/* the kernel wait queue, and nothing else */
};

#define lw_condvar_init(cv, ...)	init_waitqueue_head(&(cv)->wq)

#endif /* CONFIG_LOCKWARDEN */

/*
 * One sleep on @cv, as the kernel's Rust CondVar makes it: queued first
 * (exclusive, so that a notify_one() wakes one waiter), then @m released,
 * then asleep for at most @timeout jiffies (MAX_SCHEDULE_TIMEOUT: no
 * limit) in task state @state, then @m taken back, uninterruptibly.
 * Returns the jiffies left. The kernel's calls, with nothing checked.
 */
static __always_inline long __lw_condvar_sleep_plain(struct lw_condvar *cv, struct lw_mutex *m,
						     unsigned int state, long timeout)
{
	DEFINE_WAIT(wait);

	prepare_to_wait_exclusive(&cv->wq, &wait, state);
	mutex_unlock(&m->lock);
	timeout = schedule_timeout(timeout);
	finish_wait(&cv->wq, &wait);
	mutex_lock(&m->lock);
	return timeout;
}

/*
 * The wrappers, compiled in or out: each checks (while checking is on)
 * and makes the kernel's calls, always, as the driver wrote them.
 */

/* A wait begins: @m must be held (a finding if this context does not hold it). */
#define __lw_condvar_check(cv, m)	__lw_hook(lockwarden_condvar_check(cv, m))

/*
 * One sleep: @m released (lockwarden's held stack drops it), the locks
 * still held ordered before @cv's class, @m taken back (and checked as a
 * lock taken) after.
 */
static __always_inline long __lw_condvar_sleep(struct lw_condvar *cv, struct lw_mutex *m,
					       unsigned int state, long timeout)
{
	return __lw_hook_or_value(lockwarden_condvar_sleep(cv, m, state, timeout),
				  __lw_condvar_sleep_plain(cv, m, state, timeout));
}

/* A notification: @cv's class is ordered before the locks held. */
#define __lw_condvar_notify(cv)		__lw_hook(lockwarden_condvar_notify(cv))

/**
 * lw_condvar_wait - wait on an lw_condvar once, giving up its mutex meanwhile
 * @cv: the condition variable
 * @m: the lw_mutex that guards the condition; held by the caller
 *
 * As the kernel's Rust ``CondVar::wait()``: releases @m, sleeps until a
 * notification (or a spurious wake-up), and takes @m back before it
 * returns. The caller checks its condition again, under @m; prefer
 * lw_condvar_wait_event(), which loops on it. A wait without @m held is a
 * finding (``lock not held``); so is one that closes a cycle with the locks
 * the notifiers hold.
 *
 * Context: process context; may sleep. @m held.
 */
static __always_inline void lw_condvar_wait(struct lw_condvar *cv, struct lw_mutex *m)
	__lw_must_hold(m)
{
	__lw_condvar_check(cv, m);
	__lw_condvar_sleep(cv, m, TASK_UNINTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT);
}

/**
 * lw_condvar_wait_interruptible - lw_condvar_wait(), unless a signal arrives
 * @cv: the condition variable
 * @m: the lw_mutex that guards the condition; held by the caller
 *
 * As ``CondVar::wait_interruptible()``; checked as lw_condvar_wait().
 *
 * Context: process context; may sleep. @m held.
 * Return: true if a signal is pending (@m is held again all the same).
 */
static __always_inline bool lw_condvar_wait_interruptible(struct lw_condvar *cv,
							  struct lw_mutex *m)
	__lw_must_hold(m)
{
	__lw_condvar_check(cv, m);
	__lw_condvar_sleep(cv, m, TASK_INTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT);
	return signal_pending(current);
}

/**
 * lw_condvar_wait_timeout - lw_condvar_wait(), at most @timeout jiffies
 * @cv: the condition variable
 * @m: the lw_mutex that guards the condition; held by the caller
 * @timeout: the longest sleep, in jiffies
 *
 * As ``CondVar::wait_interruptible_timeout()`` without the signal; checked
 * as lw_condvar_wait(): a cycle through a timed wait is a deadlock that
 * lasts the whole timeout.
 *
 * Context: process context; may sleep. @m held.
 * Return: the jiffies left, 0 when the time ran out.
 */
static __always_inline long lw_condvar_wait_timeout(struct lw_condvar *cv, struct lw_mutex *m,
						    long timeout)
	__lw_must_hold(m)
{
	__lw_condvar_check(cv, m);
	return __lw_condvar_sleep(cv, m, TASK_UNINTERRUPTIBLE, timeout);
}

/**
 * lw_condvar_wait_event - wait on an lw_condvar until @cond is true
 * @cv: the condition variable
 * @m: the lw_mutex that guards @cond; held by the caller
 * @cond: the condition, evaluated under @m
 *
 * As wait_event() with the condition's lock: while @cond is false, waits
 * as lw_condvar_wait(). @m is held whenever @cond is evaluated and when
 * this returns. Whether @m is held is checked once, on entry, even when
 * @cond is already true; the order against the locks held at each sleep.
 *
 * Context: process context; may sleep. @m held.
 */
#define lw_condvar_wait_event(cv, m, cond)				\
do {									\
	struct lw_condvar *__lw_cv = (cv);				\
	struct lw_mutex *__lw_m = (m);					\
									\
	__lw_condvar_check(__lw_cv, __lw_m);				\
	while (!(cond))							\
		__lw_condvar_sleep(__lw_cv, __lw_m, TASK_UNINTERRUPTIBLE, \
				   MAX_SCHEDULE_TIMEOUT);		\
} while (0)

/**
 * lw_condvar_wait_event_interruptible - lw_condvar_wait_event(), unless a
 *	signal arrives
 * @cv: the condition variable
 * @m: the lw_mutex that guards @cond; held by the caller
 * @cond: the condition, evaluated under @m
 *
 * As wait_event_interruptible() with the condition's lock; @m is held
 * again when this returns, whatever the result.
 *
 * Context: process context; may sleep. @m held.
 * Return: 0 when @cond is true, -ERESTARTSYS when a signal arrived first.
 */
#define lw_condvar_wait_event_interruptible(cv, m, cond)		\
({									\
	struct lw_condvar *__lw_cv = (cv);				\
	struct lw_mutex *__lw_m = (m);					\
	int __lw_ret = 0;						\
									\
	__lw_condvar_check(__lw_cv, __lw_m);				\
	while (!(cond)) {						\
		if (signal_pending(current)) {				\
			__lw_ret = -ERESTARTSYS;			\
			break;						\
		}							\
		__lw_condvar_sleep(__lw_cv, __lw_m, TASK_INTERRUPTIBLE,	\
				   MAX_SCHEDULE_TIMEOUT);		\
	}								\
	__lw_ret;							\
})

/**
 * lw_condvar_wait_event_timeout - lw_condvar_wait_event(), at most
 *	@timeout jiffies
 * @cv: the condition variable
 * @m: the lw_mutex that guards @cond; held by the caller
 * @cond: the condition, evaluated under @m
 * @timeout: the longest wait, in jiffies
 *
 * As wait_event_timeout() with the condition's lock; checked as
 * lw_condvar_wait_event().
 *
 * Context: process context; may sleep. @m held.
 * Return: 0 if @cond was false when the time ran out, else the jiffies
 * left (at least 1).
 */
#define lw_condvar_wait_event_timeout(cv, m, cond, timeout)		\
({									\
	struct lw_condvar *__lw_cv = (cv);				\
	struct lw_mutex *__lw_m = (m);					\
	long __lw_left = (timeout);					\
									\
	__lw_condvar_check(__lw_cv, __lw_m);				\
	for (;;) {							\
		if (cond) {						\
			__lw_left = __lw_left ?: 1;			\
			break;						\
		}							\
		if (!__lw_left)						\
			break;						\
		__lw_left = __lw_condvar_sleep(__lw_cv, __lw_m,		\
					       TASK_UNINTERRUPTIBLE, __lw_left); \
	}								\
	__lw_left;							\
})

/**
 * lw_condvar_wait_event_guarded - lw_condvar_wait_event() on data guarded
 *	by an lw_mutex
 * @cv: the condition variable
 * @g: the guarded data, declared with LW_MUTEX_GUARDED(), locked by the caller
 * @cond: the condition, evaluated under @g's lock (it may use lw_guarded(@g))
 *
 * As ``CondVar::wait()`` on a ``Guard`` of a Rust ``Mutex<T>``: @g's lock
 * is the condition variable's mutex.
 *
 * Context: process context; may sleep. @g locked.
 */
#define lw_condvar_wait_event_guarded(cv, g, cond)			\
	lw_condvar_wait_event(cv, &(g)->lock, cond)

/**
 * lw_condvar_wait_event_timeout_guarded - lw_condvar_wait_event_timeout()
 *	on data guarded by an lw_mutex
 * @cv: the condition variable
 * @g: the guarded data, declared with LW_MUTEX_GUARDED(), locked by the caller
 * @cond: the condition, evaluated under @g's lock
 * @timeout: the longest wait, in jiffies
 *
 * Context: process context; may sleep. @g locked.
 * Return: as lw_condvar_wait_event_timeout().
 */
#define lw_condvar_wait_event_timeout_guarded(cv, g, cond, timeout)	\
	lw_condvar_wait_event_timeout(cv, &(g)->lock, cond, timeout)

/**
 * lw_condvar_notify_one - wake one waiter of an lw_condvar
 * @cv: the condition variable
 *
 * As ``CondVar::notify_one()``, wake_up(). Before waking, @cv's class is
 * ordered before the locks this context holds (the waiter cannot go on
 * until they are free): notifying under the condition's mutex, the usual
 * way, adds that order, which a wait never contradicts (it drops the
 * mutex); a notification under a lock a waiter holds while it sleeps
 * closes a cycle and is a finding.
 *
 * Context: any context.
 */
static __always_inline void lw_condvar_notify_one(struct lw_condvar *cv)
{
	__lw_condvar_notify(cv);
	wake_up(&cv->wq);
}

/**
 * lw_condvar_notify_all - wake every waiter of an lw_condvar
 * @cv: the condition variable
 *
 * As ``CondVar::notify_all()``, wake_up_all(); checked as
 * lw_condvar_notify_one().
 *
 * Context: any context.
 */
static __always_inline void lw_condvar_notify_all(struct lw_condvar *cv)
{
	__lw_condvar_notify(cv);
	wake_up_all(&cv->wq);
}

#endif /* _LOCKWARDEN_CONDVAR_H */
