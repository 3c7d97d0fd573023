// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_completion: its waits and completions are the
 * waits and signals of its event class (event.c). Each hook is called
 * straight from an inline wrapper in the driver, so _RET_IP_ is the
 * driver's call site; the wrapper then makes the kernel's call itself.
 */
#include "checks/event.h"

/* === Interface to the wrappers === */

/**
 * lockwarden_completion_init() - initialise an lw_completion; use
 *	lw_init_completion()
 * @c: the completion
 * @class: its event class
 */
void lockwarden_completion_init(struct lw_completion *c, struct lw_class *class)
{
	init_completion(&c->completion);
	lw_dep_init(&c->dep, class, LW_LOCK_COMPLETION);
	if (class)
		lw_event_register(class);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_completion_init, LW_NS);

/**
 * lockwarden_completion_wait() - check a wait for an lw_completion; the
 *	wait_for_completion() family's wrappers call it
 * @c: the completion
 *
 * Checked and learned as the acquisition of a sleeping lock of the
 * completion's class, which is dropped at once: nothing is held after.
 * The caller then waits, whatever was found.
 */
void lockwarden_completion_wait(struct lw_completion *c)
{
	lw_event_wait(&c->dep, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_completion_wait, LW_NS);

/**
 * lockwarden_completion_signal() - check a completion of an lw_completion;
 *	lw_complete() and lw_complete_all() call it
 * @c: the completion
 *
 * The caller then completes, whatever was found.
 */
void lockwarden_completion_signal(struct lw_completion *c)
{
	lw_event_signal(&c->dep, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_completion_signal, LW_NS);
