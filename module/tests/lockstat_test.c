// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's lock statistics and hold-time budgets: exact
 * counts for a known sequence, contention forced with a second thread, the
 * reset, the hold-time histogram, and budget findings raised only when a
 * budget is set and exceeded.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/timekeeping.h>

#include "lw_test.h"

#define LW_LS_ROUNDS		10
#define LW_LS_HOLD_TICKS	2	/* a hold long enough to measure, in ticks */
#define LW_LS_BUDGET_US		100	/* a budget the long hold exceeds */
#define LW_LS_LONG_MS		2	/* the long hold */
#define LW_LS_LIMIT		(10 * HZ)	/* give up waiting on a stalled host */

static LW_DEFINE_CLASS(lw_ls_counted, 0);
static LW_DEFINE_CLASS(lw_ls_idle, 0);
static LW_DEFINE_CLASS(lw_ls_contended, 0);
static LW_DEFINE_CLASS(lw_ls_spin, 0);
static LW_DEFINE_CLASS(lw_ls_budget, 0);
static LW_DEFINE_CLASS(lw_ls_free, 0);

static struct lw_mutex ls_counted, ls_counted2, ls_idle, ls_contended, ls_budget, ls_free;
static struct lw_spinlock ls_spin;

/* The second thread of the contention case, and what it waits for. */
struct lw_ls_holder {
	struct task_struct *waiter;	/* the case's own task */
	struct completion held;		/* the holder has the lock */
	struct completion done;		/* the holder has released it */
	bool trying;			/* the waiter is about to take the lock */
};

static int lw_ls_test_init(struct kunit *test)
{
	lw_mutex_init(&ls_counted, &lw_ls_counted);
	lw_mutex_init(&ls_counted2, &lw_ls_counted);
	lw_mutex_init(&ls_idle, &lw_ls_idle);
	lw_mutex_init(&ls_contended, &lw_ls_contended);
	lw_mutex_init(&ls_budget, &lw_ls_budget);
	lw_mutex_init(&ls_free, &lw_ls_free);
	lw_spin_lock_init(&ls_spin, &lw_ls_spin);
	lockwarden_lockstat_reset();
	return lw_test_init(test);
}

static void lw_ls_test_exit(struct kunit *test)
{
	lockwarden_control("lockstat=off");
	lockwarden_control("budget=lw_ls_budget:0");
	lockwarden_control("budget=lw_ls_free:0");
	lockwarden_lockstat_reset();
	lw_test_exit(test);
}

static void lw_ls_on(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, lockwarden_control("lockstat=on"), 0);
}

/* Hold @m for about @ms milliseconds; its own frame names the sites. */
static noinline void test_kernel_hold(struct lw_mutex *m, unsigned int ms)
{
	u64 start;

	/*
	 * Timed by local_clock(), the clock the hold is stamped with, on one
	 * CPU: msleep() counts jiffies, which may leap ticks under TCG, and
	 * two CPUs' local clocks may disagree by more than the hold.
	 */
	migrate_disable();
	lw_mutex_lock(m);
	start = local_clock();
	while (local_clock() - start < ms * NSEC_PER_MSEC)
		usleep_range(200, 400);
	lw_mutex_unlock(m);
	migrate_enable();
}

/*
 * Takes the lock, and releases it only once the waiter blocks on it, three
 * ticks of the global clock later: the waiter's wait starts and ends by
 * local_clock(), maybe on two CPUs, each of which may clamp to within a
 * tick of its last one (an unstable sched_clock under QEMU), so a shorter
 * wait could measure 0.
 */
static int test_kernel_holder(void *arg)
{
	struct lw_ls_holder *h = arg;
	unsigned long limit = jiffies + LW_LS_LIMIT;
	u64 until;

	lw_mutex_lock(&ls_contended);
	complete(&h->held);
	/* Set, the waiter runs until it sleeps in the lock: then it waits. */
	while (!(READ_ONCE(h->trying) && !task_is_running(h->waiter)) &&
	       time_before(jiffies, limit))
		usleep_range(500, 1000);
	until = ktime_get_ns() + 3 * TICK_NSEC;
	while (ktime_get_ns() < until)
		usleep_range(500, 1000);
	lw_mutex_unlock(&ls_contended);
	complete(&h->done);
	return 0;
}

/* ===== Test cases ===== */

