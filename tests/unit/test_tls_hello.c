/*
 * test_tls_hello: ClientHellos read back by the test-side walker, server
 * replies built by hand and fed whole, split across records and byte by
 * byte, the RFC 7919 primes derived here from e, and a real OpenSSL
 * s_server on 127.0.0.1 answering our TLS 1.3 and TLS 1.2 hellos.
 *
 * UTD_TLS_DUMP=dir writes each s_server reply there (fuzz corpus seeds).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tls/hello.h"
#include "unit.h"
#include "tls_walk.h"

extern char **environ;

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- a growing byte buffer for hand-built replies ---- */

struct bb {
	uint8_t *d;
	size_t n, cap;
};

static void
bb_put(struct bb *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		uint8_t *d;

		while (cap < b->n + n)
			cap *= 2;
		if ((d = realloc(b->d, cap)) == NULL)
			abort();
		b->d = d;
		b->cap = cap;
	}
	if (n)
		memcpy(b->d + b->n, p, n);
	b->n += n;
}

static void
bb_u8(struct bb *b, unsigned v)
{
	uint8_t x = (uint8_t)v;

	bb_put(b, &x, 1);
}

static void
bb_u16(struct bb *b, unsigned v)
{
	bb_u8(b, v >> 8);
	bb_u8(b, v);
}

static void
bb_u24(struct bb *b, size_t v)
{
	bb_u8(b, (unsigned)(v >> 16));
	bb_u16(b, (unsigned)v);
}

static void
bb_fill(struct bb *b, unsigned v, size_t n)
{
	while (n--)
		bb_u8(b, v);
}

static void
bb_free(struct bb *b)
{
	free(b->d);
	memset(b, 0, sizeof(*b));
}

static void
ext_add(struct bb *exts, unsigned type, const void *data, size_t len)
{
	bb_u16(exts, type);
	bb_u16(exts, (unsigned)len);
	bb_put(exts, data, len);
}

/* Handshake message: type, 3-byte length, body. */
static void
hs_add(struct bb *stream, unsigned type, const struct bb *body)
{
	bb_u8(stream, type);
	bb_u24(stream, body->n);
	bb_put(stream, body->d, body->n);
}

/* Records of content type ct carrying p[0..n), cut in irregular sizes
 * (chunk 0: one record). */
static void
rec_add(struct bb *out, unsigned ct, unsigned ver, const uint8_t *p, size_t n,
    size_t chunk)
{
	static const size_t odd[] = { 3, 1, 7, 2, 300 };
	size_t off = 0, take, i = 0;

	do {
		take = chunk ? odd[i++ % NELEM(odd)] : n;
		if (chunk && take > chunk)
			take = chunk;
		if (take > n - off)
			take = n - off;
		if (take > 16384)
			take = 16384;
		bb_u8(out, ct);
		bb_u16(out, ver);
		bb_u16(out, (unsigned)take);
		bb_put(out, p + off, take);
		off += take;
	} while (off < n);
}

static const uint8_t hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02,
	0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e,
	0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

/* A ServerHello body; exts NULL for none at all. */
static void
sh_body(struct bb *b, unsigned ver, const uint8_t *random, unsigned suite,
    unsigned comp, const struct bb *exts)
{
	uint8_t r[32];

	memset(r, 0x5a, sizeof(r));
	bb_u16(b, ver);
	bb_put(b, random ? random : r, 32);
	bb_u8(b, 0);
	bb_u16(b, suite);
	bb_u8(b, comp);
	if (exts) {
		bb_u16(b, (unsigned)exts->n);
		bb_put(b, exts->d, exts->n);
	}
}

/* ---- hellos ---- */

static const uint16_t suites13[] = { 0x1302, 0x1303, 0x1301 };
static const uint16_t suites12[] = { 0xc02f, 0xc030, 0xc02b, 0x009e, 0x00ff };
static const uint16_t groups[] = { 29, 23, 24 };
static const uint16_t sigalgs[] = { 0x0403, 0x0804, 0x0401, 0x0201 };
static const uint32_t ssl2_specs[] = { 0x010080, 0x0700c0, 0x060040 };

static void
opts_full(struct tls_hello_opts *o, uint16_t version)
{
	memset(o, 0, sizeof(*o));
	o->version = version;
	o->suites = version == TLS_V1_3 ? suites13 : suites12;
	o->n_suites = version == TLS_V1_3 ? NELEM(suites13) : NELEM(suites12);
	o->groups = groups;
	o->n_groups = NELEM(groups);
	o->sigalgs = sigalgs;
	o->n_sigalgs = NELEM(sigalgs);
	o->sni = "www.example.test.";
	o->alpn = "h2,,http/1.1";
	o->reneg_info = o->ems = o->status_request = o->ec_point_formats = 1;
	memset(o->random, 0xab, sizeof(o->random));
	o->random[0] = (uint8_t)version;
}

static int
has_ext(const struct walk_hello *w, uint16_t type)
{
	return walk_find(w, type) != NULL;
}

