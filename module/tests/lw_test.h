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

u32 lw_test_count_kind(enum lw_kind kind, struct lw_finding *out);
void lw_expect_only(struct kunit *test, enum lw_kind kind, struct lw_finding *f);
void lw_test_expect(struct kunit *test, enum lw_kind kind);
int lw_test_init(struct kunit *test);
void lw_test_exit(struct kunit *test);

#endif /* _LW_TEST_H */
