/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every libFuzzer target of lockwarden shares: libFuzzer's two entry
 * points, the attributes the targets spell as the kernel does, the trace
 * and the failure report (fuzz.c).
 */
#ifndef LW_FUZZ_H
#define LW_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif
#ifndef __noreturn
#define __noreturn	__attribute__((__noreturn__))
#endif
#ifndef __weak
#define __weak		__attribute__((__weak__))
#endif

/*
 * Called once, before any input; may edit the command line. fuzz.c's, which
 * a target may replace, calls fz_report_init() and does nothing else.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Called for each input, which it must not modify; returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Where failures and traces go: stderr as it was when fz_report_init() ran,
 * from LLVMFuzzerInitialize(), before libFuzzer's -close_fd_mask=2 closed
 * it to silence the code under test.
 */
extern FILE *fz_report;
void fz_report_init(void);

/*
 * Whether LW_FUZZ_TRACE is set in the environment (and not "0"), read by
 * fz_report_init(): the targets then say what they do, step by step, with
 * fz_trace(), one line each on fz_report.
 */
extern bool fz_tracing;
__printf(1, 2) void fz_trace(const char *fmt, ...);

/* Report a failed check on fz_report, and abort: libFuzzer keeps the input. */
__noreturn __printf(3, 4) void fz_fail(const char *file, int line, const char *fmt, ...);

/* Fail, naming the condition and explaining it, unless @cond holds. */
#define FZ_CHECK(cond, fmt, ...) do {					\
	if (!(cond))							\
		fz_fail(__FILE__, __LINE__, "(%s) " fmt, #cond, ##__VA_ARGS__); \
} while (0)

#endif /* LW_FUZZ_H */
