// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's class filter: the classes whose findings are neither stored
 * nor reported (the control file's filter= and unfilter verbs).
 *
 * The table is changed under the engine lock, by callers serialised by the
 * control file's mutex, and read under either: under the engine lock when
 * a finding is raised, under the mutex when the settings are printed.
 * Nothing here allocates or sleeps.
 */
#include "raise/raise.h"

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/string.h>

/* A filtered class: @name at subclass @sub, or at every subclass if @sub < 0. */
struct lw_filter {
	char name[LW_NAME_LEN];
	int sub;
};

static struct lw_filter lw_filters[LW_FILTERS];
static unsigned int lw_nr_filters;

/* === Internals === */

/* Whether link @i of @in names filter @f. */
static bool lw_filter_match(const struct lw_filter *f, const struct lw_finding_in *in,
			    unsigned int i)
{
	return !strcmp(f->name, in->cls[i] ? in->cls[i] : "") &&
	       (f->sub < 0 || f->sub == in->sub[i]);
}

/*
 * Parse "NAME" or "NAME/N" (a nesting subclass) into @f. Returns -EINVAL on
 * an empty, overlong or unprintable name.
 */
static int lw_filter_parse(const char *arg, struct lw_filter *f)
{
	const char *slash = strrchr(arg, '/');
	size_t len = strlen(arg), i;
	unsigned int sub;

	f->sub = -1;
	if (slash && slash[1] && !kstrtouint(slash + 1, 10, &sub) &&
	    sub < LW_MAX_SUBCLASSES) {
		f->sub = sub;
		len = slash - arg;
	}
	if (!len || len >= sizeof(f->name))
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!isprint(arg[i]) || (unsigned char)arg[i] > 0x7e)
			return -EINVAL;
	memset(f->name, 0, sizeof(f->name));
	memcpy(f->name, arg, len);
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
 * @arg: "NAME" (every subclass) or "NAME/N" (subclass N)
 *
 * Adding one already there does nothing.
 *
 * Return: 0, -EINVAL for a bad name, -ENOSPC when LW_FILTERS are in use,
 * -EBUSY if the engine lock could not be taken.
 */
int lw_filter_add(const char *arg)
{
	struct lw_filter f;
	unsigned long flags;

	if (lw_filter_parse(arg, &f))
		return -EINVAL;
	if (lw_filter_find(&f) >= 0)
		return 0;
	if (lw_nr_filters == LW_FILTERS)
		return -ENOSPC;
	if (!lw_engine_lock(&flags))
		return -EBUSY;
	lw_filters[lw_nr_filters++] = f;
	lw_engine_unlock(flags);
	return 0;
}

/**
 * lw_filter_remove() - remove one filter
 * @arg: the filter as lw_filter_add() took it
 *
 * Return: 0, -EINVAL for a bad name, -ENOENT when it is not filtered,
 * -EBUSY if the engine lock could not be taken.
 */
int lw_filter_remove(const char *arg)
{
	struct lw_filter f;
	unsigned long flags;
	int i;

	if (lw_filter_parse(arg, &f))
		return -EINVAL;
	i = lw_filter_find(&f);
	if (i < 0)
		return -ENOENT;
	if (!lw_engine_lock(&flags))
		return -EBUSY;
	lw_filters[i] = lw_filters[--lw_nr_filters];
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
	lw_engine_unlock(flags);
	return 0;
}

/**
 * lw_filter_show() - print one "filter=NAME" line per filter
 * @seq: where to print
 */
void lw_filter_show(struct seq_file *seq)
{
	unsigned int i;

	for (i = 0; i < lw_nr_filters; i++) {
		const struct lw_filter *f = &lw_filters[i];

		if (f->sub < 0)
			seq_printf(seq, "filter=%s\n", f->name);
		else
			seq_printf(seq, "filter=%s/%d\n", f->name, f->sub);
	}
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
