/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_rwlock: a reader-writer spinlock (rwlock_t) whose use lockwarden checks,
 * in every interrupt flavour.
 */
#ifndef _LOCKWARDEN_RWLOCK_H
#define _LOCKWARDEN_RWLOCK_H

#include <linux/spinlock.h>
#include <lockwarden/compat.h>
#include <lockwarden/annotations.h>
#include <lockwarden/lock.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

/**
 * struct lw_rwlock - an rwlock_t whose use lockwarden checks
 * @lock: the kernel rwlock
 * @dep: lockwarden's state
 */
struct lw_rwlock {
	rwlock_t lock;			/* the kernel lock */
	struct lw_dep_map dep;		/* lockwarden's state of it */
} __lw_capability("rwlock");

void lockwarden_rwlock_init(struct lw_rwlock *l, struct lw_class *class);

/**
 * lockwarden_read_lock() - checked read_lock*(); use the lw_read_lock*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_read_lock(struct lw_rwlock *l, enum lw_irq_mode mode)
	__acquires(&l->lock);

/**
 * lockwarden_read_unlock() - checked read_unlock*(); use the lw_read_unlock*() wrappers
 * @l: the lock
 * @mode: what to restore to interrupts after
 * @flags: the flags saved for LW_IRQ_SAVE
 */
void lockwarden_read_unlock(struct lw_rwlock *l, enum lw_irq_mode mode,
			    unsigned long flags) __releases(&l->lock);

/**
 * lockwarden_read_trylock() - checked read_trylock(); use lw_read_trylock()
 * @l: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_read_trylock(struct lw_rwlock *l);

/**
 * lockwarden_write_lock() - checked write_lock*(); use the lw_write_lock*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_write_lock(struct lw_rwlock *l, enum lw_irq_mode mode)
	__acquires(&l->lock);

void lockwarden_write_lock_nested(struct lw_rwlock *l, unsigned int subclass)
	__acquires(&l->lock);

/**
 * lockwarden_write_unlock() - checked write_unlock*(); use the lw_write_unlock*() wrappers
 * @l: the lock
 * @mode: what to restore to interrupts after
 * @flags: the flags saved for LW_IRQ_SAVE
 */
void lockwarden_write_unlock(struct lw_rwlock *l, enum lw_irq_mode mode,
			     unsigned long flags) __releases(&l->lock);

/**
 * lockwarden_write_trylock() - checked write_trylock(); use lw_write_trylock()
 * @l: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_write_trylock(struct lw_rwlock *l);

/**
 * lockwarden_write_trylock_irq() - checked write_trylock_bh() and the like;
 *	use the lw_write_trylock_*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first, undone if the lock is not taken
 * @flags: receives the saved interrupt flags, for LW_IRQ_SAVE
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_write_trylock_irq(struct lw_rwlock *l, enum lw_irq_mode mode,
				 unsigned long *flags);

/**
 * lw_rwlock_init - initialise an lw_rwlock
 * @l: the lock
 * @...: optionally its class; without one, the class of this call site
 */
