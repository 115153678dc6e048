/*
 * digest: records to facts. Pure functions that turn the RRs of one answer
 * into the fact structs (addresses, name-server names, the MX set, DNSKEY,
 * DS and NSEC3PARAM summaries), allocating in the run's arena. Everything
 * here reads remote input, so it is bounded (FX_MAX_*) and fuzzed
 * (fuzz/fuzz_answer.c). Each returns 0, or -1 when the arena is exhausted.
 */
#ifndef UTD_DIGEST_H
#define UTD_DIGEST_H

#include <ldns/ldns.h>

#include "checks/facts.h"
#include "util/arena.h"

/* A/AAAA RRs into h->v4 or h->v6 (v4-mapped IPv6 counted, not kept). */
int fx_digest_addrs(struct arena *ar, struct fx_host *h, const ldns_rr_list *rrs,
    int v6);
/* NS RRs into fx->ns (deduplicated, at most FX_MAX_NS). */
int fx_digest_ns(struct arena *ar, struct facts *fx, const ldns_rr_list *rrs);
/* The same into any host array (at most FX_MAX_NS, duplicates dropped). */
int fx_digest_ns_set(struct arena *ar, struct fx_host **out, size_t *n_out,
    size_t *n_total, const ldns_rr_list *rrs);
/* MX RRs into fx->mx and fx->mx_state (null MX, localhost, duplicates,
 * sorted by preference, at most FX_MAX_MX). */
int fx_digest_mx(struct arena *ar, struct facts *fx, const ldns_rr_list *rrs);
int fx_digest_dnskeys(struct arena *ar, struct fx_zone_algo *z, const ldns_rr_list *rrs);
int fx_digest_ds(struct arena *ar, struct fx_zone_algo *z, const ldns_rr_list *rrs);
int fx_digest_nsec3param(struct arena *ar, struct fx_zone_algo *z, const ldns_rr_list *rrs);

/* CAA RRs into c (unreadable records counted, not kept). */
int fx_digest_caa(struct arena *ar, struct fx_caa *c, const ldns_rr_list *rrs);
/* TLSA RRs into t (malformed ones skipped). */
/* TXT records, strings joined, NUL-free ones only. */
int fx_digest_txt(struct arena *ar, struct fx_txt *t, const ldns_rr_list *rrs);
int fx_digest_tlsa(struct arena *ar, struct fx_tlsa *t, const ldns_rr_list *rrs);

/* A domain name rdata field in our form (lower case, no trailing dot; the
 * root is ""), in the arena; NULL if absent or on exhaustion. */
char *fx_dname(struct arena *ar, const ldns_rdf *rdf);

#endif
