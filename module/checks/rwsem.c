// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_rwsem, readers and writers: each wraps the
 * kernel's rw_semaphore operation in the checks of acquire.c. Each is
 * called straight from an inline wrapper in the driver, so _RET_IP_ is the
 * driver's call site.
 */
#include "checks/hooks.h"

#include <linux/instruction_pointer.h>

/**
 * lockwarden_init_rwsem() - initialise an lw_rwsem; use lw_init_rwsem()
 * @s: the semaphore
 * @class: its class
 */
void lockwarden_init_rwsem(struct lw_rwsem *s, struct lw_class *class)
{
	lw_hook_init(s, init_rwsem, class, LW_LOCK_RWSEM);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_init_rwsem, LW_NS);

/*
 * The hooks of the wrappers, from hooks.h's rows; their kernel-doc is in
 * include/lockwarden/rwsem.h.
 */
__LW_HOOK_SLEEP_LOCK(down_read, lw_rwsem, DOWN_READ, LW_ACQ_SLEEPS | LW_ACQ_READ);
__LW_HOOK_SLEEP_NESTED(down_read_nested, lw_rwsem, DOWN_READ, LW_ACQ_SLEEPS | LW_ACQ_READ);
__LW_HOOK_SLEEP_TRYLOCK(down_read_trylock, lw_rwsem, DOWN_READ, LW_ACQ_SLEEPS | LW_ACQ_READ);
__LW_HOOK_SLEEP_UNLOCK(up_read, lw_rwsem, DOWN_READ);
__LW_HOOK_SLEEP_LOCK(down_write, lw_rwsem, DOWN_WRITE, LW_ACQ_SLEEPS);
__LW_HOOK_SLEEP_NESTED(down_write_nested, lw_rwsem, DOWN_WRITE, LW_ACQ_SLEEPS);
__LW_HOOK_SLEEP_TRYLOCK(down_write_trylock, lw_rwsem, DOWN_WRITE, LW_ACQ_SLEEPS);
__LW_HOOK_SLEEP_UNLOCK(up_write, lw_rwsem, DOWN_WRITE);
__LW_HOOK_SLEEP_WAIT(down_read_interruptible, lw_rwsem, DOWN_READ, LW_ACQ_SLEEPS | LW_ACQ_READ,
		     INTERRUPTIBLE);
__LW_HOOK_SLEEP_WAIT(down_read_killable, lw_rwsem, DOWN_READ, LW_ACQ_SLEEPS | LW_ACQ_READ,
		     KILLABLE);
__LW_HOOK_SLEEP_WAIT(down_write_killable, lw_rwsem, DOWN_WRITE, LW_ACQ_SLEEPS, KILLABLE);

/**
 * lockwarden_downgrade_write() - checked downgrade_write(); use lw_downgrade_write()
 * @s: the semaphore
 */
void lockwarden_downgrade_write(struct lw_rwsem *s)
{
	lw_downgrade(&s->dep);
	downgrade_write(&s->lock);
	/* lockdep's entry, now a read hold, names the hook again. */
	lw_op_lockdep_held_at(LW_OP_DOWN_READ, &s->lock, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_downgrade_write, LW_NS);
