/*
 * test_http: the HTTP layer against servers on loopback only.
 *
 * Plain HTTP comes from a libevent evhttp server inside this process (on
 * 127.0.0.1 and ::1), next to a listener that never accepts (timeouts) and
 * a closed port (refused). HTTPS comes from `openssl s_server -www` with a
 * throwaway certificate made in a temp dir, and, when nginx is installed,
 * from an nginx that offers h2. Every name is fake (*.example.test): a
 * fetch only works because the name is pinned, and each test asserts the
 * address libcurl really used.
 */
#include <sys/socket.h>
#include <sys/stat.h>
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

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "http/http.h"
#include "net/conn.h"
#include "net/curl.h"
#include "net/net.h"
#include "unit.h"
#include "util/clock.h"

#define WATCHDOG_MS   10000
#define BIG_BODY      (12 * 1024 * 1024)
#define NAME          "www.example.test"

static struct event_base *base;
static struct net *net;
static struct net_curl *nc;
static struct event *watchdog;
static int watchdog_fired;

static int done;
static struct http_result *res;
static struct http_follow_result *fres;

static struct evhttp *srv;
static uint16_t port4, port6, port_silent, port_closed, port_tls, port_h2;
static int have_v6;
static char *big;
static char tmpdir[64];
static pid_t tls_pid = -1, h2_pid = -1;

static void
watchdog_cb(evutil_socket_t fd, short what, void *arg)
{
	watchdog_fired = 1;
	event_base_loopbreak(base);
}

static void
run_until(int want)
{
	struct timeval tv = { WATCHDOG_MS / 1000, 0 };

	watchdog_fired = 0;
	evtimer_add(watchdog, &tv);
	while (done < want && !watchdog_fired)
		if (event_base_loop(base, EVLOOP_ONCE) != 0)
			break;
	evtimer_del(watchdog);
	CHECK(!watchdog_fired);
}

/* --- the evhttp server ---------------------------------------------------- */

static void
srv_cb(struct evhttp_request *req, void *arg)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(req);
	struct evbuffer *body = evbuffer_new();
	const char *uri = evhttp_request_get_uri(req);
	char loc[256];
	int code = 200, i;

	if (strcmp(uri, "/hdr") == 0) {
		evhttp_add_header(out, "Strict-Transport-Security",
		    "max-age=31536000; includeSubDomains");
		evhttp_add_header(out, "Set-Cookie", "a=1; Secure");
		evhttp_add_header(out, "Set-Cookie", "b=2; HttpOnly");
		evhttp_add_header(out, "Content-Encoding", "gzip");
		evbuffer_add_printf(body, "hello");
	} else if (strcmp(uri, "/moved") == 0) {
		code = 301;
		snprintf(loc, sizeof(loc), "https://" NAME ":%u/", port_tls);
		evhttp_add_header(out, "Location", loc);
	} else if (strcmp(uri, "/chain1") == 0) {
		code = 302;
		evhttp_add_header(out, "Location", "/chain2");
	} else if (strcmp(uri, "/chain2") == 0) {
		code = 302;
		snprintf(loc, sizeof(loc), "http://WWW.Example.TEST:%u/chain3",
		    port4);
		evhttp_add_header(out, "Location", loc);
	} else if (strcmp(uri, "/chain3") == 0) {
		code = 307;
		evhttp_add_header(out, "Location", "final?x=1");
	} else if (strcmp(uri, "/final?x=1") == 0) {
		evbuffer_add_printf(body, "end of chain");
	} else if (strcmp(uri, "/other") == 0) {
		code = 302;
		evhttp_add_header(out, "Location",
		    "https://other.example.test/x");
	} else if (strcmp(uri, "/loop") == 0) {
		code = 302;
		evhttp_add_header(out, "Location", "/loop");
	} else if (strcmp(uri, "/ftp") == 0) {
		code = 301;
		evhttp_add_header(out, "Location", "ftp://" NAME "/file");
	} else if (strcmp(uri, "/big") == 0) {
		evbuffer_add_reference(body, big, BIG_BODY, NULL, NULL);
	} else if (strcmp(uri, "/many") == 0) {
		for (i = 0; i < 150; i++) {
			snprintf(loc, sizeof(loc), "X-H%d", i);
			evhttp_add_header(out, loc, "v");
		}
	} else if (strcmp(uri, "/huge") == 0) {
		for (i = 0; i < 40; i++) {
			snprintf(loc, sizeof(loc), "X-Big%d", i);
			evhttp_add_header(out, loc, big + BIG_BODY - 8001);
		}
	} else {
		code = 404;
	}
	evhttp_send_reply(req, code, code == 200 ? "OK" : "Other", body);
	evbuffer_free(body);
}

static uint16_t
bound_port(struct evhttp_bound_socket *bs)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (bs == NULL || getsockname(evhttp_bound_socket_get_fd(bs),
	    (struct sockaddr *)&ss, &sl) != 0)
		return 0;
	return ntohs(ss.ss_family == AF_INET ?
	    ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* A TCP socket on 127.0.0.1, port chosen by the kernel; listening or not. */
static int
loopback_socket(int do_listen, uint16_t *port)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) != 0 ||
	    (do_listen && listen(fd, 8) != 0)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

