#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns.h"
#include "http/http.h"
#include "net/curl.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"
#include "gather/digest.h"
#include "gather/gather.h"
#include "net/net.h"
#include "util/arena.h"

struct gather {
	struct gather_env env;
	struct arena *arena;
	struct facts fx;
	int pending;              /* operations in flight + starter references */
	int finished, freed;
	gather_done_cb cb;
	void *cb_arg;
	struct gather_stats st;
	char climb[256];          /* name whose NS set is being asked */
	char caa_climb[256];      /* name whose CAA set is being asked */
	int web_addr_pending;     /* A and AAAA of the web host still out */
	int eps_ready, tlsa_ready, audits_started;
	struct tls_audit_opts audit12_opts;   /* for the follow-up TLS 1.2 audits */
};

/* One outstanding operation and what its answer fills. */
enum op_kind {
	OP_SOA, OP_NS, OP_A, OP_AAAA, OP_HOST_SOA, OP_MX,
	OP_DNSKEY, OP_DS, OP_NSEC3PARAM, OP_DNS_PROBE, OP_TCP_PROBE,
	OP_CAA, OP_TLSA,
};
struct op {
	struct gather *g;
	enum op_kind kind;
	struct fx_host *host;
	struct fx_probe *probe;
};

static void
done_deferred(evutil_socket_t fd, short what, void *arg)
{
	struct gather *g = arg;

	(void)fd;
	(void)what;
	g->st.arena_bytes = arena_used(g->arena);
	g->cb(g->cb_arg, g);
}

static void
gather_destroy(struct gather *g)
{
	size_t i;

	for (i = 0; i < g->fx.n_eps; i++) {
		http_follow_result_free(g->fx.eps[i].http80);
		http_result_free(g->fx.eps[i].https);
		tls_audit_free(g->fx.eps[i].audit);
		tls_audit_free(g->fx.eps[i].audit12);
	}
	arena_free(g->arena);
	free(g);
}

static void
ref(struct gather *g)
{
	g->pending++;
}

static void
unref(struct gather *g)
{
	if (--g->pending > 0)
		return;
	if (g->freed) {
		gather_destroy(g);
		return;
	}
	g->finished = 1;
	/* Always report from the loop, never from inside a caller's frame. */
	if (event_base_once(net_base(g->env.net), -1, EV_TIMEOUT, done_deferred,
	    g, NULL) != 0)
		g->cb(g->cb_arg, g);
}

static struct op *
op_new(struct gather *g, enum op_kind kind, struct fx_host *h)
{
	struct op *o = arena_alloc(g->arena, sizeof(*o));

	if (o == NULL) {
		g->st.out_of_memory = 1;
		return NULL;
	}
	o->g = g;
	o->kind = kind;
	o->host = h;
	return o;
}

static void dns_done(void *arg, struct dns_answer *a);
static void start_audits(struct gather *g);

static void
resolve(struct gather *g, enum op_kind kind, struct fx_host *h, const char *name,
    uint16_t qtype)
{
	struct op *o = op_new(g, kind, h);

	if (o == NULL)
		return;
	ref(g);
	g->st.dns_queries++;
	if (dns_resolve(g->env.dns, name, qtype, dns_done, o) != 0) {
		g->st.out_of_memory = 1;
		unref(g);
	}
}

static void
fill_lookup(struct gather *g, struct fx_lookup *lk, const struct dns_answer *a)
{
	lk->done = 1;
	lk->err = a->err;
	lk->rcode = a->rcode;
	lk->sec = a->sec;
	lk->elapsed_ms = a->elapsed_ms;
	if (a->why_bogus != NULL)
		lk->why_bogus = arena_strdup(g->arena, a->why_bogus);
	if (a->detail != NULL)
		lk->detail = arena_strdup(g->arena, a->detail);
}

/* --- probes ----------------------------------------------------------- */

static void
probe_done_common(struct fx_probe *p, enum net_status st, int err,
    uint32_t elapsed_ms)
{
	p->done = 1;
	p->status = st;
	p->err = err;
	p->elapsed_ms = elapsed_ms;
}

