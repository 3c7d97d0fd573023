// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace tests of lockwarden's class filter: the real
 * module/raise/filter.c compiled against the shim in raise.h. Adding,
 * removing and listing filters, their capacity, a refusal that changes
 * nothing, and which findings a filter hides.
 */
#include "raise.h"		/* first: its include guard replaces the kernel's */
#include "../../../module/raise/filter.c"

#include "../engine/runner.h"

/* ===== Helpers ===== */

/* No filter, the engine lock free. */
static void filters_reset(void)
{
	lw_test_engine_busy = false;
	lw_filter_clear();
}

/* A finding of @nr links, named @names at subclasses @subs. */
static struct lw_finding_in finding(unsigned int nr, const char *const *names, const u8 *subs)
{
	struct lw_finding_in in = { .kind = LW_KIND_CYCLE, .nr = nr };
	unsigned int i;

	for (i = 0; i < nr && i < LW_CHAIN_MAX; i++) {
		in.cls[i] = names[i];
		in.sub[i] = subs ? subs[i] : 0;
	}
	return in;
}

/* Whether a finding of the one class @name at subclass @sub is hidden. */
static bool hides(const char *name, u8 sub)
{
	struct lw_finding_in in = finding(1, &name, &sub);

	return lw_filter_hides(&in);
}

/* The filters as lw_filter_list() gives them, "name/sub" joined by spaces. */
static const char *listed(char *buf, size_t size)
{
	struct lw_filter out[LW_FILTERS];
	unsigned int i, nr = lw_filter_list(out);
	size_t len = 0;

	buf[0] = '\0';
	for (i = 0; i < nr; i++)
		len += snprintf(buf + len, size - len, "%s%s/%d", i ? " " : "",
				out[i].name, out[i].sub);
	return buf;
}

/* ===== Adding, removing, listing ===== */

/* Each change makes the known findings of chains stale; a refusal does not. */
TEST(filter_changes_invalidate_known_findings)
{
	unsigned int before;

	filters_reset();
	before = lw_test_known_invalidated;
	ASSERT_EQ(lw_filter_add("a", -1), 0);
	ASSERT_EQ(lw_test_known_invalidated, before + 1);
	ASSERT_EQ(lw_filter_add("a", -1), 0);	/* there already: no change */
	ASSERT_EQ(lw_test_known_invalidated, before + 1);
	ASSERT_EQ(lw_filter_remove("a", -1), 0);
	ASSERT_EQ(lw_test_known_invalidated, before + 2);
	ASSERT_EQ(lw_filter_remove("a", -1), -ENOENT);
	ASSERT_EQ(lw_test_known_invalidated, before + 2);
	ASSERT_EQ(lw_filter_clear(), 0);
	ASSERT_EQ(lw_test_known_invalidated, before + 3);
	lw_test_engine_busy = true;
	ASSERT_EQ(lw_filter_add("b", -1), -EBUSY);
	ASSERT_EQ(lw_test_known_invalidated, before + 3);
	filters_reset();
}

TEST(filter_add_list_remove)
{
	char buf[1024];

	filters_reset();
	ASSERT_STREQ(listed(buf, sizeof(buf)), "");
	ASSERT_EQ(lw_filter_add("a", -1), 0);
	ASSERT_EQ(lw_filter_add("b", 1), 0);
	ASSERT_EQ(lw_filter_add("b", 2), 0);
	/* Again: nothing. */
	ASSERT_EQ(lw_filter_add("a", -1), 0);
	ASSERT_STREQ(listed(buf, sizeof(buf)), "a/-1 b/1 b/2");
	/* A name and a subclass of it are two filters. */
	ASSERT_EQ(lw_filter_remove("b", -1), -ENOENT);
	ASSERT_EQ(lw_filter_remove("a", 0), -ENOENT);
	ASSERT_EQ(lw_filter_remove("b", 1), 0);
	ASSERT_EQ(lw_filter_remove("b", 1), -ENOENT);
	ASSERT_STREQ(listed(buf, sizeof(buf)), "a/-1 b/2");
	ASSERT_EQ(lw_filter_clear(), 0);
	ASSERT_STREQ(listed(buf, sizeof(buf)), "");
	ASSERT_FALSE(lw_test_engine_locked);
}

TEST(filter_capacity)
{
	char name[16], before[1024], after[1024];
	unsigned int i;

	filters_reset();
	for (i = 0; i < LW_FILTERS; i++) {
		snprintf(name, sizeof(name), "c%u", i);
		ASSERT_EQ(lw_filter_add(name, -1), 0);
	}
	listed(before, sizeof(before));
	ASSERT_EQ(lw_filter_add("one_too_many", -1), -ENOSPC);
	ASSERT_EQ(lw_filter_add("c3", 0), -ENOSPC);
	/* One already there is no new one. */
	ASSERT_EQ(lw_filter_add("c3", -1), 0);
	ASSERT_STREQ(listed(after, sizeof(after)), before);
	ASSERT_EQ(lw_filter_remove("c0", -1), 0);
	ASSERT_EQ(lw_filter_add("one_too_many", -1), 0);
	filters_reset();
}

