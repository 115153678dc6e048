/*
 * Website security options: Content-Security-Policy (CSP Level 3 syntax
 * and every rule of doc section 8), Referrer-Policy (W3C Referrer Policy
 * tokens), X-Frame-Options, X-Content-Type-Options and security.txt (RFC
 * 9116, with RFC 3339 dates and RFC 5646 language tags). Inputs are the
 * specifications' own examples where they give one; the expected values
 * come from the specifications, not from running the code.
 */
#include <stdlib.h>
#include <time.h>

#include "http/secheaders.h"
#include "http/sectxt.h"
#include "unit.h"

#define BASE "example.nl"
/* 2021-06-01T00:00:00Z: the fixed "now" of the security.txt cases */
#define NOW ((time_t)1622505600)

static struct csp_policy pol;
static struct csp_finding fs[32];
static size_t nfs;
static char why[256];
static struct sectxt st;

static int
csp1(const char *value)
{
	const char *v[1] = { value };

	return csp_parse(v, 1, &pol, why, sizeof(why));
}

/* Parse one value and judge it; the number of findings, or -1. */
static long
judge(const char *value)
{
	if (csp1(value) != 0)
		return -1;
	nfs = csp_judge(&pol, BASE, fs, sizeof(fs) / sizeof(fs[0]));
	return (long)nfs;
}

/* 1 when finding i has this code, directive and source. */
static int
is(size_t i, const char *code, const char *dir, const char *src)
{
	if (i >= nfs)
		return 0;
	return strcmp(fs[i].code, code) == 0 && strcmp(fs[i].directive, dir) == 0
	    && strcmp(fs[i].source, src) == 0;
}

static const struct csp_source *
src(enum csp_dir d, size_t k)
{
	return k < pol.dir[d].n ? &pol.dir[d].src[k] : NULL;
}

static int
kind(enum csp_dir d, size_t k)
{
	const struct csp_source *s = src(d, k);

	return s != NULL ? s->kind : -1;
}

/* "scheme|host|port|path" of a host source, for one CHECK_STR. */
static const char *
parts(enum csp_dir d, size_t k)
{
	static char b[256];
	const struct csp_source *s = src(d, k);
	const char *t;

	if (s == NULL)
		return "(none)";
	t = csp_src_text(&pol, s);
	snprintf(b, sizeof(b), "%.*s|%.*s|%d|%.*s", (int)s->scheme_len, t,
	    (int)s->host_len, t + s->host_at, (int)s->port, (int)s->path_len,
	    t + s->path_at);
	return b;
}

/* ---- CSP syntax ----------------------------------------------------------- */

