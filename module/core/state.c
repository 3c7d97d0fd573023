// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's core state: the pools' sizes (module parameters), the engine
 * and its lock, the checking generation and the on/off switch, the
 * counters, and the allocation of the pools at load.
 */
#include "core/core.h"

#include <linux/ctype.h>
#include <linux/delay.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/vmalloc.h>

/* === Data === */

/* Checking on: the wrappers call into lockwarden. Off: plain kernel locks. */
struct static_key_true lockwarden_enabled = STATIC_KEY_TRUE_INIT;
EXPORT_SYMBOL_NS_GPL(lockwarden_enabled, LW_NS);

struct lw_engine lw_engine = {
	.lock = __ARCH_SPIN_LOCK_UNLOCKED,
	.gen = 1,
};

static DEFINE_PER_CPU(bool, lw_in_engine);
/* When this CPU took the engine lock, and its longest hold since load. */
static DEFINE_PER_CPU(u64, lw_engine_since);
static DEFINE_PER_CPU(u64, lw_engine_hold_max);

/* Serialises the operations that work on whole tables in batches. */
static DEFINE_MUTEX(lw_maint_mutex);

const char *const lw_stat_names[] = {
	[LW_STAT_ACQUIRED]	= "acquisitions_slow_path",
	[LW_STAT_RELEASED]	= "releases",
	[LW_STAT_UNTRACKED]	= "untracked_operations",
	[LW_STAT_CLASSES_FULL]	= "classes_full",
	[LW_STAT_EDGES_FULL]	= "edges_full",
	[LW_STAT_STACKS_FULL]	= "stacks_full",
	[LW_STAT_STALE_STACKS]	= "stale_stacks",
	[LW_STAT_LOST_REQUESTS]	= "held_requests_lost",
	[LW_STAT_FAST_HITS]	= "acquisitions_fast_path",
	[LW_STAT_RECURSION]	= "recursion_skipped",
	[LW_STAT_FINDINGS]	= "findings_raised",
	[LW_STAT_SUPPRESSED]	= "console_suppressed",
	[LW_STAT_FILTERED]	= "findings_filtered",
	[LW_STAT_RACY_READS]	= "racy_reads",
	[LW_STAT_CHAINS_FULL]	= "chains_full",
	[LW_STAT_KUNIT_FULL]	= "kunit_watches_full",
	[LW_STAT_UNTRACKED_RELEASES] = "releases_untracked",
	[LW_STAT_INIT_SITES_FULL] = "init_sites_full",
	[LW_STAT_RECUR_FAST]	= "recurrences_fast_path",
	[LW_STAT_KNOWN_FULL]	= "known_findings_full",
	[LW_STAT_UNCHECKED]	= "acquisitions_unchecked",
};

static_assert(ARRAY_SIZE(lw_stat_names) == LW_STAT_COUNT);

DEFINE_PER_CPU(struct lw_stats, lw_stats);

/* A counter summed over the CPUs; a racy but monotonic read. */
unsigned long lw_stat_read(enum lw_stat s)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(lw_stats, cpu).count[s];
	return sum;
}

/* === Full pools === */

/* A pool: its counter, and what its once-per-load message says. */
struct lw_pool_info {
	enum lw_stat stat;		/* LW_STAT_COUNT: none of its own */
	const char *what;
	const char *param;		/* the parameter (or constant) that sizes it */
	const unsigned int *size;
	const char *lost;		/* what checking no longer covers */
};

static const unsigned int lw_held_reqs = LW_HELD_REQS;
static const unsigned int lw_kunit_watches_max = LW_KUNIT_WATCHES;

static const struct lw_pool_info lw_pools[] = {
	[LW_POOL_CLASSES] = { LW_STAT_CLASSES_FULL, "the class table", "max_classes",
		&lw_max_classes, "locks of new classes are not checked" },
	[LW_POOL_EDGES] = { LW_STAT_EDGES_FULL, "the dependency pool", "max_edges",
		&lw_max_edges,
		"new lock-order dependencies are not learned: cycles through them go unreported" },
	[LW_POOL_CHAINS] = { LW_STAT_CHAINS_FULL, "the chain cache", "max_chains",
		&lw_max_chains,
		"new lock chains are checked at every acquisition: slower, nothing missed" },
	[LW_POOL_FINDINGS] = { LW_STAT_COUNT, "the findings ring", "max_findings",
		&lw_max_findings,
		"new findings overwrite the oldest (findings_overwritten in stats)" },
	[LW_POOL_TASKS] = { LW_STAT_STACKS_FULL, "the pool of held-lock stacks", "max_tasks",
		&lw_max_tasks, "locks taken by tasks without a stack are not checked" },
	[LW_POOL_REQUESTS] = { LW_STAT_LOST_REQUESTS,
		"a held-lock stack's queue of updates from other contexts",
		"LW_HELD_REQS", &lw_held_reqs,
		"the locks its task holds are not checked until it releases them" },
	[LW_POOL_KUNIT] = { LW_STAT_KUNIT_FULL, "the table of KUnit watches",
		"LW_KUNIT_WATCHES", &lw_kunit_watches_max,
		"a test that asks for one more watch fails" },
};

