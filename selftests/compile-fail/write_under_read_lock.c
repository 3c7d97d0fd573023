// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-fail case: exclusive access to guarded data (lw_guarded()) under
 * a read hold of its rw_semaphore.
 *
 * expect clang-tsa: '__lw_rwsem_held' requires holding rwsem 'cfg.lock' exclusively
 */
#include <lockwarden/lockwarden.h>

struct cf_config {
	int mode;
};

static LW_RWSEM_GUARDED(cfg, struct cf_config);

static __maybe_unused void cf_config_set(int mode)
{
	lw_down_read(&cfg.lock);
	lw_guarded(&cfg)->mode = mode;
	lw_up_read(&cfg.lock);
}
