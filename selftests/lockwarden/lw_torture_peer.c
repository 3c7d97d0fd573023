// SPDX-License-Identifier: GPL-2.0
/*
 * lw_torture_peer.ko: a small driver that owns lock classes (two static,
 * one registered in allocated memory) and takes its locks inside nests of
 * lw_torture's, for as long as it is loaded; the torture's guest script
 * loads and unloads it over and over, so that lockwarden forgets and
 * relearns its classes while the torture runs. A producer and a consumer
 * add waits to the mix: the producer notifies an lw_condvar and completes
 * an lw_completion inside nests of lw_torture's locks, the consumer waits
 * for both holding nothing but the condvar's mutex (given up while it
 * sleeps): events ordered before the torture's locks, and no cycle.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include "lw_torture.h"

/* After every class of lw_torture's sleeping locks: peer mutex, dynamic, spin. */
static LW_DEFINE_CLASS(lw_tt_peer_mutex, 100);
static LW_DEFINE_CLASS(lw_tt_peer_spin, 101);
/* The condvar's mutex, taken alone or innermost in a nest of the torture's. */
static LW_DEFINE_CLASS(lw_tt_peer_cv_mutex, 102);
static LW_DEFINE_CLASS(lw_tt_peer_cv_event, 0);
static LW_DEFINE_CLASS(lw_tt_peer_done, 0);

/* A class in allocated memory, with its name. */
struct lw_tt_peer_dyn {
	struct lw_class class;
	char name[32];
};

static struct lw_tt_peer_dyn *lw_tt_peer_dyn;
static bool lw_tt_peer_dyn_registered;
static struct lw_mutex lw_tt_peer_m[2];
static struct lw_mutex lw_tt_peer_dm;
static struct lw_spinlock lw_tt_peer_s;
static LW_SPIN_GUARDED(lw_tt_peer_count, u64);
static struct task_struct *lw_tt_peer_threads[2];

/* The waits: a count of items under the condvar's mutex, and a completion per item. */
static struct lw_mutex lw_tt_peer_cv_m;
static struct lw_condvar lw_tt_peer_cv;
static struct lw_completion lw_tt_peer_item;
static unsigned int lw_tt_peer_items;	/* under lw_tt_peer_cv_m */
static struct task_struct *lw_tt_peer_waiters[2];

static void lw_tt_peer_count_up(void)
{
	lw_spin_guard(&lw_tt_peer_count, n);

	lw_spin_lock(&lw_tt_peer_s);
	(*n)++;
	lw_spin_unlock(&lw_tt_peer_s);
}

/* A peer mutex, then the spinlock and the guarded counter. */
static void lw_tt_peer_plain(void *arg)
{
	struct lw_mutex *m = &lw_tt_peer_m[(unsigned long)arg & 1];

	lw_mutex_lock(m);
	lw_tt_peer_count_up();
	lw_mutex_unlock(m);
}

/* The same with the mutex of the dynamic class between them. */
static void lw_tt_peer_dynamic(void *arg)
{
	struct lw_mutex *m = &lw_tt_peer_m[(unsigned long)arg & 1];

	lw_mutex_lock(m);
	lw_mutex_lock(&lw_tt_peer_dm);
	lw_tt_peer_count_up();
	lw_mutex_unlock(&lw_tt_peer_dm);
	lw_mutex_unlock(m);
}

/* The producer's step: one item, notified and completed, under the torture's nest. */
static void lw_tt_peer_produce(void *arg)
{
	lw_mutex_lock(&lw_tt_peer_cv_m);
	if (lw_tt_peer_items < 8)
		lw_tt_peer_items++;
	if ((unsigned long)arg & 4) {
		lw_condvar_notify_all(&lw_tt_peer_cv);
		lw_tt_count(LW_TTC_CONDVAR_NOTIFY_ALL);
	} else {
		lw_condvar_notify_one(&lw_tt_peer_cv);
		lw_tt_count(LW_TTC_CONDVAR_NOTIFY_ONE);
	}
	lw_mutex_unlock(&lw_tt_peer_cv_m);
	lw_complete(&lw_tt_peer_item);
	lw_tt_count(LW_TTC_COMPLETE);
}

static int lw_tt_peer_producer(void *unused)
{
	while (!kthread_should_stop()) {
		unsigned long r = get_random_u32();

		if (lw_torture_peer_call(lw_tt_peer_produce, (void *)r))
			lw_tt_peer_produce((void *)r);
		usleep_range(100, 1000);
	}
	return 0;
}

/* The consumer: takes items as they come, holding only the condvar's mutex. */
static int lw_tt_peer_consumer(void *unused)
{
	while (!kthread_should_stop()) {
		lw_mutex_lock(&lw_tt_peer_cv_m);
		if (get_random_u32() & 1) {
			lw_condvar_wait_event_timeout(&lw_tt_peer_cv, &lw_tt_peer_cv_m,
						      lw_tt_peer_items, HZ / 10);
			lw_tt_count(LW_TTC_CONDVAR_WAIT_EVENT_TIMEOUT);
		} else {
			lw_condvar_wait_timeout(&lw_tt_peer_cv, &lw_tt_peer_cv_m, HZ / 10);
			lw_tt_count(LW_TTC_CONDVAR_WAIT_TIMEOUT);
		}
		if (lw_tt_peer_items)
			lw_tt_peer_items--;
		lw_mutex_unlock(&lw_tt_peer_cv_m);
		lw_wait_for_completion_timeout(&lw_tt_peer_item, HZ / 10);
		lw_tt_count(LW_TTC_WAIT_FOR_COMPLETION_TIMEOUT);
	}
	return 0;
}

