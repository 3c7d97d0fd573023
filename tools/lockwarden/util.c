// SPDX-License-Identifier: GPL-2.0
/*
 * The lockwarden tool's shared helpers: errors, allocation, whole-file
 * reads and number formatting.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

void lwt_err(const char *fmt, ...)
{
	va_list ap;

	fputs("lockwarden: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void lwt_oom(void)
{
	lwt_err("out of memory");
	exit(LWT_ERROR);
}

void *lwt_alloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p)
		lwt_oom();
	return p;
}

void *lwt_realloc(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size && nmemb > SIZE_MAX / size)
		lwt_oom();
	p = realloc(ptr, nmemb && size ? nmemb * size : 1);
	if (!p)
		lwt_oom();
	return p;
}

char *lwt_strndup(const char *s, size_t n)
{
	char *p = lwt_alloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *lwt_strdup(const char *s)
{
	return lwt_strndup(s, strlen(s));
}

char *lwt_path(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = lwt_alloc(dl + nl + 2);

	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, name, nl + 1);
	return p;
}

int lwt_read_path(const char *path, struct lwt_buf *buf)
{
	size_t cap = 4096, len = 0;
	char *data;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	data = lwt_alloc(cap);
	for (;;) {
		ssize_t n;

		if (cap - len < 2) {
			cap *= 2;
			data = lwt_realloc(data, cap, 1);
		}
		n = read(fd, data + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			free(data);
			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	data[len] = '\0';
	buf->data = data;
	buf->len = len;
	return 0;
}

int lwt_read_file(const char *dir, const char *name, struct lwt_buf *buf, int optional)
{
	char *path = lwt_path(dir, name);
	int ret = 0;

	if (lwt_read_path(path, buf)) {
		if (optional && errno == ENOENT) {
			ret = 1;
		} else {
			lwt_err("%s: %s", path, strerror(errno));
			ret = -1;
		}
	}
	free(path);
	return ret;
}

void lwt_buf_free(struct lwt_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
}

char *lwt_next_line(struct lwt_buf *buf, size_t *pos)
{
	char *line, *nl;

	if (*pos >= buf->len)
		return NULL;
	line = buf->data + *pos;
	nl = memchr(line, '\n', buf->len - *pos);
	if (nl) {
		*nl = '\0';
		*pos = (size_t)(nl - buf->data) + 1;
	} else {
		*pos = buf->len;
	}
	return line;
}

int lwt_check_nul(const struct lwt_buf *buf, const char *dir, const char *name)
{
	const char *nul = memchr(buf->data, '\0', buf->len), *p;
	size_t line = 1;

	if (!nul)
		return 0;
	for (p = buf->data; p < nul; p++)
		line += *p == '\n';
	lwt_err("%s%s%s:%zu: NUL byte", dir ? dir : "", dir ? "/" : "", name, line);
	return -1;
}

void lwt_put_seconds(FILE *out, unsigned long long ns)
{
	char frac[10];
	int end;

	snprintf(frac, sizeof(frac), "%09llu", ns % 1000000000ULL);
	for (end = 9; end > 0 && frac[end - 1] == '0'; end--)
		;
	frac[end] = '\0';
	if (end)
		fprintf(out, "%llu.%s", ns / 1000000000ULL, frac);
	else
		fprintf(out, "%llu", ns / 1000000000ULL);
}
