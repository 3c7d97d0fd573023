/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_torture: the contract between the files of the torture module
 * (lw_torture_main.c: threads, interrupts, parameters, results;
 * lw_torture_nest.c: the lock classes and random nests; lw_torture_owned.c:
 * owned objects moved through channels).
 */
#ifndef _LW_TORTURE_H
#define _LW_TORTURE_H

#include <linux/bitmap.h>
#include <linux/types.h>
#include <lockwarden/lockwarden.h>

/*
 * Every counter the torture keeps: the operations by kind (each must run at
 * least once in a run), then events that may or may not happen, then the
 * errors (each must stay 0). lw_tt_counter_names[] names them as the stats
 * file prints them.
 */
enum lw_tt_counter {
	/* The operations, each counted when it took its lock (or ran). */
	LW_TTC_MUTEX_LOCK,
	LW_TTC_MUTEX_LOCK_INTERRUPTIBLE,
	LW_TTC_MUTEX_LOCK_KILLABLE,
	LW_TTC_MUTEX_TRYLOCK,
	LW_TTC_MUTEX_LOCK_NESTED,
	LW_TTC_MUTEX_LOCK_PAIR,
	LW_TTC_SPIN_LOCK,
	LW_TTC_SPIN_LOCK_BH,
	LW_TTC_SPIN_LOCK_IRQ,
	LW_TTC_SPIN_LOCK_IRQSAVE,
	LW_TTC_SPIN_LOCK_NESTED,
	LW_TTC_SPIN_LOCK_IRQSAVE_NESTED,
	LW_TTC_SPIN_TRYLOCK,
	LW_TTC_READ_LOCK,
	LW_TTC_READ_LOCK_BH,
	LW_TTC_READ_LOCK_IRQ,
	LW_TTC_READ_LOCK_IRQSAVE,
	LW_TTC_READ_TRYLOCK,
	LW_TTC_WRITE_LOCK,
	LW_TTC_WRITE_LOCK_BH,
	LW_TTC_WRITE_LOCK_IRQ,
	LW_TTC_WRITE_LOCK_IRQSAVE,
	LW_TTC_WRITE_LOCK_NESTED,
	LW_TTC_WRITE_TRYLOCK,
	LW_TTC_DOWN_READ,
	LW_TTC_DOWN_READ_NESTED,
	LW_TTC_DOWN_READ_TRYLOCK,
	LW_TTC_DOWN_WRITE,
	LW_TTC_DOWN_WRITE_NESTED,
	LW_TTC_DOWN_WRITE_TRYLOCK,
	LW_TTC_DOWNGRADE_WRITE,
	LW_TTC_MUTEX_LOCK_GUARDED,
	LW_TTC_MUTEX_LOCK_GUARDED_CHECK,
	LW_TTC_MUTEX_GUARD,
	LW_TTC_SPIN_LOCK_GUARDED,
	LW_TTC_SPIN_LOCK_GUARDED_CHECK,
	LW_TTC_SPIN_GUARD,
	LW_TTC_SPIN_GUARD_BH,
	LW_TTC_SPIN_GUARD_IRQ,
	LW_TTC_SPIN_GUARD_IRQSAVE,
	LW_TTC_READ_LOCK_GUARDED,
	LW_TTC_READ_LOCK_GUARDED_CHECK,
	LW_TTC_READ_GUARD,
	LW_TTC_READ_GUARD_BH,
	LW_TTC_READ_GUARD_IRQ,
	LW_TTC_READ_GUARD_IRQSAVE,
	LW_TTC_WRITE_LOCK_GUARDED,
	LW_TTC_WRITE_LOCK_GUARDED_CHECK,
	LW_TTC_WRITE_GUARD,
	LW_TTC_WRITE_GUARD_BH,
	LW_TTC_WRITE_GUARD_IRQ,
	LW_TTC_WRITE_GUARD_IRQSAVE,
	LW_TTC_DOWN_READ_GUARDED,
	LW_TTC_DOWN_READ_GUARDED_CHECK,
	LW_TTC_DOWN_READ_GUARD,
	LW_TTC_DOWN_WRITE_GUARDED,
	LW_TTC_DOWN_WRITE_GUARDED_CHECK,
	LW_TTC_DOWN_WRITE_GUARD,
	LW_TTC_GUARD_LW_MUTEX,
	LW_TTC_GUARD_LW_SPINLOCK,
	LW_TTC_GUARD_LW_READ_LOCK,
	LW_TTC_GUARD_LW_WRITE_LOCK,
	LW_TTC_GUARD_LW_RWSEM_READ,
	LW_TTC_GUARD_LW_RWSEM_WRITE,
	LW_TTC_GUARDED,
	LW_TTC_GUARDED_READ,
	LW_TTC_LOCKED_BY,
	LW_TTC_LOCKED_BY_READ,
	LW_TTC_GUARDED_RACY,
	LW_TTC_TRYLOCK_REVERSE,
	LW_TTC_OWNED_INIT,
	LW_TTC_OWNED_DESTROY,
	LW_TTC_OWNED_SEND_TASK,
	LW_TTC_OWNED_SEND_SOFTIRQ,
	LW_TTC_OWNED_SEND_HARDIRQ,
	LW_TTC_OWNED_RECV_TASK,
	LW_TTC_OWNED_RECV_SOFTIRQ,
	LW_TTC_OWNED_RECV_HARDIRQ,
	/* lw_torture_peer.ko's waits and events (it counts them here). */
	LW_TTC_CONDVAR_NOTIFY_ONE,
	LW_TTC_CONDVAR_NOTIFY_ALL,
	LW_TTC_CONDVAR_WAIT_TIMEOUT,
	LW_TTC_CONDVAR_WAIT_EVENT_TIMEOUT,
	LW_TTC_COMPLETE,
	LW_TTC_WAIT_FOR_COMPLETION_TIMEOUT,
	LW_TTC_NESTS_WORKER,
	LW_TTC_NESTS_SHORT_LIVED,
	LW_TTC_NESTS_PEER,
	LW_TTC_NESTS_TIMER,
	LW_TTC_NESTS_TASKLET,
	LW_TTC_NESTS_IRQ_WORK,
	LW_TTC_NESTS_HRTIMER,
	LW_TTC_THREADS_EXITED,
	/* Events that may or may not happen. */
	LW_TTC_TRYLOCK_BUSY,	/* a trylock found the lock taken */
	LW_TTC_LOCK_INTERRUPTED,	/* killable/interruptible: -EINTR */
	LW_TTC_THREADS_KILLED,	/* SIGKILL sent to a short-lived kthread */
	LW_TTC_VERBS,	/* control verbs the guest script wrote */
	LW_TTC_INJECTED,	/* the inverted pair, taken */
	LW_TTC_IRQ_NESTS_SKIPPED,	/* interrupt work skipped: over its share of a CPU */
	/* Errors: each must stay 0. */
	LW_TTC_ERR_NOT_TAKEN,	/* a lock call returned, the kernel lock not held */
	LW_TTC_ERR_UNLOCK_SKIPPED,	/* an unlock did not reach the kernel */
	LW_TTC_ERR_EXCLUSION,	/* two holders where the lock allows one */
	LW_TTC_ERR_DATA,	/* guarded data seen torn */
	LW_TTC_ERR_POISONED,	/* a _check lock reported poison */
	LW_TTC_ERR_OWNED,	/* an owned object changed off its owner */
	LW_TTC_ERR_STALL,	/* a context made no progress */
	LW_TTC_ERR_LEFT_HELD,	/* a lock held after every holder stopped */
	LW_TTC_ERR_TORTURE,	/* the torture's own invariant broken */
	LW_TTC_COUNT,
};

