// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites of lockwarden across lock types, modelled on
 * lib/locking-selftest.c. For every lock flavour (type, side and interrupt
 * flavour): lockdep's scenario matrix (ABBA to ABCDBCDA) with consistent
 * and trylock counterparts, double unlock, rank violation, recursion, and
 * unlock by another task; upgrade for every rw flavour; each sleeping lock
 * under each atomic context; irq-safety inversion for the spinning locks,
 * in hardirq and softirq. Then each other finding of the lock side (nesting
 * annotations, assert-held, freed while held, depth overflow) with its
 * no-finding counterpart. Locks of one class are distinct instances, so
 * the inversions are safe to run.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/debug_locks.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "lw_test.h"

/* ===== Lock flavours under test ===== */

struct lw_flavour {
	const char *name;
	enum lw_test_type plain;	/* the same lock and side, interrupts untouched */
	enum lw_irq_mode irq;		/* what the lock call does to interrupts */
	bool read;			/* a shared hold */
	bool sleeps;			/* a mutex or rw_semaphore */
};

static const struct lw_flavour lw_flavours[T_COUNT] = {
	[T_MUTEX]	  = { "mutex", T_MUTEX, LW_IRQ_NONE, false, true },
	[T_SPIN]	  = { "spin", T_SPIN, LW_IRQ_NONE, false, false },
	[T_SPIN_BH]	  = { "spin_bh", T_SPIN, LW_IRQ_BH, false, false },
	[T_SPIN_IRQ]	  = { "spin_irq", T_SPIN, LW_IRQ_DISABLE, false, false },
	[T_SPIN_IRQSAVE]  = { "spin_irqsave", T_SPIN, LW_IRQ_SAVE, false, false },
	[T_READ]	  = { "read_lock", T_READ, LW_IRQ_NONE, true, false },
	[T_READ_BH]	  = { "read_lock_bh", T_READ, LW_IRQ_BH, true, false },
	[T_READ_IRQ]	  = { "read_lock_irq", T_READ, LW_IRQ_DISABLE, true, false },
	[T_READ_IRQSAVE]  = { "read_lock_irqsave", T_READ, LW_IRQ_SAVE, true, false },
	[T_WRITE]	  = { "write_lock", T_WRITE, LW_IRQ_NONE, false, false },
	[T_WRITE_BH]	  = { "write_lock_bh", T_WRITE, LW_IRQ_BH, false, false },
	[T_WRITE_IRQ]	  = { "write_lock_irq", T_WRITE, LW_IRQ_DISABLE, false, false },
	[T_WRITE_IRQSAVE] = { "write_lock_irqsave", T_WRITE, LW_IRQ_SAVE, false, false },
	[T_RWSEM_WRITE]	  = { "down_write", T_RWSEM_WRITE, LW_IRQ_NONE, false, true },
	[T_RWSEM_READ]	  = { "down_read", T_RWSEM_READ, LW_IRQ_NONE, true, true },
};

LW_TEST_CASES_PARAM(lw_flavour, lw_flavours);

/*
 * Whether flavour @t's holds may recurse when the test takes them in task
 * context, as lockdep's read_lock_is_recursive() says: rwlock_t readers
 * with bottom halves off, where a queued rwlock's reader in task context
 * would wait behind a queued writer; every rwlock_t reader where rwlocks
 * are not queued (PREEMPT_RT's let readers in until a writer holds the
 * lock). Recursive readers never wait for one another.
 */
static bool lw_recursive_read(enum lw_test_type t)
{
	return lw_flavours[t].plain == T_READ &&
	       (t == T_READ_BH || !IS_ENABLED(CONFIG_QUEUED_RWLOCKS));
}

/* The flavour a case of lw_flavour_gen_params() runs with. */
static enum lw_test_type lw_param_type(struct kunit *test)
{
	return (const struct lw_flavour *)test->param_value - lw_flavours;
}

#define LW_NLOCKS	4

static union lw_test_lock test_locks[LW_NLOCKS];
static unsigned long test_flags[LW_NLOCKS];

static LW_DEFINE_CLASS(lw_mx_A, 0);
static LW_DEFINE_CLASS(lw_mx_B, 0);
static LW_DEFINE_CLASS(lw_mx_C, 0);
static LW_DEFINE_CLASS(lw_mx_D, 0);
static struct lw_class *const test_classes[LW_NLOCKS] = {
	&lw_mx_A, &lw_mx_B, &lw_mx_C, &lw_mx_D,
};

static void test_kernel_init_class(enum lw_test_type t, int i, struct lw_class *class)
{
	lw_test_lock_init(t, &test_locks[i], class);
}

static void test_kernel_init(enum lw_test_type t, int i)
{
	test_kernel_init_class(t, i, test_classes[i]);
}

/* Take lock @i as flavour @t; *@flags receives what its unlock needs. */
static noinline void test_kernel_lock_at(enum lw_test_type t, int i, unsigned long *flags)
{
	lw_test_lock(t, &test_locks[i], flags);
}

/* Release lock @i taken by test_kernel_lock_at() as flavour @t. */
static noinline void test_kernel_unlock_at(enum lw_test_type t, int i, unsigned long flags)
{
	lw_test_unlock(t, &test_locks[i], flags);
}

static void test_kernel_lock(enum lw_test_type t, int i)
{
	test_kernel_lock_at(t, i, &test_flags[i]);
}

static void test_kernel_unlock(enum lw_test_type t, int i)
{
	test_kernel_unlock_at(t, i, test_flags[i]);
}

/* A trylock; release it with test_kernel_untry(). */
static noinline int test_kernel_trylock(enum lw_test_type t, int i)
{
	union lw_test_lock *l = &test_locks[i];

	switch (lw_flavours[t].plain) {
	case T_MUTEX:
		return lw_mutex_trylock(&l->m);
	case T_SPIN:
		return lw_spin_trylock(&l->s);
	case T_READ:
		return lw_read_trylock(&l->r);
	case T_WRITE:
		return lw_write_trylock(&l->r);
	case T_RWSEM_WRITE:
		return lw_down_write_trylock(&l->w);
	case T_RWSEM_READ:
		return lw_down_read_trylock(&l->w);
	default:
		break;
	}
	return 0;
}

