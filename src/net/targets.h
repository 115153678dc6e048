/*
 * targets: which destination addresses a run may contact.
 *
 * `uptodate serve` tests names typed by strangers; without a policy, a name
 * that resolves to 10.0.0.1 or ::1 would turn the server into a probe of
 * the network it stands in. A policy refuses every address that is not
 * global unicast (loopback, private, shared, link-local, documentation,
 * benchmarking, multicast, reserved; RFC 6890 and the IANA special-purpose
 * registries), except the ranges the operator allows. The net seam asks
 * the policy before every connect and every direct DNS query, libcurl's
 * sockets included; a refusal is the status NET_FORBIDDEN ("forbidden").
 *
 * A policy is built once and then only read, so threads share it.
 */
#ifndef UTD_TARGETS_H
#define UTD_TARGETS_H

#include <stddef.h>

#include "net/net.h"

struct net_targets;

/* A policy refusing every non-global address. NULL on ENOMEM. */
struct net_targets *net_targets_new(void);
void net_targets_free(struct net_targets *t);
/* Allow the ranges of a comma-separated list of CIDR prefixes ("10.1.0.0/16,
 * 2001:db8::/32"; a bare address is a /32 or /128). 0, or -1 with a one-line
 * reason in err. */
int net_targets_allow(struct net_targets *t, const char *list, char *err,
    size_t errlen);

/* The name of the special-purpose range holding a ("loopback", "private",
 * "documentation", ...), or NULL for a global unicast address. */
const char *net_addr_special(const struct net_addr *a);

/* 1 when the policy lets a run contact a; else 0 with *why (if why is not
 * NULL) set to the range's name. A NULL policy allows everything. */
int net_targets_permit(const struct net_targets *t, const struct net_addr *a,
    const char **why);

/* Special-purpose ranges as CIDR text, for resolvers that take a block list
 * (libunbound's do-not-query-address): each range not wholly inside an
 * allowed one, NULL-terminated. Static storage; the list is the policy's. */
size_t net_targets_blocked(const struct net_targets *t, const char **out,
    size_t max);

#endif
