// SPDX-License-Identifier: GPL-2.0
/*
 * lw_torture's locks: twenty classes in one fixed order, three locks each,
 * and random nests over them in every lock type, flavour and guarded-data
 * accessor of lockwarden, each acquisition and release checked against the
 * kernel's own lock state.
 */
#define pr_fmt(fmt) "lw_torture: " fmt

#include <linux/delay.h>
#include <linux/hardirq.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include "lw_torture.h"

/* === The classes === */

/* The lock types; the G ones are guarded data (LW_*_GUARDED()). */
enum lw_tt_type {
	LW_TT_MUTEX, LW_TT_SPIN, LW_TT_RWLOCK, LW_TT_RWSEM,
	LW_TT_GMUTEX, LW_TT_GSPIN, LW_TT_GRWLOCK, LW_TT_GRWSEM,
};

/*
 * Where a class may be taken. The order of the table below is the one
 * order every nest follows, and the bands keep it free of deadlocks with
 * interrupts as well, by lockdep's rules (kernel/locking/lockdep.c,
 * check_irq_usage(), exclusive_mask()):
 *
 * SLEEP  mutexes and rw_semaphores, in task context with nothing spinning
 *        held; first in the order.
 * PROC   spinning locks taken in task context only, in any flavour.
 * SOFT   spinning locks taken in softirq context too: elsewhere always with
 *        bottom halves (or interrupts) off.
 * HREAD  an rwlock_t read in hardirq context too, read elsewhere with
 *        bottom halves off but interrupts possibly on (readers do not wait
 *        for readers, lockwarden's and lockdep's rule), written with
 *        interrupts off only. After SOFT: a softirq-safe lock may be held
 *        when it is read, and it is read with bottom halves off, so it is
 *        never softirq-unsafe. A write hold takes no second instance at
 *        subclass 1: an interrupt reading the first would wait for that
 *        writer, who waits for a task the interrupt stopped, reading the
 *        second with interrupts on (a deadlock the subclass hides from
 *        lockdep and lockwarden alike; one make check's torture hit it).
 * HARD   spinning locks taken in hardirq context too: elsewhere always with
 *        interrupts off; last in the order, so an irq-safe lock is never
 *        held while an irq-unsafe one is taken.
 *
 * On PREEMPT_RT a spinlock_t and an rwlock_t sleep (an rt_mutex, an
 * rwbase_rt): they are never taken in hardirq context, nor with interrupts
 * or preemption really off, and taking them leaves the preempt count and
 * interrupts alone (_irq and _irqsave leave interrupts on; _bh disables
 * bottom halves, counted in the task: softirq_count()). Softirqs run in
 * threads there, and the bands stay as they are, with "interrupts off"
 * meaning inside an _irq or _irqsave hold (lw_tt_irqs_off()): the same
 * nests, free of deadlocks for the same reasons (a softirq thread holds
 * the CPU's bottom-half lock, which a task's _bh waits for, so SOFT keeps
 * its rule); HREAD and HARD simply have no hardirq users. That
 * bottom-half lock is a lock in the order too, and a sleeping one: a task
 * takes it (its first _bh) holding no spinning lock. A context
 * counts its spinning holds (lw_tt_ctx.spinning), which no longer raise
 * the preempt count: no mutex or rwsem is taken, nor a sleep made, while
 * it holds one. Raw spinlocks would keep their semantics; the nests take
 * none.
 */
enum lw_tt_band { LW_TT_SLEEP, LW_TT_PROC, LW_TT_SOFT, LW_TT_HREAD, LW_TT_HARD };

/* Writers keep a == b under the lock; anyone who sees a != b saw a tear. */
struct lw_tt_data {
	u64 a;
	u64 b;
};

struct lw_tt_class;

/*
 * One lock of the torture, of its class's type: a plain lock (m, s, rw,
 * sem), whose data is reached with lw_locked_by(), or guarded data (gm,
 * gs, grw, gsem). readers and writers count the holds the torture has now
 * (taken and not yet released), holder_where and holder_id the context of
 * the exclusive one (by value: a context may be gone by the time it is read);
 * crossed counts the read holds released after a control verb was
 * announced while they were held, the last of them taken at verb
 * cross_from and released at cross_to.
 */
struct lw_tt_lock {
	union {
		struct lw_mutex m;
		struct lw_spinlock s;
		struct lw_rwlock rw;
		struct lw_rwsem sem;

		LW_MUTEX_GUARDED(gm, struct lw_tt_data);
		LW_SPIN_GUARDED(gs, struct lw_tt_data);
		LW_RWLOCK_GUARDED(grw, struct lw_tt_data);
		LW_RWSEM_GUARDED(gsem, struct lw_tt_data);
	};
	struct lw_tt_data data;
	struct lw_tt_class *cls;
	unsigned short num;
	unsigned char inst;
	atomic_t readers;
	atomic_t writers;
	int holder_where;
	int holder_id;
	atomic_t crossed;
	unsigned int cross_from;
	unsigned int cross_to;
};

/**
 * struct lw_tt_class - a class of the torture and its locks
 * @lw: the lockwarden class
 * @type: the lock type of its locks
 * @band: where it may be taken
 * @lock: its locks
 */
struct lw_tt_class {
	struct lw_class *lw;
	enum lw_tt_type type;
	enum lw_tt_band band;
	struct lw_tt_lock lock[LW_TT_INSTANCES];
};

/*
 * The classes, in the order every nest takes them. A rank of 0 leaves the
 * order to be learned; the others declare it as well. lw_tt_mutex_b and
 * lw_tt_mutex_c, both unranked, are the pair the injection inverts (on
 * locks of their own), so that it is a lock-order cycle and nothing else.
 */
static LW_DEFINE_CLASS(lw_tt_mutex_a, 10);
static LW_DEFINE_CLASS(lw_tt_mutex_b, 0);
static LW_DEFINE_CLASS(lw_tt_rwsem_a, 12);
static LW_DEFINE_CLASS(lw_tt_gmutex, 13);
static LW_DEFINE_CLASS(lw_tt_mutex_c, 0);
static LW_DEFINE_CLASS(lw_tt_grwsem, 15);
static LW_DEFINE_CLASS(lw_tt_rwsem_b, 0);
static LW_DEFINE_CLASS(lw_tt_spin_p, 20);
static LW_DEFINE_CLASS(lw_tt_rwlock_p, 0);
static LW_DEFINE_CLASS(lw_tt_gspin_p, 22);
static LW_DEFINE_CLASS(lw_tt_grwlock_p, 23);
static LW_DEFINE_CLASS(lw_tt_spin_s, 30);
static LW_DEFINE_CLASS(lw_tt_grwlock_s, 31);
static LW_DEFINE_CLASS(lw_tt_rwlock_s, 0);
static LW_DEFINE_CLASS(lw_tt_gspin_s, 33);
static LW_DEFINE_CLASS(lw_tt_rwlock_hr, 40);
static LW_DEFINE_CLASS(lw_tt_spin_h, 50);
static LW_DEFINE_CLASS(lw_tt_gspin_h, 0);
static LW_DEFINE_CLASS(lw_tt_rwlock_h, 52);
static LW_DEFINE_CLASS(lw_tt_grwlock_h, 53);

static struct lw_tt_class lw_tt_classes[] = {
	{ .lw = &lw_tt_mutex_a, .type = LW_TT_MUTEX, .band = LW_TT_SLEEP },
	{ .lw = &lw_tt_mutex_b, .type = LW_TT_MUTEX, .band = LW_TT_SLEEP },
	{ .lw = &lw_tt_rwsem_a, .type = LW_TT_RWSEM, .band = LW_TT_SLEEP },
	{ .lw = &lw_tt_gmutex, .type = LW_TT_GMUTEX, .band = LW_TT_SLEEP },
	{ .lw = &lw_tt_mutex_c, .type = LW_TT_MUTEX, .band = LW_TT_SLEEP },
	{ .lw = &lw_tt_grwsem, .type = LW_TT_GRWSEM, .band = LW_TT_SLEEP },
	{ .lw = &lw_tt_rwsem_b, .type = LW_TT_RWSEM, .band = LW_TT_SLEEP },
	{ .lw = &lw_tt_spin_p, .type = LW_TT_SPIN, .band = LW_TT_PROC },
	{ .lw = &lw_tt_rwlock_p, .type = LW_TT_RWLOCK, .band = LW_TT_PROC },
	{ .lw = &lw_tt_gspin_p, .type = LW_TT_GSPIN, .band = LW_TT_PROC },
	{ .lw = &lw_tt_grwlock_p, .type = LW_TT_GRWLOCK, .band = LW_TT_PROC },
	{ .lw = &lw_tt_spin_s, .type = LW_TT_SPIN, .band = LW_TT_SOFT },
	{ .lw = &lw_tt_grwlock_s, .type = LW_TT_GRWLOCK, .band = LW_TT_SOFT },
	{ .lw = &lw_tt_rwlock_s, .type = LW_TT_RWLOCK, .band = LW_TT_SOFT },
	{ .lw = &lw_tt_gspin_s, .type = LW_TT_GSPIN, .band = LW_TT_SOFT },
	{ .lw = &lw_tt_rwlock_hr, .type = LW_TT_RWLOCK, .band = LW_TT_HREAD },
	{ .lw = &lw_tt_spin_h, .type = LW_TT_SPIN, .band = LW_TT_HARD },
	{ .lw = &lw_tt_gspin_h, .type = LW_TT_GSPIN, .band = LW_TT_HARD },
	{ .lw = &lw_tt_rwlock_h, .type = LW_TT_RWLOCK, .band = LW_TT_HARD },
	{ .lw = &lw_tt_grwlock_h, .type = LW_TT_GRWLOCK, .band = LW_TT_HARD },
};

static_assert(ARRAY_SIZE(lw_tt_classes) == LW_TT_NCLASSES);

/* Each nest holds at most this many locks (lockwarden keeps 48). */
#define LW_TT_MAX_HOLDS	10

/* === The operations === */

/* What an acquisition does to interrupts, as enum lw_irq_mode. */
enum lw_tt_effect { LW_TT_EFF_NONE, LW_TT_EFF_BH, LW_TT_EFF_IRQ, LW_TT_EFF_SAVE };

#define LW_TT_F_READ	BIT(0)	/* a read hold */
#define LW_TT_F_TRY	BIT(1)	/* may fail: a trylock */
#define LW_TT_F_NESTED	BIT(2)	/* at subclass 1 */
#define LW_TT_F_PAIR	BIT(3)	/* lw_mutex_lock_pair() of two locks */
#define LW_TT_F_SCOPED	BIT(4)	/* a scoped guard: released at block end */
#define LW_TT_F_GUARDED	BIT(5)	/* a guarded-data accessor (guarded types only) */

/**
 * struct lw_tt_op - one way to take a lock
 * @op: its counter, which names it
 * @base: the plain lock type it works on (guarded types use their lock's)
 * @effect: what it does to interrupts
 * @flags: LW_TT_F_*
 */
