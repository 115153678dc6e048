/*
 * http: HTTP(S) fetches for the website checks, on net_curl.
 *
 * Every fetch goes to exactly one address, the one under test: the URL's
 * name is pinned with CURLOPT_RESOLVE (in a DNS cache private to the
 * fetch) and net_curl refuses connections anywhere else, so no system DNS
 * answer can redirect a request. Connections are never reused, proxies from
 * the environment are ignored, and redirects are never followed by libcurl:
 * http_follow walks them one hop at a time so that every hop is seen.
 *
 * Certificates are judged elsewhere (tls/): fetches normally run with
 * verification off and only record libcurl's verify result.
 *
 * A fetch ends in exactly one callback, which may run before http_fetch
 * returns (a bad URL, or net_curl_free under way). The result belongs to
 * the callback: free it with http_result_free, then or later.
 *
 * Everything that remote input grows has a named cap below: header count,
 * header sizes, total header bytes, body bytes (per request).
 *
 * The pure helpers at the end (header lookup, the HSTS parser, the HTML
 * distance) take bytes only and are fuzzed by fuzz/fuzz_http_headers.c.
 */
#ifndef UTD_HTTP_H
#define UTD_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "net/net.h"

struct net_curl;

#define HTTP_HEADERS_MAX        100           /* headers kept per response */
#define HTTP_HEADER_NAME_MAX    128           /* bytes of a name kept */
#define HTTP_HEADER_VALUE_MAX   8192          /* bytes of a value kept */
#define HTTP_HEADER_BYTES_MAX   (256 * 1024)  /* header bytes before abort */
#define HTTP_BODY_MAX_DEFAULT   (1024 * 1024) /* body bytes kept */
#define HTTP_TIMEOUT_DEFAULT_MS 10000
#define HTTP_FOLLOW_HOPS_DEFAULT 10
#define HTTP_USER_AGENT         "Mozilla/5.0 (compatible; uptodate)"

/* How a fetch ended; 0 is a complete response. Stable reason codes.
 * (HTTP_FETCH_ because libevent's event2/http.h owns HTTP_OK and co.) */
enum http_outcome {
	HTTP_FETCH_OK = 0,
	HTTP_FETCH_TIMEOUT,        /* no full response before the deadline */
	HTTP_FETCH_REFUSED,        /* TCP RST on connect */
	HTTP_FETCH_UNREACHABLE,    /* no route / host or network unreachable */
	HTTP_FETCH_CONNECT_FAILED, /* other connect error, see os_errno */
	HTTP_FETCH_TLS,            /* TLS handshake failed (text in detail) */
	HTTP_FETCH_TLS_VERIFY,     /* certificate rejected (verify on only) */
	HTTP_FETCH_IO,             /* send/receive failed after connecting */
	HTTP_FETCH_EMPTY,          /* closed without sending a response */
	HTTP_FETCH_BADREPLY,       /* not valid HTTP, or headers over the cap */
	HTTP_FETCH_BADURL,         /* not http(s), or not usable with the pin */
	HTTP_FETCH_PIN,            /* tried to connect to another address */
	HTTP_FETCH_NOMEM,
	HTTP_FETCH_CANCELLED,      /* net_curl_free ended it */
	HTTP_FETCH_ERROR,          /* anything else: see curl_code and detail */
};

/* Stable lower-case code ("timeout", "tls_error", ...). */
const char *http_outcome_code(enum http_outcome o);

struct http_req {
	const char *url;             /* http:// or https:// absolute URL */
	struct net_addr addr;        /* the pin: the URL's name goes here */
	const char *ca_file;         /* CURLOPT_CAINFO; NULL: system store */
	int verify;                  /* 1: verify peer and name (a bad
	                                cert: HTTP_FETCH_TLS_VERIFY) */
	int http2;                   /* 1: offer h2 by ALPN on https */
	uint32_t timeout_ms;         /* whole fetch; 0: default */
	size_t max_body;             /* body bytes kept; 0: default */
	const char *user_agent;      /* NULL: HTTP_USER_AGENT */
	const char *const *headers;  /* extra "Name: value" request lines,
	                                NULL-terminated; NULL for none. The
	                                body is never decoded, so an
	                                Accept-Encoding sent here yields raw
	                                (compressed) bytes. */
};

