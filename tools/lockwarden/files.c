// SPDX-License-Identifier: GPL-2.0
/*
 * The lockwarden tool's readers of lockwarden's debugfs files: the TAB
 * tables (graph, classes, lockstat), stats and findings.json, each checked
 * against the format of Documentation/debugfs.rst.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "json.h"
#include "util.h"

/* === Tables === */

#define LWT_MAX_FIELDS	16

/*
 * A TAB table's format: its file, the fields its header names, how many of
 * the last ones a file may lack (added to the format later: a file saved
 * before has none of them), a reader of one record into the table (0, or
 * -1 for an invalid record; a field the file lacks is "") and the table's
 * free function.
 */
struct table_format {
	const char *file;
	const char *const *cols;
	size_t ncols;
	size_t nopt;
	int (*row)(void *table, char **f);
	void (*free)(void *table);
};

/*
 * Free the string members, at the offsets @strs (@nr_strs of them), of each
 * of the @nr records of @size bytes at @v; then @v.
 */
static void free_records(void *v, size_t nr, size_t size, const size_t *strs, size_t nr_strs)
{
	char *rec = v;
	size_t i, j;

	for (i = 0; i < nr; i++, rec += size)
		for (j = 0; j < nr_strs; j++)
			free(*(char **)(rec + strs[j]));
	free(v);
}

/*
 * lwt_read_file() of DIR/@file into @buf, then refused (-1, @buf freed)
 * if it holds a NUL byte.
 */
static int read_text(const char *dir, const char *file, struct lwt_buf *buf, int optional)
{
	int ret = lwt_read_file(dir, file, buf, optional);

	if (!ret && lwt_check_nul(buf, dir, file)) {
		lwt_buf_free(buf);
		return -1;
	}
	return ret;
}

/* Zero the @size bytes of @out, then read_text() DIR/@file into @buf. */
static int load_begin(void *out, size_t size, const char *dir, const char *file,
		      struct lwt_buf *buf, int optional)
{
	memset(out, 0, size);
	return read_text(dir, file, buf, optional);
}

static int parse_u64(const char *s, unsigned long long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

/* Split @line at TABs into @f; returns the number of fields. */
static size_t split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;

	for (;;) {
		char *tab = strchr(line, '\t');

		if (n < max)
			f[n] = line;
		n++;
		if (!tab)
			return n;
		*tab = '\0';
		line = tab + 1;
	}
}

/*
 * Read DIR/FILE into @table (zeroed by the caller), checking that its
 * header names the format's fields (all, or all but optional last ones)
 * and each record has exactly as many as its header; on an error @table
 * is freed.
 */
static int load_table(const char *dir, const struct table_format *fmt, void *table,
		      int optional)
{
	static char none[] = "";
	const char *file = fmt->file;
	size_t pos = 0, lineno = 1, n, i, ncols = fmt->ncols;
	char *line, *f[LWT_MAX_FIELDS];
	struct lwt_buf buf;
	int ret;

	ret = read_text(dir, file, &buf, optional);
	if (ret)
		return ret;
	line = lwt_next_line(&buf, &pos);
	if (!line || line[0] != '#') {
		lwt_err("%s/%s:1: header line starting with '#' expected", dir, file);
		goto err;
	}
	line++;
	while (*line == ' ')
		line++;
	ncols = split_tabs(line, f, LWT_MAX_FIELDS);
	for (i = 0; i < fmt->ncols; i++)
		if (ncols < fmt->ncols - fmt->nopt || ncols > fmt->ncols ||
		    (i < ncols && strcmp(f[i], fmt->cols[i])))
			break;
	if (i < fmt->ncols) {
		lwt_err("%s/%s:1: header does not name the fields %s...%s of this format",
			dir, file, fmt->cols[0], fmt->cols[fmt->ncols - 1]);
		goto err;
	}
	while ((line = lwt_next_line(&buf, &pos))) {
		lineno++;
		n = split_tabs(line, f, LWT_MAX_FIELDS);
		if (n != ncols) {
			lwt_err("%s/%s:%zu: %zu fields expected, %zu found",
				dir, file, lineno, ncols, n);
			goto err;
		}
		for (i = ncols; i < fmt->ncols; i++)
			f[i] = none;
		if (fmt->row(table, f)) {
			lwt_err("%s/%s:%zu: invalid record", dir, file, lineno);
			goto err;
		}
	}
	lwt_buf_free(&buf);
	return 0;
err:
	lwt_buf_free(&buf);
	fmt->free(table);
	return -1;
}

