// SPDX-License-Identifier: GPL-2.0
/*
 * lw_bench.ko: the cost of an uncontended lock+unlock pair (mutex,
 * spinlock, rwlock read, rwsem read), of a
 * complete+wait pair of a completion and of a notify+wait pair of a
 * condition variable, raw and through lockwarden, measured
 * in one run for `make bench`. Not a test: it prints
 * "bench: NAME VALUE UNIT" lines and judges nothing. Write "on" to
 * /sys/module/lw_bench/parameters/run with checking on, "lockstat" with
 * lockstat switched on too, then "off" after switching lockwarden's
 * checking off; each prints its figures. Last, "recur": a pair that closes
 * a lock-order cycle each time, a finding recurring in a hot path, against
 * a pair on a cached chain at the same depth (last, as on a lockdep kernel
 * lockdep reports the cycle too and switches itself off).
 */
#define pr_fmt(fmt) fmt

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <lockwarden/lockwarden.h>

/* Pairs per measurement: 10^6; fewer for a quick run that checks the lines. */
static unsigned int lw_bench_pairs = 1000000;
module_param_named(pairs, lw_bench_pairs, uint, 0444);
MODULE_PARM_DESC(pairs, "Pairs per measurement (default 1000000; fewer only to check the output)");

#define LW_BENCH_PAIRS	lw_bench_pairs
/*
 * The recurring cycle's pairs: fewer, as on the debug kernel each costs
 * thousands of instructions, and the instruction-counting boot must end
 * within tools/vm/run's timeout.
 */
#define LW_BENCH_RECUR_PAIRS	(LW_BENCH_PAIRS / 10)

static LW_DEFINE_CLASS(lw_bench_a, 0);
static LW_DEFINE_CLASS(lw_bench_b, 0);
static LW_DEFINE_CLASS(lw_bench_c, 0);
static LW_DEFINE_CLASS(lw_bench_d, 0);
static LW_DEFINE_CLASS(lw_bench_s, 0);
static LW_DEFINE_CLASS(lw_bench_x, 0);
static LW_DEFINE_CLASS(lw_bench_y, 0);
static LW_DEFINE_CLASS(lw_bench_z, 0);

static LW_DEFINE_CLASS(lw_bench_e, 0);
static LW_DEFINE_CLASS(lw_bench_cv, 0);
static LW_DEFINE_CLASS(lw_bench_rw, 0);
static LW_DEFINE_CLASS(lw_bench_sem, 0);

static DEFINE_MUTEX(raw_mutex);
static DEFINE_SPINLOCK(raw_spin);
static DECLARE_COMPLETION(raw_completion);
static DEFINE_RWLOCK(raw_rwlock);
static DECLARE_RWSEM(raw_rwsem);
static struct lw_rwlock lw_rw;
static struct lw_rwsem lw_sem;
static struct lw_mutex lw_m[4];
static struct lw_spinlock lw_s;
static struct lw_completion lw_c;
static DECLARE_WAIT_QUEUE_HEAD(raw_wq);
static struct lw_condvar lw_cv;
/* The condition of the condvar pairs: always true, so no wait sleeps. */
static bool lw_bench_ready = true;
/* The recurring cycle: y is learned before x, then taken under it. */
static struct lw_mutex lw_x, lw_y, lw_z;

/* Picoseconds per pair of @pairs: ns * 1000 / pairs, so small costs keep digits. */
static u64 lw_bench_ps_of(u64 start, unsigned int pairs)
{
	return div_u64((ktime_get_ns() - start) * 1000, pairs);
}

static u64 lw_bench_ps(u64 start)
{
	return lw_bench_ps_of(start, LW_BENCH_PAIRS);
}

static void lw_bench_print(const char *mode, const char *name, u64 ps)
{
	pr_info("bench: %s%s %llu.%03llu ns\n", name, mode, div_u64(ps, 1000), ps % 1000);
}

static void lw_bench_ratio(const char *name, u64 ps, u64 raw_ps)
{
	u64 x100 = raw_ps ? div64_u64(ps * 100, raw_ps) : 0;

	pr_info("bench: %s %llu.%02llu x\n", name, div_u64(x100, 100), x100 % 100);
}

/*
 * Picoseconds per lock+unlock pair of @m, over @pairs of them; inlined,
 * so that the loop is the caller's, as the raw loops are.
 */
