/*
 * dmarc: DMARC policy records (RFC 7489 §6.3-6.4, plus the DMARCbis
 * draft's np, psd and t tags) as published in TXT at _dmarc.domain, and
 * the external-destination authorisation of RFC 7489 §7.1.
 *
 * No I/O: the caller hands over the TXT strings joined into one buffer,
 * not NUL-terminated. The record uses the tag-list syntax of DKIM (read
 * by dkim_tags_next). Whether the record is found at the right name, what
 * a missing p= means there, and how strict the policy is, is the DMARC
 * check's business: this module reports "p missing" as DMARC_POLICY_ABSENT
 * instead of guessing (RFC 7489 §6.6.3 has receivers fall back to p=none
 * when rua holds a valid URI).
 *
 * Case: "DMARC1" is case-sensitive (%x-coded in the ABNF, "MUST match
 * precisely"); tag names and keyword values (p=Reject, adkim=S) are
 * matched without regard to case, as ABNF quoted strings are. Empty
 * tag-specs (";;") are tolerated and noted, as most receivers skip them.
 *
 * Reporting URIs must be mailto: (the only scheme receivers must support,
 * §6.2); each keeps its address and lower-cased host, and the optional
 * size limit ("!10m").
 *
 * Caps: DMARC_TAGS_MAX tags, DMARC_URIS_MAX URIs per rua/ruf,
 * DMARC_URI_LEN_MAX bytes per URI. Past a cap the record is refused with a
 * reason.
 */
#ifndef UTD_DMARC_H
#define UTD_DMARC_H

#include <stddef.h>
#include <stdint.h>

#define DMARC_TAGS_MAX    32
#define DMARC_URIS_MAX    16
#define DMARC_URI_LEN_MAX 320   /* mailto: + a 254-byte address + size */
#define DMARC_HOST_MAX    253
#define DMARC_SHOW_MAX    32    /* bytes kept of an unknown tag name */

enum dmarc_policy {
	DMARC_POLICY_ABSENT = 0,  /* tag not in the record */
	DMARC_POLICY_NONE,
	DMARC_POLICY_QUARANTINE,
	DMARC_POLICY_REJECT,
};

/* psd= and t= (DMARCbis): absent, or the letter given. */
enum dmarc_yn {
	DMARC_YN_ABSENT = 0,
	DMARC_YN_Y,
	DMARC_YN_N,
	DMARC_YN_U,   /* psd=u only */
};

/* Which tags were present, in dmarc_record.seen. */
#define DMARC_TAG_V     0x0001u
#define DMARC_TAG_P     0x0002u
#define DMARC_TAG_SP    0x0004u
#define DMARC_TAG_NP    0x0008u
#define DMARC_TAG_PSD   0x0010u
#define DMARC_TAG_T     0x0020u
#define DMARC_TAG_ADKIM 0x0040u
#define DMARC_TAG_ASPF  0x0080u
#define DMARC_TAG_PCT   0x0100u
#define DMARC_TAG_FO    0x0200u
#define DMARC_TAG_RF    0x0400u
#define DMARC_TAG_RI    0x0800u
#define DMARC_TAG_RUA   0x1000u
#define DMARC_TAG_RUF   0x2000u

/* fo= options. */
#define DMARC_FO_0 0x01u
#define DMARC_FO_1 0x02u
#define DMARC_FO_D 0x04u
#define DMARC_FO_S 0x08u
/* rf= formats. */
#define DMARC_RF_AFRF  0x01u
#define DMARC_RF_IODEF 0x02u   /* pre-RFC drafts; not in the registry */
#define DMARC_RF_OTHER 0x04u   /* unregistered: receivers ignore it */

/* Things that leave the record valid, in dmarc_record.notes. */
#define DMARC_NOTE_UNKNOWN_TAG  0x01u  /* ignored, as §6.3 says */
#define DMARC_NOTE_EMPTY_TAG    0x02u  /* ";;" */
#define DMARC_NOTE_P_NOT_SECOND 0x04u  /* §6.3: "v" and "p" ... in that order;
                                          the ABNF puts p right after v */

struct dmarc_uri {
	char uri[DMARC_URI_LEN_MAX + 1];   /* as published, "mailto:a@b!10m" */
	char addr[DMARC_URI_LEN_MAX + 1];  /* "a@b": no scheme, ?hfields, size */
	char host[DMARC_HOST_MAX + 1];     /* lower-case */
	int has_limit;
	uint64_t limit_bytes;              /* "!10m" = 10 * 2^20 (k, m, g, t
	                                      taken as 2^10 ... 2^40); at
	                                      most UINT64_MAX */
};

struct dmarc_record {
	unsigned seen;                /* DMARC_TAG_* */
	enum dmarc_policy p, sp, np;  /* ABSENT when not given: sp falls back
	                                 to p, np to sp (the check applies it) */
	enum dmarc_yn psd, t;
	char adkim, aspf;             /* 'r' or 's' (default 'r') */
	unsigned pct;                 /* 0-100, default 100 */
	unsigned fo;                  /* DMARC_FO_*, default DMARC_FO_0 */
	unsigned rf;                  /* DMARC_RF_*, default DMARC_RF_AFRF */
	uint32_t ri;                  /* seconds, default 86400 */
	size_t n_rua, n_ruf;
	struct dmarc_uri rua[DMARC_URIS_MAX];
	struct dmarc_uri ruf[DMARC_URIS_MAX];
	unsigned notes;               /* DMARC_NOTE_* */
	char unknown[DMARC_SHOW_MAX]; /* first unknown tag name, cut; "" if
	                                 none */
};

/*
 * 1 when the record is a DMARC candidate: "v", optional whitespace, '=',
 * optional whitespace, exactly "DMARC1", then the end, whitespace or ';'.
 * Receivers discard other TXT records at _dmarc (RFC 7489 §6.6.3), so
 * "v=dmarc1" is not a candidate; dmarc_parse explains why.
 */
int dmarc_is_dmarc1(const char *txt, size_t len);

/*
 * Parse one policy record of len bytes: v=DMARC1 first, no tag twice,
 * unknown tags ignored (noted), known tags checked against their syntax;
 * a missing p= is not an error (p is DMARC_POLICY_ABSENT). 0, or -1 with
 * a reason in why (cap bytes). out is always filled; nothing to free.
 */
int dmarc_parse(const char *txt, size_t len, struct dmarc_record *out,
    char *why, size_t cap) __attribute__((warn_unused_result));

/* "none", "quarantine", "reject", or "absent". */
const char *dmarc_policy_str(enum dmarc_policy p);

/*
 * The name whose TXT record authorises rua_host to receive reports for
 * domain (RFC 7489 §7.1): "domain._report._dmarc.rua_host", lower-case,
 * trailing dots dropped, into out (cap bytes). 0, or -1 when an input is
 * empty or the name would exceed 253 bytes or cap.
 */
int dmarc_report_auth_name(const char *domain, const char *rua_host,
    char *out, size_t cap) __attribute__((warn_unused_result));

/*
 * 1 when rua_host lies outside domain's Organizational Domain, so that
 * reports there need the §7.1 authorisation; 0 when inside; -1 when a
 * name is bad or no Public Suffix List is available (see orgdom.h).
 */
int dmarc_is_external(const char *domain, const char *rua_host)
	__attribute__((warn_unused_result));

/*
 * 1 when a TXT record at the §7.1 authorisation name grants it: it begins
 * with v=DMARC1 as dmarc_is_dmarc1 reads it.
 */
int dmarc_is_auth_record(const char *txt, size_t len);

#endif
