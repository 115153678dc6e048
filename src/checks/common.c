#include <stdio.h>
#include <string.h>

#include "checks/common.h"

static const char *
rcode_str(int rcode)
{
	static const char *const names[] = {
		"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
	};

	if (rcode >= 0 && (size_t)rcode < sizeof(names) / sizeof(names[0]))
		return names[rcode];
	return "RCODE?";
}

json_t *
chk_json_lookup(const struct fx_lookup *lk)
{
	json_t *o = json_object();

	if (!lk->done) {
		json_object_set_new(o, "status", chk_jstr("not_asked"));
		return o;
	}
	json_object_set_new(o, "status", chk_jstr(dns_err_code(lk->err)));
	json_object_set_new(o, "rcode", chk_jstr(rcode_str(lk->rcode)));
	json_object_set_new(o, "dnssec", chk_jstr(dns_sec_str(lk->sec)));
	if (lk->why_bogus != NULL)
		json_object_set_new(o, "why_bogus", chk_jstr(lk->why_bogus));
	if (lk->detail != NULL)
		json_object_set_new(o, "detail", chk_jstr(lk->detail));
	return o;
}

static json_t *
addrs_json(const struct net_addr *a, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, chk_jstr(a[i].text));
	return arr;
}

int
chk_lookup_answered(const struct fx_lookup *lk)
{
	return lk->done && lk->err == DNS_OK && lk->sec != DNS_SEC_BOGUS &&
	    (lk->rcode == 0 || lk->rcode == 3);
}

int
chk_probe_ok(const struct fx_probe *p)
{
	if (!p->done || p->status != NET_OK)
		return 0;
	if (p->rcode < 0)           /* a TCP probe */
		return 1;
	return p->rcode == 0 || p->rcode == 3;  /* NOERROR, NXDOMAIN */
}

void
chk_probe_reason(const struct fx_probe *p, char *buf, size_t cap)
{
	if (!p->done)
		snprintf(buf, cap, "not probed");
	else if (p->status == NET_OK && p->rcode > 0 && p->rcode != 3)
		snprintf(buf, cap, "lame: answered %s", rcode_str(p->rcode));
	else if (p->status == NET_OK)
		snprintf(buf, cap, "ok");
	else if (p->status == NET_TIMEOUT)
		snprintf(buf, cap, "no answer within %u ms", p->elapsed_ms);
	else if (p->status == NET_ERROR)
		snprintf(buf, cap, "%s: %s", net_status_code(p->status), strerror(p->err));
	else
		snprintf(buf, cap, "%s", net_status_code(p->status));
}

json_t *
chk_json_probe(const struct fx_probe *p)
{
	json_t *o = json_object();
	char why[128];

	json_object_set_new(o, "address", chk_jstr(p->addr.text));
	json_object_set_new(o, "port", json_integer(p->port));
	json_object_set_new(o, "ok", json_boolean(chk_probe_ok(p)));
	json_object_set_new(o, "status", chk_jstr(p->done ?
	    net_status_code(p->status) : "not_probed"));
	if (p->rcode >= 0 && p->done && p->status == NET_OK)
		json_object_set_new(o, "rcode", chk_jstr(rcode_str(p->rcode)));
	if (p->over_tcp)
		json_object_set_new(o, "over_tcp", json_true());
	chk_probe_reason(p, why, sizeof(why));
	json_object_set_new(o, "reason", chk_jstr(why));
	json_object_set_new(o, "elapsed_ms", json_integer(p->elapsed_ms));
	return o;
}

json_t *
chk_json_host(const struct fx_host *h)
{
	json_t *o = json_object(), *probes;
	size_t i;

	json_object_set_new(o, "name", chk_jstr(h->name));
	json_object_set_new(o, "ipv4", addrs_json(h->v4, h->n_v4));
	json_object_set_new(o, "ipv6", addrs_json(h->v6, h->n_v6));
	if (h->n_v6_mapped)
		json_object_set_new(o, "ipv6_mapped_dropped", json_integer((json_int_t)h->n_v6_mapped));
	json_object_set_new(o, "a_lookup", chk_json_lookup(&h->a_lk));
	json_object_set_new(o, "aaaa_lookup", chk_json_lookup(&h->aaaa_lk));
	if (h->n_probes) {
		probes = json_array();
		for (i = 0; i < h->n_probes; i++)
			json_array_append_new(probes, chk_json_probe(&h->probes[i]));
		json_object_set_new(o, "probes", probes);
	}
	return o;
}

