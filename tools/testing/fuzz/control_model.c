// SPDX-License-Identifier: GPL-2.0
/*
 * The model of control_model.h: the control file as Documentation/
 * debugfs.rst describes it, in plain C with explicit lengths, sharing no
 * code with module/outputs/verbs.c or module/raise/filter.c.
 */
#include <errno.h>
#include <string.h>

#include "control_model.h"

/* Links of a finding a filter looks at: those a finding keeps. */
#define CTM_LINKS	8

const char *const ctm_modes[4] = { "report", "warn", "panic", "silent" };

/* === Syntax === */

static bool span_is(const unsigned char *s, size_t len, const char *word)
{
	return len == strlen(word) && !memcmp(s, word, len);
}

/* A class name: 1 to 39 bytes, each printable ASCII (a space to '~'). */
static bool name_ok(const unsigned char *s, size_t len)
{
	size_t i;

	if (len < 1 || len > CTM_NAME_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (s[i] < ' ' || s[i] > '~')
			return false;
	return true;
}

/* A decimal count: an optional '+', then digits only; false if it exceeds 2^64 - 1. */
static bool count_ok(const unsigned char *s, size_t len, unsigned long long *v)
{
	size_t i = 0;

	if (len && s[0] == '+')
		i++;
	if (i == len)
		return false;
	*v = 0;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (*v > (~0ULL - (s[i] - '0')) / 10)
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* The last @c of @len bytes at @s, or NULL. */
static const unsigned char *last_of(const unsigned char *s, size_t len, unsigned char c)
{
	while (len--)
		if (s[len] == c)
			return s + len;
	return NULL;
}

static void set_name(char *dst, const unsigned char *s, size_t len)
{
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* "NAME" or "NAME/N" with N a subclass; a '/' followed by anything else is in the name. */
static bool class_ok(const unsigned char *s, size_t len, struct ctm_req *req)
{
	const unsigned char *slash = last_of(s, len, '/');
	unsigned long long sub;

	req->sub = -1;
	if (slash && count_ok(slash + 1, s + len - slash - 1, &sub) && sub < CTM_SUBCLASSES) {
		req->sub = (int)sub;
		len = slash - s;
	}
	if (!name_ok(s, len))
		return false;
	set_name(req->name, s, len);
	return true;
}

/* "NAME:USECS": the name before the last ':', the budget in microseconds that fits in ns. */
static bool budget_ok(const unsigned char *s, size_t len, struct ctm_req *req)
{
	const unsigned char *colon = last_of(s, len, ':');
	unsigned long long us;

	if (!colon || !name_ok(s, colon - s) ||
	    !count_ok(colon + 1, s + len - colon - 1, &us) || us > ~0ULL / 1000)
		return false;
	set_name(req->name, s, colon - s);
	req->ns = us * 1000;
	return true;
}

int ctm_parse_verb(const unsigned char *verb, size_t len, struct ctm_req *req)
{
	const unsigned char *eq = memchr(verb, '=', len);
	size_t name_len = eq ? (size_t)(eq - verb) : len;
	const unsigned char *arg = eq ? eq + 1 : NULL;
	size_t arg_len = eq ? len - name_len - 1 : 0;
	unsigned int i;

	memset(req, 0, sizeof(*req));
	req->sub = -1;
	req->has_arg = eq;
	if (span_is(verb, name_len, "on") && !eq)
		req->verb = CTM_ON;
	else if (span_is(verb, name_len, "off") && !eq)
		req->verb = CTM_OFF;
	else if (span_is(verb, name_len, "reset") && !eq)
		req->verb = CTM_RESET;
	else if (span_is(verb, name_len, "unfilter") && !eq)
		req->verb = CTM_UNFILTER;
	else if (!eq)
		return -EINVAL;
	else if (span_is(verb, name_len, "mode")) {
		req->verb = CTM_MODE;
		for (i = 0; i < 4; i++)
			if (span_is(arg, arg_len, ctm_modes[i]))
				break;
		if (i == 4)
			return -EINVAL;
		req->mode = i;
	} else if (span_is(verb, name_len, "filter") || span_is(verb, name_len, "unfilter")) {
		req->verb = verb[0] == 'f' ? CTM_FILTER : CTM_UNFILTER;
		if (!class_ok(arg, arg_len, req))
			return -EINVAL;
	} else if (span_is(verb, name_len, "lockstat")) {
		req->verb = CTM_LOCKSTAT;
		if (!span_is(arg, arg_len, "on") && !span_is(arg, arg_len, "off"))
			return -EINVAL;
		req->on = span_is(arg, arg_len, "on");
	} else if (span_is(verb, name_len, "budget")) {
		req->verb = CTM_BUDGET;
		if (!budget_ok(arg, arg_len, req))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	return 0;
}

int ctm_parse_write(const unsigned char *data, size_t count, struct ctm_req *req)
{
	if (count < 1 || count > CTM_PAGE)
		return -EINVAL;
	if (data[count - 1] == '\n')
		count--;
	if (!count || memchr(data, '\0', count))
		return -EINVAL;
	return ctm_parse_verb(data, count, req);
}

/* === Settings === */

void ctm_init(struct ctm_state *s)
{
	memset(s, 0, sizeof(*s));
	s->on = true;
}

static int find_filter(const struct ctm_state *s, const struct ctm_req *req)
{
	unsigned int i;

	for (i = 0; i < s->nr_filters; i++)
		if (!strcmp(s->filters[i].name, req->name) && s->filters[i].sub == req->sub)
			return i;
	return -1;
}

static int find_budget(const struct ctm_state *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->nr_budgets; i++)
		if (!strcmp(s->budgets[i].name, name))
			return i;
	return -1;
}

int ctm_apply(struct ctm_state *s, const struct ctm_req *req, bool engine_busy)
{
	int i;

	switch (req->verb) {
	case CTM_ON:
	case CTM_OFF:
		s->on = req->verb == CTM_ON;
		return 0;
	case CTM_RESET:
		return 0;	/* findings and learned order: no setting */
	case CTM_MODE:
		s->mode = req->mode;
		return 0;
	case CTM_LOCKSTAT:
		s->lockstat = req->on;
		return 0;
	case CTM_FILTER:
		if (find_filter(s, req) >= 0)
			return 0;	/* filtering one filtered does nothing */
		if (s->nr_filters == CTM_FILTERS)
			return -ENOSPC;
		if (engine_busy)
			return -EBUSY;
		strcpy(s->filters[s->nr_filters].name, req->name);
		s->filters[s->nr_filters++].sub = req->sub;
		return 0;
	case CTM_UNFILTER:
		if (!req->has_arg) {
			if (engine_busy)
				return -EBUSY;
			s->nr_filters = 0;
			return 0;
		}
		i = find_filter(s, req);
		if (i < 0)
			return -ENOENT;
		if (engine_busy)
			return -EBUSY;
		s->filters[i] = s->filters[--s->nr_filters];
		return 0;
	case CTM_BUDGET:
		i = find_budget(s, req->name);
		if (i >= 0 && req->ns) {
			s->budgets[i].ns = req->ns;
		} else if (i >= 0) {
			memmove(&s->budgets[i], &s->budgets[i + 1],
				(--s->nr_budgets - i) * sizeof(s->budgets[0]));
		} else if (req->ns) {
			if (s->nr_budgets == CTM_BUDGETS)
				return -ENOSPC;
			strcpy(s->budgets[s->nr_budgets].name, req->name);
			s->budgets[s->nr_budgets++].ns = req->ns;
		}
		return 0;	/* 0 for a budget not set removes nothing */
	}
	return -EINVAL;
}

/* A finding shows a name cut to 39 bytes: a filter matches that. */
bool ctm_hides(const struct ctm_state *s, const char *const *names,
	       const unsigned char *subs, unsigned int nr)
{
	unsigned int i, k;

	for (i = 0; i < nr && i < CTM_LINKS; i++) {
		const char *name = names[i] ? names[i] : "";
		size_t shown = strnlen(name, CTM_NAME_MAX);

		for (k = 0; k < s->nr_filters; k++)
			if (strlen(s->filters[k].name) == shown &&
			    !memcmp(s->filters[k].name, name, shown) &&
			    (s->filters[k].sub < 0 || s->filters[k].sub == subs[i]))
				return true;
	}
	return false;
}
