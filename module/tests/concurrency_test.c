// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden under concurrency: kthreads taking random nests
 * of mutexes and spinlocks in one consistent order, for a bounded time and
 * at least a given number of nests each, give no finding; with one inverted
 * pair injected (on distinct instances of two of the classes, so nothing
 * deadlocks for real), exactly that cycle is found.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "lw_test.h"

#define LW_CC_THREADS	4
#define LW_CC_MUTEXES	3	/* locks 0..2 are mutexes, 3..5 spinlocks */
#define LW_CC_LOCKS	6
#define LW_CC_RUN	(HZ / 2)	/* at least this long ... */
#define LW_CC_ROUNDS	100		/* ... and this many nests per thread ... */
#define LW_CC_LIMIT	(20 * HZ)	/* ... unless this is over (a stalled host) */

static LW_DEFINE_CLASS(lw_cc_0, 0);
static LW_DEFINE_CLASS(lw_cc_1, 0);
static LW_DEFINE_CLASS(lw_cc_2, 0);
static LW_DEFINE_CLASS(lw_cc_3, 0);
static LW_DEFINE_CLASS(lw_cc_4, 0);
static LW_DEFINE_CLASS(lw_cc_5, 0);
static struct lw_class *const cc_classes[LW_CC_LOCKS] = {
	&lw_cc_0, &lw_cc_1, &lw_cc_2, &lw_cc_3, &lw_cc_4, &lw_cc_5,
};

static union lw_test_lock cc_locks[LW_CC_LOCKS];
/* The inverter's own instances of classes 3 and 5. */
static struct lw_spinlock cc_inv3, cc_inv5;

struct lw_cc_thread {
	struct completion done;
	unsigned long deadline;
	unsigned long limit;
	unsigned long rounds;
	bool invert;
};

static struct lw_cc_thread cc_threads[LW_CC_THREADS];

/* Lock i's type: the first LW_CC_MUTEXES are mutexes, the others spinlocks. */
static enum lw_test_type lw_cc_type(int i)
{
	return i < LW_CC_MUTEXES ? T_MUTEX : T_SPIN;
}

/*
 * Nests of a random subset, always in ascending order, until the deadline
 * and LW_CC_ROUNDS nests, however slowly a loaded host runs the guest.
 */
static int test_kernel_cc_thread(void *arg)
{
	struct lw_cc_thread *t = arg;
	int held[LW_CC_LOCKS], n, i;
	unsigned long flags = 0;	/* neither type uses it */

	while ((time_before(jiffies, t->deadline) || t->rounds < LW_CC_ROUNDS) &&
	       time_before(jiffies, t->limit)) {
		u32 set = get_random_u32() & GENMASK(LW_CC_LOCKS - 1, 0);

		for (n = 0, i = 0; i < LW_CC_LOCKS; i++) {
			if (set & BIT(i)) {
				lw_test_lock(lw_cc_type(i), &cc_locks[i], &flags);
				held[n++] = i;
			}
		}
		while (n--)
			lw_test_unlock(lw_cc_type(held[n]), &cc_locks[held[n]], flags);
		if (t->invert && t->rounds > 50) {
			lw_spin_lock(&cc_inv5);
			lw_spin_lock(&cc_inv3);	/* class 3 after class 5 */
			lw_spin_unlock(&cc_inv3);
			lw_spin_unlock(&cc_inv5);
		}
		t->rounds++;
		cond_resched();
	}
	complete(&t->done);
	return 0;
}

static void lw_cc_run(struct kunit *test, bool invert)
{
	unsigned long deadline = jiffies + LW_CC_RUN, limit = jiffies + LW_CC_LIMIT;
	unsigned long rounds = 0;
	int i;

	for (i = 0; i < LW_CC_LOCKS; i++)
		lw_test_lock_init(lw_cc_type(i), &cc_locks[i], cc_classes[i]);
	lw_spin_lock_init(&cc_inv3, &lw_cc_3);
	lw_spin_lock_init(&cc_inv5, &lw_cc_5);

	for (i = 0; i < LW_CC_THREADS; i++) {
		struct lw_cc_thread *t = &cc_threads[i];
		struct task_struct *task;

		init_completion(&t->done);
		t->deadline = deadline;
		t->limit = limit;
		t->rounds = 0;
		t->invert = invert && i == 0;
		task = kthread_run(test_kernel_cc_thread, t, "lw_cc/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	}
	for (i = 0; i < LW_CC_THREADS; i++) {
		wait_for_completion(&cc_threads[i].done);
		rounds += cc_threads[i].rounds;
	}
	/* The threads really ran: every one of them many times. */
	for (i = 0; i < LW_CC_THREADS; i++)
		KUNIT_EXPECT_GE(test, cc_threads[i].rounds, (unsigned long)LW_CC_ROUNDS);
	kunit_info(test, "%lu nests by %d threads\n", rounds, LW_CC_THREADS);
}

static void test_concurrent_consistent_order(struct kunit *test)
{
	lw_cc_run(test, false);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

static void test_concurrent_one_inversion(struct kunit *test)
{
	struct lw_finding *f;

	/*
	 * It runs on PREEMPT_RT too. Once, in a loaded cold make check of
	 * 2026-12-06 on the clang-built debug-rt-6.12 of then, it hung: one
	 * thread spinning on an rt_mutex's wait_lock in mutex_lock() with
	 * interrupts off, the other CPU silent. It was skipped there until
	 * it had run over 1,100 times more without a hang, on that build
	 * and on the gcc-built one since, most beside a busy host loop, 150
	 * with lockwarden's timing key switched on and off throughout.
	 * Should it hang, the runner's report at the timeout names both
	 * vCPUs' frames from their registers and stacks (tools/vm/run),
	 * which the guest need not print.
	 */
	f = kmalloc(sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	lw_kunit_expect(test, LW_KIND_CYCLE);
	lw_cc_run(test, true);
	/*
	 * Exactly one finding: class 3 taken under class 5, a cycle, through
	 * whichever path the order learned so far had (3 -> 5, or 3 -> 4 -> 5
	 * until another thread learns 3 -> 5: the same finding again).
	 */
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
	if (lockwarden_finding_get(0, f)) {
		KUNIT_EXPECT_EQ(test, f->kind, LW_KIND_CYCLE);
		KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_cc_5");
		KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_cc_3");
		KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_kernel_cc_thread"));
	}
	kfree(f);
}

static struct kunit_case lw_cc_test_cases[] = {
	KUNIT_CASE(test_concurrent_consistent_order),
	KUNIT_CASE(test_concurrent_one_inversion),
	{}
};

LW_TEST_SUITE(lockwarden_concurrency, lw_test_init, lw_test_exit, lw_cc_test_cases);
