// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of interrupt usage across the learned order: an irq-safe
 * class (taken in an interrupt) held, by the order learned, when an
 * irq-unsafe one (taken elsewhere with that interrupt enabled) is taken is
 * an irq-safety inversion, as lockdep's "HARDIRQ-safe -> HARDIRQ-unsafe
 * lock order detected" (found when the dependency is learned) and "possible
 * irq lock inversion dependency detected" (found when the usage is seen,
 * either end last). Each case has a counterpart that must raise nothing.
 */
#include <kunit/test.h>

#include "lw_test.h"

/* Which of the three events comes last, and so finds the inversion. */
enum lw_io_last {
	IO_ORDER_LAST,		/* the dependency: check_irq_usage() */
	IO_SAFE_LAST,		/* the interrupt's use: check_usage_forwards() */
	IO_UNSAFE_LAST,		/* the use with it enabled: check_usage_backwards() */
};

struct lw_io_case {
	const char *name;
	bool softirq;			/* the interrupt the safe class is used in */
	enum lw_test_type in_irq;	/* how the interrupt takes it */
	enum lw_test_type outer;	/* how the order holds it (that interrupt off) */
	bool mid;			/* a class between the two on the path */
	enum lw_test_type inner;	/* how the order takes the unsafe class */
	enum lw_test_type unsafe;	/* how it is taken elsewhere */
	enum lw_io_last last;
	enum lw_kind expect;
	enum lw_usage usage;		/* the safe class's usage, if a finding */
	enum lw_usage conflicts;	/* the unsafe class's */
};

#define IO_HARD(name, outer, mid, inner, unsafe, last, expect, usage, conflicts)	\
	{ name, false, T_SPIN, outer, mid, inner, unsafe, last, expect, usage, conflicts }

