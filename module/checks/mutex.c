// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_mutex: each wraps the kernel's mutex operation
 * in the checks of acquire.c. Each is called straight from an inline
 * wrapper in the driver, so _RET_IP_ is the driver's call site.
 */
#include "checks/hooks.h"

#include <linux/instruction_pointer.h>
#include <linux/minmax.h>

/**
 * lockwarden_mutex_init() - initialise an lw_mutex; use lw_mutex_init()
 * @m: the lock
 * @class: its class; on lockdep kernels also the lockdep class and name
 */
void lockwarden_mutex_init(struct lw_mutex *m, struct lw_class *class)
{
	lw_hook_init(m, mutex_init, class, LW_LOCK_MUTEX);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_init, LW_NS);

/*
 * The hooks of the wrappers, from hooks.h's rows; their kernel-doc is in
 * include/lockwarden/mutex.h.
 */
__LW_HOOK_SLEEP_LOCK(mutex_lock, lw_mutex, MUTEX, LW_ACQ_SLEEPS);
__LW_HOOK_SLEEP_NESTED(mutex_lock_nested, lw_mutex, MUTEX, LW_ACQ_SLEEPS);
__LW_HOOK_SLEEP_WAIT(mutex_lock_interruptible, lw_mutex, MUTEX, LW_ACQ_SLEEPS,
		     INTERRUPTIBLE);
__LW_HOOK_SLEEP_WAIT(mutex_lock_killable, lw_mutex, MUTEX, LW_ACQ_SLEEPS, KILLABLE);
__LW_HOOK_SLEEP_TRYLOCK(mutex_trylock, lw_mutex, MUTEX, LW_ACQ_SLEEPS);
__LW_HOOK_SLEEP_UNLOCK(mutex_unlock, lw_mutex, MUTEX);

/**
 * lockwarden_mutex_destroy() - checked mutex_destroy(); use lw_mutex_destroy()
 * @m: the lock
 */
void lockwarden_mutex_destroy(struct lw_mutex *m)
{
	lw_check_destroy(&m->dep, _RET_IP_);
	mutex_destroy(&m->lock);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_destroy, LW_NS);

/**
 * lockwarden_mutex_lock_pair() - two locks of one class in address order
 * @a: one lock; use lw_mutex_lock_pair()
 * @b: the other, or @a
 */
void lockwarden_mutex_lock_pair(struct lw_mutex *a, struct lw_mutex *b)
{
	unsigned long ip = _RET_IP_;

	if (a > b)
		swap(a, b);
	lw_hook_lock(&a->dep, LW_OP_MUTEX, &a->lock, LW_ACQ_SLEEPS, 0, ip);
	if (a != b)
		lw_hook_lock(&b->dep, LW_OP_MUTEX, &b->lock, LW_ACQ_SLEEPS,
			     SINGLE_DEPTH_NESTING, ip);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_lock_pair, LW_NS);
