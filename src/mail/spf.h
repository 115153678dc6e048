/*
 * spf: SPF records (RFC 7208) without I/O: a strict parser of one record
 * and a walker that does the §4.6.4 limit accounting over the whole tree
 * of include: and redirect= records.
 *
 * The parser follows the ABNF of §4.6.1, §5, §6 and §7 to the letter:
 * macros are checked, never expanded. A parsed record owns its strings
 * (they live in its own buffer), so it needs no freeing, but it must not
 * be copied by value: the term pointers point into that buffer.
 *
 * The walker is driven by its caller, who owns the resolver. It hands out
 * DNS questions (spf_walk_next) and takes their answers in any order
 * (spf_walk_answer); several may be outstanding at once. There is no
 * sender IP, so the walker evaluates as if no mechanism matched: every
 * term up to each record's first "all" is visited, which is how a
 * checker has to count. Results do not depend on the order answers
 * arrive in: every term that queries DNS gets a sequence number in
 * evaluation order, lookups and errors are ordered by it, and the
 * earliest error wins (as it would in a real check_host()).
 *
 * The cursor that walks the records waits only for what decides the
 * shape of the walk (the TXT of an include/redirect target, the MX set of
 * an mx term); address lookups, which matter only for the void-lookup
 * count, run beside it. Everything is capped by name: the spec's limits
 * stop the walk, and SPF_QUERIES_MAX bounds what one domain can make us
 * ask even when those limits are respected.
 *
 * Where RFC 7208 leaves room, or assumes a sender IP:
 *  - a and MX-host lookups ask both A and AAAA; the lookup is void only
 *    when neither has an address (a receiver asks one family, chosen by
 *    the sender's address). exists asks A only. MX hosts without an
 *    address count as void lookups, and so does a null MX ("."), unasked.
 *  - ptr and terms whose domain holds a macro are counted, never looked
 *    up (they need the sender); a macro include:/redirect= is not
 *    followed, so counts below it are unknown (SPF_F_MACROS says so).
 *  - terms after a record's first "all" are never reached, so they are
 *    not counted; a redirect= in a record with an all is ignored.
 *  - c, r and t macros are refused in domain-specs, exp= included (§7.2:
 *    explanation text only); a domain-spec without macros must also be a
 *    name DNS can ask (labels of 1..63, at most 253 characters).
 *  - a domain met again on its own include/redirect path is a permerror
 *    (the lookup limit would catch it later anyway).
 *  - address lookups only get what is left of SPF_QUERIES_MAX after room
 *    for one TXT/MX question per DNS term still to come; what is skipped
 *    is flagged (SPF_F_QUERY_CAP) and n_void is then a lower bound.
 */
#ifndef UTD_SPF_H
#define UTD_SPF_H

#include <stddef.h>
#include <stdint.h>

#define SPF_RECORD_MAX      4096  /* longest record we parse (bytes) */
#define SPF_TERMS_MAX       128   /* most terms in one record */
#define SPF_NAME_MAX        253   /* a DNS name, without the trailing dot */
#define SPF_LOOKUP_LIMIT    10    /* §4.6.4 DNS-querying terms */
#define SPF_VOID_LIMIT      2     /* §4.6.4 void lookups */
#define SPF_MX_HOSTS_MAX    10    /* §4.6.4 address lookups per mx term */
#define SPF_QUERIES_MAX     40    /* most DNS questions one walk hands out */
#define SPF_RECORDS_MAX     32    /* most records kept in a walk's chain */
#define SPF_CHAIN_TEXT_MAX  1024  /* record text kept per chain entry */
#define SPF_DETAIL_MAX      512   /* human reasons and locations */

/* DNS types the walker asks for (their wire numbers). */
enum spf_qtype {
	SPF_QT_A = 1,
	SPF_QT_MX = 15,
	SPF_QT_TXT = 16,
	SPF_QT_AAAA = 28,
};

