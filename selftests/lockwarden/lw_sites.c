// SPDX-License-Identifier: GPL-2.0
/*
 * lw_sites.ko: every finding kind raised by a wrapper call that ends a
 * function of its own (lw_site_<kind>), where gcc with sibling calls (the
 * stock kernels) would make a jump of the call, so that sites_test.sh can
 * check, on the kernel users run, that each finding names the driver's own
 * function and not its caller's. Write a kind's id (findings.json's
 * "kind") to /sys/module/lw_sites/parameters/run to play it; its setup
 * runs in lw_sites_<kind>(), the second site of a finding of two.
 */
#include <linux/delay.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched/clock.h>
#include <linux/sched/task.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <lockwarden/lockwarden.h>

#include "lw_run.h"

/* Locks of one class each, but where a kind needs two of one class. */
static LW_DEFINE_CLASS(lw_sites_a, 0);
static LW_DEFINE_CLASS(lw_sites_b, 0);
static LW_DEFINE_CLASS(lw_sites_lo, 1);
static LW_DEFINE_CLASS(lw_sites_hi, 2);
static LW_DEFINE_CLASS(lw_sites_sem, 0);
static LW_DEFINE_CLASS(lw_sites_spin, 0);
static LW_DEFINE_CLASS(lw_sites_raw, 0);
static LW_DEFINE_CLASS(lw_sites_irq, 0);
static LW_DEFINE_CLASS(lw_sites_budget, 0);
static LW_DEFINE_CLASS(lw_sites_guard, 0);
static LW_DEFINE_CLASS(lw_sites_kept, 0);
static LW_DEFINE_CLASS(lw_sites_exiting, 0);
static LW_DEFINE_CLASS(lw_sites_done, 0);

static struct lw_mutex lw_sites_m_a, lw_sites_m_a2, lw_sites_m_b;
static struct lw_mutex lw_sites_m_lo, lw_sites_m_hi, lw_sites_m_budget, lw_sites_m_held;
static struct lw_mutex lw_sites_m_exit;
static struct lw_rwsem lw_sites_sem_1, lw_sites_sem_2;
static struct lw_spinlock lw_sites_s;
static struct lw_raw_spinlock lw_sites_r, lw_sites_r_irq;
static LW_MUTEX_GUARDED(lw_sites_g, int);

/* Held-lock depth: one class each, one more lock than a stack records. */
#define LW_SITES_DEPTH	49
static struct lw_class lw_sites_depth_cls[LW_SITES_DEPTH];
static struct lw_mutex lw_sites_depth_m[LW_SITES_DEPTH];

/* === Order, rank, recursion, context: the raising acquisition last === */

static noinline void lw_site_aa(void)
	__acquires(&lw_sites_m_a2) __lw_no_tsa
{
	lw_mutex_lock(&lw_sites_m_a2);
}

static noinline int lw_sites_aa(void)
	__lw_no_tsa
{
	lw_mutex_lock(&lw_sites_m_a);
	lw_site_aa();
	lw_mutex_unlock(&lw_sites_m_a2);
	lw_mutex_unlock(&lw_sites_m_a);
	return 0;
}

static noinline void lw_site_cycle(void)
	__acquires(&lw_sites_m_a) __lw_no_tsa
{
	lw_mutex_lock(&lw_sites_m_a);
}

static noinline int lw_sites_cycle(void)
	__lw_no_tsa
{
	lw_mutex_lock(&lw_sites_m_a);
	lw_mutex_lock(&lw_sites_m_b);
	lw_mutex_unlock(&lw_sites_m_b);
	lw_mutex_unlock(&lw_sites_m_a);
	lw_mutex_lock(&lw_sites_m_b);
	lw_site_cycle();
	lw_mutex_unlock(&lw_sites_m_a);
	lw_mutex_unlock(&lw_sites_m_b);
	return 0;
}

static noinline void lw_site_rank(void)
	__acquires(&lw_sites_m_lo) __lw_no_tsa
{
	lw_mutex_lock(&lw_sites_m_lo);
}