size_t
chk_host_v6_ok(const struct fx_host *h)
{
	size_t i, j, ok = 0;

	for (i = 0; i < h->n_v6; i++) {
		for (j = 0; j < h->n_probes; j++) {
			if (net_addr_cmp(&h->probes[j].addr, &h->v6[i]) == 0 &&
			    chk_probe_ok(&h->probes[j])) {
				ok++;
				break;
			}
		}
	}
	return ok;
}

double
chk_host_reach_points(const struct fx_host *h)
{
	size_t ok = chk_host_v6_ok(h);

	if (h->n_v6 == 0 || ok == 0)
		return 0;
	return ok == h->n_v6 ? 10 : 2;
}

int
chk_dnssec_points(const struct fx_lookup *lk)
{
	if (!lk->done)
		return 0;
	if (lk->sec == DNS_SEC_SECURE)
		return 10;
	if (lk->sec == DNS_SEC_INSECURE)
		return 2;
	return 0;
}

int
chk_hosts_reach(const struct fx_host *hs, size_t n, struct chk_reach *s,
    struct chk_result *r)
{
	size_t i, j;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < n; i++) {
		const struct fx_host *h = &hs[i];

		if (h->n_v6 == 0 && !chk_lookup_answered(&h->aaaa_lk)) {
			chk_set_lookup_error(r, &h->aaaa_lk, h->name);
			return 0;
		}
		s->n6 += h->n_v6;
		s->points += chk_host_reach_points(h);
		for (j = 0; j < h->n_probes; j++) {
			if (chk_probe_ok(&h->probes[j]))
				continue;
			if (s->bad++ == 0)
				s->first_bad = &h->probes[j];
		}
	}
	if (n > 0)
		s->points /= (double)n;
	return 1;
}

static json_t *
ns_evidence(const struct facts *fx)
{
	json_t *o = json_object(), *arr = json_array();
	size_t i;

	json_object_set_new(o, "zone", chk_jstr(fx->zone ? fx->zone : ""));
	json_object_set_new(o, "ns_lookup", chk_json_lookup(&fx->ns_lk));
	for (i = 0; i < fx->n_ns; i++)
		json_array_append_new(arr, chk_json_host(&fx->ns[i]));
	json_object_set_new(o, "nameservers", arr);
	if (fx->n_ns_total > fx->n_ns)
		json_object_set_new(o, "nameservers_not_tested",
		    json_integer((json_int_t)(fx->n_ns_total - fx->n_ns)));
	return o;
}

/* The NS set must be known before anything about name servers is judged. */
static int
ns_known(const struct facts *fx, struct chk_result *r)
{
	if (fx->n_ns > 0)
		return 1;
	if (fx->ns_lk.done && fx->ns_lk.err == DNS_OK && fx->ns_lk.sec != DNS_SEC_BOGUS)
		chk_set(r, CHK_ERROR, "error", "no_ns",
		    "no NS records found for %s or any parent", fx->domain);
	else
		chk_set_lookup_error(r, &fx->ns_lk, "NS lookup");
	return 0;
}

void
chk_eval_ns_address(const struct facts *fx, struct chk_result *r)
{
	size_t i, with6 = 0, errs = 0;
	const struct fx_host *err_ns = NULL;

	json_decref(r->evidence);
	r->evidence = ns_evidence(fx);
	if (!ns_known(fx, r))
		return;
	for (i = 0; i < fx->n_ns; i++) {
		const struct fx_host *h = &fx->ns[i];

		if (h->n_v6 > 0)
			with6++;
		else if (!chk_lookup_answered(&h->aaaa_lk)) {
			errs++;
			err_ns = h;
		}
	}
	if (with6 >= 2)
		chk_set(r, CHK_PASSED, "good", "ns_ipv6",
		    "%zu of %zu name servers of %s have an IPv6 address", with6,
		    fx->n_ns, fx->zone);
	else if (errs > 0 && with6 + errs >= 2)
		chk_set_lookup_error(r, &err_ns->aaaa_lk, err_ns->name);
	else if (fx->n_ns == 1 && with6 == 1)
		chk_set(r, CHK_FAILED, "bad", "ns_ipv6_single",
		    "%s has only one name server (%s); two with IPv6 are needed",
		    fx->zone, fx->ns[0].name);
	else
		chk_set(r, CHK_FAILED, "bad", "ns_ipv6_missing",
		    "only %zu of %zu name servers of %s have an IPv6 address; at least 2 are needed",
		    with6, fx->n_ns, fx->zone);
}

