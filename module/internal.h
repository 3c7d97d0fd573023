/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden's private contract between the files of lockwarden.ko and its
 * KUnit suites. Not for drivers: they include <lockwarden/lockwarden.h>.
 */
#ifndef _LW_INTERNAL_H
#define _LW_INTERNAL_H

#ifndef pr_fmt
#define pr_fmt(fmt) "lockwarden: " fmt
#endif

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/jump_label.h>
#include <linux/log2.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <lockwarden/lockwarden.h>

#include "engine/engine.h"

struct dentry;

/* Locks one context may hold at once, as lockdep's MAX_LOCK_DEPTH. */
#define LW_MAX_DEPTH		48

/* === Engine state (main.c) === */

/*
 * The engine lock is an arch spinlock taken with interrupts off: neither
 * lockdep nor lockwarden itself watches it, so checking never recurses into
 * itself. A per-CPU flag refuses re-entry (from NMI, say) instead of
 * deadlocking.
 */
struct lw_engine {
	arch_spinlock_t lock;
	struct lw_graph graph;		/* under lock */
	struct lw_ring ring;		/* under lock */
	struct lw_chains chains;	/* under lock */
	u32 max_classes;
	u32 nr_classes;			/* under lock */
	u64 filtered;			/* findings dropped by a filter; under lock */
	unsigned int gen;		/* checking generation; written under lock */
};

extern struct lw_engine lw_engine;

bool lw_engine_lock(unsigned long *flags);
void lw_engine_unlock(unsigned long flags);
void lw_set_enabled(bool on);

/* === Counters (main.c), shown in debugfs stats === */

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

/* Pool sizes, fixed at load by module parameters. */
extern unsigned int lw_max_classes, lw_max_edges, lw_max_findings, lw_max_tasks;
extern unsigned int lw_max_chains;

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

lw_id_t lw_class_id(struct lw_class *class, unsigned int subclass);
struct lw_class *lw_class_get(lw_id_t id);
unsigned int lw_class_subclass(lw_id_t id);
unsigned long lw_class_mark_usage(lw_id_t id, enum lw_usage bit, unsigned long ip,
				  enum lw_usage *other);
void lw_class_reset_usage(void);
u8 lw_class_usage(lw_id_t id);
int lw_class_init(void);
void lw_class_exit(void);

/* === Held-lock stacks (held.c) === */

/* How a held lock was acquired (struct lw_held_lock.flags). */
#define LW_ACQ_TRY		BIT(0)	/* by a successful trylock: no order learned */
#define LW_ACQ_READ		BIT(1)	/* shared */
#define LW_ACQ_RREAD		BIT(2)	/* shared, may recurse (rwlock_t: see fast.h) */
#define LW_ACQ_SLEEPS		BIT(3)	/* a sleeping lock: mutex, rw_semaphore */

/*
 * The context an acquisition ran in (struct lw_held_lock.ctx). Part of the
 * chain key, as lockdep keys irq context into its chains: a cached chain
 * then also vouches for the checks that depend on the context (sleeping in
 * atomic context, interrupt usage).
 */
#define LW_IN_HARDIRQ		BIT(0)	/* in hardirq context */
#define LW_IN_SOFTIRQ		BIT(1)	/* serving a softirq */
#define LW_IRQS_ON		BIT(2)	/* hardirqs enabled */
#define LW_BH_ON		BIT(3)	/* bottom halves enabled */
#define LW_ATOMIC		BIT(4)	/* may not sleep */

struct lw_held_lock {
	struct lw_dep_map *dep;
	unsigned long ip;
	lw_chain_key_t chain_key;	/* key of the chain up to this entry */
	lw_id_t class;
	u8 flags;			/* LW_ACQ_* */
	u8 ctx;				/* LW_IN_* and the others above */
};

/* The bits of an entry's flags that its chain key covers (with all of ctx). */
#define LW_ACQ_KEYED		(LW_ACQ_TRY | LW_ACQ_READ | LW_ACQ_RREAD | LW_ACQ_SLEEPS)

/* Contexts whose held locks are kept apart. */
enum lw_ctx {
	LW_CTX_TASK,
	LW_CTX_SOFTIRQ,
	LW_CTX_HARDIRQ,
};

/* Updates other contexts ask of a stack, applied by its owner (held.c). */
#define LW_HELD_REQS		4

struct lw_held_req {
	const struct lw_dep_map *dep;	/* drop the topmost entry of this lock */
	lw_id_t class;			/* or else every entry of this class */
};

/*
 * The locks one context holds, in acquisition order: a task's (claimed from
 * a pool) or one CPU's softirq or hardirq context (one each per CPU).
 *
 * Only the owning context changes @depth and @locks, without the engine
 * lock; others read them (a racy snapshot) and, under the engine lock, ask
 * for changes through @req and a @gen of 0, which sends the owner to its
 * slow path to apply them.
 */
