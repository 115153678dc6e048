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
#include "gather/mxcache.h"
#include "gather/scancache.h"
#include "mail/dmarc.h"
#include "mail/orgdom.h"
#include "mail/spf.h"

/* Report categories as bits. An operation carries the categories its
 * answer feeds and those of every step it may start, so a category whose
 * begun and ended counts meet can get no more work. */
enum {
	CAT_IPV6, CAT_DNSSEC, CAT_AUTH, CAT_TLS, CAT_APPSEC, CAT_RPKI, CAT_N
};
#define CAT(c) (1u << CAT_##c)

/* Each kind's categories, in report order (checks/registry.c). */
struct cat_name {
	const char *name;
	unsigned cat;
};
static const struct cat_name web_cats[] = {
	{ "web_ipv6", CAT_IPV6 }, { "web_dnssec", CAT_DNSSEC },
	{ "web_https", CAT_TLS }, { "web_appsecpriv", CAT_APPSEC },
	{ "web_rpki", CAT_RPKI },
};
static const struct cat_name mail_cats[] = {
	{ "mail_ipv6", CAT_IPV6 }, { "mail_dnssec", CAT_DNSSEC },
	{ "mail_auth", CAT_AUTH }, { "mail_starttls", CAT_TLS },
	{ "mail_rpki", CAT_RPKI },
};

struct gather {
	struct gather_env env;
	struct arena *arena;
	struct facts fx;
	int pending;              /* operations in flight + starter references */
	unsigned started[CAT_N], ended[CAT_N];   /* operations per category */
	int freed;
	int scheduled;                        /* done_deferred is pending */
	gather_done_cb cb;
	void *cb_arg;
	struct gather_stats st;
	char climb[256];          /* name whose NS set is being asked */
	char caa_climb[256];      /* name whose CAA set is being asked */
	int web_addr_pending;     /* A and AAAA of the web host still out */
	int eps_ready, tlsa_ready, audits_started;
	struct tls_audit_opts audit12_opts;   /* for the follow-up TLS 1.2 audits */
	/* email test */
	int mx_pending;           /* MX A, AAAA and TLSA answers still out */
	int meps_started;
	struct mx_cache *own_cache;           /* when the env brings none */
	struct spf_walk *spf;
	int mtasts_addr_pending;
};

/* One outstanding operation and what its answer fills. */
enum op_kind {
	OP_SOA, OP_NS, OP_A, OP_AAAA, OP_HOST_SOA, OP_MX,
	OP_DNSKEY, OP_DS, OP_NSEC3PARAM, OP_DNS_PROBE, OP_TCP_PROBE,
	OP_CAA, OP_TLSA,
	OP_TXT,          /* fills txt, for mail authenticity (DKIM, DMARC) */
	OP_SPF,          /* a question of the SPF walk */
	OP_DMARC, OP_DMARC_ORG,
	OP_MX_TLSA, OP_MX_CAA,
	OP_PTR, OP_PTR_FWD,
	OP_DKIM_BASE,
	OP_MX_NS,        /* NS set of an MX's zone, climbing */
	OP_TLS_TXT,      /* fills txt, for STARTTLS (MTA-STS, TLS-RPT) */
	OP_MX_AUDIT,     /* STARTTLS audit of an MX address (mx cache) */
	OP_MTASTS,       /* MTA-STS policy fetch */
};

/* Categories per kind; the address lookups depend on their host. */
static const unsigned op_cats[] = {
	[OP_SOA] = CAT(DNSSEC),
	[OP_NS] = CAT(IPV6) | CAT(DNSSEC) | CAT(RPKI),
	[OP_HOST_SOA] = CAT(DNSSEC),
	[OP_MX] = CAT(IPV6) | CAT(DNSSEC) | CAT(TLS) | CAT(RPKI),
	[OP_DNSKEY] = CAT(DNSSEC), [OP_DS] = CAT(DNSSEC),
	[OP_NSEC3PARAM] = CAT(DNSSEC),
	[OP_DNS_PROBE] = CAT(IPV6), [OP_TCP_PROBE] = CAT(IPV6),
	[OP_CAA] = CAT(TLS),
	[OP_TLSA] = CAT(TLS),       /* the audits wait for it */
	[OP_TXT] = CAT(AUTH), [OP_SPF] = CAT(AUTH),
	[OP_DMARC] = CAT(AUTH), [OP_DMARC_ORG] = CAT(AUTH),
	[OP_DKIM_BASE] = CAT(AUTH),
	[OP_MX_TLSA] = CAT(IPV6) | CAT(TLS),   /* the audits (reach) wait */
	[OP_MX_CAA] = CAT(TLS), [OP_PTR] = CAT(TLS), [OP_PTR_FWD] = CAT(TLS),
	[OP_MX_NS] = CAT(RPKI),
	[OP_TLS_TXT] = CAT(TLS),
	[OP_MX_AUDIT] = CAT(IPV6) | CAT(TLS),
	[OP_MTASTS] = CAT(TLS),
};

struct op {
	struct gather *g;
	enum op_kind kind;
	unsigned cats;            /* CAT() bits */
	struct fx_host *host;
	struct fx_probe *probe;
	struct fx_txt *txt;
	size_t idx;
	struct spf_query q;
	char *climb;
};

static void gather_destroy(struct gather *g);

static void
done_deferred(evutil_socket_t fd, short what, void *arg)
{
	struct gather *g = arg;

	(void)fd;
	(void)what;
	g->scheduled = 0;
	if (g->freed) {         /* gather_free came while this waited */
		gather_destroy(g);
		return;
	}
	g->st.arena_bytes = arena_used(g->arena);
	g->cb(g->cb_arg, g);
}