struct lw_tt_op {
	u8 op;
	u8 base;
	u8 effect;
	u8 flags;
};

#define R	LW_TT_F_READ
#define T	LW_TT_F_TRY
#define N	LW_TT_F_NESTED
#define P	LW_TT_F_PAIR
#define S	LW_TT_F_SCOPED
#define G	LW_TT_F_GUARDED
#define OP(o, b, e, f)							\
	{ .op = LW_TTC_##o, .base = LW_TT_##b, .effect = LW_TT_EFF_##e, .flags = (f) }
static const struct lw_tt_op lw_tt_ops[] = {
	OP(MUTEX_LOCK,			MUTEX,	NONE, 0),
	OP(MUTEX_LOCK_INTERRUPTIBLE,	MUTEX,	NONE, 0),
	OP(MUTEX_LOCK_KILLABLE,		MUTEX,	NONE, 0),
	OP(MUTEX_TRYLOCK,		MUTEX,	NONE, T),
	OP(MUTEX_LOCK_PAIR,		MUTEX,	NONE, P),
	OP(MUTEX_LOCK_NESTED,		MUTEX,	NONE, N),
	OP(MUTEX_LOCK_GUARDED,		MUTEX,	NONE, G),
	OP(MUTEX_LOCK_GUARDED_CHECK,	MUTEX,	NONE, G),
	OP(MUTEX_GUARD,			MUTEX,	NONE, G | S),
	OP(SPIN_LOCK,			SPIN,	NONE, 0),
	OP(SPIN_LOCK_BH,		SPIN,	BH,   0),
	OP(SPIN_LOCK_IRQ,		SPIN,	IRQ,  0),
	OP(SPIN_LOCK_IRQSAVE,		SPIN,	SAVE, 0),
	OP(SPIN_TRYLOCK,		SPIN,	NONE, T),
	OP(SPIN_LOCK_NESTED,		SPIN,	NONE, N),
	OP(SPIN_LOCK_IRQSAVE_NESTED,	SPIN,	SAVE, N),
	OP(SPIN_LOCK_GUARDED,		SPIN,	NONE, G),
	OP(SPIN_LOCK_GUARDED_CHECK,	SPIN,	NONE, G),
	OP(SPIN_GUARD,			SPIN,	NONE, G | S),
	OP(SPIN_GUARD_BH,		SPIN,	BH,   G | S),
	OP(SPIN_GUARD_IRQ,		SPIN,	IRQ,  G | S),
	OP(SPIN_GUARD_IRQSAVE,		SPIN,	SAVE, G | S),
	OP(READ_LOCK,			RWLOCK,	NONE, R),
	OP(READ_LOCK_BH,		RWLOCK,	BH,   R),
	OP(READ_LOCK_IRQ,		RWLOCK,	IRQ,  R),
	OP(READ_LOCK_IRQSAVE,		RWLOCK,	SAVE, R),
	OP(READ_TRYLOCK,		RWLOCK,	NONE, R | T),
	OP(WRITE_LOCK,			RWLOCK,	NONE, 0),
	OP(WRITE_LOCK_BH,		RWLOCK,	BH,   0),
	OP(WRITE_LOCK_IRQ,		RWLOCK,	IRQ,  0),
	OP(WRITE_LOCK_IRQSAVE,		RWLOCK,	SAVE, 0),
	OP(WRITE_TRYLOCK,		RWLOCK,	NONE, T),
	OP(WRITE_LOCK_NESTED,		RWLOCK,	NONE, N),
	OP(READ_LOCK_GUARDED,		RWLOCK,	NONE, R | G),
	OP(READ_LOCK_GUARDED_CHECK,	RWLOCK,	NONE, R | G),
	OP(READ_GUARD,			RWLOCK,	NONE, R | G | S),
	OP(READ_GUARD_BH,		RWLOCK,	BH,   R | G | S),
	OP(READ_GUARD_IRQ,		RWLOCK,	IRQ,  R | G | S),
	OP(READ_GUARD_IRQSAVE,		RWLOCK,	SAVE, R | G | S),
	OP(WRITE_LOCK_GUARDED,		RWLOCK,	NONE, G),
	OP(WRITE_LOCK_GUARDED_CHECK,	RWLOCK,	NONE, G),
	OP(WRITE_GUARD,			RWLOCK,	NONE, G | S),
	OP(WRITE_GUARD_BH,		RWLOCK,	BH,   G | S),
	OP(WRITE_GUARD_IRQ,		RWLOCK,	IRQ,  G | S),
	OP(WRITE_GUARD_IRQSAVE,		RWLOCK,	SAVE, G | S),
	OP(DOWN_READ,			RWSEM,	NONE, R),
	OP(DOWN_READ_NESTED,		RWSEM,	NONE, R | N),
	OP(DOWN_READ_TRYLOCK,		RWSEM,	NONE, R | T),
	OP(DOWN_WRITE,			RWSEM,	NONE, 0),
	OP(DOWN_WRITE_NESTED,		RWSEM,	NONE, N),
	OP(DOWN_WRITE_TRYLOCK,		RWSEM,	NONE, T),
	OP(DOWN_READ_GUARDED,		RWSEM,	NONE, R | G),
	OP(DOWN_READ_GUARDED_CHECK,	RWSEM,	NONE, R | G),
	OP(DOWN_READ_GUARD,		RWSEM,	NONE, R | G | S),
	OP(DOWN_WRITE_GUARDED,		RWSEM,	NONE, G),
	OP(DOWN_WRITE_GUARDED_CHECK,	RWSEM,	NONE, G),
	OP(DOWN_WRITE_GUARD,		RWSEM,	NONE, G | S),
#ifdef LW_HAVE_CLEANUP_H
	OP(GUARD_LW_MUTEX,		MUTEX,	NONE, G | S),
	OP(GUARD_LW_SPINLOCK,		SPIN,	NONE, G | S),
	OP(GUARD_LW_READ_LOCK,		RWLOCK,	NONE, R | G | S),
	OP(GUARD_LW_WRITE_LOCK,		RWLOCK,	NONE, G | S),
	OP(GUARD_LW_RWSEM_READ,		RWSEM,	NONE, R | G | S),
	OP(GUARD_LW_RWSEM_WRITE,	RWSEM,	NONE, G | S),
#endif
};

#undef OP
#undef R
#undef T
#undef N
#undef P
#undef S
#undef G

static bool lw_tt_guarded_type(enum lw_tt_type type)
{
	return type >= LW_TT_GMUTEX;
}

/* The plain lock type of a type: the guarded types' lock. */
static enum lw_tt_type lw_tt_base(enum lw_tt_type type)
{
	return lw_tt_guarded_type(type) ? type - LW_TT_GMUTEX : type;
}

static bool lw_tt_sleeps(enum lw_tt_type type)
{
	enum lw_tt_type base = lw_tt_base(type);

	return base == LW_TT_MUTEX || base == LW_TT_RWSEM;
}

/* The kernel lock inside a torture lock, by type. */
static struct lw_mutex *lw_tt_m(struct lw_tt_lock *lk)
{
	return lk->cls->type == LW_TT_GMUTEX ? &lk->gm.lock : &lk->m;
}

static struct lw_spinlock *lw_tt_s(struct lw_tt_lock *lk)
{
	return lk->cls->type == LW_TT_GSPIN ? &lk->gs.lock : &lk->s;
}

static struct lw_rwlock *lw_tt_rw(struct lw_tt_lock *lk)
{
	return lk->cls->type == LW_TT_GRWLOCK ? &lk->grw.lock : &lk->rw;
}

static struct lw_rwsem *lw_tt_sem(struct lw_tt_lock *lk)
{
	return lk->cls->type == LW_TT_GRWSEM ? &lk->gsem.lock : &lk->sem;
}

/*
 * The preempt count as the torture follows it: with the bottom-half count,
 * which on PREEMPT_RT is the task's (softirq_count()) and not a part of
 * preempt_count(); elsewhere it is, and this is preempt_count().
 */
static unsigned int lw_tt_pc(void)
{
	return preempt_count() | softirq_count();
}

/*
 * Interrupts off as the bands have them: really off, or on PREEMPT_RT,
 * where they stay on, inside an _irq or _irqsave hold of @c.
 */
static bool lw_tt_irqs_off(const struct lw_tt_ctx *c)
{
	return irqs_disabled() || (IS_ENABLED(CONFIG_PREEMPT_RT) && c->irqs_off_holds);
}

/*
 * Whether @c must not sleep (nor take a mutex or rwsem): atomic, bottom
 * halves off, or holding a spinlock_t or rwlock_t, which on PREEMPT_RT
 * raises no count.
 */
static bool lw_tt_atomic(const struct lw_tt_ctx *c)
{
	return lw_tt_pc() || irqs_disabled() || c->spinning;
}

/*
 * Whether @op may take a lock of @cls in @c here and now: the flavour must
 * be right for the context (no _bh or _irq with interrupts off, as their
 * unlock would enable them), and the state once it has taken the lock must
 * be what the class's band requires. On PREEMPT_RT a spinning class sleeps:
 * not in hardirq context, nor with interrupts or preemption really off.
 */
static bool lw_tt_allowed(const struct lw_tt_ctx *c, const struct lw_tt_class *cls,
			  const struct lw_tt_op *op)
{
	bool hard = in_hardirq(), irqs_off = lw_tt_irqs_off(c), bh_off;

	if (lw_tt_sleeps(cls->type))
		return cls->band == LW_TT_SLEEP && in_task() && !lw_tt_atomic(c);
	if (IS_ENABLED(CONFIG_PREEMPT_RT) && (hard || irqs_disabled() || preempt_count()))
		return false;
	/*
	 * On PREEMPT_RT bottom halves go off by taking the CPU's bottom-half
	 * lock, which sleeps, and which softirqs hold while they run: taken
	 * by a task holding a spinning lock, it closes a cycle with one
	 * holding it and waiting for that lock (another task of the CPU, or
	 * a softirq). It comes first, before any spinning lock.
	 */
	if (IS_ENABLED(CONFIG_PREEMPT_RT) && op->effect == LW_TT_EFF_BH && c->spinning &&
	    !softirq_count())
		return false;
	if (op->effect == LW_TT_EFF_BH || op->effect == LW_TT_EFF_IRQ) {
		if (irqs_off || hard)
			return false;
	}
	irqs_off = irqs_off || op->effect == LW_TT_EFF_IRQ || op->effect == LW_TT_EFF_SAVE;
	bh_off = irqs_off || softirq_count() || op->effect == LW_TT_EFF_BH;
	switch (cls->band) {
	case LW_TT_PROC:
		return in_task();
	case LW_TT_SOFT:
		return !hard && bh_off;
	case LW_TT_HREAD:
		return (op->flags & LW_TT_F_READ) ? bh_off : !hard && irqs_off;
	case LW_TT_HARD:
		return irqs_off;
	default:
		return false;
	}
}

/*
 * A random operation on @cls allowed here, with exactly the flags in @want
 * among @mask; NULL if there is none.
 */
static const struct lw_tt_op *lw_tt_pick_op(struct lw_tt_ctx *c, const struct lw_tt_class *cls,
					    u8 mask, u8 want)
{
	const struct lw_tt_op *ok[32];
	enum lw_tt_type base = lw_tt_base(cls->type);
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(lw_tt_ops) && n < ARRAY_SIZE(ok); i++) {
		const struct lw_tt_op *op = &lw_tt_ops[i];

		if (op->base != base || (op->flags & mask) != want)
			continue;
		if ((op->flags & LW_TT_F_GUARDED) && !lw_tt_guarded_type(cls->type))
			continue;
		if (lw_tt_allowed(c, cls, op))
			ok[n++] = op;
	}
	return n ? ok[lw_tt_below(c, n)] : NULL;
}

