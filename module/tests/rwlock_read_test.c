// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's rules for rwlock_t readers, which are lockdep's:
 * a queued rwlock's reader waits behind a waiting writer, so in task context
 * it is an ordinary (non-recursive) read, while in interrupt context or with
 * bottom halves off it may recurse, and a recursive read's order counts only
 * when the class it read is left while held exclusively (lockdep's strong
 * paths). Each case runs in both contexts: what one reports, the other must
 * not. Where rwlocks are not queued (PREEMPT_RT) a reader may recurse in
 * either: those cases report nothing there.
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>

#include "lw_test.h"

static LW_DEFINE_CLASS(lw_rr_class, 0);
static LW_DEFINE_CLASS(lw_rr_x, 0);
static LW_DEFINE_CLASS(lw_rr_y, 0);
static LW_DEFINE_CLASS(lw_rr_z, 0);
static union lw_test_lock rr1, rr2, rrx, rry, rrz;

/* The contexts a case runs in: task context, or with bottom halves off. */
struct lw_rr_param {
	const char *name;
	bool bh_off;		/* readers may recurse */
};

static const struct lw_rr_param lw_rr_params[] = {
	{ .name = "task", .bh_off = false },
	{ .name = "bh_off", .bh_off = true },
};

LW_TEST_CASES_PARAM(lw_rr, lw_rr_params);

/* Enter the context of the running case's parameter. */
static void lw_rr_enter(struct kunit *test)
{
	const struct lw_rr_param *p = test->param_value;

	if (p->bh_off)
		local_bh_disable();
}

static void lw_rr_leave(struct kunit *test)
{
	const struct lw_rr_param *p = test->param_value;

	if (p->bh_off)
		local_bh_enable();
}

/* What the running case raises: @kind where readers wait, else nothing. */
static enum lw_kind lw_rr_kind(struct kunit *test, enum lw_kind kind)
{
	const struct lw_rr_param *p = test->param_value;

	return p->bh_off || !IS_ENABLED(CONFIG_QUEUED_RWLOCKS) ? LW_NONE : kind;
}

/* Suite init: every case starts with fresh locks. */
static int lw_rr_test_init(struct kunit *test)
{
	lw_rwlock_init(&rr1.r, &lw_rr_class);
	lw_rwlock_init(&rr2.r, &lw_rr_class);
	lw_rwlock_init(&rrx.r, &lw_rr_x);
	lw_rwlock_init(&rry.r, &lw_rr_y);
	lw_rwlock_init(&rrz.r, &lw_rr_z);
	return lw_test_init(test);
}

/* Take @outer as flavour @ot, then @inner under it as @it; release both. */
static void lw_rr_nest(union lw_test_lock *outer, enum lw_test_type ot,
		       union lw_test_lock *inner, enum lw_test_type it)
{
	unsigned long oflags = 0, iflags = 0;

	lw_test_lock(ot, outer, &oflags);
	lw_test_lock(it, inner, &iflags);
	lw_test_unlock(it, inner, iflags);
	lw_test_unlock(ot, outer, oflags);
}

/*
 * One nest of a case: @outer taken as @ot, then @inner as @it; in the
 * case's context with @ctx, else in task context.
 */
struct lw_rr_step {
	union lw_test_lock *outer;
	enum lw_test_type ot;
	union lw_test_lock *inner;
	enum lw_test_type it;
	bool ctx;
};

/*
 * A case: its nests in order, none but the last raising anything; the
 * last raises @kind in both contexts with @always, else only where readers
 * wait. @nr, when not 0, is the finding's number of links, and @cls its
 * first classes.
 */
struct lw_rr_case {
	enum lw_kind kind;
	bool always;
	struct lw_rr_step step[3];
	unsigned int nr;
	const char *cls[3];
};

static void lw_rr_run(struct kunit *test, const struct lw_rr_case *c)
{
	enum lw_kind kind = c->always ? c->kind : lw_rr_kind(test, c->kind);
	struct lw_finding *f = lw_test_begin(test, kind);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c->step) && c->step[i].outer; i++) {
		const struct lw_rr_step *s = &c->step[i];

		if (i)
			KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
		if (s->ctx)
			lw_rr_enter(test);
		lw_rr_nest(s->outer, s->ot, s->inner, s->it);
		if (s->ctx)
			lw_rr_leave(test);
	}

	lw_expect_only(test, kind, f);
	if (kind == LW_NONE)
		return;
	if (c->nr)
		KUNIT_EXPECT_EQ(test, f->nr, c->nr);
	for (i = 0; i < ARRAY_SIZE(c->cls) && c->cls[i]; i++)
		KUNIT_EXPECT_STREQ(test, f->cls[i], c->cls[i]);
}

