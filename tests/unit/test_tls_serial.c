/*
 * test_tls_serial: audits and scans to JSON and back (tls/serial.h).
 *
 * Values are built by hand with every field set away from its default
 * (a real audit and scan against a STARTTLS server go through the same
 * code in test_mxcache), including strings that are not UTF-8 and arrays
 * at their caps. Each must come back equal field by field (tls_compare.h)
 * through text, and write the same JSON again. Then the parsers must
 * refuse: every key removed, an unknown key added and every value given
 * the wrong type, each in turn; and values just past each cap or range.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tls/serial.h"
#include "util/arena.h"
#include "tls_compare.h"
#include "unit.h"

static const char *
sdup(struct arena *m, const char *s)
{
	char *p = arena_strdup(m, s);

	if (p == NULL)
		abort();
	return p;
}

/* A string of n bytes of c. */
static const char *
filled(struct arena *m, size_t n, char c)
{
	char *p = arena_alloc(m, n + 1);

	if (p == NULL)
		abort();
	memset(p, c, n);
	return p;
}

static void
fill_status(struct arena *m, struct tls_audit_status *st,
    enum tls_audit_err code, int alert, const char *detail)
{
	st->code = code;
	st->alert = alert;
	st->sys_err = code == TLS_AUDIT_RESET ? 104 : 0;
	st->detail = detail ? sdup(m, detail) : NULL;
}

static void
fill_cert(struct arena *m, struct tls_cert *c, int i, size_t n_san)
{
	const char **san = arena_alloc(m, (n_san ? n_san : 1) * sizeof(*san));
	size_t k;

	if (san == NULL)
		abort();
	c->subject = sdup(m, i == 0 ? "CN=mx.example.test,O=Caf\xc3\xa9" :
	    "CN=Test CA \xe2\x82\xac");
	/* cut inside a UTF-8 sequence, as the audit's cap can */
	c->issuer = sdup(m, "CN=Test CA \xe2\x82");
	c->self_signed = i == 1;
	c->key_type = i == 0 ? TLS_KEY_EC : TLS_KEY_RSA;
	c->key_name = sdup(m, i == 0 ? "EC" : "RSA");
	c->key_bits = i == 0 ? 256 : 4096;
	c->curve = i == 0 ? sdup(m, "prime256v1") : NULL;
	c->sig_alg = sdup(m, "ecdsa-with-SHA256");
	c->sig_digest = sdup(m, "SHA256");
	c->sig_key = sdup(m, "EC");
	c->not_before = -86400;            /* before 1970 */
	c->not_after = INT64_C(253402300799);
	for (k = 0; k < n_san; k++) {
		char name[64];

		(void)snprintf(name, sizeof(name), "n%zu.example.test", k);
		san[k] = sdup(m, name);
	}
	if (n_san > 1)
		san[1] = sdup(m, "bad\xff\x01name");   /* as written, not UTF-8 */
	if (n_san > 2)
		san[2] = sdup(m, "IP:127.0.0.1");
	c->san = n_san ? san : NULL;
	c->n_san = n_san;
	c->n_san_total = n_san + 3;
	c->ocsp_url = i == 0 ? sdup(m, "http://ocsp.example.test/") : NULL;
	for (k = 0; k < 64; k++)
		c->sha256[k] = "0123456789abcdef"[(k * 7 + (size_t)i) % 16];
}

