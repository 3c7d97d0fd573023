/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract of lockwarden's core, the layer above the engine: the engine
 * lock and state, the checking generation, the counters, the pools' sizes,
 * the class table, the held-lock stacks (held.h), saved stacks, per-class
 * statistics, and the copies it hands the outputs (snap.c). The core calls
 * only the engine; it never raises a finding.
 */
#ifndef _LW_CORE_H
#define _LW_CORE_H

#ifndef pr_fmt
#define pr_fmt(fmt) "lockwarden: " fmt
#endif

#include <linux/atomic.h>
#include <linux/jump_label.h>
#include <linux/log2.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <lockwarden/lockwarden.h>

#include "engine/engine.h"
#include "core/held.h"

/* === Pools (state.c): sizes fixed at load by module parameters === */

extern unsigned int lw_max_classes, lw_max_edges, lw_max_findings, lw_max_tasks;
extern unsigned int lw_max_chains;

/*
 * The recursive reads' dependencies kept (engine/rread.c): one slot for
 * every LW_RREADS_PER_EDGES of max_edges. They are rarer than the
 * learned edges; a full store counts as a full LW_POOL_EDGES.
 */
#define LW_RREADS_PER_EDGES	4
extern unsigned int lw_max_rreads;

/* === Engine state and lock (state.c) === */

/*
 * The engine lock is an arch spinlock taken with interrupts off: neither
 * lockdep nor lockwarden itself watches it, so checking never recurses into
 * itself. A per-CPU flag refuses re-entry (from NMI, say) instead of
 * deadlocking. Only the core and the layers between it and the outputs
 * (raise, checks) take it; the outputs get copies (snap.c).
 */
struct lw_engine {
	arch_spinlock_t lock;
	struct lw_graph graph;		/* under lock */
	struct lw_rreads rreads;	/* under lock; attached to the graph */
	struct lw_ring ring;		/* under lock */
	struct lw_chains chains;	/* under lock */
	/* Known findings of chains: written under lock, read without (fast.h). */
	struct lw_knowns knowns;
	struct lw_stack_pool stacks;	/* under lock */
	struct lw_stack_pool rread_stacks;	/* under lock: per kept recursive read */
	u32 max_classes;
	u32 nr_classes;			/* under lock */
	unsigned int gen;		/* checking generation; written under lock */
	/*
	 * A reset is under way, a part at a time (lockwarden_reset()): the
	 * graph, the chain cache and the interrupt usage are not to be used,
	 * so acquisitions are recorded but not checked until it ends.
	 */
	bool resetting;
	/*
	 * Checking was switched off and on again since load: a sleeping lock
	 * (mutex, rw_semaphore; on PREEMPT_RT spinlock_t and rwlock_t too) may
	 * be held by a task that took it while checking was off, with no
	 * record (a spinning lock's hold cannot outlast the switch-on:
	 * lw_set_enabled()).
	 */
	bool blind;
	/*
	 * Checking is off, or going off (lw_set_enabled()): the lock paths
	 * that still call in record and check nothing, and no stack is brought
	 * up to the generation (lw_held_current() finds none).
	 */
	bool paused;
	/*
	 * Checking is going on (lw_set_enabled()): holds are recorded, nothing
	 * is checked or raised, as some of a driver's lock sites call in and
	 * others not yet, and spinning locks taken while off may be held. Once
	 * @switch_armed, it ends with the RCU grace period @switch_gp.
	 */
	bool switching;
	bool switch_armed;
	unsigned long switch_gp;
};

extern struct lw_engine lw_engine;

bool lw_engine_lock(unsigned long *flags);
void lw_engine_unlock(unsigned long flags);
u64 lw_engine_max_ns(void);
void lw_engine_max_reset(void);
void lw_maint_lock(void);
void lw_maint_unlock(void);
void lw_chains_clear(void);
bool lw_batched(bool (*step)(void *arg, u32 *pos), void *arg);

