// SPDX-License-Identifier: GPL-2.0
/*
 * The trace and the failure report every libFuzzer target of lockwarden
 * shares, on the stderr libFuzzer closes to silence the code under test,
 * and the LLVMFuzzerInitialize() of a target with nothing else to set up.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

FILE *fz_report;
bool fz_tracing;

void fz_report_init(void)
{
	const char *trace = getenv("LW_FUZZ_TRACE");
	int fd = dup(STDERR_FILENO);

	fz_report = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!fz_report)
		fz_report = stderr;
	fz_tracing = trace && *trace && strcmp(trace, "0");
}

/* The engine's and the control file's; tool_harness.c has its own. */
__weak int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_report_init();
	return 0;
}

void fz_trace(const char *fmt, ...)
{
	va_list ap;

	if (!fz_tracing)
		return;
	va_start(ap, fmt);
	vfprintf(fz_report, fmt, ap);
	va_end(ap);
	fputc('\n', fz_report);
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
