// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's checks common to every lock type: what an acquisition and a
 * release are checked against, and which findings they raise.
 *
 * All of it runs under the engine lock with interrupts off, allocates
 * nothing and never sleeps. New findings are printed after the engine lock
 * is dropped. A finding never turns checking off.
 */
#include "internal.h"

/* Serials of the findings one check created, printed once unlocked. */
struct lw_pending {
	unsigned int nr;
	u32 serial[4];
};

/* === Internals === */

static const char *lw_class_name(lw_id_t id)
{
	struct lw_class *class = lw_class_get(id);

	return class ? class->name : "?";
}

/* Precondition: the engine lock is held. */
static void lw_raise(struct lw_pending *pending, struct lw_finding_in *in)
{
	const struct lw_finding *f;
	bool is_new;

	in->pid = task_pid_nr(current);
	in->comm = current->comm;
	f = lw_ring_raise(&lw_engine.ring, in, lw_now_ns(), &is_new);
	lw_stat_inc(LW_STAT_FINDINGS);
	if (f && is_new && pending->nr < ARRAY_SIZE(pending->serial))
		pending->serial[pending->nr++] = f->serial;
}

static void lw_flush(const struct lw_pending *pending)
{
	unsigned int i;

	for (i = 0; i < pending->nr; i++)
		lw_report_console(pending->serial[i]);
}

/* A second lock of a class already held: lockdep's recursive locking. */
static bool lw_check_recursion(const struct lw_held_stack *s, lw_id_t id,
			       unsigned long ip, struct lw_pending *pending)
{
	unsigned int i;

	for (i = 0; i < s->depth; i++) {
		const struct lw_held_lock *h = &s->locks[i];
		struct lw_finding_in in = {
			.kind = LW_KIND_AA,
			.nr = 2,
			.cls = { lw_class_name(id), lw_class_name(id) },
			.ip = { ip, h->ip },
		};

		if (h->class != id)
			continue;
		lw_raise(pending, &in);
		return true;
	}
	return false;
}

/* Declared ranks ascend: taking a lower rank under a higher one is wrong. */
static void lw_check_rank(const struct lw_held_stack *s, const struct lw_class *class,
			  unsigned long ip, struct lw_pending *pending)
{
	unsigned int i;

	if (!class->rank)
		return;
	for (i = 0; i < s->depth; i++) {
		const struct lw_held_lock *h = &s->locks[i];
		const struct lw_class *held = lw_class_get(h->class);
		struct lw_finding_in in = {
			.kind = LW_KIND_RANK,
			.nr = 2,
			.ip = { ip, h->ip },
		};

		if (!held || held->rank <= class->rank)
			continue;
		in.cls[0] = class->name;
		in.cls[1] = held->name;
		in.rank[0] = class->rank;
		in.rank[1] = held->rank;
		lw_raise(pending, &in);
		return;
	}
}

/*
 * Learn the order of @id after the held locks, from the top of the stack
 * down to the first lock not taken by trylock (the ones below it are ordered
 * before it already), and report a cycle that an edge would close.
 */
static void lw_check_order(const struct lw_held_stack *s, lw_id_t id,
			   unsigned long ip, struct lw_pending *pending)
{
	unsigned int i, k;

	for (i = s->depth; i-- > 0;) {
		const struct lw_held_lock *h = &s->locks[i];
		struct lw_finding_in in = { .kind = LW_KIND_CYCLE };
		struct lw_cycle cycle;

		switch (lw_graph_add(&lw_engine.graph, h->class, id, h->ip, ip, &cycle)) {
		case LW_EDGE_CYCLE:
			in.nr = cycle.len;
			in.truncated = cycle.truncated;
			for (k = 0; k < cycle.len; k++) {
				in.cls[k] = lw_class_name(cycle.cls[k]);
				in.ip[k] = cycle.ip[k];
			}
			lw_raise(pending, &in);
			break;
		case LW_EDGE_NOSPACE:
			lw_stat_inc(LW_STAT_EDGES_FULL);
			break;
		case LW_EDGE_KNOWN:
		case LW_EDGE_ADDED:
			break;
		}
		if (!h->trylock)
			break;
	}
}