/*
 * Work done under the engine lock, with interrupts off, at most per hold
 * by the operations that touch a whole table (a reset, a module unload):
 * edges, classes or chain slots per batch.
 */
#define LW_BATCH		1024
void lw_set_enabled(bool on);
int lw_core_init(void);
void lw_core_live(void);
void lw_core_exit(void);

/* === Counters (state.c), shown in debugfs stats === */

enum lw_stat {
	LW_STAT_ACQUIRED,		/* acquisitions checked under the engine lock */
	LW_STAT_RELEASED,		/* releases checked */
	LW_STAT_UNTRACKED,		/* operations on locks without a usable class */
	LW_STAT_CLASSES_FULL,		/* classes not registered: table full */
	LW_STAT_EDGES_FULL,		/* dependencies not learned: edge pool full */
	LW_STAT_STACKS_FULL,		/* contexts not tracked: no free held-lock stack */
	LW_STAT_STALE_STACKS,		/* stacks left by exited tasks, reclaimed */
	LW_STAT_LOST_REQUESTS,		/* held-stack updates from elsewhere that overflowed */
	LW_STAT_FAST_HITS,		/* acquisitions of a cached chain, engine lock not taken */
	LW_STAT_RECURSION,		/* checks skipped: engine re-entered */
	LW_STAT_FINDINGS,		/* findings raised, duplicates included */
	LW_STAT_SUPPRESSED,		/* console reports dropped by the rate limit */
	LW_STAT_FILTERED,		/* findings not stored: they name a filtered class */
	LW_STAT_RACY_READS,		/* guarded data read on purpose without its lock */
	LW_STAT_CHAINS_FULL,		/* chains not cached: cache neighbourhood full */
	LW_STAT_KUNIT_FULL,		/* KUnit tests not watched: every watch slot in use */
	LW_STAT_UNTRACKED_RELEASES,	/* releases of holds no stack records: unchecked */
	LW_STAT_INIT_SITES_FULL,	/* sites in module init code left unnamed (sites.c) */
	LW_STAT_RECUR_FAST,		/* recurrences of a known finding counted, no engine lock */
	LW_STAT_KNOWN_FULL,		/* findings of chains not remembered: table full there */
	LW_STAT_UNCHECKED,		/* acquisitions recorded, not checked: reset or switch-on */
	LW_STAT_COUNT,
};

extern const char *const lw_stat_names[LW_STAT_COUNT];
/* Per CPU, so counting costs no shared atomic in the lock paths. */
struct lw_stats {
	unsigned long count[LW_STAT_COUNT];
};

DECLARE_PER_CPU(struct lw_stats, lw_stats);

static inline void lw_stat_inc(enum lw_stat s)
{
	this_cpu_inc(lw_stats.count[s]);
}

unsigned long lw_stat_read(enum lw_stat s);

/*
 * The fixed pools. When one is full, checking goes on for what it still
 * covers: the event is counted (the pool's counter in stats) and, once per
 * load, a kernel message names the module parameter to raise and what is
 * no longer covered. The message is printed when the engine lock is next
 * dropped, never under it.
 */
enum lw_pool {
	LW_POOL_CLASSES,		/* max_classes */
	LW_POOL_EDGES,			/* max_edges (a stack each), max_edges / 4 rreads */
	LW_POOL_CHAINS,			/* max_chains */
	LW_POOL_FINDINGS,		/* max_findings */
	LW_POOL_TASKS,			/* max_tasks */
	LW_POOL_REQUESTS,		/* LW_HELD_REQS per held-lock stack */
	LW_POOL_KUNIT,			/* LW_KUNIT_WATCHES */
	LW_POOL_COUNT,
};

/* Tests that may watch at once (outputs/kunit.c): one per loading module. */
#define LW_KUNIT_WATCHES	16

void lw_pool_full(enum lw_pool pool);

/**
 * lw_max_known() - slots of the known-finding table (struct lw_knowns)
 *
 * Return: one per 8 of the chain cache's (max_chains), at least 64.
 */
