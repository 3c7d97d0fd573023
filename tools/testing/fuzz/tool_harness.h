/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the libFuzzer targets of the lockwarden tool's parsers share: a
 * private directory that stands in for debugfs or a saved copy, the files
 * written into it, and a failure report that survives libFuzzer's
 * -close_fd_mask=2 (which silences the tool's own error messages).
 */
#ifndef LW_FUZZ_TOOL_HARNESS_H
#define LW_FUZZ_TOOL_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"

/*
 * Create the directory (under $TMPDIR), with subdirectories "a" and "b" for
 * targets that need two runs and "out" for what a command writes, send
 * stdout to /dev/null and keep a copy of stderr for fz_fail(). Call from
 * LLVMFuzzerInitialize().
 */
void fz_init(void);

/* The directory (@sub NULL), or its subdirectory @sub: "a", "b" or "out". */
const char *fz_dir(const char *sub);

/* Make DIR/@name (e.g. "graph", "a/stats") hold exactly @len bytes of @data. */
void fz_write(const char *name, const void *data, size_t len);

/* Remove DIR/@name if it exists. */
void fz_remove(const char *name);

/* The lines of @len bytes as lwt_next_line() splits them. */
size_t fz_count_lines(const void *data, size_t len);

/* Whether @len bytes hold a NUL byte. */
int fz_has_nul(const void *data, size_t len);

/* Report a broken promise of the tool on the saved stderr, and abort. */
__noreturn __printf(3, 4) void fz_fail(const char *file, int line, const char *fmt, ...);

#define FZ_CHECK(cond, fmt, ...) do {					\
	if (!(cond))							\
		fz_fail(__FILE__, __LINE__, "(%s) " fmt, #cond, ##__VA_ARGS__); \
} while (0)

#endif /* LW_FUZZ_TOOL_HARNESS_H */
