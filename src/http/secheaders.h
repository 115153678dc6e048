/*
 * secheaders: the website's security option headers, parsed and judged
 * without I/O: Content-Security-Policy (CSP Level 3 syntax, judged by the
 * rules of doc section 8), Referrer-Policy (W3C Referrer Policy),
 * X-Frame-Options (HTML's processing model) and X-Content-Type-Options
 * (Fetch's "determine nosniff"). Each takes every value of its header as
 * received (a header sent twice is two values); values are NUL-terminated.
 *
 * CSP: every value may hold several policies separated by ',', each
 * policy directives separated by ';'. The reference judges one merged
 * view, so does this parser: directive names are case-insensitive, only
 * known directives are kept, and the first occurrence of a directive in
 * any policy wins; later ones are counted in .n_duplicates. Source lists
 * are tokenised on ASCII whitespace into keywords, nonces, hashes, scheme
 * sources and host sources (scheme, host, port, path split out); a token
 * that is no valid source expression is kept as CSP_SRC_INVALID (a
 * browser ignores it). Tokens with bytes outside 0x21-0x7e are skipped,
 * as CSP3 skips non-ASCII tokens.
 *
 * Caps: CSP_BYTES_MAX bytes over all values, CSP_DIRECTIVES_MAX
 * directives seen (known, unknown and duplicate), CSP_SOURCES_MAX sources
 * in one directive. Past a cap the header is refused with a reason rather
 * than judged on a part of it.
 *
 * struct csp_policy is large (~120 KiB): keep it static or on the heap.
 * It holds no pointers (token text is at offsets in its own buffer), so it
 * may be copied; nothing to free.
 */
#ifndef UTD_SECHEADERS_H
#define UTD_SECHEADERS_H

#include <stddef.h>
#include <stdint.h>

#define CSP_BYTES_MAX       16384   /* all values together */
#define CSP_DIRECTIVES_MAX  128     /* directives seen, all policies */
#define CSP_SOURCES_MAX     128     /* sources kept in one directive */
#define CSP_SHOW_MAX        64      /* bytes of a source in a finding */

/* Known directives (CSP3 and the Level 2 / draft ones still sent). */
enum csp_dir {
	CSP_D_BASE_URI = 0,
	CSP_D_BLOCK_ALL_MIXED_CONTENT,
	CSP_D_CHILD_SRC,
	CSP_D_CONNECT_SRC,
	CSP_D_DEFAULT_SRC,
	CSP_D_FENCED_FRAME_SRC,
	CSP_D_FONT_SRC,
	CSP_D_FORM_ACTION,
	CSP_D_FRAME_ANCESTORS,
	CSP_D_FRAME_SRC,
	CSP_D_IMG_SRC,
	CSP_D_MANIFEST_SRC,
	CSP_D_MEDIA_SRC,
	CSP_D_NAVIGATE_TO,
	CSP_D_OBJECT_SRC,
	CSP_D_PLUGIN_TYPES,
	CSP_D_PREFETCH_SRC,
	CSP_D_REPORT_TO,
	CSP_D_REPORT_URI,
	CSP_D_REQUIRE_SRI_FOR,
	CSP_D_REQUIRE_TRUSTED_TYPES_FOR,
	CSP_D_SANDBOX,
	CSP_D_SCRIPT_SRC,
	CSP_D_SCRIPT_SRC_ATTR,
	CSP_D_SCRIPT_SRC_ELEM,
	CSP_D_STYLE_SRC,
	CSP_D_STYLE_SRC_ATTR,
	CSP_D_STYLE_SRC_ELEM,
	CSP_D_TRUSTED_TYPES,
	CSP_D_UPGRADE_INSECURE_REQUESTS,
	CSP_D_WEBRTC,
	CSP_D_WORKER_SRC,
	CSP_D__COUNT
};