static void
tcp_done(void *arg, const struct net_connect_result *r)
{
	struct op *o = arg;

	probe_done_common(o->probe, r->status, r->err, r->elapsed_ms);
	unref(o->g);
}

static void
dnsprobe_done(void *arg, const struct net_dns_result *r)
{
	struct op *o = arg;
	struct dns_wire_reply rep;

	probe_done_common(o->probe, r->status, r->err, r->elapsed_ms);
	o->probe->over_tcp = r->over_tcp;
	if (r->status == NET_OK) {
		if (dns_wire_parse_reply(r->wire, r->wire_len, &rep) == 0)
			o->probe->rcode = rep.rcode;
		else
			o->probe->status = NET_BADREPLY;
	}
	unref(o->g);
}

/* Probe every IPv6 address of h: a DNS query for the tested name (name
 * servers) or TCP connects to the given ports. */
static void
probe_host_v6(struct gather *g, struct fx_host *h, enum op_kind kind,
    const uint16_t *ports, size_t n_ports)
{
	size_t i, j, k = 0;
	uint8_t q[512];
	int qlen = 0;

	if (h->n_v6 == 0)
		return;
	h->probes = arena_alloc(g->arena, h->n_v6 * n_ports * sizeof(*h->probes));
	if (h->probes == NULL) {
		g->st.out_of_memory = 1;
		return;
	}
	if (kind == OP_DNS_PROBE) {
		qlen = dns_wire_query(q, sizeof(q), g->fx.domain, LDNS_RR_TYPE_SOA,
		    (uint16_t)arc4random_uniform(65536));
		if (qlen < 0)
			return;
	}
	for (i = 0; i < h->n_v6; i++) {
		for (j = 0; j < n_ports; j++) {
			struct fx_probe *p = &h->probes[k++];
			struct op *o = op_new(g, kind, h);

			p->addr = h->v6[i];
			p->port = ports[j];
			p->rcode = -1;
			h->n_probes = k;
			if (o == NULL)
				return;
			o->probe = p;
			ref(g);
			if (kind == OP_DNS_PROBE) {
				g->st.dns_probes++;
				if (net_dns_query(g->env.net, &p->addr, p->port, q,
				    (size_t)qlen, g->env.probe_timeout_ms, dnsprobe_done, o) != 0)
					unref(g);
			} else {
				g->st.tcp_probes++;
				if (net_tcp_probe(g->env.net, &p->addr, p->port,
				    g->env.probe_timeout_ms, tcp_done, o) != 0)
					unref(g);
			}
		}
	}
}

/* --- answers ---------------------------------------------------------- */

static void
start_host(struct gather *g, struct fx_host *h, int want_soa)
{
	resolve(g, OP_A, h, h->name, LDNS_RR_TYPE_A);
	resolve(g, OP_AAAA, h, h->name, LDNS_RR_TYPE_AAAA);
	if (want_soa)
		resolve(g, OP_HOST_SOA, h, h->name, LDNS_RR_TYPE_SOA);
}

static void
start_zone_algo(struct gather *g)
{
	const char *z = g->fx.zone[0] ? g->fx.zone : ".";

	resolve(g, OP_DNSKEY, NULL, z, LDNS_RR_TYPE_DNSKEY);
	if (g->fx.zone[0])
		resolve(g, OP_DS, NULL, z, LDNS_RR_TYPE_DS);
	resolve(g, OP_NSEC3PARAM, NULL, z, LDNS_RR_TYPE_NSEC3PARAM);
}

