/*
 * test_mxcache: the per-run STARTTLS cache against a small SMTP server run
 * inside this test on loopback: one job per (address, MX name), waiters
 * served from one dialog, retries with backoff after 421, TTL expiry; then
 * the level shared between processes, as two caches on a fake store.
 *
 * The server answers by mode: "nostarttls" greets, lists no STARTTLS and
 * says goodbye to QUIT; "421" refuses every connection at the banner;
 * "tls" offers STARTTLS and then does TLS with OpenSSL on the same socket,
 * with a leaf for mx.tls.test and its CA made here (the CA is written to
 * a temporary file for the audit's trust).
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "gather/mxcache.h"
#include "tls/audit.h"
#include "net/conn.h"
#include "net/net.h"
#include "tls_compare.h"
#include "unit.h"

enum mode { M_NOSTARTTLS, M_421, M_TLS };

struct srv {
	int fd;
	struct event *ev;
	enum mode mode;
	uint16_t port;
	int accepted;
};

struct sconn {
	int fd;
	struct event *ev;
	enum mode mode;
	SSL *ssl;                   /* after STARTTLS */
	int tls_up;                 /* handshake done */
};

static struct event_base *base;
static SSL_CTX *srv_ctx;

static void
sconn_free(struct sconn *c)
{
	event_free(c->ev);
	SSL_free(c->ssl);
	close(c->fd);
	free(c);
}

/* The TLS side: handshake, then EHLO and QUIT as in plain text. */
static void
sconn_tls(struct sconn *c)
{
	char buf[512];
	int n;

	if (!c->tls_up) {
		if ((n = SSL_do_handshake(c->ssl)) != 1) {
			if (SSL_get_error(c->ssl, n) != SSL_ERROR_WANT_READ) {
				ERR_clear_error();
				sconn_free(c);
			}
			return;
		}
		c->tls_up = 1;
	}
	for (;;) {
		if ((n = SSL_read(c->ssl, buf, sizeof(buf))) <= 0) {
			if (SSL_get_error(c->ssl, n) != SSL_ERROR_WANT_READ) {
				ERR_clear_error();
				sconn_free(c);
			}
			return;
		}
		if (n >= 4 && strncasecmp(buf, "EHLO", 4) == 0)
			(void)SSL_write(c->ssl, "250-test.invalid\r\n"
			    "250 PIPELINING\r\n", 34);
		else if (n >= 4 && strncasecmp(buf, "QUIT", 4) == 0)
			(void)SSL_write(c->ssl, "221 bye\r\n", 9);
	}
}

static void
sconn_cb(evutil_socket_t fd, short what, void *arg)
{
	struct sconn *c = arg;
	char buf[512];
	ssize_t n;

	(void)what;
	if (c->ssl != NULL) {
		sconn_tls(c);
		return;
	}
	if ((n = recv(fd, buf, sizeof(buf), 0)) <= 0) {
		sconn_free(c);
		return;
	}
	if (n >= 4 && strncasecmp(buf, "EHLO", 4) == 0) {
		if (c->mode == M_TLS)
			(void)send(fd, "250-test.invalid\r\n250-PIPELINING\r\n"
			    "250 STARTTLS\r\n", 48, MSG_NOSIGNAL);
		else
			(void)send(fd, "250-test.invalid\r\n250 PIPELINING\r\n",
			    34, MSG_NOSIGNAL);
	} else if (n >= 4 && strncasecmp(buf, "QUIT", 4) == 0) {
		(void)send(fd, "221 bye\r\n", 9, MSG_NOSIGNAL);
	} else if (n >= 8 && strncasecmp(buf, "STARTTLS", 8) == 0 &&
	    c->mode == M_TLS) {
		(void)send(fd, "220 2.0.0 go ahead\r\n", 20, MSG_NOSIGNAL);
		if ((c->ssl = SSL_new(srv_ctx)) == NULL ||
		    SSL_set_fd(c->ssl, c->fd) != 1) {
			sconn_free(c);
			return;
		}
		SSL_set_accept_state(c->ssl);
	}
}

