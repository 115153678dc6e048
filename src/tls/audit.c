/*
 * audit.c: the TLS audit on OpenSSL 3 over a net_conn.
 *
 * One job walks CONNECT -> HANDSHAKE, then (TLS 1.3 with the 0-RTT probe)
 * TICKET_WAIT -> EARLY_CONNECT -> EARLY_HANDSHAKE, or (TLS <= 1.2 with the
 * renegotiation probe) RENEG, and ends in DONE. Conn events only feed
 * bytes into the SSL's read BIO and call audit_drive(); whatever OpenSSL
 * writes is flushed to the conn after every SSL call. A failure lands in
 * the status slot of the running phase (phase_fail) and ends the job, or,
 * while waiting for a ticket, just ends the wait.
 *
 * Verification is ours: the SSL runs with SSL_VERIFY_NONE (DANE, when
 * TLSA records are given, still records its verdict in the SSL's verify
 * result), and PKIX trust is a separate X509_verify_cert against the same
 * store, so DANE never makes a chain "trusted".
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ocsp.h>
#include <openssl/ssl.h>
#include <openssl/tls1.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "net/conn.h"
#include "net/net.h"
#include "tls/audit.h"
#include "util/arena.h"
#include "util/clock.h"

#define AUDIT_TIMEOUT_MS     10000
#define AUDIT_DEADLINE_MS    60000
#define AUDIT_ARENA_CAP      (4 * 1024 * 1024)
#define AUDIT_IO_CHUNK       16384
#define AUDIT_READS_MAX      16      /* SSL_reads per wakeup after handshake */
#define AUDIT_OCSP_SKEW_S    300
#define AUDIT_ERRTEXT_MAX    256

enum audit_phase {
	PH_CONNECT,
	PH_HANDSHAKE,
	PH_TICKET_WAIT,
	PH_RENEG,
	PH_EARLY_CONNECT,
	PH_EARLY_HANDSHAKE,
	PH_DONE,
};

static const char *phase_str[] = {
	[PH_CONNECT] = "connect",
	[PH_HANDSHAKE] = "handshake",
	[PH_TICKET_WAIT] = "ticket wait",
	[PH_RENEG] = "renegotiation",
	[PH_EARLY_CONNECT] = "0-RTT connect",
	[PH_EARLY_HANDSHAKE] = "0-RTT handshake",
	[PH_DONE] = "done",
};

struct tls_audit_job {
	struct net *net;
	struct net_addr addr;
	uint16_t port;
	char *sni;
	char *ca_file;
	uint16_t min_version, max_version;
	struct tls_audit_tlsa tlsa[TLS_AUDIT_TLSA_MAX];
	uint8_t *tlsa_data;         /* one block behind every tlsa[].data */
	size_t n_tlsa;
	unsigned probes;
	uint32_t timeout_ms, deadline_ms;
	unsigned reneg_tries;
	const struct net_prelude_ops *prelude;
	const void *prelude_arg;
	tls_audit_cb cb;
	void *arg;

	enum audit_phase phase;
	SSL_CTX *ctx;
	SSL *ssl;
	BIO *rbio, *wbio;           /* owned by ssl */
	int main_ssl;               /* ssl is the first connection's */
	struct net_conn *conn;
	struct event *deadline;     /* whole audit; also runs deferred ends */
	int end_pending;            /* deadline event fired by hand: finish */
	SSL_SESSION *ticket;
	int alert_rcvd;             /* last alert description read, -1 */
	size_t dane_usable;
	unsigned conns;
	struct timespec start;
	struct tls_audit *res;
};

static void conn_cb(void *, struct net_conn *, enum net_conn_event);

/* Every conn of the audit: plain, or behind the caller's prelude. */
static struct net_conn *
audit_conn_open(struct tls_audit_job *j, struct net *n,
    const struct net_addr *addr, uint16_t port)
{
	if (j->prelude != NULL)
		return net_conn_open_prelude(n, addr, port, j->timeout_ms,
		    j->prelude, j->prelude_arg, conn_cb, j);
	return net_conn_open(n, addr, port, j->timeout_ms, conn_cb, j);
}
static void audit_drive(struct tls_audit_job *);

static const char *err_code[] = {
	[TLS_AUDIT_OK] = "ok",
	[TLS_AUDIT_TIMEOUT] = "timeout",
	[TLS_AUDIT_REFUSED] = "refused",
	[TLS_AUDIT_UNREACHABLE] = "unreachable",
	[TLS_AUDIT_RESET] = "reset",
	[TLS_AUDIT_CLOSED] = "closed",
	[TLS_AUDIT_ALERT] = "alert",
	[TLS_AUDIT_PROTOCOL] = "protocol",
	[TLS_AUDIT_NETWORK] = "network",
	[TLS_AUDIT_SETUP] = "setup",
	[TLS_AUDIT_NOMEM] = "nomem",
	[TLS_AUDIT_CANCELLED] = "cancelled",
	[TLS_AUDIT_PRELUDE] = "starttls",
};

const char *
tls_audit_err_code(enum tls_audit_err e)
{
	if ((size_t)e >= sizeof(err_code) / sizeof(err_code[0]))
		return "protocol";
	return err_code[e];
}

const char *
tls_ocsp_status_str(enum tls_ocsp_status s)
{
	switch (s) {
	case TLS_OCSP_GOOD:
		return "good";
	case TLS_OCSP_REVOKED:
		return "revoked";
	case TLS_OCSP_UNKNOWN:
		return "unknown";
	case TLS_OCSP_NONE:
		break;
	}
	return "none";
}

const char *
tls_early_status_str(enum tls_early_status s)
{
	switch (s) {
	case TLS_EARLY_NO_TICKET:
		return "no_ticket";
	case TLS_EARLY_NOT_SENT:
		return "not_sent";
	case TLS_EARLY_ACCEPTED:
		return "accepted";
	case TLS_EARLY_REJECTED:
		return "rejected";
	case TLS_EARLY_FAILED:
		return "failed";
	case TLS_EARLY_NOT_TESTED:
		break;
	}
	return "not_tested";
}

void
tls_audit_free(struct tls_audit *res)
{
	if (res != NULL)
		arena_free(res->mem);
}

/* --- small helpers -------------------------------------------------------- */