enum csp_src_kind {
	CSP_SRC_INVALID = 0,       /* no source expression: ignored */
	CSP_SRC_TOKEN,             /* a value of a directive that takes no
	                              source list (sandbox, report-to, ...) */
	CSP_SRC_NONE,              /* 'none' */
	CSP_SRC_SELF,              /* 'self' */
	CSP_SRC_UNSAFE_INLINE,
	CSP_SRC_UNSAFE_EVAL,
	CSP_SRC_UNSAFE_HASHES,
	CSP_SRC_STRICT_DYNAMIC,
	CSP_SRC_REPORT_SAMPLE,
	CSP_SRC_WASM_UNSAFE_EVAL,
	CSP_SRC_KEYWORD_OTHER,     /* a newer keyword: 'unsafe-allow-redirects',
	                              'trusted-types-eval', 'report-sha256',
	                              'inline-speculation-rules' */
	CSP_SRC_NONCE,             /* 'nonce-<base64>' */
	CSP_SRC_HASH,              /* 'sha256-' / 'sha384-' / 'sha512-' */
	CSP_SRC_SCHEME,            /* "https:", "data:", ... */
	CSP_SRC_HOST,              /* [scheme "://"] host [":" port] [path],
	                              host "*" included */
};

#define CSP_PORT_NONE  (-1)
#define CSP_PORT_ANY   (-2)        /* ":*" */

/* Flags of a host source. */
#define CSP_SRC_F_STAR_HOST    0x01u   /* host is exactly "*" */
#define CSP_SRC_F_STAR_LABEL   0x02u   /* host is "*." name */
#define CSP_SRC_F_STAR_SCHEME  0x04u   /* "*://": no CSP3 syntax, kept
                                          because the rules name it */

/*
 * One source expression. Offsets: .text is where the token (as written,
 * NUL-terminated) starts in the policy's buffer; scheme, host and path are
 * at .text + *_at for *_len bytes (not NUL-terminated; length 0 when
 * absent). Use csp_src_text().
 */
struct csp_source {
	uint8_t kind;              /* enum csp_src_kind */
	uint8_t flags;             /* CSP_SRC_F_* */
	uint16_t len;
	uint32_t text;
	uint16_t scheme_len;       /* scheme_at is 0: scheme starts the token */
	uint16_t host_at, host_len;
	uint16_t path_at, path_len;
	int32_t port;              /* CSP_PORT_NONE, CSP_PORT_ANY or 0-65535 */
};

struct csp_directive {
	int present;
	unsigned policy;           /* index of the policy it came from */
	size_t n;
	struct csp_source src[CSP_SOURCES_MAX];
};

/* Things that leave a policy usable, in .notes. */
#define CSP_NOTE_DUPLICATE   0x01u   /* directive repeated, first kept */
#define CSP_NOTE_UNKNOWN     0x02u   /* unknown directive name, dropped */
#define CSP_NOTE_BAD_NAME    0x04u   /* name not 1*(ALPHA / DIGIT / "-") */
#define CSP_NOTE_INVALID_SRC 0x08u   /* a token is no source expression */
#define CSP_NOTE_NONE_MIXED  0x10u   /* 'none' with other sources: no effect */
#define CSP_NOTE_NON_ASCII   0x20u   /* token with bytes outside 0x21-0x7e
                                        skipped */
#define CSP_NOTE_EMPTY       0x40u   /* an empty policy or directive (";;") */

struct csp_policy {
	struct csp_directive dir[CSP_D__COUNT];  /* by enum csp_dir */
	size_t n_policies;         /* ','-separated policies, empty included */
	size_t n_seen;             /* directives seen, all policies */
	size_t n_duplicates;
	size_t n_unknown;
	size_t n_invalid;          /* CSP_SRC_INVALID tokens */
	unsigned notes;
	size_t used;               /* bytes of buf in use */
	char buf[CSP_BYTES_MAX + CSP_BYTES_MAX / 2 + 8];
};

/*
 * Parse the values of every Content-Security-Policy header of a response
 * (n_values of them, each NUL-terminated). 0, or -1 with a reason in why
 * (cap bytes) when there is no value or a cap is passed. out is always
 * filled (empty on failure); nothing to free.
 */