struct lw_held_stack {
	struct task_struct *task;	/* LW_CTX_TASK: NULL while free */
	pid_t pid;
	enum lw_ctx ctx;
	unsigned int cpu;
	unsigned int gen;		/* generation; 0: requests pending */
	unsigned int req_gen;		/* generation the requests belong to */
	unsigned int nr_req;
	bool req_overflow;		/* requests lost: drop every entry */
	struct lw_held_req req[LW_HELD_REQS];
	unsigned int depth;
	struct lw_held_lock locks[LW_MAX_DEPTH];
};

extern struct lw_held_stack *lw_stacks;

/*
 * When each held-lock entry's lock was acquired (lw_now_ns()): LW_MAX_DEPTH
 * stamps per stack of lw_stacks, stamped only while lw_timing is on
 * (lockstat.c); NULL until it is first switched on. Kept apart from the
 * stacks so that the fast path's entries and stacks keep their size.
 */
extern u64 *lw_hold_stamps;

/* The stamps of @s's entries, or NULL. Owner only. */
static inline u64 *lw_held_stamps(const struct lw_held_stack *s)
{
	u64 *stamps = READ_ONCE(lw_hold_stamps);

	return stamps ? &stamps[(s - lw_stacks) * LW_MAX_DEPTH] : NULL;
}

size_t lw_held_mem_size(void);
void lw_held_init(void *mem);
struct lw_held_stack *lw_held_current(bool create);
struct lw_held_lock *lw_held_entry(struct lw_held_stack *s, const struct lw_dep_map *dep);
bool lw_held_drop_below(struct lw_held_stack *s, const struct lw_dep_map *dep);
void lw_held_rekey(struct lw_held_stack *s, unsigned int from);
struct lw_held_stack *lw_held_find_holder(const struct lw_dep_map *dep);
void lw_held_post_release(struct lw_held_stack *s, const struct lw_dep_map *dep);
struct lw_held_lock *lw_held_find_range(const void *mem, size_t size);
void lw_held_forget_class(lw_id_t id);
bool lw_held_any_of_class(lw_id_t id, unsigned long *ip);

/* A copy of one context's held locks, for debugfs (lw_held_snapshot()). */
struct lw_held_snap {
	pid_t pid;			/* 0 for an interrupt context */
	char comm[TASK_COMM_LEN];	/* "-" for an interrupt context */
	enum lw_ctx ctx;
	unsigned int cpu;
	unsigned int depth;		/* entries copied */
	struct {
		char cls[LW_NAME_LEN];
		u8 flags;		/* LW_ACQ_* */
		unsigned long ip;
	} locks[LW_MAX_DEPTH];
};

unsigned int lw_held_nr_stacks(void);
void lw_held_snapshot(unsigned int t, struct lw_held_snap *out);

/* === Checks shared by every lock type (acquire.c) === */

/*
 * What one check leaves to do once the engine lock is dropped: print the
 * findings it created (by serial), and fail the KUnit test whose task raised
 * findings it did not expect (new ones or repeats: by serial and kind).
 */
struct lw_pending {
	unsigned int nr;
	u32 serial[4];
	unsigned int nr_fail;
	struct {
		u32 serial;		/* 0: not stored (a ring of size 0) */
		enum lw_kind kind;
	} fail[4];
};

void lw_raise(struct lw_pending *pending, struct lw_finding_in *in);
void lw_flush(const struct lw_pending *pending);
/* The lock type that embeds a struct lw_dep_map (its member type). */
enum lw_lock_type {
	LW_LOCK_MUTEX,
	LW_LOCK_SPINLOCK,
	LW_LOCK_RWLOCK,
	LW_LOCK_RWSEM,
};

void lw_dep_init(struct lw_dep_map *dep, struct lw_class *class, enum lw_lock_type type);
void lw_acquire_slow(struct lw_dep_map *dep, unsigned int flags,
		     unsigned int subclass, unsigned int ctx, unsigned long ip);
void lw_acquire_failed(struct lw_dep_map *dep);
bool lw_release_slow(struct lw_dep_map *dep, unsigned long ip);
void lw_downgrade(struct lw_dep_map *dep);
void lw_check_destroy(struct lw_dep_map *dep, unsigned long ip);

/* === Owned objects (owned.c) === */

/*
 * rank[1] of an owned-object finding: the LW_CTX_* of the context the object
 * is with (rank[0] is its pid, or the CPU of an interrupt context), or of its
 * giver with this bit set while the object is in transit.
 */
#define LW_OWNED_IN_TRANSIT	BIT(8)

/* === Saved stacks (stacks.c) === */

unsigned int lw_stack_save(unsigned long *buf, unsigned int size);
void lw_stack_edge_save(u32 e);
const unsigned long *lw_stack_edge(u32 e, unsigned int *nr);
size_t lw_stack_mem_size(void);
void lw_stack_init(void *mem);

/* === Settings and the control file (control.c) === */

/* What a new finding does on the console (the mode parameter and verb). */
enum lw_mode {
	LW_MODE_REPORT,		/* print it, rate-limited */
	LW_MODE_WARN,		/* print it, then WARN with the raiser's stack */
	LW_MODE_PANIC,		/* print it, then panic */
	LW_MODE_SILENT,		/* nothing: debugfs only */
	LW_MODE_COUNT,
};