static const char *
mem_strndup(struct arena *m, const void *p, size_t len)
{
	char *s;

	if (p == NULL || (s = arena_alloc(m, len + 1)) == NULL)
		return NULL;
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

static const char *
mem_strdup(struct arena *m, const char *s)
{
	return s == NULL ? NULL : arena_strdup(m, s);
}

static void
status_set(struct tls_audit_job *j, struct tls_audit_status *st,
    enum tls_audit_err code, int sys_err, const char *detail)
{
	st->code = code;
	st->sys_err = sys_err;
	st->detail = mem_strdup(j->res->mem, detail);
}

/* The oldest queued OpenSSL error as text, then an empty queue. */
static const char *
ssl_err_text(struct tls_audit_job *j, const char *fallback)
{
	char buf[AUDIT_ERRTEXT_MAX];
	unsigned long e = ERR_peek_error();

	ERR_clear_error();
	if (e == 0)
		return mem_strdup(j->res->mem, fallback);
	ERR_error_string_n(e, buf, sizeof(buf));
	return mem_strdup(j->res->mem, buf);
}

static void
audit_set_phase(struct tls_audit_job *j, enum audit_phase to)
{
	j->phase = to;
}

/* --- the end -------------------------------------------------------------- */

static void
job_drop_ssl(struct tls_audit_job *j)
{
	if (j->ssl != NULL) {
		SSL_set_app_data(j->ssl, NULL);
		SSL_free(j->ssl);
	}
	j->ssl = NULL;
	j->rbio = j->wbio = NULL;
	j->main_ssl = 0;
}

static void
job_drop_conn(struct tls_audit_job *j)
{
	if (j->conn != NULL)
		net_conn_close(j->conn);
	j->conn = NULL;
}

static void
job_free(struct tls_audit_job *j)
{
	audit_set_phase(j, PH_DONE);
	job_drop_conn(j);
	job_drop_ssl(j);
	SSL_SESSION_free(j->ticket);
	SSL_CTX_free(j->ctx);
	if (j->deadline != NULL)
		event_free(j->deadline);
	tls_audit_free(j->res);
	free(j->sni);
	free(j->ca_file);
	free(j->tlsa_data);
	free(j);
	ERR_clear_error();
}

/* Hand the result over and free the job: nothing may touch j after. */
static void
job_finish(struct tls_audit_job *j)
{
	struct tls_audit *res = j->res;
	tls_audit_cb cb = j->cb;
	void *arg = j->arg;

	res->conns = j->conns;
	res->elapsed_ms = clock_elapsed_ms(&j->start);
	j->res = NULL;
	job_free(j);
	cb(arg, res);
}

static void ticket_done(struct tls_audit_job *j);

/* The running phase failed with st: record it where it belongs, move on. */
static void
phase_fail(struct tls_audit_job *j, const struct tls_audit_status *st)
{
	struct tls_audit *r = j->res;

	switch (j->phase) {
	case PH_CONNECT:
	case PH_HANDSHAKE:
		r->hs = *st;
		break;
	case PH_TICKET_WAIT:
		if (st->code != TLS_AUDIT_CANCELLED) {
			ticket_done(j);
			return;
		}
		r->early.status = TLS_EARLY_FAILED;
		r->early.hs = *st;
		break;
	case PH_RENEG:
		r->reneg.end = *st;
		break;
	case PH_EARLY_CONNECT:
	case PH_EARLY_HANDSHAKE:
		r->early.status = TLS_EARLY_FAILED;
		r->early.hs = *st;
		break;
	case PH_DONE:
		return;
	}
	job_finish(j);
}

static void
fail_with(struct tls_audit_job *j, enum tls_audit_err code, int sys_err,
    const char *detail)
{
	struct tls_audit_status st;

	memset(&st, 0, sizeof(st));
	st.alert = j->alert_rcvd;
	status_set(j, &st, code, sys_err, detail);
	phase_fail(j, &st);
}

/* An SSL call returned r <= 0 and is not waiting for input. */
static void
fail_ssl(struct tls_audit_job *j, int r)
{
	struct tls_audit_status st;
	int e = SSL_get_error(j->ssl, r);

	memset(&st, 0, sizeof(st));
	st.alert = j->alert_rcvd;
	if (e == SSL_ERROR_ZERO_RETURN) {
		st.code = TLS_AUDIT_CLOSED;
		st.detail = mem_strdup(j->res->mem, "close notify");
		ERR_clear_error();
	} else if (j->alert_rcvd >= 0) {
		st.code = TLS_AUDIT_ALERT;
		st.detail = mem_strdup(j->res->mem,
		    SSL_alert_desc_string_long(j->alert_rcvd));
		ERR_clear_error();
	} else {
		char why[64];

		(void)snprintf(why, sizeof(why), "%s failed (SSL_get_error %d)",
		    phase_str[j->phase], e);
		st.code = TLS_AUDIT_PROTOCOL;
		st.detail = ssl_err_text(j, why);
	}
	phase_fail(j, &st);
}

static void
deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tls_audit_job *j = arg;
	char why[64];

	if (j->end_pending) {
		job_finish(j);
		return;
	}
	/* Connected and still in the plaintext dialog: the server answered
	 * the connect but not the dialog in time (a dialog failure) */
	if (j->conn != NULL && net_conn_in_prelude(j->conn) &&
	    j->res->prelude_code == NULL)
		j->res->prelude_code = mem_strdup(j->res->mem, "timeout");
	job_drop_conn(j);
	(void)snprintf(why, sizeof(why), "audit deadline during %s",
	    phase_str[j->phase]);
	if (j->phase == PH_TICKET_WAIT) {
		j->res->early.status = TLS_EARLY_NO_TICKET;
		job_finish(j);
		return;
	}
	fail_with(j, TLS_AUDIT_TIMEOUT, 0, why);
}

/* --- OpenSSL plumbing ----------------------------------------------------- */

static void
info_cb(const SSL *s, int where, int ret)
{
	struct tls_audit_job *j = SSL_get_app_data(s);

	if (j != NULL && (where & SSL_CB_READ_ALERT) == SSL_CB_READ_ALERT)
		j->alert_rcvd = ret & 0xff;
}

