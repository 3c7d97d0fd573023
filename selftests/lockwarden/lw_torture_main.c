// SPDX-License-Identifier: GPL-2.0
/*
 * lw_torture.ko: a locktorture-style stress test of lockwarden. Kthreads on
 * every CPU, short-lived kthreads, timers, a tasklet, irq_work and hrtimers
 * take random nests of every lock type and flavour in one consistent order
 * and move owned objects between them, while the guest script writes
 * control verbs and reads debugfs; any finding is lockwarden's mistake.
 * Results in /sys/kernel/debug/lw_torture/stats; see
 * Documentation/testing.rst, "Torture".
 */
#define pr_fmt(fmt) "lw_torture: " fmt

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include "lw_torture.h"

/* === Parameters === */

static unsigned int workers;
module_param(workers, uint, 0444);
MODULE_PARM_DESC(workers, "Kthreads for the whole run, bound round-robin to the CPUs (0: two per online CPU)");

static unsigned int stall_secs = 20;
module_param(stall_secs, uint, 0444);
MODULE_PARM_DESC(stall_secs, "A worker without progress this long is reported stalled");

/*
 * Under QEMU TCG on a loaded host a nest in hardirq context can take a
 * millisecond: a shorter period starves everything else on the CPU.
 */
static unsigned int hrtimer_us = 4000;
module_param(hrtimer_us, uint, 0444);
MODULE_PARM_DESC(hrtimer_us, "Period of each CPU's hrtimer (hardirq nests), in microseconds");

static bool hardirq = true;
module_param(hardirq, bool, 0444);
MODULE_PARM_DESC(hardirq, "Nests in hardirq context (hrtimers, irq_work)");

static bool softirq = true;
module_param(softirq, bool, 0444);
MODULE_PARM_DESC(softirq, "Nests in softirq context (timers, tasklet)");

static unsigned int spawn_ms = 20;
module_param(spawn_ms, uint, 0444);
MODULE_PARM_DESC(spawn_ms, "Interval between two short-lived kthreads");

bool lw_tt_repair = true;
module_param_named(repair, lw_tt_repair, bool, 0444);
MODULE_PARM_DESC(repair, "Release a kernel lock whose release lockwarden did not pass on (and report it), so the run goes on");

/* === Counters === */

/* In enum lw_tt_counter's order: the same list. */
const char *const lw_tt_counter_names[] = {
#define LW_TT_COUNTER(NAME, name)	#name
#include "lw_torture_counters.h"
#undef LW_TT_COUNTER
};

static_assert(ARRAY_SIZE(lw_tt_counter_names) == LW_TTC_COUNT);

struct lw_tt_counts {
	unsigned long v[LW_TTC_COUNT];
};

static struct lw_tt_counts __percpu *lw_tt_counts;

/**
 * lw_tt_count() - count one event of a kind
 * @k: the counter
 *
 * Context: any.
 */
void lw_tt_count(enum lw_tt_counter k)
{
	this_cpu_inc(lw_tt_counts->v[k]);
}

/* lw_torture_peer.ko counts its waits and events. */
EXPORT_SYMBOL_GPL(lw_tt_count);

/* The sum of a counter over the CPUs: a racy read, as the counts go on. */
static unsigned long lw_tt_read(enum lw_tt_counter k)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		/* Racy on purpose: the other CPUs go on counting. */
		sum += data_race(per_cpu_ptr(lw_tt_counts, cpu)->v[k]);
	}
	return sum;
}

/*
 * The operations a kernel without linux/cleanup.h cannot run; and on
 * PREEMPT_RT the owned moves in hardirq context: a channel's lock is a
 * spinlock_t, which sleeps there (lw_tt_owned_irq()).
 */
static bool lw_tt_available(enum lw_tt_counter k)
{
#ifndef LW_HAVE_CLEANUP_H
	if (k >= LW_TTC_GUARD_LW_MUTEX && k <= LW_TTC_GUARD_LW_RWSEM_WRITE)
		return false;
#endif
	if (IS_ENABLED(CONFIG_PREEMPT_RT) &&
	    (k == LW_TTC_OWNED_SEND_HARDIRQ || k == LW_TTC_OWNED_RECV_HARDIRQ))
		return false;
	return true;
}

/* === Contexts === */

static const char *const lw_tt_where_names[] = {
	[LW_TT_WORKER] = "worker",
	[LW_TT_SHORT] = "short-lived",
	[LW_TT_PEER] = "peer",
	[LW_TT_TIMER] = "timer",
	[LW_TT_TASKLET] = "tasklet",
	[LW_TT_IRQ_WORK] = "irq_work",
	[LW_TT_HRTIMER] = "hrtimer",
};

/**
 * lw_tt_where_name() - the name of a kind of context, for reports
 * @where: the kind
 *
 * Return: a static string.
 */
