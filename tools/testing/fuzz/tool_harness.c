// SPDX-License-Identifier: GPL-2.0
/*
 * The shared part of the libFuzzer targets of the lockwarden tool's parsers:
 * their initialisation, and a private directory standing in for debugfs,
 * written for each input.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lockwarden/util.h"
#include "tool_harness.h"

static char fz_root[4096];
static char fz_sub[3][4096 + 8];	/* fz_root/a, fz_root/b, fz_root/out */

static const char *const fz_subs[] = { "a", "b", "out" };

/* The files a target may write, removed when the process ends. */
static const char *const fz_names[] = {
	"graph", "classes", "lockstat", "stats", "findings.json",
};

static void fz_cleanup(void)
{
	char path[sizeof(fz_sub[0]) + 32];
	size_t i, d;

	for (d = 0; d <= 3; d++) {
		for (i = 0; i < ARRAY_SIZE(fz_names); i++) {
			snprintf(path, sizeof(path), "%s/%s", d ? fz_sub[d - 1] : fz_root,
				 fz_names[i]);
			unlink(path);
		}
		if (d)
			rmdir(fz_sub[d - 1]);
	}
	rmdir(fz_root);
}

/* The directory, its subdirectories, and stdout sent to /dev/null. */
static void fz_init(void)
{
	const char *tmp = getenv("TMPDIR");
	size_t i;

	snprintf(fz_root, sizeof(fz_root), "%s/lw-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fz_root)) {
		perror(fz_root);
		exit(1);
	}
	for (i = 0; i < 3; i++) {
		snprintf(fz_sub[i], sizeof(fz_sub[i]), "%s/%s", fz_root, fz_subs[i]);
		if (mkdir(fz_sub[i], 0700)) {
			perror(fz_sub[i]);
			exit(1);
		}
	}
	atexit(fz_cleanup);
	/* The commands print their results: exercised, not kept. */
	if (!freopen("/dev/null", "w", stdout)) {
		perror("/dev/null");
		exit(1);
	}
}

/* A target without a setup of its own. */
__weak void fz_setup(void)
{
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_report_init();
	fz_init();
	fz_setup();
	return 0;
}

const char *fz_dir(const char *sub)
{
	size_t i;

	for (i = 0; sub && i < 3; i++)
		if (!strcmp(sub, fz_subs[i]))
			return fz_sub[i];
	return fz_root;
}

void fz_write(const char *name, const void *data, size_t len)
{
	char path[sizeof(fz_root) + 64];
	const char *p = data;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", fz_root, name);
	/* A new file, not a truncated one: ext4 flushes a truncated file on close. */
	FZ_CHECK(!unlink(path) || errno == ENOENT, "cannot remove %s: %s", path,
		 strerror(errno));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	FZ_CHECK(fd >= 0, "cannot create %s: %s", path, strerror(errno));
	while (len) {
		ssize_t n = write(fd, p, len);

		FZ_CHECK(n > 0 || errno == EINTR, "cannot write %s: %s", path, strerror(errno));
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		}
	}
	close(fd);
}

void fz_write_str(const char *name, const char *text)
{
	fz_write(name, text, strlen(text));
}

const char *fz_input(const char *name, const void *data, size_t len)
{
	fz_write(name, data, len);
	return fz_root;
}

void fz_remove(const char *name)
{
	char path[sizeof(fz_root) + 64];

	snprintf(path, sizeof(path), "%s/%s", fz_root, name);
	FZ_CHECK(!unlink(path) || errno == ENOENT, "cannot remove %s: %s", path,
		 strerror(errno));
}

/* The lines of @len bytes as lwt_next_line() splits them. */
static size_t fz_count_lines(const void *data, size_t len)
{
	const char *p = data;
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		n += p[i] == '\n';
	return n + (len && p[len - 1] != '\n');
}

int fz_has_nul(const void *data, size_t len)
{
	return !!memchr(data, '\0', len);
}

int fz_check_loaded(int ret, const void *data, size_t len, const size_t *records,
		    size_t header)
{
	FZ_CHECK(ret == 0 || ret == -1, "load returned %d", ret);
	if (ret)
		return ret;
	FZ_CHECK(!fz_has_nul(data, len), "a NUL byte accepted");
	FZ_CHECK(*records + header == fz_count_lines(data, len),
		 "%zu records from %zu lines", *records, fz_count_lines(data, len));
	return 0;
}
