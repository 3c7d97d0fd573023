// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's findings ring: fixed storage of de-duplicated findings.
 *
 * A finding is identified by its signature, a hash of its kind, class names
 * and code addresses. Raising one that is already stored only bumps its count
 * and last-seen time. A new finding takes the next slot; when the ring is
 * full it replaces the oldest, which is counted as overwritten. Records copy
 * every name and symbolised site, so they outlive the module they describe.
 *
 * Precondition: the caller holds the engine lock for every call.
 */
#include "engine.h"

const char *const lw_kind_names[] = {
	[LW_KIND_AA]			= "recursive locking",
	[LW_KIND_CYCLE]			= "lock-order cycle",
	[LW_KIND_RANK]			= "rank violation",
	[LW_KIND_UNLOCK_NOT_HELD]	= "unlock of a lock not held",
	[LW_KIND_UNLOCK_NON_OWNER]	= "unlock by a non-owner",
	[LW_KIND_DEPTH]			= "held-lock depth overflow",
	[LW_KIND_UPGRADE]		= "read-to-write upgrade",
	[LW_KIND_SLEEP_ATOMIC]		= "sleeping lock in atomic context",
	[LW_KIND_IRQ_INVERSION]		= "irq-safety inversion",
	[LW_KIND_NOT_HELD]		= "lock not held",
	[LW_KIND_DESTROY_HELD]		= "held lock destroyed",
	[LW_KIND_UNLOAD_HELD]		= "lock held at module unload",
	[LW_KIND_USE_AFTER_MOVE]	= "use after move",
	[LW_KIND_DOUBLE_TAKE]		= "owned object taken twice",
	[LW_KIND_NOT_OWNER]		= "access by a non-owner",
	[LW_KIND_FREED_OWNED]		= "owned object freed by a non-owner",
	[LW_KIND_UNGUARDED]		= "unguarded access",
	[LW_KIND_HOLD_BUDGET]		= "hold-time budget exceeded",
	[LW_KIND_POISONED]		= "poisoned data locked",
	[LW_KIND_EXIT_HELD]		= "lock held at task exit",
};

static_assert(ARRAY_SIZE(lw_kind_names) == LW_KIND_COUNT);

const char *const lw_kind_ids[] = {
	[LW_KIND_AA]			= "aa",
	[LW_KIND_CYCLE]			= "cycle",
	[LW_KIND_RANK]			= "rank",
	[LW_KIND_UNLOCK_NOT_HELD]	= "unlock_not_held",
	[LW_KIND_UNLOCK_NON_OWNER]	= "unlock_non_owner",
	[LW_KIND_DEPTH]			= "depth",
	[LW_KIND_UPGRADE]		= "upgrade",
	[LW_KIND_SLEEP_ATOMIC]		= "sleep_atomic",
	[LW_KIND_IRQ_INVERSION]		= "irq_inversion",
	[LW_KIND_NOT_HELD]		= "not_held",
	[LW_KIND_DESTROY_HELD]		= "destroy_held",
	[LW_KIND_UNLOAD_HELD]		= "unload_held",
	[LW_KIND_USE_AFTER_MOVE]	= "use_after_move",
	[LW_KIND_DOUBLE_TAKE]		= "double_take",
	[LW_KIND_NOT_OWNER]		= "not_owner",
	[LW_KIND_FREED_OWNED]		= "freed_owned",
	[LW_KIND_UNGUARDED]		= "unguarded",
	[LW_KIND_HOLD_BUDGET]		= "hold_budget",
	[LW_KIND_POISONED]		= "poisoned",
	[LW_KIND_EXIT_HELD]		= "exit_held",
};

static_assert(ARRAY_SIZE(lw_kind_ids) == LW_KIND_COUNT);

/* === Internals === */

#define LW_FNV_OFFSET	0xcbf29ce484222325ULL
#define LW_FNV_PRIME	0x100000001b3ULL

static u64 lw_fnv(u64 h, const void *data, size_t len)
{
	const u8 *p = data;

	while (len--) {
		h ^= *p++;
		h *= LW_FNV_PRIME;
	}
	return h;
}

static u64 lw_signature(const struct lw_finding_in *in)
{
	u64 h = lw_fnv(LW_FNV_OFFSET, &in->kind, sizeof(in->kind));
	unsigned int i, nr = min_t(unsigned int, in->nr, LW_CHAIN_MAX);

	/* Only the links a record keeps: cls[] and ip[] end there. */
	for (i = 0; i < nr; i++) {
		const char *name = in->cls[i] ? in->cls[i] : "";

		h = lw_fnv(h, name, strlen(name) + 1);
		h = lw_fnv(h, &in->sub[i], sizeof(in->sub[i]));
		h = lw_fnv(h, &in->ip[i], sizeof(in->ip[i]));
	}
	return h;
}

