// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's learned lock-order graph: edges between classes, kept acyclic
 * by an incrementally maintained topological order of the classes.
 *
 * The algorithm is Pearce and Kelly's dynamic topological sort (D. J. Pearce,
 * P. H. J. Kelly, "A Dynamic Topological Sort Algorithm for Directed Acyclic
 * Graphs", ACM JEA 11, 2006). Every class has a position ord[] such that each
 * edge leads from a lower position to a higher one; by_ord[] is the inverse.
 * The identity is such an order for the empty graph. A new edge from -> to:
 *
 * - ord[from] < ord[to]: the edge agrees with the order, so it cannot close a
 *   cycle. It is added without any search: no class is visited.
 * - ord[from] > ord[to]: positions ascend along every path, so a path from
 *   "to" back to "from" only runs through positions in [ord[to], ord[from]],
 *   the affected region. A breadth-first search forward from "to", confined
 *   to positions up to ord[from], decides whether "from" is reachable; if so
 *   the edge closes a cycle, reported as the shortest path back (the search
 *   is breadth first), and the edge is not added. If not, the classes reached
 *   (delta_F, "to" among them) must come after "from", and the classes that
 *   reach "from" from positions above ord[to] (delta_B, found by a search
 *   backward over the edges entering each class) before "to". The positions
 *   held by delta_B and delta_F are pooled, sorted, and handed out again:
 *   the lowest to delta_B, then the rest to delta_F, each set keeping its
 *   old relative order. No other class moves; the order holds again with the
 *   new edge, which is then added.
 *
 * Cost. A known edge is a walk of its source's edge list, on a path that
 * does not pay for the slow path's stack frame. A new edge in order is O(1).
 * A new edge against the order costs O(||delta|| + |delta| log |delta|),
 * delta being delta_F and delta_B together and ||delta|| its classes plus
 * their edges: both searches stay inside the affected region, so they visit
 * at most ord[from] - ord[to] + 1 classes, and the log factor is the sort.
 * That is Pearce and Kelly's bound: per insertion, and in terms of what the
 * insertion affects rather than of the size of the graph. No better total
 * over a sequence of insertions is claimed here; an edge whose region spans
 * the whole order costs a search of the whole graph plus the sort,
 * O(V log V + E). Removing edges never invalidates a topological order, so
 * forgetting a class costs only its own and its neighbours' edge lists.
 *
 * Precondition: the caller holds the engine lock for every call.
 */
#include "engine.h"

/* === Internals === */

static u32 lw_graph_find(const struct lw_graph *g, lw_id_t from, lw_id_t to)
{
	u32 e;

	for (e = g->out[from]; e; e = g->edges[e].next)
		if (g->edges[e].to == to)
			return e;
	return 0;
}

/*
 * A search generation none of the @marks entries of @mark is marked with
 * yet, in *@gen; for rread.c's steps too.
 */
u32 lw_search_new_gen(u32 *gen, u32 *mark, size_t marks)
{
	if (!++*gen) {
		/* Wrapped: forget every stale mark once. */
		memset(mark, 0, marks * sizeof(*mark));
		*gen = 1;
	}
	return *gen;
}

/* A search generation no class is marked with yet. */
static u32 lw_graph_new_gen(struct lw_graph *g)
{
	return lw_search_new_gen(&g->search_gen, g->mark, (size_t)g->max_classes + 1);
}

/*
 * Breadth-first search forward from @to for @from, through the classes
 * placed no later than @from; with @first_excl, leaving @to only by edges
 * it was held exclusively for. Returns true if @from is reached; then via[]
 * leads back from @from to @to. Either way queue[0, *nr) ends up holding the
 * classes reached, @from excepted: delta_F when there is no cycle.
 */
static bool lw_graph_search_forward(struct lw_graph *g, lw_id_t from, lw_id_t to,
				    bool first_excl, u32 *nr)
{
	u32 head = 0, tail = 0, ub = g->ord[from], gen = lw_graph_new_gen(g);
	bool found = false;

	g->mark[to] = gen;
	g->via[to] = 0;
	g->queue[tail++] = to;
	g->visited++;
	while (head < tail && !found) {
		lw_id_t cur = g->queue[head++];
		u32 e;

		for (e = g->out[cur]; e; e = g->edges[e].next) {
			lw_id_t next = g->edges[e].to;

			if (g->ord[next] > ub || g->mark[next] == gen)
				continue;
			if (first_excl && cur == to && !g->edges[e].from_excl)
				continue;
			g->mark[next] = gen;
			g->via[next] = e;
			g->visited++;
			if (next == from) {
				found = true;
				break;
			}
			g->queue[tail++] = next;
		}
	}
	*nr = tail;
	return found;
}