enum spf_qual {
	SPF_Q_NONE = 0,     /* modifiers; "no all" in record summaries */
	SPF_Q_PASS,         /* + (the default) */
	SPF_Q_FAIL,         /* - */
	SPF_Q_SOFTFAIL,     /* ~ */
	SPF_Q_NEUTRAL,      /* ? */
};
const char *spf_qual_str(enum spf_qual q);  /* "none", "pass", "fail", ... */

enum spf_kind {
	SPF_K_ALL = 0,
	SPF_K_INCLUDE,
	SPF_K_A,
	SPF_K_MX,
	SPF_K_PTR,
	SPF_K_IP4,
	SPF_K_IP6,
	SPF_K_EXISTS,
	SPF_K_REDIRECT,     /* modifiers from here on */
	SPF_K_EXP,
	SPF_K_MODIFIER,     /* unknown name=value, ignored by evaluation */
};
const char *spf_kind_str(enum spf_kind k);  /* "all", "include", ..., "modifier" */

struct spf_term {
	enum spf_kind kind;
	enum spf_qual qual;         /* SPF_Q_PASS unless written; NONE for modifiers */
	const char *text;           /* the term as written */
	const char *name;           /* a modifier's name as written; NULL for mechanisms */
	const char *domain;         /* domain-spec (a modifier: its value); NULL when absent */
	int cidr4, cidr6;           /* prefix lengths in effect for a/mx/ip4/ip6; else -1 */
	uint8_t addr[16];           /* ip4 (first 4 bytes) or ip6 network */
	int has_macro;              /* domain holds a '%' macro: known only at evaluation */
};

struct spf_record {
	size_t n_terms;
	struct spf_term terms[SPF_TERMS_MAX];
	enum spf_qual all;          /* qualifier of the first "all"; SPF_Q_NONE if there is none */
	int all_term;               /* its index, or -1 */
	const char *redirect;       /* redirect= target, or NULL (ignored when there is an all) */
	int redirect_term;          /* its index, or -1 */
	const char *exp;            /* exp= domain-spec, or NULL */
	int n_dns_terms;            /* this record alone: DNS terms that evaluation reaches */
	int has_macro;              /* some evaluated domain-spec holds a macro */
	int uses_ptr;               /* a ptr mechanism or a %{p} macro */
	char buf[2 * SPF_RECORD_MAX + 3 * SPF_TERMS_MAX + 16];
};

/* 1 when a TXT string is an SPF record candidate (RFC 7208 §4.5): it
 * starts with "v=spf1" (any case) followed by a space or its end. */
int spf_is_spf1(const char *txt, size_t len);

/* Parse one record of len bytes (no NUL needed). 0, or -1 with a reason
 * naming the term written to why (may be NULL). out is always written
 * over; it holds its own strings and nothing to free. */
int spf_parse(const char *txt, size_t len, struct spf_record *out,
    char *why, size_t whycap) __attribute__((warn_unused_result));

/* Walker. */

enum spf_walk_status {
	SPF_WALK_OK = 0,            /* every limit respected */
	SPF_WALK_NONE,              /* the domain has no SPF record (§4.5 "none") */
	SPF_WALK_PERMERROR,
	SPF_WALK_TEMPERROR,         /* a DNS query failed (or we ran out of memory) */
	SPF_WALK_RUNNING,           /* not done yet */
};
const char *spf_walk_status_str(enum spf_walk_status s);  /* "ok", "none", ... */

enum spf_err {
	SPF_E_OK = 0,
	SPF_E_NO_RECORD,            /* a domain to evaluate has no v=spf1 TXT */
	SPF_E_MULTIPLE,             /* ... or more than one */
	SPF_E_SYNTAX,               /* a record does not parse */
	SPF_E_LOOKUPS,              /* an 11th DNS-querying term */
	SPF_E_VOID,                 /* a 3rd void lookup */
	SPF_E_MX_HOSTS,             /* an mx term with more than 10 hosts */
	SPF_E_LOOP,                 /* a domain included again on its own path */
	SPF_E_BAD_NAME,             /* the walk's domain is not a DNS name */
	SPF_E_DNS,                  /* a query answered with an error rcode */
	SPF_E_NOMEM,
};
const char *spf_err_code(enum spf_err e);   /* stable: "no-record", "too-many-lookups", ... */

