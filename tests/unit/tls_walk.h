/*
 * tls_walk: a test-side reader of the ClientHellos that tls_hello_build
 * writes, written apart from the library so that the two check each other.
 * Shared by tests/unit/test_tls_hello.c and fuzz/fuzz_tls_hello.c. It
 * checks every length field, that nothing trails, and the inner structure
 * of each extension the builder can send.
 */
#ifndef UTD_TLS_WALK_H
#define UTD_TLS_WALK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define WALK_MAX_EXT 32

struct walk_ext {
	uint16_t type;
	const uint8_t *data;
	size_t len;
};

struct walk_hello {
	int ssl2;
	uint16_t record_version;    /* SSL2: 0 */
	uint16_t legacy_version;    /* SSL2: the CLIENT-HELLO version */
	const uint8_t *random;      /* 32 bytes; SSL2: the challenge */
	size_t random_len;
	size_t sid_len;
	const uint8_t *suites;      /* 2 bytes each; SSL2: 3-byte specs */
	size_t n_suites;
	const uint8_t *comp;
	size_t n_comp;
	int has_ext_block;
	struct walk_ext ext[WALK_MAX_EXT];
	size_t n_ext;
	int n_shares;               /* key_share entries */
	uint16_t share_group;       /* the first entry's group and key */
	const uint8_t *share;
	size_t share_len;
};

static inline unsigned
walk_u16(const uint8_t *p)
{
	return (unsigned)(p[0] << 8 | p[1]);
}

static inline const struct walk_ext *
walk_find(const struct walk_hello *w, uint16_t type)
{
	size_t i;

	for (i = 0; i < w->n_ext; i++)
		if (w->ext[i].type == type)
			return &w->ext[i];
	return NULL;
}

/* A u16-length list of u16 values filling the whole extension. */
static inline int
walk_u16_list(const uint8_t *d, size_t n)
{
	return n >= 4 && walk_u16(d) == n - 2 && (n - 2) % 2 == 0;
}

static inline const char *
walk_ext_body(struct walk_hello *w, unsigned type, const uint8_t *d, size_t n)
{
	size_t off, k;

	switch (type) {
	case 0:                             /* server_name */
		if (n < 5 || walk_u16(d) != n - 2 || d[2] != 0 ||
		    walk_u16(d + 3) != n - 5 || n - 5 == 0)
			return "bad server_name";
		break;
	case 5:                             /* status_request */
		if (n != 5 || d[0] != 1 || walk_u16(d + 1) || walk_u16(d + 3))
			return "bad status_request";
		break;
	case 10:
	case 13:
		if (!walk_u16_list(d, n))
			return "bad u16 list extension";
		break;
	case 11:                            /* ec_point_formats */
		if (n < 2 || d[0] != n - 1)
			return "bad ec_point_formats";
		break;
	case 16:                            /* ALPN */
		if (n < 3 || walk_u16(d) != n - 2)
			return "bad ALPN";
		for (off = 2; off < n; off += 1 + k) {
			k = d[off];
			if (k == 0 || k > n - off - 1)
				return "bad ALPN item";
		}
		break;
	case 23:
	case 35:
		if (n != 0)
			return "non-empty ems/session_ticket";
		break;
	case 43:                            /* supported_versions */
		if (n < 3 || d[0] != n - 1 || (n - 1) % 2)
			return "bad supported_versions";
		break;
	case 45:
		if (n != 2 || d[0] != 1 || d[1] != 1)
			return "bad psk_key_exchange_modes";
		break;
	case 51:                            /* key_share */
		if (n < 2 || walk_u16(d) != n - 2)
			return "bad key_share list";
		for (off = 2; off < n; off += 4 + k) {
			if (n - off < 4)
				return "bad key_share entry";
			k = walk_u16(d + off + 2);
			if (k == 0 || k > n - off - 4)
				return "bad key_share key";
			if (w->n_shares++ == 0) {
				w->share_group = (uint16_t)walk_u16(d + off);
				w->share = d + off + 4;
				w->share_len = k;
			}
		}
		break;
	case 0xff01:
		if (n != 1 || d[0] != 0)
			return "bad renegotiation_info";
		break;
	default:
		return "unexpected extension";
	}
	return NULL;
}