static void
test_csp_examples(void)
{
	const char *two[2];

	/* CSP3 §1.2 "Control Execution" */
	CHECK(csp1("script-src https://cdn.example.com/scripts/; "
	    "object-src 'none'") == 0);
	CHECK(pol.n_policies == 1);
	CHECK(pol.dir[CSP_D_SCRIPT_SRC].present && pol.dir[CSP_D_SCRIPT_SRC].n == 1);
	CHECK(kind(CSP_D_SCRIPT_SRC, 0) == CSP_SRC_HOST);
	CHECK_STR(parts(CSP_D_SCRIPT_SRC, 0), "https|cdn.example.com|-1|/scripts/");
	CHECK_STR(csp_src_text(&pol, src(CSP_D_SCRIPT_SRC, 0)),
	    "https://cdn.example.com/scripts/");
	CHECK(kind(CSP_D_OBJECT_SRC, 0) == CSP_SRC_NONE);
	CHECK(!pol.dir[CSP_D_DEFAULT_SRC].present);
	CHECK(pol.notes == 0);

	/* CSP3 §8.1 "Enforcing multiple policies": two headers, the first
	 * connect-src kept in the merged view */
	two[0] = "default-src 'self' http://example.com http://example.net; "
	    "connect-src 'none';";
	two[1] = "connect-src http://example.com/; script-src http://example.com/";
	CHECK(csp_parse(two, 2, &pol, why, sizeof(why)) == 0);
	CHECK(pol.n_policies == 2);
	CHECK(pol.dir[CSP_D_DEFAULT_SRC].n == 3);
	CHECK(kind(CSP_D_DEFAULT_SRC, 0) == CSP_SRC_SELF);
	CHECK_STR(parts(CSP_D_DEFAULT_SRC, 1), "http|example.com|-1|");
	CHECK(kind(CSP_D_CONNECT_SRC, 0) == CSP_SRC_NONE);
	CHECK(pol.dir[CSP_D_CONNECT_SRC].policy == 0);
	CHECK(pol.dir[CSP_D_SCRIPT_SRC].policy == 1);
	CHECK(pol.n_duplicates == 1 && (pol.notes & CSP_NOTE_DUPLICATE));
	/* the same two policies as one comma-joined header */
	CHECK(csp1("default-src 'self' http://example.com http://example.net; "
	    "connect-src 'none', connect-src http://example.com/; "
	    "script-src http://example.com/") == 0);
	CHECK(pol.n_policies == 2 && pol.n_duplicates == 1);
	CHECK(pol.dir[CSP_D_SCRIPT_SRC].policy == 1);

	/* CSP3 'strict-dynamic' example: a nonce and the keyword */
	CHECK(csp1("script-src 'nonce-DhcnhD3khTMePgXwdayK9BsMqXjhguVV' "
	    "'strict-dynamic'") == 0);
	CHECK(kind(CSP_D_SCRIPT_SRC, 0) == CSP_SRC_NONCE);
	CHECK(kind(CSP_D_SCRIPT_SRC, 1) == CSP_SRC_STRICT_DYNAMIC);

	/* CSP3 'unsafe-hashes' example */
	CHECK(csp1("script-src 'unsafe-hashes' "
	    "'sha256-jzgBGA4UWFFmpOBq0JpdsySukE1FrEN5bUpoK8Z29fY='") == 0);
	CHECK(kind(CSP_D_SCRIPT_SRC, 0) == CSP_SRC_UNSAFE_HASHES);
	CHECK(kind(CSP_D_SCRIPT_SRC, 1) == CSP_SRC_HASH);

	/* CSP3 §2.3.1 source expressions, names and keywords in any case */
	CHECK(csp1("DEFAULT-SRC 'SELF' 'None'; Img-Src https: data: blob: "
	    "*.example.com https://*.example.com:443 example.com:* "
	    "https://example.com/path/to/file.js wss://example.com. * "
	    "'report-sample' 'wasm-unsafe-eval' 'sha384-abc/+_-=' "
	    "'sha512-AAAA==' 'nonce-abc' 'unsafe-eval' 'unsafe-inline'") == 0);
	CHECK(kind(CSP_D_DEFAULT_SRC, 0) == CSP_SRC_SELF);
	CHECK(kind(CSP_D_DEFAULT_SRC, 1) == CSP_SRC_NONE);
	CHECK(pol.notes & CSP_NOTE_NONE_MIXED);
	CHECK(pol.dir[CSP_D_IMG_SRC].n == 16);
	CHECK(kind(CSP_D_IMG_SRC, 0) == CSP_SRC_SCHEME);
	CHECK(src(CSP_D_IMG_SRC, 0)->scheme_len == 5);
	CHECK(kind(CSP_D_IMG_SRC, 1) == CSP_SRC_SCHEME);
	CHECK(kind(CSP_D_IMG_SRC, 2) == CSP_SRC_SCHEME);
	CHECK(kind(CSP_D_IMG_SRC, 3) == CSP_SRC_HOST);
	CHECK(src(CSP_D_IMG_SRC, 3)->flags == CSP_SRC_F_STAR_LABEL);
	CHECK_STR(parts(CSP_D_IMG_SRC, 3), "|*.example.com|-1|");
	CHECK_STR(parts(CSP_D_IMG_SRC, 4), "https|*.example.com|443|");
	CHECK_STR(parts(CSP_D_IMG_SRC, 5), "|example.com|-2|");
	CHECK_STR(parts(CSP_D_IMG_SRC, 6), "https|example.com|-1|/path/to/file.js");
	CHECK_STR(parts(CSP_D_IMG_SRC, 7), "wss|example.com.|-1|");
	CHECK(kind(CSP_D_IMG_SRC, 8) == CSP_SRC_HOST);
	CHECK(src(CSP_D_IMG_SRC, 8)->flags == CSP_SRC_F_STAR_HOST);
	CHECK(kind(CSP_D_IMG_SRC, 9) == CSP_SRC_REPORT_SAMPLE);
	CHECK(kind(CSP_D_IMG_SRC, 10) == CSP_SRC_WASM_UNSAFE_EVAL);
	CHECK(kind(CSP_D_IMG_SRC, 11) == CSP_SRC_HASH);
	CHECK(kind(CSP_D_IMG_SRC, 12) == CSP_SRC_HASH);
	CHECK(kind(CSP_D_IMG_SRC, 13) == CSP_SRC_NONCE);
	CHECK(kind(CSP_D_IMG_SRC, 14) == CSP_SRC_UNSAFE_EVAL);
	CHECK(kind(CSP_D_IMG_SRC, 15) == CSP_SRC_UNSAFE_INLINE);
	CHECK(kind(CSP_D_IMG_SRC, 16) == -1);
	CHECK(pol.n_invalid == 0);

	/* not source expressions: kept as invalid, ignored by browsers */
	CHECK(csp1("img-src 'nonce-' 'sha1-abc' 'self https:// *. a..b "
	    "example.com:99999 http://[::1] 'sha256-a=b' *x.example.com "
	    "'unknown-keyword' https://*.") == 0);
	CHECK(pol.dir[CSP_D_IMG_SRC].n == 12);
	CHECK(pol.n_invalid == 12);
	CHECK(kind(CSP_D_IMG_SRC, 0) == CSP_SRC_INVALID);
	CHECK(kind(CSP_D_IMG_SRC, 11) == CSP_SRC_INVALID);
	CHECK(pol.notes == CSP_NOTE_INVALID_SRC);

	/* duplicates inside a policy, unknown and badly named directives */
	CHECK(csp1("script-src 'self'; SCRIPT-SRC *; foo-src x; b@d x; ;; "
	    "sandbox allow-scripts allow-forms; upgrade-insecure-requests") == 0);
	CHECK(pol.dir[CSP_D_SCRIPT_SRC].n == 1);
	CHECK(kind(CSP_D_SCRIPT_SRC, 0) == CSP_SRC_SELF);
	CHECK(pol.n_duplicates == 1 && pol.n_unknown == 2);
	CHECK(pol.notes == (CSP_NOTE_DUPLICATE | CSP_NOTE_UNKNOWN |
	    CSP_NOTE_BAD_NAME));
	CHECK(pol.dir[CSP_D_SANDBOX].n == 2 && kind(CSP_D_SANDBOX, 1) ==
	    CSP_SRC_TOKEN);
	CHECK(pol.dir[CSP_D_UPGRADE_INSECURE_REQUESTS].present &&
	    pol.dir[CSP_D_UPGRADE_INSECURE_REQUESTS].n == 0);
	CHECK(pol.n_seen == 6);

	/* whitespace: tabs and newlines separate, non-ASCII tokens skipped */
	CHECK(csp1(" \tdefault-src\t'self'\n https://ex\xc3\xa4mple.com  ;") == 0);
	CHECK(pol.dir[CSP_D_DEFAULT_SRC].n == 1);
	CHECK(pol.notes == CSP_NOTE_NON_ASCII);
	/* empty header: one empty policy */
	CHECK(csp1("") == 0);
	CHECK(pol.n_policies == 1 && pol.notes == CSP_NOTE_EMPTY);
	CHECK(csp1(" , ") == 0);
	CHECK(pol.n_policies == 2);

	CHECK(csp_parse(NULL, 0, &pol, why, sizeof(why)) == -1);
	CHECK_STR(why, "no Content-Security-Policy header");
	CHECK_STR(csp_dir_name(CSP_D_FRAME_ANCESTORS), "frame-ancestors");
	CHECK(csp_dir_takes_sources(CSP_D_BASE_URI));
	CHECK(!csp_dir_takes_sources(CSP_D_REPORT_URI));
	CHECK_STR(csp_src_kind_str(CSP_SRC_NONCE), "nonce");
}

static void
test_csp_caps(void)
{
	static char big[CSP_BYTES_MAX + 64];
	const char *two[2];
	size_t o = 0, i;

	/* CSP_SOURCES_MAX sources in one directive: fine; one more: refused */
	o = (size_t)snprintf(big, sizeof(big), "img-src");
	for (i = 0; i < CSP_SOURCES_MAX; i++)
		o += (size_t)snprintf(big + o, sizeof(big) - o, " h%zu.example.nl",
		    i);
	CHECK(csp1(big) == 0);
	CHECK(pol.dir[CSP_D_IMG_SRC].n == CSP_SOURCES_MAX);
	snprintf(big + o, sizeof(big) - o, " one-more.example.nl");
	CHECK(csp1(big) == -1);
	CHECK_STR(why, "img-src: more than 128 sources (cap)");
	CHECK(!pol.dir[CSP_D_IMG_SRC].present);

	/* CSP_DIRECTIVES_MAX directives */
	o = 0;
	for (i = 0; i < CSP_DIRECTIVES_MAX; i++)
		o += (size_t)snprintf(big + o, sizeof(big) - o, "x%zu;", i);
	CHECK(csp1(big) == 0);
	snprintf(big + o, sizeof(big) - o, "one-more");
	CHECK(csp1(big) == -1);
	CHECK_STR(why, "more than 128 directives (cap)");

	/* CSP_BYTES_MAX bytes over all values */
	memset(big, ' ', CSP_BYTES_MAX);
	memcpy(big, "img-src", 7);
	big[CSP_BYTES_MAX] = '\0';
	CHECK(csp1(big) == 0);
	two[0] = big;
	two[1] = "x";
	CHECK(csp_parse(two, 2, &pol, why, sizeof(why)) == -1);
	CHECK_STR(why, "Content-Security-Policy longer than 16384 bytes (cap)");
}

/* ---- CSP rules (doc section 8) --------------------------------------------- */

#define GOOD_TAIL "; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
#define GOOD "default-src 'self'; script-src 'self' https://cdn.example.nl" \
	GOOD_TAIL

