/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shape every lock hook of lockwarden shares, written once: check the
 * acquisition, then take the kernel's lock, timed (lockstat, budgets) or
 * plain; a trylock checked once it succeeded; a release checked, then the
 * kernel's unlock; on a lockdep kernel, lockdep told that each is the
 * driver's call. mutex.c, spinlock.c, rwlock.c and rwsem.c instantiate it
 * for their kernel lock (enum lw_op); the op is a constant, so each hook
 * compiles to the calls it would make written out by hand.
 */
#ifndef _LW_CHECKS_HOOKS_H
#define _LW_CHECKS_HOOKS_H

#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "checks/fast.h"

/* The kernel lock a hook wraps, and in which mode. */
enum lw_op {
	LW_OP_MUTEX,		/* struct mutex */
	LW_OP_SPIN,		/* spinlock_t */
	LW_OP_RAW_SPIN,		/* raw_spinlock_t */
	LW_OP_READ,		/* rwlock_t, shared */
	LW_OP_WRITE,		/* rwlock_t, exclusive */
	LW_OP_DOWN_READ,	/* struct rw_semaphore, shared */
	LW_OP_DOWN_WRITE,	/* struct rw_semaphore, exclusive */
};

/*
 * Initialise lock @l (any lockwarden lock type) with the kernel's @init
 * (mutex_init, spin_lock_init, ...) and attach it to @class, which lockdep
 * sees under its name (a no-op without lockdep), as lock type @type.
 */
#define lw_hook_init(l, init, class, type)				\
	do {								\
		typeof(l) __lw_l = (l);					\
		struct lw_class *__lw_c = (class);			\
									\
		init(&__lw_l->lock);					\
		if (__lw_c)						\
			lockdep_set_class_and_name(&__lw_l->lock, &__lw_c->key, \
						   __lw_c->name);	\
		lw_dep_init(&__lw_l->dep, __lw_c, type);		\
	} while (0)

/*
 * __LW_OP_SWITCH(col): in a function of op and lock, one row per kernel
 * lock call (enum lw_op), written once here: its kernel lock type, then as
 * calls on l, a pointer to that type, its blocking acquisition nested as
 * subclass (an rwlock_t's reader has no nesting), its trylock (unannotated
 * for sparse: a trylock hook's caller accounts the hold, __cond_lock()),
 * its release and whether anyone holds it. __LW_OP_<col> makes of the
 * columns it wants the statement row @op runs (a value is stored in ret).
 * The op is a constant at every call, so each folds to its one call.
 */
#define __LW_OP_SWITCH(col)						\
	do {								\
		__LW_OP_##col(LW_OP_MUTEX, struct mutex,		\
			      mutex_lock_nested(l, subclass), mutex_trylock(l), \
			      mutex_unlock(l), mutex_is_locked(l));	\
		__LW_OP_##col(LW_OP_SPIN, spinlock_t,			\
			      spin_lock_nested(l, subclass), lw_compat_spin_trylock(l), \
			      spin_unlock(l), lw_compat_spin_is_locked(l)); \
		__LW_OP_##col(LW_OP_RAW_SPIN, raw_spinlock_t,		\
			      raw_spin_lock_nested(l, subclass), _raw_spin_trylock(l), \
			      raw_spin_unlock(l), raw_spin_is_locked(l)); \
		__LW_OP_##col(LW_OP_READ, rwlock_t,			\
			      read_lock(l), lw_compat_read_trylock(l),	\
			      read_unlock(l), lw_compat_rwlock_is_locked(l)); \
		__LW_OP_##col(LW_OP_WRITE, rwlock_t,			\
			      write_lock_nested(l, subclass), lw_compat_write_trylock(l), \
			      write_unlock(l), lw_compat_rwlock_is_locked(l)); \
		__LW_OP_##col(LW_OP_DOWN_READ, struct rw_semaphore,	\
			      down_read_nested(l, subclass), down_read_trylock(l), \
			      up_read(l), rwsem_is_locked(l));		\
		__LW_OP_##col(LW_OP_DOWN_WRITE, struct rw_semaphore,	\
			      down_write_nested(l, subclass), down_write_trylock(l), \
			      up_write(l), rwsem_is_locked(l));		\
	} while (0)

/* Row @o of __LW_OP_SWITCH(): if it is op's, @stmt on l, its lock of @type. */
#define __LW_OP_IF(o, type, stmt)					\
	do {								\
		if (op == (o)) {					\
			type *l = lock;					\
									\
			stmt;						\
		}							\
	} while (0)