static const struct lw_io_case lw_io_cases[] = {
	IO_HARD("hardirq, dependency last", T_SPIN_IRQSAVE, false, T_SPIN, T_SPIN,
		IO_ORDER_LAST, LW_KIND_IRQ_INVERSION, LW_USED_IN_HARDIRQ, LW_ENABLED_HARDIRQ),
	IO_HARD("hardirq, irq use last", T_SPIN_IRQSAVE, false, T_SPIN, T_SPIN,
		IO_SAFE_LAST, LW_KIND_IRQ_INVERSION, LW_USED_IN_HARDIRQ, LW_ENABLED_HARDIRQ),
	IO_HARD("hardirq, unsafe use last", T_SPIN_IRQSAVE, false, T_SPIN, T_SPIN,
		IO_UNSAFE_LAST, LW_KIND_IRQ_INVERSION, LW_USED_IN_HARDIRQ, LW_ENABLED_HARDIRQ),
	IO_HARD("hardirq, through a middle class", T_SPIN_IRQSAVE, true, T_SPIN, T_SPIN,
		IO_ORDER_LAST, LW_KIND_IRQ_INVERSION, LW_USED_IN_HARDIRQ, LW_ENABLED_HARDIRQ),
	IO_HARD("hardirq, middle class, irq use last", T_SPIN_IRQSAVE, true, T_SPIN, T_SPIN,
		IO_SAFE_LAST, LW_KIND_IRQ_INVERSION, LW_USED_IN_HARDIRQ, LW_ENABLED_HARDIRQ),
	IO_HARD("hardirq, unsafe taken with irqs off", T_SPIN_IRQSAVE, false, T_SPIN,
		T_SPIN_IRQSAVE, IO_ORDER_LAST, LW_NONE, 0, 0),
	IO_HARD("hardirq, middle, unsafe with irqs off", T_SPIN_IRQSAVE, true, T_SPIN,
		T_SPIN_IRQ, IO_SAFE_LAST, LW_NONE, 0, 0),
	IO_HARD("hardirq, unsafe with softirqs off only", T_SPIN_IRQSAVE, false, T_SPIN,
		T_SPIN_BH, IO_UNSAFE_LAST, LW_KIND_IRQ_INVERSION, LW_USED_IN_HARDIRQ,
		LW_ENABLED_HARDIRQ),
	/* Read holds: a reader in an interrupt waits only for a writer. */
	{ "hardirq reader, writer on the path", false, T_READ, T_WRITE_IRQSAVE, false, T_SPIN,
	  T_SPIN, IO_ORDER_LAST, LW_KIND_IRQ_INVERSION, LW_USED_IN_HARDIRQ_READ,
	  LW_ENABLED_HARDIRQ },
	{ "hardirq reader, reader on the path", false, T_READ, T_READ_IRQSAVE, false, T_SPIN,
	  T_SPIN, IO_ORDER_LAST, LW_NONE, 0, 0 },
	{ "hardirq reader, reader on the path, irq last", false, T_READ, T_READ_IRQSAVE,
	  false, T_SPIN, T_SPIN, IO_SAFE_LAST, LW_NONE, 0, 0 },
	{ "unsafe read-held with hardirqs on", false, T_SPIN, T_SPIN_IRQSAVE, false, T_WRITE,
	  T_READ, IO_ORDER_LAST, LW_KIND_IRQ_INVERSION, LW_USED_IN_HARDIRQ,
	  LW_ENABLED_HARDIRQ_READ },
	{ "unsafe read-held, unsafe use last", false, T_SPIN, T_SPIN_IRQSAVE, false, T_WRITE,
	  T_READ, IO_UNSAFE_LAST, LW_KIND_IRQ_INVERSION, LW_USED_IN_HARDIRQ,
	  LW_ENABLED_HARDIRQ_READ },
	/* Softirq: a class used in a softirq only conflicts with softirqs on. */
	{ "softirq, dependency last", true, T_SPIN, T_SPIN_BH, false, T_SPIN, T_SPIN,
	  IO_ORDER_LAST, LW_KIND_IRQ_INVERSION, LW_USED_IN_SOFTIRQ, LW_ENABLED_SOFTIRQ },
	{ "softirq, irq use last", true, T_SPIN, T_SPIN_BH, true, T_SPIN, T_SPIN,
	  IO_SAFE_LAST, LW_KIND_IRQ_INVERSION, LW_USED_IN_SOFTIRQ, LW_ENABLED_SOFTIRQ },
	{ "softirq, unsafe with softirqs off", true, T_SPIN, T_SPIN_BH, false, T_SPIN,
	  T_SPIN_BH, IO_ORDER_LAST, LW_NONE, 0, 0 },
	{ "softirq, unsafe with softirqs off, last", true, T_SPIN, T_SPIN_BH, false, T_SPIN,
	  T_SPIN_BH, IO_UNSAFE_LAST, LW_NONE, 0, 0 },
};

LW_TEST_CASES_PARAM(lw_io_case, lw_io_cases);

static LW_DEFINE_CLASS(lw_io_safe, 0);
static LW_DEFINE_CLASS(lw_io_mid, 0);
static LW_DEFINE_CLASS(lw_io_unsafe, 0);
static union lw_test_lock io_safe, io_mid, io_unsafe;

static const struct lw_io_case *io_case;

/*
 * ===== The three events, each in a function its sites name =====
 * (__lw_test_lock() is inlined into it).
 */

/* The interrupt's use of the safe class. */
static noinline void lw_io_irq_use(void)
{
	unsigned long flags;

	__lw_test_lock(io_case->in_irq, &io_safe, &flags);
	__lw_test_unlock(io_case->in_irq, &io_safe, flags);
}

/*
 * The use, in the case's interrupt; the case is skipped if it did not run
 * in interrupt context.
 */
static void lw_io_in_irq(struct kunit *test)
{
	lw_test_in_irq(test, io_case->softirq, lw_io_irq_use);
}

/* The order: the safe class held (its interrupt off), then the unsafe one. */
static noinline void lw_io_take_order(struct kunit *test)
{
	unsigned long fo, fm, fi;

	__lw_test_lock(io_case->outer, &io_safe, &fo);
	if (io_case->mid)
		__lw_test_lock(T_SPIN, &io_mid, &fm);
	__lw_test_lock(io_case->inner, &io_unsafe, &fi);
	__lw_test_unlock(io_case->inner, &io_unsafe, fi);
	if (io_case->mid)
		__lw_test_unlock(T_SPIN, &io_mid, fm);
	__lw_test_unlock(io_case->outer, &io_safe, fo);
}

