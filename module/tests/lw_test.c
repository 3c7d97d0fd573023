// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by lockwarden's KUnit suites: counting stored findings of a
 * kind, starting a case that reads one back, taking a lock by flavour, the
 * per-case reset every suite starts and ends with, and a probe of the
 * console for the suites that read what is printed.
 */
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
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

static void (*lw_test_irq_fn)(void);
/* Whether the interrupt ran in the context it stands for. */
static bool lw_test_irq_ran;
static DECLARE_COMPLETION(lw_test_irq_done);

static void lw_test_irq_work(struct irq_work *work)
{
	lw_test_irq_ran = in_hardirq();
	lw_test_irq_fn();
}

static void lw_test_tasklet(struct tasklet_struct *t)
{
	lw_test_irq_ran = in_serving_softirq();
	lw_test_irq_fn();
	complete(&lw_test_irq_done);
}

/**
 * lw_test_in_irq() - run a function in an interrupt and wait for it
 * @test: the running case, skipped if the interrupt did not run in the
 *	context asked for
 * @softirq: in softirq context (a tasklet), else hardirq (an irq_work)
 * @fn: the function
 *
 * For a function that takes a spinlock_t or rwlock_t: on PREEMPT_RT, where
 * those may not be taken in hardirq context, a hardirq case is skipped
 * (lw_test_in_hardirq() runs one that takes only raw spinlocks).
 */
void lw_test_in_irq(struct kunit *test, bool softirq, void (*fn)(void))
{
	struct tasklet_struct tasklet;

	if (!softirq) {
		if (IS_ENABLED(CONFIG_PREEMPT_RT))
			lw_skip(test, "PREEMPT_RT allows no spinlock_t in hardirq context");
		lw_test_in_hardirq(test, fn);
		return;
	}
	lw_test_irq_fn = fn;
	lw_test_irq_ran = false;
	reinit_completion(&lw_test_irq_done);
	tasklet_setup(&tasklet, lw_test_tasklet);
	tasklet_schedule(&tasklet);
	wait_for_completion(&lw_test_irq_done);
	tasklet_kill(&tasklet);
	if (!lw_test_irq_ran)
		lw_skip(test, "the interrupt did not run in the context asked for");
}

/**
 * lw_test_in_hardirq() - run a function in a hardirq, on PREEMPT_RT too,
 *	and wait for it
 * @test: the running case, skipped if the interrupt did not run in hardirq
 *	context
 * @fn: the function: on PREEMPT_RT it may take raw spinlocks only, unless
 *	that is the bug the case is about
 *
 * An irq_work marked hard, which PREEMPT_RT does not move to a task (and
 * which elsewhere runs in hardirq context as any irq_work does).
 */
void lw_test_in_hardirq(struct kunit *test, void (*fn)(void))
{
	struct irq_work work = IRQ_WORK_INIT_HARD(lw_test_irq_work);

	lw_test_irq_fn = fn;
	lw_test_irq_ran = false;
	irq_work_queue(&work);
	irq_work_sync(&work);
	if (!lw_test_irq_ran)
		lw_skip(test, "the interrupt did not run in hardirq context");
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
 * lw_expect_links() - expect a finding's classes, their event types and sites
 * @test: the running case
 * @f: the finding
 * @first: the index in @links of the finding's first class
 * @links: the classes, in order (a cycle's from any of them: it is read
 *	from @first on, and on from the start again)
 * @nr: entries in @links: exactly @f's classes
 */
void lw_expect_links(struct kunit *test, const struct lw_finding *f, unsigned int first,
		     const struct lw_test_link *links, unsigned int nr)
{
	unsigned int i;

	KUNIT_ASSERT_EQ(test, f->nr, nr);
	for (i = 0; i < nr; i++) {
		const struct lw_test_link *l = &links[(first + i) % nr];

		KUNIT_EXPECT_STREQ_MSG(test, f->cls[i], l->cls, "class %u", i);
		KUNIT_EXPECT_EQ_MSG(test, f->event[i], l->event, "class %u (%s)", i, l->cls);
		if (l->site)
			KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(f->site[i], l->site),
						  "class %u (%s) at %s", i, l->cls, f->site[i]);
	}
}

/**
 * lw_test_sides() - play the two sides of a scenario, in either order
 * @test: the running case, passed to each side
 * @a_first: @a first, else @b first
 * @a: one side
 * @b: the other
 *
 * Whichever comes first, alone, raises no finding.
 */
void lw_test_sides(struct kunit *test, bool a_first, void (*a)(struct kunit *test),
		   void (*b)(struct kunit *test))
{
	(a_first ? a : b)(test);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	(a_first ? b : a)(test);
}

