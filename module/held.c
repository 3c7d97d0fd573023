// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's held-lock stacks: which locks each task holds, kept in a fixed
 * pool keyed by task, with no change to task_struct.
 *
 * A task gets a stack when it first takes a tracked lock and gives it back
 * when it holds none. A stack is found by hashing the task pointer and probing
 * a few slots; the pid guards against a new task reusing the pointer of one
 * that exited holding locks. A stack from an older checking generation is
 * free. All of it is under the engine lock.
 */
#include "internal.h"

#include <linux/hash.h>
#include <linux/vmalloc.h>

#define LW_HELD_PROBES		16

/* Access under the engine lock. */
static struct lw_held_stack *lw_stacks;

int lw_held_init(void)
{
	lw_stacks = vzalloc(array_size(lw_max_tasks, sizeof(*lw_stacks)));
	return lw_stacks ? 0 : -ENOMEM;
}

void lw_held_exit(void)
{
	vfree(lw_stacks);
	lw_stacks = NULL;
}

static bool lw_held_in_use(const struct lw_held_stack *s)
{
	return s->task && s->gen == lw_engine.gen;
}

/*
 * The current task's stack; with @create, claim one if it has none. NULL when
 * it has none (and @create is false) or no slot is free (counted).
 */
struct lw_held_stack *lw_held_current(bool create)
{
	struct task_struct *task = current;
	struct lw_held_stack *free = NULL;
	u32 hash = hash_ptr(task, 32);
	unsigned int i;

	for (i = 0; i < min_t(unsigned int, LW_HELD_PROBES, lw_max_tasks); i++) {
		struct lw_held_stack *s = &lw_stacks[(hash + i) % lw_max_tasks];

		if (!lw_held_in_use(s)) {
			if (!free)
				free = s;
			continue;
		}
		if (s->task != task)
			continue;
		if (s->pid == task->pid)
			return s;
		/* A task that exited holding locks left this stack behind. */
		lw_stat_inc(LW_STAT_STALE_STACKS);
		s->task = NULL;
		if (!free)
			free = s;
	}
	if (!create)
		return NULL;
	if (!free) {
		lw_stat_inc(LW_STAT_STACKS_FULL);
		return NULL;
	}
	free->task = task;
	free->pid = task->pid;
	free->gen = lw_engine.gen;
	free->depth = 0;
	return free;
}

/* Remove @dep from @s wherever it is; an empty stack is given back. */
void lw_held_remove(struct lw_held_stack *s, const struct lw_dep_map *dep)
{
	unsigned int i;

	for (i = s->depth; i-- > 0;) {
		if (s->locks[i].dep != dep)
			continue;
		memmove(&s->locks[i], &s->locks[i + 1],
			(s->depth - i - 1) * sizeof(s->locks[0]));
		s->depth--;
		break;
	}
	if (!s->depth)
		s->task = NULL;
}

/* Drop every held entry of class @id, whose module is going away. */
void lw_held_forget_class(lw_id_t id)
{
	unsigned int t, i;

	for (t = 0; t < lw_max_tasks; t++) {
		struct lw_held_stack *s = &lw_stacks[t];

		if (!lw_held_in_use(s))
			continue;
		for (i = s->depth; i-- > 0;)
			if (s->locks[i].class == id)
				lw_held_remove(s, s->locks[i].dep);
	}
}
