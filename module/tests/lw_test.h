/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by lockwarden's KUnit suites.
 */
#ifndef _LW_TEST_H
#define _LW_TEST_H

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <lockwarden/kunit.h>

#include "outputs/outputs.h"

/*
 * How long a case waits for another context (a kthread, a work item, a
 * timer) to get on before it fails: long, as a loaded host may not run a
 * vCPU for seconds; a wait ends as soon as what it waits for happens.
 */
#define LW_TEST_WAIT	(30 * HZ)

/*
 * Spin until @cond, where the case cannot sleep (a spinning lock held,
 * preemption off) while another CPU gets on: at most LW_TEST_WAIT, a
 * failure rather than a hang if it never does. Return: whether @cond came
 * true.
 */
#define lw_test_spin_until(cond) ({					\
	unsigned long __end = jiffies + LW_TEST_WAIT;			\
	bool __ok;							\
									\
	while (!(__ok = (cond)) && time_before(jiffies, __end))		\
		cpu_relax();						\
	__ok;								\
})

/* A lock type, a side of it, and what its lock call does to interrupts. */
enum lw_test_type {
	T_MUTEX,
	T_SPIN,
	T_SPIN_BH,
	T_SPIN_IRQ,
	T_SPIN_IRQSAVE,
	T_READ,
	T_READ_BH,
	T_READ_IRQ,
	T_READ_IRQSAVE,
	T_WRITE,
	T_WRITE_BH,
	T_WRITE_IRQ,
	T_WRITE_IRQSAVE,
	T_RWSEM_WRITE,
	T_RWSEM_READ,
	T_COUNT,
};

/* A lock of any type lw_test_lock() takes. */
union lw_test_lock {
	struct lw_mutex m;
	struct lw_spinlock s;
	struct lw_rwlock r;
	struct lw_rwsem w;
};

/* A finding kind standing for "no finding at all". */
#define LW_NONE		LW_KIND_COUNT

/**
 * LW_TEST_SUITE - define and register a suite of lockwarden's KUnit cases
 * @sname: its KUnit name, lockwarden_..., an identifier
 * @initfn: its per-case init, lw_test_init() or one that calls it
 * @exitfn: its per-case exit, lw_test_exit() or one that calls it
 * @cases: its case array
 */
