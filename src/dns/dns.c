/*
 * dns.c: the resolution engine on libunbound's event API.
 *
 * Each dns_resolve() is one struct dns_query on the engine's list, with one
 * libevent event that serves first as its deadline and then as the trigger
 * that delivers the answer. libunbound may call back from inside
 * ub_resolve_event() (cache, local zones) and always calls back from deep
 * inside its own state machine; we only store the answer there and deliver
 * it from our own event, so user callbacks never run inside libunbound and
 * may freely start queries or free the engine.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <unbound.h>
#include <unbound-event.h>

#include "dns/dns.h"
#include "net/net.h"
#include "util/clock.h"

#define DNS_DEFAULT_TIMEOUT_MS  10000
#define DNS_DEBIAN_ROOT_KEY     "/usr/share/dns/root.key"
#define DNS_CNAME_HOPS_MAX      16
/* Our checks put thousands of queries in flight at once; libunbound's
 * default of 1024 per thread would make it drop the excess. */
#define DNS_QUERIES_PER_THREAD  "4096"
#define DNS_MAX_ACTIVE          1024   /* queries inside libunbound at once */
/* UDP queries libunbound may have out at once (its own sockets); past it
 * they wait inside libunbound, and with a 50 ms round trip a few hundred
 * domains in flight already wait longer than the lookup deadline. */
#define DNS_OUTGOING_RANGE      "8192"

enum query_state {
	Q_WAITING,      /* queued: too many queries inside libunbound */
	Q_RESOLVING,    /* inside libunbound, deadline armed */
	Q_ANSWERED,     /* answer stored, delivery event active */
};

struct dns_query {
	struct dns_engine *engine;
	struct dns_query *prev, *next;
	struct dns_query *wnext;    /* the wait queue */
	enum query_state state;
	int active;                 /* counted in engine->nactive */
	int async_id;
	struct event *ev;
	struct timespec start;
	dns_cb cb;
	void *arg;
	struct dns_answer *answer;  /* allocated up front: delivery never fails */
};

struct dns_engine {
	struct event_base *base;
	struct ub_ctx *ctx;
	uint32_t timeout_ms;
	int no_validation;
	int freeing;
	struct dns_query *pending;
	size_t npending;
	/* At most DNS_MAX_ACTIVE queries are inside libunbound at once; more
	 * wait here, in order. Past num-queries-per-thread libunbound would
	 * drop ("jostle") its oldest queries instead. */
	size_t nactive;
	struct dns_query *whead, *wtail;
};

static char *str_fmt(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static char *
str_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	if (vsnprintf(s, (size_t)n + 1, fmt, ap) != n) {
		free(s);
		s = NULL;
	}
	va_end(ap);
	return s;
}

/* --- answers -------------------------------------------------------------- */

int
dns_answer_nodata(const struct dns_answer *a)
{
	if (a == NULL || a->err != DNS_OK || a->sec == DNS_SEC_BOGUS)
		return 0;
	if (a->rcode == LDNS_RCODE_NXDOMAIN)
		return 1;
	return a->rcode == LDNS_RCODE_NOERROR &&
	    ldns_rr_list_rr_count(a->rrs) == 0;
}

void
dns_answer_free(struct dns_answer *a)
{
	if (a == NULL)
		return;
	free(a->why_bogus);
	free(a->detail);
	free(a->qname);
	ldns_pkt_free(a->pkt);
	ldns_rr_list_deep_free(a->rrs);
	free(a);
}

/* Drop whatever an answer holds, keeping qname and the (empty) rrs list. */
static void
answer_clear(struct dns_answer *a, enum dns_err err)
{
	ldns_rr *rr;

	free(a->why_bogus);
	free(a->detail);
	ldns_pkt_free(a->pkt);
	a->why_bogus = a->detail = NULL;
	a->pkt = NULL;
	while ((rr = ldns_rr_list_pop_rr(a->rrs)) != NULL)
		ldns_rr_free(rr);
	a->err = err;
	a->rcode = 0;
	a->sec = DNS_SEC_UNKNOWN;
}