static_assert(ARRAY_SIZE(lw_pools) == LW_POOL_COUNT);

/* Pools that filled since their message; pools whose message was printed. */
static unsigned long lw_pools_unwarned, lw_pools_warned;

/**
 * lw_pool_full() - a fixed pool was found full
 * @pool: which
 *
 * Counts it and has its message printed once per load, when the engine
 * lock is next dropped. Any context; takes no lock.
 */
void lw_pool_full(enum lw_pool pool)
{
	if (lw_pools[pool].stat != LW_STAT_COUNT)
		lw_stat_inc(lw_pools[pool].stat);
	if (!test_bit(pool, &lw_pools_warned) && !test_and_set_bit(pool, &lw_pools_warned))
		set_bit(pool, &lw_pools_unwarned);
}

/* Print the messages of the pools that filled. Not under the engine lock. */
static noinline void lw_pools_warn(void)
{
	unsigned int pool;

	for (pool = 0; pool < LW_POOL_COUNT; pool++) {
		const struct lw_pool_info *p = &lw_pools[pool];

		if (!test_and_clear_bit(pool, &lw_pools_unwarned))
			continue;
		/* A module parameter is lower case; a fixed size is not. */
		if (islower(p->param[0]))
			pr_warn("%s is full (%s=%u): %s; load lockwarden with a larger %s\n",
				p->what, p->param, *p->size, p->lost, p->param);
		else
			pr_warn("%s is full (%s=%u, fixed): %s\n",
				p->what, p->param, *p->size, p->lost);
	}
}

/* === Module parameters === */

/*
 * A table size set at load: the variable lw_max_NAME, read-only parameter
 * max_NAME, its default and its description.
 */
