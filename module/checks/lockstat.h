/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The private contract between lockstat.c (lockstat and hold-time budgets in
 * the lock paths) and lockstat_setup.c (switching and showing them).
 */
#ifndef _LW_LOCKSTAT_H
#define _LW_LOCKSTAT_H

#include "internal.h"

#define LW_MAX_BUDGETS		16	/* classes with a hold-time budget at once */

/* A hold-time budget by class name: every subclass of the class has it. */
struct lw_budget {
	char name[LW_NAME_LEN];
	u64 ns;				/* 0: the slot is free */
};

/*
 * The statistics: lw_max_classes + 1 per possible CPU, CPU-major. Allocated
 * when lockstat is first switched on, before lw_ls_on is first set; freed
 * at exit.
 */
extern struct lw_lockstat *lw_ls;
extern bool lw_ls_on;			/* lockstat on: counting */
/* Stamps older than this were made before lw_timing was last switched on. */
extern u64 lw_timing_since;
/* Written under lw_ls_mutex and the engine lock; read under either. */
extern struct lw_budget lw_budgets[LW_MAX_BUDGETS];
/* The budget of each class id in ns, 0 for none; written under the engine lock. */
extern u64 *lw_budget_ns;

static inline struct lw_lockstat *lw_ls_slot(struct lw_lockstat *ls, unsigned int cpu,
					     lw_id_t id)
{
	return &ls[(size_t)cpu * (lw_max_classes + 1) + id];
}

void lw_ls_sum(struct lw_lockstat *ls, lw_id_t id, struct lw_lockstat *sum);

#endif /* _LW_LOCKSTAT_H */