/* --- child processes (openssl, nginx) ------------------------------------- */

static pid_t
spawn(char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0) {
		int dn = open("/dev/null", O_RDWR);

		if (dn >= 0) {
			dup2(dn, 0);
			dup2(dn, 1);
			dup2(dn, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int
run_cmd(char *const argv[])
{
	int st;
	pid_t pid = spawn(argv);

	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
stop_child(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGTERM);
		waitpid(*pid, NULL, 0);
	}
	*pid = -1;
}

/* Wait until something listens on 127.0.0.1:port (at most 5 s). */
static int
wait_port(uint16_t port, pid_t pid)
{
	struct sockaddr_in sin;
	int i;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(port);
	for (i = 0; i < 100; i++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), ok;

		ok = fd >= 0 &&
		    connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0;
		if (fd >= 0)
			close(fd);
		if (ok)
			return 0;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -1;
		nanosleep(&ts, NULL);
	}
	return -1;
}

static uint16_t
free_port(void)
{
	uint16_t p = 0;
	int fd = loopback_socket(0, &p);

	if (fd >= 0)
		close(fd);
	return p;
}

static void
path(char *buf, size_t len, const char *file)
{
	snprintf(buf, len, "%s/%s", tmpdir, file);
}

static int
make_cert(void)
{
	char key[128], crt[128];
	char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec",
	    "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
	    "-keyout", key, "-out", crt, "-days", "2",
	    "-subj", "/CN=" NAME, "-addext", "subjectAltName=DNS:" NAME, NULL };

	path(key, sizeof(key), "key.pem");
	path(crt, sizeof(crt), "cert.pem");
	return run_cmd(argv);
}

static int
start_s_server(void)
{
	char key[128], crt[128], acc[32];
	char *argv[] = { "openssl", "s_server", "-accept", acc, "-cert", crt,
	    "-key", key, "-www", "-quiet", NULL };

	path(key, sizeof(key), "key.pem");
	path(crt, sizeof(crt), "cert.pem");
	if ((port_tls = free_port()) == 0)
		return -1;
	snprintf(acc, sizeof(acc), "127.0.0.1:%u", port_tls);
	if ((tls_pid = spawn(argv)) < 0)
		return -1;
	return wait_port(port_tls, tls_pid);
}

static int
start_nginx(void)
{
	char conf[128], log[128];
	char *argv[] = { "nginx", "-p", tmpdir, "-c", conf, "-e", log, NULL };
	FILE *f;

	if (access("/usr/sbin/nginx", X_OK) != 0)
		return -1;
	path(conf, sizeof(conf), "nginx.conf");
	path(log, sizeof(log), "nginx-error.log");
	if ((port_h2 = free_port()) == 0 || (f = fopen(conf, "w")) == NULL)
		return -1;
	fprintf(f,
	    "daemon off;\nmaster_process off;\npid %s/nginx.pid;\n"
	    "error_log %s;\nevents { worker_connections 16; }\n"
	    "http {\n access_log off;\n"
	    " client_body_temp_path %s;\n proxy_temp_path %s;\n"
	    " fastcgi_temp_path %s;\n uwsgi_temp_path %s;\n"
	    " scgi_temp_path %s;\n"
	    " server {\n  listen 127.0.0.1:%u ssl http2;\n"
	    "  ssl_certificate %s/cert.pem;\n"
	    "  ssl_certificate_key %s/key.pem;\n"
	    "  location / { return 200 \"h2 page\\n\"; }\n }\n}\n",
	    tmpdir, log, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, port_h2,
	    tmpdir, tmpdir);
	fclose(f);
	if ((h2_pid = spawn(argv)) < 0)
		return -1;
	return wait_port(port_h2, h2_pid);
}

static void
cleanup_tmpdir(void)
{
	static const char *files[] = { "key.pem", "cert.pem", "nginx.conf",
	    "nginx-error.log", "nginx.pid" };
	char p[128];
	size_t i;

	if (tmpdir[0] == '\0')
		return;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		path(p, sizeof(p), files[i]);
		(void)unlink(p);
	}
	(void)rmdir(tmpdir);
}

/* --- fetch helpers -------------------------------------------------------- */

static void
fetch_cb(void *arg, struct http_result *r)
{
	done++;
	if (arg != NULL)
		*(struct http_result **)arg = r;
	else
		res = r;
}

static void
follow_cb(void *arg, struct http_follow_result *fr)
{
	done++;
	fres = fr;
}

static void
req_init(struct http_req *rq, const char *url, const char *addr)
{
	memset(rq, 0, sizeof(*rq));
	rq->url = url;
	if (net_addr_parse(&rq->addr, addr) != 0)
		abort();
	rq->timeout_ms = 5000;
}

/* Fetch and wait; the caller frees res. */
static struct http_result *
get(const struct http_req *rq)
{
	http_result_free(res);
	res = NULL;
	done = 0;
	CHECK(http_fetch(nc, rq, fetch_cb, NULL) == 0);
	run_until(1);
	if (res == NULL) {
		fprintf(stderr, "no result for %s\n", rq->url);
		exit(1);
	}
	return res;
}

