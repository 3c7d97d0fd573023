// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's lockstat and hold-time budgets switched and shown: the
 * lockstat module parameter, the lockstat= and budget= control verbs, and
 * the lockstat debugfs file. Process context only; the statistics are kept
 * by the core (core/lockstat.c) and counted by the lock paths
 * (checks/lockstat.c).
 */
#include "outputs/outputs.h"

#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/string.h>

/* === Data === */

static bool lw_ls_param;		/* the module parameter's value */
static bool lw_ls_live;			/* init done: the key may be switched */

/* Serialises switching lockstat, setting budgets and switching lw_timing. */
static DEFINE_MUTEX(lw_ls_mutex);

/* === Internals === */

/*
 * Time holds while lockstat is on or a budget is set. Precondition:
 * lw_ls_mutex; the hold stamps are allocated when either is.
 */
static void lw_timing_update(void)
{
	lockdep_assert_held(&lw_ls_mutex);
	if (lw_ls_live)
		lw_timing_set(lw_lockstat_enabled() || lw_class_nr_budgets());
}

static int lw_lockstat_switch(bool on)
{
	int ret;

	mutex_lock(&lw_ls_mutex);
	ret = on ? lw_held_stamps_alloc() : 0;
	if (!ret)
		ret = lw_lockstat_set(on);
	if (!ret) {
		lw_ls_param = on;
		lw_timing_update();
	}
	mutex_unlock(&lw_ls_mutex);
	return ret;
}

/* === Control verbs === */

/**
 * lw_verb_lockstat() - the control verb ``lockstat=on|off``
 * @req: the request, parsed (verbs.c)
 *
 * Return: 0, or -ENOMEM when the statistics cannot be allocated.
 */
static int lw_verb_lockstat(const struct lw_verb_req *req)
{
	return lw_lockstat_switch(req->on);
}

/**
 * lw_show_lockstat() - print the lockstat setting as the control file reads
 * @seq: the control file
 */
static void lw_show_lockstat(struct seq_file *seq)
{
	struct lw_verb_req req = {
		.verb = LW_VERB_LOCKSTAT, .has_arg = true, .on = lw_lockstat_enabled(),
	};

	lw_verb_show(seq, &req);
}

/**
 * lw_verb_budget() - the control verb ``budget=CLASS:USECS``
 * @req: the request, parsed (verbs.c): a class name and its hold-time
 *	budget, 0 to remove it
 *
 * The budget applies to every subclass of every class of that name, now
 * and when registered later.
 *
 * Return: 0, -ENOSPC when LW_MAX_BUDGETS budgets are set already, -ENOMEM
 * when the hold stamps cannot be allocated, -EBUSY if the engine lock
 * could not be taken.
 */
static int lw_verb_budget(const struct lw_verb_req *req)
{
	int ret;

	mutex_lock(&lw_ls_mutex);
	ret = req->ns ? lw_held_stamps_alloc() : 0;
	if (!ret)
		ret = lw_class_set_budget(req->name, req->ns);
	if (!ret)
		lw_timing_update();
	mutex_unlock(&lw_ls_mutex);
	if (ret == -ENOSPC)
		pr_warn_ratelimited("control: %d classes have a budget already\n", LW_MAX_BUDGETS);
	else if (ret)
		pr_warn_ratelimited("control: budget not set (%d)\n", ret);
	return ret;
}

/**
 * lw_show_budget() - print the budgets set as the control file reads
 * @seq: the control file
 *
 * One ``budget=CLASS:USECS`` line per budget set.
 */
static void lw_show_budget(struct seq_file *seq)
{
	char names[LW_MAX_BUDGETS][LW_NAME_LEN];
	u64 ns[LW_MAX_BUDGETS];
	struct lw_verb_req req = { .verb = LW_VERB_BUDGET, .has_arg = true };
	unsigned int i, nr = lw_class_budgets(names, ns);

	for (i = 0; i < nr; i++) {
		strscpy(req.name, names[i], sizeof(req.name));
		req.ns = ns[i];
		lw_verb_show(seq, &req);
	}
}

