// SPDX-License-Identifier: GPL-2.0
/*
 * What a driver's KUnit test that expects a finding does where lockwarden
 * is compiled out: this file is built without CONFIG_LOCKWARDEN (tests/
 * Kbuild), and kunit_test.c plays each function on a test object of its
 * own, which must end skipped, saying why.
 */
#include <kunit/test.h>
#include <lockwarden/kunit.h>

#include "compiled_out.h"

/* lw_kunit_expect(), as a test declares the finding it provokes. */
void lw_compiled_out_expect(struct kunit *test)
{
	lw_kunit_expect(test, LW_KIND_CYCLE);
}

/* LW_KUNIT_EXPECT_FINDING(), as a test asserts one. */
void lw_compiled_out_finding(struct kunit *test)
{
	LW_KUNIT_EXPECT_FINDING(test, LW_KIND_CYCLE);
}

/* LW_KUNIT_EXPECT_FINDINGS() of two. */
void lw_compiled_out_findings(struct kunit *test)
{
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_CYCLE, 2);
}
