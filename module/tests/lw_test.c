// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by lockwarden's KUnit suites: counting stored findings of a
 * kind, starting a case that reads one back, taking a lock by flavour, the
 * per-case reset every suite starts and ends with, and a probe of the
 * console for the suites that read what is printed.
 */
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <trace/events/printk.h>

#include "lw_test.h"

MODULE_IMPORT_NS(LW_NS);

/**
 * lw_test_count_kind() - count the stored findings of one kind
 * @test: the running case, failed if the count cannot be taken
 * @kind: the kind
 * @out: if not NULL, receives a copy of the last (newest) such finding
 *
 * Return: how many are stored; U32_MAX, with @test failed, when memory
 * for the copy is short (so that no expectation of a count passes).
 */
u32 lw_test_count_kind(struct kunit *test, enum lw_kind kind, struct lw_finding *out)
{
	struct lw_finding *f = kmalloc(sizeof(*f), GFP_KERNEL);
	u32 i, n = 0;

	if (!f) {
		KUNIT_FAIL(test, "lockwarden: no memory to count the findings");
		return U32_MAX;
	}
	for (i = 0; lockwarden_finding_get(i, f); i++) {
		if (f->kind != kind)
			continue;
		n++;
		if (out)
			*out = *f;
	}
	kfree(f);
	return n;
}

/**
 * lw_skip() - kunit_skip(), with the reason also in the log
 * @test: the running case
 * @why: the reason
 *
 * 6.1 prints no reason for a skipped parameter of a parameterised case.
 */
void lw_skip(struct kunit *test, const char *why)
{
	kunit_info(test, "SKIP: %s", why);
	kunit_skip(test, "%s", why);
}

static void (*lw_test_irq_fn)(void);
static bool lw_test_irq_softirq, lw_test_irq_ran;
static DECLARE_COMPLETION(lw_test_irq_done);

static void lw_test_irq_call(void)
{
	lw_test_irq_ran = lw_test_irq_softirq ? in_serving_softirq() : in_hardirq();
	lw_test_irq_fn();
}

static void lw_test_irq_work(struct irq_work *work)
{
	lw_test_irq_call();
}

static void lw_test_tasklet(struct tasklet_struct *t)
{
	lw_test_irq_call();
	complete(&lw_test_irq_done);
}

/**
 * lw_test_in_irq() - run a function in an interrupt and wait for it
 * @test: the running case, skipped if the interrupt did not run in the
 *	context asked for
 * @softirq: in softirq context (a tasklet), else hardirq (an irq_work)
 * @fn: the function
 */
void lw_test_in_irq(struct kunit *test, bool softirq, void (*fn)(void))
{
	lw_test_irq_fn = fn;
	lw_test_irq_softirq = softirq;
	lw_test_irq_ran = false;
	if (softirq) {
		struct tasklet_struct tasklet;

		reinit_completion(&lw_test_irq_done);
		tasklet_setup(&tasklet, lw_test_tasklet);
		tasklet_schedule(&tasklet);
		wait_for_completion(&lw_test_irq_done);
		tasklet_kill(&tasklet);
	} else {
		struct irq_work work;

		init_irq_work(&work, lw_test_irq_work);
		irq_work_queue(&work);
		irq_work_sync(&work);
	}
	if (!lw_test_irq_ran)
		lw_skip(test, "the interrupt did not run in the context asked for");
}

/**
 * __lw_expect_events() - expect the event types of a finding's first classes
 * @test: the test case
 * @f: the finding
 * @types: the types expected of cls[0] on, 0 for a lock class
 * @nr: entries in @types: at most @f's classes
 *
 * Through lw_expect_events(), which counts its arguments.
 */
void __lw_expect_events(struct kunit *test, const struct lw_finding *f, const u8 *types,
			unsigned int nr)
{
	unsigned int i;

	KUNIT_ASSERT_LE(test, nr, f->nr);
	for (i = 0; i < nr; i++)
		KUNIT_EXPECT_EQ_MSG(test, f->event[i], types[i], "class %u (%s)", i, f->cls[i]);
}

/**
 * lw_expect_only() - expect exactly one finding, of one kind, and no other
 * @test: the running case
 * @kind: the kind, or LW_NONE for no finding at all
 * @f: receives the finding
 */
void lw_expect_only(struct kunit *test, enum lw_kind kind, struct lw_finding *f)
{
	if (kind == LW_NONE) {
		KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
		return;
	}
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, kind, f), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/**
 * lw_test_expect() - declare the finding a case raises on purpose
 * @test: the running case
 * @kind: the kind, or LW_NONE for none (a counterpart case)
 *
 * A case declares before it plays its scenario: a finding it did not
 * declare fails it as soon as its task raises it (lockwarden/kunit.h).
 */
void lw_test_expect(struct kunit *test, enum lw_kind kind)
{
	if (kind != LW_NONE)
		lw_kunit_expect(test, kind);
}