static void
test_csp_rules(void)
{
	struct csp_finding small[2];

	/* a policy that breaks nothing */
	CHECK(judge(GOOD) == 0);
	CHECK(judge("default-src 'none'; frame-src https://www.youtube.com"
	    GOOD_TAIL) == 0);
	CHECK(judge("default-src 'self' https://www.example.nl "
	    "https://*.example.nl https://EXAMPLE.NL.:443/x" GOOD_TAIL) == 0);

	/* 'unsafe-inline', 'unsafe-eval', 'unsafe-hashes' */
	CHECK(judge(GOOD "; style-src 'self' 'unsafe-inline'") == 1);
	CHECK(is(0, "unsafe_inline", "style-src", "'unsafe-inline'"));
	CHECK(fs[0].rule == CSP_R_UNSAFE_INLINE);
	CHECK_STR(fs[0].text, "style-src allows 'unsafe-inline'");
	CHECK(judge("default-src 'self'; script-src 'self' 'unsafe-eval'"
	    GOOD_TAIL) == 1);
	CHECK(is(0, "unsafe_eval", "script-src", "'unsafe-eval'"));
	CHECK_STR(fs[0].text, "script-src allows 'unsafe-eval'");
	CHECK(judge("default-src 'self'; script-src 'unsafe-hashes' "
	    "'sha256-jzgBGA4UWFFmpOBq0JpdsySukE1FrEN5bUpoK8Z29fY='"
	    GOOD_TAIL) == 1);
	CHECK(is(0, "unsafe_hashes", "script-src", "'unsafe-hashes'"));

	/* http: scheme, "*" scheme, bare https: */
	CHECK(judge(GOOD "; img-src http:") == 1);
	CHECK(is(0, "insecure_scheme", "img-src", "http:"));
	CHECK_STR(fs[0].text, "img-src allows http: (plain HTTP)");
	CHECK(judge(GOOD "; img-src http://img.example.nl") == 1);
	CHECK(is(0, "insecure_scheme", "img-src", "http://img.example.nl"));
	CHECK(judge(GOOD "; img-src *://img.example.nl") == 1);
	CHECK(is(0, "wildcard_scheme", "img-src", "*://img.example.nl"));
	CHECK(judge(GOOD "; img-src *:") == 1);
	CHECK(is(0, "wildcard_scheme", "img-src", "*:"));
	CHECK(judge(GOOD "; img-src https:") == 1);
	CHECK(is(0, "bare_https", "img-src", "https:"));
	CHECK_STR(fs[0].text, "img-src allows https: (any host over HTTPS)");
	/* other schemes are no rule's business outside script/object */
	CHECK(judge(GOOD "; img-src data: blob: wss:") == 0);

	/* a host source without a scheme */
	CHECK(judge("default-src 'self'; script-src 'self' cdn.example.nl"
	    GOOD_TAIL) == 1);
	CHECK(is(0, "host_without_scheme", "script-src", "cdn.example.nl"));
	CHECK_STR(fs[0].text, "script-src allows cdn.example.nl without a scheme");

	/* host "*" and 127.0.0.1 */
	CHECK(judge(GOOD "; img-src *") == 1);
	CHECK(is(0, "wildcard_host", "img-src", "*"));
	CHECK(judge(GOOD "; img-src https://*") == 1);
	CHECK(is(0, "wildcard_host", "img-src", "https://*"));
	CHECK(judge(GOOD "; connect-src https://127.0.0.1:8080") == 1);
	CHECK(is(0, "loopback_host", "connect-src", "https://127.0.0.1:8080"));
	CHECK(judge(GOOD "; connect-src 127.0.0.1") == 2);
	CHECK(is(0, "host_without_scheme", "connect-src", "127.0.0.1"));
	CHECK(is(1, "loopback_host", "connect-src", "127.0.0.1"));

	/* data: in script-src and object-src */
	CHECK(judge("default-src 'self'; script-src 'self' data:" GOOD_TAIL) == 1);
	CHECK(is(0, "data_in_script", "script-src", "data:"));
	CHECK(judge(GOOD "; script-src-elem 'self' data:") == 1);
	CHECK(is(0, "data_in_script", "script-src-elem", "data:"));
	CHECK(judge(GOOD "; object-src data:") == 1);
	CHECK(is(0, "data_in_object", "object-src", "data:"));
	/* ... through the default-src fallback, which data: also widens */
	CHECK(judge("default-src 'self' data:" GOOD_TAIL) == 4);
	CHECK(is(0, "data_in_script", "default-src", "data:"));
	CHECK_STR(fs[0].text, "default-src (used for script-src) allows data: "
	    "(scripts from data: URLs)");
	CHECK(is(1, "data_in_object", "default-src", "data:"));
	CHECK(is(2, "default_src_too_broad", "default-src", "data:"));
	CHECK(is(3, "frame_src_broad", "default-src", "data:"));
	/* no fallback once script-src and object-src are set */
	CHECK(judge("default-src 'self' data:; script-src 'self'; "
	    "object-src 'none'; frame-src 'self'" GOOD_TAIL) == 1);
	CHECK(is(0, "default_src_too_broad", "default-src", "data:"));

	/* default-src missing or too broad */
	CHECK(judge("script-src 'self'; frame-src 'self'" GOOD_TAIL) == 1);
	CHECK(is(0, "default_src_missing", "", ""));
	CHECK(judge("script-src 'self'" GOOD_TAIL) == 2);
	CHECK(is(0, "default_src_missing", "", ""));
	CHECK(is(1, "frame_src_missing", "", ""));
	CHECK(judge("default-src 'self' https://cdn.other.org" GOOD_TAIL) == 1);
	CHECK(is(0, "default_src_too_broad", "default-src",
	    "https://cdn.other.org"));
	CHECK_STR(fs[0].text, "default-src allows https://cdn.other.org (only "
	    "'none', 'self' or hosts under example.nl belong here)");
	/* a name that merely ends like the base domain is not under it */
	CHECK(judge("default-src https://badexample.nl" GOOD_TAIL) == 1);
	CHECK(is(0, "default_src_too_broad", "default-src",
	    "https://badexample.nl"));
	CHECK(judge("default-src 'self' 'nonce-abc'" GOOD_TAIL) == 1);
	CHECK(is(0, "default_src_too_broad", "default-src", "'nonce-abc'"));

	/* base-uri missing or broader */
	CHECK(judge("default-src 'self'; frame-ancestors 'none'; "
	    "form-action 'self'") == 1);
	CHECK(is(0, "base_uri_missing", "", ""));
	CHECK(judge("default-src 'self'; base-uri 'self' https://other.org; "
	    "frame-ancestors 'none'; form-action 'self'") == 1);
	CHECK(is(0, "base_uri_too_broad", "base-uri", "https://other.org"));
	CHECK(judge("default-src 'self'; base-uri https://www.example.nl; "
	    "frame-ancestors 'none'; form-action 'self'") == 0);

	/* frame-src, through child-src and default-src */
	CHECK(judge(GOOD "; frame-src data:") == 1);
	CHECK(is(0, "frame_src_broad", "frame-src", "data:"));
	CHECK_STR(fs[0].text, "frame-src allows data: (only 'self', 'none' or "
	    "named hosts belong here)");
	CHECK(judge(GOOD "; frame-src https:") == 2);
	CHECK(is(0, "bare_https", "frame-src", "https:"));
	CHECK(is(1, "frame_src_broad", "frame-src", "https:"));
	CHECK(judge(GOOD "; child-src blob:") == 1);
	CHECK(is(0, "frame_src_broad", "child-src", "blob:"));
	CHECK_STR(fs[0].text, "child-src (used for frame-src) allows blob: "
	    "(only 'self', 'none' or named hosts belong here)");
	CHECK(judge(GOOD "; child-src blob:; frame-src 'self'") == 0);
	CHECK(judge(GOOD "; frame-src 'self' https://*") == 2);
	CHECK(is(0, "wildcard_host", "frame-src", "https://*"));
	CHECK(is(1, "frame_src_broad", "frame-src", "https://*"));

	/* frame-ancestors: 'self' or 'none' only */
	CHECK(judge("default-src 'self'; base-uri 'self'; form-action 'self'")
	    == 1);
	CHECK(is(0, "frame_ancestors_missing", "", ""));
	CHECK(judge("default-src 'self'; base-uri 'self'; form-action 'self'; "
	    "frame-ancestors 'self' https://partner.example.org") == 1);
	CHECK(is(0, "frame_ancestors_broad", "frame-ancestors",
	    "https://partner.example.org"));
	CHECK(judge("default-src 'self'; base-uri 'self'; form-action 'self'; "
	    "frame-ancestors 'self'") == 0);

	/* form-action: 'self', 'none' or hosts */
	CHECK(judge("default-src 'self'; base-uri 'self'; "
	    "frame-ancestors 'none'") == 1);
	CHECK(is(0, "form_action_missing", "", ""));
	CHECK(judge("default-src 'self'; base-uri 'self'; frame-ancestors "
	    "'none'; form-action 'self' https:") == 2);
	CHECK(is(0, "bare_https", "form-action", "https:"));
	CHECK(is(1, "form_action_broad", "form-action", "https:"));
	CHECK(judge("default-src 'self'; base-uri 'self'; frame-ancestors "
	    "'none'; form-action https://forms.example.org") == 0);

	/* only known directives count; a repeat is judged once */
	CHECK(judge(GOOD "; foo-src 'unsafe-inline'; report-uri http://r.nl/") == 0);
	CHECK(judge(GOOD "; style-src 'unsafe-inline' 'UNSAFE-INLINE'") == 1);
	CHECK(is(0, "unsafe_inline", "style-src", "'unsafe-inline'"));
	/* the first occurrence wins, in a later policy too */
	CHECK(judge(GOOD ", script-src 'unsafe-inline'") == 0);

	/* an empty policy breaks the five presence rules */
	CHECK(judge("") == 5);
	CHECK(is(0, "default_src_missing", "", ""));
	CHECK(is(1, "base_uri_missing", "", ""));
	CHECK(is(2, "frame_src_missing", "", ""));
	CHECK(is(3, "frame_ancestors_missing", "", ""));
	CHECK(is(4, "form_action_missing", "", ""));
	/* no base domain: only 'none' and 'self' */
	CHECK(csp1("default-src https://www.example.nl" GOOD_TAIL) == 0);
	CHECK(csp_judge(&pol, NULL, fs, 32) == 1);
	CHECK_STR(fs[0].code, "default_src_too_broad");
	CHECK(csp_judge(&pol, "example.nl.", fs, 32) == 0);
	/* the count is the whole count, whatever the room */
	CHECK(csp1("") == 0);
	CHECK(csp_judge(&pol, BASE, small, 2) == 5);
	CHECK_STR(small[1].code, "base_uri_missing");
	CHECK(csp_judge(&pol, BASE, NULL, 0) == 5);
	CHECK_STR(csp_rule_code(CSP_R_FRAME_SRC_BROAD), "frame_src_broad");

	/* a source longer than CSP_SHOW_MAX is cut in the finding */
	CHECK(judge(GOOD "; img-src http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.nl") == 1);
	CHECK(strlen(fs[0].source) == CSP_SHOW_MAX + 3);
}

