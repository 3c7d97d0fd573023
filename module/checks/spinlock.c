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

/*
 * The hooks of the wrappers, from hooks.h's rows; their kernel-doc is in
 * include/lockwarden/spinlock.h.
 */
__LW_HOOK_SPIN_LOCK(spin, lw_spinlock, SPIN, 0);
__LW_HOOK_SPIN_UNLOCK(spin, lw_spinlock, SPIN);
__LW_HOOK_SPIN_TRYLOCK(spin, lw_spinlock, SPIN, 0);
__LW_HOOK_SPIN_TRYLOCK_IRQ(spin, lw_spinlock, SPIN, 0);

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
