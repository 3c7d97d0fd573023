// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hook for lw_wait_queue: its initialisation as an event
 * class. Its waits and wake-ups are the waits and signals of that class,
 * the wrappers call event.c's lockwarden_event_wait() and
 * lockwarden_event_signal(), then make the kernel's call themselves.
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