/*
 * Keep a copy of the first resumable TLS 1.3 ticket of the first
 * connection. A copy, because the session handed here becomes the SSL's
 * current one, and SSL_free of a connection closed without close_notify
 * marks its current session not resumable.
 */
static int
new_session_cb(SSL *s, SSL_SESSION *sess)
{
	struct tls_audit_job *j = SSL_get_app_data(s);

	if (j == NULL || !j->main_ssl || j->ticket != NULL ||
	    SSL_version(s) < TLS1_3_VERSION || !SSL_SESSION_is_resumable(sess))
		return 0;
	j->ticket = SSL_SESSION_dup(sess);
	return 0;
}

/* Move what OpenSSL wrote onto the conn. */
static int
flush_out(struct tls_audit_job *j)
{
	char buf[AUDIT_IO_CHUNK];
	int n;

	while (j->wbio != NULL && (n = BIO_read(j->wbio, buf, sizeof(buf))) > 0)
		if (j->conn == NULL ||
		    net_conn_write(j->conn, buf, (size_t)n) != 0)
			return -1;
	return 0;
}

/*
 * The OpenSSL contexts, one per trust store (CA file, or NULL for the
 * system's), made once per process and shared by every audit and thread:
 * SSL_CTX_new and loading the trust store cost more than the handshake
 * itself with OpenSSL 3.0. What differs per audit (versions, SNI, DANE
 * records, OCSP) is set on the SSL object.
 */
#define CTX_CACHE_MAX 8
static struct {
	char *ca_file;           /* NULL: the system store */
	SSL_CTX *ctx;
} ctx_cache[CTX_CACHE_MAX];
static size_t ctx_cached;
static pthread_mutex_t ctx_mu = PTHREAD_MUTEX_INITIALIZER;

static SSL_CTX *
ctx_make(const char *ca_file, const char **why)
{
	static const char suites13[] =
	    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:"
	    "TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256:"
	    "TLS_AES_128_CCM_8_SHA256";
	SSL_CTX *ctx;

	*why = "cannot create an OpenSSL context";
	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		return NULL;
	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT |
	    SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION);
	SSL_CTX_clear_options(ctx, SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	*why = "cipher configuration rejected";
	if (SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0") != 1 ||
	    SSL_CTX_set_ciphersuites(ctx, suites13) != 1)
		goto fail;
	if (ca_file != NULL) {
		*why = "CA file unreadable";
		if (SSL_CTX_load_verify_file(ctx, ca_file) != 1)
			goto fail;
	} else {
		*why = "system trust store unavailable";
		if (SSL_CTX_set_default_verify_paths(ctx) != 1)
			goto fail;
	}
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT |
	    SSL_SESS_CACHE_NO_INTERNAL_STORE);
	SSL_CTX_sess_set_new_cb(ctx, new_session_cb);
	*why = "DANE unavailable";
	if (SSL_CTX_dane_enable(ctx) <= 0)
		goto fail;
	ERR_clear_error();
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

/* The shared context of j's trust store, with a reference for j. */
static int
ctx_setup(struct tls_audit_job *j, const char **why)
{
	SSL_CTX *ctx = NULL;
	size_t i;

	pthread_mutex_lock(&ctx_mu);
	for (i = 0; i < ctx_cached; i++)
		if ((ctx_cache[i].ca_file == NULL) == (j->ca_file == NULL) &&
		    (j->ca_file == NULL ||
		    strcmp(ctx_cache[i].ca_file, j->ca_file) == 0)) {
			ctx = ctx_cache[i].ctx;
			break;
		}
	if (ctx == NULL && (ctx = ctx_make(j->ca_file, why)) != NULL &&
	    ctx_cached < CTX_CACHE_MAX) {
		char *copy = j->ca_file != NULL ? strdup(j->ca_file) : NULL;

		if (j->ca_file == NULL || copy != NULL) {
			ctx_cache[ctx_cached].ca_file = copy;
			ctx_cache[ctx_cached].ctx = ctx;
			ctx_cached++;
			SSL_CTX_up_ref(ctx);       /* the cache's reference */
		}
	} else if (ctx != NULL) {
		SSL_CTX_up_ref(ctx);
	}
	pthread_mutex_unlock(&ctx_mu);
	return (j->ctx = ctx) != NULL ? 0 : -1;
}

void
tls_audit_cleanup(void)
{
	size_t i;

	pthread_mutex_lock(&ctx_mu);
	for (i = 0; i < ctx_cached; i++) {
		SSL_CTX_free(ctx_cache[i].ctx);
		free(ctx_cache[i].ca_file);
	}
	ctx_cached = 0;
	pthread_mutex_unlock(&ctx_mu);
}

/* A fresh SSL on memory BIOs; the main one also asks for OCSP and DANE. */
static int
ssl_setup(struct tls_audit_job *j, int main_conn)
{
	size_t i;

	job_drop_ssl(j);
	j->alert_rcvd = -1;
	if ((j->ssl = SSL_new(j->ctx)) == NULL)
		return -1;
	if (SSL_set_min_proto_version(j->ssl, j->min_version) != 1 ||
	    SSL_set_max_proto_version(j->ssl, j->max_version) != 1)
		return -1;
	j->rbio = BIO_new(BIO_s_mem());
	j->wbio = BIO_new(BIO_s_mem());
	if (j->rbio == NULL || j->wbio == NULL) {
		BIO_free(j->rbio);
		BIO_free(j->wbio);
		j->rbio = j->wbio = NULL;
		return -1;
	}
	BIO_set_mem_eof_return(j->rbio, -1);
	BIO_set_mem_eof_return(j->wbio, -1);
	SSL_set_bio(j->ssl, j->rbio, j->wbio);
	SSL_set_connect_state(j->ssl);
	SSL_set_app_data(j->ssl, j);
	SSL_set_info_callback(j->ssl, info_cb);
	j->main_ssl = main_conn;
	if (j->sni != NULL && SSL_set_tlsext_host_name(j->ssl, j->sni) != 1)
		return -1;
	if (!main_conn)
		return 0;
	if (SSL_set_tlsext_status_type(j->ssl, TLSEXT_STATUSTYPE_ocsp) != 1)
		return -1;
	if (j->n_tlsa > 0 && j->sni != NULL) {
		if (SSL_dane_enable(j->ssl, j->sni) <= 0)
			return -1;
		SSL_dane_set_flags(j->ssl, DANE_FLAG_NO_DANE_EE_NAMECHECKS);
		for (i = 0; i < j->n_tlsa; i++)
			if (SSL_dane_tlsa_add(j->ssl, j->tlsa[i].usage,
			    j->tlsa[i].selector, j->tlsa[i].mtype,
			    j->tlsa[i].data, j->tlsa[i].len) > 0)
				j->dane_usable++;
	}
	ERR_clear_error();
	return 0;
}

