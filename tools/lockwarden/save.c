// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden save: copy every file of the debugfs directory into a
 * directory, reading each until end of file (debugfs reports size 0).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "util.h"

static int write_all(const char *path, const struct lwt_buf *buf)
{
	size_t off = 0;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	while (off < buf->len) {
		ssize_t n = write(fd, buf->data + off, buf->len - off);

		if (n < 0) {
			int saved = errno;

			if (saved == EINTR)
				continue;
			close(fd);
			errno = saved;
			return -1;
		}
		off += (size_t)n;
	}
	return close(fd);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int lwt_cmd_save(const char *dir, const char *out)
{
	char **names = NULL;
	size_t nr = 0, i;
	struct dirent *d;
	int ret = LWT_OK;
	DIR *src;

	src = opendir(dir);
	if (!src) {
		lwt_err("%s: %s", dir, strerror(errno));
		return LWT_ERROR;
	}
	while ((d = readdir(src))) {
		if (d->d_name[0] == '.')
			continue;
		names = lwt_realloc(names, nr + 1, sizeof(*names));
		names[nr++] = lwt_strdup(d->d_name);
	}
	closedir(src);
	qsort(names, nr, sizeof(*names), by_name);

	if (mkdir(out, 0755) && errno != EEXIST) {
		lwt_err("%s: %s", out, strerror(errno));
		ret = LWT_ERROR;
	}
	for (i = 0; i < nr && ret == LWT_OK; i++) {
		char *from = lwt_path(dir, names[i]), *to = lwt_path(out, names[i]);
		struct lwt_buf buf;
		struct stat st;

		/* stat(), not lstat(): a link to a file is copied as the file. */
		if (stat(from, &st) || !S_ISREG(st.st_mode)) {
			free(from);
			free(to);
			continue;
		}
		if (lwt_read_path(from, &buf)) {
			/*
			 * A locked-down kernel (Secure Boot) opens no debugfs
			 * file with a write bit: control. The tool reads none.
			 */
			if (errno == EPERM) {
				lwt_err("%s: %s (a locked-down kernel?): not saved",
					from, strerror(errno));
			} else {
				lwt_err("%s: %s", from, strerror(errno));
				ret = LWT_ERROR;
			}
		} else {
			if (write_all(to, &buf)) {
				lwt_err("%s: %s", to, strerror(errno));
				ret = LWT_ERROR;
			}
			lwt_buf_free(&buf);
		}
		free(from);
		free(to);
	}
	for (i = 0; i < nr; i++)
		free(names[i]);
	free(names);
	return ret;
}