/* ---- other headers ---------------------------------------------------------- */

static struct sechdr_refpol_result rp;

static enum sechdr_refpol
refpol(const char *a, const char *b)
{
	const char *v[2] = { a, b };

	sechdr_referrer_policy(v, b != NULL ? 2 : 1, &rp);
	return rp.policy;
}

static void
test_referrer_policy(void)
{
	/* the W3C Referrer Policy tokens, each alone */
	CHECK(refpol("no-referrer", NULL) == SECHDR_RP_NO_REFERRER);
	CHECK(rp.cls == SECHDR_RPC_GOOD);
	CHECK(refpol("same-origin", NULL) == SECHDR_RP_SAME_ORIGIN);
	CHECK(rp.cls == SECHDR_RPC_GOOD);
	CHECK(refpol("strict-origin", NULL) == SECHDR_RP_STRICT_ORIGIN);
	CHECK(rp.cls == SECHDR_RPC_SUFFICIENT);
	CHECK(refpol("strict-origin-when-cross-origin", NULL) ==
	    SECHDR_RP_STRICT_ORIGIN_WHEN_CROSS_ORIGIN);
	CHECK(rp.cls == SECHDR_RPC_SUFFICIENT);
	CHECK(refpol("origin", NULL) == SECHDR_RP_ORIGIN);
	CHECK(rp.cls == SECHDR_RPC_WEAK);
	CHECK(refpol("origin-when-cross-origin", NULL) ==
	    SECHDR_RP_ORIGIN_WHEN_CROSS_ORIGIN);
	CHECK(rp.cls == SECHDR_RPC_WEAK);
	CHECK(refpol("no-referrer-when-downgrade", NULL) ==
	    SECHDR_RP_NO_REFERRER_WHEN_DOWNGRADE);
	CHECK(rp.cls == SECHDR_RPC_BAD);
	CHECK(refpol("unsafe-url", NULL) == SECHDR_RP_UNSAFE_URL);
	CHECK(rp.cls == SECHDR_RPC_BAD);
	CHECK_STR(rp.detail, "unsafe-url: the full URL goes to every site, also "
	    "over plain HTTP");
	/* the empty string is a valid token meaning "no policy" */
	CHECK(refpol("", NULL) == SECHDR_RP_EMPTY);
	CHECK(rp.cls == SECHDR_RPC_NONE && rp.n_tokens == 0);
	/* §11.1: the last known token wins, unknown ones are skipped */
	CHECK(refpol("no-referrer, strict-origin-when-cross-origin", NULL) ==
	    SECHDR_RP_STRICT_ORIGIN_WHEN_CROSS_ORIGIN);
	CHECK(refpol("no-referrer, unsafe-url", NULL) == SECHDR_RP_UNSAFE_URL);
	CHECK(refpol("unsafe-url", "no-referrer") == SECHDR_RP_NO_REFERRER);
	CHECK(refpol("same-origin, some-future-policy", NULL) ==
	    SECHDR_RP_SAME_ORIGIN);
	CHECK(rp.n_tokens == 2 && rp.n_unknown == 1);
	CHECK(refpol("some-future-policy", NULL) == SECHDR_RP_EMPTY);
	CHECK(rp.n_unknown == 1 && rp.cls == SECHDR_RPC_NONE);
	CHECK(refpol(" Same-Origin ,", NULL) == SECHDR_RP_SAME_ORIGIN);
	CHECK(rp.not_lower == 1);
	sechdr_referrer_policy(NULL, 0, &rp);
	CHECK(rp.policy == SECHDR_RP_EMPTY && rp.cls == SECHDR_RPC_NONE);
	CHECK_STR(rp.detail, "no Referrer-Policy: the browser's default applies");
	CHECK_STR(sechdr_refpol_str(SECHDR_RP_ORIGIN), "origin");
	CHECK_STR(sechdr_rp_class_code(SECHDR_RPC_SUFFICIENT), "sufficient");
}