static void
gather_destroy(struct gather *g)
{
	size_t i;

	spf_walk_free(g->spf);
	mx_cache_free(g->own_cache);
	http_result_free(g->fx.mtasts.policy);
	for (i = 0; i < g->fx.n_eps; i++) {
		http_follow_result_free(g->fx.eps[i].http80);
		http_result_free(g->fx.eps[i].https);
		http_result_free(g->fx.eps[i].sectxt);
		http_result_free(g->fx.eps[i].sectxt_root);
		tls_audit_free(g->fx.eps[i].tls.audit);
		tls_audit_free(g->fx.eps[i].tls.audit12);
	}
	arena_free(g->arena);
	free(g);
}

/* An operation of categories cats begins (the starter reference: 0). */
static void
ref(struct gather *g, unsigned cats)
{
	for (unsigned c = 0; c < CAT_N; c++)
		g->started[c] += cats >> c & 1;
	g->pending++;
}

static void
unref(struct gather *g, unsigned cats)
{
	for (unsigned c = 0; c < CAT_N; c++)
		g->ended[c] += cats >> c & 1;
	if (--g->pending > 0)
		return;
	if (g->freed) {
		gather_destroy(g);
		return;
	}
	/* Always report from the loop, never from inside a caller's frame. */
	g->scheduled = 1;
	if (event_base_once(net_base(g->env.net), -1, EV_TIMEOUT, done_deferred,
	    g, NULL) != 0) {
		g->scheduled = 0;
		g->cb(g->cb_arg, g);
	}
}

/* What a host's addresses serve: the web host's feed the endpoints, an
 * MX's the STARTTLS audits; every name server's count for RPKI. */
static unsigned
host_cats(const struct gather *g, const struct fx_host *h)
{
	const struct facts *fx = &g->fx;

	if (fx->kind == FX_WEB && h == &fx->web)
		return CAT(IPV6) | CAT(TLS) | CAT(APPSEC) | CAT(RPKI);
	if (fx->kind == FX_MAIL && h == &fx->mtasts.host)
		return CAT(TLS);
	if (fx->kind == FX_MAIL && h >= fx->mx && h < fx->mx + fx->n_mx)
		return CAT(IPV6) | CAT(TLS) | CAT(RPKI);
	if (h->no_probe)          /* a name server of an MX's zone */
		return CAT(RPKI);
	return CAT(IPV6) | CAT(RPKI);
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
	o->cats = kind == OP_A || kind == OP_AAAA ? host_cats(g, h) :
	    op_cats[kind];
	o->host = h;
	return o;
}

static void dns_done(void *arg, struct dns_answer *a);
static void start_audits(struct gather *g);
static void start_mx(struct gather *g, size_t i);

