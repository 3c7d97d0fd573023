/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden in a driver's KUnit tests: declare the findings a test raises
 * on purpose, and assert what was raised.
 *
 * With lockwarden.ko loaded on a kernel with KUnit built in, a finding raised
 * by a test's own task fails that test, naming the finding, unless the test
 * declared its kind with lw_kunit_expect(). A test that declares a kind fails
 * if no finding of that kind was raised by its end. Findings raised in other
 * contexts (interrupts, kthreads and work items the test started) fail no
 * test by themselves: a test watching them asserts on them with
 * LW_KUNIT_EXPECT_NO_OTHER() and LW_KUNIT_EXPECT_FINDING().
 *
 *	static void test_abba(struct kunit *test)
 *	{
 *		lw_kunit_expect(test, LW_KIND_CYCLE);
 *		take_a_then_b();
 *		take_b_then_a();
 *		LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_CYCLE, 1);
 *		LW_KUNIT_EXPECT_NO_OTHER(test);
 *	}
 *
 * Built without lockwarden (no CONFIG_LOCKWARDEN), or where KUnit is not
 * built in, nothing is watched and nothing can be checked: a test that
 * declares a finding it expects (lw_kunit_expect()), or asserts one
 * (LW_KUNIT_EXPECT_FINDING(), LW_KUNIT_EXPECT_FINDINGS() of more than 0),
 * is skipped there, saying why, rather than passing without a check. The
 * counts are 0, and LW_KUNIT_EXPECT_NO_OTHER() asserts nothing: a test of
 * a clean run still runs for what else it checks.
 */
#ifndef _LOCKWARDEN_KUNIT_H
#define _LOCKWARDEN_KUNIT_H

#include <kunit/test.h>
#include <lockwarden/compat.h>
#include <lockwarden/kinds.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN) && defined(LW_HAVE_KUNIT)

int lw_kunit_init(struct kunit *test);
void lw_kunit_expect(struct kunit *test, enum lw_kind kind);
unsigned int lw_kunit_count(struct kunit *test, enum lw_kind kind);
unsigned int lw_kunit_count_other(struct kunit *test);
const char *lw_kind_name(enum lw_kind kind);

/**
 * LW_KUNIT_EXPECT_FINDING() - expect a finding of a kind since the watch began
 * @test: the watched test
 * @kind: the kind (enum lw_kind)
 *
 * Counts findings of @kind raised in any context since lw_kunit_init() or
 * the first lw_kunit_expect() of @test; a KUnit expectation on the count.
 */
#define LW_KUNIT_EXPECT_FINDING(test, kind)					\
	do {									\
		struct kunit *_lw_test = (test);				\
		enum lw_kind _lw_kind = (kind);					\
										\
		KUNIT_EXPECT_GT_MSG(_lw_test, lw_kunit_count(_lw_test, _lw_kind), 0U, \
				    "no lockwarden finding of kind \"%s\"",	\
				    lw_kind_name(_lw_kind));			\
	} while (0)

/**
 * LW_KUNIT_EXPECT_FINDINGS() - expect an exact number of findings of a kind
 * @test: the watched test
 * @kind: the kind (enum lw_kind)
 * @n: occurrences expected, repeats of one stored finding included
 */
#define LW_KUNIT_EXPECT_FINDINGS(test, kind, n)					\
	do {									\
		struct kunit *_lw_test = (test);				\
		enum lw_kind _lw_kind = (kind);					\
										\
		KUNIT_EXPECT_EQ_MSG(_lw_test, lw_kunit_count(_lw_test, _lw_kind), \
				    (unsigned int)(n),				\
				    "lockwarden findings of kind \"%s\"",	\
				    lw_kind_name(_lw_kind));			\
	} while (0)

/**
 * LW_KUNIT_EXPECT_NO_OTHER() - expect no finding of a kind not declared
 * @test: the watched test
 *
 * Covers every context since the watch began: the findings the test's own
 * task raised (which failed it already) and those raised elsewhere.
 */
#define LW_KUNIT_EXPECT_NO_OTHER(test)						\
	do {									\
		struct kunit *_lw_test = (test);				\
										\
		KUNIT_EXPECT_EQ_MSG(_lw_test, lw_kunit_count_other(_lw_test), 0U, \
				    "lockwarden findings of kinds this test did not expect"); \
	} while (0)

#else /* !CONFIG_LOCKWARDEN || !LW_HAVE_KUNIT */

/* Why a test that expects a finding is skipped. */
#if IS_ENABLED(CONFIG_LOCKWARDEN)
#define __LW_KUNIT_UNCHECKED	"lockwarden needs KUnit built in (CONFIG_KUNIT=y) to check findings"
#else
#define __LW_KUNIT_UNCHECKED	"lockwarden is compiled out: no finding can be checked"
#endif

static inline int lw_kunit_init(struct kunit *test)
{
	return 0;
}

static inline void lw_kunit_expect(struct kunit *test, enum lw_kind kind)
{
	kunit_skip(test, __LW_KUNIT_UNCHECKED);
}

static inline unsigned int lw_kunit_count(struct kunit *test, enum lw_kind kind)
{
	return 0;
}

static inline unsigned int lw_kunit_count_other(struct kunit *test)
{
	return 0;
}

static inline const char *lw_kind_name(enum lw_kind kind)
{
	return "?";
}

#define LW_KUNIT_EXPECT_FINDING(test, kind)	kunit_skip(test, __LW_KUNIT_UNCHECKED)
#define LW_KUNIT_EXPECT_FINDINGS(test, kind, n)					\
	do {									\
		if ((n) > 0)							\
			kunit_skip(test, __LW_KUNIT_UNCHECKED);			\
	} while (0)
#define LW_KUNIT_EXPECT_NO_OTHER(test)			do { } while (0)

#endif /* CONFIG_LOCKWARDEN && LW_HAVE_KUNIT */

#endif /* _LOCKWARDEN_KUNIT_H */