/*
 * Search backward from @from, over the edges entering each class, through the
 * classes placed after @to. Appends them (delta_B, @from among them) to the
 * queue from @base on, and returns how many there are. Called only when the
 * forward search failed, so it cannot meet a class that search reached.
 */
static u32 lw_graph_search_backward(struct lw_graph *g, lw_id_t from, lw_id_t to,
				    u32 base)
{
	u32 head = base, tail = base, lb = g->ord[to], gen = lw_graph_new_gen(g);

	g->mark[from] = gen;
	g->queue[tail++] = from;
	g->visited++;
	while (head < tail) {
		lw_id_t cur = g->queue[head++];
		u32 e;

		for (e = g->in[cur]; e; e = g->edges[e].in_next) {
			lw_id_t prev = g->edges[e].from;

			if (g->ord[prev] <= lb || g->mark[prev] == gen)
				continue;
			g->mark[prev] = gen;
			g->visited++;
			g->queue[tail++] = prev;
		}
	}
	return tail - base;
}

/* Heapsort, in place and without recursion: @cls[] by ascending position. */
static void lw_graph_sift(const lw_id_t *ord, lw_id_t *cls, u32 root, u32 n)
{
	lw_id_t top = cls[root];

	for (;;) {
		u32 child = 2 * root + 1;

		if (child >= n)
			break;
		if (child + 1 < n && ord[cls[child + 1]] > ord[cls[child]])
			child++;
		if (ord[cls[child]] <= ord[top])
			break;
		cls[root] = cls[child];
		root = child;
	}
	cls[root] = top;
}

static void lw_graph_sort(const lw_id_t *ord, lw_id_t *cls, u32 n)
{
	u32 i;

	for (i = n / 2; i-- > 0;)
		lw_graph_sift(ord, cls, i, n);
	for (i = n; i-- > 1;) {
		lw_id_t top = cls[0];

		cls[0] = cls[i];
		cls[i] = top;
		lw_graph_sift(ord, cls, 0, i);
	}
}

static void lw_graph_place(struct lw_graph *g, lw_id_t id, lw_id_t pos)
{
	g->ord[id] = pos;
	g->by_ord[pos] = id;
}

/*
 * Give delta_B (queue[nf, nf + nb)) the lowest of the positions it and
 * delta_F (queue[0, nf)) hold, and delta_F the rest, each in its old order.
 * Every one of them moves: "to", in delta_F, holds the lowest position of
 * the pool and "from", in delta_B, the highest.
 */
static void lw_graph_reorder(struct lw_graph *g, u32 nf, u32 nb)
{
	lw_id_t *fwd = g->queue, *bwd = g->queue + nf;
	u32 i = 0, j = 0, k = 0;

	lw_graph_sort(g->ord, fwd, nf);
	lw_graph_sort(g->ord, bwd, nb);
	/* Two ascending lists of positions, merged into one. */
	while (i < nf || j < nb) {
		if (j == nb || (i < nf && g->ord[fwd[i]] < g->ord[bwd[j]]))
			g->slot[k++] = g->ord[fwd[i++]];
		else
			g->slot[k++] = g->ord[bwd[j++]];
	}
	for (j = 0; j < nb; j++)
		lw_graph_place(g, bwd[j], g->slot[j]);
	for (i = 0; i < nf; i++)
		lw_graph_place(g, fwd[i], g->slot[nb + i]);
}

/**
 * lw_cycle_fill() - fill a cycle by walking a search's links back
 * @cycle: receives the cycle, cls[0] = @from
 * @from: the new dependency's source, where the search ended
 * @to_ip: where the new dependency's target is acquired
 * @end: the search's position (a class, or rread.c's step) at @from
 * @start: its position at the new dependency's target
 * @store: the graph, handed to the callbacks
 * @link_back: the link that reached position @at, in *@link, and the
 *	position it left
 * @link_from: the class @link leaves, where it took its target (*@to_ip),
 *	and whether it is a recursive read's dependency (*@rread)
 *
 * The path from @start to @end has len - 1 links; the LW_CHAIN_MAX - 1
 * nearest to @start are kept, as those follow the new dependency. With
 * @end == @start, a dependency of a class on itself: a cycle of one link.
 */