/* --- facts from a finished handshake -------------------------------------- */

static const char *
name_text(struct arena *m, const X509_NAME *name)
{
	BIO *b = BIO_new(BIO_s_mem());
	const char *s = NULL;
	char *p;
	long len;

	if (b == NULL)
		return NULL;
	if (X509_NAME_print_ex(b, name, 0,
	    XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		len = BIO_get_mem_data(b, &p);
		if (len > TLS_AUDIT_NAME_MAX)
			len = TLS_AUDIT_NAME_MAX;
		s = mem_strndup(m, len > 0 ? p : "", len > 0 ? (size_t)len : 0);
	}
	BIO_free(b);
	return s;
}

static int64_t
asn1_time_unix(const ASN1_TIME *t)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return (int64_t)timegm(&tm);
}

static const char *
sig_key_name(int pknid)
{
	switch (pknid) {
	case NID_rsaEncryption:
		return "RSA";
	case NID_rsassaPss:
		return "RSASSA-PSS";
	case NID_X9_62_id_ecPublicKey:
		return "EC";
	case NID_ED25519:
		return "ED25519";
	case NID_ED448:
		return "ED448";
	case NID_dsa:
		return "DSA";
	case NID_undef:
		return "UNDEF";
	default:
		return OBJ_nid2sn(pknid);
	}
}

static void
cert_sans(struct arena *m, X509 *x, struct tls_cert *c)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
	    NULL);
	int i, n;

	if (gens == NULL)
		return;
	n = sk_GENERAL_NAME_num(gens);
	c->san = arena_alloc(m, sizeof(*c->san) *
	    (size_t)(n < TLS_AUDIT_SAN_MAX ? n : TLS_AUDIT_SAN_MAX));
	for (i = 0; i < n; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		const char *s = NULL;
		char ip[INET6_ADDRSTRLEN + 3];

		if (g->type == GEN_DNS) {
			const ASN1_STRING *a = g->d.dNSName;

			s = mem_strndup(m, ASN1_STRING_get0_data(a),
			    (size_t)ASN1_STRING_length(a));
		} else if (g->type == GEN_IPADD) {
			const ASN1_STRING *a = g->d.iPAddress;
			int len = ASN1_STRING_length(a);
			char txt[INET6_ADDRSTRLEN];

			if ((len != 4 && len != 16) ||
			    inet_ntop(len == 4 ? AF_INET : AF_INET6,
			    ASN1_STRING_get0_data(a), txt, sizeof(txt)) == NULL)
				continue;
			(void)snprintf(ip, sizeof(ip), "IP:%s", txt);
			s = mem_strdup(m, ip);
		} else {
			continue;
		}
		c->n_san_total++;
		if (s != NULL && c->san != NULL && c->n_san < TLS_AUDIT_SAN_MAX)
			c->san[c->n_san++] = s;
	}
	GENERAL_NAMES_free(gens);
}

static void
cert_info(struct arena *m, X509 *x, struct tls_cert *c)
{
	EVP_PKEY *pk = X509_get0_pubkey(x);
	STACK_OF(OPENSSL_STRING) *urls;
	int mdnid = NID_undef, pknid = NID_undef, secbits;
	uint32_t flags;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;

	c->subject = name_text(m, X509_get_subject_name(x));
	c->issuer = name_text(m, X509_get_issuer_name(x));
	c->self_signed = X509_self_signed(x, 0) == 1;
	c->key_type = TLS_KEY_OTHER;
	if (pk != NULL) {
		char group[64];
		size_t glen = 0;

		switch (EVP_PKEY_get_base_id(pk)) {
		case EVP_PKEY_RSA:
		case EVP_PKEY_RSA_PSS:
			c->key_type = TLS_KEY_RSA;
			break;
		case EVP_PKEY_EC:
			c->key_type = TLS_KEY_EC;
			break;
		case EVP_PKEY_ED25519:
			c->key_type = TLS_KEY_ED25519;
			break;
		case EVP_PKEY_ED448:
			c->key_type = TLS_KEY_ED448;
			break;
		case EVP_PKEY_DSA:
			c->key_type = TLS_KEY_DSA;
			break;
		default:
			break;
		}
		c->key_name = mem_strdup(m, EVP_PKEY_get0_type_name(pk));
		c->key_bits = EVP_PKEY_get_bits(pk);
		if (c->key_type == TLS_KEY_EC &&
		    EVP_PKEY_get_group_name(pk, group, sizeof(group),
		    &glen) == 1)
			c->curve = mem_strdup(m, group);
	}
	if (X509_get_signature_info(x, &mdnid, &pknid, &secbits, &flags) != 1)
		(void)OBJ_find_sigid_algs(X509_get_signature_nid(x), &mdnid,
		    &pknid);
	c->sig_alg = mem_strdup(m, OBJ_nid2ln(X509_get_signature_nid(x)));
	if (mdnid != NID_undef)
		c->sig_digest = mem_strdup(m, OBJ_nid2sn(mdnid));
	else if (pknid == NID_ED25519 || pknid == NID_ED448)
		c->sig_digest = mem_strdup(m, sig_key_name(pknid));
	else
		c->sig_digest = "UNDEF";
	c->sig_key = mem_strdup(m, sig_key_name(pknid));
	c->not_before = asn1_time_unix(X509_get0_notBefore(x));
	c->not_after = asn1_time_unix(X509_get0_notAfter(x));
	cert_sans(m, x, c);
	if ((urls = X509_get1_ocsp(x)) != NULL) {
		if (sk_OPENSSL_STRING_num(urls) > 0)
			c->ocsp_url = mem_strdup(m,
			    sk_OPENSSL_STRING_value(urls, 0));
		X509_email_free(urls);
	}
	if (X509_digest(x, EVP_sha256(), md, &mdlen) == 1)
		for (i = 0; i < mdlen && i < 32; i++)
			(void)snprintf(c->sha256 + 2 * i, 3, "%02x", md[i]);
	ERR_clear_error();
}