static inline u32 lw_max_known(void)
{
	return max(64U, lw_max_chains / 8);
}

/**
 * lw_known_invalidate() - what an acquisition's checks conclude may change
 *
 * Every known finding of a chain goes stale: the next acquisition of each
 * is checked under the engine lock again. Called when a dependency is
 * learned, an interrupt usage marked, a class forgotten, the filter
 * changed, at a reset and at each step of a switch. Precondition: the
 * engine lock is held.
 */
static inline void lw_known_invalidate(void)
{
	lw_knowns_invalidate(&lw_engine.knowns);
}

/* === Classes (class.c) === */

/*
 * Interrupt usage of a class, as lockdep's lock usage bits: taken in hardirq
 * (softirq) context, and taken elsewhere with interrupts (bottom halves)
 * enabled; each for write (exclusive) holds and, LW_USAGE_READ higher, for
 * read holds. A class used in an interrupt and with it enabled can deadlock
 * against itself, unless both are reads: readers do not wait for readers
 * (lockdep's exclusive_bit() and its read-in-write check).
 */
enum lw_usage {
	LW_USED_IN_HARDIRQ,
	LW_ENABLED_HARDIRQ,
	LW_USED_IN_SOFTIRQ,
	LW_ENABLED_SOFTIRQ,
	LW_USED_IN_HARDIRQ_READ,
	LW_ENABLED_HARDIRQ_READ,
	LW_USED_IN_SOFTIRQ_READ,
	LW_ENABLED_SOFTIRQ_READ,
	LW_USAGE_COUNT,
};

#define LW_USAGE_READ		LW_USED_IN_HARDIRQ_READ	/* added for a read hold */

/* Masks of usage bits: the USED_IN ones, the ENABLED ones, the write ones. */
#define LW_USAGE_USED_IN	0x55U
#define LW_USAGE_ENABLED	0xaaU
#define LW_USAGE_WRITE		(BIT(LW_USAGE_READ) - 1)

/* Classes with a hold-time budget at once (the budget= control verb). */
#define LW_MAX_BUDGETS		16

lw_id_t lw_class_id(struct lw_class *class, unsigned int subclass);
struct lw_class *lw_class_get(lw_id_t id);
const char *lw_class_name(lw_id_t id);
const char *lw_class_name_of(const struct lw_class *class);
int lw_class_rank(lw_id_t id);
void lw_class_mark_event(lw_id_t id, u8 type);
u8 lw_class_is_event(lw_id_t id);
unsigned int lw_class_subclass(lw_id_t id);
u8 lw_class_usage(lw_id_t id);
unsigned long lw_class_usage_ip(lw_id_t id, enum lw_usage bit);
unsigned long lw_class_mark_usage(lw_id_t id, enum lw_usage bit, unsigned long ip,
				  enum lw_usage *other);
bool lw_class_reset_usage_step(u32 *pos, u32 budget);
void lw_class_set_going(lw_id_t id);
bool lw_class_going(lw_id_t id);
bool lw_class_going_held(lw_id_t id);
void lw_class_forget(lw_id_t id);
u32 lw_class_nr_dead(void);
bool lw_class_free_dead_step(u32 *pos, u32 budget);
u64 lw_class_budget_ns(lw_id_t id);
int lw_class_set_budget(const char *name, u64 ns);
unsigned int lw_class_budgets(char names[][LW_NAME_LEN], u64 *ns);
unsigned int lw_class_nr_budgets(void);
size_t lw_class_mem_size(void);
void lw_class_table_init(void *mem);

/* === Saved stacks (stacks.c) === */

unsigned int lw_stack_save(unsigned long *buf, unsigned int size);
void lw_stack_edge_save(u32 e);
const unsigned long *lw_stack_edge(u32 e, unsigned int *nr);
void lw_stack_rread_save(u32 d);
const unsigned long *lw_stack_rread(u32 d, unsigned int *nr);