/* N acquisitions and one trylock, uncontended: counted exactly, no wait. */
static void test_lockstat_counts_exact(struct kunit *test)
{
	struct lw_lockstat st;
	unsigned int i;
	u64 hist = 0;

	lw_ls_on(test);
	for (i = 0; i < LW_LS_ROUNDS; i++) {
		lw_mutex_lock(&ls_counted);
		lw_mutex_unlock(&ls_counted);
	}
	if (lw_mutex_trylock(&ls_counted))
		lw_mutex_unlock(&ls_counted);
	else
		KUNIT_FAIL(test, "trylock of a free mutex failed");

	KUNIT_EXPECT_TRUE(test, lockwarden_lockstat_read(&lw_ls_counted, 0, &st));
	KUNIT_EXPECT_EQ(test, st.acquired, LW_LS_ROUNDS + 1ULL);
	KUNIT_EXPECT_EQ(test, st.holds, LW_LS_ROUNDS + 1ULL);
	KUNIT_EXPECT_EQ(test, st.contended, 0ULL);
	KUNIT_EXPECT_EQ(test, st.wait_sum, 0ULL);
	KUNIT_EXPECT_EQ(test, st.wait_max, 0ULL);
	KUNIT_EXPECT_LE(test, st.hold_min, st.hold_max);
	for (i = 0; i < LW_HIST_BUCKETS; i++)
		hist += st.hist[i];
	KUNIT_EXPECT_EQ(test, hist, LW_LS_ROUNDS + 1ULL);

	/* A class not taken is not counted; nor are acquisitions while off. */
	lockwarden_lockstat_read(&lw_ls_idle, 0, &st);
	KUNIT_EXPECT_EQ(test, st.acquired, 0ULL);
	KUNIT_ASSERT_EQ(test, lockwarden_control("lockstat=off"), 0);
	lw_mutex_lock(&ls_counted);
	lw_mutex_unlock(&ls_counted);
	lockwarden_lockstat_read(&lw_ls_counted, 0, &st);
	KUNIT_EXPECT_EQ(test, st.acquired, LW_LS_ROUNDS + 1ULL);
	KUNIT_EXPECT_EQ(test, st.holds, LW_LS_ROUNDS + 1ULL);
	lw_expect_only(test, LW_NONE, NULL);
}

/* A second thread holds the lock while this one blocks on it: one contention. */
static void test_lockstat_contention(struct kunit *test)
{
	struct lw_ls_holder h = { .waiter = current };
	struct task_struct *task;
	struct lw_lockstat st;

	init_completion(&h.held);
	init_completion(&h.done);
	lw_ls_on(test);
	task = kthread_run(test_kernel_holder, &h, "lw_ls_holder");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	wait_for_completion(&h.held);
	WRITE_ONCE(h.trying, true);
	lw_mutex_lock(&ls_contended);
	lw_mutex_unlock(&ls_contended);
	wait_for_completion(&h.done);

	lockwarden_lockstat_read(&lw_ls_contended, 0, &st);
	KUNIT_EXPECT_EQ(test, st.acquired, 2ULL);	/* the holder's, then this */
	KUNIT_EXPECT_EQ(test, st.contended, 1ULL);	/* only this one waited */
	KUNIT_EXPECT_GT(test, st.wait_min, 0ULL);
	KUNIT_EXPECT_EQ(test, st.wait_min, st.wait_max);
	KUNIT_EXPECT_EQ(test, st.wait_sum, st.wait_max);
	KUNIT_EXPECT_EQ(test, st.holds, 2ULL);
	lw_expect_only(test, LW_NONE, NULL);
}

/* Two locks of one class nested: each subclass is counted as its own class. */
static void test_lockstat_nested(struct kunit *test)
{
	struct lw_lockstat st;

	lw_ls_on(test);
	lw_mutex_lock_pair(&ls_counted, &ls_counted2);
	lw_mutex_unlock(&ls_counted2);
	lw_mutex_unlock(&ls_counted);

	lockwarden_lockstat_read(&lw_ls_counted, 0, &st);
	KUNIT_EXPECT_EQ(test, st.acquired, 1ULL);
	KUNIT_EXPECT_EQ(test, st.holds, 1ULL);
	lockwarden_lockstat_read(&lw_ls_counted, SINGLE_DEPTH_NESTING, &st);
	KUNIT_EXPECT_EQ(test, st.acquired, 1ULL);
	KUNIT_EXPECT_EQ(test, st.holds, 1ULL);
	KUNIT_EXPECT_EQ(test, st.contended, 0ULL);
	lw_expect_only(test, LW_NONE, NULL);
}

