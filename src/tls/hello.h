/*
 * hello: hand-built ClientHellos and a strict parser of what servers answer,
 * as pure functions over buffers. This is how uptodate sees what Debian's
 * OpenSSL 3 can no longer speak (SSL 2.0/3.0, RC4, 3DES, DES, export and
 * anonymous suites, TLS compression): a ServerHello choosing it is proof.
 * No keys are ever computed; a probe stops after the server's first flight.
 *
 * Versions are wire numbers: TLS_SSL2 (0x0200, an SSLv2 CLIENT-HELLO),
 * 0x0300 SSL 3.0, 0x0301 TLS 1.0, 0x0302 TLS 1.1, 0x0303 TLS 1.2,
 * 0x0304 TLS 1.3 (offered through supported_versions).
 */
#ifndef UTD_TLS_HELLO_H
#define UTD_TLS_HELLO_H

#include <stddef.h>
#include <stdint.h>

#define TLS_SSL2   0x0200
#define TLS_SSL3   0x0300
#define TLS_V1_0   0x0301
#define TLS_V1_1   0x0302
#define TLS_V1_2   0x0303
#define TLS_V1_3   0x0304

#define TLS_HELLO_MAX        16384   /* one record's worth: every hello fits */
#define TLS_MAX_SUITES       512
#define TLS_MAX_GROUPS       64
#define TLS_MAX_SIGALGS      64

struct tls_hello_opts {
	uint16_t version;          /* highest offered; TLS_V1_3 adds supported_versions */
	uint16_t min_version;      /* TLS 1.3 hellos: lowest in supported_versions */
	const uint16_t *suites;    /* cipher suites (SSL2: 3-byte specs as uint32 in ssl2_specs) */
	size_t n_suites;
	const uint32_t *ssl2_specs;
	size_t n_ssl2_specs;
	const uint16_t *groups;    /* supported_groups; TLS 1.3 key_share for the first */
	size_t n_groups;
	const uint16_t *sigalgs;   /* signature_algorithms (TLS 1.2+) */
	size_t n_sigalgs;
	const char *sni;           /* server_name, or NULL */
	const char *alpn;          /* "h2,http/1.1", or NULL */
	int no_extensions;         /* none at all (SSL 3.0 style) */
	int reneg_info;            /* empty renegotiation_info extension */
	int ems;                   /* extended_master_secret */
	int status_request;        /* OCSP stapling request */
	int ec_point_formats;      /* uncompressed point format list */
	int deflate;               /* offer DEFLATE compression besides null */
	uint8_t random[32];        /* caller's randomness (also key_share bytes seed) */
};

/* Build the hello as it goes on the wire (record header included) into
 * buf; returns its length, or -1 if it does not fit or opts are invalid. */
int tls_hello_build(uint8_t *buf, size_t cap, const struct tls_hello_opts *o);

enum tls_reply_kind {
	TLS_REPLY_NEED_MORE = 0,   /* a complete answer has not arrived yet */
	TLS_REPLY_HELLO,           /* ServerHello (and what followed it) */
	TLS_REPLY_HRR,             /* HelloRetryRequest */
	TLS_REPLY_ALERT,           /* the server refused with an alert */
	TLS_REPLY_SSL2,            /* SSLv2 SERVER-HELLO */
	TLS_REPLY_GARBAGE,         /* not TLS (e.g. HTTP), or malformed */
};

struct tls_reply {
	enum tls_reply_kind kind;
	const char *why;           /* GARBAGE: static reason; also names an
	                              SSLv2 ERROR (kind ALERT, version TLS_SSL2) */
	uint8_t alert_level, alert_desc;
	uint16_t record_version;
	uint16_t version;          /* negotiated, supported_versions honoured */
	uint16_t suite;
	uint8_t compression;       /* 0 null, 1 deflate */
	uint16_t group;            /* TLS 1.3 key_share / HRR group; <=1.2 from
	                              ServerKeyExchange (ECDHE named curve, or
	                              0xff01/0xff02 for explicit curves) */
	uint16_t dhe_bits;         /* <=1.2 DHE: prime size in bits */
	int dhe_group;             /* <=1.2 DHE: RFC 7919 ffdhe id (0x0100..0x0104)
	                              when the prime is one of them and g = 2,
	                              else 0 */
	uint16_t ske_sigalg;       /* <=1.2 ServerKeyExchange signature scheme
	                              (TLS 1.2: hash<<8|sig), 0 if none */
	int has_reneg_info, has_ems, has_status_request, has_session_ticket;
	char alpn[32];             /* selected ALPN protocol, or "" (<=1.2 only:
	                              TLS 1.3 sends it encrypted); truncated,
	                              unprintable bytes as '?' */
	int saw_certificate;       /* <=1.2: Certificate message seen */
	int saw_done;              /* <=1.2: ServerHelloDone seen */
	uint32_t ssl2_specs[64];   /* SSL2: cipher specs the server listed */
	size_t n_ssl2_specs;
	int saw_server_hello;      /* a whole ServerHello was parsed (also set
	                              when an alert follows it: kind ALERT) */
	uint16_t downgrade_from;   /* TLS_V1_3 / TLS_V1_2 when the server random
	                              ends in the RFC 8446 4.1.3 sentinel, else 0 */
};