static __always_inline u64 lw_bench_lw_mutex_pairs_of(struct lw_mutex *m, unsigned int pairs)
	__lw_no_tsa
{
	u64 start = ktime_get_ns();
	unsigned int i;

	for (i = 0; i < pairs; i++) {
		lw_mutex_lock(m);
		lw_mutex_unlock(m);
	}
	return lw_bench_ps_of(start, pairs);
}

static __always_inline u64 lw_bench_lw_mutex_pairs(struct lw_mutex *m)
	__lw_no_tsa
{
	return lw_bench_lw_mutex_pairs_of(m, LW_BENCH_PAIRS);
}

/*
 * "recur": picoseconds per pair of a mutex under a held one, first on a
 * cached chain (x, then z), then closing a cycle with the order learned
 * before (y, then x), the same finding every time.
 */
static int lw_bench_recur(void)
	__lw_no_tsa
{
	u64 cached, cycle, x100;
	int i;

	lw_mutex_lock(&lw_y);
	lw_mutex_lock(&lw_x);
	lw_mutex_unlock(&lw_x);
	lw_mutex_unlock(&lw_y);

	lw_mutex_lock(&lw_x);
	for (i = 0; i < LW_BENCH_RECUR_PAIRS / 10; i++) {
		lw_mutex_lock(&lw_z);
		lw_mutex_unlock(&lw_z);
		lw_mutex_lock(&lw_y);
		lw_mutex_unlock(&lw_y);
	}
	cached = lw_bench_lw_mutex_pairs_of(&lw_z, LW_BENCH_RECUR_PAIRS);
	cycle = lw_bench_lw_mutex_pairs_of(&lw_y, LW_BENCH_RECUR_PAIRS);
	lw_mutex_unlock(&lw_x);

	lw_bench_print("", "lw_mutex_pair_depth2", cached);
	lw_bench_print("", "lw_mutex_pair_recurring_cycle", cycle);
	x100 = cached ? div64_u64(cycle * 100, cached) : 0;
	pr_info("bench: ratio_recurring_cycle_to_cached %llu.%02llu x\n",
		div_u64(x100, 100), x100 % 100);
	return 0;
}

/*
 * "smp": LW_BENCH_THREADS kthreads, each taking its own lock, all bound to
 * CPU 0 and then one to each CPU: wall time per pair over all the threads.
 * The locks are raw mutexes, lw_mutexes of one class each (disjoint
 * classes) and lw_mutexes of one class between them (a shared class): a
 * fast path that wrote a cache line the threads share would scale worse
 * than the raw pairs. Each figure is the least of LW_BENCH_SMP_RUNS runs.
 */
#define LW_BENCH_THREADS	2
#define LW_BENCH_SMP_RUNS	5

enum lw_bench_kind { LW_BENCH_RAW, LW_BENCH_DISJOINT, LW_BENCH_SHARED };

static LW_DEFINE_CLASS(lw_bench_t0, 0);
static LW_DEFINE_CLASS(lw_bench_t1, 0);
static LW_DEFINE_CLASS(lw_bench_shared, 0);

/* Each thread's locks, on cache lines of their own. */
static struct lw_bench_smp_locks {
	struct mutex raw;		/* the raw pairs' */
	struct lw_mutex disjoint;	/* of a class of this thread's own */
	struct lw_mutex shared;		/* of a class the threads share */
} ____cacheline_aligned_in_smp lw_smp[LW_BENCH_THREADS];

struct lw_bench_worker {
	enum lw_bench_kind kind;
	unsigned int idx;
	struct completion done;
};

static int lw_bench_worker_fn(void *arg)
	__lw_no_tsa
{
	struct lw_bench_worker *w = arg;
	struct lw_bench_smp_locks *l = &lw_smp[w->idx];
	struct lw_mutex *m = w->kind == LW_BENCH_SHARED ? &l->shared : &l->disjoint;
	unsigned int i;

	for (i = 0; i < LW_BENCH_PAIRS; i++) {
		if (w->kind == LW_BENCH_RAW) {
			mutex_lock(&l->raw);
			mutex_unlock(&l->raw);
		} else {
			lw_mutex_lock(m);
			lw_mutex_unlock(m);
		}
	}
	complete(&w->done);
	return 0;
}

/*
 * Picoseconds of wall time per pair, over LW_BENCH_THREADS threads of
 * @kind, each doing LW_BENCH_PAIRS pairs, on @cpus CPUs (1: all on CPU 0).
 */
