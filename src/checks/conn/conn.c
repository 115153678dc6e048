/*
 * conn.c: the connection test's verdicts and their explanations.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "checks/conn/conn.h"
#include "checks/explain.h"
#include "report/report.h"

void
conn_addr_truncate(int family, const uint8_t *b, char *out, size_t cap)
{
	uint8_t x[16];
	char t[INET6_ADDRSTRLEN];

	memset(x, 0, sizeof(x));
	if (family == 6) {
		memcpy(x, b, 4);
		inet_ntop(AF_INET6, x, t, sizeof(t));
		snprintf(out, cap, "%s/32", t);
	} else {
		memcpy(x, b, 2);
		inet_ntop(AF_INET, x, t, sizeof(t));
		snprintf(out, cap, "%s/16", t);
	}
}

int
conn_addr_eui64(const uint8_t b[16])
{
	return b[11] == 0xff && b[12] == 0xfe;
}

/* --- explanations ---------------------------------------------------------- */

const struct chk_explain conn_explanations[] = {
	{
		.name = "conn_ipv6_name",
		.what = "Your browser fetched a test address whose name has only "
		    "an IPv6 address (AAAA record).",
		.why = "Sites and services that are reachable over IPv6 only are "
		    "out of reach for a connection without IPv6; and IPv4 "
		    "addresses have run out, so ever more of the Internet "
		    "depends on IPv6.",
		.good = "Your connection reaches websites by name over IPv6.",
		.fix = "Ask your Internet provider for IPv6 (most offer it; some "
		    "need it switched on in the modem or router). On your own "
		    "network, check that the router hands out IPv6 addresses "
		    "(router advertisements or DHCPv6) and that no firewall "
		    "blocks IPv6.",
	},
	{
		.name = "conn_ipv6_literal",
		.what = "Your browser fetched a test address given as a bare "
		    "IPv6 address, without any name to look up.",
		.why = "This tells apart IPv6 that does not work at all from "
		    "IPv6 that works but is not used for names.",
		.good = "Your connection carries IPv6 traffic.",
		.fix = "As for IPv6 by name: your connection needs an IPv6 "
		    "address and a route to the IPv6 Internet, from your "
		    "provider and through your router.",
	},
	{
		.name = "conn_ipv6_resolver",
		.what = "Your DNS resolver looked up a name whose name server "
		    "can only be reached over IPv6.",
		.why = "A resolver that cannot reach name servers over IPv6 "
		    "cannot look up domains whose name servers are IPv6-only, "
		    "whatever your own connection can do.",
		.good = "Your resolver reaches name servers over IPv6.",
		.fix = "The resolver is usually your provider's (or your "
		    "router's, which forwards to the provider). Ask the "
		    "provider to enable IPv6 on its resolvers, or use a "
		    "resolver that has IPv6. If you run your own (e.g. "
		    "unbound), give its host IPv6 and allow it:\n"
		    "  server:\n    do-ip6: yes",
	},
	{
		.name = "conn_ipv6_privacy",
		.what = "Checks whether the IPv6 address your browser used is "
		    "made from your network card's hardware (MAC) address "
		    "(a modified EUI-64 interface identifier, with ff:fe in "
		    "the middle).",
		.why = "An address built from the hardware address stays the "
		    "same on every network you join, so sites can recognise "
		    "and follow your device everywhere.",
		.good = "Your IPv6 address does not reveal your hardware "
		    "address.",
		.fix = "Turn on IPv6 privacy extensions (RFC 8981) or stable "
		    "private addresses (RFC 7217). Linux:\n"
		    "  sysctl -w net.ipv6.conf.all.use_tempaddr=2\n"
		    "Windows, macOS, Android and iOS use them by default.",
	},
	{
		.name = "conn_ipv4_reach",
		.what = "Your browser fetched a test address whose name has only "
		    "an IPv4 address (A record).",
		.why = "Shown for information: most of the Internet is still "
		    "reachable over IPv4.",
		.good = "Your connection reaches websites over IPv4.",
		.fix = "Nothing needs to be done for this test: a connection "
		    "with IPv6 only (with NAT64/DNS64 or 464XLAT for the rest) "
		    "is fine.",
	},
	{
		.name = "conn_dnssec_validation",
		.what = "Your DNS resolver was asked for a name whose DNSSEC "
		    "signatures are deliberately broken, and for names that "
		    "are signed correctly.",
		.why = "A validating resolver refuses forged answers, so nobody "
		    "between you and a domain's name servers can send you to a "
		    "fake server for a domain signed with DNSSEC.",
		.good = "Your resolver validates DNSSEC: it refused the name "
		    "with broken signatures and resolved the good ones.",
		.fix = "Ask your provider to validate DNSSEC on its resolvers, "
		    "or use a validating resolver. If you run your own, turn "
		    "validation on; unbound:\n"
		    "  server:\n    module-config: \"validator iterator\"\n"
		    "    auto-trust-anchor-file: \"/var/lib/unbound/root.key\"",
	},
	{ .name = NULL },
};

