/*
 * net: the one network seam of uptodate.
 *
 * Only this module (and libunbound, which it hands its event base to)
 * touches sockets and the event loop. Everything above consumes results
 * as plain structs: a TCP connect outcome, a DNS reply as wire bytes.
 * Every operation has a deadline and always ends in exactly one callback,
 * which may run before the starting call returns (e.g. an immediate
 * EHOSTUNREACH, or any operation started while net_free() runs, which ends
 * at once as NET_CANCELLED). Operations are independent: thousands may be
 * in flight. A callback may start new operations or call net_free().
 */
#ifndef UTD_NET_H
#define UTD_NET_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

struct event_base;

/* Outcome of a network operation; 0 is success. Stable: used as reason codes. */
enum net_status {
	NET_OK = 0,
	NET_TIMEOUT,       /* no answer before the deadline */
	NET_REFUSED,       /* TCP RST / ICMP port unreachable */
	NET_UNREACHABLE,   /* no route / host or network unreachable */
	NET_ERROR,         /* other socket error, see err */
	NET_BADREPLY,      /* bytes arrived but were not a valid reply */
	NET_NOMEM,
	NET_CANCELLED,
	NET_PRELUDE,       /* the plaintext prelude (STARTTLS) failed: see
	                      net_conn_prelude_why */
	NET_FORBIDDEN,     /* the target policy refuses the address
	                      (net/targets.h); nothing was sent */
};

/* Stable lower-case code for a status ("timeout", "refused", ...). */
const char *net_status_code(enum net_status st);

/* A literal address (IPv4 or IPv6); text form kept for reports. */
struct net_addr {
	int family;                 /* AF_INET or AF_INET6 */
	uint8_t bytes[16];          /* 4 or 16 bytes used */
	char text[46];              /* INET6_ADDRSTRLEN */
};

/* Parse a literal; returns 0 on success, -1 if not an address. */
int net_addr_parse(struct net_addr *a, const char *text)
	__attribute__((warn_unused_result));
/* Fill from raw bytes (len 4 or 16); returns 0 or -1. */
int net_addr_from_bytes(struct net_addr *a, const void *bytes, size_t len);
/* Compare family and bytes (not the text); 0 when equal. */
static inline int
net_addr_cmp(const struct net_addr *a, const struct net_addr *b)
{
	size_t n = a->family == AF_INET6 ? 16 : 4;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->bytes, b->bytes, n);
}

/* True for ::ffff:0:0/96 mapped addresses. */
int net_addr_is_v4mapped(const struct net_addr *a);

struct net;
struct net_targets;

/* Create the seam on an existing event base (not owned). NULL on ENOMEM. */
struct net *net_new(struct event_base *base);
/* Cancels every pending operation (their callbacks run with NET_CANCELLED
 * before this returns) and frees. */
void net_free(struct net *n);
struct event_base *net_base(struct net *n);
/* Refuse destinations the policy does not permit (not owned; NULL: any
 * destination). Every connect, direct DNS query and libcurl socket of this
 * seam asks it first. */
void net_set_targets(struct net *n, const struct net_targets *t);
/* 1 when the seam's policy permits a. */
int net_permits(const struct net *n, const struct net_addr *a);

/* --- TCP reachability -------------------------------------------------- */

struct net_connect_result {
	enum net_status status;
	int err;                    /* errno when status is NET_ERROR etc, else 0 */
	uint32_t elapsed_ms;
};
typedef void (*net_connect_cb)(void *arg, const struct net_connect_result *r);

/* Try a non-blocking TCP connect to addr:port, then close at once.
 * ECONNREFUSED is NET_REFUSED; EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL
 * (and EHOSTDOWN, ENETDOWN) are NET_UNREACHABLE. Exactly one callback.
 * Returns 0 if started (or already completed via callback), -1 on ENOMEM
 * (then no callback). */
int net_tcp_probe(struct net *n, const struct net_addr *addr, uint16_t port,
    uint32_t timeout_ms, net_connect_cb cb, void *arg)
	__attribute__((warn_unused_result));

/* --- direct DNS query to one server -------------------------------------- */

struct net_dns_result {
	enum net_status status;
	int err;
	int over_tcp;               /* 1 if TCP was used (after a TC reply);
	                               status then describes the TCP attempt */
	uint8_t *wire;              /* reply bytes (valid during the callback only) */
	size_t wire_len;
	uint32_t elapsed_ms;
};
typedef void (*net_dns_cb)(void *arg, const struct net_dns_result *r);

/* Send one query (wire format built by the caller, ID included) to
 * addr:port over UDP from a fresh connected socket (kernel-chosen source
 * port); resend once at half the deadline; on a truncated (TC) reply,
 * repeat over TCP within the same deadline. The reply's ID and question
 * are checked to match the query (else the datagram is ignored, as a spoof
 * guard); if only such datagrams arrived by the deadline the status is
 * NET_BADREPLY, not NET_TIMEOUT. ICMP port unreachable gives NET_REFUSED.
 * Replies are capped at 65535 octets. A query shorter than a DNS header or
 * longer than 65535 ends at once with NET_ERROR/EINVAL. Exactly one
 * callback. Returns 0 if started, -1 on ENOMEM (then no callback). */
int net_dns_query(struct net *n, const struct net_addr *addr, uint16_t port,
    const uint8_t *query, size_t query_len, uint32_t timeout_ms,
    net_dns_cb cb, void *arg)
	__attribute__((warn_unused_result));

#endif