/* __LW_OP_SWITCH(@col) for a value of @type, @none if no row is op's. */
#define __LW_OP_VALUE(col, type, none)					\
	({ type ret = (none); __LW_OP_SWITCH(col); ret; })
#define __LW_OP_LOCK(o, type, lk, try, unlk, locked)	__LW_OP_IF(o, type, lk)
#define __LW_OP_TRY(o, type, lk, try, unlk, locked)	__LW_OP_IF(o, type, ret = try)
#define __LW_OP_UNLOCK(o, type, lk, try, unlk, locked)	__LW_OP_IF(o, type, unlk)
#define __LW_OP_LOCKED(o, type, lk, try, unlk, locked)	__LW_OP_IF(o, type, ret = locked)
#define __LW_OP_MAP(o, type, lk, try, unlk, locked)	__LW_OP_IF(o, type, ret = &l->dep_map)

/* The kernel's blocking acquisition of @lock as @op, nested as @subclass. */
static __always_inline void lw_op_lock(enum lw_op op, void *lock, unsigned int subclass)
{
	__LW_OP_SWITCH(LOCK);
}

/* The kernel's trylock of @lock as @op: true if it took it. */
static __always_inline bool lw_op_trylock(enum lw_op op, void *lock)
{
	return __LW_OP_VALUE(TRY, bool, false);
}

/* The kernel's release of @lock, held as @op. */
static __always_inline void lw_op_unlock(enum lw_op op, void *lock)
{
	__LW_OP_SWITCH(UNLOCK);
}

/* A spinning lock's op: one with interrupt flavours. */
static __always_inline bool lw_op_spins(enum lw_op op)
{
	return op == LW_OP_SPIN || op == LW_OP_RAW_SPIN || op == LW_OP_READ || op == LW_OP_WRITE;
}

/*
 * The kernel's release of @lock, held as @op (a spinning lock), with
 * interrupts or bottom halves restored as @mode and @flags say, in the
 * kernel's one call for both (spin_unlock_irqrestore() and the others):
 * on PREEMPT_RT a spinlock_t's or rwlock_t's _irq and _irqsave releases
 * leave interrupts as they are.
 */
#define __LW_OP_UNLOCK_IRQ(o, pfx, type)				\
	do {								\
		type *__l = lock;					\
									\
		if (op == (o)) {					\
			if (mode == LW_IRQ_BH)				\
				pfx##_unlock_bh(__l);			\
			else if (mode == LW_IRQ_DISABLE)		\
				pfx##_unlock_irq(__l);			\
			else						\
				pfx##_unlock_irqrestore(__l, flags);	\
		}							\
	} while (0)

static __always_inline void lw_op_unlock_irq(enum lw_op op, void *lock, enum lw_irq_mode mode,
					     unsigned long flags)
{
	/* A sleeping lock has no interrupt flavour. */
	BUILD_BUG_ON(!lw_op_spins(op));
	/*
	 * A raw spinlock's bottom-half hold is released as the hook took it:
	 * the raw lock (preemption on again), then bottom halves. The kernel's
	 * raw_spin_unlock_bh() undoes its own raw_spin_lock_bh(), which on
	 * PREEMPT_RT leaves preemption alone (PREEMPT_LOCK_OFFSET is 0 there):
	 * it would leave this hold's preemption off for good, and RT's
	 * bottom-half lock held. Elsewhere the two are the same.
	 */
	if (op == LW_OP_RAW_SPIN && mode == LW_IRQ_BH) {
		raw_spin_unlock((raw_spinlock_t *)lock);
		local_bh_enable();
		return;
	}
	__LW_OP_UNLOCK_IRQ(LW_OP_SPIN, spin, spinlock_t);
	__LW_OP_UNLOCK_IRQ(LW_OP_RAW_SPIN, raw_spin, raw_spinlock_t);
	__LW_OP_UNLOCK_IRQ(LW_OP_READ, read, rwlock_t);
	__LW_OP_UNLOCK_IRQ(LW_OP_WRITE, write, rwlock_t);
}

/*
 * Whether anyone holds @lock (held as @op by some), as the kernel's own
 * state says: the ground truth a release is judged by when lockwarden has
 * no record of the hold.
 */
static __always_inline bool lw_op_is_locked(enum lw_op op, void *lock)
{
	return __LW_OP_VALUE(LOCKED, bool, false);
}