void lw_cycle_fill(struct lw_cycle *cycle, lw_id_t from, unsigned long to_ip,
		   u32 end, u32 start, const void *store,
		   u32 (*link_back)(const void *store, u32 at, u32 *link),
		   lw_id_t (*link_from)(const void *store, u32 link, unsigned long *to_ip,
					bool *rread))
{
	u32 path[LW_CHAIN_MAX];
	unsigned int n = 0, len = 1, i;
	u32 at = end, link;
	bool rread;

	while (at != start) {
		at = link_back(store, at, &link);
		if (n == ARRAY_SIZE(path))
			n--;	/* drop the link farthest from @start */
		memmove(&path[1], &path[0], n * sizeof(path[0]));
		path[0] = link;
		n++;
		len++;
	}

	cycle->truncated = len > LW_CHAIN_MAX;
	cycle->len = min_t(unsigned int, len, LW_CHAIN_MAX);
	cycle->rread_links = 0;
	cycle->cls[0] = from;
	cycle->ip[0] = to_ip;
	/* path[] now runs from @start on (to @end if it was not truncated). */
	for (i = 1; i < cycle->len; i++) {
		cycle->cls[i] = link_from(store, path[i - 1], &cycle->ip[i], &rread);
		if (rread)
			cycle->rread_links |= 1U << i;
	}
}

/* lw_cycle_fill()'s links for a path of edges: the edge that reached @at. */
static u32 lw_graph_link_back(const void *store, u32 at, u32 *link)
{
	const struct lw_graph *g = store;

	*link = g->via[at];
	return g->edges[*link].from;
}

static lw_id_t lw_graph_link_from(const void *store, u32 link, unsigned long *to_ip,
				  bool *rread)
{
	const struct lw_edge *edge = &((const struct lw_graph *)store)->edges[link];

	*to_ip = edge->to_ip;
	*rread = false;
	return edge->from;
}

/*
 * Fill @cycle for the new edge from -> to, after a search from @to reached
 * @from; with @from == @to, for an edge from a class to itself.
 */
static void lw_graph_fill_cycle(const struct lw_graph *g, lw_id_t from, lw_id_t to,
				unsigned long to_ip, struct lw_cycle *cycle)
{
	lw_cycle_fill(cycle, from, to_ip, from, to, g, lw_graph_link_back, lw_graph_link_from);
}

/* Some recursive read's dependency is kept (rread.c): cycles may need one. */
static bool lw_graph_rreads_kept(const struct lw_graph *g)
{
	return g->rreads && g->rreads->nr;
}

/*
 * The slow path of lw_graph_add(), for an edge not learned yet, or known
 * and seen for the first time with @from held exclusively: out of line, so
 * that a known edge, the common case, pays for no stack frame of it (the
 * second case is rare enough to look the edge up again).
 */
static noinline enum lw_edge_result
lw_graph_add_new(struct lw_graph *g, lw_id_t from, lw_id_t to,
		 unsigned long from_ip, unsigned long to_ip, bool from_shared,
		 struct lw_cycle *cycle)
{
	struct lw_edge *edge;
	bool against;
	u32 e, nf = 0;

	e = lw_graph_find(g, from, to);
	if (e) {
		/*
		 * It may now follow a recursive read into @from on a strong
		 * path. Not marked so if that closes a cycle, which is
		 * reported as a new edge's.
		 */
		if (lw_graph_rreads_kept(g) &&
		    lw_rreads_closes_cycle(g, from, to, false, true, to_ip, cycle))
			return LW_EDGE_CYCLE;
		if (!g->edges[e].from_excl) {
			g->edges[e].from_excl = true;
			g->changes++;
		}
		return LW_EDGE_KNOWN;
	}
	if (from == to) {
		lw_graph_fill_cycle(g, from, from, to_ip, cycle);
		return LW_EDGE_CYCLE;
	}

	against = g->ord[from] > g->ord[to];
	if (against) {
		g->searches++;
		if (lw_graph_search_forward(g, from, to, false, &nf)) {
			lw_graph_fill_cycle(g, from, to, to_ip, cycle);
			return LW_EDGE_CYCLE;
		}
	}
	/* No path of edges leads back; one through a recursive read may. */
	if (lw_graph_rreads_kept(g) &&
	    lw_rreads_closes_cycle(g, from, to, false, !from_shared, to_ip, cycle))
		return LW_EDGE_CYCLE;