void
chk_eval_ns_reach(const struct facts *fx, struct chk_result *r)
{
	struct chk_reach s;
	char why[128] = "";

	json_decref(r->evidence);
	r->evidence = ns_evidence(fx);
	if (!ns_known(fx, r))
		return;
	if (!chk_hosts_reach(fx->ns, fx->n_ns, &s, r))
		return;
	r->points = s.points;
	if (fx->n_ns == 1 && r->points > 5)
		r->points = 5;
	if (s.n6 == 0) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_ns_ipv6",
		    "no name server of %s has an IPv6 address to test", fx->zone);
		return;
	}
	if (s.bad == 0) {
		chk_set(r, CHK_PASSED, "good", "ns_ipv6_reachable",
		    "every IPv6 address of the name servers (%zu) answers for %s",
		    s.n6, fx->domain);
		return;
	}
	chk_probe_reason(s.first_bad, why, sizeof(why));
	chk_set(r, CHK_FAILED, "bad", "ns_ipv6_unreachable",
	    "%zu of %zu name-server IPv6 addresses do not answer for %s (%s: %s)",
	    s.bad, s.n6, fx->domain, s.first_bad->addr.text, why);
}

static json_t *
soa_evidence(const struct facts *fx)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", chk_jstr(fx->domain));
	json_object_set_new(o, "soa_lookup", chk_json_lookup(&fx->soa_lk));
	return o;
}

/* A lookup whose DNSSEC state can be judged: an answer, or a bogus one. */
static int
sec_known(const struct fx_lookup *lk)
{
	return lk->done && (lk->sec == DNS_SEC_BOGUS ||
	    (lk->err == DNS_OK && lk->sec != DNS_SEC_UNKNOWN));
}

void
chk_eval_dnssec_exist(const struct facts *fx, struct chk_result *r)
{
	json_decref(r->evidence);
	r->evidence = soa_evidence(fx);
	if (!sec_known(&fx->soa_lk)) {
		chk_set_lookup_error(r, &fx->soa_lk, "SOA lookup");
		return;
	}
	if (fx->soa_lk.sec == DNS_SEC_INSECURE)
		chk_set(r, CHK_FAILED, "bad", "unsigned",
		    "%s is not signed with DNSSEC (no chain of trust from the root)",
		    fx->domain);
	else
		chk_set(r, CHK_PASSED, "good", "signed",
		    "%s is signed with DNSSEC", fx->domain);
}

void
chk_eval_dnssec_valid(const struct facts *fx, struct chk_result *r)
{
	const struct fx_lookup *lk = &fx->soa_lk;

	json_decref(r->evidence);
	r->evidence = soa_evidence(fx);
	if (!sec_known(lk)) {
		chk_set_lookup_error(r, lk, "SOA lookup");
		return;
	}
	r->points = chk_dnssec_points(lk);
	switch (lk->sec) {
	case DNS_SEC_SECURE:
		chk_set(r, CHK_PASSED, "good", "secure",
		    "the DNSSEC signatures of %s validate", fx->domain);
		break;
	case DNS_SEC_BOGUS:
		chk_set(r, CHK_FAILED, "bad", "bogus",
		    "DNSSEC validation of %s fails: %s", fx->domain,
		    lk->why_bogus ? lk->why_bogus : "no reason given");
		break;
	default:
		chk_set(r, CHK_NOT_TESTED, "na", "insecure",
		    "%s is not signed, so there is nothing to validate", fx->domain);
		break;
	}
}

const char *
chk_dnskey_algo_name(unsigned alg)
{
	switch (alg) {
	case 1: return "RSAMD5";
	case 3: return "DSA";
	case 5: return "RSASHA1";
	case 6: return "DSA-NSEC3-SHA1";
	case 7: return "RSASHA1-NSEC3-SHA1";
	case 8: return "RSASHA256";
	case 10: return "RSASHA512";
	case 12: return "ECC-GOST";
	case 13: return "ECDSAP256SHA256";
	case 14: return "ECDSAP384SHA384";
	case 15: return "ED25519";
	case 16: return "ED448";
	}
	return "unknown";
}

enum chk_algo_class
chk_dnskey_algo_class(unsigned alg)
{
	switch (alg) {
	case 1: case 3: case 5: case 6: case 7: case 12:
		return ALGO_BAD;
	case 8: case 10: case 13: case 14: case 15: case 16:
		return ALGO_GOOD;
	}
	return ALGO_UNKNOWN;
}

