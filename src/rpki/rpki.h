/*
 * rpki: route origin validation (RFC 6811) of the routes that cover an
 * address, with RFC 9319's maxLength warning.
 *
 * Two tables make a db: VRPs (prefix, maxLength, ASN) read from a
 * validator's JSON (rpki-client -j, Routinator json/jsonext: a "roas"
 * array), and routes (prefix, origin ASN) read from a text routing table
 * (a pfx2as dump or "prefix origin" lines from a RIB). Each table is one
 * path-compressed binary trie per address family: nodes live in one array
 * and name their children by index (16 bytes a node plus 4 or 16 bytes of
 * key), and the entries at a prefix hang off the node as a sorted list of
 * 12-byte items. A lookup walks one root-to-leaf path, so finding every
 * route covering an address and then every VRP covering each route costs
 * at most 33 (IPv4) or 129 (IPv6) node visits per walk.
 *
 * I/O-light: the _load functions read one file by path, given by the
 * caller, and hand its bytes to the matching _load_buffer, which the
 * fuzzers and tests call directly. A load is all or nothing for the
 * document (a file that is not JSON, or has no "roas" array, changes
 * nothing) and forgiving for its entries: a bad entry or line is skipped
 * and counted, and the first reason is kept. While it runs, a load holds
 * the file's bytes and 24 bytes for each entry; the JSON reader builds no
 * tree (jansson's would be many times the file).
 *
 * Caps, all counted or named: RPKI_FILE_MAX bytes of a file, RPKI_VRPS_MAX
 * VRPs and RPKI_ROUTES_MAX routes a db holds, RPKI_PREFIX_ITEMS_MAX VRPs or
 * origins at one prefix, RPKI_LINE_MAX bytes of a routes line,
 * RPKI_JSON_DEPTH_MAX levels of JSON nesting. Past a cap the entry is
 * skipped with that reason. A result keeps RPKI_RESULT_ROUTES_MAX routes
 * and RPKI_RESULT_VRPS_MAX VRPs per route and counts the rest.
 *
 * A db is not changed by lookups: once loaded it may be shared read-only
 * by any number of threads.
 */
#ifndef UTD_RPKI_H
#define UTD_RPKI_H

#include <stddef.h>
#include <stdint.h>

#include "net/net.h"

#define RPKI_FILE_MAX          (512u * 1024 * 1024)
#define RPKI_VRPS_MAX          (1u << 24)
#define RPKI_ROUTES_MAX        (1u << 24)
#define RPKI_PREFIX_ITEMS_MAX  256
#define RPKI_LINE_MAX          1024
#define RPKI_JSON_DEPTH_MAX    64
#define RPKI_WHY_MAX           192
#define RPKI_RESULT_ROUTES_MAX 16
#define RPKI_RESULT_VRPS_MAX   8
#define RPKI_PREFIX_STR_MAX    50     /* "ffff:...:ffff/128" and the NUL */

/* An address prefix; the bits past len are zero. */
struct rpki_prefix {
	int family;                 /* AF_INET or AF_INET6 */
	uint8_t addr[16];           /* 4 or 16 bytes used */
	uint8_t len;
};

/* A Validated ROA Payload (RFC 6811 §2). */
struct rpki_vrp {
	struct rpki_prefix prefix;
	uint8_t max_len;
	uint32_t asn;
};

/* A route: a prefix and the origin AS of its AS path. An AS path ending
 * in an AS_SET has the origin NONE (RFC 6811 §2), which matches no VRP. */
struct rpki_route {
	struct rpki_prefix prefix;
	uint32_t origin;
	int origin_none;            /* 1: AS_SET, origin is NONE */
};

/* Route origin validation state. 0 is "no route", so a zeroed result
 * reads as "nothing announced". */
