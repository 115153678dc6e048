/*
 * audit: one full TLS handshake with the system OpenSSL 3 against one
 * address, reported as facts (no judgement: policy lives in checks/).
 *
 * OpenSSL never touches a socket: the handshake runs over a net_conn
 * through two memory BIOs, so it lives on the seam's loop like every other
 * probe and the same conn object can later carry STARTTLS. The client is
 * deliberately permissive (security level 0, legacy server connect, every
 * cipher OpenSSL still has) so that old servers can be audited;
 * verification is done by us after the handshake, never enforced by it.
 *
 * What one audit reports: the negotiated version and suite; the chain as
 * sent with each certificate's key and signature; PKIX trust against a CA
 * file or the system store (with the first verify error); the host name
 * match; DANE against the given TLSA records; OCSP stapling; secure
 * renegotiation, extended master secret and compression. Optional probes:
 * client-initiated renegotiation (TLS <= 1.2, on the same connection,
 * repeated up to 11 times) and 0-RTT (TLS 1.3: a ticket from the first
 * connection, then a second connection resuming with early data). Every
 * audit says how many TCP connections it cost.
 *
 * Versions are wire numbers (0x0301 TLS 1.0 ... 0x0304 TLS 1.3); suites
 * are IANA numbers.
 */
#ifndef UTD_TLS_AUDIT_H
#define UTD_TLS_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "net/conn.h"
#include "net/net.h"

#define TLS_AUDIT_CHAIN_MAX     16     /* certificates kept from the chain */
#define TLS_AUDIT_SAN_MAX       100    /* subjectAltNames kept per cert */
#define TLS_AUDIT_NAME_MAX      1024   /* subject / issuer text */
#define TLS_AUDIT_TLSA_MAX      32     /* TLSA records taken from opts */
#define TLS_AUDIT_RENEG_TRIES   11     /* default renegotiation attempts */
#define TLS_AUDIT_TICKET_WAIT_MS 1500  /* longest wait for a TLS 1.3 ticket */
#define TLS_AUDIT_INBUF_MAX     (1024 * 1024)  /* undecrypted input held */

/* Optional probes (bit flags in opts.probes). */
#define TLS_PROBE_RENEG   0x01  /* client-initiated renegotiation, TLS <= 1.2 */
#define TLS_PROBE_0RTT    0x02  /* early data on resumption, TLS 1.3 */

struct tls_audit_tlsa {
	uint8_t usage, selector, mtype;
	const uint8_t *data;
	size_t len;
};

struct tls_audit_opts {
	const char *sni;            /* server_name, host name to match, DANE
	                               base domain; NULL: none of them */
	const char *ca_file;        /* PEM bundle; NULL: the system store */
	uint16_t min_version;       /* 0: the lowest OpenSSL has */
	uint16_t max_version;       /* 0: the highest */
	const struct tls_audit_tlsa *tlsa;  /* DANE; copied; n_tlsa 0: none */
	size_t n_tlsa;
	unsigned probes;            /* TLS_PROBE_* */
	uint32_t timeout_ms;        /* connect, each wait for input; 0: 10 s */
	uint32_t deadline_ms;       /* the whole audit; 0: 60 s */
	unsigned reneg_tries;       /* 0: TLS_AUDIT_RENEG_TRIES */
	/* Optional: a plaintext prelude on every conn (STARTTLS). */
	const struct net_prelude_ops *prelude;
	const void *prelude_arg;
};

