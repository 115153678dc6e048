/*
 * test_scancache: the run's web scan cache against loopback ports nobody
 * listens on (each scan ends at once, refused): one scan per (address,
 * port) however many ask, callbacks never inside the call, the first asker
 * pays and the others are told "reused", finished entries evicted oldest
 * first past the bound, and freeing with scans and callbacks pending
 * (both told at once, cancelled).
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "gather/scancache.h"
#include "net/conn.h"
#include "net/net.h"
#include "unit.h"

static struct event_base *base;

struct asker {
	int called, reused;
	enum tls_scan_status st;
	unsigned conns;
};

static void
asker_cb(void *arg, const struct tls_scan *s, int reused)
{
	struct asker *a = arg;

	a->called++;
	a->reused = reused;
	a->st = s->status;
	a->conns = s->connections;
}

/* A loopback port with no listener (bound, then closed). */
static uint16_t
closed_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	uint16_t port;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) != 0)
		abort();
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

static void
run(int ms)
{
	struct timeval tv = { 0, ms * 1000 };

	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
}

int
main(void)
{
	struct net *net;
	struct scan_cache *c;
	struct scan_cache_opts o = { 1000, 3600, 2 };
	struct scan_cache_stats st;
	struct net_addr lo;
	struct asker a[6];
	uint16_t p1 = closed_port(), p2 = closed_port(), p3 = closed_port();
	int i;

	base = event_base_new();
	net = net_new(base);
	CHECK(base != NULL && net != NULL);
	CHECK(net_addr_parse(&lo, "127.0.0.1") == 0);
	c = scan_cache_new(net, &o);
	CHECK(c != NULL);
	memset(a, 0, sizeof(a));

	/* three askers of one endpoint while it runs: one scan */
	for (i = 0; i < 3; i++)
		CHECK(scan_cache_get(c, &lo, p1, "a.test", asker_cb, &a[i]) == 0);
	CHECK(a[0].called == 0 && a[1].called == 0 && a[2].called == 0);
	run(300);
	for (i = 0; i < 3; i++)
		CHECK(a[i].called == 1 && a[i].st == TLS_SCAN_REFUSED);
	CHECK(a[0].reused == 0 && a[1].reused == 1 && a[2].reused == 1);
	CHECK(a[0].conns >= 1);
	CHECK(net_conn_count(net, &lo, p1) == a[0].conns);
	scan_cache_stats(c, &st);
	CHECK(st.scans == 1 && st.reuses == 2 && st.entries == 1);

	/* a finished entry: handed out from the loop, no new connection */
	CHECK(scan_cache_get(c, &lo, p1, "b.test", asker_cb, &a[3]) == 0);
	CHECK(a[3].called == 0);
	run(50);
	CHECK(a[3].called == 1 && a[3].reused == 1);
	CHECK(net_conn_count(net, &lo, p1) == a[0].conns);

	/* past max_entries (2), the oldest finished one goes */
	CHECK(scan_cache_get(c, &lo, p2, "c.test", asker_cb, &a[4]) == 0);
	run(200);
	CHECK(scan_cache_get(c, &lo, p3, "d.test", asker_cb, &a[5]) == 0);
	run(200);
	scan_cache_stats(c, &st);
	CHECK(st.scans == 3 && st.evictions == 1 && st.entries == 2);
	memset(&a[0], 0, sizeof(a[0]));
	CHECK(scan_cache_get(c, &lo, p1, "a.test", asker_cb, &a[0]) == 0);
	run(200);
	CHECK(a[0].called == 1 && a[0].reused == 0);   /* scanned again */
	scan_cache_stats(c, &st);
	CHECK(st.scans == 4);

	/* freed with a scan running and a callback pending: both are called
	 * at once, cancelled, and never again */
	memset(a, 0, sizeof(a));
	CHECK(scan_cache_get(c, &lo, closed_port(), "e.test", asker_cb, &a[0]) == 0);
	CHECK(scan_cache_get(c, &lo, p3, "f.test", asker_cb, &a[1]) == 0);
	scan_cache_free(c);
	CHECK(a[0].called == 1 && a[0].st == TLS_SCAN_CANCELLED);
	CHECK(a[1].called == 1 && a[1].st == TLS_SCAN_CANCELLED);
	run(100);
	CHECK(a[0].called == 1 && a[1].called == 1);

	net_free(net);
	event_base_free(base);
	return unit_done("test_scancache");
}
