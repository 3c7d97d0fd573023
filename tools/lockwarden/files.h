/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lockwarden tool's readers of lockwarden's debugfs files (the formats
 * of Documentation/debugfs.rst), from the live directory or a saved copy.
 */
#ifndef LWT_FILES_H
#define LWT_FILES_H

#include <stddef.h>

#define LWT_HIST_BUCKETS	32

/* One line of graph: a learned dependency @from -> @to. */
struct lwt_edge {
	char *from;
	char *to;
	int from_excl;
	char *from_site;
	char *to_site;
};

/* The edges, and an open-addressing index of them by (from, to). */
struct lwt_graph {
	struct lwt_edge *edges;
	size_t nr;
	size_t *slots;
	size_t nr_slots;
};

/* One line of classes. */
struct lwt_class {
	char *id;
	char *name;
	char *rank;
	unsigned long long acquired;
	unsigned long long deps_out;
	unsigned long long deps_in;
	char *usage;
	char *after;
	char *event;		/* an event class's kind ("work"), NULL for a lock class */
};

struct lwt_classes {
	struct lwt_class *v;
	size_t nr;
};

/* One line of lockstat; times in ns. */
struct lwt_lockstat {
	char *class;
	unsigned long long acquisitions;
	unsigned long long contentions;
	unsigned long long wait_min, wait_avg, wait_max;
	unsigned long long hold_min, hold_avg, hold_max;
	unsigned long long hist[LWT_HIST_BUCKETS];
};

struct lwt_lockstats {
	struct lwt_lockstat *v;
	size_t nr;
};

/* One line of stats: "name: value" or "name: value [max: N]". */
struct lwt_stat {
	char *name;
	char *value;
	int numeric;
	unsigned long long num;
	int has_max;
	unsigned long long max;
};

struct lwt_stats {
	struct lwt_stat *v;
	size_t nr;
};

struct lwt_link {
	char *class;
	char *site;
};

/* One line of findings.json (the members the tool uses). */
struct lwt_finding {
	unsigned long long serial;
	char *signature;
	char *kind;
	char *title;
	unsigned long long count;
	unsigned long long first_ns;
	unsigned long long last_ns;
	unsigned long long pid;
	char *comm;
	int truncated;
	struct lwt_link *links;
	size_t nr_links;
};

struct lwt_findings {
	struct lwt_finding *v;
	size_t nr;
};

/*
 * Each loader reads DIR/FILE and parses it. Returns 0; 1 if the file is
 * absent and @optional is set (the result is then empty); -1 after
 * printing an error that names the file and line.
 */
int lwt_load_graph(const char *dir, struct lwt_graph *g, int optional);
int lwt_load_classes(const char *dir, struct lwt_classes *c, int optional);
int lwt_load_lockstat(const char *dir, struct lwt_lockstats *l, int optional);
int lwt_load_stats(const char *dir, struct lwt_stats *s, int optional);
int lwt_load_findings(const char *dir, struct lwt_findings *f, int optional);

/* Parse findings.json text already read; @name labels error messages. */
int lwt_parse_findings(char *text, size_t len, const char *name, struct lwt_findings *f);

void lwt_graph_free(struct lwt_graph *g);
void lwt_classes_free(struct lwt_classes *c);
void lwt_lockstats_free(struct lwt_lockstats *l);
void lwt_stats_free(struct lwt_stats *s);
void lwt_findings_free(struct lwt_findings *f);

/* Append a copy of @e to @g. */
void lwt_graph_add(struct lwt_graph *g, const struct lwt_edge *e);

/* Index of the edge @from -> @to in @g, or -1. */
long lwt_graph_find(const struct lwt_graph *g, const char *from, const char *to);

#endif /* LWT_FILES_H */