/* For sparse: a try of a spinning lock took it, as its blocking lock would. */
static __always_inline void lw_op_tried(enum lw_op op, void *lock)
{
	if (op != LW_OP_MUTEX && op != LW_OP_DOWN_READ && op != LW_OP_DOWN_WRITE)
		__acquire(lock);
}

/* === What lockdep is told, on a lockdep kernel === */

/*
 * lockdep names the site of an acquisition after the caller of the
 * kernel's lock call (_RET_IP_ in _raw_spin_lock(), mutex_lock_nested()
 * and the others): here, lockwarden's hook, not the driver's call @ip.
 * lockdep has no lock call that takes an ip, so each hook gives it the
 * driver's in three places, only on a lockdep kernel (elsewhere each is
 * nothing):
 *
 * - before a blocking acquisition, lockdep is told of it at @ip, as
 *   might_lock() tells it (lw_op_announce()): it checks the acquisition
 *   there (order, recursion, wait context, interrupt usage), reports at
 *   @ip, and learns its dependencies and its chain. The kernel's own
 *   acquisition that follows is the same chain, which lockdep finds in
 *   its chain cache and does not check again; its usage is marked already.
 * - once the kernel lock is held, lockdep's held-lock entry of it is given
 *   @ip as its site (lw_op_lockdep_held_at()), which lockdep prints for a
 *   lock already held ("already holding lock", "N locks held by").
 * - before a release, a lock lockdep does not see held by this context is
 *   released to lockdep at @ip first (lw_op_lockdep_release()), so that
 *   the unlock imbalance lockdep reports, and then the kernel's release
 *   would have, names the driver's call.
 *
 * A trylock is not announced (it cannot deadlock, and a failed one marks
 * no usage): an interrupt usage lockdep first sees at a successful
 * trylock is reported with the hook as the site.
 */

#ifdef CONFIG_DEBUG_LOCK_ALLOC
/* The lockdep map of @lock, the kernel lock of @op. */
static __always_inline struct lockdep_map *lw_op_lockdep_map(enum lw_op op, void *lock)
{
	return __LW_OP_VALUE(MAP, struct lockdep_map *, NULL);
}

/*
 * How lockdep takes a lock as @op: 0 exclusive, 1 shared, 2 shared and
 * recursive (an rwlock_t reader where read_lock_is_recursive(), as
 * rwlock_acquire_read() decides).
 */
static __always_inline int lw_op_lockdep_read(enum lw_op op)
{
	switch (op) {
	case LW_OP_READ:
		return read_lock_is_recursive() ? 2 : 1;
	case LW_OP_DOWN_READ:
		return 1;
	default:
		return 0;
	}
}
#endif

/*
 * What lockdep learns from a blocking acquisition of @lock as @op, nested
 * as @subclass, at @ip, without holding it, as the kernel's might_lock():
 * the dependencies from the locks held, the interrupt usage, the wait
 * context.
 */
static __always_inline void lw_op_might_lock_nested(enum lw_op op, void *lock,
						    unsigned int subclass, unsigned long ip)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	struct lockdep_map *map = lw_op_lockdep_map(op, lock);

	lock_acquire(map, subclass, 0, lw_op_lockdep_read(op), 1, NULL, ip);
	lock_release(map, ip);
#endif
}

/* lw_op_might_lock_nested() at subclass 0: lw_might_lock(). */
static __always_inline void lw_op_might_lock(enum lw_op op, void *lock, unsigned long ip)
{
	lw_op_might_lock_nested(op, lock, 0, ip);
}

/*
 * Before the kernel's blocking acquisition of @lock as @op, nested as
 * @subclass, for the driver's call at @ip: a sleeping lock's might_sleep()
 * first, as the kernel's lock call does it first (its report lists the
 * locks held, which it cannot once lockdep has reported and turned itself
 * off), then lockdep told of the acquisition at @ip.
 */
static __always_inline void lw_op_announce(enum lw_op op, void *lock, unsigned int subclass,
					   unsigned long ip)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	if (op == LW_OP_MUTEX || op == LW_OP_DOWN_READ || op == LW_OP_DOWN_WRITE)
		might_sleep();
	lw_op_might_lock_nested(op, lock, subclass, ip);
#endif
}

/*
 * The kernel has just taken @lock as @op (or downgraded it) for the
 * driver's call at @ip: lockdep's entry of it in this task's held locks,
 * the newest of it, gets @ip as its site. lockdep sets an entry's site
 * only from lock_acquire()'s argument and only prints it; the entries are
 * the task's own, changed by nothing else while it runs here (an
 * interrupt pushes and pops its own above them).
 */
