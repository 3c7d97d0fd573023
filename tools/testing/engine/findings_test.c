// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace tests of lockwarden's findings ring, run on the real
 * module/engine/findings.c compiled against the shim in engine_deps.h, and of the
 * shim's own kernel look-alikes the ring depends on.
 */
#include "engine_deps.h"	/* first: its include guard replaces the kernel's */
#include "../../../module/engine/findings.c"

#include <stdint.h>

#include "runner.h"

/* ===== Helpers ===== */

static struct lw_ring *ring_new(u32 size)
{
	struct lw_ring *r = lw_test_alloc(sizeof(*r));

	lw_ring_init(r, lw_test_alloc(lw_ring_mem_size(size)), size);
	return r;
}

/* As the module raises: stamped with the (fake) clock. */
static const struct lw_finding *ring_raise(struct lw_ring *r,
					   const struct lw_finding_in *in, bool *is_new)
{
	return lw_ring_raise(r, in, lw_now_ns(), is_new);
}

/* An ABBA cycle between @a and @b, seen at @ip0 and @ip1. */
static struct lw_finding_in cycle_in(const char *a, const char *b,
				     unsigned long ip0, unsigned long ip1)
{
	struct lw_finding_in in = {
		.kind = LW_KIND_CYCLE,
		.nr = 2,
		.cls = { a, b },
		.ip = { ip0, ip1 },
		.pid = 42,
		.comm = "kworker/0:1",
	};

	return in;
}

/* Every link of @in: class @cls, the i-th at address @ip + i. */
static void fill_links(struct lw_finding_in *in, const char *cls, unsigned long ip)
{
	unsigned int i;

	for (i = 0; i < LW_CHAIN_MAX; i++) {
		in->cls[i] = cls;
		in->ip[i] = ip + i;
	}
}

/* The @k-th of a series of distinct findings. */
static struct lw_finding_in nth_in(unsigned int k, char *name, size_t len)
{
	snprintf(name, len, "lock%u", k);
	return cycle_in(name, "other", 0x1000 + k, 0x2000);
}

/*
 * Raise the findings @first to @last of the series, the @k-th at time
 * 100 * @k: each must be new and get serial @serial + (@k - @first).
 */
static bool raise_series(struct lw_ring *r, unsigned int first, unsigned int last,
			 u32 serial)
{
	const struct lw_finding *f;
	struct lw_finding_in in;
	unsigned int k;
	char name[16];
	bool is_new;

	for (k = first; k <= last; k++) {
		lw_test_clock_set(100 * k);
		in = nth_in(k, name, sizeof(name));
		f = ring_raise(r, &in, &is_new);
		if (!f || !is_new || f->serial != serial + k - first) {
			lw_test_diag("finding %u: %s, new %d, serial %u (want %u)", k,
				     f ? "stored" : "not stored", is_new,
				     f ? f->serial : 0, serial + k - first);
			return false;
		}
	}
	return true;
}

/* What each counter of a ring must read: all of them, so none goes unchecked. */
struct ring_counts {
	u32 next, used, serial;
	u64 raised, overwritten;
};

static bool ring_counts_are(const struct lw_ring *r, struct ring_counts want)
{
	if (r->next == want.next && r->used == want.used && r->serial == want.serial &&
	    r->raised == want.raised && r->overwritten == want.overwritten)
		return true;
	lw_test_diag("ring: next %u used %u serial %u raised %llu overwritten %llu; want %u %u %u %llu %llu",
		     r->next, r->used, r->serial, (unsigned long long)r->raised,
		     (unsigned long long)r->overwritten, want.next, want.used, want.serial,
		     (unsigned long long)want.raised, (unsigned long long)want.overwritten);
	return false;
}

#define ASSERT_RING(r, ...) ASSERT_TRUE(ring_counts_are(r, (struct ring_counts){ __VA_ARGS__ }))

/* ===== Test cases ===== */

TEST(ring_init_empty)
{
	struct lw_ring *r = ring_new(4);

	ASSERT_EQ(r->size, 4);
	ASSERT_RING(r, .next = 0, .used = 0, .serial = 0, .raised = 0, .overwritten = 0);
	ASSERT_NULL(lw_ring_get(r, 0));
	ASSERT_NULL(lw_ring_find_serial(r, 0));
	ASSERT_NULL(lw_ring_find_serial(r, 1));
}

TEST(ring_dedup_same_input)
{
	struct lw_ring *r = ring_new(4);
	char a1[] = "inode_lock", b1[] = "page_lock";
	char a2[] = "inode_lock", b2[] = "page_lock";
	struct lw_finding_in in1 = cycle_in(a1, b1, 0x100, 0x200);
	struct lw_finding_in in2 = cycle_in(a2, b2, 0x100, 0x200);
	const struct lw_finding *f, *g;
	bool is_new = false;

	lw_test_clock_set(1000);
	f = ring_raise(r, &in1, &is_new);
	ASSERT_NONNULL(f);
	ASSERT_TRUE(is_new);
	ASSERT_EQ(f->count, 1);
	ASSERT_EQ(f->serial, 1);
	ASSERT_EQ(f->first_ns, 1000);
	ASSERT_EQ(f->last_ns, 1000);

	/* Equal contents at other addresses: the same finding. */
	lw_test_clock_set(2500);
	is_new = true;
	g = ring_raise(r, &in2, &is_new);
	ASSERT_PTR_EQ(g, f);
	ASSERT_FALSE(is_new);
	ASSERT_EQ(f->count, 2);
	ASSERT_EQ(f->serial, 1);
	ASSERT_EQ(f->first_ns, 1000);
	ASSERT_EQ(f->last_ns, 2500);
	ASSERT_RING(r, .next = 1, .used = 1, .serial = 1, .raised = 2, .overwritten = 0);
	ASSERT_PTR_EQ(lw_ring_get(r, 0), f);
	ASSERT_NULL(lw_ring_get(r, 1));
}

