/*
 * limits: politeness per destination address, shared by every struct net
 * of a run (one per thread in a batch), so a server sees the same limits
 * whichever thread talks to it.
 *
 * Two classes of destination with their own limits: mail (SMTP ports 25,
 * 465, 587) and web (everything else: HTTP, HTTPS, TLS probes). A limit is
 * the most connections open at once to one address and the least time
 * between two connects to it. Thread-safe; the nets poll (see conn.c) when
 * another thread holds the slots, and are woken at once by their own
 * releases.
 */
#ifndef UTD_NET_LIMITS_H
#define UTD_NET_LIMITS_H

#include <stdint.h>

#include "net/net.h"
#include "util/hash.h"

enum net_class {
	NET_CLASS_WEB = 0,
	NET_CLASS_SMTP,
	NET_CLASS_N,
};

struct net_limit {
	unsigned max_conns;          /* open at once per address; 0 is 1 */
	uint32_t gap_ms;             /* least time between connects; 0: none */
};

struct net_limits;

/* Defaults: web 4 connections and no gap, SMTP 1 and 100 ms. */
struct net_limits *net_limits_new(void)
	__attribute__((warn_unused_result));
/* Reference counting: the creator holds one, and every net that uses the
 * object another (see net_use_limits). */
void net_limits_ref(struct net_limits *l);
void net_limits_unref(struct net_limits *l);

void net_limits_set(struct net_limits *l, enum net_class cls,
    const struct net_limit *lim);
void net_limits_get(struct net_limits *l, enum net_class cls,
    struct net_limit *lim);
/* The class of a destination port. */
enum net_class net_limits_class(uint16_t port);

/* A hash of (address, class), for the tables keyed by them. */
static inline uint32_t
net_limits_hash(const struct net_addr *a, enum net_class cls)
{
	return hash_fnv(HASH_FNV_INIT ^ (uint32_t)cls, a->bytes,
	    a->family == AF_INET6 ? 16 : 4);
}

/*
 * Take a slot for addr: 1 when taken (the caller must put it back), 0 when
 * not now; then *wait_ms is how long until the gap has passed, or 0 when
 * every slot is held (wait for a release).
 */
int net_limits_take(struct net_limits *l, const struct net_addr *addr,
    enum net_class cls, uint32_t *wait_ms);
void net_limits_put(struct net_limits *l, const struct net_addr *addr,
    enum net_class cls);
/* Nets using the object: net_use_limits counts them. With more than one,
 * a release on one thread is seen by the others when they poll. */
void net_limits_user(struct net_limits *l, int delta);
int net_limits_shared(struct net_limits *l);

/*
 * An arbiter shares the limits with other processes (uptodate worker on
 * other machines): after the local limits allow a connect, it must also
 * grant one of the max_conns slots of (addr, class), e.g. from a database
 * table. Its calls are made under the limits' lock, from the loops'
 * threads.
 */
struct net_arbiter {
	/* A slot number (0..63), -1 when every slot is held elsewhere (the
	 * net asks again after poll_ms, doubled after each refusal in a row
	 * up to 16 times), or -2 on an error (the connect goes ahead:
	 * politeness then holds within this process only). */
	int (*take)(void *arg, const struct net_addr *addr, enum net_class cls,
	    unsigned max_conns);
	void (*give)(void *arg, const struct net_addr *addr, enum net_class cls,
	    int slot);
	void *arg;
	uint32_t poll_ms;            /* 0: 50 */
};
/* Before any net uses the limits; NULL removes it. */
void net_limits_set_arbiter(struct net_limits *l, const struct net_arbiter *a);

/* The most connections that were ever open at once to addr in cls, and
 * the number of addresses seen: for tests and benchmarks. */
unsigned net_limits_peak(struct net_limits *l, const struct net_addr *addr,
    enum net_class cls);
unsigned long net_limits_hosts(struct net_limits *l);
/* Now, over the addresses of cls: connections open, the most open to any
 * one address, and the highest peak ever seen at one address (/metrics). */
void net_limits_totals(struct net_limits *l, enum net_class cls,
    unsigned long *open, unsigned *most, unsigned *peak);

#endif
