// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-fail case: an error path returns with the lock still held.
 *
 * expect clang-tsa: mutex 'dev->lock' is not held on every path through here
 * expect sparse: context imbalance in 'cf_dev_set' - wrong count at exit
 * expect sparse-out: context imbalance in 'cf_dev_set' - wrong count at exit
 */
#include <lockwarden/lockwarden.h>

struct cf_dev {
	struct lw_mutex lock;
	int value;
};

static __maybe_unused int cf_dev_set(struct cf_dev *dev, int value)
{
	lw_mutex_lock(&dev->lock);
	if (value < 0)
		return -EINVAL;		/* the unlock is missing */
	dev->value = value;
	lw_mutex_unlock(&dev->lock);
	return 0;
}
