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

/*
 * The hooks of the wrappers, from hooks.h's rows; their kernel-doc is in
 * include/lockwarden/raw_spinlock.h.
 */
__LW_HOOK_SPIN_LOCK(raw_spin, lw_raw_spinlock, RAW_SPIN, LW_ACQ_RAW);
__LW_HOOK_SPIN_UNLOCK(raw_spin, lw_raw_spinlock, RAW_SPIN);
__LW_HOOK_SPIN_TRYLOCK(raw_spin, lw_raw_spinlock, RAW_SPIN, LW_ACQ_RAW);
__LW_HOOK_SPIN_TRYLOCK_IRQ(raw_spin, lw_raw_spinlock, RAW_SPIN, LW_ACQ_RAW);

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