TEST(ring_different_sites)
{
	struct lw_ring *r = ring_new(4);
	/*
	 * A cycle taken at another site is another finding; of any other kind,
	 * every site counts, the second one too.
	 */
	struct lw_finding_in in[] = {
		cycle_in("a", "b", 0x100, 0x200),
		cycle_in("a", "b", 0x200, 0x100),
		cycle_in("a", "b", 0x100, 0x200),
		cycle_in("a", "b", 0x100, 0x201),
	};
	const struct lw_finding *f[ARRAY_SIZE(in)];
	unsigned int i, j;
	bool is_new;

	in[2].kind = LW_KIND_AA;
	in[3].kind = LW_KIND_AA;
	for (i = 0; i < ARRAY_SIZE(in); i++) {
		f[i] = ring_raise(r, &in[i], &is_new);
		ASSERT_TRUE(is_new);
		ASSERT_EQ(f[i]->serial, i + 1);
		ASSERT_EQ(f[i]->count, 1);
		for (j = 0; j < i; j++)
			ASSERT_TRUE(f[j] != f[i] && f[j]->signature != f[i]->signature);
	}
	ASSERT_STREQ(f[3]->site[1], "site_201");
	ASSERT_EQ(r->used, 4);
}

/*
 * A cycle is the acquisition that closes it: found again through another
 * path of the learned order (a shorter one learned since, or the same
 * classes with the dependency learned at another site), it is the same
 * finding, which keeps the path found first; a different held class, class
 * taken or site of the taking is another one.
 */
TEST(ring_cycle_is_its_closing_acquisition)
{
	struct lw_ring *r = ring_new(8);
	struct lw_finding_in longer = cycle_in("c", "a", 0x100, 0x200);
	struct lw_finding_in shorter = cycle_in("c", "a", 0x100, 0x300);
	/* Another class held, another class taken, taken at another site. */
	struct lw_finding_in other[] = {
		cycle_in("b", "a", 0x100, 0x200),
		cycle_in("c", "b", 0x100, 0x200),
		cycle_in("c", "a", 0x101, 0x200),
	};
	const struct lw_finding *f;
	unsigned int i;
	bool is_new;

	longer.nr = 3;
	longer.cls[2] = "b";
	longer.ip[2] = 0x250;
	f = ring_raise(r, &longer, &is_new);
	ASSERT_TRUE(is_new);
	ASSERT_PTR_EQ(ring_raise(r, &shorter, &is_new), f);
	ASSERT_FALSE(is_new);
	ASSERT_EQ(f->count, 2);
	ASSERT_EQ(f->nr, 3);
	ASSERT_STREQ(f->cls[2], "b");
	ASSERT_STREQ(f->site[1], "site_200");
	for (i = 0; i < ARRAY_SIZE(other); i++) {
		ASSERT_TRUE(ring_raise(r, &other[i], &is_new) != f);
		ASSERT_TRUE(is_new);
	}
	ASSERT_RING(r, .next = 4, .used = 4, .serial = 4, .raised = 5, .overwritten = 0);
}

TEST(ring_different_names)
{
	struct lw_ring *r = ring_new(4);
	unsigned char shifted[sizeof(unsigned long)], unshifted[sizeof(unsigned long)];
	struct lw_finding_in in1, in2, in3;
	unsigned long ip1, ip2;
	bool is_new;

	/*
	 * Names are hashed with their NUL. Without it "ab",ip1,"c" and
	 * "a",ip2,"bc" would be the same bytes, as ip2 is ip1's bytes moved
	 * up by one with a 'b' in front.
	 */
	memset(unshifted, 0x11, sizeof(unshifted));
	unshifted[sizeof(unshifted) - 1] = 'b';
	memset(shifted, 0x11, sizeof(shifted));
	shifted[0] = 'b';
	memcpy(&ip1, unshifted, sizeof(ip1));
	memcpy(&ip2, shifted, sizeof(ip2));
	in1 = cycle_in("ab", "c", ip1, 0x200);
	in2 = cycle_in("a", "bc", ip2, 0x200);
	in3 = cycle_in("c", "ab", ip1, 0x200);

	ASSERT_NONNULL(ring_raise(r, &in1, &is_new));
	ASSERT_TRUE(is_new);
	ASSERT_NONNULL(ring_raise(r, &in2, &is_new));
	ASSERT_TRUE(is_new);
	ASSERT_NONNULL(ring_raise(r, &in3, &is_new));
	ASSERT_TRUE(is_new);
	ASSERT_EQ(r->used, 3);
	ASSERT_STREQ(lw_ring_get(r, 1)->cls[0], "a");
	ASSERT_STREQ(lw_ring_get(r, 1)->cls[1], "bc");
}

