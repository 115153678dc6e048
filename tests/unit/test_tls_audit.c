/*
 * test_tls_audit: the TLS audit against `openssl s_server` (Debian's
 * OpenSSL 3) on 127.0.0.1, with a PKI the test makes in a temporary
 * directory with the `openssl` command: a CA and a leaf for
 * www.example.test, a self-signed leaf, and OCSP responses (good and
 * revoked) for the leaf. Each case starts its own s_server on a free port
 * and kills it by pid afterwards. Refused, timeout, deadline, garbage,
 * cancel and net_free cases use sockets of the test itself.
 */
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "net/conn.h"
#include "net/net.h"
#include "tls/audit.h"
#include "util/arena.h"
#include "unit.h"

#define WATCHDOG_MS 20000
#define NAME        "www.example.test"

static struct event_base *base;
static struct event *watchdog;
static int watchdog_fired;
static struct net *net;
static char dir[64];
static struct net_addr lo;

static struct tls_audit *got;
static int calls;

static void
watchdog_cb(evutil_socket_t fd, short what, void *arg)
{
	watchdog_fired = 1;
	event_base_loopbreak(base);
}

static void
audit_cb(void *arg, struct tls_audit *res)
{
	calls++;
	tls_audit_free(got);
	got = res;
}

static void
run_for(uint32_t ms, int stop_on_call)
{
	struct timeval tv = { ms / 1000, (suseconds_t)(ms % 1000) * 1000 };

	watchdog_fired = 0;
	evtimer_add(watchdog, &tv);
	while (!watchdog_fired && !(stop_on_call && calls > 0))
		if (event_base_loop(base, EVLOOP_ONCE) != 0)
			break;
	evtimer_del(watchdog);
}

/* Run one audit to its callback; the result is in got. */
static int
audit(uint16_t port, const struct tls_audit_opts *o)
{
	struct tls_audit_job *j;

	tls_audit_free(got);
	got = NULL;
	calls = 0;
	j = tls_audit_start(net, &lo, port, o, audit_cb, NULL);
	CHECK(j != NULL);
	if (j == NULL)
		return -1;
	CHECK(calls == 0);          /* never inside tls_audit_start */
	run_for(WATCHDOG_MS, 1);
	CHECK(calls == 1);
	return got != NULL ? 0 : -1;
}

/* --- PKI and s_server ----------------------------------------------------- */

static const char gen_script[] =
    "set -e\n"
    "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
    " -keyout ca.key -out ca.pem -subj '/CN=Test Root CA' -days 30"
    " -addext basicConstraints=critical,CA:TRUE"
    " -addext keyUsage=critical,keyCertSign,cRLSign\n"
    "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
    " -keyout leaf.key -out leaf.csr -subj '/CN=" NAME "'\n"
    "printf 'subjectAltName=DNS:" NAME ",DNS:alt.example.test,IP:127.0.0.1\\n"
    "authorityInfoAccess=OCSP;URI:http://ocsp.example.test/\\n"
    "basicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n"
    "keyUsage=digitalSignature\\n' > leaf.ext\n"
    "openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key"
    " -CAcreateserial -out leaf.pem -days 30 -sha256 -extfile leaf.ext\n"
    "openssl req -x509 -newkey rsa:2048 -nodes -keyout ss.key -out ss.pem"
    " -subj '/CN=self.example.test' -days 30"
    " -addext subjectAltName=DNS:self.example.test\n"
    "serial=$(openssl x509 -in leaf.pem -noout -serial | cut -d= -f2)\n"
    "printf 'V\\t301231000000Z\\t\\t%s\\tunknown\\t/CN=" NAME "\\n'"
    " \"$serial\" > good.txt\n"
    "printf 'R\\t301231000000Z\\t240101000000Z\\t%s\\tunknown\\t/CN=" NAME
    "\\n' \"$serial\" > revoked.txt\n"
    "openssl ocsp -issuer ca.pem -cert leaf.pem -no_nonce -reqout req.der\n"
    "for s in good revoked; do openssl ocsp -index $s.txt -rsigner ca.pem"
    " -rkey ca.key -CA ca.pem -reqin req.der -respout $s.der -ndays 1; done\n";

