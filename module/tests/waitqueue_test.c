// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's lw_wait_queue: a wait and a wake-up that
 * deadlock through a lock are one cycle finding, for every wait variant
 * and both orders; three contexts (a lock, a completion and a wait queue)
 * in one cycle; a wait in atomic context; each with counterparts that
 * cannot deadlock, silent.
 *
 * As in completion_test.c, the condition waited for is true before the
 * wait, so no wait blocks: each is checked and learned all the same
 * (lockwarden checks before the kernel's call, whatever the condition).
 */
#include <kunit/test.h>
#include <linux/jiffies.h>
#include <linux/string.h>

#include "lw_test.h"

static LW_DEFINE_CLASS(lw_wq_mutex, 0);
static LW_DEFINE_CLASS(lw_wq_other, 0);
static LW_DEFINE_CLASS(lw_wq_event, 0);
static LW_DEFINE_CLASS(lw_wq_spin, 0);
static LW_DEFINE_CLASS(lw_wq_lock_a, 0);
static LW_DEFINE_CLASS(lw_wq_done, 0);
static LW_DEFINE_CLASS(lw_wq_static_event, 0);

static struct lw_mutex wq_m, wq_n, wq_a;
static struct lw_spinlock wq_s;
static struct lw_wait_queue wq_q;
static struct lw_completion wq_c;
/* Defined statically: its class is registered when first used. */
static LW_DECLARE_WAIT_QUEUE_HEAD(wq_static_q, &lw_wq_static_event);
static bool wq_cond;

/* The lw_wait_event() family. */
enum lw_wq_wait {
	WW_PLAIN,
	WW_INTERRUPTIBLE,
	WW_KILLABLE,
	WW_TIMEOUT,
	WW_COUNT,
};

static const char *const lw_wq_wait_names[WW_COUNT] = {
	[WW_PLAIN]		= "wait_event",
	[WW_INTERRUPTIBLE]	= "interruptible",
	[WW_KILLABLE]		= "killable",
	[WW_TIMEOUT]		= "timeout",
};

/* The wake-ups. */
enum lw_wq_wake {
	WK_ONE,
	WK_ALL,
	WK_INTERRUPTIBLE,
	WK_COUNT,
};

static const char *const lw_wq_wake_names[WK_COUNT] = {
	[WK_ONE]		= "wake_up",
	[WK_ALL]		= "wake_up_all",
	[WK_INTERRUPTIBLE]	= "wake_up_interruptible",
};

/* ===== Code under test: each side in its own function, named in reports ===== */

/* The waiter: holds wq_m while it waits on wq_q. Returns the wait's result. */
static noinline long test_kernel_wq_wait_under_m(unsigned int w)
{
	long ret = 0;

	lw_mutex_lock(&wq_m);
	switch (w) {
	case WW_PLAIN:
		lw_wait_event(&wq_q, READ_ONCE(wq_cond));
		break;
	case WW_INTERRUPTIBLE:
		ret = lw_wait_event_interruptible(&wq_q, READ_ONCE(wq_cond));
		break;
	case WW_KILLABLE:
		ret = lw_wait_event_killable(&wq_q, READ_ONCE(wq_cond));
		break;
	case WW_TIMEOUT:
		ret = lw_wait_event_timeout(&wq_q, READ_ONCE(wq_cond), HZ);
		break;
	case WW_COUNT:
		break;
	}
	lw_mutex_unlock(&wq_m);
	return ret;
}

static noinline void test_kernel_wq_wake(enum lw_wq_wake k)
{
	WRITE_ONCE(wq_cond, true);
	switch (k) {
	case WK_ONE:
		lw_wake_up(&wq_q);
		break;
	case WK_ALL:
		lw_wake_up_all(&wq_q);
		break;
	case WK_INTERRUPTIBLE:
		lw_wake_up_interruptible(&wq_q);
		break;
	case WK_COUNT:
		break;
	}
}

/* The waker: takes wq_m, then wakes wq_q. */
static noinline void test_kernel_wq_wake_under_m(unsigned int k)
{
	lw_mutex_lock(&wq_m);
	test_kernel_wq_wake(k);
	lw_mutex_unlock(&wq_m);
}

/* The waker's correct order: wake first, then take the lock. */
static noinline void test_kernel_wq_wake_then_lock_m(void)
{
	test_kernel_wq_wake(WK_ONE);
	lw_mutex_lock(&wq_m);
	lw_mutex_unlock(&wq_m);
}

static noinline void test_kernel_wq_wait_unlocked(void)
{
	lw_wait_event(&wq_q, READ_ONCE(wq_cond));
}

static noinline void test_kernel_wq_wake_under_n(void)
{
	lw_mutex_lock(&wq_n);
	test_kernel_wq_wake(WK_ONE);
	lw_mutex_unlock(&wq_n);
}

/* Three contexts: A held while waiting on Q; Q woken while waiting for C; C under A. */
static noinline void test_kernel_wq_ctx_wait_under_a(void)
{
	lw_mutex_lock(&wq_a);
	lw_wait_event(&wq_static_q, READ_ONCE(wq_cond));
	lw_mutex_unlock(&wq_a);
}

static noinline void test_kernel_wq_ctx_complete_under_a(void)
{
	lw_mutex_lock(&wq_a);
	lw_complete(&wq_c);
	lw_mutex_unlock(&wq_a);
}

/* Q's waker: holds N while it waits for C, and wakes Q under N. */
static noinline void test_kernel_wq_ctx_wait_c_under_n(void)
{
	lw_mutex_lock(&wq_n);
	lw_wait_for_completion(&wq_c);
	lw_mutex_unlock(&wq_n);
}

static noinline void test_kernel_wq_ctx_wake_under_n(void)
{
	lw_mutex_lock(&wq_n);
	WRITE_ONCE(wq_cond, true);
	lw_wake_up(&wq_static_q);
	lw_mutex_unlock(&wq_n);
}

static noinline void test_kernel_wq_wait_under_spin(void)
{
	lw_spin_lock(&wq_s);
	lw_wait_event(&wq_q, READ_ONCE(wq_cond));
	lw_spin_unlock(&wq_s);
}

static noinline void test_kernel_wq_wake_under_spin(void)
{
	lw_spin_lock(&wq_s);
	test_kernel_wq_wake(WK_ONE);
	lw_spin_unlock(&wq_s);
}

/* ===== The mutex + wait queue cycle, every wait and wake-up, both orders ===== */

/* A cycle case: the wait (v[0]), the wake-up (v[1]), which side first (v[2], 1: the wait). */
static const char *const lw_wq_order_names[] = { "waker-first", "waiter-first" };

LW_TEST_GRID_PARAM(lw_wq_cycle, WW_COUNT * WK_COUNT * 2, LW_TEST_AXIS(lw_wq_wait_names),
		   LW_TEST_AXIS(lw_wq_wake_names), LW_TEST_AXIS(lw_wq_order_names));

/*
 * The waiter holds M while it waits on Q; the waker takes M before it
 * wakes Q. One cycle finding of M and Q, whichever side is learned first,
 * with both sites; every call still reaches the kernel.
 */
static void test_mutex_waitqueue_cycle(struct kunit *test)
{
	const struct lw_test_point *p = test->param_value;
	bool waiter_first = p->v[2];
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	long ret;

	WRITE_ONCE(wq_cond, true);
	ret = lw_test_wait_wake(test, waiter_first, test_kernel_wq_wait_under_m, p->v[0],
				test_kernel_wq_wake_under_m, p->v[1]);
	/* The condition was true: the kernel's wait returned at once. */
	KUNIT_EXPECT_EQ(test, ret, p->v[0] == WW_TIMEOUT ? (long)HZ : 0L);
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&wq_m));
	lw_expect_only(test, LW_KIND_CYCLE, f);
	lw_expect_classes(test, f, waiter_first,
			  { "lw_wq_mutex", 0, "test_kernel_wq_wait_under_m" },
			  { "lw_wq_event", LW_LOCK_WAITQUEUE, "test_kernel_wq_wake" });
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_CYCLE, 1);
}