/*
 * Keep the answer RRs of qtype owned by the name the CNAME chain in the
 * answer section leads to (unbound synthesises CNAMEs for DNAMEs).
 */
static int
answer_collect(struct dns_answer *a)
{
	ldns_rr_list *an = ldns_pkt_answer(a->pkt);
	ldns_rdf *asked, *cur;
	size_t i, count = ldns_rr_list_rr_count(an);
	int hops, rc = 0;

	if (ldns_str2rdf_dname(&asked, a->qname) != LDNS_STATUS_OK)
		return -1;
	cur = asked;
	for (hops = 0; a->qtype != LDNS_RR_TYPE_CNAME &&
	    hops < DNS_CNAME_HOPS_MAX; hops++) {
		ldns_rdf *next = NULL;

		for (i = 0; i < count; i++) {
			ldns_rr *rr = ldns_rr_list_rr(an, i);

			if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME &&
			    ldns_rr_rd_count(rr) > 0 &&
			    ldns_dname_compare(ldns_rr_owner(rr), cur) == 0) {
				next = ldns_rr_rdf(rr, 0);
				break;
			}
		}
		if (next == NULL)
			break;
		cur = next;
	}
	for (i = 0; i < count; i++) {
		ldns_rr *rr = ldns_rr_list_rr(an, i), *copy;

		if (ldns_rr_get_type(rr) != a->qtype ||
		    ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
		    ldns_dname_compare(ldns_rr_owner(rr), cur) != 0)
			continue;
		if ((copy = ldns_rr_clone(rr)) == NULL ||
		    !ldns_rr_list_push_rr(a->rrs, copy)) {
			ldns_rr_free(copy);
			rc = -1;
			break;
		}
	}
	ldns_rdf_deep_free(asked);
	return rc;
}

/* Turn what libunbound handed us into a dns_answer (see dns.h). */
static void
answer_fill(int no_validation, struct dns_answer *a, int rcode,
    const void *packet, int len, int sec, const char *why_bogus,
    int ratelimited)
{
	ldns_status st;

	if (rcode != 0) {
		/* libunbound's "error" rcode; the packet is not to be read. */
		a->rcode = rcode;
		a->err = rcode == LDNS_RCODE_REFUSED ? DNS_ERR_REFUSED :
		    DNS_ERR_SERVFAIL;
		if (ratelimited)
			a->detail = str_fmt("the resolver rate-limited the "
			    "query");
		else if (rcode != LDNS_RCODE_SERVFAIL &&
		    rcode != LDNS_RCODE_REFUSED)
			a->detail = str_fmt("resolution failed with rcode %d",
			    rcode);
		return;
	}
	if (packet == NULL || len <= 0) {
		a->err = DNS_ERR_BADREPLY;
		a->detail = str_fmt("libunbound gave no answer packet");
		return;
	}
	st = ldns_wire2pkt(&a->pkt, packet, (size_t)len);
	if (st != LDNS_STATUS_OK) {
		a->pkt = NULL;
		a->err = DNS_ERR_BADREPLY;
		a->detail = str_fmt("cannot parse the answer: %s",
		    ldns_get_errorstr_by_id(st));
		return;
	}
	a->err = DNS_OK;
	a->rcode = ldns_pkt_get_rcode(a->pkt);
	if (no_validation)
		a->sec = DNS_SEC_INSECURE;
	else if (sec == 2)
		a->sec = DNS_SEC_SECURE;
	else if (sec == 1)
		a->sec = DNS_SEC_BOGUS;
	else
		a->sec = DNS_SEC_INSECURE;

	if (a->sec == DNS_SEC_BOGUS) {
		/* What a validating resolver tells a stub; the bogus reply
		 * itself stays in pkt for diagnosis. */
		a->rcode = LDNS_RCODE_SERVFAIL;
		a->why_bogus = strdup(why_bogus != NULL && why_bogus[0] != '\0'
		    ? why_bogus : "validation failed (no reason given)");
		if (a->why_bogus == NULL)
			answer_clear(a, DNS_ERR_NOMEM);
		return;
	}
	if (a->rcode == LDNS_RCODE_SERVFAIL || a->rcode == LDNS_RCODE_REFUSED) {
		a->err = a->rcode == LDNS_RCODE_REFUSED ? DNS_ERR_REFUSED :
		    DNS_ERR_SERVFAIL;
		a->sec = DNS_SEC_UNKNOWN;
		return;
	}
	if (answer_collect(a) != 0) {
		answer_clear(a, DNS_ERR_NOMEM);
		return;
	}
	/* An RRset too large for one message reaches us as a truncated,
	 * empty answer (the resolver drops what does not fit): that is no
	 * "there is no such record". */
	if (ldns_pkt_tc(a->pkt) && a->rcode == LDNS_RCODE_NOERROR &&
	    ldns_rr_list_rr_count(a->rrs) == 0 &&
	    ldns_pkt_ancount(a->pkt) == 0) {
		a->err = DNS_ERR_BADREPLY;
		a->detail = str_fmt("the answer was truncated: its records do not "
		    "fit in one DNS message");
	}
}

