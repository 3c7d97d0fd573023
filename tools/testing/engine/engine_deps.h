/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the engine's kernel dependencies, so the engine's
 * real source (module/engine/graph.c, chain.c, findings.c) compiles
 * into the tests.
 *
 * It carries the same include guard as the module's header of this name: a
 * test includes this one first, and the engine's own include of it (resolved
 * next to engine.h, in module/engine/) then expands to nothing. Forgetting the shim
 * shows up as a build error on <linux/...>, never as a different engine.
 *
 * Split by intent, as tools/testing/vma does: what is copied from the kernel
 * unchanged in meaning (duplicated), what has no userspace work to do
 * (stubs), and what behaves differently on purpose (customised).
 */
#ifndef _LW_ENGINE_DEPS_H
#define _LW_ENGINE_DEPS_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

/* === Duplicated: kernel definitions, same semantics === */

/* include/uapi/asm-generic/int-ll64.h: u64 is unsigned long long, as in the kernel. */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

/* include/vdso/limits.h */
#define U32_MAX			((u32)~0U)

/* include/linux/compiler_attributes.h */
#define noinline		__attribute__((__noinline__))

/* include/asm-generic/rwonce.h: one whole access the compiler may not split. */
#define READ_ONCE(x)		(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile typeof(x) *)&(x) = (val); } while (0)

/* include/linux/compiler_types.h, include/linux/build_bug.h */
#define __same_type(a, b)	__builtin_types_compatible_p(typeof(a), typeof(b))
#define BUILD_BUG_ON_ZERO(e)	((int)(sizeof(struct { int:(-!!(e)); })))
#define __must_be_array(a)	BUILD_BUG_ON_ZERO(__same_type((a), &(a)[0]))

/* include/linux/array_size.h: passing a pointer is a build error, as in the kernel. */
#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

/*
 * include/linux/build_bug.h: the message is optional, unlike C11's
 * <assert.h> static_assert, which must therefore not be included.
 */
#define static_assert(expr, ...)	__static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...)	_Static_assert(expr, msg)

/* include/vdso/bits.h */
#define BIT(nr)			(1UL << (nr))

/* include/linux/minmax.h: both sides converted to @type, each evaluated once. */
#define min_t(type, x, y) ({			\
	type __min_t_x = (x);			\
	type __min_t_y = (y);			\
	__min_t_x < __min_t_y ? __min_t_x : __min_t_y; })

/*
 * lib/string.c strscpy(): copies at most @count - 1 characters, always
 * NUL-terminates when @count > 0, returns the length copied or -E2BIG when
 * @src did not fit (or @count is 0, or absurdly large). Never pads.
 */
static inline ssize_t strscpy(char *dest, const char *src, size_t count)
{
	size_t i;

	if (count == 0 || count > INT_MAX)
		return -E2BIG;
	/* Byte by byte, never reading @src past its NUL. */
	for (i = 0; i < count; i++) {
		dest[i] = src[i];
		if (!src[i])
			return i;
	}
	dest[count - 1] = '\0';
	return -E2BIG;
}

/*
 * include/linux/atomic.h, asm/barrier.h: the 64-bit atomic and the
 * barriers the engine's lockless readers use, on the compiler's builtins
 * with the kernel's ordering (try_cmpxchg fully ordered, reads and sets
 * relaxed).
 */
typedef struct {
	s64 counter;
} atomic64_t;

#define smp_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)

static inline s64 atomic64_read(const atomic64_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic64_set(atomic64_t *v, s64 i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline bool atomic64_try_cmpxchg(atomic64_t *v, s64 *old, s64 new)
{
	return __atomic_compare_exchange_n(&v->counter, old, new, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_RELAXED);
}

/* memset, memmove, strlen and snprintf: the C library's, via <string.h> and <stdio.h>. */

/* === Stubs: none; the engine calls nothing that userspace must fake away === */

/* === Customised: userspace behaviour chosen for the tests === */

/*
 * The kernel reads local_clock(); tests read a fake clock they set, so
 * first/last-seen times are exact. Each test file has its own clock.
 */
static u64 lw_test_clock_ns;

static inline u64 lw_now_ns(void)
{
	return lw_test_clock_ns;
}

static inline void lw_test_clock_set(u64 ns)
{
	lw_test_clock_ns = ns;
}

static inline void lw_test_clock_advance(u64 ns)
{
	lw_test_clock_ns += ns;
}

/*
 * The kernel prints "%pS" (symbol+offset), which userspace cannot resolve;
 * "site_<hex>" is deterministic so tests compare sites as strings. An ip of
 * 0 takes the kernel's own "?" branch.
 */
static inline void lw_format_site(char *buf, size_t len, unsigned long ip)
{
	if (ip)
		snprintf(buf, len, "site_%lx", ip);
	else
		strscpy(buf, "?", len);
}

#endif /* _LW_ENGINE_DEPS_H */