static void
accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct srv *s = arg;
	struct sconn *c;
	int cfd;

	(void)what;
	if ((cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) < 0)
		return;
	s->accepted++;
	if (s->mode == M_421) {
		(void)send(cfd, "421 4.7.0 try later\r\n", 21, MSG_NOSIGNAL);
		close(cfd);
		return;
	}
	(void)send(cfd, "220 test ESMTP\r\n", 16, MSG_NOSIGNAL);
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(cfd);
		return;
	}
	c->fd = cfd;
	c->mode = s->mode;
	c->ev = event_new(base, cfd, EV_READ | EV_PERSIST, sconn_cb, c);
	event_add(c->ev, NULL);
}

static int
srv_start(struct srv *s, enum mode m)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int one = 1;

	memset(s, 0, sizeof(*s));
	s->mode = m;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		return -1;
	(void)setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s->fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(s->fd, 16) != 0 ||
	    getsockname(s->fd, (struct sockaddr *)&sin, &sl) != 0)
		return -1;
	s->port = ntohs(sin.sin_port);
	s->ev = event_new(base, s->fd, EV_READ | EV_PERSIST, accept_cb, s);
	event_add(s->ev, NULL);
	return 0;
}

static void
srv_stop(struct srv *s)
{
	event_free(s->ev);
	close(s->fd);
}

struct got {
	int called;
	struct mx_result r;
};

static void
got_cb(void *arg, const struct mx_result *r)
{
	struct got *g = arg;

	g->called++;
	g->r = *r;
}

static void
dog_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopbreak(arg);
}

/* Run the loop until *flag reaches want (at most 10 s). */
static void
run_until(const int *flag, int want)
{
	struct timeval tv = { 10, 0 };
	struct event *dog = evtimer_new(base, dog_cb, base);

	evtimer_add(dog, &tv);
	while (*flag < want && event_base_loop(base, EVLOOP_ONCE) == 0)
		;
	event_free(dog);
}

/* --- PKI for the "tls" mode ----------------------------------------------- */

static char ca_path[64];
static uint8_t spki_sha256[32];     /* the leaf's, for a DANE-EE record */

static int
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *e;
	int ok;

	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
	if ((e = X509V3_EXT_conf_nid(NULL, &v3, nid, value)) == NULL)
		return -1;
	ok = X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	return ok == 1 ? 0 : -1;
}

/* A certificate for key, signed by ikey as issuer (NULL: self). */
static X509 *
make_cert(EVP_PKEY *key, EVP_PKEY *ikey, X509 *issuer, const char *cn,
    long serial)
{
	X509 *x = X509_new();
	X509_NAME *n;
	int ok;

	if (x == NULL)
		return NULL;
	n = X509_get_subject_name(x);
	ok = X509_set_version(x, 2) == 1 &&
	    ASN1_INTEGER_set(X509_get_serialNumber(x), serial) == 1 &&
	    X509_gmtime_adj(X509_getm_notBefore(x), -3600) != NULL &&
	    X509_gmtime_adj(X509_getm_notAfter(x), 30L * 86400) != NULL &&
	    X509_set_pubkey(x, key) == 1 &&
	    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0) == 1 &&
	    X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) :
	    n) == 1;
	if (ok && issuer == NULL)
		ok = add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE") ==
		    0 && add_ext(x, x, NID_key_usage,
		    "critical,keyCertSign,cRLSign") == 0 &&
		    add_ext(x, x, NID_subject_key_identifier, "hash") == 0;
	else if (ok)
		ok = add_ext(x, issuer, NID_basic_constraints, "CA:FALSE") ==
		    0 && add_ext(x, issuer, NID_subject_alt_name,
		    "DNS:mx.tls.test,DNS:*.tls.test,IP:127.0.0.1") == 0 &&
		    add_ext(x, issuer, NID_info_access,
		    "OCSP;URI:http://ocsp.tls.test/") == 0 &&
		    add_ext(x, issuer, NID_ext_key_usage, "serverAuth") == 0;
	if (!ok || X509_sign(x, ikey, EVP_sha256()) <= 0) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* srv_ctx with a leaf and its CA; the CA into ca_path. */