struct http_header {
	char *name;                  /* lower-cased */
	char *value;                 /* optional whitespace trimmed; CR, LF
	                                and NUL replaced by SP */
};

struct http_result {
	enum http_outcome outcome;
	int curl_code;               /* CURLcode */
	int os_errno;                /* last connect/socket errno, else 0 */
	char detail[256];            /* human reason ("" when OK) */
	char *url;                   /* the URL fetched */

	long status;                 /* HTTP status; 0 when none arrived */
	int http_version;            /* 10, 11, 20, 30; 0 when none */
	struct http_header *headers; /* final response's headers, in order */
	size_t n_headers;
	int headers_truncated;       /* count or size caps hit */
	unsigned headers_malformed;  /* lines without a valid name, skipped */
	const char *location;        /* first Location value, or NULL */
	char *location_url;          /* Location made absolute by libcurl */

	uint8_t *body;               /* raw body, NUL-terminated, never NULL
	                                once delivered */
	size_t body_len;
	int body_truncated;          /* more than max_body was sent */

	uint32_t elapsed_ms;
	char primary_ip[46];         /* address actually used ("" if none) */
	long primary_port;
	int pin_ok;                  /* primary_ip is the pinned address */
	long tls_verify_result;      /* CURLINFO_SSL_VERIFYRESULT (an OpenSSL
	                                X509_V_* code); informative only */
	int tls_resumed;             /* the TLS session was resumed */
};

/* Free a result and everything in it. NULL is a no-op. */
void http_result_free(struct http_result *r);

typedef void (*http_fetch_cb)(void *arg, struct http_result *r);

/*
 * GET req->url on req->addr. The request (and its strings) is copied: it
 * need not outlive the call. Exactly one callback; it owns the result
 * (http_result_free). Returns 0 when started (or already completed by
 * the callback), -1 on ENOMEM (no callback then).
 */
int http_fetch(struct net_curl *nc, const struct http_req *req,
    http_fetch_cb cb, void *arg)
	__attribute__((warn_unused_result));

/* --- redirects, one hop at a time ----------------------------------------- */

enum http_follow_end {
	HTTP_FOLLOW_FINAL,         /* last hop answered without a redirect */
	HTTP_FOLLOW_FAILED,        /* last hop's fetch failed (its outcome) */
	HTTP_FOLLOW_OTHER_HOST,    /* next hop is on another name: listed as
	                              the last hop, not fetched */
	HTTP_FOLLOW_BAD_LOCATION,  /* Location not an http(s) URL: listed,
	                              not fetched */
	HTTP_FOLLOW_TOO_MANY,      /* max_hops redirects followed; the next
	                              one is listed, not fetched */
	HTTP_FOLLOW_NOMEM,
};

const char *http_follow_end_code(enum http_follow_end e);

struct http_hop {
	char *url;                   /* absolute (raw Location if unusable) */
	char *scheme;                /* "http", "https", other; NULL if none */
	char *host;                  /* lower case, no final dot; or NULL */
	uint16_t port;               /* explicit or the scheme's default */
	int fetched;
	long status;                 /* 0 when not fetched or no response */
	const char *location;        /* raw Location (in result) or NULL */
	struct http_result *result;  /* NULL when not fetched */
};

struct http_follow_result {
	enum http_follow_end end;
	struct http_hop *hops;       /* hops[0] is the request's URL */
	size_t n_hops;
};

void http_follow_result_free(struct http_follow_result *fr);

typedef void (*http_follow_cb)(void *arg, struct http_follow_result *fr);

/*
 * Fetch req->url and follow redirects (301, 302, 303, 307, 308 with a
 * Location) by hand, at most max_hops of them (0: default 10). Every hop
 * is fetched with req's options and pinned to req->addr; a hop to another
 * name (compared case-insensitively, trailing dot ignored) would need DNS,
 * so it ends the walk unfetched (HTTP_FOLLOW_OTHER_HOST). Exactly one
 * callback, owning the result. Returns 0 when started, -1 on ENOMEM (no
 * callback then).
 */