static u64 lw_bench_smp_of(enum lw_bench_kind kind, unsigned int cpus)
{
	struct lw_bench_worker w[LW_BENCH_THREADS];
	struct task_struct *t[LW_BENCH_THREADS];
	unsigned int i;
	u64 start;

	for (i = 0; i < LW_BENCH_THREADS; i++) {
		w[i].kind = kind;
		w[i].idx = i;
		init_completion(&w[i].done);
		t[i] = kthread_create(lw_bench_worker_fn, &w[i], "lw_bench/%u", i);
		if (IS_ERR(t[i]))
			return 0;	/* the threads made so far are never woken: leaked */
		kthread_bind(t[i], cpus > 1 ? i % cpus : 0);
	}
	start = ktime_get_ns();
	for (i = 0; i < LW_BENCH_THREADS; i++)
		wake_up_process(t[i]);
	for (i = 0; i < LW_BENCH_THREADS; i++)
		wait_for_completion(&w[i].done);
	return lw_bench_ps_of(start, LW_BENCH_THREADS * LW_BENCH_PAIRS);
}

static int lw_bench_smp(void)
{
	static const char * const name[] = { "raw_mutex", "lw_mutex_disjoint", "lw_mutex_shared" };
	u64 ps[3][2], r1, r2;
	unsigned int k, c, r;
	char buf[64];

	if (num_online_cpus() < 2)
		return -ENODEV;
	/* Warm up: translate the code, and give each thread's stack a slot. */
	lw_bench_pairs /= 10;
	for (k = 0; k < 3; k++)
		lw_bench_smp_of(k, 2);
	lw_bench_pairs *= 10;
	/*
	 * The least of LW_BENCH_SMP_RUNS runs of each, interleaved: on a
	 * loaded host a vCPU's thread is often descheduled, which only adds.
	 */
	memset(ps, 0xff, sizeof(ps));
	for (r = 0; r < LW_BENCH_SMP_RUNS; r++)
		for (k = 0; k < 3; k++)
			for (c = 0; c < 2; c++)
				ps[k][c] = min(ps[k][c], lw_bench_smp_of(k, c + 1));
	for (k = 0; k < 3; k++)
		for (c = 0; c < 2; c++) {
			snprintf(buf, sizeof(buf), "smp_%s_%ucpu", name[k], c + 1);
			lw_bench_print("", buf, ps[k][c]);
		}
	for (k = 1; k < 3; k++) {
		for (c = 0; c < 2; c++) {
			snprintf(buf, sizeof(buf), "ratio_smp_%s_%ucpu", name[k] + 9, c + 1);
			lw_bench_ratio(buf, ps[k][c], ps[0][c]);
		}
		/* lockwarden's cost over raw at 2 CPUs against at 1: 1.00 scales. */
		r1 = ps[0][0] ? div64_u64(ps[k][0] * 1000, ps[0][0]) : 0;
		r2 = ps[0][1] ? div64_u64(ps[k][1] * 1000, ps[0][1]) : 0;
		snprintf(buf, sizeof(buf), "ratio_smp_%s_2cpu_to_1cpu", name[k] + 9);
		lw_bench_ratio(buf, r2, r1);
	}
	return 0;
}

/*
 * "classes": the cost of a pair that learns a new dependency, and of the
 * same pair again on its cached chain, with @nr classes registered. The
 * classes are in a hidden random order; a background of about @nr
 * dependencies along it is learned first (each class before up to eight
 * of the next), then one new one per measured pair, past those eight, so
 * that no pair closes a cycle. The order is not the order of registration,
 * so learning one may reorder the graph's.
 */
