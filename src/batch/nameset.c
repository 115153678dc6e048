/* nameset.c: open addressing with linear probing over (hash, key) slots. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch/nameset.h"
#include "util/hash.h"

struct ns_slot {
	uint32_t hash;
	int type;
	char *name;                 /* NULL: empty */
};

struct nameset {
	struct ns_slot *slots;
	size_t cap, n;              /* cap is a power of two */
};

struct nameset *
nameset_new(void)
{
	struct nameset *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->cap = 1024;
	if ((s->slots = calloc(s->cap, sizeof(*s->slots))) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
nameset_free(struct nameset *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->cap; i++)
		free(s->slots[i].name);
	free(s->slots);
	free(s);
}

static uint32_t
key_hash(int type, const char *name)
{
	return hash_fnv_name(HASH_FNV_INIT ^ (uint32_t)type, name);
}

/* The slot of the key, or the empty slot where it would go. */
static struct ns_slot *
lookup(const struct nameset *s, uint32_t h, int type, const char *name)
{
	size_t i = h & (s->cap - 1);

	for (;; i = (i + 1) & (s->cap - 1)) {
		struct ns_slot *sl = &s->slots[i];

		if (sl->name == NULL || (sl->hash == h && sl->type == type &&
		    strcmp(sl->name, name) == 0))
			return sl;
	}
}

static int
grow(struct nameset *s)
{
	struct ns_slot *old = s->slots, *sl;
	size_t i, ocap = s->cap;

	if ((s->slots = calloc(ocap * 2, sizeof(*s->slots))) == NULL) {
		s->slots = old;
		return -1;
	}
	s->cap = ocap * 2;
	for (i = 0; i < ocap; i++)
		if (old[i].name != NULL) {
			sl = lookup(s, old[i].hash, old[i].type, old[i].name);
			*sl = old[i];
		}
	free(old);
	return 0;
}

int
nameset_add(struct nameset *s, int type, const char *name)
{
	uint32_t h = key_hash(type, name);
	struct ns_slot *sl;

	if ((s->n + 1) * 4 > s->cap * 3 && grow(s) != 0)
		return -1;
	sl = lookup(s, h, type, name);
	if (sl->name != NULL)
		return 0;
	if ((sl->name = strdup(name)) == NULL)
		return -1;
	sl->hash = h;
	sl->type = type;
	s->n++;
	return 1;
}

int
nameset_has(const struct nameset *s, int type, const char *name)
{
	return lookup(s, key_hash(type, name), type, name)->name != NULL;
}

size_t
nameset_count(const struct nameset *s)
{
	return s->n;
}
