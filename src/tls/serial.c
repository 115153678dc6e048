/*
 * serial.c: audits and scans to JSON and back (see serial.h).
 *
 * Writers collect failures in a flag and drop the half-built value at the
 * end; readers do the same, so each field is one line on either side and
 * the two read alike. An object's reader first checks its key count, and
 * every key it then asks for must exist: together, no key is missing and
 * none is unknown.
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tls/serial.h"
#include "util/arena.h"

#define NKEYS_AUDIT   29
#define NKEYS_STATUS  4
#define NKEYS_CERT    16
#define NKEYS_DANE    8
#define NKEYS_OCSP    10
#define NKEYS_RENEG   4
#define NKEYS_EARLY   4
#define NKEYS_SCAN    19
#define NKEYS_VERSION 12
#define NKEYS_GROUPS  5
#define NKEYS_DHE     3

/* --- enums as codes ------------------------------------------------------- */

typedef const char *(*code_fn)(int);

static const char *
audit_err_name(int v)
{
	return tls_audit_err_code((enum tls_audit_err)v);
}

static const char *
ocsp_name(int v)
{
	return tls_ocsp_status_str((enum tls_ocsp_status)v);
}

static const char *
early_name(int v)
{
	return tls_early_status_str((enum tls_early_status)v);
}

static const char *
scan_status_name(int v)
{
	return tls_scan_status_code((enum tls_scan_status)v);
}

static const char *
tri_name(int v)
{
	return tls_tri_str((enum tls_tri)v);
}

static const char *
order_name(int v)
{
	return tls_order_str((enum tls_order)v);
}

static const char *const key_type_code[] = {
	[TLS_KEY_RSA] = "rsa",
	[TLS_KEY_EC] = "ec",
	[TLS_KEY_ED25519] = "ed25519",
	[TLS_KEY_ED448] = "ed448",
	[TLS_KEY_DSA] = "dsa",
	[TLS_KEY_OTHER] = "other",
};

static const char *
key_type_name(int v)
{
	return key_type_code[v];
}

/* --- writing -------------------------------------------------------------- */

struct wr {
	int bad;
};

static void
put(struct wr *w, json_t *o, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		w->bad = 1;
}

static void
put_int(struct wr *w, json_t *o, const char *key, json_int_t v)
{
	put(w, o, key, json_integer(v));
}

static void
put_bool(struct wr *w, json_t *o, const char *key, int v)
{
	if (v != 0 && v != 1)
		w->bad = 1;
	put(w, o, key, json_boolean(v));
}

/* An int the struct documents as -1 / 0 / 1. */
static void
put_tri(struct wr *w, json_t *o, const char *key, int v)
{
	if (v < -1 || v > 1)
		w->bad = 1;
	put_int(w, o, key, v);
}

static void
put_enum(struct wr *w, json_t *o, const char *key, int v, code_fn name,
    int max)
{
	if (v < 0 || v > max) {
		w->bad = 1;
		return;
	}
	put(w, o, key, json_string(name(v)));
}

