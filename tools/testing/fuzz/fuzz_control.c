// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lockwarden's control file: the real
 * module/outputs/verbs.c (a write checked and parsed, each setting printed
 * back) and module/raise/filter.c (the filter table, its capacity, which
 * findings it hides), compiled against the shims of tools/testing/verbs/,
 * driven by writes decoded from the input and checked after each against
 * the independent model of control_model.c.
 *
 * What is checked: a write returns its count or one of the documented
 * errors, the one the model predicts; the request parsed is the one the
 * documentation reads; a refused write changes nothing and prints exactly
 * one message, an accepted one none; the filters are exactly the model's
 * (NAME vs NAME/N, LW_FILTERS of them, -EBUSY changing nothing); a finding
 * is hidden exactly when the model says; and writing back every line that
 * reading control shows, one per write, from the default settings, gives
 * the same settings and the same text. The settings the control file
 * applies outside these two files (checking, the mode, lockstat, budgets
 * in core/class.c) are kept by the model alone: for them the parser and
 * the printer are under test, not the applying.
 *
 * Input: records separated by 0xff bytes, each an operation chosen by its
 * first byte (see run_record()); any other first byte makes the whole
 * record one write. LW_FUZZ_TRACE=1 prints each operation as it runs.
 */
#include "../verbs/raise.h"	/* first: its include guards replace the kernel's */
#include "../../../module/outputs/verbs.c"
#include "../../../module/raise/filter.c"

#include <stdint.h>

#include "control_model.h"
#include "fuzz.h"

static_assert(CTM_NAME_MAX == LW_NAME_LEN - 1);
static_assert(CTM_SUBCLASSES == LW_MAX_SUBCLASSES);
static_assert(CTM_FILTERS == LW_FILTERS);
static_assert(CTM_PAGE == PAGE_SIZE);
static_assert(CTM_ON == (int)LW_VERB_ON && CTM_BUDGET == (int)LW_VERB_BUDGET &&
	      CTM_MODE == (int)LW_VERB_MODE && CTM_UNFILTER == (int)LW_VERB_UNFILTER);
static_assert(LW_VERB_COUNT == CTM_BUDGET + 1);

#define CHECK(cond, ...)	FZ_CHECK(cond, __VA_ARGS__)

/* Records are split on this byte, which no verb can hold. */
#define SEP			0xff

/* @len bytes of @p for a trace or a failure: printable, others as \xNN. */
static const char *shown(const void *p, size_t len)
{
	static char buf[4 * 80 + 8];
	const unsigned char *s = p;
	size_t i, n = 0;

	for (i = 0; i < len && n + 8 < sizeof(buf); i++)
		n += snprintf(buf + n, sizeof(buf) - n, s[i] >= 0x20 && s[i] < 0x7f ? "%c" : "\\x%02x",
			      s[i]);
	if (i < len)
		snprintf(buf + n, sizeof(buf) - n, "...");
	return buf;
}

/* === The control file, as the module assembles it from the two files === */

/* The model's settings; the filters also in filter.c. */
static struct ctm_state M;

/*
 * control.c's and lockstat.c's set() for each verb, applying @req, which
 * verbs.c parsed: the filters to filter.c, the rest to the model, which
 * keeps them. Returns what the write returns.
 */
static int apply(const struct lw_verb_req *req, const struct ctm_req *mreq)
{
	int want = ctm_apply(&M, mreq, lw_test_engine_busy);
	int ret = want;

	switch (req->verb) {
	case LW_VERB_FILTER:
		ret = lw_filter_add(req->name, req->sub);
		break;
	case LW_VERB_UNFILTER:
		ret = req->has_arg ? lw_filter_remove(req->name, req->sub) : lw_filter_clear();
		break;
	default:
		break;
	}
	CHECK(ret == want, "'%s' applied: %d, the model says %d", lw_verb_name(req->verb), ret, want);
	return ret;
}