static struct dns_answer *
answer_new(const char *qname, uint16_t qtype)
{
	struct dns_answer *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	if ((a->qname = strdup(qname)) == NULL ||
	    (a->rrs = ldns_rr_list_new()) == NULL) {
		dns_answer_free(a);
		return NULL;
	}
	a->qtype = qtype;
	a->sec = DNS_SEC_UNKNOWN;
	return a;
}

struct dns_answer *
dns_answer_from_wire(const char *qname, uint16_t qtype, const uint8_t *wire,
    size_t len, int ub_sec, const char *why_bogus)
{
	struct dns_answer *a;
	char norm[256];
	const char *why;

	if (dns_name_normalise(qname, norm, sizeof(norm), &why) != 0 ||
	    len > 65535 || (a = answer_new(norm, qtype)) == NULL)
		return NULL;
	answer_fill(0, a, 0, wire, (int)len, ub_sec, why_bogus, 0);
	return a;
}

/* --- queries -------------------------------------------------------------- */

static void
query_unlink(struct dns_query *q)
{
	struct dns_engine *e = q->engine;

	if (q->prev != NULL)
		q->prev->next = q->next;
	else if (e->pending == q)
		e->pending = q->next;
	if (q->next != NULL)
		q->next->prev = q->prev;
	q->prev = q->next = NULL;
	e->npending--;
}

static void
query_free(struct dns_query *q)
{
	if (q->ev != NULL)
		event_free(q->ev);
	dns_answer_free(q->answer);
	free(q);
}

static void query_submit(struct dns_query *q);

/* Hand waiting queries to libunbound while there is room (from the loop
 * only: libunbound is not re-entered from its own callbacks). */
static void
engine_pump(struct dns_engine *e)
{
	struct dns_query *q;

	while (!e->freeing && e->nactive < DNS_MAX_ACTIVE &&
	    (q = e->whead) != NULL) {
		e->whead = q->wnext;
		if (e->whead == NULL)
			e->wtail = NULL;
		q->wnext = NULL;
		query_submit(q);
	}
}

/* The single end of every query: unlink, free, then call back. */
static void
query_deliver(struct dns_query *q)
{
	struct dns_answer *a = q->answer;
	struct dns_engine *e = q->engine;
	dns_cb cb = q->cb;
	void *arg = q->arg;

	if (q->active) {
		q->active = 0;
		e->nactive--;
	}
	query_unlink(q);
	a->elapsed_ms = clock_elapsed_ms(&q->start);
	q->answer = NULL;
	query_free(q);
	engine_pump(e);
	cb(arg, a);
}