static void
on_ns(struct gather *g, struct dns_answer *a)
{
	size_t i;
	const char *dot;

	if (a->err == DNS_OK && a->sec != DNS_SEC_BOGUS &&
	    ldns_rr_list_rr_count(a->rrs) == 0 &&
	    (a->rcode == LDNS_RCODE_NOERROR || a->rcode == LDNS_RCODE_NXDOMAIN) &&
	    g->climb[0] != '\0') {
		/* No NS set here: climb one label towards the root. */
		dot = strchr(g->climb, '.');
		memmove(g->climb, dot ? dot + 1 : "", dot ? strlen(dot + 1) + 1 : 1);
		resolve(g, OP_NS, NULL, g->climb[0] ? g->climb : ".", LDNS_RR_TYPE_NS);
		return;
	}
	fill_lookup(g, &g->fx.ns_lk, a);
	if (ldns_rr_list_rr_count(a->rrs) == 0)
		return;
	if ((g->fx.zone = arena_strdup(g->arena, g->climb)) == NULL ||
	    fx_digest_ns(g->arena, &g->fx, a->rrs) != 0)
		g->st.out_of_memory = 1;
	for (i = 0; i < g->fx.n_ns; i++)
		start_host(g, &g->fx.ns[i], 0);
	if (g->fx.zone != NULL)
		start_zone_algo(g);
}

static void
on_mx(struct gather *g, struct dns_answer *a)
{
	size_t i;

	fill_lookup(g, &g->fx.mx_lk, a);
	if (a->err != DNS_OK || a->sec == DNS_SEC_BOGUS ||
	    (a->rcode != LDNS_RCODE_NOERROR && a->rcode != LDNS_RCODE_NXDOMAIN))
		return;
	if (fx_digest_mx(g->arena, &g->fx, a->rrs) != 0)
		g->st.out_of_memory = 1;
	for (i = 0; i < g->fx.n_mx; i++)
		start_host(g, &g->fx.mx[i], 1);
}

static void
on_algo(struct gather *g, enum op_kind kind, struct dns_answer *a)
{
	struct fx_zone_algo *z = &g->fx.algo;
	int rc;

	if (kind == OP_DNSKEY) {
		fill_lookup(g, &z->dnskey_lk, a);
		rc = fx_digest_dnskeys(g->arena, z, a->rrs);
	} else if (kind == OP_DS) {
		fill_lookup(g, &z->ds_lk, a);
		rc = fx_digest_ds(g->arena, z, a->rrs);
	} else {
		fill_lookup(g, &z->nsec3p_lk, a);
		rc = fx_digest_nsec3param(g->arena, z, a->rrs);
	}
	if (rc != 0)
		g->st.out_of_memory = 1;
}

/* CAA: the closest RRset at the name or a parent, stopping below the root
 * (RFC 8659 §3). */
static void
on_caa(struct gather *g, struct dns_answer *a)
{
	struct fx_caa *c = &g->fx.caa;
	const char *dot;

	if (a->err == DNS_OK && a->sec != DNS_SEC_BOGUS &&
	    ldns_rr_list_rr_count(a->rrs) == 0 &&
	    (a->rcode == LDNS_RCODE_NOERROR || a->rcode == LDNS_RCODE_NXDOMAIN) &&
	    (dot = strchr(g->caa_climb, '.')) != NULL) {
		memmove(g->caa_climb, dot + 1, strlen(dot + 1) + 1);
		resolve(g, OP_CAA, NULL, g->caa_climb, LDNS_RR_TYPE_CAA);
		return;
	}
	fill_lookup(g, &c->lk, a);
	if (ldns_rr_list_rr_count(a->rrs) == 0)
		return;
	if ((c->owner = arena_strdup(g->arena, g->caa_climb)) == NULL ||
	    fx_digest_caa(g->arena, c, a->rrs) != 0)
		g->st.out_of_memory = 1;
}

static void
on_tlsa(struct gather *g, struct dns_answer *a)
{
	struct fx_tlsa *t = &g->fx.tlsa;

	fill_lookup(g, &t->lk, a);
	if (fx_digest_tlsa(g->arena, t, a->rrs) != 0)
		g->st.out_of_memory = 1;
	g->tlsa_ready = 1;
	start_audits(g);
}

/* --- web endpoints -------------------------------------------------------- */

struct ep_op {
	struct gather *g;
	struct fx_web_ep *ep;
	int tls12;                /* the TLS 1.2 audit */
};

