/*
 * mxcache: the STARTTLS audit of one MX address, done once per run.
 *
 * An entry is (address, MX name). Its job runs the OpenSSL handshake
 * behind the SMTP STARTTLS prelude first (that first dialog also tells
 * whether STARTTLS is offered at all); a server that answers 421/4xx or
 * closes early is tried again after a pause that doubles, up to `retries`
 * times, and is then reported as it last answered ("rate_limited"). Only
 * when STARTTLS works does the scanner follow, its probes each behind the
 * same prelude. Every domain that asks for an entry while it runs waits
 * for it; later ones get the finished result at once (from the loop),
 * while it is younger than the TTL; an older one is tested again (the old
 * result stays valid for whoever holds it).
 *
 * Politeness is the net seam's: the run sets the per-address connection
 * limit (one by default for mail) and the gap between connects.
 *
 * The cache owns every result; they live until mx_cache_free, which must
 * come after every gather that used it was freed: it cancels running jobs
 * and calls whoever still waits at once with an empty result (audit NULL),
 * so that freed gathers can let go.
 */
#ifndef UTD_GATHER_MXCACHE_H
#define UTD_GATHER_MXCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "net/net.h"
#include "tls/audit.h"
#include "tls/scan.h"

struct mx_cache_opts {
	const char *ehlo_name;       /* NULL: "uptodate.invalid" */
	const char *ca_file;         /* NULL: the system store */
	uint32_t timeout_ms;         /* per conn step; 0: 10 s */
	unsigned retries;            /* after a refusal; default 2 */
	uint32_t backoff_ms;         /* first pause; doubles; default 1000 */
	uint16_t port;               /* 0: 25 (tests use another) */
	uint32_t ttl_s;              /* a finished entry is reused this long;
	                                0: MX_CACHE_TTL_S */
};

#define MX_CACHE_TTL_S 3600

struct mx_result {
	struct tls_audit *audit;     /* the first handshake (prelude included) */
	struct tls_scan *scan;       /* NULL when STARTTLS did not work */
	unsigned attempts;           /* handshakes tried, retries included */
	unsigned conns;              /* connections all of them cost */
	int reused;                  /* an earlier request made it */
};

struct mx_cache;
typedef void (*mx_cache_cb)(void *arg, const struct mx_result *r);

struct mx_cache *mx_cache_new(struct net *net, const struct mx_cache_opts *o)
	__attribute__((warn_unused_result));
void mx_cache_free(struct mx_cache *c);

/*
 * The result for addr with the MX name mx (SNI, certificate name, DANE
 * base) and its secure TLSA records (copied; n 0: none). cb runs exactly
 * once, from the loop. -1 on ENOMEM (no callback).
 */
int mx_cache_get(struct mx_cache *c, const struct net_addr *addr,
    const char *mx, const struct tls_audit_tlsa *tlsa, size_t n_tlsa,
    mx_cache_cb cb, void *arg)
	__attribute__((warn_unused_result));

/* Entries and handshakes so far, for statistics. */
size_t mx_cache_entries(const struct mx_cache *c);

#endif