enum rpki_state {
	RPKI_NO_ROUTE = 0,          /* no route covers the address */
	RPKI_VALID,                 /* some VRP matches */
	RPKI_INVALID,               /* covered, but no VRP matches */
	RPKI_NOT_FOUND,             /* no VRP covers the route prefix */
};

/* Why a route is invalid. */
enum rpki_why {
	RPKI_WHY_NONE = 0,
	RPKI_WHY_ORIGIN,            /* no covering VRP names the origin AS */
	RPKI_WHY_LENGTH,            /* a VRP of the origin AS covers it, but the
	                               route is longer than its maxLength */
	RPKI_WHY_AS0,               /* covered by AS0 VRPs only (RFC 6483 §4) */
	RPKI_WHY_AS_SET,            /* origin NONE (AS_SET) matches no VRP */
};

struct rpki_route_result {
	struct rpki_route route;
	enum rpki_state state;      /* VALID, INVALID or NOT_FOUND */
	enum rpki_why why;          /* for INVALID */
	int loose_max_len;          /* RFC 9319: valid through a VRP whose
	                               maxLength is longer than the route */
	size_t n_covering;          /* VRPs covering the route prefix */
	size_t n_vrps_total;        /* deciding VRPs: the matching ones when
	                               valid, the covering ones when invalid */
	size_t n_vrps;              /* of those, kept below (most specific
	                               first) */
	struct rpki_vrp vrps[RPKI_RESULT_VRPS_MAX];
};

/*
 * The routes covering one address, most specific first; each origin of a
 * prefix is a route of its own. state is that of the most specific
 * route, because longest-prefix match sends the traffic there; when
 * several origins announce that prefix, the worst of theirs (invalid,
 * then not found, then valid). RPKI_NO_ROUTE when nothing covers the
 * address. The counts span every covering route, kept or not.
 */
struct rpki_addr_result {
	enum rpki_state state;
	int any_invalid;            /* n_invalid > 0 */
	int any_loose_max_len;      /* some valid route has the RFC 9319 flag */
	size_t n_routes_total;
	size_t n_valid, n_invalid, n_not_found;
	size_t n_covered;           /* routes some VRP covers (valid or invalid) */
	size_t n_routes;            /* kept below */
	struct rpki_route_result routes[RPKI_RESULT_ROUTES_MAX];
};

/* What the loads of one table did, summed over every load into the db. */
struct rpki_counts {
	size_t loaded;              /* entries now in the table */
	size_t duplicates;          /* good entries already present, merged */
	size_t skipped;             /* bad entries or lines, or past a cap */
	char first_skip[RPKI_WHY_MAX];  /* reason of the first skip, or "" */
};

struct rpki_db;

/* An empty db; NULL when out of memory. Free with rpki_db_free. */
struct rpki_db *rpki_db_new(void);

/* Free the db and everything in it; NULL is fine. */
void rpki_db_free(struct rpki_db *db);

/*
 * Add the VRPs of a validator's JSON file at path: a top-level object
 * whose "roas" array holds objects with "prefix" ("198.51.100.0/24",
 * host bits zero), "asn" (64496, "AS64496" or "64496"; 0 to 4294967295)
 * and "maxLength" (an integer from the prefix length to 32 or 128; when
 * absent, the prefix length, as in a ROA). Other members are ignored. An
 * entry failing any of these is skipped and counted. Returns 0, with the
 * first skip reason of this load in why ("" if none), or -1 with the
 * reason in why ("path: ...") when the file cannot be read, is larger
 * than RPKI_FILE_MAX, is not JSON ("not JSON: line L, column C: ..."), or
 * is not an object with one "roas" array; the db is then unchanged. why
 * is cap bytes (RPKI_WHY_MAX, longer reasons are cut); the caller owns
 * path.
 */
int rpki_vrp_load_json(struct rpki_db *db, const char *path, char *why,
    size_t cap) __attribute__((warn_unused_result));

/* The same on len bytes in memory (no NUL needed); buf stays the
 * caller's. */
