// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's findings ring: fixed storage of de-duplicated findings.
 *
 * A finding is identified by its signature, a hash of its kind, class names
 * and code addresses (of a cycle, those of the acquisition closing it).
 * Raising one that is already stored only bumps its count and last-seen
 * time. A new finding takes the next slot; when the ring is full it replaces
 * the oldest, which is counted as overwritten. Records copy every name and
 * symbolised site, so they outlive the module they describe.
 *
 * Precondition: the caller holds the engine lock for every call.
 */
#include "engine.h"

const struct lw_kind_info lw_kinds[] = {
	[LW_KIND_AA] = { "recursive locking", "aa" },
	[LW_KIND_CYCLE] = { "lock-order cycle", "cycle" },
	[LW_KIND_RANK] = { "rank violation", "rank" },
	[LW_KIND_UNLOCK_NOT_HELD] = { "unlock of a lock not held", "unlock_not_held" },
	[LW_KIND_UNLOCK_NON_OWNER] = { "unlock by a non-owner", "unlock_non_owner" },
	[LW_KIND_DEPTH] = { "held-lock depth overflow", "depth" },
	[LW_KIND_UPGRADE] = { "read-to-write upgrade", "upgrade" },
	[LW_KIND_SLEEP_ATOMIC] = { "sleeping lock in atomic context", "sleep_atomic" },
	[LW_KIND_IRQ_INVERSION] = { "irq-safety inversion", "irq_inversion" },
	[LW_KIND_NOT_HELD] = { "lock not held", "not_held" },
	[LW_KIND_DESTROY_HELD] = { "held lock destroyed", "destroy_held" },
	[LW_KIND_UNLOAD_HELD] = { "lock held at module unload", "unload_held" },
	[LW_KIND_USE_AFTER_MOVE] = { "use after move", "use_after_move" },
	[LW_KIND_DOUBLE_TAKE] = { "owned object taken twice", "double_take" },
	[LW_KIND_NOT_OWNER] = { "access by a non-owner", "not_owner" },
	[LW_KIND_FREED_OWNED] = { "owned object freed by a non-owner", "freed_owned" },
	[LW_KIND_UNGUARDED] = { "unguarded access", "unguarded" },
	[LW_KIND_HOLD_BUDGET] = { "hold-time budget exceeded", "hold_budget" },
	[LW_KIND_POISONED] = { "poisoned data locked", "poisoned" },
	[LW_KIND_EXIT_HELD] = { "lock held at task exit", "exit_held" },
	[LW_KIND_WAIT_CONTEXT] = { "invalid wait context", "wait_context" },
	[LW_KIND_HELD] = { "lock held", "held" },
	[LW_KIND_DOUBLE_COMPLETE] = { "completion completed twice", "double_complete" },
};

static_assert(ARRAY_SIZE(lw_kinds) == LW_KIND_COUNT);

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

/*
 * A lock-order cycle is the acquisition that closes it: the class held, the
 * class taken and where (links 0 and 1, site 0). The path back through the
 * learned order is not part of it: a shorter path learned later finds the
 * same acquisition again, one finding, not two.
 */
static u64 lw_signature(const struct lw_finding_in *in)
{
	u64 h = lw_fnv(LW_FNV_OFFSET, &in->kind, sizeof(in->kind));
	bool cycle = in->kind == LW_KIND_CYCLE;
	unsigned int i, nr = min_t(unsigned int, in->nr, cycle ? 2 : LW_CHAIN_MAX);

	/* Only the links a record keeps: cls[] and ip[] end there. */
	for (i = 0; i < nr; i++) {
		const char *name = in->cls[i] ? in->cls[i] : "";

		h = lw_fnv(h, name, strlen(name) + 1);
		h = lw_fnv(h, &in->sub[i], sizeof(in->sub[i]));
		if (!cycle || !i)
			h = lw_fnv(h, &in->ip[i], sizeof(in->ip[i]));
	}
	return h;
}

static u32 lw_ring_slot(const struct lw_ring *r, u32 i)
{
	return (r->next + r->size - r->used + i) % r->size;
}

/*
 * Keep the stacks of @in in @f, saving the current one first when @in has
 * none: once per new finding, never for a duplicate. Symbolised now, or
 * later by lw_ring_name() when @in defers it.
 */
static void lw_ring_store_stacks(struct lw_finding *f, const struct lw_finding_in *in)
{
	unsigned int s, i;

	for (s = 0; s < LW_STACKS; s++) {
		const unsigned long *st = in->stack[s];
		unsigned int nr = st ? min_t(unsigned int, in->nr_stack[s], LW_STACK_DEPTH) : 0;

		if (!s && !nr && in->save_stack) {
			nr = min_t(unsigned int, in->save_stack(f->stack_ip[s], LW_STACK_DEPTH),
				   LW_STACK_DEPTH);
		} else {
			for (i = 0; i < nr; i++)
				f->stack_ip[s][i] = st[i];
		}
		f->nr_stack[s] = nr;
		for (i = 0; i < nr && !in->defer_names; i++)
			lw_format_site(f->stack[s][i], sizeof(f->stack[s][i]), f->stack_ip[s][i]);
	}
}

/* Where name @i of @f goes (lw_ring_addrs()' order), or NULL. */
static char *lw_ring_name_of(struct lw_finding *f, unsigned int i, size_t *len)
{
	unsigned int s;

	*len = LW_SITE_LEN;
	if (i < f->nr)
		return f->site[i];
	i -= f->nr;
	for (s = 0; s < LW_STACKS; i -= f->nr_stack[s], s++)
		if (i < f->nr_stack[s])
			return f->stack[s][i];
	return NULL;
}

/* === Public interface === */

