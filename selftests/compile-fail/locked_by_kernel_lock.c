// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-fail case: data declared guarded by a lock that is not a
 * lockwarden lock (the kernel's own mutex). The error is on the line that
 * passes the lock and names its type, lockwarden compiled in or out.
 *
 * expect gcc: passing argument 1 of '__lw_not_a_lockwarden_lock' from incompatible pointer type
 * expect gcc: but argument is of type 'struct mutex *'
 * expect clang: 'struct mutex *' to parameter of type 'struct lw_mutex_spinlock_rwlock_or_rwsem *'
 * expect gcc-out: but argument is of type 'struct mutex *'
 */
#include <lockwarden/lockwarden.h>

struct cf_dev {
	struct mutex lock;	/* not an lw_mutex: the mistake */
	unsigned int opens;
};

static __maybe_unused void cf_dev_open(struct cf_dev *dev)
{
	mutex_lock(&dev->lock);
	(*lw_locked_by(&dev->opens, &dev->lock))++;
	mutex_unlock(&dev->lock);
}
