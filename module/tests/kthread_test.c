// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's lw_kthread: a kthread_stop() under a lock
 * the thread takes is one cycle finding; stopping it holding nothing, or
 * another lock, is silent. The thread has taken the lock and let it go
 * before it is stopped, so nothing deadlocks: the dependencies are learned
 * all the same.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/string.h>

#include "lw_test.h"

static LW_DEFINE_CLASS(lw_kt_mutex, 0);
static LW_DEFINE_CLASS(lw_kt_other, 0);
static LW_DEFINE_CLASS(lw_kt_thread, 0);

static struct lw_mutex kt_m, kt_n;
static struct lw_kthread kt_k;
static struct completion kt_took;	/* the test's own: not checked */

/* ===== Code under test ===== */

/* The thread: takes kt_m once, then waits to be stopped. */
static noinline int test_kernel_thread_takes_m(void *data)
{
	lw_mutex_lock(&kt_m);
	lw_mutex_unlock(&kt_m);
	complete(&kt_took);
	while (!kthread_should_stop())
		msleep(20);
	return 7;
}

/* The stopper: holds @m while it stops the thread. */
static noinline int test_kernel_stop_under(struct lw_mutex *m)
{
	int ret;

	lw_mutex_lock(m);
	ret = lw_kthread_stop(&kt_k);
	lw_mutex_unlock(m);
	return ret;
}

static noinline int test_kernel_stop_unlocked(void)
{
	return lw_kthread_stop(&kt_k);
}

/* Start the thread and wait until it has taken kt_m. */
static void lw_kt_start(struct kunit *test)
{
	init_completion(&kt_took);
	lw_kthread_run(&kt_k, test_kernel_thread_takes_m, NULL, "lw_kt_thread", &lw_kt_thread);
	KUNIT_ASSERT_FALSE(test, IS_ERR(kt_k.task));
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&kt_took, LW_TEST_WAIT), 0UL);
}

/*
 * The thread takes M; the stopper holds M while it stops the thread: the
 * cycle M -> K -> M, found at the stop, with both sites. The stop still
 * happens: the thread's result comes back.
 */
static void test_stop_under_lock(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	lw_kt_start(test);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	KUNIT_EXPECT_EQ(test, test_kernel_stop_under(&kt_m), 7);
	lw_expect_only(test, LW_KIND_CYCLE, f);
	lw_expect_classes(test, f, 0, { "lw_kt_mutex", 0, "test_kernel_stop_under" },
			  { "lw_kt_thread", LW_LOCK_KTHREAD, "test_kernel_thread_takes_m" });
}

static const char *const lw_kt_names[] = { "unlocked", "under another lock" };

LW_TEST_NAMES_PARAM(lw_kt, lw_kt_names);

/* A round of a counterpart: the thread started, then stopped. */
static void lw_kt_silent_round(struct kunit *test, unsigned int round)
{
	bool other = lw_test_param_index(test, lw_kt_names);

	lw_kt_start(test);
	KUNIT_EXPECT_EQ(test, other ? test_kernel_stop_under(&kt_n) :
			test_kernel_stop_unlocked(), 7);
}

/* Its counterparts: the stop holds nothing, or a lock the thread does not take. */
static void test_stop_counterparts(struct kunit *test)
{
	lw_test_silent(test, lw_kt_silent_round, 2, &kt_m, &kt_n);
}

/* ===== Suite ===== */

static int lw_kt_test_init(struct kunit *test)
{
	lw_mutex_init(&kt_m, &lw_kt_mutex);
	lw_mutex_init(&kt_n, &lw_kt_other);
	return lw_test_init(test);
}

static struct kunit_case lw_kt_test_cases[] = {
	KUNIT_CASE(test_stop_under_lock),
	KUNIT_CASE_PARAM(test_stop_counterparts, lw_kt_gen_params),
	{}
};

LW_TEST_SUITE(lockwarden_kthread, lw_kt_test_init, lw_test_exit, lw_kt_test_cases);