static int lw_tt_peer_thread(void *unused)
{
	while (!kthread_should_stop()) {
		unsigned long r = get_random_u32();
		void (*fn)(void *arg) = r & 2 ? lw_tt_peer_dynamic : lw_tt_peer_plain;

		/* Inside a nest of the torture's locks, or alone while it is paused or stopped. */
		if (lw_torture_peer_call(fn, (void *)r))
			fn((void *)r);
		usleep_range(100, 1000);
	}
	return 0;
}

static int __init lw_tt_peer_init(void)
{
	unsigned int i;

	lw_tt_peer_dyn = kzalloc(sizeof(*lw_tt_peer_dyn), GFP_KERNEL);
	if (!lw_tt_peer_dyn)
		return -ENOMEM;
	strscpy(lw_tt_peer_dyn->name, "lw_tt_peer_dyn", sizeof(lw_tt_peer_dyn->name));
	lw_tt_peer_dyn->class.name = lw_tt_peer_dyn->name;
	/* A full class table leaves its lock unchecked: no reason to fail. */
	lw_tt_peer_dyn_registered = !lw_class_register(&lw_tt_peer_dyn->class);
	lw_mutex_init(&lw_tt_peer_m[0], &lw_tt_peer_mutex);
	lw_mutex_init(&lw_tt_peer_m[1], &lw_tt_peer_mutex);
	lw_mutex_init(&lw_tt_peer_dm, &lw_tt_peer_dyn->class);
	lw_spin_lock_init(&lw_tt_peer_s, &lw_tt_peer_spin);
	lw_spin_guarded_init(&lw_tt_peer_count);
	lw_mutex_init(&lw_tt_peer_cv_m, &lw_tt_peer_cv_mutex);
	lw_condvar_init(&lw_tt_peer_cv, &lw_tt_peer_cv_event);
	lw_init_completion(&lw_tt_peer_item, &lw_tt_peer_done);
	lw_tt_peer_waiters[0] = kthread_run(lw_tt_peer_producer, NULL, "lw_tt_peer_prod");
	if (IS_ERR(lw_tt_peer_waiters[0])) {
		if (lw_tt_peer_dyn_registered)
			lw_class_unregister(&lw_tt_peer_dyn->class);
		kfree(lw_tt_peer_dyn);
		return PTR_ERR(lw_tt_peer_waiters[0]);
	}
	lw_tt_peer_waiters[1] = kthread_run(lw_tt_peer_consumer, NULL, "lw_tt_peer_cons");
	if (IS_ERR(lw_tt_peer_waiters[1])) {
		kthread_stop(lw_tt_peer_waiters[0]);
		if (lw_tt_peer_dyn_registered)
			lw_class_unregister(&lw_tt_peer_dyn->class);
		kfree(lw_tt_peer_dyn);
		return PTR_ERR(lw_tt_peer_waiters[1]);
	}
	for (i = 0; i < ARRAY_SIZE(lw_tt_peer_threads); i++) {
		lw_tt_peer_threads[i] = kthread_run(lw_tt_peer_thread, NULL, "lw_tt_peer/%u", i);
		if (IS_ERR(lw_tt_peer_threads[i])) {
			int err = PTR_ERR(lw_tt_peer_threads[i]);

			while (i--)
				kthread_stop(lw_tt_peer_threads[i]);
			kthread_stop(lw_tt_peer_waiters[0]);
			kthread_stop(lw_tt_peer_waiters[1]);
			if (lw_tt_peer_dyn_registered)
				lw_class_unregister(&lw_tt_peer_dyn->class);
			kfree(lw_tt_peer_dyn);
			return err;
		}
	}
	return 0;
}
module_init(lw_tt_peer_init);

static void __exit lw_tt_peer_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lw_tt_peer_threads); i++)
		kthread_stop(lw_tt_peer_threads[i]);
	for (i = 0; i < ARRAY_SIZE(lw_tt_peer_waiters); i++)
		kthread_stop(lw_tt_peer_waiters[i]);
	lw_mutex_destroy(&lw_tt_peer_cv_m);
	lw_mutex_destroy(&lw_tt_peer_m[0]);
	lw_mutex_destroy(&lw_tt_peer_m[1]);
	lw_mutex_destroy(&lw_tt_peer_dm);
	if (lw_tt_peer_dyn_registered)
		lw_class_unregister(&lw_tt_peer_dyn->class);
	kfree(lw_tt_peer_dyn);
}
module_exit(lw_tt_peer_exit);

MODULE_DESCRIPTION("lockwarden torture test: a module that owns lock classes");
MODULE_LICENSE("GPL");
