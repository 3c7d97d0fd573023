// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden stats --prometheus: stats and lockstat in the Prometheus text
 * exposition format (version 0.0.4).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "files.h"
#include "util.h"

/* A label value or HELP text: '\' and newline escaped, '"' too in labels. */
static void put_escaped(const char *s, int label)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '"' && label)
			fputs("\\\"", stdout);
		else
			putchar(*s);
	}
}

/* A metric family's HELP and TYPE lines. */
static void family(const char *name, const char *type, const char *help)
{
	printf("# HELP %s ", name);
	put_escaped(help, 0);
	printf("\n# TYPE %s %s\n", name, type);
}

/*
 * Gauges among the plain stats: states, settings and maxima (a write to
 * stats starts irqs_off_max_ns anew), not event counts.
 */
static int stat_is_gauge(const char *name)
{
	static const char *const gauges[] = { "enabled", "switching", "irqs_off_max_ns" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gauges); i++)
		if (!strcmp(name, gauges[i]))
			return 1;
	return !strncmp(name, "max_", 4);
}

/* Whether stats line @name is a time in ns: Prometheus wants seconds. */
static int stat_in_ns(const char *name)
{
	size_t len = strlen(name);

	return len > 3 && !strcmp(name + len - 3, "_ns");
}

/*
 * The metric of stats line @name: lockwarden_<name> ([a-zA-Z0-9_] kept, the
 * rest '_'), a time in ns as <name less _ns>_seconds, a counter with _total
 * after.
 */