static int
make_pki(void)
{
	EVP_PKEY *cakey = EVP_EC_gen("P-256"), *key = EVP_EC_gen("P-256");
	X509 *ca = NULL, *leaf = NULL;
	unsigned char *der = NULL;
	FILE *f = NULL;
	int fd = -1, len, ok = 0;

	(void)snprintf(ca_path, sizeof(ca_path), "/tmp/utd_mxca_XXXXXX");
	if (cakey == NULL || key == NULL ||
	    (ca = make_cert(cakey, cakey, NULL, "MX Test CA", 1)) == NULL ||
	    (leaf = make_cert(key, cakey, ca, "mx.tls.test", 2)) == NULL ||
	    (fd = mkstemp(ca_path)) < 0 || (f = fdopen(fd, "w")) == NULL ||
	    PEM_write_X509(f, ca) != 1)
		goto out;
	if ((len = i2d_PUBKEY(key, &der)) <= 0 ||
	    EVP_Digest(der, (size_t)len, spki_sha256, NULL, EVP_sha256(),
	    NULL) != 1)
		goto out;
	if ((srv_ctx = SSL_CTX_new(TLS_server_method())) == NULL ||
	    SSL_CTX_use_certificate(srv_ctx, leaf) != 1 ||
	    SSL_CTX_use_PrivateKey(srv_ctx, key) != 1 ||
	    SSL_CTX_add1_chain_cert(srv_ctx, ca) != 1)
		goto out;
	ok = 1;
out:
	if (f != NULL)
		fclose(f);
	else if (fd >= 0)
		close(fd);
	OPENSSL_free(der);
	X509_free(ca);
	X509_free(leaf);
	EVP_PKEY_free(cakey);
	EVP_PKEY_free(key);
	return ok ? 0 : -1;
}

/* --- a fake shared store -------------------------------------------------- */

#define FAKE_MAX 16

struct fake {
	char *key[FAKE_MAX], *value[FAKE_MAX];
	uint32_t ttl[FAKE_MAX];
	size_t n;
	int gets, hits, puts;
};

static char *
fake_get(void *arg, const char *key)
{
	struct fake *f = arg;
	size_t i;

	f->gets++;
	for (i = 0; i < f->n; i++)
		if (strcmp(f->key[i], key) == 0) {
			f->hits++;
			return strdup(f->value[i]);
		}
	return NULL;
}

static void
fake_put(void *arg, const char *key, const char *value, uint32_t ttl_s)
{
	struct fake *f = arg;
	size_t i;

	f->puts++;
	for (i = 0; i < f->n; i++)
		if (strcmp(f->key[i], key) == 0)
			break;
	if (i == FAKE_MAX)
		return;
	if (i == f->n) {
		f->key[f->n++] = strdup(key);
	} else {
		free(f->value[i]);
	}
	f->value[i] = strdup(value);
	f->ttl[i] = ttl_s;
}

static void
fake_free(struct fake *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->key[i]);
		free(f->value[i]);
	}
}

/* The stored value of entry i with "at" moved back by age seconds. */
static void
fake_age(struct fake *f, size_t i, json_int_t age)
{
	json_t *v = json_loads(f->value[i], 0, NULL);
	json_t *at = json_object_get(v, "at");

	if (at != NULL) {
		(void)json_integer_set(at, json_integer_value(at) - age);
		free(f->value[i]);
		f->value[i] = json_dumps(v, JSON_COMPACT);
	}
	json_decref(v);
}

/* mx<M>.<S>/<addr>/<port>/<64 hex> */
static int
key_ok(const char *key, uint16_t port)
{
	char want[64];
	size_t n, i;

	n = (size_t)snprintf(want, sizeof(want), "mx%d.%d/127.0.0.1/%u/",
	    MX_SHARED_FORMAT, 1, (unsigned)port);
	if (strncmp(key, want, n) != 0 || strlen(key) != n + 64)
		return 0;
	for (i = n; key[i] != '\0'; i++)
		if (!((key[i] >= '0' && key[i] <= '9') ||
		    (key[i] >= 'a' && key[i] <= 'f')))
			return 0;
	return 1;
}

static void
long_dog_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	*(int *)arg = 1;
}

/* Run the loop until *flag reaches want, at most ms. */
static void
run_until_ms(const int *flag, int want, long ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	int fired = 0;
	struct event *dog = evtimer_new(base, long_dog_cb, &fired);

	evtimer_add(dog, &tv);
	while (*flag < want && !fired &&
	    event_base_loop(base, EVLOOP_ONCE) == 0)
		;
	event_free(dog);
}