int
tls_cert_from_der(struct arena *m, const uint8_t *der, size_t len,
    struct tls_cert *c)
{
	const unsigned char *p = der;
	X509 *x;

	memset(c, 0, sizeof(*c));
	if (len > 1024 * 1024 || (x = d2i_X509(NULL, &p, (long)len)) == NULL) {
		ERR_clear_error();
		return -1;
	}
	cert_info(m, x, c);
	X509_free(x);
	return 0;
}

/* PKIX to the store; returns the chain it built (caller frees) or NULL. */
static STACK_OF(X509) *
check_trust(struct tls_audit_job *j, X509 *leaf, STACK_OF(X509) *sent)
{
	struct tls_audit *r = j->res;
	X509_STORE_CTX *v = X509_STORE_CTX_new();
	STACK_OF(X509) *built = NULL;
	int ok;

	if (v == NULL || X509_STORE_CTX_init(v, SSL_CTX_get_cert_store(j->ctx),
	    leaf, sent) != 1) {
		r->verify_error = "cannot set up verification";
		X509_STORE_CTX_free(v);
		return NULL;
	}
	(void)X509_STORE_CTX_set_default(v, "ssl_server");
	ok = X509_verify_cert(v);
	r->trusted = ok == 1;
	if (!r->trusted) {
		r->verify_err = X509_STORE_CTX_get_error(v);
		r->verify_depth = X509_STORE_CTX_get_error_depth(v);
		r->verify_error = mem_strdup(r->mem,
		    X509_verify_cert_error_string(r->verify_err));
	}
	built = X509_STORE_CTX_get1_chain(v);
	X509_STORE_CTX_free(v);
	ERR_clear_error();
	return built;
}

/* The leaf's issuer: from the chain built to the store, else as sent. */
static X509 *
leaf_issuer(X509 *leaf, STACK_OF(X509) *built, STACK_OF(X509) *sent)
{
	int i;

	if (built != NULL && sk_X509_num(built) > 1)
		return sk_X509_value(built, 1);
	for (i = 0; sent != NULL && i < sk_X509_num(sent); i++) {
		X509 *c = sk_X509_value(sent, i);

		if (c != leaf && X509_check_issued(c, leaf) == X509_V_OK)
			return c;
	}
	return X509_check_issued(leaf, leaf) == X509_V_OK ? leaf : NULL;
}

static void
ocsp_leaf_status(struct tls_audit_job *j, OCSP_BASICRESP *bs, X509 *leaf,
    X509 *issuer)
{
	struct tls_ocsp *o = &j->res->ocsp;
	int i, n = OCSP_resp_count(bs);

	for (i = 0; i < n; i++) {
		OCSP_SINGLERESP *single = OCSP_resp_get0(bs, i);
		const OCSP_CERTID *cid = OCSP_SINGLERESP_get0_id(single);
		ASN1_OBJECT *md_oid = NULL;
		OCSP_CERTID *mine;
		ASN1_GENERALIZEDTIME *rev, *thisupd, *nextupd;
		const EVP_MD *md;
		int reason, st, same;

		if (OCSP_id_get0_info(NULL, &md_oid, NULL, NULL,
		    (OCSP_CERTID *)cid) != 1 ||
		    (md = EVP_get_digestbyobj(md_oid)) == NULL ||
		    (mine = OCSP_cert_to_id(md, leaf, issuer)) == NULL)
			continue;
		same = OCSP_id_cmp(mine, cid) == 0;
		OCSP_CERTID_free(mine);
		if (!same)
			continue;
		st = OCSP_single_get0_status(single, &reason, &rev, &thisupd,
		    &nextupd);
		o->cert_status = st == V_OCSP_CERTSTATUS_GOOD ? TLS_OCSP_GOOD :
		    st == V_OCSP_CERTSTATUS_REVOKED ? TLS_OCSP_REVOKED :
		    TLS_OCSP_UNKNOWN;
		o->this_update = asn1_time_unix(thisupd);
		o->next_update = asn1_time_unix(nextupd);
		o->time_ok = thisupd != NULL && OCSP_check_validity(thisupd,
		    nextupd, AUDIT_OCSP_SKEW_S, -1) == 1;
		ERR_clear_error();
		return;
	}
	if (o->error == NULL)
		o->error = "response does not cover the leaf";
	ERR_clear_error();
}

static void
check_ocsp(struct tls_audit_job *j, X509 *leaf, STACK_OF(X509) *sent,
    STACK_OF(X509) *built)
{
	struct tls_ocsp *o = &j->res->ocsp;
	const unsigned char *p = NULL;
	long len = SSL_get_tlsext_status_ocsp_resp(j->ssl, &p);
	OCSP_RESPONSE *resp;
	OCSP_BASICRESP *bs;
	X509 *issuer;

	if (len <= 0 || p == NULL)
		return;
	o->stapled = 1;
	o->len = (size_t)len;
	if ((resp = d2i_OCSP_RESPONSE(NULL, &p, len)) == NULL) {
		o->error = "stapled response does not parse";
		ERR_clear_error();
		return;
	}
	o->parsed = 1;
	o->resp_status = OCSP_response_status(resp);
	if (o->resp_status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
		o->error = arena_printf(j->res->mem, "responder status %s",
		    OCSP_response_status_str(o->resp_status));
		OCSP_RESPONSE_free(resp);
		return;
	}
	if ((bs = OCSP_response_get1_basic(resp)) == NULL) {
		o->error = "no basic response";
		OCSP_RESPONSE_free(resp);
		ERR_clear_error();
		return;
	}
	ERR_clear_error();
	o->sig_ok = OCSP_basic_verify(bs, sent,
	    SSL_CTX_get_cert_store(j->ctx), 0) == 1;
	if (!o->sig_ok)
		o->error = ssl_err_text(j, "signature does not verify");
	if (leaf != NULL && (issuer = leaf_issuer(leaf, built, sent)) != NULL)
		ocsp_leaf_status(j, bs, leaf, issuer);
	else if (o->error == NULL)
		o->error = "issuer of the leaf unknown";
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(resp);
	ERR_clear_error();
}

