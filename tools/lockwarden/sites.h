/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lockwarden tool's naming of sites as source lines: a site
 * "func+0xoff/0xsize [module]" resolved in the module's object file, as
 * scripts/faddr2line does.
 */
#ifndef LWT_SITES_H
#define LWT_SITES_H

/*
 * Objects to resolve sites in: a module's .ko (its name is the file's,
 * '-' read as '_'), or a directory searched for MODULE.ko. Returns 0, or
 * -1 after printing an error (not a regular file or directory).
 */
int lwt_sites_add(const char *path);

/* Whether an object or directory was added. */
int lwt_sites_given(void);

/*
 * @site as the outputs print it: the site itself, followed by
 * " (FILE:LINE)" when an object added holds its function with the size
 * the site gives and the object's debug information has its line. A
 * string to free.
 */
char *lwt_site_label(const char *site);

/* Forget the objects added and the lines resolved. */
void lwt_sites_free(void);

#endif /* LWT_SITES_H */
