/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_raw_spinlock: a raw_spinlock_t whose use lockwarden checks, in every
 * interrupt flavour, for the code that must spin even on PREEMPT_RT
 * (hard-interrupt handlers, the interrupts-off paths of a driver).
 */
#ifndef _LOCKWARDEN_RAW_SPINLOCK_H
#define _LOCKWARDEN_RAW_SPINLOCK_H

#include <linux/spinlock.h>
#include <lockwarden/annotations.h>
#include <lockwarden/lock.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

/**
 * struct lw_raw_spinlock - a raw spinlock whose use lockwarden checks
 * @lock: the kernel raw spinlock
 * @dep: lockwarden's state
 *
 * While one is held, taking an lw_spinlock or lw_rwlock (a lock that sleeps
 * on PREEMPT_RT) is an "invalid wait context" finding on every kernel, and
 * taking an lw_mutex or lw_rwsem a "sleeping lock in atomic context".
 */
struct lw_raw_spinlock {
	raw_spinlock_t lock;		/* the kernel lock */
	struct lw_dep_map dep;		/* lockwarden's state of it */
} __lw_capability("raw_spinlock");

void lockwarden_raw_spin_lock_init(struct lw_raw_spinlock *l, struct lw_class *class);

/**
 * lockwarden_raw_spin_lock() - checked raw_spin_lock*(); use the lw_raw_spin_lock*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_raw_spin_lock(struct lw_raw_spinlock *l, enum lw_irq_mode mode)
	__acquires(&l->lock);

unsigned long lockwarden_raw_spin_lock_nested(struct lw_raw_spinlock *l, enum lw_irq_mode mode,
					      unsigned int subclass) __acquires(&l->lock);

/**
 * lockwarden_raw_spin_unlock() - checked raw_spin_unlock*(); use the lw_raw_spin_unlock*() wrappers
 * @l: the lock
 * @mode: what to restore to interrupts after
 * @flags: the flags saved for LW_IRQ_SAVE
 */
void lockwarden_raw_spin_unlock(struct lw_raw_spinlock *l, enum lw_irq_mode mode,
				unsigned long flags) __releases(&l->lock);

/**
 * lockwarden_raw_spin_trylock() - checked raw_spin_trylock(); use lw_raw_spin_trylock()
 * @l: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_raw_spin_trylock(struct lw_raw_spinlock *l);

/**
 * lockwarden_raw_spin_trylock_irq() - checked raw_spin_trylock_bh() and the like;
 *	use the lw_raw_spin_trylock_*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first, undone if the lock is not taken
 * @flags: receives the saved interrupt flags, for LW_IRQ_SAVE
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_raw_spin_trylock_irq(struct lw_raw_spinlock *l, enum lw_irq_mode mode,
				    unsigned long *flags);

/**
 * lw_raw_spin_lock_init - initialise an lw_raw_spinlock
 * @l: the lock
 * @...: optionally its class; without one, the class of this call site
 */