static int lw_bench_classes_of(unsigned int nr)
	__lw_no_tsa
{
	unsigned int i, j, n, *perm, seed = 0x8192;
	struct lw_class *classes;
	struct lw_mutex *locks;
	u64 start, edge, cached;
	char buf[64];
	int ret = -ENOMEM;

	classes = kvcalloc(nr, sizeof(*classes), GFP_KERNEL);
	locks = kvcalloc(nr, sizeof(*locks), GFP_KERNEL);
	perm = kvcalloc(nr, sizeof(*perm), GFP_KERNEL);
	if (!classes || !locks || !perm)
		goto out;
	for (i = 0; i < nr; i++) {
		lw_class_init(&classes[i], "lw_bench_many", 0);
		ret = lw_class_register(&classes[i]);
		if (ret) {
			while (i--)
				lw_class_unregister(&classes[i]);
			goto out;
		}
		lw_mutex_init(&locks[i], &classes[i]);
		perm[i] = i;
	}
	for (i = nr - 1; i > 0; i--) {
		seed = seed * 1103515245 + 12345;
		j = (seed >> 8) % (i + 1);
		swap(perm[i], perm[j]);
	}
	for (i = 0; i < nr; i++) {
		seed = seed * 1103515245 + 12345;
		j = i + 1 + (seed >> 8) % 8;
		if (j >= nr)
			continue;
		lw_mutex_lock(&locks[perm[i]]);
		lw_mutex_lock(&locks[perm[j]]);
		lw_mutex_unlock(&locks[perm[j]]);
		lw_mutex_unlock(&locks[perm[i]]);
	}
	/* The measured pairs: the first nr / 2 classes, each before one 9 to 24 on. */
	n = nr / 2;
	for (j = 0; j < 2; j++) {
		start = ktime_get_ns();
		for (i = 0; i < n; i++) {
			unsigned int k = i + 9 + (i * 7) % 16;

			lw_mutex_lock(&locks[perm[i]]);
			lw_mutex_lock(&locks[perm[k]]);
			lw_mutex_unlock(&locks[perm[k]]);
			lw_mutex_unlock(&locks[perm[i]]);
		}
		if (j)
			cached = lw_bench_ps_of(start, n);
		else
			edge = lw_bench_ps_of(start, n);
	}
	snprintf(buf, sizeof(buf), "lw_mutex_pair_new_edge_%uclasses", nr);
	lw_bench_print("", buf, edge);
	snprintf(buf, sizeof(buf), "lw_mutex_pair_cached_%uclasses", nr);
	lw_bench_print("", buf, cached);
	for (i = 0; i < nr; i++)
		lw_class_unregister(&classes[i]);
	ret = 0;
out:
	kvfree(perm);
	kvfree(locks);
	kvfree(classes);
	return ret;
}

static int lw_bench_classes(void)
{
	return lw_bench_classes_of(1024) ?: lw_bench_classes_of(8192);
}

/*
 * Picoseconds per complete+wait pair of @c, uncontended: the wait finds
 * the completion done and returns at once; checked all the same.
 */
static __always_inline u64 lw_bench_lw_completion_pairs(struct lw_completion *c)
{
	u64 start = ktime_get_ns();
	int i;

	for (i = 0; i < LW_BENCH_PAIRS; i++) {
		lw_complete(c);
		lw_wait_for_completion(c);
	}
	return lw_bench_ps(start);
}

/*
 * Picoseconds per complete+wait pair of @c where each completion is made
 * under @m (a dependency looked up in the chain cache) and each wait with
 * nothing held: LW_BENCH_PAIRS completions, then as many waits. Not both
 * under @m: a wait holding the lock its completer holds is the deadlock
 * lockwarden reports (Documentation/waits.rst), a finding on every pair.
 */
static __always_inline u64
lw_bench_lw_completion_split(struct lw_completion *c, struct lw_mutex *m)
	__lw_no_tsa
{
	u64 start, ns;
	int i;

	lw_mutex_lock(m);
	start = ktime_get_ns();
	for (i = 0; i < LW_BENCH_PAIRS; i++)
		lw_complete(c);
	ns = ktime_get_ns() - start;
	lw_mutex_unlock(m);
	start = ktime_get_ns();
	for (i = 0; i < LW_BENCH_PAIRS; i++)
		lw_wait_for_completion(c);
	return div_u64((ns + ktime_get_ns() - start) * 1000, LW_BENCH_PAIRS);
}

/*
 * Picoseconds per notify+wait pair of @cv, uncontended, with @m held across
 * the loop: a notify_one() that finds no waiter (its chain, @m then the
 * event, looked up) and a wait_event() whose condition is true, so that it
 * does not sleep (the mutex found held all the same).
 */
static __always_inline u64 lw_bench_lw_condvar_pairs(struct lw_condvar *cv, struct lw_mutex *m)
	__lw_no_tsa
{
	u64 start, ps;
	int i;

	lw_mutex_lock(m);
	start = ktime_get_ns();
	for (i = 0; i < LW_BENCH_PAIRS; i++) {
		lw_condvar_notify_one(cv);
		lw_condvar_wait_event(cv, m, READ_ONCE(lw_bench_ready));
	}
	ps = lw_bench_ps(start);
	lw_mutex_unlock(m);
	return ps;
}

