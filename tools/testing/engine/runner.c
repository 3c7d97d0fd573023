// SPDX-License-Identifier: GPL-2.0
/*
 * The runner behind runner.h: runs every registered case (or those whose
 * name contains one of the arguments), prints TAP, exits non-zero on failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

#define LW_TEST_MAX_ALLOCS	256

static struct lw_test *lw_tests, **lw_tests_tail = &lw_tests;
static bool lw_current_failed;
static void *lw_allocs[LW_TEST_MAX_ALLOCS];
static unsigned int lw_nr_allocs;

void lw_test_register(struct lw_test *test)
{
	test->next = NULL;
	*lw_tests_tail = test;
	lw_tests_tail = &test->next;
}

void lw_test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	lw_current_failed = true;
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void lw_test_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

bool lw_test_failed(void)
{
	return lw_current_failed;
}

void *lw_test_alloc(size_t size)
{
	void *p;

	if (lw_nr_allocs == LW_TEST_MAX_ALLOCS) {
		fprintf(stderr, "%s: more than %d allocations in one test\n",
			__func__, LW_TEST_MAX_ALLOCS);
		abort();
	}
	/* Exact size, so ASan catches any access past what the engine asked for. */
	p = malloc(size ? size : 1);
	if (!p) {
		perror("malloc");
		abort();
	}
	/* Junk, not zeroes: the engine must initialise what it relies on. */
	memset(p, 0xa5, size);
	lw_allocs[lw_nr_allocs++] = p;
	return p;
}

static void lw_test_free_all(void)
{
	while (lw_nr_allocs)
		free(lw_allocs[--lw_nr_allocs]);
}

unsigned long long lw_test_seed(void)
{
	const char *env = getenv("LW_TEST_SEED");

	return env ? strtoull(env, NULL, 0) : 0x6c6f636b77617264ULL;
}

unsigned long long lw_test_rand(unsigned long long *state)
{
	unsigned long long x = *state ? *state : 1;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

unsigned int lw_test_rand_below(unsigned long long *state, unsigned int n)
{
	return (unsigned int)((lw_test_rand(state) >> 32) % n);
}

static bool lw_test_selected(const struct lw_test *test, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (strstr(test->name, argv[i]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	unsigned int planned = 0, passed = 0, failed = 0, n = 0;
	struct lw_test *test;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (test = lw_tests; test; test = test->next)
		planned += lw_test_selected(test, argc, argv);

	printf("TAP version 13\n");
	printf("1..%u\n", planned);
	printf("# seed %#llx (set LW_TEST_SEED to change)\n", lw_test_seed());
	for (test = lw_tests; test; test = test->next) {
		if (!lw_test_selected(test, argc, argv))
			continue;
		lw_current_failed = false;
		test->fn();
		lw_test_free_all();
		n++;
		if (lw_current_failed) {
			failed++;
			printf("not ok %u %s\n", n, test->name);
		} else {
			passed++;
			printf("ok %u %s\n", n, test->name);
		}
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed || !planned ? 1 : 0;
}