TEST(filter_refused_changes_nothing)
{
	char before[1024], after[1024];
	char long_name[LW_NAME_LEN + 1];

	filters_reset();
	ASSERT_EQ(lw_filter_add("kept", 3), 0);
	listed(before, sizeof(before));
	memset(long_name, 'x', LW_NAME_LEN);
	long_name[LW_NAME_LEN] = '\0';
	ASSERT_EQ(lw_filter_add("", -1), -EINVAL);
	ASSERT_EQ(lw_filter_add(long_name, -1), -EINVAL);
	ASSERT_EQ(lw_filter_add("a", LW_MAX_SUBCLASSES), -EINVAL);
	ASSERT_EQ(lw_filter_add("a", -2), -EINVAL);
	ASSERT_EQ(lw_filter_remove("", -1), -EINVAL);
	/* The engine lock not taken: -EBUSY, and nothing changed. */
	lw_test_engine_busy = true;
	ASSERT_EQ(lw_filter_add("new", -1), -EBUSY);
	ASSERT_EQ(lw_filter_remove("kept", 3), -EBUSY);
	ASSERT_EQ(lw_filter_clear(), -EBUSY);
	lw_test_engine_busy = false;
	ASSERT_STREQ(listed(after, sizeof(after)), before);
	filters_reset();
}

/* ===== What a filter hides ===== */

TEST(filter_hides_by_name_and_subclass)
{
	static const char *const names[] = { "x", "y", "a" };
	static const u8 subs[] = { 0, 0, 2 };
	struct lw_finding_in in = finding(3, names, subs);

	filters_reset();
	ASSERT_FALSE(hides("a", 0));
	ASSERT_EQ(lw_filter_add("a", 1), 0);
	ASSERT_TRUE(hides("a", 1));
	ASSERT_FALSE(hides("a", 0));
	ASSERT_FALSE(hides("ab", 1));
	ASSERT_FALSE(hides("", 1));
	ASSERT_FALSE(lw_filter_hides(&in));
	ASSERT_EQ(lw_filter_add("a", -1), 0);
	ASSERT_TRUE(hides("a", 0));
	ASSERT_TRUE(hides("a", 7));
	/* Any link. */
	ASSERT_TRUE(lw_filter_hides(&in));
	/* Only the links the finding has. */
	in.nr = 2;
	ASSERT_FALSE(lw_filter_hides(&in));
	filters_reset();
	ASSERT_FALSE(hides("a", 0));
}

TEST(filter_hides_no_link_past_the_last_kept)
{
	const char *names[LW_CHAIN_MAX];
	struct lw_finding_in in;
	unsigned int i;

	for (i = 0; i < LW_CHAIN_MAX; i++)
		names[i] = "other";
	in = finding(LW_CHAIN_MAX, names, NULL);
	/* More links than a finding keeps: only LW_CHAIN_MAX are read. */
	in.nr = LW_CHAIN_MAX + 5;
	filters_reset();
	ASSERT_EQ(lw_filter_add("other", -1), 0);
	ASSERT_TRUE(lw_filter_hides(&in));
	filters_reset();
	ASSERT_EQ(lw_filter_add("none", -1), 0);
	ASSERT_FALSE(lw_filter_hides(&in));
	/* A link without a name is "": no filter names it. */
	in.cls[0] = NULL;
	ASSERT_FALSE(lw_filter_hides(&in));
	filters_reset();
}

/*
 * A class name of LW_NAME_LEN bytes or more is kept cut to LW_NAME_LEN - 1
 * (the class table's copy, a finding's links): a filter of what the files
 * show hides it, whether the finding names it by the copy or in full (an
 * owned object's name, a class not registered yet).
 */
TEST(filter_hides_a_long_name_by_what_findings_show)
{
	static const char full[] = "a_class_name_longer_than_a_finding_keeps_it";
	char shown[LW_NAME_LEN], shorter[LW_NAME_LEN], other[sizeof(full)];

	static_assert(sizeof(full) > LW_NAME_LEN);
	strscpy(shown, full, sizeof(shown));
	filters_reset();
	ASSERT_EQ(lw_filter_add(shown, -1), 0);
	ASSERT_TRUE(hides(shown, 0));
	ASSERT_TRUE(hides(full, 0));
	ASSERT_TRUE(hides(full, 5));
	/* Not another name past the shown part's end... */
	memcpy(other, full, sizeof(full));
	other[LW_NAME_LEN - 2] ^= 1;
	ASSERT_FALSE(hides(other, 0));
	/* ...nor a name shorter than the shown part. */
	strscpy(shorter, full, sizeof(shorter) - 1);
	ASSERT_FALSE(hides(shorter, 0));
	/* A shorter filter is still a whole name, not a prefix. */
	filters_reset();
	ASSERT_EQ(lw_filter_add(shorter, -1), 0);
	ASSERT_FALSE(hides(full, 0));
	ASSERT_FALSE(hides(shown, 0));
	ASSERT_TRUE(hides(shorter, 0));
	/* With a subclass, the same. */
	filters_reset();
	ASSERT_EQ(lw_filter_add(shown, 2), 0);
	ASSERT_TRUE(hides(full, 2));
	ASSERT_FALSE(hides(full, 1));
	filters_reset();
}
