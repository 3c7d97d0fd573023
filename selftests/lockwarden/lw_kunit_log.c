// SPDX-License-Identifier: GPL-2.0
/*
 * lw_kunit_log: a KUnit suite that fails on purpose, for kunit_log_test.sh,
 * which reads its results in debugfs: each failing case raises findings it
 * did not expect, in task context or under a spinlock, and its log must
 * name the first of them, whether or not the raising context could append
 * to the log (from 6.7 it cannot in atomic context, nor on a kernel without
 * preemption); a case that expected its finding must pass with no line.
 * Not part of lockwarden_kunit.ko: a suite that fails on purpose would fail
 * make check's KUnit run.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <lockwarden/kunit.h>
#include <lockwarden/lockwarden.h>

static LW_DEFINE_CLASS(lw_kl_mutex_a, 0);
static LW_DEFINE_CLASS(lw_kl_mutex_b, 0);
static struct lw_class kl_spin_class[] = {
	LW_CLASS_INIT("lw_kl_spin_a", 0),
	LW_CLASS_INIT("lw_kl_spin_b", 0),
	LW_CLASS_INIT("lw_kl_spin_c", 0),
};

static struct lw_mutex kl_ma, kl_mb;
static struct lw_spinlock kl_spin[ARRAY_SIZE(kl_spin_class)];

/* Spinlock @outer then @inner: the inner one taken in atomic context. */
static noinline void lw_kl_spin_nest(unsigned int outer, unsigned int inner)
{
	lw_spin_lock(&kl_spin[outer]);
	lw_spin_lock(&kl_spin[inner]);
	lw_spin_unlock(&kl_spin[inner]);
	lw_spin_unlock(&kl_spin[outer]);
}

static noinline void lw_kl_mutex_nest(struct lw_mutex *outer, struct lw_mutex *inner)
{
	lw_mutex_lock(outer);
	lw_mutex_lock(inner);
	lw_mutex_unlock(inner);
	lw_mutex_unlock(outer);
}

/* A cycle raised in task context, holding a mutex: fails, one line. */
static void lw_kl_task(struct kunit *test)
{
	lw_kl_mutex_nest(&kl_ma, &kl_mb);
	lw_kl_mutex_nest(&kl_mb, &kl_ma);
}

/* A cycle raised under a spinlock (A under B): fails, one line. */
static void lw_kl_atomic(struct kunit *test)
{
	lw_kl_spin_nest(0, 1);
	lw_kl_spin_nest(1, 0);
}

/*
 * Three unexpected findings under spinlocks: A under C, B under C, and
 * lw_kl_atomic's again (a repeat fails a test too). Fails: the first line
 * and a count.
 */
static void lw_kl_three(struct kunit *test)
{
	static const u8 nests[][2] = { { 0, 2 }, { 2, 0 }, { 1, 2 }, { 2, 1 }, { 1, 0 } };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nests); i++)
		lw_kl_spin_nest(nests[i][0], nests[i][1]);
}

/* The cycle of lw_kl_atomic, expected: passes, no line. */
static void lw_kl_expected(struct kunit *test)
{
	lw_kunit_expect(test, LW_KIND_CYCLE);
	lw_kl_spin_nest(1, 0);
}

/*
 * Each case watched, on locks initialised again. The order learned stays:
 * the cycles of lw_kl_three and lw_kl_expected build on what the cases
 * before them learned.
 */
static int lw_kl_init(struct kunit *test)
{
	unsigned int i;

	lw_mutex_init(&kl_ma, &lw_kl_mutex_a);
	lw_mutex_init(&kl_mb, &lw_kl_mutex_b);
	for (i = 0; i < ARRAY_SIZE(kl_spin); i++)
		lw_spin_lock_init(&kl_spin[i], &kl_spin_class[i]);
	return lw_kunit_init(test);
}

static struct kunit_case lw_kl_cases[] = {
	KUNIT_CASE(lw_kl_task),
	KUNIT_CASE(lw_kl_atomic),
	KUNIT_CASE(lw_kl_three),
	KUNIT_CASE(lw_kl_expected),
	{}
};

static struct kunit_suite lw_kl_suite = {
	.name = "lw_kunit_log",
	.init = lw_kl_init,
	.test_cases = lw_kl_cases,
};

kunit_test_suite(lw_kl_suite);

MODULE_DESCRIPTION("lockwarden selftest: a KUnit suite failing on purpose, for its log");
MODULE_LICENSE("GPL");
