/*
 * test_dns_engine: the libunbound engine in forward mode against a tiny
 * authoritative-looking responder run in this test on 127.0.0.1, on the
 * same event loop; plus the clear errors for bad configuration.
 *
 * The responder's zone (RFC 2606 .test names, RFC 5737 addresses):
 *   www.example.test      A      198.51.100.1
 *   alias.example.test    CNAME  www.example.test
 *   missing.example.test  NXDOMAIN
 *   www.example.test      AAAA   no data
 *   fail.example.test     SERVFAIL
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "dns/dns.h"
#include "net/net.h"
#include "unit.h"

#define WATCHDOG_MS 8000

struct responder {
	int fd;
	struct event *ev;
	int silent;
	int queries;
	uint16_t port;
};

static struct event_base *base;
static struct event *watchdog;
static int watchdog_fired;

static int calls;
static struct dns_answer *got;

static void
watchdog_cb(evutil_socket_t fd, short what, void *arg)
{
	watchdog_fired = 1;
	event_base_loopbreak(base);
}

static void
run_until(const int *flag)
{
	struct timeval tv = { WATCHDOG_MS / 1000, 0 };

	watchdog_fired = 0;
	evtimer_add(watchdog, &tv);
	while (!*flag && !watchdog_fired)
		if (event_base_loop(base, EVLOOP_ONCE) != 0)
			break;
	evtimer_del(watchdog);
	CHECK(!watchdog_fired);
}

/* --- responder ------------------------------------------------------------ */

static size_t
put_name(uint8_t *b, size_t off, const char *name)
{
	while (*name != '\0') {
		const char *dot = strchr(name, '.');
		size_t l = dot != NULL ? (size_t)(dot - name) : strlen(name);

		b[off++] = (uint8_t)l;
		memcpy(b + off, name, l);
		off += l;
		name += l;
		if (*name == '.')
			name++;
	}
	b[off++] = 0;
	return off;
}

static size_t
put16(uint8_t *b, size_t off, unsigned v)
{
	b[off] = (uint8_t)(v >> 8);
	b[off + 1] = (uint8_t)v;
	return off + 2;
}

static size_t
put32(uint8_t *b, size_t off, unsigned long v)
{
	off = put16(b, off, (unsigned)(v >> 16));
	return put16(b, off, (unsigned)(v & 0xffff));
}

/* owner name, type, class IN, TTL 300; returns the offset of RDLENGTH */
static size_t
put_rr_head(uint8_t *b, size_t off, const char *owner, unsigned type)
{
	off = put_name(b, off, owner);
	off = put16(b, off, type);
	off = put16(b, off, 1);
	off = put32(b, off, 300);
	return off;
}

static size_t
put_soa(uint8_t *b, size_t off)
{
	size_t rdlen_at, start;

	rdlen_at = put_rr_head(b, off, "example.test", 6);
	start = rdlen_at + 2;
	off = put_name(b, start, "ns.example.test");
	off = put_name(b, off, "hostmaster.example.test");
	off = put32(b, off, 1);
	off = put32(b, off, 3600);
	off = put32(b, off, 600);
	off = put32(b, off, 86400);
	off = put32(b, off, 300);
	put16(b, rdlen_at, (unsigned)(off - start));
	return off;
}

static size_t
put_a(uint8_t *b, size_t off, const char *owner)
{
	off = put_rr_head(b, off, owner, 1);
	off = put16(b, off, 4);
	b[off++] = 198;
	b[off++] = 51;
	b[off++] = 100;
	b[off++] = 1;
	return off;
}

