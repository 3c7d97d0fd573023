/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the libFuzzer targets of the lockwarden tool's parsers share: their
 * LLVMFuzzerInitialize(), a private directory that stands in for debugfs
 * or a saved copy, the files written into it, and the check of a loader's
 * verdict.
 */
#ifndef LW_FUZZ_TOOL_HARNESS_H
#define LW_FUZZ_TOOL_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"

/*
 * A target's own setup, if it defines one: called once, after the
 * directory is made, e.g. to write the files that the commands it runs
 * read besides its input. The harness's LLVMFuzzerInitialize() first makes
 * the directory (under $TMPDIR) with subdirectories "a" and "b" for two
 * runs and "out" for what a command writes, and sends stdout to /dev/null.
 */
void fz_setup(void);

/* The directory (@sub NULL), or its subdirectory @sub: "a", "b" or "out". */
const char *fz_dir(const char *sub);

/* Make DIR/@name (e.g. "graph", "a/stats") hold exactly @len bytes of @data. */
void fz_write(const char *name, const void *data, size_t len);

/* Remove DIR/@name if it exists. */
void fz_remove(const char *name);

/* Whether @len bytes hold a NUL byte. */
int fz_has_nul(const void *data, size_t len);

/* Write @len bytes of @data as DIR/@name, the input, and return DIR. */
const char *fz_input(const char *name, const void *data, size_t len);

/*
 * Check a loader's verdict @ret on @len bytes of @data: 0 or -1, and when
 * 0, no NUL byte accepted and *@records records from as many lines after
 * @header header lines (lines as lwt_next_line() splits them). *@records
 * is read only then, so @ret may be the loader's call itself. Returns @ret.
 */
int fz_check_loaded(int ret, const void *data, size_t len, const size_t *records,
		    size_t header);

/*
 * The input of a target on one TAB table or stats file, @file: write @len
 * bytes of @data as DIR/@file, read it back with lwt_load_@file() into
 * *@table, and check the verdict (fz_check_loaded() with @header header
 * lines). Gives the verdict; @table, @data and @len are evaluated twice.
 */
#define FZ_LOAD(file, table, data, len, header)				\
	fz_check_loaded(lwt_load_##file(fz_input(#file, data, len), table, 0), \
			data, len, &(table)->nr, header)

/* Make DIR/@name hold the string @text. */
void fz_write_str(const char *name, const char *text);

/*
 * FZ_TABLE_TARGET(file, type, header, check, cmd, what): the whole
 * LLVMFuzzerTestOneInput() of a target on one table file: the input read
 * as DIR/@file into a struct @type (FZ_LOAD() with @header header lines),
 * @check(record, index) on each record it holds, then @cmd(DIR), a command
 * that reads the file, which must fail exactly when the load did (@what
 * names it in the failure).
 */
#define FZ_TABLE_TARGET(file, type, header, check, cmd, what)		\
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)		\
{									\
	const char *dir = fz_dir(NULL);					\
	struct type t;							\
	int ret = FZ_LOAD(file, &t, data, size, header);		\
	size_t i;							\
									\
	if (!ret) {							\
		for (i = 0; i < t.nr; i++)				\
			check(&t.v[i], i);				\
		type##_free(&t);					\
	}								\
	FZ_CHECK(cmd(dir) == (ret ? LWT_ERROR : LWT_OK), what);	\
	return 0;							\
}

#endif /* LW_FUZZ_TOOL_HARNESS_H */
