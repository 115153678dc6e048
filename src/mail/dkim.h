/*
 * dkim: DKIM key records (RFC 6376 §3.6.1, RSA; RFC 8463, Ed25519) as
 * published in TXT at selector._domainkey.domain, and the tag-list syntax
 * of RFC 6376 §3.2 that DMARC records share.
 *
 * No I/O: the caller hands over the TXT strings joined into one buffer,
 * not NUL-terminated. dkim_key_parse checks the syntax and decodes p=
 * with OpenSSL to learn the key's type and size; dkim_key_judge turns that
 * into good / warning / bad / revoked with a reason. Which selectors to
 * look up, and what a missing key means, is the DKIM check's business.
 *
 * Tag names and k=, h=, s=, t= values are case-sensitive, as RFC 6376 §3.2
 * says; n= (notes for humans) is not examined. Whitespace (SP, HTAB, CR, LF) may surround tags, '=' and ';' and
 * sit inside values; an empty tag-spec (";;") is skipped and noted.
 *
 * Caps: DKIM_TAGS_MAX tags per record, DKIM_KEY_BYTES_MAX decoded bytes
 * of p=. Past a cap the record is refused with a reason.
 */
#ifndef UTD_DKIM_H
#define UTD_DKIM_H

#include <stddef.h>

#define DKIM_TAGS_MAX      32    /* tag-specs in one record */
#define DKIM_KEY_BYTES_MAX 4096  /* decoded p= (a 16384-bit RSA SPKI is ~2.1k) */
#define DKIM_SHOW_MAX      32    /* bytes kept of k= and of an unknown tag name */

/* One tag-spec, pointing into the caller's buffer (not NUL-terminated). */
struct dkim_tag {
	const char *name;
	size_t name_len;
	const char *value;     /* surrounding whitespace trimmed; may be empty */
	size_t value_len;
	size_t offset;         /* of the name in the buffer */
};

/* A reader over one tag-list; it points into the caller's buffer. */
struct dkim_tags {
	const char *txt;
	size_t len;
	size_t pos;
	unsigned empty;        /* empty tag-specs skipped so far */
};

/* Start reading the len bytes at txt, which must outlive the reader. */
void dkim_tags_init(struct dkim_tags *it, const char *txt, size_t len);

/*
 * The next tag-spec: tag-name = ALPHA *(ALPHA / DIGIT / "_"), '=', then a
 * value of printable ASCII other than ';' (whitespace allowed inside).
 * 1 with *tag filled, 0 at the end of the list, -1 with a reason in why
 * (cap bytes) on a syntax error. Nothing to free.
 */
int dkim_tags_next(struct dkim_tags *it, struct dkim_tag *tag, char *why,
    size_t cap) __attribute__((warn_unused_result));

enum dkim_keytype {
	DKIM_KEYTYPE_RSA = 0,
	DKIM_KEYTYPE_ED25519,
	DKIM_KEYTYPE_UNKNOWN,  /* k= names a type we do not know */
};

/* Which tags were present, in dkim_key.seen. */
#define DKIM_TAG_V 0x01u
#define DKIM_TAG_H 0x02u
#define DKIM_TAG_K 0x04u
#define DKIM_TAG_N 0x08u
#define DKIM_TAG_P 0x10u
#define DKIM_TAG_S 0x20u
#define DKIM_TAG_T 0x40u

/* h= hash algorithms; DKIM_H_ANY when h= is absent. */
#define DKIM_H_SHA1   0x01u
#define DKIM_H_SHA256 0x02u
#define DKIM_H_OTHER  0x04u   /* unknown names (ignored by verifiers) */
#define DKIM_H_ANY    0x08u
/* s= service types; DKIM_S_ANY ("*") when s= is absent. */
#define DKIM_S_EMAIL  0x01u
#define DKIM_S_ANY    0x02u
#define DKIM_S_OTHER  0x04u
/* t= flags. */
#define DKIM_T_TESTING 0x01u  /* y */
#define DKIM_T_STRICT  0x02u  /* s: i= domain must equal d= */
#define DKIM_T_OTHER   0x04u

/* Things that do not make the record invalid, in dkim_key.notes. */
#define DKIM_NOTE_UNKNOWN_TAG 0x01u  /* ignored, as §3.6.1 says */
#define DKIM_NOTE_EMPTY_TAG   0x02u  /* ";;" */
#define DKIM_NOTE_BARE_RSA    0x04u  /* p= is a PKCS#1 RSAPublicKey, not
                                        the SubjectPublicKeyInfo of §3.6.1 */

struct dkim_key {
	unsigned seen;              /* DKIM_TAG_* */
	enum dkim_keytype type;
	char k[DKIM_SHOW_MAX];      /* k= as published ("rsa" when absent),
	                               cut at DKIM_SHOW_MAX - 1 bytes */
	unsigned hashes;            /* DKIM_H_* */
	unsigned services;          /* DKIM_S_* */
	unsigned flags;             /* DKIM_T_* */
	int revoked;                /* p= present and empty */
	unsigned bits;              /* key size; 0 when revoked or unknown */
	size_t key_bytes;           /* decoded length of p= */
	unsigned notes;             /* DKIM_NOTE_* */
	char unknown[DKIM_SHOW_MAX];/* first unknown tag name, "" if none */
};

/*
 * Parse one key record of len bytes. v=, if present, must be first and be
 * exactly "DKIM1"; p= is required; no tag twice; unknown tags ignored. For
 * k=rsa, p= must decode to an RSA SubjectPublicKeyInfo (a bare PKCS#1
 * RSAPublicKey is accepted and noted); for k=ed25519 to the raw 32-byte
 * key. 0, or -1 with a reason in why (cap bytes). out is always filled;
 * nothing to free.
 */
int dkim_key_parse(const char *txt, size_t len, struct dkim_key *out,
    char *why, size_t cap) __attribute__((warn_unused_result));

enum dkim_verdict {
	DKIM_GOOD = 0,
	DKIM_WARNING,
	DKIM_BAD,
	DKIM_REVOKED,  /* empty p=: deliberately withdrawn, its own case */
};

const char *dkim_verdict_str(enum dkim_verdict v);  /* "good", ... */

/*
 * Judge a parsed key; the reason goes to why (cap bytes). Revoked keys are
 * DKIM_REVOKED. Bad: unknown k=, RSA under 1024 bits (RFC 8301 §3.2), h=
 * without sha256 (RFC 8301 forbids rsa-sha1), s= that excludes email.
 * Warning: RSA under 2048 bits, t=y (verifiers treat the mail as
 * unsigned). Good: RSA of 2048 bits or more, Ed25519.
 */
enum dkim_verdict dkim_key_judge(const struct dkim_key *key, char *why,
    size_t cap);

#endif
