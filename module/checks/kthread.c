// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_kthread: the thread holds its event class
 * while the driver's thread function runs, so every lock it takes is
 * learned after it; kthread_stop() is a wait for that class (event.c).
 */
#include "checks/event.h"

#include <linux/err.h>
#include <linux/kthread.h>

/*
 * The kernel's thread function of every lw_kthread: the driver's, holding
 * the kthread's class (a copy of its map, on this stack) until it returns.
 * A thread function that exits without returning (kthread_exit()) keeps
 * the entry until the task's exit drops it, reported as a lock held then.
 */
static int lockwarden_kthread_fn(void *arg)
{
	struct lw_kthread *k = arg;
	int (*fn)(void *data) = k->fn;
	void *data = k->data;
	struct lw_dep_map dep = k->dep;
	bool held = lw_checking() && lw_event_ready(&dep);
	int ret;

	if (held)
		lw_acquire(&dep, LW_ACQ_SLEEPS, 0, (unsigned long)fn);
	ret = fn(data);
	if (held)
		lw_acquire_failed(&dep);
	return ret;
}

/* === Interface to the wrappers === */

/**
 * lockwarden_kthread_run() - create and wake a declared kthread; use
 *	lw_kthread_run()
 * @k: the lw_kthread
 * @fn: the driver's thread function
 * @data: its argument
 * @name: the thread's name
 * @class: its event class
 */
void lockwarden_kthread_run(struct lw_kthread *k, int (*fn)(void *data), void *data,
			    const char *name, struct lw_class *class)
{
	k->fn = fn;
	k->data = data;
	lw_event_init(&k->dep, class, LW_LOCK_KTHREAD);
	k->task = kthread_run(lockwarden_kthread_fn, k, "%s", name);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_kthread_run, LW_NS);
