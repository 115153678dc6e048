/*
 * connzone: the authoritative answers of the connection test's own zones.
 *
 * Given a base zone Z (e.g. "uptodate.test"), uptodate answers for three
 * zones that the operator delegates to it (doc/connection.md):
 *
 *   conn.Z        NS ns.conn.Z (A and AAAA): <id>.a.conn.Z has only an A
 *                 record, <id>.aaaa.conn.Z only an AAAA record;
 *   bogus.conn.Z  a child of conn.Z with a correct DS, whose probe names
 *                 <id>.bogus.conn.Z (A and AAAA) carry broken signatures:
 *                 a validating resolver answers SERVFAIL for them;
 *   conn6.Z       NS ns.conn6.Z with only an AAAA record, so only a
 *                 resolver that can use IPv6 reaches it:
 *                 <id>.a-aaaa.conn6.Z (A and AAAA).
 *
 * Answers are built and signed when they are sent (ECDSA P-256, one key
 * per zone with flags 257): the probe names are per visit, so they cannot
 * be signed ahead; signatures run from an hour ago to a week ahead, so none
 * ever expires. A name or type that does not exist gets a signed NODATA
 * whose NSEC covers only that name ("black lies", as large signers do):
 * never NXDOMAIN, and nothing for aggressive NSEC caching to reuse.
 *
 * Keys are read from, or made and written to, a directory: the files
 * K<zone>.+013+<tag>.key/.private of ldns-keygen. Without a directory they
 * are made anew at every start (the DS in the parent then changes).
 *
 * Pure: wire bytes in, wire bytes out; the sockets are net/dnsd.c's.
 */
#ifndef UTD_DNS_CONNZONE_H
#define UTD_DNS_CONNZONE_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A probe id: lowercase hex, this long (80 random bits). */
#define CONNZONE_ID_LEN 20

enum connzone_probe {
	CONNZONE_PROBE_NONE = 0,
	CONNZONE_PROBE_A,            /* <id>.a.conn.Z */
	CONNZONE_PROBE_AAAA,         /* <id>.aaaa.conn.Z */
	CONNZONE_PROBE_BOGUS,        /* <id>.bogus.conn.Z */
	CONNZONE_PROBE_CONN6,        /* <id>.a-aaaa.conn6.Z */
	CONNZONE_PROBE_LITERAL,      /* http://[IPv6]/ (HTTP side only) */
	CONNZONE_PROBE_N
};

/* "a", "aaaa", "bogus", "conn6", "literal" ("none" for NONE). */
const char *connzone_probe_name(enum connzone_probe p);

struct connzone_opts {
	const char *zone;             /* base zone Z, without trailing dot */
	const char *keydir;           /* NULL: keys only in memory */
	int have_web4, have_web6;     /* where the probe names point */
	struct in_addr web4;
	struct in6_addr web6;
	int have_ns4, have_ns6;       /* addresses of the name server */
	struct in_addr ns4;
	struct in6_addr ns6;
	uint32_t ttl;                 /* of every record (0: 60) */
};

struct connzone;

/* The zones with their keys, or NULL with a one-line why. */
struct connzone *connzone_new(const struct connzone_opts *o, char *why,
    size_t whylen);
void connzone_free(struct connzone *cz);

/* What a query asked, for the record of the connection test. */
struct connzone_seen {
	enum connzone_probe probe;    /* NONE unless qname is a probe name */
	char id[CONNZONE_ID_LEN + 1];
	uint16_t qtype;
};

/*
 * Answer one query (wire format, qlen bytes) into out (cap bytes, at
 * least 512). tcp: the reply may be as large as out; otherwise it is cut
 * to the client's EDNS size (at most 1232) with TC set. Returns the reply
 * length, or 0 when the message must be dropped (not a query, too short
 * to carry an id). seen (may be NULL) tells which probe name was asked.
 */
size_t connzone_answer(struct connzone *cz, const uint8_t *q, size_t qlen,
    int tcp, uint8_t *out, size_t cap, struct connzone_seen *seen);

/* The probe of an HTTP Host name ("<id>.aaaa.conn.Z", any case, optional
 * ":port"), with the id copied out; NONE if it is no probe name. */
enum connzone_probe connzone_probe_of_host(const struct connzone *cz,
    const char *host, char id[CONNZONE_ID_LEN + 1]);

/* Is s a well-formed probe id? */
int connzone_id_ok(const char *s);

/* The records the parent zone Z must hold (NS, glue and DS of conn.Z and
 * conn6.Z), as zone-file lines. */
void connzone_print_delegation(const struct connzone *cz, FILE *out);

#endif