static void
test_xfo_xcto(void)
{
	struct sechdr_xfo_result x;
	struct sechdr_xcto_result c;
	const char *v[2];

	v[0] = "DENY";
	sechdr_xfo(v, 1, &x);
	CHECK(x.ok && x.value == SECHDR_XFO_DENY);
	CHECK_STR(x.code, "deny");
	v[0] = " sameorigin ";
	sechdr_xfo(v, 1, &x);
	CHECK(x.ok && x.value == SECHDR_XFO_SAMEORIGIN);
	v[0] = "ALLOW-FROM https://example.com/";
	sechdr_xfo(v, 1, &x);
	CHECK(!x.ok && x.value == SECHDR_XFO_ALLOW_FROM);
	CHECK_STR(x.code, "allow_from");
	v[0] = "ALLOWALL";
	sechdr_xfo(v, 1, &x);
	CHECK(!x.ok && x.value == SECHDR_XFO_ALLOWALL);
	v[0] = "DENY, SAMEORIGIN";
	sechdr_xfo(v, 1, &x);
	CHECK(!x.ok && x.value == SECHDR_XFO_MULTIPLE && x.n_values == 2);
	CHECK(x.first == SECHDR_XFO_DENY);
	CHECK_STR(x.code, "multiple");
	v[0] = "SAMEORIGIN";
	v[1] = "DENY";
	sechdr_xfo(v, 2, &x);
	CHECK(!x.ok && x.value == SECHDR_XFO_MULTIPLE);
	CHECK(x.first == SECHDR_XFO_SAMEORIGIN);
	/* the same value twice is one value (HTML's set) */
	v[0] = "DENY";
	v[1] = "deny";
	sechdr_xfo(v, 2, &x);
	CHECK(x.ok && x.value == SECHDR_XFO_DENY && x.n_values == 2);
	v[0] = "";
	sechdr_xfo(v, 1, &x);
	CHECK(!x.ok && x.value == SECHDR_XFO_INVALID);
	v[0] = "DENY;";
	sechdr_xfo(v, 1, &x);
	CHECK(!x.ok && x.value == SECHDR_XFO_INVALID);
	sechdr_xfo(NULL, 0, &x);
	CHECK(!x.ok && x.value == SECHDR_XFO_MISSING);
	CHECK_STR(x.code, "missing");

	v[0] = "nosniff";
	sechdr_xcto(v, 1, &c);
	CHECK(c.ok);
	CHECK_STR(c.code, "nosniff");
	v[0] = " NoSniff ";
	sechdr_xcto(v, 1, &c);
	CHECK(c.ok);
	v[0] = "nosniff, nosniff";
	sechdr_xcto(v, 1, &c);
	CHECK(c.ok && c.n_values == 2);
	v[0] = "sniff";
	sechdr_xcto(v, 1, &c);
	CHECK(!c.ok);
	CHECK_STR(c.code, "other");
	v[0] = "no-sniff";
	sechdr_xcto(v, 1, &c);
	CHECK(!c.ok);
	v[0] = "";
	sechdr_xcto(v, 1, &c);
	CHECK(!c.ok);
	CHECK_STR(c.code, "empty");
	sechdr_xcto(NULL, 0, &c);
	CHECK(!c.ok);
	CHECK_STR(c.code, "missing");
}

/* ---- security.txt ------------------------------------------------------------ */

#define EXPECTED "https://example.com/.well-known/security.txt"

static size_t
stxt(const char *body)
{
	return sectxt_parse(body, strlen(body), EXPECTED, NOW, &st);
}

/* 1 when a kept finding has this code (and this line, unless 0). */
static int
has(const char *code, size_t line)
{
	size_t i;

	for (i = 0; i < st.n_findings; i++)
		if (strcmp(st.findings[i].code, code) == 0 &&
		    (line == 0 || st.findings[i].line == line))
			return 1;
	return 0;
}

/* Codes of all findings, space-separated, for one CHECK_STR. */
static const char *
codes(void)
{
	static char b[1024];
	size_t i, o = 0;

	b[0] = '\0';
	for (i = 0; i < st.n_findings && o < sizeof(b); i++)
		o += (size_t)snprintf(b + o, sizeof(b) - o, "%s%s", i ? " " : "",
		    st.findings[i].code);
	return b;
}

/* RFC 9116 §4, the unsigned example file, with a Canonical line */
static const char rfc_unsigned[] =
    "# Canonical URI\n"
    "Canonical: https://example.com/.well-known/security.txt\n"
    "\n"
    "# Our security address\n"
    "Contact: mailto:security@example.com\n"
    "\n"
    "# Our OpenPGP key\n"
    "Encryption: https://example.com/pgp-key.txt\n"
    "\n"
    "# Our security policy\n"
    "Policy: https://example.com/security-policy.html\n"
    "\n"
    "# Our security acknowledgments page\n"
    "Acknowledgments: https://example.com/hall-of-fame.html\n"
    "\n"
    "Expires: 2021-12-31T18:37:07.000Z\n";

/* RFC 9116 §4, the signed form (a placeholder signature in base64) */
static const char rfc_signed[] =
    "-----BEGIN PGP SIGNED MESSAGE-----\n"
    "Hash: SHA256\n"
    "\n"
    "# Canonical URI\n"
    "Canonical: https://example.com/.well-known/security.txt\n"
    "\n"
    "# Our security address\n"
    "Contact: mailto:security@example.com\n"
    "\n"
    "# Our OpenPGP key\n"
    "Encryption: https://example.com/pgp-key.txt\n"
    "\n"
    "# Our security policy\n"
    "Policy: https://example.com/security-policy.html\n"
    "\n"
    "# Our security acknowledgments page\n"
    "Acknowledgments: https://example.com/hall-of-fame.html\n"
    "\n"
    "Expires: 2021-12-31T18:37:07.000Z\n"
    "-----BEGIN PGP SIGNATURE-----\n"
    "Version: GnuPG v2.2\n"
    "\n"
    "iHUEARYIAB0WIQRycB5RkOs+wpg9n6EnTmJIVFicwwUCZ0nSzgAKCRAnTmJIVFic\n"
    "w9wAAP9R0rDI4gC6XCiQvwE2rW5Rl+L4tWHT41uAxe2fjtY0sAEA9nY903oadTiK\n"
    "=BC3U\n"
    "-----END PGP SIGNATURE-----\n";