/* === Per-class lock statistics (lockstat.c) === */

#define LW_HIST_BUCKETS		32	/* log2 buckets of hold time (debugfs.rst) */

/* One class's statistics, on one CPU or summed over them. */
struct lw_lockstat {
	u64 acquired;			/* acquisitions */
	u64 contended;			/* of them, the ones whose try failed */
	u64 wait_sum;			/* wait of the contended ones, ns */
	u64 wait_min;
	u64 wait_max;
	u64 holds;			/* holds timed: acquired and released while on */
	u64 hold_sum;			/* ns */
	u64 hold_min;
	u64 hold_max;
	u32 hist[LW_HIST_BUCKETS];	/* holds by lw_hist_bucket() */
};

/* The histogram bucket of a hold of @ns: ilog2(@ns), 0 for 0, at most 31. */
static inline unsigned int lw_hist_bucket(u64 ns)
{
	return ns ? min_t(unsigned int, ilog2(ns), LW_HIST_BUCKETS - 1) : 0;
}

/*
 * The statistics: lw_max_classes + 1 per possible CPU, CPU-major (the
 * slot of class id on CPU cpu is cpu * (lw_max_classes + 1) + id).
 * Allocated by lw_lockstat_alloc() when lockstat is first switched on.
 */
extern struct lw_lockstat *lw_ls;
/* Whether lockstat counts; set after lw_ls is allocated (lw_lockstat_set()). */
extern bool lw_lockstat_counting;

/**
 * lw_lockstat_enabled() - whether lockstat counts
 *
 * Inline: the lock paths ask at each acquisition and release.
 *
 * Return: true while lockstat is switched on.
 */
static inline bool lw_lockstat_enabled(void)
{
	/* Pairs with lw_lockstat_set(): lw_ls is allocated when this is seen set. */
	return smp_load_acquire(&lw_lockstat_counting);
}

/* The statistics of class @id on CPU @cpu in @ls (lw_ls). */
static inline struct lw_lockstat *lw_ls_slot(struct lw_lockstat *ls, unsigned int cpu, lw_id_t id)
{
	return &ls[(size_t)cpu * (lw_max_classes + 1) + id];
}

/**
 * lw_lockstat_acquired() - count an acquisition of class @id on this CPU
 * @id: the class id
 * @wait_start: when a blocking acquisition whose try failed began, or 0
 *	when it was not contended
 * @now: when it was acquired
 *
 * Only while lw_lockstat_enabled(). Inline: the lock paths' own.
 */
static inline void lw_lockstat_acquired(lw_id_t id, u64 wait_start, u64 now)
{
	struct lw_lockstat *st;
	unsigned long flags;
	u64 wait;

	local_irq_save(flags);
	st = lw_ls_slot(lw_ls, raw_smp_processor_id(), id);
	st->acquired++;
	if (wait_start) {
		/* A task that moved CPU may see a clock a little behind. */
		wait = now > wait_start ? now - wait_start : 0;
		if (!st->contended++ || wait < st->wait_min)
			st->wait_min = wait;
		st->wait_max = max(st->wait_max, wait);
		st->wait_sum += wait;
	}
	local_irq_restore(flags);
}

/**
 * lw_lockstat_held() - count a hold of class @id for @held ns on this CPU
 * @id: the class id
 * @held: the hold's length
 *
 * Only while lw_lockstat_enabled(). Inline: the lock paths' own.
 */
static inline void lw_lockstat_held(lw_id_t id, u64 held)
{
	struct lw_lockstat *st;
	unsigned long flags;

	local_irq_save(flags);
	st = lw_ls_slot(lw_ls, raw_smp_processor_id(), id);
	if (!st->holds++ || held < st->hold_min)
		st->hold_min = held;
	st->hold_max = max(st->hold_max, held);
	st->hold_sum += held;
	st->hist[lw_hist_bucket(held)]++;
	local_irq_restore(flags);
}

