/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by lockwarden's KUnit suites.
 */
#ifndef _LW_TEST_H
#define _LW_TEST_H

#include <kunit/test.h>
#include <lockwarden/kunit.h>

#include "outputs/outputs.h"

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

u32 lw_test_count_kind(struct kunit *test, enum lw_kind kind, struct lw_finding *out);
void lw_expect_only(struct kunit *test, enum lw_kind kind, struct lw_finding *f);
void lw_test_expect(struct kunit *test, enum lw_kind kind);
struct lw_finding *lw_test_begin(struct kunit *test, enum lw_kind kind);
int lw_test_init(struct kunit *test);
void lw_test_exit(struct kunit *test);

#endif /* _LW_TEST_H */
