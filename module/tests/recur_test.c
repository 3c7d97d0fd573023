// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's recurring findings (checks/recur.c): a
 * finding that recurs, the same acquisition again and again, is counted
 * exactly and, from its first recurrence on, without the engine lock; a
 * reset, a filter or checking switched off and on make the next one go
 * through the checks again, and never count it for another finding.
 *
 * Runs after trust_test.c: it switches checking off and on too.
 */
#include <kunit/test.h>
#include <linux/rcupdate.h>

#include "lw_test.h"

static LW_DEFINE_CLASS(lw_recur_a, 0);
static LW_DEFINE_CLASS(lw_recur_b, 0);
static LW_DEFINE_CLASS(lw_recur_c, 0);
static LW_DEFINE_CLASS(lw_recur_rank_low, 1);
static LW_DEFINE_CLASS(lw_recur_rank_high, 2);

static union lw_test_lock recur_a, recur_b, recur_c;
static struct lw_mutex recur_low, recur_high;

/* The lock type of the case, set by its parameter. */
static enum lw_test_type recur_type;

/* ===== Code under test: each sequence in its own function, named in reports ===== */

/*
 * Take @outer, then @inner, and release both: inlined, so that the sites
 * are those of the function it is inlined into.
 */
static __always_inline void lw_recur_nest(union lw_test_lock *outer, union lw_test_lock *inner)
{
	unsigned long fo, fi;

	__lw_test_lock(recur_type, outer, &fo);
	__lw_test_lock(recur_type, inner, &fi);
	__lw_test_unlock(recur_type, inner, fi);
	__lw_test_unlock(recur_type, outer, fo);
}

/* Take @outer, then @inner, at the sites of this function. */
static noinline void test_kernel_nest(union lw_test_lock *outer, union lw_test_lock *inner)
{
	lw_recur_nest(outer, inner);
}

/*
 * B, then A, @n times at the same sites: against A -> B, a cycle each time.
 * Callers hide a constant @n (lw_recur_n()), so that no copy of this
 * function specialised for it takes other sites. __noipa: gcc would fold
 * it and test_kernel_ba_elsewhere(), of the same body, into one function
 * (-fipa-icf), one site for both; clang does not (__noipa is empty there).
 */
static noinline __noipa void test_kernel_ba(unsigned int n)
{
	while (n--)
		lw_recur_nest(&recur_b, &recur_a);
}

/* The same, at sites of its own: another finding. */
static noinline __noipa void test_kernel_ba_elsewhere(unsigned int n)
{
	while (n--)
		lw_recur_nest(&recur_b, &recur_a);
}

/* test_kernel_ba() under C: another chain, the same finding. */
static noinline void test_kernel_ba_under_c(unsigned int n)
{
	unsigned long fc;

	__lw_test_lock(recur_type, &recur_c, &fc);
	test_kernel_ba(n);
	__lw_test_unlock(recur_type, &recur_c, fc);
}

/* The lower rank under the higher, @n times at the same sites. */
static noinline void test_kernel_rank_inverted(unsigned int n)
{
	while (n--) {
		lw_mutex_lock(&recur_high);
		lw_mutex_lock(&recur_low);
		lw_mutex_unlock(&recur_low);
		lw_mutex_unlock(&recur_high);
	}
}

/* ===== Helpers ===== */

/* @n, which the compiler may not propagate into the callee as a constant. */
static unsigned int lw_recur_n(unsigned int n)
{
	OPTIMIZER_HIDE_VAR(n);
	return n;
}

/* A lock type, and how many times the finding recurs. */
struct lw_recur_param {
	enum lw_test_type type;
	unsigned int recurrences;
	const char *name;
};

static const struct lw_recur_param lw_recur_params[] = {
	{ T_MUTEX, 1, "mutex, 1 recurrence" },
	{ T_MUTEX, 2, "mutex, 2 recurrences" },
	{ T_MUTEX, 1000, "mutex, 1000 recurrences" },
	{ T_SPIN, 1000, "spinlock, 1000 recurrences" },
	{ T_SPIN_IRQ, 100, "spinlock_irq, 100 recurrences" },
	{ T_RWSEM_WRITE, 100, "rwsem write, 100 recurrences" },
};

LW_TEST_CASES_PARAM(lw_recur, lw_recur_params);

/* The case's parameter; its lock type in use. */
static const struct lw_recur_param *lw_recur_begin(struct kunit *test)
{
	const struct lw_recur_param *p = test->param_value;

	recur_type = p->type;
	lw_test_lock_init(p->type, &recur_a, &lw_recur_a);
	lw_test_lock_init(p->type, &recur_b, &lw_recur_b);
	lw_test_lock_init(p->type, &recur_c, &lw_recur_c);
	return p;
}

/* The stored cycle finding whose first site is in @func: its copy in @f. */
static bool lw_recur_find(const char *func, struct lw_finding *f)
{
	u32 i;

	for (i = 0; lockwarden_finding_get(i, f); i++)
		if (f->kind == LW_KIND_CYCLE && strstr(f->site[0], func))
			return true;
	return false;
}

