// SPDX-License-Identifier: GPL-2.0
/*
 * lw_torture's owned objects: made by short-lived kthreads (and now and
 * then by workers), moved through lw_chan channels between the workers,
 * the timers, the tasklet, irq_work and the hrtimers, each move a give and
 * a take, and freed by a worker that owns them.
 */
#define pr_fmt(fmt) "lw_torture: " fmt

#include <linux/cpumask.h>
#include <linux/hardirq.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include "lw_torture.h"

/*
 * At most this many objects live at once, and every channel holds as many:
 * a send never finds a channel full, so no context ever has to keep an
 * object it cannot pass on.
 */
#define LW_TT_MAX_OBJS	48

/**
 * struct lw_tt_obj - an owned object
 * @own: its ownership state
 * @id: its number
 * @hops: moves so far, counted by each owner
 * @check: a function of @id and @hops, which only the owner updates
 */
struct lw_tt_obj {
	struct lw_owned own;
	u32 id;
	u32 hops;
	u64 check;
};

/**
 * struct lw_tt_chan - a channel and its storage; one consumer context
 * @chan: the channel
 * @slots: its storage
 */
struct lw_tt_chan {
	struct lw_chan chan;
	struct lw_owned *slots[LW_TT_MAX_OBJS];
};

/*
 * The channels: one per worker, then per CPU one for its timer, its
 * irq_work and its hrtimer, then the tasklet's.
 */
enum { LW_TT_CHAN_TIMER, LW_TT_CHAN_IRQ_WORK, LW_TT_CHAN_HRTIMER, LW_TT_CHANS_PER_CPU };

static struct lw_tt_chan *lw_tt_chans;
static unsigned int lw_tt_nchans, lw_tt_chan_workers;
/* The channels that have a consumer: those of the online CPUs' sources. */
static unsigned int *lw_tt_dests, lw_tt_ndests;
static atomic_t lw_tt_live = ATOMIC_INIT(0);
static atomic_t lw_tt_next_id = ATOMIC_INIT(0);

static u64 lw_tt_obj_check(u32 id, u32 hops)
{
	return ((u64)id << 32 | hops) * 0x9e3779b97f4a7c15ULL;
}

/**
 * lw_tt_owned_chan_of() - the channel an interrupt context consumes
 * @where: LW_TT_TIMER, LW_TT_IRQ_WORK, LW_TT_HRTIMER or LW_TT_TASKLET
 * @cpu: the CPU of a per-CPU source
 *
 * Return: the channel's index.
 */
unsigned int lw_tt_owned_chan_of(enum lw_tt_where where, int cpu)
{
	unsigned int base = lw_tt_chan_workers + cpu * LW_TT_CHANS_PER_CPU;

	switch (where) {
	case LW_TT_TIMER:
		return base + LW_TT_CHAN_TIMER;
	case LW_TT_IRQ_WORK:
		return base + LW_TT_CHAN_IRQ_WORK;
	case LW_TT_HRTIMER:
		return base + LW_TT_CHAN_HRTIMER;
	default:
		return lw_tt_nchans - 1;
	}
}

static_assert(LW_TTC_OWNED_SEND_HARDIRQ - LW_TTC_OWNED_SEND_TASK == 2);
static_assert(LW_TTC_OWNED_RECV_HARDIRQ - LW_TTC_OWNED_RECV_TASK == 2);

/* Of the task, softirq and hardirq counters from @task on, this context's. */
static enum lw_tt_counter lw_tt_ctx_counter(enum lw_tt_counter task)
{
	if (in_hardirq())
		return task + 2;
	if (in_serving_softirq())
		return task + 1;
	return task;
}

