// SPDX-License-Identifier: GPL-2.0
/*
 * lw_compile_out.ko: every lockwarden wrapper, built without CONFIG_LOCKWARDEN.
 * It must compile to the plain kernel locks: `make check` verifies that it
 * references no lockwarden symbol and imports no lockwarden namespace. Never
 * loaded.
 */
#include <linux/build_bug.h>
#include <linux/module.h>
#include <lockwarden/lockwarden.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)
#error "lw_compile_out must be built without CONFIG_LOCKWARDEN"
#endif

static_assert(sizeof(struct lw_mutex) == sizeof(struct mutex));
static_assert(sizeof(struct lw_class) == 0);

static LW_DEFINE_CLASS(lw_compile_out_class, 1);
static struct lw_mutex lw_compile_out_lock;

static int __init lw_compile_out_init(void)
{
	lw_mutex_init(&lw_compile_out_lock, &lw_compile_out_class);
	lw_mutex_lock(&lw_compile_out_lock);
	lw_mutex_unlock(&lw_compile_out_lock);
	if (lw_mutex_trylock(&lw_compile_out_lock))
		lw_mutex_unlock(&lw_compile_out_lock);
	return 0;
}
module_init(lw_compile_out_init);

MODULE_DESCRIPTION("lockwarden compiled out: plain kernel locks");
MODULE_LICENSE("GPL");