static void test_kernel_untry(enum lw_test_type t, int i)
{
	test_kernel_unlock_at(lw_flavours[t].plain, i, 0);
}

/*
 * What the lock call of flavour @t does to the context besides taking the
 * lock: interrupts or bottom halves off, then preemption off for a spinning
 * lock (on PREEMPT_RT, where spinlock_t and rwlock_t are rt_mutexes, an RCU
 * read-side section and migration off instead, as rt_spin_lock() leaves
 * the task). A task that releases a lock it does not hold enters this
 * first, so that the unlock call restores its own context.
 */
static void test_kernel_ctx_enter(enum lw_test_type t, unsigned long *flags)
{
	const struct lw_flavour *fl = &lw_flavours[t];

	/* As the hooks do it (checks/checks.h); 0 flags for the _irq unlock. */
	*flags = lw_irq_off(fl->irq);
	if (fl->sleeps)
		return;
	if (IS_ENABLED(CONFIG_PREEMPT_RT)) {
		rcu_read_lock();
		migrate_disable();
	} else {
		preempt_disable();
	}
}

/* ===== The scenario matrix ===== */

/*
 * A scenario is a sequence of pairs (x, y): take x, then y (by trylock if
 * the pair says so), release both. The last pair closes a cycle of
 * cycle_len classes, or none for the counterparts.
 */
struct lw_scenario {
	const char *name;
	unsigned int npairs;
	u8 pair[5][3];			/* x, y, y taken by trylock */
	unsigned int cycle_len;
};

static const struct lw_scenario lw_scenarios[] = {
	{ "ABBA", 2, { {0, 1}, {1, 0} }, 2 },
	{ "ABBCCA", 3, { {0, 1}, {1, 2}, {2, 0} }, 3 },
	{ "ABCABC", 3, { {0, 1}, {2, 0}, {1, 2} }, 3 },
	{ "ABBCCDDA", 4, { {0, 1}, {1, 2}, {2, 3}, {3, 0} }, 4 },
	{ "ABCDBDDA", 4, { {0, 1}, {2, 3}, {1, 3}, {3, 0} }, 3 },
	{ "ABCDBCDA", 4, { {0, 1}, {2, 3}, {1, 2}, {3, 0} }, 4 },
	{ "consistent", 5, { {0, 1}, {1, 2}, {0, 2}, {2, 3}, {0, 3} }, 0 },
	{ "trylock-reverse", 3, { {0, 1}, {1, 2}, {2, 0, 1} }, 0 },
};

struct lw_matrix_case {
	unsigned int scenario;
	enum lw_test_type type;
};

static struct lw_matrix_case lw_matrix[ARRAY_SIZE(lw_scenarios) * T_COUNT];

static const void *lw_matrix_gen(const void *prev, char *desc)
{
	const struct lw_matrix_case *c = prev ? (const struct lw_matrix_case *)prev + 1 : lw_matrix;
	unsigned int i = c - lw_matrix;

	if (i >= ARRAY_SIZE(lw_matrix))
		return NULL;
	lw_matrix[i].scenario = i / T_COUNT;
	lw_matrix[i].type = i % T_COUNT;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s %s",
		 lw_scenarios[i / T_COUNT].name, lw_flavours[i % T_COUNT].name);
	return &lw_matrix[i];
}

static void test_scenario_matrix(struct kunit *test)
{
	const struct lw_matrix_case *c = test->param_value;
	const struct lw_scenario *sc = &lw_scenarios[c->scenario];
	struct lw_finding *f = lw_test_begin(test, sc->cycle_len && !lw_recursive_read(c->type) ?
						   LW_KIND_CYCLE : LW_NONE);
	const u8 *last = sc->pair[sc->npairs - 1];
	unsigned int i;

	for (i = 0; i < LW_NLOCKS; i++)
		test_kernel_init(c->type, i);
	for (i = 0; i < sc->npairs; i++) {
		const u8 *p = sc->pair[i];

		test_kernel_lock(c->type, p[0]);
		if (p[2]) {
			KUNIT_EXPECT_EQ(test, test_kernel_trylock(c->type, p[1]), 1);
			test_kernel_untry(c->type, p[1]);
		} else {
			test_kernel_lock(c->type, p[1]);
			test_kernel_unlock(c->type, p[1]);
		}
		test_kernel_unlock(c->type, p[0]);
	}

	/* A cycle of recursive reads is none: the readers never wait. */
	if (!sc->cycle_len || lw_recursive_read(c->type)) {
		KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
		return;
	}
	/* Exactly one finding: the cycle, closed by the last pair. */
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 1U);
	KUNIT_EXPECT_EQ(test, f->nr, sc->cycle_len);
	KUNIT_EXPECT_STREQ(test, f->cls[0], test_classes[last[0]]->name);
	KUNIT_EXPECT_STREQ(test, f->cls[1], test_classes[last[1]]->name);
}

/*
 * Why the kernel's own lock debugging would report a release of flavour @t
 * that the caller does not hold (unlocked, or held by another task), or
 * NULL. Its mutex and spinlock checks stay quiet once lockdep has reported
 * (debug_locks off), as it has by now in make check's run; the
 * rw_semaphore checks warn once each regardless, which the KUnit run of
 * make check expects.
 */
static const char *lw_kernel_warns_bad_unlock(enum lw_test_type t)
{
	switch (lw_flavours[t].plain) {
	case T_RWSEM_WRITE:
	case T_RWSEM_READ:
		/* CONFIG_DEBUG_RWSEMS warns once; make check expects that. */
		return NULL;
	case T_MUTEX:
		if (debug_locks && IS_ENABLED(CONFIG_DEBUG_MUTEXES))
			return "CONFIG_DEBUG_MUTEXES is still on and warns on a bad release";
		break;
	default:
		if (debug_locks && IS_ENABLED(CONFIG_DEBUG_SPINLOCK))
			return "CONFIG_DEBUG_SPINLOCK is still on and warns on a bad release";
		break;
	}
	/* PREEMPT_RT's mutex, spinlock_t and rwlock_t are rt_mutexes. */
	if (debug_locks && IS_ENABLED(CONFIG_PREEMPT_RT) && IS_ENABLED(CONFIG_DEBUG_RT_MUTEXES))
		return "CONFIG_DEBUG_RT_MUTEXES is still on and warns on a bad release";
	return NULL;
}