extern int lw_mode;

enum lw_control_arg {
	LW_ARG_NONE,		/* "verb" */
	LW_ARG_REQUIRED,	/* "verb=ARG" */
	LW_ARG_OPTIONAL,	/* either */
};

/*
 * A verb of the control file: "name" or "name=ARG" as @arg allows. @set
 * applies it (ARG or NULL) in process context, may sleep, and returns 0 or
 * a negative errno after a one-line rate-limited message. @show, if set,
 * prints the setting as "name=value" lines. Verbs are serialised.
 */
struct lw_control_verb {
	const char *name;
	enum lw_control_arg arg;
	int (*set)(const char *arg);
	void (*show)(struct seq_file *seq);
	struct list_head node;
};

void lw_control_register(struct lw_control_verb *verbs, unsigned int nr);
void lw_control_init(struct dentry *dir);

/* === The class filter (filter.c) === */

/* Class filters kept at once. */
#define LW_FILTERS		16

int lw_filter_add(const char *arg);
int lw_filter_remove(const char *arg);
int lw_filter_clear(void);
void lw_filter_show(struct seq_file *seq);
bool lw_filter_hides(const struct lw_finding_in *in);

/* === Lock statistics and hold-time budgets (lockstat.c) === */

/*
 * On while lockstat is on or any hold-time budget is set: the lock hooks
 * then try the lock first, time the wait and stamp the held-lock entry.
 * Off, a hook costs this one static branch more.
 */
DECLARE_STATIC_KEY_FALSE(lw_timing);

struct dentry;

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

bool lw_lockstat_enabled(void);
u64 lw_wait_start(void);
void lw_timed_acquired(struct lw_dep_map *dep, unsigned int subclass, u64 wait_start);
void lw_timed_release(struct lw_dep_map *dep, unsigned long ip);
u64 lw_lockstat_acquired(lw_id_t id);
void lw_lockstat_class_added(lw_id_t id, const struct lw_class *class);
void lw_lockstat_forget(lw_id_t id);
int lw_lockstat_init(void);
void lw_lockstat_exit(void);
void lw_lockstat_debugfs_init(struct dentry *dir);
/* === Poisoning and the task-exit hook (poison.c, exit.c) === */

void lw_poison_dep(struct lw_dep_map *dep, unsigned long ip);
int lw_exit_hook_init(void);
void lw_exit_hook_exit(void);

/* === Reports (report.c) === */

/* Room for any title: the prefix, a kind name and two site functions. */
#define LW_TITLE_LEN		(64 + 2 * LW_SITE_LEN)

void lw_report_console(u32 serial);
void lw_format_title(char *buf, size_t len, const struct lw_finding *f);
void lw_print_finding(struct seq_file *seq, const struct lw_finding *f);
int lw_findings_show_each(struct seq_file *seq,
			  void (*show)(struct seq_file *seq, const struct lw_finding *f));
void lw_findings_debugfs_init(struct dentry *dir);

/* === The other debugfs files: json.c, dump.c, stats.c === */

void lw_json_debugfs_init(struct dentry *dir);
void lw_dump_debugfs_init(struct dentry *dir);
void lw_stats_debugfs_init(struct dentry *dir);

/* === KUnit integration (kunit.c, kunit_watch.c) === */

#ifdef LW_HAVE_KUNIT
struct kunit;

/* Tests that may watch at once: KUnit runs one test per loading module. */
#define LW_KUNIT_WATCHES	16

/* One test's watch. @test is NULL while the slot is free. */
struct lw_kunit_watch {
	struct kunit *test;
	DECLARE_BITMAP(expected, LW_KIND_COUNT);
	u32 seen[LW_KIND_COUNT];	/* occurrences since the watch began, anywhere */
};

extern struct lw_kunit_watch lw_kunit_watches[LW_KUNIT_WATCHES];

struct lw_kunit_watch *lw_kunit_find(const struct kunit *test);
bool lw_kunit_raised(enum lw_kind kind);
void lw_kunit_fail(u32 serial, enum lw_kind kind);
#else
static inline bool lw_kunit_raised(enum lw_kind kind)
{
	return false;
}

static inline void lw_kunit_fail(u32 serial, enum lw_kind kind)
{
}
#endif

/* === DebugFS (debugfs.c) === */

void lw_debugfs_init(void);
void lw_debugfs_exit(void);

/* === For lockwarden_kunit.ko (exported in the LOCKWARDEN namespace) === */

void lockwarden_reset(void);
u32 lockwarden_findings_count(void);
unsigned long lockwarden_stat_read(enum lw_stat s);
bool lockwarden_finding_get(u32 i, struct lw_finding *out);
int lockwarden_control(const char *verb);
void lockwarden_lockstat_reset(void);
bool lockwarden_lockstat_read(struct lw_class *class, unsigned int subclass,
			      struct lw_lockstat *out);

#endif /* _LW_INTERNAL_H */