int rpki_vrp_load_buffer(struct rpki_db *db, const char *buf, size_t len,
    char *why, size_t cap) __attribute__((warn_unused_result));

/*
 * Add the routes of a text routing table at path. One route per line,
 * fields separated by spaces or tabs, '#' to the end of a line is a
 * comment, blank lines and a trailing CR are ignored:
 *     198.51.100.0/24 64496          prefix and origin
 *     198.51.100.0/24 AS64496        "AS" (any case) before the number
 *     198.51.100.0 24 64496          pfx2as: address, length, origin
 *     198.51.100.0/24 64496_64497    several origins (MOAS): one route each
 *     198.51.100.0/24 64496,64497    an AS_SET: one route, origin NONE
 * Origins are asplain, 0 to 4294967295, without leading zeros. A bad line
 * (bad prefix, host bits set, bad origin, extra fields, longer than
 * RPKI_LINE_MAX) is skipped and counted. Returns 0, with the first skip
 * reason of this load in why ("" if none), or -1 with the reason in why
 * when the file cannot be read or is larger than RPKI_FILE_MAX; the db is
 * then unchanged.
 */
int rpki_routes_load(struct rpki_db *db, const char *path, char *why,
    size_t cap) __attribute__((warn_unused_result));

/* The same on len bytes in memory; buf stays the caller's. */
int rpki_routes_load_buffer(struct rpki_db *db, const char *buf, size_t len,
    char *why, size_t cap) __attribute__((warn_unused_result));

/* Counters of the VRP and the route table; valid while the db lives. */
const struct rpki_counts *rpki_vrp_counts(const struct rpki_db *db);
const struct rpki_counts *rpki_route_counts(const struct rpki_db *db);

/* Bytes the db holds on the heap (tables, tries, items). */
size_t rpki_db_bytes(const struct rpki_db *db);

/*
 * Validate every route covering addr (AF_INET, or AF_INET6; an IPv4-mapped
 * ::ffff:a.b.c.d is looked up as IPv4). Every covering route is
 * validated for the counts; the first RPKI_RESULT_ROUTES_MAX are kept.
 * out is filled with no allocation, nothing to free. Returns 0, or -1
 * for another family (out then says RPKI_NO_ROUTE).
 */
int rpki_validate_addr(const struct rpki_db *db, const struct net_addr *addr,
    struct rpki_addr_result *out);

/* RFC 6811 validation of one route against the db's VRPs; out is filled,
 * nothing to free. The route need not be in the db. */
void rpki_validate_route(const struct rpki_db *db,
    const struct rpki_route *route, struct rpki_route_result *out);

/*
 * Parse "198.51.100.0/24" or "2001:db8::/32" (n bytes, no NUL needed):
 * the address as inet_pton reads it, '/', a decimal length without
 * leading zeros up to 32 or 128, the bits past the length zero. 0, or -1
 * with a reason in why (cap bytes).
 */
int rpki_prefix_parse(const char *s, size_t n, struct rpki_prefix *out,
    char *why, size_t cap) __attribute__((warn_unused_result));

/* "198.51.100.0/24" into buf (RPKI_PREFIX_STR_MAX bytes is enough);
 * returns buf. */
char *rpki_prefix_str(const struct rpki_prefix *p, char *buf, size_t cap);

/* Stable codes: "no_route", "valid", "invalid", "not_found"; and "none",
 * "origin", "length", "as0", "as_set". */
const char *rpki_state_str(enum rpki_state s);
const char *rpki_why_str(enum rpki_why w);

/*
 * One line for a report on a route's result, e.g. "198.51.100.0/24
 * AS64497: invalid: no VRP for AS64497 covers it (1 VRP: 198.51.100.0/24-24
 * AS64496)". Writes at most cap bytes, NUL-terminated; returns buf.
 */
char *rpki_route_explain(const struct rpki_route_result *r, char *buf,
    size_t cap);

#endif