static noinline int lw_sites_rank(void)
	__lw_no_tsa
{
	lw_mutex_lock(&lw_sites_m_hi);
	lw_site_rank();
	lw_mutex_unlock(&lw_sites_m_lo);
	lw_mutex_unlock(&lw_sites_m_hi);
	return 0;
}

static noinline void lw_site_upgrade(void)
	__acquires(&lw_sites_sem_2) __lw_no_tsa
{
	lw_down_write(&lw_sites_sem_2);
}

static noinline int lw_sites_upgrade(void)
	__lw_no_tsa
{
	lw_down_read(&lw_sites_sem_1);
	lw_site_upgrade();
	lw_up_write(&lw_sites_sem_2);
	lw_up_read(&lw_sites_sem_1);
	return 0;
}

/* A free mutex: taking it does not sleep. */
static noinline void lw_site_sleep_atomic(void)
	__acquires(&lw_sites_m_b) __lw_no_tsa
{
	lw_mutex_lock(&lw_sites_m_b);
}

static noinline int lw_sites_sleep_atomic(void)
	__lw_no_tsa
{
	lw_spin_lock(&lw_sites_s);
	lw_site_sleep_atomic();
	lw_mutex_unlock(&lw_sites_m_b);
	lw_spin_unlock(&lw_sites_s);
	return 0;
}

static noinline void lw_site_wait_context(void)
	__acquires(&lw_sites_s) __lw_no_tsa
{
	lw_spin_lock(&lw_sites_s);
}

static noinline int lw_sites_wait_context(void)
	__lw_no_tsa
{
	lw_raw_spin_lock(&lw_sites_r);
	lw_site_wait_context();
	lw_spin_unlock(&lw_sites_s);
	lw_raw_spin_unlock(&lw_sites_r);
	return 0;
}

static bool lw_sites_in_hardirq;

/*
 * A raw spinlock taken in a hard irq_work: in hardirq context on PREEMPT_RT
 * too, where a spinlock_t sleeps and a plain irq_work runs in a kthread.
 */
static noinline void lw_sites_irq_work(struct irq_work *work)
{
	WRITE_ONCE(lw_sites_in_hardirq, in_hardirq());
	lw_raw_spin_lock(&lw_sites_r_irq);
	lw_raw_spin_unlock(&lw_sites_r_irq);
}

static struct irq_work lw_sites_work_irq = IRQ_WORK_INIT_HARD(lw_sites_irq_work);

static noinline void lw_site_irq_inversion(void)
	__acquires(&lw_sites_r_irq) __lw_no_tsa
{
	lw_raw_spin_lock(&lw_sites_r_irq);
}

static noinline int lw_sites_irq_inversion(void)
	__lw_no_tsa
{
	irq_work_queue(&lw_sites_work_irq);
	irq_work_sync(&lw_sites_work_irq);
	if (!READ_ONCE(lw_sites_in_hardirq))
		return -EOPNOTSUPP;
	lw_site_irq_inversion();
	lw_raw_spin_unlock(&lw_sites_r_irq);
	return 0;
}

static noinline void lw_site_depth(void)
	__acquires(&lw_sites_depth_m[LW_SITES_DEPTH - 1]) __lw_no_tsa
{
	lw_mutex_lock(&lw_sites_depth_m[LW_SITES_DEPTH - 1]);
}

static noinline int lw_sites_depth(void)
	__lw_no_tsa
{
	int i;

	for (i = 0; i < LW_SITES_DEPTH - 1; i++) {
		lw_mutex_lock(&lw_sites_depth_m[i]);
		__release(&lw_sites_depth_m[i]);	/* for sparse: held past the loop */
	}
	lw_site_depth();
	__release(&lw_sites_depth_m[LW_SITES_DEPTH - 1]);
	for (i = LW_SITES_DEPTH; i-- > 0;) {
		__acquire(&lw_sites_depth_m[i]);
		lw_mutex_unlock(&lw_sites_depth_m[i]);
	}
	return 0;
}

/* === Releases, assertions and destruction: the checked call last === */