static struct http_follow_result *
follow(const struct http_req *rq, unsigned hops)
{
	http_follow_result_free(fres);
	fres = NULL;
	done = 0;
	CHECK(http_follow(nc, rq, hops, follow_cb, NULL) == 0);
	run_until(1);
	if (fres == NULL) {
		fprintf(stderr, "no follow result for %s\n", rq->url);
		exit(1);
	}
	return fres;
}

/* --- tests: plain HTTP ---------------------------------------------------- */

static void
test_headers(void)
{
	struct http_req rq;
	struct http_result *r;
	char url[128];

	snprintf(url, sizeof(url), "http://" NAME ":%u/hdr", port4);
	req_init(&rq, url, "127.0.0.1");
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK);
	CHECK_STR(http_outcome_code(r->outcome), "ok");
	CHECK(r->status == 200);
	CHECK(r->http_version == 11);
	CHECK_STR(r->primary_ip, "127.0.0.1");
	CHECK(r->primary_port == port4);
	CHECK(r->pin_ok);
	CHECK_STR(r->url, url);
	CHECK(r->body_len == 5 && !r->body_truncated);
	CHECK_STR((const char *)r->body, "hello");
	CHECK_STR(http_header_get(r, "strict-transport-security"),
	    "max-age=31536000; includeSubDomains");
	CHECK_STR(http_header_get(r, "Content-Encoding"), "gzip");
	CHECK_STR(http_header_get(r, "SET-COOKIE"), "a=1; Secure");
	CHECK(http_header_get(r, "location") == NULL);
	CHECK(r->location == NULL && r->location_url == NULL);
	CHECK(!r->headers_truncated && r->headers_malformed == 0);
	{
		size_t i, cookies = 0, first = 0, second = 0;

		for (i = 0; i < r->n_headers; i++) {
			if (strcmp(r->headers[i].name, "set-cookie") != 0)
				continue;
			cookies++;
			if (strcmp(r->headers[i].value, "a=1; Secure") == 0)
				first = i;
			if (strcmp(r->headers[i].value, "b=2; HttpOnly") == 0)
				second = i;
		}
		CHECK(cookies == 2 && first < second);
		for (i = 0; i < r->n_headers; i++)
			CHECK(strcmp(r->headers[i].name,
			    "content-encoding") != 0 ||
			    strcmp(r->headers[i].value, "gzip") == 0);
	}
	CHECK(r->detail[0] == '\0');

	/* body cap exactly at the length: not truncated; one less: truncated */
	rq.max_body = 5;
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK && r->body_len == 5);
	CHECK(!r->body_truncated);
	rq.max_body = 4;
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK && r->status == 200);
	CHECK(r->body_len == 4 && r->body_truncated);
	CHECK_STR((const char *)r->body, "hell");

	/* a trailing dot and upper case in the name still use the pin */
	snprintf(url, sizeof(url), "http://WWW.example.test.:%u/hdr", port4);
	req_init(&rq, url, "127.0.0.1");
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK && r->status == 200 && r->pin_ok);

	if (!have_v6)
		return;
	snprintf(url, sizeof(url), "http://" NAME ":%u/hdr", port6);
	req_init(&rq, url, "::1");
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK && r->status == 200);
	CHECK_STR(r->primary_ip, "::1");
	CHECK(r->pin_ok);
	CHECK_STR(http_header_get(r, "set-cookie"), "a=1; Secure");
}

static void
test_caps(void)
{
	struct http_req rq;
	struct http_result *r;
	char url[128];

	snprintf(url, sizeof(url), "http://" NAME ":%u/big", port4);
	req_init(&rq, url, "127.0.0.1");
	rq.max_body = 1024 * 1024;
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK && r->status == 200);
	CHECK(r->body_len == 1024 * 1024 && r->body_truncated);
	CHECK(r->body[0] == 'x' && r->body[r->body_len - 1] == 'x' &&
	    r->body[r->body_len] == '\0');
	CHECK(r->pin_ok);

	rq.max_body = 0;        /* the default cap */
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK);
	CHECK(r->body_len == HTTP_BODY_MAX_DEFAULT && r->body_truncated);

	snprintf(url, sizeof(url), "http://" NAME ":%u/many", port4);
	req_init(&rq, url, "127.0.0.1");
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK && r->status == 200);
	CHECK(r->n_headers == HTTP_HEADERS_MAX && r->headers_truncated);
	CHECK_STR(http_header_get(r, "x-h0"), "v");

	snprintf(url, sizeof(url), "http://" NAME ":%u/huge", port4);
	req_init(&rq, url, "127.0.0.1");
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_BADREPLY);
	CHECK(strstr(r->detail, "exceed") != NULL);
}