/* Two caches (two processes) on one fake store. */
static void
test_shared(struct net *n, const struct net_addr *lo, uint16_t plain_port,
    uint16_t port421)
{
	struct srv tls;
	struct fake f;
	struct mx_shared sh = { fake_get, fake_put, &f };
	struct mx_cache_opts o;
	struct mx_cache *a, *b, *c, *d;
	struct tls_audit_tlsa t[2];
	static const uint8_t junk[32] = { 1, 2, 3 };
	struct got ga = { 0 }, gb = { 0 }, gc = { 0 }, gd = { 0 }, ge = { 0 };
	const char *diff;
	int accepted;

	memset(&f, 0, sizeof(f));
	if (make_pki() != 0 || srv_start(&tls, M_TLS) != 0) {
		CHECK(!"PKI or TLS server");
		return;
	}
	memset(t, 0, sizeof(t));
	t[0].usage = 3;
	t[0].selector = 1;
	t[0].mtype = 1;
	t[0].data = spki_sha256;
	t[0].len = sizeof(spki_sha256);
	t[1] = t[0];
	t[1].data = junk;

	memset(&o, 0, sizeof(o));
	o.timeout_ms = 2000;
	o.retries = 2;
	o.backoff_ms = 50;
	o.ttl_s = 60;
	o.port = tls.port;
	o.ca_file = ca_path;
	o.shared = &sh;
	a = mx_cache_new(n, &o);
	b = mx_cache_new(n, &o);
	CHECK(a != NULL && b != NULL);
	if (a == NULL || b == NULL)
		goto out;

	/* The first process tests and stores: a full audit and scan. */
	CHECK(mx_cache_get(a, lo, "mx.tls.test", t, 2, got_cb, &ga) == 0);
	run_until_ms(&ga.called, 1, 30000);
	CHECK(ga.called == 1 && ga.r.reused == 0 && ga.r.audit != NULL);
	if (ga.r.audit == NULL)
		goto out;
	CHECK(ga.r.audit->hs.code == TLS_AUDIT_OK);
	CHECK(ga.r.audit->trusted && ga.r.audit->host_match == 1);
	CHECK(ga.r.audit->n_chain == 2 && ga.r.audit->dane.ok);
	CHECK(ga.r.audit->chain != NULL &&
	    ga.r.audit->chain[0].ocsp_url != NULL &&
	    ga.r.audit->chain[0].n_san == 3);
	CHECK(ga.r.scan != NULL && ga.r.scan->status == TLS_SCAN_OK);
	CHECK(ga.r.scan != NULL && ga.r.scan->v[4].accepted == TLS_TRI_YES &&
	    ga.r.scan->v[4].n_suites > 0);
	CHECK(tls.accepted > 2 && (unsigned)tls.accepted == ga.r.conns);
	CHECK(f.gets == 1 && f.hits == 0 && f.puts == 1 && f.n == 1);
	CHECK(f.n == 1 && key_ok(f.key[0], tls.port) && f.ttl[0] == 60);
	accepted = tls.accepted;

	/* The second process finds it: no connection, equal in every field,
	 * whatever the case of the name and the order of the records. */
	t[1] = t[0];
	t[0].data = junk;
	CHECK(mx_cache_get(b, lo, "MX.tls.TEST", t, 2, got_cb, &gb) == 0);
	CHECK(gb.called == 0);                      /* never inside get */
	run_until_ms(&gb.called, 1, 10000);
	CHECK(gb.called == 1 && gb.r.reused == 1 && tls.accepted == accepted);
	CHECK(f.gets == 2 && f.hits == 1 && f.puts == 1);
	diff = tls_compare_audit(ga.r.audit, gb.r.audit);
	if (diff != NULL)
		fprintf(stderr, "audit differs in %s\n", diff);
	CHECK(diff == NULL && gb.r.audit != ga.r.audit);
	diff = tls_compare_scan(ga.r.scan, gb.r.scan);
	if (diff != NULL)
		fprintf(stderr, "scan differs in %s\n", diff);
	CHECK(diff == NULL && gb.r.scan != ga.r.scan);
	CHECK(gb.r.attempts == ga.r.attempts && gb.r.conns == ga.r.conns);

	/* Then from its memory: the store is not asked again. */
	memset(&gb, 0, sizeof(gb));
	CHECK(mx_cache_get(b, lo, "mx.tls.test", t, 2, got_cb, &gb) == 0);
	run_until_ms(&gb.called, 1, 10000);
	CHECK(gb.r.reused == 1 && f.gets == 2 && tls.accepted == accepted);

	/* Other TLSA records are another key in the store (memory keeps
	 * one entry per address and name): a third process tests again. */
	mx_cache_free(a);
	a = mx_cache_new(n, &o);
	CHECK(a != NULL && mx_cache_get(a, lo, "mx.tls.test", t, 1, got_cb,
	    &gc) == 0);
	run_until_ms(&gc.called, 1, 30000);
	CHECK(gc.called == 1 && gc.r.reused == 0 && tls.accepted > accepted);
	CHECK(f.gets == 3 && f.hits == 1 && f.puts == 2 && f.n == 2);
	CHECK(gc.r.audit != NULL && !gc.r.audit->dane.ok);  /* junk only */

	/* Too old by "at", or not a value: a miss (checked on the plain
	 * server, one connection per test). */
	o.port = plain_port;
	o.ca_file = NULL;
	c = mx_cache_new(n, &o);
	d = mx_cache_new(n, &o);
	CHECK(c != NULL && d != NULL);
	if (c != NULL && d != NULL) {
		size_t i = f.n;

		CHECK(mx_cache_get(c, lo, "mx.old.test", NULL, 0, got_cb,
		    &gd) == 0);
		run_until_ms(&gd.called, 1, 10000);
		CHECK(gd.r.reused == 0 && f.n == i + 1 && f.puts == 3);
		CHECK(f.n == i + 1 && key_ok(f.key[i], plain_port));
		if (f.n == i + 1) {
			fake_age(&f, i, 61);
			memset(&gd, 0, sizeof(gd));
			CHECK(mx_cache_get(d, lo, "mx.old.test", NULL, 0,
			    got_cb, &gd) == 0);
			run_until_ms(&gd.called, 1, 10000);
			CHECK(gd.r.reused == 0 && f.hits == 2 && f.puts == 4);
			fake_age(&f, i, 30);    /* 30 s old: still a hit */
			mx_cache_free(d);
			d = mx_cache_new(n, &o);
			memset(&gd, 0, sizeof(gd));
			CHECK(d != NULL && mx_cache_get(d, lo, "mx.old.test",
			    NULL, 0, got_cb, &gd) == 0);
			run_until_ms(&gd.called, 1, 10000);
			CHECK(gd.r.reused == 1 && f.hits == 3 && f.puts == 4);
			CHECK(gd.r.audit != NULL &&
			    gd.r.audit->prelude_code != NULL &&
			    strcmp(gd.r.audit->prelude_code,
			    "no_starttls") == 0);
			free(f.value[i]);
			f.value[i] = strdup("{\"format\":1,\"at\":0}");
			mx_cache_free(d);
			d = mx_cache_new(n, &o);
			memset(&gd, 0, sizeof(gd));
			CHECK(d != NULL && mx_cache_get(d, lo, "mx.old.test",
			    NULL, 0, got_cb, &gd) == 0);
			run_until_ms(&gd.called, 1, 10000);
			CHECK(gd.r.reused == 0 && f.hits == 4 && f.puts == 5);
		}
	}
	mx_cache_free(c);
	mx_cache_free(d);

	/* A 421 refusal is not stored: another process must try later. */
	o.port = port421;
	c = mx_cache_new(n, &o);
	CHECK(c != NULL && mx_cache_get(c, lo, "mx.c.test", NULL, 0, got_cb,
	    &ge) == 0);
	run_until_ms(&ge.called, 1, 10000);
	CHECK(ge.called == 1 && ge.r.audit != NULL &&
	    ge.r.audit->prelude_code != NULL &&
	    strcmp(ge.r.audit->prelude_code, "rate_limited") == 0);
	CHECK(f.puts == 5);
	mx_cache_free(c);
out:
	mx_cache_free(a);
	mx_cache_free(b);
	srv_stop(&tls);
	SSL_CTX_free(srv_ctx);
	fake_free(&f);
	if (ca_path[0] != '\0')
		(void)unlink(ca_path);
}

