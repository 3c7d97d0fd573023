// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's copies of engine state for the outputs: a finding, a class,
 * a learned dependency and the engine's figures, each copied under the
 * engine lock and handed over, so that no output touches the engine or
 * takes its lock (held.c copies the held-lock stacks the same way).
 */
#include "core/core.h"

#include <linux/string.h>

/* Copy class @id's name and subclass into @out. Precondition: engine lock held. */
static bool lw_snap_name(lw_id_t id, struct lw_class_snap *out)
{
	bool found = lw_class_get(id);

	strscpy(out->name, lw_class_name(id), sizeof(out->name));
	out->subclass = found ? lw_class_subclass(id) : 0;
	out->event = lw_class_is_event(id);
	return found;
}

/**
 * lw_snap_figures() - copy the engine's figures for debugfs stats
 * @out: receives them, read together; zeroed if the engine lock could not
 *	be taken
 */
void lw_snap_figures(struct lw_figures *out)
{
	unsigned long flags;

	memset(out, 0, sizeof(*out));
	if (!lw_engine_lock(&flags))
		return;
	out->classes = lw_engine.nr_classes;
	out->edges = lw_engine.graph.nr_edges;
	out->chains = lw_engine.chains.used;
	out->chain_hits = lw_engine.chains.hits;
	out->chain_misses = lw_engine.chains.misses;
	out->known = lw_engine.knowns.fresh;
	out->known_max = lw_engine.knowns.size;
	out->findings = lw_engine.ring.used;
	out->overwritten = lw_engine.ring.overwritten;
	out->unsearched = lw_engine.graph.unsearched;
	out->searches = lw_engine.graph.searches;
	out->visits = lw_engine.graph.visited;
	out->switching = lw_engine.switching;
	lw_engine_unlock(flags);
}

/**
 * lockwarden_findings_count() - number of distinct findings stored
 *
 * Return: the count, at most the max_findings parameter.
 */
u32 lockwarden_findings_count(void)
{
	unsigned long flags;
	u32 n = 0;

	if (lw_engine_lock(&flags)) {
		n = lw_engine.ring.used;
		lw_engine_unlock(flags);
	}
	return n;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_findings_count, LW_NS);

/*
 * Copy the finding @find looks up by @key in the ring into @out, under the
 * engine lock, its recurrences counted without the lock folded in
 * (lw_ring_copy()). Return: false if there is none, or the lock was not taken.
 */
static bool lw_snap_finding(const struct lw_finding *(*find)(const struct lw_ring *r, u32 key),
			    u32 key, struct lw_finding *out)
{
	const struct lw_finding *f;
	unsigned long flags;

	if (!lw_engine_lock(&flags))
		return false;
	f = find(&lw_engine.ring, key);
	if (f)
		lw_ring_copy(&lw_engine.ring, f, out);
	lw_engine_unlock(flags);
	return f;
}

/**
 * lockwarden_finding_get() - copy out one stored finding
 * @i: its index, oldest first
 * @out: where to copy it
 *
 * Return: true if @i named a finding.
 */
bool lockwarden_finding_get(u32 i, struct lw_finding *out)
{
	return lw_snap_finding(lw_ring_get, i, out);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_finding_get, LW_NS);

/**
 * lw_snap_finding_serial() - copy out the stored finding of a serial
 * @serial: its serial
 * @out: where to copy it
 *
 * Return: true if it is stored (not pushed out of the ring since).
 */
bool lw_snap_finding_serial(u32 serial, struct lw_finding *out)
{
	return serial && lw_snap_finding(lw_ring_find_serial, serial, out);
}

/**
 * lw_snap_class() - copy a class as the tabular files show it
 * @id: the class id
 * @out: receives its name, subclass, rank, usage and degrees
 *
 * Return: false when @id is not registered.
 */
bool lw_snap_class(lw_id_t id, struct lw_class_snap *out)
{
	const struct lw_graph *g = &lw_engine.graph;
	unsigned long flags;
	bool found;

	if (!lw_engine_lock(&flags))
		return false;
	found = lw_snap_name(id, out);
	if (found) {
		out->rank = lw_class_rank(id);
		out->usage = lw_class_usage(id);
		out->deps_out = lw_graph_degree(g, id, false);
		out->deps_in = lw_graph_degree(g, id, true);
	}
	lw_engine_unlock(flags);
	return found;
}

/**
 * lw_snap_class_after() - the next class learned after class @id
 * @id: the class id
 * @cursor: 0 for the first, then the value the previous call returned
 * @to: receives that class's name and subclass
 *
 * One dependency leaving @id per call, under the engine lock each time:
 * the graph may change between calls; a cursor whose dependency was
 * forgotten meanwhile ends the walk.
 *
 * Return: the cursor of the next call, or 0 when there is no more.
 */
u32 lw_snap_class_after(lw_id_t id, u32 cursor, struct lw_class_snap *to)
{
	const struct lw_graph *g = &lw_engine.graph;
	unsigned long flags;
	u32 e;

	if (!id || id > g->max_classes || !lw_engine_lock(&flags))
		return 0;
	e = cursor ? g->edges[cursor].next : g->out[id];
	if (cursor && g->edges[cursor].from != id)
		e = 0;
	if (e)
		lw_snap_name(g->edges[e].to, to);
	lw_engine_unlock(flags);
	return e;
}

/**
 * lw_snap_edge() - copy a learned dependency as the graph file shows it
 * @e: its index, 1 to the max_edges parameter
 * @out: receives its classes' names and subclasses, from_excl and sites
 *
 * Return: false when the index is free.
 */
bool lw_snap_edge(u32 e, struct lw_edge_snap *out)
{
	const struct lw_graph *g = &lw_engine.graph;
	const struct lw_edge *edge;
	unsigned long flags;
	bool used;

	if (!e || e > g->max_edges || !lw_engine_lock(&flags))
		return false;
	edge = &g->edges[e];
	used = edge->from;
	if (used) {
		lw_snap_name(edge->from, &out->from);
		lw_snap_name(edge->to, &out->to);
		out->from_excl = edge->from_excl;
		out->from_ip = edge->from_ip;
		out->to_ip = edge->to_ip;
		lw_init_site_name(edge->from_ip, out->from_site, sizeof(out->from_site));
		lw_init_site_name(edge->to_ip, out->to_site, sizeof(out->to_site));
	}
	lw_engine_unlock(flags);
	return used;
}
