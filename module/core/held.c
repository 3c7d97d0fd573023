// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's held-lock stacks: which locks each context holds, with no
 * change to task_struct. Task, softirq and hardirq contexts are kept apart,
 * as lockdep keeps them apart in its chains.
 *
 * A task claims a stack from a fixed pool when it first takes a tracked lock
 * and keeps it while it lives, so that it finds it again without the engine
 * lock: by hashing the task pointer and probing a few slots for its own
 * pointer and pid (the pid tells a new task from an exited one whose
 * task_struct it reuses). A stack whose task has exited is taken back when
 * a claim needs its slot. Each CPU has one stack for softirq and one for
 * hardirq context; on PREEMPT_RT, where tasks serve softirqs and may be
 * preempted doing so, a task serving one claims a second stack for it
 * (LW_SOFTIRQ_PER_TASK).
 *
 * A stack is changed only by its owner: pushes and pops need no lock. Other
 * contexts read stacks under the engine lock (a snapshot that may race with
 * the owner) and ask the owner, through requests, to mark entries stale (a
 * lock released by another context; a class forgotten). The entries of a
 * stack from an older checking generation are stale too. A stale entry is
 * never checked against: it is kept so that its owner's release finds it
 * and passes without a finding, whatever lockwarden missed meanwhile.
 */
#include "core/core.h"

#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>

/*
 * The task stacks (lw_max_tasks home slots and the probes past the last),
 * then 2 per CPU. Task slots are claimed under the engine lock.
 */
struct lw_held_stack *lw_stacks;
static unsigned int lw_nr_stacks;

/* Generation 0 (held.h): zero-initialised and never written. */
struct lw_held_stack lw_held_none;

/*
 * Set in lw_held_init(): a module's per-CPU data is copied from a section
 * that is never relocated, so an initialiser's address would stay 0.
 */
DEFINE_PER_CPU(struct lw_held_stack *, lw_held_last);
DEFINE_PER_CPU(struct lw_held_stack *, lw_held_last_bh);

/* Bytes lw_held_init() needs: the task stacks, then 2 per CPU. */
size_t lw_held_mem_size(void)
{
	return array_size(LW_HELD_IRQ_BASE + 2 * nr_cpu_ids, sizeof(*lw_stacks));
}

/* Use @mem, zeroed, of lw_held_mem_size() bytes. */
void lw_held_init(void *mem)
{
	unsigned int cpu, i;

	lw_nr_stacks = LW_HELD_IRQ_BASE + 2 * nr_cpu_ids;
	lw_stacks = mem;
	for_each_possible_cpu(cpu) {
		per_cpu(lw_held_last, cpu) = &lw_held_none;
		per_cpu(lw_held_last_bh, cpu) = &lw_held_none;
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		for (i = 0; i < 2; i++) {
			struct lw_held_stack *s = &lw_stacks[LW_HELD_IRQ_BASE + 2 * cpu + i];

			s->ctx = i ? LW_CTX_HARDIRQ : LW_CTX_SOFTIRQ;
			s->cpu = cpu;
		}
	}
}

/* Whether @s is of the pool a task claims from, not a CPU's. */
static bool lw_held_pooled(const struct lw_held_stack *s)
{
	return s < &lw_stacks[LW_HELD_IRQ_BASE];
}

/* Precondition: the engine lock is held. */
static bool lw_held_in_use(const struct lw_held_stack *s)
{
	unsigned int gen = READ_ONCE(s->gen);

	if (lw_held_pooled(s) && !READ_ONCE(s->task))
		return false;
	return gen == lw_engine.gen || (!gen && s->req_gen == lw_engine.gen);
}

/* Whether the task of a claimed slot has exited. Precondition: engine lock held. */
static bool lw_held_task_gone(const struct lw_held_stack *s)
{
	struct task_struct *t;
	bool gone;

	rcu_read_lock();
	t = pid_task(find_pid_ns(s->pid, &init_pid_ns), PIDTYPE_PID);
	gone = t != s->task || READ_ONCE(t->exit_state);
	rcu_read_unlock();
	return gone;
}

