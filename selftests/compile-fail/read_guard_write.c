// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-fail case: writes through the const pointers read access hands
 * out, from a read guard and from a read lock. Any compiler refuses them.
 *
 * expect gcc: assignment of member 'generation' in read-only object
 * expect clang: cannot assign to variable 't' with const-qualified type
 * expect clang: read-only variable is not assignable
 */
#include <lockwarden/lockwarden.h>

struct cf_table {
	unsigned int generation;
};

static LW_RWLOCK_GUARDED(table, struct cf_table);
static LW_RWSEM_GUARDED(config, struct cf_table);

static __maybe_unused void cf_table_reset(void)
{
	lw_read_guard(&table, t);

	t->generation = 0;
}

static __maybe_unused void cf_config_reset(void)
{
	lw_down_read_guarded(&config)->generation = 0;
	lw_up_read_guarded(&config);
}