	e = g->free;
	if (!e) {
		g->nospace++;
		return LW_EDGE_NOSPACE;
	}
	if (against)
		lw_graph_reorder(g, nf, lw_graph_search_backward(g, from, to, nf));
	else
		g->unsearched++;

	edge = &g->edges[e];
	g->free = edge->next;
	edge->from = from;
	edge->to = to;
	edge->from_excl = !from_shared;
	edge->from_ip = from_ip;
	edge->to_ip = to_ip;
	edge->next = g->out[from];
	g->out[from] = e;
	edge->in_next = g->in[to];
	g->in[to] = e;
	g->nr_edges++;
	g->changes++;
	return LW_EDGE_ADDED;
}

/* === Public interface === */

/*
 * Per class: out, in, mark, via (u32); ord, by_ord, queue, slot (lw_id_t).
 * The queue holds delta_F and delta_B together; they never share a class.
 */
size_t lw_graph_mem_size(u32 max_classes, u32 max_edges)
{
	size_t per_class = 4 * sizeof(u32) + 4 * sizeof(lw_id_t);

	return (size_t)(max_classes + 1) * per_class +
	       (size_t)(max_edges + 1) * sizeof(struct lw_edge);
}

void lw_graph_init(struct lw_graph *g, void *mem, u32 max_classes, u32 max_edges)
{
	u32 **u32s[] = { &g->out, &g->in, &g->mark, &g->via };
	lw_id_t **ids[] = { &g->ord, &g->by_ord, &g->queue, &g->slot };
	size_t n = (size_t)max_classes + 1;
	char *p = mem;
	unsigned int i;

	memset(g, 0, sizeof(*g));
	g->max_classes = max_classes;
	g->max_edges = max_edges;
	/*
	 * Largest alignment first: edges, then u32 arrays, then ids. Each part
	 * is a whole number of elements of its type, so each next part is
	 * aligned for its own type as long as @mem is aligned for an edge.
	 */
	g->edges = (struct lw_edge *)p;
	p += (size_t)(max_edges + 1) * sizeof(struct lw_edge);
	for (i = 0; i < ARRAY_SIZE(u32s); i++, p += n * sizeof(u32))
		*u32s[i] = (u32 *)p;
	for (i = 0; i < ARRAY_SIZE(ids); i++, p += n * sizeof(lw_id_t))
		*ids[i] = (lw_id_t *)p;
	lw_graph_reset(g);
}

/**
 * lw_reset_steps() - clear a pool and then the classes, a part at a time
 * @pos: 0 at the first call, then the value the call left
 * @budget: entries and classes to clear in this call, at least 1
 * @max_items: the pool's entries are 1..@max_items
 * @max_classes: the classes are 0..@max_classes
 * @clear_item: clear entry @i and chain it to @next on the free list (0
 *	ends it)
 * @clear_class: clear class @c's lists and marks
 * @store: handed to both
 *
 * Positions 0..@max_items - 1 are the entries 1..@max_items, then the
 * classes; the unused entry 0 is cleared at the end. For
 * lw_graph_reset_step() and lw_rreads_reset_step().
 *
 * Return: true when every entry and class is cleared.
 */
bool lw_reset_steps(u32 *pos, u32 budget, u32 max_items, u32 max_classes,
		    void (*clear_item)(void *store, u32 i, u32 next),
		    void (*clear_class)(void *store, lw_id_t c), void *store)
{
	u64 end = (u64)*pos + budget;
	u32 n = max_items + max_classes + 1;

	for (; *pos < n && *pos < end; ++*pos) {
		if (*pos < max_items)
			clear_item(store, *pos + 1, *pos + 1 < max_items ? *pos + 2 : 0);
		else
			clear_class(store, *pos - max_items);
	}
	if (*pos < n)
		return false;
	clear_item(store, 0, 0);	/* the unused entry 0 last */
	return true;
}

static void lw_graph_clear_edge(void *store, u32 e, u32 next)
{
	struct lw_graph *g = store;

	memset(&g->edges[e], 0, sizeof(g->edges[e]));
	g->edges[e].next = next;
}