static void
test_hello_versions(void)
{
	static const uint16_t versions[] = {
		TLS_SSL3, TLS_V1_0, TLS_V1_1, TLS_V1_2, TLS_V1_3,
	};
	uint8_t buf[TLS_HELLO_MAX + 5], again[TLS_HELLO_MAX + 5];
	struct tls_hello_opts o;
	struct walk_hello w;
	const struct walk_ext *e;
	struct tls_reply r;
	size_t i, j;
	int n;

	for (i = 0; i < NELEM(versions); i++) {
		uint16_t v = versions[i];

		opts_full(&o, v);
		if (v == TLS_SSL3)
			o.no_extensions = 1;
		if (v == TLS_V1_3)
			o.min_version = TLS_V1_2;
		n = tls_hello_build(buf, sizeof(buf), &o);
		CHECK(n > 0);
		if (n <= 0)
			continue;
		CHECK(walk_hello(buf, (size_t)n, &w) == NULL);
		CHECK(w.record_version == (v == TLS_SSL3 ? 0x0300 : 0x0301));
		CHECK(w.legacy_version == (v == TLS_V1_3 ? TLS_V1_2 : v));
		CHECK(memcmp(w.random, o.random, 32) == 0);
		CHECK(w.sid_len == (v == TLS_V1_3 ? 32u : 0u));
		CHECK(w.n_suites == o.n_suites);
		for (j = 0; j < w.n_suites && j < o.n_suites; j++)
			CHECK(walk_u16(w.suites + 2 * j) == o.suites[j]);
		CHECK(w.n_comp == 1 && w.comp[0] == 0);
		if (v == TLS_SSL3) {
			CHECK(!w.has_ext_block);
			continue;
		}
		CHECK(has_ext(&w, 0) && has_ext(&w, 10) && has_ext(&w, 11));
		CHECK(has_ext(&w, 13) == (v >= TLS_V1_2));
		CHECK(has_ext(&w, 5) && has_ext(&w, 16) && has_ext(&w, 23));
		CHECK(has_ext(&w, 0xff01) && has_ext(&w, 35));
		CHECK(has_ext(&w, 43) == (v == TLS_V1_3));
		CHECK(has_ext(&w, 51) == (v == TLS_V1_3));
		CHECK(has_ext(&w, 45) == (v == TLS_V1_3));
		/* the trailing dot is not sent */
		e = walk_find(&w, 0);
		CHECK(e && e->len == 5 + 16 && memcmp(e->data + 5, "www.example.test", 16) == 0);
		/* empty ALPN items are skipped */
		e = walk_find(&w, 16);
		CHECK(e && e->len == 2 + 3 + 9 && e->data[2] == 2 && e->data[5] == 8);
		e = walk_find(&w, 10);
		CHECK(e && e->len == 2 + 2 * NELEM(groups) && walk_u16(e->data + 2) == 29);
		if (v == TLS_V1_3) {
			e = walk_find(&w, 43);
			CHECK(e && e->len == 5 && walk_u16(e->data + 1) == 0x0304 &&
			    walk_u16(e->data + 3) == 0x0303);
			CHECK(w.n_shares == 1 && w.share_group == 29 && w.share_len == 32);
			CHECK(memcmp(w.share, o.random, 32) != 0);
			CHECK(memcmp(w.random + 0, buf + 44, 32) != 0);  /* sid != random */
		}
		/* deterministic for the same options */
		CHECK(tls_hello_build(again, sizeof(again), &o) == n &&
		    memcmp(buf, again, (size_t)n) == 0);
		/* our own hello is no server reply */
		CHECK(tls_reply_parse(buf, (size_t)n, &r) == TLS_REPLY_GARBAGE);
		CHECK_STR(r.why, "expected a ServerHello");
		/* every cut short of the whole fails the walker */
		for (j = 1; j < (size_t)n; j += 7)
			CHECK(walk_hello(buf, j, &w) != NULL);
	}

	/* TLS 1.3 only: one version; deflate; ec_point_formats off */
	opts_full(&o, TLS_V1_3);
	o.deflate = 1;
	o.ec_point_formats = 0;
	n = tls_hello_build(buf, sizeof(buf), &o);
	CHECK(n > 0 && walk_hello(buf, (size_t)n, &w) == NULL);
	CHECK(w.n_comp == 2 && w.comp[0] == 1 && w.comp[1] == 0);
	CHECK(!has_ext(&w, 11));
	e = walk_find(&w, 43);
	CHECK(e && e->len == 3 && walk_u16(e->data + 1) == 0x0304);

	/* TLS 1.3 down to SSL 3.0 */
	o.min_version = TLS_SSL3;
	n = tls_hello_build(buf, sizeof(buf), &o);
	CHECK(n > 0 && walk_hello(buf, (size_t)n, &w) == NULL);
	e = walk_find(&w, 43);
	CHECK(e && e->len == 1 + 2 * 5 && walk_u16(e->data + 9) == 0x0300);

	/* no flags: only session_ticket (and groups) remain */
	memset(&o, 0, sizeof(o));
	o.version = TLS_V1_2;
	o.suites = suites12;
	o.n_suites = NELEM(suites12);
	n = tls_hello_build(buf, sizeof(buf), &o);
	CHECK(n > 0 && walk_hello(buf, (size_t)n, &w) == NULL);
	CHECK(w.n_ext == 1 && w.ext[0].type == 35);

	/* IP literals get no server_name */
	opts_full(&o, TLS_V1_2);
	o.sni = "198.51.100.1";
	n = tls_hello_build(buf, sizeof(buf), &o);
	CHECK(n > 0 && walk_hello(buf, (size_t)n, &w) == NULL && !has_ext(&w, 0));
	o.sni = "2001:db8::1";
	n = tls_hello_build(buf, sizeof(buf), &o);
	CHECK(n > 0 && walk_hello(buf, (size_t)n, &w) == NULL && !has_ext(&w, 0));
}

struct share_case {
	uint16_t group;
	size_t len;                 /* 0: no entry sent */
	uint8_t first;
};

static void
test_hello_key_shares(void)
{
	static const struct share_case cases[] = {
		{ 29, 32, 0 }, { 30, 56, 0 }, { 23, 65, 4 }, { 24, 97, 4 },
		{ 25, 133, 4 }, { 31, 65, 4 }, { 32, 97, 4 }, { 33, 129, 4 },
		{ 0x0100, 256, 0 }, { 0x0101, 384, 0 }, { 0x0104, 1024, 0 },
		{ 0x11ec, 0, 0 }, { 0x6399, 0, 0 }, { 0x1234, 0, 0 },
	};
	uint8_t buf[TLS_HELLO_MAX + 5];
	struct tls_hello_opts o;
	struct walk_hello w;
	uint16_t g[2];
	size_t i, j;
	int n, zeros;

	for (i = 0; i < NELEM(cases); i++) {
		opts_full(&o, TLS_V1_3);
		g[0] = cases[i].group;
		g[1] = 29;
		o.groups = g;
		o.n_groups = 2;
		n = tls_hello_build(buf, sizeof(buf), &o);
		CHECK(n > 0 && walk_hello(buf, (size_t)n, &w) == NULL);
		CHECK(has_ext(&w, 51));
		if (cases[i].len == 0) {
			CHECK(w.n_shares == 0);
			continue;
		}
		CHECK(w.n_shares == 1 && w.share_group == cases[i].group);
		CHECK(w.share_len == cases[i].len);
		if (w.share_len != cases[i].len)
			continue;
		if (cases[i].first == 4)
			CHECK(w.share[0] == 4);
		if (cases[i].group >= 0x0100 && cases[i].group <= 0x0104) {
			for (j = 0, zeros = 1; j + 1 < w.share_len; j++)
				zeros &= w.share[j] == 0;
			CHECK(zeros && w.share[w.share_len - 1] == 2);
		}
	}
	/* x25519 shares follow the random */
	{
		uint8_t a[32], b[32];

		opts_full(&o, TLS_V1_3);
		n = tls_hello_build(buf, sizeof(buf), &o);
		CHECK(n > 0 && walk_hello(buf, (size_t)n, &w) == NULL && w.share_len == 32);
		memcpy(a, w.share, 32);
		o.random[5] ^= 1;
		n = tls_hello_build(buf, sizeof(buf), &o);
		CHECK(n > 0 && walk_hello(buf, (size_t)n, &w) == NULL && w.share_len == 32);
		memcpy(b, w.share, 32);
		CHECK(memcmp(a, b, 32) != 0);
		CHECK((a[31] & 0x80) == 0);
	}
}

static void
test_hello_limits(void)
{
	uint8_t buf[TLS_HELLO_MAX + 5];
	uint16_t many[TLS_MAX_SUITES + 1];
	struct tls_hello_opts o;
	struct walk_hello w;
	char *alpn, longname[300];
	size_t i;
	int n;

	for (i = 0; i < NELEM(many); i++)
		many[i] = (uint16_t)(0x0100 + i);
	opts_full(&o, TLS_V1_2);
	o.suites = many;
	o.n_suites = TLS_MAX_SUITES;
	n = tls_hello_build(buf, sizeof(buf), &o);
	CHECK(n > 0 && walk_hello(buf, (size_t)n, &w) == NULL && w.n_suites == TLS_MAX_SUITES);
	o.n_suites = TLS_MAX_SUITES + 1;
	CHECK(tls_hello_build(buf, sizeof(buf), &o) == -1);
	o.n_suites = 0;
	CHECK(tls_hello_build(buf, sizeof(buf), &o) == -1);

	/* too small a buffer, at every size */
	opts_full(&o, TLS_V1_3);
	n = tls_hello_build(buf, sizeof(buf), &o);
	CHECK(n > 0);
	for (i = 0; n > 0 && i < (size_t)n; i += 13)
		CHECK(tls_hello_build(buf, i, &o) == -1);
	CHECK(tls_hello_build(buf, (size_t)n, &o) == n);

	/* bad options */
	opts_full(&o, TLS_V1_3);
	o.min_version = 0x0305;
	CHECK(tls_hello_build(buf, sizeof(buf), &o) == -1);
	o.min_version = 0;
	o.version = 0x0305;
	CHECK(tls_hello_build(buf, sizeof(buf), &o) == -1);
	o.version = 0x0201;
	CHECK(tls_hello_build(buf, sizeof(buf), &o) == -1);
	opts_full(&o, TLS_V1_2);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	o.sni = longname;
	CHECK(tls_hello_build(buf, sizeof(buf), &o) == -1);
	longname[255] = '\0';
	o.sni = longname;
	CHECK(tls_hello_build(buf, sizeof(buf), &o) > 0);
	o.sni = NULL;
	o.alpn = longname + 255 - 200;
	CHECK(tls_hello_build(buf, sizeof(buf), &o) > 0);
	longname[255] = 'a';
	longname[256 + 1] = '\0';    /* 257 bytes: one item too long */
	o.alpn = longname;
	CHECK(tls_hello_build(buf, sizeof(buf), &o) == -1);

	/* more than one record's worth */
	alpn = malloc(80 * 256 + 1);
	CHECK(alpn != NULL);
	if (alpn) {
		for (i = 0; i < 80; i++) {
			memset(alpn + 256 * i, 'x', 255);
			alpn[256 * i + 255] = ',';
		}
		alpn[80 * 256] = '\0';
		opts_full(&o, TLS_V1_2);
		o.alpn = alpn;
		CHECK(tls_hello_build(buf, sizeof(buf), &o) == -1);
		alpn[60 * 256] = '\0';       /* 60 * 256 bytes fits */
		n = tls_hello_build(buf, sizeof(buf), &o);
		CHECK(n > 15000 && walk_hello(buf, (size_t)n, &w) == NULL);
		free(alpn);
	}
}

