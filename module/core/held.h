/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden's held-lock stacks, the part of the core that the lock paths
 * inline: finding the current context's stack without the engine lock,
 * pushing and popping its entries, and the chain key of what it holds.
 *
 * Why no lock is needed: a stack is changed only by the context it belongs
 * to (held.c), and a class's id, once registered, stays until its module
 * unloads. Other contexts read stacks under the engine lock.
 */
#ifndef _LW_CORE_HELD_H
#define _LW_CORE_HELD_H

#include <linux/hardirq.h>
#include <linux/hash.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>

/* Locks one context may hold at once, as lockdep's MAX_LOCK_DEPTH. */
#define LW_MAX_DEPTH		48

/* How a held lock was acquired (struct lw_held_lock.flags). */
#define LW_ACQ_TRY		BIT(0)	/* by a successful trylock: no order learned */
#define LW_ACQ_READ		BIT(1)	/* shared */
#define LW_ACQ_RREAD		BIT(2)	/* shared, may recurse (rwlock_t: see checks/fast.h) */
#define LW_ACQ_SLEEPS		BIT(3)	/* a sleeping lock: mutex, rw_semaphore */
#define LW_ACQ_RAW		BIT(4)	/* a raw spinlock: spins on PREEMPT_RT too */
/*
 * Not a hold: the completion of an event class under the locks held
 * (checks/completion.c). Never on a stack; it keys the validated chain of
 * a completion apart from a wait for the same class under the same locks.
 */
#define LW_ACQ_SIGNAL		BIT(5)
/*
 * Not a hold lockwarden vouches for any more: taken before checking was
 * last switched on or reset, released by another context, or of a class
 * forgotten since. Kept only so that the owner's own release finds it and
 * passes silently; never checked against, shown, or taken as evidence.
 */
#define LW_HELD_STALE		BIT(7)

/*
 * The context an acquisition ran in (struct lw_held_lock.ctx). Part of the
 * chain key, as lockdep keys irq context into its chains: a cached chain
 * then also vouches for the checks that depend on the context (sleeping in
 * atomic context, interrupt usage).
 */
#define LW_IN_HARDIRQ		BIT(0)	/* in hardirq context */
#define LW_IN_SOFTIRQ		BIT(1)	/* serving a softirq */
#define LW_IRQS_ON		BIT(2)	/* hardirqs enabled */
#define LW_BH_ON		BIT(3)	/* bottom halves enabled */
#define LW_ATOMIC		BIT(4)	/* may not sleep */

struct lw_held_lock {
	struct lw_dep_map *dep;
	unsigned long ip;
	lw_chain_key_t chain_key;	/* key of the chain up to this entry */
	lw_id_t class;
	u8 flags;			/* LW_ACQ_* */
	u8 ctx;				/* LW_IN_* and the others above */
};

/* The bits of an entry's flags that its chain key covers (with all of ctx). */
#define LW_ACQ_KEYED		(LW_ACQ_TRY | LW_ACQ_READ | LW_ACQ_RREAD | LW_ACQ_SLEEPS | \
				 LW_ACQ_RAW | LW_ACQ_SIGNAL)

/* Whether @h is a hold lockwarden vouches for (not LW_HELD_STALE). */
static __always_inline bool lw_held_live(const struct lw_held_lock *h)
{
	return !(h->flags & LW_HELD_STALE);
}

/* Contexts whose held locks are kept apart. */
enum lw_ctx {
	LW_CTX_TASK,
	LW_CTX_SOFTIRQ,
	LW_CTX_HARDIRQ,
};

/* Updates other contexts ask of a stack, applied by its owner (held.c). */
#define LW_HELD_REQS		4

struct lw_held_req {
	const struct lw_dep_map *dep;	/* drop the topmost entry of this lock */
	lw_id_t class;			/* or else every entry of this class */
};

/*
 * The locks one context holds, in acquisition order: a task's (claimed from
 * a pool) or one CPU's softirq or hardirq context (one each per CPU). On
 * PREEMPT_RT a task's softirq context has a stack of its own from the pool
 * (LW_SOFTIRQ_PER_TASK).
 *
 * Only the owning context changes @depth and @locks, without the engine
 * lock; others read them (a racy snapshot) and, under the engine lock, ask
 * for changes through @req and a @gen of 0, which sends the owner to its
 * slow path to apply them.
 */
struct lw_held_stack {
	struct task_struct *task;	/* LW_CTX_TASK: NULL while free */
	pid_t pid;
	enum lw_ctx ctx;
	unsigned int cpu;
	unsigned int gen;		/* generation; 0: requests pending */
	unsigned int req_gen;		/* generation the requests belong to */
	unsigned int nr_req;
	bool req_overflow;		/* requests lost: drop every entry */
	struct lw_held_req req[LW_HELD_REQS];
	unsigned int lost;		/* stale entries dropped for room (lw_held_drop_stale()) */
	unsigned int depth;
	struct lw_held_lock locks[LW_MAX_DEPTH];
};

