/*
 * Unit tests of the IPv6 and DNSSEC checks, the category rules and the
 * score, on hand-built facts. Expected values come from the catalogue
 * (shared/spec/checks.md §1-§4, §7), not from running the program.
 */
#include <stdlib.h>

#include "checks/common.h"
#include "checks/report.h"
#include "http/http.h"
#include "rpki/rpki.h"
#include "unit.h"

static struct net_addr
addr(const char *s)
{
	struct net_addr a;

	if (net_addr_parse(&a, s) != 0)
		abort();
	return a;
}

static struct fx_lookup
ok_lk(enum dns_sec sec)
{
	struct fx_lookup lk = { .done = 1, .err = DNS_OK, .rcode = 0, .sec = sec };
	return lk;
}

/* A host with the given v6 addresses; probes answer as *ok says. */
static void
host(struct fx_host *h, const char *name, const char **v6, const int *ok, size_t n,
    uint16_t port, int dns)
{
	size_t i;

	memset(h, 0, sizeof(*h));
	h->name = name;
	h->a_lk = ok_lk(DNS_SEC_SECURE);
	h->aaaa_lk = ok_lk(DNS_SEC_SECURE);
	h->soa_lk = ok_lk(DNS_SEC_SECURE);
	h->v6 = calloc(n + 1, sizeof(*h->v6));
	h->probes = calloc(n + 1, sizeof(*h->probes));
	for (i = 0; i < n; i++) {
		h->v6[i] = addr(v6[i]);
		h->probes[i].addr = h->v6[i];
		h->probes[i].port = port;
		h->probes[i].done = 1;
		h->probes[i].status = ok[i] ? NET_OK : NET_TIMEOUT;
		h->probes[i].rcode = dns ? 0 : -1;
		h->probes[i].elapsed_ms = 3000;
	}
	h->n_v6 = h->n_probes = n;
}

static void
host_free(struct fx_host *h)
{
	free(h->v6);
	free(h->probes);
}

static struct fx_host ns[3], mx[3];

static void
base_facts(struct facts *fx, enum fx_kind kind)
{
	static const char *v6a[] = { "2001:db8:1::53" }, *v6b[] = { "2001:db8:2::53" };
	static const char *w6[] = { "2001:db8:80::1" }, *m6[] = { "2001:db8:25::1" };
	static const int yes[] = { 1, 1 };

	memset(fx, 0, sizeof(*fx));
	fx->kind = kind;
	fx->domain = "good.test";
	fx->zone = "good.test";
	fx->soa_lk = ok_lk(DNS_SEC_SECURE);
	fx->ns_lk = ok_lk(DNS_SEC_SECURE);
	host(&ns[0], "ns1.good.test", v6a, yes, 1, 53, 1);
	host(&ns[1], "ns2.good.test", v6b, yes, 1, 53, 1);
	fx->ns = ns;
	fx->n_ns = fx->n_ns_total = 2;
	fx->algo.dnskey_lk = ok_lk(DNS_SEC_SECURE);
	host(&fx->web, "good.test", w6, yes, 1, 443, 0);
	host(&mx[0], "mx.good.test", m6, yes, 1, 25, 0);
	fx->mx_lk = ok_lk(DNS_SEC_SECURE);
	fx->mx_state = FX_MX_PRESENT;
	fx->mx = mx;
	fx->n_mx = fx->n_mx_total = 1;
}

static void
facts_free(struct facts *fx)
{
	host_free(&ns[0]);
	host_free(&ns[1]);
	host_free(&fx->web);
	host_free(&mx[0]);
}

static struct chk_result R;

static void
run(const char *name, const struct facts *fx)
{
	const struct chk_def *d = chk_find(name);

	json_decref(R.evidence);
	memset(&R, 0, sizeof(R));
	if (d == NULL) {
		fprintf(stderr, "no check %s\n", name);
		unit_failed++;
		R.verdict = R.code = "";
		return;
	}
	chk_run(d, fx, &R);
}

#define EXPECT(name_, fx_, st_, code_) do { \
	run(name_, fx_); \
	CHECK_STR(chk_status_str(R.status), chk_status_str(st_)); \
	CHECK_STR(R.code, code_); \
} while (0)

