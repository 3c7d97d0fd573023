// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's debugfs control file: the verbs that change the settings
 * (checking on and off, reset, the console's mode, the class filter; other
 * files add theirs with lw_control_register()).
 *
 * A write to control is one verb; the verbs are a list other files of the
 * module add to (lw_control_register()). Writes and reads of control, and so
 * every verb's set() and show(), are serialised by lw_control_mutex.
 */
#include "outputs/outputs.h"

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/* === Data === */

/* Bytes of a rejected verb quoted in the kernel message. */
#define LW_CONTROL_QUOTE	48

static DEFINE_MUTEX(lw_control_mutex);
static LIST_HEAD(lw_verbs);		/* under lw_control_mutex */

/* === Internals === */

/* The start of @verb for a kernel message: printable ASCII, others as '?'. */
static void lw_quote(char *buf, size_t size, const char *verb)
{
	size_t i;

	for (i = 0; i + 1 < size && verb[i]; i++)
		buf[i] = verb[i] >= 0x20 && verb[i] < 0x7f ? verb[i] : '?';
	buf[i] = '\0';
}

/* === The core verbs === */

static int lw_verb_on(const char *arg)
{
	lw_set_enabled(true);
	return 0;
}

static void lw_show_on(struct seq_file *seq)
{
	seq_printf(seq, "checking=%s\n",
		   static_key_enabled(&lockwarden_enabled) ? "on" : "off");
}

static int lw_verb_off(const char *arg)
{
	lw_set_enabled(false);
	return 0;
}

static int lw_verb_reset(const char *arg)
{
	lockwarden_reset();
	return 0;
}

static int lw_verb_mode(const char *arg)
{
	/* Exact: the write's one trailing newline is gone already. */
	int mode = match_string(lw_mode_names, LW_MODE_COUNT, arg);

	if (mode < 0) {
		pr_warn_ratelimited("control: mode must be report, warn, panic or silent\n");
		return -EINVAL;
	}
	WRITE_ONCE(lw_mode, mode);
	return 0;
}

static void lw_show_mode(struct seq_file *seq)
{
	seq_printf(seq, "mode=%s\n", lw_mode_names[READ_ONCE(lw_mode)]);
}

static int lw_verb_filter(const char *arg)
{
	int ret = lw_filter_add(arg);

	if (ret == -EINVAL)
		pr_warn_ratelimited("control: filter needs a class name of 1 to %d printable characters\n",
				    LW_NAME_LEN - 1);
	else if (ret == -ENOSPC)
		pr_warn_ratelimited("control: %d classes are filtered already\n", LW_FILTERS);
	return ret;
}

static int lw_verb_unfilter(const char *arg)
{
	int ret;

	if (!arg)
		return lw_filter_clear();
	ret = lw_filter_remove(arg);
	if (ret == -EINVAL)
		pr_warn_ratelimited("control: unfilter needs a class name of 1 to %d printable characters\n",
				    LW_NAME_LEN - 1);
	else if (ret == -ENOENT)
		pr_warn_ratelimited("control: unfilter of a class not filtered\n");
	return ret;
}

static struct lw_control_verb lw_core_verbs[] = {
	{ .name = "on",		.set = lw_verb_on,	.show = lw_show_on },
	{ .name = "off",	.set = lw_verb_off },
	{ .name = "reset",	.set = lw_verb_reset },
	{ .name = "mode",	.set = lw_verb_mode,	.show = lw_show_mode,
	  .arg = LW_ARG_REQUIRED },
	{ .name = "filter",	.set = lw_verb_filter,	.show = lw_filter_show,
	  .arg = LW_ARG_REQUIRED },
	{ .name = "unfilter",	.set = lw_verb_unfilter, .arg = LW_ARG_OPTIONAL },
};

/* === DebugFS Interface === */

/* The verb @name, taking an argument as @has_arg says, or NULL. */
static struct lw_control_verb *lw_verb_find(const char *name, bool has_arg)
{
	struct lw_control_verb *v;

