/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for module/raise/raise.h as module/raise/filter.c
 * uses it, so that filter.c compiles as it is into the tests here and into
 * the fuzzer. It carries raise.h's include guard: a test includes this one
 * first, and filter.c's own include of raise.h then expands to nothing.
 * The filter's declarations are the module's own (module/raise/filter.h);
 * the kernel look-alikes are verbs_deps.h's; the engine lock is customised.
 */
#ifndef _LW_RAISE_H
#define _LW_RAISE_H

#include "verbs_deps.h"
#include "../../../module/raise/filter.h"

/* === Duplicated: kernel definitions, same semantics === */

/* include/linux/minmax.h's min_t() is the engine shim's. */

/* === Customised: userspace behaviour chosen for the tests === */

/*
 * The engine lock (core/state.c): taken and released in pairs, never
 * nested, checked here; lw_test_engine_busy makes taking it fail, as the
 * kernel's does when the CPU is inside lockwarden already.
 */
static bool lw_test_engine_locked __maybe_unused;
static bool lw_test_engine_busy __maybe_unused;

static inline bool lw_engine_lock(unsigned long *flags)
{
	if (lw_test_engine_locked)
		abort();
	if (lw_test_engine_busy)
		return false;
	*flags = 0x200;
	lw_test_engine_locked = true;
	return true;
}

static inline void lw_engine_unlock(unsigned long flags)
{
	if (!lw_test_engine_locked || flags != 0x200)
		abort();
	lw_test_engine_locked = false;
}

/*
 * core.h's lw_known_invalidate(): counted, so that a test sees a filter
 * change make the known findings of chains stale, under the engine lock.
 */
static unsigned int lw_test_known_invalidated __maybe_unused;

static inline void lw_known_invalidate(void)
{
	if (!lw_test_engine_locked)
		abort();
	lw_test_known_invalidated++;
}

#endif /* _LW_RAISE_H */
