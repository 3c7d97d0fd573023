// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's lockstat and hold-time budgets switched and shown: the
 * lockstat module parameter, the lockstat= and budget= control verbs, the
 * lockstat debugfs file, and the memory they need. Process context only;
 * the lock paths are in lockstat.c.
 */
#include "checks/lockstat.h"

#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/vmalloc.h>

/* === Data === */

static bool lw_ls_param;		/* the module parameter's value */
static bool lw_ls_live;			/* init done: the key may be switched */
static unsigned int lw_nr_budgets;	/* under lw_ls_mutex */

/* Serialises switching lockstat, setting budgets and switching lw_timing. */
static DEFINE_MUTEX(lw_ls_mutex);

/* === Internals === */

/* Allocate the hold stamps, the first time. Precondition: lw_ls_mutex. */
static int lw_hold_stamps_alloc(void)
{
	u64 *stamps;

	if (lw_hold_stamps)
		return 0;
	stamps = vzalloc(array3_size(lw_held_nr_stacks(), LW_MAX_DEPTH, sizeof(*stamps)));
	if (!stamps)
		return -ENOMEM;
	/* Used by the hooks once lw_timing's switch has synced every CPU. */
	WRITE_ONCE(lw_hold_stamps, stamps);
	return 0;
}

/*
 * Switch lw_timing as lockstat and the budgets need; the hold stamps are
 * allocated. Precondition: lw_ls_mutex.
 */
static void lw_timing_update(void)
{
	bool want = lw_ls_on || lw_nr_budgets;

	lockdep_assert_held(&lw_ls_mutex);
	if (!lw_ls_live)
		return;
	if (want && !static_key_enabled(&lw_timing)) {
		/* Stamps left from before are stale. */
		WRITE_ONCE(lw_timing_since, lw_now_ns());
		static_branch_enable(&lw_timing);
	} else if (!want && static_key_enabled(&lw_timing)) {
		static_branch_disable(&lw_timing);
	}
}

/* Forget every statistic. Precondition: lw_ls_mutex. */
static void lw_lockstat_clear(void)
{
	/* Acquisitions on other CPUs meanwhile may keep a part of theirs. */
	if (lw_ls)
		memset(lw_ls, 0, array3_size(nr_cpu_ids, lw_max_classes + 1, sizeof(*lw_ls)));
}

static int lw_lockstat_switch(bool on)
{
	struct lw_lockstat *ls;
	int ret = 0;

	mutex_lock(&lw_ls_mutex);
	ret = on ? lw_hold_stamps_alloc() : 0;
	if (ret)
		goto out;
	if (on && !lw_ls) {
		ls = vzalloc(array3_size(nr_cpu_ids, lw_max_classes + 1, sizeof(*ls)));
		if (!ls) {
			ret = -ENOMEM;
			goto out;
		}
		WRITE_ONCE(lw_ls, ls);
	}
	/* Publishes lw_ls to lw_lockstat_enabled() readers. */
	smp_store_release(&lw_ls_on, on);
	lw_ls_param = on;
	lw_timing_update();
out:
	mutex_unlock(&lw_ls_mutex);
	return ret;
}

/* === Control verbs === */

/**
 * lw_verb_lockstat() - the control verb ``lockstat=on|off``
 * @arg: ``on`` or ``off``
 *
 * Return: 0, -EINVAL for another argument, -ENOMEM when the statistics
 * cannot be allocated.
 */
static int lw_verb_lockstat(const char *arg)
{
	if (!strcmp(arg, "on"))
		return lw_lockstat_switch(true);
	if (!strcmp(arg, "off"))
		return lw_lockstat_switch(false);
	pr_warn_ratelimited("control: lockstat must be on or off\n");
	return -EINVAL;
}

/**
 * lw_show_lockstat() - print the lockstat setting as the control file reads
 * @seq: the control file
 */
static void lw_show_lockstat(struct seq_file *seq)
{
	seq_printf(seq, "lockstat=%s\n", lw_lockstat_enabled() ? "on" : "off");
}

/* The slot of the budget named @name, or NULL. Precondition: lw_ls_mutex. */
static struct lw_budget *lw_budget_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < LW_MAX_BUDGETS; i++)
		if (lw_budgets[i].ns && !strcmp(lw_budgets[i].name, name))
			return &lw_budgets[i];
	return NULL;
}