/*
 * lwt_load_FILE(), the reader of the TAB table FILE into a TYPE: its
 * header names the fields given, of which the last NOPT may be missing,
 * FILE_row() reads a record, FREE() frees the TYPE.
 */
#define LWT_TABLE(file, type, free_fn, nopt, ...)				\
	static const char *const file##_cols[] = { __VA_ARGS__ };		\
	static void file##_free(void *table)					\
	{									\
		free_fn(table);							\
	}									\
	static const struct table_format file##_format = {			\
		#file, file##_cols, ARRAY_SIZE(file##_cols), nopt, file##_row,	\
		file##_free,							\
	};									\
	int lwt_load_##file(const char *dir, type *table, int optional)	\
	{									\
		memset(table, 0, sizeof(*table));				\
		return load_table(dir, &file##_format, table, optional);	\
	}

/* === graph === */

static size_t edge_hash(const char *from, const char *to)
{
	size_t h = 14695981039346656037ULL & SIZE_MAX;

	for (; *from; from++)
		h = (h ^ (unsigned char)*from) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (; *to; to++)
		h = (h ^ (unsigned char)*to) * 1099511628211ULL;
	return h;
}

/* Slots hold edge index + 1; 0 is free. */
static void graph_index(struct lwt_graph *g, size_t idx)
{
	const struct lwt_edge *e = &g->edges[idx];
	size_t s = edge_hash(e->from, e->to) & (g->nr_slots - 1);

	while (g->slots[s])
		s = (s + 1) & (g->nr_slots - 1);
	g->slots[s] = idx + 1;
}

long lwt_graph_find(const struct lwt_graph *g, const char *from, const char *to)
{
	size_t s;

	if (!g->nr_slots)
		return -1;
	s = edge_hash(from, to) & (g->nr_slots - 1);
	while (g->slots[s]) {
		const struct lwt_edge *e = &g->edges[g->slots[s] - 1];

		if (!strcmp(e->from, from) && !strcmp(e->to, to))
			return (long)(g->slots[s] - 1);
		s = (s + 1) & (g->nr_slots - 1);
	}
	return -1;
}

void lwt_graph_add(struct lwt_graph *g, const struct lwt_edge *e)
{
	struct lwt_edge *n;
	size_t i;

	if ((g->nr + 1) * 2 > g->nr_slots) {
		free(g->slots);
		g->nr_slots = g->nr_slots ? g->nr_slots * 2 : 64;
		g->slots = lwt_alloc(g->nr_slots * sizeof(*g->slots));
		for (i = 0; i < g->nr; i++)
			graph_index(g, i);
	}
	g->edges = lwt_realloc(g->edges, g->nr + 1, sizeof(*g->edges));
	n = &g->edges[g->nr];
	n->from = lwt_strdup(e->from);
	n->to = lwt_strdup(e->to);
	n->from_excl = e->from_excl;
	n->from_site = lwt_strdup(e->from_site);
	n->to_site = lwt_strdup(e->to_site);
	graph_index(g, g->nr++);
}

static int graph_row(void *table, char **f)
{
	struct lwt_graph *g = table;
	struct lwt_edge e = {
		.from = f[0], .to = f[1], .from_site = f[3], .to_site = f[4],
	};

	/* kind: "" in a file saved before it existed. */
	if (!*f[0] || !*f[1] || (strcmp(f[2], "0") && strcmp(f[2], "1")) ||
	    (*f[5] && strcmp(f[5], "lock") && strcmp(f[5], "wait") && strcmp(f[5], "signal")))
		return -1;
	e.from_excl = f[2][0] == '1';
	if (lwt_graph_find(g, e.from, e.to) >= 0)
		return -1;
	lwt_graph_add(g, &e);
	return 0;
}

LWT_TABLE(graph, struct lwt_graph, lwt_graph_free, 1,
	  "from", "to", "from_excl", "from_site", "to_site", "kind")

void lwt_graph_free(struct lwt_graph *g)
{
	static const size_t strs[] = {
		offsetof(struct lwt_edge, from), offsetof(struct lwt_edge, to),
		offsetof(struct lwt_edge, from_site), offsetof(struct lwt_edge, to_site),
	};

	free_records(g->edges, g->nr, sizeof(*g->edges), strs, ARRAY_SIZE(strs));
	free(g->slots);
	memset(g, 0, sizeof(*g));
}

/* === classes === */

static int usage_valid(const char *u)
{
	size_t i;

	if (strlen(u) != 8)
		return 0;
	for (i = 0; i < 8; i++)
		if (!strchr("+-?.", u[i]))
			return 0;
	return 1;
}

/*
 * A class's kind: "lock", an event class's kind (Documentation/waits.rst),
 * "event" (a file saved before the kinds were told apart) or "" (before the
 * column existed).
 */
static int kind_valid(const char *k)
{
	static const char *const kinds[] = {
		"", "lock", "event", "completion", "wait_queue", "work", "workqueue",
		"timer", "kthread", "condvar",
	};

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(k, kinds[i]))
			return 1;
	return 0;
}

