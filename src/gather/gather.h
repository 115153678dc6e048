/*
 * gather: collects the facts about one domain, asynchronously.
 *
 * A gather run starts every lookup it can at once and chains the ones that
 * depend on an answer (NS set -> NS addresses -> direct IPv6 queries to each
 * name server; MX set -> MX addresses -> TCP probes on port 25; ...). It
 * sits between the protocol modules (dns, net) and the checks: it speaks to
 * the resolver and the network seam, and produces plain struct facts. The
 * done callback always runs from the event loop, never inside
 * gather_start(), so callers need no re-entrancy care.
 */
#ifndef UTD_GATHER_H
#define UTD_GATHER_H

#include <stddef.h>
#include <stdint.h>

#include "checks/facts.h"

struct net;
struct dns_engine;
struct mx_cache;
struct scan_cache;

struct gather_env {
	struct net *net;
	struct dns_engine *dns;
	uint32_t probe_timeout_ms;    /* TCP connects and direct DNS queries */
	struct net_curl *curl;        /* HTTP(S) fetches (website test) */
	uint32_t http_timeout_ms;     /* each HTTP fetch (0: 10000) */
	const char *ca_file;          /* trust store for certificates (NULL: system) */
	size_t arena_cap;             /* memory bound per domain (0: default) */
	struct mx_cache *mx_cache;    /* STARTTLS audits shared by a run (NULL:
	                                 one of the gather's own) */
	struct scan_cache *scan_cache;   /* web TLS scans shared by a run (NULL:
	                                    each domain scans its own) */
	const char *const *dkim_selectors;   /* NULL-terminated, or NULL */
	const struct rpki_db *rpki;   /* RPKI data for the checks, or NULL */
};

struct gather;
typedef void (*gather_done_cb)(void *arg, struct gather *g);

/* Start gathering for a normalised domain name. NULL on ENOMEM. */
struct gather *gather_start(const struct gather_env *env, enum fx_kind kind,
    const char *domain, gather_done_cb cb, void *arg)
	__attribute__((warn_unused_result));
const struct facts *gather_facts(const struct gather *g);
/* Statistics for reports and benchmarks. */
struct gather_stats {
	unsigned dns_queries, dns_probes, tcp_probes, http_fetches;
	unsigned tls_connections;     /* scans and audits together */
	unsigned scans_reused;        /* web scans taken from the run's cache */
	unsigned tls_resumed;         /* HTTPS fetches that resumed a session */
	size_t arena_bytes;
	int out_of_memory;            /* the per-domain bound was hit */
};
void gather_stats(const struct gather *g, struct gather_stats *st);

/* Progress per report category ("web_ipv6", "mail_auth", ...). started
 * counts the operations begun that serve the category (DNS queries,
 * probes, TLS scans and audits, HTTP fetches, STARTTLS audits, waits on a
 * shared cache), done those that ended; one operation may serve several
 * categories. An operation also counts for the categories of every step
 * its answer may start, so finished (done == started) means the category
 * can get no more work. A category that needs no network of its own (RPKI)
 * is finished once the addresses it judges are known. By the done
 * callback every category is finished. */
struct gather_progress_cat {
	const char *name;         /* static */
	unsigned done, started;
	int finished;
};
#define GATHER_PROGRESS_MAX 8
/* Snapshot of a run in progress, per report category of the run's kind,
 * in report order. Returns the number of categories filled. Safe to call
 * any time between gather_start and the done callback (same thread). */
size_t gather_progress(const struct gather *g, struct gather_progress_cat *out,
    size_t max);
/* Free a finished run (or cancel and free an unfinished one, without
 * calling its done callback). */
void gather_free(struct gather *g);

#endif