static u32 lw_ring_slot(const struct lw_ring *r, u32 i)
{
	return (r->next + r->size - r->used + i) % r->size;
}

/*
 * Symbolise the stacks of @in into @f, saving the current one first when
 * @in has none: once per new finding, never for a duplicate.
 */
static void lw_ring_store_stacks(struct lw_finding *f, const struct lw_finding_in *in)
{
	unsigned long saved[LW_STACK_DEPTH];
	unsigned int s, i;

	for (s = 0; s < LW_STACKS; s++) {
		const unsigned long *st = in->stack[s];
		unsigned int nr = st ? min_t(unsigned int, in->nr_stack[s], LW_STACK_DEPTH) : 0;

		if (!s && !nr && in->save_stack) {
			nr = min_t(unsigned int, in->save_stack(saved, LW_STACK_DEPTH),
				   LW_STACK_DEPTH);
			st = saved;
		}
		f->nr_stack[s] = nr;
		for (i = 0; i < nr; i++)
			lw_format_site(f->stack[s][i], sizeof(f->stack[s][i]), st[i]);
	}
}

/* === Public interface === */

size_t lw_ring_mem_size(u32 size)
{
	return (size_t)size * sizeof(struct lw_finding);
}

void lw_ring_init(struct lw_ring *r, void *mem, u32 size)
{
	memset(r, 0, sizeof(*r));
	r->size = size;
	r->rec = mem;
	lw_ring_reset(r);
}

void lw_ring_reset(struct lw_ring *r)
{
	memset(r->rec, 0, lw_ring_mem_size(r->size));
	r->next = 0;
	r->used = 0;
	r->serial = 0;
	r->raised = 0;
	r->overwritten = 0;
}

/* The @i-th stored finding, oldest first, or NULL past the end. */
const struct lw_finding *lw_ring_get(const struct lw_ring *r, u32 i)
{
	if (i >= r->used)
		return NULL;
	return &r->rec[lw_ring_slot(r, i)];
}

const struct lw_finding *lw_ring_find_serial(const struct lw_ring *r, u32 serial)
{
	u32 i;

	for (i = 0; i < r->used; i++) {
		const struct lw_finding *f = &r->rec[lw_ring_slot(r, i)];

		if (f->serial == serial)
			return f;
	}
	return NULL;
}

/*
 * Record one occurrence of @in at time @now. Returns the stored finding and
 * sets *@is_new when it was not stored before; NULL only for a ring of size 0.
 */
const struct lw_finding *lw_ring_raise(struct lw_ring *r,
				       const struct lw_finding_in *in,
				       u64 now, bool *is_new)
{
	u64 sig = lw_signature(in);
	struct lw_finding *f;
	unsigned int i, nr;
	u32 k;

	*is_new = false;
	r->raised++;
	for (k = 0; k < r->used; k++) {
		f = &r->rec[lw_ring_slot(r, k)];
		if (f->signature == sig && f->kind == in->kind) {
			f->count++;
			f->last_ns = now;
			return f;
		}
	}
	if (!r->size)
		return NULL;

	if (r->used == r->size)
		r->overwritten++;
	else
		r->used++;
	f = &r->rec[r->next];
	r->next = (r->next + 1) % r->size;

	memset(f, 0, sizeof(*f));
	nr = min_t(unsigned int, in->nr, LW_CHAIN_MAX);
	f->signature = sig;
	f->serial = ++r->serial;
	f->count = 1;
	f->first_ns = now;
	f->last_ns = now;
	f->kind = in->kind;
	f->nr = nr;
	f->truncated = in->truncated;
	f->detail = in->detail;
	f->pid = in->pid;
	strscpy(f->comm, in->comm ? in->comm : "", sizeof(f->comm));
	for (i = 0; i < nr; i++) {
		f->ip[i] = in->ip[i];
		f->sub[i] = in->sub[i];
		/* A nesting subclass is shown as lockdep shows it: "name/1". */
		if (in->sub[i])
			snprintf(f->cls[i], sizeof(f->cls[i]), "%s/%u",
				 in->cls[i] ? in->cls[i] : "?", in->sub[i]);
		else
			strscpy(f->cls[i], in->cls[i] ? in->cls[i] : "?", sizeof(f->cls[i]));
		lw_format_site(f->site[i], sizeof(f->site[i]), in->ip[i]);
	}
	lw_ring_store_stacks(f, in);
	*is_new = true;
	return f;
}
