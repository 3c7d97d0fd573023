// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-fail case: a trylock whose failure is ignored: the data is
 * reached whether or not the lock was taken.
 *
 * expect clang-tsa: '__lw_spin_held' requires holding spinlock 'ring.lock' exclusively
 */
#include <lockwarden/lockwarden.h>

struct cf_ring {
	unsigned int head;
};

static LW_SPIN_GUARDED(ring, struct cf_ring);

static __maybe_unused void cf_ring_advance(void)
{
	bool locked = lw_spin_trylock(&ring.lock);

	lw_guarded(&ring)->head++;
	if (locked)
		lw_spin_unlock(&ring.lock);
}