/* The records, then their slots' lock-free recurrence counts. */
size_t lw_ring_mem_size(u32 size)
{
	return (size_t)size * (sizeof(struct lw_finding) + sizeof(struct lw_ring_recur));
}

void lw_ring_init(struct lw_ring *r, void *mem, u32 size)
{
	memset(r, 0, sizeof(*r));
	r->size = size;
	r->rec = mem;
	r->recur = (struct lw_ring_recur *)(r->rec + size);
	/* uid 0 is no finding's: no slot's count belongs to one yet. */
	memset(r->rec, 0, lw_ring_mem_size(r->size));
	lw_ring_reset(r);
}

/*
 * Forget every finding, in constant time: the records stay as they are
 * until reused, and a new one is written whole (lw_ring_raise()). The
 * uids go on counting: a slot's lock-free count (lw_ring_recur()) is only
 * ever the finding's of the uid it names.
 */
void lw_ring_reset(struct lw_ring *r)
{
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

/*
 * The stored finding of @serial, or NULL. New findings take the slots in
 * turn from a reset on, as serials count from 1: serial s is in slot
 * (s - 1) % size, unless pushed out since. Constant time.
 */
const struct lw_finding *lw_ring_find_serial(const struct lw_ring *r, u32 serial)
{
	const struct lw_finding *f;

	/* Handed out since the last reset, and not pushed out since. */
	if (!serial || serial > r->serial || r->serial - serial >= r->used)
		return NULL;
	f = &r->rec[(serial - 1) % r->size];
	return f->serial == serial ? f : NULL;
}

/**
 * lw_ring_addrs() - the code addresses of a finding still to be named
 * @r: the ring
 * @serial: the finding
 * @addrs: receives up to LW_FINDING_ADDRS addresses: its links' sites,
 *	then the frames of its stacks
 *
 * For a finding raised with defer_names, whose names are filled in once
 * the engine lock is dropped (symbolising under it would keep interrupts
 * off for long): the caller names each address with lw_format_site() and
 * stores it with lw_ring_name().
 *
 * Return: how many; 0 when the finding is gone or named already.
 */
unsigned int lw_ring_addrs(const struct lw_ring *r, u32 serial, unsigned long *addrs)
{
	const struct lw_finding *f = lw_ring_find_serial(r, serial);
	unsigned int i, s, n = 0;

	if (!f || f->named)
		return 0;
	for (i = 0; i < f->nr; i++)
		addrs[n++] = f->ip[i];
	for (s = 0; s < LW_STACKS; s++)
		for (i = 0; i < f->nr_stack[s]; i++)
			addrs[n++] = f->stack_ip[s][i];
	return n;
}

/**
 * lw_ring_name() - store the name of one address of a finding
 * @r: the ring
 * @serial: the finding
 * @i: the address's index, as lw_ring_addrs() gave it
 * @name: its name, or NULL when every name is stored: the finding is named
 */
void lw_ring_name(struct lw_ring *r, u32 serial, unsigned int i, const char *name)
{
	struct lw_finding *f = (struct lw_finding *)lw_ring_find_serial(r, serial);
	size_t len;
	char *to;

	if (!f || f->named)
		return;
	if (!name) {
		f->named = true;
		return;
	}
	to = lw_ring_name_of(f, i, &len);
	if (to)
		strscpy(to, name, len);
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
	/*
	 * A new uid, never 0, and a count of 0 in one store: a lock-free
	 * count still meant for the finding pushed out fails from now on.
	 */
	if (!++r->uids)
		++r->uids;
	atomic64_set(&r->recur[r->next].word, (s64)((u64)r->uids << 32));
	WRITE_ONCE(r->recur[r->next].last_ns, 0);
	WRITE_ONCE(r->recur[r->next].tick, 0);
	r->next = (r->next + 1) % r->size;

	memset(f, 0, sizeof(*f));
	nr = min_t(unsigned int, in->nr, LW_CHAIN_MAX);
	f->signature = sig;
	f->serial = ++r->serial;
	f->uid = r->uids;
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
		f->event[i] = in->event[i];
		/* A nesting subclass is shown as lockdep shows it: "name/1". */
		if (in->sub[i])
			snprintf(f->cls[i], sizeof(f->cls[i]), "%s/%u",
				 in->cls[i] ? in->cls[i] : "?", in->sub[i]);
		else
			strscpy(f->cls[i], in->cls[i] ? in->cls[i] : "?", sizeof(f->cls[i]));
		if (!in->defer_names)
			lw_format_site(f->site[i], sizeof(f->site[i]), in->ip[i]);
	}
	f->named = !in->defer_names;
	lw_ring_store_stacks(f, in);
	*is_new = true;
	return f;
}

/**
 * lw_ring_copy() - copy a stored finding as the outputs show it
 * @r: the ring
 * @f: the finding, from lw_ring_get() or lw_ring_find_serial()
 * @out: receives the copy
 *
 * The copy's count and last-seen time include the recurrences counted
 * without the engine lock (lw_ring_recur()); a count past U32_MAX shows
 * as U32_MAX.
 */
void lw_ring_copy(const struct lw_ring *r, const struct lw_finding *f, struct lw_finding *out)
{
	const struct lw_ring_recur *rc = &r->recur[f - r->rec];
	u64 word = atomic64_read(&rc->word);
	u64 count;

	*out = *f;
	if ((u32)(word >> 32) != f->uid || !(u32)word)
		return;
	count = (u64)f->count + (u32)word;
	out->count = count > U32_MAX ? U32_MAX : count;
	if (READ_ONCE(rc->last_ns) > out->last_ns)
		out->last_ns = READ_ONCE(rc->last_ns);
}