static void
resp_cb(evutil_socket_t fd, short what, void *arg)
{
	struct responder *r = arg;
	struct sockaddr_storage from;
	socklen_t fl = sizeof(from);
	uint8_t q[512], out[1024];
	char qname[256];
	size_t off = 12, o = 0, qend;
	unsigned qtype, rcode = 0, an = 0, ns = 0;
	ssize_t n;

	n = recvfrom(fd, q, sizeof(q), 0, (struct sockaddr *)&from, &fl);
	if (n < 12)
		return;
	r->queries++;
	if (r->silent)
		return;
	while (off < (size_t)n && q[off] != 0 && o + q[off] + 1 < sizeof(qname)) {
		size_t i, l = q[off];

		if (o > 0)
			qname[o++] = '.';
		for (i = 0; i < l && off + 1 + i < (size_t)n; i++) {
			char c = (char)q[off + 1 + i];

			qname[o++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
		}
		off += l + 1;
	}
	qname[o] = '\0';
	qend = off + 1 + 4;
	if (qend > (size_t)n)
		return;
	qtype = (unsigned)q[off + 1] << 8 | q[off + 2];

	memcpy(out, q, qend);
	off = qend;
	if (strcmp(qname, "www.example.test") == 0 && qtype == 1) {
		off = put_a(out, off, "www.example.test");
		an = 1;
	} else if (strcmp(qname, "alias.example.test") == 0 && qtype == 1) {
		size_t rdlen_at = put_rr_head(out, off, "alias.example.test", 5);

		off = put_name(out, rdlen_at + 2, "www.example.test");
		put16(out, rdlen_at, (unsigned)(off - rdlen_at - 2));
		off = put_a(out, off, "www.example.test");
		an = 2;
	} else if (strcmp(qname, "fail.example.test") == 0) {
		rcode = 2;
	} else if (strcmp(qname, "www.example.test") == 0 ||
	    strcmp(qname, "alias.example.test") == 0) {
		off = put_soa(out, off);
		ns = 1;
	} else {
		off = put_soa(out, off);
		ns = 1;
		rcode = 3;
	}
	out[2] = (uint8_t)(0x84 | (q[2] & 0x01));      /* QR AA, RD echoed */
	out[3] = (uint8_t)(0x80 | rcode);              /* RA */
	put16(out, 6, an);
	put16(out, 8, ns);
	put16(out, 10, 0);
	(void)sendto(fd, out, off, 0, (struct sockaddr *)&from, fl);
}

static int
responder_start(struct responder *r, int silent)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);

	memset(r, 0, sizeof(*r));
	r->silent = silent;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	r->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (r->fd < 0)
		return -1;
	if (bind(r->fd, (struct sockaddr *)&sin, sl) != 0 ||
	    getsockname(r->fd, (struct sockaddr *)&sin, &sl) != 0) {
		close(r->fd);
		return -1;
	}
	r->port = ntohs(sin.sin_port);
	r->ev = event_new(base, r->fd, EV_READ | EV_PERSIST, resp_cb, r);
	event_add(r->ev, NULL);
	return 0;
}

static void
responder_stop(struct responder *r)
{
	event_free(r->ev);
	close(r->fd);
}

/* --- helpers -------------------------------------------------------------- */

static void
answer_cb(void *arg, struct dns_answer *a)
{
	calls++;
	dns_answer_free(got);
	got = a;
}

