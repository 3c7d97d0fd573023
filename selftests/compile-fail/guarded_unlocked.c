// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-fail case: guarded data reached through lw_guarded() without its
 * lock held.
 *
 * expect clang-tsa: '__lw_mutex_held' requires holding mutex 'stats.lock' exclusively
 */
#include <lockwarden/lockwarden.h>

struct cf_stats {
	u64 packets;
};

static LW_MUTEX_GUARDED(stats, struct cf_stats);

static __maybe_unused void cf_count_packet(void)
{
	lw_guarded(&stats)->packets++;
}
