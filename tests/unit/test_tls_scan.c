/*
 * test_tls_scan: the endpoint scanner against `openssl s_server` (Debian's
 * OpenSSL 3) on 127.0.0.1, with an EC P-256 and an RSA 2048 key and
 * self-signed certificates made by the `openssl` command in a temporary
 * directory. Each case starts its own s_server on a free port and kills it
 * by pid afterwards. What the server should accept is computed from
 * `openssl ciphers` (the same library and configuration as s_server), not
 * from the scanner. Refused, garbage, silent, cancel and net_free cases use
 * sockets of the test itself.
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

#include "net/conn.h"
#include "net/net.h"
#include "tls/hello.h"
#include "tls/scan.h"
#include "unit.h"

#define WATCHDOG_MS   30000
#define MAX_EXPECT    64

static struct event_base *base;
static struct event *watchdog;
static int watchdog_fired;
static struct net *net;
static char dir[64];
static struct net_addr lo;

static struct tls_scan got;
static int calls;

static void
watchdog_cb(evutil_socket_t fd, short what, void *arg)
{
	watchdog_fired = 1;
	event_base_loopbreak(base);
}

static void
scan_cb(void *arg, const struct tls_scan *s)
{
	calls++;
	got = *s;
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

/* Scan 127.0.0.1:port to the callback; 0 when it came. */
static int
scan(uint16_t port, const struct tls_scan_opts *o)
{
	struct tls_scan_job *j;

	memset(&got, 0, sizeof(got));
	calls = 0;
	j = tls_scan_start(net, &lo, port, "localhost", o, scan_cb, NULL);
	CHECK(j != NULL);
	if (j == NULL)
		return -1;
	CHECK(calls == 0);          /* never inside tls_scan_start */
	run_for(WATCHDOG_MS, 1);
	CHECK(calls == 1);
	CHECK(!watchdog_fired);
	return calls == 1 ? 0 : -1;
}

static const struct tls_scan_version *
ver(uint16_t v)
{
	return tls_scan_get(&got, v);
}

/* --- keys, s_server, openssl ciphers -------------------------------------- */

static const char gen_script[] =
    "set -e\n"
    "openssl ecparam -name prime256v1 -genkey -noout -out ec.key\n"
    "openssl req -x509 -key ec.key -out ec.pem -subj /CN=localhost -days 2\n"
    "openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.pem"
    " -subj /CN=localhost -days 2\n";

/* In a child: stdin, stdout and stderr to /dev/null (no stdio flush, so
 * the parent's buffered output is not written twice). */
static int
to_null(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		return -1;
	if (fd > 2)
		close(fd);
	return 0;
}