const struct chk_cat_explain conn_cat_explanations[] = {
	{
		.name = "conn_ipv6",
		.title = "Your connection and IPv6",
		.about = "Whether your Internet connection and your DNS resolver "
		    "can use IPv6, the current version of the Internet "
		    "Protocol, and whether your IPv6 address protects your "
		    "privacy.",
	},
	{
		.name = "conn_dnssec",
		.title = "Your resolver and DNSSEC",
		.about = "Whether the DNS resolver your device uses checks DNSSEC "
		    "signatures, so that forged answers are refused.",
	},
	{
		.name = "conn_ipv4",
		.title = "Your connection and IPv4",
		.about = "Whether your connection reaches IPv4 addresses; "
		    "for information only.",
	},
	{ .name = NULL },
};

/* --- verdicts ---------------------------------------------------------------- */

enum conn_level { LV_REQUIRED, LV_RECOMMENDED, LV_OPTIONAL };

static const char *const level_str[] = { "required", "recommended",
    "optional" };

struct conn_out {
	json_t *tests, *dtests;
};

static const char *
title_of(const char *name)
{
	static const struct {
		const char *n, *t;
	} t[] = {
		{ "conn_ipv6_name", "IPv6 addresses by name" },
		{ "conn_ipv6_literal", "IPv6 without DNS" },
		{ "conn_ipv6_resolver", "Resolver reaches IPv6 name servers" },
		{ "conn_ipv6_privacy", "IPv6 address privacy" },
		{ "conn_ipv4_reach", "IPv4 addresses" },
		{ "conn_dnssec_validation", "DNSSEC validation" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].n, name) == 0)
			return t[i].t;
	return name;
}

static void
put(struct conn_out *o, const char *name, const char *status,
    const char *verdict, enum conn_level lv, const char *code,
    const char *detail, double pts, int max, json_t *evidence)
{
	json_object_set_new(o->tests, name, json_pack("{s:s,s:s}", "status",
	    status, "verdict", verdict));
	json_object_set_new(o->dtests, name, json_pack("{s:s,s:s,s:s,s:s,s:f,"
	    "s:i,s:o}", "title", title_of(name), "level", level_str[lv], "code",
	    code, "detail", detail, "points", pts, "max_points", max,
	    "evidence", evidence != NULL ? evidence : json_object()));
}

static json_t *
http_ev(const struct conn_http_seen *h)
{
	if (!h->seen)
		return json_pack("{s:b}", "fetched", 0);
	return json_pack("{s:b,s:s,s:s}", "fetched", 1, "family",
	    h->family == 6 ? "IPv6" : "IPv4", "client", h->addr);
}

static json_t *
dns_ev(const struct conn_obs *o, enum connzone_probe p)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < o->n_dns; i++) {
		const struct conn_dns_seen *d = &o->dns[i];

		if (d->probe != p)
			continue;
		json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "resolver",
		    d->resolver, "family", d->family == 6 ? "IPv6" : "IPv4",
		    "qtype", d->qtype == 28 ? "AAAA" : d->qtype == 1 ? "A" :
		    d->qtype == 43 ? "DS" : d->qtype == 48 ? "DNSKEY" : "other"));
	}
	return a;
}

static int
dns_over6(const struct conn_obs *o, enum connzone_probe p)
{
	size_t i;

	for (i = 0; i < o->n_dns; i++)
		if (o->dns[i].probe == p && o->dns[i].family == 6)
			return 1;
	return 0;
}

static const char *
cat_status(const char *const *st, const enum conn_level *lv, size_t n)
{
	static const char *const order[] = { "error", "failed", "warning",
	    "info", "not_tested", "passed" };
	size_t i, k, worst = 5;
	int req = 0, rec = 0;

	for (i = 0; i < n; i++) {
		req |= lv[i] == LV_REQUIRED;
		rec |= lv[i] == LV_RECOMMENDED;
		for (k = 0; k < 6; k++)
			if (strcmp(st[i], order[k]) == 0 && k < worst)
				worst = k;
	}
	if (!req && !rec)
		return "info";          /* informational only (section 1) */
	if (worst == 4)
		return "passed";        /* not_tested does not spoil it */
	return order[worst];
}