const char *lw_tt_where_name(enum lw_tt_where where)
{
	return where < ARRAY_SIZE(lw_tt_where_names) ? lw_tt_where_names[where] : "?";
}

/**
 * lw_tt_ctx_init() - start a context with a random seed and nothing held
 * @c: the context
 * @where: its kind
 * @id: its number (a CPU for interrupt contexts)
 */
void lw_tt_ctx_init(struct lw_tt_ctx *c, enum lw_tt_where where, int id)
{
	memset(c, 0, sizeof(*c));
	c->rng = get_random_u64() | 1;
	c->where = where;
	c->id = id;
}

/**
 * struct lw_tt_worker - a kthread that runs for the whole torture
 * @ctx: its context
 * @task: the kthread
 * @done: completed when it leaves its loop
 * @last_progress: @ctx.progress when the stall monitor last saw it change
 * @last_change: jiffies then
 * @stalled: reported stalled already
 */
struct lw_tt_worker {
	struct lw_tt_ctx ctx;
	struct task_struct *task;
	struct completion done;
	unsigned long last_progress;
	unsigned long last_change;
	bool stalled;
};

/**
 * struct lw_tt_cpu - one CPU's interrupt sources and their contexts
 * @cpu: the CPU
 * @timer: a timer_list re-armed every jiffy (softirq)
 * @hrtimer: an hrtimer every hrtimer_us (hardirq, on PREEMPT_RT too:
 *	LW_TT_HRTIMER_MODE)
 * @irq_work: queued by the workers and the owned moves (hardirq, on
 *	PREEMPT_RT too: IRQ_WORK_HARD_IRQ there)
 * @timer_ctx: the timer's context
 * @hrtimer_ctx: the hrtimer's context
 * @irq_work_ctx: the irq_work's context
 * @quiet_until: ktime_get_ns() before which no interrupt nest runs here
 */
struct lw_tt_cpu {
	int cpu;
	u64 quiet_until;
	struct timer_list timer;
	struct hrtimer hrtimer;
	struct irq_work irq_work;
	struct lw_tt_ctx timer_ctx;
	struct lw_tt_ctx hrtimer_ctx;
	struct lw_tt_ctx irq_work_ctx;
};

bool lw_tt_stopping;
static unsigned int lw_tt_nworkers;
static struct lw_tt_worker *lw_tt_workers;
static struct lw_tt_cpu *lw_tt_cpus;
static struct tasklet_struct lw_tt_tasklet;
static struct lw_tt_ctx lw_tt_tasklet_ctx;
static struct task_struct *lw_tt_spawner, *lw_tt_monitor;
static bool lw_tt_inject_pending;
static bool lw_tt_paused;
/* The pause's end, the injection done, the stop: whoever waits for them. */
static DECLARE_WAIT_QUEUE_HEAD(lw_tt_ctl_wq);

/* Short-lived kthreads and peer calls under way, waited for by the stop. */
static atomic_t lw_tt_short_live = ATOMIC_INIT(0);
static atomic_t lw_tt_peer_active = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(lw_tt_quiet_wq);

static bool lw_tt_is_stopping(void)
{
	return READ_ONCE(lw_tt_stopping);
}

static bool lw_tt_is_paused(void)
{
	return READ_ONCE(lw_tt_paused);
}

/* === Control verbs, as the guest script announces them === */

#define LW_TT_VERB_LOG	64
#define LW_TT_VERB_LEN	40

static struct {
	unsigned int seq;
	char text[LW_TT_VERB_LEN];
} lw_tt_verb_log[LW_TT_VERB_LOG];
static unsigned int lw_tt_verbs_seen;
static DEFINE_RAW_SPINLOCK(lw_tt_verb_lock);

/**
 * lw_tt_verb_seq() - the number of control verbs announced so far
 *
 * Return: it; a hold taken at N and released at M > N was held across
 * verbs N + 1 to M.
 */
unsigned int lw_tt_verb_seq(void)
{
	return READ_ONCE(lw_tt_verbs_seen);
}

/**
 * lw_tt_print_verbs() - print the verbs announced after @from, up to @to
 * @from: a sequence number from lw_tt_verb_seq()
 * @to: a later one
 *
 * Context: any.
 */
void lw_tt_print_verbs(unsigned int from, unsigned int to)
{
	char buf[200];
	unsigned long flags;
	unsigned int s, n = 0;

	buf[0] = 0;
	raw_spin_lock_irqsave(&lw_tt_verb_lock, flags);
	for (s = from + 1; s != to + 1 && n < sizeof(buf) - LW_TT_VERB_LEN - 8; s++) {
		unsigned int i = s % LW_TT_VERB_LOG;

		if (lw_tt_verb_log[i].seq != s) {
			n += scnprintf(buf + n, sizeof(buf) - n, " #%u:?", s);
			continue;
		}
		n += scnprintf(buf + n, sizeof(buf) - n, " #%u:%s", s, lw_tt_verb_log[i].text);
	}
	raw_spin_unlock_irqrestore(&lw_tt_verb_lock, flags);
	pr_err("  verbs written while it was held:%s%s\n", buf, s != to + 1 ? " ..." : "");
}

