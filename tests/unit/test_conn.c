/*
 * test_conn: stream conns against a server run inside this test on the
 * same event loop, on loopback only (127.0.0.1 and ::1).
 *
 * The server's mode decides what an accepted connection gets: an echo,
 * silence, "bye\n" and a close, or a flood larger than the input cap.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "net/conn.h"
#include "net/net.h"
#include "util/clock.h"
#include "unit.h"

#define WATCHDOG_MS   5000
#define MAX_SRV_CONNS 64
#define FLOOD_EXTRA   1000

enum srv_mode {
	SRV_ECHO,
	SRV_SILENT,
	SRV_BYE,
	SRV_FLOOD,
	SRV_GREET,      /* "hi\n", then an echo */
};

struct srv_conn {
	int fd;
	struct event *ev;
	size_t sent;                /* FLOOD progress */
};

struct server {
	int fd;
	struct event *ev;
	enum srv_mode mode;
	uint16_t port;
	int accepted;
	struct srv_conn conns[MAX_SRV_CONNS];
};

/* What one client saw. */
struct client {
	struct net_conn *c;
	int connected, data, eof, error, events_after_close;
	int closed;                 /* we called net_conn_close */
	int close_on_connect, close_on_data, consume, keep_after_end;
	enum net_status st;
	int err;
	uint8_t got[256 * 1024];
	size_t got_len, total;
	size_t want;                /* close after this many bytes */
	int order;                  /* rank of its CONNECTED event */
};

static struct event_base *base;
static struct event *watchdog;
static int watchdog_fired;
static int connected_now, connected_max, connected_rank;
static struct net *free_from_cb_net;

static void
watchdog_cb(evutil_socket_t fd, short what, void *arg)
{
	watchdog_fired = 1;
	event_base_loopbreak(base);
}

/* Run the loop until *flag >= want or ms pass (ms = 0: the watchdog). */
static void
run_until(const int *flag, int want, uint32_t ms)
{
	struct timeval tv;

	if (ms == 0)
		ms = WATCHDOG_MS;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	watchdog_fired = 0;
	evtimer_add(watchdog, &tv);
	while ((flag == NULL || *flag < want) && !watchdog_fired)
		if (event_base_loop(base, EVLOOP_ONCE) != 0)
			break;
	evtimer_del(watchdog);
}

/* --- server --------------------------------------------------------------- */

static void
srv_conn_free(struct srv_conn *sc)
{
	if (sc->ev != NULL)
		event_free(sc->ev);
	if (sc->fd != -1)
		close(sc->fd);
	sc->ev = NULL;
	sc->fd = -1;
}

static void
srv_io_cb(evutil_socket_t fd, short what, void *arg)
{
	struct srv_conn *sc = arg;
	uint8_t buf[65536];
	ssize_t n = 0;

	if (what & EV_WRITE) {
		/* FLOOD: push the whole payload out. */
		size_t total = NET_CONN_INBUF_MAX + FLOOD_EXTRA;

		memset(buf, 'f', sizeof(buf));
		while (sc->sent < total) {
			size_t len = total - sc->sent;

			if (len > sizeof(buf))
				len = sizeof(buf);
			n = send(fd, buf, len, MSG_NOSIGNAL);
			if (n <= 0)
				break;
			sc->sent += (size_t)n;
		}
		if (sc->sent >= total || (n < 0 && errno != EAGAIN))
			srv_conn_free(sc);
		return;
	}
	n = recv(fd, buf, sizeof(buf), 0);
	if (n <= 0) {
		srv_conn_free(sc);
		return;
	}
	(void)send(fd, buf, (size_t)n, MSG_NOSIGNAL);
}

static void
srv_accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server *s = arg;
	struct srv_conn *sc;
	int cfd;

	if ((cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) < 0)
		return;
	if (s->accepted >= MAX_SRV_CONNS) {
		close(cfd);
		return;
	}
	sc = &s->conns[s->accepted++];
	sc->fd = cfd;
	switch (s->mode) {
	case SRV_GREET:
		(void)send(cfd, "hi\n", 3, MSG_NOSIGNAL);
		/* FALLTHROUGH */
	case SRV_ECHO:
		sc->ev = event_new(base, cfd, EV_READ | EV_PERSIST, srv_io_cb,
		    sc);
		event_add(sc->ev, NULL);
		break;
	case SRV_SILENT:
		break;
	case SRV_BYE:
		(void)send(cfd, "bye\n", 4, MSG_NOSIGNAL);
		srv_conn_free(sc);
		break;
	case SRV_FLOOD:
		sc->ev = event_new(base, cfd, EV_WRITE | EV_PERSIST, srv_io_cb,
		    sc);
		event_add(sc->ev, NULL);
		break;
	}
}

