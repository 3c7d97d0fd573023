/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_spinlock: a spinlock whose use lockwarden checks, in every interrupt
 * flavour (plain, _bh, _irq, _irqsave).
 */
#ifndef _LOCKWARDEN_SPINLOCK_H
#define _LOCKWARDEN_SPINLOCK_H

#include <linux/spinlock.h>
#include <lockwarden/compat.h>
#include <lockwarden/annotations.h>
#include <lockwarden/lock.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

/**
 * struct lw_spinlock - a spinlock whose use lockwarden checks
 * @lock: the kernel spinlock
 * @dep: lockwarden's state
 */
struct lw_spinlock {
	spinlock_t lock;		/* the kernel lock */
	struct lw_dep_map dep;		/* lockwarden's state of it */
} __lw_capability("spinlock");

void lockwarden_spin_lock_init(struct lw_spinlock *l, struct lw_class *class);

/**
 * lockwarden_spin_lock() - checked spin_lock*(); use the lw_spin_lock*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_spin_lock(struct lw_spinlock *l, enum lw_irq_mode mode)
	__acquires(&l->lock);

unsigned long lockwarden_spin_lock_nested(struct lw_spinlock *l, enum lw_irq_mode mode,
					  unsigned int subclass) __acquires(&l->lock);

/**
 * lockwarden_spin_unlock() - checked spin_unlock*(); use the lw_spin_unlock*() wrappers
 * @l: the lock
 * @mode: what to restore to interrupts after
 * @flags: the flags saved for LW_IRQ_SAVE
 */
void lockwarden_spin_unlock(struct lw_spinlock *l, enum lw_irq_mode mode,
			    unsigned long flags) __releases(&l->lock);

/**
 * lockwarden_spin_trylock() - checked spin_trylock(); use lw_spin_trylock()
 * @l: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_spin_trylock(struct lw_spinlock *l);

/**
 * lockwarden_spin_trylock_irq() - checked spin_trylock_bh() and the like;
 *	use the lw_spin_trylock_*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first, undone if the lock is not taken
 * @flags: receives the saved interrupt flags, for LW_IRQ_SAVE
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_spin_trylock_irq(struct lw_spinlock *l, enum lw_irq_mode mode,
				unsigned long *flags);

/**
 * lw_spin_lock_init - initialise an lw_spinlock
 * @l: the lock
 * @...: optionally its class; without one, the class of this call site
 */