/*
 * Claim a stack of context @ctx (LW_CTX_TASK, or LW_CTX_SOFTIRQ where
 * LW_SOFTIRQ_PER_TASK) for the current task, taking back one whose task
 * exited if no slot is free. NULL when every slot probed is in use
 * (counted).
 */
static struct lw_held_stack *lw_held_claim(enum lw_ctx ctx)
{
	struct task_struct *task = current;
	struct lw_held_stack *home, *free = NULL;
	unsigned int i;

	home = &lw_stacks[reciprocal_scale(hash_ptr(task, 32), lw_max_tasks)];
	for (i = 0; i < LW_HELD_PROBES && !free; i++) {
		if (!home[i].task)
			free = &home[i];
	}
	for (i = 0; i < LW_HELD_PROBES && !free; i++) {
		struct lw_held_stack *s = &home[i];

		if (!lw_held_task_gone(s))
			continue;
		/* The task exited (or its pointer was reused) holding locks. */
		if (lw_held_in_use(s) && s->depth)
			lw_stat_inc(LW_STAT_STALE_STACKS);
		free = s;
	}
	if (!free) {
		lw_pool_full(LW_POOL_TASKS);
		return NULL;
	}
	free->pid = task->pid;
	free->ctx = ctx;
	free->gen = lw_engine.gen;
	free->nr_req = 0;
	free->req_overflow = false;
	free->lost = 0;
	free->depth = 0;
	WRITE_ONCE(free->task, task);
	lw_held_set_hint(ctx, free);
	return free;
}

/* Mark @h of @s stale: it no longer takes part in any chain. Owner only. */
static void lw_held_make_stale(struct lw_held_stack *s, struct lw_held_lock *h)
{
	unsigned int i = h - s->locks;

	h->flags |= LW_HELD_STALE;
	h->chain_key = i ? s->locks[i - 1].chain_key : 0;
}

/*
 * Apply the requests of other contexts to @s, the current context's stack:
 * the entries asked for become stale. Owner only.
 */
static void lw_held_apply(struct lw_held_stack *s)
{
	unsigned int r, i, low = s->depth;

	for (i = s->depth; i-- > 0;) {
		struct lw_held_lock *h = &s->locks[i];
		bool stale = s->req_overflow;

		for (r = 0; !stale && r < s->nr_req; r++)
			stale = s->req[r].dep ? s->req[r].dep == h->dep :
						s->req[r].class == h->class;
		if (stale && lw_held_live(h)) {
			lw_held_make_stale(s, h);
			low = i;
		}
	}
	lw_held_rekey(s, low);
}

/* Mark every entry of @s stale: they are of an older generation. Owner only. */
static void lw_held_stale_all(struct lw_held_stack *s)
{
	unsigned int i;

	for (i = 0; i < s->depth; i++)
		lw_held_make_stale(s, &s->locks[i]);
}

/*
 * The current context's stack, brought up to date: other contexts'
 * requests applied, every entry of an older generation made stale. With
 * @create, a task claims one if it has none. NULL when it has none (and
 * @create is false), no slot is free (counted), in NMI context, which is
 * not tracked, or while the lock paths are paused (lw_engine.paused).
 *
 * Precondition: the engine lock is held.
 */
struct lw_held_stack *lw_held_current(bool create)
{
	struct lw_held_stack *s;

	if (unlikely(lw_engine.paused))
		return NULL;
	s = lw_held_mine();

	if (!s && !in_nmi() && create)
		s = lw_held_claim(LW_SOFTIRQ_PER_TASK && in_serving_softirq() ?
				  LW_CTX_SOFTIRQ : LW_CTX_TASK);
	if (!s || s->gen == lw_engine.gen)
		return s;
	if (!s->gen && s->req_gen == lw_engine.gen)
		lw_held_apply(s);
	else
		lw_held_stale_all(s);
	s->nr_req = 0;
	s->req_overflow = false;
	WRITE_ONCE(s->gen, lw_engine.gen);
	return s;
}

/*
 * Ask the owner of @s to mark stale its entries of @dep, or with @dep NULL
 * every entry of class @id, at its next operation. Until then, scans skip
 * those entries. More requests than a stack keeps make the owner mark every
 * entry stale (counted). Precondition: the engine lock is held; @s is in use.
 */
