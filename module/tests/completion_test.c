// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's lw_completion: a wait and a completion that
 * deadlock through a lock are one cycle finding with both sites, across
 * every wait variant and both orders; the counterparts that cannot
 * deadlock are silent; a three-context cycle, a wait in atomic context,
 * complete_all() and reinit, and a real wait in a kthread.
 *
 * Most cases run in the test's own task and never block: the completion
 * is completed before it is waited for, so the wait returns at once but
 * is checked and learned all the same (lockwarden checks before the
 * kernel's call, as it checks a lock before taking it). Dependencies are
 * between classes, so one task playing each side in turn learns what two
 * tasks would. Only test_real_wait uses a kthread, to wait for real.
 * The completion examples of Documentation/waits.rst are compiled here,
 * verbatim, and run by test_doc_examples.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/string.h>

#include "lw_test.h"

/* ===== The completion examples of Documentation/waits.rst ===== */

static LW_DEFINE_CLASS(demo_ready, 0);

struct demo {
	struct lw_mutex cfg_lock;
	struct lw_completion ready;
};

static void demo_init(struct demo *d)
{
	lw_mutex_init(&d->cfg_lock);
	lw_init_completion(&d->ready, &demo_ready);
}

/* the probe path */
static void demo_probe(struct demo *d)
{
	lw_mutex_lock(&d->cfg_lock);
	lw_wait_for_completion(&d->ready);	/* waits holding cfg_lock */
	lw_mutex_unlock(&d->cfg_lock);
}

/* the firmware loader */
static void demo_fw_loaded(struct demo *d)
{
	lw_mutex_lock(&d->cfg_lock);		/* needs cfg_lock first */
	lw_complete(&d->ready);
	lw_mutex_unlock(&d->cfg_lock);
}

static void demo_first_run(struct demo *d)
{
	lw_complete_all(&d->ready);		/* done for good */
}

static void demo_next_run(struct demo *d)
{
	lw_complete(&d->ready);			/* no reinit since: a finding */
}

static LW_DEFINE_CLASS(lw_cmp_mutex, 0);
static LW_DEFINE_CLASS(lw_cmp_other, 0);
static LW_DEFINE_CLASS(lw_cmp_event, 0);
static LW_DEFINE_CLASS(lw_cmp_spin, 0);
static LW_DEFINE_CLASS(lw_cmp_a, 0);
static LW_DEFINE_CLASS(lw_cmp_b, 0);
static LW_DEFINE_CLASS(lw_cmp_static_event, 0);

static struct lw_mutex cmp_m, cmp_n, cmp_a, cmp_b;
static struct lw_spinlock cmp_s;
static struct lw_completion cmp_e;
/* Defined statically: its class is registered when first used. */
static LW_DECLARE_COMPLETION(cmp_static_e, &lw_cmp_static_event);

/* The wait_for_completion() family, and a timed wait that runs out. */
enum lw_cmp_wait {
	CW_PLAIN,
	CW_INTERRUPTIBLE,
	CW_KILLABLE,
	CW_TIMEOUT,
	CW_INTERRUPTIBLE_TIMEOUT,
	CW_KILLABLE_TIMEOUT,
	CW_TIMEOUT_EXPIRES,	/* not completed: the wait times out, 1 jiffy */
	CW_COUNT,
};

static const char *const lw_cmp_wait_names[CW_COUNT] = {
	[CW_PLAIN]			= "wait",
	[CW_INTERRUPTIBLE]		= "interruptible",
	[CW_KILLABLE]			= "killable",
	[CW_TIMEOUT]			= "timeout",
	[CW_INTERRUPTIBLE_TIMEOUT]	= "interruptible_timeout",
	[CW_KILLABLE_TIMEOUT]		= "killable_timeout",
	[CW_TIMEOUT_EXPIRES]		= "timeout_expires",
};

/* ===== Code under test: each side in its own function, named in reports ===== */

/* The waiter: holds cmp_m while it waits for cmp_e. Returns the wait's result. */
static noinline long test_kernel_wait_under_m(unsigned int w)
{
	long ret = 0;

	lw_mutex_lock(&cmp_m);
	switch (w) {
	case CW_PLAIN:
		lw_wait_for_completion(&cmp_e);
		break;
	case CW_INTERRUPTIBLE:
		ret = lw_wait_for_completion_interruptible(&cmp_e);
		break;
	case CW_KILLABLE:
		ret = lw_wait_for_completion_killable(&cmp_e);
		break;
	case CW_TIMEOUT:
		ret = lw_wait_for_completion_timeout(&cmp_e, HZ);
		break;
	case CW_INTERRUPTIBLE_TIMEOUT:
		ret = lw_wait_for_completion_interruptible_timeout(&cmp_e, HZ);
		break;
	case CW_KILLABLE_TIMEOUT:
		ret = lw_wait_for_completion_killable_timeout(&cmp_e, HZ);
		break;
	case CW_TIMEOUT_EXPIRES:
		ret = lw_wait_for_completion_timeout(&cmp_e, 1);
		break;
	case CW_COUNT:
		break;
	}
	lw_mutex_unlock(&cmp_m);
	return ret;
}

/* The completer: takes cmp_m, then completes cmp_e (@all: complete_all()). */
static noinline void test_kernel_complete_under_m(unsigned int all)
{
	lw_mutex_lock(&cmp_m);
	if (all)
		lw_complete_all(&cmp_e);
	else
		lw_complete(&cmp_e);
	lw_mutex_unlock(&cmp_m);
}

/* The completer's correct order: complete first, then take the lock. */
static noinline void test_kernel_complete_then_lock_m(void)
{
	lw_complete(&cmp_e);
	lw_mutex_lock(&cmp_m);
	lw_mutex_unlock(&cmp_m);
}

static noinline void test_kernel_wait_unlocked(void)
{
	lw_wait_for_completion(&cmp_e);
}

static noinline void test_kernel_complete_under_n(void)
{
	lw_mutex_lock(&cmp_n);
	lw_complete(&cmp_e);
	lw_mutex_unlock(&cmp_n);
}

static noinline bool test_kernel_try_wait_under_m(void)
{
	bool got;

	lw_mutex_lock(&cmp_m);
	got = lw_try_wait_for_completion(&cmp_e);
	lw_mutex_unlock(&cmp_m);
	return got;
}

static noinline void test_kernel_reinit_under_m(void)
{
	lw_mutex_lock(&cmp_m);
	lw_reinit_completion(&cmp_e);
	lw_mutex_unlock(&cmp_m);
}

/* Three contexts: A held while waiting for E; E completed under B; A under B. */
static noinline void test_kernel_ctx_wait_under_a(void)
{
	lw_mutex_lock(&cmp_a);
	lw_wait_for_completion(&cmp_static_e);
	lw_mutex_unlock(&cmp_a);
}

static noinline void test_kernel_ctx_complete_under_b(void)
{
	lw_mutex_lock(&cmp_b);
	lw_complete(&cmp_static_e);
	lw_mutex_unlock(&cmp_b);
}

static noinline void test_kernel_ctx_a_under_b(void)
{
	lw_mutex_lock(&cmp_b);
	lw_mutex_lock(&cmp_a);
	lw_mutex_unlock(&cmp_a);
	lw_mutex_unlock(&cmp_b);
}

static noinline void test_kernel_ctx_b_under_a(void)
{
	lw_mutex_lock(&cmp_a);
	lw_mutex_lock(&cmp_b);
	lw_mutex_unlock(&cmp_b);
	lw_mutex_unlock(&cmp_a);
}

/* Atomic context: a wait under a spinning lock, or with preemption off. */
static noinline void test_kernel_wait_under_spin(void)
{
	lw_spin_lock(&cmp_s);
	lw_wait_for_completion(&cmp_e);
	lw_spin_unlock(&cmp_s);
}

static noinline void test_kernel_wait_preempt_off(void)
{
	preempt_disable();
	lw_wait_for_completion(&cmp_e);
	preempt_enable();
}

static noinline void test_kernel_complete_under_spin(void)
{
	lw_spin_lock(&cmp_s);
	lw_complete(&cmp_e);
	lw_spin_unlock(&cmp_s);
}

static noinline bool test_kernel_try_wait_under_spin(void)
{
	bool got;

	lw_spin_lock(&cmp_s);
	got = lw_try_wait_for_completion(&cmp_e);
	lw_spin_unlock(&cmp_s);
	return got;
}

/* ===== The mutex + completion cycle, every wait, both orders ===== */

/*
 * A cycle case: the wait (v[0]), the wait learned first or the completion
 * (v[1], 0 for the wait: the completion then closes the cycle), and
 * complete() or complete_all() (v[2]).
 */
static const char *const lw_cmp_order_names[] = { "waiter-first", "completer-first" };
static const char *const lw_cmp_all_names[] = { "complete", "complete_all" };

LW_TEST_GRID_PARAM(lw_cmp_cycle, CW_COUNT * 2 * 2, LW_TEST_AXIS(lw_cmp_wait_names),
		   LW_TEST_AXIS(lw_cmp_order_names), LW_TEST_AXIS(lw_cmp_all_names));

/* The result a wait of @w returns when the completion was done. */
static long lw_cmp_done_result(enum lw_cmp_wait w)
{
	return w == CW_TIMEOUT || w == CW_INTERRUPTIBLE_TIMEOUT || w == CW_KILLABLE_TIMEOUT;
}

/*
 * DEPT's documented deadlock: the waiter holds M while it waits for E; the
 * completer takes M before it completes E. One finding, a cycle of M and
 * E, whichever side is learned first, with the wait's site and the
 * completion's; every call still reaches the kernel (the completion's
 * count says so).
 */
static void test_mutex_completion_cycle(struct kunit *test)
{
	const struct lw_test_point *p = test->param_value;
	enum lw_cmp_wait w = p->v[0];
	bool waiter_first = !p->v[1], all = p->v[2];
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);
	long ret;

	/* Done beforehand, so that the wait returns at once. */
	if (waiter_first && w != CW_TIMEOUT_EXPIRES)
		lw_complete(&cmp_e);
	ret = lw_test_wait_wake(test, waiter_first, test_kernel_wait_under_m, w,
				test_kernel_complete_under_m, all);
	if (w == CW_TIMEOUT_EXPIRES && waiter_first)
		KUNIT_EXPECT_EQ(test, ret, 0L);
	else if (w == CW_TIMEOUT_EXPIRES)
		KUNIT_EXPECT_GE(test, ret, 1L);
	else if (lw_cmp_done_result(w))
		KUNIT_EXPECT_GE(test, ret, 1L);
	else
		KUNIT_EXPECT_EQ(test, ret, 0L);
	/* The kernel saw every call: done now unless the last wait took it. */
	KUNIT_EXPECT_EQ(test, lw_completion_done(&cmp_e), waiter_first || all);
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&cmp_m));

	lw_expect_only(test, LW_KIND_CYCLE, f);
	/*
	 * Waiter first, the completion under M closes M -> E -> M, reported
	 * from E; else the wait under M closes E -> M -> E, from M.
	 */
	lw_expect_classes(test, f, waiter_first,
			  { "lw_cmp_mutex", 0, "test_kernel_wait_under_m" },
			  { "lw_cmp_event", LW_LOCK_COMPLETION, "test_kernel_complete_under_m" });
	/* Stack 1 is the other side's, saved when its dependency was learned. */
	KUNIT_EXPECT_GT(test, f->nr_stack[1], 0U);
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_CYCLE, 1);
}

