#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/secheaders.h"

/* ---- characters and small helpers ---------------------------------------- */

/* Infra's ASCII whitespace: TAB, LF, FF, CR, SPACE. */
static int
is_ascii_ws(unsigned char c)
{
	return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

/* HTTP's optional whitespace. */
static int
is_ows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
is_scheme_char(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
}

static int
is_host_char(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c == '-';
}

static int
is_base64_char(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c == '+' || c == '/' || c == '-' ||
	    c == '_';
}

/* s[0..n) equals want (NUL-terminated) in any case. */
static int
eq_nocase(const char *s, size_t n, const char *want)
{
	return n == strlen(want) && strncasecmp(s, want, n) == 0;
}

/* s[0..n) starts with prefix in any case. */
static int
starts_nocase(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && strncasecmp(s, prefix, k) == 0;
}

static int
fail(char *why, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (cap == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(why, cap, fmt, ap);
	va_end(ap);
	return -1;
}

/* Trim [*a, *b) of the bytes is_ws accepts. */
static void
trim(const char *s, size_t *a, size_t *b, int (*is_ws)(unsigned char))
{
	while (*a < *b && is_ws((unsigned char)s[*a]))
		(*a)++;
	while (*b > *a && is_ws((unsigned char)s[*b - 1]))
		(*b)--;
}

/* ---- CSP: directives ----------------------------------------------------- */

struct dir_info {
	const char *name;
	int sources;               /* 1: the value is a source list */
};

static const struct dir_info dirs[CSP_D__COUNT] = {
	[CSP_D_BASE_URI] = { "base-uri", 1 },
	[CSP_D_BLOCK_ALL_MIXED_CONTENT] = { "block-all-mixed-content", 0 },
	[CSP_D_CHILD_SRC] = { "child-src", 1 },
	[CSP_D_CONNECT_SRC] = { "connect-src", 1 },
	[CSP_D_DEFAULT_SRC] = { "default-src", 1 },
	[CSP_D_FENCED_FRAME_SRC] = { "fenced-frame-src", 1 },
	[CSP_D_FONT_SRC] = { "font-src", 1 },
	[CSP_D_FORM_ACTION] = { "form-action", 1 },
	[CSP_D_FRAME_ANCESTORS] = { "frame-ancestors", 1 },
	[CSP_D_FRAME_SRC] = { "frame-src", 1 },
	[CSP_D_IMG_SRC] = { "img-src", 1 },
	[CSP_D_MANIFEST_SRC] = { "manifest-src", 1 },
	[CSP_D_MEDIA_SRC] = { "media-src", 1 },
	[CSP_D_NAVIGATE_TO] = { "navigate-to", 1 },
	[CSP_D_OBJECT_SRC] = { "object-src", 1 },
	[CSP_D_PLUGIN_TYPES] = { "plugin-types", 0 },
	[CSP_D_PREFETCH_SRC] = { "prefetch-src", 1 },
	[CSP_D_REPORT_TO] = { "report-to", 0 },
	[CSP_D_REPORT_URI] = { "report-uri", 0 },
	[CSP_D_REQUIRE_SRI_FOR] = { "require-sri-for", 0 },
	[CSP_D_REQUIRE_TRUSTED_TYPES_FOR] = { "require-trusted-types-for", 0 },
	[CSP_D_SANDBOX] = { "sandbox", 0 },
	[CSP_D_SCRIPT_SRC] = { "script-src", 1 },
	[CSP_D_SCRIPT_SRC_ATTR] = { "script-src-attr", 1 },
	[CSP_D_SCRIPT_SRC_ELEM] = { "script-src-elem", 1 },
	[CSP_D_STYLE_SRC] = { "style-src", 1 },
	[CSP_D_STYLE_SRC_ATTR] = { "style-src-attr", 1 },
	[CSP_D_STYLE_SRC_ELEM] = { "style-src-elem", 1 },
	[CSP_D_TRUSTED_TYPES] = { "trusted-types", 0 },
	[CSP_D_UPGRADE_INSECURE_REQUESTS] = { "upgrade-insecure-requests", 0 },
	[CSP_D_WEBRTC] = { "webrtc", 0 },
	[CSP_D_WORKER_SRC] = { "worker-src", 1 },
};

const char *
csp_dir_name(enum csp_dir d)
{
	return (unsigned)d < CSP_D__COUNT ? dirs[d].name : "unknown";
}

int
csp_dir_takes_sources(enum csp_dir d)
{
	return (unsigned)d < CSP_D__COUNT ? dirs[d].sources : 0;
}

static int
dir_lookup(const char *s, size_t n)
{
	int d;

	for (d = 0; d < CSP_D__COUNT; d++)
		if (eq_nocase(s, n, dirs[d].name))
			return d;
	return -1;
}

const char *
csp_src_kind_str(enum csp_src_kind k)
{
	switch (k) {
	case CSP_SRC_INVALID:
		return "invalid";
	case CSP_SRC_TOKEN:
		return "token";
	case CSP_SRC_NONE:
		return "none";
	case CSP_SRC_SELF:
		return "self";
	case CSP_SRC_UNSAFE_INLINE:
		return "unsafe-inline";
	case CSP_SRC_UNSAFE_EVAL:
		return "unsafe-eval";
	case CSP_SRC_UNSAFE_HASHES:
		return "unsafe-hashes";
	case CSP_SRC_STRICT_DYNAMIC:
		return "strict-dynamic";
	case CSP_SRC_REPORT_SAMPLE:
		return "report-sample";
	case CSP_SRC_WASM_UNSAFE_EVAL:
		return "wasm-unsafe-eval";
	case CSP_SRC_KEYWORD_OTHER:
		return "keyword";
	case CSP_SRC_NONCE:
		return "nonce";
	case CSP_SRC_HASH:
		return "hash";
	case CSP_SRC_SCHEME:
		return "scheme";
	case CSP_SRC_HOST:
		return "host";
	}
	return "unknown";
}

const char *
csp_src_text(const struct csp_policy *p, const struct csp_source *s)
{
	if (p == NULL || s == NULL || s->text >= sizeof(p->buf))
		return "";
	return p->buf + s->text;
}

/* ---- CSP: source expressions (CSP3 §2.3.1) -------------------------------- */

static const struct {
	const char *word;
	enum csp_src_kind kind;
} keywords[] = {
	{ "none", CSP_SRC_NONE },
	{ "self", CSP_SRC_SELF },
	{ "unsafe-inline", CSP_SRC_UNSAFE_INLINE },
	{ "unsafe-eval", CSP_SRC_UNSAFE_EVAL },
	{ "unsafe-hashes", CSP_SRC_UNSAFE_HASHES },
	{ "strict-dynamic", CSP_SRC_STRICT_DYNAMIC },
	{ "report-sample", CSP_SRC_REPORT_SAMPLE },
	{ "wasm-unsafe-eval", CSP_SRC_WASM_UNSAFE_EVAL },
	{ "unsafe-allow-redirects", CSP_SRC_KEYWORD_OTHER },
	{ "trusted-types-eval", CSP_SRC_KEYWORD_OTHER },
	{ "report-sha256", CSP_SRC_KEYWORD_OTHER },
	{ "inline-speculation-rules", CSP_SRC_KEYWORD_OTHER },
};

/* base64-value = 1*( ALPHA / DIGIT / "+" / "/" / "-" / "_" )*2( "=" ) */
static int
is_base64_value(const char *s, size_t n)
{
	size_t i = 0, pad = 0;

	while (i < n && is_base64_char((unsigned char)s[i]))
		i++;
	if (i == 0)
		return 0;
	while (i < n && s[i] == '=' && pad < 2) {
		i++;
		pad++;
	}
	return i == n;
}

/* A quoted source: keyword, nonce or hash; else invalid. */
static enum csp_src_kind
classify_quoted(const char *t, size_t n)
{
	const char *in = t + 1;
	size_t k, m;

	if (n < 3 || t[n - 1] != '\'')
		return CSP_SRC_INVALID;
	m = n - 2;
	for (k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		if (eq_nocase(in, m, keywords[k].word))
			return keywords[k].kind;
	if (starts_nocase(in, m, "nonce-"))
		return is_base64_value(in + 6, m - 6) ? CSP_SRC_NONCE :
		    CSP_SRC_INVALID;
	if (starts_nocase(in, m, "sha256-") || starts_nocase(in, m, "sha384-") ||
	    starts_nocase(in, m, "sha512-"))
		return is_base64_value(in + 7, m - 7) ? CSP_SRC_HASH :
		    CSP_SRC_INVALID;
	return CSP_SRC_INVALID;
}

/* Length of a scheme at t (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )). */
static size_t
scheme_span(const char *t, size_t n)
{
	size_t i = 0;

	if (n == 0 || !is_alpha((unsigned char)t[0]))
		return 0;
	while (i < n && is_scheme_char((unsigned char)t[i]))
		i++;
	return i;
}

/*
 * host-source = [ scheme-part "://" ] host-part [ ":" port-part ] [ path-part ]
 * host-part   = "*" / [ "*." ] 1*host-char *( "." 1*host-char ) [ "." ]
 * port-part   = 1*DIGIT / "*"
 * Fills s (kind HOST) or leaves it INVALID.
 */
static void
classify_host(const char *t, size_t n, struct csp_source *s)
{
	size_t i = 0, sl, h, label;
	unsigned long port = 0;

	sl = scheme_span(t, n);
	if (sl > 0 && sl + 3 <= n && memcmp(t + sl, "://", 3) == 0) {
		s->scheme_len = (uint16_t)sl;
		i = sl + 3;
	} else if (n >= 4 && memcmp(t, "*://", 4) == 0) {
		s->scheme_len = 1;
		s->flags |= CSP_SRC_F_STAR_SCHEME;
		i = 4;
	}
	h = i;
	if (i < n && t[i] == '*') {
		i++;
		if (i == n || t[i] == ':' || t[i] == '/') {
			s->flags |= CSP_SRC_F_STAR_HOST;
			goto host_done;
		}
		if (t[i] != '.')
			return;
		i++;
		s->flags |= CSP_SRC_F_STAR_LABEL;
	}
	label = 0;
	while (i < n && t[i] != ':' && t[i] != '/') {
		if (t[i] == '.') {
			if (label == 0)
				return;
			label = 0;
		} else if (is_host_char((unsigned char)t[i])) {
			label++;
		} else {
			return;
		}
		i++;
	}
	/* at least one label; a final "." is allowed after one */
	if (i == h || (label == 0 && i - h < 2))
		return;
	if ((s->flags & CSP_SRC_F_STAR_LABEL) && i - h <= 2)
		return;
host_done:
	s->host_at = (uint16_t)h;
	s->host_len = (uint16_t)(i - h);
	s->port = CSP_PORT_NONE;
	if (i < n && t[i] == ':') {
		size_t p0 = ++i;

		if (i < n && t[i] == '*') {
			s->port = CSP_PORT_ANY;
			i++;
		} else {
			while (i < n && is_digit((unsigned char)t[i])) {
				if (port <= 65535)
					port = port * 10 + (unsigned long)(t[i] - '0');
				i++;
			}
			if (i == p0 || port > 65535)
				return;
			s->port = (int32_t)port;
		}
	}
	if (i < n) {
		if (t[i] != '/')
			return;
		s->path_at = (uint16_t)i;
		s->path_len = (uint16_t)(n - i);
	}
	s->kind = CSP_SRC_HOST;
}

static void
classify(const char *t, size_t n, struct csp_source *s)
{
	size_t sl;

	s->kind = CSP_SRC_INVALID;
	if (t[0] == '\'') {
		s->kind = (uint8_t)classify_quoted(t, n);
		return;
	}
	sl = scheme_span(t, n);
	if (sl > 0 && sl + 1 == n && t[sl] == ':') {
		s->kind = CSP_SRC_SCHEME;
		s->scheme_len = (uint16_t)sl;
		return;
	}
	if (n == 2 && t[0] == '*' && t[1] == ':') {
		s->kind = CSP_SRC_SCHEME;
		s->flags |= CSP_SRC_F_STAR_SCHEME;
		s->scheme_len = 1;
		return;
	}
	classify_host(t, n, s);
	if (s->kind != CSP_SRC_HOST) {
		s->flags = 0;
		s->scheme_len = s->host_at = s->host_len = 0;
		s->path_at = s->path_len = 0;
		s->port = CSP_PORT_NONE;
	}
}

/* ---- CSP: parser (CSP3 §2.2.1, merged over policies) ---------------------- */

static int
csp_fail(struct csp_policy *out, char *why, size_t cap, const char *what,
    const char *name)
{
	memset(out, 0, sizeof(*out));
	return fail(why, cap, "%s%s%s", name != NULL ? name : "",
	    name != NULL ? ": " : "", what);
}

static int
too_many(struct csp_policy *out, char *why, size_t cap)
{
	char what[64];

	snprintf(what, sizeof(what), "more than %d directives (cap)",
	    CSP_DIRECTIVES_MAX);
	return csp_fail(out, why, cap, what, NULL);
}

/* One directive "name value..." at v[a..b), trimmed, non-empty. */
static int
parse_directive(struct csp_policy *out, unsigned policy, const char *v,
    size_t a, size_t b, char *why, size_t cap)
{
	struct csp_directive *d;
	size_t i = a, t;
	int id;

	while (i < b && !is_ascii_ws((unsigned char)v[i]))
		i++;
	for (t = a; t < i; t++)
		if (!is_host_char((unsigned char)v[t]))
			break;
	if (t < i) {
		out->notes |= CSP_NOTE_BAD_NAME;
		out->n_unknown++;
		return 0;
	}
	id = dir_lookup(v + a, i - a);
	if (id < 0) {
		out->notes |= CSP_NOTE_UNKNOWN;
		out->n_unknown++;
		return 0;
	}
	d = &out->dir[id];
	if (d->present) {
		out->notes |= CSP_NOTE_DUPLICATE;
		out->n_duplicates++;
		return 0;
	}
	d->present = 1;
	d->policy = policy;
	for (;;) {
		struct csp_source *s;
		size_t tl;
		int bad = 0;

		while (i < b && is_ascii_ws((unsigned char)v[i]))
			i++;
		if (i == b)
			break;
		t = i;
		while (i < b && !is_ascii_ws((unsigned char)v[i])) {
			if ((unsigned char)v[i] < 0x21 || (unsigned char)v[i] > 0x7e)
				bad = 1;
			i++;
		}
		if (bad) {
			out->notes |= CSP_NOTE_NON_ASCII;
			continue;
		}
		tl = i - t;
		if (d->n == CSP_SOURCES_MAX) {
			char what[96];

			snprintf(what, sizeof(what), "more than %d sources (cap)",
			    CSP_SOURCES_MAX);
			return csp_fail(out, why, cap, what, dirs[id].name);
		}
		if (out->used + tl + 1 > sizeof(out->buf))
			return csp_fail(out, why, cap, "policy text over the buffer",
			    NULL);
		s = &d->src[d->n++];
		memset(s, 0, sizeof(*s));
		s->text = (uint32_t)out->used;
		s->len = (uint16_t)tl;
		s->port = CSP_PORT_NONE;
		memcpy(out->buf + out->used, v + t, tl);
		out->buf[out->used + tl] = '\0';
		out->used += tl + 1;
		if (!dirs[id].sources) {
			s->kind = CSP_SRC_TOKEN;
			continue;
		}
		classify(v + t, tl, s);
		if (s->kind == CSP_SRC_INVALID) {
			out->notes |= CSP_NOTE_INVALID_SRC;
			out->n_invalid++;
		}
	}
	if (dirs[id].sources && d->n > 1) {
		size_t k;

		for (k = 0; k < d->n; k++)
			if (d->src[k].kind == CSP_SRC_NONE)
				out->notes |= CSP_NOTE_NONE_MIXED;
	}
	return 0;
}

int
csp_parse(const char *const *values, size_t n_values, struct csp_policy *out,
    char *why, size_t cap)
{
	size_t total = 0, vi;

	memset(out, 0, sizeof(*out));
	if (cap > 0)
		why[0] = '\0';
	if (values == NULL || n_values == 0)
		return fail(why, cap, "no Content-Security-Policy header");
	for (vi = 0; vi < n_values; vi++) {
		if (values[vi] == NULL)
			continue;
		total += strnlen(values[vi], CSP_BYTES_MAX + 1);
		if (total > CSP_BYTES_MAX)
			return fail(why, cap, "Content-Security-Policy longer than "
			    "%d bytes (cap)", CSP_BYTES_MAX);
	}
	out->used = 1;                 /* buf[0]: the empty string */
	for (vi = 0; vi < n_values; vi++) {
		const char *v = values[vi];
		size_t len, a = 0;

		if (v == NULL)
			continue;
		len = strlen(v);
		for (;;) {
			const char *comma = memchr(v + a, ',', len - a);
			size_t pe = comma != NULL ? (size_t)(comma - v) : len;
			size_t pa = a, pb = pe, da;
			unsigned policy = (unsigned)out->n_policies++;

			trim(v, &pa, &pb, is_ascii_ws);
			if (pa == pb)
				out->notes |= CSP_NOTE_EMPTY;
			da = pa;
			while (da < pb) {
				const char *semi = memchr(v + da, ';', pb - da);
				size_t de = semi != NULL ? (size_t)(semi - v) : pb;
				size_t x = da, y = de;

				trim(v, &x, &y, is_ascii_ws);
				if (x < y) {
					if (++out->n_seen > CSP_DIRECTIVES_MAX)
						return too_many(out, why, cap);
					if (parse_directive(out, policy, v, x, y, why,
					    cap) != 0)
						return -1;
				}
				da = de + 1;
			}
			if (comma == NULL)
				break;
			a = pe + 1;
		}
	}
	return 0;
}

/* ---- CSP: judging (doc section 8) ----------------------------------------- */

static const char *const rule_codes[CSP_R__COUNT] = {
	[CSP_R_UNSAFE_INLINE] = "unsafe_inline",
	[CSP_R_UNSAFE_EVAL] = "unsafe_eval",
	[CSP_R_UNSAFE_HASHES] = "unsafe_hashes",
	[CSP_R_INSECURE_SCHEME] = "insecure_scheme",
	[CSP_R_WILDCARD_SCHEME] = "wildcard_scheme",
	[CSP_R_BARE_HTTPS] = "bare_https",
	[CSP_R_HOST_WITHOUT_SCHEME] = "host_without_scheme",
	[CSP_R_WILDCARD_HOST] = "wildcard_host",
	[CSP_R_LOOPBACK_HOST] = "loopback_host",
	[CSP_R_DATA_IN_SCRIPT] = "data_in_script",
	[CSP_R_DATA_IN_OBJECT] = "data_in_object",
	[CSP_R_DEFAULT_SRC_MISSING] = "default_src_missing",
	[CSP_R_DEFAULT_SRC_TOO_BROAD] = "default_src_too_broad",
	[CSP_R_BASE_URI_MISSING] = "base_uri_missing",
	[CSP_R_BASE_URI_TOO_BROAD] = "base_uri_too_broad",
	[CSP_R_FRAME_SRC_MISSING] = "frame_src_missing",
	[CSP_R_FRAME_SRC_BROAD] = "frame_src_broad",
	[CSP_R_FRAME_ANCESTORS_MISSING] = "frame_ancestors_missing",
	[CSP_R_FRAME_ANCESTORS_BROAD] = "frame_ancestors_broad",
	[CSP_R_FORM_ACTION_MISSING] = "form_action_missing",
	[CSP_R_FORM_ACTION_BROAD] = "form_action_broad",
};

const char *
csp_rule_code(enum csp_rule r)
{
	return (unsigned)r < CSP_R__COUNT ? rule_codes[r] : "unknown";
}

struct judge {
	const struct csp_policy *p;
	const char *base;          /* without a final dot */
	size_t base_len;
	struct csp_finding *out;
	size_t cap, n;
};

/*
 * Record a finding about source s at directive `in`: "<in>[ (used for
 * <for_dir>)] allows <source><tail>".
 */
static void
emit(struct judge *j, enum csp_rule r, int in, int for_dir,
    const struct csp_source *s, const char *tail)
{
	struct csp_finding *f;
	char via[64] = "";
	const char *t;

	j->n++;
	if (j->n > j->cap)
		return;
	f = &j->out[j->n - 1];
	memset(f, 0, sizeof(*f));
	f->rule = r;
	f->code = rule_codes[r];
	snprintf(f->directive, sizeof(f->directive), "%s", dirs[in].name);
	t = csp_src_text(j->p, s);
	if (strlen(t) > CSP_SHOW_MAX)
		snprintf(f->source, sizeof(f->source), "%.*s...", CSP_SHOW_MAX, t);
	else
		snprintf(f->source, sizeof(f->source), "%s", t);
	if (for_dir >= 0 && for_dir != in)
		snprintf(via, sizeof(via), " (used for %s)", dirs[for_dir].name);
	snprintf(f->text, sizeof(f->text), "%s%s allows %s%s", dirs[in].name,
	    via, f->source, tail);
}

static void
emit_missing(struct judge *j, enum csp_rule r, const char *sentence)
{
	struct csp_finding *f;

	j->n++;
	if (j->n > j->cap)
		return;
	f = &j->out[j->n - 1];
	memset(f, 0, sizeof(*f));
	f->rule = r;
	f->code = rule_codes[r];
	snprintf(f->text, sizeof(f->text), "%s", sentence);
}

/* 1 when source k of d repeats an earlier one (any case): judged once. */
static int
repeated(const struct csp_policy *p, const struct csp_directive *d, size_t k)
{
	const char *t = csp_src_text(p, &d->src[k]);
	size_t i;

	for (i = 0; i < k; i++)
		if (d->src[i].len == d->src[k].len &&
		    strncasecmp(csp_src_text(p, &d->src[i]), t, d->src[k].len) == 0)
			return 1;
	return 0;
}

static int
scheme_is(const struct csp_policy *p, const struct csp_source *s,
    const char *scheme)
{
	return s->scheme_len > 0 && !(s->flags & CSP_SRC_F_STAR_SCHEME) &&
	    eq_nocase(csp_src_text(p, s), s->scheme_len, scheme);
}

/* A host source naming one host (or "*." pattern), not "*". */
static int
is_named_host(const struct csp_source *s)
{
	return s->kind == CSP_SRC_HOST &&
	    !(s->flags & (CSP_SRC_F_STAR_HOST | CSP_SRC_F_STAR_SCHEME));
}

/* A host source whose host is the base domain or under it. */
static int
host_under_base(const struct judge *j, const struct csp_source *s)
{
	const char *h;
	size_t n;

	if (!is_named_host(s) || j->base_len == 0)
		return 0;
	h = csp_src_text(j->p, s) + s->host_at;
	n = s->host_len;
	if (s->flags & CSP_SRC_F_STAR_LABEL) {
		h += 2;
		n -= 2;
	}
	if (n > 0 && h[n - 1] == '.')
		n--;
	if (n == j->base_len)
		return strncasecmp(h, j->base, n) == 0;
	return n > j->base_len && h[n - j->base_len - 1] == '.' &&
	    strncasecmp(h + n - j->base_len, j->base, j->base_len) == 0;
}

static int
is_loopback(const struct csp_policy *p, const struct csp_source *s)
{
	const char *h = csp_src_text(p, s) + s->host_at;
	size_t n = s->host_len;

	if (n > 0 && h[n - 1] == '.')
		n--;
	return n == 9 && memcmp(h, "127.0.0.1", 9) == 0;
}

/* Rules that hold for every source in every source-list directive. */
static void
judge_sources(struct judge *j, int id)
{
	const struct csp_directive *d = &j->p->dir[id];
	size_t k;

	for (k = 0; k < d->n; k++) {
		const struct csp_source *s = &d->src[k];

		if (repeated(j->p, d, k))
			continue;
		switch (s->kind) {
		case CSP_SRC_UNSAFE_INLINE:
			emit(j, CSP_R_UNSAFE_INLINE, id, -1, s, "");
			break;
		case CSP_SRC_UNSAFE_EVAL:
			emit(j, CSP_R_UNSAFE_EVAL, id, -1, s, "");
			break;
		case CSP_SRC_UNSAFE_HASHES:
			emit(j, CSP_R_UNSAFE_HASHES, id, -1, s, "");
			break;
		case CSP_SRC_SCHEME:
			if (s->flags & CSP_SRC_F_STAR_SCHEME)
				emit(j, CSP_R_WILDCARD_SCHEME, id, -1, s,
				    " (any scheme)");
			else if (scheme_is(j->p, s, "http"))
				emit(j, CSP_R_INSECURE_SCHEME, id, -1, s,
				    " (plain HTTP)");
			else if (scheme_is(j->p, s, "https"))
				emit(j, CSP_R_BARE_HTTPS, id, -1, s,
				    " (any host over HTTPS)");
			break;
		case CSP_SRC_HOST:
			if (s->flags & CSP_SRC_F_STAR_SCHEME)
				emit(j, CSP_R_WILDCARD_SCHEME, id, -1, s,
				    " (any scheme)");
			else if (scheme_is(j->p, s, "http"))
				emit(j, CSP_R_INSECURE_SCHEME, id, -1, s,
				    " (plain HTTP)");
			if (s->flags & CSP_SRC_F_STAR_HOST)
				emit(j, CSP_R_WILDCARD_HOST, id, -1, s,
				    " (any host)");
			else if (s->scheme_len == 0)
				emit(j, CSP_R_HOST_WITHOUT_SCHEME, id, -1, s,
				    " without a scheme");
			if (!(s->flags & CSP_SRC_F_STAR_HOST) && is_loopback(j->p, s))
				emit(j, CSP_R_LOOPBACK_HOST, id, -1, s,
				    " (the visitor's own machine)");
			break;
		default:
			break;
		}
	}
}

/* The directive that governs `id` after CSP3's fallback, or -1. */
static int
effective(const struct csp_policy *p, int id)
{
	if (p->dir[id].present)
		return id;
	if (id == CSP_D_FRAME_SRC && p->dir[CSP_D_CHILD_SRC].present)
		return CSP_D_CHILD_SRC;
	if ((id == CSP_D_FRAME_SRC || id == CSP_D_SCRIPT_SRC ||
	    id == CSP_D_OBJECT_SRC) && p->dir[CSP_D_DEFAULT_SRC].present)
		return CSP_D_DEFAULT_SRC;
	return -1;
}

/* data: in the directive governing `for_id` (rule r). */
static void
judge_data(struct judge *j, int for_id, int explicit_only, enum csp_rule r,
    const char *what)
{
	int in = explicit_only ? (j->p->dir[for_id].present ? for_id : -1) :
	    effective(j->p, for_id);
	const struct csp_directive *d;
	size_t k;

	if (in < 0)
		return;
	d = &j->p->dir[in];
	for (k = 0; k < d->n; k++)
		if (d->src[k].kind == CSP_SRC_SCHEME &&
		    scheme_is(j->p, &d->src[k], "data") && !repeated(j->p, d, k))
			emit(j, r, in, for_id, &d->src[k], what);
}

/* default-src and base-uri: only 'none', 'self' and base-domain hosts. */
static void
judge_narrow(struct judge *j, int id, enum csp_rule missing,
    enum csp_rule broad, const char *missing_text)
{
	const struct csp_directive *d = &j->p->dir[id];
	char tail[128];
	size_t k;

	if (j->base_len > 0)
		snprintf(tail, sizeof(tail), " (only 'none', 'self' or hosts "
		    "under %.*s belong here)", (int)(j->base_len > 80 ? 80 : j->base_len),
		    j->base);
	else
		snprintf(tail, sizeof(tail), " (only 'none' or 'self' belong "
		    "here)");
	if (!d->present) {
		emit_missing(j, missing, missing_text);
		return;
	}
	for (k = 0; k < d->n; k++) {
		const struct csp_source *s = &d->src[k];

		if (s->kind == CSP_SRC_INVALID || s->kind == CSP_SRC_NONE ||
		    s->kind == CSP_SRC_SELF || host_under_base(j, s) ||
		    repeated(j->p, d, k))
			continue;
		emit(j, broad, id, -1, s, tail);
	}
}

/*
 * frame-src (through its fallbacks) and form-action: 'self', 'none' and
 * named hosts; a scheme source or "*" lets any site in. Keywords, nonces
 * and hashes match no URL there and are passed over.
 */
static void
judge_urls(struct judge *j, int for_id, enum csp_rule missing,
    enum csp_rule broad, const char *missing_text)
{
	int in = effective(j->p, for_id);
	const struct csp_directive *d;
	size_t k;

	if (in < 0) {
		emit_missing(j, missing, missing_text);
		return;
	}
	d = &j->p->dir[in];
	for (k = 0; k < d->n; k++) {
		const struct csp_source *s = &d->src[k];

		if ((s->kind == CSP_SRC_SCHEME ||
		    (s->kind == CSP_SRC_HOST && !is_named_host(s))) &&
		    !repeated(j->p, d, k))
			emit(j, broad, in, for_id, s, " (only 'self', 'none' or "
			    "named hosts belong here)");
	}
}

/* frame-ancestors: 'self' or 'none' only. */
static void
judge_ancestors(struct judge *j)
{
	const struct csp_directive *d = &j->p->dir[CSP_D_FRAME_ANCESTORS];
	size_t k;

	if (!d->present) {
		emit_missing(j, CSP_R_FRAME_ANCESTORS_MISSING, "frame-ancestors is "
		    "missing: any site may frame this page");
		return;
	}
	for (k = 0; k < d->n; k++) {
		const struct csp_source *s = &d->src[k];

		if ((s->kind == CSP_SRC_SCHEME || s->kind == CSP_SRC_HOST) &&
		    !repeated(j->p, d, k))
			emit(j, CSP_R_FRAME_ANCESTORS_BROAD, CSP_D_FRAME_ANCESTORS,
			    -1, s, " (only 'self' or 'none' belong here)");
	}
}

size_t
csp_judge(const struct csp_policy *p, const char *base_domain,
    struct csp_finding *out, size_t cap)
{
	struct judge j;
	int id;

	memset(&j, 0, sizeof(j));
	j.p = p;
	j.out = out;
	j.cap = out != NULL ? cap : 0;
	j.base = base_domain != NULL ? base_domain : "";
	j.base_len = strlen(j.base);
	if (j.base_len > 0 && j.base[j.base_len - 1] == '.')
		j.base_len--;
	if (p == NULL)
		return 0;
	for (id = 0; id < CSP_D__COUNT; id++)
		if (p->dir[id].present && dirs[id].sources)
			judge_sources(&j, id);
	judge_data(&j, CSP_D_SCRIPT_SRC, 0, CSP_R_DATA_IN_SCRIPT,
	    " (scripts from data: URLs)");
	judge_data(&j, CSP_D_SCRIPT_SRC_ELEM, 1, CSP_R_DATA_IN_SCRIPT,
	    " (scripts from data: URLs)");
	judge_data(&j, CSP_D_SCRIPT_SRC_ATTR, 1, CSP_R_DATA_IN_SCRIPT,
	    " (scripts from data: URLs)");
	judge_data(&j, CSP_D_OBJECT_SRC, 0, CSP_R_DATA_IN_OBJECT,
	    " (plugins from data: URLs)");
	judge_narrow(&j, CSP_D_DEFAULT_SRC, CSP_R_DEFAULT_SRC_MISSING,
	    CSP_R_DEFAULT_SRC_TOO_BROAD, "default-src is missing: every fetch "
	    "directive not set is unrestricted");
	judge_narrow(&j, CSP_D_BASE_URI, CSP_R_BASE_URI_MISSING,
	    CSP_R_BASE_URI_TOO_BROAD, "base-uri is missing: an injected <base> "
	    "may redirect relative URLs");
	judge_urls(&j, CSP_D_FRAME_SRC, CSP_R_FRAME_SRC_MISSING,
	    CSP_R_FRAME_SRC_BROAD, "frame-src is missing, and neither child-src "
	    "nor default-src stands in: any site may be framed");
	judge_ancestors(&j);
	judge_urls(&j, CSP_D_FORM_ACTION, CSP_R_FORM_ACTION_MISSING,
	    CSP_R_FORM_ACTION_BROAD, "form-action is missing: forms may post "
	    "anywhere");
	return j.n;
}

/* ---- Referrer-Policy ------------------------------------------------------ */

static const struct {
	const char *token;
	enum sechdr_rp_class cls;
	const char *why;
} refpols[] = {
	[SECHDR_RP_EMPTY] = { "", SECHDR_RPC_NONE, "" },
	[SECHDR_RP_NO_REFERRER] = { "no-referrer", SECHDR_RPC_GOOD,
	    "no Referer is ever sent" },
	[SECHDR_RP_NO_REFERRER_WHEN_DOWNGRADE] = { "no-referrer-when-downgrade",
	    SECHDR_RPC_BAD, "the full URL goes to every other HTTPS site" },
	[SECHDR_RP_SAME_ORIGIN] = { "same-origin", SECHDR_RPC_GOOD,
	    "the Referer is only sent within the origin" },
	[SECHDR_RP_ORIGIN] = { "origin", SECHDR_RPC_WEAK,
	    "the origin goes to every site, also over plain HTTP" },
	[SECHDR_RP_STRICT_ORIGIN] = { "strict-origin", SECHDR_RPC_SUFFICIENT,
	    "only the origin goes to other sites, never over plain HTTP" },
	[SECHDR_RP_ORIGIN_WHEN_CROSS_ORIGIN] = { "origin-when-cross-origin",
	    SECHDR_RPC_WEAK,
	    "the origin goes to other sites, also over plain HTTP" },
	[SECHDR_RP_STRICT_ORIGIN_WHEN_CROSS_ORIGIN] = {
	    "strict-origin-when-cross-origin", SECHDR_RPC_SUFFICIENT,
	    "only the origin goes to other sites, never over plain HTTP" },
	[SECHDR_RP_UNSAFE_URL] = { "unsafe-url", SECHDR_RPC_BAD,
	    "the full URL goes to every site, also over plain HTTP" },
};

#define N_REFPOLS (sizeof(refpols) / sizeof(refpols[0]))

const char *
sechdr_refpol_str(enum sechdr_refpol p)
{
	return (unsigned)p < N_REFPOLS ? (p == SECHDR_RP_EMPTY ? "(none)" :
	    refpols[p].token) : "unknown";
}

const char *
sechdr_rp_class_code(enum sechdr_rp_class c)
{
	switch (c) {
	case SECHDR_RPC_NONE:
		return "none";
	case SECHDR_RPC_GOOD:
		return "good";
	case SECHDR_RPC_SUFFICIENT:
		return "sufficient";
	case SECHDR_RPC_WEAK:
		return "weak";
	case SECHDR_RPC_BAD:
		return "bad";
	}
	return "unknown";
}

/*
 * Call fn for every ','-separated element of every value, OWS-trimmed
 * (empty elements included), until fn returns non-zero.
 */
static void
each_element(const char *const *values, size_t n_values,
    int (*fn)(void *arg, const char *s, size_t n), void *arg)
{
	size_t vi;

	if (values == NULL)
		return;
	for (vi = 0; vi < n_values; vi++) {
		const char *v = values[vi];
		size_t len, a = 0;

		if (v == NULL)
			continue;
		len = strlen(v);
		for (;;) {
			const char *comma = memchr(v + a, ',', len - a);
			size_t e = comma != NULL ? (size_t)(comma - v) : len;
			size_t x = a, y = e;

			trim(v, &x, &y, is_ows);
			if (fn(arg, v + x, y - x) != 0)
				return;
			if (comma == NULL)
				break;
			a = e + 1;
		}
	}
}

static int
refpol_token(void *arg, const char *s, size_t n)
{
	struct sechdr_refpol_result *out = arg;
	size_t k, i;

	if (n == 0)
		return 0;
	out->n_tokens++;
	for (k = 1; k < N_REFPOLS; k++) {
		if (!eq_nocase(s, n, refpols[k].token))
			continue;
		out->policy = (enum sechdr_refpol)k;
		out->not_lower = 0;
		for (i = 0; i < n; i++)
			if (s[i] >= 'A' && s[i] <= 'Z')
				out->not_lower = 1;
		return 0;
	}
	out->n_unknown++;
	return 0;
}

void
sechdr_referrer_policy(const char *const *values, size_t n_values,
    struct sechdr_refpol_result *out)
{
	memset(out, 0, sizeof(*out));
	each_element(values, n_values, refpol_token, out);
	out->cls = refpols[out->policy].cls;
	if (out->policy != SECHDR_RP_EMPTY)
		snprintf(out->detail, sizeof(out->detail), "%s: %s%s",
		    refpols[out->policy].token, refpols[out->policy].why,
		    out->n_unknown > 0 ? " (unknown tokens ignored)" : "");
	else if (out->n_unknown > 0)
		snprintf(out->detail, sizeof(out->detail), "no known policy among "
		    "%zu token%s: the browser's default applies", out->n_tokens,
		    out->n_tokens == 1 ? "" : "s");
	else
		snprintf(out->detail, sizeof(out->detail), "no Referrer-Policy: "
		    "the browser's default applies");
}

/* ---- X-Frame-Options ------------------------------------------------------ */

struct xfo_walk {
	struct sechdr_xfo_result *out;
	const char *first;
	size_t first_len;
	int differ;
};

static enum sechdr_xfo
xfo_classify(const char *s, size_t n)
{
	if (eq_nocase(s, n, "deny"))
		return SECHDR_XFO_DENY;
	if (eq_nocase(s, n, "sameorigin"))
		return SECHDR_XFO_SAMEORIGIN;
	if (starts_nocase(s, n, "allow-from") &&
	    (n == 10 || is_ascii_ws((unsigned char)s[10])))
		return SECHDR_XFO_ALLOW_FROM;
	if (eq_nocase(s, n, "allowall"))
		return SECHDR_XFO_ALLOWALL;
	return SECHDR_XFO_INVALID;
}

static int
xfo_value(void *arg, const char *s, size_t n)
{
	struct xfo_walk *w = arg;

	if (w->out->n_values++ == 0) {
		w->first = s;
		w->first_len = n;
	} else if (n != w->first_len || strncasecmp(s, w->first, n) != 0) {
		w->differ = 1;
	}
	return 0;
}

const char *
sechdr_xfo_code(enum sechdr_xfo v)
{
	switch (v) {
	case SECHDR_XFO_MISSING:
		return "missing";
	case SECHDR_XFO_DENY:
		return "deny";
	case SECHDR_XFO_SAMEORIGIN:
		return "sameorigin";
	case SECHDR_XFO_ALLOW_FROM:
		return "allow_from";
	case SECHDR_XFO_ALLOWALL:
		return "allowall";
	case SECHDR_XFO_INVALID:
		return "invalid";
	case SECHDR_XFO_MULTIPLE:
		return "multiple";
	}
	return "unknown";
}

void
sechdr_xfo(const char *const *values, size_t n_values,
    struct sechdr_xfo_result *out)
{
	struct xfo_walk w;
	int shown;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.out = out;
	each_element(values, n_values, xfo_value, &w);
	if (out->n_values == 0) {
		out->code = sechdr_xfo_code(SECHDR_XFO_MISSING);
		snprintf(out->detail, sizeof(out->detail), "no X-Frame-Options "
		    "header");
		return;
	}
	out->first = xfo_classify(w.first, w.first_len);
	out->value = w.differ ? SECHDR_XFO_MULTIPLE : out->first;
	out->ok = out->value == SECHDR_XFO_DENY ||
	    out->value == SECHDR_XFO_SAMEORIGIN;
	out->code = sechdr_xfo_code(out->value);
	shown = (int)(w.first_len > 48 ? 48 : w.first_len);
	switch (out->value) {
	case SECHDR_XFO_DENY:
	case SECHDR_XFO_SAMEORIGIN:
		snprintf(out->detail, sizeof(out->detail), "%.*s: %s", shown,
		    w.first, out->value == SECHDR_XFO_DENY ? "no site may frame "
		    "this page" : "only this origin may frame this page");
		break;
	case SECHDR_XFO_ALLOW_FROM:
		snprintf(out->detail, sizeof(out->detail), "ALLOW-FROM is obsolete: "
		    "browsers ignore it, so any site may frame this page (use CSP "
		    "frame-ancestors)");
		break;
	case SECHDR_XFO_MULTIPLE:
		snprintf(out->detail, sizeof(out->detail), "%zu different values "
		    "(first '%.*s'): one of DENY or SAMEORIGIN expected",
		    out->n_values, shown, w.first);
		break;
	default:
		snprintf(out->detail, sizeof(out->detail), "'%.*s' is not DENY or "
		    "SAMEORIGIN%s", shown, w.first, w.first_len == 0 ?
		    " (empty value)" : "");
		break;
	}
}

/* ---- X-Content-Type-Options ---------------------------------------------- */

struct xcto_walk {
	struct sechdr_xcto_result *out;
	const char *first;
	size_t first_len;
};

static int
xcto_value(void *arg, const char *s, size_t n)
{
	struct xcto_walk *w = arg;

	if (w->out->n_values++ == 0) {
		w->first = s;
		w->first_len = n;
	}
	return 0;
}

void
sechdr_xcto(const char *const *values, size_t n_values,
    struct sechdr_xcto_result *out)
{
	struct xcto_walk w;
	int shown;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.out = out;
	each_element(values, n_values, xcto_value, &w);
	if (out->n_values == 0) {
		out->code = "missing";
		snprintf(out->detail, sizeof(out->detail), "no "
		    "X-Content-Type-Options header");
		return;
	}
	shown = (int)(w.first_len > 48 ? 48 : w.first_len);
	if (eq_nocase(w.first, w.first_len, "nosniff")) {
		out->ok = 1;
		out->code = "nosniff";
		snprintf(out->detail, sizeof(out->detail), "nosniff%s",
		    out->n_values > 1 ? " (further values ignored)" : "");
	} else if (w.first_len == 0) {
		out->code = "empty";
		snprintf(out->detail, sizeof(out->detail), "empty value: "
		    "'nosniff' expected");
	} else {
		out->code = "other";
		snprintf(out->detail, sizeof(out->detail), "'%.*s' is not "
		    "'nosniff'", shown, w.first);
	}
}
