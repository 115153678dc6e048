/*
 * hash: FNV-1a over bytes, for the small chained hash tables of the net
 * seam and the caches (keys are addresses and names, not attacker-chosen
 * in bulk: a server can add itself once, not a million times).
 */
#ifndef UTD_HASH_H
#define UTD_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV_INIT 2166136261u

static inline uint32_t
hash_fnv(uint32_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

/* The same over a name, case-folded (ASCII). */
static inline uint32_t
hash_fnv_name(uint32_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		uint8_t c = (uint8_t)*s;

		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c + 32);
		h = (h ^ c) * 16777619u;
	}
	return h;
}

#endif