static void
test_hello_ssl2(void)
{
	uint8_t buf[1024];
	struct tls_hello_opts o;
	struct walk_hello w;
	int n;

	memset(&o, 0, sizeof(o));
	o.version = TLS_SSL2;
	memset(o.random, 0x11, sizeof(o.random));
	CHECK(tls_hello_build(buf, sizeof(buf), &o) == -1);    /* no specs */
	o.ssl2_specs = ssl2_specs;
	o.n_ssl2_specs = NELEM(ssl2_specs);
	n = tls_hello_build(buf, sizeof(buf), &o);
	CHECK(n == 2 + 9 + 9 + 16);
	CHECK(n > 0 && walk_hello(buf, (size_t)n, &w) == NULL);
	CHECK(w.ssl2 && w.legacy_version == 0x0002 && w.n_suites == 3);
	CHECK(w.sid_len == 0 && w.random_len == 16);
	CHECK(buf[0] == 0x80 && buf[1] == n - 2 && buf[2] == 1);
	CHECK(buf[11] == 0x01 && buf[12] == 0x00 && buf[13] == 0x80);
	CHECK(buf[14] == 0x07 && buf[15] == 0x00 && buf[16] == 0xc0);
	CHECK(memcmp(buf + n - 16, o.random, 16) == 0);
	CHECK(tls_hello_build(buf, 20, &o) == -1);
	{
		uint32_t bad = 0x1000000;

		o.ssl2_specs = &bad;
		o.n_ssl2_specs = 1;
		CHECK(tls_hello_build(buf, sizeof(buf), &o) == -1);
	}
}

/* ---- replies ---- */

static void
test_reply_tls12_flight(void)
{
	struct bb exts = { 0 }, body = { 0 }, stream = { 0 }, wire = { 0 };
	struct tls_reply r;
	static const uint8_t reneg[] = { 0 }, alpn[] = { 0, 3, 2, 'h', '2' };
	uint8_t key[32];
	size_t i, bad = 0;

	ext_add(&exts, 0xff01, reneg, 1);
	ext_add(&exts, 23, NULL, 0);
	ext_add(&exts, 16, alpn, sizeof(alpn));
	ext_add(&exts, 35, NULL, 0);
	ext_add(&exts, 5, NULL, 0);
	ext_add(&exts, 11, "\x01\x00", 2);
	sh_body(&body, 0x0303, NULL, 0xc02f, 0, &exts);
	hs_add(&stream, 2, &body);
	body.n = 0;
	bb_u24(&body, 2 * (3 + 600));        /* two fake certificates */
	for (i = 0; i < 2; i++) {
		bb_u24(&body, 600);
		bb_fill(&body, 0x30 + (unsigned)i, 600);
	}
	hs_add(&stream, 11, &body);
	body.n = 0;
	memset(key, 9, sizeof(key));
	bb_u8(&body, 3);
	bb_u16(&body, 29);
	bb_u8(&body, 32);
	bb_put(&body, key, 32);
	bb_u16(&body, 0x0401);
	bb_u16(&body, 256);
	bb_fill(&body, 0xee, 256);
	hs_add(&stream, 12, &body);
	body.n = 0;
	hs_add(&stream, 14, &body);

	rec_add(&wire, 22, 0x0303, stream.d, stream.n, 1000);
	CHECK(wire.n > stream.n + 5 * 5);
	for (i = 0; i < wire.n; i++)
		if (tls_reply_parse(wire.d, i, &r) != TLS_REPLY_NEED_MORE)
			bad++;
	CHECK(bad == 0);
	CHECK(tls_reply_parse(wire.d, wire.n, &r) == TLS_REPLY_HELLO);
	CHECK(r.kind == TLS_REPLY_HELLO && r.why == NULL);
	CHECK(r.record_version == 0x0303 && r.version == TLS_V1_2);
	CHECK(r.suite == 0xc02f && r.compression == 0);
	CHECK(r.group == 29 && r.ske_sigalg == 0x0401);
	CHECK(r.has_reneg_info && r.has_ems && r.has_session_ticket && r.has_status_request);
	CHECK_STR(r.alpn, "h2");
	CHECK(r.saw_server_hello && r.saw_certificate && r.saw_done);
	CHECK(r.dhe_bits == 0 && r.dhe_group == 0 && r.downgrade_from == 0);

	/* the same flight in one record, and then with bytes after it */
	wire.n = 0;
	rec_add(&wire, 22, 0x0303, stream.d, stream.n, 0);
	CHECK(tls_reply_parse(wire.d, wire.n, &r) == TLS_REPLY_HELLO && r.group == 29);
	bb_put(&wire, "\x17\x03\x03\x00\x01x", 6);
	CHECK(tls_reply_parse(wire.d, wire.n, &r) == TLS_REPLY_HELLO);
	/* one byte short of ServerHelloDone */
	CHECK(tls_reply_parse(wire.d, wire.n - 7, &r) == TLS_REPLY_NEED_MORE);

	/* TLS 1.0: no signature algorithm in the ServerKeyExchange */
	stream.n = 0;
	body.n = 0;
	sh_body(&body, 0x0301, NULL, 0xc013, 1, NULL);
	hs_add(&stream, 2, &body);
	body.n = 0;
	bb_u8(&body, 3);
	bb_u16(&body, 23);
	bb_u8(&body, 65);
	bb_fill(&body, 4, 65);
	bb_u16(&body, 128);
	bb_fill(&body, 1, 128);
	hs_add(&stream, 12, &body);
	body.n = 0;
	hs_add(&stream, 14, &body);
	wire.n = 0;
	rec_add(&wire, 22, 0x0301, stream.d, stream.n, 0);
	CHECK(tls_reply_parse(wire.d, wire.n, &r) == TLS_REPLY_HELLO);
	CHECK(r.version == TLS_V1_0 && r.group == 23 && r.ske_sigalg == 0);
	CHECK(r.compression == 1 && !r.saw_certificate && !r.has_reneg_info);

	bb_free(&exts);
	bb_free(&body);
	bb_free(&stream);
	bb_free(&wire);
}

/* ---- RFC 7919 primes, derived from e ---- */

#define BN_LIMBS 264                    /* 8448 bits */

/* floor(2^bits * e) as big-endian bytes out[nbytes], summing 1/k! in
 * fixed point with 64 guard bits. */