/*
 * An unlock of a lock not held is reported, and still reaches the kernel
 * as the driver wrote it: lockwarden only observes. The test enters the
 * context the lock call would have made (preemption, bottom halves off)
 * so that the kernel's unlock, which leaves it, leaves the test's context
 * as it was: for a spinning lock, that the preempt count is back where it
 * was proves the kernel's unlock ran. A rw_semaphore's count shows it too.
 */
static void test_double_unlock(struct kunit *test)
{
	enum lw_test_type t = lw_param_type(test);
	struct lw_finding *f = lw_test_begin(test, LW_KIND_UNLOCK_NOT_HELD);
	union lw_test_lock *l = &test_locks[0];
	unsigned long flags;
	int pc;

	if (lw_kernel_warns_bad_unlock(t))
		lw_skip(test, lw_kernel_warns_bad_unlock(t));
	test_kernel_init(t, 0);
	test_kernel_lock(t, 0);
	test_kernel_unlock(t, 0);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	pc = preempt_count();
	test_kernel_ctx_enter(t, &flags);
	test_kernel_unlock_at(t, 0, flags);
	KUNIT_EXPECT_EQ(test, preempt_count(), pc);
	if (lw_flavours[t].plain == T_RWSEM_READ || lw_flavours[t].plain == T_RWSEM_WRITE)
		KUNIT_EXPECT_TRUE(test, rwsem_is_locked(&l->w.lock));
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_UNLOCK_NOT_HELD, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_mx_A");
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);

	/* Re-initialised (the kernel lock's state is the driver's doing), it works. */
	test_kernel_init(t, 0);
	KUNIT_EXPECT_EQ(test, test_kernel_trylock(t, 0), 1);
	test_kernel_untry(t, 0);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

static LW_DEFINE_CLASS(lw_rank_low, 1);
static LW_DEFINE_CLASS(lw_rank_high, 2);

static void test_rank_violation(struct kunit *test)
{
	enum lw_test_type t = lw_param_type(test);
	struct lw_finding *f = lw_test_begin(test, LW_KIND_RANK);

	test_kernel_init_class(t, 0, &lw_rank_low);
	test_kernel_init_class(t, 1, &lw_rank_high);
	test_kernel_lock(t, 0);
	test_kernel_lock(t, 1);
	test_kernel_unlock(t, 1);
	test_kernel_unlock(t, 0);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lockwarden_reset();
	/* Descending ranks, the first time: a rank finding and nothing else. */
	test_kernel_lock(t, 1);
	test_kernel_lock(t, 0);
	test_kernel_unlock(t, 0);
	test_kernel_unlock(t, 1);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_RANK, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_rank_low");
	KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_rank_high");
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/* ===== Recursion and upgrade, per flavour ===== */

/*
 * AA: a lock of a class this context holds. A read side takes the very
 * same lock again; any other side takes a second lock of the class, which
 * is as wrong and does not deadlock for real. rwlock_t readers may recurse
 * with bottom halves off (on PREEMPT_RT always); in task context, and
 * always for rw_semaphore readers, a writer waiting between the two blocks
 * the second (lw_recursive_read()).
 */
static void test_recursion(struct kunit *test)
{
	enum lw_test_type t = lw_param_type(test);
	const struct lw_flavour *fl = &lw_flavours[t];
	bool recursive_read = lw_recursive_read(t);
	struct lw_finding *f = lw_test_begin(test, recursive_read ? LW_NONE : LW_KIND_AA);
	int second = fl->read ? 0 : 1;
	unsigned long flags[2];

	test_kernel_init(t, 0);
	test_kernel_init_class(t, 1, &lw_mx_A);
	test_kernel_lock_at(t, 0, &flags[0]);
	test_kernel_lock_at(t, second, &flags[1]);
	test_kernel_unlock_at(t, second, flags[1]);
	test_kernel_unlock_at(t, 0, flags[0]);

	lw_expect_only(test, recursive_read ? LW_NONE : LW_KIND_AA, f);
	if (!recursive_read) {
		KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_mx_A");
		KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_mx_A");
	}
}

/* Two acquisitions of one class, on two locks of it, and what they raise. */
struct lw_pair_case {
	enum lw_test_type first, second;
	enum lw_kind kind;
};

static const struct lw_pair_case lw_upgrade_cases[] = {
	{ T_READ, T_WRITE, LW_KIND_UPGRADE },
	{ T_READ_BH, T_WRITE_BH, LW_KIND_UPGRADE },
	{ T_READ_IRQ, T_WRITE_IRQ, LW_KIND_UPGRADE },
	{ T_READ_IRQSAVE, T_WRITE_IRQSAVE, LW_KIND_UPGRADE },
	{ T_RWSEM_READ, T_RWSEM_WRITE, LW_KIND_UPGRADE },
	/*
	 * Counterparts: two reads are no upgrade. rwlock_t readers may recurse
	 * with bottom halves off; in task context the second read is
	 * recursive locking (lockdep's read_lock_is_recursive()), but where
	 * rwlocks are not queued (PREEMPT_RT) none: test_upgrade() asks
	 * lw_recursive_read().
	 */
	{ T_READ, T_READ, LW_KIND_AA },
	{ T_READ_BH, T_READ_BH, LW_NONE },
	{ T_READ_IRQ, T_READ_IRQ, LW_KIND_AA },
	{ T_READ_IRQSAVE, T_READ_IRQSAVE, LW_KIND_AA },
};

static void lw_pair_desc(const struct lw_pair_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s then %s",
		 lw_flavours[c->first].name, lw_flavours[c->second].name);
}

KUNIT_ARRAY_PARAM(lw_upgrade, lw_upgrade_cases, lw_pair_desc);

