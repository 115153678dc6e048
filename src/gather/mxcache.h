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
 * A shared level (opts.shared, optional) lets processes on different
 * machines split the work: an entry that is not in memory is first looked
 * up there, and a hit is taken as this process's own result (reused 1, no
 * connection) for the rest of its TTL; every finished job stores its
 * result there for ttl_s. What is not stored, so that others test again:
 * a job cancelled or short of memory, a refusal worth a retry later
 * ("rate_limited", "closed_early") and failures that say more about this
 * machine than the server (TLS_AUDIT_SETUP, TLS_AUDIT_NETWORK, a scan's
 * net_error). Values are untrusted (another process wrote them): at most
 * MX_SHARED_VALUE_MAX bytes, parsed strictly (tls/serial.h); a bad one is
 * a miss. Two workers that miss at once both test; the later put wins.
 *
 * The key names what changes the result:
 *   mx<M>.<S>/<address>/<port>/<sha256 hex>
 * with M = MX_SHARED_FORMAT, S = TLS_SERIAL_FORMAT, the address in its
 * canonical text form, and the SHA-256 over, each as a 4-byte big-endian
 * length and the bytes: the MX name in lower case, the EHLO name, the CA
 * file path (length 0xffffffff when none: the system store) and the TLSA
 * records sorted by usage, selector, matching type and data (each as
 * usage, selector, mtype bytes and the length-prefixed data), so that the
 * order of a DNS answer does not matter. Timeouts and retry counts are
 * not in the key (workers of one deployment share them), and memory still
 * keeps one entry per (address, MX name) whatever the TLSA records. A
 * hit's attempts and conns are the writer's. The value is JSON:
 *   {"format": M, "at": <Unix time of the put>, "attempts": n,
 *    "conns": n, "audit": {...}, "scan": {...} or null}
 * A hit older than this cache's ttl_s by "at" is a miss; a younger one
 * stays in memory only for what is left of the TTL.
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

/* A store shared by processes, e.g. a database table with an expiry. */
struct mx_shared {
	/* The value stored under key, or NULL (absent, expired, error).
	 * Called on the loop's thread; may block briefly (a database round
	 * trip). Returns a malloc'd NUL-terminated string the cache frees. */
	char *(*get)(void *arg, const char *key);
	/* Store value under key for ttl_s seconds (replacing any). Called on
	 * the loop's thread; errors are the callee's to log. */
	void (*put)(void *arg, const char *key, const char *value,
	    uint32_t ttl_s);
	void *arg;
};

#define MX_SHARED_FORMAT     1
#define MX_SHARED_KEY_MAX    128          /* bytes of a key, NUL included */
#define MX_SHARED_VALUE_MAX  (1024 * 1024) /* longer values are not put,
                                             and are a miss when read */

struct mx_cache_opts {
	const char *ehlo_name;       /* NULL: "uptodate.invalid" */
	const char *ca_file;         /* NULL: the system store */
	uint32_t timeout_ms;         /* per conn step; 0: 10 s */
	unsigned retries;            /* after a refusal; default 2 */
	uint32_t backoff_ms;         /* first pause; doubles; default 1000 */
	uint16_t port;               /* 0: 25 (tests use another) */
	uint32_t ttl_s;              /* a finished entry is reused this long;
	                                0: MX_CACHE_TTL_S */
	const struct mx_shared *shared;  /* NULL: this process only; else
	                                    must outlive the cache */
};

#define MX_CACHE_TTL_S 3600

struct mx_result {
	struct tls_audit *audit;     /* the first handshake (prelude included) */
	struct tls_scan *scan;       /* NULL when STARTTLS did not work */
	unsigned attempts;           /* handshakes tried, retries included */
	unsigned conns;              /* connections all of them cost */
	int reused;                  /* an earlier request made it, or
	                                another process (opts.shared) */
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