static void
test_ns(void)
{
	struct facts fx;
	base_facts(&fx, FX_WEB);
	EXPECT("web_ipv6_ns_address", &fx, CHK_PASSED, "ns_ipv6");
	EXPECT("web_ipv6_ns_reach", &fx, CHK_PASSED, "ns_ipv6_reachable");
	CHECK(R.points == 10);
	CHECK(R.max_points == 10);

	/* ns2 without AAAA: only one NS with IPv6 fails the address test;
	 * reach passes but scores (10 + 0) / 2. */
	ns[1].n_v6 = ns[1].n_probes = 0;
	EXPECT("web_ipv6_ns_address", &fx, CHK_FAILED, "ns_ipv6_missing");
	EXPECT("web_ipv6_ns_reach", &fx, CHK_PASSED, "ns_ipv6_reachable");
	CHECK(R.points == 5);

	/* No NS with IPv6: reach is not tested, no points. */
	ns[0].n_v6 = ns[0].n_probes = 0;
	EXPECT("web_ipv6_ns_address", &fx, CHK_FAILED, "ns_ipv6_missing");
	EXPECT("web_ipv6_ns_reach", &fx, CHK_NOT_TESTED, "no_ns_ipv6");
	CHECK(R.points == 0);

	/* One silent address fails reach. */
	ns[0].n_v6 = ns[0].n_probes = 1;
	ns[1].n_v6 = ns[1].n_probes = 1;
	ns[1].probes[0].status = NET_TIMEOUT;
	EXPECT("mail_ipv6_ns_reach", &fx, CHK_FAILED, "ns_ipv6_unreachable");
	CHECK(strstr(R.detail, "2001:db8:2::53") != NULL);
	CHECK(R.points == 5);

	/* A lame server (REFUSED over IPv6) is not reachable for the name. */
	ns[1].probes[0].status = NET_OK;
	ns[1].probes[0].rcode = 5;
	EXPECT("web_ipv6_ns_reach", &fx, CHK_FAILED, "ns_ipv6_unreachable");
	CHECK(strstr(R.detail, "REFUSED") != NULL);
	ns[1].probes[0].rcode = 3;   /* NXDOMAIN is an answer */
	EXPECT("web_ipv6_ns_reach", &fx, CHK_PASSED, "ns_ipv6_reachable");

	/* One NS only: fails the address test, reach capped at 5 points. */
	fx.n_ns = 1;
	EXPECT("web_ipv6_ns_address", &fx, CHK_FAILED, "ns_ipv6_single");
	EXPECT("web_ipv6_ns_reach", &fx, CHK_PASSED, "ns_ipv6_reachable");
	CHECK(R.points == 5);
	fx.n_ns = 2;

	/* The NS lookup itself timed out: error with that reason. */
	fx.n_ns = 0;
	fx.ns_lk.err = DNS_ERR_TIMEOUT;
	EXPECT("web_ipv6_ns_address", &fx, CHK_ERROR, "timeout");
	EXPECT("web_ipv6_ns_reach", &fx, CHK_ERROR, "timeout");
	fx.ns_lk.err = DNS_OK;
	fx.ns_lk.rcode = 2;
	fx.ns_lk.sec = DNS_SEC_BOGUS;
	fx.ns_lk.why_bogus = "signature expired";
	EXPECT("web_ipv6_ns_address", &fx, CHK_ERROR, "bogus");
	CHECK(strstr(R.detail, "signature expired") != NULL);
	fx.n_ns = 2;

	/* An AAAA lookup error that decides the outcome is an error. */
	ns[1].n_v6 = 0;
	ns[1].aaaa_lk.err = DNS_ERR_SERVFAIL;
	EXPECT("web_ipv6_ns_address", &fx, CHK_ERROR, "servfail");
	facts_free(&fx);
}

static void
test_web_host(void)
{
	struct facts fx;

	/* ws_reach reads the endpoints' fetches: see test_http. */
	base_facts(&fx, FX_WEB);
	EXPECT("web_ipv6_ws_address", &fx, CHK_PASSED, "web_ipv6");
	fx.web.n_v6 = 0;
	EXPECT("web_ipv6_ws_address", &fx, CHK_FAILED, "web_ipv6_missing");
	EXPECT("web_ipv6_ws_reach", &fx, CHK_NOT_TESTED, "no_web_ipv6");
	fx.web.n_v6_mapped = 1;
	EXPECT("web_ipv6_ws_address", &fx, CHK_FAILED, "web_ipv6_mapped_only");
	fx.web.aaaa_lk.err = DNS_ERR_TIMEOUT;
	fx.web.aaaa_lk.elapsed_ms = 10000;
	EXPECT("web_ipv6_ws_address", &fx, CHK_ERROR, "timeout");
	EXPECT("web_ipv6_ws_reach", &fx, CHK_ERROR, "timeout");
	facts_free(&fx);
}