/**
 * lw_test_wait_wake() - play a wait and its wake-up, in either order
 * @test: the running case
 * @waiter_first: the wait first, else the wake-up
 * @wait: the waiter, returning what its wait returned
 * @wait_how: @wait's argument: which wait it makes
 * @wake: the waker
 * @wake_how: @wake's argument: which wake-up it makes
 *
 * Whichever comes first, alone, raises no finding.
 *
 * Return: what @wait returned.
 */
long lw_test_wait_wake(struct kunit *test, bool waiter_first,
		       long (*wait)(unsigned int how), unsigned int wait_how,
		       void (*wake)(unsigned int how), unsigned int wake_how)
{
	long ret = 0;

	if (waiter_first)
		ret = wait(wait_how);
	else
		wake(wake_how);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	if (waiter_first)
		wake(wake_how);
	else
		ret = wait(wait_how);
	return ret;
}

/**
 * lw_test_silent() - play a counterpart that cannot deadlock, round after round
 * @test: the running case, declared silent (lw_test_expect())
 * @round: plays round @i of it
 * @rounds: how many rounds
 * @m: a mutex no round may leave held, or NULL
 * @n: another, or NULL
 *
 * No finding, and nothing left held.
 */
void lw_test_silent(struct kunit *test, void (*round)(struct kunit *test, unsigned int i),
		    unsigned int rounds, struct lw_mutex *m, struct lw_mutex *n)
{
	unsigned int i;

	lw_test_expect(test, LW_NONE);
	for (i = 0; i < rounds; i++)
		round(test, i);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	if (m)
		KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(m));
	if (n)
		KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(n));
}

/**
 * lw_test_name_desc() - a case's description: its name, in a table of names
 * @name: the name
 * @desc: receives it
 */
void lw_test_name_desc(const char *const *name, char *desc)
{
	strscpy(desc, *name, KUNIT_PARAM_DESC_SIZE);
}

/**
 * lw_test_grid_next() - the next case of a grid (LW_TEST_GRID_PARAM())
 * @prev: the case before, or NULL for the first
 * @desc: receives the case's description, its value's name on each axis
 * @points: the grid's cases, filled as they come
 * @nr_points: entries in @points: the product of the axes' values
 * @axes: the axes, the first varying fastest
 * @nr_axes: entries in @axes, at most LW_TEST_AXES
 *
 * Return: the case, or NULL after the last.
 */
const void *lw_test_grid_next(const void *prev, char *desc, struct lw_test_point *points,
			      unsigned int nr_points, const struct lw_test_axis *axes,
			      unsigned int nr_axes)
{
	struct lw_test_point *p = prev ? (struct lw_test_point *)prev + 1 : points;
	unsigned int a, i = p - points, total = 1, len = 0;

	for (a = 0; a < nr_axes; a++)
		total *= axes[a].nr;
	if (WARN_ON(nr_axes > LW_TEST_AXES || total != nr_points) || i >= nr_points)
		return NULL;
	for (a = 0; a < nr_axes; a++) {
		p->v[a] = i % axes[a].nr;
		i /= axes[a].nr;
		len += scnprintf(desc + len, KUNIT_PARAM_DESC_SIZE - len, "%s%s",
				 a ? " " : "", axes[a].names[p->v[a]]);
	}
	return p;
}

static int lw_test_thread_fn(void *data)
{
	struct lw_test_thread *t = data;

	complete(&t->started);
	t->fn(t->data);
	complete(&t->exited);
	return 0;
}

/**
 * lw_test_thread_run() - start a kthread and wait until it runs
 * @test: the running case, ended if the thread does not start within
 *	LW_TEST_WAIT
 * @t: the thread's state
 * @fn: its function
 * @data: @fn's argument
 * @name: its name
 */
void lw_test_thread_run(struct kunit *test, struct lw_test_thread *t, int (*fn)(void *data),
			void *data, const char *name)
{
	struct task_struct *task;

	init_completion(&t->started);
	init_completion(&t->exited);
	t->fn = fn;
	t->data = data;
	task = kthread_run(lw_test_thread_fn, t, "%s", name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&t->started, LW_TEST_WAIT), 0UL);
}

/**
 * lw_test_thread_join() - wait until a kthread lw_test_thread_run() started
 *	has returned from its function
 * @test: the running case, ended if it has not within LW_TEST_WAIT
 * @t: the thread's state
 */
void lw_test_thread_join(struct kunit *test, struct lw_test_thread *t)
{
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&t->exited, LW_TEST_WAIT), 0UL);
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
