/*
 * test_dnsd: the connection test's DNS sockets (net/dnsd) on loopback,
 * with an answer function that echoes the query with QR and AA set, and
 * their UDP rate limit: a group of sources (IPv4 /24, IPv6 /56) gets
 * `rate` full answers at once; past that every second query gets its
 * question back with TC and no records, the rest nothing, and the answer
 * function is not called. Another group, TCP, and the same group a second
 * later are answered in full.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/dnsd.h"
#include "unit.h"

#define BURST 200
#define RATE 20

static atomic_int calls;

static size_t
echo(void *arg, const struct net_addr *from, int tcp, const uint8_t *q,
    size_t qlen, uint8_t *out, size_t cap)
{
	(void)arg;
	(void)from;
	(void)tcp;
	atomic_fetch_add(&calls, 1);
	if (qlen < 12 || qlen > cap)
		return 0;
	memcpy(out, q, qlen);
	out[2] |= 0x84;                     /* QR, AA */
	return qlen;
}

/* A query for x<id>.conn.test A with the given id; a malformed one has a
 * label of 64 bytes. Its length. */
static size_t
query(uint8_t *b, uint16_t id, int malformed, int qr)
{
	size_t n = 12;
	int k;

	memset(b, 0, 12);
	b[0] = (uint8_t)(id >> 8);
	b[1] = (uint8_t)id;
	b[2] = qr ? 0x81 : 0x01;            /* RD (and QR) */
	b[5] = 1;
	if (malformed) {
		b[n++] = 64;
		for (k = 0; k < 64; k++)
			b[n++] = 'a';
	} else {
		n += (size_t)snprintf((char *)b + n + 1, 16, "x%u", id);
		b[12] = (uint8_t)(n - 12);
		n++;
	}
	memcpy(b + n, "\004conn\004test\000\000\001\000\001", 15);
	return n + 15;
}

struct tally {
	int full, slip, bad;
	int full_of_malformed, slip_of_malformed;
};

/* Read replies until none came for 300 ms. */
static void
collect(int fd, const uint8_t (*sent)[128], const size_t *sent_len,
    size_t n_sent, uint16_t malformed_from, struct tally *t)
{
	uint8_t b[512];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	while (poll(&p, 1, 300) == 1) {
		uint16_t id;
		size_t ql;

		if ((n = recv(fd, b, sizeof(b), 0)) < 12)
			continue;
		id = (uint16_t)(b[0] << 8 | b[1]);
		if (id >= n_sent) {
			t->bad++;
			continue;
		}
		ql = sent_len[id];
		if ((b[2] & 0x84) == 0x84 && (b[2] & 0x02) == 0 &&
		    (size_t)n == ql && memcmp(b + 3, sent[id] + 3, ql - 3) == 0) {
			t->full++;
			if (id >= malformed_from)
				t->full_of_malformed++;
		} else if ((b[2] & 0x86) == 0x82 && (b[2] & 0x79) ==
		    (sent[id][2] & 0x79) && b[3] == 0 && (size_t)n == ql &&
		    memcmp(b + 4, "\000\001\000\000\000\000\000\000", 8) == 0 &&
		    memcmp(b + 12, sent[id] + 12, ql - 12) == 0) {
			t->slip++;
			if (id >= malformed_from)
				t->slip_of_malformed++;
		} else {
			t->bad++;
		}
	}
}