static void
test_dnssec(void)
{
	struct facts fx;
	struct fx_dnskey k13 = { 257, 13, 1234, 256 }, k5 = { 257, 5, 99, 2048 };
	struct fx_ds ds2 = { 1234, 13, 2 }, ds1 = { 1234, 13, 1 };
	struct fx_nsec3param n3 = { 1, 0, 10, 4 }, n3ok = { 1, 0, 0, 0 };

	base_facts(&fx, FX_WEB);
	fx.algo.dnskeys = &k13;
	fx.algo.n_dnskeys = 1;
	fx.algo.ds = &ds2;
	fx.algo.n_ds = 1;
	EXPECT("web_dnssec_exist", &fx, CHK_PASSED, "signed");
	EXPECT("web_dnssec_valid", &fx, CHK_PASSED, "secure");
	CHECK(R.points == 10);
	EXPECT("web_dnssec_algo", &fx, CHK_PASSED, "good_algorithms");

	fx.algo.nsec3p = &n3ok;
	fx.algo.n_nsec3p = 1;
	EXPECT("web_dnssec_algo", &fx, CHK_PASSED, "good_algorithms");
	fx.algo.nsec3p = &n3;
	EXPECT("web_dnssec_algo", &fx, CHK_INFO, "nsec3_parameters");
	fx.algo.ds = &ds1;
	EXPECT("web_dnssec_algo", &fx, CHK_WARNING, "weak_ds_digest");
	fx.algo.dnskeys = &k5;
	EXPECT("web_dnssec_algo", &fx, CHK_WARNING, "weak_algorithm");
	CHECK(strstr(R.detail, "RSASHA1") != NULL);

	fx.soa_lk.sec = DNS_SEC_INSECURE;
	EXPECT("web_dnssec_exist", &fx, CHK_FAILED, "unsigned");
	EXPECT("web_dnssec_valid", &fx, CHK_NOT_TESTED, "insecure");
	CHECK(R.points == 2);
	EXPECT("web_dnssec_algo", &fx, CHK_NOT_TESTED, "not_secure");

	fx.soa_lk.sec = DNS_SEC_BOGUS;
	fx.soa_lk.rcode = 2;
	fx.soa_lk.why_bogus = "DS mismatch";
	EXPECT("web_dnssec_exist", &fx, CHK_PASSED, "signed");
	EXPECT("web_dnssec_valid", &fx, CHK_FAILED, "bogus");
	CHECK(strstr(R.detail, "DS mismatch") != NULL);
	CHECK(R.points == 0);

	fx.soa_lk.sec = DNS_SEC_UNKNOWN;
	fx.soa_lk.err = DNS_ERR_TIMEOUT;
	EXPECT("web_dnssec_exist", &fx, CHK_ERROR, "timeout");
	EXPECT("web_dnssec_valid", &fx, CHK_ERROR, "timeout");

	CHECK(chk_dnskey_algo_class(8) == ALGO_GOOD);
	CHECK(chk_dnskey_algo_class(15) == ALGO_GOOD);
	CHECK(chk_dnskey_algo_class(1) == ALGO_BAD);
	CHECK(chk_dnskey_algo_class(7) == ALGO_BAD);
	CHECK(chk_dnskey_algo_class(200) == ALGO_UNKNOWN);
	CHECK(chk_ds_digest_class(2) == ALGO_GOOD);
	CHECK(chk_ds_digest_class(1) == ALGO_BAD);
	facts_free(&fx);
}

static void
test_mail(void)
{
	struct facts fx;

	base_facts(&fx, FX_MAIL);
	EXPECT("mail_ipv6_mx_address", &fx, CHK_PASSED, "mx_ipv6");
	EXPECT("mail_ipv6_mx_reach", &fx, CHK_PASSED, "mx_ipv6_reachable");
	CHECK(R.points == 10);
	EXPECT("mail_dnssec_mx_exist", &fx, CHK_PASSED, "mx_signed");
	EXPECT("mail_dnssec_mx_valid", &fx, CHK_PASSED, "mx_secure");
	EXPECT("mail_dnssec_mailto_valid", &fx, CHK_PASSED, "secure");
	CHECK(R.points == 10);

	/* MX in an unsigned zone: mx_exist fails, the category's points are
	 * the worst state: insecure = 2. */
	mx[0].soa_lk.sec = DNS_SEC_INSECURE;
	EXPECT("mail_dnssec_mx_exist", &fx, CHK_FAILED, "mx_unsigned");
	EXPECT("mail_dnssec_mx_valid", &fx, CHK_NOT_TESTED, "mx_insecure");
	EXPECT("mail_dnssec_mailto_valid", &fx, CHK_PASSED, "secure");
	CHECK(R.points == 2);
	mx[0].soa_lk.sec = DNS_SEC_BOGUS;
	EXPECT("mail_dnssec_mx_valid", &fx, CHK_FAILED, "mx_bogus");
	mx[0].soa_lk.sec = DNS_SEC_SECURE;

	mx[0].n_v6 = mx[0].n_probes = 0;
	EXPECT("mail_ipv6_mx_address", &fx, CHK_FAILED, "mx_ipv6_missing");
	EXPECT("mail_ipv6_mx_reach", &fx, CHK_NOT_TESTED, "no_mx_ipv6");
	CHECK(R.points == 0);
	mx[0].n_v6 = mx[0].n_probes = 1;

	fx.mx_state = FX_MX_NONE;
	fx.n_mx = 0;
	EXPECT("mail_ipv6_mx_address", &fx, CHK_NOT_TESTED, "no_mx");
	EXPECT("mail_ipv6_mx_reach", &fx, CHK_NOT_TESTED, "no_mx");
	CHECK(R.points == 10);   /* no MX = full points */
	EXPECT("mail_dnssec_mx_exist", &fx, CHK_NOT_TESTED, "no_mx");
	fx.mx_state = FX_MX_NULL;
	EXPECT("mail_ipv6_mx_address", &fx, CHK_NOT_TESTED, "null_mx");
	fx.mx_state = FX_MX_UNKNOWN;
	fx.mx_lk.err = DNS_ERR_SERVFAIL;
	EXPECT("mail_ipv6_mx_address", &fx, CHK_ERROR, "servfail");
	EXPECT("mail_ipv6_mx_reach", &fx, CHK_ERROR, "servfail");
	CHECK(R.points == 0);
	facts_free(&fx);
}