extern struct lw_held_stack *lw_stacks;
extern unsigned int lw_max_tasks;

/*
 * When each held-lock entry's lock was acquired (lw_now_ns()): LW_MAX_DEPTH
 * stamps per stack of lw_stacks, stamped only while the lock paths time
 * holds (checks/lockstat.c); NULL until lw_held_stamps_alloc() (core.h).
 * Kept apart
 * from the stacks so that the fast path's entries and stacks keep their size.
 */
extern u64 *lw_hold_stamps;

/* The stamps of @s's entries, or NULL. Owner only. */
static inline u64 *lw_held_stamps(const struct lw_held_stack *s)
{
	u64 *stamps = READ_ONCE(lw_hold_stamps);

	return stamps ? &stamps[(s - lw_stacks) * LW_MAX_DEPTH] : NULL;
}

/*
 * Task-stack slots probed for a task, from its home slot on. The pool has
 * LW_HELD_PROBES - 1 slots past the last home slot, so probes never wrap.
 */
#define LW_HELD_PROBES		16

/* Index of the first per-CPU interrupt-context stack in lw_stacks. */
#define LW_HELD_IRQ_BASE	(lw_max_tasks + LW_HELD_PROBES - 1)

/*
 * Whether a softirq's locks go on a stack of the task serving it, not on
 * its CPU's. On PREEMPT_RT softirqs are served by tasks, preemptibly; and
 * where the kernel has PREEMPT_RT_NEEDS_BH_LOCK off (an option newer than
 * 6.12; Debian's 7.2 RT kernel leaves it off) nothing serialises them on a
 * CPU: one task serving a softirq may be preempted by another serving one
 * there, and a stack per CPU would mix the holds of both.
 */
#define LW_SOFTIRQ_PER_TASK	IS_ENABLED(CONFIG_PREEMPT_RT)

/* The current context's preempt count; in_nmi() and so on test its bits. */
static __always_inline unsigned long lw_pc(void)
{
	return preempt_count();
}

/* softirq_count() from @pc: on PREEMPT_RT it is not in the preempt count. */
static __always_inline unsigned long lw_softirq_count(unsigned long pc)
{
	return IS_ENABLED(CONFIG_PREEMPT_RT) ? softirq_count() : pc & SOFTIRQ_MASK;
}

/*
 * A stack no context owns, whose generation is 0 and never the engine's:
 * what the fast paths find for a task without a stack, so that their one
 * test of the generation sends that task to the slow path too. Never
 * written.
 */
extern struct lw_held_stack lw_held_none;

/*
 * The task stack each CPU's task context found last (lw_held_mine_or()):
 * a hint, never trusted without the compare the hash probe makes, so it
 * needs no invalidation when that stack is taken back for another task.
 * Written only by its own CPU; initially lw_held_none, which no task owns.
 * lw_held_last_bh: the same for a task's softirq stack (LW_SOFTIRQ_PER_TASK).
 */
DECLARE_PER_CPU(struct lw_held_stack *, lw_held_last);
DECLARE_PER_CPU(struct lw_held_stack *, lw_held_last_bh);

/*
 * Whether @s is @task's stack of context @ctx: its pointer and, against a
 * reused task_struct, its pid; a task has a stack of LW_CTX_SOFTIRQ too
 * only where LW_SOFTIRQ_PER_TASK.
 */
static __always_inline bool lw_held_is_of(const struct lw_held_stack *s,
					  const struct task_struct *task, enum lw_ctx ctx)
{
	return READ_ONCE(s->task) == task && s->pid == task->pid &&
	       (!LW_SOFTIRQ_PER_TASK || s->ctx == ctx);
}

/* The hint of this CPU for a task's stack of context @ctx. */
static __always_inline struct lw_held_stack *lw_held_hint(enum lw_ctx ctx)
{
	if (LW_SOFTIRQ_PER_TASK && ctx == LW_CTX_SOFTIRQ)
		return this_cpu_read(lw_held_last_bh);
	return this_cpu_read(lw_held_last);
}

/* Make @s this CPU's hint for a task's stack of context @ctx. */
static __always_inline void lw_held_set_hint(enum lw_ctx ctx, struct lw_held_stack *s)
{
	if (LW_SOFTIRQ_PER_TASK && ctx == LW_CTX_SOFTIRQ)
		this_cpu_write(lw_held_last_bh, s);
	else
		this_cpu_write(lw_held_last, s);
}