/* === Diagnostics: the kernel's view of a lock === */

/**
 * struct lw_tt_kview - a lock as the kernel's own state word says it is held
 * @word: that word, for reports
 * @word_name: its name in the kernel's struct
 * @owner: the exclusive holder (a mutex's, a writer), NULL if none; NULL
 *	always where the lock does not record it (@owner_known false)
 * @readers: its read holds
 * @owner_known: the lock records its exclusive holder in @owner
 * @writer: held exclusively (a mutex or a spinlock: held)
 * @held: held at all (a waiting writer may count)
 *
 * A reading, not an assertion: racy unless the lock's holders are known to
 * be still.
 */
struct lw_tt_kview {
	unsigned long word;
	const char *word_name;
	struct task_struct *owner;
	long readers;
	bool owner_known;
	bool writer;
	bool held;
};

#ifdef CONFIG_PREEMPT_RT
/*
 * PREEMPT_RT (6.12): a mutex and a spinlock_t are an rt_mutex_base, whose
 * owner is the holding task with "has waiters" in bit 0
 * (kernel/locking/rtmutex_common.h); an rw_semaphore and an rwlock_t are an
 * rwbase_rt (linux/rwbase_rt.h): readers is READER_BIAS plus one per reader
 * while no writer is there; a writer takes the rtmutex, removes
 * READER_BIAS (readers then counts the readers it waits for, and late
 * readers may still join) and, once they are gone, sets WRITER_BIAS.
 */
#define LW_TT_RT_HAS_WAITERS	1UL

static struct task_struct *lw_tt_rtm_owner(struct rt_mutex_base *rtm, unsigned long *word)
{
	*word = (unsigned long)READ_ONCE(rtm->owner);
	return (struct task_struct *)(*word & ~LW_TT_RT_HAS_WAITERS);
}

static void lw_tt_kview_rtm(struct rt_mutex_base *rtm, struct lw_tt_kview *v)
{
	v->word_name = "owner";
	v->owner = lw_tt_rtm_owner(rtm, &v->word);
	v->owner_known = true;
	v->writer = v->owner;
	v->held = v->owner;
}

static void lw_tt_kview_rwbase(struct rwbase_rt *rwb, struct lw_tt_kview *v)
{
	u32 r = atomic_read(&rwb->readers);
	unsigned long word;

	v->word = r;
	v->word_name = "readers";
	v->owner_known = true;
	v->writer = r == WRITER_BIAS;
	if (v->writer)
		v->owner = lw_tt_rtm_owner(&rwb->rtmutex, &word);
	else
		v->readers = r & READER_BIAS ? r - READER_BIAS : r;
	v->held = r != READER_BIAS;
}

static void lw_tt_kview_mutex(struct mutex *m, struct lw_tt_kview *v)
{
	lw_tt_kview_rtm(&m->rtmutex, v);
}

static void lw_tt_kview_rwsem(struct rw_semaphore *s, struct lw_tt_kview *v)
{
	lw_tt_kview_rwbase(&s->rwbase, v);
}

static void lw_tt_kview_spin(spinlock_t *l, struct lw_tt_kview *v)
{
	lw_tt_kview_rtm(&l->lock, v);
}

static void lw_tt_kview_rwlock(rwlock_t *l, struct lw_tt_kview *v)
{
	lw_tt_kview_rwbase(&l->rwbase, v);
}
#else
/*
 * Otherwise, as kernel/locking/mutex.c and rwsem.c lay them out (6.1 to
 * 6.12): a mutex's owner word is the owner's task_struct with flags in the
 * low three bits; an rwsem's count has the writer in bit 0 and the readers
 * from bit 8, its owner word the writer (or, flagged in bit 0, a reader);
 * a spinlock_t is a raw spinlock, which does not record its owner; an
 * rwlock_t a queued rwlock, whose cnts counts the readers from _QR_SHIFT
 * and the writer in _QW_LOCKED.
 */
#define LW_TT_OWNER_FLAGS	7UL
#define LW_TT_RWSEM_READER_OWNED 1UL
#define LW_TT_RWSEM_WRITER	1UL
#define LW_TT_RWSEM_READER_SHIFT 8

static void lw_tt_kview_mutex(struct mutex *m, struct lw_tt_kview *v)
{
	v->word = atomic_long_read(&m->owner);
	v->word_name = "owner";
	v->owner = (struct task_struct *)(v->word & ~LW_TT_OWNER_FLAGS);
	v->owner_known = true;
	v->writer = v->owner;
	v->held = v->owner;
}

static void lw_tt_kview_rwsem(struct rw_semaphore *s, struct lw_tt_kview *v)
{
	long count = atomic_long_read(&s->count);
	unsigned long owner = atomic_long_read(&s->owner);

	v->word = count;
	v->word_name = "count";
	if (!(owner & LW_TT_RWSEM_READER_OWNED))
		v->owner = (struct task_struct *)(owner & ~LW_TT_OWNER_FLAGS);
	v->owner_known = true;
	v->readers = count >> LW_TT_RWSEM_READER_SHIFT;
	v->writer = count & LW_TT_RWSEM_WRITER;
	v->held = count != 0;
}

static void lw_tt_kview_spin(spinlock_t *l, struct lw_tt_kview *v)
{
	v->held = lw_compat_spin_is_locked(l);
	v->word = v->held;
	v->word_name = "locked";
	v->writer = v->held;
}

static void lw_tt_kview_rwlock(rwlock_t *l, struct lw_tt_kview *v)
{
	u32 cnts = atomic_read(&l->raw_lock.cnts);

	v->word = cnts;
	v->word_name = "cnts";
	v->readers = cnts >> _QR_SHIFT;
	v->writer = (cnts & _QW_LOCKED) == _QW_LOCKED;
	v->held = cnts != 0;
}
#endif /* CONFIG_PREEMPT_RT */

/* Read the kernel's state of @lk into @v. */
static void lw_tt_kview(struct lw_tt_lock *lk, struct lw_tt_kview *v)
{
	memset(v, 0, sizeof(*v));
	switch (lw_tt_base(lk->cls->type)) {
	case LW_TT_MUTEX:
		lw_tt_kview_mutex(&lw_tt_m(lk)->lock, v);
		break;
	case LW_TT_RWSEM:
		lw_tt_kview_rwsem(&lw_tt_sem(lk)->lock, v);
		break;
	case LW_TT_SPIN:
		lw_tt_kview_spin(&lw_tt_s(lk)->lock, v);
		break;
	default:
		lw_tt_kview_rwlock(&lw_tt_rw(lk)->lock, v);
		break;
	}
}

static void lw_tt_lock_name(const struct lw_tt_lock *lk, char *buf, size_t len)
{
	snprintf(buf, len, "%s[%u]", lk->cls->lw->name, lk->inst);
}

/* The kernel's state of @lk and the torture's count of its holders. */
static void lw_tt_lock_state(struct lw_tt_lock *lk, char *buf, size_t len)
{
	enum lw_tt_type base = lw_tt_base(lk->cls->type);
	struct lw_tt_kview v;
	int n;

	lw_tt_kview(lk, &v);
	if (base == LW_TT_MUTEX || base == LW_TT_SPIN)
		n = snprintf(buf, len, "kernel: %s %s", base == LW_TT_MUTEX ? "mutex" : "spinlock",
			     v.held ? "locked" : "free");
	else
		n = snprintf(buf, len, "kernel: %s %s %#lx (%ld readers%s)",
			     base == LW_TT_RWSEM ? "rwsem" : "rwlock", v.word_name, v.word,
			     v.readers, v.writer ? ", a writer" : ", no writer");
	if (n < len)
		n += snprintf(buf + n, len - n, "; torture's holds: %d read, %d exclusive",
			      atomic_read(&lk->readers), atomic_read(&lk->writers));
	if (atomic_read(&lk->writers) && n < len)
		snprintf(buf + n, len - n, " (the last by %s %d)",
			 lw_tt_where_name(READ_ONCE(lk->holder_where)), READ_ONCE(lk->holder_id));
}

/* Whether the kernel holds @lk at all. */
static bool lw_tt_kernel_held(struct lw_tt_lock *lk)
{
	struct lw_tt_kview v;

	lw_tt_kview(lk, &v);
	return v.held;
}

static const char *lw_tt_op_name(int op)
{
	return op >= 0 && op < LW_TTC_COUNT ? lw_tt_counter_names[op] : "?";
}

/* At most this many reports per error counter are printed. */
#define LW_TT_REPORTS	8

static atomic_t lw_tt_reported[LW_TTC_COUNT];

static bool lw_tt_report_more(enum lw_tt_counter k)
{
	lw_tt_count(k);
	return atomic_inc_return(&lw_tt_reported[k]) <= LW_TT_REPORTS;
}

/* A _check lock variant returned @err: the data must never be poisoned here. */
static void lw_tt_poison_check(int err, int op, const struct lw_tt_lock *lk)
{
	if (err && lw_tt_report_more(LW_TTC_ERR_POISONED))
		pr_err("POISONED: %s of %s returned %d\n", lw_tt_op_name(op), lk->cls->lw->name,
		       err);
}

/* === Holds: taking, checking, releasing === */

/**
 * struct lw_tt_hold - one acquisition of a nest, until its release
 * @lk: the lock
 * @lk2: the second lock of lw_mutex_lock_pair(), or NULL
 * @op: how it was taken
 * @flags: the interrupt state an _irqsave operation saved
 * @pc: lw_tt_pc() before the acquisition
 * @irqs_off: irqs_disabled() before the acquisition
 * @read: held for reading (an rwsem downgraded is)
 * @seq: the control-verb sequence number at the acquisition
 * @w: the data a guarded accessor returned for writing, or NULL
 * @r: the data a guarded accessor returned for reading, or NULL
 */
struct lw_tt_hold {
	struct lw_tt_lock *lk;
	struct lw_tt_lock *lk2;
	const struct lw_tt_op *op;
	unsigned long flags;
	unsigned int pc;
	bool irqs_off;
	bool read;
	unsigned int seq;
	struct lw_tt_data *w;
	const struct lw_tt_data *r;
};