/* Parse what a server sent so far in answer to our hello. For TLS <= 1.2
 * it reads on through Certificate and ServerKeyExchange up to
 * ServerHelloDone (handshake messages may span records); it returns
 * TLS_REPLY_NEED_MORE until that flight is complete or an alert/HRR/
 * TLS 1.3 ServerHello settles it. Never reads past len. */
enum tls_reply_kind tls_reply_parse(const uint8_t *buf, size_t len,
    struct tls_reply *out);

/* Names, for reports: "TLS 1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
 * "x25519". Unknown values give a hex form in a small thread-local ring of
 * static buffers (a few may be live at once, e.g. in one printf). */
const char *tls_version_name(uint16_t v);
const char *tls_suite_name(uint16_t suite);
const char *tls_group_name(uint16_t group);
const char *tls_sigalg_name(uint16_t sigalg);
const char *tls_ssl2_spec_name(uint32_t spec);

/*
 * The cipher suite registry: IANA TLS Cipher Suites (SSL 3.0 through
 * TLS 1.3, with the legacy export, RC4, DES, 3DES, IDEA, SEED, anon, NULL,
 * KRB5, PSK, SRP, CAMELLIA, ARIA, CCM, CHACHA20 and SM4 ranges) plus a few
 * widely deployed unregistered ones (EXPORT1024, pre-standard ChaCha20,
 * Netscape FIPS). Classification code works from kx/auth/cipher/mac.
 */
enum tls_kx {
	TLS_KX_UNKNOWN = 0,
	TLS_KX_NULL,               /* TLS_NULL_WITH_NULL_NULL */
	TLS_KX_RSA,                /* RSA key transport */
	TLS_KX_RSA_EXPORT,         /* RSA_EXPORT(1024): temporary RSA key */
	TLS_KX_DHE,
	TLS_KX_DH,                 /* static DH from the certificate */
	TLS_KX_ECDHE,
	TLS_KX_ECDH,               /* static ECDH from the certificate */
	TLS_KX_DH_ANON,
	TLS_KX_ECDH_ANON,
	TLS_KX_PSK,
	TLS_KX_DHE_PSK,
	TLS_KX_ECDHE_PSK,
	TLS_KX_RSA_PSK,
	TLS_KX_SRP,
	TLS_KX_KRB5,
	TLS_KX_TLS13,              /* negotiated separately (key_share) */
	TLS_KX_SCSV,               /* signalling value, not a suite */
};

enum tls_auth {
	TLS_AUTH_NONE = 0,         /* anonymous or NULL */
	TLS_AUTH_RSA,
	TLS_AUTH_DSS,
	TLS_AUTH_ECDSA,
	TLS_AUTH_PSK,
	TLS_AUTH_SRP,
	TLS_AUTH_KRB5,
	TLS_AUTH_ANY,              /* TLS 1.3: chosen by signature_algorithms */
};

enum tls_cipher {
	TLS_CIPHER_NULL = 0,
	TLS_CIPHER_RC4_40, TLS_CIPHER_RC4_56, TLS_CIPHER_RC4_128,
	TLS_CIPHER_RC2_40, TLS_CIPHER_RC2_56,
	TLS_CIPHER_DES40, TLS_CIPHER_DES, TLS_CIPHER_3DES,
	TLS_CIPHER_IDEA, TLS_CIPHER_SEED,
	TLS_CIPHER_AES_128_CBC, TLS_CIPHER_AES_256_CBC,
	TLS_CIPHER_AES_128_GCM, TLS_CIPHER_AES_256_GCM,
	TLS_CIPHER_AES_128_CCM, TLS_CIPHER_AES_256_CCM,
	TLS_CIPHER_AES_128_CCM_8, TLS_CIPHER_AES_256_CCM_8,
	TLS_CIPHER_CAMELLIA_128_CBC, TLS_CIPHER_CAMELLIA_256_CBC,
	TLS_CIPHER_CAMELLIA_128_GCM, TLS_CIPHER_CAMELLIA_256_GCM,
	TLS_CIPHER_ARIA_128_CBC, TLS_CIPHER_ARIA_256_CBC,
	TLS_CIPHER_ARIA_128_GCM, TLS_CIPHER_ARIA_256_GCM,
	TLS_CIPHER_CHACHA20_POLY1305,
	TLS_CIPHER_SM4_GCM, TLS_CIPHER_SM4_CCM,
};

/* The hash in the suite's name: the HMAC of CBC and stream suites, the
 * PRF/HKDF hash of AEAD ones; NONE when the name carries none (the CCM
 * suites of RFC 6655/7251 use SHA-256 for their PRF). */
enum tls_mac {
	TLS_MAC_NONE = 0,
	TLS_MAC_MD5,
	TLS_MAC_SHA1,
	TLS_MAC_SHA256,
	TLS_MAC_SHA384,
	TLS_MAC_SM3,
};

struct tls_suite_info {
	uint16_t id;
	const char *name;          /* IANA name ("TLS_RSA_WITH_RC4_128_SHA") */
	enum tls_kx kx;
	enum tls_auth auth;
	enum tls_cipher cipher;
	enum tls_mac mac;
	int is_export;             /* EXPORT / EXPORT1024 suites */
};

/* The entry for a suite, or NULL when it is not in the table. */
const struct tls_suite_info *tls_suite_info(uint16_t suite);
/* The whole table, sorted by id; *n gets its length. */
const struct tls_suite_info *tls_suite_table(size_t *n);
const char *tls_kx_name(enum tls_kx kx);

#endif
