// SPDX-License-Identifier: GPL-2.0
/*
 * lw_scenario.ko: a small driver that plays lock scenarios on request, for
 * lockwarden's kselftest and lockdep parity check. Write a scenario name to
 * /sys/module/lw_scenario/parameters/run; the write runs it in the writer's
 * context and fails with -EINVAL for an unknown name, or with the error a
 * scenario that cannot be played returns.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/hardirq.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <lockwarden/lockwarden.h>

#include "lw_run.h"

static LW_DEFINE_CLASS(lw_scenario_a, 0);
static LW_DEFINE_CLASS(lw_scenario_b, 0);

static struct lw_mutex lock_a, lock_b;

/*
 * LW_SC_NEST(type, tag, lock, unlock) defines lw_sc_<type>_nest(): take
 * @outer by lw_<lock>(), then @inner while holding it, and release both by
 * lw_<unlock>(): the one dependency outer -> inner, on each lock type and
 * side. Inlined, so that the scenario calling it is the site the findings
 * name.
 */
#define LW_SC_NEST(type, tag, lock, unlock)				\
static __always_inline void lw_sc_##type##_nest(struct lw_##tag *outer,	\
						struct lw_##tag *inner)	\
{									\
	lw_##lock(outer);						\
	lw_##lock(inner);						\
	lw_##unlock(inner);						\
	lw_##unlock(outer);						\
}

LW_SC_NEST(mutex, mutex, mutex_lock, mutex_unlock)
LW_SC_NEST(spin, spinlock, spin_lock, spin_unlock)
LW_SC_NEST(rwsem, rwsem, down_write, up_write)
LW_SC_NEST(rwsem_read, rwsem, down_read, up_read)
LW_SC_NEST(rwlock, rwlock, write_lock, write_unlock)
LW_SC_NEST(rwlock_read, rwlock, read_lock, read_unlock)

static noinline void lw_scenario_abba_forward(void)
{
	lw_sc_mutex_nest(&lock_a, &lock_b);
}

static noinline void lw_scenario_abba_reverse(void)
{
	lw_sc_mutex_nest(&lock_b, &lock_a);
}

/* A then B, many times: never a finding. */
static int lw_scenario_consistent(void)
{
	int i;

	for (i = 0; i < 1000; i++)
		lw_scenario_abba_forward();
	return 0;
}

/* A held for LW_SCENARIO_SLOW_MS: exceeds any hold-time budget below that. */
#define LW_SCENARIO_SLOW_MS	50

static noinline int lw_scenario_slow(void)
{
	lw_mutex_lock(&lock_a);
	msleep(LW_SCENARIO_SLOW_MS);
	lw_mutex_unlock(&lock_a);
	return 0;
}

/*
 * Wait until the task in *@task, which puts itself there just before it
 * takes a lock or flushes, sleeps there, however late a loaded host runs
 * it: at most 10 s.
 */
static void lw_sc_until_asleep(struct task_struct **task)
{
	unsigned long limit = jiffies + 10 * HZ;
	struct task_struct *t;

	while (!((t = READ_ONCE(*task)) && !task_is_running(t)) && time_before(jiffies, limit))
		usleep_range(500, 1000);
}

/*
 * lock_a contended: a kthread holds it until this task sleeps in taking it,
 * here. With lockstat on, one contention of lw_scenario_a.
 */
static DECLARE_COMPLETION(lw_sc_contend_held);
static struct task_struct *lw_sc_contend_waiter;	/* set once it tries */

static int lw_sc_contend_fn(void *arg)
{
	lw_mutex_lock(&lock_a);
	complete(&lw_sc_contend_held);
	lw_sc_until_asleep(&lw_sc_contend_waiter);
	lw_mutex_unlock(&lock_a);
	return 0;
}

static noinline int lw_scenario_contend(void)
{
	struct task_struct *t;

	reinit_completion(&lw_sc_contend_held);
	WRITE_ONCE(lw_sc_contend_waiter, NULL);
	t = kthread_run(lw_sc_contend_fn, NULL, "lw_sc_contend");
	if (IS_ERR(t))
		return PTR_ERR(t);
	wait_for_completion(&lw_sc_contend_held);
	WRITE_ONCE(lw_sc_contend_waiter, current);
	lw_mutex_lock(&lock_a);
	lw_mutex_unlock(&lock_a);
	return 0;
}

/*
 * The same nest on two sets of classes: a mutex, under it an rw_semaphore
 * read and under both a spinlock, then an rwlock read under the mutex
 * alone. The lockstat parity boot plays set p with lockstat off and set q
 * with it on, where each uncontended lock is tried first and lockdep
 * learns nothing from a try: lockdep must learn the same dependencies for
 * both (lw_op_might_lock()).
 */
struct lw_sc_graph {
	struct lw_class cls[4];
	char names[4][24];
	struct lw_mutex m;
	struct lw_rwsem s;
	struct lw_spinlock l;
	struct lw_rwlock r;
};

static struct lw_sc_graph lw_sc_graph_p, lw_sc_graph_q;

/* Classes lw_sc_graph_<set>_mutex, _rwsem, _spin and _rwlock. */
static void lw_sc_graph_init(struct lw_sc_graph *g, const char *set)
{
	static const char *const type[] = { "mutex", "rwsem", "spin", "rwlock" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(type); i++) {
		snprintf(g->names[i], sizeof(g->names[i]), "lw_sc_graph_%s_%s", set, type[i]);
		g->cls[i].name = g->names[i];
	}
	lw_mutex_init(&g->m, &g->cls[0]);
	lw_init_rwsem(&g->s, &g->cls[1]);
	lw_spin_lock_init(&g->l, &g->cls[2]);
	lw_rwlock_init(&g->r, &g->cls[3]);
}

static void lw_sc_graph_play(struct lw_sc_graph *g)
{
	lw_mutex_lock(&g->m);
	lw_down_read(&g->s);
	lw_spin_lock(&g->l);
	lw_spin_unlock(&g->l);
	lw_up_read(&g->s);
	lw_read_lock(&g->r);
	lw_read_unlock(&g->r);
	lw_mutex_unlock(&g->m);
}

static int lw_scenario_graph_p(void)
{
	lw_sc_graph_play(&lw_sc_graph_p);
	return 0;
}

static int lw_scenario_graph_q(void)
{
	lw_sc_graph_play(&lw_sc_graph_q);
	return 0;
}

/* B then trylock A, against the order A -> B: never a finding. */
static int lw_scenario_trylock(void)
{
	lw_scenario_abba_forward();
	lw_mutex_lock(&lock_b);
	if (lw_mutex_trylock(&lock_a))
		lw_mutex_unlock(&lock_a);
	lw_mutex_unlock(&lock_b);
	return 0;
}

/* A then B, then B then A: one lock-order cycle. */
static int lw_scenario_abba(void)
{
	lw_scenario_abba_forward();
	lw_scenario_abba_reverse();
	return 0;
}

/*
 * The lockdep scenario shapes on each lock type, for the kselftest and the
 * lockdep parity check: "<shape>_<type>", e.g. "abbcca_spin".
 */
enum lw_sc_type {
	LW_SC_MUTEX,
	LW_SC_SPIN,
	LW_SC_RWSEM,
	LW_SC_RWSEM_READ,
	LW_SC_RWLOCK,
	LW_SC_RWLOCK_READ,
	LW_SC_TYPES,
};

/*
 * Every shape has its own locks and classes on every type, named
 * lw_sc_<type>_<shape>_<a..d>, so that shapes played one after another
 * (the kselftest plays them all in one boot) never meet each other's order.
 */
#define LW_SC_NSHAPES	6
#define LW_SC_NAME_LEN	32

static struct lw_class lw_sc_classes[LW_SC_NSHAPES][LW_SC_TYPES][4];
static char lw_sc_names[LW_SC_NSHAPES][LW_SC_TYPES][4][LW_SC_NAME_LEN];

static struct lw_mutex lw_sc_mutex[LW_SC_NSHAPES][4];
static struct lw_spinlock lw_sc_spin[LW_SC_NSHAPES][4];
static struct lw_rwsem lw_sc_rwsem[LW_SC_NSHAPES][4], lw_sc_rwsem_read[LW_SC_NSHAPES][4];
static struct lw_rwlock lw_sc_rwlock[LW_SC_NSHAPES][4], lw_sc_rwlock_read[LW_SC_NSHAPES][4];

/* lib/locking-selftest.c's shapes: the last pair closes the cycle. */
static const struct {
	const char *name;
	unsigned int npairs;
	u8 pair[4][2];
} lw_sc_shapes[LW_SC_NSHAPES] = {
	{ "abba", 2, { {0, 1}, {1, 0} } },
	{ "abbcca", 3, { {0, 1}, {1, 2}, {2, 0} } },
	{ "abcabc", 3, { {0, 1}, {2, 0}, {1, 2} } },
	{ "abbccdda", 4, { {0, 1}, {1, 2}, {2, 3}, {3, 0} } },
	{ "abcdbdda", 4, { {0, 1}, {2, 3}, {1, 3}, {3, 0} } },
	{ "abcdbcda", 4, { {0, 1}, {2, 3}, {1, 2}, {3, 0} } },
};

/*
 * lw_scenario_shape_<type>(): play the pair @p of shape @s, p[0] then p[1]
 * nested; one function per lock type, which the findings name. The
 * readers run in task context, where neither an rw_semaphore's nor a
 * queued rwlock's reader may recurse: their cycles deadlock as well.
 */
#define LW_SC_SHAPE(type)						\
static noinline void lw_scenario_shape_##type(unsigned int s, const u8 *p) \
{									\
	lw_sc_##type##_nest(&lw_sc_##type[s][p[0]], &lw_sc_##type[s][p[1]]); \
}

LW_SC_SHAPE(mutex)
LW_SC_SHAPE(spin)
LW_SC_SHAPE(rwsem)
LW_SC_SHAPE(rwsem_read)
LW_SC_SHAPE(rwlock)
LW_SC_SHAPE(rwlock_read)

/* By enum lw_sc_type: each lock type's name in scenario and class names, and player. */
static const struct {
	const char *name;
	void (*play)(unsigned int s, const u8 *p);
} lw_sc_types[LW_SC_TYPES] = {
	{ "mutex", lw_scenario_shape_mutex },
	{ "spin", lw_scenario_shape_spin },
	{ "rwsem", lw_scenario_shape_rwsem },
	{ "rwsem_read", lw_scenario_shape_rwsem_read },
	{ "rwlock", lw_scenario_shape_rwlock },
	{ "rwlock_read", lw_scenario_shape_rwlock_read },
};

