/*
 * conndns: how fast the connection test's DNS answers.
 *
 * 1. In process, connzone_answer alone (build, sign, write), one thread:
 *    a signed probe answer (AAAA + RRSIG, the common case), a signed
 *    NODATA (SOA + NSEC and their two RRSIGs) and an answer without DO
 *    (nothing signed). N queries of each, each with a new probe id as a
 *    resolver would send them.
 * 2. Over UDP on loopback through net/dnsd (its own thread, as in serve):
 *    one client keeps W queries in flight and sends N in all; answers/s,
 *    and how many got no answer within 1 s.
 *
 * 3. A flood from one source, sent as fast as the socket takes it, against
 *    a second server with the default --conn-dns-rate (100 a second per
 *    /24): queries/s the server handles, CPU per handled query, and what
 *    became of them (answered, TC, dropped by the limit, lost in the
 *    kernel before the server read them), with no limit for comparison.
 *
 *   build/bench/conndns [N] [W]      default 200000 queries, window 64
 *
 * Binds 127.0.0.1:15353 for part 2, 15354 and 15355 for part 3.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dns/connzone.h"
#include "net/dnsd.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* A query for "<20 hex of i>.<label>.uptodate.test" type t, EDNS, DO. */
static size_t
query(uint8_t *q, unsigned long i, const char *label, uint16_t t, int do_bit,
    uint16_t id)
{
	char idl[32];
	size_t n = 12, k;
	const char *p;

	memset(q, 0, 12);
	q[0] = (uint8_t)(id >> 8);
	q[1] = (uint8_t)id;
	q[5] = 1;                      /* QDCOUNT */
	q[11] = 1;                     /* ARCOUNT: OPT */
	snprintf(idl, sizeof(idl), "%020lx", i);
	q[n++] = 20;
	memcpy(q + n, idl, 20);
	n += 20;
	for (p = label; *p != '\0'; p += k + (p[k] == '.')) {
		k = strcspn(p, ".");
		q[n++] = (uint8_t)k;
		memcpy(q + n, p, k);
		n += k;
	}
	q[n++] = 0;
	q[n++] = (uint8_t)(t >> 8);
	q[n++] = (uint8_t)t;
	q[n++] = 0;
	q[n++] = 1;                    /* IN */
	q[n++] = 0;                    /* OPT: root owner */
	q[n++] = 0;
	q[n++] = 41;
	q[n++] = 1232 >> 8;
	q[n++] = 1232 & 0xff;
	q[n++] = 0;
	q[n++] = 0;
	q[n++] = do_bit ? 0x80 : 0;
	q[n++] = 0;
	q[n++] = 0;
	q[n++] = 0;
	return n;
}

static size_t
answer(void *arg, const struct net_addr *from, int tcp, const uint8_t *q,
    size_t qlen, uint8_t *out, size_t cap)
{
	(void)from;
	return connzone_answer(arg, q, qlen, tcp, out, cap, NULL);
}

/* Part 3: n queries from one socket as fast as they go, replies read in
 * between; the server's share of the work is what the counters say. */
static void
flood(struct connzone *cz, unsigned long n, unsigned rate, const char *spec,
    uint16_t port)
{
	struct net_dnsd *d;
	struct sockaddr_in sa;
	uint8_t q[300], r[4096];
	unsigned long sent = 0, full = 0, tc = 0, dropped, slipped, handled;
	double t0, c0, t, c;
	char why[256];
	int fd;

	if ((d = net_dnsd_bind(&spec, 1, answer, cz, why, sizeof(why))) == NULL ||
	    net_dnsd_limit(d, rate) != 0 || net_dnsd_start(d) != 0) {
		fprintf(stderr, "conndns: %s\n", d == NULL ? why : "no thread");
		exit(1);
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		perror("connect");
		exit(1);
	}
	t0 = now_s();
	c0 = cpu_s();
	for (;;) {
		struct pollfd p = { fd, POLLIN | (sent < n ? POLLOUT : 0), 0 };
		ssize_t got;

		if (poll(&p, 1, 300) <= 0)
			break;                  /* quiet for 300 ms: the flood is over */
		if (sent < n && (p.revents & POLLOUT)) {
			size_t len = query(q, sent, "aaaa.conn.uptodate.test", 28, 1,
			    (uint16_t)sent);

			if (send(fd, q, len, MSG_DONTWAIT) >= 0)
				sent++;
		}
		while ((got = recv(fd, r, sizeof(r), MSG_DONTWAIT)) >= 12) {
			if (r[2] & 0x02)
				tc++;
			else
				full++;
		}
	}
	t = now_s() - t0 - 0.3;
	c = cpu_s() - c0;
	net_dnsd_counts(d, &dropped, &slipped);
	handled = full + tc + dropped;
	printf("UDP flood, one source, %-11s %8lu sent  %9.0f handled/s  "
	    "%6.1f us CPU each (server + client)  %lu answered, %lu TC, "
	    "%lu dropped, %lu lost in the kernel\n",
	    rate ? "limit 100/s" : "no limit", sent, (double)handled / t,
	    c * 1e6 / (double)(handled ? handled : 1), full, tc, dropped,
	    sent - handled);
	close(fd);
	net_dnsd_free(d);
}