/* Store the outcome and let the loop deliver it. */
static void
query_answered(struct dns_query *q)
{
	q->state = Q_ANSWERED;
	(void)evtimer_del(q->ev);
	event_active(q->ev, EV_TIMEOUT, 1);
}

static void
query_ub_cb(void *arg, int rcode, void *packet, int len, int sec,
    char *why_bogus, int ratelimited)
{
	struct dns_query *q = arg;

	if (q->state != Q_RESOLVING)
		return;
	answer_fill(q->engine->no_validation, q->answer, rcode, packet, len,
	    sec, why_bogus, ratelimited);
	query_answered(q);
}

static void
query_event_cb(evutil_socket_t fd, short what, void *arg)
{
	struct dns_query *q = arg;
	struct dns_engine *e = q->engine;

	if (q->state == Q_RESOLVING) {
		/* Deadline. Once cancelled, libunbound never calls back for
		 * this id; an unknown id means it already has. */
		(void)ub_cancel(e->ctx, q->async_id);
		answer_clear(q->answer, DNS_ERR_TIMEOUT);
		q->answer->detail = str_fmt("no answer within %u ms",
		    (unsigned)e->timeout_ms);
	}
	query_deliver(q);
}

/* Into libunbound, with its deadline. */
static void
query_submit(struct dns_query *q)
{
	struct dns_engine *e = q->engine;
	struct dns_answer *a = q->answer;
	struct timeval tv;
	int r;

	q->state = Q_RESOLVING;
	q->active = 1;
	e->nactive++;
	/* May call query_ub_cb before it returns (cache, local zones). */
	r = ub_resolve_event(e->ctx, a->qname, a->qtype, LDNS_RR_CLASS_IN, q,
	    query_ub_cb, &q->async_id);
	if (q->state != Q_RESOLVING)
		return;
	if (r != 0) {
		answer_clear(a, DNS_ERR_RESOLVER);
		a->detail = str_fmt("libunbound: %s", ub_strerror(r));
		query_answered(q);
		return;
	}
	tv.tv_sec = e->timeout_ms / 1000;
	tv.tv_usec = (suseconds_t)(e->timeout_ms % 1000) * 1000;
	if (evtimer_add(q->ev, &tv) != 0) {
		(void)ub_cancel(e->ctx, q->async_id);
		answer_clear(a, DNS_ERR_RESOLVER);
		a->detail = str_fmt("cannot arm the query deadline");
		query_answered(q);
	}
}

int
dns_resolve(struct dns_engine *e, const char *name, uint16_t qtype,
    dns_cb cb, void *arg)
{
	struct dns_query *q;
	const char *why;
	char norm[256];

	if (e == NULL || e->freeing || cb == NULL)
		return -1;
	if (dns_name_normalise(name, norm, sizeof(norm), &why) != 0)
		return -1;
	if ((q = calloc(1, sizeof(*q))) == NULL)
		return -1;
	if ((q->answer = answer_new(norm, qtype)) == NULL ||
	    (q->ev = evtimer_new(e->base, query_event_cb, q)) == NULL) {
		query_free(q);
		return -1;
	}
	q->engine = e;
	q->cb = cb;
	q->arg = arg;
	clock_start(&q->start);
	q->next = e->pending;
	if (e->pending != NULL)
		e->pending->prev = q;
	e->pending = q;
	e->npending++;
	if (e->nactive < DNS_MAX_ACTIVE && e->whead == NULL) {
		query_submit(q);
		return 0;
	}
	q->state = Q_WAITING;
	if (e->wtail != NULL)
		e->wtail->wnext = q;
	else
		e->whead = q;
	e->wtail = q;
	return 0;
}

size_t
dns_engine_pending(const struct dns_engine *e)
{
	return e == NULL ? 0 : e->npending;
}

/* --- engine --------------------------------------------------------------- */

