/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_kthread: a kthread whose stop lockwarden orders against the locks the
 * thread takes while it runs (Documentation/waits.rst, "kthreads").
 */
#ifndef _LOCKWARDEN_KTHREAD_H
#define _LOCKWARDEN_KTHREAD_H

#include <linux/kthread.h>
#include <lockwarden/lock.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

/**
 * struct lw_kthread - a kthread whose run and stop lockwarden checks
 * @task: the kernel thread, or an ERR_PTR() if it could not be created
 * @fn: the driver's thread function
 * @data: its argument
 * @dep: lockwarden's state: the kthread's event class
 *
 * It must outlive the thread: until lw_kthread_stop() returns, or the
 * thread function has returned.
 */
struct lw_kthread {
	struct task_struct *task;	/* the kernel thread */
	int (*fn)(void *data);		/* the driver's thread function */
	void *data;			/* its argument */
	struct lw_dep_map dep;		/* lockwarden's state of it */
};

void lockwarden_kthread_run(struct lw_kthread *k, int (*fn)(void *data), void *data,
			    const char *name, struct lw_class *class);

/**
 * lw_kthread_run - create and wake a kthread declared to lockwarden
 * @k: the lw_kthread, which must outlive the thread
 * @fn: the thread function, as kthread_run() takes it
 * @data: its argument
 * @name: the thread's name, a string (no format)
 * @...: optionally its event class, defined with LW_DEFINE_CLASS(); without
 *	one, the kthread gets the class of this call site, named after @k
 *
 * As kthread_run(), storing the task (or an ERR_PTR()) in @k->task. @fn
 * runs inside lockwarden's thread function, which holds @k's event class
 * until @fn returns: every lock @fn takes is ordered after it.
 */
#define lw_kthread_run(k, fn, data, name, ...)				\
	({ lockwarden_kthread_run(k, fn, data, name, __lw_class_of(#k, ##__VA_ARGS__)); \
	   __lw_no_tail(); })

#else /* !CONFIG_LOCKWARDEN: the plain kthread */

struct lw_kthread {
	struct task_struct *task;	/* the kernel thread, and nothing else */
};

#define lw_kthread_run(k, fn, data, name, ...)				\
	((void)((k)->task = kthread_run(fn, data, "%s", name)))

#endif /* CONFIG_LOCKWARDEN */

/* A stop: the locks held are ordered before the kthread's class. */
#define __lw_kthread_wait(k)		__lw_hook(lockwarden_event_wait(&(k)->dep))

/**
 * lw_kthread_stop - stop a declared kthread and wait for it to exit,
 *	checking the wait
 * @k: the lw_kthread, created with lw_kthread_run()
 *
 * As kthread_stop(). Before waiting, the locks this context holds are
 * ordered before @k's class, which the thread holds while its function
 * runs: a stop under a lock the thread takes is a cycle finding; a stop
 * from the thread itself, a recursion finding.
 *
 * Context: process context; may sleep.
 * Return: the thread function's result, or -EINTR if it never ran.
 */
static __always_inline int lw_kthread_stop(struct lw_kthread *k)
{
	__lw_kthread_wait(k);
	return kthread_stop(k->task);
}

#endif /* _LOCKWARDEN_KTHREAD_H */