static void
e_fixed(unsigned bits, uint8_t *out, size_t nbytes)
{
	static uint32_t t[BN_LIMBS], sum[BN_LIMBS];
	unsigned k, top = bits + 64;
	uint64_t acc, rem;
	size_t i, limbs = top / 32 + 2;
	int nonzero;

	memset(t, 0, sizeof(t));
	memset(sum, 0, sizeof(sum));
	t[top / 32] = 1u << (top % 32);
	for (k = 1; ; k++) {
		acc = 0;
		for (i = 0; i < limbs; i++) {
			acc += (uint64_t)sum[i] + t[i];
			sum[i] = (uint32_t)acc;
			acc >>= 32;
		}
		rem = 0;
		nonzero = 0;
		for (i = limbs; i-- > 0;) {
			uint64_t cur = rem << 32 | t[i];

			t[i] = (uint32_t)(cur / k);
			rem = cur % k;
			nonzero |= t[i] != 0;
		}
		if (!nonzero)
			break;
	}
	for (i = 0; i < nbytes; i++) {
		size_t bit = 64 + 8 * i;

		out[nbytes - 1 - i] = (uint8_t)(sum[bit / 32] >> (bit % 32));
	}
}

/* p = 2^b - 2^(b-64) + (floor(2^(b-130) e) + X) * 2^64 - 1 (RFC 7919 A) */
static size_t
ffdhe_prime(unsigned b, uint32_t x, uint8_t *p)
{
	size_t n = b / 8, mid = (b - 128) / 8, i;
	uint64_t carry = (uint64_t)x - 1;

	memset(p, 0xff, 8);
	e_fixed(b - 130, p + 8, mid);
	for (i = mid; i-- > 0 && carry;) {
		carry += p[8 + i];
		p[8 + i] = (uint8_t)carry;
		carry >>= 8;
	}
	memset(p + 8 + mid, 0xff, 8);
	return n;
}

/* A DHE flight: ServerHello, ServerKeyExchange(p, g, Ys, sig), Done. */
static enum tls_reply_kind
dhe_reply(const uint8_t *p, size_t plen, unsigned g, unsigned ver,
    struct tls_reply *r)
{
	struct bb body = { 0 }, stream = { 0 }, wire = { 0 };
	enum tls_reply_kind k;

	sh_body(&body, ver, NULL, 0x009e, 0, NULL);
	hs_add(&stream, 2, &body);
	body.n = 0;
	bb_u16(&body, (unsigned)plen);
	bb_put(&body, p, plen);
	bb_u16(&body, 1);
	bb_u8(&body, g);
	bb_u16(&body, (unsigned)plen);
	bb_fill(&body, 0x42, plen);
	if (ver >= TLS_V1_2)
		bb_u16(&body, 0x0804);
	bb_u16(&body, 64);
	bb_fill(&body, 0x99, 64);
	hs_add(&stream, 12, &body);
	body.n = 0;
	hs_add(&stream, 14, &body);
	rec_add(&wire, 22, ver, stream.d, stream.n, 0);
	k = tls_reply_parse(wire.d, wire.n, r);
	bb_free(&body);
	bb_free(&stream);
	bb_free(&wire);
	return k;
}

static void
test_reply_dhe(void)
{
	static const struct {
		unsigned bits;
		uint32_t x;
		int group;
	} ff[] = {
		{ 2048, 560316, 0x0100 }, { 3072, 2625351, 0x0101 },
		{ 4096, 5736041, 0x0102 }, { 6144, 15705020, 0x0103 },
		{ 8192, 10965728, 0x0104 },
	};
	static const uint8_t head2048[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xad, 0xf8, 0x54, 0x58, 0xa2, 0xbb, 0x4a, 0x9a,
	};
	static const uint8_t tail2048[] = {
		0x61, 0x28, 0x5c, 0x97, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff,
	};
	uint8_t p[1024 + 1];
	struct tls_reply r;
	size_t i, n;

	for (i = 0; i < NELEM(ff); i++) {
		n = ffdhe_prime(ff[i].bits, ff[i].x, p);
		if (ff[i].bits == 2048) {
			CHECK(memcmp(p, head2048, sizeof(head2048)) == 0);
			CHECK(memcmp(p + n - sizeof(tail2048), tail2048,
			    sizeof(tail2048)) == 0);
		}
		CHECK(dhe_reply(p, n, 2, TLS_V1_2, &r) == TLS_REPLY_HELLO);
		CHECK(r.dhe_group == ff[i].group && r.dhe_bits == ff[i].bits);
		CHECK(r.ske_sigalg == 0x0804 && r.suite == 0x009e);
		/* the same prime with another generator is a custom group */
		CHECK(dhe_reply(p, n, 5, TLS_V1_2, &r) == TLS_REPLY_HELLO);
		CHECK(r.dhe_group == 0 && r.dhe_bits == ff[i].bits);
		/* one bit off */
		p[n / 2] ^= 0x10;
		CHECK(dhe_reply(p, n, 2, TLS_V1_1, &r) == TLS_REPLY_HELLO);
		CHECK(r.dhe_group == 0 && r.dhe_bits == ff[i].bits && r.ske_sigalg == 0);
	}
	/* a custom 1024-bit prime (any odd number will do for the parser),
	 * with and without a leading zero byte */
	memset(p, 0xc3, 129);
	p[0] = 0;
	CHECK(dhe_reply(p + 1, 128, 2, TLS_V1_2, &r) == TLS_REPLY_HELLO);
	CHECK(r.dhe_bits == 1024 && r.dhe_group == 0);
	CHECK(dhe_reply(p, 129, 2, TLS_V1_2, &r) == TLS_REPLY_HELLO);
	CHECK(r.dhe_bits == 1024 && r.dhe_group == 0);
	p[1] = 0x01;
	CHECK(dhe_reply(p + 1, 128, 2, TLS_V1_2, &r) == TLS_REPLY_HELLO);
	CHECK(r.dhe_bits == 1017);
}

static void
test_reply_tls13(void)
{
	struct bb exts = { 0 }, body = { 0 }, stream = { 0 }, wire = { 0 };
	struct tls_reply r;
	uint8_t ks[2 + 2 + 32], random[32];
	size_t i, bad = 0;

	memset(ks, 7, sizeof(ks));
	ks[0] = 0;
	ks[1] = 29;
	ks[2] = 0;
	ks[3] = 32;
	ext_add(&exts, 43, "\x03\x04", 2);
	ext_add(&exts, 51, ks, sizeof(ks));
	sh_body(&body, 0x0303, NULL, 0x1302, 0, &exts);
	hs_add(&stream, 2, &body);
	rec_add(&wire, 22, 0x0303, stream.d, stream.n, 0);
	bb_put(&wire, "\x14\x03\x03\x00\x01\x01", 6);   /* compat CCS */
	bb_put(&wire, "\x17\x03\x03\x00\x05hello", 10);
	for (i = 0; i < stream.n + 5; i++)
		if (tls_reply_parse(wire.d, i, &r) != TLS_REPLY_NEED_MORE)
			bad++;
	CHECK(bad == 0);
	CHECK(tls_reply_parse(wire.d, wire.n, &r) == TLS_REPLY_HELLO);
	CHECK(r.version == TLS_V1_3 && r.suite == 0x1302 && r.group == 29);
	CHECK(r.record_version == 0x0303 && r.saw_server_hello && !r.saw_done);

	/* HelloRetryRequest choosing secp256r1 */
	exts.n = body.n = stream.n = wire.n = 0;
	ext_add(&exts, 43, "\x03\x04", 2);
	ext_add(&exts, 51, "\x00\x17", 2);
	ext_add(&exts, 44, "\x00\x02zz", 4);     /* cookie: ignored */
	sh_body(&body, 0x0303, hrr_random, 0x1301, 0, &exts);
	hs_add(&stream, 2, &body);
	rec_add(&wire, 22, 0x0303, stream.d, stream.n, 0);
	CHECK(tls_reply_parse(wire.d, wire.n, &r) == TLS_REPLY_HRR);
	CHECK(r.version == TLS_V1_3 && r.group == 23 && r.suite == 0x1301);
	CHECK(!r.saw_server_hello);

	/* a TLS 1.2 ServerHello from a TLS 1.3 server: downgrade sentinel */
	exts.n = body.n = stream.n = wire.n = 0;
	memset(random, 1, sizeof(random));
	memcpy(random + 24, "DOWNGRD\x01", 8);
	sh_body(&body, 0x0303, random, 0xc02f, 0, NULL);
	hs_add(&stream, 2, &body);
	rec_add(&wire, 22, 0x0303, stream.d, stream.n, 0);
	CHECK(tls_reply_parse(wire.d, wire.n, &r) == TLS_REPLY_NEED_MORE);
	CHECK(r.downgrade_from == TLS_V1_3 && r.saw_server_hello);
	memcpy(random + 24, "DOWNGRD\x00", 8);
	wire.n = body.n = stream.n = 0;
	sh_body(&body, 0x0302, random, 0xc013, 0, NULL);
	hs_add(&stream, 2, &body);
	rec_add(&wire, 22, 0x0302, stream.d, stream.n, 0);
	CHECK(tls_reply_parse(wire.d, wire.n, &r) == TLS_REPLY_NEED_MORE);
	CHECK(r.downgrade_from == TLS_V1_2 && r.version == TLS_V1_1);
	/* then an abbreviated handshake (ChangeCipherSpec) ends the flight */
	bb_put(&wire, "\x14\x03\x02\x00\x01\x01", 6);
	CHECK(tls_reply_parse(wire.d, wire.n, &r) == TLS_REPLY_HELLO);
	/* or an alert: the hello stays readable */
	wire.n -= 6;
	bb_put(&wire, "\x15\x03\x02\x00\x02\x02\x28", 7);
	CHECK(tls_reply_parse(wire.d, wire.n, &r) == TLS_REPLY_ALERT);
	CHECK(r.alert_desc == 40 && r.saw_server_hello && r.suite == 0xc013);

	bb_free(&exts);
	bb_free(&body);
	bb_free(&stream);
	bb_free(&wire);
}