/* ===== Counterparts that cannot deadlock ===== */

enum lw_cmp_silent {
	CS_COMPLETE_BEFORE_LOCK,	/* the completer completes, then takes M */
	CS_WAIT_UNLOCKED,		/* the waiter holds nothing */
	CS_UNRELATED_LOCK,		/* the completer holds N, not M */
	CS_TRY_WAIT,			/* the waiter only tries, under M */
	CS_REINIT_UNDER_LOCK,		/* reinit under M: neither a wait nor a completion */
	CS_COMPLETE_ALL_UNLOCKED,	/* complete_all() with nothing held; waits under M */
	CS_COUNT,
};

static const char *const lw_cmp_silent_names[CS_COUNT] = {
	[CS_COMPLETE_BEFORE_LOCK]	= "complete before lock",
	[CS_WAIT_UNLOCKED]		= "wait unlocked",
	[CS_UNRELATED_LOCK]		= "unrelated lock",
	[CS_TRY_WAIT]			= "try_wait under lock",
	[CS_REINIT_UNDER_LOCK]		= "reinit under lock",
	[CS_COMPLETE_ALL_UNLOCKED]	= "complete_all unlocked",
};

LW_TEST_NAMES_PARAM(lw_cmp_silent, lw_cmp_silent_names);

/* A silent round's waiter: it waits under M, or @unlocked, holding nothing. */
static void lw_cmp_silent_waiter(bool unlocked)
{
	if (unlocked)
		test_kernel_wait_unlocked();
	else
		test_kernel_wait_under_m(CW_PLAIN);
}