static void
resolve(struct gather *g, enum op_kind kind, struct fx_host *h, const char *name,
    uint16_t qtype)
{
	struct op *o = op_new(g, kind, h);

	if (o == NULL)
		return;
	ref(g, o->cats);
	g->st.dns_queries++;
	if (dns_resolve(g->env.dns, name, qtype, dns_done, o) != 0) {
		g->st.out_of_memory = 1;
		unref(g, o->cats);
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
	unref(o->g, o->cats);
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
	unref(o->g, o->cats);
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
			ref(g, o->cats);
			if (kind == OP_DNS_PROBE) {
				g->st.dns_probes++;
				if (net_dns_query(g->env.net, &p->addr, p->port, q,
				    (size_t)qlen, g->env.probe_timeout_ms, dnsprobe_done, o) != 0)
					unref(g, o->cats);
			} else {
				g->st.tcp_probes++;
				if (net_tcp_probe(g->env.net, &p->addr, p->port,
				    g->env.probe_timeout_ms, tcp_done, o) != 0)
					unref(g, o->cats);
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
	if (g->fx.n_mx == 0)
		return;
	if ((g->fx.mx_extra = arena_alloc(g->arena,
	    g->fx.n_mx * sizeof(*g->fx.mx_extra))) == NULL) {
		g->st.out_of_memory = 1;
		return;
	}
	g->mx_pending = (int)(3 * g->fx.n_mx);
	for (i = 0; i < g->fx.n_mx; i++)
		start_mx(g, i);
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
	unsigned cats;            /* CAT() bits */
	int tls12;                /* the TLS 1.2 audit */
	struct http_result **slot;   /* where a plain fetch's result goes */
};

static void
http80_done(void *arg, struct http_follow_result *fr)
{
	struct ep_op *o = arg;

	if (o->g->freed)
		http_follow_result_free(fr);
	else
		o->ep->http80 = fr;
	unref(o->g, o->cats);
}

static void fetch_sectxt(struct gather *g, struct fx_web_ep *ep,
    const char *path, struct http_result **slot);
static void fetch_https(struct gather *g, struct fx_web_ep *ep);

/* A fetch whose result goes to o->slot. */
static void
slot_done(void *arg, struct http_result *r)
{
	struct ep_op *o = arg;

	if (o->g->freed) {
		http_result_free(r);
	} else {
		*o->slot = r;
		if (r != NULL && r->tls_resumed)
			o->g->st.tls_resumed++;
		if (o->slot == &o->ep->sectxt)
			fetch_https(o->g, o->ep);
		if (o->slot == &o->ep->sectxt &&
		    (r == NULL || r->outcome != HTTP_FETCH_OK || r->status != 200))
			fetch_sectxt(o->g, o->ep, "/security.txt",
			    &o->ep->sectxt_root);
	}
	unref(o->g, o->cats);
}

static void
https_done(void *arg, struct http_result *r)
{
	struct ep_op *o = arg;

	if (o->g->freed) {
		http_result_free(r);
	} else {
		o->ep->https = r;
		if (r != NULL && r->tls_resumed)
			o->g->st.tls_resumed++;
	}
	unref(o->g, o->cats);
}

static void start_audit(struct gather *g, struct fx_web_ep *ep,
    const struct tls_audit_opts *ao, int tls12);

/* A scan, the domain's own or from the run's scan cache: a reused scan
 * cost this domain no connection. */
static void
cached_scan_done(void *arg, const struct tls_scan *s, int reused)
{
	struct ep_op *o = arg;

	if (!o->g->freed &&
	    (o->ep->tls.scan = arena_alloc(o->g->arena, sizeof(*s))) != NULL) {
		memcpy(o->ep->tls.scan, s, sizeof(*s));
		if (!reused)
			o->g->st.tls_connections += s->connections;
		else
			o->g->st.scans_reused++;
	}
	unref(o->g, o->cats);
}

static void
scan_done(void *arg, const struct tls_scan *s)
{
	cached_scan_done(arg, s, 0);
}

static void
audit_done(void *arg, struct tls_audit *a)
{
	struct ep_op *o = arg;

	if (o->g->freed) {
		tls_audit_free(a);
	} else {
		*(o->tls12 ? &o->ep->tls.audit12 : &o->ep->tls.audit) = a;
		o->g->st.tls_connections += a->conns;
		/* Renegotiation exists up to TLS 1.2 only: when the server chose
		 * TLS 1.3, one more handshake capped at 1.2 asks it too. */
		if (!o->tls12 && a->hs.code == TLS_AUDIT_OK && a->version == TLS_V1_3)
			start_audit(o->g, o->ep, &o->g->audit12_opts, 1);
	}
	unref(o->g, o->cats);
}

static struct ep_op *
ep_op_new(struct gather *g, struct fx_web_ep *ep, unsigned cats)
{
	struct ep_op *o = arena_alloc(g->arena, sizeof(*o));

	if (o == NULL) {
		g->st.out_of_memory = 1;
		return NULL;
	}
	o->g = g;
	o->ep = ep;
	o->cats = cats;
	return o;
}

static void
start_audit(struct gather *g, struct fx_web_ep *ep, const struct tls_audit_opts *ao,
    int tls12)
{
	struct ep_op *o = ep_op_new(g, ep, CAT(TLS));

	if (o == NULL)
		return;
	o->tls12 = tls12;
	ref(g, o->cats);
	if (tls_audit_start(g->env.net, &ep->addr, 443, ao, audit_done, o) == NULL) {
		g->st.out_of_memory = 1;
		unref(g, o->cats);
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
fetch_into(struct gather *g, struct fx_web_ep *ep, struct http_req *req,
    const char *url, struct http_result **slot)
{
	struct ep_op *o;
	/* the well-known security.txt fetch starts the page's */
	unsigned cats = slot == &ep->sectxt ?
	    CAT(APPSEC) | CAT(IPV6) | CAT(TLS) : CAT(APPSEC);

	if (url == NULL || (o = ep_op_new(g, ep, cats)) == NULL) {
		g->st.out_of_memory = 1;
		return;
	}
	o->slot = slot;
	req->url = url;
	ref(g, o->cats);
	g->st.http_fetches++;
	if (http_fetch(g->env.curl, req, slot_done, o) != 0)
		unref(g, o->cats);
}

/* A request pinned to ep's address with the run's HTTP deadline. */
static void
ep_req(const struct gather *g, const struct fx_web_ep *ep,
    struct http_req *req, const char *url, size_t max_body)
{
	memset(req, 0, sizeof(*req));
	req->addr = ep->addr;
	req->timeout_ms = g->env.http_timeout_ms;
	req->max_body = max_body;
	req->url = url;
}

/* GET https://name/PATH on ep for security.txt; one byte past the
 * 100 KiB cap shows a file that is too large. */
static void
fetch_sectxt(struct gather *g, struct fx_web_ep *ep, const char *path,
    struct http_result **slot)
{
	struct http_req req;

	ep_req(g, ep, &req, NULL, 100 * 1024 + 1);
	fetch_into(g, ep, &req, arena_printf(g->arena, "https://%s%s",
	    g->fx.domain, path), slot);
}

static void
start_endpoint(struct gather *g, struct fx_web_ep *ep)
{
	struct http_req req;
	struct ep_op *o;
	char *url80;
	struct tls_scan_opts so;

	memset(&so, 0, sizeof(so));
	so.timeout_ms = g->env.probe_timeout_ms;
	if ((o = ep_op_new(g, ep, CAT(TLS))) != NULL) {
		ref(g, o->cats);
		if (g->env.scan_cache != NULL ?
		    scan_cache_get(g->env.scan_cache, &ep->addr, 443, g->fx.domain,
		    cached_scan_done, o) != 0 :
		    tls_scan_start(g->env.net, &ep->addr, 443, g->fx.domain, &so,
		    scan_done, o) == NULL) {
			g->st.out_of_memory = 1;
			unref(g, o->cats);
		}
	}
	if (g->env.curl == NULL)
		return;
	if ((url80 = arena_printf(g->arena, "http://%s/", g->fx.domain)) ==
	    NULL) {
		g->st.out_of_memory = 1;
		return;
	}
	ep_req(g, ep, &req, url80, 256 * 1024);
	if ((o = ep_op_new(g, ep, CAT(IPV6) | CAT(TLS))) != NULL) {
		ref(g, o->cats);
		g->st.http_fetches++;
		if (http_follow(g->env.curl, &req, 10, http80_done, o) != 0)
			unref(g, o->cats);
	}
	/* security.txt (RFC 9116) at the well-known place first, over
	 * HTTP/1.1; the page itself (HTTP/2 offered) follows it and resumes
	 * its TLS session: one full handshake less for client and server
	 * (libcurl keeps no session of its HTTP/2 connections here). The old
	 * place the catalogue falls back to is asked only when the well-known
	 * one has none. */
	fetch_sectxt(g, ep, "/.well-known/security.txt", &ep->sectxt);
}

/* GET https://name/ on ep, offering HTTP/2, asking for compression. */
static void
fetch_https(struct gather *g, struct fx_web_ep *ep)
{
	struct http_req req;
	struct ep_op *o;
	char *url443;

	if ((url443 = arena_printf(g->arena, "https://%s/", g->fx.domain)) ==
	    NULL || (o = ep_op_new(g, ep,
	    CAT(IPV6) | CAT(TLS) | CAT(APPSEC))) == NULL) {
		g->st.out_of_memory = 1;
		return;
	}
	ep_req(g, ep, &req, url443, 256 * 1024);
	req.http2 = 1;
	req.headers = https_headers;
	ref(g, o->cats);
	g->st.http_fetches++;
	if (http_fetch(g->env.curl, &req, https_done, o) != 0)
		unref(g, o->cats);
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
	for (i = 0; i < fx->n_eps; i++) {
		fx->eps[i].tls.addr = fx->eps[i].addr;
		fx->eps[i].tls.port = 443;
	}
	for (i = 0; i < fx->n_eps; i++)
		start_endpoint(g, &fx->eps[i]);
	g->eps_ready = 1;
	start_audits(g);
}


/* --- email test --------------------------------------------------------- */

static void
resolve_txt_as(struct gather *g, enum op_kind kind, struct fx_txt *t,
    const char *name)
{
	struct op *o;

	if (name == NULL) {
		g->st.out_of_memory = 1;
		return;
	}
	t->owner = name;
	if ((o = op_new(g, kind, NULL)) == NULL)
		return;
	o->txt = t;
	ref(g, o->cats);
	g->st.dns_queries++;
	if (dns_resolve(g->env.dns, name, LDNS_RR_TYPE_TXT, dns_done, o) != 0) {
		g->st.out_of_memory = 1;
		unref(g, o->cats);
	}
}

static void
resolve_txt(struct gather *g, struct fx_txt *t, const char *name)
{
	resolve_txt_as(g, OP_TXT, t, name);
}

static void
on_txt(struct gather *g, struct fx_txt *t, struct dns_answer *a)
{
	fill_lookup(g, &t->lk, a);
	if (a->err == DNS_OK && fx_digest_txt(g->arena, t, a->rrs) != 0)
		g->st.out_of_memory = 1;
}

/* SPF: hand every question the walk has to the resolver. */
static void
spf_pump(struct gather *g)
{
	static const uint16_t qt[] = {
		[SPF_QT_A] = LDNS_RR_TYPE_A, [SPF_QT_MX] = LDNS_RR_TYPE_MX,
		[SPF_QT_TXT] = LDNS_RR_TYPE_TXT, [SPF_QT_AAAA] = LDNS_RR_TYPE_AAAA,
	};
	struct spf_query q;
	struct op *o;

	while (g->spf != NULL && spf_walk_next(g->spf, &q)) {
		if ((o = op_new(g, OP_SPF, NULL)) == NULL)
			return;
		o->q = q;
		/* the domain's own TXT set also tells a null MX's SPF */
		if (q.qtype == SPF_QT_TXT &&
		    strcasecmp(q.name, g->fx.domain) == 0)
			o->cats |= CAT(IPV6);
		ref(g, o->cats);
		g->st.dns_queries++;
		if ((size_t)q.qtype >= sizeof(qt) / sizeof(qt[0]) ||
		    qt[q.qtype] == 0 ||
		    dns_resolve(g->env.dns, q.name, qt[q.qtype], dns_done, o) != 0) {
			spf_walk_answer(g->spf, &q, 2, NULL, 0);
			unref(g, o->cats);
		}
	}
}

static void
on_spf(struct gather *g, const struct spf_query *q, struct dns_answer *a)
{
	const char *strs[FX_MAX_TXT];
	struct fx_txt t;
	size_t n = 0, i, nrr;
	int rcode;

	if (a->err != DNS_OK || a->sec == DNS_SEC_BOGUS)
		rcode = 2;
	else
		rcode = a->rcode;
	memset(&t, 0, sizeof(t));
	if (rcode == 0 && q->qtype == SPF_QT_TXT) {
		if (fx_digest_txt(g->arena, &t, a->rrs) != 0)
			g->st.out_of_memory = 1;
		for (i = 0; i < t.n; i++)
			strs[n++] = t.txt[i];
	} else if (rcode == 0 && q->qtype == SPF_QT_MX) {
		nrr = ldns_rr_list_rr_count(a->rrs);
		for (i = 0; i < nrr && n < FX_MAX_TXT; i++) {
			const ldns_rr *rr = ldns_rr_list_rr(a->rrs, i);
			char *name;

			if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_MX ||
			    ldns_rr_rd_count(rr) < 2 ||
			    (name = ldns_rdf2str(ldns_rr_rdf(rr, 1))) == NULL)
				continue;
			strs[n++] = arena_strdup(g->arena, name);
			free(name);
			if (strs[n - 1] == NULL)
				n--;
		}
	} else if (rcode == 0) {
		nrr = ldns_rr_list_rr_count(a->rrs);
		for (i = 0; i < nrr && n < FX_MAX_TXT; i++)
			if (ldns_rr_get_type(ldns_rr_list_rr(a->rrs, i)) ==
			    (q->qtype == SPF_QT_A ? LDNS_RR_TYPE_A :
			    LDNS_RR_TYPE_AAAA))
				strs[n++] = "";
	}
	/* The walk's first question is the domain's own TXT set. */
	if (q->qtype == SPF_QT_TXT && !g->fx.spf_txt.lk.done &&
	    strcasecmp(q->name, g->fx.domain) == 0) {
		g->fx.spf_txt = t;
		g->fx.spf_txt.owner = g->fx.domain;
		fill_lookup(g, &g->fx.spf_txt.lk, a);
	}
	spf_walk_answer(g->spf, q, rcode, strs, n);
	spf_pump(g);
}

/* DMARC: report hosts outside the organizational domain need their
 * authorisation record (RFC 7489 §7.1). */
static void
dmarc_ask_auth(struct gather *g, const char *rec)
{
	struct fx_dmarc *d = &g->fx.dmarc;
	struct dmarc_record *dr;
	char why[128], name[300];
	size_t i, k, n;

	if ((dr = malloc(sizeof(*dr))) == NULL) {
		g->st.out_of_memory = 1;
		return;
	}
	if (dmarc_parse(rec, strlen(rec), dr, why, sizeof(why)) != 0) {
		free(dr);
		return;
	}
	n = dr->n_rua + dr->n_ruf;
	if (n == 0 ||
	    (d->auth = arena_alloc(g->arena, n * sizeof(*d->auth))) == NULL) {
		free(dr);
		return;
	}
	for (i = 0; i < n; i++) {
		const char *host = i < dr->n_rua ? dr->rua[i].host :
		    dr->ruf[i - dr->n_rua].host;

		for (k = 0; k < d->n_auth; k++)
			if (strcasecmp(d->auth[k].host, host) == 0)
				break;
		if (k < d->n_auth || dmarc_is_external(g->fx.domain, host) != 1 ||
		    dmarc_report_auth_name(g->fx.domain, host, name,
		    sizeof(name)) != 0)
			continue;
		d->auth[d->n_auth].host = arena_strdup(g->arena, host);
		resolve_txt(g, &d->auth[d->n_auth].txt,
		    arena_strdup(g->arena, name));
		d->n_auth++;
	}
	free(dr);
}

/* The one DMARC1 record of a set, or NULL (none or several). */
static const char *
dmarc_only(const struct fx_txt *t, size_t *count)
{
	const char *r = NULL;
	size_t i;

	*count = 0;
	for (i = 0; i < t->n; i++)
		if (dmarc_is_dmarc1(t->txt[i], strlen(t->txt[i]))) {
			r = t->txt[i];
			(*count)++;
		}
	return *count == 1 ? r : NULL;
}

static void
on_dmarc(struct gather *g, enum op_kind kind, struct dns_answer *a)
{
	struct fx_dmarc *d = &g->fx.dmarc;
	struct fx_txt *t = kind == OP_DMARC ? &d->at_domain : &d->at_org;
	char org[ORGDOM_NAME_MAX + 1];
	const char *rec;
	size_t count;

	on_txt(g, t, a);
	if (a->err != DNS_OK || a->sec == DNS_SEC_BOGUS ||
	    (a->rcode != LDNS_RCODE_NOERROR && a->rcode != LDNS_RCODE_NXDOMAIN))
		return;
	rec = dmarc_only(t, &count);
	if (kind == OP_DMARC && count == 0) {
		if (orgdom_lookup(g->fx.domain, org, sizeof(org)) == ORGDOM_OK &&
		    strcasecmp(org, g->fx.domain) != 0) {
			d->org = arena_strdup(g->arena, org);
			resolve_txt_as(g, OP_DMARC_ORG, &d->at_org,
			    arena_printf(g->arena, "_dmarc.%s", org));
		}
		return;
	}
	if (rec != NULL)
		dmarc_ask_auth(g, rec);
}

/* MTA-STS: the policy over HTTPS, verified, no redirect followed. */
static void
mtasts_done(void *arg, struct http_result *r)
{
	struct op *o = arg;

	if (o->g->freed)
		http_result_free(r);
	else
		o->g->fx.mtasts.policy = r;
	unref(o->g, o->cats);
}

static void
mtasts_fetch(struct gather *g)
{
	struct fx_mtasts *m = &g->fx.mtasts;
	struct http_req req;
	struct op *o;

	if (g->env.curl == NULL || (m->host.n_v4 == 0 && m->host.n_v6 == 0))
		return;
	m->url = arena_printf(g->arena,
	    "https://%s/.well-known/mta-sts.txt", m->host.name);
	if (m->url == NULL || (o = op_new(g, OP_MTASTS, NULL)) == NULL)
		return;
	memset(&req, 0, sizeof(req));
	req.url = m->url;
	req.addr = m->host.n_v4 ? m->host.v4[0] : m->host.v6[0];
	req.ca_file = g->env.ca_file;
	req.verify = 1;
	req.timeout_ms = g->env.http_timeout_ms;
	req.max_body = 64 * 1024;
	ref(g, o->cats);
	g->st.http_fetches++;
	if (http_fetch(g->env.curl, &req, mtasts_done, o) != 0)
		unref(g, o->cats);
}

/* PTR name of an address: d.c.b.a.in-addr.arpa or the ip6.arpa nibbles. */
static char *
reverse_name(struct arena *ar, const struct net_addr *a)
{
	char buf[80];
	size_t i, k = 0;
	static const char hex[] = "0123456789abcdef";

	if (a->family == AF_INET)
		return arena_printf(ar, "%u.%u.%u.%u.in-addr.arpa", a->bytes[3],
		    a->bytes[2], a->bytes[1], a->bytes[0]);
	for (i = 16; i-- > 0;) {
		buf[k++] = hex[a->bytes[i] & 15];
		buf[k++] = '.';
		buf[k++] = hex[a->bytes[i] >> 4];
		buf[k++] = '.';
	}
	buf[k] = '\0';
	return arena_printf(ar, "%sip6.arpa", buf);
}

static void
on_ptr(struct gather *g, struct op *o, struct dns_answer *a)
{
	struct fx_mail_ep *m = &g->fx.meps[o->idx];
	size_t i, n;
	char *name;
	struct op *f;

	fill_lookup(g, &m->ptr_lk, a);
	m->fcrdns = a->err == DNS_OK && a->rcode == LDNS_RCODE_NXDOMAIN ? 0 : -1;
	if (a->err != DNS_OK || a->rcode != LDNS_RCODE_NOERROR)
		return;
	n = ldns_rr_list_rr_count(a->rrs);
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(a->rrs, i);

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_PTR ||
		    ldns_rr_rd_count(rr) < 1 ||
		    (name = ldns_rdf2str(ldns_rr_rdf(rr, 0))) == NULL)
			continue;
		if (strlen(name) > 1 && name[strlen(name) - 1] == '.')
			name[strlen(name) - 1] = '\0';
		m->ptr_name = arena_strdup(g->arena, name);
		free(name);
		break;
	}
	if (m->ptr_name == NULL) {
		m->fcrdns = 0;
		return;
	}
	if ((f = op_new(g, OP_PTR_FWD, NULL)) == NULL)
		return;
	f->idx = o->idx;
	ref(g, f->cats);
	g->st.dns_queries++;
	if (dns_resolve(g->env.dns, m->ptr_name,
	    m->tls.addr.family == AF_INET ? LDNS_RR_TYPE_A : LDNS_RR_TYPE_AAAA,
	    dns_done, f) != 0)
		unref(g, f->cats);
}

static void
on_ptr_fwd(struct gather *g, struct op *o, struct dns_answer *a)
{
	struct fx_mail_ep *m = &g->fx.meps[o->idx];
	struct fx_host h;

	memset(&h, 0, sizeof(h));
	if (a->err != DNS_OK || a->rcode != LDNS_RCODE_NOERROR) {
		m->fcrdns = a->err == DNS_OK ? 0 : -1;
		return;
	}
	if (fx_digest_addrs(g->arena, &h, a->rrs,
	    m->tls.addr.family == AF_INET6) != 0) {
		g->st.out_of_memory = 1;
		return;
	}
	m->fcrdns = 0;
	for (size_t i = 0; i < h.n_v4 + h.n_v6; i++)
		if (net_addr_cmp(i < h.n_v4 ? &h.v4[i] : &h.v6[i - h.n_v4],
		    &m->tls.addr) == 0)
			m->fcrdns = 1;
}

/* What the STARTTLS audit says of port 25's reachability. */
static enum net_status
reach_of(const struct tls_audit *a)
{
	if (a == NULL)
		return NET_ERROR;
	switch (a->hs.code) {
	case TLS_AUDIT_REFUSED:
		return NET_REFUSED;
	case TLS_AUDIT_UNREACHABLE:
		return NET_UNREACHABLE;
	case TLS_AUDIT_TIMEOUT:
		return a->prelude_code != NULL ? NET_OK : NET_TIMEOUT;
	case TLS_AUDIT_NETWORK:
	case TLS_AUDIT_SETUP:
	case TLS_AUDIT_NOMEM:
	case TLS_AUDIT_CANCELLED:
		return NET_ERROR;
	default:
		return NET_OK;
	}
}

static void
mep_done(void *arg, const struct mx_result *r)
{
	struct op *o = arg;
	struct gather *g = o->g;
	struct fx_mail_ep *m;
	struct fx_host *h;
	size_t i;

	if (g->freed) {
		unref(g, o->cats);
		return;
	}
	m = &g->fx.meps[o->idx];
	h = m->mx;
	m->tls.audit = r->audit;
	m->tls.scan = r->scan;
	m->smtp_attempts = r->attempts;
	m->cached = r->reused;
	m->smtp_done = r->audit != NULL;
	if (r->audit != NULL) {
		m->smtp_code = r->audit->prelude_code != NULL ?
		    r->audit->prelude_code : "ok";
		m->smtp_detail = r->audit->hs.code == TLS_AUDIT_PRELUDE ?
		    r->audit->hs.detail : NULL;
		m->connected = reach_of(r->audit) == NET_OK;
	}
	if (!r->reused)
		g->st.tls_connections += r->conns;
	for (i = 0; i < h->n_probes; i++)
		if (net_addr_cmp(&h->probes[i].addr, &m->tls.addr) == 0) {
			h->probes[i].done = 1;
			h->probes[i].status = reach_of(r->audit);
			if (r->audit != NULL)
				h->probes[i].elapsed_ms = r->audit->elapsed_ms;
		}
	unref(g, o->cats);
}

/* Every address of every MX, once their addresses and TLSA are in. */
static void
start_mail_eps(struct gather *g)
{
	struct facts *fx = &g->fx;
	struct tls_audit_tlsa tlsa[TLS_AUDIT_TLSA_MAX];
	struct mx_cache *cache = g->env.mx_cache;
	size_t i, k, n = 0, nt;
	struct op *o;

	if (g->meps_started)
		return;
	g->meps_started = 1;
	for (i = 0; i < fx->n_mx; i++)
		n += fx->mx[i].n_v4 + fx->mx[i].n_v6;
	fx->n_meps_total = n;
	if (n > FX_MAX_EPS)
		n = FX_MAX_EPS;
	if (n == 0)
		return;
	if (cache == NULL) {
		struct mx_cache_opts mo;

		memset(&mo, 0, sizeof(mo));
		mo.ca_file = g->env.ca_file;
		mo.timeout_ms = g->env.probe_timeout_ms;
		mo.retries = 2;
		cache = g->own_cache = mx_cache_new(g->env.net, &mo);
		if (cache == NULL) {
			g->st.out_of_memory = 1;
			return;
		}
	}
	if ((fx->meps = arena_alloc(g->arena, n * sizeof(*fx->meps))) == NULL) {
		g->st.out_of_memory = 1;
		return;
	}
	for (i = 0; i < fx->n_mx && fx->n_meps < n; i++) {
		struct fx_host *h = &fx->mx[i];

		if (h->n_v6 > 0 && (h->probes = arena_alloc(g->arena,
		    h->n_v6 * sizeof(*h->probes))) != NULL) {
			for (k = 0; k < h->n_v6; k++) {
				h->probes[k].addr = h->v6[k];
				h->probes[k].port = 25;
				h->probes[k].rcode = -1;
				h->probes[k].status = NET_ERROR;
			}
			h->n_probes = h->n_v6;
		}
		for (k = 0; k < h->n_v4 + h->n_v6 && fx->n_meps < n; k++) {
			struct fx_mail_ep *m = &fx->meps[fx->n_meps++];

			m->mx = h;
			m->tls.addr = k < h->n_v4 ? h->v4[k] : h->v6[k - h->n_v4];
			m->tls.port = 25;
			m->tls.starttls = 1;
			m->fcrdns = -1;
		}
	}
	for (i = 0; i < fx->n_meps; i++) {
		struct fx_mail_ep *m = &fx->meps[i];
		const struct fx_tlsa *t = &fx->mx_extra[m->mx - fx->mx].tlsa;

		nt = 0;
		/* usages 0 and 1 mean nothing on port 25 (RFC 7672 §3.1) */
		if (t->lk.sec == DNS_SEC_SECURE)
			for (k = 0; k < t->n && nt < TLS_AUDIT_TLSA_MAX; k++) {
				if (t->rrs[k].usage != 2 && t->rrs[k].usage != 3)
					continue;
				tlsa[nt].usage = t->rrs[k].usage;
				tlsa[nt].selector = t->rrs[k].selector;
				tlsa[nt].mtype = t->rrs[k].mtype;
				tlsa[nt].data = t->rrs[k].data;
				tlsa[nt].len = t->rrs[k].len;
				nt++;
			}
		if ((o = op_new(g, OP_MX_AUDIT, NULL)) != NULL) {
			o->idx = i;
			ref(g, o->cats);
			if (mx_cache_get(cache, &m->tls.addr, m->mx->name,
			    nt ? tlsa : NULL, nt, mep_done, o) != 0) {
				g->st.out_of_memory = 1;
				unref(g, o->cats);
			}
		}
		if ((o = op_new(g, OP_PTR, NULL)) != NULL) {
			char *rn = reverse_name(g->arena, &m->tls.addr);

			o->idx = i;
			ref(g, o->cats);
			g->st.dns_queries++;
			if (rn == NULL || dns_resolve(g->env.dns, rn,
			    LDNS_RR_TYPE_PTR, dns_done, o) != 0)
				unref(g, o->cats);
		}
	}
}

static void
mx_answered(struct gather *g)
{
	if (--g->mx_pending == 0)
		start_mail_eps(g);
}

/* CAA of an MX name: the closest set, climbing (as for the web name). */
static void
on_mx_caa(struct gather *g, struct op *o, struct dns_answer *a)
{
	struct fx_caa *c = &g->fx.mx_extra[o->idx].caa;
	const char *dot;
	struct op *n;

	if (a->err == DNS_OK && a->sec != DNS_SEC_BOGUS &&
	    ldns_rr_list_rr_count(a->rrs) == 0 &&
	    (a->rcode == LDNS_RCODE_NOERROR || a->rcode == LDNS_RCODE_NXDOMAIN) &&
	    (dot = strchr(o->climb, '.')) != NULL && strchr(dot + 1, '.') != NULL) {
		if ((n = op_new(g, OP_MX_CAA, NULL)) == NULL)
			return;
		n->idx = o->idx;
		n->climb = (char *)dot + 1;
		ref(g, n->cats);
		g->st.dns_queries++;
		if (dns_resolve(g->env.dns, n->climb, LDNS_RR_TYPE_CAA, dns_done,
		    n) != 0)
			unref(g, n->cats);
		return;
	}
	fill_lookup(g, &c->lk, a);
	if (ldns_rr_list_rr_count(a->rrs) == 0)
		return;
	c->owner = o->climb;
	if (fx_digest_caa(g->arena, c, a->rrs) != 0)
		g->st.out_of_memory = 1;
}

/* The NS set of an MX's zone: the closest one at or above the name. */
static void
on_mx_ns(struct gather *g, struct op *o, struct dns_answer *a)
{
	struct fx_mx_extra *x = &g->fx.mx_extra[o->idx];
	const char *dot;
	struct op *n;
	size_t i;

	if (a->err == DNS_OK && a->sec != DNS_SEC_BOGUS &&
	    ldns_rr_list_rr_count(a->rrs) == 0 &&
	    (a->rcode == LDNS_RCODE_NOERROR || a->rcode == LDNS_RCODE_NXDOMAIN) &&
	    (dot = strchr(o->climb, '.')) != NULL && dot[1] != '\0') {
		if ((n = op_new(g, OP_MX_NS, NULL)) == NULL)
			return;
		n->idx = o->idx;
		n->climb = (char *)dot + 1;
		ref(g, n->cats);
		g->st.dns_queries++;
		if (dns_resolve(g->env.dns, n->climb, LDNS_RR_TYPE_NS, dns_done,
		    n) != 0)
			unref(g, n->cats);
		return;
	}
	fill_lookup(g, &x->ns_lk, a);
	if (ldns_rr_list_rr_count(a->rrs) == 0)
		return;
	x->zone = o->climb;
	if (fx_digest_ns_set(g->arena, &x->ns, &x->n_ns, &x->n_ns_total,
	    a->rrs) != 0)
		g->st.out_of_memory = 1;
	for (i = 0; i < x->n_ns; i++) {
		x->ns[i].no_probe = 1;
		start_host(g, &x->ns[i], 0);
	}
}

/* Per MX: addresses (with the DNSSEC status of the name), TLSA, CAA, and
 * the name servers of its zone. */
static void
start_mx(struct gather *g, size_t i)
{
	struct fx_host *h = &g->fx.mx[i];
	struct fx_mx_extra *x = &g->fx.mx_extra[i];
	struct op *o;

	start_host(g, h, 1);
	x->tlsa.owner = arena_printf(g->arena, "_25._tcp.%s", h->name);
	if (x->tlsa.owner != NULL && (o = op_new(g, OP_MX_TLSA, NULL)) != NULL) {
		o->idx = i;
		ref(g, o->cats);
		g->st.dns_queries++;
		if (dns_resolve(g->env.dns, x->tlsa.owner, LDNS_RR_TYPE_TLSA,
		    dns_done, o) != 0) {
			unref(g, o->cats);
			mx_answered(g);
		}
	} else {
		mx_answered(g);
	}
	if ((o = op_new(g, OP_MX_CAA, NULL)) != NULL) {
		o->idx = i;
		o->climb = (char *)h->name;
		ref(g, o->cats);
		g->st.dns_queries++;
		if (dns_resolve(g->env.dns, h->name, LDNS_RR_TYPE_CAA, dns_done,
		    o) != 0)
			unref(g, o->cats);
	}
	if ((o = op_new(g, OP_MX_NS, NULL)) != NULL) {
		o->idx = i;
		o->climb = (char *)h->name;
		ref(g, o->cats);
		g->st.dns_queries++;
		if (dns_resolve(g->env.dns, h->name, LDNS_RR_TYPE_NS, dns_done,
		    o) != 0)
			unref(g, o->cats);
	}
}

static void
start_mail_records(struct gather *g)
{
	const char *d = g->fx.domain;
	struct op *o;

	if ((g->spf = spf_walk_new(d)) == NULL)
		g->st.out_of_memory = 1;
	g->fx.spf = g->spf;
	spf_pump(g);
	resolve_txt_as(g, OP_DMARC, &g->fx.dmarc.at_domain,
	    arena_printf(g->arena, "_dmarc.%s", d));
	/* _domainkey: only whether the name exists (RFC 8020) */
	if ((o = op_new(g, OP_DKIM_BASE, NULL)) != NULL) {
		ref(g, o->cats);
		g->st.dns_queries++;
		if (dns_resolve(g->env.dns, arena_printf(g->arena,
		    "_domainkey.%s", d), LDNS_RR_TYPE_TXT, dns_done, o) != 0)
			unref(g, o->cats);
	}
	for (size_t i = 0; i < g->fx.dkim.n_sel; i++)
		resolve_txt(g, &g->fx.dkim.sel[i].txt, arena_printf(g->arena,
		    "%s._domainkey.%s", g->fx.dkim.sel[i].selector, d));
	resolve_txt_as(g, OP_TLS_TXT, &g->fx.mtasts.txt, arena_printf(g->arena,
	    "_mta-sts.%s", d));
	g->fx.mtasts.host.name = arena_printf(g->arena, "mta-sts.%s", d);
	if (g->fx.mtasts.host.name != NULL) {
		g->mtasts_addr_pending = 2;
		start_host(g, &g->fx.mtasts.host, 0);
	}
	resolve_txt_as(g, OP_TLS_TXT, &g->fx.tlsrpt, arena_printf(g->arena,
	    "_smtp._tls.%s", d));
}

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
		unref(g, o->cats);
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
		else if (h == &g->fx.mtasts.host && --g->mtasts_addr_pending == 0)
			mtasts_fetch(g);
		else if (g->fx.kind == FX_MAIL && h >= g->fx.mx &&
		    h < g->fx.mx + g->fx.n_mx)
			mx_answered(g);
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
		} else if (h == &g->fx.mtasts.host) {
			if (--g->mtasts_addr_pending == 0)
				mtasts_fetch(g);
		} else if (g->fx.kind == FX_MAIL && h >= g->fx.mx &&
		    h < g->fx.mx + g->fx.n_mx) {
			/* reachability comes from the STARTTLS audits */
			mx_answered(g);
		} else if (h->no_probe) {
			/* an MX zone's name server: its addresses only */
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
	case OP_TXT:
	case OP_TLS_TXT:
		if (o->txt != NULL)
			on_txt(g, o->txt, a);
		break;
	case OP_SPF:
		on_spf(g, &o->q, a);
		break;
	case OP_DMARC:
	case OP_DMARC_ORG:
		on_dmarc(g, o->kind, a);
		break;
	case OP_DKIM_BASE:
		fill_lookup(g, &g->fx.dkim.domainkey_lk, a);
		break;
	case OP_MX_TLSA: {
		struct fx_tlsa *t = &g->fx.mx_extra[o->idx].tlsa;

		fill_lookup(g, &t->lk, a);
		if (fx_digest_tlsa(g->arena, t, a->rrs) != 0)
			g->st.out_of_memory = 1;
		mx_answered(g);
		break;
	}
	case OP_MX_CAA:
		on_mx_caa(g, o, a);
		break;
	case OP_MX_NS:
		on_mx_ns(g, o, a);
		break;
	case OP_PTR:
		on_ptr(g, o, a);
		break;
	case OP_PTR_FWD:
		on_ptr_fwd(g, o, a);
		break;
	case OP_DNS_PROBE:
	case OP_TCP_PROBE:
	case OP_MX_AUDIT:
	case OP_MTASTS:
		break;
	}
	dns_answer_free(a);
	unref(g, o->cats);
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
	g->fx.rpki = env->rpki;
	memcpy(g->climb, domain, strlen(domain) + 1);

	ref(g, 0);
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
		if (env->dkim_selectors != NULL) {
			size_t n = 0;

			while (env->dkim_selectors[n] != NULL)
				n++;
			if (n > 0 && (g->fx.dkim.sel = arena_alloc(g->arena,
			    n * sizeof(*g->fx.dkim.sel))) != NULL)
				for (g->fx.dkim.n_sel = 0; g->fx.dkim.n_sel < n;
				    g->fx.dkim.n_sel++)
					g->fx.dkim.sel[g->fx.dkim.n_sel].selector =
					    env->dkim_selectors[g->fx.dkim.n_sel];
		}
		start_mail_records(g);
	}
	unref(g, 0);
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

size_t
gather_progress(const struct gather *g, struct gather_progress_cat *out,
    size_t max)
{
	const struct cat_name *names =
	    g->fx.kind == FX_WEB ? web_cats : mail_cats;
	size_t i, n = g->fx.kind == FX_WEB ?
	    sizeof(web_cats) / sizeof(web_cats[0]) :
	    sizeof(mail_cats) / sizeof(mail_cats[0]);

	for (i = 0; i < n && i < max; i++) {
		out[i].name = names[i].name;
		out[i].started = g->started[names[i].cat];
		out[i].done = g->ended[names[i].cat];
		out[i].finished = out[i].done == out[i].started;
	}
	return i;
}

void
gather_free(struct gather *g)
{
	if (g == NULL)
		return;
	if (g->pending > 0 || g->scheduled) {
		g->freed = 1;   /* the last answer or done_deferred destroys it */
		return;
	}
	gather_destroy(g);
}