TEST(ring_kind_distinguishes)
{
	struct lw_ring *r = ring_new(LW_KIND_COUNT);
	struct lw_finding_in in = cycle_in("a", "a", 0x100, 0x200);
	const struct lw_finding *f[LW_KIND_COUNT];
	unsigned int k;
	bool is_new;

	for (k = 0; k < LW_KIND_COUNT; k++) {
		in.kind = k;
		f[k] = ring_raise(r, &in, &is_new);
		ASSERT_NONNULL(f[k]);
		ASSERT_TRUE(is_new);
		ASSERT_EQ(f[k]->kind, k);
		ASSERT_EQ(f[k]->serial, k + 1);
	}
	ASSERT_EQ(r->used, LW_KIND_COUNT);
	/* Each kind again: each finds its own record. */
	for (k = 0; k < LW_KIND_COUNT; k++) {
		in.kind = k;
		ASSERT_PTR_EQ(ring_raise(r, &in, &is_new), f[k]);
		ASSERT_FALSE(is_new);
		ASSERT_EQ(f[k]->count, 2);
	}
	ASSERT_EQ(r->used, LW_KIND_COUNT);
}

/* Who hit it, its detail and truncation describe an occurrence, not the finding. */
TEST(ring_context_not_in_signature)
{
	struct lw_ring *r = ring_new(4);
	struct lw_finding_in in1 = cycle_in("a", "b", 0x100, 0x200);
	struct lw_finding_in in2 = in1;
	const struct lw_finding *f;
	bool is_new;

	in1.detail.rank.rank = 3;
	in1.detail.rank.held_rank = 1;
	in2.pid = 4242;
	in2.comm = "modprobe";
	in2.detail.rank.rank = 9;
	in2.truncated = true;
	f = ring_raise(r, &in1, &is_new);
	ASSERT_PTR_EQ(ring_raise(r, &in2, &is_new), f);
	ASSERT_FALSE(is_new);
	ASSERT_EQ(f->count, 2);
	/* The record keeps what the first occurrence said. */
	ASSERT_EQ(f->pid, 42);
	ASSERT_STREQ(f->comm, "kworker/0:1");
	ASSERT_EQ(f->detail.rank.rank, 3);
	ASSERT_EQ(f->detail.rank.held_rank, 1);
	ASSERT_FALSE(f->truncated);
	ASSERT_EQ(r->used, 1);
}

TEST(ring_record_contents)
{
	struct lw_ring *r = ring_new(1);
	struct lw_finding_in in = {
		.kind = LW_KIND_RANK,
		.nr = 2,
		.truncated = true,
		.cls = { "low", "high" },
		.ip = { 0xffffffffa0001234UL, 0xffffffffa0005678UL },
		.detail.rank = { .rank = 1, .held_rank = 5 },
		.pid = 77,
		.comm = "insmod",
	};
	struct lw_finding_in wide = { .kind = LW_KIND_CYCLE, .nr = LW_CHAIN_MAX };
	const struct lw_finding *f;
	unsigned int i;
	bool is_new;

	/* Fill the only slot with a finding using every link first. */
	fill_links(&wide, "wide", 0x10);
	ASSERT_NONNULL(ring_raise(r, &wide, &is_new));

	lw_test_clock_set(777);
	f = ring_raise(r, &in, &is_new);
	ASSERT_NONNULL(f);
	ASSERT_TRUE(is_new);
	ASSERT_EQ(r->overwritten, 1);
	ASSERT_EQ(f->kind, LW_KIND_RANK);
	ASSERT_EQ(f->nr, 2);
	ASSERT_TRUE(f->truncated);
	ASSERT_EQ(f->detail.rank.rank, 1);
	ASSERT_EQ(f->detail.rank.held_rank, 5);
	ASSERT_EQ(f->pid, 77);
	ASSERT_STREQ(f->comm, "insmod");
	ASSERT_EQ(f->first_ns, 777);
	ASSERT_EQ(f->serial, 2);
	ASSERT_EQ(f->count, 1);
	ASSERT_STREQ(f->cls[0], "low");
	ASSERT_STREQ(f->cls[1], "high");
	ASSERT_EQ(f->ip[0], 0xffffffffa0001234UL);
	ASSERT_STREQ(f->site[0], "site_ffffffffa0001234");
	ASSERT_STREQ(f->site[1], "site_ffffffffa0005678");
	/* Nothing of the finding it replaced survives past nr. */
	for (i = 2; i < LW_CHAIN_MAX; i++) {
		ASSERT_EQ(f->ip[i], 0);
		ASSERT_EQ(f->cls[i][0], '\0');
		ASSERT_EQ(f->site[i][0], '\0');
	}
}

TEST(ring_copies_names_and_sites)
{
	struct lw_ring *r = ring_new(2);
	char a[] = "alpha", b[] = "beta", comm[] = "task";
	struct lw_finding_in in = cycle_in(a, b, 0xabc, 0);
	const struct lw_finding *f;
	bool is_new;

	in.comm = comm;
	f = ring_raise(r, &in, &is_new);
	ASSERT_NONNULL(f);
	memset(a, 'X', sizeof(a) - 1);
	memset(b, 'Y', sizeof(b) - 1);
	memset(comm, 'Z', sizeof(comm) - 1);
	in.ip[0] = 0xdead;
	ASSERT_STREQ(f->cls[0], "alpha");
	ASSERT_STREQ(f->cls[1], "beta");
	ASSERT_STREQ(f->comm, "task");
	ASSERT_EQ(f->ip[0], 0xabc);
	ASSERT_STREQ(f->site[0], "site_abc");
	ASSERT_STREQ(f->site[1], "?");		/* ip 0: unknown site */
	/* The mutated input is another finding now, not a change to this one. */
	ASSERT_NONNULL(ring_raise(r, &in, &is_new));
	ASSERT_TRUE(is_new);
	ASSERT_STREQ(f->cls[0], "alpha");
	ASSERT_EQ(f->count, 1);
}