/* The same pair raw: wake_up() of a wait queue and wait_event() under a mutex. */
static u64 lw_bench_raw_condvar_pairs(void)
{
	u64 start, ps;
	int i;

	mutex_lock(&raw_mutex);
	start = ktime_get_ns();
	for (i = 0; i < LW_BENCH_PAIRS; i++) {
		wake_up(&raw_wq);
		wait_event(raw_wq, READ_ONCE(lw_bench_ready));
	}
	ps = lw_bench_ps(start);
	mutex_unlock(&raw_mutex);
	return ps;
}

/* The condvar pairs, raw and through lockwarden, printed as the others. */
static void lw_bench_condvars(const char *mode, bool on)
{
	u64 raw_ps, v1;

	lw_bench_raw_condvar_pairs();
	raw_ps = lw_bench_raw_condvar_pairs();
	v1 = lw_bench_lw_condvar_pairs(&lw_cv, &lw_m[0]);
	lw_bench_print(mode, "raw_condvar_pair", raw_ps);
	lw_bench_print(mode, on ? "lw_condvar_pair_depth1" : "lw_condvar_pair", v1);
	lw_bench_ratio(on ? "ratio_condvar_depth1" : "ratio_condvar_off", v1, raw_ps);
}

/*
 * The completion pairs, raw and through lockwarden, with nothing held and
 * with each completion under a mutex, printed as lw_bench_run() prints
 * the lock pairs.
 */
static void lw_bench_completions(const char *mode, bool on)
{
	u64 start, raw_ps, c0, c1;
	int i;

	for (i = 0; i < LW_BENCH_PAIRS / 10; i++) {
		complete(&raw_completion);
		wait_for_completion(&raw_completion);
		lw_complete(&lw_c);
		lw_wait_for_completion(&lw_c);
	}
	start = ktime_get_ns();
	for (i = 0; i < LW_BENCH_PAIRS; i++) {
		complete(&raw_completion);
		wait_for_completion(&raw_completion);
	}
	raw_ps = lw_bench_ps(start);
	c0 = lw_bench_lw_completion_pairs(&lw_c);
	c1 = lw_bench_lw_completion_split(&lw_c, &lw_m[0]);

	lw_bench_print(mode, "raw_completion_pair", raw_ps);
	lw_bench_print(mode, on ? "lw_completion_pair_depth0" : "lw_completion_pair", c0);
	lw_bench_print(mode, "lw_completion_pair_complete_depth1", c1);
	lw_bench_ratio(on ? "ratio_completion_depth0" : "ratio_completion_off", c0, raw_ps);
	lw_bench_ratio(on ? "ratio_completion_complete_depth1" :
		       "ratio_completion_complete_depth1_off", c1, raw_ps);
}

/*
 * Picoseconds per pair of the statements @lock then @unlock, over
 * LW_BENCH_PAIRS of them; a macro, so that the loop is the caller's.
 */
#define LW_BENCH_PAIRS_OF(lock, unlock)					\
	({								\
		u64 __start = ktime_get_ns();				\
		int __i;						\
									\
		for (__i = 0; __i < LW_BENCH_PAIRS; __i++) {		\
			lock;						\
			unlock;						\
		}							\
		lw_bench_ps(__start);					\
	})

/*
 * The shared pairs, raw and through lockwarden, with nothing held: an
 * rwlock_t's read_lock()+read_unlock() and an rw_semaphore's
 * down_read()+up_read(), printed as lw_bench_run() prints the others.
 */
