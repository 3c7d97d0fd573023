/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every libFuzzer target of lockwarden declares: libFuzzer's two entry
 * points, and the attributes the targets spell as the kernel does.
 */
#ifndef LW_FUZZ_H
#define LW_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif
#ifndef __noreturn
#define __noreturn	__attribute__((__noreturn__))
#endif

/* Called once, before any input; may edit the command line. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Called for each input, which it must not modify; returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* LW_FUZZ_H */
