// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's debugfs control file: the verbs that change the settings
 * (checking on and off, reset, the console's mode, the class filter; other
 * files add theirs with lw_control_register()).
 *
 * A write to control is one verb, which verbs.c parses into a request; the
 * verbs that apply requests are a list other files of the module add to
 * (lw_control_register()). Applying requests and reading control, and so
 * every verb's set() and show(), are serialised by lw_control_mutex.
 */
#include "outputs/outputs.h"

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/* === Data === */

static DEFINE_MUTEX(lw_control_mutex);
static LIST_HEAD(lw_verbs);		/* under lw_control_mutex */

/* === The core verbs === */

static int lw_verb_on(const struct lw_verb_req *req)
{
	lw_set_enabled(true);
	return 0;
}

static void lw_show_on(struct seq_file *seq)
{
	seq_printf(seq, "checking=%s\n",
		   static_key_enabled(&lockwarden_enabled) ? "on" : "off");
}

static int lw_verb_off(const struct lw_verb_req *req)
{
	lw_set_enabled(false);
	return 0;
}

static int lw_verb_reset(const struct lw_verb_req *req)
{
	lockwarden_reset();
	return 0;
}

static int lw_verb_mode(const struct lw_verb_req *req)
{
	WRITE_ONCE(lw_mode, req->mode);
	return 0;
}

static void lw_show_mode(struct seq_file *seq)
{
	struct lw_verb_req req = {
		.verb = LW_VERB_MODE, .has_arg = true, .mode = READ_ONCE(lw_mode),
	};

	lw_verb_show(seq, &req);
}

static int lw_verb_filter(const struct lw_verb_req *req)
{
	int ret = lw_filter_add(req->name, req->sub);

	if (ret == -ENOSPC)
		pr_warn_ratelimited("control: %d classes are filtered already\n", LW_FILTERS);
	return ret;
}

static void lw_show_filter(struct seq_file *seq)
{
	struct lw_filter filters[LW_FILTERS];
	struct lw_verb_req req = { .verb = LW_VERB_FILTER, .has_arg = true };
	unsigned int i, nr = lw_filter_list(filters);

	for (i = 0; i < nr; i++) {
		strscpy(req.name, filters[i].name, sizeof(req.name));
		req.sub = filters[i].sub;
		lw_verb_show(seq, &req);
	}
}

static int lw_verb_unfilter(const struct lw_verb_req *req)
{
	int ret;

	if (!req->has_arg)
		return lw_filter_clear();
	ret = lw_filter_remove(req->name, req->sub);
	if (ret == -ENOENT)
		pr_warn_ratelimited("control: unfilter of a class not filtered\n");
	return ret;
}

static struct lw_control_verb lw_core_verbs[] = {
	{ .verb = LW_VERB_ON,		.set = lw_verb_on,	.show = lw_show_on },
	{ .verb = LW_VERB_OFF,		.set = lw_verb_off },
	{ .verb = LW_VERB_RESET,	.set = lw_verb_reset },
	{ .verb = LW_VERB_MODE,		.set = lw_verb_mode,	.show = lw_show_mode },
	{ .verb = LW_VERB_FILTER,	.set = lw_verb_filter,	.show = lw_show_filter },
	{ .verb = LW_VERB_UNFILTER,	.set = lw_verb_unfilter },
};

/* === DebugFS Interface === */

/*
 * Apply a request lw_verb_parse() made, with the verb registered for it.
 * Returns its set()'s result, or -EINVAL, after a message, for a verb no
 * file registered.
 */
static int lw_control_apply(const struct lw_verb_req *req)
{
	struct lw_control_verb *v, *found = NULL;
	int ret = -EINVAL;

	mutex_lock(&lw_control_mutex);
	list_for_each_entry(v, &lw_verbs, node) {
		if (v->verb == req->verb) {
			found = v;
			ret = v->set(req);
			break;
		}
	}
	mutex_unlock(&lw_control_mutex);
	if (!found)
		pr_warn_ratelimited("control: unknown verb '%s'\n", lw_verb_name(req->verb));
	return ret;
}

static ssize_t lw_control_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct lw_verb_req req;
	char *buf;
	int ret;

	/* Before copying: a write is at most a page. */
	ret = lw_verb_check_size(count);
	if (ret)
		return ret;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = lw_verb_parse_write(buf, count, &req);
	kfree(buf);
	if (!ret)
		ret = lw_control_apply(&req);
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

LW_DEFINE_SHOW_WRITE(control);

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
	struct lw_verb_req req;
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = lw_verb_parse(buf, &req);
	kfree(buf);
	return ret ? ret : lw_control_apply(&req);
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
