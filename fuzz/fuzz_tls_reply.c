/*
 * fuzz_tls_reply: the server-reply parser on arbitrary bytes. Each input
 * is parsed whole, then cut twice (in half, and where byte 0 says) with
 * each prefix in an exact-size heap copy, so ASan sees any read past the
 * length given. The parser decides on a prefix only from the bytes in it:
 * a prefix verdict other than NEED_MORE must equal the whole input's,
 * field by field.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tls/hello.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_reply(const struct tls_reply *r, enum tls_reply_kind k)
{
	if (r->kind != k || k > TLS_REPLY_GARBAGE)
		abort();
	if ((k == TLS_REPLY_GARBAGE) != (r->why != NULL) &&
	    !(k == TLS_REPLY_ALERT && r->version == TLS_SSL2))
		abort();
	if (memchr(r->alpn, '\0', sizeof(r->alpn)) == NULL)
		abort();
	if (r->n_ssl2_specs > sizeof(r->ssl2_specs) / sizeof(r->ssl2_specs[0]))
		abort();
	if (k == TLS_REPLY_HELLO && !r->saw_server_hello)
		abort();
	if (r->dhe_group != 0 && (r->dhe_group < 0x0100 || r->dhe_group > 0x0104))
		abort();
	/* the names never fail */
	if (!tls_version_name(r->version) || !tls_suite_name(r->suite) ||
	    !tls_group_name(r->group) || !tls_sigalg_name(r->ske_sigalg))
		abort();
}

static int
same_reply(const struct tls_reply *a, const struct tls_reply *b)
{
	return a->kind == b->kind && a->why == b->why &&
	    a->alert_level == b->alert_level && a->alert_desc == b->alert_desc &&
	    a->record_version == b->record_version && a->version == b->version &&
	    a->suite == b->suite && a->compression == b->compression &&
	    a->group == b->group && a->dhe_bits == b->dhe_bits &&
	    a->dhe_group == b->dhe_group && a->ske_sigalg == b->ske_sigalg &&
	    a->has_reneg_info == b->has_reneg_info && a->has_ems == b->has_ems &&
	    a->has_status_request == b->has_status_request &&
	    a->has_session_ticket == b->has_session_ticket &&
	    strcmp(a->alpn, b->alpn) == 0 &&
	    a->saw_certificate == b->saw_certificate &&
	    a->saw_done == b->saw_done &&
	    a->n_ssl2_specs == b->n_ssl2_specs &&
	    memcmp(a->ssl2_specs, b->ssl2_specs,
	        a->n_ssl2_specs * sizeof(a->ssl2_specs[0])) == 0 &&
	    a->saw_server_hello == b->saw_server_hello &&
	    a->downgrade_from == b->downgrade_from;
}

static void
prefix(const uint8_t *data, size_t cut, const struct tls_reply *whole)
{
	struct tls_reply r;
	enum tls_reply_kind k;
	uint8_t *copy = malloc(cut ? cut : 1);

	if (copy == NULL)
		return;
	memcpy(copy, data, cut);
	k = tls_reply_parse(copy, cut, &r);
	check_reply(&r, k);
	if (k != TLS_REPLY_NEED_MORE && !same_reply(&r, whole))
		abort();
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tls_reply whole;
	enum tls_reply_kind k;
	uint8_t *copy = malloc(size ? size : 1);

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	k = tls_reply_parse(copy, size, &whole);
	check_reply(&whole, k);
	free(copy);
	prefix(data, size / 2, &whole);
	if (size > 0)
		prefix(data, (size_t)data[0] * size / 256, &whole);
	return 0;
}