static int
server_start(struct server *s, int family, enum srv_mode mode)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int i, one = 1;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < MAX_SRV_CONNS; i++)
		s->conns[i].fd = -1;
	s->mode = mode;
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sl = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		sl = sizeof(*sin6);
	}
	s->fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		return -1;
	(void)setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s->fd, (struct sockaddr *)&ss, sl) != 0 ||
	    listen(s->fd, 64) != 0 ||
	    getsockname(s->fd, (struct sockaddr *)&ss, &sl) != 0) {
		close(s->fd);
		return -1;
	}
	s->port = ntohs(family == AF_INET ?
	    ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
	s->ev = event_new(base, s->fd, EV_READ | EV_PERSIST, srv_accept_cb, s);
	event_add(s->ev, NULL);
	return 0;
}

static void
server_stop(struct server *s)
{
	int i;

	for (i = 0; i < s->accepted; i++)
		srv_conn_free(&s->conns[i]);
	event_free(s->ev);
	close(s->fd);
}

/* A loopback port with nothing listening. */
static uint16_t
closed_port(void)
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

/* --- client callback ------------------------------------------------------ */

static void
client_cb(void *arg, struct net_conn *c, enum net_conn_event ev)
{
	struct client *cl = arg;
	const uint8_t *d;
	size_t len;

	if (cl->closed) {
		cl->events_after_close++;
		return;
	}
	switch (ev) {
	case NET_EV_CONNECTED:
		cl->connected++;
		cl->order = connected_rank++;
		if (++connected_now > connected_max)
			connected_max = connected_now;
		if (cl->close_on_connect) {
			cl->closed = 1;
			connected_now--;
			net_conn_close(c);
		}
		return;
	case NET_EV_DATA:
		cl->data++;
		d = net_conn_data(c, &len);
		if (cl->consume) {
			size_t take = len;

			if (cl->got_len + take > sizeof(cl->got))
				take = sizeof(cl->got) - cl->got_len;
			memcpy(cl->got + cl->got_len, d, take);
			cl->got_len += take;
			cl->total += len;
			net_conn_consume(c, len);
		}
		if (free_from_cb_net != NULL) {
			struct net *n = free_from_cb_net;

			free_from_cb_net = NULL;
			net_free(n);
			return;
		}
		if (cl->close_on_data ||
		    (cl->want > 0 && cl->total >= cl->want)) {
			cl->closed = 1;
			if (cl->connected)
				connected_now--;
			net_conn_close(c);
		}
		return;
	case NET_EV_EOF:
		cl->eof++;
		break;
	case NET_EV_ERROR:
		cl->error++;
		break;
	}
	cl->st = net_conn_status(c);
	cl->err = net_conn_errno(c);
	if (cl->connected)
		connected_now--;
	if (!cl->keep_after_end) {
		cl->closed = 1;
		net_conn_close(c);
	}
}

static struct client *
client_new(void)
{
	struct client *cl = calloc(1, sizeof(*cl));

	if (cl == NULL)
		abort();
	return cl;
}

static struct net_addr
loop_addr(int family)
{
	struct net_addr a;

	if (net_addr_parse(&a, family == AF_INET ? "127.0.0.1" : "::1") != 0)
		abort();
	return a;
}

/* --- cases ---------------------------------------------------------------- */

