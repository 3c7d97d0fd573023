/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lockwarden tool's shared helpers: errors, allocation, whole-file
 * reads and string output with escaping.
 */
#ifndef LWT_UTIL_H
#define LWT_UTIL_H

#include <stddef.h>
#include <stdio.h>

/* Exit statuses: diff and merge use LWT_FOUND for "something new". */
enum {
	LWT_OK = 0,
	LWT_FOUND = 1,
	LWT_ERROR = 2,
};

/* A file's bytes, NUL-terminated (data[len] == '\0'). */
struct lwt_buf {
	char *data;
	size_t len;
};

/* As the kernel's tools/include spells them. */
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))

/* Print "lockwarden: MESSAGE" on stderr. */
__printf(1, 2) void lwt_err(const char *fmt, ...);

/* Allocators that exit with LWT_ERROR when memory runs out. */
void *lwt_alloc(size_t size);
void *lwt_realloc(void *ptr, size_t nmemb, size_t size);
char *lwt_strndup(const char *s, size_t n);
char *lwt_strdup(const char *s);

/* "DIR/NAME", allocated. */
char *lwt_path(const char *dir, const char *name);

/*
 * Read PATH until end of file (debugfs files report size 0). Returns 0, or
 * -1 with errno set and nothing allocated.
 */
int lwt_read_path(const char *path, struct lwt_buf *buf);

/*
 * Read DIR/NAME. Returns 0 when read; 1 when the file does not exist and
 * @optional is set; -1 after printing an error.
 */
int lwt_read_file(const char *dir, const char *name, struct lwt_buf *buf, int optional);

void lwt_buf_free(struct lwt_buf *buf);

/*
 * Split a buffer into lines in place: returns the next line (without its
 * '\n') and advances *pos, or NULL at the end. A final line without a
 * newline is still a line.
 */
char *lwt_next_line(struct lwt_buf *buf, size_t *pos);

/* Fail (printing "[DIR/]NAME:LINE: NUL byte") if @buf holds a NUL byte. */
int lwt_check_nul(const struct lwt_buf *buf, const char *dir, const char *name);

/* Write nanoseconds as decimal seconds, exact, without trailing zeros. */
void lwt_put_seconds(FILE *out, unsigned long long ns);

#endif /* LWT_UTIL_H */
