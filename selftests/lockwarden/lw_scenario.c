// SPDX-License-Identifier: GPL-2.0
/*
 * lw_scenario.ko: a small driver that plays lock scenarios on request, for
 * lockwarden's kselftest. Write a scenario name to
 * /sys/module/lw_scenario/parameters/run; the write runs it in the writer's
 * context and fails with -EINVAL for an unknown name.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <lockwarden/lockwarden.h>

static LW_DEFINE_CLASS(lw_scenario_a, 0);
static LW_DEFINE_CLASS(lw_scenario_b, 0);

static struct lw_mutex lock_a, lock_b;

static noinline void lw_scenario_abba_forward(void)
{
	lw_mutex_lock(&lock_a);
	lw_mutex_lock(&lock_b);
	lw_mutex_unlock(&lock_b);
	lw_mutex_unlock(&lock_a);
}

static noinline void lw_scenario_abba_reverse(void)
{
	lw_mutex_lock(&lock_b);
	lw_mutex_lock(&lock_a);
	lw_mutex_unlock(&lock_a);
	lw_mutex_unlock(&lock_b);
}

/* A then B, many times: never a finding. */
static void lw_scenario_consistent(void)
{
	int i;

	for (i = 0; i < 1000; i++)
		lw_scenario_abba_forward();
}

/* B then trylock A, against the order A -> B: never a finding. */
static void lw_scenario_trylock(void)
{
	lw_scenario_abba_forward();
	lw_mutex_lock(&lock_b);
	if (lw_mutex_trylock(&lock_a))
		lw_mutex_unlock(&lock_a);
	lw_mutex_unlock(&lock_b);
}

/* A then B, then B then A: one lock-order cycle. */
static void lw_scenario_abba(void)
{
	lw_scenario_abba_forward();
	lw_scenario_abba_reverse();
}

static bool lw_scenario_holding;

/* Leaves lock_a held on return: unloading the module then is a finding. */
static noinline void lw_scenario_hold(void)
{
	lw_mutex_lock(&lock_a);
	/* Not a tail call, so the report names this function. */
	WRITE_ONCE(lw_scenario_holding, true);
}

static const struct {
	const char *name;
	void (*run)(void);
} lw_scenarios[] = {
	{ "consistent", lw_scenario_consistent },
	{ "trylock", lw_scenario_trylock },
	{ "abba", lw_scenario_abba },
	{ "hold", lw_scenario_hold },
};

static int lw_scenario_run(const char *val, const struct kernel_param *kp)
{
	size_t len = strcspn(val, "\n");
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lw_scenarios); i++) {
		if (strlen(lw_scenarios[i].name) == len &&
		    !strncmp(val, lw_scenarios[i].name, len)) {
			lw_scenarios[i].run();
			pr_info("ran %s\n", lw_scenarios[i].name);
			return 0;
		}
	}
	pr_err("unknown scenario '%.*s'\n", (int)min_t(size_t, len, 32), val);
	return -EINVAL;
}

static const struct kernel_param_ops lw_scenario_run_ops = {
	.set = lw_scenario_run,
};
module_param_cb(run, &lw_scenario_run_ops, NULL, 0200);
MODULE_PARM_DESC(run, "Scenario to play: consistent, trylock, abba or hold");

static int __init lw_scenario_init(void)
{
	lw_mutex_init(&lock_a, &lw_scenario_a);
	lw_mutex_init(&lock_b, &lw_scenario_b);
	return 0;
}
module_init(lw_scenario_init);

static void __exit lw_scenario_exit(void)
{
}
module_exit(lw_scenario_exit);

MODULE_DESCRIPTION("lockwarden scenario driver for kselftest");
MODULE_LICENSE("GPL");