/*
 * A read hold, then a write acquisition of its class: the upgrade that
 * deadlocks for certain on one lock. Played on two locks of the class, so
 * it does not deadlock here.
 */
static void test_upgrade(struct kunit *test)
{
	const struct lw_pair_case *c = test->param_value;
	bool recursive = c->kind == LW_KIND_AA && lw_recursive_read(c->first);
	enum lw_kind kind = recursive ? LW_NONE : c->kind;
	struct lw_finding *f = lw_test_begin(test, kind);
	unsigned long flags[2];

	test_kernel_init(c->first, 0);
	test_kernel_init_class(c->first, 1, &lw_mx_A);
	test_kernel_lock_at(c->first, 0, &flags[0]);
	test_kernel_lock_at(c->second, 1, &flags[1]);
	test_kernel_unlock_at(c->second, 1, flags[1]);
	test_kernel_unlock_at(c->first, 0, flags[0]);

	lw_expect_only(test, kind, f);
	if (kind == LW_KIND_UPGRADE) {
		KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_mx_A");
		KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_mx_A");
	}
}

/* ===== Unlock by another task, per flavour ===== */

struct lw_unlock_work {
	struct work_struct work;
	enum lw_test_type type;
	pid_t pid;			/* the task that ran it */
	struct completion done;
};

static void test_kernel_unlock_work(struct work_struct *work)
{
	struct lw_unlock_work *uw = container_of(work, struct lw_unlock_work, work);
	unsigned long flags;

	uw->pid = task_pid_nr(current);
	test_kernel_ctx_enter(uw->type, &flags);
	test_kernel_unlock_at(uw->type, 0, flags);
	complete(&uw->done);
}

/*
 * The test task takes the lock; a work item on another CPU releases it
 * (a spinning lock's holder cannot sleep, so it polls for the release,
 * and the CPU must differ). The kernel lock is released for real, by the
 * worker, which first enters the context the lock call created so that
 * the unlock call leaves it again; then the holder releases it too.
 */
static void test_unlock_by_another_task(struct kunit *test)
{
	enum lw_test_type t = lw_param_type(test);
	struct lw_finding *f = lw_test_begin(test, LW_KIND_UNLOCK_NON_OWNER);
	struct lw_unlock_work uw = { .type = t };
	unsigned long flags;
	bool in_time;
	int cpu;

	if (lw_kernel_warns_bad_unlock(t))
		lw_skip(test, lw_kernel_warns_bad_unlock(t));
	if (num_online_cpus() < 2)
		lw_skip(test, "needs a second online CPU");
	test_kernel_init(t, 0);

	/* Counterpart: the task that took it releases it. */
	test_kernel_lock(t, 0);
	test_kernel_unlock(t, 0);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	INIT_WORK_ONSTACK(&uw.work, test_kernel_unlock_work);
	init_completion(&uw.done);
	test_kernel_lock_at(t, 0, &flags);
	cpu = get_cpu();
	queue_work_on(cpumask_any_but(cpu_online_mask, cpu), system_wq, &uw.work);
	in_time = lw_test_spin_until(completion_done(&uw.done));
	put_cpu();
	KUNIT_EXPECT_TRUE(test, in_time);
	lw_expect_only(test, LW_KIND_UNLOCK_NON_OWNER, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_mx_A");
	KUNIT_EXPECT_EQ(test, f->pid, uw.pid);
	KUNIT_EXPECT_NE(test, f->pid, task_pid_nr(current));

	/*
	 * The holder's own release, as the driver wrote it, after the bug: it
	 * reaches the kernel (and leaves the holder's context as it was), and
	 * is no second finding for the one bug.
	 */
	test_kernel_unlock_at(t, 0, flags);
	flush_work(&uw.work);
	destroy_work_on_stack(&uw.work);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);

	/* Re-initialised (the kernel lock's state is the driver's doing), it works. */
	test_kernel_init(t, 0);
	KUNIT_EXPECT_EQ(test, test_kernel_trylock(t, 0), 1);
	test_kernel_untry(t, 0);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/* ===== Sleeping lock in atomic context, per flavour ===== */

/* What makes the context atomic. */
enum lw_atomic {
	LW_UNDER_LOCK,			/* a held lock of flavour .outer */
	LW_UNDER_PREEMPT_OFF,		/* preempt_disable(), no lock */
	LW_UNDER_IRQS_OFF,		/* local_irq_disable(), no lock */
	LW_UNDER_BH_OFF,		/* local_bh_disable(), no lock */
};

static const char *const lw_atomic_names[] = {
	[LW_UNDER_PREEMPT_OFF]	= "preempt_disable",
	[LW_UNDER_IRQS_OFF]	= "local_irq_disable",
	[LW_UNDER_BH_OFF]	= "local_bh_disable",
};

struct lw_sleep_case {
	enum lw_atomic under;
	enum lw_test_type outer;	/* for LW_UNDER_LOCK */
	enum lw_test_type inner;	/* the sleeping lock taken */
};

static const struct lw_sleep_case lw_sleep_cases[] = {
	{ LW_UNDER_LOCK, T_SPIN, T_MUTEX },
	{ LW_UNDER_LOCK, T_SPIN, T_RWSEM_READ },
	{ LW_UNDER_LOCK, T_SPIN, T_RWSEM_WRITE },
	{ LW_UNDER_LOCK, T_SPIN_BH, T_MUTEX },
	{ LW_UNDER_LOCK, T_SPIN_BH, T_RWSEM_READ },
	{ LW_UNDER_LOCK, T_SPIN_BH, T_RWSEM_WRITE },
	{ LW_UNDER_LOCK, T_SPIN_IRQ, T_MUTEX },
	{ LW_UNDER_LOCK, T_SPIN_IRQ, T_RWSEM_READ },
	{ LW_UNDER_LOCK, T_SPIN_IRQ, T_RWSEM_WRITE },
	{ LW_UNDER_LOCK, T_SPIN_IRQSAVE, T_MUTEX },
	{ LW_UNDER_LOCK, T_SPIN_IRQSAVE, T_RWSEM_READ },
	{ LW_UNDER_LOCK, T_SPIN_IRQSAVE, T_RWSEM_WRITE },
	{ LW_UNDER_LOCK, T_READ, T_MUTEX },
	{ LW_UNDER_LOCK, T_READ, T_RWSEM_READ },
	{ LW_UNDER_LOCK, T_READ, T_RWSEM_WRITE },
	{ LW_UNDER_LOCK, T_READ_BH, T_MUTEX },
	{ LW_UNDER_LOCK, T_READ_BH, T_RWSEM_READ },
	{ LW_UNDER_LOCK, T_READ_BH, T_RWSEM_WRITE },
	{ LW_UNDER_LOCK, T_READ_IRQ, T_MUTEX },
	{ LW_UNDER_LOCK, T_READ_IRQ, T_RWSEM_READ },
	{ LW_UNDER_LOCK, T_READ_IRQ, T_RWSEM_WRITE },
	{ LW_UNDER_LOCK, T_READ_IRQSAVE, T_MUTEX },
	{ LW_UNDER_LOCK, T_READ_IRQSAVE, T_RWSEM_READ },
	{ LW_UNDER_LOCK, T_READ_IRQSAVE, T_RWSEM_WRITE },
	{ LW_UNDER_LOCK, T_WRITE, T_MUTEX },
	{ LW_UNDER_LOCK, T_WRITE, T_RWSEM_READ },
	{ LW_UNDER_LOCK, T_WRITE, T_RWSEM_WRITE },
	{ LW_UNDER_LOCK, T_WRITE_BH, T_MUTEX },
	{ LW_UNDER_LOCK, T_WRITE_BH, T_RWSEM_READ },
	{ LW_UNDER_LOCK, T_WRITE_BH, T_RWSEM_WRITE },
	{ LW_UNDER_LOCK, T_WRITE_IRQ, T_MUTEX },
	{ LW_UNDER_LOCK, T_WRITE_IRQ, T_RWSEM_READ },
	{ LW_UNDER_LOCK, T_WRITE_IRQ, T_RWSEM_WRITE },
	{ LW_UNDER_LOCK, T_WRITE_IRQSAVE, T_MUTEX },
	{ LW_UNDER_LOCK, T_WRITE_IRQSAVE, T_RWSEM_READ },
	{ LW_UNDER_LOCK, T_WRITE_IRQSAVE, T_RWSEM_WRITE },
	{ LW_UNDER_PREEMPT_OFF, T_COUNT, T_MUTEX },
	{ LW_UNDER_PREEMPT_OFF, T_COUNT, T_RWSEM_READ },
	{ LW_UNDER_PREEMPT_OFF, T_COUNT, T_RWSEM_WRITE },
	{ LW_UNDER_IRQS_OFF, T_COUNT, T_MUTEX },
	{ LW_UNDER_IRQS_OFF, T_COUNT, T_RWSEM_READ },
	{ LW_UNDER_IRQS_OFF, T_COUNT, T_RWSEM_WRITE },
	{ LW_UNDER_BH_OFF, T_COUNT, T_MUTEX },
	{ LW_UNDER_BH_OFF, T_COUNT, T_RWSEM_READ },
	{ LW_UNDER_BH_OFF, T_COUNT, T_RWSEM_WRITE },
	/* Counterparts: under a sleeping lock, sleeping is fine. */
	{ LW_UNDER_LOCK, T_MUTEX, T_MUTEX },
	{ LW_UNDER_LOCK, T_MUTEX, T_RWSEM_WRITE },
	{ LW_UNDER_LOCK, T_RWSEM_READ, T_MUTEX },
};

static void lw_sleep_desc(const struct lw_sleep_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s under %s", lw_flavours[c->inner].name,
		 c->under == LW_UNDER_LOCK ? lw_flavours[c->outer].name :
		 lw_atomic_names[c->under]);
}

