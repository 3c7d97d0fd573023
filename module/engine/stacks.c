// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's pool of saved dependency stacks: one stack per edge index of
 * the learned graph, in memory sized at load. The caller saves into a slot
 * (core/stacks.c walks the current stack); a cycle's report reads the slot
 * of its other side. Precondition: the caller holds the engine lock.
 */
#include "engine.h"

size_t lw_stack_pool_mem_size(u32 size)
{
	return ((size_t)size + 1) * sizeof(struct lw_trace);
}

void lw_stack_pool_init(struct lw_stack_pool *p, void *mem, u32 size)
{
	p->size = mem ? size : 0;
	p->traces = mem;
}

/* The slot of edge @e, or NULL for 0 and indexes past the pool. */
struct lw_trace *lw_stack_pool_get(const struct lw_stack_pool *p, u32 e)
{
	if (!e || e > p->size)
		return NULL;
	return &p->traces[e];
}