json_t *
conn_report(const struct conn_obs *o)
{
	const struct conn_http_seen *h = o->http;
	struct conn_out out;
	json_t *root, *cats, *dcats, *ev;
	char d[300];
	int v6pts, dnspct, ipv6pct, any6 = 0, good_name;
	const char *st6[4], *stdn[1], *st4[1];
	enum conn_level lv6[4] = { LV_REQUIRED, LV_REQUIRED, LV_REQUIRED,
	    LV_RECOMMENDED }, lvdn[1] = { LV_REQUIRED }, lv4[1] = { LV_OPTIONAL };
	const struct conn_http_seen *v6seen = NULL;
	int k;

	out.tests = json_object();
	out.dtests = json_object();

	/* IPv6 by name, literal, resolver */
	st6[0] = h[CONNZONE_PROBE_AAAA].seen ? "passed" : "failed";
	put(&out, "conn_ipv6_name", st6[0], h[CONNZONE_PROBE_AAAA].seen ?
	    "good" : "bad", LV_REQUIRED, h[CONNZONE_PROBE_AAAA].seen ?
	    "ipv6_name" : "no_ipv6_name", h[CONNZONE_PROBE_AAAA].seen ?
	    "a name with only an IPv6 address was reached over IPv6" :
	    "a name with only an IPv6 address could not be reached", h[
	    CONNZONE_PROBE_AAAA].seen ? 60 : 0, 60,
	    json_pack("{s:o,s:o}", "http", http_ev(&h[CONNZONE_PROBE_AAAA]),
	    "dns", dns_ev(o, CONNZONE_PROBE_AAAA)));
	st6[1] = h[CONNZONE_PROBE_LITERAL].seen ? "passed" : "failed";
	put(&out, "conn_ipv6_literal", st6[1], h[CONNZONE_PROBE_LITERAL].seen ?
	    "good" : "bad", LV_REQUIRED, h[CONNZONE_PROBE_LITERAL].seen ?
	    "ipv6_literal" : "no_ipv6_literal", h[CONNZONE_PROBE_LITERAL].seen ?
	    "an IPv6 address without a name was reached" :
	    "an IPv6 address without a name could not be reached",
	    h[CONNZONE_PROBE_LITERAL].seen ? 20 : 0, 20,
	    json_pack("{s:o}", "http", http_ev(&h[CONNZONE_PROBE_LITERAL])));
	{
		int ok = h[CONNZONE_PROBE_CONN6].seen ||
		    dns_over6(o, CONNZONE_PROBE_CONN6);

		st6[2] = ok ? "passed" : "failed";
		put(&out, "conn_ipv6_resolver", st6[2], ok ? "good" : "bad",
		    LV_REQUIRED, ok ? "resolver_ipv6" : "resolver_no_ipv6", ok ?
		    "your resolver looked up a name served only over IPv6" :
		    "your resolver could not look up a name whose name server "
		    "has only an IPv6 address", ok ? 20 : 0, 20,
		    json_pack("{s:o,s:o}", "http",
		    http_ev(&h[CONNZONE_PROBE_CONN6]), "dns",
		    dns_ev(o, CONNZONE_PROBE_CONN6)));
	}
	v6pts = (h[CONNZONE_PROBE_AAAA].seen ? 60 : 0) +
	    (h[CONNZONE_PROBE_LITERAL].seen ? 20 : 0) +
	    (!strcmp(st6[2], "passed") ? 20 : 0);
	ipv6pct = v6pts;

	/* privacy: the IPv6 client addresses seen */
	for (k = 0; k < CONNZONE_PROBE_N; k++) {
		if (h[k].seen && h[k].family == 6) {
			any6 = 1;
			if (v6seen == NULL || h[k].eui64)
				v6seen = &h[k];
		}
	}
	if (!any6) {
		st6[3] = "not_tested";
		put(&out, "conn_ipv6_privacy", st6[3], "na", LV_RECOMMENDED,
		    "no_ipv6", "no IPv6 address of yours was seen", 0, 0, NULL);
	} else {
		st6[3] = v6seen->eui64 ? "warning" : "passed";
		snprintf(d, sizeof(d), v6seen->eui64 ? "your IPv6 address (in %s) "
		    "carries your hardware address (EUI-64 interface id)" :
		    "your IPv6 address (in %s) does not carry a hardware address",
		    v6seen->addr);
		put(&out, "conn_ipv6_privacy", st6[3], v6seen->eui64 ? "bad" :
		    "good", LV_RECOMMENDED, v6seen->eui64 ? "eui64" :
		    "no_eui64", d, 0, 0, json_pack("{s:s,s:b}", "client",
		    v6seen->addr, "eui64", v6seen->eui64));
	}

	/* IPv4 */
	st4[0] = h[CONNZONE_PROBE_A].seen ? "passed" : "info";
	put(&out, "conn_ipv4_reach", st4[0], h[CONNZONE_PROBE_A].seen ? "good" :
	    "other", LV_OPTIONAL, h[CONNZONE_PROBE_A].seen ? "ipv4" : "no_ipv4",
	    h[CONNZONE_PROBE_A].seen ? "a name with only an IPv4 address was "
	    "reached" : "a name with only an IPv4 address could not be reached",
	    0, 0, json_pack("{s:o,s:o}", "http", http_ev(&h[CONNZONE_PROBE_A]),
	    "dns", dns_ev(o, CONNZONE_PROBE_A)));

	/* DNSSEC */
	good_name = h[CONNZONE_PROBE_A].seen || h[CONNZONE_PROBE_AAAA].seen ||
	    h[CONNZONE_PROBE_CONN6].seen;
	ev = json_pack("{s:o,s:o}", "bogus_http",
	    http_ev(&h[CONNZONE_PROBE_BOGUS]), "bogus_dns",
	    dns_ev(o, CONNZONE_PROBE_BOGUS));
	if (h[CONNZONE_PROBE_BOGUS].seen) {
		stdn[0] = "failed";
		dnspct = 0;
		put(&out, "conn_dnssec_validation", "failed", "bad", LV_REQUIRED,
		    "not_validating", "your resolver gave out a name whose "
		    "signatures are broken: it does not validate DNSSEC", 0, 100,
		    ev);
	} else if (good_name) {
		stdn[0] = "passed";
		dnspct = 100;
		put(&out, "conn_dnssec_validation", "passed", "good", LV_REQUIRED,
		    "validating", "your resolver refused the name with broken "
		    "signatures and resolved the good ones", 100, 100, ev);
	} else {
		stdn[0] = "error";
		dnspct = 0;
		put(&out, "conn_dnssec_validation", "error", "other", LV_REQUIRED,
		    "no_probe_reached", "no test address was reached at all, so "
		    "validation cannot be told from a broken connection", 0, 100,
		    ev);
	}

	cats = json_pack("{s:{s:s,s:s},s:{s:s,s:s},s:{s:s,s:s}}",
	    "conn_ipv6", "status", cat_status(st6, lv6, 4), "verdict",
	    cat_status(st6, lv6, 4),
	    "conn_dnssec", "status", cat_status(stdn, lvdn, 1), "verdict",
	    cat_status(stdn, lvdn, 1),
	    "conn_ipv4", "status", cat_status(st4, lv4, 1), "verdict",
	    cat_status(st4, lv4, 1));
	dcats = json_pack("{s:{s:s,s:i,s:i,s:i},s:{s:s,s:i,s:i,s:i},"
	    "s:{s:s,s:i,s:i,s:n}}",
	    "conn_ipv6", "title", "IPv6", "points", v6pts, "max_points", 100,
	    "percentage", ipv6pct,
	    "conn_dnssec", "title", "DNSSEC", "points", dnspct, "max_points",
	    100, "percentage", dnspct,
	    "conn_ipv4", "title", "IPv4", "points", 0, "max_points", 0,
	    "percentage");
	root = json_pack("{s:s,s:s,s:s,s:s,s:{s:i},s:{s:o,s:o},s:{s:o,s:o}}",
	    "api_version", UTD_API_VERSION, "domain", "connection", "test_type",
	    "connection", "status", "ok", "scoring", "percentage",
	    (ipv6pct + dnspct) / 2, "results", "categories", cats, "tests",
	    out.tests, "details", "categories", dcats, "tests", out.dtests);
	if (o->dns_dropped > 0)
		json_object_set_new(json_object_get(root, "details"),
		    "dns_sightings_dropped", json_integer(o->dns_dropped));
	return root;
}
