/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel dependencies of the control file's
 * language, so that module/outputs/verbs.c compiles as it is into the
 * tests here and into the fuzzer (tools/testing/fuzz/fuzz_control.c).
 *
 * It carries the include guard of module/outputs/verbs_deps.h: a test
 * includes this one first, and verbs.h's own include of it then expands
 * to nothing. It builds on the engine's shim (tools/testing/engine/
 * engine_deps.h) for the kernel types and helpers the engine needs too.
 * Split by intent, as that shim is: duplicated, stubs, customised.
 */
#ifndef _LW_VERBS_DEPS_H
#define _LW_VERBS_DEPS_H

#include "../engine/engine_deps.h"
#include "../../../module/engine/engine.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* === Duplicated: kernel definitions, same semantics === */

/* As core/core.h and verbs_deps.h set it. */
#define pr_fmt(fmt)		"lockwarden: " fmt

#ifndef __printf
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#endif
#define __maybe_unused		__attribute__((__unused__))

/* include/lockwarden/lock.h (verbs_test.c checks the two agree) */
#define LW_MAX_SUBCLASSES	8

/* arch/x86/include/asm/page_types.h, for 4 KiB pages */
#define PAGE_SIZE		4096UL

/* include/vdso/time64.h */
#define NSEC_PER_USEC		1000L

/* include/linux/overflow.h: true on overflow, *@d the wrapped product. */
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

/* include/linux/math64.h */
static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

/*
 * lib/kstrtox.c, base 10 only: an optional '+', at least one digit, one
 * optional newline, nothing else; -ERANGE on overflow, -EINVAL otherwise.
 */
static inline int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	const char *p;

	if (base != 10)
		abort();	/* the control file parses decimal only */
	if (s[0] == '+')
		s++;
	for (p = s; *p >= '0' && *p <= '9'; p++) {
		if (__builtin_mul_overflow(v, 10ULL, &v) ||
		    __builtin_add_overflow(v, (unsigned long long)(*p - '0'), &v))
			return -ERANGE;
	}
	if (p == s)
		return -EINVAL;
	if (*p == '\n')
		p++;
	if (*p)
		return -EINVAL;
	*res = v;
	return 0;
}

static inline int kstrtou64(const char *s, unsigned int base, u64 *res)
{
	return kstrtoull(s, base, res);
}

static inline int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (ret)
		return ret;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}

/* lib/string_helpers.c in 6.1 (lib/string.c before): exact, up to a NULL entry. */
static inline int match_string(const char *const *array, size_t n, const char *string)
{
	size_t i;

	for (i = 0; i < n && array[i]; i++)
		if (!strcmp(array[i], string))
			return i;
	return -EINVAL;
}

/* module/outputs/console.c's table (verbs_test.c checks the two agree). */
static const char *const lw_mode_names[] __maybe_unused = {
	"report", "warn", "panic", "silent",
};

/* === Stubs: none === */

/* === Customised: userspace behaviour chosen for the tests === */

/*
 * The kernel's messages, not rate-limited, kept for the tests to read: how
 * many since lw_test_msgs_clear(), and the last one, pr_fmt prefix included.
 */
static unsigned int lw_test_nr_msgs __maybe_unused;
static char lw_test_last_msg[256] __maybe_unused;

static inline void lw_test_msgs_clear(void)
{
	lw_test_nr_msgs = 0;
	lw_test_last_msg[0] = '\0';
}

__printf(1, 2) static inline void lw_test_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(lw_test_last_msg, sizeof(lw_test_last_msg), fmt, ap);
	va_end(ap);
	lw_test_nr_msgs++;
}

#define pr_warn_ratelimited(fmt, ...)	lw_test_msg(pr_fmt(fmt), ##__VA_ARGS__)

/*
 * A seq_file over a fixed buffer the test provides: as the kernel's, a
 * print that does not fit marks it overflowed (count == size) and the
 * test sees it.
 */
struct seq_file {
	char *buf;
	size_t size;
	size_t count;
};

__printf(2, 3) static inline void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (m->count >= m->size)
		return;
	va_start(ap, fmt);
	len = vsnprintf(m->buf + m->count, m->size - m->count, fmt, ap);
	va_end(ap);
	m->count = len < 0 || (size_t)len >= m->size - m->count ? m->size : m->count + len;
}

static inline void seq_puts(struct seq_file *m, const char *s)
{
	seq_printf(m, "%s", s);
}

static inline void seq_putc(struct seq_file *m, char c)
{
	seq_printf(m, "%c", c);
}

#endif /* _LW_VERBS_DEPS_H */
