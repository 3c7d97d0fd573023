// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's control file language: what one write to control may say,
 * checked and parsed into a struct lw_verb_req, and each setting printed
 * back as the verb that makes it (Documentation/debugfs.rst, "control").
 *
 * Parsing only: nothing here changes a setting. control.c and the files
 * that register verbs with it apply a request; a request this file refuses
 * reaches none of them. It depends on verbs_deps.h alone, so the userspace
 * tests (tools/testing/verbs) and the fuzzer (tools/testing/fuzz) compile
 * it as it is. Every refusal is -EINVAL after one rate-limited message.
 */
#include "outputs/verbs.h"

/* Bytes of a refused verb's name quoted in the kernel message. */
#define LW_VERB_QUOTE	48

/* Whether a verb takes "=ARG". */
enum lw_verb_arg {
	LW_ARG_NONE,		/* "verb" */
	LW_ARG_REQUIRED,	/* "verb=ARG" */
	LW_ARG_OPTIONAL,	/* either */
};

/* === Internals === */

/* The start of @verb for a kernel message: printable ASCII, others as '?'. */
static void lw_quote(char *buf, size_t size, const char *verb)
{
	size_t i;

	for (i = 0; i + 1 < size && verb[i]; i++)
		buf[i] = verb[i] >= 0x20 && verb[i] < 0x7f ? verb[i] : '?';
	buf[i] = '\0';
}

