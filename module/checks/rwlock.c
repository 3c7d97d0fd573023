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

/*
 * The hooks of the wrappers, from hooks.h's rows; their kernel-doc is in
 * include/lockwarden/rwlock.h.
 */
__LW_HOOK_SPIN_LOCK(read, lw_rwlock, READ, LW_ACQ_READ | LW_ACQ_RREAD);
__LW_HOOK_SPIN_UNLOCK(read, lw_rwlock, READ);
__LW_HOOK_SPIN_TRYLOCK(read, lw_rwlock, READ, LW_ACQ_READ | LW_ACQ_RREAD);
__LW_HOOK_SPIN_LOCK(write, lw_rwlock, WRITE, 0);
__LW_HOOK_SPIN_UNLOCK(write, lw_rwlock, WRITE);
__LW_HOOK_SPIN_TRYLOCK(write, lw_rwlock, WRITE, 0);
__LW_HOOK_SPIN_TRYLOCK_IRQ(write, lw_rwlock, WRITE, 0);

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