static int
sh(const char *script)
{
	pid_t pid;
	int st;

	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		if (chdir(dir) != 0 || to_null() != 0)
			_exit(127);
		execl("/bin/sh", "sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* A loopback TCP port nobody listens on right now. */
static uint16_t
free_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	uint16_t port = 0;

	if (fd < 0)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static int
port_open(uint16_t port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	if (fd < 0)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

struct server {
	pid_t pid;
	uint16_t port;
};

/*
 * Start `openssl s_server -www` with key KEY (ec or rsa) and extra
 * arguments (NULL-terminated) on a free port; wait until it accepts.
 */
static int
server_start(struct server *s, const char *key, const char *const *extra)
{
	const char *argv[32];
	char accept_arg[32], keyf[128], certf[128];
	size_t n = 0, i;
	int tries, st;

	s->pid = -1;
	if ((s->port = free_port()) == 0)
		return -1;
	snprintf(accept_arg, sizeof(accept_arg), "127.0.0.1:%u", s->port);
	snprintf(keyf, sizeof(keyf), "%s/%s.key", dir, key);
	snprintf(certf, sizeof(certf), "%s/%s.pem", dir, key);
	argv[n++] = "openssl";
	argv[n++] = "s_server";
	argv[n++] = "-quiet";
	argv[n++] = "-www";
	argv[n++] = "-accept";
	argv[n++] = accept_arg;
	argv[n++] = "-key";
	argv[n++] = keyf;
	argv[n++] = "-cert";
	argv[n++] = certf;
	for (i = 0; extra != NULL && extra[i] != NULL && n < 31; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	if ((s->pid = fork()) < 0)
		return -1;
	if (s->pid == 0) {
		if (to_null() != 0)
			_exit(127);
		execvp("openssl", (char *const *)argv);
		_exit(127);
	}
	for (tries = 0; tries < 250; tries++) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			s->pid = -1;
			return -1;
		}
		if (port_open(s->port))
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

static void
server_stop(struct server *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		(void)waitpid(s->pid, NULL, 0);
	}
	s->pid = -1;
}

/*
 * The suites `openssl ciphers -s -V` lists for a protocol flag (-tls1_2,
 * -tls1_3) and cipher string, keeping lines whose Au= is au (NULL: all).
 */
static size_t
openssl_ciphers(const char *proto, const char *str, const char *au,
    uint16_t *out, size_t cap)
{
	char cmd[256], line[512];
	FILE *f;
	size_t n = 0;

	snprintf(cmd, sizeof(cmd), "openssl ciphers -s %s -V '%s' 2>/dev/null",
	    proto, str);
	if ((f = popen(cmd, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		unsigned hi, low;
		char want[32];

		if (sscanf(line, " 0x%x,0x%x", &hi, &low) != 2)
			continue;
		if (au != NULL) {
			snprintf(want, sizeof(want), "Au=%s ", au);
			if (strstr(line, want) == NULL)
				continue;
		}
		if (strcmp(proto, "-tls1_3") == 0 &&
		    strstr(line, "TLSv1.3") == NULL)
			continue;
		if (n < cap)
			out[n++] = (uint16_t)(hi << 8 | low);
	}
	pclose(f);
	return n;
}

static int
has_suite(const struct tls_scan_version *v, uint16_t s)
{
	size_t i;

	for (i = 0; v != NULL && i < v->n_suites; i++)
		if (v->suites[i] == s)
			return 1;
	return 0;
}

static int
has_group(const struct tls_scan_groups *g, uint16_t id)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (g->ids[i] == id)
			return 1;
	return 0;
}

/* The version's suites are exactly the expected set. */
static void
check_suite_set(uint16_t version, const uint16_t *want, size_t n)
{
	const struct tls_scan_version *v = ver(version);
	size_t i, missing = 0;

	CHECK(n > 0);
	for (i = 0; i < n; i++)
		if (!has_suite(v, want[i])) {
			missing++;
			fprintf(stderr, "  %s: missing %s\n",
			    tls_version_name(version), tls_suite_name(want[i]));
		}
	CHECK(missing == 0);
	CHECK(v->n_suites == n);
	if (v->n_suites != n)
		fprintf(stderr, "  %s: %zu suites found, %zu expected\n",
		    tls_version_name(version), v->n_suites, n);
	CHECK(v->complete);
}

static void
report(const char *what)
{
	printf("  %-44s %2u connections, %u ms\n", what, got.connections,
	    got.elapsed_ms);
}

/* --- cases against s_server ----------------------------------------------- */

/* Default ciphers and groups, TLS 1.2 + 1.3, EC key: the "modern" case. */
static void
test_default_ec(void)
{
	static const char *const args[] = {
		"-no_ssl3", "-no_tls1", "-no_tls1_1", NULL,
	};
	struct server s;
	uint16_t want12[MAX_EXPECT], want13[MAX_EXPECT];
	size_t n12, n13;

	n12 = openssl_ciphers("-tls1_2", "DEFAULT", "ECDSA", want12,
	    MAX_EXPECT);
	n13 = openssl_ciphers("-tls1_3", "DEFAULT", NULL, want13, MAX_EXPECT);
	CHECK(server_start(&s, "ec", args) == 0);
	if (scan(s.port, NULL) == 0) {
		CHECK(got.status == TLS_SCAN_OK);
		CHECK(ver(TLS_SSL2)->accepted == TLS_TRI_NO);
		CHECK(ver(TLS_SSL3)->accepted == TLS_TRI_NO);
		CHECK(ver(TLS_V1_0)->accepted == TLS_TRI_NO);
		CHECK(ver(TLS_V1_1)->accepted == TLS_TRI_NO);
		CHECK(ver(TLS_V1_2)->accepted == TLS_TRI_YES);
		CHECK(ver(TLS_V1_3)->accepted == TLS_TRI_YES);
		/* TLS 1.1's protocol_version alert settles 1.0 and SSL 3.0 */
		CHECK(ver(TLS_V1_1)->connections == 1);
		CHECK(ver(TLS_V1_0)->connections == 0);
		CHECK(ver(TLS_SSL3)->connections == 0);
		check_suite_set(TLS_V1_2, want12, n12);
		check_suite_set(TLS_V1_3, want13, n13);
		/* s_server without -serverpref follows the client */
		CHECK(ver(TLS_V1_2)->order == TLS_ORDER_CLIENT);
		CHECK(ver(TLS_V1_3)->order == TLS_ORDER_CLIENT);
		/* OpenSSL's default groups: the curves on both, plus FFDHE
		 * (one reported) on TLS 1.3 */
		CHECK(got.groups13.complete);
		CHECK(has_group(&got.groups13, 29));
		CHECK(has_group(&got.groups13, 23));
		CHECK(has_group(&got.groups13, 24));
		CHECK(has_group(&got.groups13, 25));
		CHECK(has_group(&got.groups13, 30));
		CHECK(has_group(&got.groups13, 0x0100));
		CHECK(!has_group(&got.groups13, 0x11ec));
		CHECK(got.groups12.complete);
		CHECK(got.groups12.version == TLS_V1_2);
		CHECK(got.groups12.n == 5);
		CHECK(has_group(&got.groups12, 29));
		CHECK(has_group(&got.groups12, 23));
		CHECK(has_group(&got.groups12, 24));
		CHECK(got.kex_sha1 == TLS_TRI_NO);
		CHECK(got.kex_sha224 != TLS_TRI_UNKNOWN);
		CHECK(got.compression == TLS_TRI_NO);
		CHECK(got.secure_reneg == TLS_TRI_YES);
		CHECK(got.ems == TLS_TRI_YES);
		CHECK(got.alpn_h2 == TLS_TRI_NO);
		CHECK(got.n_dhe == 0);
		CHECK(got.connections <= 20);
		CHECK(got.connections == net_conn_count(net, &lo, s.port));
		report("default, EC P-256, TLS 1.2+1.3:");
	}
	server_stop(&s);
}

/* Default ciphers with an RSA key: RSA and DHE key exchange as well. */
static void
test_default_rsa(void)
{
	struct server s;
	uint16_t want12[MAX_EXPECT];
	size_t n12, i;

	n12 = openssl_ciphers("-tls1_2", "DEFAULT", "RSA", want12, MAX_EXPECT);
	CHECK(server_start(&s, "rsa", NULL) == 0);
	if (scan(s.port, NULL) == 0) {
		CHECK(got.status == TLS_SCAN_OK);
		CHECK(ver(TLS_V1_2)->accepted == TLS_TRI_YES);
		CHECK(ver(TLS_V1_3)->accepted == TLS_TRI_YES);
		check_suite_set(TLS_V1_2, want12, n12);
		/* OpenSSL's automatic DH prime: 2048 bits (RFC 3526 group 14,
		 * not an RFC 7919 one) */
		CHECK(got.n_dhe == 1);
		for (i = 0; i < got.n_dhe; i++)
			CHECK(got.dhe[i].bits == 2048);
		CHECK(got.kex_sha1 == TLS_TRI_NO);
		report("default, RSA 2048, TLS 1.2+1.3:");
	}
	server_stop(&s);
}

/* Two suites, server order: found in the server's order. */
static void
test_server_order(void)
{
	static const char *const args[] = {
		"-tls1_2", "-serverpref", "-cipher",
		"ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-GCM-SHA256", NULL,
	};
	static const char *const client_args[] = {
		"-tls1_2", "-cipher",
		"ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-GCM-SHA256", NULL,
	};
	const struct tls_scan_version *v;
	struct server s;

	CHECK(server_start(&s, "rsa", args) == 0);
	if (scan(s.port, NULL) == 0) {
		v = ver(TLS_V1_2);
		CHECK(got.status == TLS_SCAN_OK);
		CHECK(v->accepted == TLS_TRI_YES);
		CHECK(v->n_suites == 2);
		/* ECDHE_RSA with AES_256_CBC_SHA384, then AES_128_GCM_SHA256 */
		CHECK(v->suites[0] == 0xc028);
		CHECK(v->suites[1] == 0xc02f);
		CHECK(v->complete);
		CHECK(v->order == TLS_ORDER_SERVER);
		CHECK(ver(TLS_V1_3)->accepted == TLS_TRI_NO);
		CHECK(ver(TLS_V1_1)->accepted == TLS_TRI_NO);
		CHECK(got.groups12.order == TLS_ORDER_SERVER);
		CHECK(got.groups12.complete && got.groups12.n >= 3);
		report("2 suites, -serverpref, TLS 1.2 only:");
	}
	server_stop(&s);

	CHECK(server_start(&s, "rsa", client_args) == 0);
	if (scan(s.port, NULL) == 0) {
		v = ver(TLS_V1_2);
		CHECK(v->n_suites == 2);
		CHECK(has_suite(v, 0xc028) && has_suite(v, 0xc02f));
		CHECK(v->order == TLS_ORDER_CLIENT);
		report("2 suites, client order, TLS 1.2 only:");
	}
	server_stop(&s);
}

/* TLS 1.3 only with two groups: exactly those. */
static void
test_groups(void)
{
	static const char *const args[] = {
		"-tls1_3", "-groups", "X25519:P-384", NULL,
	};
	struct server s;

	CHECK(server_start(&s, "ec", args) == 0);
	if (scan(s.port, NULL) == 0) {
		CHECK(got.status == TLS_SCAN_OK);
		CHECK(ver(TLS_V1_3)->accepted == TLS_TRI_YES);
		CHECK(ver(TLS_V1_2)->accepted == TLS_TRI_NO);
		CHECK(got.groups13.version == TLS_V1_3);
		CHECK(got.groups13.n == 2);
		CHECK(has_group(&got.groups13, 29));
		CHECK(has_group(&got.groups13, 24));
		CHECK(got.groups13.complete);
		CHECK(got.groups12.n == 0);
		/* no TLS 1.2: nothing to say about its key-exchange hash */
		CHECK(got.kex_sha1 == TLS_TRI_UNKNOWN);
		CHECK(got.kex_err == TLS_SCAN_OK);
		report("TLS 1.3 only, X25519:P-384:");
	}
	server_stop(&s);
}

/* No TLS 1.3; ALPN h2 shows in the TLS 1.2 ServerHello. */
static void
test_no_tls13(void)
{
	static const char *const args[] = {
		"-no_tls1_3", "-alpn", "h2,http/1.1", NULL,
	};
	struct server s;

	CHECK(server_start(&s, "ec", args) == 0);
	if (scan(s.port, NULL) == 0) {
		CHECK(got.status == TLS_SCAN_OK);
		CHECK(ver(TLS_V1_3)->accepted == TLS_TRI_NO);
		CHECK(ver(TLS_V1_2)->accepted == TLS_TRI_YES);
		CHECK(got.groups13.n == 0);
		CHECK(got.alpn_h2 == TLS_TRI_YES);
		CHECK_STR(got.alpn, "h2");
		report("-no_tls1_3, ALPN h2:");
	}
	server_stop(&s);
}

/* Options: only some versions, and a connection budget. */
static void
test_options(void)
{
	struct tls_scan_opts o;
	struct server s;
	size_t i;
	int budget_seen = 0;

	CHECK(server_start(&s, "ec", NULL) == 0);
	memset(&o, 0, sizeof(o));
	o.versions = TLS_SCAN_V_TLS12;
	if (scan(s.port, &o) == 0) {
		CHECK(got.status == TLS_SCAN_OK);
		CHECK(ver(TLS_V1_2)->accepted == TLS_TRI_YES);
		CHECK(ver(TLS_V1_3)->accepted == TLS_TRI_UNKNOWN);
		CHECK(ver(TLS_V1_3)->connections == 0);
		CHECK(ver(TLS_SSL2)->connections == 0);
		CHECK(got.groups12.n > 0);
		report("versions = TLS 1.2 only:");
	}
	memset(&o, 0, sizeof(o));
	o.max_conns = 4;
	if (scan(s.port, &o) == 0) {
		CHECK(got.connections == 4);
		for (i = 0; i < TLS_SCAN_NVERSIONS; i++)
			budget_seen |= got.v[i].err == TLS_SCAN_BUDGET;
		CHECK(budget_seen || got.kex_err == TLS_SCAN_BUDGET);
		report("budget of 4 connections:");
	}
	server_stop(&s);
}

/* --- cases with the test's own sockets ------------------------------------ */

static int
listener(uint16_t *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

/* Nothing listens: one connection, refused. */
static void
test_dead_port(void)
{
	uint16_t port = free_port();

	CHECK(port != 0);
	if (scan(port, NULL) == 0) {
		CHECK(got.status == TLS_SCAN_REFUSED);
		CHECK(got.why[0] != '\0');
		CHECK(got.connections == 1);
		CHECK(ver(TLS_V1_3)->accepted == TLS_TRI_UNKNOWN);
		CHECK(ver(TLS_V1_3)->err == TLS_SCAN_REFUSED);
		CHECK(ver(TLS_V1_2)->accepted == TLS_TRI_UNKNOWN);
		report("dead port:");
	}
}

/* An HTTP server on the port: not TLS, after one connection. */
static void
test_not_tls(void)
{
	static const char http[] = "HTTP/1.1 400 Bad Request\r\n"
	    "Content-Length: 0\r\nConnection: close\r\n\r\n";
	uint16_t port = 0;
	int lfd = listener(&port);
	pid_t pid;

	CHECK(lfd >= 0);
	if (lfd < 0)
		return;
	if ((pid = fork()) == 0) {
		for (;;) {
			int c = accept(lfd, NULL, NULL);
			char buf[4096];

			if (c < 0)
				_exit(0);
			if (read(c, buf, sizeof(buf)) > 0 &&
			    write(c, http, sizeof(http) - 1) < 0)
				_exit(1);
			close(c);
		}
	}
	close(lfd);
	CHECK(pid > 0);
	if (scan(port, NULL) == 0) {
		CHECK(got.status == TLS_SCAN_NOT_TLS);
		CHECK(got.why[0] != '\0');
		CHECK(got.connections == 1);
		report("HTTP instead of TLS:");
	}
	if (pid > 0) {
		kill(pid, SIGTERM);
		(void)waitpid(pid, NULL, 0);
	}
}

/* The port accepts (the kernel's backlog) but never answers. */
static void
test_silent(void)
{
	struct tls_scan_opts o;
	uint16_t port = 0;
	int lfd = listener(&port);

	CHECK(lfd >= 0);
	memset(&o, 0, sizeof(o));
	o.timeout_ms = 300;
	if (lfd >= 0 && scan(port, &o) == 0) {
		CHECK(got.status == TLS_SCAN_TIMEOUT);
		CHECK(got.connections == 1);
		report("silent listener:");
	}
	if (lfd >= 0)
		close(lfd);
}

/*
 * A fake SSL 2.0 + SSL 3.0 server (what OpenSSL 3 can no longer be): an
 * SSLv2 CLIENT-HELLO gets a SERVER-HELLO listing two specs; a TLS hello of
 * any version gets an SSL 3.0 ServerHello with the first of its own suites
 * (server order) that the client offers, DEFLATE when offered, then an
 * empty Certificate and ServerHelloDone; no common suite gets an alert.
 * With warn set, every answer starts with a warning unrecognized_name.
 */
static const uint16_t fake_suites[] = { 0x000a, 0x0005, 0x0004 };

static int
read_full(int fd, uint8_t *buf, size_t n)
{
	size_t have = 0;

	while (have < n) {
		ssize_t r = read(fd, buf + have, n - have);

		if (r <= 0)
			return -1;
		have += (size_t)r;
	}
	return 0;
}

static size_t
fake_answer(const uint8_t *ch, size_t len, uint8_t *out, int warn)
{
	static const uint8_t alert[] = { 0x15, 0x03, 0x00, 0x00, 0x02, 2, 40 };
	static const uint8_t warning[] = { 0x15, 0x03, 0x00, 0x00, 0x02, 1, 112 };
	size_t off = 4 + 2 + 32, cs_len, i, k, n = 0, comp_len;
	uint16_t pick = 0;
	int deflate = 0;

	if (warn) {
		memcpy(out, warning, sizeof(warning));
		n = sizeof(warning);
	}
	if (len < off + 1)
		return 0;
	off += 1 + ch[off];
	if (len < off + 2)
		return 0;
	cs_len = (size_t)ch[off] << 8 | ch[off + 1];
	off += 2;
	if (len < off + cs_len + 1)
		return 0;
	for (k = 0; k < sizeof(fake_suites) / 2 && pick == 0; k++)
		for (i = 0; i + 1 < cs_len; i += 2)
			if (((uint16_t)(ch[off + i] << 8 | ch[off + i + 1])) ==
			    fake_suites[k])
				pick = fake_suites[k];
	off += cs_len;
	comp_len = ch[off++];
	for (i = 0; i < comp_len && off + i < len; i++)
		deflate |= ch[off + i] == 1;
	if (pick == 0) {
		memcpy(out + n, alert, sizeof(alert));
		return n + sizeof(alert);
	}
	/* record: ServerHello (4 + 38 + 2 + 1), Certificate (4 + 3), Done */
	{
		uint8_t *r = out + n;
		size_t body = 4 + 2 + 32 + 1 + 2 + 1 + 4 + 3 + 4, p = 0;

		r[p++] = 0x16; r[p++] = 3; r[p++] = 0;
		r[p++] = (uint8_t)(body >> 8); r[p++] = (uint8_t)body;
		r[p++] = 2; r[p++] = 0; r[p++] = 0; r[p++] = 38;
		r[p++] = 3; r[p++] = 0;
		memset(r + p, 0x5a, 32);
		p += 32;
		r[p++] = 0;                              /* session id */
		r[p++] = (uint8_t)(pick >> 8); r[p++] = (uint8_t)pick;
		r[p++] = (uint8_t)deflate;
		r[p++] = 11; r[p++] = 0; r[p++] = 0; r[p++] = 3;
		r[p++] = 0; r[p++] = 0; r[p++] = 0;      /* no certificates */
		r[p++] = 14; r[p++] = 0; r[p++] = 0; r[p++] = 0;
		return n + p;
	}
}

static void
fake_serve(int c, int warn)
{
	static const uint8_t ssl2_hello[] = {
		0x80, 0x13, 4, 0, 1, 0x00, 0x02, 0x00, 0x00, 0x00, 0x06,
		0x00, 0x02, 0x01, 0x00, 0x80, 0x07, 0x00, 0xc0, 0xab, 0xcd,
	};
	uint8_t hdr[5], body[16384], out[256];
	size_t rlen, n;

	if (read_full(c, hdr, 2) != 0)
		return;
	if ((hdr[0] & 0x80) != 0) {
		rlen = (size_t)(hdr[0] & 0x7f) << 8 | hdr[1];
		if (read_full(c, body, rlen) == 0 &&
		    write(c, ssl2_hello, sizeof(ssl2_hello)) < 0)
			return;
		return;
	}
	if (hdr[0] != 0x16 || read_full(c, hdr + 2, 3) != 0)
		return;
	rlen = (size_t)hdr[3] << 8 | hdr[4];
	if (rlen > sizeof(body) || read_full(c, body, rlen) != 0)
		return;
	if ((n = fake_answer(body, rlen, out, warn)) > 0 &&
	    write(c, out, n) < 0)
		return;
}

static void
test_fake_ssl3(int warn)
{
	const struct tls_scan_version *v;
	uint16_t port = 0;
	int lfd = listener(&port);
	pid_t pid;

	CHECK(lfd >= 0);
	if (lfd < 0)
		return;
	if ((pid = fork()) == 0) {
		for (;;) {
			int c = accept(lfd, NULL, NULL);

			if (c < 0)
				_exit(0);
			fake_serve(c, warn);
			close(c);
		}
	}
	close(lfd);
	if (scan(port, NULL) == 0) {
		CHECK(got.status == TLS_SCAN_OK);
		v = ver(TLS_SSL2);
		CHECK(v->accepted == TLS_TRI_YES);
		CHECK(v->n_ssl2_specs == 2);
		CHECK(v->ssl2_specs[0] == 0x010080 && v->ssl2_specs[1] == 0x0700c0);
		v = ver(TLS_SSL3);
		CHECK(v->accepted == TLS_TRI_YES);
		CHECK(v->n_suites == 3);
		CHECK(v->suites[0] == 0x000a && v->suites[1] == 0x0005 &&
		    v->suites[2] == 0x0004);
		CHECK(v->order == TLS_ORDER_SERVER);
		CHECK(v->complete);
		CHECK(v->compression == TLS_TRI_YES);
		CHECK(got.compression == TLS_TRI_YES);
		CHECK(ver(TLS_V1_0)->accepted == TLS_TRI_NO);
		CHECK(ver(TLS_V1_1)->accepted == TLS_TRI_NO);
		CHECK(ver(TLS_V1_2)->accepted == TLS_TRI_NO);
		CHECK(strstr(ver(TLS_V1_2)->why, "SSL 3.0") != NULL);
		CHECK(ver(TLS_V1_3)->accepted == TLS_TRI_NO);
		/* the SSL 3.0 probe itself was saved: 1.2 answered for it */
		CHECK(ver(TLS_SSL3)->connections == 4);
		CHECK(got.secure_reneg == TLS_TRI_UNKNOWN);
		report(warn ? "fake SSL 2.0 + 3.0, warning alert first:" :
		    "fake SSL 2.0 + 3.0 server:");
	}
	if (pid > 0) {
		kill(pid, SIGTERM);
		(void)waitpid(pid, NULL, 0);
	}
}

/* Cancel: no callback, nothing left open. net_free: the callback, cancelled. */
static void
test_cancel(void)
{
	struct event_base *b2;
	struct net *n2;
	struct tls_scan_job *j;
	struct server s;

	CHECK(server_start(&s, "ec", NULL) == 0);
	calls = 0;
	j = tls_scan_start(net, &lo, s.port, NULL, NULL, scan_cb, NULL);
	CHECK(j != NULL);
	tls_scan_cancel(j);
	j = tls_scan_start(net, &lo, s.port, NULL, NULL, scan_cb, NULL);
	CHECK(j != NULL);
	(void)event_base_loop(base, EVLOOP_ONCE);
	(void)event_base_loop(base, EVLOOP_ONCE);
	CHECK(calls == 0);
	if (calls == 0)
		tls_scan_cancel(j);
	run_for(100, 0);
	CHECK(calls == 0);

	CHECK((b2 = event_base_new()) != NULL);
	CHECK((n2 = net_new(b2)) != NULL);
	calls = 0;
	j = tls_scan_start(n2, &lo, s.port, NULL, NULL, scan_cb, NULL);
	CHECK(j != NULL);
	(void)event_base_loop(b2, EVLOOP_NONBLOCK);
	net_free(n2);
	CHECK(calls == 1);
	CHECK(got.status == TLS_SCAN_CANCELLED);
	event_base_free(b2);
	server_stop(&s);

	CHECK(tls_scan_start(net, &lo, 443, NULL, NULL, NULL, NULL) == NULL);
}

static void
test_names(void)
{
	CHECK_STR(tls_scan_status_code(TLS_SCAN_OK), "ok");
	CHECK_STR(tls_scan_status_code(TLS_SCAN_NOT_TLS), "not_tls");
	CHECK_STR(tls_scan_status_code((enum tls_scan_status)999), "error");
	CHECK_STR(tls_tri_str(TLS_TRI_YES), "yes");
	CHECK_STR(tls_order_str(TLS_ORDER_SERVER), "server");
}

int
main(void)
{
	char tmpl[] = "/tmp/utd-tls-scan-XXXXXX";

	signal(SIGPIPE, SIG_IGN);
	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(dir, sizeof(dir), "%s", tmpl);
	CHECK(sh(gen_script) == 0);
	CHECK(net_addr_parse(&lo, "127.0.0.1") == 0);
	base = event_base_new();
	watchdog = evtimer_new(base, watchdog_cb, NULL);
	net = net_new(base);
	CHECK(base != NULL && watchdog != NULL && net != NULL);
	if (base == NULL || watchdog == NULL || net == NULL)
		return unit_done("test_tls_scan");

	test_names();
	test_default_ec();
	test_default_rsa();
	test_server_order();
	test_groups();
	test_no_tls13();
	test_options();
	test_dead_port();
	test_not_tls();
	test_silent();
	test_fake_ssl3(0);
	test_fake_ssl3(1);
	test_cancel();

	net_free(net);
	event_free(watchdog);
	event_base_free(base);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		CHECK(sh(cmd) == 0);
	}
	return unit_done("test_tls_scan");
}
