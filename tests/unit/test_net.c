/*
 * test_net: the network seam against servers run inside this test on the
 * same event loop, on loopback only (127.0.0.1 and ::1).
 *
 * The responder answers on UDP and TCP on one port; its mode decides how:
 * a plain answer, a wrong-id reply before the right one, only wrong ids,
 * TC=1 over UDP (so the client must retry over TCP), or silence.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "dns/dns.h"
#include "net/listen.h"
#include "net/net.h"
#include "unit.h"

#define WATCHDOG_MS 5000

enum resp_mode {
	RESP_ANSWER,
	RESP_WRONG_ID_FIRST,
	RESP_WRONG_ID_ONLY,
	RESP_TC,
	RESP_SILENT,
};

struct responder {
	int udp_fd, tcp_fd;
	struct event *udp_ev, *tcp_ev;
	enum resp_mode mode;
	int udp_queries, tcp_queries;
	uint16_t port;
};

struct tcp_conn {
	int fd;
	struct event *ev;
	struct responder *r;
	uint8_t buf[2 + 512];
	size_t have;
};

static struct event_base *base;
static struct event *watchdog;
static int watchdog_fired;

/* what a test callback saw */
static int done, calls;
static struct net_connect_result conn_res;
static struct net_dns_result dns_res;
static uint8_t dns_wire[65535];

static void
watchdog_cb(evutil_socket_t fd, short what, void *arg)
{
	watchdog_fired = 1;
	event_base_loopbreak(base);
}

static void
run_until_done(void)
{
	struct timeval tv = { WATCHDOG_MS / 1000, 0 };

	watchdog_fired = 0;
	evtimer_add(watchdog, &tv);
	while (!done && !watchdog_fired)
		if (event_base_loop(base, EVLOOP_ONCE) != 0)
			break;
	evtimer_del(watchdog);
	CHECK(!watchdog_fired);
}

/* --- responder ------------------------------------------------------------ */

/*
 * Build the reply to query q (as dns_wire_query makes it): echo header and
 * question, QR+AA, no OPT; with an A answer 198.51.100.1 unless tc.
 */
static size_t
build_reply(const uint8_t *q, size_t qlen, uint8_t *out, int tc, int bad_id)
{
	static const uint8_t answer[] = {
		0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10,
		0x00, 0x04, 198, 51, 100, 1,
	};
	size_t off = 12;

	if (qlen < 12)
		return 0;
	while (off < qlen && q[off] != 0)
		off += (size_t)q[off] + 1;
	off += 1 + 4;
	if (off > qlen)
		return 0;
	memcpy(out, q, off);
	out[2] = (uint8_t)(0x84 | (q[2] & 0x01) | (tc ? 0x02 : 0));
	out[3] = 0;
	out[6] = 0;
	out[7] = tc ? 0 : 1;
	out[8] = out[9] = out[10] = out[11] = 0;
	if (bad_id)
		out[1] ^= 0xff;
	if (!tc) {
		memcpy(out + off, answer, sizeof(answer));
		off += sizeof(answer);
	}
	return off;
}

static void
resp_udp_cb(evutil_socket_t fd, short what, void *arg)
{
	struct responder *r = arg;
	struct sockaddr_storage from;
	socklen_t fl = sizeof(from);
	uint8_t q[512], out[600];
	ssize_t n;
	size_t ol;

	n = recvfrom(fd, q, sizeof(q), 0, (struct sockaddr *)&from, &fl);
	if (n <= 0)
		return;
	r->udp_queries++;
	switch (r->mode) {
	case RESP_SILENT:
		return;
	case RESP_WRONG_ID_FIRST:
	case RESP_WRONG_ID_ONLY:
		ol = build_reply(q, (size_t)n, out, 0, 1);
		(void)sendto(fd, out, ol, 0, (struct sockaddr *)&from, fl);
		if (r->mode == RESP_WRONG_ID_ONLY)
			return;
		break;
	default:
		break;
	}
	ol = build_reply(q, (size_t)n, out, r->mode == RESP_TC, 0);
	(void)sendto(fd, out, ol, 0, (struct sockaddr *)&from, fl);
}