static void
inproc(struct connzone *cz, unsigned long n, const char *what,
    const char *label, uint16_t t, int do_bit)
{
	uint8_t q[300], out[4096];
	unsigned long i;
	size_t len, bytes = 0;
	double w0 = now_s(), c0 = cpu_s(), w, c;

	for (i = 0; i < n; i++) {
		len = query(q, i, label, t, do_bit, (uint16_t)i);
		bytes += connzone_answer(cz, q, len, 0, out, sizeof(out), NULL);
	}
	w = now_s() - w0;
	c = cpu_s() - c0;
	printf("in-process  %-28s %8lu  %9.0f answers/s  %6.1f us CPU each  "
	    "%4zu bytes\n", what, n, (double)n / w, c * 1e6 / (double)n,
	    bytes / n);
}

int
main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 200000;
	unsigned long w = argc > 2 ? strtoul(argv[2], NULL, 10) : 64;
	struct connzone_opts o;
	struct connzone *cz;
	struct net_dnsd *d;
	const char *spec = "127.0.0.1:15353";
	char why[256];
	struct sockaddr_in sa;
	uint8_t q[300], r[4096];
	unsigned long sent = 0, got = 0, lost = 0, inflight = 0;
	double t0, c0, t, c, last;
	int fd;

	memset(&o, 0, sizeof(o));
	o.zone = "uptodate.test";
	o.have_web4 = o.have_web6 = o.have_ns4 = o.have_ns6 = 1;
	inet_pton(AF_INET, "198.51.100.170", &o.web4);
	inet_pton(AF_INET6, "2001:db8::170", &o.web6);
	o.ns4 = o.web4;
	o.ns6 = o.web6;
	if ((cz = connzone_new(&o, why, sizeof(why))) == NULL) {
		fprintf(stderr, "conndns: %s\n", why);
		return 1;
	}
	inproc(cz, n, "signed AAAA (probe)", "aaaa.conn.uptodate.test", 28, 1);
	inproc(cz, n, "signed NODATA (SOA+NSEC)", "aaaa.conn.uptodate.test", 1,
	    1);
	inproc(cz, n, "AAAA without DO", "aaaa.conn.uptodate.test", 28, 0);

	if ((d = net_dnsd_bind(&spec, 1, answer, cz, why, sizeof(why))) == NULL ||
	    net_dnsd_start(d) != 0) {
		fprintf(stderr, "conndns: %s\n", d == NULL ? why : "no thread");
		return 1;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(15353);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		perror("connect");
		return 1;
	}
	t0 = now_s();
	c0 = cpu_s();
	last = t0;
	while (got + lost < n) {
		struct pollfd p = { fd, POLLIN, 0 };

		while (inflight < w && sent < n) {
			size_t len = query(q, sent, "aaaa.conn.uptodate.test", 28, 1,
			    (uint16_t)sent);

			if (send(fd, q, len, 0) < 0 && errno != ENOBUFS)
				break;
			sent++;
			inflight++;
		}
		if (poll(&p, 1, 1000) <= 0) {
			/* nothing for a second: what is in flight is lost */
			lost += inflight;
			inflight = 0;
			continue;
		}
		while (recv(fd, r, sizeof(r), MSG_DONTWAIT) > 0) {
			got++;
			if (inflight > 0)
				inflight--;
		}
		(void)last;
	}
	t = now_s() - t0;
	c = cpu_s() - c0;
	printf("UDP loopback signed AAAA, window %lu  %8lu  %9.0f answers/s  "
	    "%6.1f us CPU each (server + client)  %lu lost\n", w, got,
	    (double)got / t, c * 1e6 / (double)(got ? got : 1), lost);
	close(fd);
	net_dnsd_free(d);

	flood(cz, n, 100, "127.0.0.1:15354", 15354);
	flood(cz, n, 0, "127.0.0.1:15355", 15355);
	connzone_free(cz);
	return 0;
}