static int lw_tt_verb_set(const char *val, const struct kernel_param *kp)
{
	size_t len = min_t(size_t, strcspn(val, "\n"), LW_TT_VERB_LEN - 1);
	unsigned long flags;
	unsigned int s, i;

	raw_spin_lock_irqsave(&lw_tt_verb_lock, flags);
	s = lw_tt_verbs_seen + 1;
	i = s % LW_TT_VERB_LOG;
	lw_tt_verb_log[i].seq = s;
	memcpy(lw_tt_verb_log[i].text, val, len);
	lw_tt_verb_log[i].text[len] = 0;
	WRITE_ONCE(lw_tt_verbs_seen, s);
	raw_spin_unlock_irqrestore(&lw_tt_verb_lock, flags);
	lw_tt_count(LW_TTC_VERBS);
	return 0;
}

static const struct kernel_param_ops lw_tt_verb_ops = {
	.set = lw_tt_verb_set,
};
module_param_cb(verb, &lw_tt_verb_ops, NULL, 0200);
MODULE_PARM_DESC(verb, "The guest script writes each control verb here just before it writes it to lockwarden's control file");

/* Worker nests the torture runs on for after the injection, 5 s at most. */
#define LW_TT_RUN_ON_NESTS	1000

/*
 * The write returns once worker 0 has injected the inversion (-ETIMEDOUT
 * if it did not within 120 s) and the workers have run on for
 * LW_TT_RUN_ON_NESTS nests: the guest script polls nothing, which costs it
 * seconds a look in a guest that the workers keep busy.
 */
static int lw_tt_inject_set(const char *val, const struct kernel_param *kp)
{
	unsigned long then;
	unsigned int i;
	long left;

	if (lw_tt_is_stopping())
		return -ESHUTDOWN;
	WRITE_ONCE(lw_tt_inject_pending, true);
	wake_up_all(&lw_tt_ctl_wq);
	left = wait_event_interruptible_timeout(lw_tt_ctl_wq,
						!READ_ONCE(lw_tt_inject_pending) ||
						lw_tt_is_stopping(), 120 * HZ);
	if (left <= 0)
		return left ? left : -ETIMEDOUT;
	then = lw_tt_read(LW_TTC_NESTS_WORKER);
	for (i = 0; i < 50 && lw_tt_read(LW_TTC_NESTS_WORKER) < then + LW_TT_RUN_ON_NESTS; i++)
		msleep(100);
	return 0;
}

static const struct kernel_param_ops lw_tt_inject_ops = {
	.set = lw_tt_inject_set,
};
module_param_cb(inject, &lw_tt_inject_ops, NULL, 0200);
MODULE_PARM_DESC(inject, "Write anything: worker 0 takes two classes the wrong way round, once (the stats count it as injected); returns once it did and the workers ran on for 1000 nests (5 s at most)");

static int lw_tt_pause_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	WRITE_ONCE(lw_tt_paused, on);
	wake_up_all(&lw_tt_ctl_wq);
	return 0;
}

static const struct kernel_param_ops lw_tt_pause_ops = {
	.set = lw_tt_pause_set,
};
module_param_cb(pause, &lw_tt_pause_ops, NULL, 0200);
MODULE_PARM_DESC(pause, "1: every context ends its nest and takes no more (worker 0 still injects); 0: on again");

/* === Interrupt sources === */

/*
 * Never queue anything once the stop began: it waits for what was queued.
 * irq_work_queue_on() is not exported on 6.1: a CPU's irq_work is queued
 * on that CPU only, by whoever runs there (its hrtimer does every tick).
 */
void lw_tt_kick_irq_work(int cpu)
{
	if (cpu == get_cpu() && hardirq && !lw_tt_is_stopping())
		irq_work_queue(&lw_tt_cpus[cpu].irq_work);
	put_cpu();
}

void lw_tt_kick_tasklet(void)
{
	if (softirq && !lw_tt_is_stopping())
		tasklet_schedule(&lw_tt_tasklet);
}

/*
 * The work of an interrupt source (a nest, then its share of the owned
 * moves), unless this CPU's interrupt work took more than a quarter of its
 * time lately. Under QEMU TCG that work can take milliseconds, and far more
 * while a static key is being switched (every lockwarden wrapper then
 * traps on its patch site): without a bound the interrupts starve the task
 * that switches the key, and the guest livelocks.
 */