#define LW_SIZE_PARAM(name, def, desc)					\
	unsigned int lw_max_##name = (def);				\
	module_param_named(max_##name, lw_max_##name, uint, 0444);	\
	MODULE_PARM_DESC(max_##name, desc)

LW_SIZE_PARAM(classes, 1024,
	      "Lock classes tracked at once (16..65535, default 1024)");

LW_SIZE_PARAM(edges, 8192,
	      "Lock-order dependencies learned (16..1048576, default 8192)");

LW_SIZE_PARAM(findings, 128,
	      "Distinct findings kept; older ones are overwritten (1..65536, default 128)");

LW_SIZE_PARAM(tasks, 1024,
	      "Tasks that take tracked locks, tracked at once (16..65536, default 1024)");

/* Set at load from max_edges: see LW_RREADS_PER_EDGES. */
unsigned int lw_max_rreads;

LW_SIZE_PARAM(chains, 16384,
	      "Validated lock chains cached, a power of two (64..1048576, default 16384)");

static bool lw_enabled = true;
static bool lw_live;	/* init done: the static key may be switched */

/*
 * How long a switch-on waits for spinning locks taken while off to be
 * released: the RCU grace period that tells. Long enough for a grace
 * period on a loaded host, whose vCPUs may not run for a second or more.
 */
#define LW_SWITCH_WAIT_MS	5000

/*
 * Start a new generation with the lock paths @paused or @switching.
 * Precondition: the engine lock is held.
 */
static void lw_switch_locked(bool paused, bool switching)
{
	/* Every stack is of an older generation now: what it holds is stale. */
	lw_engine.gen++;
	lw_known_invalidate();
	lw_engine.paused = paused;
	lw_engine.switching = switching;
	lw_engine.switch_armed = false;
	/* On again after off: a sleeping lock may be held with no record. */
	if (!paused && !switching)
		lw_engine.blind = true;
}

/* lw_switch_locked() under the engine lock. */
static void lw_switch(bool paused, bool switching)
{
	unsigned long flags;

	while (!lw_engine_lock(&flags))
		cpu_relax();
	lw_switch_locked(paused, switching);
	lw_engine_unlock(flags);
}

/* The switch-on ends with the RCU grace period @gp (lw_engine_lock()). */
static void lw_switch_arm(unsigned long gp)
{
	unsigned long flags;

	while (!lw_engine_lock(&flags))
		cpu_relax();
	lw_engine.switch_gp = gp;
	lw_engine.switch_armed = true;
	lw_engine_unlock(flags);
}

/**
 * lw_set_enabled() - switch checking on or off
 * @on: on
 *
 * The static key is patched one call site at a time, so while it switches
 * some of a driver's lock sites call lockwarden and others do not: a lock
 * could be recorded as taken and its release never seen. Going off, the
 * lock paths are paused first (they record nothing). Going on, they record
 * holds but check nothing until every site calls in and every spinning
 * lock taken while off was released: each hold of a spinning lock runs with
 * preemption off, or on PREEMPT_RT inside rcu_read_lock(), so the end of an
 * RCU grace period started once every site calls in sees them all ended.
 * (Not a PREEMPT_RT task still waiting for a spinlock_t or rwlock_t, which
 * sleeps outside any: it may get the lock after the switch, unrecorded,
 * as a sleeping lock's waiter may; the kernel names its owner.)
 * The first engine-lock holder after it ends the switch (lw_engine_lock()).
 * The switch-on waits for that up to LW_SWITCH_WAIT_MS, not for ever: a
 * spinning lock held across it may be released only after it returns (the
 * switch then ends at its release). A new generation starts at each step:
 * whatever was held or owned before is not known. Process context; may
 * sleep.
 */
void lw_set_enabled(bool on)
{
	unsigned long gp, flags;
	unsigned int ms;

	lw_maint_lock();
	lw_enabled = on;
	if (lw_live && on != static_key_enabled(&lockwarden_enabled)) {
		if (on) {
			lw_switch(false, true);
			static_branch_enable(&lockwarden_enabled);
			gp = start_poll_synchronize_rcu();
			lw_switch_arm(gp);
			for (ms = 0; ms < LW_SWITCH_WAIT_MS && !poll_state_synchronize_rcu(gp);
			     ms += 10)
				usleep_range(10000, 11000);
			/* Ends the switch if the grace period did. */
			while (!lw_engine_lock(&flags))
				cpu_relax();
			lw_engine_unlock(flags);
		} else {
			lw_switch(true, false);
			static_branch_disable(&lockwarden_enabled);
		}
	}
	lw_maint_unlock();
}

static int lw_enabled_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret;

	ret = kstrtobool(val, &on);
	if (ret)
		return ret;
	lw_set_enabled(on);
	return 0;
}

static const struct kernel_param_ops lw_enabled_ops = {
	.set = lw_enabled_set,
	.get = param_get_bool,
};
module_param_cb(enabled, &lw_enabled_ops, &lw_enabled, 0644);
MODULE_PARM_DESC(enabled, "Check locking (1, default) or pass every lock straight through (0)");

/* === Engine lock === */

/*
 * Take the engine lock with interrupts off. Returns false, taking nothing,
 * when this CPU is already inside the engine (an NMI, or a bug): the caller
 * then skips its check rather than deadlock.
 */
bool lw_engine_lock(unsigned long *flags)
{
	raw_local_irq_save(*flags);
	if (unlikely(in_nmi() || this_cpu_read(lw_in_engine))) {
		raw_local_irq_restore(*flags);
		lw_stat_inc(LW_STAT_RECURSION);
		return false;
	}
	this_cpu_write(lw_in_engine, true);
	arch_spin_lock(&lw_engine.lock);
	this_cpu_write(lw_engine_since, local_clock());
	/* The switch-on's grace period ended: checking is on (lw_set_enabled()). */
	if (unlikely(lw_engine.switch_armed) && poll_state_synchronize_rcu(lw_engine.switch_gp))
		lw_switch_locked(false, false);
	return true;
}

void lw_engine_unlock(unsigned long flags)
{
	u64 held = local_clock() - this_cpu_read(lw_engine_since);

	if (unlikely(held > this_cpu_read(lw_engine_hold_max)))
		this_cpu_write(lw_engine_hold_max, held);
	arch_spin_unlock(&lw_engine.lock);
	this_cpu_write(lw_in_engine, false);
	raw_local_irq_restore(flags);
	if (unlikely(READ_ONCE(lw_pools_unwarned)))
		lw_pools_warn();
}

/**
 * lw_engine_max_ns() - the engine lock's longest hold since load
 *
 * With interrupts off throughout: the longest interrupts-off section
 * lockwarden's checks and tables cause (debugfs stats).
 *
 * Return: the longest hold on any CPU, in ns.
 */
u64 lw_engine_max_ns(void)
{
	u64 max = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		max = max(max, per_cpu(lw_engine_hold_max, cpu));
	return max;
}

/* Start measuring the engine lock's longest hold anew (a write to stats). */
void lw_engine_max_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		per_cpu(lw_engine_hold_max, cpu) = 0;
}