/* Give @o to a random channel but @from (the sender's own), and wake its consumer. */
static void lw_tt_send(struct lw_tt_ctx *c, struct lw_tt_obj *o, unsigned int from)
{
	unsigned int to;
	int cpu;

	do {
		to = lw_tt_dests[lw_tt_below(c, lw_tt_ndests)];
	} while (to == from);
	if (lw_chan_send(&lw_tt_chans[to].chan, &o->own)) {
		/* Impossible by construction; the object is still ours. */
		pr_err("TORTURE: channel %u full\n", to);
		lw_tt_count(LW_TTC_ERR_TORTURE);
		lw_owned_destroy(&o->own);
		kfree(o);
		atomic_dec(&lw_tt_live);
		return;
	}
	lw_tt_count(lw_tt_ctx_counter(LW_TTC_OWNED_SEND_TASK));
	if (to == lw_tt_nchans - 1) {
		lw_tt_kick_tasklet();
	} else if (to >= lw_tt_chan_workers) {
		cpu = (to - lw_tt_chan_workers) / LW_TT_CHANS_PER_CPU;
		if ((to - lw_tt_chan_workers) % LW_TT_CHANS_PER_CPU == LW_TT_CHAN_IRQ_WORK)
			lw_tt_kick_irq_work(cpu);
	}
}

/* Take the oldest object of channel @from, checked; NULL if it is empty. */
static struct lw_tt_obj *lw_tt_recv(struct lw_tt_ctx *c, unsigned int from)
{
	struct lw_tt_obj *o;
	char who[24];

	o = lw_chan_recv_entry(&lw_tt_chans[from].chan, struct lw_tt_obj, own);
	if (!o)
		return NULL;
	lw_tt_count(lw_tt_ctx_counter(LW_TTC_OWNED_RECV_TASK));
	if (lw_owned_get(&o->own, o)->check != lw_tt_obj_check(o->id, o->hops)) {
		snprintf(who, sizeof(who), "%s %d", lw_tt_where_name(c->where), c->id);
		pr_err("OWNED: %s received object %u changed by someone else (hops %u)\n", who,
		       o->id, o->hops);
		lw_tt_count(LW_TTC_ERR_OWNED);
	}
	o->hops++;
	o->check = lw_tt_obj_check(o->id, o->hops);
	return o;
}

/**
 * lw_tt_owned_create() - make an owned object and send it to a worker
 * @c: the creating context (a task)
 * @worker: the worker whose channel gets it
 */
void lw_tt_owned_create(struct lw_tt_ctx *c, unsigned int worker)
{
	struct lw_tt_obj *o;

	if (atomic_inc_return(&lw_tt_live) > LW_TT_MAX_OBJS) {
		atomic_dec(&lw_tt_live);
		return;
	}
	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o) {
		atomic_dec(&lw_tt_live);
		return;
	}
	lw_owned_init(&o->own);
	o->id = atomic_inc_return(&lw_tt_next_id);
	o->check = lw_tt_obj_check(o->id, 0);
	lw_tt_count(LW_TTC_OWNED_INIT);
	if (lw_chan_send(&lw_tt_chans[worker % lw_tt_chan_workers].chan, &o->own)) {
		lw_tt_count(LW_TTC_ERR_TORTURE);
		lw_owned_destroy(&o->own);
		kfree(o);
		atomic_dec(&lw_tt_live);
		return;
	}
	lw_tt_count(LW_TTC_OWNED_SEND_TASK);
}

/**
 * lw_tt_owned_worker() - a worker's share: receive, check, pass on or free
 * @c: the worker's context
 * @worker: its number, which is its channel's
 */
void lw_tt_owned_worker(struct lw_tt_ctx *c, unsigned int worker)
{
	struct lw_tt_obj *o;
	unsigned int i;

	for (i = 0; i < 4 && (o = lw_tt_recv(c, worker)); i++) {
		if (atomic_read(&lw_tt_live) > LW_TT_MAX_OBJS / 2 && !lw_tt_below(c, 4)) {
			lw_owned_destroy(&o->own);
			kfree(o);
			atomic_dec(&lw_tt_live);
			lw_tt_count(LW_TTC_OWNED_DESTROY);
			continue;
		}
		lw_tt_send(c, o, worker);
	}
	if (!lw_tt_below(c, 64))
		lw_tt_owned_create(c, worker + 1);
}