static int classes_row(void *table, char **f)
{
	struct lwt_classes *c = table;
	struct lwt_class k;

	if (!*f[0] || !*f[1] || !*f[2] || parse_u64(f[3], &k.acquired) ||
	    parse_u64(f[4], &k.deps_out) || parse_u64(f[5], &k.deps_in) ||
	    !usage_valid(f[6]) || !kind_valid(f[8]))
		return -1;
	/* kind: "" in a file saved before it existed, when every class was a lock. */
	k.event = *f[8] && strcmp(f[8], "lock") ? lwt_strdup(f[8]) : NULL;
	k.id = lwt_strdup(f[0]);
	k.name = lwt_strdup(f[1]);
	k.rank = lwt_strdup(f[2]);
	k.usage = lwt_strdup(f[6]);
	k.after = lwt_strdup(f[7]);
	c->v = lwt_realloc(c->v, c->nr + 1, sizeof(*c->v));
	c->v[c->nr++] = k;
	return 0;
}

LWT_TABLE(classes, struct lwt_classes, lwt_classes_free, 1,
	  "id", "name", "rank", "acquired", "deps_out", "deps_in", "usage", "after", "kind")

void lwt_classes_free(struct lwt_classes *c)
{
	static const size_t strs[] = {
		offsetof(struct lwt_class, id), offsetof(struct lwt_class, name),
		offsetof(struct lwt_class, rank), offsetof(struct lwt_class, usage),
		offsetof(struct lwt_class, after), offsetof(struct lwt_class, event),
	};

	free_records(c->v, c->nr, sizeof(*c->v), strs, ARRAY_SIZE(strs));
	memset(c, 0, sizeof(*c));
}

/* === lockstat === */

static int lockstat_row(void *table, char **f)
{
	struct lwt_lockstats *l = table;
	struct lwt_lockstat s;
	unsigned long long *num[] = {
		&s.acquisitions, &s.contentions, &s.wait_min, &s.wait_avg,
		&s.wait_max, &s.hold_min, &s.hold_avg, &s.hold_max,
	};
	char *h = f[9];
	size_t i;

	if (!*f[0])
		return -1;
	for (i = 0; i < 8; i++)
		if (parse_u64(f[i + 1], num[i]))
			return -1;
	for (i = 0; i < LWT_HIST_BUCKETS; i++) {
		char *comma = strchr(h, ',');

		if (!comma != (i == LWT_HIST_BUCKETS - 1))
			return -1;
		if (comma)
			*comma = '\0';
		if (parse_u64(h, &s.hist[i]))
			return -1;
		if (comma)
			h = comma + 1;
	}
	s.class = lwt_strdup(f[0]);
	l->v = lwt_realloc(l->v, l->nr + 1, sizeof(*l->v));
	l->v[l->nr++] = s;
	return 0;
}

LWT_TABLE(lockstat, struct lwt_lockstats, lwt_lockstats_free, 0,
	  "class", "acquisitions", "contentions", "wait_min_ns", "wait_avg_ns",
	  "wait_max_ns", "hold_min_ns", "hold_avg_ns", "hold_max_ns", "hold_hist")

void lwt_lockstats_free(struct lwt_lockstats *l)
{
	static const size_t strs[] = { offsetof(struct lwt_lockstat, class) };

	free_records(l->v, l->nr, sizeof(*l->v), strs, ARRAY_SIZE(strs));
	memset(l, 0, sizeof(*l));
}

/* === stats === */