static int
udp_to(int fam, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd = socket(fam, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&ss, 0, sizeof(ss));
	if (fam == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sl = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = in6addr_loopback;
		sl = sizeof(*s6);
	}
	if (fd >= 0 && connect(fd, (struct sockaddr *)&ss, sl) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* One query over TCP to 127.0.0.1: 1 when answered in full. */
static int
tcp_full(uint16_t port)
{
	struct sockaddr_in s4 = { .sin_family = AF_INET };
	uint8_t b[2 + 128], r[2 + 512];
	size_t ql = query(b + 2, 7, 0, 0), got = 0;
	struct pollfd p;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), ok = 0;
	ssize_t n;

	s4.sin_port = htons(port);
	s4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	b[0] = 0;
	b[1] = (uint8_t)ql;
	if (fd < 0 || connect(fd, (struct sockaddr *)&s4, sizeof(s4)) != 0 ||
	    write(fd, b, ql + 2) != (ssize_t)(ql + 2))
		goto out;
	p.fd = fd;
	p.events = POLLIN;
	while (got < ql + 2 && poll(&p, 1, 2000) == 1 &&
	    (n = read(fd, r + got, sizeof(r) - got)) > 0)
		got += (size_t)n;
	ok = got == ql + 2 && (r[4] & 0x86) == 0x84;
out:
	if (fd >= 0)
		close(fd);
	return ok;
}

static struct net_dnsd *
start(unsigned rate, int with6, uint16_t *port)
{
	char a[2][40];
	const char *specs[2] = { a[0], a[1] };
	char why[200];
	struct net_dnsd *d;
	int i;

	for (i = 0; i < 50; i++) {
		*port = (uint16_t)(20000 + arc4random_uniform(40000));
		snprintf(a[0], sizeof(a[0]), "127.0.0.1:%u", *port);
		snprintf(a[1], sizeof(a[1]), "[::1]:%u", *port);
		if ((d = net_dnsd_bind(specs, with6 ? 2 : 1, echo, NULL, why,
		    sizeof(why))) == NULL)
			continue;
		if (net_dnsd_limit(d, rate) != 0 || net_dnsd_start(d) != 0) {
			net_dnsd_free(d);
			return NULL;
		}
		return d;
	}
	fprintf(stderr, "no port: %s\n", why);
	return NULL;
}

static void
test_limit(int with6)
{
	static uint8_t sent[BURST + 60][128];
	size_t sent_len[BURST + 60];
	struct tally t = { 0 }, t6 = { 0 }, t2 = { 0 }, t3 = { 0 };
	unsigned long dropped, slipped;
	struct net_dnsd *d;
	uint16_t port, i;
	int fd, fd6;

	atomic_store(&calls, 0);
	d = start(RATE, with6, &port);
	CHECK(d != NULL);
	if (d == NULL)
		return;
	CHECK(net_dnsd_limit(d, 5) == -1);          /* too late */
	fd = udp_to(AF_INET, port);
	CHECK(fd >= 0);

	/* A burst from 127.0.0.1: RATE full answers (and what trickles in
	 * while it is sent), then TC for every second query. */
	for (i = 0; i < BURST; i++) {
		sent_len[i] = query(sent[i], i, 0, 0);
		CHECK(send(fd, sent[i], sent_len[i], 0) == (ssize_t)sent_len[i]);
	}
	collect(fd, sent, sent_len, BURST, BURST, &t);
	CHECK(t.bad == 0);
	CHECK(t.full >= RATE && t.full <= RATE + 5);
	CHECK(t.slip == (BURST - t.full + 1) / 2);
	CHECK(atomic_load(&calls) == t.full);
	net_dnsd_counts(d, &dropped, &slipped);
	CHECK(slipped == (unsigned long)t.slip);
	CHECK(dropped + slipped == (unsigned long)(BURST - t.full));
	fprintf(stderr, "burst of %d at %d/s: %d full, %d TC, %lu dropped\n",
	    BURST, RATE, t.full, t.slip, dropped);

	/* Over the limit, a malformed question or a response gets nothing,
	 * not even TC. Twenty good queries first take what the bucket got
	 * back while the replies were read. */
	for (i = BURST; i < BURST + 60; i++) {
		sent_len[i] = query(sent[i], i, i >= BURST + 20 && i < BURST + 40,
		    i >= BURST + 40);
		CHECK(send(fd, sent[i], sent_len[i], 0) == (ssize_t)sent_len[i]);
	}
	collect(fd, sent, sent_len, BURST + 60, BURST + 20, &t2);
	CHECK(t2.full >= 1 && t2.full < 20 && t2.slip > 0 && t2.bad == 0);
	CHECK(t2.full_of_malformed == 0 && t2.slip_of_malformed == 0);

	/* Another group and TCP are answered in full at once. */
	if (with6) {
		fd6 = udp_to(AF_INET6, port);
		CHECK(fd6 >= 0);
		CHECK(send(fd6, sent[0], sent_len[0], 0) == (ssize_t)sent_len[0]);
		collect(fd6, sent, sent_len, 1, 1, &t6);
		CHECK(t6.full == 1 && t6.slip == 0);
		close(fd6);
	}
	CHECK(tcp_full(port));

	/* A second later the group has its answers again. */
	usleep(1100 * 1000);
	CHECK(send(fd, sent[1], sent_len[1], 0) == (ssize_t)sent_len[1]);
	collect(fd, sent, sent_len, 2, 2, &t3);
	CHECK(t3.full == 1 && t3.slip == 0);
	close(fd);
	net_dnsd_free(d);
}

/* Without a limit, every query of a burst is answered. */
static void
test_unlimited(void)
{
	static uint8_t sent[BURST][128];
	size_t sent_len[BURST];
	struct tally t = { 0 };
	unsigned long dropped, slipped;
	struct net_dnsd *d;
	uint16_t port, i;
	int fd;

	atomic_store(&calls, 0);
	d = start(0, 0, &port);
	CHECK(d != NULL);
	if (d == NULL)
		return;
	fd = udp_to(AF_INET, port);
	for (i = 0; i < BURST; i++) {
		sent_len[i] = query(sent[i], i, 0, 0);
		CHECK(send(fd, sent[i], sent_len[i], 0) == (ssize_t)sent_len[i]);
	}
	collect(fd, sent, sent_len, BURST, BURST, &t);
	CHECK(t.full == BURST && t.slip == 0 && t.bad == 0);
	net_dnsd_counts(d, &dropped, &slipped);
	CHECK(dropped == 0 && slipped == 0);
	close(fd);
	net_dnsd_free(d);
}

int
main(void)
{
	struct net_dnsd *d;
	uint16_t port;
	int fd, with6 = 0;
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };

	s6.sin6_addr = in6addr_loopback;
	if ((fd = socket(AF_INET6, SOCK_DGRAM, 0)) >= 0) {
		with6 = bind(fd, (struct sockaddr *)&s6, sizeof(s6)) == 0;
		close(fd);
	}
	if (!with6)
		fprintf(stderr, "no ::1 here: the IPv6 group is not tested\n");
	test_limit(with6);
	test_unlimited();
	d = start(0, 0, &port);
	CHECK(d != NULL);
	net_dnsd_free(d);
	{
		const char *spec = "127.0.0.1:0";
		char why[200];

		d = net_dnsd_bind(&spec, 1, echo, NULL, why, sizeof(why));
		CHECK(d != NULL);
		if (d != NULL) {
			CHECK(net_dnsd_limit(d, DNSD_RRL_MAX + 1) == -1);
			CHECK(net_dnsd_limit(d, DNSD_RRL_MAX) == 0);
			net_dnsd_free(d);
		}
	}
	return unit_done("test_dnsd");
}
