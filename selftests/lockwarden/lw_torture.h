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
 * Every counter the torture keeps, in lw_torture_counters.h: the
 * operations by kind, then events that may or may not happen, then the
 * errors. lw_tt_counter_names[] names them as the stats file prints them.
 */
enum lw_tt_counter {
#define LW_TT_COUNTER(NAME, name)	LW_TTC_##NAME
#include "lw_torture_counters.h"
#undef LW_TT_COUNTER
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