static int stats_line(struct lwt_stats *s, char *line)
{
	char *colon = strstr(line, ": "), *value, *max;
	struct lwt_stat st = { 0 };

	if (!colon || colon == line)
		return -1;
	*colon = '\0';
	value = colon + 2;
	max = strstr(value, " [max: ");
	if (max) {
		size_t n = strlen(max);

		if (max[n - 1] != ']')
			return -1;
		max[n - 1] = '\0';
		if (parse_u64(max + 7, &st.max))
			return -1;
		st.has_max = 1;
		*max = '\0';
	}
	if (!*value)
		return -1;
	st.numeric = !parse_u64(value, &st.num);
	if (st.has_max && !st.numeric)
		return -1;
	st.name = lwt_strdup(line);
	st.value = lwt_strdup(value);
	s->v = lwt_realloc(s->v, s->nr + 1, sizeof(*s->v));
	s->v[s->nr++] = st;
	return 0;
}

int lwt_load_stats(const char *dir, struct lwt_stats *s, int optional)
{
	struct lwt_buf buf;
	size_t pos = 0, lineno = 0;
	char *line;
	int ret;

	ret = load_begin(s, sizeof(*s), dir, "stats", &buf, optional);
	if (ret)
		return ret;
	while ((line = lwt_next_line(&buf, &pos))) {
		lineno++;
		if (stats_line(s, line)) {
			lwt_err("%s/stats:%zu: \"name: value [max: N]\" expected", dir, lineno);
			lwt_buf_free(&buf);
			lwt_stats_free(s);
			return -1;
		}
	}
	lwt_buf_free(&buf);
	return 0;
}

void lwt_stats_free(struct lwt_stats *s)
{
	static const size_t strs[] = {
		offsetof(struct lwt_stat, name), offsetof(struct lwt_stat, value),
	};

	free_records(s->v, s->nr, sizeof(*s->v), strs, ARRAY_SIZE(strs));
	memset(s, 0, sizeof(*s));
}

/* === findings.json === */

/* The member @key of @obj, which must have @type; else a message in @why. */
static const struct lwt_json *member(const struct lwt_json *obj, const char *key,
				     enum lwt_json_type type, char *why, size_t n)
{
	const struct lwt_json *v = lwt_json_get(obj, key);

	if (!v)
		snprintf(why, n, "member \"%s\" missing", key);
	else if (v->type != type)
		snprintf(why, n, "member \"%s\": %s expected, %s found", key,
			 lwt_json_type_name(type), lwt_json_type_name(v->type));
	else
		return v;
	return NULL;
}

static int member_u64(const struct lwt_json *obj, const char *key,
		      unsigned long long *out, char *why, size_t n)
{
	const struct lwt_json *v = member(obj, key, LWT_JSON_NUMBER, why, n);

	if (!v)
		return -1;
	if (lwt_json_u64(v, out)) {
		snprintf(why, n, "member \"%s\": unsigned 64-bit integer expected, %s found",
			 key, v->str);
		return -1;
	}
	return 0;
}

/* Copy the string member @key of @obj to *@dst: 0, or -1 with @why. */
static int member_str(const struct lwt_json *obj, const char *key, char **dst,
		      char *why, size_t n)
{
	const struct lwt_json *v = member(obj, key, LWT_JSON_STRING, why, n);

	if (!v)
		return -1;
	*dst = lwt_strdup(v->str);
	return 0;
}

/* The member @key of @obj, of @type, in *@dst: 0, or -1 with @why. */
static int member_of(const struct lwt_json *obj, const char *key, enum lwt_json_type type,
		     const struct lwt_json **dst, char *why, size_t n)
{
	*dst = member(obj, key, type, why, n);
	return *dst ? 0 : -1;
}

static int hex16(const char *s)
{
	size_t i;

	for (i = 0; i < 16; i++)
		if (!s[i] || !strchr("0123456789abcdef", s[i]))
			return 0;
	return s[16] == '\0';
}

static void finding_free(struct lwt_finding *f)
{
	static const size_t strs[] = {
		offsetof(struct lwt_link, class), offsetof(struct lwt_link, site),
	};

	free(f->signature);
	free(f->kind);
	free(f->title);
	free(f->comm);
	free_records(f->links, f->nr_links, sizeof(*f->links), strs, ARRAY_SIZE(strs));
	memset(f, 0, sizeof(*f));
}