KUNIT_ARRAY_PARAM(lw_sleep, lw_sleep_cases, lw_sleep_desc);

/*
 * A mutex or rw_semaphore taken where sleeping is not allowed. The sleeping
 * lock is free, so it does not sleep here: it only may (might_sleep()
 * reports it too, as expected).
 */
static void test_sleep_in_atomic_context(struct kunit *test)
{
	const struct lw_sleep_case *c = test->param_value;
	bool atomic = c->under != LW_UNDER_LOCK || !lw_flavours[c->outer].sleeps;
	struct lw_finding *f = lw_test_begin(test, atomic ? LW_KIND_SLEEP_ATOMIC : LW_NONE);
	unsigned long flags = 0;

	test_kernel_init(c->inner, 1);
	switch (c->under) {
	case LW_UNDER_LOCK:
		test_kernel_init(c->outer, 0);
		test_kernel_lock_at(c->outer, 0, &flags);
		break;
	case LW_UNDER_PREEMPT_OFF:
		preempt_disable();
		break;
	case LW_UNDER_IRQS_OFF:
		local_irq_disable();
		break;
	case LW_UNDER_BH_OFF:
		local_bh_disable();
		break;
	}
	test_kernel_lock(c->inner, 1);
	test_kernel_unlock(c->inner, 1);
	switch (c->under) {
	case LW_UNDER_LOCK:
		test_kernel_unlock_at(c->outer, 0, flags);
		break;
	case LW_UNDER_PREEMPT_OFF:
		preempt_enable();
		break;
	case LW_UNDER_IRQS_OFF:
		local_irq_enable();
		break;
	case LW_UNDER_BH_OFF:
		local_bh_enable();
		break;
	}

	lw_expect_only(test, atomic ? LW_KIND_SLEEP_ATOMIC : LW_NONE, f);
	if (!atomic)
		return;
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_mx_B");
	if (c->under == LW_UNDER_LOCK) {
		/* The held spinning lock is named as the reason. */
		KUNIT_EXPECT_EQ(test, f->nr, 2U);
		KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_mx_A");
	} else {
		KUNIT_EXPECT_EQ(test, f->nr, 1U);
	}
}

/* ===== Interrupt-safety inversion, per flavour ===== */

/*
 * A spinning lock's class taken in an interrupt (hardirq: an irq_work;
 * softirq: a tasklet) with flavour .in_irq, then in task context with
 * flavour .elsewhere.
 */
