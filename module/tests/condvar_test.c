// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's lw_condvar and of the double-complete finding
 * of lw_completion: a condition variable waited on holding another lock
 * that its notifier holds is one cycle finding, for each timed wait and
 * both orders; a wait without its mutex is a finding; the counterparts
 * that cannot deadlock (notify under the condition's own mutex, the other
 * lock dropped before the wait, a real producer and consumer, timeouts)
 * are silent; a completion completed again after complete_all() with no
 * reinit is a finding, a counting completion is not.
 *
 * The waits that sleep in the test's own task are timed (one jiffy) and
 * nobody notifies them: they time out, checked and learned all the same.
 * The condvar example of Documentation/waits.rst is compiled here,
 * verbatim, and run by test_doc_examples.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/string.h>

#include "lw_test.h"

/* ===== The condvar example of Documentation/waits.rst ===== */

static LW_DEFINE_CLASS(demo_space, 0);

struct demo_queue {
	struct lw_mutex lock;
	struct lw_condvar space;
	unsigned int count;		/* under lock */
};

static void demo_queue_init(struct demo_queue *d)
{
	lw_mutex_init(&d->lock);
	lw_condvar_init(&d->space, &demo_space);
}

/* the consumer */
static void demo_take(struct demo_queue *d)
{
	lw_mutex_lock(&d->lock);
	lw_condvar_wait_event(&d->space, &d->lock, d->count > 0);
	d->count--;
	lw_mutex_unlock(&d->lock);
}

/* the producer */
static void demo_put(struct demo_queue *d)
{
	lw_mutex_lock(&d->lock);
	d->count++;
	lw_condvar_notify_one(&d->space);
	lw_mutex_unlock(&d->lock);
}

static LW_DEFINE_CLASS(lw_cv_mutex, 0);
static LW_DEFINE_CLASS(lw_cv_other, 0);
static LW_DEFINE_CLASS(lw_cv_event, 0);
static LW_DEFINE_CLASS(lw_cv_guard, 0);
static LW_DEFINE_CLASS(lw_cv_done, 0);

static struct lw_mutex cv_m, cv_n;
static struct lw_condvar cv_c;
static LW_MUTEX_GUARDED(cv_g, int);
static struct lw_completion cv_done;
static bool cv_ready;		/* the condition, under cv_m */

/* The timed waits, each sleeping once for a jiffy. */
enum lw_cv_wait {
	VW_TIMEOUT,		/* lw_condvar_wait_timeout() */
	VW_EVENT_TIMEOUT,	/* lw_condvar_wait_event_timeout(), never true */
	VW_COUNT,
};

static const char *const lw_cv_wait_names[VW_COUNT] = {
	[VW_TIMEOUT]		= "wait_timeout",
	[VW_EVENT_TIMEOUT]	= "wait_event_timeout",
};

/* ===== Code under test: each side in its own function, named in reports ===== */

/* The waiter, holding cv_n around the condition's mutex. Returns what the wait did. */
static noinline long test_kernel_cv_wait_under_n(unsigned int w)
{
	long ret;

	lw_mutex_lock(&cv_n);
	lw_mutex_lock(&cv_m);
	if (w == VW_TIMEOUT)
		ret = lw_condvar_wait_timeout(&cv_c, &cv_m, 1);
	else
		ret = lw_condvar_wait_event_timeout(&cv_c, &cv_m, READ_ONCE(cv_ready), 1);
	lw_mutex_unlock(&cv_m);
	lw_mutex_unlock(&cv_n);
	return ret;
}

/* The notifier, holding cv_n (@all: notify_all()). */
static noinline void test_kernel_cv_notify_under_n(unsigned int all)
{
	lw_mutex_lock(&cv_n);
	if (all)
		lw_condvar_notify_all(&cv_c);
	else
		lw_condvar_notify_one(&cv_c);
	lw_mutex_unlock(&cv_n);
}

/* The usual notifier: sets the condition and notifies under cv_m. */
static noinline void test_kernel_cv_notify_under_m(bool ready)
{
	lw_mutex_lock(&cv_m);
	WRITE_ONCE(cv_ready, ready);
	lw_condvar_notify_one(&cv_c);
	lw_mutex_unlock(&cv_m);
}

/* The waiter that drops cv_n before it waits. */
static noinline long test_kernel_cv_wait_after_n(void)
{
	long ret;

	lw_mutex_lock(&cv_n);
	lw_mutex_unlock(&cv_n);
	lw_mutex_lock(&cv_m);
	ret = lw_condvar_wait_timeout(&cv_c, &cv_m, 1);
	lw_mutex_unlock(&cv_m);
	return ret;
}