int http_follow(struct net_curl *nc, const struct http_req *req,
    unsigned max_hops, http_follow_cb cb, void *arg)
	__attribute__((warn_unused_result));

/* --- pure helpers --------------------------------------------------------- */

/* First value of header `name` (any case) in r, or NULL. */
const char *http_header_get(const struct http_result *r, const char *name);

/*
 * Add one raw response header line (as received, CRLF optional) to r:
 * a status line ("HTTP/...") starts a new header set (so 1xx responses and
 * trailers do not mix), a leading SP/HT continues the previous value,
 * "name: value" is kept up to the caps. What a fetch uses; exported for
 * tests and the fuzzer. Returns 0, or -1 on ENOMEM.
 */
int http_result_add_header_line(struct http_result *r, const char *line,
    size_t len)
	__attribute__((warn_unused_result));

/* Strict-Transport-Security, RFC 6797 section 6.1. */
#define HTTP_HSTS_E_SYNTAX     0x01u   /* not directive *( ";" directive ) */
#define HTTP_HSTS_E_DUPLICATE  0x02u   /* a directive appears twice */
#define HTTP_HSTS_E_NO_MAXAGE  0x04u   /* max-age missing */
#define HTTP_HSTS_E_BAD_MAXAGE 0x08u   /* max-age value not 1*DIGIT */
#define HTTP_HSTS_ERRORS       0xffu   /* any of these: the UA ignores it */
#define HTTP_HSTS_W_UNKNOWN    0x100u  /* unknown directive (ignored) */
#define HTTP_HSTS_W_VALUE      0x200u  /* value on includeSubDomains or
                                          preload (ignored) */
#define HTTP_HSTS_W_OVERFLOW   0x400u  /* max-age beyond INT64_MAX, clamped */

struct http_hsts {
	int64_t max_age;             /* seconds; -1 when missing or invalid */
	int include_subdomains;
	int preload;
	unsigned flags;              /* HTTP_HSTS_E_* | HTTP_HSTS_W_* */
	char detail[96];             /* the first problem, human; "" if none */
};

/*
 * Parse one header value (NUL-terminated). Directive names are
 * case-insensitive, values may be tokens or quoted strings, empty
 * directives (";;") are allowed, and every directive may appear once.
 * out is always filled. Returns 0 when the header is valid (no
 * HTTP_HSTS_E_* flag), -1 when a UA must ignore it.
 */
int http_parse_hsts(const char *value, struct http_hsts *out);

#define HTTP_HTML_CMP_MAX     (100 * 1024) /* bytes of each page compared */

/*
 * Distance between two HTML pages, 0 (same) to 1 (nothing in common), for
 * web_ipv6_ws_similar. Each page (its first HTTP_HTML_CMP_MAX bytes) is
 * cut into tokens: a tag or comment is one token (tag and attribute names
 * compared in any case), text between tags is split on whitespace.
 * Per-request noise is dropped first: every nonce attribute, and the
 * value/content attributes of elements whose name or id is __VIEWSTATE,
 * __VIEWSTATEGENERATOR, __EVENTVALIDATION, __REQUESTVERIFICATIONTOKEN,
 * csrf-token, csrfmiddlewaretoken, authenticity_token or _token.
 *
 * The distance is 1 - 2*M/(Na+Nb) with M the length of the longest common
 * subsequence of the two token sequences: the complement of the ratio
 * Python's difflib reports, with an exact LCS in place of difflib's
 * matching-block heuristic. The common prefix and suffix are matched
 * first; the rest uses a bit-parallel LCS: O(Na*Nb/64) word operations
 * (at most about 75 million at the byte cap, a fraction of a second) and
 * O(Na+Nb) memory. Returns -1 on ENOMEM.
 */
double http_html_distance(const char *a, size_t alen, const char *b,
    size_t blen);

#endif
