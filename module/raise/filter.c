// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's class filter: the classes whose findings are neither stored
 * nor reported (the control file's filter= and unfilter verbs, which
 * outputs/verbs.c parses).
 *
 * The table is changed under the engine lock, by callers serialised by the
 * control file's mutex, and read under either: under the engine lock when
 * a finding is raised, under the mutex when the settings are printed.
 * Nothing here allocates or sleeps.
 *
 * raise.h brings all this file uses: the userspace tests compile it as it
 * is against a shim of raise.h (tools/testing/verbs/raise.h).
 */
#include "raise/raise.h"

static struct lw_filter lw_filters[LW_FILTERS];
static unsigned int lw_nr_filters;

/* === Internals === */

/*
 * Whether link @i of @in names filter @f. A name is compared as a finding
 * and the class table keep it, cut to LW_NAME_LEN - 1 bytes: the link may
 * carry it in full (an owned object's name, a class without an id yet),
 * and a filter holds at most what the files show.
 */
static bool lw_filter_match(const struct lw_filter *f, const struct lw_finding_in *in,
			    unsigned int i)
{
	return !strncmp(f->name, in->cls[i] ? in->cls[i] : "", LW_NAME_LEN - 1) &&
	       (f->sub < 0 || f->sub == in->sub[i]);
}

/* @name at @sub into @f. Returns -EINVAL on an empty or overlong name or a bad subclass. */
static int lw_filter_make(struct lw_filter *f, const char *name, int sub)
{
	memset(f, 0, sizeof(*f));
	if (strscpy(f->name, name, sizeof(f->name)) <= 0 ||
	    sub < -1 || sub >= LW_MAX_SUBCLASSES)
		return -EINVAL;
	f->sub = sub;
	return 0;
}

/* The index of a filter equal to @f, or -1. */
static int lw_filter_find(const struct lw_filter *f)
{
	unsigned int i;

	for (i = 0; i < lw_nr_filters; i++)
		if (!strcmp(lw_filters[i].name, f->name) && lw_filters[i].sub == f->sub)
			return i;
	return -1;
}

/* === Public interface === */

/**
 * lw_filter_add() - stop storing findings that name a class
 * @name: the class name, 1 to LW_NAME_LEN - 1 printable characters, as
 *	the control file's parser (outputs/verbs.c) checks them
 * @sub: the nesting subclass, or -1 for every subclass
 *
 * Adding one already there does nothing.
 *
 * Return: 0, -EINVAL for an empty or overlong name or a subclass out of
 * range, -ENOSPC when LW_FILTERS are in use, -EBUSY if the engine lock
 * could not be taken.
 */
int lw_filter_add(const char *name, int sub)
{
	struct lw_filter f;
	unsigned long flags;

	if (lw_filter_make(&f, name, sub))
		return -EINVAL;
	if (lw_filter_find(&f) >= 0)
		return 0;
	if (lw_nr_filters == LW_FILTERS)
		return -ENOSPC;
	if (!lw_engine_lock(&flags))
		return -EBUSY;
	lw_filters[lw_nr_filters++] = f;
	/* A known finding of a chain may be filtered now. */
	lw_known_invalidate();
	lw_engine_unlock(flags);
	return 0;
}

/**
 * lw_filter_remove() - remove one filter
 * @name: the class name, as lw_filter_add() took it
 * @sub: the subclass, as lw_filter_add() took it
 *
 * Return: 0, -EINVAL for a bad name or subclass, -ENOENT when it is not
 * filtered, -EBUSY if the engine lock could not be taken.
 */
int lw_filter_remove(const char *name, int sub)
{
	struct lw_filter f;
	unsigned long flags;
	int i;

	if (lw_filter_make(&f, name, sub))
		return -EINVAL;
	i = lw_filter_find(&f);
	if (i < 0)
		return -ENOENT;
	if (!lw_engine_lock(&flags))
		return -EBUSY;
	lw_filters[i] = lw_filters[--lw_nr_filters];
	lw_known_invalidate();
	lw_engine_unlock(flags);
	return 0;
}

/**
 * lw_filter_clear() - remove every filter
 *
 * Return: 0, or -EBUSY if the engine lock could not be taken.
 */
int lw_filter_clear(void)
{
	unsigned long flags;

	if (!lw_engine_lock(&flags))
		return -EBUSY;
	lw_nr_filters = 0;
	lw_known_invalidate();
	lw_engine_unlock(flags);
	return 0;
}

/**
 * lw_filter_list() - copy the filters, for the control file to print
 * @out: receives them, room for LW_FILTERS
 *
 * Precondition: the caller is serialised with the changes, as the control
 * file's mutex serialises them.
 *
 * Return: how many were copied.
 */
unsigned int lw_filter_list(struct lw_filter *out)
{
	memcpy(out, lw_filters, lw_nr_filters * sizeof(*out));
	return lw_nr_filters;
}

/**
 * lw_filter_hides() - whether a finding names a filtered class
 * @in: the finding
 *
 * Precondition: the engine lock is held.
 *
 * Return: true if any link of @in names a filtered class (or object).
 */
bool lw_filter_hides(const struct lw_finding_in *in)
{
	unsigned int i, k, nr = min_t(unsigned int, in->nr, LW_CHAIN_MAX);

	for (k = 0; k < lw_nr_filters; k++)
		for (i = 0; i < nr; i++)
			if (lw_filter_match(&lw_filters[k], in, i))
				return true;
	return false;
}
