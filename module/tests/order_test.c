// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's lock-order checking with lw_mutex: cycles are
 * reported once with both classes and both sites, found again through a
 * shorter path still once; a consistent order and trylock are not reported.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "lw_test.h"

static LW_DEFINE_CLASS(lw_test_class_a, 0);
static LW_DEFINE_CLASS(lw_test_class_b, 0);
static LW_DEFINE_CLASS(lw_test_class_c, 0);
static LW_DEFINE_CLASS(lw_test_rank_low, 1);
static LW_DEFINE_CLASS(lw_test_rank_high, 2);

static struct lw_mutex lock_a, lock_b, lock_c, rank_low, rank_high;

/* ===== Code under test: each sequence in its own function, named in reports ===== */

static noinline void test_kernel_abba_forward(void)
{
	lw_mutex_lock(&lock_a);
	lw_mutex_lock(&lock_b);
	lw_mutex_unlock(&lock_b);
	lw_mutex_unlock(&lock_a);
}

static noinline void test_kernel_abba_reverse(void)
{
	lw_mutex_lock(&lock_b);
	lw_mutex_lock(&lock_a);
	lw_mutex_unlock(&lock_a);
	lw_mutex_unlock(&lock_b);
}

static noinline void test_kernel_nest_abc(void)
{
	lw_mutex_lock(&lock_a);
	lw_mutex_lock(&lock_b);
	lw_mutex_lock(&lock_c);
	lw_mutex_unlock(&lock_c);
	lw_mutex_unlock(&lock_b);
	lw_mutex_unlock(&lock_a);
}

static noinline void test_kernel_take_c_then_a(void)
{
	lw_mutex_lock(&lock_c);
	lw_mutex_lock(&lock_a);
	lw_mutex_unlock(&lock_a);
	lw_mutex_unlock(&lock_c);
}

static noinline int test_kernel_trylock_reverse(void)
{
	int got;

	lw_mutex_lock(&lock_b);
	got = lw_mutex_trylock(&lock_a);
	if (got)
		lw_mutex_unlock(&lock_a);
	lw_mutex_unlock(&lock_b);
	return got;
}

/* ===== Helpers ===== */

/* ===== Test cases ===== */

static void test_abba_reports_one_cycle(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	test_kernel_abba_forward();
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	test_kernel_abba_reverse();
	KUNIT_ASSERT_EQ(test, lockwarden_findings_count(), 1U);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 1U);
	KUNIT_EXPECT_EQ(test, f->nr, 2U);
	KUNIT_EXPECT_EQ(test, f->count, 1U);
	/* Taking A while holding B, against the learned A -> B. */
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_test_class_b");
	KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_test_class_a");
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_kernel_abba_reverse"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], "test_kernel_abba_forward"));

	/* The same inversion again is counted, not stored twice. */
	test_kernel_abba_reverse();
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 1U);
	KUNIT_EXPECT_EQ(test, f->count, 2U);
	/* KUnit saw both occurrences, and nothing else. */
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_CYCLE, 2);
	LW_KUNIT_EXPECT_NO_OTHER(test);
}

static void test_consistent_order_no_finding(struct kunit *test)
{
	int i;

	for (i = 0; i < 100; i++) {
		test_kernel_abba_forward();
		test_kernel_nest_abc();
	}
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&lock_a.lock));
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&lock_c.lock));
}

static void test_trylock_reverse_no_finding(struct kunit *test)
{
	lw_kunit_expect(test, LW_KIND_CYCLE);
	test_kernel_abba_forward();
	KUNIT_EXPECT_EQ(test, test_kernel_trylock_reverse(), 1);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_CYCLE, 0);

	/* Checking is on: the same reverse order by blocking lock is reported. */
	test_kernel_abba_reverse();
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, NULL), 1U);
}

/*
 * An order taken again and again, its later acquisitions from the lock's
 * memo of its chain (checks/fast.h), is learned again after a reset: the
 * memo of before vouches for nothing after it.
 */
static void test_reset_relearns_repeated_order(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);
	int i;

	for (i = 0; i < 3; i++)
		test_kernel_abba_forward();
	lockwarden_reset();
	test_kernel_abba_forward();
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	test_kernel_abba_reverse();
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_test_class_b");
	KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_test_class_a");
}