#define LW_TEST_SUITE(sname, initfn, exitfn, cases)			\
	static struct kunit_suite __lw_suite_##sname = {		\
		.name = #sname,						\
		.init = initfn,						\
		.exit = exitfn,						\
		.test_cases = cases,					\
	};								\
	kunit_test_suite(__lw_suite_##sname)

/**
 * LW_TEST_CONSOLE_SUITE - LW_TEST_SUITE() with a probe of the console
 * @sname: its KUnit name, lockwarden_..., an identifier
 * @probe: called with all that is printed while the suite runs, from its
 *	suite_init (lw_test_console_attach()) to its suite_exit
 *	(lw_test_console_detach())
 * @initfn: its per-case init, lw_test_init() or one that calls it
 * @exitfn: its per-case exit, lw_test_exit() or one that calls it
 * @cases: its case array
 */
#define LW_TEST_CONSOLE_SUITE(sname, probe, initfn, exitfn, cases)	\
	static void (*const __lw_probe_##sname)(void *, const char *,	\
						size_t) = probe;	\
	static int __lw_suite_init_##sname(struct kunit_suite *suite)	\
	{								\
		lw_test_console_attach(__lw_probe_##sname);		\
		return 0;						\
	}								\
	static void __lw_suite_exit_##sname(struct kunit_suite *suite)	\
	{								\
		lw_test_console_detach(__lw_probe_##sname);		\
	}								\
	static struct kunit_suite __lw_suite_##sname = {		\
		.name = #sname,						\
		.suite_init = __lw_suite_init_##sname,			\
		.suite_exit = __lw_suite_exit_##sname,			\
		.init = initfn,						\
		.exit = exitfn,						\
		.test_cases = cases,					\
	};								\
	kunit_test_suite(__lw_suite_##sname)

static inline enum lw_test_type lw_test_irq_plain(enum lw_test_type t)
{
	switch (t) {
	case T_SPIN_IRQ:
		return T_SPIN;
	case T_READ_IRQ:
		return T_READ;
	case T_WRITE_IRQ:
		return T_WRITE;
	default:
		return t;
	}
}

/**
 * __lw_test_lock() - take a lock as a flavour, inlined: a finding's site
 *	is then the caller's
 * @t: the flavour
 * @l: the lock, of @t's type
 * @flags: receives what its unlock needs
 *
 * An _irq flavour nested with interrupts already off takes the plain call,
 * as kernel code must (its unlock would turn them on under the outer lock);
 * *@flags then says so.
 */
static __always_inline void __lw_test_lock(enum lw_test_type t, union lw_test_lock *l,
					   unsigned long *flags)
	__lw_no_tsa
{
	if (lw_test_irq_plain(t) != t) {
		*flags = irqs_disabled();
		if (*flags)
			t = lw_test_irq_plain(t);
	}
	switch (t) {
	case T_MUTEX:
		lw_mutex_lock(&l->m);
		break;
	case T_SPIN:
		lw_spin_lock(&l->s);
		break;
	case T_SPIN_BH:
		lw_spin_lock_bh(&l->s);
		break;
	case T_SPIN_IRQ:
		lw_spin_lock_irq(&l->s);
		break;
	case T_SPIN_IRQSAVE:
		lw_spin_lock_irqsave(&l->s, *flags);
		break;
	case T_READ:
		lw_read_lock(&l->r);
		break;
	case T_READ_BH:
		lw_read_lock_bh(&l->r);
		break;
	case T_READ_IRQ:
		lw_read_lock_irq(&l->r);
		break;
	case T_READ_IRQSAVE:
		lw_read_lock_irqsave(&l->r, *flags);
		break;
	case T_WRITE:
		lw_write_lock(&l->r);
		break;
	case T_WRITE_BH:
		lw_write_lock_bh(&l->r);
		break;
	case T_WRITE_IRQ:
		lw_write_lock_irq(&l->r);
		break;
	case T_WRITE_IRQSAVE:
		lw_write_lock_irqsave(&l->r, *flags);
		break;
	case T_RWSEM_WRITE:
		lw_down_write(&l->w);
		break;
	case T_RWSEM_READ:
		lw_down_read(&l->w);
		break;
	case T_COUNT:
		break;
	}
}

/**
 * __lw_test_unlock() - release a lock lw_test_lock() took
 * @t: the flavour it took it as
 * @l: the lock
 * @flags: what lw_test_lock() gave
 */
static __always_inline void __lw_test_unlock(enum lw_test_type t, union lw_test_lock *l,
					     unsigned long flags)
	__lw_no_tsa
{
	if (flags)
		t = lw_test_irq_plain(t);
	switch (t) {
	case T_MUTEX:
		lw_mutex_unlock(&l->m);
		break;
	case T_SPIN:
		lw_spin_unlock(&l->s);
		break;
	case T_SPIN_BH:
		lw_spin_unlock_bh(&l->s);
		break;
	case T_SPIN_IRQ:
		lw_spin_unlock_irq(&l->s);
		break;
	case T_SPIN_IRQSAVE:
		lw_spin_unlock_irqrestore(&l->s, flags);
		break;
	case T_READ:
		lw_read_unlock(&l->r);
		break;
	case T_READ_BH:
		lw_read_unlock_bh(&l->r);
		break;
	case T_READ_IRQ:
		lw_read_unlock_irq(&l->r);
		break;
	case T_READ_IRQSAVE:
		lw_read_unlock_irqrestore(&l->r, flags);
		break;
	case T_WRITE:
		lw_write_unlock(&l->r);
		break;
	case T_WRITE_BH:
		lw_write_unlock_bh(&l->r);
		break;
	case T_WRITE_IRQ:
		lw_write_unlock_irq(&l->r);
		break;
	case T_WRITE_IRQSAVE:
		lw_write_unlock_irqrestore(&l->r, flags);
		break;
	case T_RWSEM_WRITE:
		lw_up_write(&l->w);
		break;
	case T_RWSEM_READ:
		lw_up_read(&l->w);
		break;
	case T_COUNT:
		break;
	}
}

/**
 * struct lw_test_link - what a finding is expected to say of one class
 * @cls: the class's name
 * @event: its event type (enum lw_lock_type, LW_LOCK_WORK...), 0 for a lock
 * @site: a function the class's site is in, or NULL not to check it
 */
struct lw_test_link {
	const char *cls;
	u8 event;
	const char *site;
};

void lw_expect_links(struct kunit *test, const struct lw_finding *f, unsigned int first,
		     const struct lw_test_link *links, unsigned int nr);

/*
 * lw_expect_classes(test, f, first, link...): @f has exactly the classes
 * given, in this order from the @first'th on (a cycle is reported from the
 * dependency that closed it: the same links, turned).
 */
#define lw_expect_classes(test, f, first, ...)					\
	lw_expect_links(test, f, first, (const struct lw_test_link[]){ __VA_ARGS__ },	\
			sizeof((const struct lw_test_link[]){ __VA_ARGS__ }) /	\
			sizeof(struct lw_test_link))

void lw_test_sides(struct kunit *test, bool a_first, void (*a)(struct kunit *test),
		   void (*b)(struct kunit *test));
long lw_test_wait_wake(struct kunit *test, bool waiter_first,
		       long (*wait)(unsigned int how), unsigned int wait_how,
		       void (*wake)(unsigned int how), unsigned int wake_how);
void lw_test_silent(struct kunit *test, void (*round)(struct kunit *test, unsigned int i),
		    unsigned int rounds, struct lw_mutex *m, struct lw_mutex *n);

void lw_test_name_desc(const char *const *name, char *desc);

/**
 * LW_TEST_NAMES_PARAM - a parameterised case's generator over a table of
 *	names, one per case, each its description
 * @name: the generator is name_gen_params
 * @names: the table; lw_test_param_index() gives a case's index in it
 */
#define LW_TEST_NAMES_PARAM(name, names)	KUNIT_ARRAY_PARAM(name, names, lw_test_name_desc)

/**
 * LW_TEST_CASES_PARAM - a parameterised case's generator over a table of
 *	cases, each described by its member name
 * @gen: the generator is gen_gen_params
 * @cases: the table
 */
#define LW_TEST_CASES_PARAM(gen, cases)					\
	static void gen##_desc(typeof((cases) + 0) c, char *desc)	\
	{								\
		lw_test_name_desc(&c->name, desc);			\
	}								\
	KUNIT_ARRAY_PARAM(gen, cases, gen##_desc)

/* The index of the running case's parameter in the table @names. */
#define lw_test_param_index(test, names)					\
	((unsigned int)((const char *const *)(test)->param_value - (names)))

/* Axes a grid of parameters has at the most. */
#define LW_TEST_AXES	3

/**
 * struct lw_test_point - a case of a grid of parameters
 * @v: its value on each axis
 */
struct lw_test_point {
	u8 v[LW_TEST_AXES];
};

/**
 * struct lw_test_axis - an axis of a grid of parameters
 * @names: a name per value, that the case's description is made of
 * @nr: how many values
 */
struct lw_test_axis {
	const char *const *names;
	unsigned int nr;
};

/* The axis of the values named in the array @n: ARRAY_SIZE(@n) of them. */
#define LW_TEST_AXIS(n)							\
	{ .names = n, .nr = sizeof(n) / sizeof((n)[0]) + __must_be_array(n) }

const void *lw_test_grid_next(const void *prev, char *desc, struct lw_test_point *points,
			      unsigned int nr_points, const struct lw_test_axis *axes,
			      unsigned int nr_axes);

/**
 * LW_TEST_GRID_PARAM - a parameterised case's generator over every
 *	combination of values of its axes, the first axis varying fastest
 * @name: the generator is name_gen_params
 * @nr: the number of combinations: the product of the axes' values
 * @...: the axes, LW_TEST_AXIS() each
 */
#define LW_TEST_GRID_PARAM(name, nr, ...)					\
	static struct lw_test_point name##_points[nr];				\
	static const struct lw_test_axis name##_axes[] = { __VA_ARGS__ };	\
	static const void *name##_gen_params(const void *prev, char *desc)	\
	{									\
		return lw_test_grid_next(prev, desc, name##_points,		\
					 ARRAY_SIZE(name##_points),		\
					 name##_axes, ARRAY_SIZE(name##_axes));	\
	}

/**
 * struct lw_test_thread - a kthread a case starts, and knows started and exited
 * @started: completed when the thread runs
 * @exited: completed when its function has returned
 * @fn: its function
 * @data: @fn's argument
 */
struct lw_test_thread {
	struct completion started;
	struct completion exited;
	int (*fn)(void *data);
	void *data;
};

void lw_test_thread_run(struct kunit *test, struct lw_test_thread *t, int (*fn)(void *data),
			void *data, const char *name);
void lw_test_thread_join(struct kunit *test, struct lw_test_thread *t);

u32 lw_test_count_kind(struct kunit *test, enum lw_kind kind, struct lw_finding *out);
void lw_expect_only(struct kunit *test, enum lw_kind kind, struct lw_finding *f);
void __lw_expect_events(struct kunit *test, const struct lw_finding *f, const u8 *types,
			unsigned int nr);

/*
 * Expect the event types of the first classes of finding @f, in order, one
 * argument each: 0 for a lock class, else its enum lw_lock_type
 * (LW_LOCK_WORK...).
 */
#define lw_expect_events(test, f, ...)						\
	__lw_expect_events(test, f, (const u8[]){ __VA_ARGS__ },		\
			   sizeof((const u8[]){ __VA_ARGS__ }))
/**
 * lw_skip() - kunit_skip(), with the reason also in the log
 * @test: the running case
 * @why: the reason
 *
 * 6.1 prints no reason for a skipped parameter of a parameterised case. A
 * macro, so that objtool sees kunit_skip()'s throw, which never returns,
 * at each call (a function of another object would look like one that
 * returns on 6.1, and like one missing __noreturn on 6.12).
 */
#define lw_skip(test, why)						\
	do {								\
		struct kunit *__lw_t = (test);				\
		const char *__lw_why = (why);				\
									\
		kunit_info(__lw_t, "SKIP: %s", __lw_why);		\
		kunit_skip(__lw_t, "%s", __lw_why);			\
	} while (0)

void lw_test_in_irq(struct kunit *test, bool softirq, void (*fn)(void));
void lw_test_in_hardirq(struct kunit *test, void (*fn)(void));
void lw_test_expect(struct kunit *test, enum lw_kind kind);
struct lw_finding *lw_test_begin(struct kunit *test, enum lw_kind kind);
void lw_test_mutex_nest(struct lw_mutex *outer, struct lw_mutex *inner);
void lw_test_lock_init(enum lw_test_type t, union lw_test_lock *l, struct lw_class *class);
void lw_test_lock(enum lw_test_type t, union lw_test_lock *l, unsigned long *flags);
void lw_test_unlock(enum lw_test_type t, union lw_test_lock *l, unsigned long flags);
int lw_test_init(struct kunit *test);
void lw_test_console_attach(void (*probe)(void *ignore, const char *buf, size_t len));
void lw_test_console_detach(void (*probe)(void *ignore, const char *buf, size_t len));
void lw_test_exit(struct kunit *test);

#endif /* _LW_TEST_H */
