// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of interrupts enabled again under a held lock: an unlock that
 * enables hardirqs (spin_unlock_irq(), an _irqrestore of flags that had them
 * on) or bottom halves (spin_unlock_bh()) while the context still holds a
 * spinning lock leaves that lock held with them enabled, as lockdep's
 * mark_held_locks() records; with an interrupt's use of its class, an
 * irq-safety inversion. Each case has a counterpart that enables nothing.
 */
#include <kunit/test.h>

#include "lw_test.h"

/* The order of the two holds: the held lock is always released last. */
enum lw_ion_order {
	ION_NESTED,		/* held, other, unlock other, unlock held */
	ION_UNDER,		/* other, held, unlock other, unlock held */
	ION_UNDER_INORDER,	/* other, held, unlock held, unlock other */
};

struct lw_ion_case {
	const char *name;
	enum lw_test_type held;		/* the lock whose class is checked */
	enum lw_test_type other;	/* the lock whose unlock may enable */
	enum lw_ion_order order;
	bool softirq;			/* the interrupt that uses the held class */
	enum lw_test_type in_irq;	/* how it takes the held lock there */
	enum lw_kind expect;
	enum lw_usage usage;		/* the finding's usage bit, if one */
};

static const struct lw_ion_case lw_ion_cases[] = {
	{ "spin_irq under spin_irq, hardirq", T_SPIN_IRQ, T_SPIN_IRQ, ION_NESTED,
	  false, T_SPIN, LW_KIND_IRQ_INVERSION, LW_ENABLED_HARDIRQ },
	{ "spin_irq under spin_irq, softirq", T_SPIN_IRQ, T_SPIN_IRQ, ION_NESTED,
	  true, T_SPIN, LW_KIND_IRQ_INVERSION, LW_ENABLED_SOFTIRQ },
	{ "spin_irqsave under write_lock_irq", T_WRITE_IRQ, T_SPIN_IRQSAVE, ION_NESTED,
	  false, T_WRITE, LW_NONE },
	{ "spin_irq under write_lock_irq", T_WRITE_IRQ, T_SPIN_IRQ, ION_NESTED,
	  false, T_WRITE, LW_KIND_IRQ_INVERSION, LW_ENABLED_HARDIRQ },
	{ "spin_irq under read_lock_irq", T_READ_IRQ, T_SPIN_IRQ, ION_NESTED,
	  false, T_WRITE, LW_KIND_IRQ_INVERSION, LW_ENABLED_HARDIRQ_READ },
	{ "spin under spin_irq", T_SPIN_IRQ, T_SPIN, ION_NESTED,
	  false, T_SPIN, LW_NONE },
	{ "spin_irqsave under spin_irqsave", T_SPIN_IRQSAVE, T_SPIN_IRQSAVE, ION_NESTED,
	  false, T_SPIN, LW_NONE },
	{ "spin_irqsave released under spin", T_SPIN, T_SPIN_IRQSAVE, ION_UNDER,
	  false, T_SPIN, LW_KIND_IRQ_INVERSION, LW_ENABLED_HARDIRQ },
	{ "spin_bh released under spin", T_SPIN, T_SPIN_BH, ION_UNDER,
	  true, T_SPIN, LW_KIND_IRQ_INVERSION, LW_ENABLED_SOFTIRQ },
	{ "write_lock_bh released under read_lock", T_READ, T_WRITE_BH, ION_UNDER,
	  true, T_WRITE, LW_KIND_IRQ_INVERSION, LW_ENABLED_SOFTIRQ_READ },
	{ "spin_bh under spin_bh", T_SPIN_BH, T_SPIN_BH, ION_NESTED,
	  true, T_SPIN, LW_NONE },
	{ "spin_irq under spin_bh, softirq", T_SPIN_BH, T_SPIN_IRQ, ION_NESTED,
	  true, T_SPIN, LW_NONE },
	{ "spin_bh released after spin", T_SPIN, T_SPIN_BH, ION_UNDER_INORDER,
	  true, T_SPIN, LW_NONE },
	{ "spin_irq released after spin", T_SPIN, T_SPIN_IRQ, ION_UNDER_INORDER,
	  false, T_SPIN, LW_NONE },
};

LW_TEST_CASES_PARAM(lw_ion_case, lw_ion_cases);

static LW_DEFINE_CLASS(lw_ion_held, 0);
static LW_DEFINE_CLASS(lw_ion_other, 0);
static union lw_test_lock ion_held, ion_other;

static const struct lw_ion_case *ion_case;

/* The interrupt's use of the held lock's class. */
static void lw_ion_in_interrupt(void)
{
	unsigned long flags = 0;

	lw_test_lock(ion_case->in_irq, &ion_held, &flags);
	lw_test_unlock(ion_case->in_irq, &ion_held, flags);
}

/*
 * The other lock's _irq hold as written: lw_test_lock() takes the plain
 * call when interrupts are off already, as correct code must.
 */
static noinline void lw_ion_other_irq(void)
	__lw_no_tsa
{
	lw_spin_lock_irq(&ion_other.s);
	lw_spin_unlock_irq(&ion_other.s);
}

/* Whether @c's enabling unlock is lw_ion_other_irq()'s. */
static bool lw_ion_nested_irq(const struct lw_ion_case *c)
{
	return c->order == ION_NESTED && c->other == T_SPIN_IRQ;
}