/* A wait on the condition under cv_m only, timed; the condition stays false. */
static noinline long test_kernel_cv_wait_event_timeout(void)
{
	long ret;

	lw_mutex_lock(&cv_m);
	ret = lw_condvar_wait_event_timeout(&cv_c, &cv_m, READ_ONCE(cv_ready), 1);
	/* The mutex is held again, whatever the wait returned. */
	lw_assert_held(&cv_m);
	lw_mutex_unlock(&cv_m);
	return ret;
}

/* The misuse: the condition read, and the wait begun, without cv_m. */
static noinline void test_kernel_cv_wait_unlocked(void)
	__lw_no_tsa
{
	lw_condvar_wait_event(&cv_c, &cv_m, READ_ONCE(cv_ready));
}

/* Its counterpart: the same wait, cv_m held. */
static noinline void test_kernel_cv_wait_locked(void)
{
	lw_mutex_lock(&cv_m);
	lw_condvar_wait_event(&cv_c, &cv_m, READ_ONCE(cv_ready));
	lw_mutex_unlock(&cv_m);
}

/* The guarded variant: the condition is the guarded int, waited for a jiffy. */
static noinline long test_kernel_cv_wait_guarded(void)
{
	long ret;
	int *v = lw_mutex_lock_guarded(&cv_g);

	ret = lw_condvar_wait_event_timeout_guarded(&cv_c, &cv_g, *v != 0, 1);
	lw_mutex_unlock_guarded(&cv_g);
	return ret;
}

static noinline void test_kernel_cv_notify_guarded(void)
{
	int *v = lw_mutex_lock_guarded(&cv_g);

	*v = 0;
	lw_condvar_notify_all(&cv_c);
	lw_mutex_unlock_guarded(&cv_g);
}

/* ===== A condvar and another lock in a cycle ===== */

/*
 * A cycle case: the wait (v[0]), which side first (v[1], 0: the wait),
 * notify_one() or notify_all() (v[2]).
 */
static const char *const lw_cv_order_names[] = { "waiter-first", "notifier-first" };
static const char *const lw_cv_all_names[] = { "notify_one", "notify_all" };

LW_TEST_GRID_PARAM(lw_cv_cycle, VW_COUNT * 2 * 2, LW_TEST_AXIS(lw_cv_wait_names),
		   LW_TEST_AXIS(lw_cv_order_names), LW_TEST_AXIS(lw_cv_all_names));

/*
 * The waiter sleeps on the condvar holding N (its own mutex M is given up
 * for the sleep); the notifier takes N before it notifies: N -> E -> N,
 * one cycle finding of N and the condvar's class, whichever side is
 * learned first, with both sites. M takes no part: neither the wait (M is
 * not held while it sleeps) nor the cycle names it.
 */
static void test_condvar_cycle(struct kunit *test)
{
	const struct lw_test_point *p = test->param_value;
	bool waiter_first = !p->v[1];
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	KUNIT_EXPECT_EQ(test, lw_test_wait_wake(test, waiter_first, test_kernel_cv_wait_under_n,
						p->v[0], test_kernel_cv_notify_under_n, p->v[2]),
			0L);
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&cv_m));
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&cv_n));

	lw_expect_only(test, LW_KIND_CYCLE, f);
	/*
	 * Waiter first, the notification under N closes N -> E -> N, reported
	 * from E; else the wait under N closes E -> N -> E, from N.
	 */
	lw_expect_classes(test, f, waiter_first,
			  { "lw_cv_other", 0, "test_kernel_cv_wait_under_n" },
			  { "lw_cv_event", LW_LOCK_CONDVAR, "test_kernel_cv_notify_under_n" });
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_CYCLE, 1);
}

/* ===== A wait without its mutex ===== */

/*
 * The condition is true, so the wait returns at once: nothing is slept on
 * and no mutex released, but the condition was read without its lock:
 * a ``lock not held`` finding naming the mutex and the wait's site.
 */
static void test_condvar_wait_unlocked(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_NOT_HELD);

	/*
	 * Taken and released once since the test's reset: a lock last seen
	 * before a reset may be held unrecorded, and is not judged.
	 */
	lw_mutex_lock(&cv_m);
	lw_mutex_unlock(&cv_m);
	WRITE_ONCE(cv_ready, true);
	test_kernel_cv_wait_unlocked();
	lw_expect_only(test, LW_KIND_NOT_HELD, f);
	KUNIT_EXPECT_EQ(test, f->nr, 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_cv_mutex");
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_kernel_cv_wait_unlocked"));
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&cv_m));
}

/* ===== Counterparts that cannot deadlock ===== */

enum lw_cv_silent {
	VS_NOTIFY_UNDER_M,	/* the usual: notify under the condition's mutex */
	VS_DROPPED_BEFORE_WAIT,	/* the waiter drops N before it waits */
	VS_TIMEOUT,		/* a timed wait_event whose condition stays false */
	VS_WAIT_LOCKED,		/* the condition true, read under the mutex */
	VS_GUARDED,		/* the guarded variant, notified under its lock */
	VS_COUNT,
};

