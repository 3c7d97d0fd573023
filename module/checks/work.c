// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_work and lw_workqueue: a run of a work item
 * holds the work's event class (and its declared workqueue's) for as long
 * as the driver's function runs, so every lock it takes is learned after
 * them; a flush or cancel_sync of the work, a flush or destroy of the
 * workqueue, is a wait for that class (event.c). lockdep's model of
 * flush_work(), on every kernel, for the objects the driver declares.
 */
#include "checks/event.h"

#include <linux/workqueue.h>

/*
 * Hold event class @dep (a copy on the worker's stack) from @ip on: as a
 * sleeping lock taken, checked and learned after what the worker holds.
 */
static void lw_work_hold(struct lw_dep_map *dep, unsigned long ip)
{
	if (lw_event_ready(dep))
		lw_acquire(dep, LW_ACQ_SLEEPS, 0, ip);
}

/* The hold ends: drop the entry, with no finding whatever became of it. */
static void lw_work_unhold(struct lw_dep_map *dep)
{
	if (dep->class)
		lw_acquire_failed(dep);
}

/*
 * The kernel's work function of every lw_work: the driver's, between the
 * holds. The work item (and the workqueue) may be freed by the driver's
 * function, as the kernel allows: their maps are copied to this stack
 * first, as process_one_work() copies a work's lockdep_map, and neither is
 * touched after the call. A work's event happens when its function
 * returns, so every lock taken during the run counts, released or not.
 */
static void lockwarden_work_run(struct work_struct *work)
{
	struct lw_work *w = container_of(work, struct lw_work, work);
	struct lw_workqueue *q = READ_ONCE(w->wq);
	work_func_t func = w->func;
	struct lw_dep_map wdep = w->dep, qdep = { };
	bool checking = lw_checking();

	if (checking && q) {
		qdep = q->dep;
		lw_work_hold(&qdep, (unsigned long)func);
	}
	if (checking)
		lw_work_hold(&wdep, (unsigned long)func);
	func(work);
	if (checking) {
		lw_work_unhold(&wdep);
		lw_work_unhold(&qdep);
	}
}

/* === Interface to the wrappers === */

/**
 * lockwarden_work_init() - initialise an lw_work; use lw_init_work()
 * @w: the work item
 * @func: the driver's work function
 * @class: its event class
 */
void lockwarden_work_init(struct lw_work *w, work_func_t func, struct lw_class *class)
{
	INIT_WORK(&w->work, lockwarden_work_run);
#ifdef CONFIG_LOCKDEP
	/* lockdep's class of the work: lockwarden's, not this one INIT_WORK() site's. */
	if (class)
		lockdep_init_map(&w->work.lockdep_map, class->name, &class->key, 0);
#endif
	w->func = func;
	w->wq = NULL;
	lw_event_init(&w->dep, class, LW_LOCK_WORK);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_work_init, LW_NS);

/**
 * lockwarden_workqueue_init() - declare a workqueue; use lw_init_workqueue()
 * @q: the lw_workqueue
 * @wq: the kernel workqueue
 * @class: its event class
 */
void lockwarden_workqueue_init(struct lw_workqueue *q, struct workqueue_struct *wq,
			       struct lw_class *class)
{
	q->wq = wq;
	lw_event_init(&q->dep, class, LW_LOCK_WORKQUEUE);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_workqueue_init, LW_NS);