/* Every field set; big: the chain, SANs and names at their caps. */
static struct tls_audit *
make_audit(int big)
{
	struct arena *m = arena_new(TLS_SERIAL_ARENA_CAP);
	struct tls_audit *a = m ? arena_alloc(m, sizeof(*a)) : NULL;
	size_t i, n = big ? TLS_AUDIT_CHAIN_MAX : 2;

	if (a == NULL)
		abort();
	a->mem = m;
	if (net_addr_parse(&a->addr, "::1") != 0)
		abort();
	a->port = 25;
	a->sni = sdup(m, "mx.example.test");
	fill_status(m, &a->hs, TLS_AUDIT_OK, 0, NULL);
	a->prelude_code = NULL;
	a->conns = 2;
	a->elapsed_ms = 1234;
	a->version = 0x0303;
	a->version_name = sdup(m, "TLSv1.2");
	a->suite = 0xc02b;
	a->cipher = sdup(m, "ECDHE-ECDSA-AES128-GCM-SHA256");
	a->cipher_iana = sdup(m, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
	a->group = sdup(m, "x25519");
	a->secure_reneg = 1;
	a->ems = 0;
	a->compression = sdup(m, "zlib compression");
	a->chain = arena_alloc(m, n * sizeof(*a->chain));
	if (a->chain == NULL)
		abort();
	for (i = 0; i < n; i++)
		fill_cert(m, &a->chain[i], (int)i, big ? TLS_AUDIT_SAN_MAX : 3);
	if (big) {
		a->chain[0].subject = filled(m, TLS_AUDIT_NAME_MAX, 'x');
		a->chain[0].ocsp_url = filled(m, TLS_SERIAL_STR_MAX, 'u');
	}
	a->n_chain = n;
	a->n_chain_sent = n + 1;
	a->trusted = 0;
	a->verify_err = 19;
	a->verify_error = sdup(m, "self-signed certificate in certificate chain");
	a->verify_depth = 1;
	a->host_match = 1;
	a->host_matched = sdup(m, "mx.example.test");
	a->dane.tested = 1;
	a->dane.usable = 2;
	a->dane.ok = 1;
	a->dane.depth = 0;
	a->dane.usage = 3;
	a->dane.selector = 1;
	a->dane.mtype = 255;
	a->dane.error = sdup(m, "\"quoted\" \\ and\ttab");
	a->ocsp.stapled = 1;
	a->ocsp.len = 1500;
	a->ocsp.parsed = 1;
	a->ocsp.resp_status = 0;
	a->ocsp.cert_status = TLS_OCSP_REVOKED;
	a->ocsp.this_update = 1700000000;
	a->ocsp.next_update = INT64_MIN;
	a->ocsp.time_ok = 1;
	a->ocsp.sig_ok = 0;
	a->ocsp.error = sdup(m, "signature does not verify");
	a->reneg.tested = 1;
	a->reneg.attempts = 11;
	a->reneg.succeeded = 3;
	fill_status(m, &a->reneg.end, TLS_AUDIT_ALERT, 40, "handshake failure");
	a->early.status = TLS_EARLY_FAILED;
	a->early.max_early_data = UINT32_MAX;
	a->early.resumed = 1;
	fill_status(m, &a->early.hs, TLS_AUDIT_RESET, -1, "reset");
	return a;
}

/* A refused STARTTLS: most fields at the values result_new leaves. */
static struct tls_audit *
make_audit_prelude(void)
{
	struct arena *m = arena_new(0);
	struct tls_audit *a = m ? arena_alloc(m, sizeof(*a)) : NULL;

	if (a == NULL || net_addr_parse(&a->addr, "127.0.0.1") != 0)
		abort();
	a->mem = m;
	a->port = 2525;
	fill_status(m, &a->hs, TLS_AUDIT_PRELUDE, -1,
	    "421 4.7.0 \x80\x81 try later");
	a->prelude_code = sdup(m, "rate_limited");
	a->conns = 1;
	a->secure_reneg = a->ems = -1;
	a->verify_depth = -1;
	a->host_match = -1;
	a->dane.depth = -1;
	a->ocsp.resp_status = -1;
	a->reneg.end.alert = a->early.hs.alert = -1;
	return a;
}

static void
make_scan(struct tls_scan *s, int big)
{
	static const uint16_t versions[TLS_SCAN_NVERSIONS] = {
		0x0002, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304 };
	size_t i, k;

	memset(s, 0, sizeof(*s));
	s->status = TLS_SCAN_OK;
	(void)snprintf(s->why, sizeof(s->why), "%s", "fine \xc3");
	if (net_addr_parse(&s->addr, "127.0.0.2") != 0)
		abort();
	s->port = 465;
	for (i = 0; i < TLS_SCAN_NVERSIONS; i++) {
		struct tls_scan_version *v = &s->v[i];
		size_t ns = big ? TLS_SCAN_MAX_SUITES : i;

		v->version = versions[i];
		v->accepted = (enum tls_tri)(i % 3);
		v->err = (enum tls_scan_status)(i * 2 % (TLS_SCAN_PRELUDE + 1));
		if (big)
			memset(v->why, 'w', sizeof(v->why) - 1);
		else
			(void)snprintf(v->why, sizeof(v->why), "TLS alert %zu",
			    i);
		for (k = 0; k < ns; k++)
			v->suites[v->n_suites++] = (uint16_t)(0xc000 + k * 3 + i);
		v->complete = (int)(i & 1);
		v->order = (enum tls_order)(i % 4);
		if (i == 0)
			for (k = 0; k < (big ? TLS_SCAN_MAX_SSL2 : 2); k++)
				v->ssl2_specs[v->n_ssl2_specs++] =
				    (uint32_t)(0x010080 + k * 0x10000);
		v->secure_reneg = (enum tls_tri)((i + 1) % 3);
		v->ems = (enum tls_tri)((i + 2) % 3);
		v->compression = TLS_TRI_NO;
		v->connections = (unsigned)(i + 4);
	}
	s->groups13.version = 0x0304;
	for (k = 0; k < (big ? TLS_SCAN_MAX_GROUPS : 3); k++)
		s->groups13.ids[s->groups13.n++] = (uint16_t)(29 + k);
	s->groups13.complete = 1;
	s->groups13.order = TLS_ORDER_UNKNOWN;
	s->groups13.err = TLS_SCAN_BUDGET;
	s->groups12.version = 0x0303;
	s->groups12.ids[s->groups12.n++] = 23;
	s->groups12.order = TLS_ORDER_SERVER;
	for (k = 0; k < (big ? TLS_SCAN_MAX_DHE : 1); k++) {
		s->dhe[k].bits = (uint16_t)(1024 << (k % 3));
		s->dhe[k].group = k ? 0x0100 + (int)k : 0;
		s->dhe[k].suite = 0x009e;
	}
	s->n_dhe = k;
	s->kex_sha1 = TLS_TRI_YES;
	s->kex_sha224 = TLS_TRI_NO;
	s->kex_err = TLS_SCAN_TIMEOUT;
	s->compression = TLS_TRI_NO;
	s->secure_reneg = TLS_TRI_YES;
	s->ems = TLS_TRI_UNKNOWN;
	if (big)
		memset(s->alpn, 0xfe, sizeof(s->alpn) - 1);
	else
		(void)snprintf(s->alpn, sizeof(s->alpn), "h2");
	s->alpn_h2 = TLS_TRI_YES;
	s->connections = 18;
	s->elapsed_ms = UINT32_MAX;
}

/* JSON text of j, freed by the caller. */
static char *
text(json_t *j)
{
	char *t = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	return t;
}

static void
round_audit(const struct tls_audit *a, const char *what)
{
	char *t1 = text(tls_audit_to_json(a)), *t2 = NULL;
	json_t *j = t1 ? json_loads(t1, 0, NULL) : NULL;
	struct tls_audit *b = tls_audit_from_json(j);
	const char *d = tls_compare_audit(a, b);

	CHECK(t1 != NULL && j != NULL && b != NULL);
	if (d != NULL)
		fprintf(stderr, "%s: %s differs\n", what, d);
	CHECK(b != NULL && d == NULL);
	if (b != NULL)
		t2 = text(tls_audit_to_json(b));
	CHECK(t1 != NULL && t2 != NULL && strcmp(t1, t2) == 0);
	json_decref(j);
	tls_audit_free(b);
	free(t1);
	free(t2);
}

static void
round_scan(const struct tls_scan *s, const char *what)
{
	char *t1 = text(tls_scan_to_json(s)), *t2 = NULL;
	json_t *j = t1 ? json_loads(t1, 0, NULL) : NULL;
	struct tls_scan *b = malloc(sizeof(*b));
	const char *d = "not parsed";

	CHECK(t1 != NULL && j != NULL && b != NULL);
	if (b != NULL && tls_scan_from_json(j, b) == 0) {
		d = tls_compare_scan(s, b);
		t2 = text(tls_scan_to_json(b));
	}
	if (d != NULL)
		fprintf(stderr, "%s: %s differs\n", what, d);
	CHECK(d == NULL);
	CHECK(t1 != NULL && t2 != NULL && strcmp(t1, t2) == 0);
	json_decref(j);
	free(b);
	free(t1);
	free(t2);
}

static int
audit_ok(const json_t *j)
{
	struct tls_audit *a = tls_audit_from_json(j);

	tls_audit_free(a);
	return a != NULL;
}

static int
scan_ok(const json_t *j)
{
	struct tls_scan s;

	return tls_scan_from_json(j, &s) == 0;
}

/* --- mutations: each must be refused -------------------------------------- */

enum mut { MUT_TYPE, MUT_DROP, MUT_EXTRA };

static json_t *
wrong_type(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return json_array();
	case JSON_ARRAY:
		return json_object();
	case JSON_STRING:
		return json_integer(7);
	case JSON_INTEGER:
	case JSON_REAL:
		return json_string("7");
	case JSON_TRUE:
	case JSON_FALSE:
		return json_integer(1);
	case JSON_NULL:
		return json_true();
	}
	return NULL;
}