static __always_inline void lw_op_lockdep_held_at(enum lw_op op, void *lock, unsigned long ip)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	struct lockdep_map *map = lw_op_lockdep_map(op, lock);
	int i;

	for (i = READ_ONCE(current->lockdep_depth) - 1; i >= 0; i--) {
		struct held_lock *h = &current->held_locks[i];

		if (h->instance == map) {
			WRITE_ONCE(h->acquire_ip, ip);
			break;
		}
	}
#endif
}

/*
 * Before the kernel's release of @lock, held as @op, for the driver's
 * call at @ip: if lockdep sees no hold of it by this context (and is on:
 * lock_is_held() is true when it is off), the release is lockdep's unlock
 * imbalance, reported here at @ip; lockdep is then off, and the kernel's
 * release reports nothing more.
 */
static __always_inline void lw_op_lockdep_release(enum lw_op op, void *lock, unsigned long ip)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	struct lockdep_map *map = lw_op_lockdep_map(op, lock);

	if (!lock_is_held(map))
		lock_release(map, ip);
#endif
}

/* === The hooks === */

/*
 * The kernel's acquisition while holds are timed: with lockstat on (and not
 * nested on a lockdep kernel: lw_try_first()) a try first, then, if it
 * failed, the blocking acquisition timed as a contention (as lock_stat
 * finds contention); then the hold's start stamped. lockdep learns the
 * same as from a blocking acquisition: lw_hook_lock() told it before.
 */
static __always_inline void lw_op_lock_timed(struct lw_dep_map *dep, enum lw_op op,
					     void *lock, unsigned int subclass,
					     struct lw_held_stack *s)
{
	bool try = lw_try_first(subclass);
	u64 wait = 0;

	if (try && lw_op_trylock(op, lock)) {
		lw_op_tried(op, lock);
	} else {
		wait = try ? lw_wait_start() : 0;
		lw_op_lock(op, lock, subclass);
	}
	lw_timed_acquired(dep, s, subclass, wait);
}

/*
 * A blocking lock hook after lw_acquire_fast() found the lock's memo not
 * to hold, its *@sp and *@tagp in @s and @tag (LW_FAST_MISS); or with @s
 * NULL, before lw_acquire_fast() or after it said LW_FAST_SLOW (which it
 * then says again): the rest of lw_hook_lock().
 */
static __always_inline void lw_hook_lock_rest(struct lw_dep_map *dep, enum lw_op op, void *lock,
					      unsigned int flags, unsigned int subclass,
					      unsigned long ip, struct lw_held_stack *s, u64 tag)
{
	enum lw_fast res = LW_FAST_MISS;

	if (!s)
		res = lw_acquire_fast(dep, flags, subclass, ip, &s, &tag);
	lw_acquire_end(dep, flags, subclass, ip, res, s, tag);
	lw_op_announce(op, lock, subclass, ip);
	/* The stack lw_acquire_fast() found, for the stamp; NULL: look again. */
	if (lw_timing_on())
		lw_op_lock_timed(dep, op, lock, subclass, s);
	else
		lw_op_lock(op, lock, subclass);
	lw_op_lockdep_held_at(op, lock, ip);
}

/*
 * A blocking lock hook: check the acquisition of @dep (as @flags, nested
 * as @subclass, at the driver's @ip) before it can deadlock, then take
 * the kernel's @lock as @op.
 */
static __always_inline void lw_hook_lock(struct lw_dep_map *dep, enum lw_op op, void *lock,
					 unsigned int flags, unsigned int subclass,
					 unsigned long ip)
{
	lw_hook_lock_rest(dep, op, lock, flags, subclass, ip, NULL, 0);
}

/*
 * Whether a hook may take its frameless fast path (lw_hook_lock_fast(),
 * lw_hook_unlock_fast()): not while holds are timed, which takes calls
 * around the kernel's, nor on a lockdep kernel, which tells lockdep of the
 * driver's site around it (lw_op_announce() and the others).
 */
static __always_inline bool lw_hook_frameless(void)
{
	return !IS_ENABLED(CONFIG_DEBUG_LOCK_ALLOC) && !lw_timing_on();
}