/* test_read_<name>(): lw_rr_run() of the case the other arguments give. */
#define LW_RR_CASE(name, ...)						\
	static const struct lw_rr_case lw_rr_##name = { __VA_ARGS__ };	\
	static void test_read_##name(struct kunit *test)		\
	{								\
		lw_rr_run(test, &lw_rr_##name);				\
	}

/* Two read holds of one class: recursive locking only where readers wait. */
LW_RR_CASE(after_read, LW_KIND_AA, false,
	   { { &rr1, T_READ, &rr2, T_READ, true } },
	   0, { "lw_rr_class" })

/* Read X, read Y; then read Y, read X: a cycle only where readers wait. */
LW_RR_CASE(abba, LW_KIND_CYCLE, false,
	   { { &rrx, T_READ, &rry, T_READ, true }, { &rry, T_READ, &rrx, T_READ, true } },
	   2)

/*
 * Y written, then X written under it; later X written, then Y read under
 * it. Even a recursive reader waits for the writer of Y, who waits for X:
 * a cycle in both contexts.
 */
LW_RR_CASE(closes_write_cycle, LW_KIND_CYCLE, true,
	   { { &rry, T_WRITE, &rrx, T_WRITE, true }, { &rrx, T_WRITE, &rry, T_READ, true } },
	   2)

/*
 * Y read (in task context, so it waits), then X written under it; later X
 * written, then Y read under it. The second reader waits for no one where
 * readers recurse: no deadlock, while in task context it waits behind a
 * queued writer and the cycle is real.
 */
LW_RR_CASE(under_read_dependency, LW_KIND_CYCLE, false,
	   { { &rry, T_READ, &rrx, T_WRITE, false }, { &rrx, T_WRITE, &rry, T_READ, true } })

/*
 * X written, Y read under it; later Y written, X written under it. The
 * reader of Y waits for Y's writer, who waits for X: a cycle in both
 * contexts, whichever comes first (lockdep since v5.10 keeps the recursive
 * read's dependency for this).
 */
LW_RR_CASE(first_cycle, LW_KIND_CYCLE, true,
	   { { &rrx, T_WRITE, &rry, T_READ, true }, { &rry, T_WRITE, &rrx, T_WRITE, false } },
	   2, { "lw_rr_y", "lw_rr_x" })

/*
 * X written, Y read under it; later Y read (in task context, so it waits),
 * X written under it. Where the first reader recurses, the second reader of
 * Y does not keep it from Y: no deadlock. In task context the first reader
 * waits behind a queued writer and the cycle is real.
 */
LW_RR_CASE(first_then_read, LW_KIND_CYCLE, false,
	   { { &rrx, T_WRITE, &rry, T_READ, true }, { &rry, T_READ, &rrx, T_WRITE, false } })

/*
 * X written, Y read under it; Y written, Z under it; later Z written, X
 * under it. The dependency that closes the cycle need not leave Y: a
 * cycle of three in both contexts.
 */
LW_RR_CASE(first_longer_cycle, LW_KIND_CYCLE, true,
	   { { &rrx, T_WRITE, &rry, T_READ, true }, { &rry, T_WRITE, &rrz, T_WRITE, false },
	     { &rrz, T_WRITE, &rrx, T_WRITE, false } },
	   3, { "lw_rr_z", "lw_rr_x", "lw_rr_y" })

static struct kunit_case lw_rr_test_cases[] = {
	KUNIT_CASE_PARAM(test_read_after_read, lw_rr_gen_params),
	KUNIT_CASE_PARAM(test_read_abba, lw_rr_gen_params),
	KUNIT_CASE_PARAM(test_read_closes_write_cycle, lw_rr_gen_params),
	KUNIT_CASE_PARAM(test_read_under_read_dependency, lw_rr_gen_params),
	KUNIT_CASE_PARAM(test_read_first_cycle, lw_rr_gen_params),
	KUNIT_CASE_PARAM(test_read_first_then_read, lw_rr_gen_params),
	KUNIT_CASE_PARAM(test_read_first_longer_cycle, lw_rr_gen_params),
	{}
};

LW_TEST_SUITE(lockwarden_rwlock_read, lw_rr_test_init, lw_test_exit, lw_rr_test_cases);