/* Apply kind to the *left-th node (pre-order) below parent; 1 if done. */
static int
mutate_walk(json_t *node, json_t *parent, const char *key, size_t idx,
    size_t *left, enum mut kind, char *path, size_t pathsz)
{
	size_t len = strlen(path), i;
	const char *k;
	json_t *v;

	if ((*left)-- == 0) {
		if (kind == MUT_TYPE) {
			v = wrong_type(node);
			if (json_is_object(parent))
				(void)json_object_set_new(parent, key, v);
			else
				(void)json_array_set_new(parent, idx, v);
			return 1;
		}
		if (kind == MUT_DROP) {
			if (!json_is_object(parent))
				return 0;
			(void)json_object_del(parent, key);
			return 1;
		}
		if (!json_is_object(node))
			return 0;
		(void)json_object_set_new(node, "unknown", json_integer(0));
		return 1;
	}
	if (json_is_object(node)) {
		json_object_foreach(node, k, v) {
			(void)snprintf(path + len, pathsz - len, ".%s", k);
			if (mutate_walk(v, node, k, 0, left, kind, path, pathsz))
				return 1;
			if (*left == (size_t)-1)
				return 0;
		}
	} else if (json_is_array(node)) {
		for (i = 0; i < json_array_size(node); i++) {
			(void)snprintf(path + len, pathsz - len, "[%zu]", i);
			if (mutate_walk(json_array_get(node, i), node, NULL, i,
			    left, kind, path, pathsz))
				return 1;
			if (*left == (size_t)-1)
				return 0;
		}
	}
	path[len] = '\0';
	return 0;
}