/* Whether @len bytes of @s make a class name: 1 to LW_NAME_LEN - 1 of printable ASCII. */
static bool lw_class_name_ok(const char *s, size_t len)
{
	size_t i;

	if (!len || len >= LW_NAME_LEN)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

/*
 * A decimal number as kstrtou64() takes it, but without its newline: a
 * write's one trailing newline is gone already, and nothing may follow it.
 */
static int lw_parse_u64(const char *s, u64 *v)
{
	return strchr(s, '\n') ? -EINVAL : kstrtou64(s, 10, v);
}

/*
 * "NAME" (every subclass) or "NAME/N" (subclass N) into @req. A '/' not
 * followed by a subclass number is part of the name.
 */
static int lw_parse_class(const char *arg, struct lw_verb_req *req)
{
	const char *slash = strrchr(arg, '/');
	size_t len = strlen(arg);
	u64 sub;

	req->sub = -1;
	if (slash && slash[1] && !lw_parse_u64(slash + 1, &sub) && sub < LW_MAX_SUBCLASSES) {
		req->sub = sub;
		len = slash - arg;
	}
	if (!lw_class_name_ok(arg, len))
		return -EINVAL;
	memcpy(req->name, arg, len);
	req->name[len] = '\0';
	return 0;
}

/* === The verbs' arguments === */

static int lw_parse_mode(const char *arg, struct lw_verb_req *req)
{
	/* Exact: the write's one trailing newline is gone already. */
	req->mode = match_string(lw_mode_names, LW_MODE_COUNT, arg);
	if (req->mode < 0) {
		pr_warn_ratelimited("control: mode must be report, warn, panic or silent\n");
		return -EINVAL;
	}
	return 0;
}

/* filter= and unfilter=; @req->verb says which. */
static int lw_parse_filter(const char *arg, struct lw_verb_req *req)
{
	if (lw_parse_class(arg, req)) {
		pr_warn_ratelimited("control: %s needs a class name of 1 to %d printable characters\n",
				    lw_verb_name(req->verb), LW_NAME_LEN - 1);
		return -EINVAL;
	}
	return 0;
}

static int lw_parse_lockstat(const char *arg, struct lw_verb_req *req)
{
	if (!strcmp(arg, "on") || !strcmp(arg, "off")) {
		req->on = !strcmp(arg, "on");
		return 0;
	}
	pr_warn_ratelimited("control: lockstat must be on or off\n");
	return -EINVAL;
}

/*
 * "CLASS:USECS": the name is all before the last ':', printable as a
 * filter's, since the control file reads it back in a "budget=" line.
 */
static int lw_parse_budget(const char *arg, struct lw_verb_req *req)
{
	const char *colon = strrchr(arg, ':');
	size_t len = colon ? colon - arg : 0;
	u64 us;

	if (!lw_class_name_ok(arg, len) ||
	    lw_parse_u64(colon + 1, &us) || check_mul_overflow(us, (u64)NSEC_PER_USEC, &req->ns)) {
		pr_warn_ratelimited("control: budget needs CLASS:USECS, a class name of 1 to %d printable characters\n",
				    LW_NAME_LEN - 1);
		return -EINVAL;
	}
	memcpy(req->name, arg, len);
	req->name[len] = '\0';
	return 0;
}

/* === The verbs === */

/* How a verb is written: its name, whether it takes "=ARG", and how ARG parses. */
static const struct {
	const char *name;
	enum lw_verb_arg arg;
	int (*parse)(const char *arg, struct lw_verb_req *req);
} lw_verbs[] = {
	[LW_VERB_ON]		= { "on",	LW_ARG_NONE,		NULL },
	[LW_VERB_OFF]		= { "off",	LW_ARG_NONE,		NULL },
	[LW_VERB_RESET]		= { "reset",	LW_ARG_NONE,		NULL },
	[LW_VERB_MODE]		= { "mode",	LW_ARG_REQUIRED,	lw_parse_mode },
	[LW_VERB_FILTER]	= { "filter",	LW_ARG_REQUIRED,	lw_parse_filter },
	[LW_VERB_UNFILTER]	= { "unfilter",	LW_ARG_OPTIONAL,	lw_parse_filter },
	[LW_VERB_LOCKSTAT]	= { "lockstat",	LW_ARG_REQUIRED,	lw_parse_lockstat },
	[LW_VERB_BUDGET]	= { "budget",	LW_ARG_REQUIRED,	lw_parse_budget },
};

static_assert(ARRAY_SIZE(lw_verbs) == LW_VERB_COUNT);

/* === Public interface === */

/**
 * lw_verb_check_size() - check the size of a write to the control file
 * @count: the bytes written
 *
 * A write is one whole verb of 1 to PAGE_SIZE bytes, whatever the file
 * position says: a verb split over two writes is two bad verbs.
 *
 * Return: 0, or -EINVAL after a message.
 */
int lw_verb_check_size(size_t count)
{
	if (!count || count > PAGE_SIZE) {
		pr_warn_ratelimited("control: a verb is 1 to %lu bytes, not %zu\n",
				    PAGE_SIZE, count);
		return -EINVAL;
	}
	return 0;
}

/**
 * lw_verb_parse_write() - parse what one write to the control file holds
 * @buf: the bytes written, then a NUL; cut in place (its one trailing
 *	newline, and at the '=')
 * @count: how many bytes were written
 * @req: receives the request
 *
 * A write is lw_verb_check_size()'s 1 to PAGE_SIZE bytes, with one
 * trailing newline ignored, no NUL byte, and then a verb as lw_verb_parse()
 * takes it.
 *
 * Return: 0, or -EINVAL after a one-line rate-limited message.
 */
int lw_verb_parse_write(char *buf, size_t count, struct lw_verb_req *req)
{
	size_t len = count;
	int ret = lw_verb_check_size(count);

	if (ret)
		return ret;
	if (buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (!len || strnlen(buf, len) != len) {
		pr_warn_ratelimited("control: an empty verb or a NUL byte in a write\n");
		return -EINVAL;
	}
	return lw_verb_parse(buf, req);
}

/**
 * lw_verb_parse() - parse one verb
 * @verb: "name" or "name=ARG", with no newline; cut in place at the '='
 * @req: receives the request
 *
 * The name must be a verb's, exactly, and come with an argument if and
 * only if the verb takes one; the argument is then checked as the verb
 * requires (Documentation/debugfs.rst).
 *
 * Return: 0, or -EINVAL after a one-line rate-limited message.
 */
int lw_verb_parse(char *verb, struct lw_verb_req *req)
{
	char *arg = strchr(verb, '=');
	char quote[LW_VERB_QUOTE + 1];
	unsigned int i;

	if (arg)
		*arg++ = '\0';
	memset(req, 0, sizeof(*req));
	req->sub = -1;
	for (i = 0; i < ARRAY_SIZE(lw_verbs); i++) {
		if (strcmp(lw_verbs[i].name, verb))
			continue;
		if (arg ? lw_verbs[i].arg == LW_ARG_NONE : lw_verbs[i].arg == LW_ARG_REQUIRED)
			continue;
		req->verb = i;
		req->has_arg = !!arg;
		return arg ? lw_verbs[i].parse(arg, req) : 0;
	}
	lw_quote(quote, sizeof(quote), verb);
	pr_warn_ratelimited("control: unknown verb '%s'\n", quote);
	return -EINVAL;
}

/**
 * lw_verb_name() - the name of a verb, as written
 * @verb: the verb
 *
 * Return: the name, or "?" for a value that is not a verb.
 */
const char *lw_verb_name(enum lw_verb verb)
{
	return (unsigned int)verb < LW_VERB_COUNT ? lw_verbs[verb].name : "?";
}

/**
 * lw_verb_show() - print a request as the line of the control file that makes it
 * @seq: where to print
 * @req: a request as lw_verb_parse() makes them
 *
 * What the control file reads for a setting (``mode=warn``,
 * ``filter=NAME/N``, ``budget=NAME:USECS``...), so that writing each line
 * read back gives the same settings: lw_verb_parse() of the line, without
 * its newline, makes @req again.
 */
void lw_verb_show(struct seq_file *seq, const struct lw_verb_req *req)
{
	seq_puts(seq, lw_verb_name(req->verb));
	if (req->has_arg) {
		switch (req->verb) {
		case LW_VERB_MODE:
			if ((unsigned int)req->mode < LW_MODE_COUNT)
				seq_printf(seq, "=%s", lw_mode_names[req->mode]);
			break;
		case LW_VERB_FILTER:
		case LW_VERB_UNFILTER:
			seq_printf(seq, "=%s", req->name);
			if (req->sub >= 0)
				seq_printf(seq, "/%d", req->sub);
			break;
		case LW_VERB_LOCKSTAT:
			seq_printf(seq, "=%s", req->on ? "on" : "off");
			break;
		case LW_VERB_BUDGET:
			seq_printf(seq, "=%s:%llu", req->name, div_u64(req->ns, NSEC_PER_USEC));
			break;
		default:
			break;
		}
	}
	seq_putc(seq, '\n');
}