static void
http80_done(void *arg, struct http_follow_result *fr)
{
	struct ep_op *o = arg;

	if (o->g->freed)
		http_follow_result_free(fr);
	else
		o->ep->http80 = fr;
	unref(o->g);
}

static void
https_done(void *arg, struct http_result *r)
{
	struct ep_op *o = arg;

	if (o->g->freed)
		http_result_free(r);
	else
		o->ep->https = r;
	unref(o->g);
}

static void start_audit(struct gather *g, struct fx_web_ep *ep,
    const struct tls_audit_opts *ao, int tls12);

static void
scan_done(void *arg, const struct tls_scan *s)
{
	struct ep_op *o = arg;

	if (!o->g->freed &&
	    (o->ep->scan = arena_alloc(o->g->arena, sizeof(*s))) != NULL) {
		memcpy(o->ep->scan, s, sizeof(*s));
		o->g->st.tls_connections += s->connections;
	}
	unref(o->g);
}

static void
audit_done(void *arg, struct tls_audit *a)
{
	struct ep_op *o = arg;

	if (o->g->freed) {
		tls_audit_free(a);
	} else {
		*(o->tls12 ? &o->ep->audit12 : &o->ep->audit) = a;
		o->g->st.tls_connections += a->conns;
		/* Renegotiation exists up to TLS 1.2 only: when the server chose
		 * TLS 1.3, one more handshake capped at 1.2 asks it too. */
		if (!o->tls12 && a->hs.code == TLS_AUDIT_OK && a->version == TLS_V1_3)
			start_audit(o->g, o->ep, &o->g->audit12_opts, 1);
	}
	unref(o->g);
}

static struct ep_op *
ep_op_new(struct gather *g, struct fx_web_ep *ep)
{
	struct ep_op *o = arena_alloc(g->arena, sizeof(*o));

	if (o == NULL) {
		g->st.out_of_memory = 1;
		return NULL;
	}
	o->g = g;
	o->ep = ep;
	return o;
}

static void
start_audit(struct gather *g, struct fx_web_ep *ep, const struct tls_audit_opts *ao,
    int tls12)
{
	struct ep_op *o = ep_op_new(g, ep);

	if (o == NULL)
		return;
	o->tls12 = tls12;
	ref(g);
	if (tls_audit_start(g->env.net, &ep->addr, 443, ao, audit_done, o) == NULL) {
		g->st.out_of_memory = 1;
		unref(g);
	}
}

/* The OpenSSL audits need the TLSA records (DANE), so they start once both
 * the endpoints and the TLSA answer are known. */
static void
start_audits(struct gather *g)
{
	struct tls_audit_tlsa tlsa[TLS_AUDIT_TLSA_MAX];
	struct tls_audit_opts ao, ao12;
	size_t i, n = 0;

	if (!g->eps_ready || !g->tlsa_ready || g->audits_started)
		return;
	g->audits_started = 1;
	if (g->fx.tlsa.lk.sec == DNS_SEC_SECURE)
		for (i = 0; i < g->fx.tlsa.n && n < TLS_AUDIT_TLSA_MAX; i++, n++) {
			tlsa[n].usage = g->fx.tlsa.rrs[i].usage;
			tlsa[n].selector = g->fx.tlsa.rrs[i].selector;
			tlsa[n].mtype = g->fx.tlsa.rrs[i].mtype;
			tlsa[n].data = g->fx.tlsa.rrs[i].data;
			tlsa[n].len = g->fx.tlsa.rrs[i].len;
		}
	memset(&ao, 0, sizeof(ao));
	ao.sni = g->fx.domain;
	ao.ca_file = g->env.ca_file;
	ao.tlsa = n ? tlsa : NULL;
	ao.n_tlsa = n;
	ao.probes = TLS_PROBE_RENEG | TLS_PROBE_0RTT;
	ao.timeout_ms = g->env.probe_timeout_ms;
	ao12 = ao;
	ao12.max_version = TLS_V1_2;
	ao12.probes = TLS_PROBE_RENEG;
	ao12.tlsa = NULL;
	ao12.n_tlsa = 0;
	g->audit12_opts = ao12;
	for (i = 0; i < g->fx.n_eps; i++)
		start_audit(g, &g->fx.eps[i], &ao, 0);
}