/**
 * lw_tt_owned_irq() - an interrupt context's share: receive and pass on
 * @c: its context
 * @chan: the channel it consumes
 *
 * Not in hardirq context on PREEMPT_RT: a channel's lock is a spinlock_t,
 * which sleeps there; those channels are no destination either
 * (lw_tt_owned_init()).
 */
void lw_tt_owned_irq(struct lw_tt_ctx *c, unsigned int chan)
{
	struct lw_tt_obj *o;
	unsigned int i;

	if (IS_ENABLED(CONFIG_PREEMPT_RT) && in_hardirq())
		return;
	for (i = 0; i < 4 && (o = lw_tt_recv(c, chan)); i++)
		lw_tt_send(c, o, chan);
}

/**
 * lw_tt_owned_drain() - after every context stopped, free what is in transit
 *
 * Return: objects alive but in no channel (lost), which must be 0.
 */
unsigned int lw_tt_owned_drain(void)
{
	struct lw_tt_ctx c;
	struct lw_tt_obj *o;
	unsigned int i;

	lw_tt_ctx_init(&c, LW_TT_WORKER, -1);
	for (i = 0; i < lw_tt_nchans; i++) {
		while ((o = lw_tt_recv(&c, i))) {
			lw_owned_destroy(&o->own);
			kfree(o);
			atomic_dec(&lw_tt_live);
			lw_tt_count(LW_TTC_OWNED_DESTROY);
		}
	}
	return atomic_read(&lw_tt_live);
}

/**
 * lw_tt_owned_init() - make the channels
 * @nworkers: one channel each; then three per possible CPU and one more
 *
 * Every channel of an online CPU is a destination of the moves, but on
 * PREEMPT_RT those of the hardirq sources (irq_work, hrtimer).
 *
 * Return: 0 or -ENOMEM.
 */
int lw_tt_owned_init(unsigned int nworkers)
{
	unsigned int i, k;
	int cpu;

	lw_tt_chan_workers = nworkers;
	lw_tt_nchans = nworkers + nr_cpu_ids * LW_TT_CHANS_PER_CPU + 1;
	lw_tt_chans = kcalloc(lw_tt_nchans, sizeof(*lw_tt_chans), GFP_KERNEL);
	lw_tt_dests = kcalloc(lw_tt_nchans, sizeof(*lw_tt_dests), GFP_KERNEL);
	if (!lw_tt_chans || !lw_tt_dests) {
		lw_tt_owned_exit();
		return -ENOMEM;
	}
	for (i = 0; i < lw_tt_nchans; i++)
		lw_chan_init(&lw_tt_chans[i].chan, lw_tt_chans[i].slots, LW_TT_MAX_OBJS);
	lw_tt_ndests = 0;
	for (i = 0; i < nworkers; i++)
		lw_tt_dests[lw_tt_ndests++] = i;
	for_each_online_cpu(cpu) {
		for (k = 0; k < LW_TT_CHANS_PER_CPU; k++) {
			/* On PREEMPT_RT the hardirq sources consume nothing. */
			if (IS_ENABLED(CONFIG_PREEMPT_RT) && k != LW_TT_CHAN_TIMER)
				continue;
			lw_tt_dests[lw_tt_ndests++] = nworkers + cpu * LW_TT_CHANS_PER_CPU + k;
		}
	}
	lw_tt_dests[lw_tt_ndests++] = lw_tt_nchans - 1;
	return 0;
}

/** lw_tt_owned_exit() - free the channels (drained) */
void lw_tt_owned_exit(void)
{
	kfree(lw_tt_dests);
	lw_tt_dests = NULL;
	kfree(lw_tt_chans);
	lw_tt_chans = NULL;
}