enum chk_algo_class
chk_ds_digest_class(unsigned digest_type)
{
	switch (digest_type) {
	case 2: case 4:
		return ALGO_GOOD;
	case 1: case 3:
		return ALGO_BAD;
	}
	return ALGO_UNKNOWN;
}

static const char *
ds_digest_name(unsigned t)
{
	switch (t) {
	case 1: return "SHA-1";
	case 2: return "SHA-256";
	case 3: return "GOST R 34.11-94";
	case 4: return "SHA-384";
	}
	return "unknown";
}

void
chk_eval_dnssec_algo(const struct facts *fx, struct chk_result *r)
{
	const struct fx_zone_algo *z = &fx->algo;
	json_t *keys = json_array(), *ds = json_array(), *n3 = json_array();
	size_t i, bad_keys = 0, good_ds = 0;
	const char *bad_name = NULL;
	int weak_n3 = 0;

	for (i = 0; i < z->n_dnskeys; i++) {
		json_array_append_new(keys, json_pack("{s:i,s:s,s:i,s:i}",
		    "algorithm", z->dnskeys[i].algorithm,
		    "algorithm_name", chk_dnskey_algo_name(z->dnskeys[i].algorithm),
		    "flags", z->dnskeys[i].flags, "key_tag", z->dnskeys[i].key_tag));
		if (chk_dnskey_algo_class(z->dnskeys[i].algorithm) == ALGO_BAD) {
			bad_keys++;
			bad_name = chk_dnskey_algo_name(z->dnskeys[i].algorithm);
		}
	}
	for (i = 0; i < z->n_ds; i++) {
		json_array_append_new(ds, json_pack("{s:i,s:i,s:s,s:i}",
		    "algorithm", z->ds[i].algorithm, "digest_type", z->ds[i].digest_type,
		    "digest_name", ds_digest_name(z->ds[i].digest_type),
		    "key_tag", z->ds[i].key_tag));
		if (chk_ds_digest_class(z->ds[i].digest_type) == ALGO_GOOD)
			good_ds++;
	}
	for (i = 0; i < z->n_nsec3p; i++) {
		json_array_append_new(n3, json_pack("{s:i,s:i,s:i}",
		    "hash", z->nsec3p[i].hash, "iterations", z->nsec3p[i].iterations,
		    "salt_length", z->nsec3p[i].salt_len));
		if (z->nsec3p[i].iterations > 0 || z->nsec3p[i].salt_len > 0)
			weak_n3 = 1;
	}
	json_decref(r->evidence);
	r->evidence = json_pack("{s:s,s:o,s:o,s:o,s:o}", "zone", fx->zone ? fx->zone : "",
	    "dnskey_lookup", chk_json_lookup(&z->dnskey_lk), "dnskeys", keys,
	    "ds", ds, "nsec3param", n3);

	if (!sec_known(&fx->soa_lk)) {
		chk_set_lookup_error(r, &fx->soa_lk, "SOA lookup");
		return;
	}
	if (fx->soa_lk.sec != DNS_SEC_SECURE) {
		chk_set(r, CHK_NOT_TESTED, "na", "not_secure",
		    "algorithms are judged only on a validly signed zone");
		return;
	}
	if (!z->dnskey_lk.done || z->dnskey_lk.err != DNS_OK || z->n_dnskeys == 0) {
		chk_set_lookup_error(r, &z->dnskey_lk, "DNSKEY lookup");
		return;
	}
	if (bad_keys > 0) {
		chk_set(r, CHK_WARNING, "bad", "weak_algorithm",
		    "zone %s is signed with %s, an algorithm that must no longer be used for signing",
		    fx->zone, bad_name);
		return;
	}
	if (z->n_ds > 0 && good_ds == 0) {
		chk_set(r, CHK_WARNING, "bad", "weak_ds_digest",
		    "the DS records of %s use only %s digests; add a SHA-256 DS",
		    fx->zone, ds_digest_name(z->ds[0].digest_type));
		return;
	}
	if (weak_n3) {
		chk_set(r, CHK_INFO, "other", "nsec3_parameters",
		    "zone %s uses NSEC3 with %u extra iterations and a %u-byte salt; RFC 9276 advises 0 and none",
		    fx->zone, z->nsec3p[0].iterations, z->nsec3p[0].salt_len);
		return;
	}
	chk_set(r, CHK_PASSED, "good", "good_algorithms",
	    "zone %s uses current algorithms (%s)", fx->zone,
	    chk_dnskey_algo_name(z->dnskeys[0].algorithm));
}
