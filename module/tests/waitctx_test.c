// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of wait contexts and lw_raw_spinlock: a lock that sleeps on
 * PREEMPT_RT (lw_spinlock, lw_rwlock) taken under an lw_raw_spinlock is an
 * "invalid wait context" finding on every kernel, as lockdep's
 * PROVE_RAW_LOCK_NESTING says; taken with preemption or interrupts off it
 * is one on PREEMPT_RT only, and so is one taken in hardirq context; a
 * trylock, a raw spinlock inside any spinning lock or in hardirq context,
 * and a spinning lock inside another are none.
 */
#include <kunit/test.h>
#include <linux/preempt.h>
#include <linux/slab.h>

#include "lw_test.h"

/* ===== Contexts and locks under test ===== */

/* What the case holds (or has done) before the inner lock. */
enum lw_wc_outer {
	WC_RAW,			/* lw_raw_spin_lock() */
	WC_RAW_IRQSAVE,		/* lw_raw_spin_lock_irqsave() */
	WC_RAW_TRY,		/* lw_raw_spin_trylock() */
	WC_RAW_RELEASED,	/* lw_raw_spin_lock(), then unlocked again */
	WC_SPIN,		/* lw_spin_lock() */
	WC_PREEMPT_OFF,		/* preempt_disable() */
	WC_IRQS_OFF,		/* local_irq_save() */
};

/* The inner acquisition. */
enum lw_wc_inner {
	WC_I_SPIN,		/* lw_spin_lock() */
	WC_I_SPIN_IRQSAVE,	/* lw_spin_lock_irqsave() */
	WC_I_READ,		/* lw_read_lock() */
	WC_I_WRITE,		/* lw_write_lock() */
	WC_I_SPIN_TRY,		/* lw_spin_trylock() */
	WC_I_RAW,		/* lw_raw_spin_lock() of another class */
};

/* Only on PREEMPT_RT, where spinlock_t leaves preemption alone. */
#define LW_RT_ONLY	(IS_ENABLED(CONFIG_PREEMPT_RT) ? LW_KIND_WAIT_CONTEXT : LW_NONE)

struct lw_wc_case {
	const char *name;
	enum lw_wc_outer outer;
	enum lw_wc_inner inner;
	enum lw_kind expect;
};

static const struct lw_wc_case lw_wc_cases[] = {
	{ "spin under raw", WC_RAW, WC_I_SPIN, LW_KIND_WAIT_CONTEXT },
	{ "spin_irqsave under raw", WC_RAW, WC_I_SPIN_IRQSAVE, LW_KIND_WAIT_CONTEXT },
	{ "read_lock under raw", WC_RAW, WC_I_READ, LW_KIND_WAIT_CONTEXT },
	{ "write_lock under raw", WC_RAW, WC_I_WRITE, LW_KIND_WAIT_CONTEXT },
	{ "spin under raw_irqsave", WC_RAW_IRQSAVE, WC_I_SPIN, LW_KIND_WAIT_CONTEXT },
	{ "spin under raw trylock", WC_RAW_TRY, WC_I_SPIN, LW_KIND_WAIT_CONTEXT },
	{ "spin trylock under raw", WC_RAW, WC_I_SPIN_TRY, LW_NONE },
	{ "raw under raw", WC_RAW, WC_I_RAW, LW_NONE },
	{ "raw under spin", WC_SPIN, WC_I_RAW, LW_NONE },
	{ "spin after raw released", WC_RAW_RELEASED, WC_I_SPIN, LW_NONE },
	{ "raw after raw released", WC_RAW_RELEASED, WC_I_RAW, LW_NONE },
	{ "spin under preempt_disable", WC_PREEMPT_OFF, WC_I_SPIN, LW_RT_ONLY },
	{ "write_lock with irqs off", WC_IRQS_OFF, WC_I_WRITE, LW_RT_ONLY },
	{ "raw under preempt_disable", WC_PREEMPT_OFF, WC_I_RAW, LW_NONE },
};

LW_TEST_CASES_PARAM(lw_wc_case, lw_wc_cases);

/*
 * One class per lock: lockdep (on the debug kernel) keys its classes by the
 * lw_class, and one key must not name locks of different types.
 */
static LW_DEFINE_CLASS(lw_wc_raw, 0);
static LW_DEFINE_CLASS(lw_wc_raw_inner, 0);
static LW_DEFINE_CLASS(lw_wc_spin_outer, 0);
static LW_DEFINE_CLASS(lw_wc_spin, 0);
static LW_DEFINE_CLASS(lw_wc_rwlock, 0);
static LW_DEFINE_CLASS(lw_wc_hard, 0);

static struct lw_raw_spinlock wc_raw, wc_raw_inner;
static struct lw_spinlock wc_spin_outer, wc_spin;
static struct lw_rwlock wc_rwlock;
/* Taken in hardirq context only: no other use of its class to conflict. */
static struct lw_spinlock wc_hard;

