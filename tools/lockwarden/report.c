// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden report: a human summary of findings.json, grouped by kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "files.h"
#include "sites.h"
#include "util.h"

/* The kind ids of Documentation/debugfs.rst, in the order groups print. */
static const char *const lwt_kind_order[] = {
	"cycle", "aa", "rank", "irq_inversion", "sleep_atomic",
	"wait_context", "upgrade",
	"unlock_not_held", "unlock_non_owner", "depth", "not_held", "held",
	"destroy_held", "unload_held", "exit_held", "unguarded", "poisoned",
	"use_after_move", "double_take", "not_owner", "freed_owned",
	"hold_budget", "double_complete",
};

#define LWT_NR_KINDS	ARRAY_SIZE(lwt_kind_order)

static size_t kind_rank(const char *kind)
{
	size_t i;

	for (i = 0; i < LWT_NR_KINDS; i++)
		if (!strcmp(lwt_kind_order[i], kind))
			return i;
	return LWT_NR_KINDS;
}

/* "6.358826s", as the findings file prints times. */
static void put_time(unsigned long long ns)
{
	printf("%llu.%06llus", ns / 1000000000ULL, ns % 1000000000ULL / 1000);
}

/*
 * The kind's name as its title gives it: "lockwarden: NAME in F / G". The
 * name may contain " in " itself; the function names do not.
 */
static void put_kind_name(const struct lwt_finding *f)
{
	const char *prefix = "lockwarden: ", *t = f->title, *in = NULL, *p;

	if (!strncmp(t, prefix, strlen(prefix))) {
		t += strlen(prefix);
		for (p = strstr(t, " in "); p; p = strstr(p + 1, " in "))
			in = p;
		if (in && in > t) {
			printf("%.*s (%s)", (int)(in - t), t, f->kind);
			return;
		}
	}
	printf("%s", f->kind);
}

static void put_finding(const struct lwt_finding *f)
{
	size_t i;

	printf("  #%llu %s\n", f->serial, f->title);
	if (f->nr_links) {
		printf("      classes: ");
		for (i = 0; i < f->nr_links; i++)
			printf("%s%s", i ? (!strcmp(f->kind, "cycle") ? " -> " : ", ") : "",
			       f->links[i].class);
		if (f->truncated)
			printf(" ... (truncated)");
		printf("\n");
	}
	/* The links' sites, with their source lines, once objects are given. */
	for (i = 0; lwt_sites_given() && i < f->nr_links; i++) {
		char *label = lwt_site_label(f->links[i].site);

		printf("      at %s\n", label);
		free(label);
	}
	printf("      seen %llu time%s, first at ", f->count, f->count == 1 ? "" : "s");
	put_time(f->first_ns);
	printf(", last at ");
	put_time(f->last_ns);
	printf(", first by %s/%llu\n", f->comm, f->pid);
}

int lwt_cmd_report(const char *dir)
{
	struct lwt_findings fs;
	unsigned long long total = 0;
	char *done;
	size_t i, j;

	if (lwt_load_findings(dir, &fs, 0))
		return LWT_ERROR;
	for (i = 0; i < fs.nr; i++)
		total += fs.v[i].count;
	printf("lockwarden findings in %s: %zu distinct, %llu occurrence%s\n",
	       dir, fs.nr, total, total == 1 ? "" : "s");
	done = lwt_alloc(fs.nr + 1);
	/* Known kinds in table order, then the others as they first appear. */
	for (;;) {
		size_t best = fs.nr, n = 0;
		unsigned long long count = 0;

		for (i = 0; i < fs.nr; i++)
			if (!done[i] && (best == fs.nr ||
					 kind_rank(fs.v[i].kind) < kind_rank(fs.v[best].kind)))
				best = i;
		if (best == fs.nr)
			break;
		for (j = best; j < fs.nr; j++) {
			if (!done[j] && !strcmp(fs.v[j].kind, fs.v[best].kind)) {
				n++;
				count += fs.v[j].count;
			}
		}
		printf("\n");
		put_kind_name(&fs.v[best]);
		printf(": %zu finding%s, %llu occurrence%s\n", n, n == 1 ? "" : "s",
		       count, count == 1 ? "" : "s");
		for (j = best; j < fs.nr; j++) {
			if (!done[j] && !strcmp(fs.v[j].kind, fs.v[best].kind)) {
				put_finding(&fs.v[j]);
				done[j] = 1;
			}
		}
	}
	free(done);
	lwt_findings_free(&fs);
	return LWT_OK;
}