static void lw_tt_irq_source(struct lw_tt_ctx *c, enum lw_tt_counter k, unsigned int chan)
{
	struct lw_tt_cpu *tc = &lw_tt_cpus[smp_processor_id()];
	u64 start = ktime_get_ns();

	if (lw_tt_is_paused())
		return;
	if (start < READ_ONCE(tc->quiet_until)) {
		lw_tt_count(LW_TTC_IRQ_NESTS_SKIPPED);
		return;
	}
	lw_tt_nest(c);
	lw_tt_count(k);
	lw_tt_owned_irq(c, chan);
	WRITE_ONCE(tc->quiet_until, ktime_get_ns() + 3 * (ktime_get_ns() - start));
}

static void lw_tt_timer_fn(struct timer_list *t)
{
	struct lw_tt_cpu *tc = container_of(t, struct lw_tt_cpu, timer);

	lw_tt_irq_source(&tc->timer_ctx, LW_TTC_NESTS_TIMER,
			 lw_tt_owned_chan_of(LW_TT_TIMER, tc->cpu));
	lw_tt_kick_tasklet();
	if (!lw_tt_is_stopping())
		mod_timer(t, jiffies + 1);
}

static void lw_tt_tasklet_fn(struct tasklet_struct *t)
{
	lw_tt_tasklet_ctx.id = smp_processor_id();
	lw_tt_irq_source(&lw_tt_tasklet_ctx, LW_TTC_NESTS_TASKLET,
			 lw_tt_owned_chan_of(LW_TT_TASKLET, 0));
}

static void lw_tt_irq_work_fn(struct irq_work *w)
{
	struct lw_tt_cpu *tc = container_of(w, struct lw_tt_cpu, irq_work);

	lw_tt_irq_source(&tc->irq_work_ctx, LW_TTC_NESTS_IRQ_WORK,
			 lw_tt_owned_chan_of(LW_TT_IRQ_WORK, tc->cpu));
}

/*
 * Each CPU's hrtimer fires every hrtimer_us, or four times as long as its
 * last run took, if longer.
 */
static enum hrtimer_restart lw_tt_hrtimer_fn(struct hrtimer *t)
{
	struct lw_tt_cpu *tc = container_of(t, struct lw_tt_cpu, hrtimer);
	u64 start = ktime_get_ns();

	lw_tt_irq_source(&tc->hrtimer_ctx, LW_TTC_NESTS_HRTIMER,
			 lw_tt_owned_chan_of(LW_TT_HRTIMER, tc->cpu));
	lw_tt_kick_irq_work(tc->cpu);
	if (lw_tt_is_stopping())
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ns_to_ktime(max_t(u64, (u64)hrtimer_us * NSEC_PER_USEC,
						 4 * (ktime_get_ns() - start))));
	return HRTIMER_RESTART;
}

/*
 * Hard (expiring in hardirq context even on PREEMPT_RT, where the torture
 * takes no spinlock_t in it) only on PREEMPT_RT. Elsewhere a hard hrtimer
 * or irq_work is a context where a spinlock_t is no valid lock (lockdep's
 * wait-context check, CONFIG_PROVE_RAW_LOCK_NESTING, says so on 6.12); a
 * plain one runs in hardirq context too, as a device's interrupt handler,
 * and may take it.
 */
#define LW_TT_HRTIMER_MODE						\
	(IS_ENABLED(CONFIG_PREEMPT_RT) ? HRTIMER_MODE_REL_PINNED_HARD : HRTIMER_MODE_REL_PINNED)

/* Runs on each CPU: its hrtimer is pinned there. */
static void lw_tt_start_hrtimer(void *unused)
{
	struct lw_tt_cpu *tc = &lw_tt_cpus[smp_processor_id()];

	hrtimer_start(&tc->hrtimer, ns_to_ktime((u64)hrtimer_us * NSEC_PER_USEC),
		      LW_TT_HRTIMER_MODE);
}

static void lw_tt_irqs_start(void)
{
	int cpu;

	tasklet_setup(&lw_tt_tasklet, lw_tt_tasklet_fn);
	lw_tt_ctx_init(&lw_tt_tasklet_ctx, LW_TT_TASKLET, 0);
	for_each_online_cpu(cpu) {
		struct lw_tt_cpu *tc = &lw_tt_cpus[cpu];

		tc->cpu = cpu;
		lw_tt_ctx_init(&tc->timer_ctx, LW_TT_TIMER, cpu);
		lw_tt_ctx_init(&tc->hrtimer_ctx, LW_TT_HRTIMER, cpu);
		lw_tt_ctx_init(&tc->irq_work_ctx, LW_TT_IRQ_WORK, cpu);
		/* Hard on PREEMPT_RT, else it would run in a kthread there. */
		if (IS_ENABLED(CONFIG_PREEMPT_RT))
			tc->irq_work = IRQ_WORK_INIT_HARD(lw_tt_irq_work_fn);
		else
			tc->irq_work = IRQ_WORK_INIT(lw_tt_irq_work_fn);
		lw_compat_hrtimer_setup(&tc->hrtimer, lw_tt_hrtimer_fn, CLOCK_MONOTONIC,
					LW_TT_HRTIMER_MODE);
		timer_setup(&tc->timer, lw_tt_timer_fn, TIMER_PINNED);
		tc->timer.expires = jiffies + 1;
		if (softirq)
			add_timer_on(&tc->timer, cpu);
	}
	if (hardirq && hrtimer_us)
		on_each_cpu(lw_tt_start_hrtimer, NULL, 1);
}

