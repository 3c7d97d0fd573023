// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of the API a driver's conversion needs beyond lock and
 * unlock: locks defined statically with their class (no init call), classes
 * named by a string, is_locked, the interrupt flavours of the trylocks and
 * of the guard() classes, the killable and interruptible rw_semaphore
 * acquisitions, lw_assert_held_once(), lw_assert_not_held() and
 * lw_might_lock(). Each case checks what must happen and what must not.
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "lw_test.h"

/* ===== Locks under test ===== */

/*
 * Two locks of each type, defined statically with their class, named by a
 * string: lo (rank 1) is taken before hi (rank 2). One class per lock type
 * (lockdep, on a debug kernel, keys the kernel lock of a static definition
 * by its address, so its classes never mix types either).
 */
static LW_DEFINE_CLASS_NAMED(lw_api_mutex_lo_class, "api.mutex.lo", 1);
static LW_DEFINE_CLASS_NAMED(lw_api_mutex_hi_class, "api.mutex.hi", 2);
static LW_DEFINE_CLASS_NAMED(lw_api_spin_lo_class, "api.spin.lo", 1);
static LW_DEFINE_CLASS_NAMED(lw_api_spin_hi_class, "api.spin.hi", 2);
static LW_DEFINE_CLASS_NAMED(lw_api_raw_lo_class, "api.raw.lo", 1);
static LW_DEFINE_CLASS_NAMED(lw_api_raw_hi_class, "api.raw.hi", 2);
static LW_DEFINE_CLASS_NAMED(lw_api_rwlock_lo_class, "api.rwlock.lo", 1);
static LW_DEFINE_CLASS_NAMED(lw_api_rwlock_hi_class, "api.rwlock.hi", 2);
static LW_DEFINE_CLASS_NAMED(lw_api_rwsem_lo_class, "api.rwsem.lo", 1);
static LW_DEFINE_CLASS_NAMED(lw_api_rwsem_hi_class, "api.rwsem.hi", 2);

static LW_DEFINE_MUTEX(api_mutex_lo, &lw_api_mutex_lo_class);
static LW_DEFINE_MUTEX(api_mutex_hi, &lw_api_mutex_hi_class);
static LW_DEFINE_SPINLOCK(api_spin_lo, &lw_api_spin_lo_class);
static LW_DEFINE_SPINLOCK(api_spin_hi, &lw_api_spin_hi_class);
static LW_DEFINE_RAW_SPINLOCK(api_raw_lo, &lw_api_raw_lo_class);
static LW_DEFINE_RAW_SPINLOCK(api_raw_hi, &lw_api_raw_hi_class);
static LW_DEFINE_RWLOCK(api_rwlock_lo, &lw_api_rwlock_lo_class);
static LW_DEFINE_RWLOCK(api_rwlock_hi, &lw_api_rwlock_hi_class);
static LW_DECLARE_RWSEM(api_rwsem_lo, &lw_api_rwsem_lo_class);
static LW_DECLARE_RWSEM(api_rwsem_hi, &lw_api_rwsem_hi_class);
static LW_DEFINE_MUTEX(api_mutex_untaken, &lw_api_mutex_hi_class);	/* never taken */

/* The kernel has no rwlock_is_locked(): lockwarden's own reading of it. */
static bool lw_api_rwlock_is_locked(struct lw_rwlock *l)
{
	return lw_compat_rwlock_is_locked(&l->lock);
}

/*
 * LW_API_OPS(side, type, lockfn, unlockfn, is_locked, might): the calls a
 * case makes on a lock of @type taken as @side: lw_api_<side>_lock() with
 * @lockfn, and so on; each names itself as a site of a finding.
 */
#define LW_API_OPS(side, type, lockfn, unlockfn, is_locked, might)	\
static noinline void lw_api_##side##_lock(void *l)			\
	__lw_no_tsa							\
{									\
	lockfn((type *)l);						\
}									\
									\
static noinline void lw_api_##side##_unlock(void *l)			\
	__lw_no_tsa							\
{									\
	unlockfn((type *)l);						\
}									\
									\