/* Why a handshake (or a probe's step) ended; 0 is success. Stable codes. */
enum tls_audit_err {
	TLS_AUDIT_OK = 0,
	TLS_AUDIT_TIMEOUT,          /* connect, a step, or the audit deadline */
	TLS_AUDIT_REFUSED,          /* TCP RST on connect */
	TLS_AUDIT_UNREACHABLE,
	TLS_AUDIT_RESET,            /* connection reset after connecting */
	TLS_AUDIT_CLOSED,           /* peer closed without an alert */
	TLS_AUDIT_ALERT,            /* alert received: alert; detail: name */
	TLS_AUDIT_PROTOCOL,         /* OpenSSL gave up; detail: error text */
	TLS_AUDIT_NETWORK,          /* other socket error: sys_err */
	TLS_AUDIT_SETUP,            /* options unusable (CA file, TLSA, ...) */
	TLS_AUDIT_NOMEM,
	TLS_AUDIT_CANCELLED,        /* net_free or tls_audit_cancel */
	TLS_AUDIT_PRELUDE,          /* the STARTTLS prelude failed: detail */
};
/* "ok", "timeout", "refused", "unreachable", "reset", "closed", "alert",
 * "protocol", "network", "setup", "nomem", "cancelled". */
const char *tls_audit_err_code(enum tls_audit_err e);

struct tls_audit_status {
	enum tls_audit_err code;
	int alert;                  /* last alert description received, -1 */
	int sys_err;                /* errno for RESET / NETWORK, else 0 */
	const char *detail;         /* alert name, OpenSSL error text, NULL */
};

enum tls_key_type {             /* same order as checks' tlsp_keytype */
	TLS_KEY_RSA,                /* rsaEncryption and RSASSA-PSS */
	TLS_KEY_EC,
	TLS_KEY_ED25519,
	TLS_KEY_ED448,
	TLS_KEY_DSA,
	TLS_KEY_OTHER,
};

struct tls_cert {
	const char *subject;        /* RFC 2253, UTF-8, capped */
	const char *issuer;
	int self_signed;            /* issuer == subject (and key ids agree) */
	enum tls_key_type key_type;
	const char *key_name;       /* OpenSSL key type: "RSA", "EC", ... */
	int key_bits;
	const char *curve;          /* EC: "prime256v1", "secp384r1"..., NULL */
	const char *sig_alg;        /* "sha256WithRSAEncryption", "ED25519" */
	const char *sig_digest;     /* "SHA256", "SHA1", "MD5"...; "ED25519" and
	                               "ED448" for EdDSA; "UNDEF" if unknown */
	const char *sig_key;        /* signing key type: "RSA", "RSASSA-PSS",
	                               "EC", "ED25519", "ED448", "DSA", ... */
	int64_t not_before, not_after;  /* Unix time */
	const char **san;           /* DNS names as written, "IP:..." for
	                               addresses; at most TLS_AUDIT_SAN_MAX */
	size_t n_san;
	size_t n_san_total;         /* before the cap */
	const char *ocsp_url;       /* first OCSP URI of authorityInfoAccess */
	char sha256[65];            /* fingerprint of the DER, lower-case hex */
};

/* The fields of one DER certificate as the audit reports them (every
 * string in m, capped as above): 0, or -1 if it does not parse. The same
 * reader the audit uses for what servers send. */
struct arena;
int tls_cert_from_der(struct arena *m, const uint8_t *der, size_t len,
    struct tls_cert *c) __attribute__((warn_unused_result));

enum tls_ocsp_status {
	TLS_OCSP_NONE = 0,          /* no usable answer for the leaf */
	TLS_OCSP_GOOD,
	TLS_OCSP_REVOKED,
	TLS_OCSP_UNKNOWN,
};
const char *tls_ocsp_status_str(enum tls_ocsp_status s);

struct tls_ocsp {
	int stapled;                /* the server sent a status response */
	size_t len;
	int parsed;                 /* DER parsed as an OCSPResponse */
	int resp_status;            /* OCSPResponseStatus (0 successful), -1 */
	enum tls_ocsp_status cert_status;  /* for the leaf */
	int64_t this_update, next_update;  /* of the leaf's entry; 0 if none */
	int time_ok;                /* this/next update hold now (5 min skew) */
	int sig_ok;                 /* OCSP_basic_verify with the sent chain and
	                               the store */
	const char *error;          /* why parsed/sig_ok/cert_status failed */
};

struct tls_dane {
	int tested;                 /* TLSA records were given */
	size_t usable;              /* records OpenSSL accepted */
	int ok;                     /* a record matched and verification held */
	int depth;                  /* chain depth of the match, -1 none */
	uint8_t usage, selector, mtype;  /* the matching record (ok only) */
	const char *error;          /* X509 verify error text when !ok */
};