/* tls_cert_from_der on the PKI's own certificates: the fields come from
 * how gen_script made them. */
static void
cert_der(const char *file, uint8_t **der, int *len, unsigned char md[32])
{
	char path[128];
	FILE *f;
	X509 *x = NULL;
	unsigned int mdlen = 0;

	*der = NULL;
	*len = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((f = fopen(path, "r")) == NULL)
		return;
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (x == NULL)
		return;
	*len = i2d_X509(x, der);
	(void)X509_digest(x, EVP_sha256(), md, &mdlen);
	X509_free(x);
}

static void
test_cert_from_der(void)
{
	struct arena *m = arena_new(1 << 16);
	struct tls_cert c;
	uint8_t *der;
	int len;
	unsigned char md[32];
	char hex[65];
	size_t i;

	cert_der("leaf.pem", &der, &len, md);
	CHECK(der != NULL && len > 0);
	CHECK(der != NULL && tls_cert_from_der(m, der, (size_t)len, &c) == 0);
	if (der != NULL) {
		CHECK_STR(c.subject, "CN=" NAME);
		CHECK_STR(c.issuer, "CN=Test Root CA");
		CHECK(!c.self_signed);
		CHECK(c.key_type == TLS_KEY_EC && c.key_bits == 256);
		CHECK_STR(c.curve, "prime256v1");
		CHECK_STR(c.sig_digest, "SHA256");
		CHECK_STR(c.sig_key, "EC");
		CHECK(c.n_san == 3 && c.n_san_total == 3);
		if (c.n_san == 3) {
			CHECK_STR(c.san[0], NAME);
			CHECK_STR(c.san[1], "alt.example.test");
			CHECK_STR(c.san[2], "IP:127.0.0.1");
		}
		CHECK_STR(c.ocsp_url, "http://ocsp.example.test/");
		CHECK(c.not_after - c.not_before == 30 * 86400);
		for (i = 0; i < 32; i++)
			snprintf(hex + 2 * i, 3, "%02x", md[i]);
		CHECK_STR(c.sha256, hex);
		/* cut anywhere: refused, never half read */
		CHECK(tls_cert_from_der(m, der, (size_t)len / 2, &c) == -1);
		OPENSSL_free(der);
	}
	cert_der("ss.pem", &der, &len, md);
	CHECK(der != NULL && tls_cert_from_der(m, der, (size_t)len, &c) == 0);
	if (der != NULL) {
		CHECK(c.self_signed);
		CHECK(c.key_type == TLS_KEY_RSA && c.key_bits == 2048);
		CHECK_STR(c.subject, "CN=self.example.test");
		CHECK(c.ocsp_url == NULL);
		OPENSSL_free(der);
	}
	CHECK(tls_cert_from_der(m, (const uint8_t *)"\x30\x03" "abc", 5, &c) == -1);
	arena_free(m);
}