static void
test_caa_dane(void)
{
	struct facts fx;
	struct caa_rr rrs[2];
	uint8_t hash[32] = { 1 };
	struct fx_tlsa_rr tlsa = { 3, 1, 1, hash, sizeof(hash) };

	base_facts(&fx, FX_WEB);
	memset(rrs, 0, sizeof(rrs));
	fx.caa.lk = ok_lk(DNS_SEC_SECURE);
	EXPECT("web_https_tls_caa", &fx, CHK_WARNING, "caa_missing");
	fx.caa.owner = "good.test";
	fx.caa.rrs = rrs;
	fx.caa.n = 1;
	snprintf(rrs[0].tag, sizeof(rrs[0].tag), "iodef");
	snprintf(rrs[0].value, sizeof(rrs[0].value), "mailto:a@good.test");
	EXPECT("web_https_tls_caa", &fx, CHK_WARNING, "caa_no_issue");
	fx.caa.n = 2;
	snprintf(rrs[1].tag, sizeof(rrs[1].tag), "issue");
	snprintf(rrs[1].value, sizeof(rrs[1].value), "ca.test");
	EXPECT("web_https_tls_caa", &fx, CHK_PASSED, "caa_good");
	snprintf(rrs[1].value, sizeof(rrs[1].value), "ca.test; =x");
	EXPECT("web_https_tls_caa", &fx, CHK_WARNING, "caa_syntax");
	fx.caa.owner = NULL;
	fx.caa.n = 0;
	fx.caa.lk.err = DNS_ERR_TIMEOUT;
	EXPECT("web_https_tls_caa", &fx, CHK_ERROR, "timeout");

	fx.tlsa.owner = "_443._tcp.good.test";
	fx.tlsa.lk = ok_lk(DNS_SEC_SECURE);
	EXPECT("web_https_dane_exist", &fx, CHK_INFO, "tlsa_missing");
	fx.tlsa.rrs = &tlsa;
	fx.tlsa.n = 1;
	EXPECT("web_https_dane_exist", &fx, CHK_PASSED, "tlsa_present");
	fx.tlsa.lk.sec = DNS_SEC_INSECURE;
	EXPECT("web_https_dane_exist", &fx, CHK_INFO, "tlsa_insecure");
	fx.tlsa.lk.sec = DNS_SEC_BOGUS;
	EXPECT("web_https_dane_exist", &fx, CHK_INFO, "tlsa_bogus");
	facts_free(&fx);
}

/* --- website HTTP checks on hand-built responses ------------------------- */

static struct http_header hsts_year = { "strict-transport-security", "max-age=31536000; includeSubDomains" };
static struct http_header hsts_hour = { "strict-transport-security", "max-age=3600" };
static struct http_header hsts_bad = { "strict-transport-security", "max-age=1; max-age=2" };
static struct http_header hsts_preload = { "strict-transport-security",
    "max-age=63072000; includeSubDomains; preload" };
static struct http_header hsts_preload_nosub = { "strict-transport-security",
    "max-age=63072000; preload" };
static struct http_header gzip_enc = { "content-encoding", "gzip" };

static void
resp(struct http_result *r, enum http_outcome o, long status, struct http_header *h,
    size_t nh, const char *body)
{
	memset(r, 0, sizeof(*r));
	r->outcome = o;
	r->status = status;
	r->http_version = 11;
	r->headers = h;
	r->n_headers = nh;
	r->body = (uint8_t *)(uintptr_t)body;
	r->body_len = strlen(body);
}

static void
hop(struct http_hop *h, const char *url, const char *scheme, const char *host,
    struct http_result *r)
{
	memset(h, 0, sizeof(*h));
	h->url = (char *)(uintptr_t)url;
	h->scheme = (char *)(uintptr_t)scheme;
	h->host = (char *)(uintptr_t)host;
	h->fetched = r != NULL;
	h->result = r;
	if (r != NULL) {
		h->status = r->status;
		h->location = r->status >= 300 && r->status < 400 ? url : NULL;
	}
}