static void
check_dane(struct tls_audit_job *j)
{
	struct tls_dane *d = &j->res->dane;
	long vr;

	if (j->n_tlsa == 0)
		return;
	d->tested = 1;
	d->usable = j->dane_usable;
	if (j->sni == NULL) {
		d->error = "no name to use as DANE base domain";
		return;
	}
	if (d->usable == 0) {
		d->error = "no usable TLSA record";
		return;
	}
	vr = SSL_get_verify_result(j->ssl);
	d->depth = SSL_get0_dane_tlsa(j->ssl, &d->usage, &d->selector,
	    &d->mtype, NULL, NULL);
	d->ok = vr == X509_V_OK && d->depth >= 0;
	if (!d->ok) {
		d->depth = -1;
		d->usage = d->selector = d->mtype = 0;
		d->error = vr != X509_V_OK ?
		    mem_strdup(j->res->mem, X509_verify_cert_error_string(vr)) :
		    "no TLSA record matched";
	}
}

static void
collect(struct tls_audit_job *j)
{
	struct tls_audit *r = j->res;
	struct arena *m = r->mem;
	SSL *s = j->ssl;
	const SSL_CIPHER *ciph = SSL_get_current_cipher(s);
	const COMP_METHOD *comp = SSL_get_current_compression(s);
	STACK_OF(X509) *sent = SSL_get_peer_cert_chain(s);
	STACK_OF(X509) *built = NULL;
	X509 *leaf = SSL_get0_peer_certificate(s);
	EVP_PKEY *tmp = NULL;
	int tls13, group, i, n;

	r->hs.code = TLS_AUDIT_OK;
	r->version = (uint16_t)SSL_version(s);
	r->version_name = mem_strdup(m, SSL_get_version(s));
	if (ciph != NULL) {
		r->suite = SSL_CIPHER_get_protocol_id(ciph);
		r->cipher = mem_strdup(m, SSL_CIPHER_get_name(ciph));
		r->cipher_iana = mem_strdup(m, SSL_CIPHER_standard_name(ciph));
	}
	group = (int)SSL_get_negotiated_group(s);
	if (group != NID_undef)
		r->group = mem_strdup(m, SSL_group_to_name(s, group));
	if (r->group == NULL && SSL_get_peer_tmp_key(s, &tmp) == 1) {
		r->group = arena_printf(m, "%s-%d",
		    EVP_PKEY_get0_type_name(tmp), EVP_PKEY_get_bits(tmp));
		EVP_PKEY_free(tmp);
	}
	tls13 = r->version >= TLS1_3_VERSION;
	r->secure_reneg = tls13 ? -1 :
	    SSL_get_secure_renegotiation_support(s) ? 1 : 0;
	r->ems = tls13 ? -1 : SSL_get_extms_support(s) == 1;
	r->compression = comp != NULL ? mem_strdup(m, SSL_COMP_get_name(comp)) :
	    NULL;

	n = sent != NULL ? sk_X509_num(sent) : 0;
	r->n_chain_sent = (size_t)n;
	if (n > TLS_AUDIT_CHAIN_MAX)
		n = TLS_AUDIT_CHAIN_MAX;
	if (n > 0 && (r->chain = arena_alloc(m, sizeof(*r->chain) *
	    (size_t)n)) != NULL)
		for (i = 0; i < n; i++)
			cert_info(m, sk_X509_value(sent, i),
			    &r->chain[r->n_chain++]);

	if (leaf != NULL) {
		char *peer = NULL;

		built = check_trust(j, leaf, sent);
		if (j->sni != NULL) {
			r->host_match = X509_check_host(leaf, j->sni, 0,
			    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, &peer) == 1;
			r->host_matched = mem_strdup(m, peer);
			OPENSSL_free(peer);
		}
	} else {
		r->verify_error = "no certificate";
	}
	check_dane(j);
	check_ocsp(j, leaf, sent, built);
	sk_X509_pop_free(built, X509_free);
	ERR_clear_error();
}

/* --- phases --------------------------------------------------------------- */

static void
reneg_next(struct tls_audit_job *j)
{
	struct tls_reneg *rn = &j->res->reneg;

	if (rn->attempts >= j->reneg_tries) {
		rn->end.code = TLS_AUDIT_OK;
		job_finish(j);
		return;
	}
	j->alert_rcvd = -1;
	ERR_clear_error();
	if (SSL_renegotiate(j->ssl) != 1) {
		fail_with(j, TLS_AUDIT_PROTOCOL, 0,
		    ssl_err_text(j, "renegotiation refused locally"));
		return;
	}
	rn->attempts++;
	audit_drive(j);
}

static void
handshake_done(struct tls_audit_job *j)
{
	struct tls_audit *r = j->res;
	uint32_t wait;

	collect(j);
	if (r->version >= TLS1_3_VERSION && (j->probes & TLS_PROBE_0RTT)) {
		wait = j->timeout_ms < TLS_AUDIT_TICKET_WAIT_MS ?
		    j->timeout_ms : TLS_AUDIT_TICKET_WAIT_MS;
		audit_set_phase(j, PH_TICKET_WAIT);
		net_conn_set_timeout(j->conn, wait);
		audit_drive(j);
		return;
	}
	if (r->version <= TLS1_2_VERSION && (j->probes & TLS_PROBE_RENEG)) {
		r->reneg.tested = 1;
		audit_set_phase(j, PH_RENEG);
		reneg_next(j);
		return;
	}
	job_finish(j);
}

/* The wait for a TLS 1.3 ticket is over: try 0-RTT if it allows. */
static void
ticket_done(struct tls_audit_job *j)
{
	struct tls_early *e = &j->res->early;

	job_drop_conn(j);
	job_drop_ssl(j);
	if (j->ticket == NULL) {
		e->status = TLS_EARLY_NO_TICKET;
		job_finish(j);
		return;
	}
	e->max_early_data = SSL_SESSION_get_max_early_data(j->ticket);
	if (e->max_early_data == 0) {
		e->status = TLS_EARLY_NOT_SENT;
		job_finish(j);
		return;
	}
	audit_set_phase(j, PH_EARLY_CONNECT);
	if (ssl_setup(j, 0) != 0 || SSL_set_session(j->ssl, j->ticket) != 1) {
		fail_with(j, TLS_AUDIT_NOMEM, ENOMEM, NULL);
		return;
	}
	j->conn = audit_conn_open(j, j->net, &j->addr, j->port);
	if (j->conn == NULL) {
		fail_with(j, TLS_AUDIT_NOMEM, ENOMEM,
		    "cannot open the 0-RTT connection");
		return;
	}
	j->conns++;
}