/*
 * A silent round's waiter, then its @completer (the completion done first,
 * so that the wait does not block), or the other way round.
 */
static void lw_cmp_sides(bool waiter_first, bool wait_unlocked, void (*completer)(void))
{
	if (waiter_first) {
		lw_complete(&cmp_e);
		lw_cmp_silent_waiter(wait_unlocked);
	}
	completer();
	if (!waiter_first)
		lw_cmp_silent_waiter(wait_unlocked);
}

/* test_kernel_complete_under_m() with complete(), as a completer. */
static void lw_cmp_complete_under_m(void)
{
	test_kernel_complete_under_m(false);
}

/*
 * Round @round of the scenario's waiter and completer sides: the waiter
 * first in the even rounds.
 */
static void lw_cmp_silent_round(struct kunit *test, unsigned int round)
{
	bool waiter_first = !(round % 2);
	int i;

	switch (lw_test_param_index(test, lw_cmp_silent_names)) {
	case CS_COMPLETE_BEFORE_LOCK:
		lw_cmp_sides(waiter_first, false, test_kernel_complete_then_lock_m);
		break;
	case CS_WAIT_UNLOCKED:
		lw_cmp_sides(waiter_first, true, lw_cmp_complete_under_m);
		break;
	case CS_UNRELATED_LOCK:
		lw_cmp_sides(waiter_first, false, test_kernel_complete_under_n);
		break;
	case CS_TRY_WAIT:
		/* Not done yet: the try fails; then it takes the completion. */
		KUNIT_EXPECT_FALSE(test, test_kernel_try_wait_under_m());
		test_kernel_complete_under_m(false);
		KUNIT_EXPECT_TRUE(test, test_kernel_try_wait_under_m());
		break;
	case CS_REINIT_UNDER_LOCK:
		lw_complete(&cmp_e);
		test_kernel_wait_under_m(CW_PLAIN);
		test_kernel_reinit_under_m();
		KUNIT_EXPECT_FALSE(test, lw_completion_done(&cmp_e));
		break;
	case CS_COMPLETE_ALL_UNLOCKED:
		lw_complete_all(&cmp_e);
		for (i = 0; i < 3; i++)
			KUNIT_EXPECT_EQ(test, test_kernel_wait_under_m(CW_TIMEOUT), (long)HZ);
		lw_reinit_completion(&cmp_e);
		KUNIT_EXPECT_FALSE(test, lw_completion_done(&cmp_e));
		break;
	case CS_COUNT:
		break;
	}
}

