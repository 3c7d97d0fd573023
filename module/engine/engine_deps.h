/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only kernel dependencies of lockwarden's pure engine (graph.c,
 * chain.c, findings.c): atomic64_t, its read, set and try_cmpxchg, and
 * smp_rmb()/smp_wmb() among them, for the tables the lock paths read
 * without the engine lock. The userspace test build replaces this file with a shim that
 * has the same include guard (tools/testing/engine/engine_deps.h).
 */
#ifndef _LW_ENGINE_DEPS_H
#define _LW_ENGINE_DEPS_H

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/sched/clock.h>
#include <linux/string.h>
#include <linux/types.h>

/* Timestamps of findings: the local clock, usable in any context. */
static inline u64 lw_now_ns(void)
{
	return local_clock();
}

/* Describe a code address for a report; never prints a raw pointer. */
static inline void lw_format_site(char *buf, size_t len, unsigned long ip)
{
	if (ip)
		snprintf(buf, len, "%pS", (void *)ip);
	else
		strscpy(buf, "?", len);
}

#endif /* _LW_ENGINE_DEPS_H */
