// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_wait_queue: its waits and wake-ups are the
 * waits and signals of its event class (event.c). Each hook is called
 * straight from an inline wrapper in the driver, so _RET_IP_ is the
 * driver's call site; the wrapper then makes the kernel's call itself.
 */
#include "checks/event.h"

/* === Interface to the wrappers === */

/**
 * lockwarden_waitqueue_init() - initialise an lw_wait_queue; use
 *	lw_init_waitqueue_head()
 * @q: the wait queue
 * @class: its event class
 */
void lockwarden_waitqueue_init(struct lw_wait_queue *q, struct lw_class *class)
{
	init_waitqueue_head(&q->head);
	lw_event_init(&q->dep, class, LW_LOCK_WAITQUEUE);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_waitqueue_init, LW_NS);

/**
 * lockwarden_waitqueue_wait() - check a wait on an lw_wait_queue; the
 *	lw_wait_event() family calls it
 * @q: the wait queue
 *
 * Checked and learned as the acquisition of a sleeping lock of the wait
 * queue's class, dropped at once. The caller then waits, whatever was found.
 */
void lockwarden_waitqueue_wait(struct lw_wait_queue *q)
{
	lw_event_wait(&q->dep, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_waitqueue_wait, LW_NS);

/**
 * lockwarden_waitqueue_signal() - check a wake-up of an lw_wait_queue; the
 *	lw_wake_up() family calls it
 * @q: the wait queue
 *
 * The caller then wakes the waiters, whatever was found.
 */
void lockwarden_waitqueue_signal(struct lw_wait_queue *q)
{
	lw_event_signal(&q->dep, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_waitqueue_signal, LW_NS);