static unsigned long lw_recur_fast_stat(void)
{
	return lockwarden_stat_read(LW_STAT_RECUR_FAST);
}

static unsigned long lw_recur_slow_stat(void)
{
	return lockwarden_stat_read(LW_STAT_ACQUIRED);
}

/*
 * Learn A -> B and close the cycle once, at test_kernel_ba()'s sites: the
 * first occurrence, raised under the engine lock.
 */
static void lw_recur_first(struct kunit *test, struct lw_finding *f)
{
	test_kernel_nest(&recur_a, &recur_b);
	test_kernel_ba(lw_recur_n(1));
	KUNIT_ASSERT_TRUE(test, lw_recur_find("test_kernel_ba+", f));
	KUNIT_EXPECT_EQ(test, f->count, 1U);
}

/* ===== Test cases ===== */

/*
 * N recurrences after the first: one finding, counted N + 1 times, every
 * recurrence on the fast path (no acquisition on the slow path at all),
 * and every one told to KUnit; no other finding.
 */
static void test_recurring_cycle_counted_exactly(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);
	const struct lw_recur_param *p = lw_recur_begin(test);
	unsigned long fast, slow;

	lw_recur_first(test, f);
	fast = lw_recur_fast_stat();
	slow = lw_recur_slow_stat();
	test_kernel_ba(p->recurrences);
	KUNIT_EXPECT_EQ(test, lw_recur_fast_stat() - fast, (unsigned long)p->recurrences);
	KUNIT_EXPECT_EQ(test, lw_recur_slow_stat() - slow, 0UL);

	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
	KUNIT_ASSERT_TRUE(test, lw_recur_find("test_kernel_ba+", f));
	KUNIT_EXPECT_EQ(test, f->count, p->recurrences + 1);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_recur_b");
	KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_recur_a");
	KUNIT_EXPECT_GE(test, f->last_ns, f->first_ns);
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_CYCLE, p->recurrences + 1);
	LW_KUNIT_EXPECT_NO_OTHER(test);
}

/*
 * After a reset the same chain is a new finding, counted from 1 under the
 * engine lock: the known finding of before is not counted, nor the new
 * one counted for it. Its recurrences take the fast path again.
 */
static void test_reset_gives_fresh_finding(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);
	const struct lw_recur_param *p = lw_recur_begin(test);
	unsigned long fast;
	u32 serial;

	lw_recur_first(test, f);
	test_kernel_ba(p->recurrences);
	serial = f->serial;
	lockwarden_reset();
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	fast = lw_recur_fast_stat();
	lw_recur_first(test, f);
	KUNIT_EXPECT_EQ(test, lw_recur_fast_stat() - fast, 0UL);
	KUNIT_EXPECT_EQ(test, f->serial, serial);	/* serials start again */
	test_kernel_ba(p->recurrences);
	KUNIT_EXPECT_EQ(test, lw_recur_fast_stat() - fast, (unsigned long)p->recurrences);
	KUNIT_ASSERT_TRUE(test, lw_recur_find("test_kernel_ba+", f));
	KUNIT_EXPECT_EQ(test, f->count, p->recurrences + 1);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/*
 * Two sites are two findings, each counted on its own; one finding reached
 * by two chains (with and without C held) counts the recurrences of both.
 */
static void test_different_chains_counted_apart(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);
	const struct lw_recur_param *p = lw_recur_begin(test);
	unsigned int n = p->recurrences;
	unsigned long fast;

	lw_recur_first(test, f);
	fast = lw_recur_fast_stat();
	test_kernel_ba_elsewhere(n + 1);
	test_kernel_ba(n);
	test_kernel_ba_under_c(n + 1);
	/* Each chain's first time is checked under the engine lock. */
	KUNIT_EXPECT_EQ(test, lw_recur_fast_stat() - fast, (unsigned long)(3 * n));

	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 2U);
	KUNIT_ASSERT_TRUE(test, lw_recur_find("test_kernel_ba_elsewhere", f));
	KUNIT_EXPECT_EQ(test, f->count, n + 1);
	KUNIT_ASSERT_TRUE(test, lw_recur_find("test_kernel_ba+", f));
	KUNIT_EXPECT_EQ(test, f->count, 1 + n + n + 1);
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_CYCLE, 1 + (n + 1) + n + (n + 1));
}

/*
 * The same lock at two sites in turn, under the same chain: at every
 * acquisition the lock's memo holds the other site's known-finding slot
 * (checks/recur.c), a hint that must never count one site's recurrence
 * for the other's finding. Each counts its own, on the fast path.
 */