/* Every mutation of every node below the root must be refused. */
static void
mutations(const json_t *root, int (*accepts)(const json_t *),
    const char *what)
{
	enum mut kind;
	size_t n, left, tried = 0, refused = 0;
	char path[256];

	for (kind = MUT_TYPE; kind <= MUT_EXTRA; kind++)
		for (n = 1;; n++) {
			json_t *wrapper = json_pack("{sO}", "r", root), *copy;
			int done;

			copy = json_deep_copy(wrapper);
			json_decref(wrapper);
			left = n;
			path[0] = '\0';
			/* node 0 is the wrapper; node 1 the root */
			done = copy != NULL && mutate_walk(copy, NULL, NULL, 0,
			    &left, kind, path, sizeof(path));
			/* not done and nothing left: past the last node */
			if (copy == NULL || (!done && left != (size_t)-1)) {
				json_decref(copy);
				break;
			}
			if (done) {
				tried++;
				if (!accepts(json_object_get(copy, "r")))
					refused++;
				else
					fprintf(stderr, "%s: accepted after "
					    "mutation %d at %s\n", what,
					    (int)kind, path);
			}
			json_decref(copy);
		}
	CHECK(tried > 100 && refused == tried);
}

/* --- single bad values ---------------------------------------------------- */

/* Set path (keys separated by '/', array indexes as numbers) in a copy of
 * root to v (stolen) and say whether accepts takes it. */
