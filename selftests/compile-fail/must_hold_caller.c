// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-fail case: a function documented to be called with the lock held
 * (__lw_must_hold()) called without it.
 *
 * expect clang-tsa: 'cf_queue_push_locked' requires holding mutex 'q->lock' exclusively
 */
#include <lockwarden/lockwarden.h>

struct cf_queue {
	struct lw_mutex lock;
	unsigned int len;
};

static void cf_queue_push_locked(struct cf_queue *q)
	__lw_must_hold(&q->lock)
{
	q->len++;
}

static __maybe_unused void cf_queue_push(struct cf_queue *q)
{
	cf_queue_push_locked(q);
}