static void
resp_conn_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tcp_conn *c = arg;
	uint8_t out[2 + 600];
	size_t want, ol;
	ssize_t n;

	n = recv(fd, c->buf + c->have, sizeof(c->buf) - c->have, 0);
	if (n > 0)
		c->have += (size_t)n;
	if (c->have >= 2) {
		want = (size_t)c->buf[0] << 8 | c->buf[1];
		if (c->have < 2 + want && n > 0 && c->have < sizeof(c->buf))
			return;
		c->r->tcp_queries++;
		ol = build_reply(c->buf + 2, want, out + 2, 0, 0);
		out[0] = (uint8_t)(ol >> 8);
		out[1] = (uint8_t)ol;
		(void)send(fd, out, ol + 2, MSG_NOSIGNAL);
	} else if (n > 0) {
		return;
	}
	event_free(c->ev);
	close(c->fd);
	free(c);
}

static void
resp_accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct responder *r = arg;
	struct tcp_conn *c;
	int cfd;

	if ((cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) < 0)
		return;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(cfd);
		return;
	}
	c->fd = cfd;
	c->r = r;
	c->ev = event_new(base, cfd, EV_READ | EV_PERSIST, resp_conn_cb, c);
	event_add(c->ev, NULL);
}

/* Bind UDP and TCP on the same free port of the given loopback address. */
static int
responder_start(struct responder *r, int family, enum resp_mode mode)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int one = 1, tries;

	memset(r, 0, sizeof(*r));
	r->mode = mode;
	for (tries = 0; tries < 20; tries++) {
		memset(&ss, 0, sizeof(ss));
		if (family == AF_INET) {
			struct sockaddr_in *s = (struct sockaddr_in *)&ss;

			s->sin_family = AF_INET;
			s->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
			sl = sizeof(*s);
		} else {
			struct sockaddr_in6 *s = (struct sockaddr_in6 *)&ss;

			s->sin6_family = AF_INET6;
			s->sin6_addr = in6addr_loopback;
			sl = sizeof(*s);
		}
		r->udp_fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		if (r->udp_fd < 0)
			return -1;
		if (bind(r->udp_fd, (struct sockaddr *)&ss, sl) != 0 ||
		    getsockname(r->udp_fd, (struct sockaddr *)&ss, &sl) != 0) {
			close(r->udp_fd);
			return -1;
		}
		r->tcp_fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
		setsockopt(r->tcp_fd, SOL_SOCKET, SO_REUSEADDR, &one,
		    sizeof(one));
		if (bind(r->tcp_fd, (struct sockaddr *)&ss, sl) == 0 &&
		    listen(r->tcp_fd, 16) == 0)
			break;
		close(r->tcp_fd);
		close(r->udp_fd);
	}
	if (tries == 20)
		return -1;
	r->port = ntohs(family == AF_INET ?
	    ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
	r->udp_ev = event_new(base, r->udp_fd, EV_READ | EV_PERSIST,
	    resp_udp_cb, r);
	r->tcp_ev = event_new(base, r->tcp_fd, EV_READ | EV_PERSIST,
	    resp_accept_cb, r);
	event_add(r->udp_ev, NULL);
	event_add(r->tcp_ev, NULL);
	return 0;
}

static void
responder_stop(struct responder *r)
{
	event_free(r->udp_ev);
	event_free(r->tcp_ev);
	close(r->udp_fd);
	close(r->tcp_fd);
}

/* --- callbacks ------------------------------------------------------------ */

static void
conn_cb(void *arg, const struct net_connect_result *r)
{
	calls++;
	done = 1;
	conn_res = *r;
}

static void
query_cb(void *arg, const struct net_dns_result *r)
{
	calls++;
	done = 1;
	dns_res = *r;
	if (r->wire != NULL && r->wire_len <= sizeof(dns_wire)) {
		memcpy(dns_wire, r->wire, r->wire_len);
		dns_res.wire = dns_wire;
	}
}

static void
reset(void)
{
	done = calls = 0;
	memset(&conn_res, 0xff, sizeof(conn_res));
	memset(&dns_res, 0xff, sizeof(dns_res));
	dns_res.wire = NULL;
}