static void
test_http(void)
{
	struct facts fx;
	struct fx_web_ep eps[3];
	struct http_result s443[3], s80[3], s80b;
	struct http_hop hops[3][3];
	struct http_follow_result f80[3];
	static const char *page = "<html><body><p>Hello world, this is the page</p></body></html>";
	static const char *other = "<html><body><h1>Something else entirely</h1><p>x y z</p></body></html>";
	int i;

	base_facts(&fx, FX_WEB);
	fx.web.v4 = calloc(1, sizeof(*fx.web.v4));
	fx.web.v4[0] = addr("198.51.100.80");
	fx.web.n_v4 = 1;
	memset(eps, 0, sizeof(eps));
	eps[0].addr = fx.web.v4[0];
	eps[1].addr = fx.web.v6[0];
	eps[2].addr = addr("2001:db8:80::2");
	for (i = 0; i < 3; i++) {
		resp(&s443[i], HTTP_FETCH_OK, 200, &hsts_year, 1, page);
		resp(&s80[i], HTTP_FETCH_OK, 301, NULL, 0, "");
		hop(&hops[i][0], "http://good.test/", "http", "good.test", &s80[i]);
		hop(&hops[i][1], "https://good.test/", "https", "good.test", &s443[i]);
		f80[i].hops = hops[i];
		f80[i].n_hops = 2;
		eps[i].https = &s443[i];
		eps[i].http80 = &f80[i];
	}
	fx.eps = eps;
	fx.n_eps = 3;
	/* IPv6 reachability from the fetches: 80 or 443 must connect. */
	EXPECT("web_ipv6_ws_reach", &fx, CHK_PASSED, "web_ipv6_reachable");
	CHECK(R.points == 10);
	s443[2].outcome = HTTP_FETCH_TLS;       /* connected, then TLS failed */
	s80[2].outcome = HTTP_FETCH_REFUSED;
	EXPECT("web_ipv6_ws_reach", &fx, CHK_PASSED, "web_ipv6_reachable");
	s443[2].outcome = HTTP_FETCH_TIMEOUT;
	s443[2].elapsed_ms = 4000;
	EXPECT("web_ipv6_ws_reach", &fx, CHK_FAILED, "web_ipv6_unreachable");
	CHECK(strstr(R.detail, "2001:db8:80::2: no answer within 4000 ms") != NULL);
	CHECK(R.points == 2);
	s443[1].outcome = HTTP_FETCH_UNREACHABLE;
	s80[1].outcome = HTTP_FETCH_TIMEOUT;
	EXPECT("web_ipv6_ws_reach", &fx, CHK_FAILED, "web_ipv6_unreachable");
	CHECK(R.points == 0);
	s443[1].outcome = s443[2].outcome = HTTP_FETCH_OK;
	s80[1].outcome = s80[2].outcome = HTTP_FETCH_OK;
	fx.n_eps = 2;
	EXPECT("web_https_http_available", &fx, CHK_PASSED, "https_available");
	EXPECT("web_https_http_redirect", &fx, CHK_PASSED, "redirect_https");
	CHECK(R.n_servers == 2 && R.server_points[0] == 10 && R.server_points[1] == 10);
	EXPECT("web_https_http_hsts", &fx, CHK_PASSED, "hsts_good");
	/* Preload (new, optional): the lists want preload, includeSubDomains
	 * and a year; anything less is info, never worse. */
	EXPECT("web_https_hsts_preload", &fx, CHK_INFO, "hsts_no_preload");
	s443[0].headers = s443[1].headers = &hsts_preload;
	EXPECT("web_https_hsts_preload", &fx, CHK_PASSED, "hsts_preload_ready");
	s443[1].headers = &hsts_preload_nosub;
	EXPECT("web_https_hsts_preload", &fx, CHK_INFO, "hsts_preload_incomplete");
	CHECK(strstr(R.detail, "includeSubDomains") != NULL);
	s443[0].headers = s443[1].headers = &hsts_year;
	/* Security options (catalogue §3, §8) from the same answers: none of
	 * the headers yet. */
	EXPECT("web_appsecpriv_x_frame_options", &fx, CHK_INFO, "xfo_missing");
	EXPECT("web_appsecpriv_x_content_type_options", &fx, CHK_WARNING,
	    "xcto_missing");
	EXPECT("web_appsecpriv_referrer_policy", &fx, CHK_INFO, "referrer_missing");
	EXPECT("web_appsecpriv_csp", &fx, CHK_WARNING, "csp_missing");
	EXPECT("web_appsecpriv_securitytxt", &fx, CHK_ERROR, "not_fetched");
	{
		static struct http_header good[] = {
			{ "strict-transport-security", "max-age=31536000" },
			{ "x-frame-options", "SAMEORIGIN" },
			{ "x-content-type-options", "nosniff" },
			{ "referrer-policy", "no-referrer" },
			{ "content-security-policy", "default-src 'self'; "
			    "base-uri 'self'; frame-ancestors 'none'; "
			    "form-action 'self'" },
		};
		static struct http_header weak[] = {
			{ "x-frame-options", "ALLOW-FROM https://x.test/" },
			{ "referrer-policy", "unsafe-url" },
			{ "content-security-policy", "default-src 'self'; "
			    "script-src 'self' 'unsafe-inline'; base-uri 'self'; "
			    "frame-ancestors 'none'; form-action 'self'" },
		};

		s443[0].headers = s443[1].headers = good;
		s443[0].n_headers = s443[1].n_headers = 5;
		EXPECT("web_appsecpriv_x_frame_options", &fx, CHK_PASSED, "xfo_good");
		EXPECT("web_appsecpriv_x_content_type_options", &fx, CHK_PASSED,
		    "xcto_nosniff");
		EXPECT("web_appsecpriv_referrer_policy", &fx, CHK_PASSED,
		    "referrer_good");
		EXPECT("web_appsecpriv_csp", &fx, CHK_PASSED, "csp_good");
		/* one address weak: the worst is reported, with its rule */
		s443[1].headers = weak;
		s443[1].n_headers = 3;
		EXPECT("web_appsecpriv_x_frame_options", &fx, CHK_INFO, "xfo_bad");
		EXPECT("web_appsecpriv_referrer_policy", &fx, CHK_WARNING,
		    "referrer_leaks");
		EXPECT("web_appsecpriv_csp", &fx, CHK_WARNING, "csp_weak");
		CHECK(strstr(R.detail, "unsafe-inline") != NULL);
		s443[0].headers = s443[1].headers = &hsts_year;
		s443[0].n_headers = s443[1].n_headers = 1;
	}
	EXPECT("web_https_http_compress", &fx, CHK_PASSED, "http_uncompressed");
	EXPECT("web_https_http2", &fx, CHK_INFO, "no_http2");
	EXPECT("web_ipv6_ws_similar", &fx, CHK_PASSED, "same_site");
	CHECK(R.points == 2);

	/* Only the IPv6 address gets it wrong: the test fails and says where,
	 * and that server's points are the ones that count. */
	s443[1].headers = &hsts_hour;
	EXPECT("web_https_http_hsts", &fx, CHK_FAILED, "hsts_short");
	CHECK(strstr(R.detail, "2001:db8:80::1") != NULL);
	CHECK(R.server_points[0] == 10 && R.server_points[1] == 2);
	{
		/* The category scores the weakest address (catalogue §2): redirect
		 * 10 + HSTS 10 on IPv4, 10 + 2 on IPv6; TLS facts are missing here,
		 * so those tests give 0 everywhere: min(20, 12) of 150. */
		struct chk_report rep;

		if (chk_report_build(&rep, &fx) == 0) {
			/* RPKI without data: not tested, out of the score */
			CHECK(rep.n_cats == 5);
			CHECK_STR(rep.cats[3].cat->name, "web_appsecpriv");
			CHECK(rep.cats[3].max_points == 0 && rep.cats[3].percentage == -1);
			CHECK_STR(rep.cats[4].cat->name, "web_rpki");
			CHECK(rep.cats[4].max_points == 0 && rep.cats[4].percentage == -1);
			CHECK_STR(rep.cats[2].cat->name, "web_https");
			CHECK(rep.cats[2].points == 12);
			CHECK(rep.cats[2].max_points == 150);
			CHECK(rep.cats[2].percentage == 8);
			chk_report_clear(&rep);
		} else
			CHECK(0);
	}
	s443[1].headers = &hsts_bad;
	EXPECT("web_https_http_hsts", &fx, CHK_FAILED, "hsts_invalid");
	s443[1].n_headers = 0;
	EXPECT("web_https_http_hsts", &fx, CHK_FAILED, "hsts_missing");
	s443[1].headers = &gzip_enc;
	s443[1].n_headers = 1;
	EXPECT("web_https_http_compress", &fx, CHK_INFO, "http_compressed");
	s443[1].body = (uint8_t *)(uintptr_t)other;
	s443[1].body_len = strlen(other);
	EXPECT("web_ipv6_ws_similar", &fx, CHK_WARNING, "content_differs");
	CHECK(R.points == 0);
	s443[1].status = 404;
	EXPECT("web_ipv6_ws_similar", &fx, CHK_FAILED, "status_differs");
	s443[1].outcome = HTTP_FETCH_REFUSED;
	EXPECT("web_https_http_available", &fx, CHK_FAILED, "https_missing");
	EXPECT("web_ipv6_ws_similar", &fx, CHK_FAILED, "ports_differ");
	s443[1].outcome = HTTP_FETCH_TIMEOUT;
	EXPECT("web_https_http_available", &fx, CHK_ERROR, "timeout");

	/* Redirect shapes */
	hop(&hops[1][1], "https://www.good.test/", "https", "www.good.test", NULL);
	EXPECT("web_https_http_redirect", &fx, CHK_FAILED, "redirect_other_host");
	hop(&hops[1][1], "http://good.test/x", "http", "good.test", NULL);
	EXPECT("web_https_http_redirect", &fx, CHK_FAILED, "redirect_not_https");
	hop(&hops[1][1], "https://good.test/", "https", "good.test", &s443[1]);
	hop(&hops[1][2], "http://good.test/back", "http", "good.test", NULL);
	f80[1].n_hops = 3;
	EXPECT("web_https_http_redirect", &fx, CHK_FAILED, "redirect_back_to_http");
	resp(&s80b, HTTP_FETCH_OK, 200, NULL, 0, page);
	hop(&hops[1][0], "http://good.test/", "http", "good.test", &s80b);
	f80[1].n_hops = 1;
	EXPECT("web_https_http_redirect", &fx, CHK_FAILED, "no_redirect");
	s80b.outcome = HTTP_FETCH_REFUSED;      /* nothing on port 80 */
	EXPECT("web_https_http_redirect", &fx, CHK_PASSED, "redirect_https");
	CHECK_STR(json_string_value(json_object_get(json_array_get(
	    json_object_get(R.evidence, "servers"), 1), "code")), "no_http");
	CHECK(R.server_points[1] == 10);
	s80b.outcome = HTTP_FETCH_TIMEOUT;
	EXPECT("web_https_http_redirect", &fx, CHK_ERROR, "timeout");
	free(fx.web.v4);
	facts_free(&fx);
}