struct lw_irq_case {
	bool softirq;
	enum lw_test_type in_irq;
	enum lw_test_type elsewhere;
	bool inversion;			/* expected */
};

static const struct lw_irq_case lw_irq_cases[] = {
	{ false, T_SPIN, T_SPIN, true },
	{ false, T_SPIN, T_SPIN_BH, true },
	{ false, T_WRITE, T_WRITE, true },
	{ false, T_WRITE, T_WRITE_BH, true },
	{ false, T_READ, T_WRITE, true },
	{ false, T_WRITE, T_READ, true },
	{ false, T_WRITE, T_READ_BH, true },
	/* Counterparts: interrupts off around every hold outside the irq. */
	{ false, T_SPIN_IRQSAVE, T_SPIN_IRQ, false },
	{ false, T_SPIN_IRQSAVE, T_SPIN_IRQSAVE, false },
	{ false, T_WRITE_IRQSAVE, T_WRITE_IRQ, false },
	{ false, T_WRITE_IRQSAVE, T_WRITE_IRQSAVE, false },
	{ false, T_READ_IRQSAVE, T_READ_IRQ, false },
	{ false, T_READ, T_WRITE_IRQSAVE, false },
	{ true, T_SPIN, T_SPIN, true },
	{ true, T_WRITE, T_WRITE, true },
	{ true, T_READ, T_WRITE, true },
	{ true, T_WRITE, T_READ, true },
	/* Counterparts: bottom halves off around every hold outside it. */
	{ true, T_SPIN_BH, T_SPIN_BH, false },
	{ true, T_WRITE_BH, T_WRITE_BH, false },
	{ true, T_READ_BH, T_READ_BH, false },
	{ true, T_READ, T_WRITE_BH, false },
	/*
	 * Counterparts: readers in an interrupt and readers elsewhere with it
	 * enabled. A reader in interrupt context does not queue behind a
	 * waiting writer and readers do not wait for readers: lockdep checks
	 * read usage against write usage only.
	 */
	{ false, T_READ, T_READ, false },
	{ false, T_READ, T_READ_BH, false },
	{ true, T_READ, T_READ, false },
	/*
	 * Counterparts: softirq use, and elsewhere holds with hardirqs off,
	 * when no softirq can run on that CPU: lockdep marks softirqs enabled
	 * only with hardirqs on.
	 */
	{ true, T_SPIN, T_SPIN_IRQSAVE, false },
	{ true, T_SPIN_IRQSAVE, T_SPIN_IRQ, false },
	{ true, T_WRITE, T_WRITE_IRQSAVE, false },
	{ true, T_READ, T_WRITE_IRQ, false },
};

static void lw_irq_desc(const struct lw_irq_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s in %s, %s elsewhere",
		 lw_flavours[c->in_irq].name, c->softirq ? "softirq" : "hardirq",
		 lw_flavours[c->elsewhere].name);
}

KUNIT_ARRAY_PARAM(lw_irq, lw_irq_cases, lw_irq_desc);

static const struct lw_irq_case *irq_case;

/* The hold in the interrupt. */
static void test_kernel_in_interrupt(void)
{
	unsigned long flags = 0;

	test_kernel_lock_at(irq_case->in_irq, 0, &flags);
	test_kernel_unlock_at(irq_case->in_irq, 0, flags);
}

/* Play @c: the hold in the interrupt, then the one in task context. */
static void lw_irq_play(struct kunit *test, const struct lw_irq_case *c)
{
	unsigned long flags = 0;

	test_kernel_init(c->in_irq, 0);
	irq_case = c;
	lw_test_in_irq(test, c->softirq, test_kernel_in_interrupt);
	test_kernel_lock_at(c->elsewhere, 0, &flags);
	test_kernel_unlock_at(c->elsewhere, 0, flags);
}

/*
 * Whether @c is an inversion on this kernel: on PREEMPT_RT a softirq runs
 * in a task, and a lock taken there is no softirq usage (lockdep's
 * neither), so none of its softirq cases is.
 */
static bool lw_irq_inverts(const struct lw_irq_case *c)
{
	return c->inversion && !(c->softirq && IS_ENABLED(CONFIG_PREEMPT_RT));
}

static void lw_irq_expect(struct kunit *test, const struct lw_irq_case *c,
			  struct lw_finding *f)
{
	lw_expect_only(test, lw_irq_inverts(c) ? LW_KIND_IRQ_INVERSION : LW_NONE, f);
	if (!lw_irq_inverts(c))
		return;
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_mx_A");
	/* The usage bits: read variants for the read holds. */
	KUNIT_EXPECT_EQ(test, f->detail.irq.usage,
			(c->softirq ? LW_ENABLED_SOFTIRQ : LW_ENABLED_HARDIRQ) +
			(lw_flavours[c->elsewhere].read ? LW_USAGE_READ : 0));
	KUNIT_EXPECT_EQ(test, f->detail.irq.conflicts_with,
			(c->softirq ? LW_USED_IN_SOFTIRQ : LW_USED_IN_HARDIRQ) +
			(lw_flavours[c->in_irq].read ? LW_USAGE_READ : 0));
}

static void test_irq_safety(struct kunit *test)
{
	const struct lw_irq_case *c = test->param_value;
	enum lw_kind kind = lw_irq_inverts(c) ? LW_KIND_IRQ_INVERSION : LW_NONE;
	struct lw_finding *f = lw_test_begin(test, kind);

	lw_irq_play(test, c);
	lw_irq_expect(test, c, f);
}

/* ===== Findings of the lock side, with counterparts ===== */

static LW_DEFINE_CLASS(lw_nest_class, 0);
static struct lw_mutex nest1, nest2;