/* What reading control shows, in control.c's order, into @buf; its length. */
static size_t read_control(char *buf, size_t size)
{
	struct seq_file seq = { .buf = buf, .size = size };
	struct lw_filter filters[LW_FILTERS];
	struct lw_verb_req req;
	unsigned int i, nr;

	seq_printf(&seq, "checking=%s\n", M.on ? "on" : "off");
	req = (struct lw_verb_req){ .verb = LW_VERB_MODE, .has_arg = true, .mode = M.mode };
	lw_verb_show(&seq, &req);
	nr = lw_filter_list(filters);
	for (i = 0; i < nr; i++) {
		req = (struct lw_verb_req){ .verb = LW_VERB_FILTER, .has_arg = true,
					    .sub = filters[i].sub };
		strscpy(req.name, filters[i].name, sizeof(req.name));
		lw_verb_show(&seq, &req);
	}
	req = (struct lw_verb_req){ .verb = LW_VERB_LOCKSTAT, .has_arg = true, .on = M.lockstat };
	lw_verb_show(&seq, &req);
	for (i = 0; i < M.nr_budgets; i++) {
		req = (struct lw_verb_req){ .verb = LW_VERB_BUDGET, .has_arg = true,
					    .ns = M.budgets[i].ns };
		strscpy(req.name, M.budgets[i].name, sizeof(req.name));
		lw_verb_show(&seq, &req);
	}
	CHECK(seq.count < size, "the settings do not fit in %zu bytes", size);
	buf[seq.count] = '\0';
	return seq.count;
}

/* === Checks === */

static void same_request(const struct lw_verb_req *req, const struct ctm_req *m)
{
	CHECK((int)req->verb == (int)m->verb && req->has_arg == m->has_arg,
	      "parsed as %s%s, the model reads %s%s", lw_verb_name(req->verb),
	      req->has_arg ? "=" : "", lw_verb_name((enum lw_verb)m->verb), m->has_arg ? "=" : "");
	switch (m->verb) {
	case CTM_MODE:
		CHECK(req->mode == m->mode, "mode %d, the model %d", req->mode, m->mode);
		break;
	case CTM_LOCKSTAT:
		CHECK(req->on == m->on, "lockstat %d, the model %d", req->on, m->on);
		break;
	case CTM_FILTER:
	case CTM_UNFILTER:
		CHECK(!strcmp(req->name, m->name) && req->sub == m->sub,
		      "class '%s'/%d, the model '%s'/%d", req->name, req->sub, m->name, m->sub);
		break;
	case CTM_BUDGET:
		CHECK(!strcmp(req->name, m->name) && req->ns == m->ns,
		      "budget '%s' %llu ns, the model '%s' %llu ns", req->name,
		      (unsigned long long)req->ns, m->name, m->ns);
		break;
	default:
		break;
	}
}

/* filter.c's table is the model's filters: the same set, no duplicate, each well formed. */
static void filters_verify(void)
{
	struct lw_filter filters[LW_FILTERS];
	unsigned int i, k, nr = lw_filter_list(filters);

	CHECK(nr == M.nr_filters, "%u filters, the model has %u", nr, M.nr_filters);
	for (i = 0; i < nr; i++) {
		const struct lw_filter *f = &filters[i];
		size_t len = strnlen(f->name, sizeof(f->name));
		bool found = false;

		CHECK(len >= 1 && len < LW_NAME_LEN && f->sub >= -1 && f->sub < LW_MAX_SUBCLASSES,
		      "filter %u malformed: '%s'/%d", i, shown(f->name, len), f->sub);
		for (k = 0; k < len; k++)
			CHECK(f->name[k] >= 0x20 && f->name[k] < 0x7f, "filter '%s' unprintable",
			      shown(f->name, len));
		for (k = 0; k < nr; k++)
			CHECK(k == i || strcmp(f->name, filters[k].name) || f->sub != filters[k].sub,
			      "filter '%s'/%d twice", f->name, f->sub);
		for (k = 0; k < M.nr_filters; k++)
			found |= !strcmp(f->name, M.filters[k].name) && f->sub == M.filters[k].sub;
		CHECK(found, "filter '%s'/%d is not the model's", f->name, f->sub);
	}
	CHECK(!lw_test_engine_locked, "the engine lock is left held");
}

/* === Operations === */

/*
 * One write of @count bytes at @data, as control.c's write handler takes
 * it (and, with @verb_only, as lockwarden_control() takes a string).
 * Returns what the write returns.
 */
