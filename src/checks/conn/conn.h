/*
 * conn: the verdicts of the connection test (spec section 5), from what
 * the server saw of one visit: which probe URLs the browser fetched, from
 * which address (the HTTP side), and which resolvers asked for the probe
 * names over which family (the DNS side). Knows nothing of sockets.
 *
 * Tests and points (doc/connection.md):
 *   conn_ipv6       conn_ipv6_name 60, conn_ipv6_literal 20,
 *                   conn_ipv6_resolver 20 (required), conn_ipv6_privacy
 *                   (recommended: EUI-64 interface id is a warning)
 *   conn_dnssec     conn_dnssec_validation 100 (required): the bogus name
 *                   failed and a good name worked
 *   conn_ipv4       conn_ipv4_reach (optional, informational)
 * Total = mean(IPv6 %, DNSSEC %).
 *
 * Addresses are kept only truncated (IPv4 /16, IPv6 /32): the caller
 * truncates with conn_addr_truncate before anything is stored.
 */
#ifndef UTD_CHECKS_CONN_H
#define UTD_CHECKS_CONN_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "dns/connzone.h"

#define CONN_DNS_MAX 32          /* resolver sightings kept per visit */
#define CONN_ADDR_TEXT 48

/* What the HTTP side saw of one probe. */
struct conn_http_seen {
	int seen;
	int family;                   /* 4 or 6 */
	int eui64;                    /* IPv6 interface id made from a MAC */
	char addr[CONN_ADDR_TEXT];    /* truncated */
};

/* One query for a probe name seen by the DNS side. */
struct conn_dns_seen {
	enum connzone_probe probe;
	int family;                   /* of the resolver's query: 4 or 6 */
	uint16_t qtype;
	char resolver[CONN_ADDR_TEXT];   /* truncated */
};

struct conn_obs {
	struct conn_http_seen http[CONNZONE_PROBE_N];
	struct conn_dns_seen dns[CONN_DNS_MAX];
	size_t n_dns;
	unsigned dns_dropped;         /* sightings beyond CONN_DNS_MAX */
};

/* "198.51.0.0/16", "2001:db8::/32" from family (4 or 6) and the address
 * bytes. */
void conn_addr_truncate(int family, const uint8_t *bytes, char *out,
    size_t cap);
/* Is the IPv6 address's interface id modified EUI-64 (ff:fe in the
 * middle, RFC 4291 appendix A)? */
int conn_addr_eui64(const uint8_t bytes[16]);

/* The report of the visit (report_json's shape, test_type "connection",
 * domain "connection"); the caller owns it. */
json_t *conn_report(const struct conn_obs *o);

#endif