static void
test_reply_alert_ssl2_garbage(void)
{
	static const uint8_t alert[] = { 0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46 };
	static const uint8_t ssl2_hello[] = {
		0x80, 0x00 + 11 + 4 + 6 + 16,
		0x04, 0x00, 0x01, 0x00, 0x02,
		0x00, 0x04, 0x00, 0x06, 0x00, 0x10,
		'c', 'e', 'r', 't',
		0x01, 0x00, 0x80, 0x07, 0x00, 0xc0,
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	};
	static const uint8_t ssl2_error[] = { 0x80, 0x03, 0x00, 0x00, 0x01 };
	const char *http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
	struct tls_reply r;
	size_t i;

	for (i = 0; i < sizeof(alert); i++)
		CHECK(tls_reply_parse(alert, i, &r) == TLS_REPLY_NEED_MORE);
	CHECK(tls_reply_parse(alert, sizeof(alert), &r) == TLS_REPLY_ALERT);
	CHECK(r.alert_level == 2 && r.alert_desc == 70 && r.record_version == 0x0301);
	CHECK(!r.saw_server_hello);

	for (i = 0; i < sizeof(ssl2_hello); i++)
		CHECK(tls_reply_parse(ssl2_hello, i, &r) == TLS_REPLY_NEED_MORE);
	CHECK(tls_reply_parse(ssl2_hello, sizeof(ssl2_hello), &r) == TLS_REPLY_SSL2);
	CHECK(r.version == TLS_SSL2 && r.record_version == 0x0002);
	CHECK(r.n_ssl2_specs == 2 && r.ssl2_specs[0] == 0x010080 &&
	    r.ssl2_specs[1] == 0x0700c0);
	CHECK(tls_reply_parse(ssl2_error, sizeof(ssl2_error), &r) == TLS_REPLY_ALERT);
	CHECK(r.version == TLS_SSL2 && r.alert_level == 2);
	CHECK_STR(r.why, "SSLv2 ERROR: no cipher");

	CHECK(tls_reply_parse((const uint8_t *)http, strlen(http), &r) == TLS_REPLY_GARBAGE);
	CHECK_STR(r.why, "plaintext reply, not TLS");
	CHECK(tls_reply_parse((const uint8_t *)http, 1, &r) == TLS_REPLY_GARBAGE);
	CHECK(tls_reply_parse((const uint8_t *)"\x00\x00", 2, &r) == TLS_REPLY_GARBAGE);
	CHECK_STR(r.why, "not a TLS record");
	CHECK(tls_reply_parse(NULL, 0, &r) == TLS_REPLY_NEED_MORE);
	CHECK(tls_reply_parse((const uint8_t *)"x", 0, &r) == TLS_REPLY_NEED_MORE);
}

struct bad_case {
	const char *why;            /* expected reason */
	const char *hex;            /* the reply */
};