static long op_write(const unsigned char *data, size_t count, bool verb_only)
{
	char *buf = malloc(count + 1);
	struct lw_verb_req req;
	struct ctm_req mreq;
	struct ctm_state before = M;
	int ret, want;
	long result;

	if (!buf)
		abort();
	memcpy(buf, data, count);
	buf[count] = '\0';
	lw_test_msgs_clear();
	if (verb_only) {
		/* A C string: up to its NUL. */
		count = strlen(buf);
		want = ctm_parse_verb(data, count, &mreq);
		ret = lw_verb_parse(buf, &req);
	} else {
		want = ctm_parse_write(data, count, &mreq);
		ret = lw_verb_parse_write(buf, count, &req);
	}
	free(buf);
	CHECK(ret == 0 || ret == -EINVAL, "the parser returned %d", ret);
	CHECK(!ret == !want, "'%s' (%zu bytes) %s, the model %s", shown(data, count), count,
	      ret ? "refused" : "taken", want ? "refuses it" : "takes it");
	if (ret) {
		CHECK(lw_test_nr_msgs == 1, "'%s' refused with %u messages", shown(data, count),
		      lw_test_nr_msgs);
		CHECK(!memcmp(&before, &M, sizeof(M)), "a refused write changed the settings");
		result = ret;
	} else {
		CHECK(lw_test_nr_msgs == 0, "'%s' taken with a message: %s", shown(data, count),
		      lw_test_last_msg);
		same_request(&req, &mreq);
		ret = apply(&req, &mreq);
		CHECK(ret == 0 || ret == -ENOSPC || ret == -ENOENT || ret == -EBUSY,
		      "'%s' applied with an undocumented error %d", shown(data, count), ret);
		if (ret)
			CHECK(!memcmp(&before, &M, sizeof(M)), "a refused write changed the settings");
		result = ret ? ret : (long)count;
	}
	filters_verify();
	fz_trace("%s '%s': %ld", verb_only ? "control" : "write", shown(data, count), result);
	return result;
}

/* A write of about a page: @p holds a fill byte, a size byte, then the verb's start. */
static void op_page(const unsigned char *p, size_t n)
{
	size_t count = PAGE_SIZE - 8 + (n > 1 ? p[1] % 17 : 0), start = n > 2 ? n - 2 : 0;
	unsigned char *buf = malloc(count);

	if (!buf)
		abort();
	memset(buf, n ? p[0] : 'o', count);
	if (start)
		memcpy(buf, p + 2, start < count ? start : count);
	op_write(buf, count, false);
	free(buf);
}

/*
 * A finding: @p holds its number of links, then per link a choice (no
 * name, a filter's name as filtered, that name followed by more bytes, or
 * bytes of the input) and a subclass.
 */
static void op_hides(const unsigned char *p, size_t n)
{
	char names[LW_CHAIN_MAX][LW_NAME_LEN + 24];
	const char *cls[LW_CHAIN_MAX];
	unsigned char subs[LW_CHAIN_MAX] = { 0 };
	struct lw_filter filters[LW_FILTERS];
	struct lw_finding_in in = { .kind = LW_KIND_CYCLE };
	unsigned int i, nr_filters = lw_filter_list(filters);
	size_t at = 1;
	bool got, want;

	in.nr = n ? p[0] % (LW_CHAIN_MAX + 3) : 0;
	for (i = 0; i < LW_CHAIN_MAX; i++) {
		unsigned char how = at < n ? p[at++] : 0, len;
		const struct lw_filter *f = nr_filters ? &filters[how / 4 % nr_filters] : NULL;

		subs[i] = at < n ? p[at++] % (LW_MAX_SUBCLASSES + 1) : 0;
		names[i][0] = '\0';
		cls[i] = names[i];
		switch (how % 4) {
		case 0:
			cls[i] = NULL;
			break;
		case 1:
		case 2:
			if (f)
				strcpy(names[i], f->name);
			if (how % 4 == 1)
				break;
			/* The filter's name and a few more bytes: a longer class. */
			len = at < n ? p[at++] % 24 : 0;
			while (len-- && at < n && p[at] && p[at] != SEP)
				strncat(names[i], (const char *)&p[at++], 1);
			break;
		default:
			len = at < n ? p[at++] % (LW_NAME_LEN + 23) : 0;
			while (len-- && at < n && p[at] && p[at] != SEP)
				strncat(names[i], (const char *)&p[at++], 1);
			break;
		}
		in.cls[i] = cls[i];
		in.sub[i] = subs[i];
	}
	got = lw_filter_hides(&in);
	want = ctm_hides(&M, cls, subs, in.nr);
	fz_trace("hides %u links: %d", in.nr, got);
	for (i = 0; fz_tracing && i < in.nr && i < LW_CHAIN_MAX; i++)
		fz_trace("  '%s'/%u", cls[i] ? shown(cls[i], strlen(cls[i])) : "(none)", subs[i]);
	CHECK(got == want, "a finding of %u links is %shidden, the model says %shidden", in.nr,
	      got ? "" : "not ", want ? "" : "not ");
}