static bool lw_api_##side##_is_locked(void *l)				\
{									\
	return is_locked((type *)l);					\
}									\
									\
static noinline void lw_api_##side##_assert_held(void *l)		\
{									\
	lw_assert_held((type *)l);					\
}									\
									\
static noinline void lw_api_##side##_assert_not_held(void *l)		\
{									\
	lw_assert_not_held((type *)l);					\
}									\
									\
static noinline void lw_api_##side##_might_lock(void *l)		\
{									\
	might((type *)l);						\
}

LW_API_OPS(mutex, struct lw_mutex, lw_mutex_lock, lw_mutex_unlock, lw_mutex_is_locked,
	   lw_might_lock)
LW_API_OPS(spin, struct lw_spinlock, lw_spin_lock, lw_spin_unlock, lw_spin_is_locked,
	   lw_might_lock)
LW_API_OPS(raw_spin, struct lw_raw_spinlock, lw_raw_spin_lock, lw_raw_spin_unlock,
	   lw_raw_spin_is_locked, lw_might_lock)
LW_API_OPS(write, struct lw_rwlock, lw_write_lock, lw_write_unlock, lw_api_rwlock_is_locked,
	   lw_might_lock)
LW_API_OPS(read, struct lw_rwlock, lw_read_lock, lw_read_unlock, lw_api_rwlock_is_locked,
	   lw_might_lock_read)
LW_API_OPS(down_write, struct lw_rwsem, lw_down_write, lw_up_write, lw_rwsem_is_locked,
	   lw_might_lock)
LW_API_OPS(down_read, struct lw_rwsem, lw_down_read, lw_up_read, lw_rwsem_is_locked,
	   lw_might_lock_read)

/* A lock type taken as one side, and its two static locks. */
struct lw_api_side {
	const char *name;
	void *lo, *hi;
	const struct lw_class *lo_class, *hi_class;
	void (*lock)(void *l);
	void (*unlock)(void *l);
	bool (*is_locked)(void *l);
	void (*assert_held)(void *l);
	void (*assert_not_held)(void *l);
	void (*might)(void *l);
	const char *lock_site, *might_site;	/* lock() and might_lock() */
	unsigned int write;	/* index of the exclusive side in lw_api_sides[] */
};

enum { API_MUTEX, API_SPIN, API_RAW, API_WRITE, API_READ, API_DOWN_WRITE, API_DOWN_READ };

#define LW_API_SIDE(side, var, exclusive)				\
	{								\
		.name = #side,						\
		.lo = &api_##var##_lo,					\
		.hi = &api_##var##_hi,					\
		.lo_class = &lw_api_##var##_lo_class,			\
		.hi_class = &lw_api_##var##_hi_class,			\
		.lock = lw_api_##side##_lock,				\
		.unlock = lw_api_##side##_unlock,			\
		.is_locked = lw_api_##side##_is_locked,			\
		.assert_held = lw_api_##side##_assert_held,		\
		.assert_not_held = lw_api_##side##_assert_not_held,	\
		.might = lw_api_##side##_might_lock,			\
		.lock_site = "lw_api_" #side "_lock",			\
		.might_site = "lw_api_" #side "_might_lock",		\
		.write = (exclusive),					\
	}

static const struct lw_api_side lw_api_sides[] = {
	[API_MUTEX] = LW_API_SIDE(mutex, mutex, API_MUTEX),
	[API_SPIN] = LW_API_SIDE(spin, spin, API_SPIN),
	[API_RAW] = LW_API_SIDE(raw_spin, raw, API_RAW),
	[API_WRITE] = LW_API_SIDE(write, rwlock, API_WRITE),
	[API_READ] = LW_API_SIDE(read, rwlock, API_WRITE),
	[API_DOWN_WRITE] = LW_API_SIDE(down_write, rwsem, API_DOWN_WRITE),
	[API_DOWN_READ] = LW_API_SIDE(down_read, rwsem, API_DOWN_WRITE),
};

