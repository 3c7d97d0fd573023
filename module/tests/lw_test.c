// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by lockwarden's KUnit suites: counting stored findings of a
 * kind, and the per-case reset every suite starts and ends with.
 */
#include <linux/slab.h>

#include "lw_test.h"

MODULE_IMPORT_NS(LW_NS);

/**
 * lw_test_count_kind() - count the stored findings of one kind
 * @kind: the kind
 * @out: if not NULL, receives a copy of the last (newest) such finding
 *
 * Return: how many are stored.
 */
u32 lw_test_count_kind(enum lw_kind kind, struct lw_finding *out)
{
	struct lw_finding *f = kmalloc(sizeof(*f), GFP_KERNEL);
	u32 i, n = 0;

	if (!f)
		return 0;
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
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(kind, f), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/**
 * lw_test_init() - suite init: every case starts with no finding, no order
 * @test: the case
 *
 * Return: 0.
 */
int lw_test_init(struct kunit *test)
{
	lockwarden_reset();
	return 0;
}

/**
 * lw_test_exit() - suite exit: leave nothing learned to the next case
 * @test: the case
 */
void lw_test_exit(struct kunit *test)
{
	lockwarden_reset();
}