/* Harmless for the kernel's mutex: its owner is 0 already. */
static noinline void lw_site_unlock_not_held(void)
	__lw_no_tsa
{
	__acquire(&lw_sites_m_a);	/* for sparse: released unheld on purpose */
	lw_mutex_unlock(&lw_sites_m_a);
}

static noinline int lw_sites_unlock_not_held(void)
	__lw_no_tsa
{
	lw_mutex_lock(&lw_sites_m_a);
	lw_mutex_unlock(&lw_sites_m_a);
	lw_site_unlock_not_held();
	return 0;
}

/* What a work item does, on a kworker, with lw_sites_m_b or the object. */
enum lw_sites_op { LW_SITES_LOCK, LW_SITES_TAKE, LW_SITES_USE };

static enum lw_sites_op lw_sites_op;

static struct {
	struct lw_owned own;
	int value;
} lw_sites_obj;

static noinline void lw_site_not_owner(void)
{
	lw_owned_assert(&lw_sites_obj.own);
}

static noinline void lw_sites_work_fn(struct work_struct *work)
	__lw_no_tsa
{
	switch (lw_sites_op) {
	case LW_SITES_LOCK:
		lw_mutex_lock(&lw_sites_m_b);
		__release(&lw_sites_m_b);	/* for sparse: this task releases it */
		break;
	case LW_SITES_TAKE:
		lw_owned_take(&lw_sites_obj.own);
		lw_sites_obj.value++;
		break;
	case LW_SITES_USE:
		lw_site_not_owner();
		break;
	}
}

static DECLARE_WORK(lw_sites_work, lw_sites_work_fn);

static void lw_sites_in_work(enum lw_sites_op op)
{
	lw_sites_op = op;
	queue_work(system_wq, &lw_sites_work);
	flush_work(&lw_sites_work);
}

/* The kworker holds it; this task releases it: as the kernel allows. */
static noinline void lw_site_unlock_non_owner(void)
	__lw_no_tsa
{
	__acquire(&lw_sites_m_b);	/* for sparse: the kworker took it */
	lw_mutex_unlock(&lw_sites_m_b);
}

static noinline int lw_sites_unlock_non_owner(void)
{
	lw_sites_in_work(LW_SITES_LOCK);
	lw_site_unlock_non_owner();
	return 0;
}

static noinline void lw_site_not_held(void)
{
	lw_assert_held(&lw_sites_m_a);
}

static noinline int lw_sites_not_held(void)
{
	lw_site_not_held();
	return 0;
}

static noinline void lw_site_held(void)
{
	lw_assert_not_held(&lw_sites_m_a);
}

static noinline int lw_sites_held(void)
	__lw_no_tsa
{
	lw_mutex_lock(&lw_sites_m_a);
	lw_site_held();
	lw_mutex_unlock(&lw_sites_m_a);
	return 0;
}

static struct lw_completion lw_sites_done_c;

static noinline void lw_site_double_complete(void)
{
	lw_complete(&lw_sites_done_c);
}

/* Completed for good here, then once more with no reinit between. */
static noinline int lw_sites_double_complete(void)
{
	lw_init_completion(&lw_sites_done_c, &lw_sites_done);
	lw_complete_all(&lw_sites_done_c);
	lw_site_double_complete();
	return 0;
}

static noinline void lw_site_destroy_held(void)
{
	lw_check_freed(&lw_sites_m_a, sizeof(lw_sites_m_a));
}

/* The memory is not freed: the lock is released after, unchecked. */
static noinline int lw_sites_destroy_held(void)
	__lw_no_tsa
{
	lw_mutex_lock(&lw_sites_m_a);
	lw_site_destroy_held();
	lw_mutex_unlock(&lw_sites_m_a);
	return 0;
}

/* === Owned objects: given here, taken by a kworker === */

static noinline void lw_site_use_after_move(void)
{
	lw_owned_assert(&lw_sites_obj.own);
}

static noinline void lw_site_double_take(void)
{
	lw_owned_take(&lw_sites_obj.own);
}

static noinline void lw_site_freed_owned(void)
{
	lw_owned_destroy(&lw_sites_obj.own);
}