static void test_same_class_nesting(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_AA);

	lw_mutex_init(&nest1, &lw_nest_class);
	lw_mutex_init(&nest2, &lw_nest_class);

	/* Annotated nesting, and the pair helper either way round: fine. */
	lw_mutex_lock(&nest1);
	lw_mutex_lock_nested(&nest2, SINGLE_DEPTH_NESTING);
	lw_mutex_unlock(&nest2);
	lw_mutex_unlock(&nest1);
	lw_mutex_lock_pair(&nest2, &nest1);
	lw_mutex_unlock(&nest1);
	lw_mutex_unlock(&nest2);
	lw_mutex_lock_pair(&nest1, &nest2);
	lw_mutex_unlock(&nest2);
	lw_mutex_unlock(&nest1);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	/* Unannotated: recursive locking of the class. */
	lw_test_mutex_nest(&nest1, &nest2);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_AA, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_nest_class");
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

static struct lw_mutex auto_locks[2], auto_other;

static void test_auto_class_per_init_site(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_AA);
	int i;

	for (i = 0; i < 2; i++)
		lw_mutex_init(&auto_locks[i]);	/* one site: one class */
	lw_mutex_init(&auto_other);		/* another site: another class */
	KUNIT_EXPECT_PTR_EQ(test, auto_locks[0].dep.class, auto_locks[1].dep.class);
	KUNIT_EXPECT_PTR_NE(test, auto_locks[0].dep.class, auto_other.dep.class);
	KUNIT_EXPECT_STREQ(test, auto_locks[0].dep.class->name, "&auto_locks[i]");

	lw_test_mutex_nest(&auto_locks[0], &auto_other);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	/* Two locks of the one site's class, nested: recursive locking. */
	lw_test_mutex_nest(&auto_locks[0], &auto_locks[1]);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_AA, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "&auto_locks[i]");
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

static LW_DEFINE_CLASS(lw_rw_class, 0);
static struct lw_rwsem rwsem1, rwsem2;
static struct lw_rwlock rwlock1, rwlock2;

static void test_upgrade_reported(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_UPGRADE);

	lw_init_rwsem(&rwsem1, &lw_rw_class);
	lw_init_rwsem(&rwsem2, &lw_rw_class);
	lw_rwlock_init(&rwlock1, &lw_rw_class);
	lw_rwlock_init(&rwlock2, &lw_rw_class);

	/*
	 * rwlock_t readers may recurse with bottom halves off (in task context
	 * they may not: rwlock_read_test.c); a write hold can be downgraded.
	 */
	local_bh_disable();
	lw_read_lock(&rwlock1);
	lw_read_lock(&rwlock2);
	lw_read_unlock(&rwlock2);
	lw_read_unlock(&rwlock1);
	local_bh_enable();
	lw_down_write(&rwsem1);
	lw_downgrade_write(&rwsem1);
	lw_up_read(&rwsem1);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	/* A read hold, then a write of the class. */
	lw_down_read(&rwsem1);
	lw_down_write(&rwsem2);
	lw_up_write(&rwsem2);
	lw_up_read(&rwsem1);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_UPGRADE, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_rw_class");
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

static LW_DEFINE_CLASS(lw_atomic_spin, 0);
static LW_DEFINE_CLASS(lw_atomic_mutex, 0);
static struct lw_spinlock atomic_spin;
static struct lw_mutex atomic_mutex;

static void test_sleep_in_atomic(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_SLEEP_ATOMIC);

	lw_kunit_expect(test, LW_KIND_CYCLE);
	lw_spin_lock_init(&atomic_spin, &lw_atomic_spin);
	lw_mutex_init(&atomic_mutex, &lw_atomic_mutex);

	lw_mutex_lock(&atomic_mutex);
	lw_spin_lock(&atomic_spin);
	lw_spin_unlock(&atomic_spin);
	lw_mutex_unlock(&atomic_mutex);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	/* The mutex is free, so this does not really sleep: it only may. */
	lw_spin_lock(&atomic_spin);
	lw_mutex_lock(&atomic_mutex);
	lw_mutex_unlock(&atomic_mutex);
	lw_spin_unlock(&atomic_spin);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_SLEEP_ATOMIC, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_atomic_mutex");
	KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_atomic_spin");
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, NULL), 1U);
}

static LW_DEFINE_CLASS(lw_irq_class, 0);
static struct lw_spinlock irq_lock;
static bool irq_ran_in_hardirq;

static void lw_test_irq_work(struct irq_work *work)
{
	irq_ran_in_hardirq = in_hardirq();
	lw_spin_lock(&irq_lock);
	lw_spin_unlock(&irq_lock);
}

static void test_irq_inversion_hardirq(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_IRQ_INVERSION);
	struct irq_work work;
	unsigned long flags;

	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		lw_skip(test, "a spinlock_t may not be taken in hardirq context on PREEMPT_RT");
	lw_spin_lock_init(&irq_lock, &lw_irq_class);
	init_irq_work(&work, lw_test_irq_work);
	irq_work_queue(&work);
	irq_work_sync(&work);
	if (!irq_ran_in_hardirq)
		kunit_skip(test, "irq_work did not run in hardirq context");

	/* Interrupts off around it elsewhere: safe. */
	lw_spin_lock_irqsave(&irq_lock, flags);
	lw_spin_unlock_irqrestore(&irq_lock, flags);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lw_spin_lock(&irq_lock);
	lw_spin_unlock(&irq_lock);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_IRQ_INVERSION, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_irq_class");
	KUNIT_EXPECT_EQ(test, f->detail.irq.usage, LW_ENABLED_HARDIRQ);
	KUNIT_EXPECT_EQ(test, f->detail.irq.conflicts_with, LW_USED_IN_HARDIRQ);
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], "lw_test_irq_work"));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

static LW_DEFINE_CLASS(lw_bh_class, 0);
static struct lw_spinlock bh_lock;

static void lw_bh_in_softirq(void)
{
	lw_spin_lock(&bh_lock);
	lw_spin_unlock(&bh_lock);
}