static void lw_graph_free_edge(struct lw_graph *g, u32 e)
{
	lw_graph_clear_edge(g, e, g->free);
	g->free = e;
	g->nr_edges--;
}

static void lw_graph_clear_class(void *store, lw_id_t c)
{
	struct lw_graph *g = store;

	g->out[c] = 0;
	g->in[c] = 0;
	g->mark[c] = 0;
	/* Any order is topological for a graph without edges. */
	g->ord[c] = c;
	g->by_ord[c] = c;
}

/**
 * lw_graph_reset_step() - forget every edge, a part at a time
 * @g: the graph
 * @pos: 0 at the first call, then the value the call left; opaque
 * @budget: edges and classes to clear in this call, at least 1
 *
 * A reset is bounded work per call, so that a caller can drop its lock
 * between calls; until the call that returns true, @g is not to be used
 * but by this function. The counters keep counting.
 *
 * Return: true when the reset is complete.
 */
bool lw_graph_reset_step(struct lw_graph *g, u32 *pos, u32 budget)
{
	if (!lw_reset_steps(pos, budget, g->max_edges, g->max_classes,
			    lw_graph_clear_edge, lw_graph_clear_class, g))
		return false;
	g->free = g->max_edges ? 1 : 0;
	g->nr_edges = 0;
	g->search_gen = 0;
	return true;
}

/* Forget every edge at once; the counters keep counting. */
void lw_graph_reset(struct lw_graph *g)
{
	u32 pos = 0;

	while (!lw_graph_reset_step(g, &pos, U32_MAX))
		;
}

/*
 * Learn that @to is acquired (at @to_ip) while @from (acquired at @from_ip) is
 * held, shared if @from_shared. A self edge is a cycle of one link. A new
 * edge, or one held exclusively for the first time, is also checked for a
 * strong cycle through the recursive reads' dependencies (rread.c).
 */
enum lw_edge_result lw_graph_add(struct lw_graph *g, lw_id_t from, lw_id_t to,
				 unsigned long from_ip, unsigned long to_ip,
				 bool from_shared, struct lw_cycle *cycle)
{
	u32 e = lw_graph_find(g, from, to);

	if (e && (from_shared || g->edges[e].from_excl))
		return LW_EDGE_KNOWN;
	return lw_graph_add_new(g, from, to, from_ip, to_ip, from_shared, cycle);
}

/*
 * Whether an edge @from -> @to, @to acquired at @to_ip, would close a cycle,
 * reported in *@cycle as lw_graph_add() reports it; nothing is learned. For
 * recursive reads, whose dependencies are kept apart (lw_graph_add_rread()):
 * only the cycles through learned edges, left from @to by one learned while
 * @to was held exclusively.
 */
bool lw_graph_closes_cycle(struct lw_graph *g, lw_id_t from, lw_id_t to,
			   unsigned long to_ip, struct lw_cycle *cycle)
{
	u32 nf;

	if (from == to) {
		lw_graph_fill_cycle(g, from, from, to_ip, cycle);
		return true;
	}
	/* In the order already, or learned: no path back exists. */
	if (g->ord[from] < g->ord[to] || lw_graph_find(g, from, to))
		return false;
	g->searches++;
	if (!lw_graph_search_forward(g, from, to, true, &nf))
		return false;
	lw_graph_fill_cycle(g, from, to, to_ip, cycle);
	return true;
}

/**
 * lw_graph_walk_start() - start a breadth-first walk of the learned order
 * @g: the graph
 * @start: the class it starts from, the first lw_graph_walk_next() returns
 * @backward: follow the edges entering each class (the classes that reach
 *	@start) instead of those leaving it (the classes @start reaches)
 * @start_excl: leave @start only by edges it was held exclusively for
 *
 * A walk visits each class it reaches once, in breadth-first order, so the
 * path lw_graph_walk_path() gives back to @start is a shortest one. For the
 * usage searches of lockdep's check_irq_usage() and mark_lock_irq(): the
 * engine knows no usage, so the caller matches each class as it comes. The
 * walk uses the searches' marks and queue: any other search of @g ends it.
 */
void lw_graph_walk_start(struct lw_graph *g, lw_id_t start, bool backward, bool start_excl)
{
	u32 gen = lw_graph_new_gen(g);

	g->mark[start] = gen;
	g->via[start] = 0;
	g->queue[0] = start;
	g->walk_head = 0;
	g->walk_tail = 1;
	g->walk_back = backward;
	g->walk_excl = start_excl;
	g->visited++;
}