static void
test_echo(struct net *n, int family)
{
	struct server s;
	struct net_addr a = loop_addr(family);
	struct client *cl = client_new();
	static uint8_t msg[100000];
	size_t i;

	if (server_start(&s, family, SRV_ECHO) != 0) {
		printf("echo: no %s loopback, skipped\n",
		    family == AF_INET ? "IPv4" : "IPv6");
		free(cl);
		return;
	}
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 3);
	cl->consume = 1;
	cl->want = sizeof(msg);
	cl->c = net_conn_open(n, &a, s.port, 2000, client_cb, cl);
	CHECK(cl->c != NULL);
	CHECK(cl->connected == 0);          /* never a callback inside open */
	/* queued before the connect completes: sent once connected */
	CHECK(net_conn_write(cl->c, msg, 10) == 0);
	CHECK(net_conn_write(cl->c, msg + 10, sizeof(msg) - 10) == 0);
	CHECK(net_addr_cmp(net_conn_addr(cl->c), &a) == 0);
	run_until(&cl->closed, 1, 0);
	CHECK(!watchdog_fired);
	CHECK(cl->connected == 1);
	CHECK(cl->data >= 1);
	CHECK(cl->error == 0 && cl->eof == 0);
	CHECK(cl->total == sizeof(msg));
	CHECK(cl->got_len == sizeof(msg) &&
	    memcmp(cl->got, msg, sizeof(msg)) == 0);
	CHECK(net_conn_count(n, &a, s.port) == 1);
	CHECK(net_conn_count(n, &a, (uint16_t)(s.port + 1)) == 0);
	server_stop(&s);
	free(cl);
}

static void
test_refused(struct net *n)
{
	struct net_addr a = loop_addr(AF_INET);
	struct client *cl = client_new();
	uint16_t port = closed_port();

	cl->c = net_conn_open(n, &a, port, 2000, client_cb, cl);
	CHECK(cl->c != NULL);
	CHECK(cl->error == 0);              /* arrives from the loop */
	run_until(&cl->closed, 1, 0);
	CHECK(cl->connected == 0);
	CHECK(cl->error == 1);
	CHECK(cl->st == NET_REFUSED);
	CHECK(cl->err == ECONNREFUSED);
	CHECK_STR(net_status_code(cl->st), "refused");
	CHECK(net_conn_count(n, &a, port) == 1);
	free(cl);
}

static void
test_timeout(struct net *n)
{
	struct server s;
	struct net_addr a = loop_addr(AF_INET);
	struct client *cl = client_new();
	struct timespec t0;
	uint32_t el;

	CHECK(server_start(&s, AF_INET, SRV_SILENT) == 0);
	clock_start(&t0);
	cl->c = net_conn_open(n, &a, s.port, 200, client_cb, cl);
	CHECK(cl->c != NULL);
	run_until(&cl->closed, 1, 0);
	el = clock_elapsed_ms(&t0);
	CHECK(cl->connected == 1);
	CHECK(cl->error == 1);
	CHECK(cl->st == NET_TIMEOUT);
	CHECK(el >= 180 && el < 2000);

	/* a longer deadline set after connecting holds */
	memset(cl, 0, sizeof(*cl));
	cl->keep_after_end = 1;
	cl->c = net_conn_open(n, &a, s.port, 100, client_cb, cl);
	CHECK(cl->c != NULL);
	run_until(&cl->connected, 1, 0);
	net_conn_set_timeout(cl->c, 400);
	run_until(&cl->error, 1, 250);
	CHECK(cl->error == 0);
	run_until(&cl->error, 1, 0);
	CHECK(cl->error == 1 && cl->st == NET_TIMEOUT);
	CHECK(net_conn_status(cl->c) == NET_TIMEOUT);
	CHECK(net_conn_write(cl->c, "x", 1) == -1);
	net_conn_close(cl->c);
	server_stop(&s);
	free(cl);
}

static void
test_eof(struct net *n)
{
	struct server s;
	struct net_addr a = loop_addr(AF_INET);
	struct client *cl = client_new();
	const uint8_t *d;
	size_t len;

	CHECK(server_start(&s, AF_INET, SRV_BYE) == 0);
	cl->keep_after_end = 1;
	cl->c = net_conn_open(n, &a, s.port, 2000, client_cb, cl);
	CHECK(cl->c != NULL);
	run_until(&cl->eof, 1, 0);
	CHECK(cl->connected == 1);
	CHECK(cl->data >= 1);
	CHECK(cl->eof == 1 && cl->error == 0);
	CHECK(cl->st == NET_OK);
	d = net_conn_data(cl->c, &len);  /* not consumed: still there */
	CHECK(len == 4 && d != NULL && memcmp(d, "bye\n", 4) == 0);
	net_conn_consume(cl->c, 2);
	d = net_conn_data(cl->c, &len);
	CHECK(len == 2 && d != NULL && memcmp(d, "e\n", 2) == 0);
	CHECK(net_conn_write(cl->c, "x", 1) == -1);
	run_until(NULL, 0, 100);
	CHECK(cl->eof == 1 && cl->error == 0);   /* nothing after EOF */
	net_conn_close(cl->c);
	server_stop(&s);
	free(cl);
}