static void
early_send(struct tls_audit_job *j)
{
	char req[512];
	size_t written = 0;
	int len, r;

	if (j->sni != NULL)
		len = snprintf(req, sizeof(req),
		    "GET / HTTP/1.1\r\nHost: %s\r\n\r\n", j->sni);
	else
		len = snprintf(req, sizeof(req),
		    j->addr.family == AF_INET6 ?
		    "GET / HTTP/1.1\r\nHost: [%s]\r\n\r\n" :
		    "GET / HTTP/1.1\r\nHost: %s\r\n\r\n", j->addr.text);
	if (len < 0 || (size_t)len >= sizeof(req))
		len = (int)strlen("GET / HTTP/1.1\r\n\r\n");
	if (len > (int)j->res->early.max_early_data)
		len = (int)j->res->early.max_early_data;
	audit_set_phase(j, PH_EARLY_HANDSHAKE);
	ERR_clear_error();
	r = SSL_write_early_data(j->ssl, req, (size_t)len, &written);
	if (flush_out(j) != 0) {
		fail_with(j, TLS_AUDIT_NOMEM, ENOMEM, NULL);
		return;
	}
	if (r != 1 && SSL_get_error(j->ssl, r) != SSL_ERROR_WANT_READ) {
		fail_ssl(j, r);
		return;
	}
	audit_drive(j);
}

static void
step_handshake(struct tls_audit_job *j)
{
	int r;

	ERR_clear_error();
	r = SSL_do_handshake(j->ssl);
	if (flush_out(j) != 0) {
		fail_with(j, TLS_AUDIT_NOMEM, ENOMEM, NULL);
		return;
	}
	if (r == 1) {
		if (j->phase == PH_HANDSHAKE) {
			handshake_done(j);
		} else {
			struct tls_early *e = &j->res->early;

			switch (SSL_get_early_data_status(j->ssl)) {
			case SSL_EARLY_DATA_ACCEPTED:
				e->status = TLS_EARLY_ACCEPTED;
				break;
			case SSL_EARLY_DATA_REJECTED:
				e->status = TLS_EARLY_REJECTED;
				break;
			default:
				e->status = TLS_EARLY_NOT_SENT;
				break;
			}
			e->resumed = SSL_session_reused(j->ssl) == 1;
			e->hs.code = TLS_AUDIT_OK;
			job_finish(j);
		}
		return;
	}
	if (SSL_get_error(j->ssl, r) != SSL_ERROR_WANT_READ)
		fail_ssl(j, r);
}

static void
step_ticket(struct tls_audit_job *j)
{
	char buf[AUDIT_IO_CHUNK];
	int i, r = 0;

	for (i = 0; i < AUDIT_READS_MAX; i++) {
		ERR_clear_error();
		if ((r = SSL_read(j->ssl, buf, sizeof(buf))) <= 0)
			break;
	}
	if (flush_out(j) != 0 || j->ticket != NULL) {
		ticket_done(j);
		return;
	}
	if (r <= 0 && SSL_get_error(j->ssl, r) != SSL_ERROR_WANT_READ)
		ticket_done(j);
	ERR_clear_error();
}

static void
step_reneg(struct tls_audit_job *j)
{
	int r;

	ERR_clear_error();
	r = SSL_do_handshake(j->ssl);
	if (flush_out(j) != 0) {
		fail_with(j, TLS_AUDIT_NOMEM, ENOMEM, NULL);
		return;
	}
	if (r == 1) {
		if (!SSL_renegotiate_pending(j->ssl)) {
			j->res->reneg.succeeded++;
			reneg_next(j);
		}
		return;
	}
	if (SSL_get_error(j->ssl, r) != SSL_ERROR_WANT_READ)
		fail_ssl(j, r);
}

static void
audit_drive(struct tls_audit_job *j)
{
	switch (j->phase) {
	case PH_HANDSHAKE:
	case PH_EARLY_HANDSHAKE:
		step_handshake(j);
		break;
	case PH_TICKET_WAIT:
		step_ticket(j);
		break;
	case PH_RENEG:
		step_reneg(j);
		break;
	case PH_CONNECT:
	case PH_EARLY_CONNECT:
	case PH_DONE:
		break;
	}
}

/* --- conn events ---------------------------------------------------------- */

static void
conn_ended(struct tls_audit_job *j, struct net_conn *c, enum net_conn_event ev)
{
	enum net_status ns = net_conn_status(c);
	int e = net_conn_errno(c);

	job_drop_conn(j);
	if (ev == NET_EV_EOF) {
		fail_with(j, TLS_AUDIT_CLOSED, 0, "connection closed by peer");
		return;
	}
	switch (ns) {
	case NET_TIMEOUT:
		fail_with(j, TLS_AUDIT_TIMEOUT, 0, NULL);
		break;
	case NET_REFUSED:
		fail_with(j, TLS_AUDIT_REFUSED, e, NULL);
		break;
	case NET_UNREACHABLE:
		fail_with(j, TLS_AUDIT_UNREACHABLE, e, NULL);
		break;
	case NET_BADREPLY:
		fail_with(j, TLS_AUDIT_PROTOCOL, 0, "input cap reached");
		break;
	case NET_NOMEM:
		fail_with(j, TLS_AUDIT_NOMEM, ENOMEM, NULL);
		break;
	case NET_CANCELLED:
		fail_with(j, TLS_AUDIT_CANCELLED, 0, NULL);
		break;
	case NET_PRELUDE:
		if (j->res->prelude_code == NULL && net_conn_prelude_code(c))
			j->res->prelude_code = mem_strdup(j->res->mem,
			    net_conn_prelude_code(c));
		fail_with(j, TLS_AUDIT_PRELUDE, 0, net_conn_prelude_why(c));
		break;
	case NET_OK:
	case NET_ERROR:
	default:
		if (e == ECONNRESET || e == EPIPE)
			fail_with(j, TLS_AUDIT_RESET, e, strerror(e));
		else
			fail_with(j, TLS_AUDIT_NETWORK, e, strerror(e));
		break;
	}
}