static void test_irq_inversion_softirq(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, IS_ENABLED(CONFIG_PREEMPT_RT) ?
						   LW_NONE : LW_KIND_IRQ_INVERSION);

	lw_spin_lock_init(&bh_lock, &lw_bh_class);
	lw_test_in_irq(test, true, lw_bh_in_softirq);

	/* Bottom halves off around it elsewhere: safe. */
	lw_spin_lock_bh(&bh_lock);
	lw_spin_unlock_bh(&bh_lock);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lw_spin_lock(&bh_lock);
	lw_spin_unlock(&bh_lock);
	/* On PREEMPT_RT the tasklet ran in a task: no softirq usage, no inversion. */
	if (IS_ENABLED(CONFIG_PREEMPT_RT)) {
		KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
		return;
	}
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_IRQ_INVERSION, f), 1U);
	KUNIT_EXPECT_EQ(test, f->detail.irq.usage, LW_ENABLED_SOFTIRQ);
	KUNIT_EXPECT_EQ(test, f->detail.irq.conflicts_with, LW_USED_IN_SOFTIRQ);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

static LW_DEFINE_CLASS(lw_owner_class, 0);
static struct lw_rwsem owner_sem;
static DECLARE_COMPLETION(owner_taken);
static DECLARE_COMPLETION(owner_released);

static int lw_test_reader(void *unused)
	__lw_no_tsa
{
	lw_down_read(&owner_sem);
	complete(&owner_taken);
	wait_for_completion(&owner_released);
	return 0;
}

static void test_unlock_non_owner(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_UNLOCK_NON_OWNER);
	struct task_struct *reader;

	lw_init_rwsem(&owner_sem, &lw_owner_class);
	lw_down_read(&owner_sem);
	lw_up_read(&owner_sem);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	reinit_completion(&owner_taken);
	reinit_completion(&owner_released);
	reader = kthread_run(lw_test_reader, NULL, "lw_test_reader");
	KUNIT_ASSERT_FALSE(test, IS_ERR(reader));
	wait_for_completion(&owner_taken);
	lw_up_read(&owner_sem);		/* released by a task that never took it */
	complete(&owner_released);

	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_UNLOCK_NON_OWNER, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_owner_class");
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], "lw_test_reader"));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

static LW_DEFINE_CLASS(lw_assert_class, 0);
static struct lw_mutex assert_mutex;

static void test_assert_held(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_NOT_HELD);

	lw_mutex_init(&assert_mutex, &lw_assert_class);
	lw_mutex_lock(&assert_mutex);
	lw_assert_held(&assert_mutex);
	lw_mutex_unlock(&assert_mutex);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lw_assert_held(&assert_mutex);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_NOT_HELD, f), 1U);
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_assert_held"));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

struct lw_test_object {
	int data;
	struct lw_spinlock lock;
};

static LW_DEFINE_CLASS(lw_object_class, 0);

static void test_freed_while_held(struct kunit *test)
{
	struct lw_test_object *obj = kunit_kzalloc(test, sizeof(*obj), GFP_KERNEL);
	struct lw_finding *f = lw_test_begin(test, LW_KIND_DESTROY_HELD);

	KUNIT_ASSERT_NOT_NULL(test, obj);
	lw_spin_lock_init(&obj->lock, &lw_object_class);
	lw_spin_lock(&obj->lock);
	lw_spin_unlock(&obj->lock);
	lw_check_freed(obj, sizeof(*obj));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lw_spin_lock(&obj->lock);
	lw_check_freed(obj, sizeof(*obj));
	lw_spin_unlock(&obj->lock);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_DESTROY_HELD, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_object_class");
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

#define LW_DEEP		(LW_MAX_DEPTH + 1)

static void test_depth_overflow_dynamic_classes(struct kunit *test)
	__lw_no_tsa
{
	struct lw_class *classes = kunit_kcalloc(test, LW_DEEP, sizeof(*classes), GFP_KERNEL);
	struct lw_mutex *locks = kunit_kcalloc(test, LW_DEEP, sizeof(*locks), GFP_KERNEL);
	struct lw_finding *f = lw_test_begin(test, LW_KIND_DEPTH);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, classes);
	KUNIT_ASSERT_NOT_NULL(test, locks);
	for (i = 0; i < LW_DEEP; i++) {
		classes[i].name = "lw_deep_class";
		KUNIT_ASSERT_EQ(test, lw_class_register(&classes[i]), 0);
		lw_mutex_init(&locks[i], &classes[i]);
	}
	for (i = 0; i < LW_MAX_DEPTH; i++)
		lw_mutex_lock(&locks[i]);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	lw_mutex_lock(&locks[LW_MAX_DEPTH]);
	for (i = LW_DEEP; i-- > 0;)
		lw_mutex_unlock(&locks[i]);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_DEPTH, f), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
	for (i = 0; i < LW_DEEP; i++) {
		lw_class_unregister(&classes[i]);
		KUNIT_EXPECT_EQ(test, classes[i].id[0], 0);
	}
}

static struct kunit_case lw_types_test_cases[] = {
	KUNIT_CASE_PARAM(test_scenario_matrix, lw_matrix_gen),
	KUNIT_CASE_PARAM(test_double_unlock, lw_flavour_gen_params),
	KUNIT_CASE_PARAM(test_rank_violation, lw_flavour_gen_params),
	KUNIT_CASE_PARAM(test_recursion, lw_flavour_gen_params),
	KUNIT_CASE_PARAM(test_upgrade, lw_upgrade_gen_params),
	KUNIT_CASE_PARAM(test_unlock_by_another_task, lw_flavour_gen_params),
	KUNIT_CASE_PARAM(test_sleep_in_atomic_context, lw_sleep_gen_params),
	KUNIT_CASE_PARAM(test_irq_safety, lw_irq_gen_params),
	KUNIT_CASE(test_same_class_nesting),
	KUNIT_CASE(test_auto_class_per_init_site),
	KUNIT_CASE(test_upgrade_reported),
	KUNIT_CASE(test_sleep_in_atomic),
	KUNIT_CASE(test_irq_inversion_hardirq),
	KUNIT_CASE(test_irq_inversion_softirq),
	KUNIT_CASE(test_unlock_non_owner),
	KUNIT_CASE(test_assert_held),
	KUNIT_CASE(test_freed_while_held),
	KUNIT_CASE(test_depth_overflow_dynamic_classes),
	{}
};

LW_TEST_SUITE(lockwarden_locktypes, lw_test_init, lw_test_exit, lw_types_test_cases);