/* ===== Counterparts that cannot deadlock ===== */

enum lw_wq_silent {
	WS_WAKE_BEFORE_LOCK,	/* the waker wakes, then takes M */
	WS_WAIT_UNLOCKED,	/* the waiter holds nothing */
	WS_UNRELATED_LOCK,	/* the waker holds N, not M */
	WS_WAKE_UNDER_SPIN,	/* a wake-up may be made anywhere */
	WS_COUNT,
};

static const char *const lw_wq_silent_names[WS_COUNT] = {
	[WS_WAKE_BEFORE_LOCK]	= "wake before lock",
	[WS_WAIT_UNLOCKED]	= "wait unlocked",
	[WS_UNRELATED_LOCK]	= "unrelated lock",
	[WS_WAKE_UNDER_SPIN]	= "wake under spinlock",
};

LW_TEST_NAMES_PARAM(lw_wq_silent, lw_wq_silent_names);

static void lw_wq_silent_round(struct kunit *test, unsigned int round)
{
	switch (lw_test_param_index(test, lw_wq_silent_names)) {
	case WS_WAKE_BEFORE_LOCK:
		test_kernel_wq_wait_under_m(WW_PLAIN);
		test_kernel_wq_wake_then_lock_m();
		break;
	case WS_WAIT_UNLOCKED:
		test_kernel_wq_wait_unlocked();
		test_kernel_wq_wake_under_m(WK_ALL);
		break;
	case WS_UNRELATED_LOCK:
		test_kernel_wq_wait_under_m(WW_TIMEOUT);
		test_kernel_wq_wake_under_n();
		break;
	case WS_WAKE_UNDER_SPIN:
		test_kernel_wq_wait_unlocked();
		test_kernel_wq_wake_under_spin();
		break;
	case WS_COUNT:
		break;
	}
}

