/*
 * scan: what one TLS endpoint (address, port, SNI name) accepts, found
 * with hand-built ClientHellos (tls/hello) over plain TCP conns (net/conn)
 * on the seam's loop. A probe is one connection: send a hello, read until
 * the server's first flight settles it (ServerHello, HelloRetryRequest or
 * alert), or until EOF, reset or the deadline. A close or reset right after
 * the hello counts as a refusal, like an alert.
 *
 * Connections are the cost, so every probe answers several questions:
 *  - Versions: SSL 2.0 (SSLv2 CLIENT-HELLO, the SERVER-HELLO lists the
 *    server's specs), SSL 3.0, TLS 1.0-1.2 (legacy version only) and
 *    TLS 1.3 (supported_versions 0x0304 only). The <= 1.2 versions are
 *    probed from the top down: an answer at a lower version settles both,
 *    and a protocol_version alert from a server that speaks a higher
 *    version settles every version below (its minimum is above them).
 *  - Suites, by elimination: offer what is left, note the choice, drop it,
 *    until the server refuses. Until the order policy is known, the
 *    already accepted suite the server chose first rides at the end of the
 *    offer: a server that follows the client picks a new suite before it
 *    (proof of client order, and later the pick of that sentinel proves
 *    nothing is left, without a refusal); a server that enforces its own
 *    order picks the sentinel again, and the next offer without it shows
 *    a new suite (proof of server order). With server order the order of
 *    discovery is the server's preference.
 *  - Groups in the same probes. TLS 1.3: from the second probe on the
 *    groups are primary (what is left, key_share for the first, else the
 *    server's HelloRetryRequest names its choice: a sentinel would be that
 *    choice every time) and the suites ride with their sentinel.
 *    X25519MLKEM768 and the other hybrids are offered (a HelloRetryRequest
 *    naming one is proof, no ML-KEM share needed). FFDHE groups are
 *    offered weakest first and enumerated down to the weakest accepted:
 *    once one is found the stronger ones are dropped, since they cannot
 *    change the verdict and would cost a connection each (a server
 *    preferring ffdhe3072 that also takes ffdhe2048 shows both). TLS <= 1.2 (on the highest
 *    such version): the ServerKeyExchange curve, riding on the suite
 *    probes, then with ECDHE-only suite lists. Accepted curves are never
 *    left out of an offer, since a server needs its ECDSA certificate's
 *    curve in supported_groups; so with server order a curve it ranks
 *    below its certificate's curve is not found, and no client could
 *    negotiate it either.
 *  - Compression (DEFLATE offered in every <= 1.2 hello), secure
 *    renegotiation and extended master secret (offered in every hello with
 *    extensions), ALPN (h2,http/1.1: visible in a <= 1.2 ServerHello only;
 *    TLS 1.3 encrypts it) and the DHE prime come with every answer.
 *  - Key-exchange signature hash on TLS 1.2: one probe offering only the
 *    SHA-1 and SHA-224 schemes with the (EC)DHE suites. A refusal means
 *    neither is accepted; an answer signed with one of them shows that one,
 *    and a second probe asks for the other alone. With client order these
 *    probes carry the elimination's signed suites too (all need the same
 *    signature, so the choice among them is unchanged).
 *
 * A typical modern endpoint (TLS 1.2 and 1.3 with OpenSSL's defaults and
 * an EC key: 9 + 3 suites, five curves, FFDHE on 1.3) costs 18 connections
 * (tests/unit/test_tls_scan.c): four version probes (TLS 1.1's
 * protocol_version alert settles 1.0 and SSL 3.0), one per further suite
 * or group, one to end each elimination, one or two for the key-exchange
 * hash. Versions run in
 * parallel, each version's elimination in sequence; net/conn caps the
 * conns open at once per address. The first probe runs alone: if it
 * cannot connect, times out or the answer is not TLS, the scan ends there
 * with that reason.
 */
#ifndef UTD_TLS_SCAN_H
#define UTD_TLS_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "net/conn.h"
#include "net/net.h"

