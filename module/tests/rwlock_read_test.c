// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's rules for rwlock_t readers, which are lockdep's:
 * a queued rwlock's reader waits behind a waiting writer, so in task context
 * it is an ordinary (non-recursive) read, while in interrupt context or with
 * bottom halves off it may recurse, and a recursive read adds no order of
 * its own. Each case runs in both contexts: what one reports, the other
 * must not.
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>

#include "lw_test.h"

static LW_DEFINE_CLASS(lw_rr_class, 0);
static LW_DEFINE_CLASS(lw_rr_x, 0);
static LW_DEFINE_CLASS(lw_rr_y, 0);
static struct lw_rwlock rr1, rr2, rrx, rry;

/* The contexts a case runs in: task context, or with bottom halves off. */
struct lw_rr_param {
	const char *name;
	bool bh_off;		/* readers may recurse */
};

static const struct lw_rr_param lw_rr_params[] = {
	{ .name = "task", .bh_off = false },
	{ .name = "bh_off", .bh_off = true },
};

static void lw_rr_desc(const struct lw_rr_param *p, char *desc)
{
	strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(lw_rr, lw_rr_params, lw_rr_desc);

static void lw_rr_enter(const struct lw_rr_param *p)
{
	if (p->bh_off)
		local_bh_disable();
}

static void lw_rr_leave(const struct lw_rr_param *p)
{
	if (p->bh_off)
		local_bh_enable();
}

static void lw_rr_init(void)
{
	lw_rwlock_init(&rr1, &lw_rr_class);
	lw_rwlock_init(&rr2, &lw_rr_class);
	lw_rwlock_init(&rrx, &lw_rr_x);
	lw_rwlock_init(&rry, &lw_rr_y);
}

/* Two read holds of one class: recursive locking only where readers wait. */
static void test_read_after_read(struct kunit *test)
{
	const struct lw_rr_param *p = test->param_value;
	struct lw_finding *f = lw_test_begin(test, p->bh_off ? LW_NONE : LW_KIND_AA);

	lw_rr_init();
	lw_rr_enter(p);
	lw_read_lock(&rr1);
	lw_read_lock(&rr2);
	lw_read_unlock(&rr2);
	lw_read_unlock(&rr1);
	lw_rr_leave(p);

	if (p->bh_off) {
		KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
		return;
	}
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_AA, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_rr_class");
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/* Read X, read Y; then read Y, read X: a cycle only where readers wait. */
static void test_read_abba(struct kunit *test)
{
	const struct lw_rr_param *p = test->param_value;
	struct lw_finding *f = lw_test_begin(test, p->bh_off ? LW_NONE : LW_KIND_CYCLE);

	lw_rr_init();
	lw_rr_enter(p);
	lw_read_lock(&rrx);
	lw_read_lock(&rry);
	lw_read_unlock(&rry);
	lw_read_unlock(&rrx);
	lw_read_lock(&rry);
	lw_read_lock(&rrx);
	lw_read_unlock(&rrx);
	lw_read_unlock(&rry);
	lw_rr_leave(p);

	if (p->bh_off) {
		KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
		return;
	}
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 1U);
	KUNIT_EXPECT_EQ(test, f->nr, 2U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/*
 * Y written, then X written under it; later X written, then Y read under
 * it. Even a recursive reader waits for the writer of Y, who waits for X:
 * a cycle in both contexts.
 */
static void test_read_closes_write_cycle(struct kunit *test)
{
	const struct lw_rr_param *p = test->param_value;
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	lw_rr_init();
	lw_rr_enter(p);
	lw_write_lock(&rry);
	lw_write_lock(&rrx);
	lw_write_unlock(&rrx);
	lw_write_unlock(&rry);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	lw_write_lock(&rrx);
	lw_read_lock(&rry);
	lw_read_unlock(&rry);
	lw_write_unlock(&rrx);
	lw_rr_leave(p);

	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 1U);
	KUNIT_EXPECT_EQ(test, f->nr, 2U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/*
 * Y read (in task context, so it waits), then X written under it; later X
 * written, then Y read under it. The second reader waits for no one where
 * readers recurse: no deadlock, while in task context it waits behind a
 * queued writer and the cycle is real.
 */
static void test_read_under_read_dependency(struct kunit *test)
{
	const struct lw_rr_param *p = test->param_value;
	struct lw_finding *f = lw_test_begin(test, p->bh_off ? LW_NONE : LW_KIND_CYCLE);

	lw_rr_init();
	lw_read_lock(&rry);
	lw_write_lock(&rrx);
	lw_write_unlock(&rrx);
	lw_read_unlock(&rry);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	lw_rr_enter(p);
	lw_write_lock(&rrx);
	lw_read_lock(&rry);
	lw_read_unlock(&rry);
	lw_write_unlock(&rrx);
	lw_rr_leave(p);

	if (p->bh_off) {
		KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
		return;
	}
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

static struct kunit_case lw_rr_test_cases[] = {
	KUNIT_CASE_PARAM(test_read_after_read, lw_rr_gen_params),
	KUNIT_CASE_PARAM(test_read_abba, lw_rr_gen_params),
	KUNIT_CASE_PARAM(test_read_closes_write_cycle, lw_rr_gen_params),
	KUNIT_CASE_PARAM(test_read_under_read_dependency, lw_rr_gen_params),
	{}
};

LW_TEST_SUITE(lockwarden_rwlock_read, lw_test_init, lw_test_exit, lw_rr_test_cases);