static size_t
unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (s[0] && s[1] && n < cap) {
		if (s[0] == ' ') {
			s++;
			continue;
		}
		if (sscanf(s, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

#define SH_HEAD "0303" "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"

static void
test_reply_malformed(void)
{
	static const struct bad_case cases[] = {
		{ "TLS record too long", "16 0303 4801" },
		{ "TLS record version is not 3.x", "16 0203 0004" },
		{ "bad TLS record type", "16 0303 0001 02 18 0303 0001 00" },
		{ "short alert record", "15 0303 0001 02" },
		{ "empty handshake record", "16 0303 0000" },
		{ "application data before the handshake", "17 0303 0001 00" },
		{ "unexpected ChangeCipherSpec", "14 0303 0001 01" },
		{ "expected a ServerHello", "16 0303 0004 0b 000000" },
		{ "handshake message too long", "16 0303 0004 02 004001" },
		{ "malformed ServerHello", "16 0303 0008 02 000004 0303 0000" },
		{ "ServerHello session id too long",
		  "16 0303 002d 02 000029" SH_HEAD "21 000000000000" },
		{ "ServerHello version is not 3.x",
		  "16 0303 002a 02 000026 0203" "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a" "00 c02f 00" },
		{ "malformed ServerHello extensions",
		  "16 0303 002b 02 000027" SH_HEAD "00 c02f 00 00" },
		{ "malformed ServerHello extensions",
		  "16 0303 0030 02 00002c" SH_HEAD "00 c02f 00 0004 ff01 0001" },
		{ "malformed ServerHello extension",
		  "16 0303 0031 02 00002d" SH_HEAD "00 c02f 00 0005 ff01 0001 01" },
		{ "malformed ServerHello extension",
		  "16 0303 0031 02 00002d" SH_HEAD "00 c02f 00 0005 0005 0001 00" },
		{ "duplicate ServerHello extension",
		  "16 0303 0034 02 000030" SH_HEAD "00 c02f 00 0008 0017 0000 0017 0000" },
		{ "malformed ServerHello extension",
		  "16 0303 0033 02 00002f" SH_HEAD "00 c02f 00 0007 0017 0001 00 0000" },
		{ "malformed ServerHello extension",
		  "16 0303 0034 02 000030" SH_HEAD "00 1301 00 0008 0033 0004 001d 0000" },
		{ "malformed ServerHello extension",
		  "16 0303 0035 02 000031" SH_HEAD "00 c02f 00 0009 0010 0005 0004 02 6832" },
		{ "malformed ServerHelloDone",
		  "16 0303 002a 02 000026" SH_HEAD "00 c02f 00" "16 0303 0005 0e 000001 00" },
		{ "unexpected handshake message",
		  "16 0303 002a 02 000026" SH_HEAD "00 c02f 00" "16 0303 0004 02 000000" },
		{ "malformed ServerKeyExchange",
		  "16 0303 002a 02 000026" SH_HEAD "00 c02f 00" "16 0303 000b 0c 000007 03 001d 01 00 0401" },
		{ "malformed ServerKeyExchange",
		  "16 0303 002a 02 000026" SH_HEAD "00 c02f 00" "16 0303 000e 0c 00000a 03 001d 01 00 0401 0000 ff" },
		{ "ServerKeyExchange: unknown curve type",
		  "16 0303 002a 02 000026" SH_HEAD "00 c02f 00" "16 0303 0008 0c 000004 07 001d 00" },
		{ "short SSLv2 record", "80 02 04 00" },
		{ "not an SSLv2 SERVER-HELLO", "80 05 01 00 00 00 00" },
		{ "malformed SSLv2 SERVER-HELLO", "80 0c 04 00 01 0002 0000 0004 0000 010080" },
	};
	uint8_t buf[512];
	struct tls_reply r;
	size_t i, n;

	for (i = 0; i < NELEM(cases); i++) {
		n = unhex(cases[i].hex, buf, sizeof(buf));
		CHECK(tls_reply_parse(buf, n, &r) == TLS_REPLY_GARBAGE);
		if (r.kind != TLS_REPLY_GARBAGE || r.why == NULL ||
		    strcmp(r.why, cases[i].why) != 0)
			fprintf(stderr, "case %zu (%s): kind %d why %s\n", i,
			    cases[i].why, r.kind, r.why ? r.why : "(null)");
		CHECK(r.why && strcmp(r.why, cases[i].why) == 0);
	}

	/* a ServerHello cut short inside its record: more is coming */
	n = unhex("16 0303 002a 02 000026" SH_HEAD "00 c02f 00", buf, sizeof(buf));
	for (i = 0; i < n; i++)
		CHECK(tls_reply_parse(buf, i, &r) == TLS_REPLY_NEED_MORE);
	CHECK(tls_reply_parse(buf, n, &r) == TLS_REPLY_NEED_MORE);
	CHECK(r.saw_server_hello && r.suite == 0xc02f && r.version == TLS_V1_2);
	/* explicit curve parameters */
	n = unhex("16 0303 002a 02 000026" SH_HEAD "00 c02f 00" "16 0303 0006 0c 000002 01 00" "16 0303 0004 0e 000000", buf, sizeof(buf));
	CHECK(tls_reply_parse(buf, n, &r) == TLS_REPLY_HELLO && r.group == 0xff01);
	CHECK_STR(tls_group_name(r.group), "arbitrary_explicit_prime_curves");
	/* an anonymous ECDH flight has no signature */
	n = unhex("16 0303 002a 02 000026" SH_HEAD "00 c018 00" "16 0303 000b 0c 000007 03 0017 03 040102" "16 0303 0004 0e 000000", buf, sizeof(buf));
	CHECK(tls_reply_parse(buf, n, &r) == TLS_REPLY_HELLO && r.group == 23 && r.ske_sigalg == 0);
	/* an unknown suite: its ServerKeyExchange is not read */
	n = unhex("16 0303 002a 02 000026" SH_HEAD "00 eeee 00" "16 0303 0006 0c 000002 ffff" "16 0303 0004 0e 000000", buf, sizeof(buf));
	CHECK(tls_reply_parse(buf, n, &r) == TLS_REPLY_HELLO && r.group == 0 && r.suite == 0xeeee);
}

/* ALPN: a long protocol is cut, unprintable bytes are shown as '?' */
static void
test_reply_alpn(void)
{
	struct bb exts = { 0 }, body = { 0 }, wire = { 0 }, a = { 0 };
	struct tls_reply r;

	bb_u16(&a, 41);
	bb_u8(&a, 40);
	bb_fill(&a, 'A', 39);
	bb_u8(&a, 1);
	ext_add(&exts, 16, a.d, a.n);
	sh_body(&body, 0x0303, NULL, 0xc02f, 0, &exts);
	hs_add(&wire, 2, &body);
	body.n = 0;
	rec_add(&body, 22, 0x0303, wire.d, wire.n, 0);
	CHECK(tls_reply_parse(body.d, body.n, &r) == TLS_REPLY_NEED_MORE);
	CHECK(strlen(r.alpn) == 31 && r.alpn[30] == 'A');

	exts.n = body.n = wire.n = 0;
	ext_add(&exts, 16, "\x00\x02\x01\x0a", 4);
	sh_body(&body, 0x0303, NULL, 0xc02f, 0, &exts);
	hs_add(&wire, 2, &body);
	body.n = 0;
	rec_add(&body, 22, 0x0303, wire.d, wire.n, 0);
	CHECK(tls_reply_parse(body.d, body.n, &r) == TLS_REPLY_NEED_MORE);
	CHECK_STR(r.alpn, "?");
	bb_free(&exts);
	bb_free(&body);
	bb_free(&wire);
	bb_free(&a);
}

static void
test_reply_big_flight(void)
{
	struct bb body = { 0 }, stream = { 0 }, wire = { 0 };
	struct tls_reply r;

	sh_body(&body, 0x0303, NULL, 0x009c, 0, NULL);
	hs_add(&stream, 2, &body);
	body.n = 0;
	bb_u24(&body, 100000 + 3);
	bb_u24(&body, 100000);
	bb_fill(&body, 0x30, 100000);
	hs_add(&stream, 11, &body);
	body.n = 0;
	hs_add(&stream, 14, &body);
	rec_add(&wire, 22, 0x0303, stream.d, stream.n, 0);
	CHECK(tls_reply_parse(wire.d, wire.n, &r) == TLS_REPLY_HELLO);
	CHECK(r.saw_certificate && r.saw_done && r.suite == 0x009c);

	stream.n = wire.n = body.n = 0;
	sh_body(&body, 0x0303, NULL, 0x009c, 0, NULL);
	hs_add(&stream, 2, &body);
	body.n = 0;
	bb_fill(&body, 0x30, 300000);
	hs_add(&stream, 11, &body);
	rec_add(&wire, 22, 0x0303, stream.d, stream.n, 0);
	CHECK(tls_reply_parse(wire.d, wire.n, &r) == TLS_REPLY_GARBAGE);
	CHECK_STR(r.why, "server flight too long");
	bb_free(&body);
	bb_free(&stream);
	bb_free(&wire);
}

static void
test_names(void)
{
	const struct tls_suite_info *t, *si;
	size_t n, i, sorted = 1, named = 1;

	CHECK_STR(tls_version_name(TLS_SSL2), "SSL 2.0");
	CHECK_STR(tls_version_name(TLS_SSL3), "SSL 3.0");
	CHECK_STR(tls_version_name(TLS_V1_2), "TLS 1.2");
	CHECK_STR(tls_version_name(TLS_V1_3), "TLS 1.3");
	CHECK_STR(tls_version_name(0x7f1c), "0x7f1c");
	CHECK_STR(tls_suite_name(0xc02f), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
	CHECK_STR(tls_suite_name(0x0005), "TLS_RSA_WITH_RC4_128_SHA");
	CHECK_STR(tls_suite_name(0x1301), "TLS_AES_128_GCM_SHA256");
	CHECK_STR(tls_suite_name(0x0064), "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA");
	CHECK_STR(tls_suite_name(0xfafa), "0xfafa");
	CHECK_STR(tls_group_name(29), "x25519");
	CHECK_STR(tls_group_name(0x11ec), "X25519MLKEM768");
	CHECK_STR(tls_group_name(0x0101), "ffdhe3072");
	CHECK_STR(tls_group_name(21), "secp224r1");
	CHECK_STR(tls_group_name(0x0a0a), "0x0a0a");
	CHECK_STR(tls_sigalg_name(0x0401), "rsa_pkcs1_sha256");
	CHECK_STR(tls_sigalg_name(0x0203), "ecdsa_sha1");
	CHECK_STR(tls_sigalg_name(0x0807), "ed25519");
	CHECK_STR(tls_sigalg_name(0x0303), "ecdsa_sha224");
	CHECK_STR(tls_ssl2_spec_name(0x0700c0), "SSL_CK_DES_192_EDE3_CBC_WITH_MD5");
	CHECK_STR(tls_ssl2_spec_name(0x123456), "0x123456");
	CHECK_STR(tls_kx_name(TLS_KX_ECDHE), "ECDHE");
	/* several unknown names live at once */
	{
		const char *a = tls_group_name(0x7777), *b = tls_sigalg_name(0x8888);

		CHECK_STR(a, "0x7777");
		CHECK_STR(b, "0x8888");
	}

	t = tls_suite_table(&n);
	CHECK(n > 300);
	for (i = 0; i < n; i++) {
		if (i > 0 && t[i - 1].id >= t[i].id)
			sorted = 0;
		if (strncmp(t[i].name, "TLS_", 4) != 0 && strncmp(t[i].name, "SSL_", 4) != 0)
			named = 0;
		if (tls_suite_info(t[i].id) != &t[i])
			sorted = 0;
	}
	CHECK(sorted && named);
	si = tls_suite_info(0x0005);
	CHECK(si && si->kx == TLS_KX_RSA && si->cipher == TLS_CIPHER_RC4_128 &&
	    si->mac == TLS_MAC_SHA1 && si->auth == TLS_AUTH_RSA && !si->is_export);
	si = tls_suite_info(0x0003);
	CHECK(si && si->kx == TLS_KX_RSA_EXPORT && si->is_export && si->mac == TLS_MAC_MD5);
	si = tls_suite_info(0x0014);
	CHECK(si && si->kx == TLS_KX_DHE && si->is_export && si->cipher == TLS_CIPHER_DES40);
	si = tls_suite_info(0xc02c);
	CHECK(si && si->kx == TLS_KX_ECDHE && si->auth == TLS_AUTH_ECDSA &&
	    si->cipher == TLS_CIPHER_AES_256_GCM && si->mac == TLS_MAC_SHA384);
	si = tls_suite_info(0x0018);
	CHECK(si && si->kx == TLS_KX_DH_ANON && si->auth == TLS_AUTH_NONE);
	si = tls_suite_info(0xc00e);
	CHECK(si && si->kx == TLS_KX_ECDH && si->auth == TLS_AUTH_RSA);
	si = tls_suite_info(0x1305);
	CHECK(si && si->kx == TLS_KX_TLS13 && si->cipher == TLS_CIPHER_AES_128_CCM_8);
	si = tls_suite_info(0xccaa);
	CHECK(si && si->kx == TLS_KX_DHE && si->cipher == TLS_CIPHER_CHACHA20_POLY1305);
	si = tls_suite_info(0x00ff);
	CHECK(si && si->kx == TLS_KX_SCSV);
	si = tls_suite_info(0xc0ac);
	CHECK(si && si->cipher == TLS_CIPHER_AES_128_CCM && si->mac == TLS_MAC_NONE);
	CHECK(tls_suite_info(0x0047) == NULL);
}

/* ---- against a real OpenSSL s_server on 127.0.0.1 ---- */

#define OPENSSL_BIN "/usr/bin/openssl"
#define TIMEOUT_BIN "/usr/bin/timeout"

struct server {
	pid_t pid;
	uint16_t port;
};

static int
run(const char *cmd)
{
	int rc = system(cmd);

	return rc == 0 ? 0 : -1;
}

static uint16_t
free_port(void)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	uint16_t port = 0;

	if (fd < 0)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &sl) == 0)
		port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static int
connect_port(uint16_t port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons(port);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void
server_stop(struct server *s)
{
	int st;

	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, &st, 0);
	}
	s->pid = 0;
}

/* s_server with extra arguments (NULL-terminated), -www so that it never
 * reads stdin; ready once it accepts a connection. s->pid is the process
 * to signal (timeout(1) when present, which passes the signal on). */
static int
server_start(struct server *s, const char *dir, const char *const *extra)
{
	posix_spawn_file_actions_t fa;
	char accept[32], key[512], cert[512], log[512];
	const char *argv[32];
	size_t n = 0, i;
	int tries, fd;

	memset(s, 0, sizeof(*s));
	if ((s->port = free_port()) == 0)
		return -1;
	snprintf(accept, sizeof(accept), "127.0.0.1:%u", (unsigned)s->port);
	snprintf(key, sizeof(key), "%s/key.pem", dir);
	snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
	snprintf(log, sizeof(log), "%s/s_server.log", dir);
	/* timeout(1) ends the server even if this test dies before
	 * server_stop(); it passes our SIGTERM on */
	if (access(TIMEOUT_BIN, X_OK) == 0) {
		argv[n++] = TIMEOUT_BIN;
		argv[n++] = "120";
	}
	argv[n++] = OPENSSL_BIN;
	argv[n++] = "s_server";
	argv[n++] = "-accept";
	argv[n++] = accept;
	argv[n++] = "-key";
	argv[n++] = key;
	argv[n++] = "-cert";
	argv[n++] = cert;
	argv[n++] = "-www";
	argv[n++] = "-quiet";
	for (i = 0; extra[i] && n < NELEM(argv) - 1; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	if (posix_spawn(&s->pid, argv[0], &fa, NULL, (char *const *)argv,
	    environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		s->pid = 0;
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	for (tries = 0; tries < 200; tries++) {
		if ((fd = connect_port(s->port)) >= 0) {
			close(fd);
			return 0;
		}
		if (waitpid(s->pid, NULL, WNOHANG) == s->pid) {
			s->pid = 0;
			return -1;
		}
		sleep_ms(25);
	}
	server_stop(s);
	return -1;
}

static void
dump_reply(const char *name, const uint8_t *b, size_t n)
{
	const char *dir = getenv("UTD_TLS_DUMP");
	char path[512];
	FILE *f;

	if (dir == NULL || n == 0)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) != NULL) {
		fwrite(b, 1, n, f);
		fclose(f);
	}
}

/* Send the hello, read until the parser has an answer, EOF or 5 s. */
static enum tls_reply_kind
probe(uint16_t port, const struct tls_hello_opts *o, struct tls_reply *r,
    const char *name)
{
	static uint8_t in[256 * 1024];
	uint8_t hello[TLS_HELLO_MAX + 5];
	struct pollfd pfd;
	size_t have = 0;
	ssize_t got;
	int n, fd, waited = 0;

	memset(r, 0, sizeof(*r));
	r->kind = TLS_REPLY_NEED_MORE;
	if ((n = tls_hello_build(hello, sizeof(hello), o)) <= 0)
		return TLS_REPLY_GARBAGE;
	if ((fd = connect_port(port)) < 0)
		return TLS_REPLY_NEED_MORE;
	if (send(fd, hello, (size_t)n, MSG_NOSIGNAL) != n) {
		close(fd);
		return TLS_REPLY_NEED_MORE;
	}
	while (have < sizeof(in) && waited < 5000) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 100) == 0) {
			waited += 100;
			continue;
		}
		got = recv(fd, in + have, sizeof(in) - have, 0);
		if (got <= 0)
			break;
		have += (size_t)got;
		if (tls_reply_parse(in, have, r) != TLS_REPLY_NEED_MORE)
			break;
	}
	close(fd);
	tls_reply_parse(in, have, r);
	dump_reply(name, in, have);
	return r->kind;
}