int csp_parse(const char *const *values, size_t n_values,
    struct csp_policy *out, char *why, size_t cap)
	__attribute__((warn_unused_result));

const char *csp_dir_name(enum csp_dir d);           /* "script-src" */
int csp_dir_takes_sources(enum csp_dir d);         /* 1: a source list */
const char *csp_src_kind_str(enum csp_src_kind k);  /* "host", "nonce" */
const char *csp_src_text(const struct csp_policy *p,
    const struct csp_source *s);                   /* the token */

/* The rules of doc section 8; one finding per rule broken and place. */
enum csp_rule {
	CSP_R_UNSAFE_INLINE = 0,   /* 'unsafe-inline' anywhere */
	CSP_R_UNSAFE_EVAL,         /* 'unsafe-eval' anywhere */
	CSP_R_UNSAFE_HASHES,       /* 'unsafe-hashes' anywhere */
	CSP_R_INSECURE_SCHEME,     /* http: or http://host */
	CSP_R_WILDCARD_SCHEME,     /* "*:" or "*://host" */
	CSP_R_BARE_HTTPS,          /* https: alone: any HTTPS host */
	CSP_R_HOST_WITHOUT_SCHEME, /* "cdn.example.nl" */
	CSP_R_WILDCARD_HOST,       /* host "*" */
	CSP_R_LOOPBACK_HOST,       /* host 127.0.0.1 */
	CSP_R_DATA_IN_SCRIPT,      /* data: in script-src (or default-src) */
	CSP_R_DATA_IN_OBJECT,      /* data: in object-src (or default-src) */
	CSP_R_DEFAULT_SRC_MISSING,
	CSP_R_DEFAULT_SRC_TOO_BROAD, /* more than 'none', 'self', base hosts */
	CSP_R_BASE_URI_MISSING,
	CSP_R_BASE_URI_TOO_BROAD,  /* as default-src */
	CSP_R_FRAME_SRC_MISSING,   /* no frame-src, child-src nor default-src */
	CSP_R_FRAME_SRC_BROAD,     /* a scheme or "*" beside 'self'/'none'/hosts */
	CSP_R_FRAME_ANCESTORS_MISSING,
	CSP_R_FRAME_ANCESTORS_BROAD, /* anything but 'self' / 'none' */
	CSP_R_FORM_ACTION_MISSING,
	CSP_R_FORM_ACTION_BROAD,   /* a scheme or "*" beside 'self'/'none'/hosts */
	CSP_R__COUNT
};

struct csp_finding {
	enum csp_rule rule;
	const char *code;          /* csp_rule_code(rule) */
	char directive[32];        /* where the source sits; "" for missing */
	char source[CSP_SHOW_MAX + 4]; /* the source ("..." if cut); or "" */
	char text[256];            /* human sentence */
};

const char *csp_rule_code(enum csp_rule r);         /* "unsafe_inline" */

/*
 * Judge a parsed policy by the rules above. base_domain is the tested
 * name's organizational domain (e.g. "example.nl"): a host source is
 * "under" it when its host is that name or a subdomain (any case, "*."
 * patterns included); NULL or "" means no host counts as under it. The
 * fallbacks are CSP3's: script-src and object-src fall back to
 * default-src, frame-src to child-src then default-src. Writes at most cap
 * findings (in a stable order) and returns how many there are in all
 * (like snprintf); 0 is a policy that breaks no rule.
 */
size_t csp_judge(const struct csp_policy *p, const char *base_domain,
    struct csp_finding *out, size_t cap);

/* --- Referrer-Policy ------------------------------------------------------ */

enum sechdr_refpol {
	SECHDR_RP_EMPTY = 0,       /* missing, empty, or no known token */
	SECHDR_RP_NO_REFERRER,
	SECHDR_RP_NO_REFERRER_WHEN_DOWNGRADE,
	SECHDR_RP_SAME_ORIGIN,
	SECHDR_RP_ORIGIN,
	SECHDR_RP_STRICT_ORIGIN,
	SECHDR_RP_ORIGIN_WHEN_CROSS_ORIGIN,
	SECHDR_RP_STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
	SECHDR_RP_UNSAFE_URL,
};

