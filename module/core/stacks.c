// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's stack saving: the current context's stack, from lockwarden's
 * caller on, for a finding and for each learned dependency, a recursive
 * read's too (kept in the engine's stack pools, so that a cycle shows the
 * other side's stack as it was when that side's order was learned).
 * Neither allocates nor sleeps.
 */
#include "core/core.h"

#include <linux/module.h>
#include <linux/stacktrace.h>

/* Frames saved beyond a finding's depth, so that lockwarden's own can be dropped. */
#define LW_STACK_SLACK		16

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

/* Keep the current stack as entry @i of @pool, if the pool has it. */
static void lw_stack_pool_save(const struct lw_stack_pool *pool, u32 i)
{
	struct lw_trace *t = lw_stack_pool_get(pool, i);

	if (t)
		t->nr = lw_stack_save(t->ip, LW_STACK_DEPTH);
}

/* The frames kept as entry @i of @pool, and their number in *@nr. */
static const unsigned long *lw_stack_pool_frames(const struct lw_stack_pool *pool, u32 i,
						 unsigned int *nr)
{
	const struct lw_trace *t = lw_stack_pool_get(pool, i);

	*nr = t ? t->nr : 0;
	return t ? t->ip : NULL;
}

/**
 * lw_stack_edge_save() - keep the current stack as that of a new dependency
 * @e: the edge's index in the graph
 *
 * Precondition: the engine lock is held.
 */
void lw_stack_edge_save(u32 e)
{
	lw_stack_pool_save(&lw_engine.stacks, e);
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
	return lw_stack_pool_frames(&lw_engine.stacks, e, nr);
}

/**
 * lw_stack_rread_save() - keep the current stack as that of a recursive read's
 *	new dependency
 * @d: the dependency's index in the engine's store
 *
 * Precondition: the engine lock is held.
 */
void lw_stack_rread_save(u32 d)
{
	lw_stack_pool_save(&lw_engine.rread_stacks, d);
}

/**
 * lw_stack_rread() - the stack kept for a recursive read's dependency
 * @d: the dependency's index in the engine's store, or 0
 * @nr: set to the number of frames
 *
 * Precondition: as lw_stack_edge().
 *
 * Return: the frames, or NULL (*@nr 0) when none were kept.
 */
const unsigned long *lw_stack_rread(u32 d, unsigned int *nr)
{
	return lw_stack_pool_frames(&lw_engine.rread_stacks, d, nr);
}
