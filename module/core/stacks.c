// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's saved stacks: the current context's, for a finding, and one
 * per learned dependency, in a pool sized at load, so that a cycle shows the
 * stack of the other side as it was when that side's order was learned.
 * Saving neither allocates nor sleeps; main.c allocates the pool at load.
 */
#include "internal.h"

#include <linux/module.h>
#include <linux/stacktrace.h>
#include <linux/overflow.h>

/* Frames saved beyond a finding's depth, so that lockwarden's own can be dropped. */
#define LW_STACK_SLACK		16

struct lw_trace {
	unsigned int nr;
	unsigned long ip[LW_STACK_DEPTH];
};

/* One per edge index of the graph (max_edges + 1); under the engine lock. */
static struct lw_trace *lw_edge_traces;

/**
 * lw_stack_save() - save the current stack, from lockwarden's caller on
 * @buf: where to save it
 * @size: frames @buf holds
 *
 * The frames inside lockwarden.ko (the hook and the checks under it) are
 * dropped, so the first frame kept is the driver's call of the lock
 * operation. Usable in any context but NMI.
 *
 * Return: the number of frames saved.
 */
unsigned int lw_stack_save(unsigned long *buf, unsigned int size)
{
	unsigned long raw[LW_STACK_DEPTH + LW_STACK_SLACK];
	unsigned int nr, skip = 0, i;

	nr = stack_trace_save(raw, ARRAY_SIZE(raw), 0);
	while (skip < nr && within_module(raw[skip], THIS_MODULE))
		skip++;
	for (i = 0; skip + i < nr && i < size; i++)
		buf[i] = raw[skip + i];
	return i;
}

/**
 * lw_stack_edge_save() - keep the current stack as that of a new dependency
 * @e: the edge's index in the graph
 *
 * Precondition: the engine lock is held.
 */
void lw_stack_edge_save(u32 e)
{
	struct lw_trace *t;

	if (!e || e > lw_max_edges)
		return;
	t = &lw_edge_traces[e];
	t->nr = lw_stack_save(t->ip, LW_STACK_DEPTH);
}

/**
 * lw_stack_edge() - the stack kept for a dependency
 * @e: the edge's index in the graph, or 0
 * @nr: set to the number of frames
 *
 * Precondition: the engine lock is held, and stays held while the frames
 * are read.
 *
 * Return: the frames, or NULL (*@nr 0) when none were kept.
 */
const unsigned long *lw_stack_edge(u32 e, unsigned int *nr)
{
	*nr = 0;
	if (!e || e > lw_max_edges)
		return NULL;
	*nr = lw_edge_traces[e].nr;
	return lw_edge_traces[e].ip;
}

/* Bytes lw_stack_init() needs: one stack per edge index, max_edges + 1. */
size_t lw_stack_mem_size(void)
{
	return array_size(lw_max_edges + 1, sizeof(*lw_edge_traces));
}

/* Use @mem, zeroed, of lw_stack_mem_size() bytes; NULL when it is freed. */
void lw_stack_init(void *mem)
{
	lw_edge_traces = mem;
}