/* The operations are the counters before the first event; errors the last. */
#define LW_TTC_NR_OPS		LW_TTC_TRYLOCK_BUSY
#define LW_TTC_FIRST_ERROR	LW_TTC_ERR_NOT_TAKEN

extern const char *const lw_tt_counter_names[LW_TTC_COUNT];

void lw_tt_count(enum lw_tt_counter k);

/* Where a context runs: its nests' counter, and what it may take. */
enum lw_tt_where {
	LW_TT_WORKER,		/* kthread bound to a CPU, for the whole run */
	LW_TT_SHORT,		/* kthread that takes locks and exits */
	LW_TT_PEER,		/* a thread of lw_torture_peer.ko */
	LW_TT_TIMER,		/* timer_list: softirq (a thread on PREEMPT_RT) */
	LW_TT_TASKLET,		/* tasklet: softirq (a thread on PREEMPT_RT) */
	LW_TT_IRQ_WORK,		/* irq_work: hardirq (IRQ_WORK_HARD_IRQ) */
	LW_TT_HRTIMER,		/* hrtimer: hardirq (HRTIMER_MODE_*_HARD) */
};

/* Lock instances of all classes, numbered for the held bitmap. */
#define LW_TT_INSTANCES	3
#define LW_TT_NCLASSES	20
#define LW_TT_NLOCKS	(LW_TT_NCLASSES * LW_TT_INSTANCES)