static void
test_rules(void)
{
	enum chk_status st[3];
	enum chk_level lv[3];
	struct facts fx;
	struct chk_report rep;

	CHECK(chk_clamp(CHK_RECOMMENDED, CHK_FAILED) == CHK_WARNING);
	CHECK(chk_clamp(CHK_OPTIONAL, CHK_FAILED) == CHK_INFO);
	CHECK(chk_clamp(CHK_OPTIONAL, CHK_WARNING) == CHK_INFO);
	CHECK(chk_clamp(CHK_OPTIONAL, CHK_ERROR) == CHK_ERROR);
	CHECK(chk_clamp(CHK_REQUIRED, CHK_FAILED) == CHK_FAILED);

	st[0] = CHK_PASSED; lv[0] = CHK_REQUIRED;
	st[1] = CHK_WARNING; lv[1] = CHK_RECOMMENDED;
	CHECK(chk_category_status(st, lv, 2) == CHK_PASSED);
	CHECK(chk_category_status(&st[1], &lv[1], 1) == CHK_WARNING);
	st[2] = CHK_INFO; lv[2] = CHK_OPTIONAL;
	CHECK(chk_category_status(&st[2], &lv[2], 1) == CHK_INFO);
	st[0] = CHK_FAILED;
	CHECK(chk_category_status(st, lv, 3) == CHK_FAILED);
	st[2] = CHK_ERROR;
	CHECK(chk_category_status(st, lv, 3) == CHK_ERROR);
	CHECK(chk_status_parse("not_tested") == CHK_NOT_TESTED);
	CHECK(chk_status_parse("nope") == -1);

	/* Score (mail: IPv6, DNSSEC, authenticity, STARTTLS): these facts
	 * have good IPv6 and DNSSEC (100 % each) but no SPF/DMARC/DKIM
	 * answers (authenticity 0 of 50) and an MX without a tested address
	 * (STARTTLS 0 of 140): total int((100 + 100 + 0 + 0) / 4) = 50. */
	base_facts(&fx, FX_MAIL);
	if (chk_report_build(&rep, &fx) == 0) {
		CHECK(rep.n_cats == 5);    /* RPKI without data leaves the score */
		CHECK(rep.cats[4].max_points == 0);
		CHECK(rep.cats[0].percentage == 100);
		CHECK(rep.cats[1].percentage == 100);
		CHECK(rep.cats[2].percentage == 0 && rep.cats[2].max_points == 50);
		CHECK(rep.cats[3].percentage == 0 && rep.cats[3].max_points == 140);
		CHECK(rep.percentage == 50);
		CHECK_STR(rep.status, "ok");
		chk_report_clear(&rep);
	} else
		CHECK(0);
	/* An insecure mail domain: DNSSEC 2 of 10 = 20 %, total
	 * int((100 + 20 + 0 + 0) / 4) = 30. */
	fx.soa_lk.sec = DNS_SEC_INSECURE;
	if (chk_report_build(&rep, &fx) == 0) {
		CHECK(rep.cats[1].percentage == 20);
		CHECK(rep.cats[1].status == CHK_FAILED);
		CHECK(rep.percentage == 30);
		CHECK(chk_report_has_failure(&rep));
		chk_report_clear(&rep);
	} else
		CHECK(0);
	/* A null MX takes STARTTLS out of the score (catalogue §2):
	 * int((100 + 20 + 0) / 3) = 40. */
	fx.mx_state = FX_MX_NULL;
	if (chk_report_build(&rep, &fx) == 0) {
		CHECK(rep.cats[3].max_points == 0 && rep.cats[3].percentage == -1);
		CHECK(rep.percentage == 40);
		chk_report_clear(&rep);
	} else
		CHECK(0);
	fx.mx_state = FX_MX_PRESENT;
	/* NXDOMAIN at the name: the domain could not be tested. */
	fx.soa_lk.rcode = 3;
	if (chk_report_build(&rep, &fx) == 0) {
		CHECK_STR(rep.status, "error");
		CHECK_STR(rep.error_code, "nxdomain");
		CHECK(rep.percentage == 0);
		CHECK(rep.results[0].status == CHK_NOT_TESTED);
		CHECK_STR(rep.results[0].code, "nxdomain");
		CHECK(rep.cats[0].status == CHK_NOT_TESTED);
		chk_report_clear(&rep);
	} else
		CHECK(0);
	facts_free(&fx);
}

