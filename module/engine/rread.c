// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's recursive reads' dependencies, kept beside the learned order
 * graph, and the search for the strong cycles that need one of them.
 *
 * lockdep's rule since v5.10 (Documentation/locking/lockdep-design.rst,
 * "Recursive read locks"): a dependency X -> Y is -(E*)-> or -(S*)-> as X
 * was held exclusively or only shared, and -(*R)-> or -(*N)-> as Y was read
 * recursively or taken so that it waits (a write, or a read that queues
 * behind a writer). A cycle is a deadlock only if it is strong: no
 * -(*R)-> Y is followed by a -(S*)-> leaving Y, since a recursive reader
 * of Y waits only for a writer of Y, and a reader holding Y blocks none.
 *
 * Every edge of the graph (graph.c) is -(*N)->, so any path of them is
 * strong; the recursive reads' dependencies, -(*R)->, are kept here instead,
 * as two of them may form a cycle that is no deadlock (the graph must stay
 * acyclic). When the graph learns an edge that no path of edges closes, or
 * an edge becomes -(E*)->, or a recursive read makes a dependency no path
 * of edges closes, a breadth-first search looks for a strong path back
 * over both. Its steps are a class and whether it was reached by a
 * recursive read; from such a step only -(E*)-> links lead on. The path
 * must also fit the new dependency at both ends: a new -(*R)-> is left by
 * an -(E*)-> link only, and a path reaching the new dependency's source by
 * a recursive read needs that source held exclusively.
 *
 * Cost. Nothing while no recursive read's dependency is kept. Otherwise a
 * path back needs at least one of them, as paths of edges alone are looked
 * for in graph.c; edges ascend in the topological order, so such a path
 * leaves the new dependency's target up the order to a recursive read's
 * source and reaches its own source up the order from a recursive read's
 * target. A scan of the kept dependencies for both (O(top)) rules out most
 * new edges; the others pay a search of the steps they reach, O(V + E).
 *
 * Precondition: the caller holds the engine lock for every call.
 */
#include "engine.h"

/* A search's link: an edge index, or a dependency's with LW_LINK_RREAD. */
#define LW_LINK_RREAD	BIT(31)
/* The step the link leaves was reached by a recursive read. */
#define LW_LINK_FROM_XR	BIT(30)
#define LW_LINK_INDEX	(LW_LINK_FROM_XR - 1)

/* === Internals === */

static u32 lw_rreads_step(lw_id_t id, bool xr)
{
	return (u32)id << 1 | xr;
}

static u32 lw_rreads_find(const struct lw_rreads *r, lw_id_t from, lw_id_t to)
{
	u32 d;

	for (d = r->out[from]; d; d = r->deps[d].next)
		if (r->deps[d].to == to)
			return d;
	return 0;
}

/* A search generation no step is marked with yet. */
static u32 lw_rreads_new_gen(struct lw_rreads *r)
{
	return lw_search_new_gen(&r->search_gen, r->mark, 2 * ((size_t)r->max_classes + 1));
}

/*
 * Whether a path back from @to to @from may need a kept dependency: one
 * whose source is at or after @to in the order, and one whose target is
 * at or before @from (see the cost above).
 */
static bool lw_rreads_may_close(const struct lw_graph *g, const struct lw_rreads *r,
				lw_id_t from, lw_id_t to)
{
	bool after_to = false, before_from = false;
	u32 d;

	for (d = 1; d <= r->top && !(after_to && before_from); d++) {
		const struct lw_rread *dep = &r->deps[d];

		if (!dep->from)
			continue;
		after_to |= g->ord[dep->from] >= g->ord[to];
		before_from |= g->ord[dep->to] <= g->ord[from];
	}
	return after_to && before_from;
}

/*
 * Mark step (@id, @xr) reached by @link; queue it unless it is @from's.
 * Returns true when it is @from's step and closes the cycle: reached by a
 * learned edge, or with @from held exclusively.
 */