static void lw_bench_reads(const char *mode)
	__lw_no_tsa
{
	u64 raw_rw, rw, raw_sem, sem;
	char buf[64];
	int i;

	for (i = 0; i < LW_BENCH_PAIRS / 10; i++) {
		read_lock(&raw_rwlock);
		read_unlock(&raw_rwlock);
		lw_read_lock(&lw_rw);
		lw_read_unlock(&lw_rw);
		down_read(&raw_rwsem);
		up_read(&raw_rwsem);
		lw_down_read(&lw_sem);
		lw_up_read(&lw_sem);
	}
	raw_rw = LW_BENCH_PAIRS_OF(read_lock(&raw_rwlock), read_unlock(&raw_rwlock));
	rw = LW_BENCH_PAIRS_OF(lw_read_lock(&lw_rw), lw_read_unlock(&lw_rw));
	raw_sem = LW_BENCH_PAIRS_OF(down_read(&raw_rwsem), up_read(&raw_rwsem));
	sem = LW_BENCH_PAIRS_OF(lw_down_read(&lw_sem), lw_up_read(&lw_sem));

	lw_bench_print(mode, "raw_rwlock_read_pair", raw_rw);
	lw_bench_print(mode, "lw_rwlock_read_pair", rw);
	lw_bench_print(mode, "raw_rwsem_read_pair", raw_sem);
	lw_bench_print(mode, "lw_rwsem_read_pair", sem);
	snprintf(buf, sizeof(buf), "ratio_rwlock_read%s", mode);
	lw_bench_ratio(buf, rw, raw_rw);
	snprintf(buf, sizeof(buf), "ratio_rwsem_read%s", mode);
	lw_bench_ratio(buf, sem, raw_sem);
}

/*
 * The other flavours, raw and through lockwarden, with nothing held:
 * spin_lock_bh(), spin_lock_irq() and spin_lock_irqsave() (each from a
 * context with interrupts and bottom halves on, as a driver calls them),
 * the write sides of an rwlock_t and an rw_semaphore, and
 * spin_lock_irqsave() under a held mutex. Each printed as
 * lw_bench_reads() prints its pairs, with its ratio.
 */
static void lw_bench_flavours(const char *mode)
	__lw_no_tsa
{
	static const char *const names[] = {
		"spin_bh", "spin_irq", "spin_irqsave", "rwlock_write", "rwsem_write",
		"spin_irqsave_under_mutex",
	};
	u64 raw[ARRAY_SIZE(names)], lw[ARRAY_SIZE(names)];
	unsigned long flags;
	char buf[64];
	unsigned int k, pass;

	/* Twice: the first pass warms up (under QEMU it translates the code). */
	for (pass = 0; pass < 2; pass++) {
		raw[0] = LW_BENCH_PAIRS_OF(spin_lock_bh(&raw_spin), spin_unlock_bh(&raw_spin));
		lw[0] = LW_BENCH_PAIRS_OF(lw_spin_lock_bh(&lw_s), lw_spin_unlock_bh(&lw_s));
		raw[1] = LW_BENCH_PAIRS_OF(spin_lock_irq(&raw_spin), spin_unlock_irq(&raw_spin));
		lw[1] = LW_BENCH_PAIRS_OF(lw_spin_lock_irq(&lw_s), lw_spin_unlock_irq(&lw_s));
		raw[2] = LW_BENCH_PAIRS_OF(spin_lock_irqsave(&raw_spin, flags),
					   spin_unlock_irqrestore(&raw_spin, flags));
		lw[2] = LW_BENCH_PAIRS_OF(lw_spin_lock_irqsave(&lw_s, flags),
					  lw_spin_unlock_irqrestore(&lw_s, flags));
		raw[3] = LW_BENCH_PAIRS_OF(write_lock(&raw_rwlock), write_unlock(&raw_rwlock));
		lw[3] = LW_BENCH_PAIRS_OF(lw_write_lock(&lw_rw), lw_write_unlock(&lw_rw));
		raw[4] = LW_BENCH_PAIRS_OF(down_write(&raw_rwsem), up_write(&raw_rwsem));
		lw[4] = LW_BENCH_PAIRS_OF(lw_down_write(&lw_sem), lw_up_write(&lw_sem));
		/* Under a held mutex: the release enables interrupts with it held. */
		mutex_lock(&raw_mutex);
		raw[5] = LW_BENCH_PAIRS_OF(spin_lock_irqsave(&raw_spin, flags),
					   spin_unlock_irqrestore(&raw_spin, flags));
		mutex_unlock(&raw_mutex);
		lw_mutex_lock(&lw_m[0]);
		lw[5] = LW_BENCH_PAIRS_OF(lw_spin_lock_irqsave(&lw_s, flags),
					  lw_spin_unlock_irqrestore(&lw_s, flags));
		lw_mutex_unlock(&lw_m[0]);
	}

	for (k = 0; k < ARRAY_SIZE(names); k++) {
		snprintf(buf, sizeof(buf), "raw_%s_pair", names[k]);
		lw_bench_print(mode, buf, raw[k]);
		snprintf(buf, sizeof(buf), "lw_%s_pair", names[k]);
		lw_bench_print(mode, buf, lw[k]);
	}
	for (k = 0; k < ARRAY_SIZE(names); k++) {
		snprintf(buf, sizeof(buf), "ratio_%s%s", names[k], mode);
		lw_bench_ratio(buf, lw[k], raw[k]);
	}
}

