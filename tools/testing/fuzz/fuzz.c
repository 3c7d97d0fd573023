// SPDX-License-Identifier: GPL-2.0
/*
 * The failure report every libFuzzer target of lockwarden shares: on the
 * stderr libFuzzer closes to silence the code under test.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"

FILE *fz_report;

void fz_report_init(void)
{
	int fd = dup(STDERR_FILENO);

	fz_report = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!fz_report)
		fz_report = stderr;
}

void fz_fail(const char *file, int line, const char *fmt, ...)
{
	FILE *out = fz_report ? fz_report : stderr;
	va_list ap;

	fprintf(out, "fuzz: %s:%d: check failed: ", file, line);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	fflush(out);
	abort();
}