/* RPKI (catalogue §8, RFC 6811, RFC 9319) on hand-made data: AS64500's
 * ROA 198.51.100.0/24-24 and 2001:db8::/32-48. */
static void
test_rpki(void)
{
	static const char vrp[] =
	    "{\"roas\": ["
	    "{\"asn\": \"AS64500\", \"prefix\": \"198.51.100.0/24\", \"maxLength\": 24},"
	    "{\"asn\": \"AS64500\", \"prefix\": \"2001:db8::/32\", \"maxLength\": 48}]}";
	static const char routes_ok[] =
	    "198.51.100.0/24 64500\n2001:db8::/32 64500\n";
	struct rpki_db *db = rpki_db_new();
	struct facts fx;
	char why[128];

	CHECK(db != NULL);
	if (db == NULL)
		return;
	base_facts(&fx, FX_WEB);
	/* no data: not tested, no points to win */
	EXPECT("web_rpki_valid", &fx, CHK_NOT_TESTED, "no_rpki_data");
	CHECK(R.max_points == 0);
	CHECK(rpki_vrp_load_buffer(db, vrp, sizeof(vrp) - 1, why, sizeof(why)) == 0);
	fx.rpki = db;
	/* VRPs but no routes: nothing covers the addresses */
	EXPECT("web_rpki_exists", &fx, CHK_WARNING, "rpki_missing");
	CHECK(R.points == 0);
	EXPECT("web_rpki_valid", &fx, CHK_FAILED, "rpki_no_route");
	CHECK(rpki_routes_load_buffer(db, routes_ok, sizeof(routes_ok) - 1, why,
	    sizeof(why)) == 0);
	/* the IPv4 route is exact; the IPv6 /32 is valid through maxLength
	 * 48, longer than the route: RFC 9319 warning, full points */
	EXPECT("web_ns_rpki_exists", &fx, CHK_PASSED, "rpki_covered");
	CHECK(R.points == 5);
	EXPECT("web_ns_rpki_valid", &fx, CHK_WARNING, "rpki_loose_maxlength");
	CHECK(R.points == 10);
	rpki_db_free(db);

	/* Another origin for the IPv6 block: invalid (wrong origin). */
	db = rpki_db_new();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	CHECK(rpki_vrp_load_buffer(db, vrp, sizeof(vrp) - 1, why, sizeof(why)) == 0);
	CHECK(rpki_routes_load_buffer(db, "2001:db8::/32 64666\n", 20, why,
	    sizeof(why)) == 0);
	fx.rpki = db;
	EXPECT("web_rpki_exists", &fx, CHK_PASSED, "rpki_covered");
	EXPECT("web_rpki_valid", &fx, CHK_FAILED, "rpki_invalid");
	CHECK(R.points == 0);
	/* mail without an MX: not applicable, full points */
	fx.kind = FX_MAIL;
	fx.mx_state = FX_MX_NONE;
	EXPECT("mail_rpki_valid", &fx, CHK_NOT_TESTED, "no_mx");
	CHECK(R.points == 10);
	rpki_db_free(db);
	facts_free(&fx);
}

int
main(void)
{
	test_ns();
	test_web_host();
	test_dnssec();
	test_mail();
	test_caa_dane();
	test_http();
	test_rules();
	test_rpki();
	json_decref(R.evidence);
	return unit_done("test_checks");
}