#define lw_raw_spin_lock_init(l, ...)					\
	({ lockwarden_raw_spin_lock_init(l, __lw_class_of(#l, ##__VA_ARGS__)); __lw_no_tail(); })

/**
 * lw_raw_spin_lock - acquire an lw_raw_spinlock
 * @l: the lock
 *
 * As raw_spin_lock(). Its class's interrupt usage is recorded, as for
 * lw_spin_lock().
 */
static __always_inline void lw_raw_spin_lock(struct lw_raw_spinlock *l) __lw_acquires(l);

/**
 * lw_raw_spin_lock_nested - acquire an lw_raw_spinlock nested in one of its own class
 * @l: the lock
 * @subclass: nesting level, below LW_MAX_SUBCLASSES; each level is ordered
 *	as a class of its own
 *
 * As raw_spin_lock_nested(); release with lw_raw_spin_unlock().
 */
static __always_inline void lw_raw_spin_lock_nested(struct lw_raw_spinlock *l,
						    unsigned int subclass)
	__lw_acquires(l) __lw_no_tsa
{
	__lw_hook_or(lockwarden_raw_spin_lock_nested(l, LW_IRQ_NONE, subclass),
		     raw_spin_lock_nested(&l->lock, subclass));
}

/**
 * lw_raw_spin_unlock - release an lw_raw_spinlock taken with lw_raw_spin_lock()
 * @l: the lock
 */
static __always_inline void lw_raw_spin_unlock(struct lw_raw_spinlock *l) __lw_releases(l);

/**
 * lw_raw_spin_lock_bh - disable bottom halves and acquire an lw_raw_spinlock
 * @l: the lock
 */
static __always_inline void lw_raw_spin_lock_bh(struct lw_raw_spinlock *l) __lw_acquires(l);

/**
 * lw_raw_spin_unlock_bh - release an lw_raw_spinlock and enable bottom halves
 * @l: the lock
 */
static __always_inline void lw_raw_spin_unlock_bh(struct lw_raw_spinlock *l) __lw_releases(l);

/**
 * lw_raw_spin_lock_irq - disable interrupts and acquire an lw_raw_spinlock
 * @l: the lock
 *
 * Interrupts are disabled on PREEMPT_RT too, as raw_spin_lock_irq() does.
 */
static __always_inline void lw_raw_spin_lock_irq(struct lw_raw_spinlock *l) __lw_acquires(l);

/**
 * lw_raw_spin_unlock_irq - release an lw_raw_spinlock and enable interrupts
 * @l: the lock
 */
static __always_inline void lw_raw_spin_unlock_irq(struct lw_raw_spinlock *l) __lw_releases(l);

/**
 * lw_raw_spin_lock_irqsave - save and disable interrupts, acquire an lw_raw_spinlock
 * @l: the lock
 * @flags: unsigned long lvalue that receives the saved interrupt state
 */
#define lw_raw_spin_lock_irqsave(l, flags)	((flags) = __lw_raw_spin_lock_irqsave(l))

/**
 * lw_raw_spin_unlock_irqrestore - release an lw_raw_spinlock, restore interrupts
 * @l: the lock
 * @flags: the state lw_raw_spin_lock_irqsave() saved
 */
static __always_inline void lw_raw_spin_unlock_irqrestore(struct lw_raw_spinlock *l,
							  unsigned long flags)
	__lw_releases(l);

__LW_SPINNING_OPS(raw_spin, lw_raw_spinlock, __lw_acquires)

/* The kernel's trylock without sparse's __cond_lock(): see lw_raw_spin_trylock(). */
__LW_INT_OP(raw_spin_trylock, lw_raw_spinlock, __lw_try_acquires, _raw_spin_trylock(&l->lock))

/**
 * lw_raw_spin_trylock - try to acquire an lw_raw_spinlock without spinning
 * @l: the lock
 *
 * Return: 1 if acquired (no order dependency is learned), 0 if not.
 */
#define lw_raw_spin_trylock(l)	__lw_cond_lock(__lw_raw_spin_trylock, l)

__LW_TRYLOCK_IRQ(raw_spin, bh, LW_IRQ_BH, lw_raw_spinlock, raw_spin_trylock_bh(&l->lock))
__LW_TRYLOCK_IRQ(raw_spin, irq, LW_IRQ_DISABLE, lw_raw_spinlock, raw_spin_trylock_irq(&l->lock))
__LW_TRYLOCK_IRQ(raw_spin, irqsave, LW_IRQ_SAVE, lw_raw_spinlock,
		 raw_spin_trylock_irqsave(&l->lock, *flags))

/**
 * lw_raw_spin_trylock_bh - lw_spin_trylock_bh() on an lw_raw_spinlock
 * @l: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
#define lw_raw_spin_trylock_bh(l)	__lw_cond_lock(__lw_raw_spin_trylock_bh, l, NULL)

/**
 * lw_raw_spin_trylock_irq - lw_spin_trylock_irq() on an lw_raw_spinlock
 * @l: the lock
 *
 * Interrupts are disabled on PREEMPT_RT too, as raw_spin_trylock_irq() does.
 *
 * Return: 1 if acquired, 0 if not.
 */
#define lw_raw_spin_trylock_irq(l)	__lw_cond_lock(__lw_raw_spin_trylock_irq, l, NULL)

/**
 * lw_raw_spin_trylock_irqsave - lw_spin_trylock_irqsave() on an lw_raw_spinlock
 * @l: the lock
 * @flags: unsigned long lvalue that receives the saved interrupt state
 *
 * Return: 1 if acquired, 0 if not.
 */
#define lw_raw_spin_trylock_irqsave(l, flags)				\
	__lw_cond_lock(__lw_raw_spin_trylock_irqsave, l, &(flags))

#else /* !CONFIG_LOCKWARDEN: the plain kernel raw spinlock */

struct lw_raw_spinlock {
	raw_spinlock_t lock;		/* the kernel lock, and nothing else */
};

#define lw_raw_spin_lock_init(l, ...)	raw_spin_lock_init(&(l)->lock)
#define lw_raw_spin_lock(l)		raw_spin_lock(&(l)->lock)
#define lw_raw_spin_lock_nested(l, sub)	raw_spin_lock_nested(&(l)->lock, sub)
#define lw_raw_spin_unlock(l)		raw_spin_unlock(&(l)->lock)
#define lw_raw_spin_lock_bh(l)		raw_spin_lock_bh(&(l)->lock)
#define lw_raw_spin_unlock_bh(l)	raw_spin_unlock_bh(&(l)->lock)
#define lw_raw_spin_lock_irq(l)		raw_spin_lock_irq(&(l)->lock)
#define lw_raw_spin_unlock_irq(l)	raw_spin_unlock_irq(&(l)->lock)
#define lw_raw_spin_lock_irqsave(l, f)	raw_spin_lock_irqsave(&(l)->lock, f)
#define lw_raw_spin_unlock_irqrestore(l, f) raw_spin_unlock_irqrestore(&(l)->lock, f)
#define lw_raw_spin_trylock(l)		raw_spin_trylock(&(l)->lock)
#define lw_raw_spin_trylock_bh(l)		raw_spin_trylock_bh(&(l)->lock)
#define lw_raw_spin_trylock_irq(l)		raw_spin_trylock_irq(&(l)->lock)
#define lw_raw_spin_trylock_irqsave(l, f)	raw_spin_trylock_irqsave(&(l)->lock, f)

#endif /* CONFIG_LOCKWARDEN */

/**
 * LW_DEFINE_RAW_SPINLOCK - define an lw_raw_spinlock, initialised, with its class
 * @var: the variable
 * @class: pointer to its class, defined with LW_DEFINE_CLASS()
 *
 * As DEFINE_RAW_SPINLOCK(), for a lock in static storage: no
 * lw_raw_spin_lock_init() is needed. Prefix with ``static`` as needed.
 */
#define LW_DEFINE_RAW_SPINLOCK(var, class)					\
	__LW_DEFINE_LOCK(lw_raw_spinlock, class, __RAW_SPIN_LOCK_UNLOCKED,	\
			 LW_LOCK_RAW_SPINLOCK, var)

/**
 * lw_raw_spin_is_locked - whether anyone holds an lw_raw_spinlock
 * @l: the lock
 *
 * As raw_spin_is_locked(): the lock's own state, not a check; to require that
 * this context holds it, lw_assert_held().
 *
 * Return: true if held.
 */
static __always_inline bool lw_raw_spin_is_locked(struct lw_raw_spinlock *l);

__LW_IS_LOCKED(raw_spin, lw_raw_spinlock, raw_spin_is_locked)

#endif /* _LOCKWARDEN_RAW_SPINLOCK_H */