TEST(ring_null_names)
{
	struct lw_ring *r = ring_new(2);
	struct lw_finding_in in = cycle_in(NULL, "b", 0x1, 0x2);
	struct lw_finding_in empty = cycle_in("", "b", 0x1, 0x2);
	const struct lw_finding *f;
	bool is_new;

	in.comm = NULL;
	f = ring_raise(r, &in, &is_new);
	ASSERT_NONNULL(f);
	ASSERT_STREQ(f->cls[0], "?");
	ASSERT_STREQ(f->cls[1], "b");
	ASSERT_STREQ(f->comm, "");
	/* A missing name signs as an empty one. */
	ASSERT_PTR_EQ(ring_raise(r, &empty, &is_new), f);
	ASSERT_FALSE(is_new);
}

TEST(ring_truncates_long_names)
{
	struct lw_ring *r = ring_new(4);
	char longer[100], exact[LW_NAME_LEN], over[LW_NAME_LEN + 1], comm[32];
	struct lw_finding_in in;
	const struct lw_finding *f;
	bool is_new;

	memset(longer, 'l', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	memset(exact, 'e', sizeof(exact) - 1);
	exact[sizeof(exact) - 1] = '\0';
	memset(over, 'o', sizeof(over) - 1);
	over[sizeof(over) - 1] = '\0';
	memset(comm, 'c', sizeof(comm) - 1);
	comm[sizeof(comm) - 1] = '\0';

	in = cycle_in(longer, exact, 1, 2);
	in.comm = comm;
	f = ring_raise(r, &in, &is_new);
	ASSERT_NONNULL(f);
	ASSERT_EQ(strnlen(f->cls[0], LW_NAME_LEN), LW_NAME_LEN - 1);
	ASSERT_EQ(strncmp(f->cls[0], longer, LW_NAME_LEN - 1), 0);
	ASSERT_STREQ(f->cls[1], exact);			/* 39 characters fit */
	ASSERT_EQ(strnlen(f->comm, sizeof(f->comm)), sizeof(f->comm) - 1);
	ASSERT_EQ(strncmp(f->comm, comm, sizeof(f->comm) - 1), 0);

	in = cycle_in(over, "b", 1, 2);
	f = ring_raise(r, &in, &is_new);
	ASSERT_NONNULL(f);
	ASSERT_EQ(strnlen(f->cls[0], LW_NAME_LEN), LW_NAME_LEN - 1);

	/* Identity is the full name: names differing past the cut stay apart. */
	longer[60] = 'L';
	in = cycle_in(longer, exact, 1, 2);
	ASSERT_NONNULL(ring_raise(r, &in, &is_new));
	ASSERT_TRUE(is_new);
	ASSERT_EQ(r->used, 3);
}

/* More links than a record keeps: the first LW_CHAIN_MAX are stored. */
TEST(ring_nr_clamped)
{
	struct lw_ring *r = ring_new(2);
	struct lw_finding_in in = { .kind = LW_KIND_CYCLE, .nr = LW_CHAIN_MAX + 3 };
	const struct lw_finding *f;
	bool is_new;

	fill_links(&in, "link", 0x100);
	in.pid = 0x5a5a;
	in.comm = "comm";
	f = ring_raise(r, &in, &is_new);
	ASSERT_NONNULL(f);
	ASSERT_TRUE(is_new);
	ASSERT_EQ(f->nr, LW_CHAIN_MAX);
	ASSERT_STREQ(f->cls[LW_CHAIN_MAX - 1], "link");
	ASSERT_STREQ(f->site[LW_CHAIN_MAX - 1], "site_107");
	ASSERT_PTR_EQ(ring_raise(r, &in, &is_new), f);
	ASSERT_FALSE(is_new);
	ASSERT_EQ(f->count, 2);
}

TEST(ring_fill_exactly)
{
	struct lw_ring *r = ring_new(4);
	unsigned int k;

	ASSERT_TRUE(raise_series(r, 1, 4, 1));
	ASSERT_RING(r, .next = 0, .used = 4, .serial = 4, .raised = 4, .overwritten = 0);
	for (k = 0; k < 4; k++)
		ASSERT_EQ(lw_ring_get(r, k)->serial, k + 1);
	ASSERT_NULL(lw_ring_get(r, 4));
}

TEST(ring_wraparound)
{
	struct lw_ring *r = ring_new(4);
	const struct lw_finding *f;
	struct lw_finding_in in;
	unsigned int k;
	char name[16];
	bool is_new;

	ASSERT_TRUE(raise_series(r, 1, 10, 1));
	ASSERT_RING(r, .next = 2, .used = 4, .serial = 10, .raised = 10, .overwritten = 6);
	/* Oldest surviving first: findings 7, 8, 9, 10, each intact. */
	for (k = 0; k < 4; k++) {
		f = lw_ring_get(r, k);
		ASSERT_NONNULL(f);
		ASSERT_EQ(f->serial, 7 + k);
		ASSERT_EQ(f->first_ns, 100 * (7 + k));
		ASSERT_EQ(f->ip[0], 0x1000 + 7 + k);
		snprintf(name, sizeof(name), "lock%u", 7 + k);
		ASSERT_STREQ(f->cls[0], name);
		ASSERT_EQ(f->count, 1);
	}
	ASSERT_NULL(lw_ring_get(r, 4));
	for (k = 1; k <= 6; k++)
		ASSERT_NULL(lw_ring_find_serial(r, k));
	for (k = 7; k <= 10; k++)
		ASSERT_PTR_EQ(lw_ring_find_serial(r, k), lw_ring_get(r, k - 7));

	/* A finding pushed out comes back as new, pushing out the oldest. */
	in = nth_in(3, name, sizeof(name));
	f = ring_raise(r, &in, &is_new);
	ASSERT_TRUE(is_new);
	ASSERT_EQ(f->serial, 11);
	ASSERT_RING(r, .next = 3, .used = 4, .serial = 11, .raised = 11, .overwritten = 7);
	ASSERT_EQ(lw_ring_get(r, 0)->serial, 8);
	ASSERT_PTR_EQ(lw_ring_get(r, 3), f);
	ASSERT_NULL(lw_ring_find_serial(r, 7));
	/* One still stored is found wherever its slot is. */
	in = nth_in(8, name, sizeof(name));
	f = ring_raise(r, &in, &is_new);
	ASSERT_FALSE(is_new);
	ASSERT_EQ(f->serial, 8);
	ASSERT_EQ(f->count, 2);
	ASSERT_RING(r, .next = 3, .used = 4, .serial = 11, .raised = 12, .overwritten = 7);
}

TEST(ring_find_serial)
{
	struct lw_ring *r = ring_new(3);
	const struct lw_finding *f[3];
	struct lw_finding_in in;
	unsigned int k;
	char name[16];
	bool is_new;

	for (k = 0; k < 3; k++) {
		in = nth_in(k, name, sizeof(name));
		f[k] = ring_raise(r, &in, &is_new);
	}
	for (k = 0; k < 3; k++)
		ASSERT_PTR_EQ(lw_ring_find_serial(r, k + 1), f[k]);
	ASSERT_NULL(lw_ring_find_serial(r, 0));
	ASSERT_NULL(lw_ring_find_serial(r, 4));
	ASSERT_NULL(lw_ring_find_serial(r, UINT32_MAX));
}

TEST(ring_reset)
{
	struct lw_ring *r = ring_new(4);
	const struct lw_finding *f;
	struct lw_finding_in in;
	char name[16];
	bool is_new;

	ASSERT_TRUE(raise_series(r, 1, 6, 1));
	in = nth_in(6, name, sizeof(name));
	ASSERT_NONNULL(ring_raise(r, &in, &is_new));
	ASSERT_FALSE(is_new);
	lw_ring_reset(r);
	ASSERT_EQ(r->size, 4);
	ASSERT_RING(r, .next = 0, .used = 0, .serial = 0, .raised = 0, .overwritten = 0);
	ASSERT_NULL(lw_ring_get(r, 0));
	ASSERT_NULL(lw_ring_find_serial(r, 6));

	/* Seen before the reset, new after it: serial 1, counted once. */
	f = ring_raise(r, &in, &is_new);
	ASSERT_TRUE(is_new);
	ASSERT_PTR_EQ(lw_ring_find_serial(r, 1), f);
	ASSERT_EQ(f->count, 1);
	ASSERT_RING(r, .next = 1, .used = 1, .serial = 1, .raised = 1, .overwritten = 0);
}

/*
 * ring_new(0) hands over a valid zero-size buffer, as kmalloc(0) would.
 * With NULL, lw_ring_reset() calls memset(NULL, 0, 0): fine in the kernel,
 * but glibc declares memset nonnull and UBSan reports it.
 */
TEST(ring_size_zero)
{
	struct lw_ring *r = ring_new(0);
	struct lw_finding_in in = cycle_in("a", "b", 1, 2);
	bool is_new = true;

	ASSERT_NULL(ring_raise(r, &in, &is_new));
	ASSERT_FALSE(is_new);
	is_new = true;
	ASSERT_NULL(ring_raise(r, &in, &is_new));
	ASSERT_FALSE(is_new);
	/* Occurrences count even when not kept. */
	ASSERT_RING(r, .next = 0, .used = 0, .serial = 0, .raised = 2, .overwritten = 0);
	ASSERT_NULL(lw_ring_get(r, 0));
	ASSERT_NULL(lw_ring_find_serial(r, 1));
	lw_ring_reset(r);
	ASSERT_EQ(r->raised, 0);
}

TEST(ring_kind_names)
{
	unsigned int i, j;

	ASSERT_EQ(ARRAY_SIZE(lw_kinds), LW_KIND_COUNT);
	for (i = 0; i < LW_KIND_COUNT; i++) {
		ASSERT_NONNULL(lw_kinds[i].name);
		ASSERT_NE(lw_kinds[i].name[0], '\0');
		for (j = i + 1; j < LW_KIND_COUNT; j++)
			ASSERT_NE(strcmp(lw_kinds[i].name, lw_kinds[j].name), 0);
	}
	ASSERT_STREQ(lw_kinds[LW_KIND_CYCLE].name, "lock-order cycle");
}

/* Ids for findings.json: one per kind, distinct, lower-case identifiers. */
TEST(ring_kind_ids)
{
	unsigned int i, j;
	const char *c;

	for (i = 0; i < LW_KIND_COUNT; i++) {
		ASSERT_NONNULL(lw_kinds[i].id);
		ASSERT_NE(lw_kinds[i].id[0], '\0');
		for (c = lw_kinds[i].id; *c; c++)
			ASSERT_TRUE((*c >= 'a' && *c <= 'z') || *c == '_');
		for (j = i + 1; j < LW_KIND_COUNT; j++)
			ASSERT_NE(strcmp(lw_kinds[i].id, lw_kinds[j].id), 0);
	}
	ASSERT_STREQ(lw_kinds[LW_KIND_AA].id, "aa");
	ASSERT_STREQ(lw_kinds[LW_KIND_CYCLE].id, "cycle");
	ASSERT_STREQ(lw_kinds[LW_KIND_UNGUARDED].id, "unguarded");
}

/* Calls of the stack saver below, and the frames it hands out. */
static unsigned int saver_calls;

static unsigned int save_three(unsigned long *buf, unsigned int size)
{
	unsigned int i;

	saver_calls++;
	for (i = 0; i < 3 && i < size; i++)
		buf[i] = 0xa0 + i;
	return i;
}

static unsigned int save_too_many(unsigned long *buf, unsigned int size)
{
	unsigned int i;

	saver_calls++;
	for (i = 0; i < size; i++)
		buf[i] = 0xb0 + i;
	return size + 5;	/* a saver that over-reports is clamped */
}

/*
 * Stacks: the raiser's saved once, for a new finding only, and symbolised;
 * a given stack is copied (clamped to LW_STACK_DEPTH) and not re-saved;
 * none stays none; stacks never change the signature.
 */
TEST(ring_stacks)
{
	struct lw_ring *r = ring_new(4);
	unsigned long other[LW_STACK_DEPTH + 4];
	struct lw_finding_in in = cycle_in("a", "b", 0x100, 0x200);
	struct lw_finding_in plain = cycle_in("c", "d", 0x100, 0x200);
	const struct lw_finding *f;
	unsigned int i;
	bool is_new;

	for (i = 0; i < ARRAY_SIZE(other); i++)
		other[i] = 0xc0 + i;
	saver_calls = 0;
	in.save_stack = save_three;
	in.stack[1] = other;
	in.nr_stack[1] = ARRAY_SIZE(other);
	f = ring_raise(r, &in, &is_new);
	ASSERT_TRUE(is_new);
	ASSERT_EQ(saver_calls, 1);
	ASSERT_EQ(f->nr_stack[0], 3);
	ASSERT_STREQ(f->stack[0][0], "site_a0");
	ASSERT_STREQ(f->stack[0][2], "site_a2");
	ASSERT_EQ(f->nr_stack[1], LW_STACK_DEPTH);
	ASSERT_STREQ(f->stack[1][0], "site_c0");
	ASSERT_STREQ(f->stack[1][LW_STACK_DEPTH - 1], "site_cb");

	/* A duplicate: counted, its stacks neither saved again nor changed. */
	in.save_stack = save_too_many;
	in.stack[1] = NULL;
	f = ring_raise(r, &in, &is_new);
	ASSERT_FALSE(is_new);
	ASSERT_EQ(f->count, 2);
	ASSERT_EQ(saver_calls, 1);
	ASSERT_EQ(f->nr_stack[1], LW_STACK_DEPTH);
	ASSERT_STREQ(f->stack[0][1], "site_a1");

	/* A stack 0 given is used as is: the saver is not called. */
	plain.stack[0] = other;
	plain.nr_stack[0] = 2;
	plain.save_stack = save_three;
	f = ring_raise(r, &plain, &is_new);
	ASSERT_TRUE(is_new);
	ASSERT_EQ(saver_calls, 1);
	ASSERT_EQ(f->nr_stack[0], 2);
	ASSERT_STREQ(f->stack[0][1], "site_c1");
	ASSERT_EQ(f->nr_stack[1], 0);

	/* An over-reporting saver is clamped; no saver, no stack. */
	plain = cycle_in("e", "f", 0x1, 0x2);
	plain.save_stack = save_too_many;
	f = ring_raise(r, &plain, &is_new);
	ASSERT_EQ(saver_calls, 2);
	ASSERT_EQ(f->nr_stack[0], LW_STACK_DEPTH);
	plain = cycle_in("g", "h", 0x1, 0x2);
	f = ring_raise(r, &plain, &is_new);
	ASSERT_TRUE(is_new);
	ASSERT_EQ(f->nr_stack[0], 0);
	ASSERT_EQ(f->nr_stack[1], 0);

	/* Same links, different stacks: one signature. */
	plain = cycle_in("a", "b", 0x100, 0x200);
	f = ring_raise(r, &plain, &is_new);
	ASSERT_FALSE(is_new);
	ASSERT_EQ(f->count, 3);
}

/*
 * Names deferred: the addresses are kept, in the order lw_ring_addrs()
 * gives them (links, then each stack's frames), nothing is symbolised
 * until lw_ring_name() names each; a finding pushed out or named already
 * gives none.
 */
TEST(ring_deferred_names)
{
	struct lw_ring *r = ring_new(2);
	unsigned long other[2] = { 0xc0, 0xc1 };
	unsigned long addrs[LW_FINDING_ADDRS];
	struct lw_finding_in in = cycle_in("a", "b", 0x100, 0x200);
	const struct lw_finding *f;
	char name[LW_SITE_LEN];
	unsigned int i, n;
	bool is_new;

	in.save_stack = save_three;
	in.stack[1] = other;
	in.nr_stack[1] = 2;
	in.defer_names = true;
	f = ring_raise(r, &in, &is_new);
	ASSERT_TRUE(is_new);
	ASSERT_FALSE(f->named);
	ASSERT_STREQ(f->site[0], "");
	ASSERT_STREQ(f->stack[0][0], "");
	n = lw_ring_addrs(r, f->serial, addrs);
	ASSERT_EQ(n, 2 + 3 + 2);
	ASSERT_EQ(addrs[0], 0x100);
	ASSERT_EQ(addrs[1], 0x200);
	ASSERT_EQ(addrs[2], 0xa0);
	ASSERT_EQ(addrs[4], 0xa2);
	ASSERT_EQ(addrs[5], 0xc0);
	ASSERT_EQ(addrs[6], 0xc1);
	for (i = 0; i < n; i++) {
		lw_format_site(name, sizeof(name), addrs[i]);
		lw_ring_name(r, f->serial, i, name);
	}
	lw_ring_name(r, f->serial, 0, NULL);
	ASSERT_TRUE(f->named);
	ASSERT_STREQ(f->site[1], "site_200");
	ASSERT_STREQ(f->stack[0][2], "site_a2");
	ASSERT_STREQ(f->stack[1][1], "site_c1");
	/* Named: no more addresses, and a name given now changes nothing. */
	ASSERT_EQ(lw_ring_addrs(r, f->serial, addrs), 0);
	lw_ring_name(r, f->serial, 0, "late");
	ASSERT_STREQ(f->site[0], "site_100");

	/* Pushed out before it was named: nothing to name, nothing written. */
	in = cycle_in("c", "d", 0x300, 0x400);
	in.defer_names = true;
	f = ring_raise(r, &in, &is_new);
	n = f->serial;
	ASSERT_NONNULL(ring_raise(r, &(struct lw_finding_in){ .kind = LW_KIND_AA, .nr = 1,
				  .cls = { "e" }, .ip = { 0x500 } }, &is_new));
	ASSERT_NONNULL(ring_raise(r, &(struct lw_finding_in){ .kind = LW_KIND_AA, .nr = 1,
				  .cls = { "f" }, .ip = { 0x600 } }, &is_new));
	ASSERT_EQ(lw_ring_addrs(r, n, addrs), 0);
	lw_ring_name(r, n, 0, "gone");
	ASSERT_NULL(lw_ring_find_serial(r, n));
}

/* The shim must behave like the kernel where the engine relies on it. */
TEST(shim_kernel_semantics)
{
	char buf[4] = "zzz", site[LW_SITE_LEN];
	int x = 7;

	ASSERT_EQ(strscpy(buf, "ab", sizeof(buf)), 2);
	ASSERT_STREQ(buf, "ab");
	ASSERT_EQ(strscpy(buf, "abc", sizeof(buf)), 3);
	ASSERT_STREQ(buf, "abc");
	ASSERT_EQ(strscpy(buf, "abcd", sizeof(buf)), -E2BIG);
	ASSERT_STREQ(buf, "abc");
	ASSERT_EQ(strscpy(buf, "x", 1), -E2BIG);
	ASSERT_STREQ(buf, "");
	ASSERT_EQ(strscpy(buf, "", 1), 0);
	buf[0] = 'q';
	ASSERT_EQ(strscpy(buf, "x", 0), -E2BIG);
	ASSERT_EQ(buf[0], 'q');

	ASSERT_EQ(min_t(unsigned int, 3, 9), 3);
	ASSERT_EQ(min_t(int, -1, 1), -1);
	ASSERT_EQ(min_t(unsigned int, -1, 1), 1);
	ASSERT_EQ(min_t(int, x++, 100), 7);
	ASSERT_EQ(x, 8);

	lw_format_site(site, sizeof(site), 0xffffffff81000000UL);
	ASSERT_STREQ(site, "site_ffffffff81000000");
	lw_format_site(site, sizeof(site), 0);
	ASSERT_STREQ(site, "?");

	lw_test_clock_set(5);
	lw_test_clock_advance(10);
	ASSERT_EQ(lw_now_ns(), 15);
}

/* ===== Recurrences counted without the lock ===== */

/* The count of @f's copy: its own and the recurrences counted beside it. */
static u32 copied_count(const struct lw_ring *r, const struct lw_finding *f)
{
	struct lw_finding copy;

	lw_ring_copy(r, f, &copy);
	return copy.count;
}

TEST(ring_recur_folded_into_copy)
{
	struct lw_ring *r = ring_new(4);
	struct lw_finding_in in = cycle_in("a", "b", 1, 2);
	const struct lw_finding *f;
	struct lw_finding copy;
	bool is_new;
	u32 slot;

	lw_test_clock_set(10);
	f = ring_raise(r, &in, &is_new);
	ASSERT_TRUE(is_new);
	ASSERT_EQ(f->uid, 1);
	slot = f - r->rec;
	lw_ring_copy(r, f, &copy);
	ASSERT_EQ(copy.count, 1);
	ASSERT_EQ(copy.last_ns, 10);

	ASSERT_TRUE(lw_ring_recur(lw_ring_recur_of(r, slot), f->uid));
	lw_ring_recur_seen(lw_ring_recur_of(r, slot), 20);
	ASSERT_TRUE(lw_ring_recur(lw_ring_recur_of(r, slot), f->uid));
	lw_ring_recur_seen(lw_ring_recur_of(r, slot), 30);
	/* A later stamp never goes back. */
	lw_ring_recur_seen(lw_ring_recur_of(r, slot), 25);
	/* The record itself is untouched; its copy shows all three. */
	ASSERT_EQ(f->count, 1);
	lw_ring_copy(r, f, &copy);
	ASSERT_EQ(copy.count, 3);
	ASSERT_EQ(copy.last_ns, 30);
	ASSERT_EQ(copy.first_ns, 10);
	/* One under the lock adds to them. */
	lw_test_clock_set(40);
	ASSERT_PTR_EQ(ring_raise(r, &in, &is_new), f);
	lw_ring_copy(r, f, &copy);
	ASSERT_EQ(copy.count, 4);
	ASSERT_EQ(copy.last_ns, 40);
	/* Another uid is not counted. */
	ASSERT_FALSE(lw_ring_recur(lw_ring_recur_of(r, slot), f->uid + 1));
	lw_ring_copy(r, f, &copy);
	ASSERT_EQ(copy.count, 4);
}

/*
 * The last-seen time is due once a tick: the first recurrence of each tick
 * stamps it, and a slot that takes a new finding is due again.
 */
TEST(ring_recur_due_once_a_tick)
{
	struct lw_ring *r = ring_new(1);
	struct lw_finding_in in = cycle_in("a", "b", 1, 2);
	const struct lw_finding *f = ring_raise(r, &in, &(bool){ false });

	ASSERT_TRUE(lw_ring_recur(lw_ring_recur_of(r, 0), f->uid));
	ASSERT_TRUE(lw_ring_recur_due(lw_ring_recur_of(r, 0), 5));
	ASSERT_TRUE(lw_ring_recur(lw_ring_recur_of(r, 0), f->uid));
	ASSERT_FALSE(lw_ring_recur_due(lw_ring_recur_of(r, 0), 5));
	ASSERT_TRUE(lw_ring_recur_due(lw_ring_recur_of(r, 0), 6));
	ASSERT_FALSE(lw_ring_recur_due(lw_ring_recur_of(r, 0), 6));
	/* Another finding in the slot: its first recurrence is due, same tick. */
	in = cycle_in("c", "d", 3, 4);
	f = ring_raise(r, &in, &(bool){ false });
	ASSERT_TRUE(lw_ring_recur(lw_ring_recur_of(r, 0), f->uid));
	ASSERT_TRUE(lw_ring_recur_due(lw_ring_recur_of(r, 0), 6));
	ASSERT_EQ(copied_count(r, f), 2);
}

/* A slot taken by a newer finding never counts a recurrence meant for the old. */
TEST(ring_recur_recycled_slot)
{
	struct lw_ring *r = ring_new(2);
	struct lw_finding_in in;
	const struct lw_finding *f;
	char name[16];
	bool is_new;
	u32 slot, uid;

	in = nth_in(0, name, sizeof(name));
	f = ring_raise(r, &in, &is_new);
	slot = f - r->rec;
	uid = f->uid;
	ASSERT_TRUE(lw_ring_recur(lw_ring_recur_of(r, slot), uid));
	/* Two more push it out; the third takes its slot. */
	ASSERT_TRUE(raise_series(r, 1, 2, 2));
	ASSERT_EQ(r->rec[slot].serial, 3);
	ASSERT_NE(r->rec[slot].uid, uid);
	ASSERT_FALSE(lw_ring_recur(lw_ring_recur_of(r, slot), uid));
	ASSERT_EQ(copied_count(r, &r->rec[slot]), 1);
}

/* After a reset, serials start at 1 again but uids do not. */
TEST(ring_recur_after_reset)
{
	struct lw_ring *r = ring_new(4);
	struct lw_finding_in in = cycle_in("a", "b", 1, 2);
	const struct lw_finding *f;
	bool is_new;
	u32 uid;

	f = ring_raise(r, &in, &is_new);
	uid = f->uid;
	ASSERT_TRUE(lw_ring_recur(lw_ring_recur_of(r, 0), uid));
	lw_ring_reset(r);
	f = ring_raise(r, &in, &is_new);
	ASSERT_TRUE(is_new);
	ASSERT_EQ(f->serial, 1);
	ASSERT_PTR_EQ(f, &r->rec[0]);
	ASSERT_NE(f->uid, uid);
	ASSERT_FALSE(lw_ring_recur(lw_ring_recur_of(r, 0), uid));
	ASSERT_EQ(copied_count(r, f), 1);
}

TEST(ring_recur_saturates)
{
	struct lw_ring *r = ring_new(1);
	struct lw_finding_in in = cycle_in("a", "b", 1, 2);
	const struct lw_finding *f = ring_raise(r, &in, &(bool){ false });

	atomic64_set(&r->recur[0].word, (s64)((u64)f->uid << 32 | (U32_MAX - 1)));
	ASSERT_TRUE(lw_ring_recur(lw_ring_recur_of(r, 0), f->uid));
	/* At the maximum the caller must count under the lock. */
	ASSERT_FALSE(lw_ring_recur(lw_ring_recur_of(r, 0), f->uid));
	ASSERT_EQ(copied_count(r, f), U32_MAX);
}
