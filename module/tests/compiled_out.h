/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The functions of compiled_out.c, built without CONFIG_LOCKWARDEN, that
 * kunit_test.c plays.
 */
#ifndef _LW_COMPILED_OUT_H
#define _LW_COMPILED_OUT_H

struct kunit;

void lw_compiled_out_expect(struct kunit *test);
void lw_compiled_out_finding(struct kunit *test);
void lw_compiled_out_findings(struct kunit *test);

#endif /* _LW_COMPILED_OUT_H */
