/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control file's language (verbs.c): what one write may say, parsed
 * into a request the outputs apply, and each setting printed back as the
 * verb that makes it. Pure: it depends only on verbs_deps.h, so that the
 * userspace tests and the fuzzer compile verbs.c as it is.
 */
#ifndef _LW_VERBS_H
#define _LW_VERBS_H

#include "verbs_deps.h"

/* What a new finding does on the console (the mode parameter and verb). */
enum lw_mode {
	LW_MODE_REPORT,		/* print it, rate-limited */
	LW_MODE_WARN,		/* print it, then WARN with the raiser's stack */
	LW_MODE_PANIC,		/* print it, then panic */
	LW_MODE_SILENT,		/* nothing: debugfs only */
	LW_MODE_COUNT,
};

/* The names of the modes, for the parameter and the verb (console.c). */
extern const char *const lw_mode_names[LW_MODE_COUNT];

/* The verbs of the control file (Documentation/debugfs.rst). */
enum lw_verb {
	LW_VERB_ON,		/* "on" */
	LW_VERB_OFF,		/* "off" */
	LW_VERB_RESET,		/* "reset" */
	LW_VERB_MODE,		/* "mode=M" */
	LW_VERB_FILTER,		/* "filter=NAME[/N]" */
	LW_VERB_UNFILTER,	/* "unfilter" or "unfilter=NAME[/N]" */
	LW_VERB_LOCKSTAT,	/* "lockstat=on|off" */
	LW_VERB_BUDGET,		/* "budget=NAME:USECS" */
	LW_VERB_COUNT,
};

/**
 * struct lw_verb_req - one verb, parsed
 * @verb: which
 * @has_arg: it came with "=ARG" (``unfilter`` alone removes every filter)
 * @mode: ``mode=``: an enum lw_mode
 * @on: ``lockstat=``: on
 * @name: ``filter=``, ``unfilter=``, ``budget=``: the class name, 1 to
 *	LW_NAME_LEN - 1 printable ASCII characters (0x20 to 0x7e)
 * @sub: ``filter=``, ``unfilter=``: the nesting subclass, 0 to
 *	LW_MAX_SUBCLASSES - 1, or -1 for every subclass
 * @ns: ``budget=``: the hold-time budget in nanoseconds, a whole number of
 *	microseconds; 0 removes it
 *
 * Members the verb does not use are 0 (@sub: -1).
 */
struct lw_verb_req {
	enum lw_verb verb;
	bool has_arg;
	int mode;
	bool on;
	char name[LW_NAME_LEN];
	int sub;
	u64 ns;
};

int lw_verb_check_size(size_t count);
int lw_verb_parse_write(char *buf, size_t count, struct lw_verb_req *req);
int lw_verb_parse(char *verb, struct lw_verb_req *req);
const char *lw_verb_name(enum lw_verb verb);
void lw_verb_show(struct seq_file *seq, const struct lw_verb_req *req);

#endif /* _LW_VERBS_H */
