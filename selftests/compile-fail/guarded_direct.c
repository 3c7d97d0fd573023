// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-fail case: guarded data reached by its member name, around every
 * accessor. The member is __private: sparse reports the access.
 *
 * expect sparse: dereference of noderef expression
 */
#include <lockwarden/lockwarden.h>

struct cf_stats {
	u64 packets;
};

static LW_SPIN_GUARDED(stats, struct cf_stats);

static __maybe_unused u64 cf_read_packets(void)
{
	return stats.__lw_data.packets;
}