/* A reset forgets every count; counting goes on after it. */
static void test_lockstat_reset(struct kunit *test)
{
	struct lw_lockstat st;

	lw_ls_on(test);
	lw_mutex_lock(&ls_counted);
	lw_mutex_unlock(&ls_counted);
	lockwarden_lockstat_read(&lw_ls_counted, 0, &st);
	KUNIT_EXPECT_EQ(test, st.acquired, 1ULL);

	lockwarden_lockstat_reset();
	lockwarden_lockstat_read(&lw_ls_counted, 0, &st);
	KUNIT_EXPECT_EQ(test, st.acquired, 0ULL);
	KUNIT_EXPECT_EQ(test, st.holds, 0ULL);
	KUNIT_EXPECT_EQ(test, st.hold_max, 0ULL);

	lw_mutex_lock(&ls_counted);
	lw_mutex_unlock(&ls_counted);
	lockwarden_lockstat_read(&lw_ls_counted, 0, &st);
	KUNIT_EXPECT_EQ(test, st.acquired, 1ULL);
	KUNIT_EXPECT_EQ(test, st.holds, 1ULL);
}

/*
 * One measured hold lands in the bucket of its length, and only there. The
 * hold lasts LW_LS_HOLD_TICKS ticks by lockwarden's own clock (local_clock(),
 * which on one CPU only moves forward), with interrupts on: under QEMU that
 * clock may only move at a tick (an uncalibrated TSC makes sched_clock
 * unstable, and it then clamps to the last tick), so a shorter hold could
 * measure 0; and jiffies may leap several ticks at once on a loaded host,
 * so they cannot time it. The hold measured starts before the loop's start
 * and ends after its end.
 */
static void test_lockstat_histogram(struct kunit *test)
{
	u64 start, hold_ns = jiffies_to_nsecs(LW_LS_HOLD_TICKS);
	struct lw_lockstat st;
	unsigned int i;

	lw_ls_on(test);
	lw_spin_lock(&ls_spin);
	start = local_clock();
	while (local_clock() - start < hold_ns)
		cpu_relax();
	lw_spin_unlock(&ls_spin);

	lockwarden_lockstat_read(&lw_ls_spin, 0, &st);
	KUNIT_ASSERT_EQ(test, st.holds, 1ULL);
	KUNIT_EXPECT_EQ(test, st.hold_min, st.hold_max);
	KUNIT_EXPECT_EQ(test, st.hold_sum, st.hold_max);
	KUNIT_EXPECT_GE(test, st.hold_max, hold_ns);
	for (i = 0; i < LW_HIST_BUCKETS; i++)
		KUNIT_EXPECT_EQ_MSG(test, st.hist[i], i == lw_hist_bucket(st.hold_max) ? 1U : 0U,
				    "bucket %u, hold %llu ns", i, st.hold_max);
}

/* The bucket bounds debugfs.rst states: [2^i, 2^(i+1)), 0 in 0, the rest in 31. */
static void test_lockstat_bucket_bounds(struct kunit *test)
{
	unsigned int i;

	KUNIT_EXPECT_EQ(test, lw_hist_bucket(0), 0U);
	KUNIT_EXPECT_EQ(test, lw_hist_bucket(1), 0U);
	for (i = 1; i < LW_HIST_BUCKETS; i++) {
		KUNIT_EXPECT_EQ(test, lw_hist_bucket(1ULL << i), i);
		KUNIT_EXPECT_EQ(test, lw_hist_bucket((1ULL << i) - 1), i - 1);
	}
	KUNIT_EXPECT_EQ(test, lw_hist_bucket(1ULL << 32), LW_HIST_BUCKETS - 1);
	KUNIT_EXPECT_EQ(test, lw_hist_bucket(U64_MAX), LW_HIST_BUCKETS - 1);
}

/*
 * A hold longer than its class's budget is a finding naming the class, with
 * lockstat off; the same hold of a class without a budget is none.
 */