static void test_alternating_sites_counted_apart(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);
	const struct lw_recur_param *p = lw_recur_begin(test);
	unsigned int i, n = p->recurrences;
	unsigned long fast;

	lw_recur_first(test, f);
	/* The other site's first time, under the engine lock. */
	test_kernel_ba_elsewhere(lw_recur_n(1));
	fast = lw_recur_fast_stat();
	for (i = 0; i < n; i++) {
		test_kernel_ba(lw_recur_n(1));
		test_kernel_ba_elsewhere(lw_recur_n(1));
	}
	KUNIT_EXPECT_EQ(test, lw_recur_fast_stat() - fast, 2UL * n);

	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 2U);
	KUNIT_ASSERT_TRUE(test, lw_recur_find("test_kernel_ba_elsewhere", f));
	KUNIT_EXPECT_EQ(test, f->count, n + 1);
	KUNIT_ASSERT_TRUE(test, lw_recur_find("test_kernel_ba+", f));
	KUNIT_EXPECT_EQ(test, f->count, n + 1);
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_CYCLE, 2 * (n + 1));
}

/*
 * A filter added after the finding was first seen hides its recurrences:
 * none is counted, on either path; one filtered from the start is never
 * stored. Removed, the recurrences count again.
 */
static void test_filtered_stays_filtered(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);
	const struct lw_recur_param *p = lw_recur_begin(test);
	unsigned long fast, filtered;

	lw_recur_first(test, f);
	KUNIT_ASSERT_EQ(test, lockwarden_control("filter=lw_recur_a"), 0);
	fast = lw_recur_fast_stat();
	filtered = lockwarden_stat_read(LW_STAT_FILTERED);
	test_kernel_ba(p->recurrences);
	test_kernel_ba_elsewhere(p->recurrences);
	KUNIT_EXPECT_EQ(test, lw_recur_fast_stat() - fast, 0UL);
	KUNIT_EXPECT_EQ(test, lockwarden_stat_read(LW_STAT_FILTERED) - filtered,
			2UL * p->recurrences);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
	KUNIT_ASSERT_TRUE(test, lw_recur_find("test_kernel_ba+", f));
	KUNIT_EXPECT_EQ(test, f->count, 1U);
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_CYCLE, 1);

	KUNIT_ASSERT_EQ(test, lockwarden_control("unfilter=lw_recur_a"), 0);
	test_kernel_ba(p->recurrences);
	KUNIT_ASSERT_TRUE(test, lw_recur_find("test_kernel_ba+", f));
	KUNIT_EXPECT_EQ(test, f->count, p->recurrences + 1);
}

/*
 * Checking switched off and on: the finding stays and its count goes on,
 * exactly; the first recurrence after is checked under the engine lock.
 */
static void test_off_on_checks_again(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);
	const struct lw_recur_param *p = lw_recur_begin(test);
	unsigned long fast;

	lw_recur_first(test, f);
	test_kernel_ba(p->recurrences);
	KUNIT_ASSERT_EQ(test, lockwarden_control("off"), 0);
	test_kernel_ba(lw_recur_n(1));	/* not checked, not counted */
	KUNIT_ASSERT_EQ(test, lockwarden_control("on"), 0);
	/* "on" waits a bounded time for checking to be fully on: make sure. */
	synchronize_rcu();
	fast = lw_recur_fast_stat();
	test_kernel_ba(p->recurrences + 1);
	KUNIT_EXPECT_EQ(test, lw_recur_fast_stat() - fast, (unsigned long)p->recurrences);
	KUNIT_ASSERT_TRUE(test, lw_recur_find("test_kernel_ba+", f));
	KUNIT_EXPECT_EQ(test, f->count, 2 * p->recurrences + 2);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/*
 * A rank violation recurs too; its first occurrence also learns the order
 * high -> low, so the first recurrence is checked under the engine lock
 * (and remembered) and only the later ones take the fast path.
 */
static void test_recurring_rank_violation(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_RANK);
	unsigned long fast, slow;

	lw_mutex_init(&recur_low, &lw_recur_rank_low);
	lw_mutex_init(&recur_high, &lw_recur_rank_high);
	test_kernel_rank_inverted(lw_recur_n(1));
	fast = lw_recur_fast_stat();
	slow = lw_recur_slow_stat();
	test_kernel_rank_inverted(lw_recur_n(100));
	KUNIT_EXPECT_EQ(test, lw_recur_fast_stat() - fast, 99UL);
	KUNIT_EXPECT_EQ(test, lw_recur_slow_stat() - slow, 1UL);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_RANK, f), 1U);
	KUNIT_EXPECT_EQ(test, f->count, 101U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_RANK, 101);
	LW_KUNIT_EXPECT_NO_OTHER(test);
}

static struct kunit_case lw_recur_cases[] = {
	KUNIT_CASE_PARAM(test_recurring_cycle_counted_exactly, lw_recur_gen_params),
	KUNIT_CASE_PARAM(test_reset_gives_fresh_finding, lw_recur_gen_params),
	KUNIT_CASE_PARAM(test_different_chains_counted_apart, lw_recur_gen_params),
	KUNIT_CASE_PARAM(test_alternating_sites_counted_apart, lw_recur_gen_params),
	KUNIT_CASE_PARAM(test_filtered_stays_filtered, lw_recur_gen_params),
	KUNIT_CASE_PARAM(test_off_on_checks_again, lw_recur_gen_params),
	KUNIT_CASE(test_recurring_rank_violation),
	{}
};

LW_TEST_SUITE(lockwarden_recur, lw_test_init, lw_test_exit, lw_recur_cases);