static void
test_failures(void)
{
	struct http_req rq;
	struct http_result *r;
	char url[128];

	snprintf(url, sizeof(url), "http://" NAME ":%u/", port_silent);
	req_init(&rq, url, "127.0.0.1");
	rq.timeout_ms = 300;
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_TIMEOUT);
	CHECK_STR(http_outcome_code(r->outcome), "timeout");
	CHECK(r->status == 0 && r->elapsed_ms >= 250);
	CHECK(r->detail[0] != '\0');
	CHECK(r->pin_ok);

	snprintf(url, sizeof(url), "http://" NAME ":%u/", port_closed);
	req_init(&rq, url, "127.0.0.1");
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_REFUSED);
	CHECK(r->os_errno == ECONNREFUSED);

	/* TLS to a plain HTTP server */
	snprintf(url, sizeof(url), "https://" NAME ":%u/", port4);
	req_init(&rq, url, "127.0.0.1");
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_TLS);
	CHECK(r->detail[0] != '\0');

	/* URLs that cannot be fetched end in the callback, at once */
	req_init(&rq, "ftp://" NAME "/", "127.0.0.1");
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_BADURL);
	req_init(&rq, "not a url", "127.0.0.1");
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_BADURL);
	snprintf(url, sizeof(url), "http://127.0.0.2:%u/", port4);
	req_init(&rq, url, "127.0.0.1");
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_BADURL);
	CHECK(strstr(r->detail, "127.0.0.2") != NULL);

	/* a literal equal to the pin is fine */
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/hdr", port4);
	req_init(&rq, url, "127.0.0.1");
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK && r->status == 200 && r->pin_ok);
}

/* The glue itself refuses to connect anywhere but the pin. */
static int pin_done, pin_refused_seen;
static CURLcode pin_rc;

static void
pin_cb(void *arg, CURL *easy, CURLcode rc, int pin_refused)
{
	pin_done = ++done;
	pin_rc = rc;
	pin_refused_seen = pin_refused;
}

static size_t
discard(char *p, size_t s, size_t n, void *arg)
{
	return s * n;
}

static void
test_pin_guard(void)
{
	struct net_addr other;
	char url[128];
	CURL *e = curl_easy_init();

	CHECK(e != NULL);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/hdr", port4);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
	CHECK(net_addr_parse(&other, "127.0.0.3") == 0);
	done = 0;
	CHECK(net_curl_add(nc, e, &other, pin_cb, NULL) == 0);
	CHECK(net_curl_active(nc) == 1);
	run_until(1);
	CHECK(pin_refused_seen == 1);
	CHECK(pin_rc == CURLE_COULDNT_CONNECT);
	CHECK(net_curl_active(nc) == 0);

	/* the same handle again, pinned right */
	CHECK(net_addr_parse(&other, "127.0.0.1") == 0);
	done = 0;
	CHECK(net_curl_add(nc, e, &other, pin_cb, NULL) == 0);
	run_until(1);
	CHECK(pin_refused_seen == 0 && pin_rc == CURLE_OK);
	curl_easy_cleanup(e);
}

/* net_curl_free cancels what runs, also from inside a done callback. */
static struct http_result *cancel_a, *cancel_b;

static void
free_from_cb(void *arg, struct http_result *r)
{
	done++;
	cancel_a = r;
	net_curl_free(nc);
	nc = NULL;
}

/* Pinned fetches wait for slots of their address: with one slot, three
 * fetches to a silent server run one after another (each ends at its own
 * 200 ms deadline, counted from its start), never two at once. Run first:
 * the peak is the address's whole history. */
static void
test_slots(void)
{
	struct http_req rq;
	struct http_result *r[3] = { NULL };
	struct timespec t0;
	struct net_addr a;
	char url[128];
	int i;

	snprintf(url, sizeof(url), "http://" NAME ":%u/", port_silent);
	req_init(&rq, url, "127.0.0.1");
	a = rq.addr;
	rq.timeout_ms = 200;
	net_set_per_addr_limit(net, 1);
	done = 0;
	clock_start(&t0);
	for (i = 0; i < 3; i++)
		CHECK(http_fetch(nc, &rq, fetch_cb, &r[i]) == 0);
	run_until(3);
	CHECK(clock_elapsed_ms(&t0) >= 3 * 200);
	CHECK(net_limits_peak(net_get_limits(net), &a, NET_CLASS_WEB) == 1);
	CHECK(net_conn_count(net, &a, 0) == 3);
	for (i = 0; i < 3; i++) {
		CHECK(r[i] != NULL && r[i]->outcome == HTTP_FETCH_TIMEOUT);
		http_result_free(r[i]);
	}
	net_set_per_addr_limit(net, 4);
}

static void
test_cancel(void)
{
	struct http_req rq;
	char url[128];

	snprintf(url, sizeof(url), "http://" NAME ":%u/", port_silent);
	req_init(&rq, url, "127.0.0.1");
	http_result_free(res);
	res = NULL;
	done = 0;
	CHECK(http_fetch(nc, &rq, fetch_cb, NULL) == 0);
	CHECK(done == 0);
	net_curl_free(nc);
	CHECK(done == 1 && res != NULL && res->outcome == HTTP_FETCH_CANCELLED);
	CHECK_STR(http_outcome_code(res->outcome), "cancelled");

	CHECK((nc = net_curl_new(net)) != NULL);
	done = 0;
	rq.timeout_ms = 200;
	CHECK(http_fetch(nc, &rq, free_from_cb, NULL) == 0);
	rq.timeout_ms = 5000;
	CHECK(http_fetch(nc, &rq, fetch_cb, &cancel_b) == 0);
	run_until(2);
	CHECK(nc == NULL);
	CHECK(cancel_a != NULL && cancel_a->outcome == HTTP_FETCH_TIMEOUT);
	CHECK(cancel_b != NULL && cancel_b->outcome == HTTP_FETCH_CANCELLED);
	http_result_free(cancel_a);
	http_result_free(cancel_b);
	CHECK((nc = net_curl_new(net)) != NULL);
}