static void
opts_probe(struct tls_hello_opts *o, uint16_t version, const uint16_t *suites,
    size_t n_suites, const uint16_t *grp, size_t n_grp)
{
	static const uint16_t sa[] = {
		0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501,
		0x0601, 0x0807,
	};
	size_t i;

	memset(o, 0, sizeof(*o));
	o->version = version;
	o->suites = suites;
	o->n_suites = n_suites;
	o->groups = grp;
	o->n_groups = n_grp;
	o->sigalgs = sa;
	o->n_sigalgs = NELEM(sa);
	o->sni = "localhost";
	o->reneg_info = o->ems = o->ec_point_formats = 1;
	for (i = 0; i < sizeof(o->random); i++)
		o->random[i] = (uint8_t)(i * 37 + version + n_grp);
}

static void
test_interop_tls13(const char *dir)
{
	static const char *const extra[] = { "-tls1_3", NULL };
	static const uint16_t each[] = { 29, 23, 24, 25, 30, 0x0100, 0x0101 };
	static const uint16_t hrr_groups[] = { 0x11ec, 29 };
	static const uint16_t s12[] = { 0xc02f };
	struct tls_hello_opts o;
	struct tls_reply r;
	struct server s;
	char name[64];
	uint16_t g;
	size_t i;

	if (server_start(&s, dir, extra) < 0) {
		CHECK(!"s_server -tls1_3 started");
		return;
	}
	for (i = 0; i < NELEM(each); i++) {
		g = each[i];
		opts_probe(&o, TLS_V1_3, suites13, NELEM(suites13), &g, 1);
		snprintf(name, sizeof(name), "s_server-tls13-%04x", (unsigned)g);
		CHECK(probe(s.port, &o, &r, name) == TLS_REPLY_HELLO);
		if (r.kind != TLS_REPLY_HELLO || r.group != g)
			fprintf(stderr, "tls13 group %s: kind %d alert %d why %s group %s\n",
			    tls_group_name(g), r.kind, r.alert_desc,
			    r.why ? r.why : "-", tls_group_name(r.group));
		CHECK(r.version == TLS_V1_3 && r.group == g);
		CHECK(r.suite == 0x1301 || r.suite == 0x1302 || r.suite == 0x1303);
	}
	/* no share for the hybrid group: the server asks for x25519 */
	opts_probe(&o, TLS_V1_3, suites13, NELEM(suites13), hrr_groups, 2);
	CHECK(probe(s.port, &o, &r, "s_server-tls13-hrr") == TLS_REPLY_HRR);
	CHECK(r.version == TLS_V1_3 && r.group == 29);
	/* TLS 1.2 to a TLS 1.3-only server: protocol_version */
	opts_probe(&o, TLS_V1_2, s12, 1, groups, 1);
	CHECK(probe(s.port, &o, &r, "s_server-tls13-alert") == TLS_REPLY_ALERT);
	CHECK(r.alert_level == 2 && r.alert_desc == 70);
	server_stop(&s);
}

