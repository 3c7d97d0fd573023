// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden.ko: init and exit, each layer set up from the bottom (core,
 * checks, outputs) and torn down from the top.
 */
#include "outputs/outputs.h"

static int __init lockwarden_init(void)
{
	int ret;

	ret = lw_core_init();
	if (ret)
		return ret;
	ret = lw_classes_init();
	if (ret)
		goto err_core;
	ret = lw_report_init();
	if (ret)
		goto err_classes;
	ret = lw_console_init();
	if (ret)
		goto err_report;
	ret = lw_kunit_init_hook();
	if (ret)
		goto err_console;
	ret = lw_lockstat_outputs_init();
	if (ret)
		goto err_kunit;
	lw_debugfs_init();
	ret = lw_exit_hook_init();
	if (ret)
		pr_warn("no task-exit hook (%d): locks held at exit are not reported\n", ret);
	lw_core_live();
	pr_info("checking %s; pools: %u classes, %u edges, %u chains, %u findings, %u tasks\n",
		static_key_enabled(&lockwarden_enabled) ? "on" : "off", lw_max_classes,
		lw_max_edges, lw_max_chains, lw_max_findings, lw_max_tasks);
	return 0;

err_kunit:
	lw_kunit_exit_hook();
err_console:
	lw_console_exit();
err_report:
	lw_report_exit();
err_classes:
	lw_classes_exit();
err_core:
	lw_core_exit();
	return ret;
}

static void __exit lockwarden_exit(void)
{
	lw_exit_hook_exit();
	lw_debugfs_exit();
	lw_lockstat_outputs_exit();
	lw_kunit_exit_hook();
	lw_console_exit();
	lw_report_exit();
	lw_classes_exit();
	lw_core_exit();
}

module_init(lockwarden_init);
module_exit(lockwarden_exit);

MODULE_DESCRIPTION("lockwarden: lock-order and ownership checking for drivers");
MODULE_LICENSE("GPL");
