// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's names of the sites in module init code where dependencies
 * were learned: a module's init code and its symbols are freed once its
 * init returns, so the graph file, which names sites when read, would
 * show such a site as a bare address. Each is named when learned instead,
 * with no lock held, and the name kept in a small table.
 */
#include "core/core.h"

#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/string.h>

/* Modules whose init may be running at once (parallel loads). */
#define LW_INIT_MODULES		8
/* Names kept: the sites of every dependency learned in init code. */
#define LW_INIT_SITES		64

/*
 * Modules between MODULE_STATE_COMING and LIVE or GOING: their init code
 * and its symbols exist. Under the engine lock.
 */
static struct module *lw_init_mods[LW_INIT_MODULES];

/* Sites in init code, named while it existed. Under the engine lock. */
static struct {
	unsigned long ip;
	char name[LW_SITE_LEN];
} lw_init_names[LW_INIT_SITES];
static unsigned int lw_init_names_used;

/* Whether @ip is in the init code of a module running its init. */
static bool lw_in_module_init(unsigned long ip)
{
	unsigned int i;

	for (i = 0; i < LW_INIT_MODULES; i++)
		if (lw_init_mods[i] && within_module_init(ip, lw_init_mods[i]))
			return true;
	return false;
}

static int lw_init_name_find(unsigned long ip)
{
	unsigned int i;

	for (i = 0; i < lw_init_names_used; i++)
		if (lw_init_names[i].ip == ip)
			return i;
	return -1;
}

/**
 * lw_init_site_learned() - name a new dependency's site if it is init code
 * @ip: where a lock of the dependency was taken
 *
 * Called with no lock held, in the context that learned the dependency,
 * while the code at @ip still runs. Symbolised outside the engine lock,
 * like a finding's sites; a full table counts in LW_STAT_INIT_SITES_FULL.
 */
void lw_init_site_learned(unsigned long ip)
{
	char name[LW_SITE_LEN];
	unsigned long flags;
	bool wanted;

	if (!ip || !lw_engine_lock(&flags))
		return;
	wanted = lw_in_module_init(ip) && lw_init_name_find(ip) < 0;
	lw_engine_unlock(flags);
	if (!wanted)
		return;
	lw_format_site(name, sizeof(name), ip);
	if (!lw_engine_lock(&flags))
		return;
	/* Still in init: its symbols were there when it was named. */
	if (lw_in_module_init(ip) && lw_init_name_find(ip) < 0) {
		if (lw_init_names_used < LW_INIT_SITES) {
			lw_init_names[lw_init_names_used].ip = ip;
			strscpy(lw_init_names[lw_init_names_used].name, name, LW_SITE_LEN);
			lw_init_names_used++;
		} else {
			lw_stat_inc(LW_STAT_INIT_SITES_FULL);
		}
	}
	lw_engine_unlock(flags);
}

/**
 * lw_init_site_name() - the name a site in init code was given when learned
 * @ip: the site
 * @buf: receives the name, or "" when there is none
 * @len: its size
 *
 * Precondition: the engine lock is held.
 */
void lw_init_site_name(unsigned long ip, char *buf, size_t len)
{
	int i = ip ? lw_init_name_find(ip) : -1;

	strscpy(buf, i >= 0 ? lw_init_names[i].name : "", len);
}

/*
 * A module coming: its init code may take locks; names kept for its init
 * addresses are of freed code of an earlier module, and go. Its init
 * done (LIVE) or failed (GOING): its init code is no longer named.
 */
static int lw_init_sites_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	struct module *mod = data;
	unsigned long flags;
	unsigned int i, kept;

	if (action != MODULE_STATE_COMING && action != MODULE_STATE_LIVE &&
	    action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	if (!lw_engine_lock(&flags))
		return NOTIFY_DONE;
	for (i = 0; i < LW_INIT_MODULES; i++)
		if (lw_init_mods[i] == mod)
			lw_init_mods[i] = NULL;
	if (action == MODULE_STATE_COMING) {
		for (i = kept = 0; i < lw_init_names_used; i++)
			if (!within_module_init(lw_init_names[i].ip, mod))
				lw_init_names[kept++] = lw_init_names[i];
		lw_init_names_used = kept;
		for (i = 0; i < LW_INIT_MODULES && lw_init_mods[i]; i++)
			;
		if (i < LW_INIT_MODULES)
			lw_init_mods[i] = mod;
		else
			lw_stat_inc(LW_STAT_INIT_SITES_FULL);
	}
	lw_engine_unlock(flags);
	return NOTIFY_OK;
}

static struct notifier_block lw_init_sites_nb = {
	.notifier_call = lw_init_sites_notify,
};

/**
 * lw_init_sites_init() - watch modules run their init
 *
 * Return: 0, or the error of register_module_notifier().
 */
int lw_init_sites_init(void)
{
	return register_module_notifier(&lw_init_sites_nb);
}

/**
 * lw_init_sites_exit() - stop watching
 */
void lw_init_sites_exit(void)
{
	unregister_module_notifier(&lw_init_sites_nb);
}
