// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden graph --dot: the learned class graph as Graphviz dot, nodes
 * labelled with their rank, the cycles of findings.json in red.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "files.h"
#include "sites.h"
#include "util.h"

/* A dot quoted string: '"' and '\' escaped. */
static void put_id(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

/* An edge's statement up to its attributes: "\tFROM -> TO". */
static void put_edge(const struct lwt_edge *e)
{
	printf("\t");
	put_id(e->from);
	printf(" -> ");
	put_id(e->to);
}

static int in_cycle_class(const struct lwt_findings *fs, const char *name)
{
	size_t i, j;

	for (i = 0; i < fs->nr; i++) {
		if (strcmp(fs->v[i].kind, "cycle"))
			continue;
		for (j = 0; j < fs->v[i].nr_links; j++)
			if (!strcmp(fs->v[i].links[j].class, name))
				return 1;
	}
	return 0;
}

/*
 * Mark the edges of each cycle finding: consecutive links, and the last
 * back to the first unless the cycle was truncated. The links are read in
 * whichever direction matches more learned edges; a link pair whose edge
 * the graph lacks (the dependency that would have closed the cycle) is
 * collected in @missing.
 */
static void mark_cycles(const struct lwt_findings *fs, const struct lwt_graph *g,
			char *hot, struct lwt_graph *missing)
{
	size_t i, j;

	for (i = 0; i < fs->nr; i++) {
		const struct lwt_finding *f = &fs->v[i];
		size_t n = f->nr_links, pairs, fwd = 0, back = 0;

		if (strcmp(f->kind, "cycle") || n < 2)
			continue;
		pairs = f->truncated ? n - 1 : n;
		for (j = 0; j < pairs; j++) {
			const char *a = f->links[j].class;
			const char *b = f->links[(j + 1) % n].class;

			fwd += lwt_graph_find(g, a, b) >= 0;
			back += lwt_graph_find(g, b, a) >= 0;
		}
		for (j = 0; j < pairs; j++) {
			const char *a = f->links[j].class;
			const char *b = f->links[(j + 1) % n].class;
			struct lwt_edge m = { (char *)a, (char *)b, 0, "?", "?" };
			long e;

			if (back > fwd) {
				m.from = (char *)b;
				m.to = (char *)a;
			}
			e = lwt_graph_find(g, m.from, m.to);
			if (e >= 0)
				hot[e] = 1;
			else if (lwt_graph_find(missing, m.from, m.to) < 0)
				lwt_graph_add(missing, &m);
		}
	}
}

/*
 * A class as a node: a box, or an ellipse for an event class, its kind under
 * its name ("(work)") unless the file did not say which ("event").
 */
static void put_node(const char *name, const char *rank, const char *event,
		     const struct lwt_findings *fs)
{
	/* Rank 0: no rank declared. */
	int ranked = rank && strcmp(rank, "0");
	int kind = event && strcmp(event, "event");

	printf("\t");
	put_id(name);
	printf(" [label=");
	if (ranked || kind) {
		/* "name\nrank R\n(kind)": the label's own escape for a line break. */
		size_t n = strlen(name) + (ranked ? strlen(rank) : 0) +
			   (kind ? strlen(event) : 0) + 16;
		char *label = lwt_alloc(n);

		snprintf(label, n, "%s%s%s%s%s%s", name, ranked ? "\nrank " : "",
			 ranked ? rank : "", kind ? "\n(" : "", kind ? event : "",
			 kind ? ")" : "");
		putchar('"');
		for (const char *s = label; *s; s++) {
			if (*s == '\n') {
				fputs("\\n", stdout);
				continue;
			}
			if (*s == '"' || *s == '\\')
				putchar('\\');
			putchar(*s);
		}
		putchar('"');
		free(label);
	} else {
		put_id(name);
	}
	if (event)
		printf(", shape=ellipse");
	if (in_cycle_class(fs, name))
		printf(", color=red, penwidth=2");
	printf("];\n");
}

int lwt_cmd_graph_dot(const char *dir)
{
	/* @extra: classes printed as nodes, as self-edges for the index. */
	struct lwt_graph g, missing = { 0 }, extra = { 0 };
	struct lwt_classes cs;
	struct lwt_findings fs;
	char *hot;
	size_t i;

	if (lwt_load_graph(dir, &g, 0))
		return LWT_ERROR;
	if (lwt_load_classes(dir, &cs, 1) < 0) {
		lwt_graph_free(&g);
		return LWT_ERROR;
	}
	if (lwt_load_findings(dir, &fs, 1) < 0) {
		lwt_classes_free(&cs);
		lwt_graph_free(&g);
		return LWT_ERROR;
	}
	hot = lwt_alloc(g.nr + 1);
	mark_cycles(&fs, &g, hot, &missing);

	printf("digraph lockwarden {\n");
	printf("\tnode [shape=box, fontname=\"monospace\"];\n");
	for (i = 0; i < cs.nr; i++)
		put_node(cs.v[i].name, cs.v[i].rank, cs.v[i].event, &fs);
	/* Classes the graph or a cycle names that classes does not list. */
	for (i = 0; i < g.nr + missing.nr; i++) {
		const struct lwt_edge *e = i < g.nr ? &g.edges[i] : &missing.edges[i - g.nr];
		const char *ends[2] = { e->from, e->to };
		int k;

		for (k = 0; k < 2; k++) {
			struct lwt_edge self = { (char *)ends[k], (char *)ends[k], 0, "", "" };
			size_t c;

			for (c = 0; c < cs.nr; c++)
				if (!strcmp(cs.v[c].name, ends[k]))
					break;
			if (c < cs.nr || lwt_graph_find(&extra, ends[k], ends[k]) >= 0)
				continue;
			lwt_graph_add(&extra, &self);
			put_node(ends[k], NULL, 0, &fs);
		}
	}
	for (i = 0; i < g.nr; i++) {
		char *site = lwt_site_label(g.edges[i].to_site);

		put_edge(&g.edges[i]);
		printf(" [tooltip=");
		put_id(site);
		free(site);
		if (!g.edges[i].from_excl)
			printf(", style=dotted");
		if (hot[i])
			printf(", color=red, penwidth=2");
		printf("];\n");
	}
	/* The dependency that would have closed a cycle: never learned. */
	for (i = 0; i < missing.nr; i++) {
		put_edge(&missing.edges[i]);
		printf(" [color=red, penwidth=2, style=dashed];\n");
	}
	printf("}\n");

	free(hot);
	lwt_graph_free(&extra);
	lwt_graph_free(&missing);
	lwt_findings_free(&fs);
	lwt_classes_free(&cs);
	lwt_graph_free(&g);
	return LWT_OK;
}
