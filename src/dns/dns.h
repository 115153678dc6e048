/*
 * dns: name resolution with DNSSEC status, on the program's event loop.
 *
 * A dns_engine wraps one libunbound context created on the loop of the
 * net seam (ub_ctx_create_event). It resolves iteratively from the root by
 * default (libunbound's built-in root hints, Debian's trust anchor in
 * /usr/share/dns/root.key, read with ub_ctx_add_ta_file and never written
 * back), or from given root hints
 * and trust anchor (the testbed), or forwards to a given resolver. Every
 * answer carries its DNSSEC status and, when bogus, the validator's reason
 * (val-log-level 2). Each query has its own deadline enforced here, since
 * libunbound has none; a timed-out query is cancelled in libunbound.
 *
 * libunbound calls back from deep inside its own state machine, sometimes
 * even from inside ub_resolve_event() (cache, local zones). The engine only
 * stores the answer there and delivers it from its own loop event, so a
 * dns_cb never runs inside libunbound nor before dns_resolve() returns, and
 * may start queries or free the engine. libunbound's built-in local zone
 * for test. (RFC 6761) is made transparent so a testbed can delegate it.
 *
 * dns also holds the pure wire helpers (dns_wire_*) used by the direct
 * per-server queries of the reachability tests; they take and give buffers
 * and are what the fuzz target exercises.
 */
#ifndef UTD_DNS_H
#define UTD_DNS_H

#include <stddef.h>
#include <stdint.h>
#include <ldns/ldns.h>

struct net;

enum dns_sec {
	DNS_SEC_UNKNOWN = 0,  /* no answer to judge (error) */
	DNS_SEC_INSECURE,     /* provably unsigned (or validation off) */
	DNS_SEC_SECURE,
	DNS_SEC_BOGUS,
};
const char *dns_sec_str(enum dns_sec s);  /* "secure", "insecure", "bogus", "unknown" */

/* Resolution failure class; DNS_OK means an answer (any rcode) arrived. */
enum dns_err {
	DNS_OK = 0,
	DNS_ERR_TIMEOUT,      /* our per-query deadline passed */
	DNS_ERR_SERVFAIL,     /* resolution failed (rcode SERVFAIL, not bogus) */
	DNS_ERR_REFUSED,
	DNS_ERR_BADREPLY,     /* unparseable answer */
	DNS_ERR_RESOLVER,     /* libunbound error, see detail */
	DNS_ERR_NOMEM,
	DNS_ERR_CANCELLED,
};
const char *dns_err_code(enum dns_err e);  /* stable: "timeout", "servfail", ... */

/*
 * A bogus answer (validation failed) has err DNS_OK, sec DNS_SEC_BOGUS,
 * rcode SERVFAIL (what a validating resolver would tell a stub), why_bogus
 * set and rrs empty; pkt still holds the bogus reply for diagnosis. Every
 * other SERVFAIL or REFUSED is err DNS_ERR_SERVFAIL / DNS_ERR_REFUSED with
 * sec DNS_SEC_UNKNOWN. detail explains timeouts, rate limiting and
 * libunbound errors when it can.
 */
struct dns_answer {
	enum dns_err err;
	int rcode;            /* LDNS_RCODE_*; meaningful when err == DNS_OK or SERVFAIL */
	enum dns_sec sec;
	char *why_bogus;      /* validator's reason when bogus, else NULL */
	char *detail;         /* extra error text (libunbound message), else NULL */
	char *qname;          /* as asked, normalised: lower case, no trailing dot */
	uint16_t qtype;
	ldns_pkt *pkt;        /* the full reply when one was parsed, else NULL */
	ldns_rr_list *rrs;    /* answer RRs of qtype owned by the final name
	                         (CNAMEs followed), never NULL: possibly empty */
	uint32_t elapsed_ms;
};
/* True when the name exists but has no data of that type, or NXDOMAIN
 * (never for errors or bogus answers). */
int dns_answer_nodata(const struct dns_answer *a);
void dns_answer_free(struct dns_answer *a);

