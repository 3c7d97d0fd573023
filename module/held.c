// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's held-lock stacks: which locks each context holds, with no
 * change to task_struct. Task, softirq and hardirq contexts are kept apart,
 * as lockdep keeps them apart in its chains.
 *
 * A task gets a stack from a fixed pool when it first takes a tracked lock
 * and gives it back when it holds none; its stack is found by hashing the
 * task pointer and probing a few slots, and the pid guards against a new
 * task reusing the pointer of one that exited holding locks. Each CPU has
 * one stack for softirq and one for hardirq context. A stack from an older
 * checking generation is empty. All of it is under the engine lock.
 */
#include "internal.h"

#include <linux/hash.h>
#include <linux/preempt.h>
#include <linux/vmalloc.h>

#define LW_HELD_PROBES		16

/* Access under the engine lock: lw_max_tasks task stacks, then 2 per CPU. */
static struct lw_held_stack *lw_stacks;
static unsigned int lw_nr_stacks;

int lw_held_init(void)
{
	unsigned int cpu, i;

	lw_nr_stacks = lw_max_tasks + 2 * nr_cpu_ids;
	lw_stacks = vzalloc(array_size(lw_nr_stacks, sizeof(*lw_stacks)));
	if (!lw_stacks)
		return -ENOMEM;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		for (i = 0; i < 2; i++) {
			struct lw_held_stack *s = &lw_stacks[lw_max_tasks + 2 * cpu + i];

			s->ctx = i ? LW_CTX_HARDIRQ : LW_CTX_SOFTIRQ;
			s->cpu = cpu;
		}
	}
	return 0;
}

void lw_held_exit(void)
{
	vfree(lw_stacks);
	lw_stacks = NULL;
}

static bool lw_held_in_use(const struct lw_held_stack *s)
{
	return s->gen == lw_engine.gen && (s->ctx != LW_CTX_TASK || s->task);
}

/* This CPU's stack for an interrupt context, emptied if from an old generation. */
static struct lw_held_stack *lw_held_irq(enum lw_ctx ctx)
{
	unsigned int i = ctx == LW_CTX_HARDIRQ ? 1 : 0;
	struct lw_held_stack *s;

	s = &lw_stacks[lw_max_tasks + 2 * raw_smp_processor_id() + i];
	if (s->gen != lw_engine.gen) {
		s->gen = lw_engine.gen;
		s->depth = 0;
	}
	return s;
}

/*
 * The current context's stack; with @create, a task claims one if it has
 * none. NULL when it has none (and @create is false), no slot is free
 * (counted), or in NMI context, which is not tracked.
 */
struct lw_held_stack *lw_held_current(bool create)
{
	struct task_struct *task = current;
	struct lw_held_stack *free = NULL;
	u32 hash = hash_ptr(task, 32);
	unsigned int i;

	if (in_nmi())
		return NULL;
	if (in_hardirq())
		return lw_held_irq(LW_CTX_HARDIRQ);
	if (in_serving_softirq())
		return lw_held_irq(LW_CTX_SOFTIRQ);

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

/* The chain key of @s's entry @i: its own class and flags on those below. */
static lw_chain_key_t lw_held_key(const struct lw_held_stack *s, unsigned int i)
{
	const struct lw_held_lock *h = &s->locks[i];

	return lw_chain_key_next(i ? s->locks[i - 1].chain_key : 0, h->class,
				 h->flags & LW_ACQ_KEYED);
}

/* Push @dep, of class @id, acquired at @ip as @flags say. Room is checked. */
void lw_held_push(struct lw_held_stack *s, struct lw_dep_map *dep, lw_id_t id,
		  unsigned int flags, unsigned long ip)
{
	s->locks[s->depth] = (struct lw_held_lock) {
		.dep = dep,
		.ip = ip,
		.class = id,
		.flags = flags,
	};
	s->locks[s->depth].chain_key = lw_held_key(s, s->depth);
	s->depth++;
}

/* Remove the topmost entry of @dep from @s; an empty task stack is given back. */
void lw_held_remove(struct lw_held_stack *s, const struct lw_dep_map *dep)
{
	unsigned int i, k;

	for (i = s->depth; i-- > 0;) {
		if (s->locks[i].dep != dep)
			continue;
		memmove(&s->locks[i], &s->locks[i + 1],
			(s->depth - i - 1) * sizeof(s->locks[0]));
		s->depth--;
		/* The entries above it now form other chains. */
		for (k = i; k < s->depth; k++)
			s->locks[k].chain_key = lw_held_key(s, k);
		break;
	}
	if (!s->depth && s->ctx == LW_CTX_TASK)
		s->task = NULL;
}

/*
 * The first held entry, in any context, that @match accepts for @arg, or
 * NULL; its stack is stored in *@sp when @sp is given.
 */
static struct lw_held_lock *lw_held_scan(bool (*match)(const struct lw_held_lock *h,
						       const void *arg),
					 const void *arg, struct lw_held_stack **sp)
{
	unsigned int t, i;

	for (t = 0; t < lw_nr_stacks; t++) {
		struct lw_held_stack *s = &lw_stacks[t];

		if (!lw_held_in_use(s))
			continue;
		for (i = 0; i < s->depth; i++) {
			if (match(&s->locks[i], arg)) {
				if (sp)
					*sp = s;
				return &s->locks[i];
			}
		}
	}
	return NULL;
}

static bool lw_match_dep(const struct lw_held_lock *h, const void *dep)
{
	return h->dep == dep;
}

static bool lw_match_class(const struct lw_held_lock *h, const void *id)
{
	return h->class == *(const lw_id_t *)id;
}

struct lw_range {
	unsigned long start, end;
};

static bool lw_match_range(const struct lw_held_lock *h, const void *arg)
{
	const struct lw_range *r = arg;

	return (unsigned long)h->dep >= r->start && (unsigned long)h->dep < r->end;
}

/* Some context's stack holding @dep, or NULL. */
struct lw_held_stack *lw_held_find_holder(const struct lw_dep_map *dep)
{
	struct lw_held_stack *s = NULL;

	lw_held_scan(lw_match_dep, dep, &s);
	return s;
}

/* Is a lock of class @id held anywhere? Sets *@ip to where it was taken. */
bool lw_held_any_of_class(lw_id_t id, unsigned long *ip)
{
	struct lw_held_lock *h = lw_held_scan(lw_match_class, &id, NULL);

	if (h)
		*ip = h->ip;
	return h;
}

/* A held entry whose lock lies in [@mem, @mem + @size), or NULL. */
struct lw_held_lock *lw_held_find_range(const void *mem, size_t size)
{
	struct lw_range r = {
		.start = (unsigned long)mem,
		.end = (unsigned long)mem + size,
	};

	return lw_held_scan(lw_match_range, &r, NULL);
}

/* Drop every held entry of class @id, which is being forgotten. */
void lw_held_forget_class(lw_id_t id)
{
	unsigned int t, i;

	for (t = 0; t < lw_nr_stacks; t++) {
		struct lw_held_stack *s = &lw_stacks[t];

		if (!lw_held_in_use(s))
			continue;
		for (i = s->depth; i-- > 0;)
			if (s->locks[i].class == id)
				lw_held_remove(s, s->locks[i].dep);
	}
}