/*
 * The fast part of an exported blocking lock hook of @dep (at subclass 0):
 * lw_acquire_fast(), then, if that recorded the acquisition, the kernel's
 * acquisition of @lock as @op, called last so that the compiler makes it a
 * tail jump. The hook has no other call, so it saves no register: true
 * when done; else the hook passes *@sp and *@tagp (*@sp NULL when
 * lw_acquire_fast() said LW_FAST_SLOW or may not be called) to a noinline
 * function of its own, which calls lw_hook_lock_rest().
 */
static __always_inline bool lw_hook_lock_fast(struct lw_dep_map *dep, enum lw_op op,
					      void *lock, unsigned int flags, unsigned long ip,
					      struct lw_held_stack **sp, u64 *tagp)
{
	if (!lw_hook_frameless() ||
	    lw_acquire_fast_as(dep, flags, 0, ip, sp, tagp, false) != LW_FAST_DONE)
		return false;
	lw_op_lock(op, lock, 0);
	return true;
}

/*
 * A blocking hook of a spinning lock: interrupts or bottom halves off as
 * @mode asks (__lw_irq_off()), then lw_hook_lock(). Returns the saved
 * interrupt flags for LW_IRQ_SAVE, else 0.
 */
static __always_inline unsigned long lw_hook_spin(struct lw_dep_map *dep, enum lw_op op,
						  void *lock, enum lw_irq_mode mode,
						  unsigned int flags, unsigned int subclass,
						  unsigned long ip)
{
	unsigned long irqflags = __lw_irq_off(mode, op == LW_OP_RAW_SPIN);

	lw_hook_lock(dep, op, lock, flags, subclass, ip);
	return irqflags;
}

/*
 * A trylock hook: try the kernel's @lock as @op; once it is taken, record
 * it (LW_ACQ_TRY: no order is learned). Returns 1 if taken, else 0.
 */
static __always_inline int lw_hook_trylock(struct lw_dep_map *dep, enum lw_op op, void *lock,
					   unsigned int flags, unsigned long ip)
{
	if (!lw_op_trylock(op, lock))
		return 0;
	lw_op_lockdep_held_at(op, lock, ip);
	lw_acquire(dep, flags | LW_ACQ_TRY, 0, ip);
	if (lw_timing_on())
		lw_timed_acquired(dep, NULL, 0, 0);
	return 1;
}

/*
 * An unlock hook: check the release of @dep at @ip, then release the
 * kernel's @lock, held as @op, and restore interrupts as @mode and @flags
 * say, in the kernel's one call for both (lw_op_unlock_irq()): its
 * preempt_enable() comes after interrupts are back on, and so reschedules
 * there if a reschedule became due under the lock, as the driver's call
 * would. Always: whatever lockwarden believes of the hold, the driver's
 * release reaches the kernel as written, whose own checks then act. If
 * that enabled interrupts or bottom halves, the locks still held are
 * marked as held with them enabled.
 */
static __always_inline void lw_hook_unlock(struct lw_dep_map *dep, enum lw_op op, void *lock,
					   enum lw_irq_mode mode, unsigned long flags,
					   unsigned long ip)
{
	/* Timed, the release finds the context's stack once for both. */
	if (unlikely(!(lw_timing_on() ? lw_timed_release(dep, ip) : lw_release_fast(dep))))
		lw_release_slow(dep, ip, lw_op_is_locked(op, lock));
	lw_op_lockdep_release(op, lock, ip);
	if (mode == LW_IRQ_NONE || !lw_op_spins(op)) {
		lw_op_unlock(op, lock);
		return;
	}
	lw_op_unlock_irq(op, lock, mode, flags);
	__lw_irqs_restored(mode, flags, op == LW_OP_RAW_SPIN, ip);
}

/*
 * The fast part of an exported unlock hook of @dep: the release of the
 * context's top entry (lw_release_fast_as()), then the kernel's release of
 * @lock, held as @op, called last, as in lw_hook_lock_fast(). True when
 * done; else the hook calls a noinline function of its own, which calls
 * lw_hook_unlock().
 */
static __always_inline bool lw_hook_unlock_fast(struct lw_dep_map *dep, enum lw_op op,
						void *lock)
{
	if (!lw_hook_frameless() || unlikely(!lw_release_fast_as(dep, true)))
		return false;
	lw_op_unlock(op, lock);
	return true;
}

/*
 * The fast part of an exported unlock hook of a spinning lock whose
 * @mode is not LW_IRQ_NONE: the release of the context's top entry when
 * no lock is then left held with interrupts enabled to mark
 * (lw_release_fast_irq()), then the kernel's release of @lock with
 * interrupts restored (lw_op_unlock_irq()), called last, as in
 * lw_hook_unlock_fast(). True when done; else the hook calls
 * lw_hook_unlock() from a function of its own.
 */
