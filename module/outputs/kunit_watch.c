// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's KUnit integration, the tests' side: the interface of
 * <lockwarden/kunit.h>, with which a KUnit test declares the findings it
 * expects and asserts on those raised while it is watched.
 *
 * The watches are a fixed table under lw_kunit_lock (kunit.c), so that
 * accounting a finding allocates nothing. A watch is claimed by
 * lw_kunit_init() or lw_kunit_expect() in the test's own, sleepable, context
 * and released by a KUnit resource when the test's resources are cleaned
 * up; the release appends to the test's log the line of an unexpected
 * finding that could not be appended where it was raised (kunit.c), and
 * fails the test for every kind it expected that was never raised (unless
 * the test was skipped).
 */
#include "outputs/outputs.h"

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <lockwarden/kunit.h>

/* === Internals === */

/*
 * The line of an unexpected finding that its raising context could not
 * append to the test's log, appended now (after the lines the test logged
 * since), with the count of any more: their lines are on the console.
 */
static void lw_kunit_log_kept(const struct lw_kunit_watch *w)
{
	struct kunit *test = w->test;

	kunit_log_append(test->log, KUNIT_SUBTEST_INDENT "# %s: %s", test->name,
			 w->unlogged_line);
	if (w->unlogged > 1)
		kunit_log_append(test->log, KUNIT_SUBTEST_INDENT
				 "# %s: lockwarden: %u more unexpected findings on the console\n",
				 test->name, w->unlogged - 1);
}

static void lw_kunit_watch_free(struct kunit_resource *res)
{
	struct lw_kunit_watch *w = res->data, copy;
	unsigned long flags;
	unsigned int kind;

	raw_spin_lock_irqsave(&lw_kunit_lock, flags);
	copy = *w;
	memset(w, 0, sizeof(*w));
	raw_spin_unlock_irqrestore(&lw_kunit_lock, flags);

	if (copy.unlogged)
		lw_kunit_log_kept(&copy);
	/* A skipped test did not play its scenario: nothing was owed. */
	if (READ_ONCE(copy.test->status) == KUNIT_SKIPPED)
		return;
	for_each_set_bit(kind, copy.expected, LW_KIND_COUNT) {
		if (copy.seen[kind])
			continue;
		kunit_set_failure(copy.test);
		kunit_err(copy.test, "lockwarden: expected a finding of kind \"%s\"; none was raised\n",
			  lw_kinds[kind].name);
	}
}

static int lw_kunit_watch_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

static bool lw_kunit_is_watch(struct kunit *test, struct kunit_resource *res, void *data)
{
	return res->free == lw_kunit_watch_free;
}

/* The watch of @test, or NULL if it has none. The test's resources say. */
static struct lw_kunit_watch *lw_kunit_watch_of(struct kunit *test)
{
	struct kunit_resource *res = kunit_find_resource(test, lw_kunit_is_watch, NULL);
	struct lw_kunit_watch *w;

	if (!res)
		return NULL;
	w = res->data;
	kunit_put_resource(res);
	return w;
}

/*
 * The watch of @test, claimed if it has none. Returns NULL and fails @test
 * when the table is full or memory is short.
 */
static struct lw_kunit_watch *lw_kunit_watch_get(struct kunit *test)
{
	struct lw_kunit_watch *w = lw_kunit_watch_of(test);
	unsigned long flags;

	if (w)
		return w;
	raw_spin_lock_irqsave(&lw_kunit_lock, flags);
	/*
	 * A slot naming @test without a resource was left by a test that timed
	 * out at the same address (KUnit does not clean up after those): it
	 * is taken over. Until then, it still covers that address.
	 */
	w = lw_kunit_find(test) ?: lw_kunit_find(NULL);
	if (w) {
		memset(w, 0, sizeof(*w));
		w->test = test;
	}
	raw_spin_unlock_irqrestore(&lw_kunit_lock, flags);
	if (!w) {
		lw_pool_full(LW_POOL_KUNIT);
		goto fail;
	}
	if (!kunit_alloc_resource(test, lw_kunit_watch_init, lw_kunit_watch_free,
				  GFP_KERNEL, w)) {
		raw_spin_lock_irqsave(&lw_kunit_lock, flags);
		w->test = NULL;
		raw_spin_unlock_irqrestore(&lw_kunit_lock, flags);
		goto fail;
	}
	return w;
fail:
	KUNIT_FAIL(test, "lockwarden: cannot watch this test: %d watches in use, or out of memory",
		   LW_KUNIT_WATCHES);
	return NULL;
}