static void lw_tt_wait_begin(struct lw_tt_ctx *c, struct lw_tt_lock *lk, int op)
{
	WRITE_ONCE(c->wait_since, jiffies);
	WRITE_ONCE(c->wait_op, op);
	WRITE_ONCE(c->wait_lock, lk);
}

static void lw_tt_wait_end(struct lw_tt_ctx *c)
{
	WRITE_ONCE(c->wait_lock, NULL);
}

/*
 * sparse counts lock contexts per function, and a hold here outlives the
 * function that takes it: each acquisition is handed over uncounted
 * (LW_TT_HELD) and each release takes it back (LW_TT_HANDED). Clang's
 * -Wthread-safety is told the same with __lw_no_tsa.
 */
#define LW_TT_HELD(l)	__release(l)
#define LW_TT_HANDED(l)	__acquire(l)

/*
 * A trylock, an interruptible or a killable lock, whose hold is handed
 * over likewise: sparse counts the hold these take on their macro's own
 * copy of the pointer (__lw_cond_lock() and __lw_cond_lock_err() in
 * annotations.h), which no release of another expression matches, so it is
 * shown the plain call underneath, which it does not count at all.
 */
#ifdef __CHECKER__
#define LW_TT_COND(lockfn, l)	__##lockfn(l)
#else
#define LW_TT_COND(lockfn, l)	lockfn(l)
#endif

/* Any lock of @lk's class, @lk itself included (for lw_mutex_lock_pair()). */
static struct lw_tt_lock *lw_tt_sibling(struct lw_tt_ctx *c, struct lw_tt_lock *lk)
{
	return &lk->cls->lock[lw_tt_below(c, LW_TT_INSTANCES)];
}

/*
 * A lock of @lk's class after it, or NULL: two locks of one class held at
 * once are always taken in the order of the class's array, lower first,
 * as a nesting annotation promises lockdep (the subclasses order the
 * class against itself, not its locks against each other).
 */
static struct lw_tt_lock *lw_tt_later_sibling(struct lw_tt_ctx *c, struct lw_tt_lock *lk)
{
	unsigned int after = LW_TT_INSTANCES - 1 - lk->inst;

	return after ? &lk->cls->lock[lk->inst + 1 + lw_tt_below(c, after)] : NULL;
}

/*
 * Take @h->lk as @h->op says; false if a trylock failed or a killable or
 * interruptible lock was interrupted. A guarded-data accessor takes the
 * lock of its guarded type (lw_tt_m() and the others find it) and returns
 * its data in @h->w or @h->r.
 */
static bool lw_tt_do_lock(struct lw_tt_ctx *c, struct lw_tt_hold *h)
	__lw_no_tsa
{
	struct lw_tt_lock *lk = h->lk;
	struct lw_mutex *m = lw_tt_m(lk);
	struct lw_spinlock *sp = lw_tt_s(lk);
	struct lw_rwlock *rw = lw_tt_rw(lk);
	struct lw_rwsem *sem = lw_tt_sem(lk);
	const int op = h->op->op;

	switch (op) {
	/* Those that may fail hand their hold over themselves (LW_TT_COND). */
	case LW_TTC_MUTEX_LOCK_INTERRUPTIBLE:
		return !LW_TT_COND(lw_mutex_lock_interruptible, m);
	case LW_TTC_MUTEX_LOCK_KILLABLE:
		return !LW_TT_COND(lw_mutex_lock_killable, m);
	case LW_TTC_MUTEX_TRYLOCK:
		return LW_TT_COND(lw_mutex_trylock, m);
	case LW_TTC_SPIN_TRYLOCK:
		return LW_TT_COND(lw_spin_trylock, sp);
	case LW_TTC_READ_TRYLOCK:
		return LW_TT_COND(lw_read_trylock, rw);
	case LW_TTC_WRITE_TRYLOCK:
		return LW_TT_COND(lw_write_trylock, rw);
	case LW_TTC_DOWN_READ_TRYLOCK:
		return LW_TT_COND(lw_down_read_trylock, sem);
	case LW_TTC_DOWN_WRITE_TRYLOCK:
		return LW_TT_COND(lw_down_write_trylock, sem);
	case LW_TTC_MUTEX_LOCK_PAIR:
		/* Either way round: the pair orders them itself (by address). */
		h->lk2 = lw_tt_sibling(c, lk);
		lw_mutex_lock_pair(m, lw_tt_m(h->lk2));
		LW_TT_HELD(lw_tt_m(h->lk2));
		if (h->lk2 == lk)
			h->lk2 = NULL;
		break;
	case LW_TTC_MUTEX_LOCK:
		lw_mutex_lock(m);
		break;
	case LW_TTC_MUTEX_LOCK_NESTED:
		lw_mutex_lock_nested(m, SINGLE_DEPTH_NESTING);
		break;
	case LW_TTC_SPIN_LOCK:
		lw_spin_lock(sp);
		break;
	case LW_TTC_SPIN_LOCK_BH:
		lw_spin_lock_bh(sp);
		break;
	case LW_TTC_SPIN_LOCK_IRQ:
		lw_spin_lock_irq(sp);
		break;
	case LW_TTC_SPIN_LOCK_IRQSAVE:
		lw_spin_lock_irqsave(sp, h->flags);
		break;
	case LW_TTC_SPIN_LOCK_NESTED:
		lw_spin_lock_nested(sp, SINGLE_DEPTH_NESTING);
		break;
	case LW_TTC_SPIN_LOCK_IRQSAVE_NESTED:
		lw_spin_lock_irqsave_nested(sp, h->flags, SINGLE_DEPTH_NESTING);
		break;
	case LW_TTC_READ_LOCK:
		lw_read_lock(rw);
		break;
	case LW_TTC_READ_LOCK_BH:
		lw_read_lock_bh(rw);
		break;
	case LW_TTC_READ_LOCK_IRQ:
		lw_read_lock_irq(rw);
		break;
	case LW_TTC_READ_LOCK_IRQSAVE:
		lw_read_lock_irqsave(rw, h->flags);
		break;
	case LW_TTC_WRITE_LOCK:
		lw_write_lock(rw);
		break;
	case LW_TTC_WRITE_LOCK_BH:
		lw_write_lock_bh(rw);
		break;
	case LW_TTC_WRITE_LOCK_IRQ:
		lw_write_lock_irq(rw);
		break;
	case LW_TTC_WRITE_LOCK_IRQSAVE:
		lw_write_lock_irqsave(rw, h->flags);
		break;
	case LW_TTC_WRITE_LOCK_NESTED:
		lw_write_lock_nested(rw, SINGLE_DEPTH_NESTING);
		break;
	case LW_TTC_DOWN_READ:
		lw_down_read(sem);
		break;
	case LW_TTC_DOWN_READ_NESTED:
		lw_down_read_nested(sem, SINGLE_DEPTH_NESTING);
		break;
	case LW_TTC_DOWN_WRITE:
		lw_down_write(sem);
		break;
	case LW_TTC_DOWN_WRITE_NESTED:
		lw_down_write_nested(sem, SINGLE_DEPTH_NESTING);
		break;
	case LW_TTC_MUTEX_LOCK_GUARDED:
		h->w = lw_mutex_lock_guarded(&lk->gm);
		break;
	case LW_TTC_SPIN_LOCK_GUARDED:
		h->w = lw_spin_lock_guarded(&lk->gs);
		break;
	case LW_TTC_READ_LOCK_GUARDED:
		h->r = lw_read_lock_guarded(&lk->grw);
		break;
	case LW_TTC_WRITE_LOCK_GUARDED:
		h->w = lw_write_lock_guarded(&lk->grw);
		break;
	case LW_TTC_DOWN_READ_GUARDED:
		h->r = lw_down_read_guarded(&lk->gsem);
		break;
	case LW_TTC_DOWN_WRITE_GUARDED:
		h->w = lw_down_write_guarded(&lk->gsem);
		break;
	case LW_TTC_MUTEX_LOCK_GUARDED_CHECK:
		lw_tt_poison_check(lw_mutex_lock_guarded_check(&lk->gm, &h->w), op, lk);
		break;
	case LW_TTC_SPIN_LOCK_GUARDED_CHECK:
		lw_tt_poison_check(lw_spin_lock_guarded_check(&lk->gs, &h->w), op, lk);
		break;
	case LW_TTC_READ_LOCK_GUARDED_CHECK:
		lw_tt_poison_check(lw_read_lock_guarded_check(&lk->grw, &h->r), op, lk);
		break;
	case LW_TTC_WRITE_LOCK_GUARDED_CHECK:
		lw_tt_poison_check(lw_write_lock_guarded_check(&lk->grw, &h->w), op, lk);
		break;
	case LW_TTC_DOWN_READ_GUARDED_CHECK:
		lw_tt_poison_check(lw_down_read_guarded_check(&lk->gsem, &h->r), op, lk);
		break;
	case LW_TTC_DOWN_WRITE_GUARDED_CHECK:
		lw_tt_poison_check(lw_down_write_guarded_check(&lk->gsem, &h->w), op, lk);
		break;
	default:
		lw_tt_count(LW_TTC_ERR_TORTURE);
		return false;
	}
	/* sparse counts holds, not which lock: one hand-over for any of them. */
	LW_TT_HELD(lk);
	return true;
}

/*
 * LW_TT_UNLOCK_SPINNING(side, tag) defines lw_tt_<side>_unlock(): take
 * back the hand-over of @h's hold of the spinning lock @l (a struct
 * lw_<tag>), taken by a lock call of its side, and release it by the call
 * that undoes that call's flavour: lw_<side>_unlock_bh(), _irq(),
 * _irqrestore() or lw_<side>_unlock().
 */
#define LW_TT_UNLOCK_SPINNING(side, tag)				\
static void lw_tt_##side##_unlock(struct lw_tt_hold *h, struct lw_##tag *l) \
	__lw_no_tsa							\
{									\
	LW_TT_HANDED(l);						\
	switch (h->op->effect) {					\
	case LW_TT_EFF_BH:						\
		lw_##side##_unlock_bh(l);				\
		break;							\
	case LW_TT_EFF_IRQ:						\
		lw_##side##_unlock_irq(l);				\
		break;							\
	case LW_TT_EFF_SAVE:						\
		lw_##side##_unlock_irqrestore(l, h->flags);		\
		break;							\
	default:							\
		lw_##side##_unlock(l);					\
		break;							\
	}								\
}

LW_TT_UNLOCK_SPINNING(spin, spinlock)
LW_TT_UNLOCK_SPINNING(read, rwlock)
LW_TT_UNLOCK_SPINNING(write, rwlock)

/*
 * Release @h as it was taken; the checks come after. A guarded-data
 * accessor's hold (of a plain flavour: the others are scoped guards) is
 * released by its _guarded unlock.
 */