/* Take the mutex of the operations on whole tables. Process context. */
void lw_maint_lock(void)
{
	mutex_lock(&lw_maint_mutex);
}

void lw_maint_unlock(void)
{
	mutex_unlock(&lw_maint_mutex);
}

/**
 * lw_batched() - run a step under the engine lock until it is done
 * @step: does a batch from *@pos on (at most LW_BATCH items), advances
 *	*@pos, and says whether it is done
 * @arg: passed to @step
 *
 * The engine lock is dropped between batches, so interrupts are never off
 * for long. Process context, under lw_maint_lock().
 *
 * Return: false if the engine lock could not be taken (this CPU was inside
 * the engine), the work not done.
 */
bool lw_batched(bool (*step)(void *arg, u32 *pos), void *arg)
{
	unsigned long flags;
	bool done = false;
	u32 pos = 0;

	while (!done) {
		if (!lw_engine_lock(&flags))
			return false;
		done = step(arg, &pos);
		lw_engine_unlock(flags);
		cond_resched();
	}
	return true;
}

static bool lw_chains_step(void *arg, u32 *pos)
{
	return lw_chains_reset_step(&lw_engine.chains, pos, LW_BATCH);
}

static bool lw_graph_step(void *arg, u32 *pos)
{
	return lw_graph_reset_step(&lw_engine.graph, pos, LW_BATCH);
}

static bool lw_rreads_step(void *arg, u32 *pos)
{
	return lw_rreads_reset_step(&lw_engine.rreads, pos, LW_BATCH);
}

static bool lw_usage_step(void *arg, u32 *pos)
{
	return lw_class_reset_usage_step(pos, LW_BATCH);
}

static bool lw_dead_step(void *arg, u32 *pos)
{
	return lw_class_free_dead_step(pos, LW_BATCH);
}

/**
 * lw_chains_clear() - empty the validated-chain cache, in batches
 *
 * Then the class ids forgotten before it began are reusable: no chain
 * cached names them any more. Process context, under lw_maint_lock(). The
 * cache stays usable.
 */
void lw_chains_clear(void)
{
	if (lw_batched(lw_chains_step, NULL))
		lw_batched(lw_dead_step, NULL);
}

/* === Interface for lockwarden_kunit.ko and the control file === */

/**
 * lockwarden_reset() - forget all findings, the learned lock order and irq usage
 *
 * Locks held across the reset are no longer tracked until released. The
 * tables are cleared in batches (LW_BATCH), the engine lock dropped between
 * them, so that interrupts are never off for long; acquisitions meanwhile
 * are recorded but not checked. Process context; may sleep.
 */
void lockwarden_reset(void)
{
	unsigned long flags;

	lw_maint_lock();
	if (!lw_engine_lock(&flags))
		goto out;
	lw_engine.resetting = true;
	lw_ring_reset(&lw_engine.ring);
	lw_engine.gen++;
	lw_known_invalidate();
	lw_engine_unlock(flags);
	lw_chains_clear();
	lw_batched(lw_graph_step, NULL);
	lw_batched(lw_rreads_step, NULL);
	lw_batched(lw_usage_step, NULL);
	while (!lw_engine_lock(&flags))
		cpu_relax();
	lw_engine.resetting = false;
	/* The graph and the usage were cleared meanwhile. */
	lw_known_invalidate();
	lw_engine_unlock(flags);
out:
	lw_maint_unlock();
}
EXPORT_SYMBOL_NS_GPL(lockwarden_reset, LW_NS);

/**
 * lockwarden_stat_read() - one of the counters debugfs stats shows
 * @s: the counter
 *
 * Return: its sum over the CPUs, a racy but monotonic read.
 */
unsigned long lockwarden_stat_read(enum lw_stat s)
{
	return s < LW_STAT_COUNT ? lw_stat_read(s) : 0;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_stat_read, LW_NS);

/* === Init and exit === */

static void *lw_graph_mem, *lw_ring_mem, *lw_chains_mem, *lw_held_mem, *lw_stack_mem;
static void *lw_class_mem, *lw_rreads_mem, *lw_rread_stack_mem, *lw_known_mem;