/* Give the object to a kworker that takes it, then @site() here. */
static int lw_sites_moved(void (*site)(void))
{
	lw_owned_init(&lw_sites_obj.own);
	lw_owned_give(&lw_sites_obj.own);
	lw_sites_in_work(LW_SITES_TAKE);
	site();
	return 0;
}

static noinline int lw_sites_use_after_move(void)
{
	return lw_sites_moved(lw_site_use_after_move);
}

static noinline int lw_sites_double_take(void)
{
	return lw_sites_moved(lw_site_double_take);
}

static noinline int lw_sites_freed_owned(void)
{
	return lw_sites_moved(lw_site_freed_owned);
}

/* A kworker asserts ownership of an object it was never given. */
static noinline int lw_sites_not_owner(void)
{
	lw_owned_init(&lw_sites_obj.own);
	lw_sites_in_work(LW_SITES_USE);
	return 0;
}

/* === Guarded data, budgets, poisoning, exit and unload === */

static noinline int *lw_site_unguarded(void)
	__lw_no_tsa
{
	return lw_guarded(&lw_sites_g);
}

static noinline int lw_sites_unguarded(void)
{
	(*lw_site_unguarded())++;
	return 0;
}

/*
 * How long lw_sites_hold_budget() holds its lock, by the clock lockwarden
 * times holds with: local_clock(), on one CPU. A sleep of a fixed length
 * would not do: under a loaded QEMU the guest may find its TSC unstable,
 * and a CPU's local clock then stands still once a tick past the CPU's
 * last tick, so a 100-us sleep could time as 0 (seen on stock-6.12).
 */
#define LW_SITES_HOLD_NS	(200 * NSEC_PER_USEC)

/* Needs a budget on lw_sites_budget under 200 us (sites_test.sh sets 50). */
static noinline void lw_site_hold_budget(void)
	__releases(&lw_sites_m_budget) __lw_no_tsa
{
	lw_mutex_unlock(&lw_sites_m_budget);
}

static noinline int lw_sites_hold_budget(void)
	__lw_no_tsa
{
	u64 start;

	migrate_disable();
	lw_mutex_lock(&lw_sites_m_budget);
	start = local_clock();
	while (local_clock() - start < LW_SITES_HOLD_NS)
		usleep_range(100, 200);
	lw_site_hold_budget();
	migrate_enable();
	return 0;
}

static int *lw_sites_v;

/* No argument: gcc would make a .constprop clone of it, named so. */
static noinline int lw_site_poisoned(void)
	__acquires(&lw_sites_g.lock) __lw_no_tsa
{
	return lw_mutex_lock_guarded_check(&lw_sites_g, &lw_sites_v);
}

static noinline int lw_sites_poisoned(void)
	__lw_no_tsa
{
	int *v = lw_mutex_lock_guarded(&lw_sites_g);
	int err;

	(*v)++;
	lw_poison(&lw_sites_g);
	lw_mutex_unlock_guarded(&lw_sites_g);
	err = lw_site_poisoned();
	lw_clear_poison(&lw_sites_g);
	lw_mutex_unlock_guarded(&lw_sites_g);
	return err == -EOWNERDEAD ? 0 : -EIO;
}

/* Left held by the kthread that exits: the mutex is not used again. */
static noinline void lw_site_exit_held(void)
	__acquires(&lw_sites_m_exit) __lw_no_tsa
{
	lw_mutex_lock(&lw_sites_m_exit);
}

static int lw_sites_exit_fn(void *arg)
	__lw_no_tsa
{
	lw_site_exit_held();
	__release(&lw_sites_m_exit);	/* for sparse: held at exit on purpose */
	complete(arg);
	return 0;
}

static noinline int lw_sites_exit_held(void)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct task_struct *t = kthread_create(lw_sites_exit_fn, &done, "lw_sites_exit");
	unsigned long limit = jiffies + 30 * HZ;

	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t);
	wake_up_process(t);
	wait_for_completion(&done);
	/*
	 * Until it has exited: the finding is raised by its exit, whose hook
	 * runs before exit_notify() sets exit_state. At most 30 s.
	 */
	while (!READ_ONCE(t->exit_state) && time_before(jiffies, limit))
		usleep_range(5000, 10000);
	put_task_struct(t);
	return 0;
}

