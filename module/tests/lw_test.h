/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by lockwarden's KUnit suites.
 */
#ifndef _LW_TEST_H
#define _LW_TEST_H

#include <kunit/test.h>
#include <lockwarden/kunit.h>

#include "outputs/outputs.h"

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

u32 lw_test_count_kind(struct kunit *test, enum lw_kind kind, struct lw_finding *out);
void lw_expect_only(struct kunit *test, enum lw_kind kind, struct lw_finding *f);
void lw_skip(struct kunit *test, const char *why);
void lw_test_in_irq(struct kunit *test, bool softirq, void (*fn)(void));
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
