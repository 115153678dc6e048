/*
 * fuzz_tls_hello: ClientHellos from options the input chooses. Byte 0
 * picks the version (one invalid), byte 1 min_version, byte 2 the flags,
 * bytes 3-7 the list and string lengths, then 32 bytes of random, then a
 * pool the suites, groups, sigalgs, SSLv2 specs, SNI and ALPN are drawn
 * from. Every hello built must read back through the test-side walker
 * with the options visible in it, must not fit a buffer one byte shorter,
 * and must not parse as a server reply.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tls/hello.h"
#include "../tests/unit/tls_walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HDR_LEN 8

static const uint16_t versions[] = {
	TLS_SSL2, TLS_SSL3, TLS_V1_0, TLS_V1_1, TLS_V1_2, TLS_V1_3, TLS_V1_3,
	0x0305,
};
static const uint16_t min_versions[] = {
	0, TLS_SSL3, TLS_V1_0, TLS_V1_1, TLS_V1_2, TLS_V1_3,
};
/* groups with (or deliberately without) a key share */
static const uint16_t interesting[] = {
	29, 30, 23, 24, 25, 31, 32, 33, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
	0x11ec, 0x11eb, 0x6399, 21, 26,
};

struct pool {
	const uint8_t *p;
	size_t n, at;
};

static unsigned
pool_u8(struct pool *pl)
{
	if (pl->n == 0)
		return 0;
	return pl->p[pl->at++ % pl->n];
}

static unsigned
pool_u16(struct pool *pl)
{
	unsigned hi = pool_u8(pl);

	return hi << 8 | pool_u8(pl);
}

static void
pool_str(struct pool *pl, char *s, size_t len, const char *alphabet)
{
	size_t i, n = strlen(alphabet);

	for (i = 0; i < len; i++)
		s[i] = alphabet[pool_u8(pl) % n];
	s[len] = '\0';
}

static size_t
share_len(uint16_t g)
{
	switch (g) {
	case 29: return 32;
	case 30: return 56;
	case 23: case 31: return 65;
	case 24: case 32: return 97;
	case 25: return 133;
	case 33: return 129;
	case 0x0100: return 256;
	case 0x0101: return 384;
	case 0x0102: return 512;
	case 0x0103: return 768;
	case 0x0104: return 1024;
	default: return 0;
	}
}

static void
check_present(const struct walk_hello *w, uint16_t type, int want)
{
	if ((walk_find(w, type) != NULL) != (want != 0))
		abort();
}

static void
check_tls(const struct tls_hello_opts *o, const uint8_t *b, size_t n)
{
	struct walk_hello w;
	size_t i;
	int v13 = o->version == TLS_V1_3;

	if (walk_hello(b, n, &w) != NULL || w.ssl2)
		abort();
	if (w.record_version != (o->version == TLS_SSL3 ? 0x0300 : 0x0301) ||
	    w.legacy_version != (v13 ? TLS_V1_2 : o->version) ||
	    w.sid_len != (v13 ? 32u : 0u) || w.n_suites != o->n_suites ||
	    memcmp(w.random, o->random, 32) != 0)
		abort();
	for (i = 0; i < o->n_suites; i++)
		if (walk_u16(w.suites + 2 * i) != o->suites[i])
			abort();
	if (w.n_comp != (o->deflate ? 2u : 1u))
		abort();
	if (o->no_extensions) {
		if (w.has_ext_block)
			abort();
		return;
	}
	check_present(&w, 35, 1);
	check_present(&w, 0xff01, o->reneg_info);
	check_present(&w, 23, o->ems);
	check_present(&w, 5, o->status_request);
	check_present(&w, 11, o->ec_point_formats);
	check_present(&w, 10, o->n_groups > 0);
	check_present(&w, 13, o->version >= TLS_V1_2 && o->n_sigalgs > 0);
	check_present(&w, 43, v13);
	check_present(&w, 45, v13);
	check_present(&w, 51, v13 && o->n_groups > 0);
	if (v13 && o->n_groups > 0) {
		size_t want = share_len(o->groups[0]);

		if (want == 0 ? w.n_shares != 0 :
		    (w.n_shares != 1 || w.share_group != o->groups[0] ||
		    w.share_len != want))
			abort();
	}
}

