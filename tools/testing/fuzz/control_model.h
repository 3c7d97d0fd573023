/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An independent model of lockwarden's control file, written from
 * Documentation/debugfs.rst ("control") and not from the code: which
 * writes are verbs, what each parses to, and what it does to the settings
 * (the class filters with their capacity, budgets with theirs, the mode,
 * checking, lockstat). fuzz_control.c checks module/outputs/verbs.c and
 * module/raise/filter.c against it.
 */
#ifndef LW_CONTROL_MODEL_H
#define LW_CONTROL_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#define CTM_NAME_MAX		39	/* bytes of a class name */
#define CTM_SUBCLASSES		8	/* subclasses 0..7 */
#define CTM_FILTERS		16
#define CTM_BUDGETS		16
#define CTM_PAGE		4096	/* the largest write */

/* The verbs, in the order of enum lw_verb (fuzz_control.c checks it). */
enum ctm_verb { CTM_ON, CTM_OFF, CTM_RESET, CTM_MODE, CTM_FILTER, CTM_UNFILTER,
		CTM_LOCKSTAT, CTM_BUDGET };

extern const char *const ctm_modes[4];

/* A verb as the documentation reads it. */
struct ctm_req {
	enum ctm_verb verb;
	bool has_arg;
	int mode;			/* index in ctm_modes */
	bool on;			/* lockstat=on */
	char name[CTM_NAME_MAX + 1];
	int sub;			/* -1: every subclass */
	unsigned long long ns;		/* budget */
};

struct ctm_class {
	char name[CTM_NAME_MAX + 1];
	int sub;
};

struct ctm_budget {
	char name[CTM_NAME_MAX + 1];
	unsigned long long ns;
};

/* The settings: what reading control shows. */
struct ctm_state {
	bool on;
	int mode;
	bool lockstat;
	unsigned int nr_filters;
	struct ctm_class filters[CTM_FILTERS];
	unsigned int nr_budgets;
	struct ctm_budget budgets[CTM_BUDGETS];	/* in the order they were set */
};

/* A write of @count bytes: 0 and *@req, or -EINVAL. */
int ctm_parse_write(const unsigned char *data, size_t count, struct ctm_req *req);
/* A verb of @len bytes, as lockwarden_control() takes it (no newline cut). */
int ctm_parse_verb(const unsigned char *verb, size_t len, struct ctm_req *req);

void ctm_init(struct ctm_state *s);
/* Apply @req: the result the write returns (0 or a negative errno); a refusal changes nothing. */
int ctm_apply(struct ctm_state *s, const struct ctm_req *req, bool engine_busy);
/* Whether a finding of these @nr links is hidden by a filter. */
bool ctm_hides(const struct ctm_state *s, const char *const *names,
	       const unsigned char *subs, unsigned int nr);

#endif /* LW_CONTROL_MODEL_H */