static void
test_follow(void)
{
	struct http_follow_result *fr;
	struct http_req rq;
	char url[128], want[160];

	snprintf(url, sizeof(url), "http://" NAME ":%u/chain1", port4);
	req_init(&rq, url, "127.0.0.1");
	fr = follow(&rq, 0);
	CHECK(fr->end == HTTP_FOLLOW_FINAL);
	CHECK_STR(http_follow_end_code(fr->end), "final");
	CHECK(fr->n_hops == 4);
	if (fr->n_hops == 4) {
		CHECK(fr->hops[0].status == 302 && fr->hops[1].status == 302);
		CHECK(fr->hops[2].status == 307 && fr->hops[3].status == 200);
		CHECK_STR(fr->hops[0].location, "/chain2");
		snprintf(want, sizeof(want), "http://" NAME ":%u/chain2",
		    port4);
		CHECK_STR(fr->hops[1].url, want);
		CHECK_STR(fr->hops[2].host, NAME);
		CHECK_STR(fr->hops[3].scheme, "http");
		CHECK(fr->hops[3].location == NULL);
		CHECK(fr->hops[3].fetched && fr->hops[3].result != NULL);
		CHECK_STR((const char *)fr->hops[3].result->body,
		    "end of chain");
		CHECK(fr->hops[1].result->pin_ok && fr->hops[3].result->pin_ok);
		CHECK(fr->hops[2].port == port4);
	}

	snprintf(url, sizeof(url), "http://" NAME ":%u/other", port4);
	req_init(&rq, url, "127.0.0.1");
	fr = follow(&rq, 0);
	CHECK(fr->end == HTTP_FOLLOW_OTHER_HOST);
	CHECK(fr->n_hops == 2);
	if (fr->n_hops == 2) {
		CHECK(fr->hops[0].fetched && fr->hops[0].status == 302);
		CHECK(!fr->hops[1].fetched && fr->hops[1].result == NULL);
		CHECK_STR(fr->hops[1].host, "other.example.test");
		CHECK_STR(fr->hops[1].scheme, "https");
		CHECK(fr->hops[1].port == 443);
		CHECK_STR(fr->hops[1].url, "https://other.example.test/x");
	}

	snprintf(url, sizeof(url), "http://" NAME ":%u/loop", port4);
	req_init(&rq, url, "127.0.0.1");
	fr = follow(&rq, 3);
	CHECK(fr->end == HTTP_FOLLOW_TOO_MANY);
	CHECK(fr->n_hops == 5);
	if (fr->n_hops == 5)
		CHECK(fr->hops[3].fetched && !fr->hops[4].fetched);

	snprintf(url, sizeof(url), "http://" NAME ":%u/ftp", port4);
	req_init(&rq, url, "127.0.0.1");
	fr = follow(&rq, 0);
	CHECK(fr->end == HTTP_FOLLOW_BAD_LOCATION);
	CHECK(fr->n_hops == 2);
	if (fr->n_hops == 2)
		CHECK_STR(fr->hops[1].scheme, "ftp");

	snprintf(url, sizeof(url), "http://" NAME ":%u/", port_closed);
	req_init(&rq, url, "127.0.0.1");
	fr = follow(&rq, 0);
	CHECK(fr->end == HTTP_FOLLOW_FAILED);
	CHECK(fr->n_hops == 1 && fr->hops[0].result != NULL &&
	    fr->hops[0].result->outcome == HTTP_FETCH_REFUSED);
}

/* --- tests: HTTPS --------------------------------------------------------- */

static void
test_https(void)
{
	struct http_follow_result *fr;
	struct http_req rq;
	struct http_result *r;
	char url[128], ca[128];

	snprintf(url, sizeof(url), "https://" NAME ":%u/", port_tls);
	req_init(&rq, url, "127.0.0.1");
	rq.http2 = 1;
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK);
	CHECK(r->status == 200);
	/* s_server offers no h2 and answers in HTTP/1.0 */
	CHECK(r->http_version != 20);
	CHECK(r->http_version == 10 || r->http_version == 11);
	CHECK_STR(r->primary_ip, "127.0.0.1");
	CHECK(r->pin_ok);
	CHECK(r->body_len > 0);
	/* self-signed and not in any store: OpenSSL's verdict is kept */
	CHECK(r->tls_verify_result != 0);

	/* verification on against the throwaway cert as the CA file */
	path(ca, sizeof(ca), "cert.pem");
	rq.verify = 1;
	rq.ca_file = ca;
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK && r->status == 200);
	CHECK(r->tls_verify_result == 0);

	/* verification on against the system store fails the fetch */
	rq.ca_file = NULL;
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_TLS_VERIFY);
	CHECK_STR(http_outcome_code(r->outcome), "tls_verify");
	CHECK(r->detail[0] != '\0');

	/* http -> https on the same name is followed, pinned */
	snprintf(url, sizeof(url), "http://" NAME ":%u/moved", port4);
	req_init(&rq, url, "127.0.0.1");
	fr = follow(&rq, 0);
	CHECK(fr->end == HTTP_FOLLOW_FINAL);
	CHECK(fr->n_hops == 2);
	if (fr->n_hops == 2) {
		CHECK(fr->hops[0].status == 301);
		CHECK_STR(fr->hops[1].scheme, "https");
		CHECK_STR(fr->hops[1].host, NAME);
		CHECK(fr->hops[1].status == 200);
		CHECK(fr->hops[1].result->pin_ok);
	}
}

