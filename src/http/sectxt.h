/*
 * sectxt: security.txt (RFC 9116) read and judged without I/O. The fetch
 * (HTTPS, /.well-known/security.txt with the /security.txt fallback, the
 * status code) belongs to the check; this takes the body it read.
 *
 * The body is lines ended by LF or CRLF (the last one may lack it): blank
 * lines, comments ("#"), and fields "Name: value" with the name in any
 * case and exactly one SP after the ':' (§4 ABNF; more whitespace before
 * the value is tolerated). Known fields are Acknowledgments, Canonical,
 * Contact, Encryption, Expires, Hiring, Policy, Preferred-Languages and
 * CSAF (the IANA registry's OASIS entry); other fields are allowed and
 * counted. A body in OpenPGP cleartext-signed form (RFC 4880 §7 / RFC
 * 9580 §7) is unwrapped: "-----BEGIN PGP SIGNED MESSAGE-----", "Hash:"
 * armor headers, one blank line, the dash-escaped content, then one
 * "-----BEGIN PGP SIGNATURE-----" ... "-----END PGP SIGNATURE-----" block
 * and nothing but blank lines after it. The signature is never verified:
 * .is_signed means "signed, not verified".
 *
 * Every problem is a finding with a severity, a stable code, the line
 * (1-based, 0 for the whole file) and a sentence. Errors make the file
 * invalid; recommendations do not.
 *
 * Caps: SECTXT_BODY_MAX bytes of body (more is an error, nothing parsed);
 * SECTXT_VALUES_MAX values kept per field (all counted), each at most
 * SECTXT_VALUE_MAX bytes (longer ones cut, .cut set); SECTXT_FINDINGS_MAX
 * findings kept (the rest counted in .n_dropped; line findings stop early
 * so that the file-wide ones always fit). struct sectxt is ~65 KiB: keep
 * it static or on the heap. Nothing to free.
 */
#ifndef UTD_SECTXT_H
#define UTD_SECTXT_H

#include <stddef.h>
#include <time.h>

#define SECTXT_BODY_MAX      (100 * 1024)
#define SECTXT_VALUES_MAX    16
#define SECTXT_VALUE_MAX     512
#define SECTXT_LANGS_MAX     16
#define SECTXT_LANG_MAX      35     /* RFC 5646 §4.4.1 buffer size */
#define SECTXT_FINDINGS_MAX  32
#define SECTXT_LINE_FINDINGS_MAX 20 /* of which about single lines */

enum sectxt_severity {
	SECTXT_ERROR = 0,
	SECTXT_RECOMMENDATION,
};

enum sectxt_code {
	/* errors */
	SECTXT_TOO_LARGE = 0,      /* body over SECTXT_BODY_MAX */
	SECTXT_INVALID_LINE,       /* not a field, comment or blank line */
	SECTXT_INVALID_URI,        /* a URI field's value is no URI */
	SECTXT_NOT_HTTPS,          /* a web URI with http: */
	SECTXT_NO_CONTACT,
	SECTXT_NO_EXPIRES,
	SECTXT_MULTIPLE_EXPIRES,
	SECTXT_INVALID_EXPIRES,    /* not an RFC 3339 date-time */
	SECTXT_EXPIRED,            /* Expires in the past */
	SECTXT_CANONICAL_MISMATCH, /* no Canonical is the URL fetched */
	SECTXT_INVALID_LANG,       /* a Preferred-Languages tag is malformed */
	SECTXT_MULTIPLE_LANG,      /* Preferred-Languages more than once */
	SECTXT_SIGNED_FORMAT,      /* broken cleartext-signed structure */
	/* recommendations */
	SECTXT_LONG_EXPIRY,        /* Expires more than a year ahead */
	SECTXT_NO_ENCRYPTION,
	SECTXT_NOT_SIGNED,
	SECTXT_NO_CANONICAL,
	SECTXT_CODE__COUNT
};

struct sectxt_finding {
	enum sectxt_severity severity;
	enum sectxt_code code_id;
	const char *code;          /* sectxt_code_str(code_id) */
	size_t line;               /* 1-based; 0: the file as a whole */
	char text[192];            /* human sentence */
};

/* The values of one field, in file order. */
struct sectxt_values {
	size_t n;                  /* occurrences, all counted */
	size_t kept;               /* min(n, SECTXT_VALUES_MAX) */
	int cut;                   /* a kept value was cut to VALUE_MAX */
	size_t line[SECTXT_VALUES_MAX];
	char v[SECTXT_VALUES_MAX][SECTXT_VALUE_MAX + 1];
};

struct sectxt {
	int is_signed;             /* cleartext-signed form, NOT verified */
	int has_expires;           /* a valid Expires (the first one) */
	time_t expires;
	size_t expires_line;
	struct sectxt_values contact, encryption, canonical, policy,
	    acknowledgments, hiring, csaf;
	int canonical_match;       /* a Canonical equals expected_url */
	size_t n_langs;            /* tags of the first Preferred-Languages */
	char langs[SECTXT_LANGS_MAX][SECTXT_LANG_MAX + 1];
	size_t n_lines;            /* physical lines */
	size_t n_fields;           /* field lines, known or not */
	size_t n_unknown_fields;
	size_t n_errors;           /* all, kept or not */
	size_t n_recommendations;
	size_t n_findings;         /* kept in findings[] */
	size_t n_dropped;
	struct sectxt_finding findings[SECTXT_FINDINGS_MAX];
};

/*
 * Parse and judge a security.txt body of len bytes (need not be
 * NUL-terminated). expected_url is the URL the file is meant to be found
 * at (e.g. "https://example.nl/.well-known/security.txt"): a Canonical
 * field must equal it (scheme and host in any case, default port and
 * fragment dropped, empty path "/"); NULL (or a URL without "scheme://")
 * skips that test. now is the time Expires is judged against. out is
 * always filled. Returns the number of errors: 0 is a valid file.
 */
size_t sectxt_parse(const char *body, size_t len, const char *expected_url,
    time_t now, struct sectxt *out);

const char *sectxt_code_str(enum sectxt_code c);          /* "no_contact" */
enum sectxt_severity sectxt_code_severity(enum sectxt_code c);
const char *sectxt_severity_str(enum sectxt_severity s);  /* "error" */
const char *sectxt_signature_str(const struct sectxt *t); /* "signed, not
                                                             verified" */

/*
 * RFC 3339 §5.6 date-time ("2021-12-31T18:37:07.000Z", 't' and 'z' in
 * any case, a numeric offset, a leap second) to time_t. 0, or -1 with a
 * reason in why (cap bytes).
 */
int sectxt_parse_datetime(const char *s, size_t n, time_t *out, char *why,
    size_t cap) __attribute__((warn_unused_result));

/* 1 when s[0..n) is a well-formed RFC 5646 Language-Tag (no registry). */
int sectxt_lang_tag_ok(const char *s, size_t n);

/*
 * Content-Type of the response: NULL when it is text/plain with
 * charset=utf-8 (any case, parameters in any order, the charset value
 * maybe quoted), else a stable code: "no_content_type", "not_text_plain",
 * "no_charset" (RFC 9116 §3 wants the charset stated as utf-8),
 * "bad_charset".
 */
const char *sectxt_content_type_problem(const char *content_type);

/* 1 when sectxt_content_type_problem() finds none. */
int sectxt_content_type_ok(const char *content_type);

#endif
