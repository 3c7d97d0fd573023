// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden diff: what a run learned or found that a saved baseline does
 * not have: new dependencies (by class names) and new findings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "files.h"
#include "sites.h"
#include "util.h"

/* Same kind and the same classes in the same order. */
static int same_classes(const struct lwt_finding *a, const struct lwt_finding *b)
{
	size_t i;

	if (strcmp(a->kind, b->kind) || a->nr_links != b->nr_links)
		return 0;
	for (i = 0; i < a->nr_links; i++)
		if (strcmp(a->links[i].class, b->links[i].class))
			return 0;
	return 1;
}

/*
 * A finding is known to the baseline by its signature, or by its kind and
 * classes: code addresses move with every build and module load address,
 * and the signature hashes them.
 */
static int known(const struct lwt_findings *base, const struct lwt_finding *f)
{
	size_t i;

	for (i = 0; i < base->nr; i++)
		if (!strcmp(base->v[i].signature, f->signature) ||
		    same_classes(&base->v[i], f))
			return 1;
	return 0;
}

static void put_classes(const struct lwt_finding *f)
{
	size_t i;

	for (i = 0; i < f->nr_links; i++)
		printf("%s%s", i ? " " : "", f->links[i].class);
}

int lwt_cmd_diff(const char *dir, const char *baseline)
{
	struct lwt_findings fs = { 0 }, base_fs = { 0 };
	struct lwt_graph g, base_g;
	size_t new_edges = 0, new_findings = 0, i;
	int ret = LWT_ERROR, have_findings;

	if (lwt_load_graph(baseline, &base_g, 0))
		return LWT_ERROR;
	if (lwt_load_graph(dir, &g, 0))
		goto free_base_graph;
	/* findings.json is compared when the baseline has one. */
	have_findings = lwt_load_findings(baseline, &base_fs, 1);
	if (have_findings < 0)
		goto free_graph;
	if (have_findings == 0 && lwt_load_findings(dir, &fs, 0))
		goto free_findings;

	for (i = 0; i < g.nr; i++) {
		const struct lwt_edge *e = &g.edges[i];
		char *to_site, *from_site;

		if (lwt_graph_find(&base_g, e->from, e->to) >= 0)
			continue;
		to_site = lwt_site_label(e->to_site);
		from_site = lwt_site_label(e->from_site);
		printf("new edge: %s -> %s (at %s, after %s)\n",
		       e->from, e->to, to_site, from_site);
		free(to_site);
		free(from_site);
		new_edges++;
	}
	for (i = 0; i < fs.nr; i++) {
		const struct lwt_finding *f = &fs.v[i];

		if (known(&base_fs, f))
			continue;
		printf("new finding: %s %s [", f->signature, f->kind);
		put_classes(f);
		printf("] %s\n", f->title);
		new_findings++;
	}
	printf("%zu new edge%s of %zu, %zu new finding%s of %zu%s\n",
	       new_edges, new_edges == 1 ? "" : "s", g.nr,
	       new_findings, new_findings == 1 ? "" : "s", fs.nr,
	       have_findings ? " (the baseline has no findings.json)" : "");
	ret = new_edges || new_findings ? LWT_FOUND : LWT_OK;
free_findings:
	lwt_findings_free(&fs);
	lwt_findings_free(&base_fs);
free_graph:
	lwt_graph_free(&g);
free_base_graph:
	lwt_graph_free(&base_g);
	return ret;
}