static void
test_h2(void)
{
	struct http_req rq;
	struct http_result *r;
	char url[128];

	snprintf(url, sizeof(url), "https://" NAME ":%u/", port_h2);
	req_init(&rq, url, "127.0.0.1");
	rq.http2 = 1;
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK && r->status == 200);
	CHECK(r->http_version == 20);
	CHECK_STR((const char *)r->body, "h2 page\n");
	CHECK(r->pin_ok);
	rq.http2 = 0;
	r = get(&rq);
	CHECK(r->outcome == HTTP_FETCH_OK && r->status == 200);
	CHECK(r->http_version == 11);
}

/* --- tests: pure helpers -------------------------------------------------- */

static void
test_header_lines(void)
{
	struct http_result *r = calloc(1, sizeof(*r));
	static const char *lines[] = {
		"HTTP/1.1 100 Continue\r\n", "X-Early: 1\r\n", "\r\n",
		"HTTP/1.1 302 Found\r\n", "Location:  /next \r\n",
		"X-Folded: one\r\n", "\t two\r\n", "bad line\r\n",
		": empty name\r\n", "Location: /second\r\n", "X-Nul: a",
	};
	size_t i;

	if (r == NULL)
		abort();
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		CHECK(http_result_add_header_line(r, lines[i],
		    strlen(lines[i])) == 0);
	CHECK(http_result_add_header_line(r, "X-Nul: a\0b", 10) == 0);
	CHECK(http_header_get(r, "x-early") == NULL);
	CHECK_STR(r->location, "/next");
	CHECK_STR(http_header_get(r, "LOCATION"), "/next");
	CHECK_STR(http_header_get(r, "x-folded"), "one two");
	CHECK(r->headers_malformed == 2);
	CHECK(r->n_headers == 5);
	if (r->n_headers == 5)
		CHECK_STR(r->headers[4].value, "a b");
	CHECK(!r->headers_truncated);
	/* a value over the cap is cut and marked */
	{
		char *line = malloc(HTTP_HEADER_VALUE_MAX + 100);

		if (line == NULL)
			abort();
		memcpy(line, "X-Long: ", 8);
		memset(line + 8, 'v', HTTP_HEADER_VALUE_MAX + 50);
		CHECK(http_result_add_header_line(r, line,
		    HTTP_HEADER_VALUE_MAX + 58) == 0);
		CHECK(r->headers_truncated);
		CHECK(strlen(http_header_get(r, "x-long")) ==
		    HTTP_HEADER_VALUE_MAX);
		free(line);
	}
	/* a folded Location keeps r->location pointing at the value */
	CHECK(http_result_add_header_line(r, "HTTP/1.1 301 x", 14) == 0);
	CHECK(r->n_headers == 0 && r->location == NULL);
	CHECK(!r->headers_truncated);
	CHECK(http_result_add_header_line(r, "Location: /a", 12) == 0);
	CHECK(http_result_add_header_line(r, "   b  ", 6) == 0);
	CHECK_STR(r->location, "/a b");
	CHECK(r->location == http_header_get(r, "location"));
	http_result_free(r);
}