LW_TEST_CASES_PARAM(lw_api_side, lw_api_sides);

/*
 * LW_API_TRY(name, type, trycall, unlockcall): lw_api_<name>() tries lock
 * @t of @type with @trycall (flags in *@flags), lw_api_<name>_release()
 * releases it with @unlockcall (flags in @flags).
 */
#define LW_API_TRY(name, type, trycall, unlockcall)			\
static noinline int lw_api_##name(void *l, unsigned long *flags)	\
	__lw_no_tsa							\
{									\
	type *t = l;							\
									\
	return trycall;							\
}									\
									\
static noinline void lw_api_##name##_release(void *l, unsigned long flags) \
	__lw_no_tsa							\
{									\
	type *t = l;							\
									\
	unlockcall;							\
}

LW_API_TRY(spin_trylock_bh, struct lw_spinlock, lw_spin_trylock_bh(t), lw_spin_unlock_bh(t))
LW_API_TRY(spin_trylock_irq, struct lw_spinlock, lw_spin_trylock_irq(t), lw_spin_unlock_irq(t))
LW_API_TRY(spin_trylock_irqsave, struct lw_spinlock, lw_spin_trylock_irqsave(t, *flags),
	   lw_spin_unlock_irqrestore(t, flags))
LW_API_TRY(raw_spin_trylock_bh, struct lw_raw_spinlock, lw_raw_spin_trylock_bh(t),
	   lw_raw_spin_unlock_bh(t))
LW_API_TRY(raw_spin_trylock_irq, struct lw_raw_spinlock, lw_raw_spin_trylock_irq(t),
	   lw_raw_spin_unlock_irq(t))
LW_API_TRY(raw_spin_trylock_irqsave, struct lw_raw_spinlock, lw_raw_spin_trylock_irqsave(t, *flags),
	   lw_raw_spin_unlock_irqrestore(t, flags))
LW_API_TRY(write_trylock_irqsave, struct lw_rwlock, lw_write_trylock_irqsave(t, *flags),
	   lw_write_unlock_irqrestore(t, flags))

/*
 * An interrupt flavour of a spinning lock: its guard() class, and its
 * trylock where the kernel has one (lw_api_irqs[], after the guards).
 */
struct lw_api_irq {
	const char *name;	/* of the guard() class */
	unsigned int side;	/* index in lw_api_sides[] */
	bool bh;		/* bottom halves off, not interrupts */
	const char *try_name;
	int (*trylock)(void *l, unsigned long *flags);
	void (*release)(void *l, unsigned long flags);
	void (*hold)(struct kunit *test, const struct lw_api_irq *g);
};

/*
 * Whether, holding a lock as flavour @g, interrupts (or bottom halves) are
 * as the kernel's flavour leaves them: off, but on PREEMPT_RT a
 * spinlock_t's or rwlock_t's _irq and _irqsave leave interrupts on.
 */
static bool lw_api_irq_state(const struct lw_api_irq *g)
{
	if (g->bh)
		return softirq_count() != 0;
	if (IS_ENABLED(CONFIG_PREEMPT_RT) && g->side != API_RAW)
		return !irqs_disabled();
	return irqs_disabled();
}

/* Take @inner under @outer, both locks of side @t, and release them. */
static void lw_api_nest(const struct lw_api_side *t, void *outer, void *inner)
{
	t->lock(outer);
	t->lock(inner);
	t->unlock(inner);
	t->unlock(outer);
}

/* ===== Test cases ===== */

/*
 * A static lock works with no init call: its class and type are set.
 * Taken in rank order, with lw_assert_held() under it and is_locked true:
 * no finding; free after. Then taken against the ranks: one rank
 * violation, naming both classes by their strings (and the cycle the
 * first order closes, unless the two are rwlock_t reads that may recurse,
 * as on PREEMPT_RT, where rwlocks are not queued).
 */
