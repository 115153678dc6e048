/*
 * scancache: the TLS scan of one web endpoint (address, port), done once
 * per run and handed to every domain served there.
 *
 * The scanner's findings (versions, suites, groups, DHE primes, options)
 * belong to the server's TLS stack at an address, not to a name, on
 * almost every server: shared hosting serves thousands of names with one
 * configuration. The certificate does belong to the name, and the OpenSSL
 * audit that judges it is never cached (gather runs it per domain). The
 * scan asks with the SNI of the first domain that needed it; a server that
 * configures protocols or suites per name is then reported with the first
 * name's settings (doc/batch.md; `uptodate batch --no-endpoint-cache`
 * scans per domain).
 *
 * Results are copied to the caller, so entries can be evicted: the oldest
 * finished ones go when there are more than max_entries. Callbacks run
 * from the loop, never inside scan_cache_get.
 */
#ifndef UTD_GATHER_SCANCACHE_H
#define UTD_GATHER_SCANCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "net/net.h"
#include "tls/scan.h"

struct scan_cache_opts {
	uint32_t timeout_ms;         /* the scanner's (0: its default) */
	uint32_t ttl_s;              /* reuse a result this long (0: 3600) */
	size_t max_entries;          /* finished entries kept (0: 65536) */
};

struct scan_cache;
/* s is valid during the call only; reused is 1 when an earlier request
 * made the scan (its connections are not this caller's). */
typedef void (*scan_cache_cb)(void *arg, const struct tls_scan *s, int reused);

struct scan_cache *scan_cache_new(struct net *net,
    const struct scan_cache_opts *o)
	__attribute__((warn_unused_result));
/* Cancels running scans and calls whoever still waits at once, with
 * status TLS_SCAN_CANCELLED (after every gather that used the cache was
 * freed: this lets them go). */
void scan_cache_free(struct scan_cache *c);

/* The scan of addr:port (sni: the name to send if a scan must start).
 * cb runs exactly once. -1 on ENOMEM (no callback). */
int scan_cache_get(struct scan_cache *c, const struct net_addr *addr,
    uint16_t port, const char *sni, scan_cache_cb cb, void *arg)
	__attribute__((warn_unused_result));

struct scan_cache_stats {
	size_t entries;              /* held now */
	unsigned long scans, reuses, evictions;
};
void scan_cache_stats(const struct scan_cache *c, struct scan_cache_stats *st);

#endif