static void test_budget_exceeded(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_HOLD_BUDGET);

	KUNIT_ASSERT_EQ(test, lockwarden_control("budget=lw_ls_budget:100"), 0);
	test_kernel_hold(&ls_budget, LW_LS_LONG_MS);
	test_kernel_hold(&ls_free, LW_LS_LONG_MS);
	lw_expect_only(test, LW_KIND_HOLD_BUDGET, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_ls_budget");
	KUNIT_EXPECT_EQ(test, f->detail.budget.budget_ns, LW_LS_BUDGET_US * 1000ULL);
	KUNIT_EXPECT_GE(test, f->detail.budget.held_ns, LW_LS_LONG_MS * 1000000ULL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_kernel_hold"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], "test_kernel_hold"));
}

/*
 * A budget names a class as findings do, cut to LW_NAME_LEN - 1 bytes: it
 * applies to a longer-named class registered after it is set, as to one
 * registered before.
 */
static void test_budget_long_name(struct kunit *test)
{
	static LW_DEFINE_CLASS(lw_ls_budget_of_a_class_named_longer_than_kept, 0);
	static const char prefix[] = "lw_ls_budget_of_a_class_named_longer_th";
	struct lw_finding *f = lw_test_begin(test, LW_NONE);
	char verb[64];
	struct lw_mutex m;

	KUNIT_ASSERT_EQ(test, strlen(prefix), (size_t)LW_NAME_LEN - 1);
	lw_test_expect(test, LW_KIND_HOLD_BUDGET);
	snprintf(verb, sizeof(verb), "budget=%s:%u", prefix, LW_LS_BUDGET_US);
	KUNIT_ASSERT_EQ(test, lockwarden_control(verb), 0);
	/* Registered now, after the budget. */
	lw_mutex_init(&m, &lw_ls_budget_of_a_class_named_longer_than_kept);
	test_kernel_hold(&m, LW_LS_LONG_MS);
	snprintf(verb, sizeof(verb), "budget=%s:0", prefix);
	KUNIT_EXPECT_EQ(test, lockwarden_control(verb), 0);
	lw_mutex_destroy(&m);
	lw_expect_only(test, LW_KIND_HOLD_BUDGET, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], prefix);
	KUNIT_EXPECT_EQ(test, f->detail.budget.budget_ns, LW_LS_BUDGET_US * 1000ULL);
}

/* A hold within its budget is no finding. */
static void test_budget_kept(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, lockwarden_control("budget=lw_ls_budget:10000000"), 0);
	test_kernel_hold(&ls_budget, LW_LS_LONG_MS);
	lw_expect_only(test, LW_NONE, NULL);
}

/* A budget set to 0 is removed: the long hold is no finding. */
static void test_budget_removed(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, lockwarden_control("budget=lw_ls_budget:100"), 0);
	KUNIT_ASSERT_EQ(test, lockwarden_control("budget=lw_ls_budget:0"), 0);
	test_kernel_hold(&ls_budget, LW_LS_LONG_MS);
	lw_expect_only(test, LW_NONE, NULL);
}

/* Malformed verbs are refused and change nothing. */
static void test_control_refused(struct kunit *test)
{
	static const char *const bad[] = {
		"lockstat", "lockstat=", "lockstat=yes", "budget=", "budget=lw_ls_budget",
		"budget=:100", "budget=lw_ls_budget:", "budget=lw_ls_budget:-1",
		"budget=lw_ls_budget:12x", "budget=lw_ls_budget:18446744073709551615",
		"budget=a_class_name_longer_than_a_finding_keeps:1", "bogus=1", "=on", "",
	};
	struct lw_lockstat st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, lockwarden_control(bad[i]), -EINVAL, "'%s'", bad[i]);
	/* Nothing switched on, no budget set. */
	lw_mutex_lock(&ls_counted);
	lw_mutex_unlock(&ls_counted);
	lockwarden_lockstat_read(&lw_ls_counted, 0, &st);
	KUNIT_EXPECT_EQ(test, st.acquired, 0ULL);
	test_kernel_hold(&ls_budget, LW_LS_LONG_MS);
	lw_expect_only(test, LW_NONE, NULL);
}

static struct kunit_case lw_ls_test_cases[] = {
	KUNIT_CASE(test_lockstat_counts_exact),
	KUNIT_CASE(test_lockstat_contention),
	KUNIT_CASE(test_lockstat_nested),
	KUNIT_CASE(test_lockstat_reset),
	KUNIT_CASE(test_lockstat_histogram),
	KUNIT_CASE(test_lockstat_bucket_bounds),
	KUNIT_CASE(test_budget_exceeded),
	KUNIT_CASE(test_budget_long_name),
	KUNIT_CASE(test_budget_kept),
	KUNIT_CASE(test_budget_removed),
	KUNIT_CASE(test_control_refused),
	{}
};

LW_TEST_SUITE(lockwarden_lockstat, lw_ls_test_init, lw_ls_test_exit, lw_ls_test_cases);