/* After lw_tt_stopping is set and the workers are gone. */
static void lw_tt_irqs_stop(void)
{
	int cpu;

	for_each_online_cpu(cpu) {
		timer_delete_sync(&lw_tt_cpus[cpu].timer);
		hrtimer_cancel(&lw_tt_cpus[cpu].hrtimer);
	}
	for_each_online_cpu(cpu)
		irq_work_sync(&lw_tt_cpus[cpu].irq_work);
	tasklet_kill(&lw_tt_tasklet);
	for_each_online_cpu(cpu)
		irq_work_sync(&lw_tt_cpus[cpu].irq_work);
}

/* === Kthreads === */

/* Park until kthread_stop(), without counting as a hung task. */
static void lw_tt_wait_for_stop(void)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
}

static int lw_tt_worker_fn(void *arg)
{
	struct lw_tt_worker *w = arg;
	struct lw_tt_ctx *c = &w->ctx;

	while (!lw_tt_is_stopping()) {
		if (!c->id && READ_ONCE(lw_tt_inject_pending)) {
			lw_tt_inject();
			WRITE_ONCE(lw_tt_inject_pending, false);
			wake_up_all(&lw_tt_ctl_wq);
		}
		if (lw_tt_is_paused()) {
			/* Interruptible: a long pause is no hung task. */
			wait_event_interruptible(lw_tt_ctl_wq, !lw_tt_is_paused() ||
						 lw_tt_is_stopping() ||
						 (!c->id && READ_ONCE(lw_tt_inject_pending)));
			continue;
		}
		lw_tt_nest(c);
		lw_tt_count(LW_TTC_NESTS_WORKER);
		lw_tt_owned_worker(c, c->id);
		if (!lw_tt_below(c, 4))
			lw_tt_kick_irq_work(raw_smp_processor_id());
		cond_resched();
	}
	complete(&w->done);
	lw_tt_wait_for_stop();
	return 0;
}

/* A kthread that takes a few nests, maybe makes an owned object, and exits. */
static int lw_tt_short_fn(void *arg)
{
	struct lw_tt_ctx *c = arg;
	unsigned int i, n = 1 + lw_tt_below(c, 6);

	/* kthreads ignore signals; this one may be killed while it waits. */
	allow_signal(SIGKILL);
	for (i = 0; i < n && !fatal_signal_pending(current); i++) {
		lw_tt_nest(c);
		lw_tt_count(LW_TTC_NESTS_SHORT_LIVED);
		if (c->stop_nesting)
			break;
	}
	if (lw_tt_below(c, 2))
		lw_tt_owned_create(c, lw_tt_below(c, lw_tt_nworkers));
	kfree(c);
	lw_tt_count(LW_TTC_THREADS_EXITED);
	if (atomic_dec_and_test(&lw_tt_short_live))
		wake_up(&lw_tt_quiet_wq);
	module_put_and_kthread_exit(0);
}

static void lw_tt_spawn(struct lw_tt_ctx *spawner, unsigned int id)
{
	struct task_struct *t;
	struct lw_tt_ctx *c;

	c = kmalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return;
	lw_tt_ctx_init(c, LW_TT_SHORT, id);
	__module_get(THIS_MODULE);
	atomic_inc(&lw_tt_short_live);
	t = kthread_create(lw_tt_short_fn, c, "lw_tt_short/%u", id);
	if (IS_ERR(t)) {
		kfree(c);
		if (atomic_dec_and_test(&lw_tt_short_live))
			wake_up(&lw_tt_quiet_wq);
		module_put(THIS_MODULE);
		return;
	}
	/* One in four is killed while it runs, maybe while it waits for a lock. */
	if (lw_tt_below(spawner, 4)) {
		wake_up_process(t);
		return;
	}
	get_task_struct(t);
	wake_up_process(t);
	usleep_range(100, 2000);
	send_sig(SIGKILL, t, 1);
	lw_tt_count(LW_TTC_THREADS_KILLED);
	put_task_struct(t);
}