/* === Interface to the lock types === */

/* Attach @dep to @class (NULL: untracked), registering the class. */
void lw_dep_init(struct lw_dep_map *dep, struct lw_class *class)
{
	unsigned long flags;

	dep->class = class;
	dep->holder = NULL;
	dep->ip = 0;
	dep->gen = READ_ONCE(lw_engine.gen);
	if (!class || !lw_engine_lock(&flags))
		return;
	lw_class_register(class);
	lw_engine_unlock(flags);
}

/*
 * Check, then record, that the current task acquires @dep at @ip. Called
 * before a blocking acquisition (so a deadlock is reported before it
 * happens) and after a successful trylock (LW_ACQ_TRY: no order is learned).
 */
void lw_acquire(struct lw_dep_map *dep, unsigned int flags, unsigned long ip)
{
	struct lw_pending pending = { };
	struct lw_class *class = dep->class;
	struct lw_held_stack *s;
	unsigned long irqflags;
	lw_id_t id;

	if (!class) {
		lw_stat_inc(LW_STAT_UNTRACKED);
		return;
	}
	if (!lw_engine_lock(&irqflags))
		return;
	lw_stat_inc(LW_STAT_ACQUIRED);
	id = lw_class_register(class);
	s = id ? lw_held_current(true) : NULL;
	if (!s) {
		lw_stat_inc(LW_STAT_UNTRACKED);
		goto out;
	}
	if (s->depth >= LW_MAX_DEPTH) {
		struct lw_finding_in in = {
			.kind = LW_KIND_DEPTH,
			.nr = 1,
			.cls = { class->name },
			.ip = { ip },
		};

		lw_raise(&pending, &in);
		goto out;
	}
	if (!(flags & LW_ACQ_TRY) && !lw_check_recursion(s, id, ip, &pending)) {
		lw_check_rank(s, class, ip, &pending);
		lw_check_order(s, id, ip, &pending);
	}
	s->locks[s->depth++] = (struct lw_held_lock) {
		.dep = dep,
		.ip = ip,
		.class = id,
		.trylock = flags & LW_ACQ_TRY,
	};
	dep->holder = s;
	dep->ip = ip;
	dep->gen = lw_engine.gen;
out:
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
}

/*
 * Check and record that the current task releases @dep at @ip. @locked says
 * whether the underlying lock is held by anyone. Returns false when the
 * caller must not release the underlying lock: nobody holds it.
 */
bool lw_release(struct lw_dep_map *dep, bool locked, unsigned long ip)
{
	struct lw_pending pending = { };
	struct lw_held_stack *holder;
	unsigned long irqflags;
	bool release = true;

	if (!dep->class) {
		lw_stat_inc(LW_STAT_UNTRACKED);
		return true;
	}
	if (!lw_engine_lock(&irqflags))
		return true;
	lw_stat_inc(LW_STAT_RELEASED);
	holder = dep->holder;
	if (dep->gen != lw_engine.gen) {
		/* Acquired before checking was last switched on: untracked. */
		holder = NULL;
	} else if (!holder && !locked) {
		struct lw_finding_in in = {
			.kind = LW_KIND_UNLOCK_NOT_HELD,
			.nr = 1,
			.cls = { dep->class->name },
			.ip = { ip },
		};

		lw_raise(&pending, &in);
		release = false;
	} else if (holder && holder != lw_held_current(false)) {
		struct lw_finding_in in = {
			.kind = LW_KIND_UNLOCK_NON_OWNER,
			.nr = 2,
			.cls = { dep->class->name, dep->class->name },
			.ip = { ip, dep->ip },
		};

		lw_raise(&pending, &in);
	}
	if (holder)
		lw_held_remove(holder, dep);
	dep->holder = NULL;
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
	return release;
}