static __always_inline bool lw_hook_unlock_irq_fast(struct lw_dep_map *dep, enum lw_op op,
						    void *lock, enum lw_irq_mode mode,
						    unsigned long flags)
{
	if (!lw_hook_frameless() || unlikely(!lw_release_fast_irq(dep, mode, flags)))
		return false;
	lw_op_unlock_irq(op, lock, mode, flags);
	return true;
}

/*
 * A trylock hook of a spinning lock: interrupts or bottom halves off as
 * @mode asks (__lw_irq_off(); the saved flags in *@irqflags for
 * LW_IRQ_SAVE), then lw_hook_trylock(); if the lock is not taken, they are
 * restored (__lw_irq_on()), as the kernel's failed trylock restores them.
 * Returns 1 if taken, else 0.
 */
static __always_inline int lw_hook_trylock_irq(struct lw_dep_map *dep, enum lw_op op,
					       void *lock, enum lw_irq_mode mode,
					       unsigned int flags, unsigned long *irqflags,
					       unsigned long ip)
{
	bool raw = op == LW_OP_RAW_SPIN;
	unsigned long saved = __lw_irq_off(mode, raw);

	if (mode == LW_IRQ_SAVE)
		*irqflags = saved;
	if (lw_hook_trylock(dep, op, lock, flags, ip))
		return 1;
	__lw_irq_on(mode, saved, raw, ip);
	return 0;
}

/* How a sleeping lock's blocking acquisition may be cut short. */
enum lw_wait {
	LW_WAIT_INTERRUPTIBLE,	/* by any signal (mutex_lock_interruptible()) */
	LW_WAIT_KILLABLE,	/* by a fatal signal (mutex_lock_killable()) */
};

/*
 * The kernel's acquisition of @lock as @op that @wait may cut short: 0 when
 * taken, -EINTR when not. The kernel has no down_write_interruptible():
 * a write of an rw_semaphore is killable only.
 */
static __always_inline int lw_op_lock_wait(enum lw_op op, void *lock, enum lw_wait wait)
{
	bool killable = wait == LW_WAIT_KILLABLE;

	switch (op) {
	case LW_OP_MUTEX:
		return killable ? mutex_lock_killable((struct mutex *)lock) :
				  mutex_lock_interruptible((struct mutex *)lock);
	case LW_OP_DOWN_READ:
		return killable ? down_read_killable((struct rw_semaphore *)lock) :
				  down_read_interruptible((struct rw_semaphore *)lock);
	case LW_OP_DOWN_WRITE:
		return down_write_killable((struct rw_semaphore *)lock);
	default:
		lw_op_lock(op, lock, 0);	/* a spinning lock waits for no signal */
		return 0;
	}
}

/* lw_op_lock_wait() while holds are timed, as lw_op_lock_timed(). */
static __always_inline int lw_op_lock_wait_timed(struct lw_dep_map *dep, enum lw_op op,
						 void *lock, enum lw_wait wait)
{
	bool try = lw_try_first(0);
	u64 start = 0;
	int ret = 0;

	if (!try || !lw_op_trylock(op, lock)) {
		start = lw_wait_start();
		ret = lw_op_lock_wait(op, lock, wait);
	}
	if (!ret)
		lw_timed_acquired(dep, NULL, 0, start);
	return ret;
}

/*
 * A hook of an acquisition @wait may cut short (mutex_lock_interruptible()
 * and the like): checked as lw_hook_lock() is, then undone if the kernel's
 * acquisition fails. Returns 0 when taken, -EINTR when not.
 */
static __always_inline int lw_hook_lock_wait(struct lw_dep_map *dep, enum lw_op op, void *lock,
					     unsigned int flags, enum lw_wait wait,
					     unsigned long ip)
{
	int ret;

	lw_acquire(dep, flags, 0, ip);
	lw_op_announce(op, lock, 0, ip);
	if (lw_timing_on())
		ret = lw_op_lock_wait_timed(dep, op, lock, wait);
	else
		ret = lw_op_lock_wait(op, lock, wait);
	if (ret)
		lw_acquire_failed(dep);
	else
		lw_op_lockdep_held_at(op, lock, ip);
	return ret;
}