/* Left held until the module is unloaded: that unload is the finding. */
static noinline void lw_site_unload_held(void)
	__acquires(&lw_sites_m_held) __lw_no_tsa
{
	lw_mutex_lock(&lw_sites_m_held);
}

static noinline int lw_sites_unload_held(void)
	__lw_no_tsa
{
	lw_site_unload_held();
	__release(&lw_sites_m_held);	/* for sparse: held past the return */
	return 0;
}

/* Each kind by its findings.json id; its name in the run parameter. */
static const struct lw_run lw_sites[] = {
	{ "aa", lw_sites_aa },
	{ "cycle", lw_sites_cycle },
	{ "rank", lw_sites_rank },
	{ "upgrade", lw_sites_upgrade },
	{ "sleep_atomic", lw_sites_sleep_atomic },
	{ "wait_context", lw_sites_wait_context },
	{ "irq_inversion", lw_sites_irq_inversion },
	{ "depth", lw_sites_depth },
	{ "unlock_not_held", lw_sites_unlock_not_held },
	{ "unlock_non_owner", lw_sites_unlock_non_owner },
	{ "not_held", lw_sites_not_held },
	{ "held", lw_sites_held },
	{ "destroy_held", lw_sites_destroy_held },
	{ "use_after_move", lw_sites_use_after_move },
	{ "double_take", lw_sites_double_take },
	{ "not_owner", lw_sites_not_owner },
	{ "freed_owned", lw_sites_freed_owned },
	{ "unguarded", lw_sites_unguarded },
	{ "hold_budget", lw_sites_hold_budget },
	{ "poisoned", lw_sites_poisoned },
	{ "exit_held", lw_sites_exit_held },
	{ "unload_held", lw_sites_unload_held },
	{ "double_complete", lw_sites_double_complete },
	{ }
};

LW_RUN_PARAM(lw_sites, NULL);
MODULE_PARM_DESC(run, "The finding kind to raise, by its findings.json id");

static int __init lw_sites_init(void)
{
	unsigned int i;

	lw_mutex_init(&lw_sites_m_a, &lw_sites_a);
	lw_mutex_init(&lw_sites_m_a2, &lw_sites_a);
	lw_mutex_init(&lw_sites_m_b, &lw_sites_b);
	lw_mutex_init(&lw_sites_m_lo, &lw_sites_lo);
	lw_mutex_init(&lw_sites_m_hi, &lw_sites_hi);
	lw_mutex_init(&lw_sites_m_budget, &lw_sites_budget);
	lw_mutex_init(&lw_sites_m_held, &lw_sites_kept);
	lw_mutex_init(&lw_sites_m_exit, &lw_sites_exiting);
	lw_init_rwsem(&lw_sites_sem_1, &lw_sites_sem);
	lw_init_rwsem(&lw_sites_sem_2, &lw_sites_sem);
	lw_spin_lock_init(&lw_sites_s, &lw_sites_spin);
	lw_raw_spin_lock_init(&lw_sites_r_irq, &lw_sites_irq);
	lw_raw_spin_lock_init(&lw_sites_r, &lw_sites_raw);
	lw_mutex_guarded_init(&lw_sites_g, &lw_sites_guard);
	for (i = 0; i < LW_SITES_DEPTH; i++) {
		lw_sites_depth_cls[i].name = "lw_sites_depth";
		lw_mutex_init(&lw_sites_depth_m[i], &lw_sites_depth_cls[i]);
	}
	return 0;
}
module_init(lw_sites_init);

static void __exit lw_sites_exit(void)
{
	irq_work_sync(&lw_sites_work_irq);
	cancel_work_sync(&lw_sites_work);
}
module_exit(lw_sites_exit);

MODULE_DESCRIPTION("lockwarden: each finding kind raised from a call that ends a function");
MODULE_LICENSE("GPL");
