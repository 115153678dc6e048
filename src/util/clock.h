/*
 * clock: monotonic start stamps and elapsed milliseconds, for the deadlines
 * and the elapsed_ms every result reports.
 */
#ifndef UTD_CLOCK_H
#define UTD_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Stamp now (zero on the impossible clock failure). */
void clock_start(struct timespec *start);
/* Milliseconds since start, clamped to 0..UINT32_MAX. */
uint32_t clock_elapsed_ms(const struct timespec *start);

#endif