static json_t *
str_json(const char *s, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	size_t len, i;
	json_t *v, *o;
	char *h;

	if (s == NULL)
		return json_null();
	if ((len = strlen(s)) > max)
		return NULL;
	if ((v = json_stringn(s, len)) != NULL)
		return v;
	/* not UTF-8 */
	if ((h = malloc(2 * len + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		h[2 * i] = hex[(unsigned char)s[i] >> 4];
		h[2 * i + 1] = hex[(unsigned char)s[i] & 0xf];
	}
	o = json_object();
	if (o != NULL && json_object_set_new(o, "hex",
	    json_stringn(h, 2 * len)) != 0) {
		json_decref(o);
		o = NULL;
	}
	free(h);
	return o;
}

static void
put_str(struct wr *w, json_t *o, const char *key, const char *s, size_t max)
{
	put(w, o, key, str_json(s, max));
}

/* A char array of size bytes: must hold its NUL. */
static void
put_buf(struct wr *w, json_t *o, const char *key, const char *buf,
    size_t size)
{
	if (strnlen(buf, size) >= size) {
		w->bad = 1;
		return;
	}
	put_str(w, o, key, buf, size - 1);
}

/* null for an all-zero address; else only the form net_addr_parse
 * gives back (canonical text, unused bytes zero). */
static void
put_addr(struct wr *w, json_t *o, const char *key, const struct net_addr *a)
{
	struct net_addr canon;

	memset(&canon, 0, sizeof(canon));
	if (a->family != 0 && ((a->family != AF_INET &&
	    a->family != AF_INET6) || net_addr_from_bytes(&canon, a->bytes,
	    a->family == AF_INET ? 4 : 16) != 0))
		w->bad = 1;
	else if (memcmp(&canon, a, sizeof(canon)) != 0)
		w->bad = 1;
	else
		put(w, o, key, a->family ? json_string(a->text) : json_null());
}

/* "" or 64 lower-case hex digits. */
static int
sha256_ok(const char *h)
{
	size_t i;

	if (h[0] == '\0')
		return 1;
	for (i = 0; i < 64; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
			return 0;
	return h[64] == '\0';
}

static json_t *
status_json(struct wr *w, const struct tls_audit_status *st)
{
	json_t *o = json_object();

	put_enum(w, o, "code", (int)st->code, audit_err_name, TLS_AUDIT_PRELUDE);
	if (st->alert < -1 || st->alert > 255)
		w->bad = 1;
	put_int(w, o, "alert", st->alert);
	put_int(w, o, "sys_err", st->sys_err);
	put_str(w, o, "detail", st->detail, TLS_SERIAL_STR_MAX);
	return o;
}

static json_t *
cert_json(struct wr *w, const struct tls_cert *c)
{
	json_t *o = json_object(), *san = json_array();
	size_t i;

	put_str(w, o, "subject", c->subject, TLS_AUDIT_NAME_MAX);
	put_str(w, o, "issuer", c->issuer, TLS_AUDIT_NAME_MAX);
	put_bool(w, o, "self_signed", c->self_signed);
	put_enum(w, o, "key_type", (int)c->key_type, key_type_name,
	    TLS_KEY_OTHER);
	put_str(w, o, "key_name", c->key_name, TLS_SERIAL_STR_MAX);
	put_int(w, o, "key_bits", c->key_bits);
	put_str(w, o, "curve", c->curve, TLS_SERIAL_STR_MAX);
	put_str(w, o, "sig_alg", c->sig_alg, TLS_SERIAL_STR_MAX);
	put_str(w, o, "sig_digest", c->sig_digest, TLS_SERIAL_STR_MAX);
	put_str(w, o, "sig_key", c->sig_key, TLS_SERIAL_STR_MAX);
	put_int(w, o, "not_before", c->not_before);
	put_int(w, o, "not_after", c->not_after);
	if (c->n_san > TLS_AUDIT_SAN_MAX || c->n_san > c->n_san_total ||
	    (c->n_san > 0 && c->san == NULL))
		w->bad = 1;
	for (i = 0; !w->bad && i < c->n_san; i++)
		if (c->san[i] == NULL ||
		    json_array_append_new(san, str_json(c->san[i],
		    TLS_SERIAL_STR_MAX)) != 0)
			w->bad = 1;
	put(w, o, "san", san);
	put_int(w, o, "n_san_total", (json_int_t)c->n_san_total);
	if (c->n_san_total > INT_MAX)
		w->bad = 1;
	put_str(w, o, "ocsp_url", c->ocsp_url, TLS_SERIAL_STR_MAX);
	if (!sha256_ok(c->sha256))
		w->bad = 1;
	put_buf(w, o, "sha256", c->sha256, sizeof(c->sha256));
	return o;
}

static json_t *
dane_json(struct wr *w, const struct tls_dane *d)
{
	json_t *o = json_object();

	put_bool(w, o, "tested", d->tested);
	put_int(w, o, "usable", (json_int_t)d->usable);
	if (d->usable > TLS_AUDIT_TLSA_MAX)
		w->bad = 1;
	put_bool(w, o, "ok", d->ok);
	if (d->depth < -1)
		w->bad = 1;
	put_int(w, o, "depth", d->depth);
	put_int(w, o, "usage", d->usage);
	put_int(w, o, "selector", d->selector);
	put_int(w, o, "mtype", d->mtype);
	put_str(w, o, "error", d->error, TLS_SERIAL_STR_MAX);
	return o;
}

static json_t *
ocsp_json(struct wr *w, const struct tls_ocsp *c)
{
	json_t *o = json_object();

	put_bool(w, o, "stapled", c->stapled);
	put_int(w, o, "len", (json_int_t)c->len);
	if (c->len > INT_MAX)
		w->bad = 1;
	put_bool(w, o, "parsed", c->parsed);
	put_int(w, o, "resp_status", c->resp_status);
	put_enum(w, o, "cert_status", (int)c->cert_status, ocsp_name,
	    TLS_OCSP_UNKNOWN);
	put_int(w, o, "this_update", c->this_update);
	put_int(w, o, "next_update", c->next_update);
	put_bool(w, o, "time_ok", c->time_ok);
	put_bool(w, o, "sig_ok", c->sig_ok);
	put_str(w, o, "error", c->error, TLS_SERIAL_STR_MAX);
	return o;
}

json_t *
tls_audit_to_json(const struct tls_audit *a)
{
	struct wr w = { 0 };
	json_t *o, *chain, *x;
	size_t i;

	if (a == NULL)
		return NULL;
	o = json_object();
	chain = json_array();
	put_int(&w, o, "format", TLS_SERIAL_FORMAT);
	put_addr(&w, o, "addr", &a->addr);
	put_int(&w, o, "port", a->port);
	put_str(&w, o, "sni", a->sni, TLS_SERIAL_STR_MAX);
	put(&w, o, "hs", status_json(&w, &a->hs));
	put_str(&w, o, "prelude_code", a->prelude_code, TLS_SERIAL_STR_MAX);
	put_int(&w, o, "conns", a->conns);
	put_int(&w, o, "elapsed_ms", a->elapsed_ms);
	put_int(&w, o, "version", a->version);
	put_str(&w, o, "version_name", a->version_name, TLS_SERIAL_STR_MAX);
	put_int(&w, o, "suite", a->suite);
	put_str(&w, o, "cipher", a->cipher, TLS_SERIAL_STR_MAX);
	put_str(&w, o, "cipher_iana", a->cipher_iana, TLS_SERIAL_STR_MAX);
	put_str(&w, o, "group", a->group, TLS_SERIAL_STR_MAX);
	put_tri(&w, o, "secure_reneg", a->secure_reneg);
	put_tri(&w, o, "ems", a->ems);
	put_str(&w, o, "compression", a->compression, TLS_SERIAL_STR_MAX);
	if (a->n_chain > TLS_AUDIT_CHAIN_MAX || a->n_chain > a->n_chain_sent ||
	    a->n_chain_sent > INT_MAX || (a->n_chain > 0 && a->chain == NULL))
		w.bad = 1;
	for (i = 0; !w.bad && i < a->n_chain; i++) {
		x = cert_json(&w, &a->chain[i]);
		if (json_array_append_new(chain, x) != 0)
			w.bad = 1;
	}
	put(&w, o, "chain", chain);
	put_int(&w, o, "n_chain_sent", (json_int_t)a->n_chain_sent);
	put_bool(&w, o, "trusted", a->trusted);
	put_int(&w, o, "verify_err", a->verify_err);
	put_str(&w, o, "verify_error", a->verify_error, TLS_SERIAL_STR_MAX);
	if (a->verify_depth < -1)
		w.bad = 1;
	put_int(&w, o, "verify_depth", a->verify_depth);
	put_tri(&w, o, "host_match", a->host_match);
	put_str(&w, o, "host_matched", a->host_matched, TLS_SERIAL_STR_MAX);
	put(&w, o, "dane", dane_json(&w, &a->dane));
	put(&w, o, "ocsp", ocsp_json(&w, &a->ocsp));
	x = json_object();
	put_bool(&w, x, "tested", a->reneg.tested);
	put_int(&w, x, "attempts", a->reneg.attempts);
	put_int(&w, x, "succeeded", a->reneg.succeeded);
	put(&w, x, "end", status_json(&w, &a->reneg.end));
	put(&w, o, "reneg", x);
	x = json_object();
	put_enum(&w, x, "status", (int)a->early.status, early_name,
	    TLS_EARLY_FAILED);
	put_int(&w, x, "max_early_data", a->early.max_early_data);
	put_bool(&w, x, "resumed", a->early.resumed);
	put(&w, x, "hs", status_json(&w, &a->early.hs));
	put(&w, o, "early", x);
	if (w.bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
version_json(struct wr *w, const struct tls_scan_version *v)
{
	json_t *o = json_object(), *suites = json_array(), *specs = json_array();
	size_t i;

	put_int(w, o, "version", v->version);
	put_enum(w, o, "accepted", (int)v->accepted, tri_name, TLS_TRI_YES);
	put_enum(w, o, "err", (int)v->err, scan_status_name, TLS_SCAN_PRELUDE);
	put_buf(w, o, "why", v->why, sizeof(v->why));
	if (v->n_suites > TLS_SCAN_MAX_SUITES ||
	    v->n_ssl2_specs > TLS_SCAN_MAX_SSL2)
		w->bad = 1;
	for (i = 0; !w->bad && i < v->n_suites; i++)
		if (json_array_append_new(suites, json_integer(v->suites[i])))
			w->bad = 1;
	for (i = 0; !w->bad && i < v->n_ssl2_specs; i++)
		if (v->ssl2_specs[i] > 0xffffff ||
		    json_array_append_new(specs, json_integer(v->ssl2_specs[i])))
			w->bad = 1;
	put(w, o, "suites", suites);
	put_bool(w, o, "complete", v->complete);
	put_enum(w, o, "order", (int)v->order, order_name, TLS_ORDER_SERVER);
	put(w, o, "ssl2_specs", specs);
	put_enum(w, o, "secure_reneg", (int)v->secure_reneg, tri_name,
	    TLS_TRI_YES);
	put_enum(w, o, "ems", (int)v->ems, tri_name, TLS_TRI_YES);
	put_enum(w, o, "compression", (int)v->compression, tri_name,
	    TLS_TRI_YES);
	put_int(w, o, "connections", v->connections);
	return o;
}

static json_t *
groups_json(struct wr *w, const struct tls_scan_groups *g)
{
	json_t *o = json_object(), *ids = json_array();
	size_t i;

	put_int(w, o, "version", g->version);
	if (g->n > TLS_SCAN_MAX_GROUPS)
		w->bad = 1;
	for (i = 0; !w->bad && i < g->n; i++)
		if (json_array_append_new(ids, json_integer(g->ids[i])))
			w->bad = 1;
	put(w, o, "ids", ids);
	put_bool(w, o, "complete", g->complete);
	put_enum(w, o, "order", (int)g->order, order_name, TLS_ORDER_SERVER);
	put_enum(w, o, "err", (int)g->err, scan_status_name, TLS_SCAN_PRELUDE);
	return o;
}

json_t *
tls_scan_to_json(const struct tls_scan *s)
{
	struct wr w = { 0 };
	json_t *o, *vs, *dhe, *x;
	size_t i;

	if (s == NULL)
		return NULL;
	o = json_object();
	vs = json_array();
	dhe = json_array();
	put_enum(&w, o, "status", (int)s->status, scan_status_name,
	    TLS_SCAN_PRELUDE);
	put_buf(&w, o, "why", s->why, sizeof(s->why));
	put_addr(&w, o, "addr", &s->addr);
	put_int(&w, o, "port", s->port);
	for (i = 0; i < TLS_SCAN_NVERSIONS; i++)
		if (json_array_append_new(vs, version_json(&w, &s->v[i])) != 0)
			w.bad = 1;
	put(&w, o, "versions", vs);
	put(&w, o, "groups13", groups_json(&w, &s->groups13));
	put(&w, o, "groups12", groups_json(&w, &s->groups12));
	if (s->n_dhe > TLS_SCAN_MAX_DHE)
		w.bad = 1;
	for (i = 0; !w.bad && i < s->n_dhe; i++) {
		x = json_object();
		put_int(&w, x, "bits", s->dhe[i].bits);
		put_int(&w, x, "group", s->dhe[i].group);
		put_int(&w, x, "suite", s->dhe[i].suite);
		if (json_array_append_new(dhe, x) != 0)
			w.bad = 1;
	}
	put(&w, o, "dhe", dhe);
	put_enum(&w, o, "kex_sha1", (int)s->kex_sha1, tri_name, TLS_TRI_YES);
	put_enum(&w, o, "kex_sha224", (int)s->kex_sha224, tri_name,
	    TLS_TRI_YES);
	put_enum(&w, o, "kex_err", (int)s->kex_err, scan_status_name,
	    TLS_SCAN_PRELUDE);
	put_enum(&w, o, "compression", (int)s->compression, tri_name,
	    TLS_TRI_YES);
	put_enum(&w, o, "secure_reneg", (int)s->secure_reneg, tri_name,
	    TLS_TRI_YES);
	put_enum(&w, o, "ems", (int)s->ems, tri_name, TLS_TRI_YES);
	put_buf(&w, o, "alpn", s->alpn, sizeof(s->alpn));
	put_enum(&w, o, "alpn_h2", (int)s->alpn_h2, tri_name, TLS_TRI_YES);
	put_int(&w, o, "connections", s->connections);
	put_int(&w, o, "elapsed_ms", s->elapsed_ms);
	put_int(&w, o, "format", TLS_SERIAL_FORMAT);
	if (w.bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* --- reading -------------------------------------------------------------- */

struct rd {
	int bad;
	struct arena *m;            /* strings of an audit; NULL for scans */
};

/* o is an object of exactly n keys. */
static int
keys(struct rd *r, const json_t *o, size_t n)
{
	if (!json_is_object(o) || json_object_size(o) != n) {
		r->bad = 1;
		return -1;
	}
	return 0;
}

static const json_t *
get(struct rd *r, const json_t *o, const char *key)
{
	const json_t *v = r->bad ? NULL : json_object_get(o, key);

	if (v == NULL)
		r->bad = 1;
	return v;
}

static json_int_t
int_in(struct rd *r, const json_t *v, json_int_t min, json_int_t max)
{
	json_int_t x;

	if (!json_is_integer(v) || (x = json_integer_value(v)) < min ||
	    x > max) {
		r->bad = 1;
		return 0;
	}
	return x;
}

static json_int_t
get_int(struct rd *r, const json_t *o, const char *key, json_int_t min,
    json_int_t max)
{
	return int_in(r, get(r, o, key), min, max);
}

static int
get_bool(struct rd *r, const json_t *o, const char *key)
{
	const json_t *v = get(r, o, key);

	if (!json_is_boolean(v)) {
		r->bad = 1;
		return 0;
	}
	return json_is_true(v);
}

static int
get_enum(struct rd *r, const json_t *o, const char *key, code_fn name,
    int max)
{
	const json_t *v = get(r, o, key);
	const char *s;
	int i;

	if (!json_is_string(v)) {
		r->bad = 1;
		return 0;
	}
	s = json_string_value(v);
	for (i = 0; i <= max; i++)
		if (strcmp(name(i), s) == 0)
			return i;
	r->bad = 1;
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The n bytes (no NUL among them) that string value v stands for, into
 * dst of n + 1 bytes; with dst NULL, only n. -1 if v is no string value,
 * or holds more than max bytes. */
static int
str_take(const json_t *v, size_t max, char *dst, size_t *n)
{
	const json_t *h;
	const char *p;
	size_t len, i;
	int hi, lo;

	if (json_is_string(v)) {
		p = json_string_value(v);
		len = json_string_length(v);
		if (len > max || memchr(p, '\0', len) != NULL)
			return -1;
		*n = len;
		if (dst != NULL) {
			memcpy(dst, p, len);
			dst[len] = '\0';
		}
		return 0;
	}
	if (!json_is_object(v) || json_object_size(v) != 1 ||
	    !json_is_string(h = json_object_get(v, "hex")))
		return -1;
	p = json_string_value(h);
	len = json_string_length(h);
	if (len % 2 != 0 || len / 2 > max)
		return -1;
	*n = len / 2;
	for (i = 0; i < len / 2; i++) {
		if ((hi = hexval(p[2 * i])) < 0 ||
		    (lo = hexval(p[2 * i + 1])) < 0 || (hi | lo) == 0)
			return -1;
		if (dst != NULL)
			dst[i] = (char)(hi << 4 | lo);
	}
	if (dst != NULL)
		dst[len / 2] = '\0';
	return 0;
}

/* A string or null, copied to the arena. */
static const char *
str_in(struct rd *r, const json_t *v, size_t max)
{
	char *s;
	size_t n;

	if (r->bad || json_is_null(v))
		return NULL;
	if (str_take(v, max, NULL, &n) != 0 || r->m == NULL ||
	    (s = arena_alloc(r->m, n + 1)) == NULL ||
	    str_take(v, max, s, &n) != 0) {
		r->bad = 1;
		return NULL;
	}
	return s;
}

static const char *
get_str(struct rd *r, const json_t *o, const char *key, size_t max)
{
	return str_in(r, get(r, o, key), max);
}

/* Into a char array of size bytes; null is refused. */
static void
get_buf(struct rd *r, const json_t *o, const char *key, char *buf,
    size_t size)
{
	const json_t *v = get(r, o, key);
	size_t n;

	if (r->bad || str_take(v, size - 1, buf, &n) != 0)
		r->bad = 1;
}

static void
get_addr(struct rd *r, const json_t *o, const char *key, struct net_addr *a)
{
	const json_t *v = get(r, o, key);
	char txt[INET6_ADDRSTRLEN];

	memset(a, 0, sizeof(*a));
	if (r->bad || json_is_null(v))
		return;
	if (!json_is_string(v) || json_string_length(v) >= sizeof(txt) ||
	    strlen(json_string_value(v)) != json_string_length(v) ||
	    net_addr_parse(a, json_string_value(v)) != 0) {
		memset(a, 0, sizeof(*a));
		r->bad = 1;
	}
}

/* An array of at most max elements; its size in *n. */
static const json_t *
get_array(struct rd *r, const json_t *o, const char *key, size_t max,
    size_t *n)
{
	const json_t *v = get(r, o, key);

	*n = 0;
	if (!json_is_array(v) || json_array_size(v) > max) {
		r->bad = 1;
		return NULL;
	}
	*n = json_array_size(v);
	return v;
}

static void
status_in(struct rd *r, const json_t *o, struct tls_audit_status *st)
{
	if (keys(r, o, NKEYS_STATUS) != 0)
		return;
	st->code = (enum tls_audit_err)get_enum(r, o, "code", audit_err_name,
	    TLS_AUDIT_PRELUDE);
	st->alert = (int)get_int(r, o, "alert", -1, 255);
	st->sys_err = (int)get_int(r, o, "sys_err", INT_MIN, INT_MAX);
	st->detail = get_str(r, o, "detail", TLS_SERIAL_STR_MAX);
}

static void
cert_in(struct rd *r, const json_t *o, struct tls_cert *c)
{
	const json_t *san;
	size_t n, i;

	if (keys(r, o, NKEYS_CERT) != 0)
		return;
	c->subject = get_str(r, o, "subject", TLS_AUDIT_NAME_MAX);
	c->issuer = get_str(r, o, "issuer", TLS_AUDIT_NAME_MAX);
	c->self_signed = get_bool(r, o, "self_signed");
	c->key_type = (enum tls_key_type)get_enum(r, o, "key_type",
	    key_type_name, TLS_KEY_OTHER);
	c->key_name = get_str(r, o, "key_name", TLS_SERIAL_STR_MAX);
	c->key_bits = (int)get_int(r, o, "key_bits", INT_MIN, INT_MAX);
	c->curve = get_str(r, o, "curve", TLS_SERIAL_STR_MAX);
	c->sig_alg = get_str(r, o, "sig_alg", TLS_SERIAL_STR_MAX);
	c->sig_digest = get_str(r, o, "sig_digest", TLS_SERIAL_STR_MAX);
	c->sig_key = get_str(r, o, "sig_key", TLS_SERIAL_STR_MAX);
	c->not_before = (int64_t)get_int(r, o, "not_before", INT64_MIN,
	    INT64_MAX);
	c->not_after = (int64_t)get_int(r, o, "not_after", INT64_MIN,
	    INT64_MAX);
	san = get_array(r, o, "san", TLS_AUDIT_SAN_MAX, &n);
	if (n > 0 && !r->bad &&
	    (c->san = arena_alloc(r->m, n * sizeof(*c->san))) == NULL)
		r->bad = 1;
	for (i = 0; !r->bad && i < n; i++) {
		const json_t *v = json_array_get(san, i);

		if (json_is_null(v))
			r->bad = 1;
		else
			c->san[c->n_san++] = str_in(r, v, TLS_SERIAL_STR_MAX);
	}
	c->n_san_total = (size_t)get_int(r, o, "n_san_total", (json_int_t)n,
	    INT_MAX);
	c->ocsp_url = get_str(r, o, "ocsp_url", TLS_SERIAL_STR_MAX);
	get_buf(r, o, "sha256", c->sha256, sizeof(c->sha256));
	if (!r->bad && !sha256_ok(c->sha256))
		r->bad = 1;
}

static void
dane_in(struct rd *r, const json_t *o, struct tls_dane *d)
{
	if (keys(r, o, NKEYS_DANE) != 0)
		return;
	d->tested = get_bool(r, o, "tested");
	d->usable = (size_t)get_int(r, o, "usable", 0, TLS_AUDIT_TLSA_MAX);
	d->ok = get_bool(r, o, "ok");
	d->depth = (int)get_int(r, o, "depth", -1, INT_MAX);
	d->usage = (uint8_t)get_int(r, o, "usage", 0, UINT8_MAX);
	d->selector = (uint8_t)get_int(r, o, "selector", 0, UINT8_MAX);
	d->mtype = (uint8_t)get_int(r, o, "mtype", 0, UINT8_MAX);
	d->error = get_str(r, o, "error", TLS_SERIAL_STR_MAX);
}

static void
ocsp_in(struct rd *r, const json_t *o, struct tls_ocsp *c)
{
	if (keys(r, o, NKEYS_OCSP) != 0)
		return;
	c->stapled = get_bool(r, o, "stapled");
	c->len = (size_t)get_int(r, o, "len", 0, INT_MAX);
	c->parsed = get_bool(r, o, "parsed");
	c->resp_status = (int)get_int(r, o, "resp_status", INT_MIN, INT_MAX);
	c->cert_status = (enum tls_ocsp_status)get_enum(r, o, "cert_status",
	    ocsp_name, TLS_OCSP_UNKNOWN);
	c->this_update = (int64_t)get_int(r, o, "this_update", INT64_MIN,
	    INT64_MAX);
	c->next_update = (int64_t)get_int(r, o, "next_update", INT64_MIN,
	    INT64_MAX);
	c->time_ok = get_bool(r, o, "time_ok");
	c->sig_ok = get_bool(r, o, "sig_ok");
	c->error = get_str(r, o, "error", TLS_SERIAL_STR_MAX);
}

struct tls_audit *
tls_audit_from_json(const json_t *j)
{
	struct rd r = { 0, NULL };
	struct tls_audit *a;
	const json_t *chain, *x;
	size_t n, i;

	if (!json_is_object(j) || (r.m = arena_new(TLS_SERIAL_ARENA_CAP)) == NULL)
		return NULL;
	if ((a = arena_alloc(r.m, sizeof(*a))) == NULL) {
		arena_free(r.m);
		return NULL;
	}
	a->mem = r.m;
	if (keys(&r, j, NKEYS_AUDIT) != 0 ||
	    get_int(&r, j, "format", TLS_SERIAL_FORMAT, TLS_SERIAL_FORMAT) !=
	    TLS_SERIAL_FORMAT)
		goto bad;
	get_addr(&r, j, "addr", &a->addr);
	a->port = (uint16_t)get_int(&r, j, "port", 0, UINT16_MAX);
	a->sni = get_str(&r, j, "sni", TLS_SERIAL_STR_MAX);
	status_in(&r, get(&r, j, "hs"), &a->hs);
	a->prelude_code = get_str(&r, j, "prelude_code", TLS_SERIAL_STR_MAX);
	a->conns = (unsigned)get_int(&r, j, "conns", 0, UINT_MAX);
	a->elapsed_ms = (uint32_t)get_int(&r, j, "elapsed_ms", 0, UINT32_MAX);
	a->version = (uint16_t)get_int(&r, j, "version", 0, UINT16_MAX);
	a->version_name = get_str(&r, j, "version_name", TLS_SERIAL_STR_MAX);
	a->suite = (uint16_t)get_int(&r, j, "suite", 0, UINT16_MAX);
	a->cipher = get_str(&r, j, "cipher", TLS_SERIAL_STR_MAX);
	a->cipher_iana = get_str(&r, j, "cipher_iana", TLS_SERIAL_STR_MAX);
	a->group = get_str(&r, j, "group", TLS_SERIAL_STR_MAX);
	a->secure_reneg = (int)get_int(&r, j, "secure_reneg", -1, 1);
	a->ems = (int)get_int(&r, j, "ems", -1, 1);
	a->compression = get_str(&r, j, "compression", TLS_SERIAL_STR_MAX);
	chain = get_array(&r, j, "chain", TLS_AUDIT_CHAIN_MAX, &n);
	if (n > 0 && !r.bad &&
	    (a->chain = arena_alloc(r.m, n * sizeof(*a->chain))) == NULL)
		r.bad = 1;
	for (i = 0; !r.bad && i < n; i++)
		cert_in(&r, json_array_get(chain, i), &a->chain[a->n_chain++]);
	a->n_chain_sent = (size_t)get_int(&r, j, "n_chain_sent", (json_int_t)n,
	    INT_MAX);
	a->trusted = get_bool(&r, j, "trusted");
	a->verify_err = (int)get_int(&r, j, "verify_err", INT_MIN, INT_MAX);
	a->verify_error = get_str(&r, j, "verify_error", TLS_SERIAL_STR_MAX);
	a->verify_depth = (int)get_int(&r, j, "verify_depth", -1, INT_MAX);
	a->host_match = (int)get_int(&r, j, "host_match", -1, 1);
	a->host_matched = get_str(&r, j, "host_matched", TLS_SERIAL_STR_MAX);
	dane_in(&r, get(&r, j, "dane"), &a->dane);
	ocsp_in(&r, get(&r, j, "ocsp"), &a->ocsp);
	x = get(&r, j, "reneg");
	if (keys(&r, x, NKEYS_RENEG) == 0) {
		a->reneg.tested = get_bool(&r, x, "tested");
		a->reneg.attempts = (unsigned)get_int(&r, x, "attempts", 0,
		    UINT_MAX);
		a->reneg.succeeded = (unsigned)get_int(&r, x, "succeeded", 0,
		    UINT_MAX);
		status_in(&r, get(&r, x, "end"), &a->reneg.end);
	}
	x = get(&r, j, "early");
	if (keys(&r, x, NKEYS_EARLY) == 0) {
		a->early.status = (enum tls_early_status)get_enum(&r, x,
		    "status", early_name, TLS_EARLY_FAILED);
		a->early.max_early_data = (uint32_t)get_int(&r, x,
		    "max_early_data", 0, UINT32_MAX);
		a->early.resumed = get_bool(&r, x, "resumed");
		status_in(&r, get(&r, x, "hs"), &a->early.hs);
	}
	if (!r.bad)
		return a;
bad:
	arena_free(r.m);
	return NULL;
}

static void
version_in(struct rd *r, const json_t *o, struct tls_scan_version *v)
{
	const json_t *a;
	size_t n, i;

	if (keys(r, o, NKEYS_VERSION) != 0)
		return;
	v->version = (uint16_t)get_int(r, o, "version", 0, UINT16_MAX);
	v->accepted = (enum tls_tri)get_enum(r, o, "accepted", tri_name,
	    TLS_TRI_YES);
	v->err = (enum tls_scan_status)get_enum(r, o, "err", scan_status_name,
	    TLS_SCAN_PRELUDE);
	get_buf(r, o, "why", v->why, sizeof(v->why));
	a = get_array(r, o, "suites", TLS_SCAN_MAX_SUITES, &n);
	for (i = 0; !r->bad && i < n; i++)
		v->suites[v->n_suites++] = (uint16_t)int_in(r,
		    json_array_get(a, i), 0, UINT16_MAX);
	v->complete = get_bool(r, o, "complete");
	v->order = (enum tls_order)get_enum(r, o, "order", order_name,
	    TLS_ORDER_SERVER);
	a = get_array(r, o, "ssl2_specs", TLS_SCAN_MAX_SSL2, &n);
	for (i = 0; !r->bad && i < n; i++)
		v->ssl2_specs[v->n_ssl2_specs++] = (uint32_t)int_in(r,
		    json_array_get(a, i), 0, 0xffffff);
	v->secure_reneg = (enum tls_tri)get_enum(r, o, "secure_reneg",
	    tri_name, TLS_TRI_YES);
	v->ems = (enum tls_tri)get_enum(r, o, "ems", tri_name, TLS_TRI_YES);
	v->compression = (enum tls_tri)get_enum(r, o, "compression", tri_name,
	    TLS_TRI_YES);
	v->connections = (unsigned)get_int(r, o, "connections", 0, UINT_MAX);
}

static void
groups_in(struct rd *r, const json_t *o, struct tls_scan_groups *g)
{
	const json_t *a;
	size_t n, i;

	if (keys(r, o, NKEYS_GROUPS) != 0)
		return;
	g->version = (uint16_t)get_int(r, o, "version", 0, UINT16_MAX);
	a = get_array(r, o, "ids", TLS_SCAN_MAX_GROUPS, &n);
	for (i = 0; !r->bad && i < n; i++)
		g->ids[g->n++] = (uint16_t)int_in(r, json_array_get(a, i), 0,
		    UINT16_MAX);
	g->complete = get_bool(r, o, "complete");
	g->order = (enum tls_order)get_enum(r, o, "order", order_name,
	    TLS_ORDER_SERVER);
	g->err = (enum tls_scan_status)get_enum(r, o, "err", scan_status_name,
	    TLS_SCAN_PRELUDE);
}

int
tls_scan_from_json(const json_t *j, struct tls_scan *s)
{
	struct rd r = { 0, NULL };
	const json_t *a, *x;
	size_t n, i;

	memset(s, 0, sizeof(*s));
	if (keys(&r, j, NKEYS_SCAN) != 0 ||
	    get_int(&r, j, "format", TLS_SERIAL_FORMAT, TLS_SERIAL_FORMAT) !=
	    TLS_SERIAL_FORMAT)
		goto bad;
	s->status = (enum tls_scan_status)get_enum(&r, j, "status",
	    scan_status_name, TLS_SCAN_PRELUDE);
	get_buf(&r, j, "why", s->why, sizeof(s->why));
	get_addr(&r, j, "addr", &s->addr);
	s->port = (uint16_t)get_int(&r, j, "port", 0, UINT16_MAX);
	a = get_array(&r, j, "versions", TLS_SCAN_NVERSIONS, &n);
	if (n != TLS_SCAN_NVERSIONS)
		r.bad = 1;
	for (i = 0; !r.bad && i < n; i++)
		version_in(&r, json_array_get(a, i), &s->v[i]);
	groups_in(&r, get(&r, j, "groups13"), &s->groups13);
	groups_in(&r, get(&r, j, "groups12"), &s->groups12);
	a = get_array(&r, j, "dhe", TLS_SCAN_MAX_DHE, &n);
	for (i = 0; !r.bad && i < n; i++) {
		struct tls_scan_dhe *d = &s->dhe[s->n_dhe++];

		x = json_array_get(a, i);
		if (keys(&r, x, NKEYS_DHE) != 0)
			break;
		d->bits = (uint16_t)get_int(&r, x, "bits", 0, UINT16_MAX);
		d->group = (int)get_int(&r, x, "group", INT_MIN, INT_MAX);
		d->suite = (uint16_t)get_int(&r, x, "suite", 0, UINT16_MAX);
	}
	s->kex_sha1 = (enum tls_tri)get_enum(&r, j, "kex_sha1", tri_name,
	    TLS_TRI_YES);
	s->kex_sha224 = (enum tls_tri)get_enum(&r, j, "kex_sha224", tri_name,
	    TLS_TRI_YES);
	s->kex_err = (enum tls_scan_status)get_enum(&r, j, "kex_err",
	    scan_status_name, TLS_SCAN_PRELUDE);
	s->compression = (enum tls_tri)get_enum(&r, j, "compression",
	    tri_name, TLS_TRI_YES);
	s->secure_reneg = (enum tls_tri)get_enum(&r, j, "secure_reneg",
	    tri_name, TLS_TRI_YES);
	s->ems = (enum tls_tri)get_enum(&r, j, "ems", tri_name, TLS_TRI_YES);
	get_buf(&r, j, "alpn", s->alpn, sizeof(s->alpn));
	s->alpn_h2 = (enum tls_tri)get_enum(&r, j, "alpn_h2", tri_name,
	    TLS_TRI_YES);
	s->connections = (unsigned)get_int(&r, j, "connections", 0, UINT_MAX);
	s->elapsed_ms = (uint32_t)get_int(&r, j, "elapsed_ms", 0, UINT32_MAX);
	if (!r.bad)
		return 0;
bad:
	memset(s, 0, sizeof(*s));
	return -1;
}