struct lw_tt_lock;

/**
 * struct lw_tt_ctx - one context that takes nests of locks
 * @rng: its xorshift64 state
 * @where: what kind of context
 * @id: its number among those of its kind (a CPU for interrupt contexts)
 * @holds: locks it holds now
 * @held: which lock instances it holds now
 * @spinning: of its holds, those of a spinlock_t or rwlock_t
 * @irqs_off_holds: of those, the ones an _irq or _irqsave operation took
 *	(on PREEMPT_RT interrupts stay on in them, and these two say what a
 *	raised preempt count and interrupts off say elsewhere)
 * @stop_nesting: a lock call was interrupted: unwind, take no more
 * @max_pos: classes from this one in the order on are not taken
 * @leaf_fn: called once at the innermost point of the next nest, or NULL
 * @leaf_arg: its argument
 * @progress: nests completed (read by the stall monitor)
 * @wait_lock: the lock it is waiting for now, or NULL
 * @wait_op: the operation it waits in (enum lw_tt_counter)
 * @wait_since: jiffies when that wait began
 */
struct lw_tt_ctx {
	u64 rng;
	enum lw_tt_where where;
	int id;
	unsigned int holds;
	DECLARE_BITMAP(held, LW_TT_NLOCKS);
	unsigned int spinning;
	unsigned int irqs_off_holds;
	bool stop_nesting;
	unsigned int max_pos;
	void (*leaf_fn)(void *arg);
	void *leaf_arg;
	unsigned long progress;
	struct lw_tt_lock *wait_lock;
	int wait_op;
	unsigned long wait_since;
};

/* A uniformly random number below @n (n > 0), from @c's own generator. */
static inline u32 lw_tt_below(struct lw_tt_ctx *c, u32 n)
{
	u64 x = c->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	c->rng = x;
	return (u32)(((x >> 32) * n) >> 32);
}

void lw_tt_ctx_init(struct lw_tt_ctx *c, enum lw_tt_where where, int id);
const char *lw_tt_where_name(enum lw_tt_where where);

/* lw_torture_nest.c */
int lw_tt_locks_init(void);
void lw_tt_locks_exit(void);
void lw_tt_nest(struct lw_tt_ctx *c);
void lw_tt_nest_sleeping(struct lw_tt_ctx *c, void (*fn)(void *), void *arg);
void lw_tt_racy_reads(struct lw_tt_ctx *c);
void lw_tt_describe_wait(const struct lw_tt_ctx *c, const char *who);
unsigned int lw_tt_check_all_free(bool stuck);
void lw_tt_repair_leaked_reads(void);
void lw_tt_inject(void);

/* lw_torture_main.c: the control verbs the guest script announces. */
unsigned int lw_tt_verb_seq(void);
void lw_tt_print_verbs(unsigned int from, unsigned int to);
extern bool lw_tt_repair;
extern bool lw_tt_stopping;

/* lw_torture_owned.c */
int lw_tt_owned_init(unsigned int nworkers);
void lw_tt_owned_exit(void);
void lw_tt_owned_create(struct lw_tt_ctx *c, unsigned int worker);
void lw_tt_owned_worker(struct lw_tt_ctx *c, unsigned int worker);
void lw_tt_owned_irq(struct lw_tt_ctx *c, unsigned int chan);
unsigned int lw_tt_owned_drain(void);
unsigned int lw_tt_owned_chan_of(enum lw_tt_where where, int cpu);
void lw_tt_kick_irq_work(int cpu);
void lw_tt_kick_tasklet(void);

/* lw_torture_main.c, for lw_torture_peer.ko */
int lw_torture_peer_call(void (*fn)(void *arg), void *arg);

#endif /* _LW_TORTURE_H */
