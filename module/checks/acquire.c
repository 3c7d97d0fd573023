// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's checks common to every lock type: what an acquisition and a
 * release are checked against, and which findings they raise (the hooks of
 * each lock type, in mutex.c, spinlock.c, rwlock.c and rwsem.c, call them).
 *
 * Two paths. The fast path takes no lock: an acquisition whose chain (the
 * held locks, the new lock's class, how and in which context it is taken)
 * is in the validated-chain cache only pushes onto the context's own stack,
 * and a release of a lock the context holds only pops it. Everything else
 * (a new chain, a finding, a context without a stack) takes the slow path
 * under the engine lock with interrupts off. Neither allocates or sleeps.
 * New findings are printed after the engine lock is dropped. A finding
 * never turns checking off.
 */
#include "checks/hooks.h"

#include <linux/hardirq.h>
#include <linux/preempt.h>

/* === Internals === */

/* Fill the two-class part of a finding: this acquisition and a held lock. */
static void lw_in_pair(struct lw_finding_in *in, enum lw_kind kind,
		       lw_id_t id, unsigned long ip, lw_id_t other, unsigned long other_ip)
{
	in->kind = kind;
	in->nr = 2;
	lw_in_class(in, 0, id, ip);
	lw_in_class(in, 1, other, other_ip);
}

/*
 * The same lock, or another lock of a class already held. Returns true when
 * the acquisition is a recursion (reported, or a permitted recursive read),
 * and then needs no order check.
 */
static bool lw_check_recursion(const struct lw_held_stack *s, const struct lw_dep_map *dep,
			       lw_id_t id, unsigned int flags, unsigned long ip,
			       struct lw_pending *pending)
{
	unsigned int i;

	for (i = 0; i < s->depth; i++) {
		const struct lw_held_lock *h = &s->locks[i];
		struct lw_finding_in in = { };

		if (!lw_held_live(h) || (h->dep != dep && h->class != id))
			continue;
		if ((h->flags & LW_ACQ_RREAD) && (flags & LW_ACQ_RREAD))
			return true;	/* rwlock_t readers may recurse */
		/* A read hold, then a write of the class: upgrade (on one lock, certain). */
		if ((h->flags & LW_ACQ_READ) && !(flags & LW_ACQ_READ))
			lw_in_pair(&in, LW_KIND_UPGRADE, id, ip, h->class, h->ip);
		else
			lw_in_pair(&in, LW_KIND_AA, id, ip, h->class, h->ip);
		lw_raise(pending, &in);
		return true;
	}
	return false;
}

/* Declared ranks ascend: taking a lower rank under a higher one is wrong. */
static void lw_check_rank(const struct lw_held_stack *s, lw_id_t id,
			  unsigned long ip, struct lw_pending *pending)
{
	int rank = lw_class_rank(id);
	unsigned int i;

	if (!rank)
		return;
	for (i = 0; i < s->depth; i++) {
		const struct lw_held_lock *h = &s->locks[i];
		int held_rank = lw_class_rank(h->class);
		struct lw_finding_in in = { };

		if (!lw_held_live(h) || held_rank <= rank)
			continue;
		lw_in_pair(&in, LW_KIND_RANK, id, ip, h->class, h->ip);
		in.detail.rank.rank = rank;
		in.detail.rank.held_rank = held_rank;
		lw_raise(pending, &in);
		return;
	}
}

static_assert(LW_USAGE_USED_IN == (BIT(LW_USED_IN_HARDIRQ) | BIT(LW_USED_IN_SOFTIRQ) |
				   BIT(LW_USED_IN_HARDIRQ_READ) | BIT(LW_USED_IN_SOFTIRQ_READ)));
static_assert((LW_USAGE_USED_IN << 1) == LW_USAGE_ENABLED);

/*
 * The path from an irq-safe class to an irq-unsafe one: the target class of
 * each link and where it was taken, and the first link's edge (for its
 * stack). A finding keeps LW_IRQ_LINKS links.
 */
#define LW_IRQ_LINKS	(LW_CHAIN_MAX - 2)

struct lw_irq_path {
	unsigned int nr;
	bool truncated;
	u32 first_edge;
	lw_id_t cls[LW_IRQ_LINKS];
	unsigned long ip[LW_IRQ_LINKS];
};

static void lw_irq_path_link(struct lw_irq_path *p, lw_id_t to, unsigned long ip, u32 e)
{
	if (!p->nr && !p->truncated)
		p->first_edge = e;
	if (p->nr == LW_IRQ_LINKS) {
		p->truncated = true;
		return;
	}
	p->cls[p->nr] = to;
	p->ip[p->nr++] = ip;
}

/* Append the edges of @wp, from its first (@reverse: from its last) on. */
static void lw_irq_path_edges(struct lw_irq_path *p, const struct lw_path *wp, bool reverse)
{
	unsigned int i;

	for (i = 0; i < wp->len; i++) {
		u32 e = wp->edge[reverse ? wp->len - 1 - i : i];
		const struct lw_edge *edge = &lw_engine.graph.edges[e];

		lw_irq_path_link(p, edge->to, edge->to_ip, e);
	}
	p->truncated |= wp->truncated;
}

/*
 * The usage bits class @id counts with on a path: all, or only the write
 * ones when the path holds it shared (lockdep's only_xr): a reader in an
 * interrupt does not wait for a reader, nor a recursive reader for one.
 */
static u8 lw_path_usage(lw_id_t id, bool shared)
{
	return lw_class_usage(id) & (shared ? LW_USAGE_WRITE : 0xff);
}

/*
 * The usage bits that deadlock with any of @mask's, as lockdep's
 * exclusive_mask() and original_mask(): the other direction (used in an
 * interrupt against taken with it enabled) of the same interrupt, read and
 * write alike. A read in an interrupt waits for a writer, and a writer for
 * a reader; the path's holds rule out the reader-reader pairs
 * (lw_path_usage()).
 */
static u8 lw_usage_exclusive(u8 mask)
{
	u8 dir = (mask & LW_USAGE_USED_IN) << 1 | (mask & LW_USAGE_ENABLED) >> 1;

	return dir | dir >> LW_USAGE_READ | (u8)(dir << LW_USAGE_READ);
}

/* The first pair of @safe's and @unsafe's bits that deadlock, as find_exclusive_match(). */
static void lw_usage_pair(u8 safe, u8 unsafe, enum lw_usage *safe_bit,
			  enum lw_usage *unsafe_bit)
{
	unsigned int bit;

	for (bit = 0; bit < LW_USAGE_COUNT; bit++) {
		unsigned int excl = (bit % LW_USAGE_READ) ^ 1;

		if (!(safe & BIT(bit)))
			continue;
		if (unsafe & BIT(excl) || unsafe & BIT(excl + LW_USAGE_READ)) {
			*safe_bit = bit;
			*unsafe_bit = unsafe & BIT(excl) ? excl : excl + LW_USAGE_READ;
			return;
		}
	}
}

/*
 * Report irq-safe class @safe (its usage @sbit), which reaches irq-unsafe
 * class @unsafe (@ubit) by the learned order @p: lockdep's "HARDIRQ-safe
 * -> HARDIRQ-unsafe lock order detected" and "possible irq lock inversion
 * dependency detected". An interrupt taking @safe on a CPU that holds
 * @unsafe with it enabled waits for a CPU that holds @safe and waits, along
 * the path, for @unsafe.
 */
static void lw_raise_irq_path(lw_id_t safe, enum lw_usage sbit, lw_id_t unsafe,
			      enum lw_usage ubit, const struct lw_irq_path *p,
			      struct lw_pending *pending)
{
	struct lw_finding_in in = { };
	unsigned int i;

	lw_in_pair(&in, LW_KIND_IRQ_INVERSION, safe, lw_class_usage_ip(safe, sbit),
		   unsafe, lw_class_usage_ip(unsafe, ubit));
	for (i = 0; i < p->nr; i++)
		lw_in_class(&in, 2 + i, p->cls[i], p->ip[i]);
	in.nr = 2 + p->nr;
	in.truncated = p->truncated;
	in.detail.irq.usage = sbit;
	in.detail.irq.conflicts_with = ubit;
	in.detail.irq.links = p->nr;
	if (p->first_edge)
		in.stack[1] = lw_stack_edge(p->first_edge, &in.nr_stack[1]);
	lw_raise(pending, &in);
}

/*
 * A new dependency @prev (held as @h says) -> @id, learned (@e) or, for a
 * recursive read (@rread), checked only: whether it joins a class used in
 * an interrupt, before @prev, to one taken with that interrupt enabled,
 * after @id. lockdep's check_irq_usage(), on the same rule: a class held
 * shared on the path counts only with its write usage, and a recursive
 * read waits only for a writer, so it is left only by dependencies
 * learned while it was held exclusively.
 */
static void lw_check_irq_order(const struct lw_held_lock *h, lw_id_t id, bool rread,
			       unsigned long ip, u32 e, struct lw_pending *pending)
{
	struct lw_graph *g = &lw_engine.graph;
	bool prev_shared = h->flags & LW_ACQ_READ;
	struct lw_path back, fwd;
	struct lw_irq_path p = { };
	enum lw_usage sbit = 0, ubit = 0;
	u8 used = 0, found = 0, want;
	lw_id_t c, safe = 0, unsafe = 0;
	u32 via;

	/* The interrupts some class before @id is used in. */
	lw_graph_walk_start(g, h->class, true, false);
	while ((c = lw_graph_walk_next(g, &via)))
		used |= lw_path_usage(c, via ? !g->edges[via].from_excl : prev_shared);
	used &= LW_USAGE_USED_IN;
	if (!used)
		return;
	/* A class after it taken with one of them enabled: the first. */
	want = lw_usage_exclusive(used);
	lw_graph_walk_start(g, id, false, rread);
	while (!unsafe && (c = lw_graph_walk_next(g, &via))) {
		found = lw_path_usage(c, !via && rread) & want;
		if (found)
			unsafe = c;
	}
	if (!unsafe)
		return;
	lw_graph_walk_path(g, unsafe, &fwd);
	/* And the first class before it used in that interrupt. */
	want = lw_usage_exclusive(found);
	lw_graph_walk_start(g, h->class, true, false);
	while (!safe && (c = lw_graph_walk_next(g, &via))) {
		u8 u = lw_path_usage(c, via ? !g->edges[via].from_excl : prev_shared) & want;

		if (u) {
			safe = c;
			lw_usage_pair(u, found, &sbit, &ubit);
		}
	}
	if (!safe)
		return;
	lw_graph_walk_path(g, safe, &back);
	lw_irq_path_edges(&p, &back, true);
	lw_irq_path_link(&p, id, ip, e);
	lw_irq_path_edges(&p, &fwd, false);
	lw_raise_irq_path(safe, sbit, unsafe, ubit, &p, pending);
}

/*
 * Class @id newly shows usage @bit (@rread: by a recursive read): whether
 * a class it reaches by the learned order is taken with that interrupt
 * enabled (@bit used in it), or a class reaching it is used in that
 * interrupt (@bit taken with it enabled). lockdep's check_usage_forwards()
 * and check_usage_backwards() from mark_lock_irq(); @id's own usage is
 * lw_mark()'s.
 */
static void lw_check_irq_mark(lw_id_t id, enum lw_usage bit, bool rread,
			      struct lw_pending *pending)
{
	struct lw_graph *g = &lw_engine.graph;
	bool enabled = bit % 2;
	/* The other direction of the same interrupt, read and write. */
	enum lw_usage opp = (bit % LW_USAGE_READ) ^ 1, obit;
	u8 u = 0, want = BIT(opp) | BIT(opp + LW_USAGE_READ);
	struct lw_irq_path p = { };
	struct lw_path wp;
	lw_id_t c;
	u32 via;

	lw_graph_walk_start(g, id, enabled, !enabled && rread);
	lw_graph_walk_next(g, &via);	/* @id itself */
	while ((c = lw_graph_walk_next(g, &via))) {
		u = lw_path_usage(c, enabled && !g->edges[via].from_excl) & want;
		if (u)
			break;
	}
	if (!c)
		return;
	obit = u & BIT(opp) ? opp : opp + LW_USAGE_READ;
	lw_graph_walk_path(g, c, &wp);
	lw_irq_path_edges(&p, &wp, enabled);
	if (enabled)
		lw_raise_irq_path(c, obit, id, bit, &p, pending);
	else
		lw_raise_irq_path(id, bit, c, obit, &p, pending);
}

/**
 * lw_raise_cycle() - report the cycle a new dependency would close
 * @cycle: the cycle, from lw_graph_add() or lw_graph_closes_cycle()
 * @from_ip: the site of the new dependency's source (cls[0]): where the
 *	held lock was taken, or where the event is completed
 * @pending: the check's pending occurrences
 *
 * With the stack saved when the cycle's first learned link (cls[1] ->
 * cls[2], or cls[0] for ABBA) was, a recursive read's dependency or an
 * edge. A link's site is where its target was
 * taken, but a link out of an event class (a completion under a lock,
 * Documentation/waits.rst) has the site of the completion instead: the
 * place in the code that makes the event wait for the lock.
 * Precondition: the engine lock is held.
 */
void lw_raise_cycle(const struct lw_cycle *cycle, unsigned long from_ip,
		    struct lw_pending *pending)
{
	struct lw_graph *g = &lw_engine.graph;
	struct lw_finding_in in = {
		.kind = LW_KIND_CYCLE,
		.nr = cycle->len,
		.truncated = cycle->truncated,
	};
	unsigned int k;

	for (k = 0; k < cycle->len; k++) {
		unsigned long ip = cycle->ip[k];
		u32 e;

		if (lw_class_is_event(cycle->cls[k])) {
			/* The last link of a truncated cycle is no learned edge: kept. */
			e = k ? lw_graph_edge_index(g, cycle->cls[k],
						    cycle->cls[(k + 1) % cycle->len]) : 0;
			ip = !k ? from_ip : e ? g->edges[e].from_ip : ip;
		}
		lw_in_class(&in, k, cycle->cls[k], ip);
	}
	if (cycle->len >= 2) {
		lw_id_t from = cycle->cls[1], to = cycle->cls[2 % cycle->len];

		if (cycle->rread_links & BIT(1))
			in.stack[1] = lw_stack_rread(lw_rreads_index(&lw_engine.rreads, from, to),
						     &in.nr_stack[1]);
		else
			in.stack[1] = lw_stack_edge(lw_graph_edge_index(g, from, to),
						    &in.nr_stack[1]);
	}
	lw_raise(pending, &in);
}

/*
 * Learn the dependency of @id (at @ip) on held lock @h: an edge of the
 * graph, or for a recursive read (@rread) a dependency kept apart
 * (engine/rread.c), and report the (strong) cycle it would close. A new
 * edge is checked for joining an irq-safe class to an irq-unsafe one; a
 * recursive read, which adds no edge, each time; neither if @check_irq is
 * false.
 */
static void lw_check_dep(const struct lw_held_lock *h, lw_id_t id, bool rread,
			 bool check_irq, unsigned long ip, struct lw_pending *pending)
{
	bool read = h->flags & LW_ACQ_READ, added = false;
	struct lw_cycle cycle;
	u32 e = 0;

	switch (rread ? lw_graph_add_rread(&lw_engine.graph, h->class, id, h->ip, ip, read, &cycle)
		      : lw_graph_add(&lw_engine.graph, h->class, id, h->ip, ip, read, &cycle)) {
	case LW_EDGE_CYCLE:
		lw_raise_cycle(&cycle, h->ip, pending);
		return;
	case LW_EDGE_NOSPACE:
		lw_pool_full(LW_POOL_EDGES);
		break;
	case LW_EDGE_ADDED:
		if (rread) {
			lw_stack_rread_save(lw_rreads_index(&lw_engine.rreads, h->class, id));
		} else {
			/* Another acquisition may close a shorter cycle now. */
			lw_known_invalidate();
			e = lw_graph_edge_index(&lw_engine.graph, h->class, id);
			lw_stack_edge_save(e);
		}
		lw_pending_edge(pending, h->ip, ip);
		added = true;
		break;
	case LW_EDGE_KNOWN:
		break;
	}
	if (check_irq && (rread || added))
		lw_check_irq_order(h, id, rread, ip, e, pending);
}

/*
 * Learn the order of @id after the held locks, from the top of the stack
 * down to the first lock not taken by trylock (the ones below it are ordered
 * before it already), and report a cycle that an edge would close.
 *
 * Recursive reads (rwlock_t read acquisitions in interrupt context or with
 * bottom halves off) add no edge: their dependencies are kept apart
 * (engine/rread.c), as lockdep keeps them since v5.10. So every learned
 * edge leads to a lock that waits, and a cycle of learned edges is a
 * deadlock whatever the holds were (lockdep's "strong" path). A recursive
 * read waits only for a writer, so a cycle through it must leave its class
 * by a dependency learned while that class was held exclusively, whichever
 * of the two was seen first. Each new dependency, and each recursive read,
 * is also checked for joining an irq-safe class to an irq-unsafe one,
 * unless @check_irq is false (this acquisition's usage was reported
 * already).
 */
static void lw_check_order(const struct lw_held_stack *s, lw_id_t id, unsigned int flags,
			   bool check_irq, unsigned long ip, struct lw_pending *pending)
{
	unsigned int i;

	for (i = s->depth; i-- > 0;) {
		const struct lw_held_lock *h = &s->locks[i];

		if (!lw_held_live(h))
			continue;
		lw_check_dep(h, id, flags & LW_ACQ_RREAD, check_irq, ip, pending);
		if (!(h->flags & LW_ACQ_TRY))
			break;
	}
}

/*
 * A lock taken where its wait type is not allowed: reported, as @kind, if
 * the context is @atomic or holds a live lock whose flags masked by @mask
 * are @want (the innermost one is named as the likeliest reason).
 *
 * LW_KIND_SLEEP_ATOMIC: a sleeping lock where sleeping is not allowed, or
 * under any spinning lock.
 *
 * LW_KIND_WAIT_CONTEXT: a lock that sleeps on PREEMPT_RT (spinlock_t,
 * rwlock_t) where nothing may sleep there, as lockdep's wait types say
 * (LD_WAIT_CONFIG inside LD_WAIT_SPIN): under a raw spinlock, on every
 * kernel, as lockdep's PROVE_RAW_LOCK_NESTING; on PREEMPT_RT also with
 * preemption or interrupts off, which lockwarden can tell there only,
 * where spinlock_t leaves both alone (elsewhere a held spinlock_t the
 * driver did not wrap turns preemption off too, and is no bug).
 */
static void lw_check_context(const struct lw_held_stack *s, enum lw_kind kind, lw_id_t id,
			     bool atomic, unsigned int mask, unsigned int want,
			     unsigned long ip, struct lw_pending *pending)
{
	struct lw_finding_in in = { .kind = kind, .nr = 1 };
	unsigned int i;

	lw_in_class(&in, 0, id, ip);
	for (i = s->depth; i-- > 0;) {
		const struct lw_held_lock *h = &s->locks[i];

		if (lw_held_live(h) && (h->flags & mask) == want) {
			lw_in_pair(&in, kind, id, ip, h->class, h->ip);
			atomic = true;
			break;
		}
	}
	if (atomic)
		lw_raise(pending, &in);
}

/*
 * Mark @bit for class @id (@rread: for a recursive read). An inversion if
 * the class shows a conflicting usage, or, new, with a class the learned
 * order joins it to.
 */
static void lw_mark(lw_id_t id, enum lw_usage bit, bool rread, unsigned long ip,
		    struct lw_pending *pending)
{
	enum lw_usage other;
	unsigned long other_ip = lw_class_mark_usage(id, bit, ip, &other);
	struct lw_finding_in in = { };

	if (!other_ip)
		return;
	if (other_ip == 1) {
		lw_check_irq_mark(id, bit, rread, pending);
		return;
	}
	lw_in_pair(&in, LW_KIND_IRQ_INVERSION, id, ip, id, other_ip);
	in.detail.irq.usage = bit;
	in.detail.irq.conflicts_with = other;
	lw_raise(pending, &in);
}

/*
 * The usage bits an unlock that enabled @bit (LW_ENABLED_HARDIRQ or
 * LW_ENABLED_SOFTIRQ) in context @ctx gives held entry @h: its _READ
 * variants for a read hold, softirqs too with hardirqs when bottom halves
 * are on; none for a stale entry or a sleeping lock.
 */
static unsigned int lw_irqs_enabled_bits(const struct lw_held_lock *h, enum lw_usage bit,
					 unsigned int ctx)
{
	unsigned int read = h->flags & LW_ACQ_READ ? LW_USAGE_READ : 0;
	unsigned int bits;

	if (!lw_held_live(h) || (h->flags & LW_ACQ_SLEEPS))
		return 0;
	bits = BIT(bit + read);
	if (bit == LW_ENABLED_HARDIRQ && (ctx & LW_BH_ON))
		bits |= BIT(LW_ENABLED_SOFTIRQ + read);
	return bits;
}

/**
 * lw_irqs_enabled() - an unlock enabled hardirqs or bottom halves again
 * @bit: LW_ENABLED_HARDIRQ (interrupts back on, bottom halves maybe too)
 *	or LW_ENABLED_SOFTIRQ (bottom halves back on)
 * @ip: the unlock's call site
 *
 * As lockdep's mark_held_locks() from trace_hardirqs_on() and
 * lockdep_softirqs_on(): each spinning lock this context still holds is
 * now held with them enabled, although it was taken with them disabled
 * (an inner spin_unlock_irq() under an outer spin_lock_irq()). Its class
 * is marked so, at @ip; with that interrupt's use of the class, an
 * irq-safety inversion. Softirqs count as enabled only with hardirqs on.
 */
noinline void lw_irqs_enabled(enum lw_usage bit, unsigned long ip)
{
	struct lw_held_stack *s = lw_held_fast();
	unsigned int ctx = lw_ctx_bits(preempt_count());
	struct lw_pending pending = { };
	unsigned long irqflags;
	unsigned int i;

	if (!s || !s->depth || !(ctx & LW_IRQS_ON))
		return;
	if (bit == LW_ENABLED_SOFTIRQ && !(ctx & LW_BH_ON))
		return;
	/*
	 * Without the engine lock, a hint: only its own context changes the
	 * stack, and a usage bit once set stays set. Nothing to mark, the
	 * usual case after the first time, takes no lock.
	 */
	for (i = 0; i < s->depth; i++)
		if (lw_irqs_enabled_bits(&s->locks[i], bit, ctx) &
		    ~lw_class_usage(s->locks[i].class))
			break;
	if (i == s->depth || !lw_engine_lock(&irqflags))
		return;
	s = lw_held_current(false);
	/* Nothing is raised while paused; a reset or switch-on records only. */
	if (!s || lw_engine.resetting || lw_engine.switching)
		goto out;
	for (i = 0; i < s->depth; i++) {
		const struct lw_held_lock *h = &s->locks[i];
		unsigned long bits = lw_irqs_enabled_bits(h, bit, ctx);
		unsigned int b;

		for_each_set_bit(b, &bits, LW_USAGE_COUNT)
			lw_mark(h->class, b, h->flags & LW_ACQ_RREAD, ip, &pending);
	}
out:
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
}

/*
 * Interrupt usage of a spinning lock's class, as lockdep's mark_usage(): a
 * lock taken in an interrupt, unless by trylock (which cannot wait), and a
 * lock taken, even by trylock, with hardirqs on, and with softirqs on too
 * (with hardirqs off no softirq runs on this CPU).
 */
static bool lw_check_irq_usage(lw_id_t id, unsigned int flags, unsigned int ctx,
			       unsigned long ip, struct lw_pending *pending)
{
	unsigned int read = flags & LW_ACQ_READ ? LW_USAGE_READ : 0;
	bool rread = flags & LW_ACQ_RREAD;
	unsigned int raised = pending->raised;

	if (!(flags & LW_ACQ_TRY)) {
		if (ctx & LW_IN_HARDIRQ)
			lw_mark(id, LW_USED_IN_HARDIRQ + read, rread, ip, pending);
		/*
		 * Not on PREEMPT_RT, as lockdep there (lockdep_softirq_enter()
		 * is empty): a softirq runs in a task, and waits for a held
		 * spinlock_t as any task does.
		 */
		if ((ctx & LW_IN_SOFTIRQ) && !IS_ENABLED(CONFIG_PREEMPT_RT))
			lw_mark(id, LW_USED_IN_SOFTIRQ + read, rread, ip, pending);
	}
	if (ctx & LW_IRQS_ON) {
		lw_mark(id, LW_ENABLED_HARDIRQ + read, rread, ip, pending);
		if (ctx & LW_BH_ON)
			lw_mark(id, LW_ENABLED_SOFTIRQ + read, rread, ip, pending);
	}
	return pending->raised != raised;
}

/*
 * Whether a context of @ctx may not sleep: preemption or interrupts off
 * (LW_ATOMIC), and on PREEMPT_RT bottom halves off too (a softirq served
 * included). There local_bh_disable() leaves preemption on but enters an
 * RCU read-side section (__local_bh_disable_ip()), where the kernel's
 * might_sleep() reports a sleep; a spinlock_t may be taken there
 * (spin_lock_bh()), which is why it is not LW_ATOMIC, the context where a
 * spinlock_t may not be taken on PREEMPT_RT.
 */
static bool lw_ctx_no_sleep(unsigned int ctx)
{
	return (ctx & LW_ATOMIC) || (IS_ENABLED(CONFIG_PREEMPT_RT) && !(ctx & LW_BH_ON));
}

/*
 * Every check of an acquisition that depends only on its chain: the held
 * locks, the new class, how it is taken and in which context. Skipped when
 * this very chain passed them before: lockdep's validated-chain cache. A
 * chain is cached only when it raised no finding and learned every edge;
 * the cache is emptied whenever the graph, the class ids or the interrupt
 * usage are reset. An acquisition whose checks raised one stored finding
 * and changed nothing is remembered instead, so that it recurs without
 * them (recur.c). Returns the chain's key.
 */
static lw_chain_key_t lw_check_chain(const struct lw_held_stack *s,
				     const struct lw_dep_map *dep, lw_id_t id,
				     unsigned int flags, unsigned int ctx,
				     unsigned long ip, struct lw_pending *pending)
{
	unsigned int raised = pending->raised;
	u64 nospace = lw_engine.graph.nospace + lw_engine.rreads.nospace;
	u64 changes = lw_engine.graph.changes, epoch = lw_engine.knowns.epoch;
	/* The same lock held already (at another subclass): the key cannot tell. */
	bool same = lw_held_entry((struct lw_held_stack *)s, dep);
	lw_chain_key_t key = lw_held_next_key(s, id, flags, ctx);
	bool irq_raised = false;

	if (!same && lw_chains_lookup(&lw_engine.chains, key))
		return key;
	/* Not for a trylock, which does not wait; a raw spinlock may spin anywhere. */
	if (flags & LW_ACQ_SLEEPS) {
		if (!(flags & LW_ACQ_TRY))
			lw_check_context(s, LW_KIND_SLEEP_ATOMIC, id, lw_ctx_no_sleep(ctx),
					 LW_ACQ_SLEEPS, 0, ip, pending);
	} else {
		if (!(flags & (LW_ACQ_TRY | LW_ACQ_RAW)))
			lw_check_context(s, LW_KIND_WAIT_CONTEXT, id,
					 IS_ENABLED(CONFIG_PREEMPT_RT) && (ctx & LW_ATOMIC),
					 LW_ACQ_RAW, LW_ACQ_RAW, ip, pending);
		irq_raised = lw_check_irq_usage(id, flags, ctx, ip, pending);
	}
	if (!(flags & LW_ACQ_TRY) && !lw_check_recursion(s, dep, id, flags, ip, pending)) {
		lw_check_rank(s, id, ip, pending);
		/* One report of an acquisition's interrupt usage, as lockdep's. */
		lw_check_order(s, id, flags, !irq_raised, ip, pending);
	}
	/*
	 * An order learned or changed (a known edge now left exclusively, a
	 * recursive read's dependency kept) may change what other acquisitions
	 * conclude: their remembered findings go stale (recur.c).
	 */
	if (lw_engine.graph.changes != changes)
		lw_known_invalidate();
	if (same || lw_engine.graph.nospace + lw_engine.rreads.nospace != nospace)
		return key;
	/* A filtered finding counts too: unfiltered, the chain must raise it again. */
	if (pending->raised == raised) {
		if (!lw_chains_insert(&lw_engine.chains, key))
			lw_pool_full(LW_POOL_CHAINS);
	} else if (pending->raised == raised + 1 && pending->stored &&
		   lw_engine.knowns.epoch == epoch) {
		/* One finding, stored, and nothing learned: it recurs (recur.c). */
		lw_recur_remember(s, key, ip, pending->stored);
	}
	return key;
}

/* === Interface to the lock types === */

/*
 * The kernel lock that embeds @dep, the op that would take it (@read:
 * shared, for the lock types that have a shared mode) and its LW_ACQ_*
 * flags, as the lock type's hooks take it.
 */
static void *lw_dep_op(struct lw_dep_map *dep, bool read, enum lw_op *op, unsigned int *flags)
{
	switch (dep->type) {
	case LW_LOCK_MUTEX:
		*op = LW_OP_MUTEX;
		*flags = LW_ACQ_SLEEPS;
		return &container_of(dep, struct lw_mutex, dep)->lock;
	case LW_LOCK_SPINLOCK:
		*op = LW_OP_SPIN;
		*flags = 0;
		return &container_of(dep, struct lw_spinlock, dep)->lock;
	case LW_LOCK_RAW_SPINLOCK:
		*op = LW_OP_RAW_SPIN;
		*flags = LW_ACQ_RAW;
		return &container_of(dep, struct lw_raw_spinlock, dep)->lock;
	case LW_LOCK_RWLOCK:
		*op = read ? LW_OP_READ : LW_OP_WRITE;
		*flags = read ? LW_ACQ_READ | LW_ACQ_RREAD : 0;
		return &container_of(dep, struct lw_rwlock, dep)->lock;
	case LW_LOCK_RWSEM:
		*op = read ? LW_OP_DOWN_READ : LW_OP_DOWN_WRITE;
		*flags = LW_ACQ_SLEEPS | (read ? LW_ACQ_READ : 0);
		return &container_of(dep, struct lw_rwsem, dep)->lock;
	case LW_LOCK_COMPLETION:
	case LW_LOCK_WAITQUEUE:
	case LW_LOCK_WORK:
	case LW_LOCK_WORKQUEUE:
	case LW_LOCK_TIMER:
	case LW_LOCK_KTHREAD:
	case LW_LOCK_CONDVAR:
		break;		/* an event type's: no lock to take */
	}
	return NULL;
}

/*
 * Whether anyone holds the kernel lock that embeds @dep, as the kernel's
 * own state says (lw_op_is_locked() in hooks.h). An event type's has no
 * lock: nobody holds it.
 */
bool lw_dep_locked(struct lw_dep_map *dep)
{
	unsigned int flags;
	enum lw_op op;
	void *lock = lw_dep_op(dep, false, &op, &flags);

	return lock && lw_op_is_locked(op, lock);
}

/*
 * Whether @dep was initialised in the current generation while checking
 * was on (lw_dep_init()): no hold of it can date from before the last
 * switch-on. Once a later generation began (a switch, a reset) it is not,
 * taken since (lw_dep_seen()) or not. Precondition: the engine lock is held.
 */
static bool lw_dep_fresh(const struct lw_dep_map *dep)
{
	if (READ_ONCE(dep->gen) != lw_engine.gen)
		return false;
	/* Pairs with lw_dep_seen()'s smp_mb__after_atomic(). */
	smp_rmb();
	return test_bit(LW_DEP_FRESH, &dep->flags);
}

/*
 * Whether this context may hold @dep though no stack records it: taken
 * behind lockwarden's back through the kernel lock, or while checking was
 * off. Only a sleeping lock's hold can outlast the switch-on
 * (lw_set_enabled()): a spinning lock's hold, and its wait, run with
 * preemption off, which the switch-on's grace period waits for. On
 * PREEMPT_RT spinlock_t and rwlock_t sleep, and a task that began to wait
 * for one while checking was off gets it whenever its holder lets go,
 * however long after the switch-on. The kernel names the owner of a mutex,
 * of a write-held rw_semaphore and, on PREEMPT_RT, of a spinlock_t and of
 * a write-held rwlock_t; a read hold has no owner, and may be anyone's
 * once checking was switched off and on (lw_engine.blind), unless the lock
 * was initialised since (lw_dep_fresh()).
 */
static bool lw_may_hold_unseen(struct lw_dep_map *dep)
{
	struct task_struct *owner;

	switch (dep->type) {
	case LW_LOCK_MUTEX:
		owner = lw_mutex_owner(&container_of(dep, struct lw_mutex, dep)->lock);
		break;
	case LW_LOCK_RWSEM:
		owner = lw_rwsem_writer(&container_of(dep, struct lw_rwsem, dep)->lock);
		break;
	case LW_LOCK_SPINLOCK:
		if (!IS_ENABLED(CONFIG_PREEMPT_RT))
			return false;
		owner = lw_spin_owner(&container_of(dep, struct lw_spinlock, dep)->lock);
		break;
	case LW_LOCK_RWLOCK:
		if (!IS_ENABLED(CONFIG_PREEMPT_RT))
			return false;
		owner = lw_rwlock_writer(&container_of(dep, struct lw_rwlock, dep)->lock);
		break;
	default:
		return false;
	}
	return owner == current || (!owner && lw_engine.blind && !lw_dep_fresh(dep));
}

/**
 * lw_dep_may_be_mine() - whether the kernel's own state allows that the
 *	current task holds a lock as a live entry says
 * @dep: the lock
 * @flags: how the entry says it is held (LW_ACQ_*)
 *
 * The kernel names the owner of a mutex and of a write-held rw_semaphore;
 * of the others it says only whether they are held. Called before the exit
 * hook releases a lock for an exiting task, so that it never releases one
 * the task does not hold.
 *
 * Return: false when the kernel's state rules it out (the lock is not held
 * as @flags says, or its owner is another task); true otherwise.
 */
bool lw_dep_may_be_mine(struct lw_dep_map *dep, unsigned int flags)
{
	struct rw_semaphore *sem;

	switch (dep->type) {
	case LW_LOCK_MUTEX:
		return lw_mutex_owner(&container_of(dep, struct lw_mutex, dep)->lock) == current;
	case LW_LOCK_RWSEM:
		sem = &container_of(dep, struct lw_rwsem, dep)->lock;
		if (flags & LW_ACQ_READ)
			return rwsem_is_locked(sem) && !lw_rwsem_writer(sem);
		return lw_rwsem_writer(sem) == current;
	default:
		return lw_dep_locked(dep);
	}
}

/**
 * lw_maybe_held_unrecorded() - whether this context may hold a lock that
 *	its stack shows no live entry of
 * @s: the current context's stack, from lw_held_current(), or NULL
 * @dep: the lock
 *
 * Not when the kernel's own state says nobody holds the lock. Otherwise it
 * may through a stale entry (a hold from before a reset or a switch-off),
 * or one dropped to make room (@s->lost, lw_acquire_slow()), an
 * acquisition that could not be recorded, one in an older generation
 * (generation 0, that of a lock defined statically, LW_DEFINE_MUTEX() and
 * the others, is no generation: such a lock was never taken through
 * lockwarden), or one made while checking was off (lw_may_hold_unseen()).
 * Findings that say a context does not hold a lock (guarded data,
 * lw_assert_held()) are raised only when it surely does not. Precondition:
 * the engine lock is held.
 *
 * Return: true when one of these may hold the lock, false when the context
 * surely does not hold it.
 */
bool lw_maybe_held_unrecorded(struct lw_held_stack *s, struct lw_dep_map *dep)
{
	unsigned int gen = READ_ONCE(dep->gen);

	if (!lw_dep_locked(dep))
		return false;
	if (lw_held_any(s, dep) || (s && s->lost) || (gen && gen != lw_engine.gen) ||
	    atomic_read(&dep->untracked))
		return true;
	return lw_may_hold_unseen(dep);
}

/*
 * Attach @dep, embedded in a lock of @type, to @class (NULL: untracked),
 * registering the class. The lock guards no data yet and is not poisoned.
 */
void lw_dep_init(struct lw_dep_map *dep, struct lw_class *class, enum lw_lock_type type)
{
	unsigned long flags;

	dep->class = class;
	dep->type = type;
	dep->flags = 0;
	dep->poison_ip = 0;
	dep->gen = READ_ONCE(lw_engine.gen);
	atomic_set(&dep->untracked, 0);
	dep->memo_seq = 0;
	dep->memo_tag = 0;
	if (!class || !lw_engine_lock(&flags))
		return;
	lw_class_id(class, 0);
	/* Fully on: every later hold of it is recorded (lw_dep_fresh()). */
	if (!lw_engine.paused && !lw_engine.switching) {
		dep->gen = lw_engine.gen;
		set_bit(LW_DEP_FRESH, &dep->flags);
	}
	lw_engine_unlock(flags);
}

/* lw_acquire() under the engine lock: everything but a cached chain (fast.h). */
noinline void lw_acquire_slow(struct lw_dep_map *dep, unsigned int flags,
			      unsigned int subclass, unsigned int ctx,
			      unsigned long ip)
{
	struct lw_pending pending = { };
	struct lw_class *class = dep->class;
	struct lw_held_stack *s;
	unsigned long irqflags;
	lw_chain_key_t key;
	lw_id_t id;

	if (!lw_engine_lock(&irqflags)) {
		atomic_inc(&dep->untracked);
		return;
	}
	if (unlikely(lw_engine.paused))
		goto out;
	lw_stat_inc(LW_STAT_ACQUIRED);
	lw_dep_seen(dep, lw_engine.gen);
	id = lw_class_id(class, subclass);
	s = id ? lw_held_current(true) : NULL;
	if (!s) {
		lw_stat_inc(LW_STAT_UNTRACKED);
		atomic_inc(&dep->untracked);
		goto out;
	}
	/*
	 * A stale entry of @dep is a hold lockwarden lost sight of. Unless this
	 * is a recursive read of a lock someone holds, the context cannot be
	 * holding @dep still without deadlocking (or a finding of its own): the
	 * hold ended unseen. Drop the entry, or such entries would pile up
	 * with every switch-off.
	 */
	if (lw_held_any(s, dep) && !lw_held_entry(s, dep) &&
	    (!(flags & LW_ACQ_RREAD) || !lw_dep_locked(dep)))
		lw_held_drop_stale(s, dep);
	/*
	 * Full: stale entries make room first. Such a hold may still be this
	 * context's: its release, unseen, is then not judged (@s->lost).
	 */
	if (s->depth >= LW_MAX_DEPTH)
		s->lost += lw_held_drop_stale(s, NULL);
	if (s->depth >= LW_MAX_DEPTH) {
		struct lw_finding_in in = { .kind = LW_KIND_DEPTH, .nr = 1 };

		lw_in_class(&in, 0, id, ip);
		lw_raise(&pending, &in);
		atomic_inc(&dep->untracked);
		goto out;
	}
	/* A reset or a switch-on under way: recorded, not checked (struct lw_engine). */
	if (unlikely(lw_engine.resetting || lw_engine.switching)) {
		lw_stat_inc(LW_STAT_UNCHECKED);
		key = lw_held_next_key(s, id, flags, ctx);
	} else {
		key = lw_check_chain(s, dep, id, flags, ctx, ip, &pending);
	}
	lw_held_push(s, dep, id, flags, ctx, ip, key);
out:
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
}

/* Undo lw_acquire() of @dep: the blocking acquisition failed (a signal). */
void lw_acquire_failed(struct lw_dep_map *dep)
{
	struct lw_held_stack *s = lw_held_fast();
	unsigned long irqflags;

	if (!dep->class || (s && lw_held_drop(s, dep)))
		return;
	if (!lw_engine_lock(&irqflags))
		return;
	s = lw_held_current(false);
	if (!s || !lw_held_drop(s, dep))
		atomic_dec_if_positive(&dep->untracked);
	lw_engine_unlock(irqflags);
}

/**
 * lw_release_slow() - a release of a lock this context's stack does not
 *	show on the fast path
 * @dep: the lock
 * @ip: where it is released
 * @locked: whether the kernel lock is held by anyone right now, as the
 *	kernel's own state says (mutex_is_locked() and the like)
 *
 * Under the engine lock. The kernel lock is released by the caller in any
 * case: this decides only whether the release is a finding. It is not when
 * this context's stack has the entry (stale included: taken before checking
 * was last switched on or reset), when the acquisition could not be
 * recorded, or when the lock is held but by no hold lockwarden recorded
 * (taken while checking was off, or behind lockwarden's back through the
 * kernel lock): that is counted. It is an unlock by a non-owner when
 * another context's entry holds it and this context cannot hold it
 * unrecorded (the kernel names another owner, or no hold can have gone
 * unrecorded: lw_may_hold_unseen()); that entry is then made stale so that
 * the true holder's own release later is no second finding. It is an
 * unlock of a lock not held when nobody holds it at all.
 */
noinline void lw_release_slow(struct lw_dep_map *dep, unsigned long ip, bool locked)
{
	struct lw_pending pending = { };
	struct lw_held_stack *s;
	struct lw_finding_in in = { };
	struct lw_held_lock *h;
	unsigned long irqflags;

	if (!lw_engine_lock(&irqflags)) {
		set_bit(LW_DEP_UNMATCHED, &dep->flags);
		return;
	}
	if (unlikely(lw_engine.paused)) {
		set_bit(LW_DEP_UNMATCHED, &dep->flags);
		goto out;
	}
	lw_stat_inc(LW_STAT_RELEASED);
	s = lw_held_current(false);
	if (s && lw_held_drop(s, dep))
		goto out;
	/*
	 * From here the release is of a hold this context's stack does not
	 * show: whose it really was, the kernel's count of a lock's readers
	 * cannot say, so the exit hook no longer vouches for a read hold of it.
	 */
	set_bit(LW_DEP_UNMATCHED, &dep->flags);
	if (atomic_dec_if_positive(&dep->untracked) >= 0)
		goto out;	/* an acquisition that could not be recorded */
	if (s && s->lost) {
		s->lost--;	/* maybe the hold of a stale entry dropped for room */
		lw_stat_inc(LW_STAT_UNTRACKED_RELEASES);
		goto out;
	}
	h = lw_held_find_holder(dep, &s);
	/*
	 * Another context's entry, unless this context may hold the lock with
	 * no record: the entry may then be of one waiting for it (an entry is
	 * pushed before the kernel lock is taken), or a read hold beside this.
	 */
	if (h && !lw_may_hold_unseen(dep)) {
		/* One read of each: the owner may pop the entry meanwhile. */
		lw_id_t class = READ_ONCE(h->class);

		lw_in_pair(&in, LW_KIND_UNLOCK_NON_OWNER, class, ip, class, READ_ONCE(h->ip));
		lw_raise(&pending, &in);
		lw_held_post_stale(s, dep);
		goto out;
	}
	if (locked) {
		lw_stat_inc(LW_STAT_UNTRACKED_RELEASES);
		goto out;
	}
	in.kind = LW_KIND_UNLOCK_NOT_HELD;
	in.nr = 1;
	in.cls[0] = lw_class_name_of(dep->class);
	in.ip[0] = ip;
	lw_raise(&pending, &in);
out:
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
}

/* The current context's write hold of @dep becomes a read hold. */
void lw_downgrade(struct lw_dep_map *dep)
{
	struct lw_held_stack *s;
	struct lw_held_lock *h;
	unsigned long irqflags;

	if (!dep->class || !lw_engine_lock(&irqflags))
		return;
	s = lw_held_current(false);
	h = lw_held_entry(s, dep);
	if (h) {
		h->flags |= LW_ACQ_READ;
		/* It and the entries above it now form other chains. */
		lw_held_rekey(s, h - s->locks);
	}
	lw_engine_unlock(irqflags);
}

/*
 * The memory at @mem, @size bytes, goes at @ip while @h (if any), a held
 * lock in it, is held: a finding, and no entry may lead into the memory
 * any more.
 * Precondition: the engine lock is held.
 */
static void lw_held_destroyed(const struct lw_held_lock *h, const void *mem, size_t size,
			      unsigned long ip, struct lw_pending *pending)
{
	struct lw_finding_in in = { };
	lw_id_t class;

	if (!h)
		return;
	class = READ_ONCE(h->class);
	lw_in_pair(&in, LW_KIND_DESTROY_HELD, class, ip, class, READ_ONCE(h->ip));
	lw_raise(pending, &in);
	lw_held_forget_range(mem, size);
}

/*
 * @dep is destroyed at @ip: a finding if any context holds it, whose entry
 * then becomes stale.
 */
void lw_check_destroy(struct lw_dep_map *dep, unsigned long ip)
{
	struct lw_pending pending = { };
	unsigned long irqflags;

	if (!dep->class || !lw_engine_lock(&irqflags))
		return;
	lw_held_destroyed(lw_held_find_holder(dep, NULL), dep, sizeof(*dep), ip, &pending);
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
}

/*
 * A "lock not held" finding at @ip, the driver's site, unless this context
 * holds @dep or may hold it unrecorded (lw_maybe_held_unrecorded()): for
 * lw_assert_held() and a condition variable's wait (condvar.c). Returns
 * whether it raised one.
 */
bool lw_check_held(struct lw_dep_map *dep, unsigned long ip)
{
	struct lw_pending pending = { };
	unsigned long irqflags;

	struct lw_held_stack *s = lw_held_fast();

	if (!dep->class || !static_key_enabled(&lockwarden_enabled) ||
	    (s && lw_held_entry(s, dep)) || !lw_engine_lock(&irqflags))
		return false;
	s = lw_held_current(false);
	/* Nothing is raised while paused (lw_raise()). */
	if (!lw_held_entry(s, dep) && !lw_maybe_held_unrecorded(s, dep)) {
		struct lw_finding_in in = {
			.kind = LW_KIND_NOT_HELD,
			.nr = 1,
			.cls = { lw_class_name_of(dep->class) },
			.ip = { ip },
		};

		lw_raise(&pending, &in);
	}
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
	return pending.raised;
}

/**
 * lockwarden_assert_held() - a finding if this context does not hold a lock
 * @dep: the lock's lockwarden state; use lw_assert_held()
 *
 * Return: true if a finding was raised (lw_assert_held_once() then stops).
 */
bool lockwarden_assert_held(struct lw_dep_map *dep)
{
	return lw_check_held(dep, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_assert_held, LW_NS);

/**
 * lockwarden_check_freed() - a finding for a held lock in memory being freed
 * @mem: start of the memory; use lw_check_freed()
 * @size: its size in bytes
 */
void lockwarden_check_freed(const void *mem, size_t size)
{
	struct lw_pending pending = { };
	unsigned long irqflags;

	if (!static_key_enabled(&lockwarden_enabled) || !lw_engine_lock(&irqflags))
		return;
	lw_held_destroyed(lw_held_find_range(mem, size), mem, size, _RET_IP_, &pending);
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_check_freed, LW_NS);

/**
 * lockwarden_assert_not_held() - a finding if this context holds a lock
 * @dep: the lock's lockwarden state; use lw_assert_not_held()
 *
 * Only a hold this context's stack records is one: a lock taken behind
 * lockwarden's back, or while checking was off, is not judged.
 */
void lockwarden_assert_not_held(struct lw_dep_map *dep)
{
	struct lw_held_stack *s = lw_held_fast();
	struct lw_pending pending = { };
	struct lw_held_lock *h;
	unsigned long irqflags;

	if (!dep->class || !static_key_enabled(&lockwarden_enabled) ||
	    (s && !lw_held_entry(s, dep)) || !lw_engine_lock(&irqflags))
		return;
	h = lw_held_entry(lw_held_current(false), dep);
	if (h) {
		struct lw_finding_in in = { };
		lw_id_t class = READ_ONCE(h->class);

		lw_in_pair(&in, LW_KIND_HELD, class, _RET_IP_, class, h->ip);
		lw_raise(&pending, &in);
	}
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_assert_not_held, LW_NS);

/**
 * lockwarden_might_lock() - check an acquisition of a lock without taking it
 * @dep: the lock's lockwarden state; use lw_might_lock()
 * @read: as a shared hold (an rwlock_t or rw_semaphore; ignored for others)
 *
 * The acquisition is checked and learned as a blocking one, then the entry
 * is dropped: nothing is held after, and the kernel lock is never touched.
 */
void lockwarden_might_lock(struct lw_dep_map *dep, bool read)
{
	unsigned long ip = _RET_IP_;
	unsigned int flags;
	enum lw_op op;
	void *lock = lw_dep_op(dep, read, &op, &flags);

	if (!lock)
		return;
	lw_op_might_lock(op, lock, ip);
	lw_acquire(dep, flags, 0, ip);
	if (!lw_release_fast(dep))
		lw_release_slow(dep, ip, true);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_might_lock, LW_NS);
