/*
 * internal: what net.c and conn.c share inside the net module. Nothing
 * outside src/net/ includes this; the public contract is net.h and conn.h.
 *
 * struct net holds both kinds of work: one-shot operations (net.c's
 * struct net_op: probes, DNS queries) and stream conns (conn.c). net_free
 * ends the operations first, then the conns (net_conn_free_all).
 */
#ifndef UTD_NET_INTERNAL_H
#define UTD_NET_INTERNAL_H

#include <sys/socket.h>

#include "net/limits.h"
#include "net/net.h"

struct net_op;
struct net_conn;
struct conn_host;

struct net {
	struct event_base *base;
	struct net_op *ops;
	int closing;                /* net_free runs: new work is cancelled */

	/* conn.c */
	struct net_conn *conns;     /* every conn not yet freed */
	struct conn_host **hosts;   /* per-address queues and counters (hash) */
	struct net_limits *limits;  /* politeness, maybe shared with other nets */
	const struct net_targets *targets;   /* NULL: every destination */
};

/* How often a net looks again when another net holds an address's slots. */
#define NET_LIMITS_POLL_MS 5

/* The policy check of a socket address (AF_INET/AF_INET6). */
struct sockaddr;
int net_permits_sockaddr(const struct net *n, const struct sockaddr *sa);
/* errno of a socket call -> status (ECONNREFUSED is NET_REFUSED, ...). */
enum net_status net_errno_status(int e);
/* addr:port as a sockaddr; 0, or -1 for an unknown family. */
int net_addr_sockaddr(const struct net_addr *a, uint16_t port,
    struct sockaddr_storage *ss, socklen_t *len);
/* End every conn (see conn.h for the callbacks) and free conn state. */
void net_conn_free_all(struct net *n);

#endif