/*
 * Each counterpart, played in both orders and again: no finding, nothing
 * but what each side itself holds learned.
 */
static void test_no_cycle_counterparts(struct kunit *test)
{
	lw_test_silent(test, lw_cmp_silent_round, 3, &cmp_m, &cmp_n);
}

/* ===== Three contexts ===== */

/*
 * A is held while waiting for E; E is completed under B; B is held when A
 * is taken: the cycle A -> E -> B -> A, found when the last dependency
 * closes it, with the site of each link. The completion is a static one,
 * registered as an event class on its first use. The consistent order
 * (A before B) stays silent.
 */
static void test_three_contexts(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	/* The consistent order first: A -> E -> B, and A -> B. */
	lw_complete(&cmp_static_e);
	test_kernel_ctx_wait_under_a();
	test_kernel_ctx_complete_under_b();
	test_kernel_ctx_b_under_a();
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	/* Forgotten, or the cycle found would be the shorter A -> B -> A. */
	lockwarden_reset();
	lw_complete(&cmp_static_e);
	test_kernel_ctx_wait_under_a();
	test_kernel_ctx_complete_under_b();
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	test_kernel_ctx_a_under_b();
	lw_expect_only(test, LW_KIND_CYCLE, f);
	/* B -> A where A is taken; A -> E where E is waited for; E -> B where completed. */
	lw_expect_classes(test, f, 0, { "lw_cmp_b", 0, "test_kernel_ctx_a_under_b" },
			  { "lw_cmp_a", 0, "test_kernel_ctx_wait_under_a" },
			  { "lw_cmp_static_event", LW_LOCK_COMPLETION,
			    "test_kernel_ctx_complete_under_b" });
	KUNIT_EXPECT_TRUE(test, lw_completion_done(&cmp_static_e));
	lw_reinit_completion(&cmp_static_e);
}