/* Each counterpart, played twice: no finding. */
static void test_waitqueue_counterparts(struct kunit *test)
{
	WRITE_ONCE(wq_cond, true);
	lw_test_silent(test, lw_wq_silent_round, 2, &wq_m, &wq_n);
}

/* ===== Three contexts: a lock, a completion and a wait queue ===== */

/*
 * CPU0 holds A and waits on Q; CPU1 holds N, the lock Q's waker takes
 * before it wakes Q, and waits for C; CPU2 completes C under A. The cycle
 * A -> Q -> N -> C -> A, found when its last dependency is learned, with
 * the event classes marked. Without CPU2's lock (C completed with nothing
 * held), the same waits are silent.
 */
static void test_three_contexts(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	WRITE_ONCE(wq_cond, true);
	/* The counterpart first: C completed holding nothing. */
	test_kernel_wq_ctx_wait_under_a();
	test_kernel_wq_ctx_wake_under_n();
	lw_complete(&wq_c);
	test_kernel_wq_ctx_wait_c_under_n();
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	/* Then the completion under A closes the cycle. */
	test_kernel_wq_ctx_complete_under_a();
	lw_expect_only(test, LW_KIND_CYCLE, f);
	lw_expect_classes(test, f, 0,
			  { "lw_wq_done", LW_LOCK_COMPLETION,
			    "test_kernel_wq_ctx_complete_under_a" },
			  { "lw_wq_lock_a", 0, "test_kernel_wq_ctx_wait_under_a" },
			  { "lw_wq_static_event", LW_LOCK_WAITQUEUE,
			    "test_kernel_wq_ctx_wake_under_n" },
			  { "lw_wq_other", 0, NULL });
	lw_reinit_completion(&wq_c);
}

/* ===== Atomic context ===== */

/*
 * A wait under a spinning lock is a sleeping-in-atomic finding naming the
 * wait queue's class and the spinlock, though the condition is true and
 * the kernel's wait does not sleep; a wake-up there is none
 * (WS_WAKE_UNDER_SPIN).
 */
static void test_waitqueue_wait_in_atomic(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_SLEEP_ATOMIC);

	WRITE_ONCE(wq_cond, true);
	test_kernel_wq_wait_under_spin();
	lw_expect_only(test, LW_KIND_SLEEP_ATOMIC, f);
	lw_expect_classes(test, f, 0,
			  { "lw_wq_event", LW_LOCK_WAITQUEUE, "test_kernel_wq_wait_under_spin" },
			  { "lw_wq_spin", 0, NULL });
}

/* ===== Suite ===== */

static int lw_wq_test_init(struct kunit *test)
{
	lw_mutex_init(&wq_m, &lw_wq_mutex);
	lw_mutex_init(&wq_n, &lw_wq_other);
	lw_mutex_init(&wq_a, &lw_wq_lock_a);
	lw_spin_lock_init(&wq_s, &lw_wq_spin);
	lw_init_waitqueue_head(&wq_q, &lw_wq_event);
	lw_init_completion(&wq_c, &lw_wq_done);
	wq_cond = false;
	return lw_test_init(test);
}

static struct kunit_case lw_wq_test_cases[] = {
	KUNIT_CASE_PARAM(test_mutex_waitqueue_cycle, lw_wq_cycle_gen_params),
	KUNIT_CASE_PARAM(test_waitqueue_counterparts, lw_wq_silent_gen_params),
	KUNIT_CASE(test_three_contexts),
	KUNIT_CASE(test_waitqueue_wait_in_atomic),
	{}
};

LW_TEST_SUITE(lockwarden_waitqueue, lw_wq_test_init, lw_test_exit, lw_wq_test_cases);