/* Set (@ns 0: remove) the budget of class @name. Precondition: lw_ls_mutex. */
static int lw_budget_set(const char *name, u64 ns)
{
	struct lw_budget *b = lw_budget_find(name);
	unsigned long flags;
	unsigned int i;
	u32 id;

	if (!b && !ns)
		return 0;
	for (i = 0; !b && i < LW_MAX_BUDGETS; i++)
		if (!lw_budgets[i].ns)
			b = &lw_budgets[i];
	if (!b)
		return -ENOSPC;
	if (ns && lw_hold_stamps_alloc())
		return -ENOMEM;
	if (!lw_engine_lock(&flags))
		return -EBUSY;
	if (!b->ns)
		lw_nr_budgets++;
	else if (!ns)
		lw_nr_budgets--;
	strscpy(b->name, name, sizeof(b->name));
	b->ns = ns;
	for (id = 1; id <= lw_max_classes; id++) {
		const struct lw_class *class = lw_class_get(id);

		if (class && !strcmp(class->name, name))
			WRITE_ONCE(lw_budget_ns[id], ns);
	}
	lw_engine_unlock(flags);
	lw_timing_update();
	return 0;
}

/**
 * lw_verb_budget() - the control verb ``budget=CLASS:USECS``
 * @arg: ``CLASS:USECS``: a class name and its hold-time budget in
 *	microseconds, 0 to remove it
 *
 * The budget applies to every subclass of every class of that name, now
 * and when registered later.
 *
 * Return: 0, -EINVAL for a malformed argument, -ENOSPC when
 * LW_MAX_BUDGETS budgets are set already, -ENOMEM when the hold stamps
 * cannot be allocated.
 */
static int lw_verb_budget(const char *arg)
{
	const char *colon = strrchr(arg, ':');
	char name[LW_NAME_LEN];
	size_t len;
	u64 us, ns;
	int ret;

	len = colon ? colon - arg : 0;
	if (!len || len >= sizeof(name) ||
	    kstrtou64(colon + 1, 10, &us) || check_mul_overflow(us, (u64)NSEC_PER_USEC, &ns)) {
		pr_warn_ratelimited("control: budget needs CLASS:USECS, a class name of 1 to %d bytes\n",
				    LW_NAME_LEN - 1);
		return -EINVAL;
	}
	memcpy(name, arg, len);
	name[len] = '\0';
	mutex_lock(&lw_ls_mutex);
	ret = lw_budget_set(name, ns);
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
	unsigned int i;

	mutex_lock(&lw_ls_mutex);
	for (i = 0; i < LW_MAX_BUDGETS; i++)
		if (lw_budgets[i].ns)
			seq_printf(seq, "budget=%s:%llu\n", lw_budgets[i].name,
				   div_u64(lw_budgets[i].ns, NSEC_PER_USEC));
	mutex_unlock(&lw_ls_mutex);
}

/* === Interface for lockwarden_kunit.ko === */

/**
 * lockwarden_lockstat_reset() - forget every statistic, as a write to the lockstat file
 */
void lockwarden_lockstat_reset(void)
{
	mutex_lock(&lw_ls_mutex);
	lw_lockstat_clear();
	mutex_unlock(&lw_ls_mutex);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_lockstat_reset, LW_NS);

/**
 * lockwarden_lockstat_read() - one class's statistics, summed over the CPUs
 * @class: the class
 * @subclass: its nesting subclass
 * @out: receives the sums (wait_min and so on as the lockstat file shows them)
 *
 * Return: true if the class has an id (it was used), else false with *@out zeroed.
 */
bool lockwarden_lockstat_read(struct lw_class *class, unsigned int subclass,
			      struct lw_lockstat *out)
{
	struct lw_lockstat *ls = READ_ONCE(lw_ls);
	lw_id_t id;

	memset(out, 0, sizeof(*out));
	id = READ_ONCE(class->id[min_t(unsigned int, subclass, LW_MAX_SUBCLASSES - 1)]);
	if (!id)
		return false;
	if (ls)
		lw_ls_sum(ls, id, out);
	return true;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_lockstat_read, LW_NS);

/* === Module parameter === */