static bool lw_rreads_visit(struct lw_rreads *r, lw_id_t id, bool xr, u32 link,
			    lw_id_t from, bool from_excl, u32 gen, u32 *tail)
{
	u32 step = lw_rreads_step(id, xr);

	if (r->mark[step] == gen)
		return false;
	r->mark[step] = gen;
	r->via[step] = link;
	r->visited++;
	if (id == from)
		return !xr || from_excl;
	r->queue[(*tail)++] = step;
	return false;
}

/*
 * Breadth-first search from step (@to, @to_rread) for a strong path to
 * @from. Returns the step of @from it ended at, or 0.
 */
static u32 lw_rreads_search(struct lw_graph *g, lw_id_t from, lw_id_t to,
			    bool to_rread, bool from_excl)
{
	struct lw_rreads *r = g->rreads;
	u32 gen = lw_rreads_new_gen(r), head = 0, tail = 0;
	u32 start = lw_rreads_step(to, to_rread);

	r->searches++;
	r->mark[start] = gen;
	r->via[start] = 0;
	r->queue[tail++] = start;
	r->visited++;
	while (head < tail) {
		u32 step = r->queue[head++], e;
		lw_id_t cur = step >> 1;
		bool xr = step & 1;
		u32 from_xr = xr ? LW_LINK_FROM_XR : 0;

		for (e = g->out[cur]; e; e = g->edges[e].next) {
			if (xr && !g->edges[e].from_excl)
				continue;
			if (lw_rreads_visit(r, g->edges[e].to, false, e | from_xr,
					    from, from_excl, gen, &tail))
				return lw_rreads_step(from, false);
		}
		for (e = r->out[cur]; e; e = r->deps[e].next) {
			if (xr && !r->deps[e].from_excl)
				continue;
			if (lw_rreads_visit(r, r->deps[e].to, true, e | LW_LINK_RREAD | from_xr,
					    from, from_excl, gen, &tail))
				return lw_rreads_step(from, true);
		}
	}
	return 0;
}

/*
 * The class link @link leaves, where it took its target, and whether it is
 * a kept dependency: lw_cycle_fill()'s @link_from.
 */
static lw_id_t lw_rreads_link_from(const void *store, u32 link, unsigned long *to_ip,
				   bool *rread)
{
	const struct lw_graph *g = store;
	u32 i = link & LW_LINK_INDEX;

	*rread = link & LW_LINK_RREAD;
	if (*rread) {
		*to_ip = g->rreads->deps[i].to_ip;
		return g->rreads->deps[i].from;
	}
	*to_ip = g->edges[i].to_ip;
	return g->edges[i].from;
}

/* The link that reached step @at, and the step it left: @link_back. */
static u32 lw_rreads_link_back(const void *store, u32 at, u32 *link)
{
	const struct lw_graph *g = store;
	unsigned long ip;
	bool rread;

	*link = g->rreads->via[at];
	return lw_rreads_step(lw_rreads_link_from(g, *link, &ip, &rread),
			      *link & LW_LINK_FROM_XR);
}

/* === Public interface === */

/**
 * lw_rreads_mem_size() - bytes the recursive reads' dependencies take
 * @max_classes: the class ids are 1..@max_classes
 * @max_rreads: dependencies kept at most
 *
 * Per class: the list heads; per step (two a class): mark, via and a queue
 * slot, u32 each; then the dependencies.
 *
 * Return: the size lw_rreads_init() needs.
 */
size_t lw_rreads_mem_size(u32 max_classes, u32 max_rreads)
{
	return ((size_t)max_classes + 1) * 7 * sizeof(u32) +
	       ((size_t)max_rreads + 1) * sizeof(struct lw_rread);
}

/**
 * lw_rreads_init() - set up the recursive reads' dependencies in @mem
 * @r: the store
 * @mem: lw_rreads_mem_size() bytes, aligned for a struct lw_rread
 * @max_classes: the class ids are 1..@max_classes
 * @max_rreads: dependencies kept at most
 */
