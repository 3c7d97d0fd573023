// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the lockwarden tool's reader of the graph file, and the
 * commands that consume it (graph --dot, diff, merge), on one input as DIR/graph.
 */
#include <string.h>

#include "../../lockwarden/commands.h"
#include "../../lockwarden/files.h"
#include "../../lockwarden/util.h"
#include "tool_harness.h"

/* A field of a TAB table: no TAB, no end of line. */
static int field_ok(const char *s)
{
	return !strpbrk(s, "\t\n");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fz_dir(NULL), *out = fz_dir("out");
	char *runs[2] = { (char *)dir, (char *)dir };
	struct lwt_graph g, back;
	int ret = FZ_LOAD(graph, &g, data, size, 1);
	size_t i;

	if (!ret) {
		for (i = 0; i < g.nr; i++) {
			const struct lwt_edge *e = &g.edges[i];

			FZ_CHECK(*e->from && *e->to && field_ok(e->from) && field_ok(e->to) &&
				 field_ok(e->from_site) && field_ok(e->to_site) &&
				 (e->from_excl == 0 || e->from_excl == 1),
				 "edge %zu is not a valid record", i);
			FZ_CHECK(lwt_graph_find(&g, e->from, e->to) == (long)i,
				 "edge %zu %s -> %s is found at %ld", i, e->from, e->to,
				 lwt_graph_find(&g, e->from, e->to));
		}
	}
	FZ_CHECK(lwt_cmd_graph_dot(dir) == (ret ? LWT_ERROR : LWT_OK), "graph --dot");
	/* A run against itself: nothing new, and no cycle no single run saw. */
	FZ_CHECK(lwt_cmd_diff(dir, dir) == (ret ? LWT_ERROR : LWT_OK),
		 "a graph differs from itself");
	FZ_CHECK(lwt_cmd_merge(out, runs, 2) == (ret ? LWT_ERROR : LWT_OK),
		 "merging a run with itself finds a cycle across runs");
	if (!ret) {
		/* What merge writes reads back as the same edges. */
		FZ_CHECK(!lwt_load_graph(out, &back, 0), "merge wrote a graph it cannot read");
		FZ_CHECK(back.nr == g.nr, "merge wrote %zu edges of %zu", back.nr, g.nr);
		for (i = 0; i < g.nr; i++) {
			const struct lwt_edge *e = &g.edges[i];
			long k = lwt_graph_find(&back, e->from, e->to);

			FZ_CHECK(k >= 0 && back.edges[k].from_excl == e->from_excl &&
				 !strcmp(back.edges[k].from_site, e->from_site) &&
				 !strcmp(back.edges[k].to_site, e->to_site),
				 "edge %s -> %s changed in merge's graph", e->from, e->to);
		}
		lwt_graph_free(&back);
		lwt_graph_free(&g);
	}
	return 0;
}