static void lw_tt_do_unlock(struct lw_tt_hold *h)
	__lw_no_tsa
{
	struct lw_tt_lock *lk = h->lk;
	bool guarded = h->op->flags & LW_TT_F_GUARDED;
	struct lw_mutex *m;
	struct lw_spinlock *sp;
	struct lw_rwlock *rw;
	struct lw_rwsem *sem;

	switch (lw_tt_base(lk->cls->type)) {
	case LW_TT_MUTEX:
		m = lw_tt_m(lk);
		if (h->lk2) {
			LW_TT_HANDED(lw_tt_m(h->lk2));
			lw_mutex_unlock(lw_tt_m(h->lk2));
		}
		LW_TT_HANDED(m);
		if (guarded)
			lw_mutex_unlock_guarded(&lk->gm);
		else
			lw_mutex_unlock(m);
		break;
	case LW_TT_SPIN:
		sp = lw_tt_s(lk);
		if (!guarded) {
			lw_tt_spin_unlock(h, sp);
			break;
		}
		LW_TT_HANDED(sp);
		lw_spin_unlock_guarded(&lk->gs);
		break;
	case LW_TT_RWLOCK:
		rw = lw_tt_rw(lk);
		if (!guarded) {
			if (h->read)
				lw_tt_read_unlock(h, rw);
			else
				lw_tt_write_unlock(h, rw);
			break;
		}
		LW_TT_HANDED(rw);
		if (h->read)
			lw_read_unlock_guarded(&lk->grw);
		else
			lw_write_unlock_guarded(&lk->grw);
		break;
	default:
		sem = lw_tt_sem(lk);
		LW_TT_HANDED(sem);
		if (h->read && guarded)
			lw_up_read_guarded(&lk->gsem);
		else if (h->read)
			lw_up_read(sem);
		else if (guarded)
			lw_up_write_guarded(&lk->gsem);
		else
			lw_up_write(sem);
		break;
	}
}

/*
 * The count a held spinning lock of @h adds to lw_tt_pc(): on PREEMPT_RT
 * only an _bh one's, which disables bottom halves.
 */
static unsigned int lw_tt_pc_delta(const struct lw_tt_hold *h)
{
	bool bh = h->op->effect == LW_TT_EFF_BH;

	if (lw_tt_sleeps(h->lk->cls->type))
		return 0;
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		return bh ? SOFTIRQ_DISABLE_OFFSET : 0;
	return bh ? SOFTIRQ_LOCK_OFFSET : PREEMPT_LOCK_OFFSET;
}

/* Whether interrupts are off once @h is taken: on PREEMPT_RT, as they were. */
static bool lw_tt_irqs_off_after(const struct lw_tt_hold *h)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		return h->irqs_off;
	return h->irqs_off || in_hardirq() || h->op->effect == LW_TT_EFF_IRQ ||
	       h->op->effect == LW_TT_EFF_SAVE;
}

/* Count @h in @c's spinning holds (@take) or no more. */
static void lw_tt_count_spinning(struct lw_tt_ctx *c, const struct lw_tt_hold *h, bool take)
{
	bool irq = h->op->effect == LW_TT_EFF_IRQ || h->op->effect == LW_TT_EFF_SAVE;

	if (lw_tt_sleeps(h->lk->cls->type))
		return;
	if (take) {
		c->spinning++;
		c->irqs_off_holds += irq;
	} else {
		c->spinning--;
		c->irqs_off_holds -= irq;
	}
}

/* Whether the kernel holds @lk as @h says, just after the acquisition. */
static bool lw_tt_kernel_has(const struct lw_tt_hold *h, struct lw_tt_lock *lk)
{
	struct lw_tt_kview v;

	lw_tt_kview(lk, &v);
	if (h->read) {
		if (v.writer || !v.readers)
			return false;
	} else if (!v.writer || (v.owner_known && v.owner != current)) {
		return false;
	}
	if (lw_tt_sleeps(lk->cls->type))
		return true;
	return lw_tt_pc() == h->pc + lw_tt_pc_delta(h) &&
	       irqs_disabled() == lw_tt_irqs_off_after(h);
}

static const char *lw_tt_ctx_name(const struct lw_tt_ctx *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s %d", lw_tt_where_name(c->where), c->id);
	return buf;
}

/* Record @lk as held by @c in @read mode, and check no other holder excludes it. */
static void lw_tt_shadow_take(struct lw_tt_ctx *c, struct lw_tt_lock *lk, bool read,
			      const struct lw_tt_hold *h)
{
	bool bad;
	char who[24], name[40], state[128];

	if (read) {
		atomic_inc(&lk->readers);
		bad = atomic_read(&lk->writers);
	} else {
		bad = atomic_inc_return(&lk->writers) != 1 || atomic_read(&lk->readers);
		WRITE_ONCE(lk->holder_where, c->where);
		WRITE_ONCE(lk->holder_id, c->id);
	}
	__set_bit(lk->num, c->held);
	c->holds++;
	if (bad && lw_tt_report_more(LW_TTC_ERR_EXCLUSION)) {
		lw_tt_lock_name(lk, name, sizeof(name));
		lw_tt_lock_state(lk, state, sizeof(state));
		pr_err("EXCLUSION BROKEN: %s took %s by %s while another holder excludes it (%s)\n",
		       lw_tt_ctx_name(c, who, sizeof(who)), name, lw_tt_op_name(h->op->op), state);
	}
}

static void lw_tt_shadow_drop(struct lw_tt_ctx *c, struct lw_tt_lock *lk, bool read)
{
	atomic_dec(read ? &lk->readers : &lk->writers);
	__clear_bit(lk->num, c->held);
	c->holds--;
}

/* After an acquisition: the kernel must hold the lock; count and record it. */
static void lw_tt_acquired(struct lw_tt_ctx *c, struct lw_tt_hold *h)
{
	char who[24], name[40], state[128];
	struct lw_tt_lock *lks[2] = { h->lk, h->lk2 };
	unsigned int i;

	lw_tt_count(h->op->op);
	lw_tt_count_spinning(c, h, true);
	for (i = 0; i < 2 && lks[i]; i++) {
		if (!lw_tt_kernel_has(h, lks[i]) && lw_tt_report_more(LW_TTC_ERR_NOT_TAKEN)) {
			lw_tt_lock_name(lks[i], name, sizeof(name));
			lw_tt_lock_state(lks[i], state, sizeof(state));
			pr_err("NOT TAKEN: %s returned from %s of %s but the kernel does not hold it so (preempt count %#x, was %#x; %s)\n",
			       lw_tt_ctx_name(c, who, sizeof(who)), lw_tt_op_name(h->op->op), name,
			       lw_tt_pc(), h->pc, state);
		}
		lw_tt_shadow_take(c, lks[i], h->read, h);
	}
}

/*
 * The verbs written while @h was held, for a report: a release judged
 * "not held" by lockwarden is most likely one of a lock taken before a
 * reset or an off/on (issue 11, section 1).
 */
static void lw_tt_verbs_note(const struct lw_tt_hold *h, char *buf, size_t len)
{
	unsigned int now = lw_tt_verb_seq();

	if (now == h->seq) {
		snprintf(buf, len,
			 "no control verb was written during this hold (maybe during another hold of the lock)");
		return;
	}
	snprintf(buf, len, "held across control verbs #%u..#%u", h->seq, now);
	lw_tt_print_verbs(h->seq, now);
}

/*
 * The release of @h did not reach the kernel: report it, and with repair
 * on, release the kernel lock directly, as lockwarden should have, so that
 * the run goes on and shows what else fails instead of hanging here.
 */
static void lw_tt_skipped(struct lw_tt_ctx *c, struct lw_tt_hold *h, struct lw_tt_lock *lk,
			  const char *evidence, bool repair)
	__lw_no_tsa
{
	char who[24], name[40], note[96];

	if (lw_tt_report_more(LW_TTC_ERR_UNLOCK_SKIPPED)) {
		lw_tt_lock_name(lk, name, sizeof(name));
		lw_tt_verbs_note(h, note, sizeof(note));
		pr_err("UNLOCK SKIPPED: the release by %s of %s taken by %s did not reach the kernel (%s); %s; checking %s now%s\n",
		       lw_tt_ctx_name(c, who, sizeof(who)), name, lw_tt_op_name(h->op->op),
		       evidence, note, lw_checking() ? "on" : "off",
		       repair && lw_tt_repair ? "; the torture releases it itself" : "");
	}
	if (!repair || !lw_tt_repair)
		return;
	switch (lw_tt_base(lk->cls->type)) {
	case LW_TT_MUTEX:
		mutex_unlock(&lw_tt_m(lk)->lock);
		return;
	case LW_TT_RWSEM:
		up_write(&lw_tt_sem(lk)->lock);
		return;
	case LW_TT_SPIN:
		LW_TT_HANDED(&lw_tt_s(lk)->lock);
		spin_unlock(&lw_tt_s(lk)->lock);
		break;
	default:
		LW_TT_HANDED(&lw_tt_rw(lk)->lock);
		if (h->read)
			read_unlock(&lw_tt_rw(lk)->lock);
		else
			write_unlock(&lw_tt_rw(lk)->lock);
		break;
	}
	if (h->op->effect == LW_TT_EFF_BH)
		local_bh_enable();
	if (irqs_disabled() && !h->irqs_off)
		local_irq_enable();
}

/* After a release: the kernel must have let the lock go, interrupts restored. */
static void lw_tt_released(struct lw_tt_ctx *c, struct lw_tt_hold *h)
{
	struct lw_tt_lock *lks[2] = { h->lk, h->lk2 };
	struct lw_tt_kview v;
	char evidence[96];
	unsigned int i, pc;
	bool irqs_off;

	switch (lw_tt_base(h->lk->cls->type)) {
	case LW_TT_MUTEX:
		for (i = 0; i < 2 && lks[i]; i++) {
			lw_tt_kview(lks[i], &v);
			if (v.owner == current)
				lw_tt_skipped(c, h, lks[i], "the mutex's owner is still this task",
					      true);
		}
		break;
	case LW_TT_RWSEM:
		if (h->read) {
			/* Other readers may hold it: only the end of the run can tell. */
			if (lw_tt_verb_seq() != h->seq) {
				atomic_inc(&h->lk->crossed);
				WRITE_ONCE(h->lk->cross_from, h->seq);
				WRITE_ONCE(h->lk->cross_to, lw_tt_verb_seq());
			}
		} else {
			lw_tt_kview(h->lk, &v);
			if (v.owner == current)
				lw_tt_skipped(c, h, h->lk, "the rwsem's owner is still this task",
					      true);
		}
		break;
	default:
		pc = lw_tt_pc();
		irqs_off = irqs_disabled();
		/* A spinning lock that records its holder (PREEMPT_RT's) tells. */
		if (!h->read) {
			lw_tt_kview(h->lk, &v);
			if (v.owner_known && v.owner == current) {
				lw_tt_skipped(c, h, h->lk, "the lock's owner is still this task",
					      pc == h->pc + lw_tt_pc_delta(h) &&
					      irqs_off == lw_tt_irqs_off_after(h));
				break;
			}
		}
		if (pc == h->pc && irqs_off == h->irqs_off)
			break;
		snprintf(evidence, sizeof(evidence),
			 "preempt count %#x, %#x before the lock; interrupts %s, %s before", pc,
			 h->pc, irqs_off ? "off" : "on", h->irqs_off ? "off" : "on");
		/* Repair only what exactly one skipped release explains. */
		lw_tt_skipped(c, h, h->lk, evidence, pc == h->pc + lw_tt_pc_delta(h) &&
			      irqs_off == lw_tt_irqs_off_after(h));
		break;
	}
}