/* The watch of @test, or NULL having failed @test, which did not ask for one. */
static struct lw_kunit_watch *lw_kunit_watched(struct kunit *test)
{
	struct lw_kunit_watch *w = lw_kunit_watch_of(test);

	if (!w)
		KUNIT_FAIL(test, "lockwarden: this test is not watched: see lw_kunit_init()");
	return w;
}

/* === Public interface === */

/**
 * lw_kunit_init() - watch the findings raised while a KUnit test runs
 * @test: the test, from now until its end
 *
 * Usable as a suite's init function. Idempotent; lw_kunit_expect() calls it.
 *
 * Return: 0, or -ENOSPC if no watch could be set up (the test is failed).
 */
int lw_kunit_init(struct kunit *test)
{
	return lw_kunit_watch_get(test) ? 0 : -ENOSPC;
}
EXPORT_SYMBOL_NS_GPL(lw_kunit_init, LW_NS);

/**
 * lw_kunit_expect() - declare that a KUnit test raises findings of a kind
 * @test: the test
 * @kind: the kind
 *
 * From now on, findings of @kind raised by @test's task do not fail it, and
 * do not count for lw_kunit_count_other(). When the test ends, it fails if
 * no finding of @kind was raised since it was first watched.
 */
void lw_kunit_expect(struct kunit *test, enum lw_kind kind)
{
	struct lw_kunit_watch *w;
	unsigned long flags;

	if (kind >= LW_KIND_COUNT) {
		KUNIT_FAIL(test, "lockwarden: no finding kind %d", kind);
		return;
	}
	w = lw_kunit_watch_get(test);
	if (!w)
		return;
	raw_spin_lock_irqsave(&lw_kunit_lock, flags);
	__set_bit(kind, w->expected);
	raw_spin_unlock_irqrestore(&lw_kunit_lock, flags);
}
EXPORT_SYMBOL_NS_GPL(lw_kunit_expect, LW_NS);

/**
 * lw_kunit_count() - findings of a kind raised while a test is watched
 * @test: the watched test
 * @kind: the kind
 *
 * Counts every occurrence (a repeat of a stored finding too), raised in any
 * context, since lw_kunit_init() or the first lw_kunit_expect() of @test.
 *
 * Return: the count; 0 (and @test failed) if @test is not watched.
 */
unsigned int lw_kunit_count(struct kunit *test, enum lw_kind kind)
{
	const struct lw_kunit_watch *w = lw_kunit_watched(test);
	unsigned long flags;
	unsigned int n = 0;

	if (w && kind < LW_KIND_COUNT) {
		raw_spin_lock_irqsave(&lw_kunit_lock, flags);
		n = w->seen[kind];
		raw_spin_unlock_irqrestore(&lw_kunit_lock, flags);
	}
	return n;
}
EXPORT_SYMBOL_NS_GPL(lw_kunit_count, LW_NS);

/**
 * lw_kunit_count_other() - findings of kinds a test did not expect
 * @test: the watched test
 *
 * Like lw_kunit_count(), summed over the kinds @test has not declared with
 * lw_kunit_expect(): raised by its own task (which failed it already) or
 * anywhere else.
 *
 * Return: the count; 0 (and @test failed) if @test is not watched.
 */
unsigned int lw_kunit_count_other(struct kunit *test)
{
	const struct lw_kunit_watch *w = lw_kunit_watched(test);
	unsigned int kind, n = 0;
	unsigned long flags;

	if (w) {
		raw_spin_lock_irqsave(&lw_kunit_lock, flags);
		for (kind = 0; kind < LW_KIND_COUNT; kind++)
			if (!test_bit(kind, w->expected))
				n += w->seen[kind];
		raw_spin_unlock_irqrestore(&lw_kunit_lock, flags);
	}
	return n;
}
EXPORT_SYMBOL_NS_GPL(lw_kunit_count_other, LW_NS);

/**
 * lw_kind_name() - the stable short name of a finding kind
 * @kind: the kind
 *
 * Return: the name report titles and findings.json use, "?" past the end.
 */
const char *lw_kind_name(enum lw_kind kind)
{
	return kind < LW_KIND_COUNT ? lw_kinds[kind].name : "?";
}
EXPORT_SYMBOL_NS_GPL(lw_kind_name, LW_NS);