static void lw_held_request(struct lw_held_stack *s, const struct lw_dep_map *dep,
			    lw_id_t id)
{
	if (s->gen) {
		s->req_gen = s->gen;
		s->nr_req = 0;
		s->req_overflow = false;
		/* The owner's next operation takes the slow path. */
		WRITE_ONCE(s->gen, 0);
	}
	if (s->nr_req == LW_HELD_REQS) {
		if (!s->req_overflow)
			lw_pool_full(LW_POOL_REQUESTS);
		s->req_overflow = true;
		return;
	}
	s->req[s->nr_req++] = (struct lw_held_req) { .dep = dep, .class = id };
}

/* Whether a request pending on @s makes @h stale. */
static bool lw_held_requested(const struct lw_held_stack *s, const struct lw_held_lock *h)
{
	const struct lw_dep_map *dep = READ_ONCE(h->dep);
	lw_id_t class = READ_ONCE(h->class);
	unsigned int r;

	if (READ_ONCE(s->gen))
		return false;
	if (s->req_overflow)
		return true;
	for (r = 0; r < s->nr_req; r++)
		if (s->req[r].dep ? s->req[r].dep == dep : s->req[r].class == class)
			return true;
	return false;
}

/* Recompute the chain keys of @s's entries from @from up. Owner only. */
void lw_held_rekey(struct lw_held_stack *s, unsigned int from)
{
	unsigned int i;

	for (i = from; i < s->depth; i++) {
		struct lw_held_lock *h = &s->locks[i];

		if (lw_held_live(h))
			h->chain_key = lw_held_key_on(s, i, h->class, h->flags, h->ctx);
		else
			h->chain_key = i ? s->locks[i - 1].chain_key : 0;
	}
}

/* The topmost live entry of @dep in @s, or NULL. */
struct lw_held_lock *lw_held_entry(struct lw_held_stack *s, const struct lw_dep_map *dep)
{
	unsigned int i;

	for (i = s ? s->depth : 0; i-- > 0;)
		if (s->locks[i].dep == dep && lw_held_live(&s->locks[i]))
			return &s->locks[i];
	return NULL;
}

/* Remove entry @i of @s, below its depth. Owner only. */
static void lw_held_drop_at(struct lw_held_stack *s, unsigned int i)
{
	u64 *stamps;

	WRITE_ONCE(s->depth, s->depth - 1);
	memmove(&s->locks[i], &s->locks[i + 1], (s->depth - i) * sizeof(s->locks[0]));
	stamps = lw_held_stamps(s);
	if (stamps)
		memmove(&stamps[i], &stamps[i + 1], (s->depth - i) * sizeof(*stamps));
	/* The entries above it now form other chains. */
	lw_held_rekey(s, i);
}

/*
 * The topmost entry of @dep in @s, live or stale, or NULL: whether the
 * context may hold @dep, as far as lockwarden knows.
 */
struct lw_held_lock *lw_held_any(struct lw_held_stack *s, const struct lw_dep_map *dep)
{
	unsigned int i;

	for (i = s ? s->depth : 0; i-- > 0;)
		if (s->locks[i].dep == dep)
			return &s->locks[i];
	return NULL;
}

/*
 * Drop every stale entry of @dep from @s, or with @dep NULL every stale
 * entry (see lw_acquire_slow()). Returns how many. Owner only.
 */
unsigned int lw_held_drop_stale(struct lw_held_stack *s, const struct lw_dep_map *dep)
{
	unsigned int i, n = 0;

	for (i = s->depth; i-- > 0;) {
		if ((!dep || s->locks[i].dep == dep) && !lw_held_live(&s->locks[i])) {
			lw_held_drop_at(s, i);
			n++;
		}
	}
	return n;
}

/* lw_held_drop() of an entry below the top, live or stale. Owner only. */
bool lw_held_drop_below(struct lw_held_stack *s, const struct lw_dep_map *dep)
{
	struct lw_held_lock *h = lw_held_any(s, dep);

	if (h)
		lw_held_drop_at(s, h - s->locks);
	return h;
}

/*
 * How many entries of @s a scan reads: its depth, 0 if it is not in use.
 * Precondition: the engine lock is held.
 */