struct dns_engine_opts {
	const char *root_hints;   /* file, or NULL for the built-in/Debian hints */
	const char *trust_anchor; /* file, or NULL for Debian's root key */
	const char *resolver;     /* "addr" or "addr@port" to forward to, or
	                             NULL to iterate; loopback is allowed */
	uint32_t timeout_ms;      /* per query; 0 means 10000 */
	int no_validation;        /* 1: no DNSSEC validation (all sec INSECURE) */
	const char *const *do_not_query;   /* CIDR ranges never asked while
	                                      iterating (NULL-terminated), or NULL */
};

struct dns_engine;

/* Create on the net seam's loop. Files are checked and loaded here (no
 * network traffic), so a bad root hints or trust anchor file fails now. On
 * failure returns NULL and sets *err (if err is not NULL) to a malloc'd
 * one-line message (caller frees). */
struct dns_engine *dns_engine_new(struct net *n, const struct dns_engine_opts *o,
    char **err) __attribute__((warn_unused_result));
/* Cancels pending queries (callbacks run with DNS_ERR_CANCELLED before this
 * returns; dns_resolve() from them fails) and frees. May be called from a
 * dns_cb. */
void dns_engine_free(struct dns_engine *e);

/* The callback takes ownership of the answer (free with dns_answer_free). */
typedef void (*dns_cb)(void *arg, struct dns_answer *a);

/* Resolve name/type (class IN). name is checked with dns_name_normalise();
 * normalise user input first to get the reason for a refusal. Exactly one
 * callback; the current engine never calls it before this returns, but
 * callers should not depend on that. Returns 0 if started, -1 on ENOMEM,
 * bad name or an engine being freed (then no callback). */
int dns_resolve(struct dns_engine *e, const char *name, uint16_t qtype,
    dns_cb cb, void *arg) __attribute__((warn_unused_result));

/* Build an answer from reply bytes as the engine does from libunbound's
 * (ub_sec: 0 insecure, 1 bogus, 2 secure). The parsing half of the engine,
 * for the fuzzer and replay tests. NULL on a bad name or ENOMEM; free with
 * dns_answer_free. */
struct dns_answer *dns_answer_from_wire(const char *qname, uint16_t qtype,
    const uint8_t *wire, size_t len, int ub_sec, const char *why_bogus);

/* Number of queries whose callback has not run yet (tests and limits). */
size_t dns_engine_pending(const struct dns_engine *e);

/* --- wire helpers (pure) -------------------------------------------------- */

/* Build a query (RD off, class IN, EDNS0 with 1232-byte buffer, DO bit on)
 * for name/type with the given id into buf; returns length or -1. name is
 * presentation form without escapes; one trailing dot is optional, "" or
 * "." is the root; empty labels, labels > 63 and names > 255 octets in
 * wire form are refused. */
int dns_wire_query(uint8_t *buf, size_t cap, const char *name, uint16_t qtype,
    uint16_t id);

/* Parsed summary of a reply to one of our queries. */
struct dns_wire_reply {
	uint16_t id;
	int rcode;
	int aa, tc;
	uint16_t ancount;
	char qname[256];     /* presentation form, lower case, no trailing dot */
	uint16_t qtype;
};
/* Parse the header and question of a reply; 0 on success, -1 if malformed.
 * Strict: QR must be set, QDCOUNT must be 1 (RFC 9619), compression
 * pointers must point backwards, the name must fit 255 octets. qname
 * renders octets other than letters, digits, '-' and '_' as \DDD; a name
 * whose rendering does not fit qname is refused. Never reads past len. */
int dns_wire_parse_reply(const uint8_t *wire, size_t len, struct dns_wire_reply *r);

/* Check that a reply answers our query: reply has QR set and query has
 * not, same id, opcode, qname (case-insensitive), qtype and qclass. 1 if so. */
int dns_wire_matches(const uint8_t *query, size_t qlen, const uint8_t *reply,
    size_t rlen);

/* Normalise a user-given domain name: lower case, strip one trailing dot,
 * check LDH/underscore labels, lengths (label <= 63, name <= 253), at least
 * one label (single labels such as "test" are fine). A label may not begin
 * or end with '-' unless it begins with '_'. IP address literals and IDN
 * U-labels (any octet >= 0x80) are refused with their own messages.
 * Writes into out (cap >= 254). Returns 0 or -1 with *why (if why is not
 * NULL) set to a static one-line reason. */
int dns_name_normalise(const char *in, char *out, size_t cap, const char **why);

#endif