static int lw_tt_spawner_fn(void *unused)
{
	struct lw_tt_ctx spawner;
	unsigned int id = 0;

	lw_tt_ctx_init(&spawner, LW_TT_SHORT, -1);
	while (!kthread_should_stop() && !lw_tt_is_stopping()) {
		if (!lw_tt_is_paused() && atomic_read(&lw_tt_short_live) < 4)
			lw_tt_spawn(&spawner, id++);
		msleep(spawn_ms);
	}
	lw_tt_wait_for_stop();
	return 0;
}

/*
 * Report a worker that made no progress for stall_secs; while any is
 * stalled, look for leaked rwsem read holds every stall_secs.
 */
static void lw_tt_check_stalls(void)
{
	static unsigned long last_repair;
	unsigned long limit = (unsigned long)stall_secs * HZ;
	bool stalled = false;
	unsigned int i;
	char who[24];

	for (i = 0; i < lw_tt_nworkers; i++) {
		struct lw_tt_worker *w = &lw_tt_workers[i];
		unsigned long p = READ_ONCE(w->ctx.progress);

		if (p != w->last_progress || completion_done(&w->done) || lw_tt_is_paused()) {
			w->last_progress = p;
			w->last_change = jiffies;
			w->stalled = false;
			continue;
		}
		if (time_before(jiffies, w->last_change + limit))
			continue;
		stalled = true;
		if (w->stalled)
			continue;
		w->stalled = true;
		lw_tt_count(LW_TTC_ERR_STALL);
		snprintf(who, sizeof(who), "worker %u", i);
		lw_tt_describe_wait(&w->ctx, who);
	}
	if (stalled && (!last_repair || time_after(jiffies, last_repair + limit))) {
		lw_tt_repair_leaked_reads();
		last_repair = jiffies;
	}
}

/*
 * On the console (a warning's level) on purpose: when a guest hangs with
 * interrupts off, the last of these lines says how far it got.
 */
static void lw_tt_print_progress(const char *when)
{
	pr_warn("%s: nests: worker %lu, short-lived %lu, peer %lu, timer %lu, tasklet %lu, irq_work %lu, hrtimer %lu; owned moves %lu; peer waits %lu; verbs %lu; errors %lu\n",
		when, lw_tt_read(LW_TTC_NESTS_WORKER), lw_tt_read(LW_TTC_NESTS_SHORT_LIVED),
		lw_tt_read(LW_TTC_NESTS_PEER), lw_tt_read(LW_TTC_NESTS_TIMER),
		lw_tt_read(LW_TTC_NESTS_TASKLET), lw_tt_read(LW_TTC_NESTS_IRQ_WORK),
		lw_tt_read(LW_TTC_NESTS_HRTIMER),
		lw_tt_read(LW_TTC_OWNED_RECV_TASK) + lw_tt_read(LW_TTC_OWNED_RECV_SOFTIRQ) +
		lw_tt_read(LW_TTC_OWNED_RECV_HARDIRQ),
		lw_tt_read(LW_TTC_CONDVAR_WAIT_TIMEOUT) +
		lw_tt_read(LW_TTC_CONDVAR_WAIT_EVENT_TIMEOUT) +
		lw_tt_read(LW_TTC_WAIT_FOR_COMPLETION_TIMEOUT),
		lw_tt_read(LW_TTC_VERBS), ({
			unsigned long e = 0;
			int k;

			for (k = LW_TTC_FIRST_ERROR; k < LW_TTC_COUNT; k++)
				e += lw_tt_read(k);
			e; }));
}

static int lw_tt_monitor_fn(void *unused)
{
	unsigned long start = jiffies, next = jiffies + 30 * HZ;
	char when[32];

	while (!kthread_should_stop()) {
		msleep_interruptible(1000);
		lw_tt_check_stalls();
		if (time_after(jiffies, next)) {
			snprintf(when, sizeof(when), "after %u s",
				 jiffies_to_msecs(jiffies - start) / 1000);
			lw_tt_print_progress(when);
			next += 30 * HZ;
		}
	}
	return 0;
}

/* === lw_torture_peer.ko's way in === */

/**
 * lw_torture_peer_call() - run a peer's code inside a nest of torture locks
 * @fn: called once with @arg, innermost, holding only sleeping locks of
 *	the torture (whose classes come before the peer's in the order)
 * @arg: its argument
 *
 * Context: process context; may sleep.
 * Return: 0, -EAGAIN while the torture is paused, or -ESHUTDOWN once it
 * stops (@fn is not called).
 */
int lw_torture_peer_call(void (*fn)(void *arg), void *arg)
{
	struct lw_tt_ctx c;

	atomic_inc(&lw_tt_peer_active);
	if (lw_tt_is_stopping() || lw_tt_is_paused()) {
		if (atomic_dec_and_test(&lw_tt_peer_active))
			wake_up(&lw_tt_quiet_wq);
		return lw_tt_is_stopping() ? -ESHUTDOWN : -EAGAIN;
	}
	lw_tt_ctx_init(&c, LW_TT_PEER, task_pid_nr(current));
	lw_tt_nest_sleeping(&c, fn, arg);
	lw_tt_count(LW_TTC_NESTS_PEER);
	if (atomic_dec_and_test(&lw_tt_peer_active))
		wake_up(&lw_tt_quiet_wq);
	return 0;
}
EXPORT_SYMBOL_GPL(lw_torture_peer_call);