static unsigned int lw_held_scan_depth(const struct lw_held_stack *s)
{
	if (!lw_held_in_use(s))
		return 0;
	/* Pairs with lw_held_push(): entries below the depth are written. */
	return smp_load_acquire(&s->depth);
}

/*
 * Whether a scan sees @h of @s: live, and no request pending makes it stale.
 * Another context's entry: its owner may pop and push it meanwhile, lock-free
 * (lw_held_push()), so each field a scan reads is read once (as are those of
 * the entry a scan returns, by its callers).
 */
static bool lw_held_scanned(const struct lw_held_stack *s, const struct lw_held_lock *h)
{
	return !(READ_ONCE(h->flags) & LW_HELD_STALE) && !lw_held_requested(s, h);
}

/*
 * The first live held entry that @match accepts for @arg in any context
 * whose stack index is *@t or higher, or NULL; *@t is set to that stack's
 * index. Entries other contexts asked to make stale are skipped.
 */
static struct lw_held_lock *lw_held_scan(unsigned int *t,
					 bool (*match)(const struct lw_held_lock *h,
						       const void *arg),
					 const void *arg)
{
	for (; *t < lw_nr_stacks; ++*t) {
		struct lw_held_stack *s = &lw_stacks[*t];
		unsigned int i, depth = lw_held_scan_depth(s);

		for (i = 0; i < depth; i++) {
			struct lw_held_lock *h = &s->locks[i];

			if (lw_held_scanned(s, h) && match(h, arg))
				return h;
		}
	}
	return NULL;
}

static bool lw_match_dep(const struct lw_held_lock *h, const void *dep)
{
	return READ_ONCE(h->dep) == dep;
}

struct lw_range {
	unsigned long start, end;
};

static bool lw_match_range(const struct lw_held_lock *h, const void *arg)
{
	const struct lw_range *r = arg;
	unsigned long dep = (unsigned long)READ_ONCE(h->dep);

	return dep >= r->start && dep < r->end;
}

/*
 * A live entry of @dep in any context, or NULL; its stack in *@sp if @sp.
 * The entry is read racily (its owner may pop it meanwhile): read its
 * fields once each, and never look it up again.
 */
struct lw_held_lock *lw_held_find_holder(const struct lw_dep_map *dep, struct lw_held_stack **sp)
{
	unsigned int t = 0;
	struct lw_held_lock *h = lw_held_scan(&t, lw_match_dep, dep);

	if (h && sp)
		*sp = &lw_stacks[t];
	return h;
}

/* A held entry whose lock lies in [@mem, @mem + @size), or NULL. */
struct lw_held_lock *lw_held_find_range(const void *mem, size_t size)
{
	struct lw_range r = {
		.start = (unsigned long)mem,
		.end = (unsigned long)mem + size,
	};
	unsigned int t = 0;

	return lw_held_scan(&t, lw_match_range, &r);
}

/*
 * Have every entry whose lock lies in [@mem, @mem + @size), memory being
 * freed or a lock destroyed, made stale, so that nothing reads the lock's
 * memory again (the task-exit hook, for one).
 */
void lw_held_forget_range(const void *mem, size_t size)
{
	struct lw_range r = {
		.start = (unsigned long)mem,
		.end = (unsigned long)mem + size,
	};
	struct lw_held_lock *h;
	unsigned int t;

	/* One entry a scan: each found is skipped by the next, as requested. */
	for (t = 0; (h = lw_held_scan(&t, lw_match_range, &r));)
		lw_held_request(&lw_stacks[t], READ_ONCE(h->dep), 0);
}

/**
 * lw_held_stale_going() - make stale the held entries of classes going away
 * @pos: the first stack to scan; advanced past those scanned
 * @held: called with the class id and site of each such entry found (a
 *	class may be found more than once)
 * @arg: passed to @held
 *
 * One batch of LW_BATCH stacks: their owners mark the entries of every
 * class lw_class_going() says of at their next operation; scans skip them
 * until then. Precondition: the engine lock is held.
 *
 * Return: true when every stack was scanned.
 */