static const char *const lw_cv_silent_names[VS_COUNT] = {
	[VS_NOTIFY_UNDER_M]	 = "notify under the mutex",
	[VS_DROPPED_BEFORE_WAIT] = "lock dropped before the wait",
	[VS_TIMEOUT]		 = "wait_event timeout",
	[VS_WAIT_LOCKED]	 = "wait with the mutex held",
	[VS_GUARDED]		 = "guarded",
};

LW_TEST_NAMES_PARAM(lw_cv_silent, lw_cv_silent_names);

static void lw_cv_silent_round(struct kunit *test, unsigned int round)
{
	switch (lw_test_param_index(test, lw_cv_silent_names)) {
	case VS_NOTIFY_UNDER_M:
		KUNIT_EXPECT_EQ(test, test_kernel_cv_wait_event_timeout(), 0L);
		test_kernel_cv_notify_under_m(false);
		break;
	case VS_DROPPED_BEFORE_WAIT:
		KUNIT_EXPECT_EQ(test, test_kernel_cv_wait_after_n(), 0L);
		test_kernel_cv_notify_under_n(false);
		break;
	case VS_TIMEOUT:
		WRITE_ONCE(cv_ready, false);
		KUNIT_EXPECT_EQ(test, test_kernel_cv_wait_event_timeout(), 0L);
		break;
	case VS_WAIT_LOCKED:
		WRITE_ONCE(cv_ready, true);
		test_kernel_cv_wait_locked();
		WRITE_ONCE(cv_ready, false);
		break;
	case VS_GUARDED:
		KUNIT_EXPECT_EQ(test, test_kernel_cv_wait_guarded(), 0L);
		test_kernel_cv_notify_guarded();
		break;
	case VS_COUNT:
		break;
	}
}

/* Each counterpart, twice: no finding, and no lock left held. */
static void test_condvar_counterparts(struct kunit *test)
{
	lw_test_silent(test, lw_cv_silent_round, 2, &cv_m, &cv_n);
}

/* ===== A real producer and consumer ===== */

static struct lw_test_thread lw_cv_thread;
static int lw_cv_taken;

/* The consumer: waits under cv_m until the condition is true, three times. */
static int lw_cv_consumer(void *unused)
{
	int i;

	for (i = 0; i < 3; i++) {
		lw_mutex_lock(&cv_m);
		lw_condvar_wait_event(&cv_c, &cv_m, READ_ONCE(cv_ready));
		WRITE_ONCE(cv_ready, false);
		lw_cv_taken++;
		lw_condvar_notify_one(&cv_c);
		lw_mutex_unlock(&cv_m);
	}
	return 0;
}

/*
 * The producer sets the condition under cv_m, notifies, and waits (on the
 * same condvar, under cv_m) until the consumer has taken it: both really
 * sleep and are woken, three rounds; no finding.
 */
static void test_producer_consumer(struct kunit *test)
{
	long ret;
	int i;

	lw_test_expect(test, LW_NONE);
	lw_cv_taken = 0;
	WRITE_ONCE(cv_ready, false);
	lw_test_thread_run(test, &lw_cv_thread, lw_cv_consumer, NULL, "lw_cv_consumer");
	for (i = 0; i < 3; i++) {
		msleep(20);
		lw_mutex_lock(&cv_m);
		WRITE_ONCE(cv_ready, true);
		lw_condvar_notify_one(&cv_c);
		ret = lw_condvar_wait_event_timeout(&cv_c, &cv_m, !READ_ONCE(cv_ready),
						    LW_TEST_WAIT);
		KUNIT_EXPECT_GT(test, ret, 0L);
		lw_mutex_unlock(&cv_m);
	}
	lw_test_thread_join(test, &lw_cv_thread);
	KUNIT_EXPECT_EQ(test, lw_cv_taken, 3);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

/* The example's consumer in a kthread of its own; exited once it took one. */
static struct demo_queue lw_cv_doc;

static int lw_cv_doc_consumer(void *q)
{
	demo_take(q);
	return 0;
}

/*
 * The example of Documentation/waits.rst runs silent: a consumer that
 * sleeps until the producer puts one item, then one put before its take.
 */
static void test_doc_examples(struct kunit *test)
{
	struct demo_queue *d = &lw_cv_doc;

	lw_test_expect(test, LW_NONE);
	memset(d, 0, sizeof(*d));
	demo_queue_init(d);
	lw_test_thread_run(test, &lw_cv_thread, lw_cv_doc_consumer, d, "lw_cv_doc");
	msleep(20);
	demo_put(d);
	lw_test_thread_join(test, &lw_cv_thread);
	demo_put(d);
	demo_take(d);
	KUNIT_EXPECT_EQ(test, d->count, 0U);
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&d->lock));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