static inline const char *
walk_ssl2(const uint8_t *b, size_t n, struct walk_hello *w)
{
	size_t rlen, specs, sid, chal;

	if (n < 11 || !(b[0] & 0x80))
		return "short SSLv2 hello";
	rlen = (size_t)(b[0] & 0x7f) << 8 | b[1];
	if (rlen != n - 2 || b[2] != 1)
		return "bad SSLv2 header";
	w->ssl2 = 1;
	w->legacy_version = (uint16_t)walk_u16(b + 3);
	specs = walk_u16(b + 5);
	sid = walk_u16(b + 7);
	chal = walk_u16(b + 9);
	if (specs % 3 || 9 + specs + sid + chal != rlen)
		return "bad SSLv2 lengths";
	w->suites = b + 11;
	w->n_suites = specs / 3;
	w->sid_len = sid;
	w->random = b + 11 + specs + sid;
	w->random_len = chal;
	return NULL;
}

/* NULL when b[0..n) is one well-formed hello, else what is wrong. */
static inline const char *
walk_hello(const uint8_t *b, size_t n, struct walk_hello *w)
{
	size_t off, end, k, i, elen;
	const char *why;

	memset(w, 0, sizeof(*w));
	if (n > 0 && (b[0] & 0x80))
		return walk_ssl2(b, n, w);
	if (n < 5 + 4 || b[0] != 22)
		return "not a handshake record";
	w->record_version = (uint16_t)walk_u16(b + 1);
	if (walk_u16(b + 3) != n - 5 || n - 5 > 16384)
		return "record length";
	if (b[5] != 1)
		return "not a ClientHello";
	if (((size_t)b[6] << 16 | walk_u16(b + 7)) != n - 9)
		return "handshake length";
	off = 9;
	end = n;
	if (end - off < 2 + 32 + 1)
		return "short ClientHello";
	w->legacy_version = (uint16_t)walk_u16(b + off);
	w->random = b + off + 2;
	w->random_len = 32;
	off += 34;
	w->sid_len = b[off++];
	if (w->sid_len > 32 || end - off < w->sid_len + 2)
		return "session id";
	off += w->sid_len;
	k = walk_u16(b + off);
	off += 2;
	if (k == 0 || k % 2 || end - off < k + 1)
		return "cipher suites";
	w->suites = b + off;
	w->n_suites = k / 2;
	off += k;
	w->n_comp = b[off++];
	if (w->n_comp == 0 || end - off < w->n_comp)
		return "compression methods";
	w->comp = b + off;
	off += w->n_comp;
	if (off == end)
		return NULL;
	w->has_ext_block = 1;
	if (end - off < 2 || walk_u16(b + off) != end - off - 2)
		return "extensions length";
	off += 2;
	while (off < end) {
		if (end - off < 4)
			return "extension header";
		elen = walk_u16(b + off + 2);
		if (elen > end - off - 4)
			return "extension length";
		if (w->n_ext == WALK_MAX_EXT)
			return "too many extensions";
		w->ext[w->n_ext].type = (uint16_t)walk_u16(b + off);
		w->ext[w->n_ext].data = b + off + 4;
		w->ext[w->n_ext].len = elen;
		for (i = 0; i < w->n_ext; i++)
			if (w->ext[i].type == w->ext[w->n_ext].type)
				return "duplicate extension";
		why = walk_ext_body(w, w->ext[w->n_ext].type, b + off + 4, elen);
		if (why)
			return why;
		w->n_ext++;
		off += 4 + elen;
	}
	if (w->n_shares > 1)
		return "more than one key share";
	return NULL;
}

#endif