static void
test_cap(struct net *n)
{
	struct server s;
	struct net_addr a = loop_addr(AF_INET);
	struct client *cl = client_new();
	size_t len;

	/* never consumed: past the cap is a bad reply */
	CHECK(server_start(&s, AF_INET, SRV_FLOOD) == 0);
	cl->keep_after_end = 1;
	cl->c = net_conn_open(n, &a, s.port, 2000, client_cb, cl);
	CHECK(cl->c != NULL);
	run_until(&cl->error, 1, 0);
	CHECK(cl->error == 1);
	CHECK(cl->st == NET_BADREPLY);
	(void)net_conn_data(cl->c, &len);
	CHECK(len == NET_CONN_INBUF_MAX);
	net_conn_close(cl->c);

	/* consumed as it arrives: every byte gets through, then EOF */
	memset(cl, 0, sizeof(*cl));
	cl->consume = 1;
	cl->c = net_conn_open(n, &a, s.port, 2000, client_cb, cl);
	CHECK(cl->c != NULL);
	run_until(&cl->closed, 1, 0);
	CHECK(cl->eof == 1 && cl->error == 0);
	CHECK(cl->total == NET_CONN_INBUF_MAX + FLOOD_EXTRA);
	server_stop(&s);
	free(cl);
}

static void
test_limit(struct net *n)
{
	struct server s;
	struct net_addr a = loop_addr(AF_INET);
	struct client *cl[6];
	int i, rounds, ended = 0, fifo = 1;

	CHECK(server_start(&s, AF_INET, SRV_SILENT) == 0);
	net_set_per_addr_limit(n, 2);
	connected_now = connected_max = connected_rank = 0;
	for (i = 0; i < 6; i++) {
		cl[i] = client_new();
		cl[i]->c = net_conn_open(n, &a, s.port, 150, client_cb, cl[i]);
		CHECK(cl[i]->c != NULL);
	}
	CHECK(net_conn_count(n, &a, s.port) == 2);   /* 4 wait in the queue */
	for (rounds = 0; rounds < 100 && ended < 6; rounds++) {
		run_until(NULL, 0, 50);
		for (ended = 0, i = 0; i < 6; i++)
			ended += cl[i]->closed;
		if (connected_now > 2)
			break;
	}
	CHECK(ended == 6);
	CHECK(connected_max == 2);
	CHECK(s.accepted == 6);
	CHECK(net_conn_count(n, &a, s.port) == 6);
	for (i = 0; i < 6; i++) {
		CHECK(cl[i]->connected == 1);
		CHECK(cl[i]->st == NET_TIMEOUT);
		if (cl[i]->order != i)
			fifo = 0;
		free(cl[i]);
	}
	CHECK(fifo);
	net_set_per_addr_limit(n, 4);
	server_stop(&s);
}

/* Two nets (as two threads would) sharing one limits object: together
 * they never hold more than its one slot for the address. */
static void
test_shared_limits(void)
{
	struct server s;
	struct net_addr a = loop_addr(AF_INET);
	struct net_limits *l = net_limits_new();
	struct net *na = net_new(base), *nb = net_new(base);
	struct net_limit one = { 1, 0 };
	struct client *cl[6];
	int i, rounds, ended = 0;

	CHECK(l != NULL && na != NULL && nb != NULL);
	if (l == NULL || na == NULL || nb == NULL)
		return;
	CHECK(server_start(&s, AF_INET, SRV_SILENT) == 0);
	net_limits_set(l, NET_CLASS_WEB, &one);
	CHECK(net_use_limits(na, l) == 0 && net_use_limits(nb, l) == 0);
	CHECK(net_limits_shared(l) == 1);
	connected_now = connected_max = connected_rank = 0;
	for (i = 0; i < 6; i++) {
		cl[i] = client_new();
		cl[i]->c = net_conn_open(i % 2 ? nb : na, &a, s.port, 100,
		    client_cb, cl[i]);
		CHECK(cl[i]->c != NULL);
	}
	for (rounds = 0; rounds < 100 && ended < 6; rounds++) {
		run_until(NULL, 0, 50);
		for (ended = 0, i = 0; i < 6; i++)
			ended += cl[i]->closed;
	}
	CHECK(ended == 6);
	CHECK(connected_max == 1);
	CHECK(s.accepted == 6);
	CHECK(net_limits_peak(l, &a, NET_CLASS_WEB) == 1);
	CHECK(net_limits_hosts(l) == 1);
	for (i = 0; i < 6; i++) {
		CHECK(cl[i]->connected == 1 && cl[i]->st == NET_TIMEOUT);
		free(cl[i]);
	}
	/* a net in use cannot change its limits object */
	cl[0] = client_new();
	cl[0]->c = net_conn_open(na, &a, s.port, 100, client_cb, cl[0]);
	CHECK(net_use_limits(na, l) == -1);
	run_until(&cl[0]->closed, 1, 0);
	free(cl[0]);
	net_free(na);
	net_free(nb);
	CHECK(net_limits_shared(l) == 0);
	net_limits_unref(l);
	server_stop(&s);
}