/* === Start and stop === */

enum lw_tt_state { LW_TT_RUNNING, LW_TT_STOPPED, LW_TT_STUCK };

static DEFINE_MUTEX(lw_tt_stop_lock);
static enum lw_tt_state lw_tt_state;

/* How long the stop waits, in all, for the contexts to finish. */
#define LW_TT_STOP_WAIT	(60 * HZ)

/* What is left of the stop's wait, at least one jiffy. */
static long lw_tt_left(unsigned long deadline)
{
	return time_before(jiffies, deadline) ? deadline - jiffies : 1;
}

/*
 * Stop everything, then check that every lock is free and every owned
 * object accounted for. A context that does not stop (it waits for a lock
 * nobody will release) is reported, and the module pins itself: its memory
 * is in use for good.
 */
static int lw_tt_stop(void)
{
	unsigned long deadline = jiffies + LW_TT_STOP_WAIT;
	bool stuck = false;
	unsigned int i, left, lost = 0;
	char who[24];

	mutex_lock(&lw_tt_stop_lock);
	if (lw_tt_state != LW_TT_RUNNING)
		goto out;
	WRITE_ONCE(lw_tt_stopping, true);
	wake_up_all(&lw_tt_ctl_wq);
	kthread_stop(lw_tt_spawner);
	if (!wait_event_timeout(lw_tt_quiet_wq, !atomic_read(&lw_tt_short_live),
				lw_tt_left(deadline))) {
		pr_err("STALL: %d short-lived kthreads did not exit within %u s\n",
		       atomic_read(&lw_tt_short_live), LW_TT_STOP_WAIT / HZ);
		lw_tt_count(LW_TTC_ERR_STALL);
		stuck = true;
	}
	if (!wait_event_timeout(lw_tt_quiet_wq, !atomic_read(&lw_tt_peer_active),
				lw_tt_left(deadline))) {
		pr_err("STALL: a call of lw_torture_peer.ko did not return within %u s\n",
		       LW_TT_STOP_WAIT / HZ);
		lw_tt_count(LW_TTC_ERR_STALL);
		stuck = true;
	}
	for (i = 0; i < lw_tt_nworkers; i++) {
		struct lw_tt_worker *w = &lw_tt_workers[i];

		if (!wait_for_completion_timeout(&w->done, lw_tt_left(deadline))) {
			snprintf(who, sizeof(who), "worker %u", i);
			pr_err("STALL: %s did not stop within %u s\n", who, LW_TT_STOP_WAIT / HZ);
			lw_tt_describe_wait(&w->ctx, who);
			lw_tt_count(LW_TTC_ERR_STALL);
			stuck = true;
			continue;
		}
		kthread_stop(w->task);
		put_task_struct(w->task);
		w->task = NULL;
	}
	lw_tt_irqs_stop();
	kthread_stop(lw_tt_monitor);
	if (!stuck) {
		lost = lw_tt_owned_drain();
		if (lost) {
			pr_err("LOST: %u owned objects were in no channel at the end\n", lost);
			lw_tt_count(LW_TTC_ERR_OWNED);
		}
	}
	left = lw_tt_check_all_free(stuck);
	lw_tt_print_progress("stopped");
	pr_info("stopped: %u locks left held, %u owned objects lost%s\n", left, lost,
		stuck ? "; contexts stuck: lw_torture stays loaded" : "");
	if (stuck) {
		__module_get(THIS_MODULE);
		lw_tt_state = LW_TT_STUCK;
	} else {
		lw_tt_state = LW_TT_STOPPED;
	}
out:
	mutex_unlock(&lw_tt_stop_lock);
	return lw_tt_state == LW_TT_STUCK ? -EBUSY : 0;
}

static int lw_tt_stop_set(const char *val, const struct kernel_param *kp)
{
	return lw_tt_stop();
}

static const struct kernel_param_ops lw_tt_stop_ops = {
	.set = lw_tt_stop_set,
};
module_param_cb(stop, &lw_tt_stop_ops, NULL, 0200);
MODULE_PARM_DESC(stop, "Write anything: stop every context, check every lock is free (-EBUSY if a context is stuck)");

/* === debugfs: the results === */

static struct dentry *lw_tt_dir;