/* ===== A completion completed twice ===== */

static noinline void test_kernel_complete_all(void)
{
	lw_complete_all(&cv_done);
}

static noinline void test_kernel_complete_again(bool all)
{
	if (all)
		lw_complete_all(&cv_done);
	else
		lw_complete(&cv_done);
}

enum lw_cv_done_case {
	VD_COMPLETE_AFTER_ALL,		/* a finding */
	VD_ALL_AFTER_ALL,		/* a finding */
	VD_COUNTING,			/* three complete()s, three waits: silent */
	VD_ALL_REINIT_ALL,		/* complete_all(), reinit, complete_all(): silent */
	VD_COMPLETE_THEN_ALL,		/* complete(), then complete_all(): silent */
	VD_COUNT,
};

static const char *const lw_cv_done_names[VD_COUNT] = {
	[VD_COMPLETE_AFTER_ALL]	= "complete after complete_all",
	[VD_ALL_AFTER_ALL]	= "complete_all after complete_all",
	[VD_COUNTING]		= "counting completions",
	[VD_ALL_REINIT_ALL]	= "complete_all reinit complete_all",
	[VD_COMPLETE_THEN_ALL]	= "complete then complete_all",
};

LW_TEST_NAMES_PARAM(lw_cv_done, lw_cv_done_names);

/*
 * A completion done for good by complete_all() and completed again with
 * no reinit is a finding naming both sites; a completion used as a
 * counting semaphore, or reinitialised between, is not. Every call still
 * reaches the kernel: the completion is done after, whatever was found.
 */
static void test_double_complete(struct kunit *test)
{
	enum lw_cv_done_case c = lw_test_param_index(test, lw_cv_done_names);
	bool found = c == VD_COMPLETE_AFTER_ALL || c == VD_ALL_AFTER_ALL;
	struct lw_finding *f = lw_test_begin(test, found ? LW_KIND_DOUBLE_COMPLETE : LW_NONE);
	int i;

	switch (c) {
	case VD_COMPLETE_AFTER_ALL:
	case VD_ALL_AFTER_ALL:
		test_kernel_complete_all();
		test_kernel_complete_again(c == VD_ALL_AFTER_ALL);
		break;
	case VD_COUNTING:
		for (i = 0; i < 3; i++)
			test_kernel_complete_again(false);
		for (i = 0; i < 3; i++)
			KUNIT_EXPECT_TRUE(test, lw_try_wait_for_completion(&cv_done));
		KUNIT_EXPECT_FALSE(test, lw_completion_done(&cv_done));
		test_kernel_complete_again(false);
		break;
	case VD_ALL_REINIT_ALL:
		test_kernel_complete_all();
		lw_reinit_completion(&cv_done);
		test_kernel_complete_all();
		break;
	case VD_COMPLETE_THEN_ALL:
		test_kernel_complete_again(false);
		test_kernel_complete_all();
		break;
	case VD_COUNT:
		break;
	}
	KUNIT_EXPECT_TRUE(test, lw_completion_done(&cv_done));
	lw_expect_only(test, found ? LW_KIND_DOUBLE_COMPLETE : LW_NONE, f);
	if (!found)
		return;
	KUNIT_ASSERT_EQ(test, f->nr, 2U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_cv_done");
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_kernel_complete_again"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], "test_kernel_complete_all"));
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_DOUBLE_COMPLETE, 1);
}

/* ===== Suite ===== */

static int lw_cv_test_init(struct kunit *test)
{
	lw_mutex_init(&cv_m, &lw_cv_mutex);
	lw_mutex_init(&cv_n, &lw_cv_other);
	lw_condvar_init(&cv_c, &lw_cv_event);
	lw_mutex_guarded_init(&cv_g, &lw_cv_guard);
	lw_init_completion(&cv_done, &lw_cv_done);
	cv_ready = false;
	return lw_test_init(test);
}

static struct kunit_case lw_cv_test_cases[] = {
	KUNIT_CASE_PARAM(test_condvar_cycle, lw_cv_cycle_gen_params),
	KUNIT_CASE(test_condvar_wait_unlocked),
	KUNIT_CASE_PARAM(test_condvar_counterparts, lw_cv_silent_gen_params),
	KUNIT_CASE(test_producer_consumer),
	KUNIT_CASE_PARAM(test_double_complete, lw_cv_done_gen_params),
	KUNIT_CASE(test_doc_examples),
	{}
};

LW_TEST_SUITE(lockwarden_condvar, lw_cv_test_init, lw_test_exit, lw_cv_test_cases);
