// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-fail case: a spinlock released twice.
 *
 * expect clang-tsa: releasing spinlock 'dev->lock' that was not held
 * expect sparse: context imbalance in 'cf_dev_reset' - unexpected unlock
 */
#include <lockwarden/lockwarden.h>

struct cf_dev {
	struct lw_spinlock lock;
	int value;
};

static __maybe_unused void cf_dev_reset(struct cf_dev *dev)
{
	lw_spin_lock(&dev->lock);
	dev->value = 0;
	lw_spin_unlock(&dev->lock);
	lw_spin_unlock(&dev->lock);
}