/* The unsafe class taken on its own, from task context. */
static noinline void lw_io_take_unsafe(struct kunit *test)
{
	unsigned long flags;

	__lw_test_lock(io_case->unsafe, &io_unsafe, &flags);
	__lw_test_unlock(io_case->unsafe, &io_unsafe, flags);
}

/* ===== Test cases ===== */

static void test_irq_order(struct kunit *test)
{
	const struct lw_io_case *c = test->param_value;
	struct lw_finding *f = lw_test_begin(test, c->expect);
	/* The three events by the case's last, the one that closes the inversion. */
	static void (*const events[][3])(struct kunit *test) = {
		[IO_ORDER_LAST]	 = { lw_io_in_irq, lw_io_take_unsafe, lw_io_take_order },
		[IO_SAFE_LAST]	 = { lw_io_take_order, lw_io_take_unsafe, lw_io_in_irq },
		[IO_UNSAFE_LAST] = { lw_io_in_irq, lw_io_take_order, lw_io_take_unsafe },
	};

	if (c->softirq && IS_ENABLED(CONFIG_PREEMPT_RT))
		kunit_skip(test, "softirqs run in tasks on PREEMPT_RT: no softirq usage");
	io_case = c;
	lw_test_lock_init(c->in_irq, &io_safe, &lw_io_safe);
	lw_test_lock_init(T_SPIN, &io_mid, &lw_io_mid);
	lw_test_lock_init(c->inner, &io_unsafe, &lw_io_unsafe);

	events[c->last][0](test);
	events[c->last][1](test);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	events[c->last][2](test);
	lw_expect_only(test, c->expect, f);
	if (c->expect == LW_NONE)
		return;
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_io_safe");
	KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_io_unsafe");
	KUNIT_EXPECT_EQ(test, f->detail.irq.usage, c->usage);
	KUNIT_EXPECT_EQ(test, f->detail.irq.conflicts_with, c->conflicts);
	KUNIT_EXPECT_EQ(test, f->detail.irq.links, c->mid ? 2 : 1);
	KUNIT_EXPECT_EQ(test, f->nr, c->mid ? 4U : 3U);
	KUNIT_EXPECT_FALSE(test, f->truncated);
	/* The path, each link where its target was taken. */
	KUNIT_EXPECT_STREQ(test, f->cls[2], c->mid ? "lw_io_mid" : "lw_io_unsafe");
	KUNIT_EXPECT_STREQ(test, f->cls[f->nr - 1], "lw_io_unsafe");
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[2], "lw_io_take_order"));
	/* Both usage sites. */
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "lw_io_irq_use"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], "lw_io_take_unsafe"));
	/* The stack of the path's first link, as it was learned. */
	KUNIT_EXPECT_GT(test, f->nr_stack[1], 0U);
}

/* Found once: the events again, in any order, raise nothing more. */
static void test_irq_order_once(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_IRQ_INVERSION);

	io_case = &lw_io_cases[0];
	lw_test_lock_init(T_SPIN, &io_safe, &lw_io_safe);
	lw_test_lock_init(T_SPIN, &io_unsafe, &lw_io_unsafe);
	lw_io_in_irq(test);
	lw_io_take_unsafe(test);
	lw_io_take_order(test);
	lw_io_take_order(test);
	lw_io_in_irq(test);
	lw_io_take_unsafe(test);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_IRQ_INVERSION, f), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
	KUNIT_EXPECT_EQ(test, f->count, 1U);
}

static struct kunit_case lw_irq_order_cases[] = {
	KUNIT_CASE_PARAM(test_irq_order, lw_io_case_gen_params),
	KUNIT_CASE(test_irq_order_once),
	{}
};

LW_TEST_SUITE(lockwarden_irq_order, lw_test_init, lw_test_exit, lw_irq_order_cases);