static int
with(const json_t *root, const char *path, json_t *v,
    int (*accepts)(const json_t *))
{
	json_t *copy = json_deep_copy(root), *node = copy;
	char buf[128], *p, *save = NULL, *next;
	int ok;

	(void)snprintf(buf, sizeof(buf), "%s", path);
	for (p = strtok_r(buf, "/", &save); p != NULL; p = next) {
		next = strtok_r(NULL, "/", &save);
		if (next == NULL) {
			if (json_is_array(node))
				(void)json_array_set_new(node,
				    strtoul(p, NULL, 10), v);
			else
				(void)json_object_set_new(node, p, v);
			break;
		}
		node = json_is_array(node) ?
		    json_array_get(node, strtoul(p, NULL, 10)) :
		    json_object_get(node, p);
	}
	ok = accepts(copy);
	json_decref(copy);
	return ok;
}

static json_t *
str_of(size_t n, char c)
{
	char *p = malloc(n + 1);
	json_t *v;

	if (p == NULL)
		return NULL;
	memset(p, c, n);
	p[n] = '\0';
	v = json_stringn(p, n);
	free(p);
	return v;
}

static json_t *
int_array(size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		(void)json_array_append_new(a, json_integer(1));
	return a;
}

static void
bad_audits(const json_t *j)
{
	const json_t *chain = json_object_get(j, "chain");
	json_t *big, *sans;
	size_t i;

	CHECK(audit_ok(j));
	CHECK(!audit_ok(NULL));
	CHECK(!audit_ok(json_object_get(j, "port")));
	CHECK(!with(j, "format", json_integer(2), audit_ok));
	CHECK(!with(j, "port", json_integer(65536), audit_ok));
	CHECK(!with(j, "port", json_integer(-1), audit_ok));
	CHECK(!with(j, "port", json_real(25.0), audit_ok));
	CHECK(!with(j, "addr", json_string("mx.example.test"), audit_ok));
	CHECK(!with(j, "addr", json_stringn("::1\0x", 5), audit_ok));
	CHECK(!with(j, "hs/code", json_string("okay"), audit_ok));
	CHECK(!with(j, "hs/code", json_string("OK"), audit_ok));
	CHECK(!with(j, "hs/alert", json_integer(256), audit_ok));
	CHECK(!with(j, "secure_reneg", json_integer(2), audit_ok));
	CHECK(!with(j, "host_match", json_integer(-2), audit_ok));
	CHECK(!with(j, "trusted", json_integer(1), audit_ok));
	CHECK(!with(j, "conns", json_integer(-1), audit_ok));
	CHECK(!with(j, "elapsed_ms", json_integer(INT64_C(4294967296)),
	    audit_ok));
	CHECK(!with(j, "early/status", json_string("maybe"), audit_ok));
	CHECK(!with(j, "ocsp/cert_status", json_string(""), audit_ok));
	CHECK(!with(j, "dane/usable", json_integer(TLS_AUDIT_TLSA_MAX + 1),
	    audit_ok));
	CHECK(!with(j, "dane/mtype", json_integer(256), audit_ok));
	CHECK(!with(j, "chain/0/key_type", json_string("RSA"), audit_ok));
	/* strings: caps, NUL, hex form */
	CHECK(with(j, "sni", str_of(TLS_SERIAL_STR_MAX, 'a'), audit_ok));
	CHECK(!with(j, "sni", str_of(TLS_SERIAL_STR_MAX + 1, 'a'), audit_ok));
	CHECK(with(j, "chain/0/subject", str_of(TLS_AUDIT_NAME_MAX, 'a'),
	    audit_ok));
	CHECK(!with(j, "chain/0/subject", str_of(TLS_AUDIT_NAME_MAX + 1, 'a'),
	    audit_ok));
	CHECK(!with(j, "sni", json_stringn("a\0b", 3), audit_ok));
	CHECK(with(j, "sni", json_pack("{ss}", "hex", "41ff"), audit_ok));
	CHECK(!with(j, "sni", json_pack("{ss}", "hex", "41F"), audit_ok));
	CHECK(!with(j, "sni", json_pack("{ss}", "hex", "41FF"), audit_ok));
	CHECK(!with(j, "sni", json_pack("{ss}", "hex", "4100"), audit_ok));
	CHECK(!with(j, "sni", json_pack("{ss}", "hex", "zz"), audit_ok));
	CHECK(!with(j, "sni", json_pack("{si}", "hex", 1), audit_ok));
	CHECK(!with(j, "sni", json_pack("{ss}", "b64", "QQ=="), audit_ok));
	CHECK(!with(j, "sni", json_pack("{so}", "hex",
	    str_of(2 * TLS_SERIAL_STR_MAX + 2, 'a')), audit_ok));
	CHECK(with(j, "sni", json_pack("{so}", "hex",
	    str_of(2 * TLS_SERIAL_STR_MAX, 'a')), audit_ok));
	CHECK(!with(j, "chain/0/san/0", json_null(), audit_ok));
	CHECK(!with(j, "chain/0/sha256", json_string("abc"), audit_ok));
	CHECK(!with(j, "chain/0/sha256", str_of(64, 'A'), audit_ok));
	CHECK(with(j, "chain/0/sha256", json_string(""), audit_ok));
	CHECK(!with(j, "chain/0/sha256", json_null(), audit_ok));
	/* counts that disagree */
	CHECK(!with(j, "n_chain_sent", json_integer(1), audit_ok));
	CHECK(with(j, "n_chain_sent", json_integer(2), audit_ok));
	CHECK(!with(j, "chain/0/n_san_total", json_integer(2), audit_ok));
	/* arrays past their caps */
	big = json_array();
	for (i = 0; i <= TLS_AUDIT_CHAIN_MAX; i++)
		(void)json_array_append(big, json_array_get(chain, 0));
	CHECK(!with(j, "chain", big, audit_ok));
	sans = json_array();
	for (i = 0; i <= TLS_AUDIT_SAN_MAX; i++)
		(void)json_array_append_new(sans, json_string("a.test"));
	CHECK(!with(j, "chain/0/san", sans, audit_ok));
	CHECK(with(j, "chain", json_array(), audit_ok));
}

