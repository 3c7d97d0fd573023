/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_run.h: the write-only "run" parameter of the test drivers lw_scenario
 * and lw_sites, which plays what a table names.
 */
#ifndef _LW_RUN_H
#define _LW_RUN_H

#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/string.h>

/**
 * struct lw_run - one thing a driver plays, by the name written to "run"
 * @name: its name
 * @run: plays it; 0 or a negative errno, which the write returns
 */
struct lw_run {
	const char *name;
	int (*run)(void);
};

/**
 * struct lw_run_table - a driver's table, and what plays a name not in it
 * @v: the entries, up to one whose name is NULL
 * @other: plays a name not in @v, its first @len bytes; NULL: -EINVAL
 */
struct lw_run_table {
	const struct lw_run *v;
	int (*other)(const char *val, size_t len);
};

/**
 * lw_run_set() - the set operation of "run": plays the entry named
 * @val: what was written; its first line is the name
 * @kp: the parameter, whose arg is the struct lw_run_table
 *
 * Says in the log what it ran.
 *
 * Return: what the entry's run returns; else what @other does, or -EINVAL.
 */
static inline int lw_run_set(const char *val, const struct kernel_param *kp)
{
	const struct lw_run_table *t = kp->arg;
	size_t len = strcspn(val, "\n");
	const struct lw_run *r;
	int ret;

	for (r = t->v; r->name; r++) {
		if (strlen(r->name) != len || strncmp(val, r->name, len))
			continue;
		ret = r->run();
		if (!ret)
			pr_info("ran %s\n", r->name);
		return ret;
	}
	return t->other ? t->other(val, len) : -EINVAL;
}

/**
 * LW_RUN_PARAM() - the write-only parameter "run" that plays @table
 * @table: the driver's array of struct lw_run, ended by an empty one
 * @other: int @other(const char *val, size_t len), or NULL
 *
 * The driver describes it with MODULE_PARM_DESC(run, ...).
 */
#define LW_RUN_PARAM(table, other)					\
	static struct lw_run_table table##_table = {			\
		table, other,						\
	};								\
	static const struct kernel_param_ops table##_ops = {		\
		.set = lw_run_set,					\
	};								\
	module_param_cb(run, &table##_ops, &table##_table, 0200)

#endif /* _LW_RUN_H */
