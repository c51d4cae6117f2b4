/*
 * fuzz.h — what every libFuzzer harness in tests/fuzz shares.
 *
 * A harness checks the promises of its module's header, not only that
 * nothing crashes: FUZZ_ASSERT names the broken invariant and aborts, so
 * libFuzzer keeps the input as a crash like any other.
 */
#ifndef CANBAO_FUZZ_H
#define CANBAO_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* libFuzzer's entry points: the harnesses define them. */
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

#define FUZZ_ASSERT(cond) \
  ((cond) ? (void) 0 : fuzz_broken (__FILE__, __LINE__, #cond))

static inline void
fuzz_broken (const char *file, int line, const char *cond)
{
  fprintf (stderr, "%s:%d: invariant broken: %s\n", file, line, cond);
  abort ();
}

#endif
