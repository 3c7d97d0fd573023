// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's memory allocated at run time, on first use: the per-class
 * statistics when lockstat is first switched on, the hold stamps when holds
 * are first timed. Process context; the outputs serialise the calls. Kept
 * apart so that the files of the lock paths reference no allocator.
 */
#include "core/core.h"

#include <linux/overflow.h>
#include <linux/vmalloc.h>

struct lw_lockstat *lw_ls;
u64 *lw_hold_stamps;

/* Bytes of the statistics: lw_max_classes + 1 per possible CPU. */
size_t lw_lockstat_size(void)
{
	return array3_size(nr_cpu_ids, lw_max_classes + 1, sizeof(*lw_ls));
}

/**
 * lw_lockstat_alloc() - allocate the statistics, the first time
 *
 * Return: 0 or -ENOMEM.
 */
int lw_lockstat_alloc(void)
{
	struct lw_lockstat *ls;

	if (lw_ls)
		return 0;
	ls = vzalloc(lw_lockstat_size());
	if (!ls)
		return -ENOMEM;
	WRITE_ONCE(lw_ls, ls);
	return 0;
}

/**
 * lw_held_stamps_alloc() - allocate the hold stamps, the first time
 *
 * Return: 0 or -ENOMEM.
 */
int lw_held_stamps_alloc(void)
{
	u64 *stamps;

	if (lw_hold_stamps)
		return 0;
	stamps = vzalloc(array3_size(lw_held_nr_stacks(), LW_MAX_DEPTH, sizeof(*stamps)));
	if (!stamps)
		return -ENOMEM;
	/* Used by the lock paths once they time holds. */
	WRITE_ONCE(lw_hold_stamps, stamps);
	return 0;
}

/* Free both: no lock path runs any more. */
void lw_alloc_free(void)
{
	vfree(lw_ls);
	lw_ls = NULL;
	vfree(lw_hold_stamps);
	lw_hold_stamps = NULL;
}