/* Slots without sockets: granted from the loop in FIFO order, given back
 * by net_conn_close; the SMTP class has slots of its own. */
static void
test_slots(void)
{
	struct net_addr a = loop_addr(AF_INET);
	struct net *n = net_new(base);
	struct client *cl[3];
	int i;

	CHECK(n != NULL);
	if (n == NULL)
		return;
	net_set_per_addr_limit(n, 1);
	connected_now = connected_max = connected_rank = 0;
	for (i = 0; i < 3; i++) {
		cl[i] = client_new();
		/* two web slots and one SMTP (port 25) slot of one address */
		cl[i]->c = net_conn_open_slot(n, &a, i < 2 ? 80 : 25,
		    client_cb, cl[i]);
		CHECK(cl[i]->c != NULL);
		CHECK(cl[i]->connected == 0);       /* never inside the call */
	}
	run_until(NULL, 0, 30);
	CHECK(cl[0]->connected == 1 && cl[1]->connected == 0);
	CHECK(cl[2]->connected == 1);
	CHECK(net_limits_peak(net_get_limits(n), &a, NET_CLASS_WEB) == 1);
	CHECK(net_limits_peak(net_get_limits(n), &a, NET_CLASS_SMTP) == 1);
	net_conn_close(cl[0]->c);
	run_until(&cl[1]->connected, 1, 0);
	CHECK(cl[1]->connected == 1);
	CHECK(net_conn_count(n, &a, 80) == 2 && net_conn_count(n, &a, 25) == 1);
	net_conn_close(cl[1]->c);
	net_conn_close(cl[2]->c);
	for (i = 0; i < 3; i++)
		free(cl[i]);
	net_free(n);
}

static void
test_close_in_cb(struct net *n)
{
	struct server s;
	struct net_addr a = loop_addr(AF_INET);
	struct client *cl = client_new();

	/* closed in CONNECTED: nothing follows, the server sees EOF */
	CHECK(server_start(&s, AF_INET, SRV_ECHO) == 0);
	cl->close_on_connect = 1;
	cl->c = net_conn_open(n, &a, s.port, 2000, client_cb, cl);
	CHECK(cl->c != NULL);
	CHECK(net_conn_write(cl->c, "hello", 5) == 0);
	run_until(&cl->closed, 1, 0);
	run_until(NULL, 0, 100);
	CHECK(cl->connected == 1 && cl->data == 0);
	CHECK(cl->events_after_close == 0);
	server_stop(&s);

	/* closed in DATA while EOF is already pending */
	memset(cl, 0, sizeof(*cl));
	CHECK(server_start(&s, AF_INET, SRV_BYE) == 0);
	cl->close_on_data = 1;
	cl->c = net_conn_open(n, &a, s.port, 2000, client_cb, cl);
	CHECK(cl->c != NULL);
	run_until(&cl->closed, 1, 0);
	run_until(NULL, 0, 100);
	CHECK(cl->data == 1 && cl->eof == 0 && cl->error == 0);
	CHECK(cl->events_after_close == 0);
	server_stop(&s);

	/* closed before anything happened, also while queued */
	memset(cl, 0, sizeof(*cl));
	CHECK(server_start(&s, AF_INET, SRV_SILENT) == 0);
	net_set_per_addr_limit(n, 1);
	{
		struct client *first = client_new();

		first->c = net_conn_open(n, &a, s.port, 2000, client_cb, first);
		cl->c = net_conn_open(n, &a, s.port, 2000, client_cb, cl);
		CHECK(first->c != NULL && cl->c != NULL);
		net_conn_close(cl->c);          /* still queued */
		net_conn_close(first->c);       /* connecting */
		run_until(NULL, 0, 100);
		CHECK(first->connected == 0 && cl->connected == 0);
		CHECK(first->error == 0 && cl->error == 0);
		CHECK(net_conn_count(n, &a, s.port) == 1);
		free(first);
	}
	net_set_per_addr_limit(n, 4);
	server_stop(&s);
	free(cl);
}