static int
make_pki(void)
{
	char cmd[256];
	FILE *f;
	int n;

	(void)snprintf(dir, sizeof(dir), "/tmp/utd_tls_XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	(void)snprintf(cmd, sizeof(cmd), "%s/gen.sh", dir);
	if ((f = fopen(cmd, "w")) == NULL)
		return -1;
	fputs(gen_script, f);
	fclose(f);
	n = snprintf(cmd, sizeof(cmd), "cd %s && sh gen.sh >gen.log 2>&1",
	    dir);
	if (n < 0 || (size_t)n >= sizeof(cmd))
		return -1;
	return system(cmd) == 0 ? 0 : -1;
}

static void
remove_pki(void)
{
	char cmd[128];

	if (dir[0] == '\0')
		return;
	(void)snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static uint16_t
free_port(void)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	uint16_t port = 0;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &sl) == 0)
		port = ntohs(sin.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static int
port_open(uint16_t port)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

struct server {
	pid_t pid;
	int stdin_w;                /* held open: s_server ends a session on
	                               stdin EOF, even with -quiet */
	uint16_t port;
};

/* openssl s_server -accept 127.0.0.1:PORT -cert <cert>.pem -key <cert>.key
 * plus extra arguments (NULL-terminated); waits until it listens. */
static int
server_start(struct server *s, const char *cert, const char *const *extra)
{
	char accept_arg[32], certf[128], keyf[128], logf[128];
	const char *argv[32];
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	int i, a = 0, fd, in[2];

	s->port = free_port();
	(void)snprintf(accept_arg, sizeof(accept_arg), "127.0.0.1:%u",
	    (unsigned)s->port);
	(void)snprintf(certf, sizeof(certf), "%s/%s.pem", dir, cert);
	(void)snprintf(keyf, sizeof(keyf), "%s/%s.key", dir, cert);
	(void)snprintf(logf, sizeof(logf), "%s/s_server.log", dir);
	argv[a++] = "openssl";
	argv[a++] = "s_server";
	argv[a++] = "-quiet";
	argv[a++] = "-accept";
	argv[a++] = accept_arg;
	argv[a++] = "-cert";
	argv[a++] = certf;
	argv[a++] = "-key";
	argv[a++] = keyf;
	for (i = 0; extra != NULL && extra[i] != NULL && a < 31; i++)
		argv[a++] = extra[i];
	argv[a] = NULL;
	if (pipe2(in, O_CLOEXEC) != 0)
		return -1;
	if ((s->pid = fork()) < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	if (s->pid == 0) {
		(void)dup2(in[0], 0);
		fd = open(logf, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			(void)dup2(fd, 1);
			(void)dup2(fd, 2);
		}
		if (chdir(dir) != 0)
			_exit(126);
		execvp("openssl", (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	s->stdin_w = in[1];
	for (i = 0; i < 250; i++) {
		if (port_open(s->port))
			return 0;
		if (waitpid(s->pid, NULL, WNOHANG) == s->pid) {
			s->pid = 0;
			close(s->stdin_w);
			return -1;
		}
		nanosleep(&nap, NULL);
	}
	return -1;
}

static void
server_stop(struct server *s)
{
	if (s->pid <= 0)
		return;
	(void)kill(s->pid, SIGTERM);
	(void)waitpid(s->pid, NULL, 0);
	close(s->stdin_w);
	s->pid = 0;
}

static char *
path(const char *file)
{
	static char p[128];

	(void)snprintf(p, sizeof(p), "%s/%s", dir, file);
	return p;
}

/* SHA-256 of a certificate (selector 0) or of its SPKI (selector 1). */
static size_t
tlsa_hash(const char *file, int selector, uint8_t out[32])
{
	FILE *f = fopen(path(file), "r");
	X509 *x = f != NULL ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	unsigned char *der = NULL;
	unsigned int mdlen = 0;
	int len;

	if (f != NULL)
		fclose(f);
	if (x == NULL)
		return 0;
	if (selector == 0)
		len = i2d_X509(x, &der);
	else
		len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der);
	if (len > 0)
		(void)EVP_Digest(der, (size_t)len, out, &mdlen, EVP_sha256(),
		    NULL);
	OPENSSL_free(der);
	X509_free(x);
	return mdlen;
}

/* --- cases against s_server ----------------------------------------------- */

static void
test_tls13_chain(void)
{
	static const char *const args[] = { "-cert_chain", NULL, "-status_file",
	    NULL, NULL };
	const char *a[5];
	char chain[128], status[128];
	struct server s;
	struct tls_audit_opts o;
	struct tls_audit_tlsa t[2];
	uint8_t ee[32], ta[32], bad[32];
	const struct tls_cert *c;

	memcpy(a, args, sizeof(a));
	(void)snprintf(chain, sizeof(chain), "%s", path("ca.pem"));
	(void)snprintf(status, sizeof(status), "%s", path("good.der"));
	a[1] = chain;
	a[3] = status;
	CHECK(server_start(&s, "leaf", a) == 0);

	memset(&o, 0, sizeof(o));
	o.sni = NAME;
	o.ca_file = path("ca.pem");
	o.probes = TLS_PROBE_0RTT | TLS_PROBE_RENEG;
	if (audit(s.port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_OK);
		CHECK(got->version == 0x0304);
		CHECK_STR(got->version_name, "TLSv1.3");
		CHECK(got->suite == 0x1302);
		CHECK_STR(got->cipher_iana, "TLS_AES_256_GCM_SHA384");
		CHECK(got->group != NULL);
		CHECK(got->secure_reneg == -1 && got->ems == -1);
		CHECK(got->compression == NULL);
		CHECK(got->n_chain == 2 && got->n_chain_sent == 2);
		c = &got->chain[0];
		CHECK_STR(c->subject, "CN=" NAME);
		CHECK_STR(c->issuer, "CN=Test Root CA");
		CHECK(!c->self_signed);
		CHECK(c->key_type == TLS_KEY_EC && c->key_bits == 256);
		CHECK_STR(c->curve, "prime256v1");
		CHECK_STR(c->key_name, "EC");
		CHECK_STR(c->sig_digest, "SHA256");
		CHECK_STR(c->sig_key, "EC");
		CHECK_STR(c->sig_alg, "ecdsa-with-SHA256");
		CHECK(c->n_san == 3 && c->n_san_total == 3);
		if (c->n_san == 3) {
			CHECK_STR(c->san[0], NAME);
			CHECK_STR(c->san[1], "alt.example.test");
			CHECK_STR(c->san[2], "IP:127.0.0.1");
		}
		CHECK_STR(c->ocsp_url, "http://ocsp.example.test/");
		CHECK(c->not_after - c->not_before == 30 * 86400);
		CHECK(c->not_before <= (int64_t)time(NULL));
		CHECK(strlen(c->sha256) == 64);
		c = &got->chain[1];
		CHECK(c->self_signed);
		CHECK_STR(c->subject, "CN=Test Root CA");
		CHECK(c->ocsp_url == NULL && c->n_san == 0);
		CHECK(got->trusted == 1 && got->verify_error == NULL);
		CHECK(got->verify_depth == -1);
		CHECK(got->host_match == 1);
		CHECK_STR(got->host_matched, NAME);
		CHECK(got->dane.tested == 0);
		CHECK(got->ocsp.stapled == 1 && got->ocsp.parsed == 1);
		CHECK(got->ocsp.resp_status == 0);
		CHECK(got->ocsp.cert_status == TLS_OCSP_GOOD);
		CHECK_STR(tls_ocsp_status_str(got->ocsp.cert_status), "good");
		CHECK(got->ocsp.sig_ok == 1 && got->ocsp.time_ok == 1);
		CHECK(got->ocsp.next_update > got->ocsp.this_update);
		CHECK(got->reneg.tested == 0);
		/* s_server without -early_data: tickets allow no early data */
		CHECK(got->early.status == TLS_EARLY_NOT_SENT);
		CHECK(got->early.max_early_data == 0);
		CHECK(got->conns == 1);
		CHECK(net_conn_count(net, &lo, s.port) == 1);
	}

	/* another name: trusted, but no match */
	o.sni = "other.example.test";
	o.probes = 0;
	if (audit(s.port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_OK);
		CHECK(got->trusted == 1);
		CHECK(got->host_match == 0 && got->host_matched == NULL);
		CHECK(got->early.status == TLS_EARLY_NOT_TESTED);
	}

	/* the system store does not know our CA; the name still matches */
	o.sni = NAME;
	o.ca_file = NULL;
	if (audit(s.port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_OK);
		CHECK(got->trusted == 0);
		CHECK(got->verify_err == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN);
		CHECK_STR(got->verify_error,
		    "self-signed certificate in certificate chain");
		CHECK(got->verify_depth == 1);
		CHECK(got->host_match == 1);
		CHECK(got->ocsp.stapled == 1 && got->ocsp.sig_ok == 0);
		CHECK(got->ocsp.error != NULL);
		CHECK(got->ocsp.cert_status == TLS_OCSP_GOOD);
	}

	/* DANE: DANE-EE on the leaf's key, a wrong record next to it */
	CHECK(tlsa_hash("leaf.pem", 1, ee) == 32);
	CHECK(tlsa_hash("ca.pem", 0, ta) == 32);
	memset(bad, 0x5a, sizeof(bad));
	t[0] = (struct tls_audit_tlsa){ 3, 1, 1, bad, sizeof(bad) };
	t[1] = (struct tls_audit_tlsa){ 3, 1, 1, ee, sizeof(ee) };
	o.ca_file = path("ca.pem");
	o.tlsa = t;
	o.n_tlsa = 2;
	if (audit(s.port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_OK);
		CHECK(got->dane.tested && got->dane.usable == 2);
		CHECK(got->dane.ok == 1 && got->dane.depth == 0);
		CHECK(got->dane.usage == 3 && got->dane.selector == 1 &&
		    got->dane.mtype == 1);
		CHECK(got->dane.error == NULL);
		CHECK(got->trusted == 1);
	}
	/* DANE-TA on the root certificate, which the server sends */
	t[0] = (struct tls_audit_tlsa){ 2, 0, 1, ta, sizeof(ta) };
	o.n_tlsa = 1;
	o.ca_file = NULL;    /* DANE-TA needs no store; PKIX still fails */
	if (audit(s.port, &o) == 0) {
		CHECK(got->dane.ok == 1 && got->dane.depth == 1);
		CHECK(got->dane.usage == 2);
		CHECK(got->trusted == 0);
	}
	/* only a wrong record */
	t[0] = (struct tls_audit_tlsa){ 3, 1, 1, bad, sizeof(bad) };
	if (audit(s.port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_OK);
		CHECK(got->dane.tested && got->dane.ok == 0);
		CHECK(got->dane.depth == -1);
		CHECK(got->dane.error != NULL);
	}
	/* a record OpenSSL cannot use (bad digest length) */
	t[0] = (struct tls_audit_tlsa){ 3, 1, 1, bad, 5 };
	if (audit(s.port, &o) == 0) {
		CHECK(got->dane.usable == 0 && got->dane.ok == 0);
		CHECK_STR(got->dane.error, "no usable TLSA record");
	}
	CHECK(net_conn_count(net, &lo, s.port) == 7);
	server_stop(&s);
}

static void
test_tls12(void)
{
	const char *a[] = { "-tls1_2", "-status_file", NULL, NULL };
	char status[128];
	struct server s;
	struct tls_audit_opts o;

	/* OpenSSL 3 servers refuse client renegotiation by default */
	(void)snprintf(status, sizeof(status), "%s", path("revoked.der"));
	a[2] = status;
	CHECK(server_start(&s, "leaf", a) == 0);
	memset(&o, 0, sizeof(o));
	o.sni = NAME;
	o.ca_file = path("ca.pem");
	o.probes = TLS_PROBE_0RTT | TLS_PROBE_RENEG;
	if (audit(s.port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_OK);
		CHECK(got->version == 0x0303);
		CHECK_STR(got->version_name, "TLSv1.2");
		CHECK(got->cipher != NULL && got->cipher_iana != NULL);
		CHECK(got->secure_reneg == 1);
		CHECK(got->ems == 1);
		CHECK(got->n_chain == 1);
		CHECK(got->trusted == 1 && got->host_match == 1);
		CHECK(got->ocsp.stapled == 1);
		CHECK(got->ocsp.cert_status == TLS_OCSP_REVOKED);
		CHECK(got->ocsp.sig_ok == 1);
		CHECK(got->reneg.tested == 1);
		CHECK(got->reneg.attempts == 1 && got->reneg.succeeded == 0);
		CHECK(got->reneg.end.code == TLS_AUDIT_ALERT);
		CHECK(got->reneg.end.alert == 100);
		CHECK_STR(got->reneg.end.detail, "no renegotiation");
		CHECK(got->early.status == TLS_EARLY_NOT_TESTED);
		CHECK(got->conns == 1);
	}
	server_stop(&s);

	/* allowed: all 11 tries succeed on the one connection */
	a[0] = "-tls1_2";
	a[1] = "-client_renegotiation";
	a[2] = NULL;
	CHECK(server_start(&s, "leaf", a) == 0);
	if (audit(s.port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_OK);
		CHECK(got->version == 0x0303);
		CHECK(got->ocsp.stapled == 0);
		CHECK(got->reneg.tested == 1);
		CHECK(got->reneg.attempts == 11 && got->reneg.succeeded == 11);
		CHECK(got->reneg.end.code == TLS_AUDIT_OK);
		CHECK(got->conns == 1);
	}
	o.reneg_tries = 3;
	if (audit(s.port, &o) == 0)
		CHECK(got->reneg.attempts == 3 && got->reneg.succeeded == 3);
	server_stop(&s);
}

static void
test_early_data(void)
{
	const char *a[] = { "-early_data", NULL };
	struct server s;
	struct tls_audit_opts o;

	CHECK(server_start(&s, "leaf", a) == 0);
	memset(&o, 0, sizeof(o));
	o.sni = NAME;
	o.ca_file = path("ca.pem");
	o.probes = TLS_PROBE_0RTT;
	if (audit(s.port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_OK);
		CHECK(got->version == 0x0304);
		CHECK(got->early.max_early_data > 0);
		CHECK(got->early.status == TLS_EARLY_ACCEPTED);
		CHECK_STR(tls_early_status_str(got->early.status), "accepted");
		CHECK(got->early.resumed == 1);
		CHECK(got->early.hs.code == TLS_AUDIT_OK);
		CHECK(got->conns == 2);
		CHECK(got->ocsp.stapled == 0);
	}
	CHECK(net_conn_count(net, &lo, s.port) == 2);
	server_stop(&s);
}

static void
test_self_signed(void)
{
	struct server s;
	struct tls_audit_opts o;
	const struct tls_cert *c;

	CHECK(server_start(&s, "ss", NULL) == 0);
	memset(&o, 0, sizeof(o));
	o.sni = "self.example.test";
	o.ca_file = path("ca.pem");
	if (audit(s.port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_OK);
		CHECK(got->trusted == 0);
		CHECK(got->verify_err ==
		    X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
		CHECK_STR(got->verify_error, "self-signed certificate");
		CHECK(got->verify_depth == 0);
		CHECK(got->host_match == 1);
		CHECK(got->n_chain == 1);
		c = &got->chain[0];
		CHECK(c->self_signed);
		CHECK(c->key_type == TLS_KEY_RSA && c->key_bits == 2048);
		CHECK(c->curve == NULL);
		CHECK_STR(c->sig_digest, "SHA256");
		CHECK_STR(c->sig_key, "RSA");
		CHECK_STR(c->sig_alg, "sha256WithRSAEncryption");
		CHECK(c->ocsp_url == NULL);
		CHECK(got->ocsp.stapled == 0);
	}
	server_stop(&s);
}

static void
test_alert(void)
{
	const char *a[] = { "-tls1_3", NULL };
	struct server s;
	struct tls_audit_opts o;

	CHECK(server_start(&s, "leaf", a) == 0);
	memset(&o, 0, sizeof(o));
	o.sni = NAME;
	o.max_version = 0x0303;
	if (audit(s.port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_ALERT);
		CHECK(got->hs.alert == 70);
		CHECK_STR(got->hs.detail, "protocol version");
		CHECK_STR(tls_audit_err_code(got->hs.code), "alert");
		CHECK(got->n_chain == 0 && got->version == 0);
		CHECK(got->secure_reneg == -1 && got->ems == -1);
		CHECK(got->conns == 1);
	}
	server_stop(&s);
}

/* --- cases without s_server ----------------------------------------------- */

static int
listener(uint16_t *port)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

static void
garbage_cb(evutil_socket_t fd, short what, void *arg)
{
	static const char reply[] = "HTTP/1.1 400 Bad Request\r\n\r\n";
	int *cfd = arg;

	if ((*cfd = accept(fd, NULL, NULL)) >= 0)
		(void)send(*cfd, reply, sizeof(reply) - 1, MSG_NOSIGNAL);
}

static void
test_failures(void)
{
	struct tls_audit_opts o;
	struct tls_audit_job *j;
	struct event *ev;
	uint16_t port;
	int lfd, cfd = -1;
	struct net *n2;

	memset(&o, 0, sizeof(o));
	o.sni = NAME;

	/* refused */
	port = free_port();
	if (audit(port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_REFUSED);
		CHECK(got->hs.sys_err == ECONNREFUSED);
		CHECK(got->conns == 1);
	}

	/* accepted by the kernel, never answered: the step timeout */
	lfd = listener(&port);
	CHECK(lfd >= 0);
	o.timeout_ms = 300;
	if (audit(port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_TIMEOUT);
		CHECK(got->elapsed_ms >= 250);
	}
	/* the whole-audit deadline */
	o.timeout_ms = 5000;
	o.deadline_ms = 300;
	if (audit(port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_TIMEOUT);
		CHECK_STR(got->hs.detail, "audit deadline during handshake");
		CHECK(got->elapsed_ms < 2000);
	}
	o.deadline_ms = 0;

	/* cancelled: no callback */
	calls = 0;
	j = tls_audit_start(net, &lo, port, &o, audit_cb, NULL);
	CHECK(j != NULL);
	run_for(100, 0);
	tls_audit_cancel(j);
	run_for(100, 0);
	CHECK(calls == 0);

	/* net_free during an audit ends it as cancelled */
	CHECK((n2 = net_new(base)) != NULL);
	calls = 0;
	j = tls_audit_start(n2, &lo, port, &o, audit_cb, NULL);
	CHECK(j != NULL);
	run_for(100, 0);
	net_free(n2);
	CHECK(calls == 1);
	if (calls == 1 && got != NULL)
		CHECK(got->hs.code == TLS_AUDIT_CANCELLED);
	close(lfd);

	/* a server that is not TLS */
	lfd = listener(&port);
	CHECK(lfd >= 0);
	ev = event_new(base, lfd, EV_READ | EV_PERSIST, garbage_cb, &cfd);
	event_add(ev, NULL);
	if (audit(port, &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_PROTOCOL);
		CHECK(got->hs.detail != NULL &&
		    strstr(got->hs.detail, "wrong version number") != NULL);
	}
	event_free(ev);
	if (cfd >= 0)
		close(cfd);
	close(lfd);

	/* an unreadable CA file: a setup error, from the loop */
	o.ca_file = "/nonexistent/ca.pem";
	if (audit(free_port(), &o) == 0) {
		CHECK(got->hs.code == TLS_AUDIT_SETUP);
		CHECK(got->hs.detail != NULL && strncmp(got->hs.detail,
		    "CA file unreadable (", 20) == 0);
		CHECK(got->conns == 0);
	}
}

int
main(void)
{
	base = event_base_new();
	watchdog = evtimer_new(base, watchdog_cb, NULL);
	net = net_new(base);
	CHECK(base != NULL && watchdog != NULL && net != NULL);
	if (net == NULL || net_addr_parse(&lo, "127.0.0.1") != 0)
		return unit_done("test_tls_audit");
	signal(SIGPIPE, SIG_IGN);

	if (make_pki() != 0) {
		fprintf(stderr, "cannot make the PKI in %s (see gen.log)\n",
		    dir);
		CHECK(0);
	} else {
		test_cert_from_der();
		test_tls13_chain();
		test_tls12();
		test_early_data();
		test_self_signed();
		test_alert();
	}
	test_failures();

	tls_audit_free(got);
	net_free(net);
	event_free(watchdog);
	event_base_free(base);
	remove_pki();
	return unit_done("test_tls_audit");
}
