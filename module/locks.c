// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's out-of-line hooks for each lock type: they wrap the kernel
 * lock operation in the checks of acquire.c.
 */
#include "internal.h"

#include <linux/instruction_pointer.h>

/* === lw_mutex === */

/**
 * lockwarden_mutex_init() - initialise an lw_mutex; use lw_mutex_init()
 * @m: the lock
 * @class: its class; on lockdep kernels also the lockdep class and name
 */
void lockwarden_mutex_init(struct lw_mutex *m, struct lw_class *class)
{
	static struct lock_class_key lw_unclassed_key;

	if (class)
		__mutex_init(&m->mutex, class->name, &class->key);
	else
		__mutex_init(&m->mutex, "lw_mutex", &lw_unclassed_key);
	lw_dep_init(&m->dep, class);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_init, LW_NS);

/**
 * lockwarden_mutex_lock() - checked mutex_lock(); use lw_mutex_lock()
 * @m: the lock
 *
 * The caller's return address is the call site reports name.
 */
void lockwarden_mutex_lock(struct lw_mutex *m)
{
	might_sleep();
	lw_acquire(&m->dep, 0, _RET_IP_);
	mutex_lock(&m->mutex);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_lock, LW_NS);

/**
 * lockwarden_mutex_trylock() - checked mutex_trylock(); use lw_mutex_trylock()
 * @m: the lock
 *
 * The caller's return address is the call site reports name.
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_mutex_trylock(struct lw_mutex *m)
{
	if (!mutex_trylock(&m->mutex))
		return 0;
	lw_acquire(&m->dep, LW_ACQ_TRY, _RET_IP_);
	return 1;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_trylock, LW_NS);

/**
 * lockwarden_mutex_unlock() - checked mutex_unlock(); use lw_mutex_unlock()
 * @m: the lock
 *
 * The caller's return address is the call site reports name.
 */
void lockwarden_mutex_unlock(struct lw_mutex *m)
{
	if (lw_release(&m->dep, mutex_is_locked(&m->mutex), _RET_IP_))
		mutex_unlock(&m->mutex);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_unlock, LW_NS);
