/*
 * dnsd: the sockets of uptodate's own authoritative DNS (the connection
 * test's zones), UDP and TCP on every given address, on a libevent loop
 * in a thread of its own. What to answer is the caller's: a function from
 * query bytes to reply bytes (dns/connzone.c), called on that thread only.
 *
 * Bounds: at most DNSD_TCP_MAX TCP clients at once (a further one is
 * closed at once), each idle at most DNSD_TCP_IDLE_S seconds, one message
 * of at most 65535 bytes read at a time; UDP replies go out as they are
 * made, nothing is queued.
 *
 * UDP responses can be rate limited (net_dnsd_limit), as a signed answer
 * is many times the size of its query and a forged source would aim it at
 * a victim: sources are grouped by prefix (IPv4 /24, IPv6 /56) in
 * DNSD_RRL_SLOTS slots; a group may have `per_s` responses a second and as
 * many again at once. Beyond that, every second query gets its question
 * back with TC set and no records (a real resolver retries over TCP, which
 * a forged source cannot, and is answered), the others nothing, and the
 * answer function is not called (signing costs CPU). TCP is not limited
 * beyond DNSD_TCP_MAX.
 */
#ifndef UTD_NET_DNSD_H
#define UTD_NET_DNSD_H

#include <stddef.h>
#include <stdint.h>

#include "net/net.h"

#define DNSD_LISTEN_MAX 8
#define DNSD_TCP_MAX 64
#define DNSD_TCP_IDLE_S 10
#define DNSD_RRL_SLOTS 4096
#define DNSD_RRL_MAX 1000000

/* Answer q (qlen bytes) from `from` into out (cap bytes): the reply
 * length, 0 to send nothing. */
typedef size_t (*net_dnsd_answer_fn)(void *arg, const struct net_addr *from,
    int tcp, const uint8_t *q, size_t qlen, uint8_t *out, size_t cap);

struct net_dnsd;

/* Bind UDP and TCP on each "ADDR:PORT" / "[V6]:PORT" (so it can be done
 * before dropping privileges); nothing is answered before
 * net_dnsd_start. NULL with a one-line why. */
struct net_dnsd *net_dnsd_bind(const char *const *specs, size_t n,
    net_dnsd_answer_fn fn, void *arg, char *why, size_t whylen);
/* Limit UDP responses to per_s a second per source group (0: no limit),
 * before net_dnsd_start: 0, or -1 (too late, more than DNSD_RRL_MAX, out
 * of memory). */
int net_dnsd_limit(struct net_dnsd *d, unsigned per_s);
/* Queries over the limit so far: dropped, and answered with TC. */
void net_dnsd_counts(struct net_dnsd *d, unsigned long *dropped,
    unsigned long *slipped);
/* Start answering on a thread of its own: 0, or -1. */
int net_dnsd_start(struct net_dnsd *d);
/* Stop the thread (if started), close everything, free. */
void net_dnsd_free(struct net_dnsd *d);

#endif