/**
 * lw_graph_walk_next() - the next class of a walk
 * @g: the graph, with a walk started by lw_graph_walk_start()
 * @via: receives the index of the edge the class was reached by (0 for the
 *	start): backward, an edge leaving the class
 *
 * Return: the class, or 0 when the walk has reached every class it can.
 */
lw_id_t lw_graph_walk_next(struct lw_graph *g, u32 *via)
{
	u32 gen = g->search_gen;
	lw_id_t cur;
	u32 e;

	if (g->walk_head == g->walk_tail)
		return 0;
	cur = g->queue[g->walk_head++];
	/* Queue what @cur leads to (or, backward, what leads to it) now. */
	for (e = g->walk_back ? g->in[cur] : g->out[cur]; e;
	     e = g->walk_back ? g->edges[e].in_next : g->edges[e].next) {
		const struct lw_edge *edge = &g->edges[e];
		lw_id_t other = g->walk_back ? edge->from : edge->to;

		if (g->mark[other] == gen)
			continue;
		if (g->walk_excl && g->walk_head == 1 && !edge->from_excl)
			continue;
		g->mark[other] = gen;
		g->via[other] = e;
		g->visited++;
		g->queue[g->walk_tail++] = other;
	}
	*via = g->via[cur];
	return cur;
}

/* The class a walk came from when it reached a class by edge @e. */
static lw_id_t lw_graph_walk_back(const struct lw_graph *g, u32 e)
{
	return g->walk_back ? g->edges[e].to : g->edges[e].from;
}

/**
 * lw_graph_walk_path() - the path by which the current walk reached a class
 * @g: the graph
 * @id: a class lw_graph_walk_next() returned in the current walk
 * @path: receives the edges from the walk's start to @id (backward: from
 *	@id to the start, still listed from the start on)
 */
void lw_graph_walk_path(const struct lw_graph *g, lw_id_t id, struct lw_path *path)
{
	unsigned int len = 0, i;
	lw_id_t cur;
	u32 e;

	for (cur = id; (e = g->via[cur]); len++)
		cur = lw_graph_walk_back(g, e);
	path->truncated = len > LW_CHAIN_MAX;
	path->len = min_t(unsigned int, len, LW_CHAIN_MAX);
	/* From @id back to the start: link len - 1 first. */
	for (cur = id, i = len; (e = g->via[cur]); cur = lw_graph_walk_back(g, e))
		if (--i < LW_CHAIN_MAX)
			path->edge[i] = e;
}

bool lw_graph_has_edge(const struct lw_graph *g, lw_id_t from, lw_id_t to)
{
	return lw_graph_find(g, from, to) != 0;
}

/* The index of the learned edge @from -> @to in g->edges, or 0. */
u32 lw_graph_edge_index(const struct lw_graph *g, lw_id_t from, lw_id_t to)
{
	return lw_graph_find(g, from, to);
}

/* The number of learned edges entering (@in) or leaving class @id. */
u32 lw_graph_degree(const struct lw_graph *g, lw_id_t id, bool in)
{
	u32 e, n = 0;

	for (e = in ? g->in[id] : g->out[id]; e;
	     e = in ? g->edges[e].in_next : g->edges[e].next)
		n++;
	return n;
}

/*
 * Remove every edge into or out of class @id, and the recursive reads'
 * dependencies too, so the id can be reused. The class keeps its position:
 * with fewer edges the order still holds.
 */
void lw_graph_forget(struct lw_graph *g, lw_id_t id)
{
	u32 e, *link;

	if (!id || id > g->max_classes)
		return;
	if (g->rreads)
		lw_rreads_forget(g->rreads, id);
	while ((e = g->out[id])) {
		const struct lw_edge *edge = &g->edges[e];

		g->out[id] = edge->next;
		for (link = &g->in[edge->to]; *link != e; link = &g->edges[*link].in_next)
			;
		*link = edge->in_next;
		lw_graph_free_edge(g, e);
	}
	while ((e = g->in[id])) {
		const struct lw_edge *edge = &g->edges[e];

		g->in[id] = edge->in_next;
		for (link = &g->out[edge->from]; *link != e; link = &g->edges[*link].next)
			;
		*link = edge->next;
		lw_graph_free_edge(g, e);
	}
}