/**
 * lw_test_begin() - start a case that reads a finding back
 * @test: the running case
 * @kind: the kind it raises on purpose, declared (lw_test_expect()), or
 *	LW_NONE for none
 *
 * The case ends, failed, if the memory for the finding is short.
 *
 * Return: a zeroed finding for lw_test_count_kind() or lw_expect_only() to
 * fill, freed with the case.
 */
struct lw_finding *lw_test_begin(struct kunit *test, enum lw_kind kind)
{
	struct lw_finding *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	lw_test_expect(test, kind);
	return f;
}

/**
 * lw_test_mutex_nest() - take two mutexes nested, and release them
 * @outer: taken first, released last
 * @inner: taken under @outer
 */
void lw_test_mutex_nest(struct lw_mutex *outer, struct lw_mutex *inner)
{
	lw_mutex_lock(outer);
	lw_mutex_lock(inner);
	lw_mutex_unlock(inner);
	lw_mutex_unlock(outer);
}

/**
 * lw_test_lock_init() - set up a lock of a flavour's type
 * @t: the flavour
 * @l: the lock
 * @class: its class
 */
void lw_test_lock_init(enum lw_test_type t, union lw_test_lock *l, struct lw_class *class)
{
	switch (t) {
	case T_MUTEX:
		lw_mutex_init(&l->m, class);
		break;
	case T_SPIN ... T_SPIN_IRQSAVE:
		lw_spin_lock_init(&l->s, class);
		break;
	case T_READ ... T_WRITE_IRQSAVE:
		lw_rwlock_init(&l->r, class);
		break;
	case T_RWSEM_WRITE:
	case T_RWSEM_READ:
		lw_init_rwsem(&l->w, class);
		break;
	case T_COUNT:
		break;
	}
}

/* The plain call an _irq flavour makes with interrupts already off; else @t. */
/**
 * lw_test_lock() - take a lock as a flavour
 * @t: the flavour
 * @l: the lock, of @t's type
 * @flags: receives what its unlock needs
 *
 * An _irq flavour nested with interrupts already off takes the plain call,
 * as kernel code must (its unlock would turn them on under the outer lock);
 * *@flags then says so.
 */
void lw_test_lock(enum lw_test_type t, union lw_test_lock *l, unsigned long *flags)
	__lw_no_tsa
{
	__lw_test_lock(t, l, flags);
}

/**
 * lw_test_unlock() - release a lock lw_test_lock() took
 * @t: the flavour it took it as
 * @l: the lock
 * @flags: what lw_test_lock() gave
 */
void lw_test_unlock(enum lw_test_type t, union lw_test_lock *l, unsigned long flags)
	__lw_no_tsa
{
	__lw_test_unlock(t, l, flags);
}

/**
 * lw_test_init() - suite init: every case starts with no finding, no order
 * @test: the case
 *
 * The case is watched (lw_kunit_init()) from here on.
 *
 * Return: 0, or the error of lw_kunit_init().
 */
int lw_test_init(struct kunit *test)
{
	lockwarden_reset();
	return lw_kunit_init(test);
}

/**
 * lw_test_exit() - suite exit: no undeclared finding anywhere, and leave
 * nothing learned to the next case
 * @test: the case
 *
 * Findings raised outside the case's task (its kthreads, work items,
 * interrupts) did not fail it when raised: they are checked here.
 */
void lw_test_exit(struct kunit *test)
{
	LW_KUNIT_EXPECT_NO_OTHER(test);
	lockwarden_reset();
}

/* Not instrumented: the KCSAN suite attaches its probe with these too. */
__no_kcsan
static void lw_console_register(struct tracepoint *tp, void *probe)
{
	if (!strcmp(tp->name, "console"))
		WARN_ON(tracepoint_probe_register(tp, probe, NULL));
}

__no_kcsan
static void lw_console_unregister(struct tracepoint *tp, void *probe)
{
	if (!strcmp(tp->name, "console"))
		tracepoint_probe_unregister(tp, probe, NULL);
}

/**
 * lw_test_console_attach() - call a probe with all that is printed
 * @probe: the probe of the console tracepoint
 *
 * A module cannot attach to the tracepoint statically: it is looked up.
 * For a suite's suite_init; lw_test_console_detach() in its suite_exit.
 */
void lw_test_console_attach(void (*probe)(void *ignore, const char *buf, size_t len))
{
	check_trace_callback_type_console(probe);
	for_each_kernel_tracepoint(lw_console_register, probe);
}

/**
 * lw_test_console_detach() - detach a probe lw_test_console_attach() attached
 * @probe: the probe
 *
 * Returns once no call of @probe is running.
 */
void lw_test_console_detach(void (*probe)(void *ignore, const char *buf, size_t len))
{
	for_each_kernel_tracepoint(lw_console_unregister, probe);
	tracepoint_synchronize_unregister();
}