/*
 * The stack of the current context, whose preempt count is @pc, found
 * without the engine lock, or @none if it has none. Not for NMI context,
 * which is not tracked. The stack may be of an older generation or have
 * requests pending (its gen is then not the engine's).
 *
 * A task's stack (or, where LW_SOFTIRQ_PER_TASK, the stack of the softirq
 * it serves) is first looked for where this CPU last found one, then,
 * with @probe, by hashing the task pointer (without, @none if the hint is
 * not the task's: for a caller with no room for the probe, which then
 * asks again with it, on a path of its own). The hint is read and written with
 * this_cpu_*(), whole, so preemption and migration between the two are
 * harmless: whichever CPU's hint is read, it is checked as a probed slot is.
 */
static __always_inline struct lw_held_stack *lw_held_mine_as(unsigned long pc,
							     struct lw_held_stack *none,
							     bool probe)
{
	struct task_struct *task = current;
	enum lw_ctx ctx = LW_CTX_TASK;
	struct lw_held_stack *s;
	unsigned int i;

	if (unlikely(pc & HARDIRQ_MASK))
		return &lw_stacks[LW_HELD_IRQ_BASE + 2 * raw_smp_processor_id() + 1];
	if (unlikely(lw_softirq_count(pc) & SOFTIRQ_OFFSET)) {
		if (!LW_SOFTIRQ_PER_TASK)
			return &lw_stacks[LW_HELD_IRQ_BASE + 2 * raw_smp_processor_id()];
		ctx = LW_CTX_SOFTIRQ;
	}
	s = lw_held_hint(ctx);
	if (likely(lw_held_is_of(s, task, ctx)))
		return s;
	if (!probe)
		return none;
	s = &lw_stacks[reciprocal_scale(hash_ptr(task, 32), lw_max_tasks)];
	for (i = 0; i < LW_HELD_PROBES; i++, s++) {
		if (lw_held_is_of(s, task, ctx)) {
			lw_held_set_hint(ctx, s);
			return s;
		}
	}
	return none;
}

/* lw_held_mine_as() that probes the pool when the hint is not the task's. */
static __always_inline struct lw_held_stack *lw_held_mine_or(unsigned long pc,
							     struct lw_held_stack *none)
{
	return lw_held_mine_as(pc, none, true);
}

/* lw_held_mine_or() with NULL for a context without a stack. */
static __always_inline struct lw_held_stack *lw_held_mine_pc(unsigned long pc)
{
	return lw_held_mine_or(pc, NULL);
}

/* lw_held_mine_pc() of the current context; NULL in NMI context. */
static __always_inline struct lw_held_stack *lw_held_mine(void)
{
	unsigned long pc = lw_pc();

	return unlikely(pc & NMI_MASK) ? NULL : lw_held_mine_pc(pc);
}

/* What an entry taken as @flags in @ctx adds to a chain key besides its class. */
static __always_inline u16 lw_held_key_bits(unsigned int flags, unsigned int ctx)
{
	return (flags & LW_ACQ_KEYED) | ctx << 8;
}

/*
 * The key of the chain of @s's first @depth entries and one more. A stale
 * entry's key is that of the entries below it: it is no part of a chain.
 */
static __always_inline lw_chain_key_t lw_held_key_on(const struct lw_held_stack *s,
						     unsigned int depth, lw_id_t id,
						     unsigned int flags, unsigned int ctx)
{
	return lw_chain_key_next(depth ? s->locks[depth - 1].chain_key : 0, id,
				 lw_held_key_bits(flags, ctx));
}

/* The key of the chain @s holds. */
static __always_inline lw_chain_key_t lw_held_key(const struct lw_held_stack *s)
{
	return s->depth ? s->locks[s->depth - 1].chain_key : 0;
}

/* The key of the chain @s holds, extended by class @id taken as @flags in @ctx. */
static __always_inline lw_chain_key_t lw_held_next_key(const struct lw_held_stack *s,
						       lw_id_t id, unsigned int flags,
						       unsigned int ctx)
{
	return lw_held_key_on(s, s->depth, id, flags, ctx);
}

/* The odd multiplier of lw_held_site_key()'s polynomial: 2^64 / phi, rounded to odd. */
#define LW_SITES_MUL	0x9e3779b97f4a7c15ULL