static void
test_sectxt_examples(void)
{
	static char crlf[sizeof(rfc_signed) * 2];
	size_t i, o = 0;

	CHECK(stxt(rfc_unsigned) == 0);
	CHECK_STR(codes(), "not_signed");
	CHECK(st.n_errors == 0);
	CHECK(st.n_recommendations == 1);
	CHECK(has("not_signed", 0));
	CHECK(!st.is_signed);
	CHECK_STR(sectxt_signature_str(&st), "not signed");
	CHECK(st.contact.n == 1);
	CHECK_STR(st.contact.v[0], "mailto:security@example.com");
	CHECK(st.contact.line[0] == 5);
	CHECK_STR(st.encryption.v[0], "https://example.com/pgp-key.txt");
	CHECK_STR(st.policy.v[0], "https://example.com/security-policy.html");
	CHECK_STR(st.acknowledgments.v[0],
	    "https://example.com/hall-of-fame.html");
	CHECK(st.canonical.n == 1 && st.canonical_match);
	CHECK(st.has_expires && st.expires == (time_t)1640975827);
	CHECK(st.expires_line == 16);
	CHECK(st.n_lines == 16 && st.n_fields == 6 && st.n_unknown_fields == 0);

	CHECK(stxt(rfc_signed) == 0);
	CHECK(st.n_recommendations == 0 && st.n_findings == 0);
	CHECK(st.is_signed);
	CHECK_STR(sectxt_signature_str(&st), "signed, not verified");
	CHECK(st.contact.n == 1 && st.encryption.n == 1 && st.canonical_match);
	CHECK(st.expires == (time_t)1640975827 && st.expires_line == 19);

	/* the same with CRLF line ends */
	for (i = 0; rfc_signed[i] != '\0'; i++) {
		if (rfc_signed[i] == '\n')
			crlf[o++] = '\r';
		crlf[o++] = rfc_signed[i];
	}
	crlf[o] = '\0';
	CHECK(stxt(crlf) == 0);
	CHECK(st.n_findings == 0 && st.is_signed);
	CHECK(st.expires == (time_t)1640975827);

	/* RFC 9116 §2.5 field examples, names in any case, unknown fields */
	CHECK(stxt("contact: mailto:security@example.com\n"
	    "CONTACT: tel:+1-201-555-0123\n"
	    "Contact: https://example.com/security-contact.html\n"
	    "Encryption: dns:5d2d37ab76d47d36._openpgpkey.example.com"
	    "?type=OPENPGPKEY\n"
	    "Encryption: openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b8a3b97\n"
	    "Hiring: https://example.com/jobs.html\n"
	    "Policy: https://example.com/disclosure.html\n"
	    "CSAF: https://example.com/.well-known/csaf/provider-metadata.json\n"
	    "Preferred-Languages: en, es\n"
	    "Bug-Bounty: True\n"
	    "Expires: 2021-12-31T18:37:07.000Z") == 0);
	CHECK(st.contact.n == 3 && st.encryption.n == 2);
	CHECK_STR(st.contact.v[1], "tel:+1-201-555-0123");
	CHECK(st.hiring.n == 1 && st.csaf.n == 1);
	CHECK(st.n_langs == 2);
	CHECK_STR(st.langs[0], "en");
	CHECK_STR(st.langs[1], "es");
	CHECK(st.n_unknown_fields == 1);
	CHECK(st.n_lines == 11);
	CHECK(st.n_recommendations == 2);
	CHECK(has("not_signed", 0) && has("no_canonical", 0));
}