static void test_static_lock(struct kunit *test)
{
	const struct lw_api_side *t = test->param_value;
	struct lw_finding *f = lw_test_begin(test, LW_KIND_RANK);
	bool cycle = t != &lw_api_sides[API_READ] || IS_ENABLED(CONFIG_QUEUED_RWLOCKS);

	if (cycle)
		lw_kunit_expect(test, LW_KIND_CYCLE);
	t->lock(t->lo);
	t->lock(t->hi);
	t->assert_held(t->lo);
	t->assert_held(t->hi);
	KUNIT_EXPECT_TRUE(test, t->is_locked(t->hi));
	t->unlock(t->hi);
	t->unlock(t->lo);
	KUNIT_EXPECT_FALSE(test, t->is_locked(t->lo));
	KUNIT_EXPECT_FALSE(test, t->is_locked(t->hi));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lw_api_nest(t, t->hi, t->lo);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_RANK, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], t->lo_class->name);
	KUNIT_EXPECT_STREQ(test, f->cls[1], t->hi_class->name);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, NULL), cycle ? 1U : 0U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), cycle ? 2U : 1U);
}

/*
 * A static lock never taken is not held: lw_assert_held() says so, as of a
 * lock initialised at run time, and lw_assert_not_held() says nothing.
 */
static void test_static_lock_untaken(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_NOT_HELD);

	lw_assert_not_held(&api_mutex_untaken);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	lw_assert_held(&api_mutex_untaken);
	lw_expect_only(test, LW_KIND_NOT_HELD, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "api.mutex.hi");
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&api_mutex_untaken));
}

/*
 * A class named at run time (lw_class_init() and lw_class_register()) and
 * one named by a string statically (LW_CLASS_INIT()): their names are what
 * findings print; taking them in rank order is none, against it a rank
 * violation (and the cycle the first order closes).
 */
static struct lw_class lw_api_string_class = LW_CLASS_INIT("api->string", 2);

static void test_class_named_by_string(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_RANK);
	struct lw_class *dyn = kunit_kzalloc(test, sizeof(*dyn), GFP_KERNEL);
	struct lw_mutex *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct lw_mutex *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, dyn);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	lw_class_init(dyn, "api dyn[0]", 1);
	KUNIT_ASSERT_EQ(test, lw_class_register(dyn), 0);
	lw_mutex_init(a, dyn);
	lw_mutex_init(b, &lw_api_string_class);

	lw_kunit_expect(test, LW_KIND_CYCLE);
	lw_test_mutex_nest(a, b);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	lw_test_mutex_nest(b, a);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_RANK, f), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 2U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "api dyn[0]");
	KUNIT_EXPECT_STREQ(test, f->cls[1], "api->string");
	lw_mutex_destroy(a);
	lw_class_unregister(dyn);
}

/*
 * lw_assert_held_once() at one site, @n times. __noipa: gcc would copy it
 * with its caller's constant @n and unroll the loop, a site a time.
 */
static noinline __noipa void lw_api_assert_held_once(struct lw_mutex *m, int n)
{
	while (n--)
		lw_assert_held_once(m);
}

/* lw_assert_held() at one site, @n times (__noipa: as above). */
static noinline __noipa void lw_api_assert_held_n(struct lw_mutex *m, int n)
{
	while (n--)
		lw_assert_held(m);
}

/*
 * lw_assert_held_once() under the lock: nothing, and it stays armed; then
 * without it three times: one finding, raised once (lw_assert_held() at
 * another site counts all three).
 */
static void test_assert_held_once(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_NOT_HELD);

	lw_mutex_lock(&api_mutex_lo);
	lw_api_assert_held_once(&api_mutex_lo, 2);
	lw_mutex_unlock(&api_mutex_lo);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lw_api_assert_held_once(&api_mutex_lo, 3);
	lw_expect_only(test, LW_KIND_NOT_HELD, f);
	KUNIT_EXPECT_EQ(test, f->count, 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "api.mutex.lo");

	lw_api_assert_held_n(&api_mutex_lo, 3);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_NOT_HELD, f), 2U);
	KUNIT_EXPECT_EQ(test, f->count, 3U);
}