static void
test_hsts(void)
{
	struct http_hsts h;

	CHECK(http_parse_hsts("max-age=31536000; includeSubDomains; preload",
	    &h) == 0);
	CHECK(h.max_age == 31536000 && h.include_subdomains && h.preload);
	CHECK(h.flags == 0 && h.detail[0] == '\0');

	CHECK(http_parse_hsts("MAX-AGE=\"600\";INCLUDESUBDOMAINS", &h) == 0);
	CHECK(h.max_age == 600 && h.include_subdomains && !h.preload);

	CHECK(http_parse_hsts(" ; max-age = 0 ;; ", &h) == 0);
	CHECK(h.max_age == 0);

	CHECK(http_parse_hsts("max-age=\"1\\2\"", &h) == 0);
	CHECK(h.max_age == 12);

	CHECK(http_parse_hsts("includeSubDomains", &h) == -1);
	CHECK(h.max_age == -1 && (h.flags & HTTP_HSTS_E_NO_MAXAGE));
	CHECK(h.include_subdomains);

	CHECK(http_parse_hsts("", &h) == -1);
	CHECK(h.flags & HTTP_HSTS_E_NO_MAXAGE);
	CHECK(http_parse_hsts(NULL, &h) == -1);

	CHECK(http_parse_hsts("max-age=100; max-age=200", &h) == -1);
	CHECK(h.flags & HTTP_HSTS_E_DUPLICATE);
	CHECK(h.max_age == 100);
	CHECK(strstr(h.detail, "duplicate") != NULL);
	CHECK(http_parse_hsts("max-age=1; includesubdomains; IncludeSubDomains",
	    &h) == -1);
	CHECK(h.flags & HTTP_HSTS_E_DUPLICATE);
	CHECK(http_parse_hsts("max-age=1; foo=1; FOO=2", &h) == -1);
	CHECK(h.flags & HTTP_HSTS_E_DUPLICATE);

	CHECK(http_parse_hsts("max-age=-1", &h) == -1);
	CHECK(h.max_age == -1 && (h.flags & HTTP_HSTS_E_BAD_MAXAGE));
	CHECK(http_parse_hsts("max-age=1y", &h) == -1);
	CHECK(http_parse_hsts("max-age=", &h) == -1);
	CHECK(h.flags & HTTP_HSTS_E_SYNTAX);
	CHECK(http_parse_hsts("max-age=\"\"", &h) == -1);
	CHECK(h.flags & HTTP_HSTS_E_BAD_MAXAGE);
	CHECK(http_parse_hsts("max-age", &h) == -1);
	CHECK(h.flags & HTTP_HSTS_E_BAD_MAXAGE);
	CHECK(http_parse_hsts("max-age=\"31536000", &h) == -1);
	CHECK(h.flags & HTTP_HSTS_E_SYNTAX);
	CHECK(http_parse_hsts("max-age=10 includeSubDomains", &h) == -1);
	CHECK(h.flags & HTTP_HSTS_E_SYNTAX);
	CHECK(http_parse_hsts("max-age=10, max-age=20", &h) == -1);
	CHECK(h.flags & HTTP_HSTS_E_SYNTAX);

	CHECK(http_parse_hsts("max-age=99999999999999999999999", &h) == 0);
	CHECK(h.max_age == INT64_MAX && (h.flags & HTTP_HSTS_W_OVERFLOW));
	CHECK(http_parse_hsts("max-age=9223372036854775807", &h) == 0);
	CHECK(h.max_age == INT64_MAX && !(h.flags & HTTP_HSTS_W_OVERFLOW));
	CHECK(http_parse_hsts("max-age=0000000000000000000000000042", &h) == 0);
	CHECK(h.max_age == 42 && h.flags == 0);

	CHECK(http_parse_hsts("max-age=5; foo; bar=\"x;y\"", &h) == 0);
	CHECK(h.max_age == 5 && (h.flags & HTTP_HSTS_W_UNKNOWN));
	CHECK(http_parse_hsts("max-age=5; preload=yes", &h) == 0);
	CHECK(h.preload && (h.flags & HTTP_HSTS_W_VALUE));
}