/* The two holds in @c's order; the held lock is released last. */
static void lw_ion_holds(const struct lw_ion_case *c)
{
	unsigned long hf = 0, of = 0;

	if (c->order == ION_NESTED) {
		lw_test_lock(c->held, &ion_held, &hf);
		if (lw_ion_nested_irq(c)) {
			lw_ion_other_irq();
		} else {
			lw_test_lock(c->other, &ion_other, &of);
			lw_test_unlock(c->other, &ion_other, of);
		}
		lw_test_unlock(c->held, &ion_held, hf);
		return;
	}
	lw_test_lock(c->other, &ion_other, &of);
	lw_test_lock(c->held, &ion_held, &hf);
	if (c->order == ION_UNDER) {
		lw_test_unlock(c->other, &ion_other, of);
		lw_test_unlock(c->held, &ion_held, hf);
	} else {
		lw_test_unlock(c->held, &ion_held, hf);
		lw_test_unlock(c->other, &ion_other, of);
	}
}

/*
 * The holds in task context, then the interrupt's use of the held class:
 * an inversion only where an unlock enabled that interrupt while the held
 * lock was still held (nothing else in the case holds it so). On
 * PREEMPT_RT a softirq runs in a task, and its use of a class is no usage:
 * none of the softirq cases is one there.
 */
static void test_irqs_enabled_under_lock(struct kunit *test)
{
	const struct lw_ion_case *c = test->param_value;
	enum lw_kind expect = c->softirq && IS_ENABLED(CONFIG_PREEMPT_RT) ? LW_NONE : c->expect;
	struct lw_finding *f = lw_test_begin(test, expect);

	lw_test_lock_init(c->held, &ion_held, &lw_ion_held);
	lw_test_lock_init(c->other, &ion_other, &lw_ion_other);
	lw_ion_holds(c);
	/* The holds alone: each was taken with its interrupt off or unused. */
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	ion_case = c;
	lw_test_in_irq(test, c->softirq, lw_ion_in_interrupt);
	lw_expect_only(test, expect, f);
	if (expect == LW_NONE)
		return;
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_ion_held");
	KUNIT_EXPECT_EQ(test, f->detail.irq.usage, c->softirq ? LW_USED_IN_SOFTIRQ :
							       LW_USED_IN_HARDIRQ);
	KUNIT_EXPECT_EQ(test, f->detail.irq.conflicts_with, c->usage);
	/* Where interrupts came back on: the other lock's unlock. */
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], lw_ion_nested_irq(c) ? "lw_ion_other_irq" :
									"lw_test_unlock"));
}

static LW_DEFINE_CLASS(lw_ion_raw_held, 0);
static LW_DEFINE_CLASS(lw_ion_raw_other, 0);
static struct lw_raw_spinlock ion_raw_held, ion_raw_other;

static void lw_ion_raw_in_interrupt(void)
{
	lw_raw_spin_lock(&ion_raw_held);
	lw_raw_spin_unlock(&ion_raw_held);
}

/* The inner unlock that enables interrupts, a site of its own. */
static noinline void lw_ion_raw_inner(bool reenable)
	__lw_no_tsa
{
	unsigned long flags;

	if (reenable) {
		lw_raw_spin_lock_irq(&ion_raw_other);
		lw_raw_spin_unlock_irq(&ion_raw_other);
	} else {
		lw_raw_spin_lock_irqsave(&ion_raw_other, flags);
		lw_raw_spin_unlock_irqrestore(&ion_raw_other, flags);
	}
}

/*
 * lw_raw_spinlock, which spins with interrupts off on PREEMPT_RT too: an
 * inner raw_spin_unlock_irq() enables them under the held one; the inner
 * _irqrestore of flags saved with them off does not.
 */
static void test_raw_irqs_enabled_under_lock(struct kunit *test)
{
	bool reenable = (uintptr_t)test->param_value == 2;
	enum lw_kind expect = reenable ? LW_KIND_IRQ_INVERSION : LW_NONE;
	struct lw_finding *f = lw_test_begin(test, expect);

	lw_raw_spin_lock_init(&ion_raw_held, &lw_ion_raw_held);
	lw_raw_spin_lock_init(&ion_raw_other, &lw_ion_raw_other);
	lw_raw_spin_lock_irq(&ion_raw_held);
	lw_ion_raw_inner(reenable);
	lw_raw_spin_unlock_irq(&ion_raw_held);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	lw_test_in_hardirq(test, lw_ion_raw_in_interrupt);
	lw_expect_only(test, expect, f);
	if (!reenable)
		return;
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_ion_raw_held");
	KUNIT_EXPECT_EQ(test, f->detail.irq.conflicts_with, LW_ENABLED_HARDIRQ);
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], "lw_ion_raw_inner"));
}

static const void *lw_ion_raw_gen(const void *prev, char *desc)
{
	uintptr_t next = prev ? (uintptr_t)prev + 1 : 1;

	if (next > 2)
		return NULL;
	strscpy(desc, next == 2 ? "raw_spin_irq under raw_spin_irq" :
		"raw_spin_irqsave under raw_spin_irq", KUNIT_PARAM_DESC_SIZE);
	return (const void *)next;
}

static struct kunit_case lw_irqon_cases[] = {
	KUNIT_CASE_PARAM(test_irqs_enabled_under_lock, lw_ion_case_gen_params),
	KUNIT_CASE_PARAM(test_raw_irqs_enabled_under_lock, lw_ion_raw_gen),
	{}
};

LW_TEST_SUITE(lockwarden_irqs_enabled, lw_test_init, lw_test_exit, lw_irqon_cases);