/* --- tests ---------------------------------------------------------------- */

static void
test_addr(void)
{
	struct net_addr a;
	static const uint8_t v4[4] = { 198, 51, 100, 7 };
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t mapped[16] = { [10] = 0xff, [11] = 0xff,
	    [12] = 198, [13] = 51, [14] = 100, [15] = 7 };

	CHECK(net_addr_parse(&a, "198.51.100.7") == 0);
	CHECK(a.family == AF_INET && memcmp(a.bytes, v4, 4) == 0);
	CHECK_STR(a.text, "198.51.100.7");
	CHECK(!net_addr_is_v4mapped(&a));

	CHECK(net_addr_parse(&a, "2001:DB8:0:0::1") == 0);
	CHECK(a.family == AF_INET6 && memcmp(a.bytes, v6, 16) == 0);
	CHECK_STR(a.text, "2001:db8::1");        /* RFC 5952 form */
	CHECK(!net_addr_is_v4mapped(&a));

	CHECK(net_addr_parse(&a, "::ffff:198.51.100.7") == 0);
	CHECK(a.family == AF_INET6 && memcmp(a.bytes, mapped, 16) == 0);
	CHECK(net_addr_is_v4mapped(&a));
	CHECK_STR(a.text, "::ffff:198.51.100.7");

	CHECK(net_addr_parse(&a, "example.nl") == -1);
	CHECK(net_addr_parse(&a, "198.51.100") == -1);
	CHECK(net_addr_parse(&a, "198.51.100.256") == -1);
	CHECK(net_addr_parse(&a, "") == -1);
	CHECK(net_addr_parse(&a, " 198.51.100.7") == -1);
	CHECK(net_addr_parse(&a, "[::1]") == -1);
	CHECK(net_addr_parse(&a, NULL) == -1);

	CHECK(net_addr_from_bytes(&a, v4, 4) == 0);
	CHECK(a.family == AF_INET);
	CHECK_STR(a.text, "198.51.100.7");
	CHECK(net_addr_from_bytes(&a, v6, 16) == 0);
	CHECK(a.family == AF_INET6);
	CHECK_STR(a.text, "2001:db8::1");
	CHECK(net_addr_from_bytes(&a, mapped, 16) == 0);
	CHECK(net_addr_is_v4mapped(&a));
	CHECK(net_addr_from_bytes(&a, v4, 5) == -1);
	CHECK(net_addr_from_bytes(&a, v4, 0) == -1);
	CHECK(net_addr_is_v4mapped(NULL) == 0);

	CHECK_STR(net_status_code(NET_OK), "ok");
	CHECK_STR(net_status_code(NET_TIMEOUT), "timeout");
	CHECK_STR(net_status_code(NET_REFUSED), "refused");
	CHECK_STR(net_status_code(NET_UNREACHABLE), "unreachable");
	CHECK_STR(net_status_code(NET_ERROR), "error");
	CHECK_STR(net_status_code(NET_BADREPLY), "bad_reply");
	CHECK_STR(net_status_code(NET_NOMEM), "nomem");
	CHECK_STR(net_status_code(NET_CANCELLED), "cancelled");
}

