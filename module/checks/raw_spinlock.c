// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_raw_spinlock, in every interrupt flavour: each
 * wraps the kernel's raw spinlock operation in the checks of acquire.c. A
 * raw spinlock spins on PREEMPT_RT too, so its holds mark a context where a
 * spinlock_t or rwlock_t may not be taken (an invalid wait context), and
 * its _irq flavours disable interrupts there as everywhere.
 */
#include "checks/hooks.h"

#include <linux/instruction_pointer.h>

/**
 * lockwarden_raw_spin_lock_init() - initialise an lw_raw_spinlock; use lw_raw_spin_lock_init()
 * @l: the lock
 * @class: its class
 */
void lockwarden_raw_spin_lock_init(struct lw_raw_spinlock *l, struct lw_class *class)
{
	lw_hook_init(l, raw_spin_lock_init, class, LW_LOCK_RAW_SPINLOCK);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_raw_spin_lock_init, LW_NS);

/**
 * lockwarden_raw_spin_lock() - checked raw_spin_lock*(); use the lw_raw_spin_lock*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_raw_spin_lock(struct lw_raw_spinlock *l, enum lw_irq_mode mode)
	__acquires(&l->lock)
{
	return lw_hook_spin(&l->dep, LW_OP_RAW_SPIN, &l->lock, mode, LW_ACQ_RAW, 0, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_raw_spin_lock, LW_NS);

/**
 * lockwarden_raw_spin_lock_nested() - checked raw_spin_lock_nested(); use lw_raw_spin_lock_nested()
 * @l: the lock
 * @mode: what to do to interrupts first
 * @subclass: nesting level
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_raw_spin_lock_nested(struct lw_raw_spinlock *l, enum lw_irq_mode mode,
					      unsigned int subclass)
	__acquires(&l->lock)
{
	return lw_hook_spin(&l->dep, LW_OP_RAW_SPIN, &l->lock, mode, LW_ACQ_RAW, subclass,
			    _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_raw_spin_lock_nested, LW_NS);

/**
 * lockwarden_raw_spin_unlock() - checked raw_spin_unlock*(); use the lw_raw_spin_unlock*() wrappers
 * @l: the lock
 * @mode: what to restore to interrupts after
 * @flags: the flags saved for LW_IRQ_SAVE
 */
void lockwarden_raw_spin_unlock(struct lw_raw_spinlock *l, enum lw_irq_mode mode,
				unsigned long flags)
	__releases(&l->lock)
{
	lw_hook_unlock(&l->dep, LW_OP_RAW_SPIN, &l->lock, mode, flags, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_raw_spin_unlock, LW_NS);

/**
 * lockwarden_raw_spin_trylock() - checked raw_spin_trylock(); use lw_raw_spin_trylock()
 * @l: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_raw_spin_trylock(struct lw_raw_spinlock *l)
{
	return lw_hook_trylock(&l->dep, LW_OP_RAW_SPIN, &l->lock, LW_ACQ_RAW, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_raw_spin_trylock, LW_NS);

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
				    unsigned long *flags)
{
	return lw_hook_trylock_irq(&l->dep, LW_OP_RAW_SPIN, &l->lock, mode, LW_ACQ_RAW, flags,
				   _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_raw_spin_trylock_irq, LW_NS);