	list_for_each_entry(v, &lw_verbs, node) {
		if (strcmp(v->name, name))
			continue;
		if (has_arg ? v->arg != LW_ARG_NONE : v->arg != LW_ARG_REQUIRED)
			return v;
	}
	return NULL;
}

/*
 * Apply the verb in @buf, "name" or "name=ARG", cut at the '=' in place.
 * Returns -EINVAL, after a message, for a verb not known.
 */
static int lw_control_apply(char *buf)
{
	char *arg, quote[LW_CONTROL_QUOTE + 1];
	struct lw_control_verb *v;
	int ret = -EINVAL;

	arg = strchr(buf, '=');
	if (arg)
		*arg++ = '\0';
	mutex_lock(&lw_control_mutex);
	v = lw_verb_find(buf, arg);
	if (v)
		ret = v->set(arg);
	mutex_unlock(&lw_control_mutex);
	if (!v) {
		lw_quote(quote, sizeof(quote), buf);
		pr_warn_ratelimited("control: unknown verb '%s'\n", quote);
	}
	return ret;
}

static ssize_t lw_control_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	size_t len = count;
	char *buf;
	int ret = -EINVAL;

	/* Each write is one whole verb, whatever *ppos says: a split verb fails. */
	if (!count || count > PAGE_SIZE) {
		pr_warn_ratelimited("control: a verb is 1 to %lu bytes, not %zu\n",
				    PAGE_SIZE, count);
		return -EINVAL;
	}
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (!len || strlen(buf) != len) {
		pr_warn_ratelimited("control: an empty verb or a NUL byte in a write\n");
		goto out;
	}
	ret = lw_control_apply(buf);
out:
	kfree(buf);
	return ret ? ret : (ssize_t)count;
}

/* Reading control: the settings, one verb=value per line. */
static int lw_control_show(struct seq_file *seq, void *v)
{
	struct lw_control_verb *verb;

	mutex_lock(&lw_control_mutex);
	list_for_each_entry(verb, &lw_verbs, node)
		if (verb->show)
			verb->show(seq);
	mutex_unlock(&lw_control_mutex);
	return 0;
}

static int lw_control_open(struct inode *inode, struct file *file)
{
	return single_open(file, lw_control_show, NULL);
}

static const struct file_operations lw_control_fops = {
	.owner		= THIS_MODULE,
	.open		= lw_control_open,
	.read		= seq_read,
	.write		= lw_control_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

/* === Public interface === */

/**
 * lockwarden_control() - apply a verb, as a write of it to the control file
 * @verb: the verb, e.g. ``lockstat=on``, without a newline
 *
 * For lockwarden_kunit.ko.
 *
 * Return: 0, or the negative errno the write would fail with.
 */
int lockwarden_control(const char *verb)
{
	char *buf = kstrdup(verb, GFP_KERNEL);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = lw_control_apply(buf);
	kfree(buf);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_control, LW_NS);

/**
 * lw_control_register() - add verbs to the control file
 * @verbs: the verbs, in memory that lives until lockwarden unloads
 * @nr: how many
 *
 * Their show() lines follow those of the core verbs and of the verbs added
 * before them. Call it at load, from lockwarden's init.
 */
void lw_control_register(struct lw_control_verb *verbs, unsigned int nr)
{
	unsigned int i;

	mutex_lock(&lw_control_mutex);
	for (i = 0; i < nr; i++)
		list_add_tail(&verbs[i].node, &lw_verbs);
	mutex_unlock(&lw_control_mutex);
}

/**
 * lw_control_init() - add the core verbs and create the control file
 * @dir: lockwarden's debugfs directory
 *
 * The core verbs go first, whenever the others were added.
 */
void lw_control_init(struct dentry *dir)
{
	unsigned int i;

	mutex_lock(&lw_control_mutex);
	for (i = ARRAY_SIZE(lw_core_verbs); i-- > 0;)
		list_add(&lw_core_verbs[i].node, &lw_verbs);
	mutex_unlock(&lw_control_mutex);
	debugfs_create_file("control", 0600, dir, NULL, &lw_control_fops);
}