/* Request headers of the HTTPS fetch: ask for compression to see whether
 * the server compresses (BREACH); the body is never decoded. */
static const char *const https_headers[] = {
	"Accept-Encoding: gzip, deflate, br",
	"Accept: text/html,*/*;q=0.8",
	NULL,
};

static void
start_endpoint(struct gather *g, struct fx_web_ep *ep)
{
	struct http_req req;
	struct ep_op *o;
	char *url80, *url443;

	struct tls_scan_opts so;

	memset(&so, 0, sizeof(so));
	so.timeout_ms = g->env.probe_timeout_ms;
	if ((o = ep_op_new(g, ep)) != NULL) {
		ref(g);
		if (tls_scan_start(g->env.net, &ep->addr, 443, g->fx.domain, &so,
		    scan_done, o) == NULL) {
			g->st.out_of_memory = 1;
			unref(g);
		}
	}
	if (g->env.curl == NULL)
		return;
	url80 = arena_printf(g->arena, "http://%s/", g->fx.domain);
	url443 = arena_printf(g->arena, "https://%s/", g->fx.domain);
	if (url80 == NULL || url443 == NULL) {
		g->st.out_of_memory = 1;
		return;
	}
	memset(&req, 0, sizeof(req));
	req.addr = ep->addr;
	req.timeout_ms = g->env.http_timeout_ms;
	req.max_body = 256 * 1024;
	req.url = url80;
	if ((o = arena_alloc(g->arena, sizeof(*o))) != NULL) {
		o->g = g;
		o->ep = ep;
		ref(g);
		g->st.http_fetches++;
		if (http_follow(g->env.curl, &req, 10, http80_done, o) != 0)
			unref(g);
	}
	req.url = url443;
	req.http2 = 1;
	req.headers = https_headers;
	if ((o = arena_alloc(g->arena, sizeof(*o))) != NULL) {
		o->g = g;
		o->ep = ep;
		ref(g);
		g->st.http_fetches++;
		if (http_fetch(g->env.curl, &req, https_done, o) != 0)
			unref(g);
	}
}

/* Once both address lookups of the web host are in: one endpoint per
 * address, IPv4 first. */
static void
start_endpoints(struct gather *g)
{
	struct facts *fx = &g->fx;
	size_t i, n = fx->web.n_v4 + fx->web.n_v6;

	fx->n_eps_total = n;
	if (n > FX_MAX_EPS)
		n = FX_MAX_EPS;
	if (n == 0)
		return;
	if ((fx->eps = arena_alloc(g->arena, n * sizeof(*fx->eps))) == NULL) {
		g->st.out_of_memory = 1;
		return;
	}
	for (i = 0; i < fx->web.n_v4 && fx->n_eps < n; i++)
		fx->eps[fx->n_eps++].addr = fx->web.v4[i];
	for (i = 0; i < fx->web.n_v6 && fx->n_eps < n; i++)
		fx->eps[fx->n_eps++].addr = fx->web.v6[i];
	for (i = 0; i < fx->n_eps; i++)
		start_endpoint(g, &fx->eps[i]);
	g->eps_ready = 1;
	start_audits(g);
}

static const uint16_t smtp_ports[] = { 25 };
static const uint16_t dns_ports[] = { 53 };