/* No hello here can outgrow a record, so validity is predictable. */
static int
expect_ok(const struct tls_hello_opts *o)
{
	size_t n;

	if (o->version == TLS_SSL2)
		return o->n_ssl2_specs >= 1 && o->n_ssl2_specs <= TLS_MAX_SUITES;
	if (o->version < TLS_SSL3 || o->version > TLS_V1_3 ||
	    o->n_suites == 0 || o->n_suites > TLS_MAX_SUITES ||
	    o->n_groups > TLS_MAX_GROUPS || o->n_sigalgs > TLS_MAX_SIGALGS ||
	    o->min_version > o->version)
		return 0;
	if (!o->no_extensions && o->sni != NULL) {
		n = strlen(o->sni);
		if (n > 0 && o->sni[n - 1] == '.')
			n--;
		if (n > 255)
			return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint16_t suites[TLS_MAX_SUITES + 1], groups[TLS_MAX_GROUPS + 1];
	static uint16_t sigalgs[TLS_MAX_SIGALGS + 1];
	static uint32_t specs[TLS_MAX_SUITES + 1];
	static uint8_t buf[TLS_HELLO_MAX + 64];
	char sni[520], alpn[300];
	struct tls_hello_opts o;
	struct tls_reply r;
	struct walk_hello w;
	struct pool pl;
	size_t i, rnd;
	unsigned flags;
	uint8_t *exact;
	int n;

	if (size < HDR_LEN)
		return 0;
	memset(&o, 0, sizeof(o));
	o.version = versions[data[0] % 8];
	o.min_version = min_versions[data[1] % 6];
	flags = data[2];
	o.no_extensions = flags & 1;
	o.reneg_info = flags >> 1 & 1;
	o.ems = flags >> 2 & 1;
	o.status_request = flags >> 3 & 1;
	o.ec_point_formats = flags >> 4 & 1;
	o.deflate = flags >> 5 & 1;
	o.n_suites = (size_t)data[3] * 2 + (data[1] >> 7);  /* 0 .. 511 */
	if (data[1] & 0x40)
		o.n_suites = TLS_MAX_SUITES + (data[1] & 1);
	o.n_groups = (size_t)(data[4] % (TLS_MAX_GROUPS + 2));
	o.n_sigalgs = (size_t)(data[5] % (TLS_MAX_SIGALGS + 2));
	rnd = size - HDR_LEN < 32 ? size - HDR_LEN : 32;
	memcpy(o.random, data + HDR_LEN, rnd);
	pl.p = data + HDR_LEN + rnd;
	pl.n = size - HDR_LEN - rnd;
	pl.at = 0;

	for (i = 0; i < o.n_suites; i++)
		suites[i] = (uint16_t)pool_u16(&pl);
	for (i = 0; i < o.n_groups; i++) {
		unsigned b = pool_u8(&pl);

		groups[i] = b & 0x80 ? (uint16_t)(b << 8 | pool_u8(&pl)) :
		    interesting[b % (sizeof(interesting) / sizeof(interesting[0]))];
	}
	for (i = 0; i < o.n_sigalgs; i++)
		sigalgs[i] = (uint16_t)pool_u16(&pl);
	o.n_ssl2_specs = o.n_suites;
	for (i = 0; i < o.n_ssl2_specs; i++)
		specs[i] = (uint32_t)pool_u8(&pl) << 16 | pool_u16(&pl);
	o.suites = suites;
	o.groups = groups;
	o.sigalgs = sigalgs;
	o.ssl2_specs = specs;
	if (flags & 0x40) {
		pool_str(&pl, sni, (size_t)data[6] * 2, "abcdefghijklmnopqrstuvwxyz0123456789.-:");
		o.sni = sni;
	}
	if (flags & 0x80) {
		pool_str(&pl, alpn, data[7], "h2,http/1.1acme-tls/1,,");
		o.alpn = alpn;
	}

	n = tls_hello_build(buf, sizeof(buf), &o);
	if ((n >= 0) != expect_ok(&o))
		abort();
	if (n < 0)
		return 0;
	if ((size_t)n > sizeof(buf) || n < 2)
		abort();
	if (o.version == TLS_SSL2) {
		if (walk_hello(buf, (size_t)n, &w) != NULL || !w.ssl2 ||
		    w.n_suites != o.n_ssl2_specs || w.random_len != 16)
			abort();
	} else
		check_tls(&o, buf, (size_t)n);
	/* exactly n bytes are needed */
	if ((exact = malloc((size_t)n)) == NULL)
		return 0;
	if (tls_hello_build(exact, (size_t)n, &o) != n ||
	    memcmp(exact, buf, (size_t)n) != 0 ||
	    tls_hello_build(exact, (size_t)n - 1, &o) != -1)
		abort();
	/* a ClientHello is never a server's answer */
	if (tls_reply_parse(exact, (size_t)n, &r) != TLS_REPLY_GARBAGE)
		abort();
	free(exact);
	return 0;
}