static void lw_tt_release(struct lw_tt_ctx *c, struct lw_tt_hold *h)
{
	if (h->lk2)
		lw_tt_shadow_drop(c, h->lk2, h->read);
	lw_tt_shadow_drop(c, h->lk, h->read);
	lw_tt_count_spinning(c, h, false);
	lw_tt_do_unlock(h);
	lw_tt_released(c, h);
}

/* === Guarded data === */

/* Check @lk's data @d, which @c reads under the lock (@how), is not torn. */
static void lw_tt_data_check(struct lw_tt_ctx *c, struct lw_tt_lock *lk,
			     const struct lw_tt_data *d, const char *how)
{
	char who[24], name[40];

	if (d->a != d->b && lw_tt_report_more(LW_TTC_ERR_DATA)) {
		lw_tt_lock_name(lk, name, sizeof(name));
		pr_err("TORN DATA: %s found the data of %s torn (%llu, %llu) under its %s\n",
		       lw_tt_ctx_name(c, who, sizeof(who)), name, d->a, d->b, how);
	}
}

static void lw_tt_data_write(struct lw_tt_ctx *c, struct lw_tt_lock *lk, struct lw_tt_data *d)
{
	lw_tt_data_check(c, lk, d, "exclusive lock");
	d->a++;
	d->b = d->a;
}

static void lw_tt_data_read(struct lw_tt_ctx *c, struct lw_tt_lock *lk, const struct lw_tt_data *d)
{
	lw_tt_data_check(c, lk, d, "lock");
}

/*
 * In lw_tt_use_one(): check @lk's data through the accessor @rdfn for a
 * read, else write it through @wrfn; both take the arguments that follow.
 */
#define LW_TT_ACCESS(rdfn, wrfn, ...)					\
	do {								\
		if (read)						\
			lw_tt_data_read(c, lk, rdfn(__VA_ARGS__));	\
		else							\
			lw_tt_data_write(c, lk, wrfn(__VA_ARGS__));	\
	} while (0)

/*
 * Reach @lk's data as the holder of @h: through the pointer a guarded
 * accessor returned, else lw_guarded()/lw_guarded_read() for guarded data
 * and lw_locked_by()/lw_locked_by_read() for a plain lock's data.
 */
static void lw_tt_use_one(struct lw_tt_ctx *c, struct lw_tt_hold *h, struct lw_tt_lock *lk)
	__lw_no_tsa
{
	bool read = h->read || lw_tt_below(c, 4) == 0;

	if (h->w && lk == h->lk) {
		lw_tt_data_write(c, lk, h->w);
		return;
	}
	if (h->r && lk == h->lk) {
		lw_tt_data_read(c, lk, h->r);
		return;
	}
	lw_tt_count(read ? (lw_tt_guarded_type(lk->cls->type) ? LW_TTC_GUARDED_READ :
			    LW_TTC_LOCKED_BY_READ) :
		     (lw_tt_guarded_type(lk->cls->type) ? LW_TTC_GUARDED : LW_TTC_LOCKED_BY));
	switch (lk->cls->type) {
	case LW_TT_GMUTEX:
		LW_TT_ACCESS(lw_guarded_read, lw_guarded, &lk->gm);
		break;
	case LW_TT_GSPIN:
		LW_TT_ACCESS(lw_guarded_read, lw_guarded, &lk->gs);
		break;
	case LW_TT_GRWLOCK:
		LW_TT_ACCESS(lw_guarded_read, lw_guarded, &lk->grw);
		break;
	case LW_TT_GRWSEM:
		LW_TT_ACCESS(lw_guarded_read, lw_guarded, &lk->gsem);
		break;
	case LW_TT_MUTEX:
		LW_TT_ACCESS(lw_locked_by_read, lw_locked_by, &lk->data, &lk->m);
		break;
	case LW_TT_SPIN:
		LW_TT_ACCESS(lw_locked_by_read, lw_locked_by, &lk->data, &lk->s);
		break;
	case LW_TT_RWLOCK:
		LW_TT_ACCESS(lw_locked_by_read, lw_locked_by, &lk->data, &lk->rw);
		break;
	case LW_TT_RWSEM:
		LW_TT_ACCESS(lw_locked_by_read, lw_locked_by, &lk->data, &lk->sem);
		break;
	}
}

#undef LW_TT_ACCESS

static void lw_tt_use(struct lw_tt_ctx *c, struct lw_tt_hold *h)
{
	lw_tt_use_one(c, h, h->lk);
	if (h->lk2)
		lw_tt_use_one(c, h, h->lk2);
}

/* Turn a write hold of an rwsem into a read hold, and check the kernel did. */
static void lw_tt_downgrade(struct lw_tt_ctx *c, struct lw_tt_hold *h)
	__lw_no_tsa
{
	struct lw_rwsem *sem = lw_tt_sem(h->lk);
	char who[24], name[40], state[128];
	struct lw_tt_kview v;

	atomic_dec(&h->lk->writers);
	atomic_inc(&h->lk->readers);
	lw_downgrade_write(sem);
	h->read = true;
	h->r = h->w;
	h->w = NULL;
	lw_tt_count(LW_TTC_DOWNGRADE_WRITE);
	lw_tt_kview(h->lk, &v);
	if ((v.writer || !v.readers) && lw_tt_report_more(LW_TTC_ERR_NOT_TAKEN)) {
		lw_tt_lock_name(h->lk, name, sizeof(name));
		lw_tt_lock_state(h->lk, state, sizeof(state));
		pr_err("NOT TAKEN: %s downgraded %s but the kernel holds it for writing still (%s)\n",
		       lw_tt_ctx_name(c, who, sizeof(who)), name, state);
	}
}

/* A racy read of some guarded data, on purpose (lw_guarded_racy()). */
void lw_tt_racy_reads(struct lw_tt_ctx *c)
{
	struct lw_tt_class *cls = &lw_tt_classes[lw_tt_below(c, LW_TT_NCLASSES)];
	struct lw_tt_lock *lk = &cls->lock[lw_tt_below(c, LW_TT_INSTANCES)];
	struct lw_tt_data d;

	switch (cls->type) {
	case LW_TT_GMUTEX:
		d = lw_guarded_racy(&lk->gm);
		break;
	case LW_TT_GSPIN:
		d = lw_guarded_racy(&lk->gs);
		break;
	case LW_TT_GRWLOCK:
		d = lw_guarded_racy(&lk->grw);
		break;
	case LW_TT_GRWSEM:
		d = lw_guarded_racy(&lk->gsem);
		break;
	default:
		return;
	}
	(void)d;
	lw_tt_count(LW_TTC_GUARDED_RACY);
}

/* === Nests === */

static void lw_tt_level(struct lw_tt_ctx *c, unsigned int pos);

/* The innermost point of a nest: maybe sleep, maybe run the peer's code. */
static void lw_tt_leaf(struct lw_tt_ctx *c)
{
	if (c->leaf_fn) {
		c->leaf_fn(c->leaf_arg);
		c->leaf_fn = NULL;
	}
	if (!lw_tt_below(c, 8))
		lw_tt_racy_reads(c);
	/* Hold sleeping locks across a sleep now and then: waiters queue. */
	if (in_task() && !lw_tt_atomic(c) && c->holds && !lw_tt_below(c, 16))
		usleep_range(10, 100);
}

/*
 * Begin @h, a hold of @h->lk by @h->op: the state before it, and the wait
 * for it (until lw_tt_wait_end()).
 */
static void lw_tt_hold_begin(struct lw_tt_ctx *c, struct lw_tt_hold *h)
{
	h->read = h->op->flags & LW_TT_F_READ;
	h->pc = lw_tt_pc();
	h->irqs_off = irqs_disabled();
	h->seq = lw_tt_verb_seq();
	lw_tt_wait_begin(c, h->lk, h->op->op);
}

/* Take @h->lk as @h->op says (lw_tt_do_lock()), from the beginning to the end of the wait. */
static bool lw_tt_take(struct lw_tt_ctx *c, struct lw_tt_hold *h)
{
	bool ok;

	lw_tt_hold_begin(c, h);
	ok = lw_tt_do_lock(c, h);
	lw_tt_wait_end(c);
	return ok;
}

/* Now and then, turn an rwsem's write hold @h into a read hold. */
static void lw_tt_maybe_downgrade(struct lw_tt_ctx *c, struct lw_tt_hold *h)
{
	if (lw_tt_base(h->lk->cls->type) == LW_TT_RWSEM && !h->read && !lw_tt_below(c, 4))
		lw_tt_downgrade(c, h);
}

/*
 * Take @lk as @op says, then the rest of the nest from class @next on, then
 * release it: a second lock of the class at subclass 1 now and then (not
 * for a trylock against the order, @reverse: that one would wait), an
 * rwsem write hold downgraded now and then.
 */
static void lw_tt_plain(struct lw_tt_ctx *c, struct lw_tt_lock *lk, const struct lw_tt_op *op,
			unsigned int next, bool reverse)
{
	struct lw_tt_hold h = { .lk = lk, .op = op };
	struct lw_tt_hold h2 = { };
	const struct lw_tt_op *op2 = NULL;

	if (!lw_tt_take(c, &h)) {
		if (op->flags & LW_TT_F_TRY) {
			lw_tt_count(LW_TTC_TRYLOCK_BUSY);
		} else {
			lw_tt_count(LW_TTC_LOCK_INTERRUPTED);
			c->stop_nesting = true;
		}
		lw_tt_level(c, next);
		return;
	}
	lw_tt_acquired(c, &h);
	lw_tt_use(c, &h);
	lw_tt_maybe_downgrade(c, &h);
	/*
	 * A second lock of the class, at subclass 1; none under a write hold
	 * of an HREAD class (see the bands).
	 */
	if (!reverse && !h.lk2 && !(op->flags & LW_TT_F_NESTED) && !lw_tt_below(c, 3) &&
	    (h.read || lk->cls->band != LW_TT_HREAD))
		h2.lk = lw_tt_later_sibling(c, lk);
	if (h2.lk)
		op2 = lw_tt_pick_op(c, lk->cls, LW_TT_F_NESTED | LW_TT_F_GUARDED | LW_TT_F_SCOPED,
				    LW_TT_F_NESTED);
	if (op2) {
		h2.op = op2;
		if (lw_tt_take(c, &h2)) {
			lw_tt_acquired(c, &h2);
			lw_tt_use(c, &h2);
		} else {
			lw_tt_count(LW_TTC_LOCK_INTERRUPTED);
			c->stop_nesting = true;
			op2 = NULL;
		}
	}
	lw_tt_level(c, next);
	if (op2) {
		lw_tt_use(c, &h2);
		lw_tt_release(c, &h2);
	}
	lw_tt_use(c, &h);
	lw_tt_maybe_downgrade(c, &h);
	lw_tt_release(c, &h);
}