static void
conn_cb(void *arg, struct net_conn *c, enum net_conn_event ev)
{
	struct tls_audit_job *j = arg;
	const uint8_t *d;
	size_t len;

	switch (ev) {
	case NET_EV_CONNECTED:
		if (j->phase == PH_CONNECT) {
			audit_set_phase(j, PH_HANDSHAKE);
			audit_drive(j);
		} else if (j->phase == PH_EARLY_CONNECT) {
			early_send(j);
		}
		break;
	case NET_EV_DATA:
		d = net_conn_data(c, &len);
		if (j->rbio == NULL || len > TLS_AUDIT_INBUF_MAX ||
		    BIO_ctrl_pending(j->rbio) > TLS_AUDIT_INBUF_MAX - len) {
			fail_with(j, TLS_AUDIT_PROTOCOL, 0,
			    "input cap reached");
			break;
		}
		if (len > 0 && BIO_write(j->rbio, d, (int)len) != (int)len) {
			fail_with(j, TLS_AUDIT_NOMEM, ENOMEM, NULL);
			break;
		}
		net_conn_consume(c, len);
		audit_drive(j);
		break;
	case NET_EV_EOF:
	case NET_EV_ERROR:
		conn_ended(j, c, ev);
		break;
	}
}

/* --- API ------------------------------------------------------------------ */

static int
copy_opts(struct tls_audit_job *j, const struct tls_audit_opts *o)
{
	size_t i, total = 0, off = 0;

	if (o->sni != NULL && (j->sni = strdup(o->sni)) == NULL)
		return -1;
	if (o->ca_file != NULL && (j->ca_file = strdup(o->ca_file)) == NULL)
		return -1;
	j->min_version = o->min_version;
	j->max_version = o->max_version;
	j->probes = o->probes;
	j->timeout_ms = o->timeout_ms ? o->timeout_ms : AUDIT_TIMEOUT_MS;
	j->prelude = o->prelude;
	j->prelude_arg = o->prelude_arg;
	j->deadline_ms = o->deadline_ms ? o->deadline_ms : AUDIT_DEADLINE_MS;
	j->reneg_tries = o->reneg_tries ? o->reneg_tries :
	    TLS_AUDIT_RENEG_TRIES;
	j->n_tlsa = o->tlsa != NULL ? o->n_tlsa : 0;
	if (j->n_tlsa > TLS_AUDIT_TLSA_MAX)
		j->n_tlsa = TLS_AUDIT_TLSA_MAX;
	for (i = 0; i < j->n_tlsa; i++)
		total += o->tlsa[i].len;
	if (total > 0 && (j->tlsa_data = malloc(total)) == NULL)
		return -1;
	for (i = 0; i < j->n_tlsa; i++) {
		j->tlsa[i] = o->tlsa[i];
		if (o->tlsa[i].len > 0 && o->tlsa[i].data != NULL) {
			memcpy(j->tlsa_data + off, o->tlsa[i].data,
			    o->tlsa[i].len);
			j->tlsa[i].data = j->tlsa_data + off;
			off += o->tlsa[i].len;
		} else {
			j->tlsa[i].data = NULL;
			j->tlsa[i].len = 0;
		}
	}
	return 0;
}

static struct tls_audit *
result_new(const struct tls_audit_job *j)
{
	struct arena *m = arena_new(AUDIT_ARENA_CAP);
	struct tls_audit *r;

	if (m == NULL)
		return NULL;
	if ((r = arena_alloc(m, sizeof(*r))) == NULL) {
		arena_free(m);
		return NULL;
	}
	r->mem = m;
	r->addr = j->addr;
	r->port = j->port;
	r->sni = mem_strdup(m, j->sni);
	r->hs.alert = r->reneg.end.alert = r->early.hs.alert = -1;
	r->hs.code = TLS_AUDIT_TIMEOUT;   /* overwritten by every ending */
	r->secure_reneg = r->ems = -1;
	r->verify_depth = -1;
	r->host_match = -1;
	r->dane.depth = -1;
	r->ocsp.resp_status = -1;
	return r;
}

struct tls_audit_job *
tls_audit_start(struct net *n, const struct net_addr *addr, uint16_t port,
    const struct tls_audit_opts *opts, tls_audit_cb cb, void *arg)
{
	static const struct tls_audit_opts none;
	struct tls_audit_job *j;
	struct timeval tv;
	const char *why;

	if (n == NULL || addr == NULL || cb == NULL)
		return NULL;
	if (opts == NULL)
		opts = &none;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return NULL;
	j->net = n;
	j->addr = *addr;
	j->port = port;
	j->cb = cb;
	j->arg = arg;
	j->alert_rcvd = -1;
	clock_start(&j->start);
	if (copy_opts(j, opts) != 0 || (j->res = result_new(j)) == NULL ||
	    (j->deadline = evtimer_new(net_base(n), deadline_cb, j)) == NULL) {
		job_free(j);
		return NULL;
	}
	audit_set_phase(j, PH_CONNECT);
	if (ctx_setup(j, &why) == 0) {
		why = "cannot set up the connection";
		if (ssl_setup(j, 1) == 0)
			why = NULL;
	}
	if (why != NULL) {
		const char *ossl = ssl_err_text(j, NULL);

		j->res->hs.code = TLS_AUDIT_SETUP;
		j->res->hs.detail = ossl == NULL ? why :
		    arena_printf(j->res->mem, "%s (%s)", why, ossl);
		j->end_pending = 1;
		event_active(j->deadline, EV_TIMEOUT, 0);
		return j;
	}
	j->conn = audit_conn_open(j, n, addr, port);
	if (j->conn == NULL) {
		job_free(j);
		return NULL;
	}
	j->conns++;
	tv.tv_sec = j->deadline_ms / 1000;
	tv.tv_usec = (suseconds_t)(j->deadline_ms % 1000) * 1000;
	if (evtimer_add(j->deadline, &tv) != 0) {
		job_free(j);
		return NULL;
	}
	return j;
}

void
tls_audit_cancel(struct tls_audit_job *j)
{
	if (j != NULL)
		job_free(j);
}