static void
test_net_free(void)
{
	struct server s;
	struct net_addr a = loop_addr(AF_INET);
	struct client *cl[3];
	struct net *n;
	int i;

	/* live conns (open, connecting, queued) get ERROR/CANCELLED */
	CHECK(server_start(&s, AF_INET, SRV_SILENT) == 0);
	CHECK((n = net_new(base)) != NULL);
	net_set_per_addr_limit(n, 2);
	for (i = 0; i < 3; i++) {
		cl[i] = client_new();
		cl[i]->keep_after_end = i == 2;   /* left to net_free */
		cl[i]->c = net_conn_open(n, &a, s.port, 2000, client_cb, cl[i]);
		CHECK(cl[i]->c != NULL);
	}
	run_until(&cl[0]->connected, 1, 0);
	net_free(n);
	for (i = 0; i < 3; i++) {
		CHECK(cl[i]->error == 1);
		CHECK(cl[i]->st == NET_CANCELLED);
		free(cl[i]);
	}
	server_stop(&s);

	/* net_free from inside a DATA callback */
	CHECK(server_start(&s, AF_INET, SRV_BYE) == 0);
	CHECK((n = net_new(base)) != NULL);
	cl[0] = client_new();
	cl[0]->c = net_conn_open(n, &a, s.port, 2000, client_cb, cl[0]);
	CHECK(cl[0]->c != NULL);
	free_from_cb_net = n;
	run_until(&cl[0]->error, 1, 0);
	CHECK(free_from_cb_net == NULL);
	CHECK(cl[0]->data == 1 && cl[0]->error == 1);
	CHECK(cl[0]->st == NET_CANCELLED);
	free(cl[0]);
	server_stop(&s);
}

/* --- prelude and gap -------------------------------------------------------- */

/* A toy prelude: wait for "hi\n", answer "go\n", wait for its echo. */
struct toy_prelude {
	int step;
	int eof;
	char why[64];
};

static void *
toy_start(const void *arg)
{
	(void)arg;
	return calloc(1, sizeof(struct toy_prelude));
}

static enum net_prelude_rc
toy_input(void *st, const uint8_t *in, size_t len, size_t *used,
    uint8_t *out, size_t outcap, size_t *outlen)
{
	struct toy_prelude *t = st;
	const char *want = t->step == 0 ? "hi\n" : "go\n";

	*used = 0;
	*outlen = 0;
	if (len < 3)
		return NET_PRELUDE_MORE;
	if (memcmp(in, want, 3) != 0) {
		snprintf(t->why, sizeof(t->why), "step %d: unexpected '%.3s'",
		    t->step, (const char *)in);
		return NET_PRELUDE_FAIL;
	}
	*used = 3;
	if (t->step++ == 0) {
		if (outcap < 3)
			return NET_PRELUDE_FAIL;
		memcpy(out, "go\n", 3);
		*outlen = 3;
		return NET_PRELUDE_MORE;
	}
	return NET_PRELUDE_READY;
}

static void
toy_eof(void *st)
{
	struct toy_prelude *t = st;

	t->eof = 1;
	snprintf(t->why, sizeof(t->why), "closed at step %d", t->step);
}

static const char *
toy_code(const void *st)
{
	return ((const struct toy_prelude *)st)->eof ? "closed" : "toy";
}

static const char *
toy_why(const void *st)
{
	const struct toy_prelude *t = st;

	return t->why[0] ? t->why : "waiting";
}

static const struct net_prelude_ops toy_ops = {
	toy_start, toy_input, toy_eof, toy_code, toy_why, free,
};