/* A TCP socket bound to a free loopback port, listening or not. */
static int
tcp_port(int family, int do_listen, int backlog, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd = socket(family, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		((struct sockaddr_in *)&ss)->sin_family = AF_INET;
		((struct sockaddr_in *)&ss)->sin_addr.s_addr =
		    htonl(INADDR_LOOPBACK);
		sl = sizeof(struct sockaddr_in);
	} else {
		((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)&ss)->sin6_addr = in6addr_loopback;
		sl = sizeof(struct sockaddr_in6);
	}
	if (bind(fd, (struct sockaddr *)&ss, sl) != 0 ||
	    (do_listen && listen(fd, backlog) != 0) ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
	    : ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

static void
test_tcp_probe(struct net *n)
{
	struct net_addr lo4, lo6;
	uint16_t port;
	int fd;

	CHECK(net_addr_parse(&lo4, "127.0.0.1") == 0);
	CHECK(net_addr_parse(&lo6, "::1") == 0);

	/* listening port: connected */
	fd = tcp_port(AF_INET, 1, 16, &port);
	CHECK(fd >= 0);
	reset();
	CHECK(net_tcp_probe(n, &lo4, port, 2000, conn_cb, NULL) == 0);
	run_until_done();
	CHECK(calls == 1);
	CHECK(conn_res.status == NET_OK);
	CHECK(conn_res.err == 0);
	CHECK(conn_res.elapsed_ms < 1000);
	close(fd);

	/* bound but not listening: RST, refused */
	fd = tcp_port(AF_INET, 0, 0, &port);
	CHECK(fd >= 0);
	reset();
	CHECK(net_tcp_probe(n, &lo4, port, 2000, conn_cb, NULL) == 0);
	run_until_done();
	CHECK(calls == 1);
	CHECK(conn_res.status == NET_REFUSED);
	CHECK(conn_res.err == ECONNREFUSED);
	close(fd);

	/* IPv6 loopback, when the host has it */
	fd = tcp_port(AF_INET6, 1, 16, &port);
	if (fd >= 0) {
		reset();
		CHECK(net_tcp_probe(n, &lo6, port, 2000, conn_cb, NULL) == 0);
		run_until_done();
		CHECK(calls == 1 && conn_res.status == NET_OK);
		close(fd);
	} else {
		printf("test_net: no IPv6 loopback, skipping ::1 probe\n");
	}

	/* an unusable address family ends at once, with one callback */
	{
		struct net_addr bad = lo4;

		bad.family = AF_UNIX;
		reset();
		CHECK(net_tcp_probe(n, &bad, 80, 2000, conn_cb, NULL) == 0);
		CHECK(calls == 1);
		CHECK(conn_res.status == NET_ERROR);
		CHECK(conn_res.err == EAFNOSUPPORT);
	}
}

/*
 * A listener whose accept queue is full drops further SYNs, so a probe
 * to it sees no answer: the only loopback way to a connect timeout.
 */
static void
test_tcp_timeout(struct net *n)
{
	struct net_addr lo4;
	struct sockaddr_in sin;
	uint16_t port;
	int fd, fill[4], i;

	CHECK(net_addr_parse(&lo4, "127.0.0.1") == 0);
	fd = tcp_port(AF_INET, 1, 0, &port);
	CHECK(fd >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(port);
	for (i = 0; i < 4; i++) {
		fill[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		(void)connect(fill[i], (struct sockaddr *)&sin, sizeof(sin));
	}
	usleep(50000);
	reset();
	CHECK(net_tcp_probe(n, &lo4, port, 300, conn_cb, NULL) == 0);
	run_until_done();
	CHECK(calls == 1);
	CHECK(conn_res.status == NET_TIMEOUT);
	CHECK(conn_res.elapsed_ms >= 290 && conn_res.elapsed_ms < 1000);
	for (i = 0; i < 4; i++)
		close(fill[i]);
	close(fd);
}

static int
make_query(uint8_t *q, size_t cap, const char *name, uint16_t id)
{
	return dns_wire_query(q, cap, name, 1, id);
}

static void
test_dns(struct net *n, int family)
{
	struct responder r;
	struct net_addr lo;
	struct dns_wire_reply rep;
	uint8_t q[512];
	int ql;

	CHECK(net_addr_parse(&lo, family == AF_INET ? "127.0.0.1" : "::1")
	    == 0);
	ql = make_query(q, sizeof(q), "www.example.test", 0x4242);
	CHECK(ql > 0);

	/* plain answer over UDP */
	CHECK(responder_start(&r, family, RESP_ANSWER) == 0);
	reset();
	CHECK(net_dns_query(n, &lo, r.port, q, (size_t)ql, 2000, query_cb, NULL)
	    == 0);
	run_until_done();
	CHECK(calls == 1);
	CHECK(dns_res.status == NET_OK);
	CHECK(dns_res.over_tcp == 0);
	CHECK(dns_res.wire != NULL);
	CHECK(dns_wire_parse_reply(dns_res.wire, dns_res.wire_len, &rep) == 0);
	CHECK(rep.id == 0x4242 && rep.ancount == 1 && rep.tc == 0);
	CHECK_STR(rep.qname, "www.example.test");
	CHECK(r.udp_queries == 1 && r.tcp_queries == 0);
	responder_stop(&r);

	if (family != AF_INET)
		return;

	/* a wrong id first is ignored, the right one taken */
	CHECK(responder_start(&r, family, RESP_WRONG_ID_FIRST) == 0);
	reset();
	CHECK(net_dns_query(n, &lo, r.port, q, (size_t)ql, 2000, query_cb, NULL)
	    == 0);
	run_until_done();
	CHECK(calls == 1 && dns_res.status == NET_OK);
	CHECK(dns_res.wire != NULL && dns_res.wire_len > 2 &&
	    dns_res.wire[0] == 0x42 && dns_res.wire[1] == 0x42);
	responder_stop(&r);

	/* only wrong ids until the deadline: a bad reply, not a timeout */
	CHECK(responder_start(&r, family, RESP_WRONG_ID_ONLY) == 0);
	reset();
	CHECK(net_dns_query(n, &lo, r.port, q, (size_t)ql, 300, query_cb, NULL)
	    == 0);
	run_until_done();
	CHECK(calls == 1 && dns_res.status == NET_BADREPLY);
	CHECK(dns_res.wire == NULL);
	responder_stop(&r);

	/* TC=1 over UDP: the same query again over TCP */
	CHECK(responder_start(&r, family, RESP_TC) == 0);
	reset();
	CHECK(net_dns_query(n, &lo, r.port, q, (size_t)ql, 2000, query_cb, NULL)
	    == 0);
	run_until_done();
	CHECK(calls == 1);
	CHECK(dns_res.status == NET_OK);
	CHECK(dns_res.over_tcp == 1);
	CHECK(dns_res.wire != NULL &&
	    dns_wire_parse_reply(dns_res.wire, dns_res.wire_len, &rep) == 0);
	CHECK(rep.id == 0x4242 && rep.ancount == 1 && rep.tc == 0);
	CHECK(r.udp_queries == 1 && r.tcp_queries == 1);
	responder_stop(&r);

	/* silence: one retransmission at half the deadline, then timeout */
	CHECK(responder_start(&r, family, RESP_SILENT) == 0);
	reset();
	CHECK(net_dns_query(n, &lo, r.port, q, (size_t)ql, 300, query_cb, NULL)
	    == 0);
	run_until_done();
	CHECK(calls == 1);
	CHECK(dns_res.status == NET_TIMEOUT);
	CHECK(dns_res.err == 0);
	CHECK(dns_res.elapsed_ms >= 290 && dns_res.elapsed_ms < 1000);
	CHECK(r.udp_queries == 2);
	responder_stop(&r);

	/* nobody on the port: ICMP port unreachable -> refused */
	CHECK(responder_start(&r, family, RESP_SILENT) == 0);
	responder_stop(&r);
	reset();
	CHECK(net_dns_query(n, &lo, r.port, q, (size_t)ql, 2000, query_cb, NULL)
	    == 0);
	run_until_done();
	CHECK(calls == 1);
	CHECK(dns_res.status == NET_REFUSED);
	CHECK(dns_res.err == ECONNREFUSED);
	CHECK(dns_res.elapsed_ms < 1000);

	/* a query too short to be DNS: one immediate error callback */
	reset();
	CHECK(net_dns_query(n, &lo, 53, q, 5, 2000, query_cb, NULL) == 0);
	CHECK(calls == 1 && dns_res.status == NET_ERROR &&
	    dns_res.err == EINVAL);
}

static int cancelled_calls;

static void
cancel_cb(void *arg, const struct net_dns_result *r)
{
	if (r->status == NET_CANCELLED)
		cancelled_calls++;
	calls++;
}

static void
cancel_probe_cb(void *arg, const struct net_connect_result *r)
{
	if (r->status == NET_CANCELLED)
		cancelled_calls++;
	calls++;
}

static void
test_cancel(void)
{
	struct net *n = net_new(base);
	struct responder r;
	struct net_addr lo;
	struct sockaddr_in sin;
	uint8_t q[512];
	uint16_t port;
	int ql, i, fd, fill[4];

	CHECK(n != NULL);
	CHECK(net_addr_parse(&lo, "127.0.0.1") == 0);
	CHECK(responder_start(&r, AF_INET, RESP_SILENT) == 0);
	ql = make_query(q, sizeof(q), "example.test", 7);

	/* a TCP probe that hangs on a full accept queue */
	fd = tcp_port(AF_INET, 1, 0, &port);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(port);
	for (i = 0; i < 4; i++) {
		fill[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		(void)connect(fill[i], (struct sockaddr *)&sin, sizeof(sin));
	}

	reset();
	cancelled_calls = 0;
	for (i = 0; i < 100; i++)
		CHECK(net_dns_query(n, &lo, r.port, q, (size_t)ql, 5000,
		    cancel_cb, NULL) == 0);
	CHECK(net_tcp_probe(n, &lo, port, 5000, cancel_probe_cb, NULL) == 0);
	/* let the queries go out, then cancel everything */
	event_base_loop(base, EVLOOP_NONBLOCK);
	CHECK(calls == 0);
	net_free(n);
	CHECK(calls == 101);
	CHECK(cancelled_calls == 101);
	responder_stop(&r);
	for (i = 0; i < 4; i++)
		close(fill[i]);
	close(fd);
}

/* "ADDR:PORT" as --listen, --conn-addr's DNS and the probe port read it. */
static void
test_hostport(void)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	const char *bad[] = { "", ":80", "127.0.0.1", "127.0.0.1:",
	    "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:+80", "127.0.0.1: 80",
	    "127.0.0.1:80x", "[::1:80", "[::1]80", "[127.0.0.1]:80",
	    "[]:80", "localhost:80", "1.2.3:80", "[::1]:", "::1",
	    "[0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0001]:80" };
	uint8_t loop6[16] = { [15] = 1 };
	socklen_t sl = 0;
	size_t i;

	CHECK(net_parse_hostport("127.0.0.1:8080", &ss, &sl) == 0);
	CHECK(ss.ss_family == AF_INET && sl == sizeof(*s4));
	CHECK(ntohs(s4->sin_port) == 8080);
	CHECK(ntohl(s4->sin_addr.s_addr) == 0x7f000001);
	CHECK(net_parse_hostport("[::1]:53", &ss, &sl) == 0);
	CHECK(ss.ss_family == AF_INET6 && sl == sizeof(*s6));
	CHECK(ntohs(s6->sin6_port) == 53);
	CHECK(memcmp(&s6->sin6_addr, loop6, 16) == 0);
	CHECK(net_parse_hostport("0.0.0.0:0", &ss, &sl) == 0);
	CHECK(ss.ss_family == AF_INET && s4->sin_port == 0);
	CHECK(net_parse_hostport("[2001:db8::170]:65535", &ss, &sl) == 0);
	CHECK(ss.ss_family == AF_INET6 && ntohs(s6->sin6_port) == 65535);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = net_parse_hostport(bad[i], &ss, &sl);

		if (rc != -1 || ss.ss_family != 0)
			fprintf(stderr, "accepted: \"%s\"\n", bad[i]);
		CHECK(rc == -1 && ss.ss_family == 0);
	}
}

int
main(void)
{
	struct net *n;

	base = event_base_new();
	CHECK(base != NULL);
	watchdog = evtimer_new(base, watchdog_cb, NULL);
	n = net_new(base);
	CHECK(n != NULL);
	CHECK(net_base(n) == base);

	test_addr();
	test_hostport();
	test_tcp_probe(n);
	test_tcp_timeout(n);
	test_dns(n, AF_INET);
	{
		int fd = socket(AF_INET6, SOCK_DGRAM, 0);

		if (fd >= 0) {
			close(fd);
			test_dns(n, AF_INET6);
		}
	}
	net_free(n);
	test_cancel();

	event_free(watchdog);
	event_base_free(base);
	return unit_done("test_net");
}