/*
 * lw_assert_not_held(): nothing while the lock is free (or another lock of
 * its type is held); held, one "lock held" finding whose second site is
 * where it was taken.
 */
static void test_assert_not_held(struct kunit *test)
{
	const struct lw_api_side *t = test->param_value;
	struct lw_finding *f = lw_test_begin(test, LW_KIND_HELD);

	t->assert_not_held(t->lo);
	t->lock(t->hi);
	t->assert_not_held(t->lo);
	t->unlock(t->hi);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	t->lock(t->lo);
	t->assert_not_held(t->lo);
	t->unlock(t->lo);
	lw_expect_only(test, LW_KIND_HELD, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], t->lo_class->name);
	KUNIT_ASSERT_EQ(test, f->nr, 2U);
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "_assert_not_held"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], t->lock_site));
}

/*
 * lw_might_lock() (for a read side, lw_might_lock_read()) of lo under hi:
 * no lock is taken (lo stays free, nothing is held after); a rank
 * violation, as taking it would be; and the order hi -> lo is learned at
 * that call: taking hi under lo (exclusively) then closes a cycle.
 */
static void test_might_lock(struct kunit *test)
{
	const struct lw_api_side *t = test->param_value;
	const struct lw_api_side *w = &lw_api_sides[t->write];
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	lw_kunit_expect(test, LW_KIND_RANK);
	w->lock(t->hi);
	t->might(t->lo);
	KUNIT_EXPECT_FALSE(test, t->is_locked(t->lo));
	t->assert_not_held(t->lo);
	w->unlock(t->hi);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_RANK, NULL), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);

	lw_api_nest(w, t->lo, t->hi);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_CYCLE, f), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 2U);
	/* Taking hi while holding lo, against the hi -> lo lw_might_lock() taught. */
	KUNIT_EXPECT_STREQ(test, f->cls[0], t->lo_class->name);
	KUNIT_EXPECT_STREQ(test, f->cls[1], t->hi_class->name);
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], t->might_site));
	KUNIT_EXPECT_FALSE(test, t->is_locked(t->hi));
}

/*
 * lw_might_lock() of a mutex where taking it would be a finding is that
 * finding: under a spinlock, a sleeping lock in atomic context; under
 * itself, recursive locking; with nothing held it is none. The lock held
 * is untouched (held after, its release no finding) and the mutex is
 * never taken by it.
 */
static void test_might_lock_context(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_SLEEP_ATOMIC);

	lw_kunit_expect(test, LW_KIND_AA);
	lw_might_lock(&api_mutex_lo);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	lw_spin_lock(&api_spin_lo);
	lw_might_lock(&api_mutex_lo);
	lw_spin_unlock(&api_spin_lo);
	lw_expect_only(test, LW_KIND_SLEEP_ATOMIC, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "api.mutex.lo");
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&api_mutex_lo));

	lw_mutex_lock(&api_mutex_lo);
	lw_might_lock(&api_mutex_lo);
	KUNIT_EXPECT_TRUE(test, lw_mutex_is_locked(&api_mutex_lo));
	lw_assert_held(&api_mutex_lo);
	lw_mutex_unlock(&api_mutex_lo);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_AA, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "api.mutex.lo");
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 2U);
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&api_mutex_lo));
}

/*
 * A trylock flavour on a free lock: 1, held (lw_assert_held() quiet, the
 * release no finding), interrupts off as the flavour says, on again after,
 * and the preempt count as before (on PREEMPT_RT a raw spinlock's _bh
 * release once left preemption off). On a lock held (by this context,
 * through lw_<op>_lock()): 0, interrupts as they were, nothing recorded.
 * No finding either way.
 */