static int lw_check_param(const char *name, unsigned int val,
			  unsigned int lo, unsigned int hi)
{
	if (val >= lo && val <= hi)
		return 0;
	pr_err("%s=%u out of range %u..%u\n", name, val, lo, hi);
	return -EINVAL;
}

static void lw_core_free(void)
{
	vfree(lw_rread_stack_mem);
	vfree(lw_rreads_mem);
	vfree(lw_known_mem);
	vfree(lw_class_mem);
	vfree(lw_stack_mem);
	vfree(lw_held_mem);
	vfree(lw_chains_mem);
	vfree(lw_ring_mem);
	vfree(lw_graph_mem);
}

/**
 * lw_core_init() - check the pool parameters and allocate the pools
 *
 * Return: 0, -EINVAL for a parameter out of range, -ENOMEM.
 */
int lw_core_init(void)
{
	int ret;

	ret = lw_check_param("max_classes", lw_max_classes, 16, LW_MAX_CLASSES_LIMIT) ?:
	      lw_check_param("max_edges", lw_max_edges, 16, 1U << 20) ?:
	      lw_check_param("max_findings", lw_max_findings, 1, 1U << 16) ?:
	      lw_check_param("max_tasks", lw_max_tasks, 16, 1U << 16) ?:
	      lw_check_param("max_chains", lw_max_chains, 64, 1U << 20);
	if (ret)
		return ret;
	if (!is_power_of_2(lw_max_chains)) {
		pr_err("max_chains=%u is not a power of two\n", lw_max_chains);
		return -EINVAL;
	}

	lw_max_rreads = lw_max_edges / LW_RREADS_PER_EDGES;
	lw_graph_mem = vzalloc(lw_graph_mem_size(lw_max_classes, lw_max_edges));
	lw_rreads_mem = vzalloc(lw_rreads_mem_size(lw_max_classes, lw_max_rreads));
	lw_rread_stack_mem = vzalloc(lw_stack_pool_mem_size(lw_max_rreads));
	lw_ring_mem = vzalloc(lw_ring_mem_size(lw_max_findings));
	lw_chains_mem = vzalloc(lw_chains_mem_size(lw_max_chains));
	lw_held_mem = vzalloc(lw_held_mem_size());
	lw_stack_mem = vzalloc(lw_stack_pool_mem_size(lw_max_edges));
	lw_class_mem = vzalloc(lw_class_mem_size());
	lw_known_mem = vzalloc(lw_knowns_mem_size(lw_max_known()));
	if (!lw_graph_mem || !lw_ring_mem || !lw_chains_mem || !lw_held_mem || !lw_stack_mem ||
	    !lw_class_mem || !lw_rreads_mem || !lw_rread_stack_mem || !lw_known_mem) {
		lw_core_free();
		return -ENOMEM;
	}
	lw_graph_init(&lw_engine.graph, lw_graph_mem, lw_max_classes, lw_max_edges);
	lw_rreads_init(&lw_engine.rreads, lw_rreads_mem, lw_max_classes, lw_max_rreads);
	lw_graph_attach_rreads(&lw_engine.graph, &lw_engine.rreads);
	lw_ring_init(&lw_engine.ring, lw_ring_mem, lw_max_findings);
	lw_chains_init(&lw_engine.chains, lw_chains_mem, lw_max_chains);
	lw_knowns_init(&lw_engine.knowns, lw_known_mem, lw_max_known());
	lw_stack_pool_init(&lw_engine.stacks, lw_stack_mem, lw_max_edges);
	lw_stack_pool_init(&lw_engine.rread_stacks, lw_rread_stack_mem, lw_max_rreads);
	lw_held_init(lw_held_mem);
	lw_class_table_init(lw_class_mem);
	return 0;
}

/**
 * lw_core_live() - every layer is set up: let the on/off switch act
 *
 * Applies the enabled parameter given at load.
 */
void lw_core_live(void)
{
	lw_live = true;
	if (!lw_enabled) {
		lw_switch(true, false);
		static_branch_disable(&lockwarden_enabled);
	}
}

/**
 * lw_core_exit() - free the pools; no lock path runs any more
 */
void lw_core_exit(void)
{
	lw_class_table_init(NULL);
	lw_alloc_free();
	lw_stack_pool_init(&lw_engine.stacks, NULL, 0);
	lw_stack_pool_init(&lw_engine.rread_stacks, NULL, 0);
	lw_core_free();
}
