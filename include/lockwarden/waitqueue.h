/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_wait_queue: a wait queue head whose waits and wake-ups lockwarden
 * orders against the locks held, as an event class (Documentation/waits.rst).
 */
#ifndef _LOCKWARDEN_WAITQUEUE_H
#define _LOCKWARDEN_WAITQUEUE_H

#include <linux/wait.h>
#include <lockwarden/lock.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

/**
 * struct lw_wait_queue - a wait queue head whose use lockwarden checks
 * @head: the kernel wait queue head
 * @dep: lockwarden's state: the wait queue's event class
 */
struct lw_wait_queue {
	wait_queue_head_t head;		/* the kernel wait queue head */
	struct lw_dep_map dep;		/* lockwarden's state of it */
};

void lockwarden_waitqueue_init(struct lw_wait_queue *q, struct lw_class *class);

/**
 * lw_init_waitqueue_head - initialise an lw_wait_queue
 * @q: the wait queue
 * @...: optionally its event class, defined with LW_DEFINE_CLASS(); without
 *	one, the wait queue gets the class of this call site, named after @q
 *
 * As init_waitqueue_head(). Give a wait queue a class of its own: a class
 * is either a lock class or an event class.
 */
#define lw_init_waitqueue_head(q, ...)					\
	({ lockwarden_waitqueue_init(q, __lw_class_of(#q, ##__VA_ARGS__)); __lw_no_tail(); })

/**
 * LW_DECLARE_WAIT_QUEUE_HEAD - define an lw_wait_queue, initialised, with
 *	its class
 * @var: the variable
 * @eclass: pointer to its event class, defined with LW_DEFINE_CLASS()
 *
 * As DECLARE_WAIT_QUEUE_HEAD(): lockwarden registers the class when the
 * wait queue is first waited on or woken. Prefix with ``static`` as needed.
 */
#define LW_DECLARE_WAIT_QUEUE_HEAD(var, eclass)	__LW_DECLARE_WAIT_QUEUE_HEAD(eclass, var)

/* The variable is the variadic argument, as in __LW_DEFINE_LOCK(): it is written twice. */
#define __LW_DECLARE_WAIT_QUEUE_HEAD(eclass, ...)			\
	struct lw_wait_queue __VA_ARGS__ = {				\
		.head = __WAIT_QUEUE_HEAD_INITIALIZER(__VA_ARGS__.head), \
		.dep = { .class = (eclass), .type = LW_LOCK_WAITQUEUE },	\
	}

#else /* !CONFIG_LOCKWARDEN: the plain kernel wait queue head */

struct lw_wait_queue {
	wait_queue_head_t head;		/* the kernel wait queue head, and nothing else */
};

#define lw_init_waitqueue_head(q, ...)	init_waitqueue_head(&(q)->head)

#define LW_DECLARE_WAIT_QUEUE_HEAD(var, eclass)	__LW_DECLARE_WAIT_QUEUE_HEAD(eclass, var)
#define __LW_DECLARE_WAIT_QUEUE_HEAD(eclass, ...)			\
	struct lw_wait_queue __VA_ARGS__ = {				\
		.head = __WAIT_QUEUE_HEAD_INITIALIZER(__VA_ARGS__.head), \
	}

#endif /* CONFIG_LOCKWARDEN */

/*
 * The wrappers, compiled in or out: each checks (while checking is on) and
 * then makes the kernel's call, always, as the driver wrote it.
 */

/* A wait: the locks held are ordered before the wait queue's class. */
#define __lw_waitqueue_wait(q)		__lw_hook(lockwarden_event_wait(&(q)->dep))
/* A wake-up: the wait queue's class is ordered before the locks held. */
#define __lw_waitqueue_signal(q)	__lw_hook(lockwarden_event_signal(&(q)->dep))

/**
 * lw_wait_event - sleep until a condition is true, checking the wait
 * @q: the lw_wait_queue
 * @condition: a C expression for the event to wait for
 *
 * As wait_event(). Before waiting, the locks this context holds are
 * ordered before @q's class, as if it were a lock taken here, whether or
 * not @condition is already true: a wait in atomic context, and a wait
 * that closes a cycle with the locks its wakers hold, are findings.
 *
 * Context: process context; may sleep.
 */
#define lw_wait_event(q, condition)					\
	do {								\
		struct lw_wait_queue *__lw_wq = (q);			\
									\
		__lw_waitqueue_wait(__lw_wq);				\
		wait_event(__lw_wq->head, condition);			\
	} while (0)

/**
 * lw_wait_event_interruptible - sleep until a condition is true or a
 *	signal arrives, checking the wait
 * @q: the lw_wait_queue
 * @condition: a C expression for the event to wait for
 *
 * As wait_event_interruptible(); checked as lw_wait_event(): a signal is no
 * way out a driver can rely on.
 *
 * Context: process context; may sleep.
 * Return: 0 when @condition is true, -ERESTARTSYS when interrupted.
 */
#define lw_wait_event_interruptible(q, condition)			\
	({								\
		struct lw_wait_queue *__lw_wq = (q);			\
									\
		__lw_waitqueue_wait(__lw_wq);				\
		wait_event_interruptible(__lw_wq->head, condition);	\
	})

/**
 * lw_wait_event_killable - sleep until a condition is true or the task is
 *	killed, checking the wait
 * @q: the lw_wait_queue
 * @condition: a C expression for the event to wait for
 *
 * As wait_event_killable(); checked as lw_wait_event().
 *
 * Context: process context; may sleep.
 * Return: 0 when @condition is true, -ERESTARTSYS when a fatal signal arrived.
 */
#define lw_wait_event_killable(q, condition)				\
	({								\
		struct lw_wait_queue *__lw_wq = (q);			\
									\
		__lw_waitqueue_wait(__lw_wq);				\
		wait_event_killable(__lw_wq->head, condition);		\
	})

/**
 * lw_wait_event_timeout - sleep until a condition is true or a timeout
 *	elapses, checking the wait
 * @q: the lw_wait_queue
 * @condition: a C expression for the event to wait for
 * @timeout: the longest wait, in jiffies
 *
 * As wait_event_timeout(); checked as lw_wait_event(): a wait that
 * deadlocks with its waker hangs for the whole timeout and then fails.
 *
 * Context: process context; may sleep.
 * Return: 0 if @condition was false when the time ran out, 1 if it was
 * true then, else the jiffies left (at least 1).
 */
#define lw_wait_event_timeout(q, condition, timeout)			\
	({								\
		struct lw_wait_queue *__lw_wq = (q);			\
									\
		__lw_waitqueue_wait(__lw_wq);				\
		wait_event_timeout(__lw_wq->head, condition, timeout);	\
	})

/**
 * lw_wake_up - wake one exclusive waiter of an lw_wait_queue, and every
 *	non-exclusive one
 * @q: the lw_wait_queue
 *
 * As wake_up(). Before waking, @q's class is ordered before the locks this
 * context holds (the waiter cannot go on until they are free): a wake-up
 * that closes a cycle with a wait on @q is a finding.
 *
 * Context: any context.
 */
static __always_inline void lw_wake_up(struct lw_wait_queue *q)
{
	__lw_waitqueue_signal(q);
	wake_up(&q->head);
}

/**
 * lw_wake_up_all - wake every waiter of an lw_wait_queue
 * @q: the lw_wait_queue
 *
 * As wake_up_all(); checked as lw_wake_up().
 *
 * Context: any context.
 */
static __always_inline void lw_wake_up_all(struct lw_wait_queue *q)
{
	__lw_waitqueue_signal(q);
	wake_up_all(&q->head);
}

/**
 * lw_wake_up_interruptible - wake the interruptible waiters of an
 *	lw_wait_queue
 * @q: the lw_wait_queue
 *
 * As wake_up_interruptible(); checked as lw_wake_up().
 *
 * Context: any context.
 */
static __always_inline void lw_wake_up_interruptible(struct lw_wait_queue *q)
{
	__lw_waitqueue_signal(q);
	wake_up_interruptible(&q->head);
}

#endif /* _LOCKWARDEN_WAITQUEUE_H */