/* ===== Atomic context ===== */

enum lw_cmp_atomic {
	CA_WAIT_UNDER_SPIN,		/* a finding, naming the spinlock */
	CA_WAIT_PREEMPT_OFF,		/* a finding, with no lock to name */
	CA_COMPLETE_UNDER_SPIN,		/* complete() may be called anywhere */
	CA_TRY_UNDER_SPIN,		/* a try never sleeps */
	CA_COUNT,
};

static const char *const lw_cmp_atomic_names[CA_COUNT] = {
	[CA_WAIT_UNDER_SPIN]	 = "wait under spinlock",
	[CA_WAIT_PREEMPT_OFF]	 = "wait with preemption off",
	[CA_COMPLETE_UNDER_SPIN] = "complete under spinlock",
	[CA_TRY_UNDER_SPIN]	 = "try_wait under spinlock",
};

LW_TEST_NAMES_PARAM(lw_cmp_atomic, lw_cmp_atomic_names);

/*
 * A wait where sleeping is not allowed is a sleeping-in-atomic finding
 * naming the completion's class (and the spinning lock held); the
 * completion is done, so the wait does not really sleep: it only may
 * (might_sleep() reports it too on a CONFIG_DEBUG_ATOMIC_SLEEP kernel).
 * A completion or a try there is no finding.
 */
static void test_wait_in_atomic(struct kunit *test)
{
	enum lw_cmp_atomic c = lw_test_param_index(test, lw_cmp_atomic_names);
	bool found = c == CA_WAIT_UNDER_SPIN || c == CA_WAIT_PREEMPT_OFF;
	struct lw_finding *f = lw_test_begin(test, found ? LW_KIND_SLEEP_ATOMIC : LW_NONE);

	lw_complete(&cmp_e);
	switch (c) {
	case CA_WAIT_UNDER_SPIN:
		test_kernel_wait_under_spin();
		break;
	case CA_WAIT_PREEMPT_OFF:
		test_kernel_wait_preempt_off();
		break;
	case CA_COMPLETE_UNDER_SPIN:
		test_kernel_complete_under_spin();
		break;
	case CA_TRY_UNDER_SPIN:
		KUNIT_EXPECT_TRUE(test, test_kernel_try_wait_under_spin());
		break;
	case CA_COUNT:
		break;
	}
	lw_expect_only(test, found ? LW_KIND_SLEEP_ATOMIC : LW_NONE, f);
	if (!found)
		return;
	if (c == CA_WAIT_UNDER_SPIN)
		lw_expect_classes(test, f, 0,
				  { "lw_cmp_event", LW_LOCK_COMPLETION,
				    "test_kernel_wait_under_spin" },
				  { "lw_cmp_spin", 0, NULL });
	else
		lw_expect_classes(test, f, 0,
				  { "lw_cmp_event", LW_LOCK_COMPLETION,
				    "test_kernel_wait_preempt_off" });
}

/* ===== A real wait ===== */