static void lw_wc_init_locks(void)
{
	lw_raw_spin_lock_init(&wc_raw, &lw_wc_raw);
	lw_raw_spin_lock_init(&wc_raw_inner, &lw_wc_raw_inner);
	lw_spin_lock_init(&wc_spin_outer, &lw_wc_spin_outer);
	lw_spin_lock_init(&wc_spin, &lw_wc_spin);
	lw_rwlock_init(&wc_rwlock, &lw_wc_rwlock);
	lw_spin_lock_init(&wc_hard, &lw_wc_hard);
}

/* Enter @outer; returns the saved interrupt flags where it saves them. */
static noinline unsigned long lw_wc_enter(struct kunit *test, enum lw_wc_outer outer)
	__lw_no_tsa
{
	unsigned long flags = 0;

	switch (outer) {
	case WC_RAW:
	case WC_RAW_RELEASED:
		lw_raw_spin_lock(&wc_raw);
		break;
	case WC_RAW_IRQSAVE:
		lw_raw_spin_lock_irqsave(&wc_raw, flags);
		break;
	case WC_RAW_TRY:
		KUNIT_EXPECT_TRUE(test, lw_raw_spin_trylock(&wc_raw));
		break;
	case WC_SPIN:
		lw_spin_lock(&wc_spin_outer);
		break;
	case WC_PREEMPT_OFF:
		preempt_disable();
		break;
	case WC_IRQS_OFF:
		local_irq_save(flags);
		break;
	}
	if (outer == WC_RAW_RELEASED)
		lw_raw_spin_unlock(&wc_raw);
	return flags;
}

static noinline void lw_wc_leave(enum lw_wc_outer outer, unsigned long flags)
	__lw_no_tsa
{
	switch (outer) {
	case WC_RAW:
	case WC_RAW_TRY:
		lw_raw_spin_unlock(&wc_raw);
		break;
	case WC_RAW_IRQSAVE:
		lw_raw_spin_unlock_irqrestore(&wc_raw, flags);
		break;
	case WC_RAW_RELEASED:
		break;
	case WC_SPIN:
		lw_spin_unlock(&wc_spin_outer);
		break;
	case WC_PREEMPT_OFF:
		preempt_enable();
		break;
	case WC_IRQS_OFF:
		local_irq_restore(flags);
		break;
	}
}

/*
 * Take and release @inner. Whatever lockwarden reports, the kernel lock is
 * taken and released as written: checked while it is held.
 */
static noinline void lw_wc_inner(struct kunit *test, enum lw_wc_inner inner)
	__lw_no_tsa
{
	unsigned long flags;

	switch (inner) {
	case WC_I_SPIN:
		lw_spin_lock(&wc_spin);
		KUNIT_EXPECT_TRUE(test, lw_compat_spin_is_locked(&wc_spin.lock));
		lw_spin_unlock(&wc_spin);
		break;
	case WC_I_SPIN_IRQSAVE:
		lw_spin_lock_irqsave(&wc_spin, flags);
		KUNIT_EXPECT_TRUE(test, lw_compat_spin_is_locked(&wc_spin.lock));
		lw_spin_unlock_irqrestore(&wc_spin, flags);
		break;
	case WC_I_READ:
		lw_read_lock(&wc_rwlock);
		lw_read_unlock(&wc_rwlock);
		break;
	case WC_I_WRITE:
		lw_write_lock(&wc_rwlock);
		lw_write_unlock(&wc_rwlock);
		break;
	case WC_I_SPIN_TRY:
		KUNIT_EXPECT_TRUE(test, lw_spin_trylock(&wc_spin));
		lw_spin_unlock(&wc_spin);
		break;
	case WC_I_RAW:
		lw_raw_spin_lock(&wc_raw_inner);
		KUNIT_EXPECT_TRUE(test, raw_spin_is_locked(&wc_raw_inner.lock));
		lw_raw_spin_unlock(&wc_raw_inner);
		break;
	}
}

/* The class names the inner acquisition takes. */
static const char *lw_wc_inner_class(enum lw_wc_inner inner)
{
	switch (inner) {
	case WC_I_READ:
	case WC_I_WRITE:
		return "lw_wc_rwlock";
	case WC_I_RAW:
		return "lw_wc_raw_inner";
	default:
		return "lw_wc_spin";
	}
}

static bool lw_wc_outer_raw(enum lw_wc_outer outer)
{
	return outer == WC_RAW || outer == WC_RAW_IRQSAVE || outer == WC_RAW_TRY;
}

/* ===== Test cases ===== */

/*
 * The matrix: its finding (naming the lock taken, and the raw spinlock
 * held if one is), or none; twice, so that a cached chain says the same.
 */
