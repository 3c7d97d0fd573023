// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_rwlock, readers and writers in every interrupt
 * flavour: each wraps the kernel's rwlock operation in the checks of
 * acquire.c. Readers are recursive reads (LW_ACQ_RREAD), as rwlock_t's
 * readers may recurse (checks/fast.h says when). Each hook is called
 * straight from an inline wrapper in the driver, so _RET_IP_ is the
 * driver's call site.
 */
#include "checks/hooks.h"

#include <linux/instruction_pointer.h>

/**
 * lockwarden_rwlock_init() - initialise an lw_rwlock; use lw_rwlock_init()
 * @l: the lock
 * @class: its class
 */
void lockwarden_rwlock_init(struct lw_rwlock *l, struct lw_class *class)
{
	lw_hook_init(l, rwlock_init, class, LW_LOCK_RWLOCK);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_rwlock_init, LW_NS);

/**
 * lockwarden_read_lock() - checked read_lock*(); use the lw_read_lock*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_read_lock(struct lw_rwlock *l, enum lw_irq_mode mode)
	__acquires(&l->lock)
{
	return lw_hook_spin(&l->dep, LW_OP_READ, &l->lock, mode, LW_ACQ_READ | LW_ACQ_RREAD, 0,
			    _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_read_lock, LW_NS);

/**
 * lockwarden_read_unlock() - checked read_unlock*(); use the lw_read_unlock*() wrappers
 * @l: the lock
 * @mode: what to restore to interrupts after
 * @flags: the flags saved for LW_IRQ_SAVE
 */
void lockwarden_read_unlock(struct lw_rwlock *l, enum lw_irq_mode mode,
			    unsigned long flags)
	__releases(&l->lock)
{
	lw_hook_unlock(&l->dep, LW_OP_READ, &l->lock, mode, flags, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_read_unlock, LW_NS);

/**
 * lockwarden_read_trylock() - checked read_trylock(); use lw_read_trylock()
 * @l: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_read_trylock(struct lw_rwlock *l)
{
	return lw_hook_trylock(&l->dep, LW_OP_READ, &l->lock,
			       LW_ACQ_READ | LW_ACQ_RREAD, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_read_trylock, LW_NS);

/**
 * lockwarden_write_lock() - checked write_lock*(); use the lw_write_lock*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_write_lock(struct lw_rwlock *l, enum lw_irq_mode mode)
	__acquires(&l->lock)
{
	return lw_hook_spin(&l->dep, LW_OP_WRITE, &l->lock, mode, 0, 0, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_write_lock, LW_NS);

/**
 * lockwarden_write_lock_nested() - checked write_lock_nested(); use lw_write_lock_nested()
 * @l: the lock
 * @subclass: nesting level
 */
void lockwarden_write_lock_nested(struct lw_rwlock *l, unsigned int subclass)
	__acquires(&l->lock)
{
	lw_hook_lock(&l->dep, LW_OP_WRITE, &l->lock, 0, subclass, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_write_lock_nested, LW_NS);

/**
 * lockwarden_write_unlock() - checked write_unlock*(); use the lw_write_unlock*() wrappers
 * @l: the lock
 * @mode: what to restore to interrupts after
 * @flags: the flags saved for LW_IRQ_SAVE
 */
void lockwarden_write_unlock(struct lw_rwlock *l, enum lw_irq_mode mode,
			     unsigned long flags)
	__releases(&l->lock)
{
	lw_hook_unlock(&l->dep, LW_OP_WRITE, &l->lock, mode, flags, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_write_unlock, LW_NS);

/**
 * lockwarden_write_trylock() - checked write_trylock(); use lw_write_trylock()
 * @l: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_write_trylock(struct lw_rwlock *l)
{
	return lw_hook_trylock(&l->dep, LW_OP_WRITE, &l->lock, 0, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_write_trylock, LW_NS);

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
				 unsigned long *flags)
{
	return lw_hook_trylock_irq(&l->dep, LW_OP_WRITE, &l->lock, mode, 0, flags, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_write_trylock_irq, LW_NS);
