// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace tests of lockwarden's pool of saved dependency stacks, run on
 * the real module/engine/stacks.c compiled against the shim in engine_deps.h.
 */
#include "engine_deps.h"	/* first: its include guard replaces the kernel's */
#include "../../../module/engine/stacks.c"

#include "runner.h"

/* Every edge index 1..size has a slot of its own; 0 and the rest have none. */
TEST(stack_pool_slots)
{
	struct lw_stack_pool p;
	u32 size = 5, e;

	lw_stack_pool_init(&p, lw_test_alloc(lw_stack_pool_mem_size(size)), size);
	ASSERT_NULL(lw_stack_pool_get(&p, 0));
	ASSERT_NULL(lw_stack_pool_get(&p, size + 1));
	for (e = 1; e <= size; e++) {
		struct lw_trace *t = lw_stack_pool_get(&p, e);

		ASSERT_NONNULL(t);
		t->nr = e;
		t->ip[LW_STACK_DEPTH - 1] = e;
	}
	/* Written whole, no slot overlapping another (ASan checks the ends). */
	for (e = 1; e <= size; e++) {
		ASSERT_EQ(lw_stack_pool_get(&p, e)->nr, e);
		ASSERT_EQ(lw_stack_pool_get(&p, e)->ip[LW_STACK_DEPTH - 1], e);
	}
}

/* A pool given no memory (freed at unload) has no slot at all. */
TEST(stack_pool_empty)
{
	struct lw_stack_pool p;

	lw_stack_pool_init(&p, NULL, 8);
	ASSERT_EQ(p.size, 0);
	ASSERT_NULL(lw_stack_pool_get(&p, 1));
}