static void test_wait_context(struct kunit *test)
{
	const struct lw_wc_case *c = test->param_value;
	struct lw_finding *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	unsigned long flags;
	int round;

	KUNIT_ASSERT_NOT_NULL(test, f);
	lw_wc_init_locks();
	lw_test_expect(test, c->expect);
	for (round = 0; round < 2; round++) {
		flags = lw_wc_enter(test, c->outer);
		lw_wc_inner(test, c->inner);
		lw_wc_leave(c->outer, flags);
	}
	KUNIT_EXPECT_FALSE(test, raw_spin_is_locked(&wc_raw.lock));
	KUNIT_EXPECT_FALSE(test, lw_compat_spin_is_locked(&wc_spin.lock));

	lw_expect_only(test, c->expect, f);
	if (c->expect == LW_NONE)
		return;
	KUNIT_EXPECT_STREQ(test, f->cls[0], lw_wc_inner_class(c->inner));
	KUNIT_EXPECT_EQ(test, f->count, 2U);
	if (lw_wc_outer_raw(c->outer)) {
		KUNIT_ASSERT_EQ(test, f->nr, 2U);
		KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_wc_raw");
	} else {
		KUNIT_EXPECT_EQ(test, f->nr, 1U);
	}
}

/* The raw spinlock's own checks: order cycles, as any lock's. */
static void test_raw_order_cycle(struct kunit *test)
	__lw_no_tsa
{
	lw_wc_init_locks();
	lw_test_expect(test, LW_KIND_CYCLE);
	lw_raw_spin_lock(&wc_raw);
	lw_raw_spin_lock(&wc_raw_inner);
	lw_raw_spin_unlock(&wc_raw_inner);
	lw_raw_spin_unlock(&wc_raw);

	lw_raw_spin_lock(&wc_raw_inner);
	lw_raw_spin_lock(&wc_raw);
	lw_raw_spin_unlock(&wc_raw);
	lw_raw_spin_unlock(&wc_raw_inner);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, NULL), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/*
 * guard(lw_raw_spinlock): held inside its scope, as lw_assert_held() sees
 * it too; free after, when lw_assert_held() is one finding.
 */
static void test_raw_guard(struct kunit *test)
{
#ifdef LW_HAVE_CLEANUP_H
	lw_wc_init_locks();
	lw_test_expect(test, LW_KIND_NOT_HELD);
	{
		guard(lw_raw_spinlock)(&wc_raw);
		lw_assert_held(&wc_raw);
		KUNIT_EXPECT_TRUE(test, raw_spin_is_locked(&wc_raw.lock));
	}
	KUNIT_EXPECT_FALSE(test, raw_spin_is_locked(&wc_raw.lock));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	lw_assert_held(&wc_raw);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_NOT_HELD, NULL), 1U);
#else
	kunit_skip(test, "this kernel has no <linux/cleanup.h>");
#endif
}

static void lw_wc_raw_in_hardirq(void)
	__lw_no_tsa
{
	lw_raw_spin_lock(&wc_raw);
	lw_raw_spin_unlock(&wc_raw);
}

static void lw_wc_spin_in_hardirq(void)
	__lw_no_tsa
{
	lw_spin_lock(&wc_hard);
	lw_spin_unlock(&wc_hard);
}

/*
 * In hardirq context (a hard irq_work, which PREEMPT_RT does not move to a
 * task): a raw spinlock is no finding on any kernel; an lw_spinlock is an
 * invalid wait context on PREEMPT_RT, where it sleeps, naming it and no
 * held lock, and none elsewhere. (On RT the kernel's rt_spin_lock() says
 * "sleeping function called from invalid context" too; the lock is free,
 * so it does not sleep.)
 */
static void test_spin_in_hardirq(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_RT_ONLY);

	lw_wc_init_locks();
	lw_test_in_hardirq(test, lw_wc_raw_in_hardirq);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	lw_test_in_hardirq(test, lw_wc_spin_in_hardirq);
	KUNIT_EXPECT_FALSE(test, lw_compat_spin_is_locked(&wc_hard.lock));
	lw_expect_only(test, LW_RT_ONLY, f);
	if (!IS_ENABLED(CONFIG_PREEMPT_RT))
		return;
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_wc_hard");
	KUNIT_EXPECT_EQ(test, f->nr, 1U);
}

static struct kunit_case lw_wc_test_cases[] = {
	KUNIT_CASE_PARAM(test_wait_context, lw_wc_case_gen_params),
	KUNIT_CASE(test_raw_order_cycle),
	KUNIT_CASE(test_raw_guard),
	KUNIT_CASE(test_spin_in_hardirq),
	{}
};

LW_TEST_SUITE(lockwarden_wait_context, lw_test_init, lw_test_exit, lw_wc_test_cases);
