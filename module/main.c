// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden.ko: init and exit, each layer set up from the bottom (core,
 * checks, outputs) and torn down from the top.
 */
#include "outputs/outputs.h"

/* The steps that can fail, in init order; exit undoes them in reverse. */
static const struct {
	int (*init)(void);
	void (*exit)(void);
} lw_steps[] = {
	{ lw_core_init,			lw_core_exit },
	{ lw_classes_init,		lw_classes_exit },
	{ lw_init_sites_init,		lw_init_sites_exit },
	{ lw_report_init,		lw_report_exit },
	{ lw_console_init,		lw_console_exit },
	{ lw_kunit_init_hook,		lw_kunit_exit_hook },
	{ lw_lockstat_outputs_init,	lw_lockstat_outputs_exit },
};

/* Undo the first @done steps, the last one first. */
static void lw_steps_exit(unsigned int done)
{
	while (done--)
		lw_steps[done].exit();
}

static int __init lockwarden_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(lw_steps); i++) {
		ret = lw_steps[i].init();
		if (ret) {
			lw_steps_exit(i);
			return ret;
		}
	}
	lw_debugfs_init();
	ret = lw_exit_hook_init();
	if (ret)
		pr_warn("no task-exit hook (%d): locks held at exit are not reported\n", ret);
	lw_core_live();
	pr_info("checking %s; pools: %u classes, %u edges, %u chains, %u findings, %u tasks\n",
		static_key_enabled(&lockwarden_enabled) ? "on" : "off", lw_max_classes,
		lw_max_edges, lw_max_chains, lw_max_findings, lw_max_tasks);
	return 0;
}

static void __exit lockwarden_exit(void)
{
	lw_exit_hook_exit();
	lw_debugfs_exit();
	lw_steps_exit(ARRAY_SIZE(lw_steps));
}

module_init(lockwarden_init);
module_exit(lockwarden_exit);

MODULE_DESCRIPTION("lockwarden: lock-order and ownership checking for drivers");
MODULE_LICENSE("GPL");
