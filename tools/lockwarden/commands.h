/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lockwarden tool's commands: each takes the debugfs directory (or saved
 * copy) to read and its own arguments, and returns the exit status.
 */
#ifndef LWT_COMMANDS_H
#define LWT_COMMANDS_H

int lwt_cmd_report(const char *dir);
int lwt_cmd_graph_dot(const char *dir);
int lwt_cmd_stats_prometheus(const char *dir);
int lwt_cmd_save(const char *dir, const char *out);
int lwt_cmd_diff(const char *dir, const char *baseline);
int lwt_cmd_merge(const char *out, char *const *dirs, int nr_dirs);

#endif /* LWT_COMMANDS_H */