static void put_stat_name(const char *name, int gauge)
{
	size_t i, len = strlen(name) - (stat_in_ns(name) ? 3 : 0);

	fputs("lockwarden_", stdout);
	for (i = 0; i < len; i++) {
		char c = name[i];

		putchar((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') ? c : '_');
	}
	fputs(stat_in_ns(name) ? "_seconds" : "", stdout);
	fputs(gauge ? "" : "_total", stdout);
}

/* The gauge @name of each pool (a stats line with [max: N]): N or the used count. */
static void put_pools(const struct lwt_stats *s, const char *name, int capacity,
		      const char *help)
{
	size_t i;

	family(name, "gauge", help);
	for (i = 0; i < s->nr; i++) {
		if (!s->v[i].has_max)
			continue;
		printf("%s{pool=\"", name);
		put_escaped(s->v[i].name, 1);
		printf("\"} %llu\n", capacity ? s->v[i].max : s->v[i].num);
	}
}

static void put_stats(const struct lwt_stats *s)
{
	size_t i;
	int any = 0;

	for (i = 0; i < s->nr; i++)
		any |= s->v[i].has_max;
	if (any) {
		put_pools(s, "lockwarden_pool_used", 0,
			  "Entries in use in a fixed pool (stats: name: used [max: N]).");
		put_pools(s, "lockwarden_pool_capacity", 1,
			  "Capacity of a fixed pool, sized at load (the stats [max: N]).");
	}
	for (i = 0; i < s->nr; i++) {
		const struct lwt_stat *st = &s->v[i];
		int gauge = stat_is_gauge(st->name);

		if (st->has_max)
			continue;
		if (!st->numeric) {
			printf("# lockwarden: stats %s is not a number: ", st->name);
			put_escaped(st->value, 0);
			printf("\n");
			continue;
		}
		printf("# HELP ");
		put_stat_name(st->name, gauge);
		printf(" lockwarden stats: ");
		put_escaped(st->name, 0);
		printf("%s\n# TYPE ", stat_in_ns(st->name) ? ", in seconds" : "");
		put_stat_name(st->name, gauge);
		printf(" %s\n", gauge ? "gauge" : "counter");
		put_stat_name(st->name, gauge);
		putchar(' ');
		if (stat_in_ns(st->name))
			lwt_put_seconds(stdout, st->num);
		else
			printf("%llu", st->num);
		putchar('\n');
	}
}

static void put_class_label(const char *metric, const struct lwt_lockstat *l,
			    const char *extra)
{
	printf("%s{class=\"", metric);
	put_escaped(l->class, 1);
	printf("\"%s}", extra);
}

enum lwt_field {
	LWT_ACQ, LWT_CONT, LWT_WMIN, LWT_WAVG, LWT_WMAX, LWT_HMIN, LWT_HAVG, LWT_HMAX,
};

static unsigned long long field(const struct lwt_lockstat *l, enum lwt_field f)
{
	const unsigned long long v[] = {
		l->acquisitions, l->contentions, l->wait_min, l->wait_avg,
		l->wait_max, l->hold_min, l->hold_avg, l->hold_max,
	};

	return v[f];
}

static void put_lockstat(const struct lwt_lockstats *ls)
{
	static const struct {
		const char *name, *type, *help;
		enum lwt_field f;
		int seconds;
	} fams[] = {
		{ "lockwarden_lock_acquisitions_total", "counter",
		  "Acquisitions of a lock class since lockstat was reset.", LWT_ACQ, 0 },
		{ "lockwarden_lock_contentions_total", "counter",
		  "Acquisitions of a lock class that had to wait.", LWT_CONT, 0 },
		{ "lockwarden_lock_wait_min_seconds", "gauge",
		  "Shortest wait for a lock class.", LWT_WMIN, 1 },
		{ "lockwarden_lock_wait_avg_seconds", "gauge",
		  "Mean wait for a lock class.", LWT_WAVG, 1 },
		{ "lockwarden_lock_wait_max_seconds", "gauge",
		  "Longest wait for a lock class.", LWT_WMAX, 1 },
		{ "lockwarden_lock_hold_min_seconds", "gauge",
		  "Shortest hold of a lock class.", LWT_HMIN, 1 },
		{ "lockwarden_lock_hold_max_seconds", "gauge",
		  "Longest hold of a lock class.", LWT_HMAX, 1 },
	};
	size_t i, k;
	int b;

	if (!ls->nr)
		return;
	for (k = 0; k < ARRAY_SIZE(fams); k++) {
		family(fams[k].name, fams[k].type, fams[k].help);
		for (i = 0; i < ls->nr; i++) {
			unsigned long long v = field(&ls->v[i], fams[k].f);

			put_class_label(fams[k].name, &ls->v[i], "");
			putchar(' ');
			if (fams[k].seconds)
				lwt_put_seconds(stdout, v);
			else
				printf("%llu", v);
			putchar('\n');
		}
	}
	family("lockwarden_lock_hold_seconds", "histogram",
	       "Hold times of a lock class (log2 buckets of ns; _sum from the mean hold).");
	for (i = 0; i < ls->nr; i++) {
		const struct lwt_lockstat *l = &ls->v[i];
		unsigned long long cum = 0;
		char le[48];

		/* Bucket b holds 2^b .. 2^(b+1) - 1 ns; the last one is +Inf. */
		for (b = 0; b < LWT_HIST_BUCKETS; b++) {
			cum += l->hist[b];
			if (b == LWT_HIST_BUCKETS - 1) {
				snprintf(le, sizeof(le), ",le=\"+Inf\"");
			} else {
				unsigned long long ns = (2ULL << b) - 1;

				snprintf(le, sizeof(le), ",le=\"%llu.%09llu\"",
					 ns / 1000000000ULL, ns % 1000000000ULL);
			}
			put_class_label("lockwarden_lock_hold_seconds_bucket", l, le);
			printf(" %llu\n", cum);
		}
		put_class_label("lockwarden_lock_hold_seconds_sum", l, "");
		putchar(' ');
		if (cum && l->hold_avg > ULLONG_MAX / cum)
			printf("%.9Le", (long double)l->hold_avg * cum / 1e9L);
		else
			lwt_put_seconds(stdout, l->hold_avg * cum);
		putchar('\n');
		put_class_label("lockwarden_lock_hold_seconds_count", l, "");
		printf(" %llu\n", cum);
	}
}

int lwt_cmd_stats_prometheus(const char *dir)
{
	struct lwt_lockstats ls;
	struct lwt_stats s;

	if (lwt_load_stats(dir, &s, 0))
		return LWT_ERROR;
	if (lwt_load_lockstat(dir, &ls, 1) < 0) {
		lwt_stats_free(&s);
		return LWT_ERROR;
	}
	put_stats(&s);
	put_lockstat(&ls);
	lwt_lockstats_free(&ls);
	lwt_stats_free(&s);
	return LWT_OK;
}