void lw_rreads_init(struct lw_rreads *r, void *mem, u32 max_classes, u32 max_rreads)
{
	size_t n = (size_t)max_classes + 1;
	char *p = mem;

	memset(r, 0, sizeof(*r));
	r->max_classes = max_classes;
	r->max_rreads = max_rreads;
	r->deps = (struct lw_rread *)p;
	p += ((size_t)max_rreads + 1) * sizeof(struct lw_rread);
	r->out = (u32 *)p;
	r->mark = r->out + n;
	r->via = r->mark + 2 * n;
	r->queue = r->via + 2 * n;
	lw_rreads_reset(r);
}

static void lw_rreads_clear_dep(void *store, u32 d, u32 next)
{
	struct lw_rreads *r = store;

	memset(&r->deps[d], 0, sizeof(r->deps[d]));
	r->deps[d].next = next;
}

static void lw_rreads_free_dep(struct lw_rreads *r, u32 d)
{
	lw_rreads_clear_dep(r, d, r->free);
	r->free = d;
	r->nr--;
}

static void lw_rreads_clear_class(void *store, lw_id_t c)
{
	struct lw_rreads *r = store;

	r->out[c] = 0;
	r->mark[2 * c] = 0;
	r->mark[2 * c + 1] = 0;
}

/**
 * lw_rreads_reset_step() - forget every dependency, a part at a time
 * @r: the store
 * @pos: 0 at the first call, then the value the call left; opaque
 * @budget: dependencies and classes to clear in this call, at least 1
 *
 * As lw_graph_reset_step(): until the call that returns true, @r is not to
 * be used but by this function. The counters keep counting.
 *
 * Return: true when the reset is complete.
 */
bool lw_rreads_reset_step(struct lw_rreads *r, u32 *pos, u32 budget)
{
	if (!lw_reset_steps(pos, budget, r->max_rreads, r->max_classes,
			    lw_rreads_clear_dep, lw_rreads_clear_class, r))
		return false;
	r->free = r->max_rreads ? 1 : 0;
	r->top = 0;
	r->nr = 0;
	r->search_gen = 0;
	return true;
}

/**
 * lw_rreads_reset() - forget every dependency at once
 * @r: the store
 *
 * The counters keep counting.
 */
void lw_rreads_reset(struct lw_rreads *r)
{
	u32 pos = 0;

	while (!lw_rreads_reset_step(r, &pos, U32_MAX))
		;
}

/**
 * lw_rreads_forget() - remove every dependency into or out of a class
 * @r: the store
 * @id: the class, so that its id can be reused
 */
void lw_rreads_forget(struct lw_rreads *r, lw_id_t id)
{
	u32 d, *link;
	lw_id_t c;

	if (!id || id > r->max_classes)
		return;
	while ((d = r->out[id])) {
		r->out[id] = r->deps[d].next;
		lw_rreads_free_dep(r, d);
	}
	/* No list enters a class: look for its sources among those in use. */
	for (d = 1; d <= r->top && r->nr; d++) {
		if (r->deps[d].to != id)
			continue;
		c = r->deps[d].from;
		for (link = &r->out[c]; *link != d; link = &r->deps[*link].next)
			;
		*link = r->deps[d].next;
		lw_rreads_free_dep(r, d);
	}
}

/**
 * lw_rreads_index() - the index of a kept dependency
 * @r: the store
 * @from: the class held
 * @to: the class read recursively under it
 *
 * Return: its index in r->deps, or 0.
 */
u32 lw_rreads_index(const struct lw_rreads *r, lw_id_t from, lw_id_t to)
{
	if (!r || !from || from > r->max_classes)
		return 0;
	return lw_rreads_find(r, from, to);
}

/**
 * lw_graph_attach_rreads() - give a graph the recursive reads' dependencies
 * @g: the graph, initialised
 * @r: the store, initialised for as many classes, or NULL for none
 *
 * With none, a recursive read is checked against the learned edges only
 * and nothing is kept (lw_graph_add_rread() answers LW_EDGE_NOSPACE).
 */
void lw_graph_attach_rreads(struct lw_graph *g, struct lw_rreads *r)
{
	g->rreads = r;
}