bool lw_held_stale_going(u32 *pos, void (*held)(lw_id_t id, unsigned long ip, void *arg),
			 void *arg)
{
	u64 end = (u64)*pos + LW_BATCH;

	for (; *pos < lw_nr_stacks && *pos < end; ++*pos) {
		struct lw_held_stack *s = &lw_stacks[*pos];
		unsigned int i, depth = lw_held_scan_depth(s);

		for (i = 0; i < depth; i++) {
			struct lw_held_lock *h = &s->locks[i];
			lw_id_t id = READ_ONCE(h->class);

			if (!lw_held_scanned(s, h) || !lw_class_going(id))
				continue;
			held(id, READ_ONCE(h->ip), arg);
			lw_held_request(s, NULL, id);
		}
	}
	return *pos >= lw_nr_stacks;
}

/*
 * @dep, held by @s, was released by another context: have @s's owner mark
 * its entry stale, so that its own release later passes without a second
 * finding. Precondition: the engine lock is held.
 */
void lw_held_post_stale(struct lw_held_stack *s, const struct lw_dep_map *dep)
{
	lw_held_request(s, dep, 0);
}

/* Task stacks claimed now (a racy count), of LW_HELD_IRQ_BASE. */
unsigned int lw_held_tasks_in_use(void)
{
	unsigned int t, n = 0;

	for (t = 0; t < LW_HELD_IRQ_BASE; t++)
		n += !!READ_ONCE(lw_stacks[t].task);
	return n;
}

/* The number of stacks lw_held_snapshot() takes: task stacks, then per CPU. */
unsigned int lw_held_nr_stacks(void)
{
	return lw_nr_stacks;
}

/* Copy stack @t into @out. Precondition: the engine lock is held. */
static void lw_held_copy(unsigned int t, struct lw_held_snap *out)
{
	struct lw_held_stack *s = &lw_stacks[t];
	unsigned int i, depth;
	bool alive = true;

	if (!lw_held_in_use(s))
		return;
	out->ctx = s->ctx;
	out->cpu = s->cpu;
	out->task = lw_held_pooled(s);
	out->pid = 0;
	strscpy(out->comm, "-", sizeof(out->comm));
	if (out->task) {
		struct task_struct *task;

		rcu_read_lock();
		task = pid_task(find_pid_ns(s->pid, &init_pid_ns), PIDTYPE_PID);
		alive = task && task == READ_ONCE(s->task) && !READ_ONCE(task->exit_state);
		if (alive) {
			out->pid = s->pid;
			strscpy(out->comm, task->comm, sizeof(out->comm));
		}
		rcu_read_unlock();
	}
	if (!alive)
		return;
	/* Pairs with lw_held_push(): entries below the depth are written. */
	depth = min_t(unsigned int, smp_load_acquire(&s->depth), LW_MAX_DEPTH);
	for (i = 0; i < depth; i++) {
		const struct lw_held_lock *h = &s->locks[i];
		lw_id_t id = READ_ONCE(h->class);

		if (!lw_class_get(id) || !lw_held_scanned(s, h))
			continue;
		strscpy(out->locks[out->depth].cls, lw_class_name(id), LW_NAME_LEN);
		out->locks[out->depth].subclass = lw_class_subclass(id);
		out->locks[out->depth].flags = READ_ONCE(h->flags);
		out->locks[out->depth].ip = READ_ONCE(h->ip);
		out->depth++;
	}
}

/**
 * lw_held_snap() - copy one context's held locks, for debugfs
 * @t: the stack's index, below lw_held_nr_stacks()
 * @out: receives its context, its task's pid and name, and each entry's
 *	class, how it was taken and where
 *
 * An unused stack, one of an older generation or of an exited task copies
 * as no entry; so do stale entries and those another context asked to make
 * stale. The owner
 * pushes and pops without the engine lock, so the copy is a snapshot that
 * may race with it: an entry popped meanwhile may show, each field is read
 * whole, and class ids are looked up under the engine lock, so nothing read
 * is ever invalid.
 */
void lw_held_snap(unsigned int t, struct lw_held_snap *out)
{
	unsigned long flags;

	out->depth = 0;
	if (t >= lw_nr_stacks || !lw_engine_lock(&flags))
		return;
	lw_held_copy(t, out);
	lw_engine_unlock(flags);
}