int lw_lockstat_set(bool on);
u64 lw_lockstat_acquisitions(lw_id_t id);
bool lw_lockstat_sum(lw_id_t id, struct lw_lockstat *sum);
void lw_lockstat_clear(void);
void lw_lockstat_forget(lw_id_t id);

/* === Memory allocated on first use (alloc.c) === */

int lw_lockstat_alloc(void);
size_t lw_lockstat_size(void);
int lw_held_stamps_alloc(void);
void lw_alloc_free(void);

/* === Copies for the outputs (snap.c) === */

/* The engine's figures for debugfs stats, read together. */
struct lw_figures {
	u64 classes;			/* registered */
	u64 edges;			/* dependencies learned */
	u64 chains;			/* validated chains cached */
	u64 chain_hits;			/* lookups under the engine lock that hit */
	u64 chain_misses;
	u64 known;			/* known findings of chains, of the current epoch */
	u64 known_max;			/* the table's slots */
	u64 findings;			/* distinct findings stored */
	u64 overwritten;		/* pushed out of the ring */
	u64 unsearched;			/* new dependencies in order: no search */
	u64 searches;			/* new dependencies against the order */
	u64 visits;			/* classes those searches reached */
	u64 switching;			/* 1 while checking is switching on: nothing checked */
};

/* A class as the tabular files show it. */
struct lw_class_snap {
	char name[LW_NAME_LEN];
	unsigned int subclass;
	u8 event;			/* an event class's type (lw_class_is_event()), 0: lock */
	int rank;
	u8 usage;			/* BIT(enum lw_usage) */
	u32 deps_out;
	u32 deps_in;
};

/*
 * A learned dependency as the graph file shows it. A site in module init
 * code has the name it was given when learned ("" for any other site).
 */
struct lw_edge_snap {
	struct lw_class_snap from;	/* name and subclass only */
	struct lw_class_snap to;	/* name and subclass only */
	bool from_excl;
	unsigned long from_ip;
	unsigned long to_ip;
	char from_site[LW_SITE_LEN];
	char to_site[LW_SITE_LEN];
};

/* A copy of one context's held locks, for debugfs (lw_held_snap()). */
struct lw_held_snap {
	pid_t pid;			/* 0 for an interrupt context */
	char comm[TASK_COMM_LEN];	/* "-" for an interrupt context */
	enum lw_ctx ctx;
	bool task;			/* a task's stack (of its softirq on PREEMPT_RT) */
	unsigned int cpu;		/* an interrupt context's CPU */
	unsigned int depth;		/* entries copied */
	struct {
		char cls[LW_NAME_LEN];
		unsigned int subclass;
		u8 flags;		/* LW_ACQ_* */
		unsigned long ip;
	} locks[LW_MAX_DEPTH];
};

void lw_snap_figures(struct lw_figures *out);
bool lw_snap_finding_serial(u32 serial, struct lw_finding *out);
bool lw_snap_class(lw_id_t id, struct lw_class_snap *out);
u32 lw_snap_class_after(lw_id_t id, u32 cursor, struct lw_class_snap *to);
bool lw_snap_edge(u32 e, struct lw_edge_snap *out);
void lw_held_snap(unsigned int t, struct lw_held_snap *out);

/* Sites in module init code, named when learned (sites.c). */
void lw_init_site_learned(unsigned long ip);
void lw_init_site_name(unsigned long ip, char *buf, size_t len);
int lw_init_sites_init(void);
void lw_init_sites_exit(void);

/* === For lockwarden_kunit.ko (exported in the LOCKWARDEN namespace) === */

void lockwarden_reset(void);
u32 lockwarden_findings_count(void);
unsigned long lockwarden_stat_read(enum lw_stat s);
bool lockwarden_finding_get(u32 i, struct lw_finding *out);
void lockwarden_lockstat_reset(void);
bool lockwarden_lockstat_read(struct lw_class *class, unsigned int subclass,
			      struct lw_lockstat *out);

#endif /* _LW_CORE_H */
