// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's learned lock-order graph: edges between classes, and the cycle
 * search run when an edge is first learned.
 *
 * The graph is a DAG by construction: an edge that would close a cycle is
 * reported and never added. A new edge from -> to closes a cycle exactly when
 * "from" is reachable from "to"; a breadth-first search from "to" answers that
 * and yields the shortest such path for the report. Its cost is bounded by
 * the part of the graph reachable from "to", and it runs only for edges not
 * seen before: a known edge costs a walk of its source's edge list.
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
 * Breadth-first search from @start for @goal. Returns true if reached; then
 * g->via[] leads back from @goal to @start through this search's edges.
 */
static bool lw_graph_reaches(struct lw_graph *g, lw_id_t start, lw_id_t goal)
{
	u32 head = 0, tail = 0, gen;

	gen = ++g->search_gen;
	if (!gen) {
		/* Generation counter wrapped: forget every stale mark once. */
		memset(g->mark, 0, (g->max_classes + 1) * sizeof(*g->mark));
		g->search_gen = 1;
		gen = 1;
	}
	g->searches++;
	g->mark[start] = gen;
	g->via[start] = 0;
	g->queue[tail++] = start;

	while (head < tail) {
		lw_id_t cur = g->queue[head++];
		u32 e;

		g->visited++;
		if (cur == goal)
			return true;
		for (e = g->out[cur]; e; e = g->edges[e].next) {
			lw_id_t next = g->edges[e].to;

			if (g->mark[next] == gen)
				continue;
			g->mark[next] = gen;
			g->via[next] = e;
			g->queue[tail++] = next;
		}
	}
	return false;
}

/* Fill @cycle for the new edge from -> to, after a search from @to reached @from. */
static void lw_graph_fill_cycle(const struct lw_graph *g, lw_id_t from, lw_id_t to,
				unsigned long to_ip, struct lw_cycle *cycle)
{
	u32 path[LW_CHAIN_MAX];
	unsigned int n = 0, len = 1, i;
	lw_id_t cur = from;

	/*
	 * Walk back from "from" to "to". The path has len - 1 edges; keep the
	 * LW_CHAIN_MAX - 1 nearest to "to", as those follow the new edge.
	 */
	while (cur != to) {
		u32 e = g->via[cur];

		if (n == ARRAY_SIZE(path))
			n--;	/* drop the edge farthest from "to" */
		memmove(&path[1], &path[0], n * sizeof(path[0]));
		path[0] = e;
		n++;
		len++;
		cur = g->edges[e].from;
	}

	cycle->truncated = len > LW_CHAIN_MAX;
	cycle->len = min_t(unsigned int, len, LW_CHAIN_MAX);
	cycle->cls[0] = from;
	cycle->ip[0] = to_ip;
	/* path[] now runs to -> ... (-> from if it was not truncated). */
	for (i = 1; i < cycle->len; i++) {
		const struct lw_edge *edge = &g->edges[path[i - 1]];

		cycle->cls[i] = edge->from;
		cycle->ip[i] = edge->to_ip;
	}
}

/* === Public interface === */

size_t lw_graph_mem_size(u32 max_classes, u32 max_edges)
{
	size_t per_class = 3 * sizeof(u32) + sizeof(lw_id_t);

	return (size_t)(max_classes + 1) * per_class +
	       (size_t)(max_edges + 1) * sizeof(struct lw_edge);
}

void lw_graph_init(struct lw_graph *g, void *mem, u32 max_classes, u32 max_edges)
{
	size_t n = (size_t)max_classes + 1;
	char *p = mem;

	memset(g, 0, sizeof(*g));
	g->max_classes = max_classes;
	g->max_edges = max_edges;
	/* Largest alignment first: edges, then u32 arrays, then ids. */
	g->edges = (struct lw_edge *)p;
	p += (size_t)(max_edges + 1) * sizeof(struct lw_edge);
	g->out = (u32 *)p;
	p += n * sizeof(u32);
	g->mark = (u32 *)p;
	p += n * sizeof(u32);
	g->via = (u32 *)p;
	p += n * sizeof(u32);
	g->queue = (lw_id_t *)p;
	lw_graph_reset(g);
}

void lw_graph_reset(struct lw_graph *g)
{
	u32 e;

	memset(g->out, 0, (g->max_classes + 1) * sizeof(*g->out));
	memset(g->mark, 0, (g->max_classes + 1) * sizeof(*g->mark));
	memset(g->edges, 0, (g->max_edges + 1) * sizeof(*g->edges));
	g->free = 0;
	for (e = g->max_edges; e >= 1; e--) {
		g->edges[e].next = g->free;
		g->free = e;
	}
	g->nr_edges = 0;
	g->search_gen = 0;
}

/*
 * Learn that @to is acquired (at @to_ip) while @from (acquired at @from_ip) is
 * held. A self edge is a cycle of one link.
 */
enum lw_edge_result lw_graph_add(struct lw_graph *g, lw_id_t from, lw_id_t to,
				 unsigned long from_ip, unsigned long to_ip,
				 struct lw_cycle *cycle)
{
	struct lw_edge *edge;
	u32 e;

	if (lw_graph_find(g, from, to))
		return LW_EDGE_KNOWN;

	if (from == to || lw_graph_reaches(g, to, from)) {
		if (from == to) {
			cycle->len = 1;
			cycle->truncated = false;
			cycle->cls[0] = from;
			cycle->ip[0] = to_ip;
		} else {
			lw_graph_fill_cycle(g, from, to, to_ip, cycle);
		}
		return LW_EDGE_CYCLE;
	}

	e = g->free;
	if (!e) {
		g->nospace++;
		return LW_EDGE_NOSPACE;
	}
	edge = &g->edges[e];
	g->free = edge->next;
	edge->from = from;
	edge->to = to;
	edge->from_ip = from_ip;
	edge->to_ip = to_ip;
	edge->next = g->out[from];
	g->out[from] = e;
	g->nr_edges++;
	return LW_EDGE_ADDED;
}

bool lw_graph_has_edge(const struct lw_graph *g, lw_id_t from, lw_id_t to)
{
	return lw_graph_find(g, from, to) != 0;
}

/* Remove every edge into or out of class @id, so the id can be reused. */
void lw_graph_forget(struct lw_graph *g, lw_id_t id)
{
	u32 c;

	for (c = 1; c <= g->max_classes; c++) {
		u32 *link = &g->out[c];

		while (*link) {
			u32 e = *link;
			struct lw_edge *edge = &g->edges[e];

			if (c == id || edge->to == id) {
				*link = edge->next;
				memset(edge, 0, sizeof(*edge));
				edge->next = g->free;
				g->free = e;
				g->nr_edges--;
			} else {
				link = &edge->next;
			}
		}
	}
}