int
main(void)
{
	struct net *n;
	struct mx_cache *c, *c421;
	struct mx_cache_opts o;
	struct srv s, s421;
	struct net_addr lo;
	struct got g1 = { 0 }, g2 = { 0 }, g3 = { 0 }, g4 = { 0 }, g5 = { 0 };
	struct timeval pause = { 1, 100000 };

	base = event_base_new();
	n = net_new(base);
	CHECK(n != NULL && net_addr_parse(&lo, "127.0.0.1") == 0);
	if (n == NULL || srv_start(&s, M_NOSTARTTLS) != 0 ||
	    srv_start(&s421, M_421) != 0)
		return unit_done("test_mxcache");
	net_set_per_addr_limit(n, 1);
	memset(&o, 0, sizeof(o));
	o.timeout_ms = 2000;
	o.retries = 2;
	o.backoff_ms = 50;
	o.ttl_s = 1;
	o.port = s.port;
	c = mx_cache_new(n, &o);
	o.port = s421.port;
	c421 = mx_cache_new(n, &o);
	CHECK(c != NULL && c421 != NULL);
	if (c == NULL || c421 == NULL)
		return unit_done("test_mxcache");

	/* Two domains asking for one MX address and name at once: one
	 * dialog, both hear its result; no STARTTLS means no scan. */
	CHECK(mx_cache_get(c, &lo, "mx.a.test", NULL, 0, got_cb, &g1) == 0);
	CHECK(mx_cache_get(c, &lo, "MX.A.test", NULL, 0, got_cb, &g2) == 0);
	CHECK(g1.called == 0 && g2.called == 0);     /* never inside get */
	run_until(&g2.called, 1);
	run_until(&g1.called, 1);
	CHECK(g1.called == 1 && g2.called == 1);
	CHECK(s.accepted == 1);
	CHECK(g1.r.audit != NULL && g1.r.audit == g2.r.audit);
	CHECK(g1.r.audit != NULL && g1.r.audit->hs.code == TLS_AUDIT_PRELUDE);
	CHECK(g1.r.audit != NULL && g1.r.audit->prelude_code != NULL &&
	    strcmp(g1.r.audit->prelude_code, "no_starttls") == 0);
	CHECK(g1.r.scan == NULL && g1.r.attempts == 1 && g1.r.conns == 1);
	CHECK(g1.r.reused + g2.r.reused == 1);

	/* Finished and young: served at once, from the loop, no dialog. */
	CHECK(mx_cache_get(c, &lo, "mx.a.test", NULL, 0, got_cb, &g3) == 0);
	CHECK(g3.called == 0);
	run_until(&g3.called, 1);
	CHECK(g3.r.reused == 1 && g3.r.audit == g1.r.audit && s.accepted == 1);

	/* Another MX name on the same address is its own entry. */
	CHECK(mx_cache_get(c, &lo, "mx.b.test", NULL, 0, got_cb, &g4) == 0);
	run_until(&g4.called, 1);
	CHECK(g4.r.reused == 0 && s.accepted == 2);

	/* Past the TTL (1 s): tested again; the old result stays valid. */
	event_base_loopexit(base, &pause);
	event_base_dispatch(base);
	CHECK(mx_cache_get(c, &lo, "mx.a.test", NULL, 0, got_cb, &g5) == 0);
	run_until(&g5.called, 1);
	CHECK(g5.r.reused == 0 && s.accepted == 3);
	CHECK(g5.r.audit != g1.r.audit && g1.r.audit->hs.code == TLS_AUDIT_PRELUDE);

	/* 421 at every banner: tried 1 + 2 times, then given up with the
	 * refusal kept ("rate_limited"), each try a connection. */
	memset(&g1, 0, sizeof(g1));
	CHECK(mx_cache_get(c421, &lo, "mx.c.test", NULL, 0, got_cb, &g1) == 0);
	run_until(&g1.called, 1);
	CHECK(g1.called == 1 && s421.accepted == 3);
	CHECK(g1.r.attempts == 3 && g1.r.conns == 3 && g1.r.scan == NULL);
	CHECK(g1.r.audit != NULL && g1.r.audit->prelude_code != NULL &&
	    strcmp(g1.r.audit->prelude_code, "rate_limited") == 0);

	test_shared(n, &lo, s.port, s421.port);

	mx_cache_free(c);
	mx_cache_free(c421);
	net_free(n);
	srv_stop(&s);
	srv_stop(&s421);
	event_base_free(base);
	return unit_done("test_mxcache");
}