/* "<shape>_<type>": play it and return 0, or -EINVAL for no such name. */
static int lw_scenario_shape_run(const char *val, size_t len)
{
	char name[32];
	unsigned int s, t, i;

	for (s = 0; s < ARRAY_SIZE(lw_sc_shapes); s++) {
		for (t = 0; t < LW_SC_TYPES; t++) {
			snprintf(name, sizeof(name), "%s_%s", lw_sc_shapes[s].name,
				 lw_sc_types[t].name);
			if (strlen(name) != len || strncmp(val, name, len))
				continue;
			/* Each pair nested; the last one closes the cycle. */
			for (i = 0; i < lw_sc_shapes[s].npairs; i++)
				lw_sc_types[t].play(s, lw_sc_shapes[s].pair[i]);
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * The findings other than cycles that lockdep (or the kernel's might_sleep()
 * check) reports as well, for the lockdep parity check: recursive locking
 * on each lock type, an irq-safety inversion in hardirq and in softirq
 * context, and a sleeping lock taken in atomic context. None of them blocks
 * or sleeps for real.
 *
 * Recursive locking takes a second lock of a class already held, as
 * lockdep's AA selftests do: both checkers see the class taken twice, while
 * no lock is really taken twice.
 */
static struct lw_mutex lw_sc_mutex_twin;
static struct lw_spinlock lw_sc_spin_twin;
static struct lw_rwsem lw_sc_rwsem_twin;

/*
 * lw_scenario_aa_<type>(): @first, then @twin of its class, nested as
 * @type. Read holds of an rw_semaphore do not recurse: a waiting writer
 * blocks the second.
 */
#define LW_SC_AA(type, first, twin)					\
static noinline int lw_scenario_aa_##type(void)				\
{									\
	lw_sc_##type##_nest(first, twin);				\
	return 0;							\
}

LW_SC_AA(mutex, &lw_sc_mutex[0][0], &lw_sc_mutex_twin)
LW_SC_AA(spin, &lw_sc_spin[0][0], &lw_sc_spin_twin)
LW_SC_AA(rwsem, &lw_sc_rwsem[0][0], &lw_sc_rwsem_twin)
LW_SC_AA(rwsem_read, &lw_sc_rwsem[0][0], &lw_sc_rwsem_twin)

/*
 * Read holds of an rwlock_t: in task context a reader waits behind a queued
 * writer, so a second read hold of the class is recursive locking; with
 * bottom halves off readers may recurse (lockdep's read_lock_is_recursive()),
 * and neither checker reports it.
 */
static struct lw_rwlock lw_sc_rwlock_twin;

static noinline void lw_scenario_read_twice(void)
{
	lw_sc_rwlock_read_nest(&lw_sc_rwlock[0][0], &lw_sc_rwlock_twin);
}

static noinline int lw_scenario_aa_rwlock_read(void)
{
	lw_scenario_read_twice();
	return 0;
}

static noinline int lw_scenario_rwlock_read_bh(void)
{
	local_bh_disable();
	lw_scenario_read_twice();
	local_bh_enable();
	return 0;
}

/*
 * A recursive read's dependency learned before the one that closes the
 * cycle (lockdep since v5.10): lw_sc_rread_b read, with bottom halves off
 * (so it may recurse), under lw_sc_rread_a; then lw_sc_rread_a taken under
 * a write hold of lw_sc_rread_b. The reader waits for B's writer, who
 * waits for A.
 */
static LW_DEFINE_CLASS(lw_sc_rread_a, 0);
static LW_DEFINE_CLASS(lw_sc_rread_b, 0);
static struct lw_spinlock lw_sc_rread_lock_a;
static struct lw_rwlock lw_sc_rread_lock_b;

static noinline void lw_scenario_rread_read(void)
{
	local_bh_disable();
	lw_spin_lock(&lw_sc_rread_lock_a);
	lw_read_lock(&lw_sc_rread_lock_b);
	lw_read_unlock(&lw_sc_rread_lock_b);
	lw_spin_unlock(&lw_sc_rread_lock_a);
	local_bh_enable();
}

static noinline int lw_scenario_rread_first(void)
{
	lw_scenario_rread_read();
	lw_write_lock(&lw_sc_rread_lock_b);
	lw_spin_lock(&lw_sc_rread_lock_a);
	lw_spin_unlock(&lw_sc_rread_lock_a);
	lw_write_unlock(&lw_sc_rread_lock_b);
	return 0;
}

/*
 * An irq-safety inversion: a spinlock's class taken in hardirq context (an
 * irq_work), then in process context with interrupts enabled. The irq_work
 * has finished by then, so it cannot interrupt the holder.
 */
static LW_DEFINE_CLASS(lw_sc_hardirq, 0);

/* 0 if @what ran in @ctx context (@ran); else says so, -EOPNOTSUPP. */
static int lw_sc_ran_in(bool ran, const char *what, const char *ctx)
{
	if (ran)
		return 0;
	pr_err("the %s did not run in %s context\n", what, ctx);
	return -EOPNOTSUPP;
}

/*
 * The second half of an irq-safety inversion: once @what ran in @ctx
 * context (@ran; -EOPNOTSUPP if not), take its lock @l here. Inlined: the
 * scenario calling it takes the lock.
 */
static __always_inline int lw_sc_take_after(bool ran, const char *what, const char *ctx,
					    struct lw_spinlock *l)
{
	int ret = lw_sc_ran_in(ran, what, ctx);

	if (!ret) {
		lw_spin_lock(l);
		lw_spin_unlock(l);
	}
	return ret;
}

static struct lw_spinlock lw_sc_hardirq_lock;
static bool lw_sc_ran_in_hardirq;

static void lw_scenario_irq_work(struct irq_work *work)
{
	WRITE_ONCE(lw_sc_ran_in_hardirq, in_hardirq());
	lw_spin_lock(&lw_sc_hardirq_lock);
	lw_spin_unlock(&lw_sc_hardirq_lock);
}

static DEFINE_IRQ_WORK(lw_sc_irq_work, lw_scenario_irq_work);

static noinline int lw_scenario_irq_hardirq(void)
{
	irq_work_queue(&lw_sc_irq_work);
	irq_work_sync(&lw_sc_irq_work);
	return lw_sc_take_after(READ_ONCE(lw_sc_ran_in_hardirq), "irq_work", "hardirq",
				&lw_sc_hardirq_lock);
}

/*
 * The hardirq inversion on every kernel, PREEMPT_RT included (where a
 * spinlock_t sleeps and a plain irq_work runs in a kthread): a raw spinlock
 * taken in a hard irq_work, then in process context with interrupts enabled.
 */
static LW_DEFINE_CLASS(lw_sc_hardirq_raw, 0);
static struct lw_raw_spinlock lw_sc_hardirq_raw_lock;
static bool lw_sc_raw_ran_in_hardirq;

static void lw_scenario_irq_work_raw(struct irq_work *work)
{
	WRITE_ONCE(lw_sc_raw_ran_in_hardirq, in_hardirq());
	lw_raw_spin_lock(&lw_sc_hardirq_raw_lock);
	lw_raw_spin_unlock(&lw_sc_hardirq_raw_lock);
}

static struct irq_work lw_sc_irq_work_raw = IRQ_WORK_INIT_HARD(lw_scenario_irq_work_raw);

static noinline int lw_scenario_irq_raw(void)
{
	int ret;

	irq_work_queue(&lw_sc_irq_work_raw);
	irq_work_sync(&lw_sc_irq_work_raw);
	ret = lw_sc_ran_in(READ_ONCE(lw_sc_raw_ran_in_hardirq), "hard irq_work", "hardirq");
	if (!ret) {
		lw_raw_spin_lock(&lw_sc_hardirq_raw_lock);
		lw_raw_spin_unlock(&lw_sc_hardirq_raw_lock);
	}
	return ret;
}

/*
 * The inversion reached through an inner unlock (null_blk's zoned path): the
 * class, taken with interrupts off, stays held when an inner
 * spin_unlock_irq() enables them again; then it is used in hardirq context.
 */
static LW_DEFINE_CLASS(lw_sc_reenabler, 0);
static struct lw_spinlock lw_sc_reenabler_lock;

static noinline int lw_scenario_irq_reenable(void)
{
	lw_spin_lock_irq(&lw_sc_hardirq_lock);
	lw_spin_lock_irq(&lw_sc_reenabler_lock);
	lw_spin_unlock_irq(&lw_sc_reenabler_lock);
	lw_spin_unlock_irq(&lw_sc_hardirq_lock);
	irq_work_queue(&lw_sc_irq_work);
	irq_work_sync(&lw_sc_irq_work);
	return lw_sc_ran_in(READ_ONCE(lw_sc_ran_in_hardirq), "irq_work", "hardirq");
}

/*
 * Every interrupt flavour of a spinning lock, each held alone, then nested
 * in one order with interrupts left off by every inner release, then under
 * a held mutex: no finding, run any number of times. Their releases leave
 * the stack as the acquisitions found it, whichever path records them (the
 * hooks' fast part, for a release that leaves no lock held with interrupts
 * enabled to mark).
 */
static LW_DEFINE_CLASS(lw_sc_flavour_m, 0);
static LW_DEFINE_CLASS(lw_sc_flavour_a, 0);
static LW_DEFINE_CLASS(lw_sc_flavour_b, 0);
static LW_DEFINE_CLASS(lw_sc_flavour_rw, 0);
static struct lw_mutex lw_sc_flavour_mutex;
static struct lw_spinlock lw_sc_flavour_a_lock, lw_sc_flavour_b_lock;
static struct lw_rwlock lw_sc_flavour_rwlock;

static noinline int lw_scenario_irq_flavours(void)
{
	struct lw_spinlock *a = &lw_sc_flavour_a_lock, *b = &lw_sc_flavour_b_lock;
	struct lw_rwlock *rw = &lw_sc_flavour_rwlock;
	unsigned long fa, fb, frw;

	lw_spin_lock_irqsave(a, fa);
	lw_spin_unlock_irqrestore(a, fa);
	lw_spin_lock_irq(a);
	lw_spin_unlock_irq(a);
	lw_spin_lock_bh(a);
	lw_spin_unlock_bh(a);
	lw_read_lock_irqsave(rw, frw);
	lw_read_unlock_irqrestore(rw, frw);
	lw_write_lock_irq(rw);
	lw_write_unlock_irq(rw);
	lw_write_lock_bh(rw);
	lw_write_unlock_bh(rw);

	lw_spin_lock_irqsave(a, fa);
	lw_spin_lock_irqsave(b, fb);
	lw_write_lock_irqsave(rw, frw);
	lw_write_unlock_irqrestore(rw, frw);
	lw_spin_unlock_irqrestore(b, fb);
	lw_spin_unlock_irqrestore(a, fa);

	lw_mutex_lock(&lw_sc_flavour_mutex);
	lw_spin_lock_irqsave(a, fa);
	lw_spin_unlock_irqrestore(a, fa);
	lw_spin_lock_irq(a);
	lw_spin_unlock_irq(a);
	lw_write_lock_bh(rw);
	lw_write_unlock_bh(rw);
	lw_mutex_unlock(&lw_sc_flavour_mutex);
	return 0;
}

/* The same in softirq context (a tasklet), then with bottom halves enabled. */
static LW_DEFINE_CLASS(lw_sc_softirq, 0);
static struct lw_spinlock lw_sc_softirq_lock;
static bool lw_sc_ran_in_softirq;
static DECLARE_COMPLETION(lw_sc_tasklet_done);

static void lw_scenario_tasklet(struct tasklet_struct *t)
{
	WRITE_ONCE(lw_sc_ran_in_softirq, in_serving_softirq());
	lw_spin_lock(&lw_sc_softirq_lock);
	lw_spin_unlock(&lw_sc_softirq_lock);
	complete(&lw_sc_tasklet_done);
}

static DECLARE_TASKLET(lw_sc_tasklet, lw_scenario_tasklet);

static noinline int lw_scenario_irq_softirq(void)
{
	reinit_completion(&lw_sc_tasklet_done);
	tasklet_schedule(&lw_sc_tasklet);
	wait_for_completion(&lw_sc_tasklet_done);
	tasklet_kill(&lw_sc_tasklet);
	return lw_sc_take_after(READ_ONCE(lw_sc_ran_in_softirq), "tasklet", "softirq",
				&lw_sc_softirq_lock);
}

/*
 * An irq-safe class taken before an irq-unsafe one, the inversion reached
 * through the learned order (lockdep's "HARDIRQ-safe -> HARDIRQ-unsafe lock
 * order detected"): lw_sc_irq_safe is taken in hardirq context,
 * lw_sc_irq_unsafe with interrupts enabled, and the first is held, with
 * interrupts off, when the second is taken. irq_order learns that order
 * last; irq_order_late sees the hardirq use last (lockdep's "possible irq
 * lock inversion dependency detected"); irq_order_read is the counterpart
 * neither reports: the class is read in the interrupt and held only for
 * reading before the other, and readers do not wait for readers.
 */
static LW_DEFINE_CLASS(lw_sc_irq_safe, 0);
static LW_DEFINE_CLASS(lw_sc_irq_unsafe, 0);
static LW_DEFINE_CLASS(lw_sc_irq_safe_read, 0);
static struct lw_spinlock lw_sc_irq_safe_lock, lw_sc_irq_unsafe_lock;
static struct lw_rwlock lw_sc_irq_safe_rwlock;
static bool lw_sc_irq_read, lw_sc_irq_ran;

static void lw_scenario_irq_use(struct irq_work *work)
{
	WRITE_ONCE(lw_sc_irq_ran, in_hardirq());
	if (lw_sc_irq_read) {
		lw_read_lock(&lw_sc_irq_safe_rwlock);
		lw_read_unlock(&lw_sc_irq_safe_rwlock);
	} else {
		lw_spin_lock(&lw_sc_irq_safe_lock);
		lw_spin_unlock(&lw_sc_irq_safe_lock);
	}
}

static DEFINE_IRQ_WORK(lw_sc_irq_use_work, lw_scenario_irq_use);

static noinline bool lw_scenario_irq_use_now(void)
{
	irq_work_queue(&lw_sc_irq_use_work);
	irq_work_sync(&lw_sc_irq_use_work);
	return !lw_sc_ran_in(READ_ONCE(lw_sc_irq_ran), "irq_work", "hardirq");
}

static noinline void lw_scenario_irq_unsafe(void)
{
	lw_spin_lock(&lw_sc_irq_unsafe_lock);
	lw_spin_unlock(&lw_sc_irq_unsafe_lock);
}

static noinline void lw_scenario_irq_learn(void)
{
	unsigned long flags;

	if (lw_sc_irq_read) {
		lw_read_lock_irqsave(&lw_sc_irq_safe_rwlock, flags);
		lw_spin_lock(&lw_sc_irq_unsafe_lock);
		lw_spin_unlock(&lw_sc_irq_unsafe_lock);
		lw_read_unlock_irqrestore(&lw_sc_irq_safe_rwlock, flags);
	} else {
		lw_spin_lock_irqsave(&lw_sc_irq_safe_lock, flags);
		lw_spin_lock(&lw_sc_irq_unsafe_lock);
		lw_spin_unlock(&lw_sc_irq_unsafe_lock);
		lw_spin_unlock_irqrestore(&lw_sc_irq_safe_lock, flags);
	}
}

static noinline int lw_scenario_irq_order(void)
{
	if (!lw_scenario_irq_use_now())
		return -EOPNOTSUPP;
	lw_scenario_irq_unsafe();
	lw_scenario_irq_learn();
	return 0;
}

static noinline int lw_scenario_irq_order_late(void)
{
	lw_scenario_irq_learn();
	lw_scenario_irq_unsafe();
	return lw_scenario_irq_use_now() ? 0 : -EOPNOTSUPP;
}

static noinline int lw_scenario_irq_order_read(void)
{
	lw_sc_irq_read = true;
	return lw_scenario_irq_order();
}

/*
 * A mutex taken while holding a spinlock. It is free, so taking it does not
 * sleep: lockwarden and might_sleep() report that it may, before it is taken.
 */
static noinline int lw_scenario_sleep_atomic(void)
{
	lw_spin_lock(&lw_sc_spin[0][0]);
	lw_mutex_lock(&lw_sc_mutex[0][0]);
	lw_mutex_unlock(&lw_sc_mutex[0][0]);
	lw_spin_unlock(&lw_sc_spin[0][0]);
	return 0;
}

static LW_DEFINE_CLASS(lw_scenario_raw, 0);
static LW_DEFINE_CLASS(lw_scenario_config, 0);
static struct lw_raw_spinlock lw_sc_raw;
static struct lw_spinlock lw_sc_config;

/*
 * A spinlock_t taken under a raw spinlock: an invalid wait context on every
 * kernel (lockdep reports it with PROVE_RAW_LOCK_NESTING); on PREEMPT_RT
 * the spinlock_t would sleep with preemption off. It is free, so taking it
 * neither spins nor sleeps here.
 */
static noinline int lw_scenario_wait_context(void)
{
	lw_raw_spin_lock(&lw_sc_raw);
	lw_spin_lock(&lw_sc_config);
	lw_spin_unlock(&lw_sc_config);
	lw_raw_spin_unlock(&lw_sc_raw);
	return 0;
}

/*
 * A spinlock_t taken with preemption disabled: an invalid wait context on
 * PREEMPT_RT only, where spinlock_t leaves preemption alone and sleeps;
 * elsewhere it is what every nested spinlock_t does.
 */
static noinline int lw_scenario_wait_preempt_off(void)
{
	preempt_disable();
	lw_spin_lock(&lw_sc_config);
	lw_spin_unlock(&lw_sc_config);
	preempt_enable();
	return 0;
}

/* === A reschedule due under a spinning lock === */

static LW_DEFINE_CLASS(lw_scenario_resched_raw, 0);
static LW_DEFINE_CLASS(lw_scenario_resched_spin, 0);
static struct lw_raw_spinlock lw_sc_resched_raw;
static struct lw_spinlock lw_sc_resched_spin;
static DEFINE_RAW_SPINLOCK(lw_sc_resched_kraw);
static DEFINE_SPINLOCK(lw_sc_resched_kspin);
static bool lw_sc_hi_ran;

/* A kthread's end: sleep until stopped. */
static int lw_sc_sleep_until_stopped(void)
{
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* The woken thread: says it ran, then sleeps until stopped. */
static int lw_sc_hi_fn(void *arg)
{
	WRITE_ONCE(lw_sc_hi_ran, true);
	return lw_sc_sleep_until_stopped();
}

/*
 * LW_SC_RESCHED(name, lock, unlock, kl, l, args...): two functions of a
 * task_struct *hi, a FIFO thread bound to this CPU, which take a lock,
 * wake @hi (a reschedule is then due, which interrupts off hold back) and
 * release the lock: lw_sc_resched_kernel_<name>() with the kernel's @lock
 * and @unlock of @kl, lw_sc_resched_<name>() with lockwarden's lw_<lock>
 * and lw_<unlock> of @l, each called (lock, args).
 */
#define LW_SC_RESCHED(name, lock, unlock, kl, l, ...)			\
static noinline void lw_sc_resched_kernel_##name(struct task_struct *hi) \
{									\
	typeof(kl) kernel_lock = (kl);					\
	unsigned long flags __maybe_unused;				\
									\
	lock(kernel_lock, ##__VA_ARGS__);				\
	wake_up_process(hi);						\
	unlock(kernel_lock, ##__VA_ARGS__);				\
}									\
									\
static noinline void lw_sc_resched_##name(struct task_struct *hi)	\
{									\
	typeof(l) lw_lock = (l);					\
	unsigned long flags __maybe_unused;				\
									\
	lw_##lock(lw_lock, ##__VA_ARGS__);				\
	wake_up_process(hi);						\
	lw_##unlock(lw_lock, ##__VA_ARGS__);				\
}

LW_SC_RESCHED(raw_irqsave, raw_spin_lock_irqsave, raw_spin_unlock_irqrestore,
	      &lw_sc_resched_kraw, &lw_sc_resched_raw, flags)
LW_SC_RESCHED(raw_irq, raw_spin_lock_irq, raw_spin_unlock_irq,
	      &lw_sc_resched_kraw, &lw_sc_resched_raw)
LW_SC_RESCHED(spin_irqsave, spin_lock_irqsave, spin_unlock_irqrestore,
	      &lw_sc_resched_kspin, &lw_sc_resched_spin, flags)
LW_SC_RESCHED(spin_irq, spin_lock_irq, spin_unlock_irq, &lw_sc_resched_kspin, &lw_sc_resched_spin)

/*
 * Each release by the kernel's name, the kernel's own and lockwarden's.
 * The kernel's enables interrupts, then preemption, and so reschedules
 * there on a preemptible kernel (PREEMPT_RT, or preempt=full);
 * lockwarden's must do the same.
 */
static const struct {
	const char *name;
	void (*kernel)(struct task_struct *hi);
	void (*lw)(struct task_struct *hi);
} lw_sc_resched[] = {
	{ "raw_spin_unlock_irqrestore", lw_sc_resched_kernel_raw_irqsave,
	  lw_sc_resched_raw_irqsave },
	{ "raw_spin_unlock_irq", lw_sc_resched_kernel_raw_irq, lw_sc_resched_raw_irq },
	{ "spin_unlock_irqrestore", lw_sc_resched_kernel_spin_irqsave,
	  lw_sc_resched_spin_irqsave },
	{ "spin_unlock_irq", lw_sc_resched_kernel_spin_irq, lw_sc_resched_spin_irq },
};

/* What lw_sc_resched_fn() found: one bit per release, the kernel's and ours. */
static unsigned long lw_sc_resched_kernel, lw_sc_resched_lw;
static int lw_sc_resched_err;
static DECLARE_COMPLETION(lw_sc_resched_done);

/* Bound to a CPU: each release, the kernel's then lockwarden's. */
static int lw_sc_resched_fn(void *arg)
{
	unsigned int cpu = smp_processor_id(), i;
	struct task_struct *hi;
	int lw;

	for (i = 0; i < ARRAY_SIZE(lw_sc_resched) && !lw_sc_resched_err; i++) {
		for (lw = 0; lw < 2; lw++) {
			hi = kthread_create(lw_sc_hi_fn, NULL, "lw_sc_hi");
			if (IS_ERR(hi)) {
				lw_sc_resched_err = PTR_ERR(hi);
				break;
			}
			kthread_bind(hi, cpu);
			sched_set_fifo(hi);
			WRITE_ONCE(lw_sc_hi_ran, false);
			(lw ? lw_sc_resched[i].lw : lw_sc_resched[i].kernel)(hi);
			/* Whether it ran by the time the release returned. */
			if (READ_ONCE(lw_sc_hi_ran))
				__set_bit(i, lw ? &lw_sc_resched_lw : &lw_sc_resched_kernel);
			kthread_stop(hi);
		}
	}
	complete(&lw_sc_resched_done);
	return 0;
}

/*
 * A reschedule that became due under a spinning lock taken with interrupts
 * off happens at its release, with lockwarden as without: the kernel's
 * release and lockwarden's, of a raw spinlock and a spinlock_t, _irqsave
 * and _irq, each wakes a higher-priority thread on its CPU under the lock;
 * that thread has run when the release returns after lockwarden's exactly
 * when it has after the kernel's. -EPROTO if not; says in the log which
 * ran.
 */
static noinline int lw_scenario_resched_unlock(void)
{
	struct task_struct *t;
	unsigned int i;

	lw_sc_resched_kernel = 0;
	lw_sc_resched_lw = 0;
	lw_sc_resched_err = 0;
	reinit_completion(&lw_sc_resched_done);
	t = kthread_create(lw_sc_resched_fn, NULL, "lw_sc_resched");
	if (IS_ERR(t))
		return PTR_ERR(t);
	kthread_bind(t, cpumask_first(cpu_online_mask));
	wake_up_process(t);
	wait_for_completion(&lw_sc_resched_done);
	if (lw_sc_resched_err)
		return lw_sc_resched_err;
	for (i = 0; i < ARRAY_SIZE(lw_sc_resched); i++)
		pr_info("resched_unlock: %s: woken thread ran: kernel %d, lockwarden %d\n",
			lw_sc_resched[i].name, test_bit(i, &lw_sc_resched_kernel),
			test_bit(i, &lw_sc_resched_lw));
	return lw_sc_resched_kernel == lw_sc_resched_lw ? 0 : -EPROTO;
}

static LW_DEFINE_CLASS(lw_scenario_cfg, 0);
static LW_DEFINE_CLASS(lw_scenario_done, 0);
static LW_DEFINE_MUTEX(lw_sc_cfg, &lw_scenario_cfg);
static LW_DECLARE_COMPLETION(lw_sc_done, &lw_scenario_done);

/* The waiter: holds lw_sc_cfg while it waits for lw_sc_done. */
static noinline void lw_scenario_wait(void)
{
	lw_mutex_lock(&lw_sc_cfg);
	lw_wait_for_completion(&lw_sc_done);
	lw_mutex_unlock(&lw_sc_cfg);
}

/* The completer: takes lw_sc_cfg, then completes lw_sc_done. */
static noinline void lw_scenario_complete(void)
{
	lw_mutex_lock(&lw_sc_cfg);
	lw_complete(&lw_sc_done);
	lw_mutex_unlock(&lw_sc_cfg);
}

/*
 * DEPT's documented deadlock (Documentation/waits.rst): the waiter holds
 * the mutex its completer takes before it completes. Played in one task,
 * completed first so that the wait returns at once: the dependencies are
 * learned all the same, and the completion under the mutex closes the
 * cycle.
 */
static noinline int lw_scenario_completion(void)
{
	lw_complete(&lw_sc_done);
	lw_scenario_wait();
	lw_scenario_complete();
	lw_reinit_completion(&lw_sc_done);
	return 0;
}

/* Its counterpart: the completer completes before it takes the mutex. */
static noinline int lw_scenario_completion_ok(void)
{
	lw_complete(&lw_sc_done);
	lw_scenario_wait();
	lw_complete(&lw_sc_done);
	lw_mutex_lock(&lw_sc_cfg);
	lw_mutex_unlock(&lw_sc_cfg);
	lw_scenario_wait();
	return 0;
}

static LW_DEFINE_CLASS(lw_scenario_wq_cfg, 0);
static LW_DEFINE_CLASS(lw_scenario_wq_event, 0);
static LW_DEFINE_MUTEX(lw_sc_wq_cfg, &lw_scenario_wq_cfg);
static LW_DECLARE_WAIT_QUEUE_HEAD(lw_sc_wq_head, &lw_scenario_wq_event);
static bool lw_sc_wq_ready;

/* The waiter: holds lw_sc_wq_cfg while it waits on lw_sc_wq_head. */
static noinline void lw_scenario_wq_wait(void)
{
	lw_mutex_lock(&lw_sc_wq_cfg);
	lw_wait_event(&lw_sc_wq_head, READ_ONCE(lw_sc_wq_ready));
	lw_mutex_unlock(&lw_sc_wq_cfg);
}

/* The waker: takes lw_sc_wq_cfg, then wakes the waiters. */
static noinline void lw_scenario_wq_wake(void)
{
	lw_mutex_lock(&lw_sc_wq_cfg);
	WRITE_ONCE(lw_sc_wq_ready, true);
	lw_wake_up(&lw_sc_wq_head);
	lw_mutex_unlock(&lw_sc_wq_cfg);
}

/*
 * A wait on a wait queue holding the mutex its waker takes first: a cycle
 * lockwarden finds and lockdep, which has no model of wait queues, does
 * not. The condition is true first, so the wait returns at once.
 */
static noinline int lw_scenario_waitqueue(void)
{
	WRITE_ONCE(lw_sc_wq_ready, true);
	lw_scenario_wq_wait();
	lw_scenario_wq_wake();
	return 0;
}

/* Its counterpart: the waker wakes before it takes the mutex. */
static noinline int lw_scenario_waitqueue_ok(void)
{
	WRITE_ONCE(lw_sc_wq_ready, true);
	lw_scenario_wq_wait();
	lw_wake_up_all(&lw_sc_wq_head);
	lw_mutex_lock(&lw_sc_wq_cfg);
	lw_mutex_unlock(&lw_sc_wq_cfg);
	return 0;
}

static LW_DEFINE_CLASS(lw_scenario_work_cfg, 0);
static LW_DEFINE_CLASS(lw_scenario_other_cfg, 0);
static LW_DEFINE_CLASS(lw_scenario_work, 0);
static LW_DEFINE_CLASS(lw_scenario_work_queue, 0);
static LW_DEFINE_CLASS(lw_scenario_self_work, 0);
static LW_DEFINE_MUTEX(lw_sc_work_cfg, &lw_scenario_work_cfg);
static LW_DEFINE_MUTEX(lw_sc_other_cfg, &lw_scenario_other_cfg);
static struct lw_work lw_sc_lw_work, lw_sc_self_work, lw_sc_self_sibling;
static struct lw_workqueue lw_sc_lw_wq;
static struct work_struct lw_sc_blocker;
static bool lw_sc_work_takes_cfg;

/* The work: takes lw_sc_work_cfg, when told to. */
static noinline void lw_scenario_work_fn(struct work_struct *work)
{
	if (!READ_ONCE(lw_sc_work_takes_cfg))
		return;
	lw_mutex_lock(&lw_sc_work_cfg);
	lw_mutex_unlock(&lw_sc_work_cfg);
}

/* The task flushing the work, set once it is about to. */
static struct task_struct *lw_sc_flusher;

/*
 * Keeps the ordered queue busy, so that the work queued after it is
 * pending, until the flusher sleeps in its flush.
 */
static void lw_scenario_blocker_fn(struct work_struct *work)
{
	lw_sc_until_asleep(&lw_sc_flusher);
}

/* The flusher: holds @m while it flushes the work. */
static noinline void lw_scenario_flush_under(struct lw_mutex *m)
{
	lw_mutex_lock(m);
	WRITE_ONCE(lw_sc_flusher, current);
	lw_flush_work(&lw_sc_lw_work);
	lw_mutex_unlock(m);
}

/*
 * A flush of a work item under the mutex the work takes, which lockdep
 * models too. The work runs once taking the mutex; then it is queued again
 * behind a blocker on an ordered queue, told not to take it, and
 * flushed under the mutex while pending (6.12's lockdep learns a flush
 * only of a work that is pending or running): both report the cycle, and
 * nothing deadlocks. @m is the mutex held at the flush.
 */
static int lw_scenario_work_flush_with(struct lw_mutex *m)
{
	struct workqueue_struct *wq = alloc_ordered_workqueue("lw_sc_wq", 0);

	if (!wq)
		return -ENOMEM;
	lw_init_workqueue(&lw_sc_lw_wq, wq, &lw_scenario_work_queue);
	lw_init_work(&lw_sc_lw_work, lw_scenario_work_fn, &lw_scenario_work);
	INIT_WORK(&lw_sc_blocker, lw_scenario_blocker_fn);
	WRITE_ONCE(lw_sc_work_takes_cfg, true);
	lw_queue_work(&lw_sc_lw_wq, &lw_sc_lw_work);
	flush_workqueue(wq);
	WRITE_ONCE(lw_sc_work_takes_cfg, false);
	WRITE_ONCE(lw_sc_flusher, NULL);
	queue_work(wq, &lw_sc_blocker);
	lw_queue_work(&lw_sc_lw_wq, &lw_sc_lw_work);
	lw_scenario_flush_under(m);
	destroy_workqueue(wq);
	return 0;
}

static noinline int lw_scenario_work_flush(void)
{
	return lw_scenario_work_flush_with(&lw_sc_work_cfg);
}

/* Its counterpart: the flush holds another mutex. */
static noinline int lw_scenario_work_flush_ok(void)
{
	return lw_scenario_work_flush_with(&lw_sc_other_cfg);
}

/* A work that flushes a work of its own class (never queued: it returns). */
static noinline void lw_scenario_self_flush_fn(struct work_struct *work)
{
	lw_flush_work(&lw_sc_self_sibling);
}

static void lw_scenario_nothing_fn(struct work_struct *work)
{
}

/*
 * A flush, from a work's run, of a work of its own class: a recursion
 * finding (itself, the kernel would never return from). Played with a
 * sibling that is never queued, so that the flush returns.
 */
static noinline int lw_scenario_work_self_flush(void)
{
	lw_init_work(&lw_sc_self_work, lw_scenario_self_flush_fn, &lw_scenario_self_work);
	lw_init_work(&lw_sc_self_sibling, lw_scenario_nothing_fn, &lw_scenario_self_work);
	lw_schedule_work(&lw_sc_self_work);
	flush_work(&lw_sc_self_work.work);
	return 0;
}

static LW_DEFINE_CLASS(lw_scenario_timer_lock, 0);
static LW_DEFINE_CLASS(lw_scenario_timer_other, 0);
static LW_DEFINE_CLASS(lw_scenario_timer, 0);
static LW_DEFINE_SPINLOCK(lw_sc_timer_lock, &lw_scenario_timer_lock);
static LW_DEFINE_SPINLOCK(lw_sc_timer_other, &lw_scenario_timer_other);
static struct lw_timer lw_sc_timer;
static atomic_t lw_sc_timer_runs;

/* The callback: takes lw_sc_timer_lock, in the timer softirq. */
static noinline void lw_scenario_timer_fn(struct timer_list *t)
{
	lw_spin_lock(&lw_sc_timer_lock);
	lw_spin_unlock(&lw_sc_timer_lock);
	atomic_inc(&lw_sc_timer_runs);
}

/* The deleter: holds @s (bottom halves off) while it deletes synchronously. */
static noinline void lw_scenario_timer_delete_under(struct lw_spinlock *s)
{
	lw_spin_lock_bh(s);
	lw_timer_delete_sync(&lw_sc_timer);
	lw_spin_unlock_bh(s);
}

/*
 * A synchronous deletion of a timer under the lock its callback takes,
 * which lockdep models too: the callback runs once, then the timer is
 * deleted holding the lock (or, @s another, the counterpart).
 */
static int lw_scenario_timer_sync_with(struct lw_spinlock *s)
{
	unsigned long limit = jiffies + 30 * HZ;	/* a loaded host's stalls */

	atomic_set(&lw_sc_timer_runs, 0);
	lw_timer_setup(&lw_sc_timer, lw_scenario_timer_fn, 0, &lw_scenario_timer);
	lw_mod_timer(&lw_sc_timer, jiffies);
	while (!atomic_read(&lw_sc_timer_runs) && time_before(jiffies, limit))
		msleep(20);
	if (!atomic_read(&lw_sc_timer_runs))
		return -ETIMEDOUT;
	lw_scenario_timer_delete_under(s);
	return 0;
}

static noinline int lw_scenario_timer_sync(void)
{
	return lw_scenario_timer_sync_with(&lw_sc_timer_lock);
}

static noinline int lw_scenario_timer_sync_ok(void)
{
	return lw_scenario_timer_sync_with(&lw_sc_timer_other);
}

/*
 * Two tasks serving softirqs on one CPU at once (PREEMPT_RT; elsewhere
 * -EOPNOTSUPP). A timer's callback, served by a task on a CPU, takes
 * lw_sc_bh_x and keeps it until a tasklet has run (or 200 ms); a FIFO
 * thread bound to that CPU preempts it there, schedules the tasklet and
 * serves it itself at local_bh_enable(); the tasklet takes lw_sc_bh_y,
 * another lock of lw_sc_bh_x's class. Where nothing serialises softirqs
 * on a CPU (PREEMPT_RT_NEEDS_BH_LOCK off, an option newer than 6.12) the
 * tasklet runs while the callback holds lw_sc_bh_x: each context's holds
 * are its own, so that is no recursion. With the lock, the thread waits
 * for the callback to end. Either way no finding; the callback then takes
 * lw_sc_bh_after, an order bh_after_first reverses.
 */
static LW_DEFINE_CLASS(lw_scenario_bh, 0);
static LW_DEFINE_CLASS(lw_scenario_bh_after, 0);
static LW_DEFINE_SPINLOCK(lw_sc_bh_x, &lw_scenario_bh);
static LW_DEFINE_SPINLOCK(lw_sc_bh_y, &lw_scenario_bh);
static LW_DEFINE_SPINLOCK(lw_sc_bh_after, &lw_scenario_bh_after);
static struct timer_list lw_sc_bh_timer;
static struct tasklet_struct lw_sc_bh_tasklet;
static DECLARE_COMPLETION(lw_sc_bh_x_held);
static DECLARE_COMPLETION(lw_sc_bh_timer_done);
static DECLARE_COMPLETION(lw_sc_bh_tasklet_done);
static bool lw_sc_bh_tasklet_ran;
static bool lw_sc_bh_together;
/* bh_hold's callback holds lw_sc_bh_x: the timer is in use until bh_release. */
static bool lw_sc_bh_holding;

static noinline void lw_scenario_bh_timer_fn(struct timer_list *t)
{
	unsigned long limit = jiffies + HZ / 5;

	lw_spin_lock(&lw_sc_bh_x);
	complete(&lw_sc_bh_x_held);
	while (!READ_ONCE(lw_sc_bh_tasklet_ran) && time_before(jiffies, limit))
		cpu_relax();
	WRITE_ONCE(lw_sc_bh_together, READ_ONCE(lw_sc_bh_tasklet_ran));
	lw_spin_lock(&lw_sc_bh_after);
	lw_spin_unlock(&lw_sc_bh_after);
	lw_spin_unlock(&lw_sc_bh_x);
	complete(&lw_sc_bh_timer_done);
}

static noinline void lw_scenario_bh_tasklet_fn(struct tasklet_struct *t)
{
	lw_spin_lock(&lw_sc_bh_y);
	lw_spin_unlock(&lw_sc_bh_y);
	WRITE_ONCE(lw_sc_bh_tasklet_ran, true);
	complete(&lw_sc_bh_tasklet_done);
}

/* The FIFO thread: serves the tasklet, then sleeps until stopped. */
static int lw_scenario_bh_thread_fn(void *arg)
{
	local_bh_disable();
	tasklet_schedule(&lw_sc_bh_tasklet);
	local_bh_enable();
	return lw_sc_sleep_until_stopped();
}

static noinline int lw_scenario_bh_preempted(void)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct task_struct *thread;

	if (!IS_ENABLED(CONFIG_PREEMPT_RT))
		return -EOPNOTSUPP;
	if (lw_sc_bh_holding)
		return -EBUSY;
	reinit_completion(&lw_sc_bh_x_held);
	reinit_completion(&lw_sc_bh_timer_done);
	reinit_completion(&lw_sc_bh_tasklet_done);
	WRITE_ONCE(lw_sc_bh_tasklet_ran, false);
	tasklet_setup(&lw_sc_bh_tasklet, lw_scenario_bh_tasklet_fn);
	thread = kthread_create_on_cpu(lw_scenario_bh_thread_fn, NULL, cpu, "lw_sc_bh/%u");
	if (IS_ERR(thread))
		return PTR_ERR(thread);
	sched_set_fifo(thread);

	timer_setup(&lw_sc_bh_timer, lw_scenario_bh_timer_fn, 0);
	lw_sc_bh_timer.expires = jiffies;
	add_timer_on(&lw_sc_bh_timer, cpu);
	/*
	 * Woken by the callback itself: a sleep's timer might be the callback
	 * CPU's, whose timer softirq task is busy in the callback.
	 */
	wait_for_completion(&lw_sc_bh_x_held);
	wake_up_process(thread);
	wait_for_completion(&lw_sc_bh_timer_done);
	wait_for_completion(&lw_sc_bh_tasklet_done);
	kthread_stop(thread);
	tasklet_kill(&lw_sc_bh_tasklet);
	timer_delete_sync(&lw_sc_bh_timer);
	pr_info("bh_preempted: the tasklet ran %s the timer's callback held its lock, on CPU %u\n",
		READ_ONCE(lw_sc_bh_together) ? "while" : "after", cpu);
	return 0;
}

/* lw_sc_bh_after, then a lock of lw_sc_bh_x's class: a cycle with the callback. */
static noinline int lw_scenario_bh_after_first(void)
{
	if (!IS_ENABLED(CONFIG_PREEMPT_RT))
		return -EOPNOTSUPP;
	lw_spin_lock(&lw_sc_bh_after);
	lw_spin_lock(&lw_sc_bh_y);
	lw_spin_unlock(&lw_sc_bh_y);
	lw_spin_unlock(&lw_sc_bh_after);
	return 0;
}

/*
 * The held file (Documentation/debugfs.rst) while a softirq holds a lock:
 * bh_hold arms a timer on the last CPU whose callback takes lw_sc_bh_x and
 * keeps it until bh_release (or two seconds), and returns once it holds
 * it; the kselftest reads the file in between, from another CPU. bh_hold:
 * -EOPNOTSUPP on one CPU, -EBUSY if held already (so is bh_preempted,
 * which uses the same timer); bh_release: -EINVAL
 * without a bh_hold, -ETIMEDOUT if the two seconds ran out first.
 */
static bool lw_sc_bh_release_now, lw_sc_bh_late;

static noinline void lw_scenario_bh_hold_fn(struct timer_list *t)
{
	unsigned long limit = jiffies + 2 * HZ;

	lw_spin_lock(&lw_sc_bh_x);
	complete(&lw_sc_bh_x_held);
	while (!READ_ONCE(lw_sc_bh_release_now) && time_before(jiffies, limit))
		cpu_relax();
	lw_sc_bh_late = !READ_ONCE(lw_sc_bh_release_now);
	lw_spin_unlock(&lw_sc_bh_x);
	complete(&lw_sc_bh_timer_done);
}

static noinline int lw_scenario_bh_hold(void)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);

	if (cpu == cpumask_first(cpu_online_mask))
		return -EOPNOTSUPP;
	if (lw_sc_bh_holding)
		return -EBUSY;
	reinit_completion(&lw_sc_bh_x_held);
	reinit_completion(&lw_sc_bh_timer_done);
	WRITE_ONCE(lw_sc_bh_release_now, false);
	timer_setup(&lw_sc_bh_timer, lw_scenario_bh_hold_fn, 0);
	lw_sc_bh_timer.expires = jiffies;
	add_timer_on(&lw_sc_bh_timer, cpu);
	wait_for_completion(&lw_sc_bh_x_held);
	lw_sc_bh_holding = true;
	return 0;
}

static int lw_scenario_bh_release(void)
{
	if (!lw_sc_bh_holding)
		return -EINVAL;
	WRITE_ONCE(lw_sc_bh_release_now, true);
	wait_for_completion(&lw_sc_bh_timer_done);
	timer_delete_sync(&lw_sc_bh_timer);
	lw_sc_bh_holding = false;
	return lw_sc_bh_late ? -ETIMEDOUT : 0;
}

static LW_DEFINE_CLASS(lw_scenario_kthread_cfg, 0);
static LW_DEFINE_CLASS(lw_scenario_kthread, 0);
static LW_DEFINE_MUTEX(lw_sc_kthread_cfg, &lw_scenario_kthread_cfg);
static struct lw_kthread lw_sc_kthread;
static DECLARE_COMPLETION(lw_sc_kthread_took);

/* The thread: takes lw_sc_kthread_cfg once, then waits to be stopped. */
static noinline int lw_scenario_kthread_fn(void *data)
{
	lw_mutex_lock(&lw_sc_kthread_cfg);
	lw_mutex_unlock(&lw_sc_kthread_cfg);
	complete(&lw_sc_kthread_took);
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

/* The stopper: holds @m while it stops the thread. */
static noinline void lw_scenario_kthread_stop_under(struct lw_mutex *m)
{
	lw_mutex_lock(m);
	lw_kthread_stop(&lw_sc_kthread);
	lw_mutex_unlock(m);
}

/*
 * A kthread stopped under the mutex it takes: a cycle lockwarden finds
 * and lockdep, with no model of kthread_stop(), does not. The thread has
 * let the mutex go when it is stopped: nothing deadlocks. @m is the mutex
 * held at the stop, or NULL for the counterpart.
 */
static int lw_scenario_kthread_with(struct lw_mutex *m)
{
	reinit_completion(&lw_sc_kthread_took);
	lw_kthread_run(&lw_sc_kthread, lw_scenario_kthread_fn, NULL, "lw_sc_kthread",
		       &lw_scenario_kthread);
	if (IS_ERR(lw_sc_kthread.task))
		return PTR_ERR(lw_sc_kthread.task);
	wait_for_completion(&lw_sc_kthread_took);
	if (m)
		lw_scenario_kthread_stop_under(m);
	else
		lw_kthread_stop(&lw_sc_kthread);
	return 0;
}

static noinline int lw_scenario_kthread_stop(void)
{
	return lw_scenario_kthread_with(&lw_sc_kthread_cfg);
}

static noinline int lw_scenario_kthread_stop_ok(void)
{
	return lw_scenario_kthread_with(NULL);
}

static LW_DEFINE_CLASS(lw_scenario_cv_lock, 0);
static LW_DEFINE_CLASS(lw_scenario_cv, 0);
static LW_DEFINE_MUTEX(lw_sc_cv_lock, &lw_scenario_cv_lock);
static struct lw_condvar lw_sc_cv;
static bool lw_sc_cv_ready;	/* the condition, under lw_sc_cv_lock */

/* The waiter: sleeps a jiffy on lw_sc_cv holding lw_sc_cfg (nobody notifies). */
static noinline void lw_scenario_cv_wait(void)
{
	lw_mutex_lock(&lw_sc_cfg);
	lw_mutex_lock(&lw_sc_cv_lock);
	lw_condvar_wait_event_timeout(&lw_sc_cv, &lw_sc_cv_lock, READ_ONCE(lw_sc_cv_ready), 1);
	lw_mutex_unlock(&lw_sc_cv_lock);
	lw_mutex_unlock(&lw_sc_cfg);
}

/* The notifier: takes lw_sc_cfg, then notifies lw_sc_cv. */
static noinline void lw_scenario_cv_notify(void)
{
	lw_mutex_lock(&lw_sc_cfg);
	lw_condvar_notify_all(&lw_sc_cv);
	lw_mutex_unlock(&lw_sc_cfg);
}

/*
 * A condition variable slept on holding the lock its notifier takes first:
 * the waiter keeps lw_sc_cfg until notified. The cycle is lw_sc_cfg and the
 * condvar's class; its own mutex, given up for the sleep, takes no part.
 */
static noinline int lw_scenario_condvar(void)
{
	lw_condvar_init(&lw_sc_cv, &lw_scenario_cv);
	lw_scenario_cv_wait();
	lw_scenario_cv_notify();
	return 0;
}

/*
 * Its counterpart: the waiter holds only the condvar's mutex, and the
 * notifier notifies under that mutex, the usual way.
 */
static noinline int lw_scenario_condvar_ok(void)
{
	lw_condvar_init(&lw_sc_cv, &lw_scenario_cv);
	lw_mutex_lock(&lw_sc_cv_lock);
	lw_condvar_wait_event_timeout(&lw_sc_cv, &lw_sc_cv_lock, READ_ONCE(lw_sc_cv_ready), 1);
	lw_mutex_unlock(&lw_sc_cv_lock);
	lw_mutex_lock(&lw_sc_cv_lock);
	lw_condvar_notify_one(&lw_sc_cv);
	lw_mutex_unlock(&lw_sc_cv_lock);
	return 0;
}

/* A condvar waited on without its mutex; the condition is true: no sleep. */
static noinline int lw_scenario_condvar_unlocked(void)
	__lw_no_tsa
{
	lw_condvar_init(&lw_sc_cv, &lw_scenario_cv);
	WRITE_ONCE(lw_sc_cv_ready, true);
	lw_condvar_wait_event(&lw_sc_cv, &lw_sc_cv_lock, READ_ONCE(lw_sc_cv_ready));
	WRITE_ONCE(lw_sc_cv_ready, false);
	return 0;
}

static LW_DEFINE_CLASS(lw_scenario_guard, 0);
static LW_MUTEX_GUARDED(lw_sc_guarded, int);

/* The guarded data under a scoped guard: never a finding. */
static noinline int lw_scenario_guarded(void)
{
	lw_mutex_guard(&lw_sc_guarded, value);

	(*value)++;
	return 0;
}

/* The guarded data reached without its lock. */
static noinline int lw_scenario_unguarded(void)
	__lw_no_tsa
{
	(*lw_guarded(&lw_sc_guarded))++;
	return 0;
}

/* === Ownership moves: a task and a work item pass one object === */

struct lw_sc_owned {
	struct lw_owned own;
	int value;
};

static struct lw_sc_owned lw_sc_obj;

/* What the work item does with the object. */
enum lw_sc_work_op {
	LW_SC_TAKE,		/* take it, use it, keep it */
	LW_SC_TAKE_GIVE,	/* take it, use it, give it back */
	LW_SC_USE,		/* use it without taking it */
};

static enum lw_sc_work_op lw_sc_op;

static noinline void lw_sc_owned_work(struct work_struct *work)
{
	if (lw_sc_op != LW_SC_USE)
		lw_owned_take(&lw_sc_obj.own);
	lw_owned_get(&lw_sc_obj.own, &lw_sc_obj)->value++;
	if (lw_sc_op == LW_SC_TAKE_GIVE)
		lw_owned_give(&lw_sc_obj.own);
}

static DECLARE_WORK(lw_sc_work, lw_sc_owned_work);

/* Run lw_sc_owned_work() doing @op on a kworker, and wait for it. */
static void lw_sc_in_work(enum lw_sc_work_op op)
{
	lw_sc_op = op;
	queue_work(system_wq, &lw_sc_work);
	flush_work(&lw_sc_work);
}

/*
 * Set the object up here and give it to a work item doing @op. Inlined:
 * the scenario calling it is the owner and the giver the findings name.
 */
static __always_inline void lw_sc_give_to_work(enum lw_sc_work_op op)
{
	lw_owned_init(&lw_sc_obj.own);
	lw_owned_give(&lw_sc_obj.own);
	lw_sc_in_work(op);
}

/* Give to a work item, which uses it and gives it back: never a finding. */
static noinline int lw_scenario_owned_move(void)
{
	lw_sc_give_to_work(LW_SC_TAKE_GIVE);
	lw_owned_take(&lw_sc_obj.own);
	lw_owned_get(&lw_sc_obj.own, &lw_sc_obj)->value++;
	lw_owned_destroy(&lw_sc_obj.own);
	return 0;
}

/* The giver uses the object after the work item took it. */
static noinline int lw_scenario_use_after_move(void)
{
	lw_sc_give_to_work(LW_SC_TAKE);
	lw_owned_get(&lw_sc_obj.own, &lw_sc_obj)->value++;
	return 0;
}

/* The giver takes back an object the work item already took. */
static noinline int lw_scenario_double_take(void)
{
	lw_sc_give_to_work(LW_SC_TAKE);
	lw_owned_take(&lw_sc_obj.own);
	return 0;
}

/* The work item uses an object it was never given. */
static noinline int lw_scenario_not_owner(void)
{
	lw_owned_init(&lw_sc_obj.own);
	lw_sc_in_work(LW_SC_USE);
	return 0;
}

/* The giver frees an object the work item owns. */
static noinline int lw_scenario_freed_owned(void)
{
	lw_sc_give_to_work(LW_SC_TAKE);
	lw_owned_destroy(&lw_sc_obj.own);
	return 0;
}

/* === Poisoning, by a guard and by a task exiting with the lock held === */

static LW_DEFINE_CLASS(lw_scenario_poisoned, 0);
static LW_MUTEX_GUARDED(lw_sc_poisoned, int);

/* A _check lock of data never poisoned: 0, never a finding. */
static noinline int lw_scenario_guarded_check(void)
{
	int *v, err;

	err = lw_mutex_lock_guarded_check(&lw_sc_poisoned, &v);
	(*v)++;
	lw_mutex_unlock_guarded(&lw_sc_poisoned);
	return err ? -EIO : 0;
}

/*
 * Poisoned under the lock: the next _check lock gets -EOWNERDEAD with the
 * lock held (a finding); after lw_clear_poison(), 0. -EIO otherwise.
 */
static noinline int lw_scenario_poison(void)
{
	int *v = lw_mutex_lock_guarded(&lw_sc_poisoned);
	int err;

	(*v)++;
	lw_poison(&lw_sc_poisoned);
	lw_mutex_unlock_guarded(&lw_sc_poisoned);
	err = lw_mutex_lock_guarded_check(&lw_sc_poisoned, &v);
	lw_mutex_unlock_guarded(&lw_sc_poisoned);
	if (err != -EOWNERDEAD)
		return -EIO;
	lw_clear_poison(&lw_sc_poisoned);
	return lw_scenario_guarded_check();
}

static LW_DEFINE_CLASS(lw_scenario_exiting, 0);
static LW_MUTEX_GUARDED(lw_sc_exiting, int);
static bool lw_sc_exit_unlocks;

/* A kthread that returns holding the guarded mutex, unless told to unlock. */
static noinline int lw_sc_exit_thread(void *arg)
	__lw_no_tsa
{
	(*lw_mutex_lock_guarded(&lw_sc_exiting))++;
	if (READ_ONCE(lw_sc_exit_unlocks)) {
		lw_mutex_unlock_guarded(&lw_sc_exiting);
		return 0;
	}
	__release(&lw_sc_exiting.lock);	/* for sparse: held past the exit on purpose */
	return 0;
}

/*
 * Run lw_sc_exit_thread() and wait until it has passed do_exit()'s exit
 * hook (exit_notify() sets exit_state after it). The mutex must be free
 * then, and its data poisoned exactly when the kthread held it: -ETIMEDOUT,
 * -EBUSY or -EIO otherwise. The poison is cleared for the next run.
 */
static noinline int lw_sc_run_exit(bool unlocks)
{
	unsigned long end = jiffies + 30 * HZ;
	struct task_struct *task;
	bool exited;
	int *v, err;

	WRITE_ONCE(lw_sc_exit_unlocks, unlocks);
	task = kthread_create(lw_sc_exit_thread, NULL, "lw_sc_exit");
	if (IS_ERR(task))
		return PTR_ERR(task);
	get_task_struct(task);
	wake_up_process(task);
	while (!READ_ONCE(task->exit_state) && time_before(jiffies, end))
		msleep(20);
	exited = READ_ONCE(task->exit_state);
	put_task_struct(task);
	if (!exited)
		return -ETIMEDOUT;
	if (!lw_mutex_trylock(&lw_sc_exiting.lock))
		return -EBUSY;
	lw_mutex_unlock(&lw_sc_exiting.lock);
	err = lw_mutex_lock_guarded_check(&lw_sc_exiting, &v);
	lw_mutex_unlock_guarded(&lw_sc_exiting);
	lw_clear_poison(&lw_sc_exiting);
	return err == (unlocks ? 0 : -EOWNERDEAD) ? 0 : -EIO;
}

static int lw_scenario_exit_held(void)
{
	return lw_sc_run_exit(false);
}

static int lw_scenario_exit_clean(void)
{
	return lw_sc_run_exit(true);
}

static bool lw_scenario_holding;

/* Leaves lock_a held on return: unloading the module then is a finding. */
static noinline int lw_scenario_hold(void)
	__lw_no_tsa
{
	lw_mutex_lock(&lock_a);
	__release(&lock_a);	/* for sparse: held past the return on purpose */
	/* Not a tail call, so the report names this function. */
	WRITE_ONCE(lw_scenario_holding, true);
	return 0;
}

/*
 * A spinning lock held across a switch-on, which then cannot end
 * (lw_set_enabled()): switch_hold starts a kthread that takes it and spins
 * holding it; switch_release stops that kthread and waits for an RCU grace
 * period, after which the switch-on ends; switch_abba takes two mutexes in
 * both orders, a cycle once checking is fully on again.
 */
static LW_DEFINE_CLASS(lw_sc_switch_spin, 0);
static LW_DEFINE_CLASS(lw_sc_switch_a, 0);
static LW_DEFINE_CLASS(lw_sc_switch_b, 0);
static struct lw_spinlock lw_sc_switch_lock;
static struct lw_mutex lw_sc_switch_lock_a, lw_sc_switch_lock_b;
static struct task_struct *lw_sc_switch_holder;
static DECLARE_COMPLETION(lw_sc_switch_held);

static int lw_sc_switch_fn(void *arg)
{
	lw_spin_lock(&lw_sc_switch_lock);
	complete(&lw_sc_switch_held);
	while (!kthread_should_stop())
		cpu_relax();
	lw_spin_unlock(&lw_sc_switch_lock);
	return 0;
}

static int lw_scenario_switch_hold(void)
{
	struct task_struct *t;

	if (lw_sc_switch_holder)
		return -EBUSY;
	reinit_completion(&lw_sc_switch_held);
	t = kthread_run(lw_sc_switch_fn, NULL, "lw_sc_switch");
	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t);
	lw_sc_switch_holder = t;
	wait_for_completion(&lw_sc_switch_held);
	return 0;
}

static void lw_sc_switch_stop(void)
{
	if (!lw_sc_switch_holder)
		return;
	kthread_stop(lw_sc_switch_holder);
	put_task_struct(lw_sc_switch_holder);
	lw_sc_switch_holder = NULL;
}

static int lw_scenario_switch_release(void)
{
	if (!lw_sc_switch_holder)
		return -ENOENT;
	lw_sc_switch_stop();
	synchronize_rcu();
	return 0;
}

static noinline int lw_scenario_switch_abba(void)
{
	lw_sc_mutex_nest(&lw_sc_switch_lock_a, &lw_sc_switch_lock_b);
	lw_sc_mutex_nest(&lw_sc_switch_lock_b, &lw_sc_switch_lock_a);
	return 0;
}

/*
 * A hold lockwarden has no record of, with a record of another task's
 * pushed for the same lock: a task that began to wait for a spinlock_t
 * while checking was off and gets it after the switch-on on PREEMPT_RT
 * (where it sleeps, outside the grace period the switch-on waits for), or
 * one that took the kernel lock behind lockwarden's back. unseen_<type>
 * starts a kthread that takes the kernel lock inside an lw_<type> itself,
 * then a late kthread that waits for it through the wrapper (its entry
 * pushed first), then lets the first reach the lock's data through
 * lw_locked_by() and release it through the wrapper. The kernel names the
 * owner of a mutex on every kernel, of a spinlock_t and a write-held
 * rwlock_t on PREEMPT_RT only (elsewhere: -EOPNOTSUPP). unseen_unlocked
 * reaches the data of the last type played without its lock.
 */
enum lw_sc_unseen_type { LW_SC_UNSEEN_MUTEX, LW_SC_UNSEEN_SPIN, LW_SC_UNSEEN_RWLOCK };
enum lw_sc_unseen_role { LW_SC_UNSEEN, LW_SC_LATE, LW_SC_ROLES };
enum lw_sc_unseen_state { LW_SC_STARTED, LW_SC_LOCKING, LW_SC_GOT, LW_SC_DONE };

static LW_DEFINE_CLASS(lw_sc_unseen_mutex, 0);
static LW_DEFINE_CLASS(lw_sc_unseen_spin, 0);
static LW_DEFINE_CLASS(lw_sc_unseen_rwlock, 0);
static struct lw_mutex lw_sc_unseen_m;
static struct lw_spinlock lw_sc_unseen_s;
static struct lw_rwlock lw_sc_unseen_rw;
static int lw_sc_unseen_data;
static enum lw_sc_unseen_type lw_sc_unseen_type;
static struct task_struct *lw_sc_unseen_task[LW_SC_ROLES];
static atomic_t lw_sc_unseen_state[LW_SC_ROLES];
static bool lw_sc_unseen_let_go;

/*
 * The hold lockwarden has no record of, until let go: a spinlock_t's or an
 * rwlock_t's holder spins (preemptible: PREEMPT_RT only).
 */
static void lw_sc_unseen_held(bool sleeps)
{
	atomic_set(&lw_sc_unseen_state[LW_SC_UNSEEN], LW_SC_GOT);
	while (!READ_ONCE(lw_sc_unseen_let_go)) {
		if (sleeps)
			cond_resched();
		cpu_relax();
	}
}

/* The kernel lock taken itself, released through the wrapper. */
static int lw_sc_unseen_fn(void *arg)
	__lw_no_tsa
{
	atomic_set(&lw_sc_unseen_state[LW_SC_UNSEEN], LW_SC_LOCKING);
	switch (lw_sc_unseen_type) {
	case LW_SC_UNSEEN_MUTEX:
		mutex_lock(&lw_sc_unseen_m.lock);
		__acquire(&lw_sc_unseen_m);	/* for sparse: mutex_lock() counts no hold */
		lw_sc_unseen_held(true);
		WRITE_ONCE(*lw_locked_by(&lw_sc_unseen_data, &lw_sc_unseen_m), 1);
		lw_mutex_unlock(&lw_sc_unseen_m);
		break;
	case LW_SC_UNSEEN_SPIN:
		spin_lock(&lw_sc_unseen_s.lock);
		lw_sc_unseen_held(false);
		WRITE_ONCE(*lw_locked_by(&lw_sc_unseen_data, &lw_sc_unseen_s), 1);
		lw_spin_unlock(&lw_sc_unseen_s);
		break;
	case LW_SC_UNSEEN_RWLOCK:
		write_lock(&lw_sc_unseen_rw.lock);
		lw_sc_unseen_held(false);
		WRITE_ONCE(*lw_locked_by(&lw_sc_unseen_data, &lw_sc_unseen_rw), 1);
		lw_write_unlock(&lw_sc_unseen_rw);
		break;
	}
	atomic_set(&lw_sc_unseen_state[LW_SC_UNSEEN], LW_SC_DONE);
	return 0;
}

/* The late waiter: through the wrappers, recorded before it waits. */
static int lw_sc_unseen_late_fn(void *arg)
{
	atomic_set(&lw_sc_unseen_state[LW_SC_LATE], LW_SC_LOCKING);
	switch (lw_sc_unseen_type) {
	case LW_SC_UNSEEN_MUTEX:
		lw_mutex_lock(&lw_sc_unseen_m);
		lw_mutex_unlock(&lw_sc_unseen_m);
		break;
	case LW_SC_UNSEEN_SPIN:
		lw_spin_lock(&lw_sc_unseen_s);
		lw_spin_unlock(&lw_sc_unseen_s);
		break;
	case LW_SC_UNSEEN_RWLOCK:
		lw_write_lock(&lw_sc_unseen_rw);
		lw_write_unlock(&lw_sc_unseen_rw);
		break;
	}
	atomic_set(&lw_sc_unseen_state[LW_SC_LATE], LW_SC_DONE);
	return 0;
}

static int lw_sc_unseen_start(enum lw_sc_unseen_role role)
{
	struct task_struct *t;

	atomic_set(&lw_sc_unseen_state[role], LW_SC_STARTED);
	t = kthread_run(role == LW_SC_LATE ? lw_sc_unseen_late_fn : lw_sc_unseen_fn, NULL,
			"lw_sc_unseen/%d", role);
	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t);
	lw_sc_unseen_task[role] = t;
	return 0;
}

/*
 * Wait up to 10 s for @role's kthread to reach @state, or with
 * LW_SC_LOCKING to wait inside its lock call (not running).
 */
static int lw_sc_unseen_until(enum lw_sc_unseen_role role, enum lw_sc_unseen_state state)
{
	unsigned int ms;

	for (ms = 0; ms < 10000; ms += 10) {
		int now = atomic_read(&lw_sc_unseen_state[role]);

		if (state == LW_SC_LOCKING ?
		    now == state && !task_is_running(lw_sc_unseen_task[role]) : now >= state)
			return 0;
		usleep_range(10000, 11000);
	}
	return -ETIMEDOUT;
}

/* Let the kthreads of unseen_<type> go and end (the module's exit too). */
static void lw_sc_unseen_stop(void)
{
	int role;

	WRITE_ONCE(lw_sc_unseen_let_go, true);
	for (role = 0; role < LW_SC_ROLES; role++) {
		if (!lw_sc_unseen_task[role])
			continue;
		kthread_stop(lw_sc_unseen_task[role]);
		put_task_struct(lw_sc_unseen_task[role]);
		lw_sc_unseen_task[role] = NULL;
	}
}

static int lw_sc_unseen(enum lw_sc_unseen_type type)
{
	int ret;

	if (type != LW_SC_UNSEEN_MUTEX && !IS_ENABLED(CONFIG_PREEMPT_RT))
		return -EOPNOTSUPP;
	lw_sc_unseen_type = type;
	WRITE_ONCE(lw_sc_unseen_let_go, false);
	ret = lw_sc_unseen_start(LW_SC_UNSEEN);
	if (!ret)
		ret = lw_sc_unseen_until(LW_SC_UNSEEN, LW_SC_GOT);
	if (!ret)
		ret = lw_sc_unseen_start(LW_SC_LATE);
	if (!ret)
		ret = lw_sc_unseen_until(LW_SC_LATE, LW_SC_LOCKING);
	WRITE_ONCE(lw_sc_unseen_let_go, true);
	if (!ret)
		ret = lw_sc_unseen_until(LW_SC_LATE, LW_SC_DONE);
	lw_sc_unseen_stop();
	return ret;
}

static int lw_scenario_unseen_mutex(void)
{
	return lw_sc_unseen(LW_SC_UNSEEN_MUTEX);
}

static int lw_scenario_unseen_spin(void)
{
	return lw_sc_unseen(LW_SC_UNSEEN_SPIN);
}

static int lw_scenario_unseen_rwlock(void)
{
	return lw_sc_unseen(LW_SC_UNSEEN_RWLOCK);
}

static noinline int lw_scenario_unseen_unlocked(void)
	__lw_no_tsa
{
	switch (lw_sc_unseen_type) {
	case LW_SC_UNSEEN_MUTEX:
		WRITE_ONCE(*lw_locked_by(&lw_sc_unseen_data, &lw_sc_unseen_m), 0);
		break;
	case LW_SC_UNSEEN_SPIN:
		WRITE_ONCE(*lw_locked_by(&lw_sc_unseen_data, &lw_sc_unseen_s), 0);
		break;
	case LW_SC_UNSEEN_RWLOCK:
		WRITE_ONCE(*lw_locked_by(&lw_sc_unseen_data, &lw_sc_unseen_rw), 0);
		break;
	}
	return 0;
}

/*
 * An ABBA between classes whose names need escaping in findings.json and
 * replacing in the tabular files: a quote, a backslash, a TAB, a control
 * byte and a byte above 0x7e.
 */
static struct lw_class lw_sc_odd_a = { .name = "lw_sc_odd\"q\\\t\x01\xe9" };
static struct lw_class lw_sc_odd_b = { .name = "lw_sc_odd_b" };
static struct lw_mutex lw_sc_odd_lock_a, lw_sc_odd_lock_b;

static noinline int lw_scenario_odd_names(void)
{
	lw_sc_mutex_nest(&lw_sc_odd_lock_a, &lw_sc_odd_lock_b);
	lw_sc_mutex_nest(&lw_sc_odd_lock_b, &lw_sc_odd_lock_a);
	return 0;
}

/* Declared ranks taken the wrong way round: a rank violation. */
static LW_DEFINE_CLASS(lw_sc_rank_lo, 1);
static LW_DEFINE_CLASS(lw_sc_rank_hi, 2);
static struct lw_mutex lw_sc_rank_lock_lo, lw_sc_rank_lock_hi;

static noinline int lw_scenario_rank(void)
{
	lw_sc_mutex_nest(&lw_sc_rank_lock_hi, &lw_sc_rank_lock_lo);
	return 0;
}

/* === Full pools (pools_test.sh loads lockwarden with tiny ones) === */

/*
 * Eight sleeping locks whose classes register first (their modules'
 * classes fill a table of 16 in init order): lock_a, lock_b, and abba's
 * first two mutexes, rwsems and read-side rwsems, the rwsems taken for
 * writing.
 */
#define LW_SC_POOL_LOCKS	8

/* Pool lock i: lw_sc_pool_mutex[i], or for i >= 4 lw_sc_pool_rwsem[i - 4]. */
static struct lw_mutex *const lw_sc_pool_mutex[] = {
	&lock_a, &lock_b, &lw_sc_mutex[0][0], &lw_sc_mutex[0][1],
};

static struct lw_rwsem *const lw_sc_pool_rwsem[] = {
	&lw_sc_rwsem[0][0], &lw_sc_rwsem[0][1], &lw_sc_rwsem_read[0][0], &lw_sc_rwsem_read[0][1],
};

static_assert(ARRAY_SIZE(lw_sc_pool_mutex) + ARRAY_SIZE(lw_sc_pool_rwsem) == LW_SC_POOL_LOCKS);

/* For sparse: the helpers below hold and release one of these locks each. */
static int lw_sc_pool_ctx __maybe_unused;

static void lw_sc_pool_lock(unsigned int i)
	__lw_no_tsa
{
	if (i < 4)
		lw_mutex_lock(lw_sc_pool_mutex[i]);
	else
		lw_down_write(lw_sc_pool_rwsem[i - 4]);
	__release(&lw_sc_pool_ctx);	/* for sparse: held past the return */
}

static bool lw_sc_pool_trylock(unsigned int i)
	__lw_no_tsa
{
	if (i < 4) {
		if (!lw_mutex_trylock(lw_sc_pool_mutex[i]))
			return false;
	} else if (!lw_down_write_trylock(lw_sc_pool_rwsem[i - 4])) {
		return false;
	}
	__release(&lw_sc_pool_ctx);	/* for sparse: held past the return */
	return true;
}

static void lw_sc_pool_unlock(unsigned int i)
	__lw_no_tsa
{
	__acquire(&lw_sc_pool_ctx);	/* for sparse: taken by lw_sc_pool_lock() */
	if (i < 4)
		lw_mutex_unlock(lw_sc_pool_mutex[i]);
	else
		lw_up_write(lw_sc_pool_rwsem[i - 4]);
}

/* Many new dependencies, in one consistent order: each pair, lower first. */
static noinline int lw_scenario_edges(void)
{
	unsigned int i, j;

	for (i = 0; i < LW_SC_POOL_LOCKS; i++) {
		for (j = i + 1; j < LW_SC_POOL_LOCKS; j++) {
			lw_sc_pool_lock(i);
			lw_sc_pool_lock(j);
			lw_sc_pool_unlock(j);
			lw_sc_pool_unlock(i);
		}
	}
	return 0;
}

/* Many distinct lock chains and no new dependency: triples, two by trylock. */
static noinline int lw_scenario_chains(void)
{
	unsigned int i, j, k;

	for (i = 0; i < LW_SC_POOL_LOCKS; i++) {
		for (j = 0; j < LW_SC_POOL_LOCKS; j++) {
			if (j == i)
				continue;
			lw_sc_pool_lock(i);
			if (lw_sc_pool_trylock(j)) {
				for (k = 0; k < LW_SC_POOL_LOCKS; k++) {
					if (k != i && k != j && lw_sc_pool_trylock(k))
						lw_sc_pool_unlock(k);
				}
				lw_sc_pool_unlock(j);
			}
			lw_sc_pool_unlock(i);
		}
	}
	return 0;
}

/* More live tasks holding a tracked lock once than max_tasks allows for. */
#define LW_SC_TASKS	64

static DECLARE_COMPLETION(lw_sc_tasks_go);
static atomic_t lw_sc_tasks_locked;
static atomic_t lw_sc_tasks_left;
static DECLARE_COMPLETION(lw_sc_tasks_done);

static int lw_sc_task_fn(void *arg)
{
	lw_mutex_lock(&lock_a);
	lw_mutex_unlock(&lock_a);
	atomic_inc(&lw_sc_tasks_locked);
	wait_for_completion(&lw_sc_tasks_go);
	if (atomic_dec_and_test(&lw_sc_tasks_left))
		complete(&lw_sc_tasks_done);
	return 0;
}

static int lw_scenario_tasks(void)
{
	unsigned int i, started = 0;

	reinit_completion(&lw_sc_tasks_go);
	reinit_completion(&lw_sc_tasks_done);
	atomic_set(&lw_sc_tasks_locked, 0);
	atomic_set(&lw_sc_tasks_left, 1);
	for (i = 0; i < LW_SC_TASKS; i++) {
		atomic_inc(&lw_sc_tasks_left);
		if (IS_ERR(kthread_run(lw_sc_task_fn, NULL, "lw_sc_task%u", i)))
			atomic_dec(&lw_sc_tasks_left);
		else
			started++;
	}
	/* All alive at once, each having taken the lock: however slow. */
	while (atomic_read(&lw_sc_tasks_locked) < started)
		msleep(20);
	complete_all(&lw_sc_tasks_go);
	if (!atomic_dec_and_test(&lw_sc_tasks_left))
		wait_for_completion(&lw_sc_tasks_done);
	return started == LW_SC_TASKS ? 0 : -ENOMEM;
}

/*
 * More updates for one task's stack than it queues: a kthread holds locks
 * of six dynamic classes, which are unregistered while it holds them (a
 * finding each, the same one); then it releases them, with no other.
 */
#define LW_SC_DYN	6

static struct lw_class *lw_sc_dyn;	/* in allocated memory, as lw_class_register() wants */
static struct lw_mutex lw_sc_dyn_lock[LW_SC_DYN];
static DECLARE_COMPLETION(lw_sc_dyn_held);
static DECLARE_COMPLETION(lw_sc_dyn_gone);

static int lw_sc_dyn_fn(void *arg)
	__lw_no_tsa
{
	unsigned int i;

	for (i = 0; i < LW_SC_DYN; i++) {
		lw_mutex_lock(&lw_sc_dyn_lock[i]);
		__release(&lw_sc_dyn_lock[i]);	/* for sparse: held past the loop */
	}
	complete(&lw_sc_dyn_held);
	wait_for_completion(&lw_sc_dyn_gone);
	for (i = LW_SC_DYN; i-- > 0;) {
		__acquire(&lw_sc_dyn_lock[i]);
		lw_mutex_unlock(&lw_sc_dyn_lock[i]);
	}
	complete(&lw_sc_dyn_held);
	return 0;
}

static int lw_scenario_requests(void)
{
	unsigned int i;
	int ret = 0;

	reinit_completion(&lw_sc_dyn_held);
	reinit_completion(&lw_sc_dyn_gone);
	lw_sc_dyn = kcalloc(LW_SC_DYN, sizeof(*lw_sc_dyn), GFP_KERNEL);
	if (!lw_sc_dyn)
		return -ENOMEM;
	for (i = 0; i < LW_SC_DYN; i++) {
		lw_sc_dyn[i].name = "lw_sc_dynamic";
		ret = ret ?: lw_class_register(&lw_sc_dyn[i]);
		lw_mutex_init(&lw_sc_dyn_lock[i], &lw_sc_dyn[i]);
	}
	if (ret || IS_ERR(kthread_run(lw_sc_dyn_fn, NULL, "lw_sc_requests"))) {
		for (i = 0; i < LW_SC_DYN; i++)
			lw_class_unregister(&lw_sc_dyn[i]);
		kfree(lw_sc_dyn);
		return ret ?: -ENOMEM;
	}
	wait_for_completion(&lw_sc_dyn_held);
	reinit_completion(&lw_sc_dyn_held);
	for (i = 0; i < LW_SC_DYN; i++)
		lw_class_unregister(&lw_sc_dyn[i]);
	complete(&lw_sc_dyn_gone);
	wait_for_completion(&lw_sc_dyn_held);
	kfree(lw_sc_dyn);
	for (i = 0; i < LW_SC_DYN; i++)
		if (mutex_is_locked(&lw_sc_dyn_lock[i].lock))
			return -EBUSY;
	return 0;
}

/*
 * Tables filled for a measurement (tools/vm/irqsoff): lw_sc_fill dynamic
 * classes, a mutex each; the dependencies i -> i + d for d = 1..8 (as many
 * chains); and a cycle, a finding, for each of the first quarter. The
 * classes are unregistered when the module unloads.
 */
static unsigned int lw_sc_fill;
module_param_named(fill, lw_sc_fill, uint, 0644);
MODULE_PARM_DESC(fill, "Classes the fill scenario registers (default 0: none)");

#define LW_SC_FILL_NAME		24

static struct lw_class *lw_sc_fill_classes;
static struct lw_mutex *lw_sc_fill_locks;
static char (*lw_sc_fill_names)[LW_SC_FILL_NAME];	/* distinct: distinct findings */
static unsigned int lw_sc_filled;

static void lw_sc_fill_pair(unsigned int a, unsigned int b)
{
	lw_sc_mutex_nest(&lw_sc_fill_locks[a], &lw_sc_fill_locks[b]);
}

static int lw_scenario_fill(void)
{
	unsigned int n = lw_sc_fill, i, d;

	if (lw_sc_filled || !n)
		return -EINVAL;
	lw_sc_fill_classes = kvcalloc(n, sizeof(*lw_sc_fill_classes), GFP_KERNEL);
	lw_sc_fill_locks = kvcalloc(n, sizeof(*lw_sc_fill_locks), GFP_KERNEL);
	lw_sc_fill_names = kvcalloc(n, sizeof(*lw_sc_fill_names), GFP_KERNEL);
	if (!lw_sc_fill_classes || !lw_sc_fill_locks || !lw_sc_fill_names) {
		kvfree(lw_sc_fill_classes);
		kvfree(lw_sc_fill_locks);
		kvfree(lw_sc_fill_names);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		snprintf(lw_sc_fill_names[i], LW_SC_FILL_NAME, "lw_sc_fill%u", i);
		lw_sc_fill_classes[i].name = lw_sc_fill_names[i];
		if (lw_class_register(&lw_sc_fill_classes[i]))
			break;
		lw_mutex_init(&lw_sc_fill_locks[i], &lw_sc_fill_classes[i]);
	}
	lw_sc_filled = i;
	for (i = 0; i < lw_sc_filled; i++) {
		for (d = 1; d <= 8 && i + d < lw_sc_filled; d++)
			lw_sc_fill_pair(i, i + d);
		cond_resched();
	}
	for (i = 0; i + 1 < lw_sc_filled / 4; i++)
		lw_sc_fill_pair(i + 1, i);
	return 0;
}

static void lw_sc_unfill(void)
{
	unsigned int i;

	for (i = 0; i < lw_sc_filled; i++)
		lw_class_unregister(&lw_sc_fill_classes[i]);
	kvfree(lw_sc_fill_classes);
	kvfree(lw_sc_fill_locks);
	kvfree(lw_sc_fill_names);
	lw_sc_filled = 0;
}

static const struct lw_run lw_scenarios[] = {
	{ "consistent", lw_scenario_consistent },
	{ "trylock", lw_scenario_trylock },
	{ "slow", lw_scenario_slow },
	{ "contend", lw_scenario_contend },
	{ "graph_p", lw_scenario_graph_p },
	{ "graph_q", lw_scenario_graph_q },
	{ "abba", lw_scenario_abba },
	{ "hold", lw_scenario_hold },
	{ "switch_hold", lw_scenario_switch_hold },
	{ "switch_release", lw_scenario_switch_release },
	{ "switch_abba", lw_scenario_switch_abba },
	{ "unseen_mutex", lw_scenario_unseen_mutex },
	{ "unseen_spin", lw_scenario_unseen_spin },
	{ "unseen_rwlock", lw_scenario_unseen_rwlock },
	{ "unseen_unlocked", lw_scenario_unseen_unlocked },
	{ "aa_mutex", lw_scenario_aa_mutex },
	{ "aa_spin", lw_scenario_aa_spin },
	{ "aa_rwsem", lw_scenario_aa_rwsem },
	{ "aa_rwsem_read", lw_scenario_aa_rwsem_read },
	{ "aa_rwlock_read", lw_scenario_aa_rwlock_read },
	{ "rwlock_read_bh", lw_scenario_rwlock_read_bh },
	{ "rread_first", lw_scenario_rread_first },
	{ "irq_hardirq", lw_scenario_irq_hardirq },
	{ "irq_softirq", lw_scenario_irq_softirq },
	{ "irq_raw", lw_scenario_irq_raw },
	{ "irq_reenable", lw_scenario_irq_reenable },
	{ "irq_flavours", lw_scenario_irq_flavours },
	{ "irq_order", lw_scenario_irq_order },
	{ "irq_order_late", lw_scenario_irq_order_late },
	{ "irq_order_read", lw_scenario_irq_order_read },
	{ "sleep_atomic", lw_scenario_sleep_atomic },
	{ "wait_context", lw_scenario_wait_context },
	{ "wait_preempt_off", lw_scenario_wait_preempt_off },
	{ "resched_unlock", lw_scenario_resched_unlock },
	{ "completion", lw_scenario_completion },
	{ "completion_ok", lw_scenario_completion_ok },
	{ "waitqueue", lw_scenario_waitqueue },
	{ "waitqueue_ok", lw_scenario_waitqueue_ok },
	{ "work_flush", lw_scenario_work_flush },
	{ "work_flush_ok", lw_scenario_work_flush_ok },
	{ "work_self_flush", lw_scenario_work_self_flush },
	{ "timer_sync", lw_scenario_timer_sync },
	{ "timer_sync_ok", lw_scenario_timer_sync_ok },
	{ "bh_preempted", lw_scenario_bh_preempted },
	{ "bh_after_first", lw_scenario_bh_after_first },
	{ "bh_hold", lw_scenario_bh_hold },
	{ "bh_release", lw_scenario_bh_release },
	{ "kthread_stop", lw_scenario_kthread_stop },
	{ "kthread_stop_ok", lw_scenario_kthread_stop_ok },
	{ "condvar", lw_scenario_condvar },
	{ "condvar_ok", lw_scenario_condvar_ok },
	{ "condvar_unlocked", lw_scenario_condvar_unlocked },
	{ "guarded", lw_scenario_guarded },
	{ "unguarded", lw_scenario_unguarded },
	{ "odd_names", lw_scenario_odd_names },
	{ "rank", lw_scenario_rank },
	{ "owned_move", lw_scenario_owned_move },
	{ "use_after_move", lw_scenario_use_after_move },
	{ "double_take", lw_scenario_double_take },
	{ "not_owner", lw_scenario_not_owner },
	{ "freed_owned", lw_scenario_freed_owned },
	{ "guarded_check", lw_scenario_guarded_check },
	{ "poison", lw_scenario_poison },
	{ "exit_held", lw_scenario_exit_held },
	{ "exit_clean", lw_scenario_exit_clean },
	{ "edges", lw_scenario_edges },
	{ "chains", lw_scenario_chains },
	{ "tasks", lw_scenario_tasks },
	{ "requests", lw_scenario_requests },
	{ "fill", lw_scenario_fill },
	{ }
};

/* A name not in lw_scenarios[]: a lockdep shape on a lock type, or none. */
static int lw_scenario_other(const char *val, size_t len)
{
	if (!lw_scenario_shape_run(val, len)) {
		pr_info("ran %.*s\n", (int)len, val);
		return 0;
	}
	pr_err("unknown scenario '%.*s'\n", (int)min_t(size_t, len, 32), val);
	return -EINVAL;
}

LW_RUN_PARAM(lw_scenarios, lw_scenario_other);
MODULE_PARM_DESC(run, "Scenario: consistent, trylock, slow, contend, graph_<p|q>, abba, hold, switch_<hold|release|abba>, unseen_<mutex|spin|rwlock|unlocked>, <shape>_<type> (abba, abbcca, abcabc, abbccdda, abcdbdda, abcdbcda; mutex, spin, rwsem, rwsem_read, rwlock, rwlock_read), aa_<mutex|spin|rwsem|rwsem_read|rwlock_read>, rwlock_read_bh, rread_first, irq_<hardirq|softirq|reenable>, irq_order, irq_order_late, irq_order_read, sleep_atomic, wait_context, wait_preempt_off, resched_unlock, completion, completion_ok, waitqueue, waitqueue_ok, work_flush, work_flush_ok, work_self_flush, timer_sync, timer_sync_ok, kthread_stop, kthread_stop_ok, condvar, condvar_ok, condvar_unlocked, guarded, unguarded, odd_names, rank, owned_move, use_after_move, double_take, not_owner, freed_owned, guarded_check, poison, exit_held, exit_clean, edges, chains, tasks, requests, fill");

static bool lw_sc_init_order;
module_param_named(init_order, lw_sc_init_order, bool, 0444);
MODULE_PARM_DESC(init_order, "Take lw_scenario_a, then lw_scenario_b, in the init function: a dependency learned in init code, freed after it");

static int __init lw_scenario_init(void)
{
	unsigned int s, t, i;

	lw_mutex_init(&lock_a, &lw_scenario_a);
	lw_mutex_init(&lock_b, &lw_scenario_b);
	lw_mutex_guarded_init(&lw_sc_guarded, &lw_scenario_guard);
	lw_mutex_guarded_init(&lw_sc_poisoned, &lw_scenario_poisoned);
	lw_mutex_guarded_init(&lw_sc_exiting, &lw_scenario_exiting);
	for (s = 0; s < LW_SC_NSHAPES; s++) {
		for (t = 0; t < LW_SC_TYPES; t++) {
			for (i = 0; i < 4; i++) {
				snprintf(lw_sc_names[s][t][i], LW_SC_NAME_LEN, "lw_sc_%s_%s_%c",
					 lw_sc_types[t].name, lw_sc_shapes[s].name, 'a' + i);
				lw_sc_classes[s][t][i].name = lw_sc_names[s][t][i];
			}
		}
		for (i = 0; i < 4; i++) {
			struct lw_class (*c)[4] = lw_sc_classes[s];

			lw_mutex_init(&lw_sc_mutex[s][i], &c[LW_SC_MUTEX][i]);
			lw_spin_lock_init(&lw_sc_spin[s][i], &c[LW_SC_SPIN][i]);
			lw_init_rwsem(&lw_sc_rwsem[s][i], &c[LW_SC_RWSEM][i]);
			lw_init_rwsem(&lw_sc_rwsem_read[s][i], &c[LW_SC_RWSEM_READ][i]);
			lw_rwlock_init(&lw_sc_rwlock[s][i], &c[LW_SC_RWLOCK][i]);
			lw_rwlock_init(&lw_sc_rwlock_read[s][i], &c[LW_SC_RWLOCK_READ][i]);
		}
	}
	/* The twins of recursive locking: a second lock of abba's class a. */
	lw_mutex_init(&lw_sc_mutex_twin, &lw_sc_classes[0][LW_SC_MUTEX][0]);
	lw_spin_lock_init(&lw_sc_spin_twin, &lw_sc_classes[0][LW_SC_SPIN][0]);
	lw_init_rwsem(&lw_sc_rwsem_twin, &lw_sc_classes[0][LW_SC_RWSEM][0]);
	lw_rwlock_init(&lw_sc_rwlock_twin, &lw_sc_classes[0][LW_SC_RWLOCK][0]);
	lw_spin_lock_init(&lw_sc_hardirq_lock, &lw_sc_hardirq);
	lw_raw_spin_lock_init(&lw_sc_hardirq_raw_lock, &lw_sc_hardirq_raw);
	lw_spin_lock_init(&lw_sc_reenabler_lock, &lw_sc_reenabler);
	lw_mutex_init(&lw_sc_flavour_mutex, &lw_sc_flavour_m);
	lw_spin_lock_init(&lw_sc_flavour_a_lock, &lw_sc_flavour_a);
	lw_spin_lock_init(&lw_sc_flavour_b_lock, &lw_sc_flavour_b);
	lw_rwlock_init(&lw_sc_flavour_rwlock, &lw_sc_flavour_rw);
	lw_spin_lock_init(&lw_sc_softirq_lock, &lw_sc_softirq);
	lw_spin_lock_init(&lw_sc_irq_safe_lock, &lw_sc_irq_safe);
	lw_spin_lock_init(&lw_sc_irq_unsafe_lock, &lw_sc_irq_unsafe);
	lw_rwlock_init(&lw_sc_irq_safe_rwlock, &lw_sc_irq_safe_read);
	lw_spin_lock_init(&lw_sc_rread_lock_a, &lw_sc_rread_a);
	lw_rwlock_init(&lw_sc_rread_lock_b, &lw_sc_rread_b);
	lw_mutex_init(&lw_sc_odd_lock_a, &lw_sc_odd_a);
	lw_mutex_init(&lw_sc_odd_lock_b, &lw_sc_odd_b);
	lw_mutex_init(&lw_sc_rank_lock_lo, &lw_sc_rank_lo);
	lw_mutex_init(&lw_sc_rank_lock_hi, &lw_sc_rank_hi);
	lw_raw_spin_lock_init(&lw_sc_raw, &lw_scenario_raw);
	lw_spin_lock_init(&lw_sc_config, &lw_scenario_config);
	lw_raw_spin_lock_init(&lw_sc_resched_raw, &lw_scenario_resched_raw);
	lw_spin_lock_init(&lw_sc_resched_spin, &lw_scenario_resched_spin);
	lw_spin_lock_init(&lw_sc_switch_lock, &lw_sc_switch_spin);
	lw_mutex_init(&lw_sc_switch_lock_a, &lw_sc_switch_a);
	lw_mutex_init(&lw_sc_switch_lock_b, &lw_sc_switch_b);
	lw_mutex_init(&lw_sc_unseen_m, &lw_sc_unseen_mutex);
	lw_spin_lock_init(&lw_sc_unseen_s, &lw_sc_unseen_spin);
	lw_rwlock_init(&lw_sc_unseen_rw, &lw_sc_unseen_rwlock);
	if (lw_sc_init_order)
		lw_sc_mutex_nest(&lock_a, &lock_b);	/* lw_scenario: init_order */
	/* Last: pools_test.sh's tiny class table fills with the ones above. */
	lw_sc_graph_init(&lw_sc_graph_p, "p");
	lw_sc_graph_init(&lw_sc_graph_q, "q");
	return 0;
}
module_init(lw_scenario_init);

static void __exit lw_scenario_exit(void)
{
	lw_sc_switch_stop();
	lw_sc_unseen_stop();
	lw_sc_unfill();
	lw_scenario_bh_release();
	irq_work_sync(&lw_sc_irq_work);
	irq_work_sync(&lw_sc_irq_work_raw);
	irq_work_sync(&lw_sc_irq_use_work);
	tasklet_kill(&lw_sc_tasklet);
	cancel_work_sync(&lw_sc_work);
}
module_exit(lw_scenario_exit);

MODULE_DESCRIPTION("lockwarden scenario driver for kselftest");
MODULE_LICENSE("GPL");