static void
bad_scans(const json_t *j)
{
	json_t *vs = json_object_get(j, "versions"), *seven, *five, *dhe;
	size_t i;

	CHECK(scan_ok(j));
	CHECK(!scan_ok(NULL));
	CHECK(!with(j, "format", json_integer(0), scan_ok));
	CHECK(!with(j, "status", json_string("fine"), scan_ok));
	CHECK(!with(j, "versions/1/accepted", json_string("YES"), scan_ok));
	CHECK(!with(j, "versions/1/order", json_string("both"), scan_ok));
	CHECK(!with(j, "groups12/err", json_string("error"), scan_ok));
	CHECK(!with(j, "kex_sha1", json_integer(2), scan_ok));
	CHECK(with(j, "why", str_of(127, 'a'), scan_ok));
	CHECK(!with(j, "why", str_of(128, 'a'), scan_ok));
	CHECK(!with(j, "alpn", str_of(32, 'a'), scan_ok));
	CHECK(!with(j, "alpn", json_null(), scan_ok));
	CHECK(!with(j, "versions/0/why", str_of(96, 'a'), scan_ok));
	CHECK(!with(j, "versions/0/suites", int_array(TLS_SCAN_MAX_SUITES + 1),
	    scan_ok));
	CHECK(with(j, "versions/0/suites", int_array(TLS_SCAN_MAX_SUITES),
	    scan_ok));
	CHECK(!with(j, "versions/0/ssl2_specs", int_array(TLS_SCAN_MAX_SSL2 + 1),
	    scan_ok));
	CHECK(!with(j, "versions/0/ssl2_specs/0", json_integer(0x1000000),
	    scan_ok));
	CHECK(!with(j, "versions/1/suites/0", json_integer(65536), scan_ok));
	CHECK(!with(j, "groups13/ids", int_array(TLS_SCAN_MAX_GROUPS + 1),
	    scan_ok));
	dhe = json_array();
	for (i = 0; i <= TLS_SCAN_MAX_DHE; i++)
		(void)json_array_append_new(dhe, json_pack("{sisisi}", "bits",
		    2048, "group", 0, "suite", 0x9e));
	CHECK(!with(j, "dhe", dhe, scan_ok));
	seven = json_copy(vs);
	(void)json_array_append(seven, json_array_get(vs, 0));
	CHECK(!with(j, "versions", seven, scan_ok));
	five = json_copy(vs);
	(void)json_array_remove(five, 5);
	CHECK(!with(j, "versions", five, scan_ok));
	CHECK(!with(j, "addr", json_string("1.2.3"), scan_ok));
	CHECK(with(j, "addr", json_null(), scan_ok));
}

