// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of the nesting variants beyond lw_mutex_lock_nested():
 * lw_spin_lock_nested(), lw_spin_lock_irqsave_nested(),
 * lw_write_lock_nested(), lw_down_read_nested() and lw_down_write_nested().
 * For each, two locks of one class nest without a finding when the inner
 * one says its subclass, are recursive locking when it does not, and close
 * a cycle when the subclasses are taken inverted.
 * The locks are distinct instances, so nothing deadlocks for real.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "lw_test.h"

/* ===== Variants under test ===== */

/*
 * One class per variant: lockdep (on the debug kernel) keys its classes by
 * the lw_class, and one key must not name locks of different types.
 */
static LW_DEFINE_CLASS(lw_nest_spin, 0);
static LW_DEFINE_CLASS(lw_nest_spin_irqsave, 0);
static LW_DEFINE_CLASS(lw_nest_write, 0);
static LW_DEFINE_CLASS(lw_nest_rwsem_read, 0);
static LW_DEFINE_CLASS(lw_nest_rwsem_write, 0);

struct lw_nest_variant {
	enum lw_test_type type;
	const char *name;
	struct lw_class *class;
};

static const struct lw_nest_variant lw_nest_variants[] = {
	{ T_SPIN, "spin_lock_nested", &lw_nest_spin },
	{ T_SPIN_IRQSAVE, "spin_lock_irqsave_nested", &lw_nest_spin_irqsave },
	{ T_WRITE, "write_lock_nested", &lw_nest_write },
	{ T_RWSEM_READ, "down_read_nested", &lw_nest_rwsem_read },
	{ T_RWSEM_WRITE, "down_write_nested", &lw_nest_rwsem_write },
};

LW_TEST_CASES_PARAM(lw_nest_variant, lw_nest_variants);

/* The two locks of one class: A and B. */
#define LW_NEST_A	0
#define LW_NEST_B	1

static union lw_test_lock nest_locks[2];
static unsigned long nest_flags[2];

static void test_kernel_init(const struct lw_nest_variant *v)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nest_locks); i++)
		lw_test_lock_init(v->type, &nest_locks[i], v->class);
}

/* Lock @i with the plain sibling of the variant: subclass 0, unannotated. */
static noinline void test_kernel_lock(const struct lw_nest_variant *v, int i)
{
	lw_test_lock(v->type, &nest_locks[i], &nest_flags[i]);
}

/* Lock @i with the variant under test, at @subclass. */
static noinline void test_kernel_lock_nested(const struct lw_nest_variant *v, int i,
					     unsigned int subclass)
	__lw_no_tsa
{
	union lw_test_lock *l = &nest_locks[i];

	switch (v->type) {
	case T_SPIN:
		lw_spin_lock_nested(&l->s, subclass);
		break;
	case T_SPIN_IRQSAVE:
		lw_spin_lock_irqsave_nested(&l->s, nest_flags[i], subclass);
		break;
	case T_WRITE:
		lw_write_lock_nested(&l->r, subclass);
		break;
	case T_RWSEM_READ:
		lw_down_read_nested(&l->w, subclass);
		break;
	case T_RWSEM_WRITE:
		lw_down_write_nested(&l->w, subclass);
		break;
	default:
		break;
	}
}

static noinline void test_kernel_unlock(const struct lw_nest_variant *v, int i)
{
	lw_test_unlock(v->type, &nest_locks[i], nest_flags[i]);
}

/* Instead of a subclass: take the plain sibling, unannotated. */
#define LW_NEST_PLAIN	UINT_MAX

/* Lock @i at @subclass with the variant, or with its plain sibling. */
static void test_kernel_take(const struct lw_nest_variant *v, int i, unsigned int subclass)
{
	if (subclass == LW_NEST_PLAIN)
		test_kernel_lock(v, i);
	else
		test_kernel_lock_nested(v, i, subclass);
}

/* Take @outer at @osub, then @inner at @isub; release both. */
static void test_kernel_nest(const struct lw_nest_variant *v, int outer, unsigned int osub,
			     int inner, unsigned int isub)
{
	test_kernel_take(v, outer, osub);
	test_kernel_take(v, inner, isub);
	test_kernel_unlock(v, inner);
	test_kernel_unlock(v, outer);
}

/* ===== Test cases ===== */

/* Outer then inner at SINGLE_DEPTH_NESTING: no finding, either lock outer. */
static void test_nested_no_finding(struct kunit *test)
{
	const struct lw_nest_variant *v = test->param_value;

	test_kernel_init(v);
	test_kernel_nest(v, LW_NEST_A, LW_NEST_PLAIN, LW_NEST_B, SINGLE_DEPTH_NESTING);
	test_kernel_nest(v, LW_NEST_B, LW_NEST_PLAIN, LW_NEST_A, SINGLE_DEPTH_NESTING);

	/* The outer one taken by the variant at subclass 0: the same. */
	test_kernel_nest(v, LW_NEST_A, 0, LW_NEST_B, SINGLE_DEPTH_NESTING);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_AA, NULL), 0U);
}

/* The inner lock without its subclass: recursive locking of the class. */
static void test_unannotated_is_recursion(struct kunit *test)
{
	const struct lw_nest_variant *v = test->param_value;
	struct lw_finding *f = lw_test_begin(test, LW_KIND_AA);

	test_kernel_init(v);
	test_kernel_nest(v, LW_NEST_A, LW_NEST_PLAIN, LW_NEST_B, LW_NEST_PLAIN);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_AA, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], v->class->name);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);

	/* The variant at subclass 0 is the plain lock: recursion too. */
	lockwarden_reset();
	test_kernel_nest(v, LW_NEST_A, LW_NEST_PLAIN, LW_NEST_B, 0);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_AA, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], v->class->name);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/*
 * Subclass 0 then 1, learned; then 1 held while 0 is taken: the two levels
 * of the class form a cycle. Which instance is at which level does not
 * matter: B at 0 then A at 1 is the order learned, not an inversion.
 */
static void test_inverted_nesting_is_cycle(struct kunit *test)
{
	const struct lw_nest_variant *v = test->param_value;
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);
	char inner[LW_NAME_LEN];

	snprintf(inner, sizeof(inner), "%s/%u", v->class->name, SINGLE_DEPTH_NESTING);
	test_kernel_init(v);
	test_kernel_nest(v, LW_NEST_A, LW_NEST_PLAIN, LW_NEST_B, SINGLE_DEPTH_NESTING);
	test_kernel_nest(v, LW_NEST_B, 0, LW_NEST_A, SINGLE_DEPTH_NESTING);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	/* B at subclass 1 held, A taken at subclass 0. */
	test_kernel_nest(v, LW_NEST_B, SINGLE_DEPTH_NESTING, LW_NEST_A, 0);

	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 1U);
	KUNIT_EXPECT_EQ(test, f->nr, 2U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], inner);
	KUNIT_EXPECT_STREQ(test, f->cls[1], v->class->name);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_AA, NULL), 0U);
}

static struct kunit_case lw_nested_test_cases[] = {
	KUNIT_CASE_PARAM(test_nested_no_finding, lw_nest_variant_gen_params),
	KUNIT_CASE_PARAM(test_unannotated_is_recursion, lw_nest_variant_gen_params),
	KUNIT_CASE_PARAM(test_inverted_nesting_is_cycle, lw_nest_variant_gen_params),
	{}
};

LW_TEST_SUITE(lockwarden_nested, lw_test_init, lw_test_exit, lw_nested_test_cases);