/*
 * Code size: lock+unlock call sites, raw and wrapped, in functions of 4
 * and of 12 pairs, each of its own lock; never called. tools/vm/bench reads
 * their sizes from the module (nm, with any .cold part) and prints the
 * bytes per call site: the 12-pair function's less the 4-pair one's, over
 * its 16 more call sites, so that neither prologue counts.
 */
static struct mutex raw_site[12];
static struct lw_mutex lw_site[12];

/*
 * Four lock+unlock call sites of @site[@n] to @site[@n + 3], each through
 * <@m>_lock() and <@m>_unlock(): the kernel's (@m mutex) on raw_site, the
 * wrappers (@m lw_mutex) on lw_site.
 */
#define LW_BENCH_4(site, n, m)						\
	do {								\
		typeof(site[0]) *__m = &(site)[n];			\
									\
		m##_lock(&__m[0]);					\
		m##_unlock(&__m[0]);				\
		m##_lock(&__m[1]);					\
		m##_unlock(&__m[1]);				\
		m##_lock(&__m[2]);					\
		m##_unlock(&__m[2]);				\
		m##_lock(&__m[3]);					\
		m##_unlock(&__m[3]);				\
	} while (0)
#define LW_BENCH_RAW_4(n)	LW_BENCH_4(raw_site, n, mutex)
#define LW_BENCH_LW_4(n)	LW_BENCH_4(lw_site, n, lw_mutex)

static noinline __used void lw_bench_sites_raw_4(void)
{
	LW_BENCH_RAW_4(0);
}

static noinline __used void lw_bench_sites_raw_12(void)
{
	LW_BENCH_RAW_4(0);
	LW_BENCH_RAW_4(4);
	LW_BENCH_RAW_4(8);
}

static noinline __used void lw_bench_sites_lw_4(void)
	__lw_no_tsa
{
	LW_BENCH_LW_4(0);
}

static noinline __used void lw_bench_sites_lw_12(void)
	__lw_no_tsa
{
	LW_BENCH_LW_4(0);
	LW_BENCH_LW_4(4);
	LW_BENCH_LW_4(8);
}

