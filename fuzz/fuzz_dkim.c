/*
 * fuzz_dkim: DKIM key records and the RFC 6376 tag-list reader on
 * arbitrary bytes; accepted keys are judged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/dkim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dkim_key k;
	struct dkim_tags it;
	struct dkim_tag t;
	enum dkim_verdict v;
	char why[160];
	char *copy = malloc(size ? size : 1);
	size_t last = 0;
	int r;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	dkim_tags_init(&it, copy, size);
	while ((r = dkim_tags_next(&it, &t, why, sizeof(why))) == 1) {
		if (t.name < copy || t.name + t.name_len > copy + size ||
		    t.value < t.name + t.name_len || t.value + t.value_len > copy + size ||
		    t.name_len == 0 || it.pos < last || it.pos > size)
			abort();
		last = it.pos;
	}
	if (r < 0 && why[0] == '\0')
		abort();
	if (dkim_key_parse(copy, size, &k, why, sizeof(why)) != 0) {
		if (why[0] == '\0')
			abort();
	} else {
		if (!(k.seen & DKIM_TAG_P) || k.revoked != (k.key_bytes == 0) ||
		    k.key_bytes > DKIM_KEY_BYTES_MAX)
			abort();
		if (!k.revoked && k.type == DKIM_KEYTYPE_RSA && k.bits == 0)
			abort();
		if (!k.revoked && k.type == DKIM_KEYTYPE_ED25519 && k.key_bytes != 32)
			abort();
		v = dkim_key_judge(&k, why, sizeof(why));
		if (why[0] == '\0' || v > DKIM_REVOKED || (v == DKIM_REVOKED) != k.revoked)
			abort();
		if (k.type == DKIM_KEYTYPE_RSA && k.bits < 1024 && !k.revoked &&
		    v != DKIM_BAD)
			abort();
	}
	free(copy);
	return 0;
}
