/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_work and lw_workqueue: a work item and a workqueue whose flushes and
 * cancels lockwarden orders against the locks the work takes while it runs
 * (Documentation/waits.rst, "Work items and workqueues").
 */
#ifndef _LOCKWARDEN_WORK_H
#define _LOCKWARDEN_WORK_H

#include <linux/workqueue.h>
#include <lockwarden/lock.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

struct lw_workqueue;

/**
 * struct lw_work - a work item whose runs and flushes lockwarden checks
 * @work: the kernel work item; its function is lockwarden's, which runs @func
 * @func: the driver's work function
 * @wq: the declared workqueue it was last queued on by lw_queue_work(), or NULL
 * @dep: lockwarden's state: the work item's event class
 */
struct lw_work {
	struct work_struct work;	/* the kernel work item */
	work_func_t func;		/* the driver's function */
	struct lw_workqueue *wq;	/* the declared queue it was queued on */
	struct lw_dep_map dep;		/* lockwarden's state of it */
};

/**
 * struct lw_workqueue - a workqueue declared to lockwarden
 * @wq: the kernel workqueue
 * @dep: lockwarden's state: the workqueue's event class
 */
struct lw_workqueue {
	struct workqueue_struct *wq;	/* the kernel workqueue */
	struct lw_dep_map dep;		/* lockwarden's state of it */
};

void lockwarden_work_init(struct lw_work *w, work_func_t func, struct lw_class *class);
void lockwarden_workqueue_init(struct lw_workqueue *q, struct workqueue_struct *wq,
			       struct lw_class *class);

/**
 * lw_init_work - initialise an lw_work
 * @w: the work item
 * @fn: its function, a work_func_t, called with &@w->work
 * @...: optionally its event class, defined with LW_DEFINE_CLASS(); without
 *	one, the work item gets the class of this call site, named after @w
 *
 * As INIT_WORK(). @fn runs inside lockwarden's work function, which holds
 * @w's event class while @fn runs: every lock @fn takes is ordered after it.
 */
#define lw_init_work(w, fn, ...)					\
	({ lockwarden_work_init(w, fn, __lw_class_of(#w, ##__VA_ARGS__)); __lw_no_tail(); })

/**
 * lw_init_workqueue - declare a workqueue to lockwarden
 * @q: the lw_workqueue
 * @kwq: the kernel workqueue, from alloc_workqueue() (or NULL if that failed)
 * @...: optionally its event class, defined with LW_DEFINE_CLASS(); without
 *	one, the workqueue gets the class of this call site, named after @q
 *
 * Sets @q->wq to @kwq. The works queued on @q with lw_queue_work() run
 * holding @q's event class too, so that lw_flush_workqueue() and
 * lw_destroy_workqueue() are ordered against every lock they take.
 */
#define lw_init_workqueue(q, kwq, ...)					\
	({ lockwarden_workqueue_init(q, kwq, __lw_class_of(#q, ##__VA_ARGS__)); __lw_no_tail(); })

/* Record the declared queue a work item goes on, for its run. */
static __always_inline void __lw_work_queued_on(struct lw_work *w, struct lw_workqueue *q)
{
	WRITE_ONCE(w->wq, q);
}

#else /* !CONFIG_LOCKWARDEN: the plain kernel work item and workqueue */

struct lw_work {
	struct work_struct work;	/* the kernel work item, and nothing else */
};

struct lw_workqueue {
	struct workqueue_struct *wq;	/* the kernel workqueue, and nothing else */
};

#define lw_init_work(w, fn, ...)	INIT_WORK(&(w)->work, fn)
#define lw_init_workqueue(q, kwq, ...)	((void)((q)->wq = (kwq)))

static __always_inline void __lw_work_queued_on(struct lw_work *w, struct lw_workqueue *q)
{
}

#endif /* CONFIG_LOCKWARDEN */

/* A flush or cancel_sync: the locks held are ordered before the work's class. */
#define __lw_work_wait(w)		__lw_hook(lockwarden_event_wait(&(w)->dep))
/* A workqueue flush or destroy: the locks held before the workqueue's class. */
#define __lw_workqueue_wait(q)		__lw_hook(lockwarden_event_wait(&(q)->dep))

/**
 * lw_queue_work - queue an lw_work on a declared workqueue
 * @q: the lw_workqueue
 * @w: the work item
 *
 * As queue_work(). It waits for nothing, so lockwarden learns nothing
 * from it, but the run of @w it queues holds @q's class as well as @w's.
 *
 * Context: any context.
 * Return: false if @w was already pending, true otherwise.
 */
static __always_inline bool lw_queue_work(struct lw_workqueue *q, struct lw_work *w)
{
	__lw_work_queued_on(w, q);
	return queue_work(q->wq, &w->work);
}

/**
 * lw_schedule_work - queue an lw_work on the system workqueue
 * @w: the work item
 *
 * As schedule_work(). The system workqueue is not declared to lockwarden:
 * only @w's own class is held while it runs.
 *
 * Context: any context.
 * Return: false if @w was already pending, true otherwise.
 */
static __always_inline bool lw_schedule_work(struct lw_work *w)
{
	__lw_work_queued_on(w, NULL);
	return schedule_work(&w->work);
}

/**
 * lw_flush_work - wait for the last queued run of an lw_work to finish,
 *	checking the wait
 * @w: the work item
 *
 * As flush_work(). Before waiting, the locks this context holds are
 * ordered before @w's class, whether or not @w is pending: a flush under a
 * lock the work takes is a cycle finding, a flush from inside @w's own
 * function a recursion finding, a flush in atomic context a finding.
 *
 * Context: process context; may sleep.
 * Return: true if it waited for a run, false if @w was idle.
 */
static __always_inline bool lw_flush_work(struct lw_work *w)
{
	__lw_work_wait(w);
	return flush_work(&w->work);
}

/**
 * lw_cancel_work_sync - cancel an lw_work and wait for its run to finish,
 *	checking the wait
 * @w: the work item
 *
 * As cancel_work_sync(); checked as lw_flush_work(): it waits for a run
 * that has started.
 *
 * Context: process context; may sleep.
 * Return: true if @w was pending.
 */
static __always_inline bool lw_cancel_work_sync(struct lw_work *w)
{
	__lw_work_wait(w);
	return cancel_work_sync(&w->work);
}

/**
 * lw_flush_workqueue - wait for every work queued on a declared workqueue,
 *	checking the wait
 * @q: the lw_workqueue
 *
 * As flush_workqueue(). Before waiting, the locks this context holds are
 * ordered before @q's class, which every run of a work queued on @q with
 * lw_queue_work() holds: a flush under a lock such a work takes is a cycle
 * finding; a flush from a work running on @q, a recursion finding.
 *
 * Context: process context; may sleep.
 */
static __always_inline void lw_flush_workqueue(struct lw_workqueue *q)
{
	__lw_workqueue_wait(q);
	flush_workqueue(q->wq);
}

/**
 * lw_destroy_workqueue - drain and free a declared workqueue, checking the
 *	wait
 * @q: the lw_workqueue
 *
 * As destroy_workqueue(), which drains @q first; checked as
 * lw_flush_workqueue().
 *
 * Context: process context; may sleep.
 */
static __always_inline void lw_destroy_workqueue(struct lw_workqueue *q)
{
	__lw_workqueue_wait(q);
	destroy_workqueue(q->wq);
}

#endif /* _LOCKWARDEN_WORK_H */