static void
test_prelude(struct net *n)
{
	struct server s;
	struct net_addr a = loop_addr(AF_INET);
	struct client *cl = client_new();

	/* The prelude runs first; the user's early write waits for it. */
	if (server_start(&s, AF_INET, SRV_GREET) != 0) {
		free(cl);
		return;
	}
	cl->consume = 1;
	cl->want = 7;
	cl->c = net_conn_open_prelude(n, &a, s.port, 2000, &toy_ops, NULL,
	    client_cb, cl);
	CHECK(cl->c != NULL);
	CHECK(net_conn_write(cl->c, "payload", 7) == 0);
	run_until(&cl->closed, 1, 0);
	CHECK(!watchdog_fired);
	CHECK(cl->connected == 1 && cl->error == 0);
	CHECK(cl->got_len == 7 && memcmp(cl->got, "payload", 7) == 0);
	server_stop(&s);
	free(cl);

	/* A wrong answer ends the conn with NET_PRELUDE and the reason. */
	cl = client_new();
	cl->keep_after_end = 1;
	CHECK(server_start(&s, AF_INET, SRV_BYE) == 0);
	cl->c = net_conn_open_prelude(n, &a, s.port, 2000, &toy_ops, NULL,
	    client_cb, cl);
	CHECK(cl->c != NULL);
	run_until(&cl->error, 1, 0);
	CHECK(cl->connected == 0 && cl->error == 1);
	CHECK(cl->st == NET_PRELUDE);
	CHECK_STR(net_conn_prelude_code(cl->c), "toy");
	CHECK_STR(net_conn_prelude_why(cl->c), "step 0: unexpected 'bye'");
	net_conn_close(cl->c);
	server_stop(&s);
	free(cl);

	/* Silence: the deadline, with the prelude's state as the reason. */
	cl = client_new();
	cl->keep_after_end = 1;
	CHECK(server_start(&s, AF_INET, SRV_SILENT) == 0);
	cl->c = net_conn_open_prelude(n, &a, s.port, 200, &toy_ops, NULL,
	    client_cb, cl);
	run_until(&cl->error, 1, 0);
	CHECK(cl->connected == 0 && cl->st == NET_TIMEOUT);
	CHECK_STR(net_conn_prelude_code(cl->c), "timeout");
	CHECK_STR(net_conn_prelude_why(cl->c), "waiting");
	net_conn_close(cl->c);
	server_stop(&s);
	free(cl);
}

/* With a gap, connects to one address are that far apart; to another
 * address they are not held back. */
static void
test_gap(struct net *n)
{
	struct server s;
	struct net_addr a = loop_addr(AF_INET);
	struct client *cl[3];
	struct timespec t0;
	uint32_t t_first = 0, t_second = 0;
	int i;

	if (server_start(&s, AF_INET, SRV_ECHO) != 0)
		return;
	net_set_per_addr_gap(n, 150);
	clock_start(&t0);
	for (i = 0; i < 2; i++) {
		cl[i] = client_new();
		cl[i]->close_on_connect = 1;
		cl[i]->c = net_conn_open(n, &a, s.port, 2000, client_cb, cl[i]);
		CHECK(cl[i]->c != NULL);
	}
	run_until(&cl[0]->closed, 1, 0);
	t_first = clock_elapsed_ms(&t0);
	run_until(&cl[1]->closed, 1, 0);
	t_second = clock_elapsed_ms(&t0);
	CHECK(!watchdog_fired);
	CHECK(cl[0]->connected == 1 && cl[1]->connected == 1);
	CHECK(t_second >= 140);             /* held back by the gap */
	CHECK(t_second - t_first >= 100);
	/* a third, 0.2 s later, is past the gap: no wait */
	net_set_per_addr_gap(n, 0);
	cl[2] = client_new();
	cl[2]->close_on_connect = 1;
	cl[2]->c = net_conn_open(n, &a, s.port, 2000, client_cb, cl[2]);
	run_until(&cl[2]->closed, 1, 0);
	CHECK(cl[2]->connected == 1);
	for (i = 0; i < 3; i++)
		free(cl[i]);
	server_stop(&s);
}

int
main(void)
{
	struct net *n;

	base = event_base_new();
	watchdog = evtimer_new(base, watchdog_cb, NULL);
	n = net_new(base);
	CHECK(base != NULL && watchdog != NULL && n != NULL);
	if (n == NULL)
		return unit_done("test_conn");

	test_echo(n, AF_INET);
	test_echo(n, AF_INET6);
	test_refused(n);
	test_timeout(n);
	test_eof(n);
	test_cap(n);
	test_limit(n);
	test_slots();
	test_shared_limits();
	test_close_in_cb(n);
	test_prelude(n);
	test_gap(n);
	net_free(n);
	test_net_free();

	event_free(watchdog);
	event_base_free(base);
	return unit_done("test_conn");
}
