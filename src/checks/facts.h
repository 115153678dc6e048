/*
 * facts: the evidence a run gathers about one domain, before any judgement.
 *
 * The gatherer (checks/gather.c) fills this from DNS answers and network
 * probes; the checks only read it. Keeping evidence and judgement apart is
 * what lets the same checks run on live data, on hand-built facts in unit
 * tests, and later on facts replayed from storage. Everything here lives in
 * the run's arena.
 */
#ifndef UTD_FACTS_H
#define UTD_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "dns/caa.h"
#include "dns/dns.h"
#include "net/net.h"

/* The outcome of one resolver lookup, without the records. */
struct fx_lookup {
	int done;                 /* 0: never asked (a prerequisite failed) */
	enum dns_err err;
	int rcode;                /* LDNS_RCODE_* */
	enum dns_sec sec;
	const char *why_bogus;    /* validator's reason when bogus */
	const char *detail;       /* resolver error text, if any */
	uint32_t elapsed_ms;
};

/* A reachability probe of one address: a TCP connect, or a DNS query sent
 * straight to a name server. */
struct fx_probe {
	struct net_addr addr;
	uint16_t port;
	int done;
	enum net_status status;
	int err;                  /* errno for NET_ERROR */
	int rcode;                /* DNS probes: rcode of the reply (-1 if none) */
	int over_tcp;
	uint32_t elapsed_ms;
};

/* A host name with its addresses: a name server, the web host, an MX. */
struct fx_host {
	const char *name;
	uint16_t preference;      /* MX only */
	struct fx_lookup a_lk, aaaa_lk;
	struct net_addr *v4;
	size_t n_v4;
	struct net_addr *v6;      /* ::ffff:0:0/96 mapped addresses dropped */
	size_t n_v6;
	size_t n_v6_mapped;       /* how many were dropped */
	struct fx_probe *probes;  /* IPv6 probes, in order v6[i] x ports */
	size_t n_probes;
	struct fx_lookup soa_lk;  /* MX: DNSSEC status of the MX name */
	int no_probe;             /* addresses only (NS of an MX's zone) */
};

struct fx_dnskey {
	uint16_t flags;
	uint8_t algorithm;
	uint16_t key_tag;
	uint16_t bits;            /* key size where known, else 0 */
};

struct fx_ds {
	uint16_t key_tag;
	uint8_t algorithm;
	uint8_t digest_type;
};

struct fx_nsec3param {
	uint8_t hash;
	uint8_t flags;
	uint16_t iterations;
	uint8_t salt_len;
};

/* DNSSEC parameters of the zone holding the tested name. */
struct fx_zone_algo {
	struct fx_lookup dnskey_lk, ds_lk, nsec3p_lk;
	struct fx_dnskey *dnskeys;
	size_t n_dnskeys;
	struct fx_ds *ds;
	size_t n_ds;
	struct fx_nsec3param *nsec3p;
	size_t n_nsec3p;
};

/* CAA: the closest RRset at the name or a parent (RFC 8659 §3). */
struct fx_caa {
	struct fx_lookup lk;      /* the lookup that ended the climb */
	const char *owner;        /* where the RRset was found, NULL if none */
	struct caa_rr *rrs;
	size_t n;
	size_t n_unreadable;      /* records whose RDATA could not be read */
};

/* TLSA at _port._tcp.name. */
struct fx_tlsa_rr {
	uint8_t usage, selector, mtype;
	const uint8_t *data;
	size_t len;
};
struct fx_tlsa {
	struct fx_lookup lk;
	const char *owner;
	struct fx_tlsa_rr *rrs;
	size_t n;
};

/* One TLS endpoint (a web address on 443, an MX address on 25 with
 * STARTTLS): what the scan and the OpenSSL handshakes found. */
struct http_follow_result;
struct http_result;
struct tls_scan;
struct tls_audit;
struct fx_tls_ep {
	struct net_addr addr;
	uint16_t port;
	int starttls;                        /* SMTP STARTTLS before TLS */
	struct tls_scan *scan;               /* hand-built hellos */
	struct tls_audit *audit;             /* OpenSSL handshake(s) */
	struct tls_audit *audit12;           /* at most TLS 1.2: renegotiation */
};

/* One web address under test (every A and AAAA of the name): what its
 * HTTP, HTTPS and TLS answered. Results are owned by the gather run. */
struct fx_web_ep {
	struct net_addr addr;
	struct http_follow_result *http80;   /* GET http://name/, hops walked */
	struct http_result *https;           /* GET https://name/, first response */
	struct http_result *sectxt;          /* GET /.well-known/security.txt */
	struct http_result *sectxt_root;     /* GET /security.txt (fallback) */
	struct fx_tls_ep tls;                /* port 443 */
};

/* A TXT RRset: each record's strings joined (NULs kept out). */
struct fx_txt {
	struct fx_lookup lk;
	const char *owner;
	const char **txt;
	size_t n;
};

