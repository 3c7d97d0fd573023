// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's console report of a new finding, a subscriber of the raise
 * layer: what it does is the mode (the mode parameter and control verb):
 * print it, rate-limited; also WARN; print it and panic; or nothing.
 */
#include "outputs/outputs.h"

#include <linux/moduleparam.h>
#include <linux/ratelimit.h>
#include <linux/string.h>

const char *const lw_mode_names[] = {
	[LW_MODE_REPORT]	= "report",
	[LW_MODE_WARN]		= "warn",
	[LW_MODE_PANIC]		= "panic",
	[LW_MODE_SILENT]	= "silent",
};

static_assert(ARRAY_SIZE(lw_mode_names) == LW_MODE_COUNT);

/* What a new finding does on the console: enum lw_mode, read with READ_ONCE(). */
int lw_mode = LW_MODE_REPORT;

/* Console reports: a burst of 10, then one per 5 seconds. */
static DEFINE_RATELIMIT_STATE(lw_report_rs, 5 * HZ, 10);

static void lw_console_print(const struct lw_finding *f, void *arg)
{
	lw_print_finding(NULL, f);
}

/*
 * Print new finding @occ as the mode says, in the context that raised it.
 * In report and warn modes the reports are rate-limited (a dropped one is
 * counted, never lost from debugfs) and warn adds a WARN with this
 * context's stack, naming this function; panic prints every one, then
 * panics; silent prints nothing.
 */
static noinline void lw_report_console(const struct lw_occurrence *occ)
{
	int mode = READ_ONCE(lw_mode);

	if (mode == LW_MODE_SILENT)
		return;
	if (mode != LW_MODE_PANIC && !__ratelimit(&lw_report_rs)) {
		lw_stat_inc(LW_STAT_SUPPRESSED);
		return;
	}
	if (!lw_with_finding(occ->serial, lw_console_print, NULL))
		return;
	if (mode == LW_MODE_WARN)
		WARN(1, "lockwarden: %s (finding #%u)\n", lw_kinds[occ->kind].name, occ->serial);
	if (mode == LW_MODE_PANIC)
		panic("lockwarden: %s (finding #%u)\n", lw_kinds[occ->kind].name, occ->serial);
}

/* A finding was raised: a new one is reported on the console. */
static int lw_console_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	const struct lw_occurrence *occ = data;

	if (!occ->is_new)
		return NOTIFY_DONE;
	lw_report_console(occ);
	return NOTIFY_OK;
}

/* First among the subscribers: the report before a KUnit test's failure. */
static struct notifier_block lw_console_nb = {
	.notifier_call = lw_console_notify,
	.priority = 1,
};

/* === The mode module parameter === */

static int lw_mode_set(const char *val, const struct kernel_param *kp)
{
	/* A trailing newline, as echo writes, is allowed. */
	int mode = sysfs_match_string(lw_mode_names, val);

	if (mode < 0)
		return -EINVAL;
	WRITE_ONCE(lw_mode, mode);
	return 0;
}

static int lw_mode_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", lw_mode_names[READ_ONCE(lw_mode)]);
}

static const struct kernel_param_ops lw_mode_ops = {
	.set = lw_mode_set,
	.get = lw_mode_get,
};
module_param_cb(mode, &lw_mode_ops, NULL, 0644);
MODULE_PARM_DESC(mode, "What a new finding does: report (print it, default), warn (also WARN), panic (print, then panic) or silent (debugfs only)");

int lw_console_init(void)
{
	/* Only new findings are reported. */
	return lw_raise_subscribe(&lw_console_nb, false);
}

void lw_console_exit(void)
{
	lw_raise_unsubscribe(&lw_console_nb, false);
}