/*
 * The exported hooks of a spinning lock type (lw_spinlock,
 * lw_raw_spinlock, each mode of lw_rwlock), generated from one row each:
 * their contracts, in kernel-doc, are their prototypes in the lock's
 * header. Each is called straight from an inline wrapper in the driver,
 * so _RET_IP_ is the driver's call site. For a struct @type, each wraps
 * the kernel's lock as LW_OP_<op>, with the LW_ACQ_* flags @acq:
 *
 * __LW_HOOK_SPIN_LOCK(name, type, op, acq): lockwarden_<name>_lock(),
 * lw_hook_spin() as lw_hook_lock_fast() and, when that is not done, a
 * noinline lw_<name>_lock_rest();
 * __LW_HOOK_SPIN_UNLOCK(name, type, op): lockwarden_<name>_unlock(),
 * lw_hook_unlock() as lw_hook_unlock_fast() (with interrupts left as they
 * are: LW_IRQ_NONE) or lw_hook_unlock_irq_fast() (any other mode) and,
 * when that is not done, a noinline lw_<name>_unlock_rest();
 * __LW_HOOK_SPIN_TRYLOCK(name, type, op, acq): lockwarden_<name>_trylock(),
 * lw_hook_trylock();
 * __LW_HOOK_SPIN_TRYLOCK_IRQ(name, type, op, acq):
 * lockwarden_<name>_trylock_irq(), lw_hook_trylock_irq().
 */
#define __LW_HOOK_SPIN_LOCK(name, type, op, acq)			\
static const unsigned int lw_##name##_lock_acq = (acq);		\
									\
static noinline unsigned long						\
lw_##name##_lock_rest(struct type *l, unsigned long irqflags, unsigned long ip, \
		      struct lw_held_stack *s, u64 tag)			\
	__acquires(&l->lock)						\
{									\
	lw_hook_lock_rest(&l->dep, LW_OP_##op, &l->lock, lw_##name##_lock_acq, 0, ip, \
			  s, tag);					\
	return irqflags;						\
}									\
									\