int
main(void)
{
	struct tls_audit *a = make_audit(0), *big = make_audit(1),
	    *pre = make_audit_prelude();
	struct tls_scan *s = malloc(sizeof(*s)), *sbig = malloc(sizeof(*s)),
	    *zero = calloc(1, sizeof(*s));
	json_t *ja, *js;

	if (s == NULL || sbig == NULL || zero == NULL)
		return 1;
	make_scan(s, 0);
	make_scan(sbig, 1);

	round_audit(a, "audit");
	round_audit(big, "audit at caps");
	round_audit(pre, "audit refused at STARTTLS");
	round_scan(s, "scan");
	round_scan(sbig, "scan at caps");
	round_scan(zero, "zero scan");

	/* the comparison itself sees a difference */
	a->chain[1].san[2] = "IP:127.0.0.2";
	ja = tls_audit_to_json(a);
	CHECK(ja != NULL);
	{
		struct tls_audit *b = tls_audit_from_json(ja);

		CHECK(b != NULL && tls_compare_audit(a, b) == NULL);
		if (b != NULL)
			b->chain[1].san[2] = "IP:127.0.0.1";
		CHECK(b != NULL && tls_compare_audit(a, b) != NULL);
		tls_audit_free(b);
	}

	/* writers refuse what their parsers would */
	a->chain[0].n_san_total = 1;
	CHECK(tls_audit_to_json(a) == NULL);
	a->chain[0].n_san_total = 99;
	a->hs.code = (enum tls_audit_err)(TLS_AUDIT_PRELUDE + 1);
	CHECK(tls_audit_to_json(a) == NULL);
	a->hs.code = TLS_AUDIT_OK;
	a->trusted = 2;
	CHECK(tls_audit_to_json(a) == NULL);
	a->trusted = 1;
	a->reneg.end.alert = 256;
	CHECK(tls_audit_to_json(a) == NULL);
	a->reneg.end.alert = 40;
	a->chain[1].sha256[3] = 'A';
	CHECK(tls_audit_to_json(a) == NULL);
	a->chain[1].sha256[3] = 'a';
	a->addr.text[0] = '0';                /* not what parsing gives */
	CHECK(tls_audit_to_json(a) == NULL);
	if (net_addr_parse(&a->addr, "::1") != 0)
		abort();
	memset(s->v[2].why, 'x', sizeof(s->v[2].why));
	CHECK(tls_scan_to_json(s) == NULL);
	make_scan(s, 0);
	s->v[0].ssl2_specs[0] = 0x1000000;
	CHECK(tls_scan_to_json(s) == NULL);
	make_scan(s, 0);
	s->alpn_h2 = (enum tls_tri)3;
	CHECK(tls_scan_to_json(s) == NULL);
	make_scan(s, 0);

	js = tls_scan_to_json(s);
	CHECK(js != NULL);
	if (ja != NULL && js != NULL) {
		bad_audits(ja);
		bad_scans(js);
		mutations(ja, audit_ok, "audit");
		mutations(js, scan_ok, "scan");
		/* one parser never takes the other's value */
		CHECK(!audit_ok(js) && !scan_ok(ja));
	}
	json_decref(ja);
	json_decref(js);
	tls_audit_free(a);
	tls_audit_free(big);
	tls_audit_free(pre);
	free(s);
	free(sbig);
	free(zero);
	return unit_done("test_tls_serial");
}