static struct lw_control_verb lw_lockstat_verbs[] = {
	{ .verb = LW_VERB_LOCKSTAT,	.set = lw_verb_lockstat,	.show = lw_show_lockstat },
	{ .verb = LW_VERB_BUDGET,	.set = lw_verb_budget,		.show = lw_show_budget },
};

/* === Module parameter === */

static int lw_lockstat_param_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret;

	ret = kstrtobool(val, &on);
	if (ret)
		return ret;
	if (!lw_ls_live) {
		/* At load, before init: lw_lockstat_outputs_init() switches. */
		lw_ls_param = on;
		return 0;
	}
	return lw_lockstat_switch(on);
}

static const struct kernel_param_ops lw_lockstat_param_ops = {
	.set = lw_lockstat_param_set,
	.get = param_get_bool,
};
module_param_cb(lockstat, &lw_lockstat_param_ops, &lw_ls_param, 0644);
MODULE_PARM_DESC(lockstat, "Collect per-class lock statistics (1) or not (0, default); costs time in every lock operation");

/* === DebugFS Interface === */

/* lockstat: one line per class acquired since the last reset (debugfs.rst). */
static int lw_lockstat_show(struct seq_file *seq, void *v)
{
	struct lw_class_snap c;
	struct lw_lockstat sum;
	unsigned int i;
	u32 id;

	seq_puts(seq, "# class\tacquisitions\tcontentions\twait_min_ns\twait_avg_ns\twait_max_ns\thold_min_ns\thold_avg_ns\thold_max_ns\thold_hist\n");
	for (id = 1; id <= lw_max_classes; id++) {
		if (!lw_lockstat_sum(id, &sum))
			break;
		if (!sum.acquired || !lw_snap_class(id, &c))
			continue;
		for (i = 0; c.name[i]; i++)
			if (c.name[i] == '\t' || c.name[i] == '\n')
				c.name[i] = '_';
		seq_puts(seq, c.name);
		if (c.subclass)
			seq_printf(seq, "/%u", c.subclass);
		seq_printf(seq, "\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t",
			   sum.acquired, sum.contended,
			   sum.wait_min, sum.contended ? div64_u64(sum.wait_sum, sum.contended) : 0,
			   sum.wait_max,
			   sum.hold_min, sum.holds ? div64_u64(sum.hold_sum, sum.holds) : 0,
			   sum.hold_max);
		for (i = 0; i < LW_HIST_BUCKETS; i++)
			seq_printf(seq, i ? ",%u" : "%u", sum.hist[i]);
		seq_putc(seq, '\n');
	}
	return 0;
}

/* Any write resets the statistics. */
LW_DEFINE_SHOW_RESET(lockstat, lw_lockstat_clear);

/**
 * lw_lockstat_debugfs_init() - create the lockstat file, add the control verbs
 * @dir: lockwarden's debugfs directory
 */
void lw_lockstat_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("lockstat", LW_DEBUGFS_RESET_MODE, dir, NULL, &lw_lockstat_fops);
	lw_control_register(lw_lockstat_verbs, ARRAY_SIZE(lw_lockstat_verbs));
}

/* === Init and exit === */

/**
 * lw_lockstat_outputs_init() - switch lockstat on if asked at load
 *
 * Return: 0 or -ENOMEM.
 */
int lw_lockstat_outputs_init(void)
{
	lw_ls_live = true;
	return lw_ls_param ? lw_lockstat_switch(true) : 0;
}

/**
 * lw_lockstat_outputs_exit() - stop timing holds
 */
void lw_lockstat_outputs_exit(void)
{
	mutex_lock(&lw_ls_mutex);
	lw_ls_live = false;
	lw_timing_set(false);
	mutex_unlock(&lw_ls_mutex);
}