unsigned long lockwarden_##name##_lock(struct type *l, enum lw_irq_mode mode) \
	__acquires(&l->lock)						\
{									\
	unsigned long ip = _RET_IP_;					\
	unsigned long irqflags = __lw_irq_off(mode, LW_OP_##op == LW_OP_RAW_SPIN); \
	struct lw_held_stack *s = NULL;					\
	u64 tag = 0;							\
									\
	if (lw_hook_lock_fast(&l->dep, LW_OP_##op, &l->lock, lw_##name##_lock_acq, ip, \
			      &s, &tag))				\
		return irqflags;					\
	return lw_##name##_lock_rest(l, irqflags, ip, s, tag);		\
}									\
EXPORT_SYMBOL_NS_GPL(lockwarden_##name##_lock, LW_NS)

#define __LW_HOOK_SPIN_UNLOCK(name, type, op)				\
static noinline void lw_##name##_unlock_rest(struct type *l, enum lw_irq_mode mode, \
					     unsigned long flags, unsigned long ip) \
	__releases(&l->lock)						\
{									\
	lw_hook_unlock(&l->dep, LW_OP_##op, &l->lock, mode, flags, ip);	\
}									\
									\
void lockwarden_##name##_unlock(struct type *l, enum lw_irq_mode mode,	\
				unsigned long flags)			\
	__releases(&l->lock)						\
{									\
	unsigned long ip = _RET_IP_;					\
									\
	if (mode == LW_IRQ_NONE) {					\
		if (lw_hook_unlock_fast(&l->dep, LW_OP_##op, &l->lock))	\
			return;						\
	} else if (lw_hook_unlock_irq_fast(&l->dep, LW_OP_##op, &l->lock, mode, flags)) { \
		return;							\
	}								\
	lw_##name##_unlock_rest(l, mode, flags, ip);			\
}									\
EXPORT_SYMBOL_NS_GPL(lockwarden_##name##_unlock, LW_NS)

#define __LW_HOOK_SPIN_TRYLOCK(name, type, op, acq)			\
int lockwarden_##name##_trylock(struct type *l)				\
{									\
	return lw_hook_trylock(&l->dep, LW_OP_##op, &l->lock, acq, _RET_IP_); \
}									\
EXPORT_SYMBOL_NS_GPL(lockwarden_##name##_trylock, LW_NS)

#define __LW_HOOK_SPIN_TRYLOCK_IRQ(name, type, op, acq)		\
int lockwarden_##name##_trylock_irq(struct type *l, enum lw_irq_mode mode, \
				    unsigned long *flags)		\
{									\
	return lw_hook_trylock_irq(&l->dep, LW_OP_##op, &l->lock, mode, acq, flags, \
				   _RET_IP_);				\
}									\
EXPORT_SYMBOL_NS_GPL(lockwarden_##name##_trylock_irq, LW_NS)

/*
 * The exported hooks of a sleeping lock type (lw_mutex, each mode of
 * lw_rwsem), generated from one row each as the spinning ones above, for
 * a struct @type, the kernel's lock as LW_OP_<op>, the LW_ACQ_* flags @acq:
 *
 * __LW_HOOK_SLEEP_LOCK(fn, type, op, acq): lockwarden_<fn>(), lw_hook_lock()
 * as lw_hook_lock_fast() and, when that is not done, a noinline lw_<fn>_rest();
 * __LW_HOOK_SLEEP_NESTED(fn, type, op, acq): lockwarden_<fn>(l, subclass),
 * lw_hook_lock();
 * __LW_HOOK_SLEEP_WAIT(fn, type, op, acq, wait): lockwarden_<fn>(),
 * lw_hook_lock_wait() cut short as LW_WAIT_<wait>;
 * __LW_HOOK_SLEEP_TRYLOCK(fn, type, op, acq): lockwarden_<fn>(),
 * lw_hook_trylock();
 * __LW_HOOK_SLEEP_UNLOCK(fn, type, op): lockwarden_<fn>(), lw_hook_unlock()
 * as lw_hook_unlock_fast() and, when that is not done, a noinline
 * lw_<fn>_rest().
 */
#define __LW_HOOK_SLEEP_LOCK(fn, type, op, acq)			\
static const unsigned int lw_##fn##_acq = (acq);			\
									\
static noinline void lw_##fn##_rest(struct type *l, unsigned long ip,	\
				    struct lw_held_stack *s, u64 tag)	\
{									\
	lw_hook_lock_rest(&l->dep, LW_OP_##op, &l->lock, lw_##fn##_acq, 0, ip, s, tag); \
}									\
									\
void lockwarden_##fn(struct type *l)					\
{									\
	unsigned long ip = _RET_IP_;					\
	struct lw_held_stack *s = NULL;					\
	u64 tag = 0;							\
									\
	if (lw_hook_lock_fast(&l->dep, LW_OP_##op, &l->lock, lw_##fn##_acq, ip, &s, &tag)) \
		return;							\
	lw_##fn##_rest(l, ip, s, tag);					\
}									\
EXPORT_SYMBOL_NS_GPL(lockwarden_##fn, LW_NS)

#define __LW_HOOK_SLEEP_NESTED(fn, type, op, acq)			\
void lockwarden_##fn(struct type *l, unsigned int subclass)		\
{									\
	lw_hook_lock(&l->dep, LW_OP_##op, &l->lock, acq, subclass, _RET_IP_); \
}									\
EXPORT_SYMBOL_NS_GPL(lockwarden_##fn, LW_NS)

#define __LW_HOOK_SLEEP_WAIT(fn, type, op, acq, wait)			\
int lockwarden_##fn(struct type *l)					\
{									\
	return lw_hook_lock_wait(&l->dep, LW_OP_##op, &l->lock, acq, LW_WAIT_##wait, \
				 _RET_IP_);				\
}									\
EXPORT_SYMBOL_NS_GPL(lockwarden_##fn, LW_NS)

#define __LW_HOOK_SLEEP_TRYLOCK(fn, type, op, acq)			\
int lockwarden_##fn(struct type *l)					\
{									\
	return lw_hook_trylock(&l->dep, LW_OP_##op, &l->lock, acq, _RET_IP_); \
}									\
EXPORT_SYMBOL_NS_GPL(lockwarden_##fn, LW_NS)

#define __LW_HOOK_SLEEP_UNLOCK(fn, type, op)				\
static noinline void lw_##fn##_rest(struct type *l, unsigned long ip)	\
{									\
	lw_hook_unlock(&l->dep, LW_OP_##op, &l->lock, LW_IRQ_NONE, 0, ip); \
}									\
									\
void lockwarden_##fn(struct type *l)					\
{									\
	unsigned long ip = _RET_IP_;					\
									\
	if (lw_hook_unlock_fast(&l->dep, LW_OP_##op, &l->lock))		\
		return;							\
	lw_##fn##_rest(l, ip);						\
}									\
EXPORT_SYMBOL_NS_GPL(lockwarden_##fn, LW_NS)

#endif /* _LW_CHECKS_HOOKS_H */
