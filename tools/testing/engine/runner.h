/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny test runner for lockwarden's userspace engine tests: TEST(name)
 * registers a case, ASSERT_*() fails it with file:line, output is TAP.
 *
 * An ASSERT returns from the function it is in, so it is for test cases and
 * for void helpers whose caller need not go on; a helper that reports to its
 * caller returns bool and explains itself with lw_test_diag().
 */
#ifndef _LW_TEST_RUNNER_H
#define _LW_TEST_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct lw_test {
	const char *name;
	void (*fn)(void);
	struct lw_test *next;
};

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif

void lw_test_register(struct lw_test *test);
__printf(3, 4) void lw_test_fail(const char *file, int line, const char *fmt, ...);
__printf(1, 2) void lw_test_diag(const char *fmt, ...);
bool lw_test_failed(void);

/* Memory released when the current test ends, filled with junk (not zeroed). */
void *lw_test_alloc(size_t size);

/* A seeded PRNG (xorshift64*): reproducible, LW_TEST_SEED=<n> overrides. */
unsigned long long lw_test_seed(void);
unsigned long long lw_test_rand(unsigned long long *state);
/* Uniform in [0, n), n > 0. */
unsigned int lw_test_rand_below(unsigned long long *state, unsigned int n);

/* Cases run in the order they are defined, file by file in link order. */
#define TEST(case)							\
	static void test_##case(void);					\
	static struct lw_test lw_test_case_##case = {			\
		.name = #case,						\
		.fn = test_##case,					\
	};								\
	__attribute__((constructor))					\
	static void lw_test_register_##case(void)			\
	{								\
		lw_test_register(&lw_test_case_##case);			\
	}								\
	static void test_##case(void)

/* Unless @ok: fail the case with file:line and the message, and return. */
#define __ASSERT(ok, fmt, ...) do {					\
	if (!(ok)) {							\
		lw_test_fail(__FILE__, __LINE__, fmt, __VA_ARGS__);	\
		return;							\
	}								\
} while (0)

#define ASSERT_TRUE(cond)	__ASSERT(cond, "ASSERT_TRUE(%s)", #cond)
#define ASSERT_FALSE(cond)	__ASSERT(!(cond), "ASSERT_FALSE(%s)", #cond)

/* Integers of any width and sign, enums and bools; each side evaluated once. */
#define __ASSERT_CMP(a, op, b) do {					\
	unsigned long long __lw_a = (unsigned long long)(a);		\
	unsigned long long __lw_b = (unsigned long long)(b);		\
	if (!(__lw_a op __lw_b)) {					\
		lw_test_fail(__FILE__, __LINE__,			\
			     "%s %s %s: %lld (%#llx) vs %lld (%#llx)",	\
			     #a, #op, #b, (long long)__lw_a, __lw_a,	\
			     (long long)__lw_b, __lw_b);		\
		return;							\
	}								\
} while (0)

#define ASSERT_EQ(a, b)		__ASSERT_CMP(a, ==, b)
#define ASSERT_NE(a, b)		__ASSERT_CMP(a, !=, b)
/* Unsigned comparisons. */
#define ASSERT_LE(a, b)		__ASSERT_CMP(a, <=, b)
#define ASSERT_GE(a, b)		__ASSERT_CMP(a, >=, b)

#define ASSERT_PTR_EQ(a, b) do {					\
	const void *__lw_pa = (a), *__lw_pb = (b);			\
	if (__lw_pa != __lw_pb) {					\
		lw_test_fail(__FILE__, __LINE__, "%s == %s: %p vs %p",	\
			     #a, #b, __lw_pa, __lw_pb);			\
		return;							\
	}								\
} while (0)

#define ASSERT_NULL(p)		ASSERT_PTR_EQ(p, NULL)

#define ASSERT_NONNULL(p)	__ASSERT(p, "%s is NULL", #p)

#define ASSERT_STREQ(a, b) do {						\
	const char *__lw_sa = (a), *__lw_sb = (b);			\
	if (strcmp(__lw_sa, __lw_sb)) {					\
		lw_test_fail(__FILE__, __LINE__, "%s == %s: \"%s\" vs \"%s\"", \
			     #a, #b, __lw_sa, __lw_sb);			\
		return;							\
	}								\
} while (0)

#endif /* _LW_TEST_RUNNER_H */