/* One MX address under test on port 25. */
struct fx_mail_ep {
	struct fx_host *mx;                  /* the MX it belongs to */
	struct fx_tls_ep tls;                /* STARTTLS, then TLS */
	/* the first SMTP dialog (the OpenSSL handshake's): how it ended */
	int smtp_done;
	const char *smtp_code;               /* "ok", "no_starttls",
	                                        "rate_limited", ... */
	const char *smtp_detail;
	const char *banner;
	unsigned smtp_attempts;              /* with the retries */
	int connected;                       /* TCP connect to 25 worked */
	int cached;                          /* reused from an earlier domain */
	/* reverse DNS: PTR, then the PTR names' addresses */
	struct fx_lookup ptr_lk;
	const char *ptr_name;                /* the first PTR target */
	int fcrdns;                          /* 1 forward confirms, 0 not,
	                                        -1 unknown */
};

/* Per MX name: TLSA at _25._tcp.name, the CAA set, and the name servers
 * of the zone holding the name (their addresses are RPKI targets). */
struct fx_mx_extra {
	struct fx_tlsa tlsa;
	struct fx_caa caa;
	struct fx_lookup ns_lk;
	const char *zone;
	struct fx_host *ns;
	size_t n_ns, n_ns_total;
};

/* MTA-STS (RFC 8461): the TXT, the policy host's addresses and the policy
 * fetched with certificate verification and no redirects. */
struct fx_mtasts {
	struct fx_txt txt;                   /* _mta-sts.domain */
	struct fx_host host;                 /* mta-sts.domain */
	struct http_result *policy;          /* NULL: not fetched */
	const char *url;
};

/* DMARC: the record at _dmarc.domain, else at the organizational
 * domain's; and the authorisation records of external report hosts. */
struct fx_dmarc_auth {
	const char *host;                    /* rua/ruf host */
	struct fx_txt txt;                   /* domain._report._dmarc.host */
};
struct fx_dmarc {
	struct fx_txt at_domain;
	const char *org;                     /* organizational domain, or NULL
	                                        when it is the domain itself */
	struct fx_txt at_org;                /* asked only when none at domain */
	struct fx_dmarc_auth *auth;
	size_t n_auth;
};

struct fx_dkim_sel {
	const char *selector;
	struct fx_txt txt;                   /* selector._domainkey.domain */
};
struct fx_dkim {
	struct fx_lookup domainkey_lk;       /* _domainkey.domain (RFC 8020) */
	struct fx_dkim_sel *sel;
	size_t n_sel;
};

struct spf_walk;
struct rpki_db;

enum fx_kind { FX_WEB, FX_MAIL };

enum fx_mx_state {
	FX_MX_UNKNOWN = 0,        /* lookup failed: see mx_lk */
	FX_MX_PRESENT,
	FX_MX_NONE,
	FX_MX_NULL,               /* RFC 7505 "MX 0 ." alone */
	FX_MX_NULL_MIXED,         /* null MX next to other MX records */
};
const char *fx_mx_state_str(enum fx_mx_state s);

#define FX_MAX_NS      16     /* name servers taken from the NS set */
#define FX_MAX_MX      10     /* the catalogue's limit */
#define FX_MAX_ADDRS   16     /* addresses per family per host */
#define FX_MAX_EPS     32     /* web addresses tested (both families) */
#define FX_MAX_TXT     32     /* TXT records kept per name */

struct facts {
	enum fx_kind kind;
	const char *domain;       /* normalised, no trailing dot */

	/* The name itself: SOA at the name gives existence and DNSSEC. */
	struct fx_lookup soa_lk;

	/* Name servers: the NS set of the closest enclosing zone. */
	struct fx_lookup ns_lk;   /* the lookup that found (or failed to) */
	const char *zone;         /* owner of the NS set, "" for the root */
	struct fx_host *ns;
	size_t n_ns;
	size_t n_ns_total;        /* before the FX_MAX_NS cut */

	struct fx_zone_algo algo;

	/* Website test: the name's own addresses, probed on 80 and 443. */
	struct fx_host web;
	struct fx_caa caa;
	struct fx_tlsa tlsa;      /* _443._tcp.name */
	struct fx_web_ep *eps;    /* IPv4 addresses first, then IPv6 */
	size_t n_eps;
	size_t n_eps_total;       /* before the FX_MAX_EPS cut */

	/* Email test. */
	struct fx_lookup mx_lk;
	enum fx_mx_state mx_state;
	struct fx_host *mx;
	size_t n_mx;
	size_t n_mx_total;        /* before the cut and localhost removal */
	int mx_localhost_dropped;
	struct fx_mx_extra *mx_extra;        /* per mx[i] */
	struct fx_mail_ep *meps;  /* every address of every MX, in MX order */
	size_t n_meps;
	size_t n_meps_total;      /* before the FX_MAX_EPS cut */

	/* Mail authenticity and transport policy. */
	struct fx_txt spf_txt;               /* TXT at the domain */
	const struct spf_walk *spf;          /* the walk of its SPF record */
	struct fx_dmarc dmarc;
	struct fx_dkim dkim;
	struct fx_mtasts mtasts;
	struct fx_txt tlsrpt;                /* _smtp._tls.domain */

	/* Route origin validation data of the run (--vrp, --routes), or
	 * NULL: the RPKI tests look addresses up in it. */
	const struct rpki_db *rpki;
};

#endif