static void
test_sectxt_errors(void)
{
	static char big[SECTXT_BODY_MAX + 2];

	/* no Contact; no Expires */
	CHECK(stxt("Expires: 2021-12-31T18:37:07Z\n") == 1);
	CHECK(has("no_contact", 0));
	CHECK(st.findings[0].severity == SECTXT_ERROR);
	CHECK(stxt("Contact: mailto:security@example.com\n") == 1);
	CHECK(has("no_expires", 0));

	/* Expires twice, malformed, in the past */
	CHECK(stxt("Contact: mailto:a@example.com\n"
	    "Expires: 2021-12-31T18:37:07Z\nExpires: 2021-11-30T00:00:00Z\n") == 1);
	CHECK(has("multiple_expires", 3));
	CHECK(st.expires == (time_t)1640975827);
	CHECK(stxt("Contact: mailto:a@example.com\nExpires: 2021-12-31\n") == 1);
	CHECK(has("invalid_expires", 2));
	CHECK(!st.has_expires && !has("no_expires", 0));
	CHECK(stxt("Contact: mailto:a@example.com\n"
	    "Expires: Fri, 31 Dec 2021 18:37:07 GMT\n") == 1);
	CHECK(has("invalid_expires", 2));
	CHECK(stxt("Contact: mailto:a@example.com\n"
	    "Expires: 2021-02-29T00:00:00Z\n") == 1);
	CHECK(has("invalid_expires", 2));
	CHECK(stxt("Contact: mailto:a@example.com\n"
	    "Expires: 2021-05-31T23:59:59Z\n") == 1);
	CHECK(has("expired", 2));
	CHECK(st.findings[0].line == 2);
	CHECK(stxt("Contact: mailto:a@example.com\n"
	    "Expires: 2021-06-01T00:00:00Z\n") == 0);

	/* Canonical: none equals the URL fetched */
	CHECK(stxt("Contact: mailto:a@example.com\nExpires: 2021-12-31T18:37:07Z\n"
	    "Canonical: https://www.example.com/.well-known/security.txt\n"
	    "Canonical: https://example.com/security.txt\n") == 1);
	CHECK(has("canonical_mismatch", 3));
	CHECK(!has("no_canonical", 0));
	CHECK(stxt("Contact: mailto:a@example.com\nExpires: 2021-12-31T18:37:07Z\n"
	    "Canonical: https://www.example.com/.well-known/security.txt\n"
	    "Canonical: HTTPS://Example.COM:443/.well-known/security.txt#x\n") ==
	    0);
	CHECK(st.canonical_match && st.canonical.n == 2);
	CHECK(sectxt_parse(rfc_unsigned, strlen(rfc_unsigned),
	    "https://example.org/.well-known/security.txt", NOW, &st) == 1);
	CHECK(has("canonical_mismatch", 2));
	CHECK(sectxt_parse(rfc_unsigned, strlen(rfc_unsigned), NULL, NOW, &st) ==
	    0);

	/* web URIs must be https */
	CHECK(stxt("Contact: mailto:a@example.com\nExpires: 2021-12-31T18:37:07Z\n"
	    "Policy: http://example.com/policy.html\n") == 1);
	CHECK(has("not_https", 3));
	CHECK(stxt("Contact: http://example.com/report\n"
	    "Expires: 2021-12-31T18:37:07Z\n") == 1);
	CHECK(has("not_https", 1));
	/* a value that is no URI */
	CHECK(stxt("Contact: security@example.com\n"
	    "Expires: 2021-12-31T18:37:07Z\n") == 1);
	CHECK(has("invalid_uri", 1));
	CHECK(!has("no_contact", 0));
	CHECK(stxt("Contact: https://exa mple.com/\n"
	    "Expires: 2021-12-31T18:37:07Z\n") == 1);
	CHECK(has("invalid_uri", 1));
	CHECK(stxt("Contact: https:example.com\n"
	    "Expires: 2021-12-31T18:37:07Z\n") == 1);
	CHECK(has("invalid_uri", 1));

	/* Preferred-Languages */
	CHECK(stxt("Contact: mailto:a@example.com\nExpires: 2021-12-31T18:37:07Z\n"
	    "Preferred-Languages: en, 123\n") == 1);
	CHECK(has("invalid_lang", 3));
	CHECK(stxt("Contact: mailto:a@example.com\nExpires: 2021-12-31T18:37:07Z\n"
	    "Preferred-Languages: en,,nl\n") == 1);
	CHECK(has("invalid_lang", 3));
	CHECK(stxt("Contact: mailto:a@example.com\nExpires: 2021-12-31T18:37:07Z\n"
	    "Preferred-Languages: en\nPreferred-Languages: nl\n") == 1);
	CHECK(has("multiple_lang", 4));
	CHECK(stxt("Contact: mailto:a@example.com\nExpires: 2021-12-31T18:37:07Z\n"
	    "Preferred-Languages: nl-NL,\ten , zh-Hant-TW\n") == 0);
	CHECK(st.n_langs == 3);
	CHECK_STR(st.langs[2], "zh-Hant-TW");

	/* malformed lines */
	CHECK(stxt("Contact mailto:a@example.com\nContact: mailto:b@example.com\n"
	    "Expires: 2021-12-31T18:37:07Z\n") == 1);
	CHECK(has("invalid_line", 1));
	CHECK(stxt("Contact:mailto:a@example.com\n"
	    "Expires: 2021-12-31T18:37:07Z\n") == 2);
	CHECK_STR(codes(), "invalid_line no_contact no_encryption not_signed "
	    "no_canonical");
	CHECK_STR(st.findings[0].text, "Contact: a space must follow the ':'");
	CHECK(stxt(" Contact: mailto:a@example.com\n"
	    "Expires: 2021-12-31T18:37:07Z\n") == 2);
	CHECK(has("invalid_line", 1) && has("no_contact", 0));
	CHECK(stxt("Contact: mailto:a@example.com\nExpires: 2021-12-31T18:37:07Z\n"
	    ": value\nBad Name: x\nX: \x01\n# ok \xc3\xa9\n# bad \xc3\n"
	    "Y: a\rb\nZ: \xed\xa0\x80\n") == 6);
	CHECK(has("invalid_line", 3) && has("invalid_line", 4) &&
	    has("invalid_line", 5) && has("invalid_line", 7) &&
	    has("invalid_line", 8) && has("invalid_line", 9));
	CHECK(!has("invalid_line", 6));
	CHECK(stxt("\xef\xbb\xbf" "Contact: mailto:a@example.com\n"
	    "Expires: 2021-12-31T18:37:07Z\n") == 1);
	CHECK(has("invalid_line", 1));
	CHECK(st.contact.n == 1);
	CHECK(stxt("Contact: mailto:a@example.com\nExpires: 2021-12-31T18:37:07Z\n"
	    "Policy:\n") == 1);
	CHECK(has("invalid_line", 3));
	/* trailing whitespace and blank lines of whitespace are fine */
	CHECK(stxt("Contact: mailto:a@example.com \t\r\n   \r\n"
	    "Expires: 2021-12-31T18:37:07Z\n") == 0);
	CHECK_STR(st.contact.v[0], "mailto:a@example.com");

	/* too large: nothing parsed */
	memset(big, '#', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(sectxt_parse(big, SECTXT_BODY_MAX + 1, EXPECTED, NOW, &st) == 1);
	CHECK_STR(codes(), "too_large");
	CHECK(sectxt_parse(big, SECTXT_BODY_MAX, EXPECTED, NOW, &st) == 2);
	CHECK(has("no_contact", 0) && has("no_expires", 0));
	/* empty */
	CHECK(sectxt_parse(NULL, 0, EXPECTED, NOW, &st) == 2);
	CHECK_STR(codes(), "no_contact no_expires no_encryption not_signed "
	    "no_canonical");
}

#define SIGNED_HEAD "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n"
#define FIELDS "Contact: mailto:a@example.com\n" \
	"Expires: 2021-12-31T18:37:07Z\n" \
	"Encryption: https://example.com/key.txt\n" \
	"Canonical: https://example.com/.well-known/security.txt\n"
#define SIG "-----BEGIN PGP SIGNATURE-----\n\niHUEARYIAB0WIQRycB5R\n=BC3U\n" \
	"-----END PGP SIGNATURE-----\n"

static void
test_sectxt_signed(void)
{
	/* well-formed: dash-escaped lines unescaped, no Hash header */
	CHECK(stxt(SIGNED_HEAD "- Contact: mailto:b@example.com\n" FIELDS SIG)
	    == 0);
	CHECK(st.is_signed && st.contact.n == 2 && st.n_findings == 0);
	CHECK_STR(st.contact.v[0], "mailto:b@example.com");
	CHECK(stxt("-----BEGIN PGP SIGNED MESSAGE-----\n\n" FIELDS SIG) == 0);
	CHECK(stxt(SIGNED_HEAD FIELDS SIG "\n\n") == 0);

	/* not dash-escaped */
	CHECK(stxt(SIGNED_HEAD FIELDS "-Contact: mailto:b@example.com\n" SIG) ==
	    1);
	CHECK(has("signed_format", 8));
	/* no signature, no end */
	CHECK(stxt(SIGNED_HEAD FIELDS) == 1);
	CHECK(has("signed_format", 7));
	CHECK(stxt(SIGNED_HEAD FIELDS "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n")
	    == 1);
	CHECK(has("signed_format", 0));
	/* text after the signature */
	CHECK(stxt(SIGNED_HEAD FIELDS SIG "Contact: mailto:c@example.com\n") == 1);
	CHECK(has("signed_format", 13));
	CHECK(st.contact.n == 1);
	/* a second BEGIN PGP SIGNATURE inside the block */
	CHECK(stxt(SIGNED_HEAD FIELDS "-----BEGIN PGP SIGNATURE-----\n"
	    "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n")
	    == 1);
	CHECK(has("signed_format", 9));
	/* an empty signature */
	CHECK(stxt(SIGNED_HEAD FIELDS "-----BEGIN PGP SIGNATURE-----\n\n"
	    "-----END PGP SIGNATURE-----\n") == 1);
	CHECK(has("signed_format", 10));
	/* headers other than Hash, no blank line */
	CHECK(stxt("-----BEGIN PGP SIGNED MESSAGE-----\nComment: x\n\n" FIELDS SIG)
	    == 1);
	CHECK(has("signed_format", 2));
	/* armor in an unsigned file */
	CHECK(stxt(FIELDS SIG) == 1);
	CHECK(has("signed_format", 5));
	CHECK(!st.is_signed && has("not_signed", 0));
	CHECK(stxt("\n" SIGNED_HEAD FIELDS SIG) == 1);
	CHECK(has("signed_format", 2));
	CHECK(!st.is_signed && st.contact.n == 1);
}

static void
test_sectxt_recommendations(void)
{
	/* Expires more than a year ahead (now is 2021-06-01T00:00:00Z) */
	CHECK(stxt("Contact: mailto:a@example.com\n"
	    "Expires: 2022-06-01T00:00:01Z\n") == 0);
	CHECK(has("long_expiry", 2));
	CHECK(st.findings[0].severity == SECTXT_RECOMMENDATION);
	CHECK(stxt("Contact: mailto:a@example.com\n"
	    "Expires: 2022-06-01T00:00:00Z\n") == 0);
	CHECK(!has("long_expiry", 0));
	CHECK(stxt("Contact: mailto:a@example.com\n"
	    "Expires: 2022-06-01T01:00:00+02:00\n") == 0);
	CHECK(!has("long_expiry", 0));
	/* the four recommendations together */
	CHECK(stxt("Contact: mailto:a@example.com\n"
	    "Expires: 2030-01-01T00:00:00Z\n") == 0);
	CHECK_STR(codes(), "long_expiry no_encryption not_signed no_canonical");
	CHECK(st.n_recommendations == 4);
	CHECK_STR(sectxt_severity_str(st.findings[0].severity), "recommendation");
	CHECK(sectxt_code_severity(SECTXT_NO_CANONICAL) == SECTXT_RECOMMENDATION);
	CHECK(sectxt_code_severity(SECTXT_EXPIRED) == SECTXT_ERROR);
	CHECK_STR(sectxt_code_str(SECTXT_CANONICAL_MISMATCH),
	    "canonical_mismatch");
}

static void
test_sectxt_caps(void)
{
	static char body[8192];
	size_t o = 0, i;

	for (i = 0; i < SECTXT_VALUES_MAX + 4; i++)
		o += (size_t)snprintf(body + o, sizeof(body) - o,
		    "Contact: mailto:c%zu@example.com\n", i);
	o += (size_t)snprintf(body + o, sizeof(body) - o,
	    "Expires: 2021-12-31T18:37:07Z\n");
	for (i = 0; i < 40; i++)
		o += (size_t)snprintf(body + o, sizeof(body) - o, "bad line\n");
	CHECK(stxt(body) == 40);
	CHECK(st.contact.n == SECTXT_VALUES_MAX + 4);
	CHECK(st.contact.kept == SECTXT_VALUES_MAX);
	CHECK_STR(st.contact.v[SECTXT_VALUES_MAX - 1], "mailto:c15@example.com");
	CHECK(st.n_findings == SECTXT_LINE_FINDINGS_MAX + 3);
	CHECK(st.n_dropped == 40 - SECTXT_LINE_FINDINGS_MAX);
	CHECK(has("not_signed", 0));
}

static void
test_datetime_langs_ctype(void)
{
	time_t t;

	/* RFC 3339 §5.8 examples */
	CHECK(sectxt_parse_datetime("1985-04-12T23:20:50.52Z", 23, &t, why,
	    sizeof(why)) == 0 && t == (time_t)482196050);
	CHECK(sectxt_parse_datetime("1996-12-19T16:39:57-08:00", 25, &t, why,
	    sizeof(why)) == 0 && t == (time_t)851042397);
	CHECK(sectxt_parse_datetime("1990-12-31T23:59:60Z", 20, &t, why,
	    sizeof(why)) == 0 && t == (time_t)662688000);
	CHECK(sectxt_parse_datetime("1990-12-31T15:59:60-08:00", 25, &t, why,
	    sizeof(why)) == 0 && t == (time_t)662688000);
	CHECK(sectxt_parse_datetime("1937-01-01T12:00:27.87+00:20", 28, &t, why,
	    sizeof(why)) == 0 && t == (time_t)-1041337173);
	CHECK(sectxt_parse_datetime("2024-02-29t12:00:00z", 20, &t, why,
	    sizeof(why)) == 0 && t == (time_t)1709208000);
	CHECK(sectxt_parse_datetime("2021-12-31 18:37:07Z", 20, &t, why,
	    sizeof(why)) == -1);
	CHECK_STR(why, "'T' expected between date and time");
	CHECK(sectxt_parse_datetime("2021-12-31T18:37Z", 17, &t, why,
	    sizeof(why)) == -1);
	CHECK(sectxt_parse_datetime("2021-12-31T18:37:07", 19, &t, why,
	    sizeof(why)) == -1);
	CHECK(sectxt_parse_datetime("2021-12-31T24:00:00Z", 20, &t, why,
	    sizeof(why)) == -1);
	CHECK(sectxt_parse_datetime("2021-13-01T00:00:00Z", 20, &t, why,
	    sizeof(why)) == -1);
	CHECK(sectxt_parse_datetime("2021-12-31T18:37:07.Z", 21, &t, why,
	    sizeof(why)) == -1);
	CHECK(sectxt_parse_datetime("2021-12-31T18:37:07+0100", 24, &t, why,
	    sizeof(why)) == -1);
	CHECK(sectxt_parse_datetime("2021-12-31T18:37:07Z ", 21, &t, why,
	    sizeof(why)) == -1);

	/* RFC 5646 Appendix A, well-formed ... */
	CHECK(sectxt_lang_tag_ok("de", 2));
	CHECK(sectxt_lang_tag_ok("i-enochian", 10));
	CHECK(sectxt_lang_tag_ok("zh-Hant", 7));
	CHECK(sectxt_lang_tag_ok("zh-cmn-Hans-CN", 14));
	CHECK(sectxt_lang_tag_ok("zh-yue-HK", 9));
	CHECK(sectxt_lang_tag_ok("sr-Latn-RS", 10));
	CHECK(sectxt_lang_tag_ok("sl-rozaj-biske", 14));
	CHECK(sectxt_lang_tag_ok("de-CH-1901", 10));
	CHECK(sectxt_lang_tag_ok("hy-Latn-IT-arevela", 18));
	CHECK(sectxt_lang_tag_ok("es-419", 6));
	CHECK(sectxt_lang_tag_ok("de-CH-x-phonebk", 15));
	CHECK(sectxt_lang_tag_ok("az-Arab-x-AZE-derbend", 21));
	CHECK(sectxt_lang_tag_ok("x-whatever", 10));
	CHECK(sectxt_lang_tag_ok("qaa-Qaaa-QM-x-southern", 22));
	CHECK(sectxt_lang_tag_ok("en-US-u-islamcal", 16));
	CHECK(sectxt_lang_tag_ok("zh-CN-a-myext-x-private", 23));
	CHECK(sectxt_lang_tag_ok("en-a-myext-b-another", 20));
	CHECK(sectxt_lang_tag_ok("en-GB-oed", 9));
	/* ... and not */
	CHECK(!sectxt_lang_tag_ok("de-419-DE", 9));
	CHECK(!sectxt_lang_tag_ok("a-DE", 4));
	CHECK(!sectxt_lang_tag_ok("en-", 3));
	CHECK(!sectxt_lang_tag_ok("x", 1));
	CHECK(!sectxt_lang_tag_ok("en-a", 4));
	CHECK(sectxt_lang_tag_ok("english-language", 16)); /* 5*8ALPHA, variant */
	CHECK(!sectxt_lang_tag_ok("englishlanguage", 15));
	CHECK(!sectxt_lang_tag_ok("en_US", 5));
	CHECK(!sectxt_lang_tag_ok("", 0));

	/* Content-Type */
	CHECK(sectxt_content_type_ok("text/plain; charset=utf-8"));
	CHECK(sectxt_content_type_ok("Text/Plain;CHARSET=UTF-8"));
	CHECK(sectxt_content_type_ok("text/plain; format=flowed; "
	    "charset=\"utf-8\""));
	CHECK_STR(sectxt_content_type_problem("text/plain"), "no_charset");
	CHECK_STR(sectxt_content_type_problem("text/plain; format=flowed"),
	    "no_charset");
	CHECK_STR(sectxt_content_type_problem("text/plain; charset=iso-8859-1"),
	    "bad_charset");
	CHECK_STR(sectxt_content_type_problem("text/plain; charset=utf8"),
	    "bad_charset");
	CHECK_STR(sectxt_content_type_problem("text/html; charset=utf-8"),
	    "not_text_plain");
	CHECK_STR(sectxt_content_type_problem(""), "no_content_type");
	CHECK_STR(sectxt_content_type_problem(NULL), "no_content_type");
	CHECK(!sectxt_content_type_ok("text/plain"));
}

int
main(void)
{
	test_csp_examples();
	test_csp_caps();
	test_csp_rules();
	test_referrer_policy();
	test_xfo_xcto();
	test_sectxt_examples();
	test_sectxt_errors();
	test_sectxt_signed();
	test_sectxt_recommendations();
	test_sectxt_caps();
	test_datetime_langs_ctype();
	return unit_done("test_websec");
}