static void test_longer_cycle_reported(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	test_kernel_nest_abc();		/* learns A -> B -> C */
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	test_kernel_take_c_then_a();	/* C -> A closes A -> B -> C -> A */
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 1U);
	KUNIT_EXPECT_EQ(test, f->nr, 3U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_test_class_c");
	KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_test_class_a");
	KUNIT_EXPECT_STREQ(test, f->cls[2], "lw_test_class_b");
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/*
 * The same acquisition closing a cycle again, through a shorter path of the
 * order learned since, is the same finding: counted, not stored twice, and
 * it keeps the path found first. The same classes taken at another site is
 * another finding.
 */
static void test_shorter_cycle_same_finding(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	test_kernel_nest_abc();		/* learns A -> B -> C */
	test_kernel_take_c_then_a();	/* closes A -> B -> C -> A */
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 1U);
	KUNIT_EXPECT_EQ(test, f->nr, 3U);

	lw_test_mutex_nest(&lock_a, &lock_c);	/* learns A -> C */
	test_kernel_take_c_then_a();	/* now closes A -> C -> A too */
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 1U);
	KUNIT_EXPECT_EQ(test, f->count, 2U);
	KUNIT_EXPECT_EQ(test, f->nr, 3U);
	KUNIT_EXPECT_STREQ(test, f->cls[2], "lw_test_class_b");
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_kernel_take_c_then_a"));

	lw_mutex_lock(&lock_c);		/* the same classes, another site */
	lw_mutex_lock(&lock_a);
	lw_mutex_unlock(&lock_a);
	lw_mutex_unlock(&lock_c);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 2U);
	KUNIT_EXPECT_EQ(test, f->nr, 2U);
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_shorter_cycle_same_finding"));
}

static void test_rank_violation_first_time(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_RANK);

	/* Ascending ranks: nothing to report. */
	lw_test_mutex_nest(&rank_low, &rank_high);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lockwarden_reset();
	/* Descending, before any cycle could exist: a rank finding only. */
	lw_test_mutex_nest(&rank_high, &rank_low);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_RANK, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_test_rank_low");
	KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_test_rank_high");
	KUNIT_EXPECT_EQ(test, f->detail.rank.rank, 1);
	KUNIT_EXPECT_EQ(test, f->detail.rank.held_rank, 2);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, NULL), 0U);
}

static void test_unlock_not_held(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_UNLOCK_NOT_HELD);

	lw_mutex_lock(&lock_a);
	lw_mutex_unlock(&lock_a);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lw_mutex_unlock(&lock_a);	/* not held: reported, not performed */
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_UNLOCK_NOT_HELD, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_test_class_a");
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_unlock_not_held"));
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&lock_a.lock));

	/* The lock still works afterwards. */
	KUNIT_EXPECT_EQ(test, lw_mutex_trylock(&lock_a), 1);
	lw_mutex_unlock(&lock_a);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

static int lw_order_test_init(struct kunit *test)
{
	lw_mutex_init(&lock_a, &lw_test_class_a);
	lw_mutex_init(&lock_b, &lw_test_class_b);
	lw_mutex_init(&lock_c, &lw_test_class_c);
	lw_mutex_init(&rank_low, &lw_test_rank_low);
	lw_mutex_init(&rank_high, &lw_test_rank_high);
	return lw_test_init(test);
}

static struct kunit_case lw_order_test_cases[] = {
	KUNIT_CASE(test_abba_reports_one_cycle),
	KUNIT_CASE(test_consistent_order_no_finding),
	KUNIT_CASE(test_trylock_reverse_no_finding),
	KUNIT_CASE(test_reset_relearns_repeated_order),
	KUNIT_CASE(test_longer_cycle_reported),
	KUNIT_CASE(test_shorter_cycle_same_finding),
	KUNIT_CASE(test_rank_violation_first_time),
	KUNIT_CASE(test_unlock_not_held),
	{}
};

LW_TEST_SUITE(lockwarden_order, lw_order_test_init, lw_test_exit, lw_order_test_cases);

MODULE_DESCRIPTION("KUnit tests of lockwarden's lock-order checking");
MODULE_LICENSE("GPL");