/*
 * What the policy gives away to other sites:
 *   GOOD        no-referrer, same-origin: nothing leaves the origin
 *   SUFFICIENT  strict-origin, strict-origin-when-cross-origin: only the
 *               origin, and nothing on a downgrade to http
 *   WEAK        origin, origin-when-cross-origin: the origin, also over
 *               plain http (the reference: sufficient, with a warning)
 *   BAD         no-referrer-when-downgrade, unsafe-url: the full URL to
 *               every other site (the reference: bad)
 *   NONE        no policy: the browser default applies
 */
enum sechdr_rp_class {
	SECHDR_RPC_NONE = 0,
	SECHDR_RPC_GOOD,
	SECHDR_RPC_SUFFICIENT,
	SECHDR_RPC_WEAK,
	SECHDR_RPC_BAD,
};

struct sechdr_refpol_result {
	enum sechdr_refpol policy;  /* the last known token */
	enum sechdr_rp_class cls;
	size_t n_tokens;           /* non-empty tokens */
	size_t n_unknown;          /* of which not a policy (ignored) */
	int not_lower;             /* the policy was not written lower case */
	char detail[160];          /* human */
};

/*
 * Referrer-Policy per W3C Referrer Policy §8.1: all values split on ',',
 * tokens trimmed, the last recognised token wins; unknown tokens are
 * ignored. Tokens are matched in any case (as Chromium and Firefox do) and
 * .not_lower notes a policy not written in lower case. out always filled.
 */
void sechdr_referrer_policy(const char *const *values, size_t n_values,
    struct sechdr_refpol_result *out);

const char *sechdr_refpol_str(enum sechdr_refpol p);   /* "same-origin" */
const char *sechdr_rp_class_code(enum sechdr_rp_class c); /* "good" */

/* --- X-Frame-Options ------------------------------------------------------ */

enum sechdr_xfo {
	SECHDR_XFO_MISSING = 0,
	SECHDR_XFO_DENY,
	SECHDR_XFO_SAMEORIGIN,
	SECHDR_XFO_ALLOW_FROM,     /* obsolete, ignored by browsers */
	SECHDR_XFO_ALLOWALL,       /* not a standard value */
	SECHDR_XFO_INVALID,        /* anything else, or empty */
	SECHDR_XFO_MULTIPLE,       /* several different values */
};

struct sechdr_xfo_result {
	int ok;                    /* 1: exactly one value, DENY or SAMEORIGIN */
	enum sechdr_xfo value;     /* the verdict's value */
	enum sechdr_xfo first;     /* the first value alone */
	size_t n_values;           /* ','-separated values, all headers */
	const char *code;          /* sechdr_xfo_code(value) */
	char detail[160];
};

/*
 * X-Frame-Options: values split on ',' and trimmed, compared in any case.
 * One distinct value DENY or SAMEORIGIN (repeats of the same value are one
 * value, as in HTML's set) is ok; ALLOW-FROM, ALLOWALL, other text and
 * several different values are not. out always filled.
 */
void sechdr_xfo(const char *const *values, size_t n_values,
    struct sechdr_xfo_result *out);

const char *sechdr_xfo_code(enum sechdr_xfo v);     /* "deny", ... */

/* --- X-Content-Type-Options ----------------------------------------------- */

struct sechdr_xcto_result {
	int ok;                    /* 1: the value is "nosniff" */
	const char *code;          /* "nosniff", "missing", "empty", "other" */
	size_t n_values;
	char detail[160];
};

/*
 * X-Content-Type-Options: ok when the first value (values split on ',',
 * trimmed) is "nosniff" in any case, as Fetch's "determine nosniff"
 * decides; more values are named in the detail. out always filled.
 */
void sechdr_xcto(const char *const *values, size_t n_values,
    struct sechdr_xcto_result *out);

#endif