static int lw_bench_run(const char *val, const struct kernel_param *kp)
	__lw_no_tsa
{
	u64 start, raw_mutex_ps, raw_spin_ps, m1, m4, s1;
	bool lockstat = sysfs_streq(val, "lockstat");
	bool on = lockstat || sysfs_streq(val, "on");
	const char *mode = lockstat ? "_lockstat" : on ? "" : "_off";
	unsigned long flags;
	int i;

	if (sysfs_streq(val, "recur"))
		return lw_bench_recur();
	if (sysfs_streq(val, "smp"))
		return lw_bench_smp();
	if (sysfs_streq(val, "classes"))
		return lw_bench_classes();
	if (!on && !sysfs_streq(val, "off"))
		return -EINVAL;

	/* Warm up: under QEMU the first pass through code also translates it. */
	for (i = 0; i < LW_BENCH_PAIRS / 10; i++) {
		mutex_lock(&raw_mutex);
		mutex_unlock(&raw_mutex);
		lw_mutex_lock(&lw_m[0]);
		lw_mutex_unlock(&lw_m[0]);
		spin_lock(&raw_spin);
		spin_unlock(&raw_spin);
		lw_spin_lock(&lw_s);
		lw_spin_unlock(&lw_s);
	}

	local_irq_save(flags);		/* no interrupt inside the loops */
	start = ktime_get_ns();
	for (i = 0; i < LW_BENCH_PAIRS; i++) {
		spin_lock(&raw_spin);
		spin_unlock(&raw_spin);
	}
	raw_spin_ps = lw_bench_ps(start);
	start = ktime_get_ns();
	for (i = 0; i < LW_BENCH_PAIRS; i++) {
		lw_spin_lock(&lw_s);
		lw_spin_unlock(&lw_s);
	}
	s1 = lw_bench_ps(start);
	local_irq_restore(flags);

	start = ktime_get_ns();
	for (i = 0; i < LW_BENCH_PAIRS; i++) {
		mutex_lock(&raw_mutex);
		mutex_unlock(&raw_mutex);
	}
	raw_mutex_ps = lw_bench_ps(start);
	m1 = lw_bench_lw_mutex_pairs(&lw_m[0]);
	/* Depth 4: the measured pair is taken under three held locks. */
	lw_mutex_lock(&lw_m[0]);
	lw_mutex_lock(&lw_m[1]);
	lw_mutex_lock(&lw_m[2]);
	m4 = lw_bench_lw_mutex_pairs(&lw_m[3]);
	lw_mutex_unlock(&lw_m[2]);
	lw_mutex_unlock(&lw_m[1]);
	lw_mutex_unlock(&lw_m[0]);

	lw_bench_print(mode, "raw_mutex_pair", raw_mutex_ps);
	lw_bench_print(mode, "raw_spin_pair", raw_spin_ps);
	lw_bench_print(mode, on ? "lw_mutex_pair_depth1" : "lw_mutex_pair", m1);
	lw_bench_print(mode, "lw_mutex_pair_depth4", m4);
	lw_bench_print(mode, on ? "lw_spin_pair_depth1" : "lw_spin_pair", s1);
	lw_bench_reads(mode);
	lw_bench_flavours(mode);
	if (!lockstat) {
		lw_bench_completions(mode, on);
		lw_bench_condvars(mode, on);
	}
	if (lockstat) {
		lw_bench_ratio("ratio_mutex_depth1_lockstat", m1, raw_mutex_ps);
		lw_bench_ratio("ratio_mutex_depth4_lockstat", m4, raw_mutex_ps);
		lw_bench_ratio("ratio_spin_depth1_lockstat", s1, raw_spin_ps);
		return 0;
	}
	lw_bench_ratio(on ? "ratio_mutex_depth1" : "ratio_mutex_off", m1, raw_mutex_ps);
	lw_bench_ratio(on ? "ratio_mutex_depth4" : "ratio_mutex_depth4_off", m4, raw_mutex_ps);
	lw_bench_ratio(on ? "ratio_spin_depth1" : "ratio_spin_off", s1, raw_spin_ps);
	return 0;
}

static const struct kernel_param_ops lw_bench_run_ops = {
	.set = lw_bench_run,
};
module_param_cb(run, &lw_bench_run_ops, NULL, 0200);
MODULE_PARM_DESC(run, "Measure: \"on\" (checking on), \"lockstat\" (and lockstat on), \"off\" (checking switched off), \"recur\" (a recurring cycle, checking on), \"smp\" (threads on 1 and 2 CPUs) or \"classes\" (1024 and 8192 classes)");

static int __init lw_bench_init(void)
{
	unsigned int i;

	lw_mutex_init(&lw_m[0], &lw_bench_a);
	lw_mutex_init(&lw_m[1], &lw_bench_b);
	lw_mutex_init(&lw_m[2], &lw_bench_c);
	lw_mutex_init(&lw_m[3], &lw_bench_d);
	lw_spin_lock_init(&lw_s, &lw_bench_s);
	lw_init_completion(&lw_c, &lw_bench_e);
	lw_condvar_init(&lw_cv, &lw_bench_cv);
	lw_rwlock_init(&lw_rw, &lw_bench_rw);
	lw_init_rwsem(&lw_sem, &lw_bench_sem);
	lw_mutex_init(&lw_x, &lw_bench_x);
	lw_mutex_init(&lw_y, &lw_bench_y);
	lw_mutex_init(&lw_z, &lw_bench_z);
	for (i = 0; i < LW_BENCH_THREADS; i++) {
		mutex_init(&lw_smp[i].raw);
		lw_mutex_init(&lw_smp[i].shared, &lw_bench_shared);
	}
	lw_mutex_init(&lw_smp[0].disjoint, &lw_bench_t0);
	lw_mutex_init(&lw_smp[1].disjoint, &lw_bench_t1);
	return 0;
}
module_init(lw_bench_init);

static void __exit lw_bench_exit(void)
{
}
module_exit(lw_bench_exit);

MODULE_DESCRIPTION("lockwarden benchmark: lock+unlock and complete+wait pairs, raw and wrapped");
MODULE_LICENSE("GPL");
