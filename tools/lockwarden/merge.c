// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden merge: the union of the class graphs of many saved runs, and
 * a search of the union for cycles that no single run's graph holds.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "files.h"
#include "sites.h"
#include "util.h"

/* Longest cycle searched for, and the search's budget of edge visits. */
#define LWT_CYCLE_MAX_LEN	16
#define LWT_SEARCH_BUDGET	20000000ULL

struct lwt_merge {
	char *const *runs;
	int nr_runs;
	size_t words;		/* uint64_t per edge in @seen */
	struct lwt_graph u;	/* the union */
	uint64_t *seen;		/* per edge: the runs that learned it */
	char **names;		/* class names, sorted */
	size_t nr_names;
	size_t *from, *to;	/* per edge: class indexes */
	size_t *adj_start;	/* per class: its out-edges in @adj */
	size_t *adj;		/* edge indexes, by from class */
	/* The search. */
	size_t path[LWT_CYCLE_MAX_LEN];
	size_t depth;
	char *on_path;
	uint64_t *common;
	unsigned long long visits;
	size_t cross, single;
	int out_of_budget;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t name_index(const struct lwt_merge *m, const char *name)
{
	char **p = bsearch(&name, m->names, m->nr_names, sizeof(*m->names), by_name);

	return (size_t)(p - m->names);
}

static int union_runs(struct lwt_merge *m)
{
	int r;
	size_t i;

	for (r = 0; r < m->nr_runs; r++) {
		struct lwt_graph g;

		if (lwt_load_graph(m->runs[r], &g, 0))
			return -1;
		for (i = 0; i < g.nr; i++) {
			long e = lwt_graph_find(&m->u, g.edges[i].from, g.edges[i].to);

			if (e < 0) {
				lwt_graph_add(&m->u, &g.edges[i]);
				e = (long)m->u.nr - 1;
				m->seen = lwt_realloc(m->seen, m->u.nr * m->words,
						      sizeof(*m->seen));
				memset(&m->seen[(size_t)e * m->words], 0,
				       m->words * sizeof(*m->seen));
			}
			m->u.edges[e].from_excl |= g.edges[i].from_excl;
			m->seen[(size_t)e * m->words + (size_t)r / 64] |= 1ULL << (r % 64);
		}
		lwt_graph_free(&g);
	}
	return 0;
}

/* Class names, their indexes per edge, and the adjacency by from class. */
static void index_classes(struct lwt_merge *m)
{
	size_t i, n = 0, *fill;

	m->names = lwt_alloc((2 * m->u.nr + 1) * sizeof(*m->names));
	for (i = 0; i < m->u.nr; i++) {
		m->names[n++] = m->u.edges[i].from;
		m->names[n++] = m->u.edges[i].to;
	}
	qsort(m->names, n, sizeof(*m->names), by_name);
	for (i = 0; i < n; i++)
		if (!m->nr_names || strcmp(m->names[m->nr_names - 1], m->names[i]))
			m->names[m->nr_names++] = m->names[i];

	m->from = lwt_alloc((m->u.nr + 1) * sizeof(*m->from));
	m->to = lwt_alloc((m->u.nr + 1) * sizeof(*m->to));
	m->adj_start = lwt_alloc((m->nr_names + 1) * sizeof(*m->adj_start));
	m->adj = lwt_alloc((m->u.nr + 1) * sizeof(*m->adj));
	fill = lwt_alloc((m->nr_names + 1) * sizeof(*fill));
	for (i = 0; i < m->u.nr; i++) {
		m->from[i] = name_index(m, m->u.edges[i].from);
		m->to[i] = name_index(m, m->u.edges[i].to);
		m->adj_start[m->from[i] + 1]++;
	}
	for (i = 0; i < m->nr_names; i++)
		m->adj_start[i + 1] += m->adj_start[i];
	for (i = 0; i < m->u.nr; i++)
		m->adj[m->adj_start[m->from[i]] + fill[m->from[i]]++] = i;
	free(fill);
	m->on_path = lwt_alloc(m->nr_names + 1);
	m->common = lwt_alloc(m->words * sizeof(*m->common));
}

static void put_runs(const struct lwt_merge *m, size_t edge)
{
	const char *sep = "";
	int r;

	for (r = 0; r < m->nr_runs; r++) {
		if (m->seen[edge * m->words + (size_t)r / 64] & (1ULL << (r % 64))) {
			printf("%s%s", sep, m->runs[r]);
			sep = ", ";
		}
	}
}

/* A cycle on m->path: report it if no one run learned all its edges. */
static void found_cycle(struct lwt_merge *m)
{
	size_t i, w;
	int any = 0;

	memset(m->common, 0xff, m->words * sizeof(*m->common));
	for (i = 0; i < m->depth; i++)
		for (w = 0; w < m->words; w++)
			m->common[w] &= m->seen[m->path[i] * m->words + w];
	for (w = 0; w < m->words; w++)
		any |= m->common[w] != 0;
	if (any) {
		m->single++;
		return;
	}
	m->cross++;
	printf("cycle no single run saw:");
	for (i = 0; i < m->depth; i++)
		printf(" %s ->", m->u.edges[m->path[i]].from);
	printf(" %s\n", m->u.edges[m->path[0]].from);
	for (i = 0; i < m->depth; i++) {
		const struct lwt_edge *e = &m->u.edges[m->path[i]];
		char *site = lwt_site_label(e->to_site);

		printf("  %s -> %s at %s, from ", e->from, e->to, site);
		free(site);
		put_runs(m, m->path[i]);
		printf("\n");
	}
}

/*
 * Elementary cycles through @start whose other classes all sort after it,
 * so each cycle is found once, from its least class.
 */
static void search(struct lwt_merge *m, size_t start, size_t at)
{
	size_t k;

	for (k = m->adj_start[at]; k < m->adj_start[at + 1]; k++) {
		size_t e = m->adj[k], next = m->to[e];

		if (++m->visits > LWT_SEARCH_BUDGET) {
			m->out_of_budget = 1;
			return;
		}
		if (next == start) {
			m->path[m->depth++] = e;
			found_cycle(m);
			m->depth--;
			continue;
		}
		if (next < start || m->on_path[next] || m->depth + 1 >= LWT_CYCLE_MAX_LEN)
			continue;
		m->path[m->depth++] = e;
		m->on_path[next] = 1;
		search(m, start, next);
		m->on_path[next] = 0;
		m->depth--;
		if (m->out_of_budget)
			return;
	}
}

static int write_graph(const struct lwt_merge *m, const char *out)
{
	char *path;
	FILE *f;
	size_t i;
	int ret = 0;

	if (mkdir(out, 0755) && errno != EEXIST) {
		lwt_err("%s: %s", out, strerror(errno));
		return -1;
	}
	path = lwt_path(out, "graph");
	f = fopen(path, "w");
	if (!f) {
		lwt_err("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	fprintf(f, "# from\tto\tfrom_excl\tfrom_site\tto_site\n");
	for (i = 0; i < m->u.nr; i++) {
		const struct lwt_edge *e = &m->u.edges[i];

		fprintf(f, "%s\t%s\t%d\t%s\t%s\n", e->from, e->to, e->from_excl,
			e->from_site, e->to_site);
	}
	if (fclose(f)) {
		lwt_err("%s: %s", path, strerror(errno));
		ret = -1;
	}
	free(path);
	return ret;
}

int lwt_cmd_merge(const char *out, char *const *dirs, int nr_dirs)
{
	struct lwt_merge m = { .runs = dirs, .nr_runs = nr_dirs };
	int ret = LWT_ERROR;
	size_t s;

	m.words = ((size_t)nr_dirs + 63) / 64;
	if (union_runs(&m))
		goto out;
	index_classes(&m);
	for (s = 0; s < m.nr_names && !m.out_of_budget; s++) {
		m.on_path[s] = 1;
		search(&m, s, s);
		m.on_path[s] = 0;
	}
	if (m.out_of_budget)
		lwt_err("cycle search stopped after %llu edge visits: more cycles may exist",
			LWT_SEARCH_BUDGET);
	printf("merged %d run%s: %zu classes, %zu edges; ",
	       nr_dirs, nr_dirs == 1 ? "" : "s", m.nr_names, m.u.nr);
	printf("%zu cycle%s no single run saw, %zu within one run\n",
	       m.cross, m.cross == 1 ? "" : "s", m.single);
	if (out && write_graph(&m, out))
		goto out;
	ret = m.cross ? LWT_FOUND : LWT_OK;
out:
	free(m.common);
	free(m.on_path);
	free(m.adj);
	free(m.adj_start);
	free(m.to);
	free(m.from);
	free(m.names);
	free(m.seen);
	lwt_graph_free(&m.u);
	return ret;
}