/* Inside a scoped guard's block: the hold's checks, data, and the rest of the nest. */
static void lw_tt_scoped_body(struct lw_tt_ctx *c, struct lw_tt_hold *h, unsigned int next)
{
	lw_tt_wait_end(c);
	lw_tt_acquired(c, h);
	lw_tt_use(c, h);
	lw_tt_level(c, next);
	lw_tt_use(c, h);
	lw_tt_shadow_drop(c, h->lk, h->read);
	lw_tt_count_spinning(c, h, false);
}

/*
 * In lw_tt_scoped(): hold the guarded data @g by the scoped guard @gfn,
 * its pointer in @dst (h.w for a writer's, h.r for a reader's), or its
 * lock by the cleanup.h guard class @name, while the rest of the nest runs
 * in the block.
 */
#define LW_TT_GUARDED_SCOPE(gfn, g, dst)				\
	do {								\
		gfn(g, d);						\
									\
		dst = d;						\
		lw_tt_scoped_body(c, &h, next);				\
	} while (0)

#define LW_TT_CLASS_SCOPE(name, l)					\
	do {								\
		guard(name)(l);						\
		lw_tt_scoped_body(c, &h, next);				\
	} while (0)

/*
 * A scoped guard of @lk: the rest of the nest runs inside its block, and
 * the release at the block's end is checked after it.
 */
static noinline void lw_tt_scoped(struct lw_tt_ctx *c, struct lw_tt_lock *lk,
				  const struct lw_tt_op *op, unsigned int next)
	__lw_no_tsa
{
	struct lw_tt_hold h = { .lk = lk, .op = op };

	lw_tt_hold_begin(c, &h);
	switch (op->op) {
	case LW_TTC_MUTEX_GUARD:
		LW_TT_GUARDED_SCOPE(lw_mutex_guard, &lk->gm, h.w);
		break;
	case LW_TTC_SPIN_GUARD:
		LW_TT_GUARDED_SCOPE(lw_spin_guard, &lk->gs, h.w);
		break;
	case LW_TTC_SPIN_GUARD_BH:
		LW_TT_GUARDED_SCOPE(lw_spin_guard_bh, &lk->gs, h.w);
		break;
	case LW_TTC_SPIN_GUARD_IRQ:
		LW_TT_GUARDED_SCOPE(lw_spin_guard_irq, &lk->gs, h.w);
		break;
	case LW_TTC_SPIN_GUARD_IRQSAVE:
		LW_TT_GUARDED_SCOPE(lw_spin_guard_irqsave, &lk->gs, h.w);
		break;
	case LW_TTC_READ_GUARD:
		LW_TT_GUARDED_SCOPE(lw_read_guard, &lk->grw, h.r);
		break;
	case LW_TTC_READ_GUARD_BH:
		LW_TT_GUARDED_SCOPE(lw_read_guard_bh, &lk->grw, h.r);
		break;
	case LW_TTC_READ_GUARD_IRQ:
		LW_TT_GUARDED_SCOPE(lw_read_guard_irq, &lk->grw, h.r);
		break;
	case LW_TTC_READ_GUARD_IRQSAVE:
		LW_TT_GUARDED_SCOPE(lw_read_guard_irqsave, &lk->grw, h.r);
		break;
	case LW_TTC_WRITE_GUARD:
		LW_TT_GUARDED_SCOPE(lw_write_guard, &lk->grw, h.w);
		break;
	case LW_TTC_WRITE_GUARD_BH:
		LW_TT_GUARDED_SCOPE(lw_write_guard_bh, &lk->grw, h.w);
		break;
	case LW_TTC_WRITE_GUARD_IRQ:
		LW_TT_GUARDED_SCOPE(lw_write_guard_irq, &lk->grw, h.w);
		break;
	case LW_TTC_WRITE_GUARD_IRQSAVE:
		LW_TT_GUARDED_SCOPE(lw_write_guard_irqsave, &lk->grw, h.w);
		break;
	case LW_TTC_DOWN_READ_GUARD:
		LW_TT_GUARDED_SCOPE(lw_down_read_guard, &lk->gsem, h.r);
		break;
	case LW_TTC_DOWN_WRITE_GUARD:
		LW_TT_GUARDED_SCOPE(lw_down_write_guard, &lk->gsem, h.w);
		break;
#ifdef LW_HAVE_CLEANUP_H
	case LW_TTC_GUARD_LW_MUTEX:
		LW_TT_CLASS_SCOPE(lw_mutex, &lk->gm.lock);
		break;
	case LW_TTC_GUARD_LW_SPINLOCK:
		LW_TT_CLASS_SCOPE(lw_spinlock, &lk->gs.lock);
		break;
	case LW_TTC_GUARD_LW_READ_LOCK:
		LW_TT_CLASS_SCOPE(lw_read_lock, &lk->grw.lock);
		break;
	case LW_TTC_GUARD_LW_WRITE_LOCK:
		LW_TT_CLASS_SCOPE(lw_write_lock, &lk->grw.lock);
		break;
	case LW_TTC_GUARD_LW_RWSEM_READ:
		LW_TT_CLASS_SCOPE(lw_rwsem_read, &lk->gsem.lock);
		break;
	case LW_TTC_GUARD_LW_RWSEM_WRITE:
		LW_TT_CLASS_SCOPE(lw_rwsem_write, &lk->gsem.lock);
		break;
#endif
	default:
		lw_tt_wait_end(c);
		lw_tt_count(LW_TTC_ERR_TORTURE);
		return;
	}
	lw_tt_released(c, &h);
}

#undef LW_TT_GUARDED_SCOPE
#undef LW_TT_CLASS_SCOPE

/*
 * A trylock against the order: a lock of a class before @pos, which this
 * context does not hold, taken by trylock (which adds no dependency: it
 * cannot wait); the nest goes on from @pos inside it. False if none was
 * taken.
 */
static bool lw_tt_reverse(struct lw_tt_ctx *c, unsigned int pos)
{
	struct lw_tt_class *cls;
	struct lw_tt_lock *lk;
	const struct lw_tt_op *op;

	if (!pos)
		return false;
	cls = &lw_tt_classes[lw_tt_below(c, pos)];
	lk = &cls->lock[lw_tt_below(c, LW_TT_INSTANCES)];
	if (test_bit(lk->num, c->held))
		return false;
	op = lw_tt_pick_op(c, cls, LW_TT_F_TRY | LW_TT_F_GUARDED, LW_TT_F_TRY);
	if (!op)
		return false;
	lw_tt_count(LW_TTC_TRYLOCK_REVERSE);
	lw_tt_plain(c, lk, op, pos, true);
	return true;
}

/*
 * One level of a nest: a lock of a class at or after @pos (skipping up to
 * two allowed ones at random), by an allowed operation, holding it while
 * the rest of the nest runs; or the innermost point.
 */
static void lw_tt_level(struct lw_tt_ctx *c, unsigned int pos)
{
	const struct lw_tt_op *op = NULL;
	unsigned int skip = lw_tt_below(c, 3), p, found = LW_TT_NCLASSES;
	const struct lw_tt_op *found_op = NULL;
	struct lw_tt_class *cls;

	if (c->holds >= LW_TT_MAX_HOLDS || c->stop_nesting || !lw_tt_below(c, 6)) {
		lw_tt_leaf(c);
		return;
	}
	if (!lw_tt_below(c, 10) && lw_tt_reverse(c, pos))
		return;
	for (p = pos; p < c->max_pos; p++) {
		op = lw_tt_pick_op(c, &lw_tt_classes[p],
				   LW_TT_F_NESTED | LW_TT_F_TRY | LW_TT_F_PAIR, 0);
		/* A trylock, a pair or a nested lock now and then as well. */
		if (op && !lw_tt_below(c, 4)) {
			const struct lw_tt_op *alt;

			alt = lw_tt_pick_op(c, &lw_tt_classes[p], LW_TT_F_GUARDED | LW_TT_F_SCOPED,
					    0);
			if (alt)
				op = alt;
		}
		if (!op)
			continue;
		found = p;
		found_op = op;
		if (!skip--)
			break;
	}
	if (found == LW_TT_NCLASSES) {
		lw_tt_leaf(c);
		return;
	}
	cls = &lw_tt_classes[found];
	if (found_op->flags & LW_TT_F_SCOPED)
		lw_tt_scoped(c, &cls->lock[lw_tt_below(c, LW_TT_INSTANCES)], found_op, found + 1);
	else
		lw_tt_plain(c, &cls->lock[lw_tt_below(c, LW_TT_INSTANCES)], found_op, found + 1,
			    false);
}

/**
 * lw_tt_nest() - take one random nest of locks in the torture's order
 * @c: the context taking it
 *
 * Whatever lockwarden believes, every lock and interrupt state must be as
 * before when it returns; a nest left unbalanced is the torture's own bug.
 */
void lw_tt_nest(struct lw_tt_ctx *c)
{
	unsigned int pc = lw_tt_pc();
	bool irqs_off = irqs_disabled();

	c->stop_nesting = false;
	if (!c->max_pos)
		c->max_pos = LW_TT_NCLASSES;
	lw_tt_level(c, 0);
	if ((c->holds || c->spinning || lw_tt_pc() != pc || irqs_disabled() != irqs_off) &&
	    lw_tt_report_more(LW_TTC_ERR_TORTURE))
		pr_err("UNBALANCED: a nest of %s %d ends with %u holds, preempt count %#x (%#x before)\n",
		       lw_tt_where_name(c->where), c->id, c->holds, lw_tt_pc(), pc);
	WRITE_ONCE(c->progress, c->progress + 1);
}

/**
 * lw_tt_nest_sleeping() - a nest of sleeping locks only, around a call
 * @c: the context taking it (a task)
 * @fn: called once, innermost, with @arg
 * @arg: its argument
 *
 * For lw_torture_peer.ko, whose classes follow the torture's sleeping ones.
 */
void lw_tt_nest_sleeping(struct lw_tt_ctx *c, void (*fn)(void *), void *arg)
{
	unsigned int p;

	for (p = 0; p < LW_TT_NCLASSES && lw_tt_classes[p].band == LW_TT_SLEEP; p++)
		;
	c->max_pos = p;
	c->leaf_fn = fn;
	c->leaf_arg = arg;
	lw_tt_nest(c);
	if (c->leaf_fn) {
		/* Interrupted before its innermost point: call it outside. */
		c->leaf_fn = NULL;
		fn(arg);
	}
}

