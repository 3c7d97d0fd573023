// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-fail case: a killable acquisition whose failure is ignored: the
 * data is reached, and the lock released, whether or not it was taken.
 *
 * expect clang-tsa: '__lw_rwsem_held' requires holding rwsem 'config.lock' exclusively
 */
#include <lockwarden/lockwarden.h>

struct cf_config {
	unsigned int mtu;
};

static LW_RWSEM_GUARDED(config, struct cf_config);

static __maybe_unused void cf_config_set(unsigned int mtu)
{
	int err = lw_down_write_killable(&config.lock);

	lw_guarded(&config)->mtu = mtu;
	if (!err)
		lw_up_write(&config.lock);
}