/**
 * lw_rreads_closes_cycle() - whether a new dependency closes a strong cycle
 *	that needs a recursive read's dependency
 * @g: the graph, its store attached
 * @from: the class held
 * @to: the class taken under it
 * @to_rread: @to is read recursively (the new dependency is -(*R)->)
 * @from_excl: @from is held exclusively (the new dependency is -(E*)->)
 * @to_ip: where @to is taken
 * @cycle: receives the cycle, cls[0] = @from, as lw_graph_add() reports one
 *
 * For graph.c and lw_graph_add_rread(), once no path of learned edges alone
 * closes the cycle: looks only for the paths back that need a kept
 * dependency. Learns nothing.
 *
 * Return: true if such a strong cycle exists.
 */
bool lw_rreads_closes_cycle(struct lw_graph *g, lw_id_t from, lw_id_t to, bool to_rread,
			    bool from_excl, unsigned long to_ip, struct lw_cycle *cycle)
{
	const struct lw_rreads *r = g->rreads;
	u32 end;

	if (!r || !r->nr || !lw_rreads_may_close(g, r, from, to))
		return false;
	end = lw_rreads_search(g, from, to, to_rread, from_excl);
	if (!end)
		return false;
	/* As lw_graph_fill_cycle(), over steps. */
	lw_cycle_fill(cycle, from, to_ip, end, lw_rreads_step(to, to_rread), g,
		      lw_rreads_link_back, lw_rreads_link_from);
	return true;
}

/**
 * lw_graph_add_rread() - check and keep a recursive read's dependency
 * @g: the graph, its store attached
 * @from: the class held
 * @to: the class read recursively under it, at @to_ip
 * @from_ip: where @from was acquired
 * @to_ip: where @to is acquired
 * @from_shared: @from is held only shared
 * @cycle: receives the cycle the dependency would close
 *
 * A dependency kept already, as strong at its source, is known and needs
 * no search: any cycle it is part of was looked for when the cycle's last
 * dependency was learned. Otherwise the cycles it would close are looked
 * for, through the learned edges (lw_graph_closes_cycle()) and then through
 * the kept dependencies too; one that closes none is kept, unless a learned
 * edge @from -> @to at least as strong makes it redundant.
 *
 * Return: LW_EDGE_KNOWN, LW_EDGE_ADDED, LW_EDGE_CYCLE (*@cycle filled,
 * nothing kept) or LW_EDGE_NOSPACE (the pool is full, or there is none:
 * checked, not kept; counted).
 */
enum lw_edge_result lw_graph_add_rread(struct lw_graph *g, lw_id_t from, lw_id_t to,
				       unsigned long from_ip, unsigned long to_ip,
				       bool from_shared, struct lw_cycle *cycle)
{
	struct lw_rreads *r = g->rreads;
	u32 d = r ? lw_rreads_find(r, from, to) : 0;
	struct lw_rread *dep;
	u32 e;

	if (d && (r->deps[d].from_excl || from_shared))
		return LW_EDGE_KNOWN;
	if (lw_graph_closes_cycle(g, from, to, to_ip, cycle) ||
	    lw_rreads_closes_cycle(g, from, to, true, !from_shared, to_ip, cycle))
		return LW_EDGE_CYCLE;
	if (d) {
		r->deps[d].from_excl = true;
		g->changes++;
		return LW_EDGE_KNOWN;
	}
	/* A learned edge leads on from @to in every way this one does. */
	e = lw_graph_edge_index(g, from, to);
	if (e && (g->edges[e].from_excl || from_shared))
		return LW_EDGE_KNOWN;
	if (!r)
		return LW_EDGE_NOSPACE;
	d = r->free;
	if (!d) {
		r->nospace++;
		return LW_EDGE_NOSPACE;
	}
	dep = &r->deps[d];
	r->free = dep->next;
	dep->from = from;
	dep->to = to;
	dep->from_excl = !from_shared;
	dep->from_ip = from_ip;
	dep->to_ip = to_ip;
	dep->next = r->out[from];
	r->out[from] = d;
	r->nr++;
	if (d > r->top)
		r->top = d;
	g->changes++;
	return LW_EDGE_ADDED;
}