static void
dns_done(void *arg, struct dns_answer *a)
{
	struct op *o = arg;
	struct gather *g = o->g;
	struct fx_host *h = o->host;

	/* A cancelled or abandoned run starts nothing new: the engine may be
	 * tearing down. */
	if (g->freed || a->err == DNS_ERR_CANCELLED) {
		dns_answer_free(a);
		unref(g);
		return;
	}
	switch (o->kind) {
	case OP_SOA:
		fill_lookup(g, &g->fx.soa_lk, a);
		break;
	case OP_NS:
		on_ns(g, a);
		break;
	case OP_MX:
		on_mx(g, a);
		break;
	case OP_A:
		fill_lookup(g, &h->a_lk, a);
		if (fx_digest_addrs(g->arena, h, a->rrs, 0) != 0)
			g->st.out_of_memory = 1;
		if (h == &g->fx.web && g->fx.kind == FX_WEB &&
		    --g->web_addr_pending == 0)
			start_endpoints(g);
		break;
	case OP_AAAA:
		fill_lookup(g, &h->aaaa_lk, a);
		if (fx_digest_addrs(g->arena, h, a->rrs, 1) != 0)
			g->st.out_of_memory = 1;
		if (h == &g->fx.web) {
			/* No connects of its own: the endpoints' HTTP and
			 * HTTPS fetches show whether 80 and 443 answer. */
			if (g->fx.kind == FX_WEB && --g->web_addr_pending == 0)
				start_endpoints(g);
		} else if (g->fx.kind == FX_MAIL && h >= g->fx.mx &&
		    h < g->fx.mx + g->fx.n_mx) {
			probe_host_v6(g, h, OP_TCP_PROBE, smtp_ports, 1);
		} else {
			probe_host_v6(g, h, OP_DNS_PROBE, dns_ports, 1);
		}
		break;
	case OP_HOST_SOA:
		fill_lookup(g, &h->soa_lk, a);
		break;
	case OP_DNSKEY:
	case OP_DS:
	case OP_NSEC3PARAM:
		on_algo(g, o->kind, a);
		break;
	case OP_CAA:
		on_caa(g, a);
		break;
	case OP_TLSA:
		on_tlsa(g, a);
		break;
	case OP_DNS_PROBE:
	case OP_TCP_PROBE:
		break;
	}
	dns_answer_free(a);
	unref(g);
}

struct gather *
gather_start(const struct gather_env *env, enum fx_kind kind, const char *domain,
    gather_done_cb cb, void *arg)
{
	struct gather *g = calloc(1, sizeof(*g));

	if (g == NULL)
		return NULL;
	g->env = *env;
	if (g->env.probe_timeout_ms == 0)
		g->env.probe_timeout_ms = 5000;
	if (g->env.http_timeout_ms == 0)
		g->env.http_timeout_ms = 10000;
	g->cb = cb;
	g->cb_arg = arg;
	if ((g->arena = arena_new(env->arena_cap)) == NULL ||
	    (g->fx.domain = arena_strdup(g->arena, domain)) == NULL ||
	    strlen(domain) >= sizeof(g->climb)) {
		gather_destroy(g);
		return NULL;
	}
	g->fx.kind = kind;
	g->fx.zone = "";
	memcpy(g->climb, domain, strlen(domain) + 1);

	ref(g);
	resolve(g, OP_SOA, NULL, domain, LDNS_RR_TYPE_SOA);
	resolve(g, OP_NS, NULL, domain, LDNS_RR_TYPE_NS);
	if (kind == FX_WEB) {
		g->fx.web.name = g->fx.domain;
		g->web_addr_pending = 2;
		start_host(g, &g->fx.web, 0);
		memcpy(g->caa_climb, domain, strlen(domain) + 1);
		resolve(g, OP_CAA, NULL, domain, LDNS_RR_TYPE_CAA);
		g->fx.tlsa.owner = arena_printf(g->arena, "_443._tcp.%s", domain);
		if (g->fx.tlsa.owner != NULL)
			resolve(g, OP_TLSA, NULL, g->fx.tlsa.owner, LDNS_RR_TYPE_TLSA);
	} else {
		resolve(g, OP_MX, NULL, domain, LDNS_RR_TYPE_MX);
	}
	unref(g);
	return g;
}

const struct facts *
gather_facts(const struct gather *g)
{
	return &g->fx;
}

void
gather_stats(const struct gather *g, struct gather_stats *st)
{
	*st = g->st;
	st->arena_bytes = arena_used(g->arena);
}

void
gather_free(struct gather *g)
{
	if (g == NULL)
		return;
	if (g->pending > 0 || !g->finished) {
		g->freed = 1;
		if (g->pending > 0)
			return;
	}
	gather_destroy(g);
}
