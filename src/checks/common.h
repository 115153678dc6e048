/*
 * common: judgement shared by the web and mail variants of a test
 * (name-server IPv6, DNSSEC of a name, zone algorithms) and the evidence
 * helpers every check uses. The per-test files stay one-screen defs.
 */
#ifndef UTD_CHECKS_COMMON_H
#define UTD_CHECKS_COMMON_H

#include "checks/check.h"

/* Evidence */
json_t *chk_json_lookup(const struct fx_lookup *lk);
json_t *chk_json_host(const struct fx_host *h);
json_t *chk_json_probe(const struct fx_probe *p);

/* A lookup that got a usable answer: NOERROR (data or none) or NXDOMAIN,
 * not bogus. Anything else is an error for tests that need the data. */
int chk_lookup_answered(const struct fx_lookup *lk);

/* A probe that succeeded: TCP connected, or a DNS reply from a server that
 * serves the name (NOERROR or NXDOMAIN; REFUSED/SERVFAIL is lame). */
int chk_probe_ok(const struct fx_probe *p);
/* One-line reason for a failed probe ("timeout after 3000 ms", "lame: REFUSED"). */
void chk_probe_reason(const struct fx_probe *p, char *buf, size_t cap);

/* Points of a host over its probes: 10 all answered, 2 some, 0 none or no
 * IPv6 address at all. Addresses answering on any one probed port count. */
double chk_host_reach_points(const struct fx_host *h);
/* Number of IPv6 addresses of h answering on at least one probed port. */
size_t chk_host_v6_ok(const struct fx_host *h);

/* IPv6 reachability over a set of hosts (name servers, MX). */
struct chk_reach {
	size_t n6;                    /* IPv6 addresses */
	size_t bad;                   /* probes that failed */
	const struct fx_probe *first_bad;
	double points;                /* mean of chk_host_reach_points */
};
/* Fill s; 0 (with r set to the error) when a host's AAAA lookup failed and
 * so its addresses are unknown. */
int chk_hosts_reach(const struct fx_host *hs, size_t n, struct chk_reach *s,
    struct chk_result *r);

/* Points for a DNSSEC state: secure 10, insecure 2, else 0. */
int chk_dnssec_points(const struct fx_lookup *lk);

void chk_eval_ns_address(const struct facts *fx, struct chk_result *r);
void chk_eval_ns_reach(const struct facts *fx, struct chk_result *r);
void chk_eval_dnssec_exist(const struct facts *fx, struct chk_result *r);
void chk_eval_dnssec_valid(const struct facts *fx, struct chk_result *r);
void chk_eval_dnssec_algo(const struct facts *fx, struct chk_result *r);

/* Classifiers, exposed for unit tests. */
enum chk_algo_class { ALGO_GOOD, ALGO_BAD, ALGO_UNKNOWN };
enum chk_algo_class chk_dnskey_algo_class(unsigned alg);
enum chk_algo_class chk_ds_digest_class(unsigned digest_type);
const char *chk_dnskey_algo_name(unsigned alg);

#endif