#define TLS_SCAN_NVERSIONS   6     /* SSL 2.0, SSL 3.0, TLS 1.0 ... 1.3 */
#define TLS_SCAN_MAX_SUITES  128   /* accepted suites kept per version */
#define TLS_SCAN_MAX_GROUPS  48    /* accepted groups kept per list */
#define TLS_SCAN_MAX_SSL2    16    /* SSL 2.0 cipher specs kept */
#define TLS_SCAN_MAX_DHE     4     /* distinct DHE primes kept */

#define TLS_SCAN_TIMEOUT_MS  5000  /* default per-probe deadline */
#define TLS_SCAN_MAX_CONNS   128   /* default connection budget */

/* Why something could not be found; 0 is success. Stable reason codes. */
enum tls_scan_status {
	TLS_SCAN_OK = 0,
	TLS_SCAN_TIMEOUT,       /* no connect or answer before the deadline */
	TLS_SCAN_REFUSED,       /* TCP connection refused */
	TLS_SCAN_UNREACHABLE,   /* no route, host or network unreachable */
	TLS_SCAN_NET_ERROR,     /* other socket error (why has errno text) */
	TLS_SCAN_NOT_TLS,       /* the answer is not TLS (why says how) */
	TLS_SCAN_TRUNCATED,     /* closed in the middle of the first flight */
	TLS_SCAN_INCONSISTENT,  /* the server contradicted an earlier answer */
	TLS_SCAN_BUDGET,        /* the connection budget ran out first */
	TLS_SCAN_NOMEM,
	TLS_SCAN_CANCELLED,     /* net_free ran during the scan */
	TLS_SCAN_PRELUDE,       /* the STARTTLS prelude failed (why says how) */
};
/* "ok", "timeout", "refused", "unreachable", "net_error", "not_tls", ... */
const char *tls_scan_status_code(enum tls_scan_status st);

/* A fact the scan may or may not have established. */
enum tls_tri {
	TLS_TRI_UNKNOWN = 0,
	TLS_TRI_NO,
	TLS_TRI_YES,
};
const char *tls_tri_str(enum tls_tri t);   /* "unknown", "no", "yes" */

/* Whose preference decides the suite (or group). */
enum tls_order {
	TLS_ORDER_UNKNOWN = 0,
	TLS_ORDER_NA,           /* fewer than two accepted: nothing to order */
	TLS_ORDER_CLIENT,
	TLS_ORDER_SERVER,
};
/* "unknown", "na", "client", "server" */
const char *tls_order_str(enum tls_order o);

/* Bits for tls_scan_opts.versions. */
#define TLS_SCAN_V_SSL2   (1u << 0)
#define TLS_SCAN_V_SSL3   (1u << 1)
#define TLS_SCAN_V_TLS10  (1u << 2)
#define TLS_SCAN_V_TLS11  (1u << 3)
#define TLS_SCAN_V_TLS12  (1u << 4)
#define TLS_SCAN_V_TLS13  (1u << 5)
#define TLS_SCAN_V_ALL    0x3fu

struct tls_scan_opts {
	uint32_t timeout_ms;    /* connect, then each wait for input (0:
	                           TLS_SCAN_TIMEOUT_MS) */
	unsigned versions;      /* TLS_SCAN_V_* to try; 0: all */
	unsigned max_conns;     /* connection budget (0: TLS_SCAN_MAX_CONNS) */
	/* Optional: one line per probe sent and per answer, for debugging. */
	void (*trace)(void *arg, const char *line);
	void *trace_arg;
	/* Optional: a plaintext prelude on every probe's conn (STARTTLS). */
	const struct net_prelude_ops *prelude;
	const void *prelude_arg;
};

