/*
 * tlsrpt: SMTP TLS Reporting policy records (RFC 8460 §3), published in
 * TXT at _smtp._tls.domain: where sending MTAs report TLS failures.
 *
 * No I/O: the caller hands over the TXT strings joined into one buffer,
 * not NUL-terminated. "v=TLSRPTv1", field names and "rua=" are
 * case-sensitive (%s in the ABNF); URI schemes are not (RFC 3986). Fields
 * are separated by *WSP ";" *WSP with a trailing separator allowed; empty
 * fields (";;") are tolerated and noted; no whitespace around '='.
 * Extension fields are checked for syntax and ignored. rua= or v= twice
 * is an error: the RFC gives no rule to pick one.
 *
 * Caps: TLSRPT_URIS_MAX URIs, TLSRPT_URI_LEN_MAX bytes each. Past a cap
 * the record is refused with a reason.
 */
#ifndef UTD_TLSRPT_H
#define UTD_TLSRPT_H

#include <stddef.h>

#define TLSRPT_URIS_MAX    8
#define TLSRPT_URI_LEN_MAX 512
#define TLSRPT_HOST_MAX    253

enum tlsrpt_scheme {
	TLSRPT_MAILTO = 0,
	TLSRPT_HTTPS,
};

struct tlsrpt_uri {
	enum tlsrpt_scheme scheme;
	char uri[TLSRPT_URI_LEN_MAX + 1];  /* as published */
	char host[TLSRPT_HOST_MAX + 1];    /* mail domain or web host,
	                                      lower-case */
};

/* Things that leave the record valid, in tlsrpt_record.notes. */
#define TLSRPT_NOTE_EXTENSION 0x01u  /* an extension field, ignored */
#define TLSRPT_NOTE_EMPTY     0x02u  /* ";;" */

struct tlsrpt_record {
	size_t n_rua;
	struct tlsrpt_uri rua[TLSRPT_URIS_MAX];
	unsigned notes;
};

/*
 * 1 when the TXT record is a TLSRPT candidate: "v=TLSRPTv1" followed by
 * the end, ';' or whitespace (§3 discards records not beginning with
 * "v=TLSRPTv1;"; the ABNF allows whitespace before the ';').
 */
int tlsrpt_is_tlsrpt1(const char *txt, size_t len);

/*
 * Parse one record: "v=TLSRPTv1" first; rua= required, a comma-separated
 * list (whitespace around commas) of mailto:local@domain and
 * https://host[:port][/path] URIs; extensions name=value. 0, or -1 with a
 * reason in why (cap bytes). out is always filled; nothing to free.
 */
int tlsrpt_parse(const char *txt, size_t len, struct tlsrpt_record *out,
    char *why, size_t cap) __attribute__((warn_unused_result));

#endif