/**
 * lw_held_site_key() - the key a known finding of an acquisition is found by
 * @s: the acquiring context's stack, before the push
 * @key: the acquisition's chain key, lw_held_next_key()
 * @ip: its site
 *
 * What a finding of the acquisition names besides its classes: its site
 * and the held locks' (struct lw_known). The sites, @ip first, are the
 * coefficients of a polynomial evaluated at an odd constant modulo 2^64
 * (a multiply and an add a site), mixed into @key once
 * (lw_chain_key_mix()), where a mix of each site cost some 12
 * instructions. Two lists of sites of one length take one value only if
 * the constant is a root of their difference, a polynomial of degree at
 * most the depth whose coefficients are differences of code addresses,
 * far below 2^64: a coincidence, as rare as two mixes colliding; lists
 * of two lengths differ in the chain key, which names the depth.
 *
 * Return: @key with @ip and the sites of @s's held locks mixed in, its
 * lowest bit set (63 bits of key, a chance of 2^-63 of two colliding).
 */
static __always_inline lw_chain_key_t lw_held_site_key(const struct lw_held_stack *s,
						       lw_chain_key_t key, unsigned long ip)
{
	u64 sites = ip;
	unsigned int i;

	for (i = 0; i < s->depth; i++)
		sites = sites * LW_SITES_MUL + s->locks[i].ip;
	/* Odd, never 0: the table stores it as it is (lw_chains_stored()). */
	return lw_chain_key_mix(key, sites) | 1;
}

/*
 * Push @dep, of class @id, acquired at @ip as @flags say in context @ctx;
 * @key is lw_held_next_key() of it. Room is checked. Owner only.
 */
static __always_inline void lw_held_push(struct lw_held_stack *s, struct lw_dep_map *dep,
					 lw_id_t id, unsigned int flags, unsigned int ctx,
					 unsigned long ip, lw_chain_key_t key)
{
	unsigned int depth = s->depth;
	struct lw_held_lock *h = &s->locks[depth];

	h->dep = dep;
	h->ip = ip;
	h->chain_key = key;
	h->class = id;
	h->flags = flags;
	h->ctx = ctx;
	/* Scans of other contexts read the entry only below the depth. */
	smp_store_release(&s->depth, depth + 1);
}

bool lw_held_drop_below(struct lw_held_stack *s, const struct lw_dep_map *dep);

/*
 * Remove @s's top entry if it is of @dep. Returns false if it is not (or
 * @s is empty). Owner only.
 */
static __always_inline bool lw_held_drop_top(struct lw_held_stack *s,
					     const struct lw_dep_map *dep)
{
	unsigned int top = s->depth - 1;

	if (likely(s->depth && s->locks[top].dep == dep)) {
		WRITE_ONCE(s->depth, top);
		return true;
	}
	return false;
}

/*
 * Remove the topmost entry of @dep from @s. Returns false if @s holds no
 * entry of @dep. Owner only.
 */
static __always_inline bool lw_held_drop(struct lw_held_stack *s, const struct lw_dep_map *dep)
{
	return lw_held_drop_top(s, dep) || lw_held_drop_below(s, dep);
}

/* The context whose preempt count is @pc as LW_IN_* bits (and the others). */
static __always_inline unsigned int lw_ctx_bits(unsigned long pc)
{
	unsigned long sc = lw_softirq_count(pc);
	bool irqs_on = !irqs_disabled();
	unsigned int ctx = 0;

	/* The common case, a task with nothing disabled: one test. */
	if (likely(!pc && !sc && irqs_on))
		return LW_IRQS_ON | LW_BH_ON;
	if (pc & HARDIRQ_MASK)
		ctx |= LW_IN_HARDIRQ;
	if (sc & SOFTIRQ_OFFSET)
		ctx |= LW_IN_SOFTIRQ;
	if (irqs_on)
		ctx |= LW_IRQS_ON;
	if (!sc)
		ctx |= LW_BH_ON;
	if (pc || !irqs_on)
		ctx |= LW_ATOMIC;
	return ctx;
}

size_t lw_held_mem_size(void);
void lw_held_init(void *mem);
struct lw_held_stack *lw_held_current(bool create);
struct lw_held_lock *lw_held_entry(struct lw_held_stack *s, const struct lw_dep_map *dep);
struct lw_held_lock *lw_held_any(struct lw_held_stack *s, const struct lw_dep_map *dep);
unsigned int lw_held_drop_stale(struct lw_held_stack *s, const struct lw_dep_map *dep);
struct lw_held_lock *lw_held_find_holder(const struct lw_dep_map *dep, struct lw_held_stack **sp);
void lw_held_rekey(struct lw_held_stack *s, unsigned int from);
void lw_held_post_stale(struct lw_held_stack *s, const struct lw_dep_map *dep);
struct lw_held_lock *lw_held_find_range(const void *mem, size_t size);
void lw_held_forget_range(const void *mem, size_t size);
bool lw_held_stale_going(u32 *pos, void (*held)(lw_id_t id, unsigned long ip, void *arg),
			 void *arg);
unsigned int lw_held_nr_stacks(void);
unsigned int lw_held_tasks_in_use(void);

#endif /* _LW_CORE_HELD_H */
