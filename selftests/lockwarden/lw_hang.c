// SPDX-License-Identifier: GPL-2.0
/*
 * lw_hang: a deadlock on purpose, for the test of tools/vm/run's report of
 * a hung guest. Writing 1 to its start parameter starts two kthreads,
 * bound to CPUs 0 and 1, that take two raw spinlocks in opposite orders
 * with interrupts off and spin for ever. Loaded, it does nothing; never
 * start it outside a VM that is to be killed.
 *
 * The deadlock does not depend on timing: neither side takes its first
 * lock before both run, nor its second before both hold their first.
 * (With a half-second delay in their place, a side that started that
 * much before the other, as a loaded host can make it, took both locks
 * and ended its thread holding them, and the other spun alone.)
 */
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>

static DEFINE_RAW_SPINLOCK(lw_hang_a);
static DEFINE_RAW_SPINLOCK(lw_hang_b);
/* Completed once both threads are awake: neither starts before. */
static DECLARE_COMPLETION(lw_hang_go);
/* The sides running, and the sides holding their first lock. */
static atomic_t lw_hang_running = ATOMIC_INIT(0);
static atomic_t lw_hang_holding = ATOMIC_INIT(0);

/* Count this side in @sides, and wait for the other side to be counted. */
static void lw_hang_meet(atomic_t *sides)
{
	atomic_inc(sides);
	while (atomic_read(sides) < 2)
		cpu_relax();
}

/*
 * Take @first with interrupts off, then @second, for good; each once the
 * other side has come as far. The wait for the other to run is with
 * interrupts on: what the other CPU needs of this one until then (a
 * wake-up, a TLB flush), it gets. It is not preemptible: a task run in
 * this one's place once the other side holds its first lock could wait
 * for the other CPU, which no longer answers (on PREEMPT_RT the shell
 * that started the test did, exec'ing its next command, whose TLB flush
 * waited for the other CPU).
 */
static noinline void lw_hang_take(raw_spinlock_t *first, raw_spinlock_t *second,
				  const char *what)
	__acquires(first) __acquires(second)
{
	wait_for_completion(&lw_hang_go);
	preempt_disable();
	lw_hang_meet(&lw_hang_running);
	raw_spin_lock_irq(first);
	pr_warn("lw_hang: CPU %d holds %s\n", smp_processor_id(), what);
	lw_hang_meet(&lw_hang_holding);
	raw_spin_lock(second);
}

/* Each side a function of its own, for the report to name. */
static noinline int lw_hang_ab(void *unused)
	__acquires(&lw_hang_a) __acquires(&lw_hang_b)
{
	lw_hang_take(&lw_hang_a, &lw_hang_b, "A, takes B");
	return 0;
}

static noinline int lw_hang_ba(void *unused)
	__acquires(&lw_hang_b) __acquires(&lw_hang_a)
{
	lw_hang_take(&lw_hang_b, &lw_hang_a, "B, takes A");
	return 0;
}

/* Writing "1" to start: both sides, once. */
static int lw_hang_start(const char *val, const struct kernel_param *kp)
{
	static DEFINE_MUTEX(lw_hang_once);
	static bool started;
	struct task_struct *ab, *ba;
	bool on;
	int ret;

	ret = kstrtobool(val, &on);
	if (ret || !on)
		return ret ?: -EINVAL;
	if (!cpu_online(0) || !cpu_online(1))
		return -ENODEV;
	mutex_lock(&lw_hang_once);
	ret = -EBUSY;
	if (started)
		goto out;
	ab = kthread_create(lw_hang_ab, NULL, "lw_hang_ab");
	ret = PTR_ERR_OR_ZERO(ab);
	if (ret)
		goto out;
	ba = kthread_create(lw_hang_ba, NULL, "lw_hang_ba");
	ret = PTR_ERR_OR_ZERO(ba);
	if (ret) {
		kthread_stop(ab);
		goto out;
	}
	started = true;
	kthread_bind(ab, 0);
	kthread_bind(ba, 1);
	wake_up_process(ab);
	wake_up_process(ba);
	complete_all(&lw_hang_go);
out:
	mutex_unlock(&lw_hang_once);
	return ret;
}

static const struct kernel_param_ops lw_hang_start_ops = {
	.set = lw_hang_start,
};
module_param_cb(start, &lw_hang_start_ops, NULL, 0200);
MODULE_PARM_DESC(start, "write 1 to deadlock CPUs 0 and 1 for good");

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("lockwarden selftest: a deadlock on purpose, for the VM runner's hang report");