static int lw_lockstat_param_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret;

	ret = kstrtobool(val, &on);
	if (ret)
		return ret;
	if (!lw_ls_live) {
		/* At load, before init: lw_lockstat_init() switches. */
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

/* Copy the name of class @id as the tabular files print it; false if none. */
static bool lw_ls_name(lw_id_t id, char *buf, size_t len)
{
	const struct lw_class *class;
	unsigned long flags;
	unsigned int sub;
	char *p;

	if (!lw_engine_lock(&flags))
		return false;
	class = lw_class_get(id);
	if (class) {
		sub = lw_class_subclass(id);
		if (sub)
			snprintf(buf, len, "%s/%u", class->name, sub);
		else
			strscpy(buf, class->name, len);
	}
	lw_engine_unlock(flags);
	if (!class)
		return false;
	for (p = buf; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = '_';
	return true;
}

/* lockstat: one line per class acquired since the last reset (debugfs.rst). */
static int lw_lockstat_show(struct seq_file *seq, void *v)
{
	struct lw_lockstat *ls = READ_ONCE(lw_ls);
	char name[LW_NAME_LEN + 4];
	struct lw_lockstat sum;
	unsigned int i;
	u32 id;

	seq_puts(seq, "# class\tacquisitions\tcontentions\twait_min_ns\twait_avg_ns\twait_max_ns\thold_min_ns\thold_avg_ns\thold_max_ns\thold_hist\n");
	if (!ls)
		return 0;
	for (id = 1; id <= lw_max_classes; id++) {
		lw_ls_sum(ls, id, &sum);
		if (!sum.acquired || !lw_ls_name(id, name, sizeof(name)))
			continue;
		seq_printf(seq, "%s\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t",
			   name, sum.acquired, sum.contended,
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

static int lw_lockstat_open(struct inode *inode, struct file *file)
{
	return single_open(file, lw_lockstat_show, NULL);
}

/* Any write resets the statistics. */
static ssize_t lw_lockstat_write(struct file *file, const char __user *buf,
				 size_t count, loff_t *ppos)
{
	mutex_lock(&lw_ls_mutex);
	lw_lockstat_clear();
	mutex_unlock(&lw_ls_mutex);
	return count;
}

static const struct file_operations lw_lockstat_fops = {
	.owner = THIS_MODULE,
	.open = lw_lockstat_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.write = lw_lockstat_write,
	.release = single_release,
};

static struct lw_control_verb lw_lockstat_verbs[] = {
	{ .name = "lockstat",	.set = lw_verb_lockstat,	.show = lw_show_lockstat,
	  .arg = LW_ARG_REQUIRED },
	{ .name = "budget",	.set = lw_verb_budget,		.show = lw_show_budget,
	  .arg = LW_ARG_REQUIRED },
};

/**
 * lw_lockstat_debugfs_init() - create the lockstat file, add the control verbs
 * @dir: lockwarden's debugfs directory
 */
void lw_lockstat_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("lockstat", 0600, dir, NULL, &lw_lockstat_fops);
	lw_control_register(lw_lockstat_verbs, ARRAY_SIZE(lw_lockstat_verbs));
}

/* === Init and exit === */

/**
 * lw_lockstat_init() - allocate the budgets; switch lockstat on if asked at load
 *
 * Called before any class is registered.
 *
 * Return: 0 or -ENOMEM.
 */
int lw_lockstat_init(void)
{
	int ret;

	lw_budget_ns = kvcalloc(lw_max_classes + 1, sizeof(*lw_budget_ns), GFP_KERNEL);
	if (!lw_budget_ns)
		return -ENOMEM;
	lw_ls_live = true;
	if (!lw_ls_param)
		return 0;
	ret = lw_lockstat_switch(true);
	if (ret)
		lw_lockstat_exit();
	return ret;
}

/**
 * lw_lockstat_exit() - switch timing off and free the statistics
 */
void lw_lockstat_exit(void)
{
	mutex_lock(&lw_ls_mutex);
	lw_ls_live = false;
	static_branch_disable(&lw_timing);
	mutex_unlock(&lw_ls_mutex);
	vfree(lw_ls);
	lw_ls = NULL;
	vfree(lw_hold_stamps);
	lw_hold_stamps = NULL;
	lw_ls_on = false;
	kvfree(lw_budget_ns);
	lw_budget_ns = NULL;
}