struct tls_reneg {
	int tested;                 /* probe asked and TLS <= 1.2 */
	unsigned attempts;          /* renegotiations started */
	unsigned succeeded;         /* completed handshakes */
	struct tls_audit_status end;  /* OK: every try held; else why not */
};

enum tls_early_status {
	TLS_EARLY_NOT_TESTED = 0,   /* probe not asked, or not TLS 1.3 */
	TLS_EARLY_NO_TICKET,        /* no resumable ticket arrived */
	TLS_EARLY_NOT_SENT,         /* the ticket allows no early data */
	TLS_EARLY_ACCEPTED,
	TLS_EARLY_REJECTED,
	TLS_EARLY_FAILED,           /* the resumption handshake failed: hs */
};
const char *tls_early_status_str(enum tls_early_status s);

struct tls_early {
	enum tls_early_status status;
	uint32_t max_early_data;    /* from the ticket */
	int resumed;                /* the second handshake resumed */
	struct tls_audit_status hs; /* the second handshake */
};

struct tls_audit {
	struct net_addr addr;
	uint16_t port;
	const char *sni;
	struct tls_audit_status hs; /* the main handshake */
	const char *prelude_code;   /* hs.code TLS_AUDIT_PRELUDE: the
	                               prelude's code ("no_starttls",
	                               "rate_limited", ...) */
	unsigned conns;             /* TCP connections this audit opened */
	uint32_t elapsed_ms;

	/* Negotiated (hs.code == TLS_AUDIT_OK). */
	uint16_t version;
	const char *version_name;   /* "TLSv1.2" */
	uint16_t suite;
	const char *cipher;         /* OpenSSL name */
	const char *cipher_iana;    /* "TLS_AES_256_GCM_SHA384" */
	const char *group;          /* key exchange group, NULL if unknown */
	int secure_reneg;           /* RFC 5746: 1 / 0; -1 on TLS 1.3 or
	                               without a handshake */
	int ems;                    /* RFC 7627: 1 / 0; -1 likewise */
	const char *compression;    /* method name; NULL: none */

	/* The chain as sent, leaf first. */
	struct tls_cert *chain;
	size_t n_chain;
	size_t n_chain_sent;        /* before TLS_AUDIT_CHAIN_MAX */
	int trusted;                /* PKIX to the store (purpose ssl_server) */
	int verify_err;             /* X509_V_* of the first failure, 0 */
	const char *verify_error;   /* its text ("self-signed certificate") */
	int verify_depth;           /* where it failed, -1 */
	int host_match;             /* leaf vs sni: 1, 0; -1 without sni */
	const char *host_matched;   /* the name that matched */

	struct tls_dane dane;
	struct tls_ocsp ocsp;       /* status was always requested */
	struct tls_reneg reneg;
	struct tls_early early;

	struct arena *mem;          /* private: everything above lives here */
};

struct tls_audit_job;
/* Called exactly once, never before tls_audit_start returns. The callback
 * owns res and frees it with tls_audit_free. */
typedef void (*tls_audit_cb)(void *arg, struct tls_audit *res);

/* Start an audit of addr:port. opts are copied. NULL on ENOMEM or while
 * net_free runs (no callback then). A net_free during the audit ends it
 * with TLS_AUDIT_CANCELLED in hs or in the running probe. */
struct tls_audit_job *tls_audit_start(struct net *n,
    const struct net_addr *addr, uint16_t port,
    const struct tls_audit_opts *opts, tls_audit_cb cb, void *arg)
	__attribute__((warn_unused_result));
/* Stop an audit before its callback; no callback follows. */
void tls_audit_cancel(struct tls_audit_job *j);
void tls_audit_free(struct tls_audit *res);

/* Free the OpenSSL contexts the audits share (at the end of a process,
 * for leak checkers; audits started later make them again). */
void tls_audit_cleanup(void);

#endif
