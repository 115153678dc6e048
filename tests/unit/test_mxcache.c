/*
 * test_mxcache: the per-run STARTTLS cache against a small SMTP server run
 * inside this test on loopback: one job per (address, MX name), waiters
 * served from one dialog, retries with backoff after 421, TTL expiry.
 *
 * The server answers by mode: "nostarttls" greets, lists no STARTTLS and
 * says goodbye to QUIT; "421" refuses every connection at the banner.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "gather/mxcache.h"
#include "tls/audit.h"
#include "net/conn.h"
#include "net/net.h"
#include "unit.h"

enum mode { M_NOSTARTTLS, M_421 };

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
};

static struct event_base *base;

static void
sconn_cb(evutil_socket_t fd, short what, void *arg)
{
	struct sconn *c = arg;
	char buf[512];
	ssize_t n = recv(fd, buf, sizeof(buf), 0);

	(void)what;
	if (n <= 0) {
		event_free(c->ev);
		close(c->fd);
		free(c);
		return;
	}
	if (n >= 4 && strncasecmp(buf, "EHLO", 4) == 0)
		(void)send(fd, "250-test.invalid\r\n250 PIPELINING\r\n", 34,
		    MSG_NOSIGNAL);
	else if (n >= 4 && strncasecmp(buf, "QUIT", 4) == 0)
		(void)send(fd, "221 bye\r\n", 9, MSG_NOSIGNAL);
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

	mx_cache_free(c);
	mx_cache_free(c421);
	net_free(n);
	srv_stop(&s);
	srv_stop(&s421);
	event_base_free(base);
	return unit_done("test_mxcache");
}