/* === Stall reports and the end of a run === */

/*
 * Holds the kernel counts of @lk beyond the torture's own: releases that
 * never reached the kernel. Exact only while no context is between a lock
 * call and its count (or a count and its unlock call): after the stop, or
 * sampled over time.
 */
static int lw_tt_leaked(struct lw_tt_lock *lk)
{
	int readers = atomic_read(&lk->readers), writers = atomic_read(&lk->writers);
	struct lw_tt_kview v;

	lw_tt_kview(lk, &v);
	if (v.writer)
		return !writers;
	return max_t(long, 0, v.readers - readers);
}

static void lw_tt_report_crossed(struct lw_tt_lock *lk, const char *name)
{
	if (atomic_read(&lk->crossed))
		pr_err("  %d read holds of %s were released after a control verb written while they were held (the last: taken at verb #%u, released at #%u)\n",
		       atomic_read(&lk->crossed), name, READ_ONCE(lk->cross_from),
		       READ_ONCE(lk->cross_to));
}

/* The locks @c holds now, by name: racy, for a stalled context. */
static void lw_tt_print_held(const struct lw_tt_ctx *c, const char *who)
{
	char buf[256], name[40];
	unsigned int num, n = 0;

	buf[0] = 0;
	for_each_set_bit(num, c->held, LW_TT_NLOCKS) {
		struct lw_tt_class *cls = &lw_tt_classes[num / LW_TT_INSTANCES];

		lw_tt_lock_name(&cls->lock[num % LW_TT_INSTANCES], name, sizeof(name));
		n += scnprintf(buf + n, sizeof(buf) - n, " %s", name);
	}
	pr_err("STALL: %s holds:%s\n", who, n ? buf : " nothing");
}

/**
 * lw_tt_describe_wait() - print what a context that made no progress waits for
 * @c: the context
 * @who: its name
 */
void lw_tt_describe_wait(const struct lw_tt_ctx *c, const char *who)
{
	struct lw_tt_lock *lk = READ_ONCE(c->wait_lock);
	char name[40], state[128];

	if (!lk) {
		pr_err("STALL: %s made no progress and waits in no lock call (holds %u)\n", who,
		       READ_ONCE(c->holds));
		return;
	}
	lw_tt_lock_name(lk, name, sizeof(name));
	lw_tt_lock_state(lk, state, sizeof(state));
	pr_err("STALL: %s has waited %u s in %s of %s; %s\n", who,
	       jiffies_to_msecs(jiffies - READ_ONCE(c->wait_since)) / 1000,
	       lw_tt_op_name(READ_ONCE(c->wait_op)), name, state);
	lw_tt_report_crossed(lk, name);
	lw_tt_print_held(c, who);
}

/**
 * lw_tt_repair_leaked_reads() - free the rwsems' read holds nobody has
 *
 * A release of a read hold lockwarden did not pass on cannot be seen at the
 * release (other readers may hold the rwsem); it shows as writers that wait
 * for good, and everything queued behind them. Called when a context
 * stalled: an rwsem whose kernel count has more readers than the torture
 * holds, for two seconds, has leaked them: reported, counted as skipped
 * unlocks, and (with repair on) released here, so that the run goes on.
 *
 * Context: process context; sleeps two seconds.
 */
void lw_tt_repair_leaked_reads(void)
{
	int n[LW_TT_NCLASSES][LW_TT_INSTANCES];
	char name[40], state[128];
	unsigned int i, j, k;

	for (i = 0; i < LW_TT_NCLASSES; i++)
		for (j = 0; j < LW_TT_INSTANCES; j++)
			n[i][j] = INT_MAX;
	for (k = 0; k < 10; k++) {
		for (i = 0; i < LW_TT_NCLASSES; i++) {
			if (lw_tt_base(lw_tt_classes[i].type) != LW_TT_RWSEM)
				continue;
			for (j = 0; j < LW_TT_INSTANCES; j++)
				n[i][j] = min(n[i][j], lw_tt_leaked(&lw_tt_classes[i].lock[j]));
		}
		msleep(200);
	}
	for (i = 0; i < LW_TT_NCLASSES; i++) {
		if (lw_tt_base(lw_tt_classes[i].type) != LW_TT_RWSEM)
			continue;
		for (j = 0; j < LW_TT_INSTANCES; j++) {
			struct lw_tt_lock *lk = &lw_tt_classes[i].lock[j];
			struct lw_tt_kview v;

			if (n[i][j] <= 0 || n[i][j] == INT_MAX)
				continue;
			lw_tt_kview(lk, &v);
			if (v.writer)
				continue;
			lw_tt_lock_name(lk, name, sizeof(name));
			lw_tt_lock_state(lk, state, sizeof(state));
			pr_err("UNLOCK SKIPPED: %d read holds of %s are held in the kernel and by nobody (%s)%s\n",
			       n[i][j], name, state,
			       lw_tt_repair ? "; the torture releases them itself" : "");
			lw_tt_report_crossed(lk, name);
			for (k = 0; k < n[i][j]; k++) {
				lw_tt_count(LW_TTC_ERR_UNLOCK_SKIPPED);
				if (lw_tt_repair)
					up_read(&lw_tt_sem(lk)->lock);
			}
		}
	}
}

static struct lw_mutex lw_tt_inj_outer, lw_tt_inj_inner;

/**
 * lw_tt_check_all_free() - once every context stopped, every lock must be free
 * @stuck: some contexts did not stop: the locks they hold are theirs
 *
 * Return: the number of locks held by nobody (or, not @stuck, held at all).
 */
unsigned int lw_tt_check_all_free(bool stuck)
{
	unsigned int i, j, bad = 0;
	char name[40], state[128];
	int leaked;

	for (i = 0; i < LW_TT_NCLASSES; i++) {
		for (j = 0; j < LW_TT_INSTANCES; j++) {
			struct lw_tt_lock *lk = &lw_tt_classes[i].lock[j];
			bool held = lw_tt_kernel_held(lk) || atomic_read(&lk->readers) ||
				    atomic_read(&lk->writers);

			leaked = lw_tt_leaked(lk);
			if (!held || (stuck && !leaked))
				continue;
			bad++;
			lw_tt_count(LW_TTC_ERR_LEFT_HELD);
			lw_tt_lock_name(lk, name, sizeof(name));
			lw_tt_lock_state(lk, state, sizeof(state));
			if (leaked)
				pr_err("LEFT HELD: %s: %d holds in the kernel nobody has (%s): their release did not reach the kernel\n",
				       name, leaked, state);
			else
				pr_err("LEFT HELD: %s after every context stopped (%s)\n", name,
				       state);
			lw_tt_report_crossed(lk, name);
		}
	}
	if (!stuck && (mutex_is_locked(&lw_tt_inj_outer.lock) ||
		       mutex_is_locked(&lw_tt_inj_inner.lock))) {
		bad++;
		lw_tt_count(LW_TTC_ERR_LEFT_HELD);
		pr_err("LEFT HELD: a lock of the injected pair\n");
	}
	/* lockwarden's view: no lock of the table may be held either. */
	if (!stuck)
		lw_check_freed(lw_tt_classes, sizeof(lw_tt_classes));
	return bad;
}

/* The injected inversion: the order lw_tt_mutex_b -> lw_tt_mutex_c ... */
static noinline void lw_torture_inject_forward(void)
{
	lw_mutex_lock(&lw_tt_inj_outer);
	lw_mutex_lock(&lw_tt_inj_inner);
	lw_mutex_unlock(&lw_tt_inj_inner);
	lw_mutex_unlock(&lw_tt_inj_outer);
}

/* ... and the other way round, once: one lock-order cycle. */
static noinline void lw_torture_inject_reverse(void)
{
	lw_mutex_lock(&lw_tt_inj_inner);
	lw_mutex_lock(&lw_tt_inj_outer);
	lw_mutex_unlock(&lw_tt_inj_outer);
	lw_mutex_unlock(&lw_tt_inj_inner);
}

/**
 * lw_tt_inject() - take two classes the wrong way round, once
 *
 * On locks of their own, so that nothing deadlocks for real: lockwarden
 * must report exactly this lock-order cycle.
 */
void lw_tt_inject(void)
{
	lw_torture_inject_forward();
	lw_torture_inject_reverse();
	lw_tt_count(LW_TTC_INJECTED);
}

/* === Set-up === */

/**
 * lw_tt_locks_init() - initialise every lock of the torture
 *
 * Return: 0.
 */
int lw_tt_locks_init(void)
{
	unsigned int i, j, num = 0;

	for (i = 0; i < LW_TT_NCLASSES; i++) {
		struct lw_tt_class *cls = &lw_tt_classes[i];

		for (j = 0; j < LW_TT_INSTANCES; j++) {
			struct lw_tt_lock *lk = &cls->lock[j];

			lk->cls = cls;
			lk->inst = j;
			lk->num = num++;
			switch (cls->type) {
			case LW_TT_MUTEX:
				lw_mutex_init(&lk->m, cls->lw);
				break;
			case LW_TT_SPIN:
				lw_spin_lock_init(&lk->s, cls->lw);
				break;
			case LW_TT_RWLOCK:
				lw_rwlock_init(&lk->rw, cls->lw);
				break;
			case LW_TT_RWSEM:
				lw_init_rwsem(&lk->sem, cls->lw);
				break;
			case LW_TT_GMUTEX:
				lw_mutex_guarded_init(&lk->gm, cls->lw);
				break;
			case LW_TT_GSPIN:
				lw_spin_guarded_init(&lk->gs, cls->lw);
				break;
			case LW_TT_GRWLOCK:
				lw_rwlock_guarded_init(&lk->grw, cls->lw);
				break;
			case LW_TT_GRWSEM:
				lw_rwsem_guarded_init(&lk->gsem, cls->lw);
				break;
			}
		}
	}
	lw_mutex_init(&lw_tt_inj_outer, &lw_tt_mutex_b);
	lw_mutex_init(&lw_tt_inj_inner, &lw_tt_mutex_c);
	return 0;
}

/** lw_tt_locks_exit() - declare the torture's mutexes unused */
void lw_tt_locks_exit(void)
{
	unsigned int i, j;

	for (i = 0; i < LW_TT_NCLASSES; i++) {
		struct lw_tt_class *cls = &lw_tt_classes[i];

		for (j = 0; j < LW_TT_INSTANCES; j++) {
			if (cls->type == LW_TT_MUTEX || cls->type == LW_TT_GMUTEX)
				lw_mutex_destroy(lw_tt_m(&cls->lock[j]));
		}
	}
	lw_mutex_destroy(&lw_tt_inj_outer);
	lw_mutex_destroy(&lw_tt_inj_inner);
}