static void
test_html(void)
{
	static const char page_a[] =
	    "<!DOCTYPE html><html><head><title>Welcome</title>"
	    "<script nonce=\"abc123\">var x = 1;</script>"
	    "<style nonce='q1'>p{}</style></head><body>"
	    "<form><input type=\"hidden\" name=\"__VIEWSTATE\" "
	    "id=\"__VIEWSTATE\" value=\"dDwtMTA4NzczMzUxNDs7Pg==\" />"
	    "<input type=hidden name=__EVENTVALIDATION value=AAAA>"
	    "<meta name=\"csrf-token\" content=\"tok-1\">"
	    "<p>Hello world, this is the same page.</p></form></body></html>";
	static const char page_b[] =
	    "<!DOCTYPE html><html><head><title>Welcome</title>"
	    "<script nonce=\"zzz999\">var x = 1;</script>"
	    "<style nonce=q2>p{}</style></head><body>"
	    "<form><input type=\"hidden\" name=\"__VIEWSTATE\" "
	    "id=\"__VIEWSTATE\" value=\"other+state/value==\" />"
	    "<input type=hidden name=__EVENTVALIDATION value=BBBB>"
	    "<meta name=\"csrf-token\" content=\"tok-2\">"
	    "<p>Hello world, this is the same page.</p></form></body></html>";
	static const char page_c[] =
	    "<html><head><title>Default nginx page</title></head><body>"
	    "<h1>It works!</h1><p>Welcome to nginx on IPv6.</p></body></html>";
	static const char spaced[] =
	    "<!DOCTYPE html>\n<html>\n  <head><title>Welcome</title>"
	    "<script nonce=\"abc123\">var x = 1;</script>"
	    "<style nonce='q1'>p{}</style></head><body>\n"
	    "<form><input type=\"hidden\" name=\"__VIEWSTATE\" "
	    "id=\"__VIEWSTATE\" value=\"dDwtMTA4NzczMzUxNDs7Pg==\" />"
	    "<input type=hidden name=__EVENTVALIDATION value=AAAA>"
	    "<meta name=\"csrf-token\" content=\"tok-1\">"
	    "<p>Hello   world, this is\tthe same page.</p></form>"
	    "</body></html>\n";
	double d;

	CHECK(http_html_distance(page_a, strlen(page_a), page_a,
	    strlen(page_a)) == 0);
	CHECK(http_html_distance("", 0, "", 0) == 0);
	CHECK(http_html_distance(NULL, 0, NULL, 0) == 0);
	CHECK(http_html_distance(page_a, strlen(page_a), page_b,
	    strlen(page_b)) == 0);
	CHECK(http_html_distance(page_a, strlen(page_a), spaced,
	    strlen(spaced)) == 0);
	d = http_html_distance(page_a, strlen(page_a), page_c, strlen(page_c));
	CHECK(d > 0.1 && d <= 1);
	d = http_html_distance(page_c, strlen(page_c), page_a, strlen(page_a));
	CHECK(d > 0.1 && d <= 1);
	CHECK(http_html_distance("a b c", 5, "", 0) == 1);
	CHECK(http_html_distance("x y", 3, "p q", 3) == 1);
	/* one word of ten changed: 1 - 2*9/20 */
	d = http_html_distance("a b c d e f g h i j", 19, "a b c d X f g h i j",
	    19);
	CHECK(d > 0.0999 && d < 0.1001);
	/* a nonce-like value not in an attribute named nonce still counts */
	CHECK(http_html_distance("<a data-n=1>", 12, "<a data-n=2>", 12) == 1);
	/* attribute and tag names in any case */
	CHECK(http_html_distance("<A HREF=x>", 10, "<a href=x>", 10) == 0);
	CHECK(http_html_distance("<a href=X>", 10, "<a href=x>", 10) == 1);
	/* '>' inside a quoted attribute does not end the tag */
	CHECK(http_html_distance("<a title=\"1>2\" nonce=x>t", 24,
	    "<a title=\"1>2\" nonce=y>t", 24) == 0);
	/* inputs past the byte cap are not read */
	{
		size_t n = HTTP_HTML_CMP_MAX + 1000, i;
		char *x = malloc(n), *y = malloc(n);

		CHECK(x != NULL && y != NULL);
		for (i = 0; i < n; i++)
			x[i] = y[i] = (char)(i % 7 == 0 ? ' ' : 'a' + i % 26);
		y[n - 1] = 'Z';
		CHECK(http_html_distance(x, n, y, n) == 0);
		y[10] = 'Z';
		d = http_html_distance(x, n, y, n);
		CHECK(d > 0 && d < 0.01);
		free(x);
		free(y);
	}
}

int
main(void)
{
	struct evhttp_bound_socket *bs;
	int silent_fd, closed_fd;
	int tls_ok = 0, h2_ok = 0;

	signal(SIGPIPE, SIG_IGN);
	test_header_lines();
	test_hsts();
	test_html();

	base = event_base_new();
	net = net_new(base);
	nc = net_curl_new(net);
	watchdog = evtimer_new(base, watchdog_cb, NULL);
	big = malloc(BIG_BODY);
	srv = evhttp_new(base);
	if (base == NULL || net == NULL || nc == NULL || watchdog == NULL ||
	    big == NULL || srv == NULL) {
		fprintf(stderr, "test_http: setup failed\n");
		return 1;
	}
	memset(big, 'x', BIG_BODY - 1);
	big[BIG_BODY - 1] = '\0';
	evhttp_set_gencb(srv, srv_cb, NULL);
	bs = evhttp_bind_socket_with_handle(srv, "127.0.0.1", 0);
	port4 = bound_port(bs);
	bs = evhttp_bind_socket_with_handle(srv, "::1", 0);
	port6 = bound_port(bs);
	have_v6 = port6 != 0;
	if (!have_v6)
		printf("test_http: no IPv6 loopback, skipping ::1\n");
	silent_fd = loopback_socket(1, &port_silent);
	closed_fd = loopback_socket(0, &port_closed);
	if (port4 == 0 || silent_fd < 0 || closed_fd < 0) {
		fprintf(stderr, "test_http: cannot bind loopback\n");
		return 1;
	}

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/utd-http-XXXXXX");
	if (mkdtemp(tmpdir) == NULL || make_cert() != 0) {
		printf("test_http: no openssl, skipping HTTPS\n");
	} else {
		tls_ok = start_s_server() == 0;
		if (!tls_ok)
			printf("test_http: openssl s_server did not start\n");
		h2_ok = start_nginx() == 0;
		if (!h2_ok)
			printf("test_http: no nginx, skipping h2\n");
	}

	test_slots();
	test_headers();
	test_caps();
	test_failures();
	test_pin_guard();
	test_cancel();
	test_follow();
	if (tls_ok)
		test_https();
	if (h2_ok)
		test_h2();

	http_result_free(res);
	http_follow_result_free(fres);
	stop_child(&tls_pid);
	stop_child(&h2_pid);
	cleanup_tmpdir();
	net_curl_free(nc);
	net_free(net);
	evhttp_free(srv);
	event_free(watchdog);
	event_base_free(base);
	close(silent_fd);
	close(closed_fd);
	free(big);
	return unit_done("test_http");
}