static int
file_readable(const char *path, const char *what, char **err)
{
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		*err = str_fmt("cannot read %s %s: %s", what, path,
		    strerror(errno));
		return -1;
	}
	fclose(f);
	return 0;
}

/* "addr" or "addr@port", as ub_ctx_set_fwd takes it; sets *loopback. */
static int
resolver_check(const char *spec, int *loopback, char **err)
{
	char host[64];
	const char *at = strchr(spec, '@');
	size_t hl = at != NULL ? (size_t)(at - spec) : strlen(spec);
	struct net_addr addr;

	if (at != NULL) {
		char *end;
		long port;

		errno = 0;
		port = strtol(at + 1, &end, 10);
		if (at[1] == '\0' || *end != '\0' || errno != 0 ||
		    port < 1 || port > 65535) {
			*err = str_fmt("bad resolver port in \"%s\"", spec);
			return -1;
		}
	}
	if (hl >= sizeof(host)) {
		*err = str_fmt("resolver must be an IP address: \"%s\"", spec);
		return -1;
	}
	memcpy(host, spec, hl);
	host[hl] = '\0';
	if (net_addr_parse(&addr, host) != 0) {
		*err = str_fmt("resolver must be an IP address (optionally "
		    "addr@port): \"%s\"", spec);
		return -1;
	}
	if (addr.family == AF_INET)
		*loopback = addr.bytes[0] == 127;
	else if (net_addr_is_v4mapped(&addr))
		*loopback = addr.bytes[12] == 127;
	else
		*loopback = memcmp(addr.bytes, &in6addr_loopback, 16) == 0;
	return 0;
}

static int
engine_option(struct ub_ctx *ctx, const char *opt, const char *val,
    char **err)
{
	int r = ub_ctx_set_option(ctx, opt, val);

	if (r != 0) {
		*err = str_fmt("libunbound option %s %s: %s", opt, val,
		    ub_strerror(r));
		return -1;
	}
	return 0;
}

static void
engine_warmup_cb(void *arg, int rcode, void *packet, int len, int sec,
    char *why_bogus, int ratelimited)
{
}

static int
engine_configure(struct dns_engine *e, const struct dns_engine_opts *o,
    const char *anchor, int loopback, char **err)
{
	struct ub_ctx *ctx = e->ctx;
	int r, id = 0;

	/* val-log-level 2 makes libunbound keep the reason for a bogus
	 * answer (why_bogus); squelch stops it from also printing it. */
	if (engine_option(ctx, "val-log-level:", "2", err) != 0 ||
	    engine_option(ctx, "val-log-squelch:", "yes", err) != 0 ||
	    engine_option(ctx, "num-queries-per-thread:",
	    DNS_QUERIES_PER_THREAD, err) != 0 ||
	    engine_option(ctx, "outgoing-range:", DNS_OUTGOING_RANGE, err) != 0 ||
	    engine_option(ctx, "do-ip6:", "yes", err) != 0)
		return -1;
	if (o->root_hints != NULL &&
	    engine_option(ctx, "root-hints:", o->root_hints, err) != 0)
		return -1;
	for (id = 0; o->do_not_query != NULL && o->do_not_query[id] != NULL; id++)
		if (engine_option(ctx, "do-not-query-address:",
		    o->do_not_query[id], err) != 0)
			return -1;
	id = 0;
	if (o->no_validation) {
		if (engine_option(ctx, "module-config:", "iterator", err) != 0)
			return -1;
	} else if ((r = ub_ctx_add_ta_file(ctx, anchor)) != 0) {
		*err = str_fmt("cannot use trust anchor %s: %s", anchor,
		    ub_strerror(r));
		return -1;
	}
	if (o->resolver != NULL) {
		if ((r = ub_ctx_set_fwd(ctx, o->resolver)) != 0) {
			*err = str_fmt("cannot forward to %s: %s", o->resolver,
			    ub_strerror(r));
			return -1;
		}
		if (loopback && engine_option(ctx, "do-not-query-localhost:",
		    "no", err) != 0)
			return -1;
	}

	/* test. is a built-in static zone in libunbound (RFC 6761); make it
	 * resolve normally so a testbed can delegate it. */
	if (engine_option(ctx, "local-zone:", "test. transparent", err) != 0)
		return -1;
	/* So are the reverse zones of the documentation prefixes (RFC 5737,
	 * RFC 3849), where a testbed's mail servers have their PTRs. */
	if (engine_option(ctx, "local-zone:", "100.51.198.in-addr.arpa. transparent",
	    err) != 0 ||
	    engine_option(ctx, "local-zone:", "8.b.d.0.1.0.0.2.ip6.arpa. transparent",
	    err) != 0)
		return -1;

	/* libunbound reads anchors when finalised and root hints when it
	 * creates its worker, both at the first query. Ask for localhost,
	 * which its local zone answers at once without traffic, so a bad
	 * file is reported here rather than on every query. */
	r = ub_resolve_event(ctx, "localhost.", LDNS_RR_TYPE_A,
	    LDNS_RR_CLASS_IN, NULL, engine_warmup_cb, &id);
	if (r != 0) {
		*err = str_fmt("cannot initialise the resolver (root hints %s, "
		    "trust anchor %s): %s",
		    o->root_hints != NULL ? o->root_hints : "built-in",
		    o->no_validation ? "none" : anchor, ub_strerror(r));
		return -1;
	}
	if (id != 0)
		(void)ub_cancel(ctx, id);
	return 0;
}