static void
test_interop_tls12(const char *dir)
{
	char dh[512];
	const char *extra[] = { "-tls1_2", "-alpn", "http/1.1", "-dhparam", dh,
	    "-cipher", "ALL:@SECLEVEL=0", NULL };
	static const uint16_t ecdhe[] = { 0xc02f, 0xc030 };
	static const uint16_t dhe[] = { 0x009e };
	static const uint16_t only_sha256[] = { 0x0401 };
	static const uint16_t g2[] = { 29, 23 }, p384[] = { 24 };
	static const uint32_t specs[] = { 0x010080, 0x0700c0 };
	struct tls_hello_opts o;
	struct tls_reply r;
	struct server s;

	snprintf(dh, sizeof(dh), "%s/dh.pem", dir);
	if (server_start(&s, dir, extra) < 0) {
		CHECK(!"s_server -tls1_2 started");
		return;
	}
	opts_probe(&o, TLS_V1_2, ecdhe, NELEM(ecdhe), g2, NELEM(g2));
	o.alpn = "h2,http/1.1";
	CHECK(probe(s.port, &o, &r, "s_server-tls12-ecdhe") == TLS_REPLY_HELLO);
	CHECK(r.version == TLS_V1_2 && (r.suite == 0xc02f || r.suite == 0xc030));
	CHECK(r.group == 29 && r.ske_sigalg != 0);
	CHECK(r.saw_certificate && r.saw_done && r.has_reneg_info && r.has_ems);
	CHECK_STR(r.alpn, "http/1.1");

	opts_probe(&o, TLS_V1_2, ecdhe, NELEM(ecdhe), p384, 1);
	o.sigalgs = only_sha256;
	o.n_sigalgs = 1;
	CHECK(probe(s.port, &o, &r, "s_server-tls12-p384") == TLS_REPLY_HELLO);
	CHECK(r.group == 24 && r.ske_sigalg == 0x0401);

	opts_probe(&o, TLS_V1_2, dhe, NELEM(dhe), g2, NELEM(g2));
	CHECK(probe(s.port, &o, &r, "s_server-tls12-dhe") == TLS_REPLY_HELLO);
	CHECK(r.suite == 0x009e && r.dhe_group == 0x0101 && r.dhe_bits == 3072);
	CHECK(r.ske_sigalg != 0);

	/* TLS 1.3 hello, TLS 1.2 server */
	opts_probe(&o, TLS_V1_3, ecdhe, NELEM(ecdhe), g2, NELEM(g2));
	o.min_version = TLS_V1_2;
	CHECK(probe(s.port, &o, &r, "s_server-tls12-from13") == TLS_REPLY_HELLO);
	CHECK(r.version == TLS_V1_2 && r.group == 29 && r.saw_done);

	/* TLS 1.0 and SSL 3.0 are refused with an alert */
	opts_probe(&o, TLS_V1_0, ecdhe, NELEM(ecdhe), g2, NELEM(g2));
	CHECK(probe(s.port, &o, &r, "s_server-tls12-tls10") == TLS_REPLY_ALERT);
	CHECK(r.alert_desc == 70);
	opts_probe(&o, TLS_SSL3, ecdhe, NELEM(ecdhe), g2, NELEM(g2));
	o.no_extensions = 1;
	CHECK(probe(s.port, &o, &r, "s_server-tls12-ssl3") == TLS_REPLY_ALERT);

	/* SSLv2: OpenSSL 3 does not speak it; whatever comes is no hello */
	memset(&o, 0, sizeof(o));
	o.version = TLS_SSL2;
	o.ssl2_specs = specs;
	o.n_ssl2_specs = NELEM(specs);
	probe(s.port, &o, &r, "s_server-tls12-ssl2");
	CHECK(r.kind != TLS_REPLY_HELLO && r.kind != TLS_REPLY_SSL2);
	server_stop(&s);
}

static void
test_interop(void)
{
	char dir[] = "/tmp/utd-tls-XXXXXX", cmd[1024];

	if (access(OPENSSL_BIN, X_OK) != 0) {
		printf("test_tls_hello: no %s, interop skipped\n", OPENSSL_BIN);
		return;
	}
	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(cmd, sizeof(cmd),
	    OPENSSL_BIN " req -x509 -newkey rsa:2048 -nodes -days 2"
	    " -subj /CN=localhost -keyout %s/key.pem -out %s/cert.pem"
	    " >/dev/null 2>&1 && "
	    OPENSSL_BIN " genpkey -genparam -algorithm DH"
	    " -pkeyopt group:ffdhe3072 -out %s/dh.pem >/dev/null 2>&1",
	    dir, dir, dir);
	CHECK(run(cmd) == 0);
	test_interop_tls13(dir);
	test_interop_tls12(dir);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(run(cmd) == 0);
}

int
main(void)
{
	test_hello_versions();
	test_hello_key_shares();
	test_hello_limits();
	test_hello_ssl2();
	test_reply_tls12_flight();
	test_reply_dhe();
	test_reply_tls13();
	test_reply_alert_ssl2_garbage();
	test_reply_malformed();
	test_reply_alpn();
	test_reply_big_flight();
	test_names();
	test_interop();
	return unit_done("test_tls_hello");
}