static struct lw_test_thread lw_cmp_thread;
static bool lw_cmp_woken;

static int lw_cmp_waiter(void *unused)
{
	test_kernel_wait_unlocked();
	WRITE_ONCE(lw_cmp_woken, true);
	return 0;
}

/*
 * The producer/consumer every driver has: a kthread waits holding nothing,
 * the test completes holding M. The kthread really blocks (unless it is
 * slower to reach its wait than the test is to complete: then the wait
 * returns at once, the same dependencies either way) and is woken; no
 * finding, in either context.
 */
static void test_real_wait(struct kunit *test)
{
	lw_test_expect(test, LW_NONE);
	lw_cmp_woken = false;
	lw_test_thread_run(test, &lw_cmp_thread, lw_cmp_waiter, NULL, "lw_cmp_waiter");
	/* Give it the time to block: not needed for the check, only for realism. */
	msleep(20);
	test_kernel_complete_under_m(false);
	lw_test_thread_join(test, &lw_cmp_thread);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(lw_cmp_woken));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

/* Whether @site is in @fn, or in test_doc_examples() where @fn was inlined. */
static bool lw_doc_site(const char *site, const char *fn)
{
	return str_has_prefix(site, fn) || str_has_prefix(site, "test_doc_examples");
}

/*
 * The examples of Documentation/waits.rst, as the page says they behave:
 * the loader first, then the probe, is one cycle of cfg_lock and the
 * completion demo_ready, found at the probe's wait; and a completion after
 * complete_all() is one double completion, silent with a reinit between.
 */
static void test_doc_examples(struct kunit *test)
{
	struct demo *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	KUNIT_ASSERT_NOT_NULL(test, d);
	demo_init(d);
	demo_fw_loaded(d);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	demo_probe(d);
	lw_expect_only(test, LW_KIND_CYCLE, f);
	KUNIT_ASSERT_EQ(test, f->nr, 2U);
	KUNIT_EXPECT_STREQ(test, f->cls[1], "demo_ready");
	lw_expect_events(test, f, 0, LW_LOCK_COMPLETION);
	/* The example's functions may be inlined here: either name is right. */
	KUNIT_EXPECT_TRUE(test, lw_doc_site(f->site[0], "demo_probe"));
	KUNIT_EXPECT_TRUE(test, lw_doc_site(f->site[1], "demo_fw_loaded"));
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&d->cfg_lock));

	/* The double completion: silent after a reinit, a finding without. */
	lw_test_expect(test, LW_KIND_DOUBLE_COMPLETE);
	demo_first_run(d);
	lw_reinit_completion(&d->ready);
	demo_next_run(d);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
	demo_first_run(d);
	demo_next_run(d);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_DOUBLE_COMPLETE, f), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 2U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "demo_ready");
	KUNIT_EXPECT_TRUE(test, lw_doc_site(f->site[0], "demo_next_run"));
}

/* ===== Suite ===== */

static int lw_cmp_test_init(struct kunit *test)
{
	lw_mutex_init(&cmp_m, &lw_cmp_mutex);
	lw_mutex_init(&cmp_n, &lw_cmp_other);
	lw_mutex_init(&cmp_a, &lw_cmp_a);
	lw_mutex_init(&cmp_b, &lw_cmp_b);
	lw_spin_lock_init(&cmp_s, &lw_cmp_spin);
	lw_init_completion(&cmp_e, &lw_cmp_event);
	return lw_test_init(test);
}

static struct kunit_case lw_cmp_test_cases[] = {
	KUNIT_CASE_PARAM(test_mutex_completion_cycle, lw_cmp_cycle_gen_params),
	KUNIT_CASE_PARAM(test_no_cycle_counterparts, lw_cmp_silent_gen_params),
	KUNIT_CASE(test_three_contexts),
	KUNIT_CASE_PARAM(test_wait_in_atomic, lw_cmp_atomic_gen_params),
	KUNIT_CASE(test_real_wait),
	KUNIT_CASE(test_doc_examples),
	{}
};

LW_TEST_SUITE(lockwarden_completion, lw_cmp_test_init, lw_test_exit, lw_cmp_test_cases);