static int
has_prefix(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static struct dns_engine *
forward_engine(struct net *n, const struct responder *r, uint32_t timeout)
{
	struct dns_engine_opts o;
	char fwd[64], *err = NULL;
	struct dns_engine *e;

	snprintf(fwd, sizeof(fwd), "127.0.0.1@%u", (unsigned)r->port);
	memset(&o, 0, sizeof(o));
	o.resolver = fwd;
	o.no_validation = 1;
	o.timeout_ms = timeout;
	e = dns_engine_new(n, &o, &err);
	if (e == NULL)
		fprintf(stderr, "engine: %s\n", err ? err : "(no message)");
	free(err);
	return e;
}

static struct dns_answer *
resolve(struct dns_engine *e, const char *name, uint16_t type)
{
	int before;

	dns_answer_free(got);
	got = NULL;
	calls = 0;
	CHECK(dns_resolve(e, name, type, answer_cb, NULL) == 0);
	before = calls;
	CHECK(before == 0);     /* never before dns_resolve returns */
	run_until(&calls);
	CHECK(calls == 1);
	return got;
}

static int
rr_is_a(const ldns_rr *rr, const char *owner, const char *addr)
{
	char *o = ldns_rdf2str(ldns_rr_owner(rr));
	char *v = ldns_rdf2str(ldns_rr_rdf(rr, 0));
	int ok = o != NULL && v != NULL && ldns_rr_get_type(rr) ==
	    LDNS_RR_TYPE_A && strcmp(o, owner) == 0 && strcmp(v, addr) == 0;

	free(o);
	free(v);
	return ok;
}

/* --- tests ---------------------------------------------------------------- */

static void
test_bad_config(struct net *n)
{
	struct dns_engine_opts o;
	struct dns_engine *e;
	char *err = NULL, path[] = "/tmp/test_dns_engine.XXXXXX";
	int fd;

	memset(&o, 0, sizeof(o));
	o.root_hints = "/nonexistent/uptodate/root.hints";
	e = dns_engine_new(n, &o, &err);
	CHECK(e == NULL);
	CHECK_STR(err, "cannot read root hints /nonexistent/uptodate/"
	    "root.hints: No such file or directory");
	free(err);
	err = NULL;

	memset(&o, 0, sizeof(o));
	o.trust_anchor = "/nonexistent/uptodate/root.key";
	e = dns_engine_new(n, &o, &err);
	CHECK(e == NULL);
	CHECK_STR(err, "cannot read trust anchor /nonexistent/uptodate/"
	    "root.key: No such file or directory");
	free(err);
	err = NULL;

	/* without validation the anchor is not needed */
	o.no_validation = 1;
	e = dns_engine_new(n, &o, &err);
	CHECK(e != NULL && err == NULL);
	dns_engine_free(e);

	memset(&o, 0, sizeof(o));
	o.resolver = "resolver.example";
	o.no_validation = 1;
	e = dns_engine_new(n, &o, &err);
	CHECK(e == NULL);
	CHECK_STR(err, "resolver must be an IP address (optionally "
	    "addr@port): \"resolver.example\"");
	free(err);
	err = NULL;

	o.resolver = "127.0.0.1@0";
	e = dns_engine_new(n, &o, &err);
	CHECK(e == NULL);
	CHECK_STR(err, "bad resolver port in \"127.0.0.1@0\"");
	free(err);
	err = NULL;

	/* a readable root hints file that is not one: found at creation */
	fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(write(fd, "this is ( not a zone file\n", 26) == 26);
	close(fd);
	memset(&o, 0, sizeof(o));
	o.root_hints = path;
	o.no_validation = 1;
	fprintf(stderr, "(a libunbound error about %s is expected here)\n",
	    path);
	e = dns_engine_new(n, &o, &err);
	CHECK(e == NULL);
	CHECK(has_prefix(err, "cannot initialise the resolver (root hints "));
	CHECK(err != NULL && strstr(err, path) != NULL);
	free(err);
	err = NULL;
	unlink(path);

	/* a NULL err pointer is allowed */
	memset(&o, 0, sizeof(o));
	o.root_hints = "/nonexistent/uptodate/root.hints";
	CHECK(dns_engine_new(n, &o, NULL) == NULL);

	/* the defaults: built-in hints, Debian's root key; no traffic */
	if (access("/usr/share/dns/root.key", R_OK) == 0) {
		e = dns_engine_new(n, NULL, &err);
		CHECK(e != NULL && err == NULL);
		dns_engine_free(e);
	}
}

static void
test_forward(struct net *n)
{
	struct responder r;
	struct dns_engine *e;
	struct dns_answer *a;

	CHECK(responder_start(&r, 0) == 0);
	e = forward_engine(n, &r, 3000);
	CHECK(e != NULL);
	if (e == NULL) {
		responder_stop(&r);
		return;
	}

	a = resolve(e, "WWW.Example.Test.", LDNS_RR_TYPE_A);
	CHECK(a != NULL);
	if (a != NULL) {
		CHECK(a->err == DNS_OK);
		CHECK(a->rcode == LDNS_RCODE_NOERROR);
		CHECK(a->sec == DNS_SEC_INSECURE);
		CHECK(a->why_bogus == NULL);
		CHECK_STR(a->qname, "www.example.test");
		CHECK(a->qtype == LDNS_RR_TYPE_A);
		CHECK(a->pkt != NULL);
		CHECK(ldns_rr_list_rr_count(a->rrs) == 1);
		CHECK(ldns_rr_list_rr_count(a->rrs) == 1 &&
		    rr_is_a(ldns_rr_list_rr(a->rrs, 0), "www.example.test.",
		    "198.51.100.1"));
		CHECK(!dns_answer_nodata(a));
	}
	CHECK(r.queries >= 1);

	/* the CNAME chain is followed to the A record */
	a = resolve(e, "alias.example.test", LDNS_RR_TYPE_A);
	CHECK(a != NULL && a->err == DNS_OK);
	CHECK(a != NULL && ldns_rr_list_rr_count(a->rrs) == 1 &&
	    rr_is_a(ldns_rr_list_rr(a->rrs, 0), "www.example.test.",
	    "198.51.100.1"));

	/* NXDOMAIN and NODATA are answers, with no rrs */
	a = resolve(e, "missing.example.test", LDNS_RR_TYPE_A);
	CHECK(a != NULL && a->err == DNS_OK);
	CHECK(a != NULL && a->rcode == LDNS_RCODE_NXDOMAIN);
	CHECK(a != NULL && ldns_rr_list_rr_count(a->rrs) == 0);
	CHECK(dns_answer_nodata(a));

	a = resolve(e, "www.example.test", LDNS_RR_TYPE_AAAA);
	CHECK(a != NULL && a->err == DNS_OK);
	CHECK(a != NULL && a->rcode == LDNS_RCODE_NOERROR);
	CHECK(dns_answer_nodata(a));

	/* SERVFAIL from the forwarder */
	a = resolve(e, "fail.example.test", LDNS_RR_TYPE_A);
	CHECK(a != NULL && a->err == DNS_ERR_SERVFAIL);
	CHECK(a != NULL && a->rcode == LDNS_RCODE_SERVFAIL);
	CHECK(a != NULL && a->sec == DNS_SEC_UNKNOWN);
	CHECK(!dns_answer_nodata(a));

	/* libunbound answers localhost itself, inside ub_resolve_event:
	 * the callback still comes from the loop */
	a = resolve(e, "localhost", LDNS_RR_TYPE_A);
	CHECK(a != NULL && a->err == DNS_OK);
	CHECK(a != NULL && ldns_rr_list_rr_count(a->rrs) == 1 &&
	    rr_is_a(ldns_rr_list_rr(a->rrs, 0), "localhost.", "127.0.0.1"));

	/* bad names are refused up front, without a callback */
	calls = 0;
	CHECK(dns_resolve(e, "a..b", LDNS_RR_TYPE_A, answer_cb, NULL) == -1);
	CHECK(dns_resolve(e, "198.51.100.1", LDNS_RR_TYPE_A, answer_cb, NULL)
	    == -1);
	CHECK(calls == 0);
	CHECK(dns_engine_pending(e) == 0);

	dns_engine_free(e);
	dns_answer_free(got);
	got = NULL;
	responder_stop(&r);
}

static int cancelled;

static void
cancel_cb(void *arg, struct dns_answer *a)
{
	if (a->err == DNS_ERR_CANCELLED)
		cancelled++;
	calls++;
	dns_answer_free(a);
}

static void
test_timeout_and_cancel(struct net *n)
{
	struct responder r;
	struct dns_engine *e;
	struct dns_answer *a;
	int i;

	CHECK(responder_start(&r, 1) == 0);
	e = forward_engine(n, &r, 500);
	CHECK(e != NULL);
	if (e == NULL) {
		responder_stop(&r);
		return;
	}

	a = resolve(e, "www.example.test", LDNS_RR_TYPE_A);
	CHECK(a != NULL && a->err == DNS_ERR_TIMEOUT);
	CHECK(a != NULL && a->sec == DNS_SEC_UNKNOWN);
	CHECK(a != NULL && a->pkt == NULL && a->rrs != NULL &&
	    ldns_rr_list_rr_count(a->rrs) == 0);
	CHECK(a != NULL && a->elapsed_ms >= 490 && a->elapsed_ms < 1000);
	CHECK(a != NULL && a->detail != NULL);
	CHECK(r.queries >= 1);
	CHECK(dns_engine_pending(e) == 0);

	/* many in flight, then free: every one ends as cancelled */
	calls = cancelled = 0;
	for (i = 0; i < 50; i++) {
		char name[64];

		snprintf(name, sizeof(name), "q%d.example.test", i);
		CHECK(dns_resolve(e, name, LDNS_RR_TYPE_A, cancel_cb, NULL)
		    == 0);
	}
	CHECK(dns_engine_pending(e) == 50);
	event_base_loop(base, EVLOOP_NONBLOCK);
	CHECK(calls == 0);
	dns_engine_free(e);
	CHECK(calls == 50 && cancelled == 50);

	dns_answer_free(got);
	got = NULL;
	responder_stop(&r);
}

/* Thousands of queries in flight on one engine: all are accepted at once,
 * each ends in exactly one callback with the responder's answer. */
#define MANY 3000
static int many_done, many_nx, many_all;

static void
many_cb(void *arg, struct dns_answer *a)
{
	many_done++;
	if (a->err == DNS_OK && a->rcode == LDNS_RCODE_NXDOMAIN)
		many_nx++;
	dns_answer_free(a);
	many_all = many_done == MANY;
}

static void
test_many_in_flight(struct net *n)
{
	struct responder r;
	struct dns_engine *e;
	char name[64];
	int i, started = 0;
	size_t peak;

	if (responder_start(&r, 0) != 0) {
		CHECK(0);
		return;
	}
	if ((e = forward_engine(n, &r, 30000)) == NULL) {
		CHECK(0);
		responder_stop(&r);
		return;
	}
	for (i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "q%04d.example.test", i);
		started += dns_resolve(e, name, LDNS_RR_TYPE_A, many_cb, NULL) == 0;
	}
	peak = dns_engine_pending(e);
	CHECK(started == MANY);
	CHECK(peak == MANY);
	run_until(&many_all);
	CHECK(many_done == MANY);
	CHECK(many_nx == MANY);
	CHECK(dns_engine_pending(e) == 0);
	CHECK(r.queries >= MANY);       /* each really went out */
	dns_engine_free(e);
	responder_stop(&r);
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

	test_bad_config(n);
	test_forward(n);
	test_timeout_and_cancel(n);
	test_many_in_flight(n);

	CHECK_STR(dns_err_code(DNS_ERR_TIMEOUT), "timeout");
	net_free(n);
	event_free(watchdog);
	event_base_free(base);
	return unit_done("test_dns_engine");
}