struct dns_engine *
dns_engine_new(struct net *n, const struct dns_engine_opts *o, char **err)
{
	static const struct dns_engine_opts defaults;
	struct dns_engine *e = NULL;
	const char *anchor;
	char *msg = NULL;
	int loopback = 0;

	if (o == NULL)
		o = &defaults;
	anchor = o->trust_anchor != NULL ? o->trust_anchor :
	    DNS_DEBIAN_ROOT_KEY;
	if (n == NULL || net_base(n) == NULL) {
		msg = str_fmt("no event loop to run the resolver on");
		goto fail;
	}
	if (o->root_hints != NULL &&
	    file_readable(o->root_hints, "root hints", &msg) != 0)
		goto fail;
	if (!o->no_validation &&
	    file_readable(anchor, "trust anchor", &msg) != 0)
		goto fail;
	if (o->resolver != NULL &&
	    resolver_check(o->resolver, &loopback, &msg) != 0)
		goto fail;

	if ((e = calloc(1, sizeof(*e))) == NULL) {
		msg = str_fmt("out of memory");
		goto fail;
	}
	e->base = net_base(n);
	e->timeout_ms = o->timeout_ms != 0 ? o->timeout_ms :
	    DNS_DEFAULT_TIMEOUT_MS;
	e->no_validation = o->no_validation;
	if ((e->ctx = ub_ctx_create_event(e->base)) == NULL) {
		msg = str_fmt("cannot create the libunbound context: %s",
		    strerror(errno));
		goto fail;
	}
	if (engine_configure(e, o, anchor, loopback, &msg) != 0)
		goto fail;
	if (err != NULL)
		*err = NULL;
	return e;

fail:
	if (e != NULL) {
		if (e->ctx != NULL)
			ub_ctx_delete(e->ctx);
		free(e);
	}
	if (err != NULL)
		*err = msg;
	else
		free(msg);
	return NULL;
}

void
dns_engine_free(struct dns_engine *e)
{
	struct dns_query *q;

	if (e == NULL || e->freeing)
		return;
	e->freeing = 1;
	e->whead = e->wtail = NULL;     /* delivered below with the others */
	while ((q = e->pending) != NULL) {
		if (q->state == Q_RESOLVING)
			(void)ub_cancel(e->ctx, q->async_id);
		answer_clear(q->answer, DNS_ERR_CANCELLED);
		query_deliver(q);
	}
	ub_ctx_delete(e->ctx);
	free(e);
}
