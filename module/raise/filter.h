/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The class filter of lockwarden's raise layer (filter.c): the classes
 * whose findings are neither stored nor reported. Part of raise.h; apart
 * so that the userspace tests compile filter.c against a shim of raise.h
 * (tools/testing/verbs/raise.h) with these declarations as they are.
 */
#ifndef _LW_FILTER_H
#define _LW_FILTER_H

#include "engine/engine.h"

/* Class filters kept at once. */
#define LW_FILTERS		16

/**
 * struct lw_filter - a filtered class
 * @name: its name, 1 to LW_NAME_LEN - 1 printable ASCII characters; a
 *	longer class name matches on its first LW_NAME_LEN - 1 bytes, what the
 *	class table and a finding keep of it
 * @sub: the nesting subclass filtered, or -1 for every subclass
 */
struct lw_filter {
	char name[LW_NAME_LEN];
	int sub;
};

int lw_filter_add(const char *name, int sub);
int lw_filter_remove(const char *name, int sub);
int lw_filter_clear(void);
unsigned int lw_filter_list(struct lw_filter *out);
bool lw_filter_hides(const struct lw_finding_in *in);

#endif /* _LW_FILTER_H */
