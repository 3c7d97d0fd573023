// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_spinlock, in every interrupt flavour: each
 * wraps the kernel's spinlock operation in the checks of acquire.c. Each is
 * called straight from an inline wrapper in the driver, so _RET_IP_ is the
 * driver's call site.
 */
#include "checks/hooks.h"

#include <linux/instruction_pointer.h>

/**
 * lockwarden_spin_lock_init() - initialise an lw_spinlock; use lw_spin_lock_init()
 * @l: the lock
 * @class: its class
 */
void lockwarden_spin_lock_init(struct lw_spinlock *l, struct lw_class *class)
{
	lw_hook_init(l, spin_lock_init, class, LW_LOCK_SPINLOCK);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_spin_lock_init, LW_NS);

/**
 * lockwarden_spin_lock() - checked spin_lock*(); use the lw_spin_lock*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_spin_lock(struct lw_spinlock *l, enum lw_irq_mode mode)
	__acquires(&l->lock)
{
	return lw_hook_spin(&l->dep, LW_OP_SPIN, &l->lock, mode, 0, 0, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_spin_lock, LW_NS);

/**
 * lockwarden_spin_lock_nested() - checked spin_lock*_nested(); use lw_spin_lock*_nested()
 * @l: the lock
 * @mode: what to do to interrupts first
 * @subclass: nesting level
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_spin_lock_nested(struct lw_spinlock *l, enum lw_irq_mode mode,
					  unsigned int subclass)
	__acquires(&l->lock)
{
	return lw_hook_spin(&l->dep, LW_OP_SPIN, &l->lock, mode, 0, subclass, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_spin_lock_nested, LW_NS);

/**
 * lockwarden_spin_unlock() - checked spin_unlock*(); use the lw_spin_unlock*() wrappers
 * @l: the lock
 * @mode: what to restore to interrupts after
 * @flags: the flags saved for LW_IRQ_SAVE
 */
void lockwarden_spin_unlock(struct lw_spinlock *l, enum lw_irq_mode mode,
			    unsigned long flags)
	__releases(&l->lock)
{
	lw_hook_unlock(&l->dep, LW_OP_SPIN, &l->lock, mode, flags, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_spin_unlock, LW_NS);

/**
 * lockwarden_spin_trylock() - checked spin_trylock(); use lw_spin_trylock()
 * @l: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_spin_trylock(struct lw_spinlock *l)
{
	return lw_hook_trylock(&l->dep, LW_OP_SPIN, &l->lock, 0, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_spin_trylock, LW_NS);

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
				unsigned long *flags)
{
	return lw_hook_trylock_irq(&l->dep, LW_OP_SPIN, &l->lock, mode, 0, flags, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_spin_trylock_irq, LW_NS);