struct tls_scan_version {
	uint16_t version;       /* TLS_SSL2 ... TLS_V1_3 (wire numbers) */
	enum tls_tri accepted;  /* NO: alert, close or an answer at a
	                           lower version; UNKNOWN: not tried, or
	                           err says why */
	enum tls_scan_status err;   /* why accepted is unknown or the suites
	                               incomplete */
	char why[96];               /* detail: "TLS alert 70", "server chose
	                               TLS 1.1", a socket error ... */
	/* Accepted suites: the server's preference when order is SERVER, else
	 * the order they were found in. complete: the elimination ran out. */
	uint16_t suites[TLS_SCAN_MAX_SUITES];
	size_t n_suites;
	int complete;
	enum tls_order order;
	uint32_t ssl2_specs[TLS_SCAN_MAX_SSL2];   /* SSL 2.0: the server's */
	size_t n_ssl2_specs;
	enum tls_tri secure_reneg, ems, compression;  /* seen at this version */
	unsigned connections;   /* probes spent at this version */
};

struct tls_scan_groups {
	uint16_t version;       /* the version they were found on; 0: none */
	uint16_t ids[TLS_SCAN_MAX_GROUPS];   /* order as for suites */
	size_t n;
	int complete;
	enum tls_order order;   /* TLS 1.3 groups: always UNKNOWN (key_share
	                           decides as much as preference) */
	enum tls_scan_status err;
};

struct tls_scan_dhe {
	uint16_t bits;          /* prime size */
	int group;              /* RFC 7919 id (0x0100..0x0104), 0: custom */
	uint16_t suite;         /* a suite it came with */
};

struct tls_scan {
	enum tls_scan_status status;  /* OK once any probe got a TLS answer
	                                 (hello or alert) or a clean refusal */
	char why[128];
	struct net_addr addr;
	uint16_t port;
	/* v[0] SSL 2.0, v[1] SSL 3.0 ... v[5] TLS 1.3 */
	struct tls_scan_version v[TLS_SCAN_NVERSIONS];
	struct tls_scan_groups groups13;   /* TLS 1.3 key exchange groups */
	struct tls_scan_groups groups12;   /* <= 1.2 ECDHE curves */
	struct tls_scan_dhe dhe[TLS_SCAN_MAX_DHE];   /* <= 1.2 DHE primes */
	size_t n_dhe;
	/* TLS 1.2 ServerKeyExchange signed with SHA-1 / SHA-224 when only
	 * those are offered. UNKNOWN: TLS 1.2 not accepted (kex_err OK), or
	 * the probe failed (kex_err says why). */
	enum tls_tri kex_sha1, kex_sha224;
	enum tls_scan_status kex_err;
	enum tls_tri compression;     /* any <= 1.2 version chose DEFLATE */
	enum tls_tri secure_reneg;    /* at the highest <= 1.2 version */
	enum tls_tri ems;             /* at the highest <= 1.2 version */
	char alpn[32];                /* ALPN in a <= 1.2 ServerHello, or "" */
	enum tls_tri alpn_h2;         /* UNKNOWN when only TLS 1.3 answered */
	unsigned connections;         /* conns this scan opened */
	uint32_t elapsed_ms;
};

/* The entry of one version (TLS_SSL2 ... TLS_V1_3), or NULL. */
const struct tls_scan_version *tls_scan_get(const struct tls_scan *s,
    uint16_t version);

struct tls_scan_job;
typedef void (*tls_scan_cb)(void *arg, const struct tls_scan *s);

/*
 * Scan addr:port, with sni as server_name (NULL: none) and o (NULL:
 * defaults). done runs exactly once, from the loop, never inside this
 * call; the result and the job are freed when it returns. NULL on ENOMEM
 * or bad arguments (no callback then). If net_free runs first, done gets
 * status TLS_SCAN_CANCELLED from inside it.
 */
struct tls_scan_job *tls_scan_start(struct net *n, const struct net_addr *addr,
    uint16_t port, const char *sni, const struct tls_scan_opts *o,
    tls_scan_cb done, void *arg)
	__attribute__((warn_unused_result));
/* Stop a scan: its conns close and done never runs. Not from inside done. */
void tls_scan_cancel(struct tls_scan_job *j);

#endif