/*
 * Read control; from the default settings, write back each line it shows,
 * one per write (checking=X as the verb X); the settings and what reading
 * shows must be the same.
 */
static void op_round_trip(void)
{
	static char text[8192], again[8192];
	struct ctm_state saved = M;
	char *line, *next;
	bool busy = lw_test_engine_busy;
	unsigned int i;

	read_control(text, sizeof(text));
	fz_trace("round trip of:\n%s", text);
	lw_test_engine_busy = false;
	CHECK(lw_filter_clear() == 0, "unfilter refused");
	ctm_init(&M);
	for (line = text; *line; line = next) {
		char *eol = strchr(line, '\n');
		const char *verb = line;
		long ret;

		CHECK(eol, "a line of control does not end: '%s'", line);
		next = eol + 1;
		if (!strncmp(line, "checking=", 9))
			verb += 9;
		/* With its newline, as `echo "$line" >control` writes it. */
		ret = op_write((const unsigned char *)verb, next - verb, false);
		CHECK(ret == next - verb, "the line '%s' written back: %ld", shown(line, eol - line), ret);
	}
	lw_test_engine_busy = busy;
	read_control(again, sizeof(again));
	CHECK(!strcmp(text, again), "written back, control reads\n%s\ninstead of\n%s", again, text);
	CHECK(saved.on == M.on && saved.mode == M.mode && saved.lockstat == M.lockstat &&
	      saved.nr_filters == M.nr_filters && saved.nr_budgets == M.nr_budgets,
	      "written back, the settings differ");
	for (i = 0; i < M.nr_budgets; i++)
		CHECK(!strcmp(saved.budgets[i].name, M.budgets[i].name) &&
		      saved.budgets[i].ns == M.budgets[i].ns, "written back, budget %u differs", i);
}

/* One record of @n bytes: an operation by its first byte, or a write. */
static void run_record(const unsigned char *p, size_t n)
{
	switch (n ? p[0] : 0) {
	case 'W':		/* a write of the rest */
		op_write(p + 1, n - 1, false);
		break;
	case 'C':		/* lockwarden_control() of the rest, up to a NUL */
		op_write(p + 1, n - 1, true);
		break;
	case 'P':		/* a write of about a page (op_page()) */
		op_page(p + 1, n - 1);
		break;
	case 'H':		/* a finding, hidden or not (op_hides()) */
		op_hides(p + 1, n - 1);
		break;
	case 'B':		/* the engine lock busy, or free again */
		lw_test_engine_busy = !lw_test_engine_busy;
		fz_trace("engine lock %s", lw_test_engine_busy ? "busy" : "free");
		break;
	case 'R':		/* the settings read and written back */
		op_round_trip();
		break;
	default:
		op_write(p, n, false);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *end = data + size, *sep;

	lw_test_engine_busy = false;
	CHECK(lw_filter_clear() == 0, "unfilter refused");
	ctm_init(&M);
	while (data < end) {
		sep = memchr(data, SEP, end - data);
		if (!sep)
			sep = end;
		run_record(data, sep - data);
		data = sep + 1;
	}
	/* Always end with the settings written back. */
	op_round_trip();
	return 0;
}
