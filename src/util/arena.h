/*
 * arena: memory by lifetime. Everything a check run gathers (names,
 * address lists, record summaries) lives in one arena freed in one call
 * when the run's report is written. Allocation never fails silently: a
 * failed allocation returns NULL and callers treat it as NOMEM. The arena
 * has a cap so that one hostile domain (a thousand MX records, huge
 * NS sets) cannot take the machine's memory.
 */
#ifndef UTD_ARENA_H
#define UTD_ARENA_H

#include <stddef.h>

struct arena;

/* cap: most bytes this arena may hand out in total (0 = 64 MiB). */
struct arena *arena_new(size_t cap);
void arena_free(struct arena *a);

/* Zeroed, 16-byte aligned; NULL when the cap is reached or on ENOMEM. */
void *arena_alloc(struct arena *a, size_t n) __attribute__((warn_unused_result));
char *arena_strdup(struct arena *a, const char *s) __attribute__((warn_unused_result));
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), warn_unused_result));
size_t arena_used(const struct arena *a);

#endif