static void test_trylock_irq(struct kunit *test)
{
	const struct lw_api_irq *g = test->param_value;
	const struct lw_api_side *t = &lw_api_sides[g->side];
	int pc = preempt_count();
	unsigned long flags = 0;

	KUNIT_ASSERT_EQ(test, g->trylock(t->lo, &flags), 1);
	KUNIT_EXPECT_TRUE(test, lw_api_irq_state(g));
	KUNIT_EXPECT_TRUE(test, t->is_locked(t->lo));
	t->assert_held(t->lo);
	g->release(t->lo, flags);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_EQ(test, softirq_count(), 0UL);
	KUNIT_EXPECT_EQ(test, preempt_count(), pc);
	KUNIT_EXPECT_FALSE(test, t->is_locked(t->lo));

	t->lock(t->lo);
	pc = preempt_count();	/* the hold's own */
	KUNIT_EXPECT_EQ(test, g->trylock(t->lo, &flags), 0);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_EQ(test, softirq_count(), 0UL);
	KUNIT_EXPECT_EQ(test, preempt_count(), pc);
	t->unlock(t->lo);
	KUNIT_EXPECT_FALSE(test, t->is_locked(t->lo));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

/* The rw_semaphore acquisitions a signal may cut short, and their side. */
struct lw_api_wait {
	const char *name;
	int (*down)(struct lw_rwsem *s);
	unsigned int side;
};

/* lw_api_<down>(): lw_<down>() on @s. */
#define LW_API_DOWN(down)						\
static noinline int lw_api_##down(struct lw_rwsem *s)			\
	__lw_no_tsa							\
{									\
	return lw_##down(s);						\
}

LW_API_DOWN(down_read_interruptible)
LW_API_DOWN(down_read_killable)
LW_API_DOWN(down_write_killable)

static const struct lw_api_wait lw_api_waits[] = {
	{ "down_read_interruptible", lw_api_down_read_interruptible, API_DOWN_READ },
	{ "down_read_killable", lw_api_down_read_killable, API_DOWN_READ },
	{ "down_write_killable", lw_api_down_write_killable, API_DOWN_WRITE },
};

LW_TEST_CASES_PARAM(lw_api_wait, lw_api_waits);

/*
 * Uncontended: 0, and held as its side says (lw_assert_held() quiet, the
 * release no finding). Under the higher-ranked rw_semaphore it is checked
 * as any acquisition: a rank violation.
 */
static void test_rwsem_wait(struct kunit *test)
	__lw_no_tsa
{
	const struct lw_api_wait *w = test->param_value;
	const struct lw_api_side *t = &lw_api_sides[w->side];
	struct lw_finding *f = lw_test_begin(test, LW_KIND_RANK);

	KUNIT_ASSERT_EQ(test, w->down(&api_rwsem_lo), 0);
	lw_assert_held(&api_rwsem_lo);
	KUNIT_EXPECT_TRUE(test, lw_rwsem_is_locked(&api_rwsem_lo));
	t->unlock(&api_rwsem_lo);
	KUNIT_EXPECT_FALSE(test, lw_rwsem_is_locked(&api_rwsem_lo));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lw_down_write(&api_rwsem_hi);
	KUNIT_ASSERT_EQ(test, w->down(&api_rwsem_lo), 0);
	t->unlock(&api_rwsem_lo);
	lw_up_write(&api_rwsem_hi);
	lw_expect_only(test, LW_KIND_RANK, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "api.rwsem.lo");
}

/* A writer of the plain rw_semaphore, unseen by lockwarden, in a task of its own. */
struct lw_api_writer {
	struct rw_semaphore *sem;
	struct completion held;		/* it holds the semaphore */
	struct completion release;	/* it may release it */
};

static int lw_api_hold_write(void *data)
{
	struct lw_api_writer *w = data;

	down_write(w->sem);
	complete(&w->held);
	wait_for_completion(&w->release);
	up_write(w->sem);
	return 0;
}

/*
 * Interrupted: with a signal pending and the semaphore held for writing
 * elsewhere (by another task, through the plain rw_semaphore, unseen; held
 * by this task, PREEMPT_RT's rt_mutex would see a deadlock and never
 * return), lw_down_read_interruptible() returns -EINTR and records no
 * hold: its assertion that it is not held is quiet, and with the signal
 * gone it takes the lock again with no recursive locking finding.
 */
static void test_rwsem_interrupted(struct kunit *test)
	__lw_no_tsa
{
	struct lw_api_writer w = { .sem = &api_rwsem_lo.lock };
	struct lw_test_thread writer;
	bool held;
	int ret;

	init_completion(&w.held);
	init_completion(&w.release);
	lw_test_thread_run(test, &writer, lw_api_hold_write, &w, "lw_api_writer");
	held = wait_for_completion_timeout(&w.held, LW_TEST_WAIT);
	allow_signal(SIGUSR1);
	send_sig(SIGUSR1, current, 1);
	KUNIT_EXPECT_TRUE(test, signal_pending(current));
	ret = held ? lw_down_read_interruptible(&api_rwsem_lo) : 0;
	flush_signals(current);
	disallow_signal(SIGUSR1);
	complete(&w.release);
	lw_test_thread_join(test, &writer);
	KUNIT_ASSERT_TRUE(test, held);
	KUNIT_ASSERT_EQ(test, ret, -EINTR);
	lw_assert_not_held(&api_rwsem_lo);
	KUNIT_EXPECT_FALSE(test, lw_rwsem_is_locked(&api_rwsem_lo));

	KUNIT_ASSERT_EQ(test, lw_down_read_interruptible(&api_rwsem_lo), 0);
	lw_assert_held(&api_rwsem_lo);
	lw_up_read(&api_rwsem_lo);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

#ifdef LW_HAVE_CLEANUP_H
/* In @g's block: held, and interrupts or bottom halves off as it says. */
static void lw_api_in_guard(struct kunit *test, const struct lw_api_irq *g)
{
	const struct lw_api_side *t = &lw_api_sides[g->side];

	t->assert_held(t->lo);
	KUNIT_EXPECT_TRUE(test, t->is_locked(t->lo));
	KUNIT_EXPECT_TRUE(test, lw_api_irq_state(g));
}

/* lw_api_<class>(): one block held by guard() class @class on @l. */
#define LW_API_GUARD(class, l)						\
static noinline void lw_api_##class(struct kunit *test, const struct lw_api_irq *g) \
{									\
	scoped_guard(class, l)						\
		lw_api_in_guard(test, g);				\
}

LW_API_GUARD(lw_spinlock_bh, &api_spin_lo)
LW_API_GUARD(lw_spinlock_irq, &api_spin_lo)
LW_API_GUARD(lw_spinlock_irqsave, &api_spin_lo)
LW_API_GUARD(lw_raw_spinlock_bh, &api_raw_lo)
LW_API_GUARD(lw_raw_spinlock_irq, &api_raw_lo)
LW_API_GUARD(lw_raw_spinlock_irqsave, &api_raw_lo)
LW_API_GUARD(lw_read_lock_bh, &api_rwlock_lo)
LW_API_GUARD(lw_read_lock_irq, &api_rwlock_lo)
LW_API_GUARD(lw_read_lock_irqsave, &api_rwlock_lo)
LW_API_GUARD(lw_write_lock_bh, &api_rwlock_lo)
LW_API_GUARD(lw_write_lock_irq, &api_rwlock_lo)
LW_API_GUARD(lw_write_lock_irqsave, &api_rwlock_lo)

#define LW_API_GUARD_FN(class)	lw_api_##class
#else
#define LW_API_GUARD_FN(class)	NULL
#endif

/* A flavour whose trylock the kernel has (LW_API_IRQ_TRY()), or not. */
#define LW_API_IRQ(class, lock_side, off_bh)				\
	{ .name = #class, .side = (lock_side), .bh = (off_bh), .hold = LW_API_GUARD_FN(class) }
#define LW_API_IRQ_TRY(class, lock_side, off_bh, try)			\
	{								\
		.name = #class, .side = (lock_side), .bh = (off_bh),	\
		.hold = LW_API_GUARD_FN(class), .try_name = #try,	\
		.trylock = lw_api_##try, .release = lw_api_##try##_release, \
	}

static const struct lw_api_irq lw_api_irqs[] = {
	LW_API_IRQ_TRY(lw_spinlock_bh, API_SPIN, true, spin_trylock_bh),
	LW_API_IRQ_TRY(lw_spinlock_irq, API_SPIN, false, spin_trylock_irq),
	LW_API_IRQ_TRY(lw_spinlock_irqsave, API_SPIN, false, spin_trylock_irqsave),
	LW_API_IRQ_TRY(lw_raw_spinlock_bh, API_RAW, true, raw_spin_trylock_bh),
	LW_API_IRQ_TRY(lw_raw_spinlock_irq, API_RAW, false, raw_spin_trylock_irq),
	LW_API_IRQ_TRY(lw_raw_spinlock_irqsave, API_RAW, false, raw_spin_trylock_irqsave),
	LW_API_IRQ(lw_read_lock_bh, API_READ, true),
	LW_API_IRQ(lw_read_lock_irq, API_READ, false),
	LW_API_IRQ(lw_read_lock_irqsave, API_READ, false),
	LW_API_IRQ(lw_write_lock_bh, API_WRITE, true),
	LW_API_IRQ(lw_write_lock_irq, API_WRITE, false),
	LW_API_IRQ_TRY(lw_write_lock_irqsave, API_WRITE, false, write_trylock_irqsave),
};

LW_TEST_CASES_PARAM(lw_api_guard, lw_api_irqs);

/* The flavours of lw_api_irqs[] that have a trylock, described by it. */
static const void *lw_api_try_gen_params(const void *prev, char *desc)
{
	const struct lw_api_irq *g = prev ? (const struct lw_api_irq *)prev + 1 : lw_api_irqs;

	for (; g < lw_api_irqs + ARRAY_SIZE(lw_api_irqs); g++) {
		if (g->trylock) {
			strscpy(desc, g->try_name, KUNIT_PARAM_DESC_SIZE);
			return g;
		}
	}
	return NULL;
}

/*
 * In the block: held (lockwarden and the kernel agree), interrupts or
 * bottom halves off as the flavour says. After it: released, both on again,
 * the preempt count as before, no finding; then lw_assert_held() finds it
 * not held.
 */
static void test_kernel_guard(struct kunit *test)
{
	const struct lw_api_irq *g = test->param_value;
	const struct lw_api_side *t = &lw_api_sides[g->side];
	int pc = preempt_count();
	struct lw_finding *f;

	if (!g->hold)
		kunit_skip(test, "this kernel has no <linux/cleanup.h>");
	f = lw_test_begin(test, LW_KIND_NOT_HELD);
	g->hold(test, g);
	KUNIT_EXPECT_FALSE(test, t->is_locked(t->lo));
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_EQ(test, softirq_count(), 0UL);
	KUNIT_EXPECT_EQ(test, preempt_count(), pc);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	t->assert_held(t->lo);
	lw_expect_only(test, LW_KIND_NOT_HELD, f);
}

static struct kunit_case lw_api_test_cases[] = {
	KUNIT_CASE_PARAM(test_static_lock, lw_api_side_gen_params),
	KUNIT_CASE(test_static_lock_untaken),
	KUNIT_CASE(test_class_named_by_string),
	KUNIT_CASE(test_assert_held_once),
	KUNIT_CASE_PARAM(test_assert_not_held, lw_api_side_gen_params),
	KUNIT_CASE_PARAM(test_might_lock, lw_api_side_gen_params),
	KUNIT_CASE(test_might_lock_context),
	KUNIT_CASE_PARAM(test_trylock_irq, lw_api_try_gen_params),
	KUNIT_CASE_PARAM(test_rwsem_wait, lw_api_wait_gen_params),
	KUNIT_CASE(test_rwsem_interrupted),
	KUNIT_CASE_PARAM(test_kernel_guard, lw_api_guard_gen_params),
	{}
};

LW_TEST_SUITE(lockwarden_api, lw_test_init, lw_test_exit, lw_api_test_cases);