/* Check one finding object against the schema and copy what the tool uses. */
static int finding_from_json(const struct lwt_json *o, struct lwt_finding *f,
			     char *why, size_t n)
{
	const struct lwt_json *v, *links, *stacks, *detail;
	size_t i, j;

	memset(f, 0, sizeof(*f));
	if (o->type != LWT_JSON_OBJECT) {
		snprintf(why, n, "object expected, %s found", lwt_json_type_name(o->type));
		return -1;
	}
	if (member_u64(o, "serial", &f->serial, why, n) ||
	    member_str(o, "signature", &f->signature, why, n) ||
	    member_str(o, "kind", &f->kind, why, n) ||
	    member_str(o, "title", &f->title, why, n) ||
	    member_u64(o, "count", &f->count, why, n) ||
	    member_u64(o, "first_ns", &f->first_ns, why, n) ||
	    member_u64(o, "last_ns", &f->last_ns, why, n) ||
	    member_u64(o, "pid", &f->pid, why, n) ||
	    member_str(o, "comm", &f->comm, why, n) ||
	    member_of(o, "truncated", LWT_JSON_BOOL, &v, why, n) ||
	    member_of(o, "links", LWT_JSON_ARRAY, &links, why, n) ||
	    member_of(o, "stacks", LWT_JSON_ARRAY, &stacks, why, n) ||
	    member_of(o, "detail", LWT_JSON_OBJECT, &detail, why, n))
		goto err;
	f->truncated = v->boolean;
	if (!hex16(f->signature)) {
		snprintf(why, n, "member \"signature\": 16 hex digits expected");
		goto err;
	}
	if (!*f->kind) {
		snprintf(why, n, "member \"kind\" is empty");
		goto err;
	}
	f->links = lwt_alloc(links->nr * sizeof(*f->links));
	for (i = 0; i < links->nr; i++) {
		const struct lwt_json *l = links->items[i];

		if (l->type != LWT_JSON_OBJECT) {
			snprintf(why, n, "links[%zu]: object expected", i);
			goto err;
		}
		/* Counted first: finding_free() frees what was copied. */
		f->nr_links++;
		if (member_str(l, "class", &f->links[i].class, why, n) ||
		    member_str(l, "site", &f->links[i].site, why, n))
			goto err;
	}
	if (stacks->nr > 2) {
		snprintf(why, n, "member \"stacks\": at most 2 stacks expected, %zu found",
			 stacks->nr);
		goto err;
	}
	for (i = 0; i < stacks->nr; i++) {
		const struct lwt_json *s = stacks->items[i];

		if (s->type != LWT_JSON_ARRAY) {
			snprintf(why, n, "stacks[%zu]: array expected", i);
			goto err;
		}
		for (j = 0; j < s->nr; j++) {
			if (s->items[j]->type != LWT_JSON_STRING) {
				snprintf(why, n, "stacks[%zu][%zu]: string expected", i, j);
				goto err;
			}
		}
	}
	return 0;
err:
	finding_free(f);
	return -1;
}

int lwt_parse_findings(char *text, size_t len, const char *name, struct lwt_findings *out)
{
	struct lwt_buf buf = { text, len };
	size_t pos = 0, lineno = 0;
	char *line;

	memset(out, 0, sizeof(*out));
	if (lwt_check_nul(&buf, NULL, name))
		return -1;
	while ((line = lwt_next_line(&buf, &pos))) {
		struct lwt_json_error jerr;
		struct lwt_finding f;
		struct lwt_json *o;
		char why[160];

		lineno++;
		if (!*line) {
			lwt_err("%s:%zu: empty line (one JSON object per line expected)",
				name, lineno);
			goto err;
		}
		o = lwt_json_parse(line, strlen(line), LWT_JSON_BYTES, &jerr);
		if (!o) {
			lwt_err("%s:%zu:%zu: %s", name, lineno, jerr.column, jerr.msg);
			goto err;
		}
		if (finding_from_json(o, &f, why, sizeof(why))) {
			lwt_json_free(o);
			lwt_err("%s:%zu: %s", name, lineno, why);
			goto err;
		}
		lwt_json_free(o);
		out->v = lwt_realloc(out->v, out->nr + 1, sizeof(*out->v));
		out->v[out->nr++] = f;
	}
	return 0;
err:
	lwt_findings_free(out);
	return -1;
}

int lwt_load_findings(const char *dir, struct lwt_findings *f, int optional)
{
	struct lwt_buf buf;
	char *name;
	int ret;

	ret = load_begin(f, sizeof(*f), dir, "findings.json", &buf, optional);
	if (ret)
		return ret;
	name = lwt_path(dir, "findings.json");
	ret = lwt_parse_findings(buf.data, buf.len, name, f);
	free(name);
	lwt_buf_free(&buf);
	return ret;
}

void lwt_findings_free(struct lwt_findings *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		finding_free(&f->v[i]);
	free(f->v);
	memset(f, 0, sizeof(*f));
}