#define lw_spin_lock_init(l, ...)					\
	({ lockwarden_spin_lock_init(l, __lw_class_of(#l, ##__VA_ARGS__)); __lw_no_tail(); })

/**
 * lw_spin_lock - acquire an lw_spinlock
 * @l: the lock
 *
 * Its class's interrupt usage is recorded: a class taken in hardirq (or
 * softirq) context and elsewhere with interrupts (or bottom halves) enabled
 * is an irq-safety inversion.
 */
static __always_inline void lw_spin_lock(struct lw_spinlock *l) __lw_acquires(l);

/**
 * lw_spin_lock_nested - acquire an lw_spinlock nested in one of its own class
 * @l: the lock
 * @subclass: nesting level, below LW_MAX_SUBCLASSES; each level is ordered
 *	as a class of its own
 *
 * As spin_lock_nested(); release with lw_spin_unlock(). The kernel has no
 * spin_lock_bh_nested() nor spin_lock_irq_nested(), so neither has lockwarden.
 */
static __always_inline void lw_spin_lock_nested(struct lw_spinlock *l,
						unsigned int subclass)
	__lw_acquires(l) __lw_no_tsa
{
	__lw_hook_or(lockwarden_spin_lock_nested(l, LW_IRQ_NONE, subclass),
		     spin_lock_nested(&l->lock, subclass));
}

/**
 * lw_spin_unlock - release an lw_spinlock taken with lw_spin_lock()
 * @l: the lock
 */
static __always_inline void lw_spin_unlock(struct lw_spinlock *l) __lw_releases(l);

/**
 * lw_spin_lock_bh - disable bottom halves and acquire an lw_spinlock
 * @l: the lock
 */
static __always_inline void lw_spin_lock_bh(struct lw_spinlock *l) __lw_acquires(l);

/**
 * lw_spin_unlock_bh - release an lw_spinlock and enable bottom halves
 * @l: the lock
 */
static __always_inline void lw_spin_unlock_bh(struct lw_spinlock *l) __lw_releases(l);

/**
 * lw_spin_lock_irq - disable interrupts and acquire an lw_spinlock
 * @l: the lock
 */
static __always_inline void lw_spin_lock_irq(struct lw_spinlock *l) __lw_acquires(l);

/**
 * lw_spin_unlock_irq - release an lw_spinlock and enable interrupts
 * @l: the lock
 */
static __always_inline void lw_spin_unlock_irq(struct lw_spinlock *l) __lw_releases(l);

/**
 * lw_spin_lock_irqsave - save and disable interrupts, acquire an lw_spinlock
 * @l: the lock
 * @flags: unsigned long lvalue that receives the saved interrupt state
 */
#define lw_spin_lock_irqsave(l, flags)	((flags) = __lw_spin_lock_irqsave(l))

static __always_inline unsigned long
__lw_spin_lock_irqsave_nested(struct lw_spinlock *l, unsigned int subclass)
	__lw_acquires(l) __lw_no_tsa
{
	unsigned long flags;

	if (lw_checking())
		return __lw_no_tail_value(lockwarden_spin_lock_nested(l, LW_IRQ_SAVE,
								     subclass));
	spin_lock_irqsave_nested(&l->lock, flags, subclass);
	return flags;
}

/**
 * lw_spin_lock_irqsave_nested - lw_spin_lock_irqsave() nested in its own class
 * @l: the lock
 * @flags: unsigned long lvalue that receives the saved interrupt state
 * @subclass: nesting level, below LW_MAX_SUBCLASSES; each level is ordered
 *	as a class of its own
 *
 * As spin_lock_irqsave_nested(); release with lw_spin_unlock_irqrestore().
 */
#define lw_spin_lock_irqsave_nested(l, flags, subclass)			\
	((flags) = __lw_spin_lock_irqsave_nested(l, subclass))

/**
 * lw_spin_unlock_irqrestore - release an lw_spinlock, restore interrupts
 * @l: the lock
 * @flags: the state lw_spin_lock_irqsave() or lw_spin_lock_irqsave_nested()
 *	saved
 */
static __always_inline void lw_spin_unlock_irqrestore(struct lw_spinlock *l,
						      unsigned long flags)
	__lw_releases(l);

__LW_SPINNING_OPS(spin, lw_spinlock, __lw_acquires)

/* The kernel's trylock without sparse's __cond_lock(): see lw_spin_trylock(). */
__LW_INT_OP(spin_trylock, lw_spinlock, __lw_try_acquires, lw_compat_spin_trylock(&l->lock))

/**
 * lw_spin_trylock - try to acquire an lw_spinlock without spinning
 * @l: the lock
 *
 * Return: 1 if acquired (no order dependency is learned), 0 if not.
 */
#define lw_spin_trylock(l)	__lw_cond_lock(__lw_spin_trylock, l)

__LW_TRYLOCK_IRQ(spin, bh, LW_IRQ_BH, lw_spinlock, spin_trylock_bh(&l->lock))
__LW_TRYLOCK_IRQ(spin, irq, LW_IRQ_DISABLE, lw_spinlock, spin_trylock_irq(&l->lock))
__LW_TRYLOCK_IRQ(spin, irqsave, LW_IRQ_SAVE, lw_spinlock, spin_trylock_irqsave(&l->lock, *flags))

/**
 * lw_spin_trylock_bh - disable bottom halves and try to acquire an lw_spinlock
 * @l: the lock
 *
 * As spin_trylock_bh(): bottom halves are enabled again if the lock is not
 * taken; release with lw_spin_unlock_bh().
 *
 * Return: 1 if acquired (no order dependency is learned), 0 if not.
 */
#define lw_spin_trylock_bh(l)	__lw_cond_lock(__lw_spin_trylock_bh, l, NULL)

/**
 * lw_spin_trylock_irq - disable interrupts and try to acquire an lw_spinlock
 * @l: the lock
 *
 * As spin_trylock_irq(): interrupts are enabled again if the lock is not
 * taken; release with lw_spin_unlock_irq().
 *
 * Return: 1 if acquired (no order dependency is learned), 0 if not.
 */
#define lw_spin_trylock_irq(l)	__lw_cond_lock(__lw_spin_trylock_irq, l, NULL)

/**
 * lw_spin_trylock_irqsave - save and disable interrupts, try to acquire an lw_spinlock
 * @l: the lock
 * @flags: unsigned long lvalue that receives the saved interrupt state
 *
 * As spin_trylock_irqsave(): the interrupt state is restored if the lock
 * is not taken; release with lw_spin_unlock_irqrestore().
 *
 * Return: 1 if acquired (no order dependency is learned), 0 if not.
 */
#define lw_spin_trylock_irqsave(l, flags)				\
	__lw_cond_lock(__lw_spin_trylock_irqsave, l, &(flags))

#else /* !CONFIG_LOCKWARDEN: the plain kernel spinlock */

struct lw_spinlock {
	spinlock_t lock;		/* the kernel lock, and nothing else */
};

#define lw_spin_lock_init(l, ...)	spin_lock_init(&(l)->lock)
#define lw_spin_lock(l)			spin_lock(&(l)->lock)
#define lw_spin_lock_nested(l, sub)	spin_lock_nested(&(l)->lock, sub)
#define lw_spin_unlock(l)		spin_unlock(&(l)->lock)
#define lw_spin_lock_bh(l)		spin_lock_bh(&(l)->lock)
#define lw_spin_unlock_bh(l)		spin_unlock_bh(&(l)->lock)
#define lw_spin_lock_irq(l)		spin_lock_irq(&(l)->lock)
#define lw_spin_unlock_irq(l)		spin_unlock_irq(&(l)->lock)
#define lw_spin_lock_irqsave(l, f)	spin_lock_irqsave(&(l)->lock, f)
#define lw_spin_lock_irqsave_nested(l, f, sub)				\
	spin_lock_irqsave_nested(&(l)->lock, f, sub)
#define lw_spin_unlock_irqrestore(l, f)	spin_unlock_irqrestore(&(l)->lock, f)
#define lw_spin_trylock(l)		spin_trylock(&(l)->lock)
#define lw_spin_trylock_bh(l)		spin_trylock_bh(&(l)->lock)
#define lw_spin_trylock_irq(l)		spin_trylock_irq(&(l)->lock)
#define lw_spin_trylock_irqsave(l, f)	spin_trylock_irqsave(&(l)->lock, f)

#endif /* CONFIG_LOCKWARDEN */

/**
 * LW_DEFINE_SPINLOCK - define an lw_spinlock, initialised, with its class
 * @var: the variable
 * @class: pointer to its class, defined with LW_DEFINE_CLASS()
 *
 * As DEFINE_SPINLOCK(), for a lock in static storage: no
 * lw_spin_lock_init() is needed. Prefix with ``static`` as needed.
 */
#define LW_DEFINE_SPINLOCK(var, class)					\
	__LW_DEFINE_LOCK(lw_spinlock, class, __SPIN_LOCK_UNLOCKED, LW_LOCK_SPINLOCK, var)

/**
 * lw_spin_is_locked - whether anyone holds an lw_spinlock
 * @l: the lock
 *
 * As spin_is_locked(): the lock's own state, not a check; to require that
 * this context holds it, lw_assert_held().
 *
 * Return: true if held.
 */
static __always_inline bool lw_spin_is_locked(struct lw_spinlock *l);

__LW_IS_LOCKED(spin, lw_spinlock, spin_is_locked)

#endif /* _LOCKWARDEN_SPINLOCK_H */
