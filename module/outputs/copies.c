// SPDX-License-Identifier: GPL-2.0
/*
 * The copies of a finding that the report printer works on in atomic
 * context, allocated at load: kept apart so that the printer's file
 * references no allocator.
 */
#include "outputs/outputs.h"

#include <linux/mm.h>

struct lw_finding *lw_copies;

/**
 * lw_report_init() - allocate the copies, LW_COPY_CONTEXTS per possible CPU
 *
 * Return: 0 or -ENOMEM.
 */
int lw_report_init(void)
{
	lw_copies = kvcalloc(nr_cpu_ids * LW_COPY_CONTEXTS, sizeof(*lw_copies), GFP_KERNEL);
	return lw_copies ? 0 : -ENOMEM;
}

/**
 * lw_report_exit() - free the copies, at unload
 */
void lw_report_exit(void)
{
	kvfree(lw_copies);
	lw_copies = NULL;
}