#define lw_rwlock_init(l, ...)						\
	({ lockwarden_rwlock_init(l, __lw_class_of(#l, ##__VA_ARGS__)); __lw_no_tail(); })

/**
 * lw_read_lock - acquire an lw_rwlock for reading
 * @l: the lock
 */
static __always_inline void lw_read_lock(struct lw_rwlock *l) __lw_acquires_shared(l);

/**
 * lw_read_unlock - release an lw_rwlock held for reading
 * @l: the lock
 */
static __always_inline void lw_read_unlock(struct lw_rwlock *l) __lw_releases_shared(l);

/**
 * lw_read_lock_bh - disable bottom halves and acquire an lw_rwlock for reading
 * @l: the lock
 */
static __always_inline void lw_read_lock_bh(struct lw_rwlock *l) __lw_acquires_shared(l);

/**
 * lw_read_unlock_bh - release an lw_rwlock held for reading and enable bottom halves
 * @l: the lock
 */
static __always_inline void lw_read_unlock_bh(struct lw_rwlock *l) __lw_releases_shared(l);

/**
 * lw_read_lock_irq - disable interrupts and acquire an lw_rwlock for reading
 * @l: the lock
 */
static __always_inline void lw_read_lock_irq(struct lw_rwlock *l) __lw_acquires_shared(l);

/**
 * lw_read_unlock_irq - release an lw_rwlock held for reading and enable interrupts
 * @l: the lock
 */
static __always_inline void lw_read_unlock_irq(struct lw_rwlock *l) __lw_releases_shared(l);

/**
 * lw_read_lock_irqsave - save and disable interrupts, acquire an lw_rwlock for reading
 * @l: the lock
 * @flags: unsigned long lvalue that receives the saved interrupt state
 */
#define lw_read_lock_irqsave(l, flags)	((flags) = __lw_read_lock_irqsave(l))

/**
 * lw_read_unlock_irqrestore - release an lw_rwlock, restore interrupts
 * @l: the lock
 * @flags: the state lw_read_lock_irqsave() saved
 */
static __always_inline void lw_read_unlock_irqrestore(struct lw_rwlock *l,
						      unsigned long flags)
	__lw_releases_shared(l);

__LW_SPINNING_OPS(read, lw_rwlock, __lw_acquires_shared)

/* The kernel's trylock without sparse's __cond_lock(): see lw_read_trylock(). */
__LW_INT_OP(read_trylock, lw_rwlock, __lw_try_acquires_shared, lw_compat_read_trylock(&l->lock))

/**
 * lw_read_trylock - try to acquire an lw_rwlock for reading without spinning
 * @l: the lock
 *
 * Return: 1 if acquired (no order dependency is learned), 0 if not.
 */
#define lw_read_trylock(l)	__lw_cond_lock(__lw_read_trylock, l)

/**
 * lw_write_lock - acquire an lw_rwlock for writing
 * @l: the lock
 */
static __always_inline void lw_write_lock(struct lw_rwlock *l) __lw_acquires(l);

/**
 * lw_write_lock_nested - acquire an lw_rwlock for writing, nested in its own class
 * @l: the lock
 * @subclass: nesting level, below LW_MAX_SUBCLASSES; each level is ordered
 *	as a class of its own
 *
 * As write_lock_nested(); release with lw_write_unlock(). The kernel has no
 * interrupt flavour of write_lock_nested() and no read_lock_nested()
 * (readers of an rwlock_t may recurse), so neither has lockwarden.
 */
static __always_inline void lw_write_lock_nested(struct lw_rwlock *l,
						 unsigned int subclass)
	__lw_acquires(l) __lw_no_tsa
{
	__lw_hook_or(lockwarden_write_lock_nested(l, subclass),
		     write_lock_nested(&l->lock, subclass));
}

/**
 * lw_write_unlock - release an lw_rwlock held for writing
 * @l: the lock
 */
static __always_inline void lw_write_unlock(struct lw_rwlock *l) __lw_releases(l);

/**
 * lw_write_lock_bh - disable bottom halves and acquire an lw_rwlock for writing
 * @l: the lock
 */
static __always_inline void lw_write_lock_bh(struct lw_rwlock *l) __lw_acquires(l);

/**
 * lw_write_unlock_bh - release an lw_rwlock held for writing and enable bottom halves
 * @l: the lock
 */
static __always_inline void lw_write_unlock_bh(struct lw_rwlock *l) __lw_releases(l);

/**
 * lw_write_lock_irq - disable interrupts and acquire an lw_rwlock for writing
 * @l: the lock
 */
static __always_inline void lw_write_lock_irq(struct lw_rwlock *l) __lw_acquires(l);

/**
 * lw_write_unlock_irq - release an lw_rwlock held for writing and enable interrupts
 * @l: the lock
 */
static __always_inline void lw_write_unlock_irq(struct lw_rwlock *l) __lw_releases(l);

/**
 * lw_write_lock_irqsave - save and disable interrupts, acquire an lw_rwlock for writing
 * @l: the lock
 * @flags: unsigned long lvalue that receives the saved interrupt state
 */
#define lw_write_lock_irqsave(l, flags)	((flags) = __lw_write_lock_irqsave(l))

/**
 * lw_write_unlock_irqrestore - release an lw_rwlock, restore interrupts
 * @l: the lock
 * @flags: the state lw_write_lock_irqsave() saved
 */
static __always_inline void lw_write_unlock_irqrestore(struct lw_rwlock *l,
						       unsigned long flags)
	__lw_releases(l);

__LW_SPINNING_OPS(write, lw_rwlock, __lw_acquires)

/* The kernel's trylock without sparse's __cond_lock(): see lw_write_trylock(). */
__LW_INT_OP(write_trylock, lw_rwlock, __lw_try_acquires, lw_compat_write_trylock(&l->lock))

/**
 * lw_write_trylock - try to acquire an lw_rwlock for writing without spinning
 * @l: the lock
 *
 * Return: 1 if acquired (no order dependency is learned), 0 if not.
 */
#define lw_write_trylock(l)	__lw_cond_lock(__lw_write_trylock, l)

__LW_TRYLOCK_IRQ(write, irqsave, LW_IRQ_SAVE, lw_rwlock,
		 write_trylock_irqsave(&l->lock, *flags))

/**
 * lw_write_trylock_irqsave - save and disable interrupts, try to acquire an
 *	lw_rwlock for writing
 * @l: the lock
 * @flags: unsigned long lvalue that receives the saved interrupt state
 *
 * As write_trylock_irqsave(): the interrupt state is restored if the lock
 * is not taken; release with lw_write_unlock_irqrestore(). The kernel has
 * no other interrupt flavour of a trylock of an rwlock_t, so neither has
 * lockwarden.
 *
 * Return: 1 if acquired (no order dependency is learned), 0 if not.
 */
#define lw_write_trylock_irqsave(l, flags)				\
	__lw_cond_lock(__lw_write_trylock_irqsave, l, &(flags))

#else /* !CONFIG_LOCKWARDEN: the plain kernel rwlock */

struct lw_rwlock {
	rwlock_t lock;			/* the kernel lock, and nothing else */
};

#define lw_rwlock_init(l, ...)		rwlock_init(&(l)->lock)
#define lw_read_lock(l)		read_lock(&(l)->lock)
#define lw_read_unlock(l)		read_unlock(&(l)->lock)
#define lw_read_lock_bh(l)		read_lock_bh(&(l)->lock)
#define lw_read_unlock_bh(l)		read_unlock_bh(&(l)->lock)
#define lw_read_lock_irq(l)		read_lock_irq(&(l)->lock)
#define lw_read_unlock_irq(l)		read_unlock_irq(&(l)->lock)
#define lw_read_lock_irqsave(l, f)	read_lock_irqsave(&(l)->lock, f)
#define lw_read_unlock_irqrestore(l, f) read_unlock_irqrestore(&(l)->lock, f)
#define lw_read_trylock(l)		read_trylock(&(l)->lock)
#define lw_write_lock(l)		write_lock(&(l)->lock)
#define lw_write_lock_nested(l, sub)	write_lock_nested(&(l)->lock, sub)
#define lw_write_unlock(l)		write_unlock(&(l)->lock)
#define lw_write_lock_bh(l)		write_lock_bh(&(l)->lock)
#define lw_write_unlock_bh(l)		write_unlock_bh(&(l)->lock)
#define lw_write_lock_irq(l)		write_lock_irq(&(l)->lock)
#define lw_write_unlock_irq(l)		write_unlock_irq(&(l)->lock)
#define lw_write_lock_irqsave(l, f)	write_lock_irqsave(&(l)->lock, f)
#define lw_write_unlock_irqrestore(l, f) write_unlock_irqrestore(&(l)->lock, f)
#define lw_write_trylock(l)		write_trylock(&(l)->lock)
#define lw_write_trylock_irqsave(l, f)	write_trylock_irqsave(&(l)->lock, f)

#endif /* CONFIG_LOCKWARDEN */

/**
 * LW_DEFINE_RWLOCK - define an lw_rwlock, initialised, with its class
 * @var: the variable
 * @class: pointer to its class, defined with LW_DEFINE_CLASS()
 *
 * As DEFINE_RWLOCK(), for a lock in static storage: no lw_rwlock_init() is
 * needed. Prefix with ``static`` as needed. The kernel has no
 * rwlock_is_locked(), so neither has lockwarden.
 */
#define LW_DEFINE_RWLOCK(var, class)					\
	__LW_DEFINE_LOCK(lw_rwlock, class, __RW_LOCK_UNLOCKED, LW_LOCK_RWLOCK, var)

#endif /* _LOCKWARDEN_RWLOCK_H */