#define SPF_F_PTR         0x01  /* ptr mechanism or %{p} macro reached (discouraged, §5.5) */
#define SPF_F_MACROS      0x02  /* a DNS term with macros: counted, not looked up */
#define SPF_F_PERMISSIVE  0x04  /* effective +all / ?all, or includes that end in a
                                   +all record, so that everyone passes */
#define SPF_F_QUERY_CAP   0x08  /* SPF_QUERIES_MAX reached: some addresses not looked
                                   up, n_void is a lower bound */
#define SPF_F_TRUNCATED   0x10  /* some chain text or the chain itself was capped */

struct spf_query {
	char name[SPF_NAME_MAX + 1];  /* lower case, no trailing dot */
	enum spf_qtype qtype;
	uint32_t id;                  /* the walker's handle: pass the query back unchanged */
};

/* One record the walk fetched, in evaluation order (a pre-order walk of
 * the tree, so depth is enough to draw it). */
struct spf_walk_record {
	const char *domain;
	const char *via;            /* the term that led here ("include:x.test"), NULL at the top */
	const char *text;           /* the record, at most SPF_CHAIN_TEXT_MAX bytes */
	int depth;                  /* 0 for the walk's own domain */
	int truncated;              /* text was cut */
};

struct spf_walk_result {
	enum spf_walk_status status;
	enum spf_err err;
	char detail[SPF_DETAIL_MAX];    /* reason with its place, e.g. "a.test -> include:b.test:
	                                   11th DNS-querying term (limit 10)"; "" when ok */
	int n_dns_terms;                /* counted up to the error (11 when that was the error) */
	int n_void;
	enum spf_qual all;              /* effective: the top record's all, or via redirect=; or none */
	unsigned flags;                 /* SPF_F_* */
	char ptr_where[SPF_DETAIL_MAX];   /* first ptr use, "" if none */
	char macro_where[SPF_DETAIL_MAX]; /* first macro term not looked up, "" if none */
	unsigned n_queries;             /* questions handed out */
	size_t n_records;
	struct spf_walk_record records[SPF_RECORDS_MAX];
};

struct spf_walk;

/* A walker for domain's SPF policy; its first question is domain's TXT.
 * NULL only when out of memory. A domain that is not a DNS name gives a
 * walker already done with SPF_WALK_NONE. Free with spf_walk_free. */
struct spf_walk *spf_walk_new(const char *domain) __attribute__((warn_unused_result));
void spf_walk_free(struct spf_walk *w);

/* Fill *q with the next question to ask and return 1; 0 when none is
 * waiting to be handed out (done, or waiting for answers). */
int spf_walk_next(struct spf_walk *w, struct spf_query *q);

/* Answer a question from spf_walk_next. rcode: 0 NOERROR, 3 NXDOMAIN,
 * anything else an error (SERVFAIL, timeout, ...). For TXT, rdata holds
 * each RR's character-strings joined; for MX, the exchange names; for A
 * and AAAA only n, the number of addresses, is used (rdata may be NULL).
 * Strings are copied as needed; the caller keeps ownership. Unknown,
 * repeated or stale answers are ignored. */
void spf_walk_answer(struct spf_walk *w, const struct spf_query *q, int rcode,
    const char *const *rdata, size_t n);

/* 1 once the result is final. */
int spf_walk_done(const struct spf_walk *w);

/* The result, owned by w and valid until spf_walk_free; status is
 * SPF_WALK_RUNNING until spf_walk_done. */
const struct spf_walk_result *spf_walk_result(const struct spf_walk *w);

#endif