static int lw_tt_stats_show(struct seq_file *seq, void *v)
{
	static const char *const states[] = { "running", "stopped", "stuck" };
	unsigned long errors = 0;
	unsigned int k, unexercised = 0;

	seq_printf(seq, "state: %s\n", states[READ_ONCE(lw_tt_state)]);
	for (k = 0; k < LW_TTC_COUNT; k++) {
		if (lw_tt_available(k))
			seq_printf(seq, "%s: %lu\n", lw_tt_counter_names[k], lw_tt_read(k));
		if (k >= LW_TTC_FIRST_ERROR)
			errors += lw_tt_read(k);
	}
	seq_printf(seq, "errors: %lu\n", errors);
	seq_puts(seq, "unexercised:");
	for (k = 0; k < LW_TTC_NR_OPS; k++) {
		if (lw_tt_available(k) && !lw_tt_read(k)) {
			seq_printf(seq, " %s", lw_tt_counter_names[k]);
			unexercised++;
		}
	}
	seq_puts(seq, unexercised ? "\n" : " none\n");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(lw_tt_stats);

/* === Module === */

static void lw_tt_free(void)
{
	lw_tt_owned_exit();
	kfree(lw_tt_workers);
	kfree(lw_tt_cpus);
	free_percpu(lw_tt_counts);
}

static int __init lw_tt_init(void)
{
	unsigned int i;
	int err = -ENOMEM;

	lw_tt_nworkers = workers ? workers : 2 * num_online_cpus();
	lw_tt_counts = alloc_percpu(struct lw_tt_counts);
	lw_tt_workers = kcalloc(lw_tt_nworkers, sizeof(*lw_tt_workers), GFP_KERNEL);
	lw_tt_cpus = kcalloc(nr_cpu_ids, sizeof(*lw_tt_cpus), GFP_KERNEL);
	if (!lw_tt_counts || !lw_tt_workers || !lw_tt_cpus)
		goto fail;
	err = lw_tt_owned_init(lw_tt_nworkers);
	if (err)
		goto fail;
	lw_tt_locks_init();

	for (i = 0; i < lw_tt_nworkers; i++) {
		struct lw_tt_worker *w = &lw_tt_workers[i];
		struct task_struct *t;

		lw_tt_ctx_init(&w->ctx, LW_TT_WORKER, i);
		init_completion(&w->done);
		w->last_change = jiffies;
		t = kthread_create(lw_tt_worker_fn, w, "lw_tt_worker/%u", i);
		if (IS_ERR(t)) {
			err = PTR_ERR(t);
			goto fail_workers;
		}
		kthread_bind(t, cpumask_nth(i % num_online_cpus(), cpu_online_mask));
		get_task_struct(t);
		w->task = t;
	}
	lw_tt_spawner = kthread_create(lw_tt_spawner_fn, NULL, "lw_tt_spawner");
	if (IS_ERR(lw_tt_spawner)) {
		err = PTR_ERR(lw_tt_spawner);
		goto fail_workers;
	}
	lw_tt_monitor = kthread_create(lw_tt_monitor_fn, NULL, "lw_tt_monitor");
	if (IS_ERR(lw_tt_monitor)) {
		err = PTR_ERR(lw_tt_monitor);
		kthread_stop(lw_tt_spawner);
		goto fail_workers;
	}

	lw_tt_dir = debugfs_create_dir("lw_torture", NULL);
	debugfs_create_file("stats", 0400, lw_tt_dir, NULL, &lw_tt_stats_fops);
	lw_tt_irqs_start();
	for (i = 0; i < lw_tt_nworkers; i++)
		wake_up_process(lw_tt_workers[i].task);
	wake_up_process(lw_tt_spawner);
	wake_up_process(lw_tt_monitor);
	pr_info("started: %u workers on %u CPUs, hrtimer every %u us, a short-lived kthread every %u ms\n",
		lw_tt_nworkers, num_online_cpus(), hrtimer_us, spawn_ms);
	return 0;

fail_workers:
	/* Created, never woken: kthread_stop() reaps them before they run. */
	for (i = 0; i < lw_tt_nworkers && lw_tt_workers[i].task; i++) {
		kthread_stop(lw_tt_workers[i].task);
		put_task_struct(lw_tt_workers[i].task);
	}
	lw_tt_locks_exit();
fail:
	lw_tt_free();
	return err;
}
module_init(lw_tt_init);

static void __exit lw_tt_exit(void)
{
	unsigned int i;

	/*
	 * Stopped with a context stuck, the module pinned itself; stopped
	 * here, nothing can pin it any more: wait for the stuck workers rather
	 * than free the memory they run in.
	 */
	if (lw_tt_stop()) {
		for (i = 0; i < lw_tt_nworkers; i++) {
			if (lw_tt_workers[i].task)
				kthread_stop(lw_tt_workers[i].task);
		}
	}
	debugfs_remove_recursive(lw_tt_dir);
	lw_tt_locks_exit();
	lw_tt_free();
}
module_exit(lw_tt_exit);

MODULE_DESCRIPTION("lockwarden torture test");
MODULE_LICENSE("GPL");
