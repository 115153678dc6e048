#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/sectxt.h"

#define SHOW 48                /* bytes of a value quoted in a sentence */
#define YEAR_SECS_MAX 31622400 /* 366 days: no calendar year is longer */

static const struct {
	const char *code;
	enum sectxt_severity sev;
} codes[SECTXT_CODE__COUNT] = {
	[SECTXT_TOO_LARGE] = { "too_large", SECTXT_ERROR },
	[SECTXT_INVALID_LINE] = { "invalid_line", SECTXT_ERROR },
	[SECTXT_INVALID_URI] = { "invalid_uri", SECTXT_ERROR },
	[SECTXT_NOT_HTTPS] = { "not_https", SECTXT_ERROR },
	[SECTXT_NO_CONTACT] = { "no_contact", SECTXT_ERROR },
	[SECTXT_NO_EXPIRES] = { "no_expires", SECTXT_ERROR },
	[SECTXT_MULTIPLE_EXPIRES] = { "multiple_expires", SECTXT_ERROR },
	[SECTXT_INVALID_EXPIRES] = { "invalid_expires", SECTXT_ERROR },
	[SECTXT_EXPIRED] = { "expired", SECTXT_ERROR },
	[SECTXT_CANONICAL_MISMATCH] = { "canonical_mismatch", SECTXT_ERROR },
	[SECTXT_INVALID_LANG] = { "invalid_lang", SECTXT_ERROR },
	[SECTXT_MULTIPLE_LANG] = { "multiple_lang", SECTXT_ERROR },
	[SECTXT_SIGNED_FORMAT] = { "signed_format", SECTXT_ERROR },
	[SECTXT_LONG_EXPIRY] = { "long_expiry", SECTXT_RECOMMENDATION },
	[SECTXT_NO_ENCRYPTION] = { "no_encryption", SECTXT_RECOMMENDATION },
	[SECTXT_NOT_SIGNED] = { "not_signed", SECTXT_RECOMMENDATION },
	[SECTXT_NO_CANONICAL] = { "no_canonical", SECTXT_RECOMMENDATION },
};

const char *
sectxt_code_str(enum sectxt_code c)
{
	return (unsigned)c < SECTXT_CODE__COUNT ? codes[c].code : "unknown";
}

enum sectxt_severity
sectxt_code_severity(enum sectxt_code c)
{
	return (unsigned)c < SECTXT_CODE__COUNT ? codes[c].sev : SECTXT_ERROR;
}

const char *
sectxt_severity_str(enum sectxt_severity s)
{
	return s == SECTXT_RECOMMENDATION ? "recommendation" : "error";
}

const char *
sectxt_signature_str(const struct sectxt *t)
{
	return t != NULL && t->is_signed ? "signed, not verified" : "not signed";
}

/* ---- characters ----------------------------------------------------------- */

static int
is_wsp(unsigned char c)
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
is_alnum(unsigned char c)
{
	return is_alpha(c) || is_digit(c);
}

static int
is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
eq_nocase(const char *s, size_t n, const char *want)
{
	return n == strlen(want) && strncasecmp(s, want, n) == 0;
}

static int
eq_exact(const char *s, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(s, want, n) == 0;
}

static int
shown(size_t n)
{
	return (int)(n > SHOW ? SHOW : n);
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

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* ---- dates (RFC 3339 §5.6) ------------------------------------------------ */

static int
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(long y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(long y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* n digits at s[*i] as a number, or -1. */
static long
digits(const char *s, size_t len, size_t *i, size_t n)
{
	long v = 0;
	size_t k;

	if (*i + n > len)
		return -1;
	for (k = 0; k < n; k++) {
		if (!is_digit((unsigned char)s[*i + k]))
			return -1;
		v = v * 10 + (s[*i + k] - '0');
	}
	*i += n;
	return v;
}

static int
expect(const char *s, size_t len, size_t *i, char c)
{
	if (*i >= len || s[*i] != c)
		return 0;
	(*i)++;
	return 1;
}

int
sectxt_parse_datetime(const char *s, size_t n, time_t *out, char *why,
    size_t cap)
{
	long y, mo, d, h, mi, sec, oh = 0, om = 0;
	int sign = 0;
	size_t i = 0;
	int64_t t;

	*out = 0;
	if (cap > 0)
		why[0] = '\0';
	y = digits(s, n, &i, 4);
	if (y < 0 || !expect(s, n, &i, '-') ||
	    (mo = digits(s, n, &i, 2)) < 0 || !expect(s, n, &i, '-') ||
	    (d = digits(s, n, &i, 2)) < 0)
		return fail(why, cap, "date YYYY-MM-DD expected");
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, (int)mo))
		return fail(why, cap, "no such date %04ld-%02ld-%02ld", y, mo, d);
	if (i >= n || (s[i] != 'T' && s[i] != 't'))
		return fail(why, cap, "'T' expected between date and time");
	i++;
	if ((h = digits(s, n, &i, 2)) < 0 || !expect(s, n, &i, ':') ||
	    (mi = digits(s, n, &i, 2)) < 0 || !expect(s, n, &i, ':') ||
	    (sec = digits(s, n, &i, 2)) < 0)
		return fail(why, cap, "time HH:MM:SS expected");
	if (h > 23 || mi > 59 || sec > 60)
		return fail(why, cap, "no such time %02ld:%02ld:%02ld", h, mi, sec);
	if (i < n && s[i] == '.') {
		size_t f0 = ++i;

		while (i < n && is_digit((unsigned char)s[i]))
			i++;
		if (i == f0)
			return fail(why, cap, "digits expected after '.'");
	}
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '-' ? -1 : 1;
		i++;
		if ((oh = digits(s, n, &i, 2)) < 0 || !expect(s, n, &i, ':') ||
		    (om = digits(s, n, &i, 2)) < 0 || oh > 23 || om > 59)
			return fail(why, cap, "time offset +HH:MM expected");
	} else {
		return fail(why, cap, "time offset ('Z' or +HH:MM) expected");
	}
	if (i != n)
		return fail(why, cap, "unexpected text after the time offset");
	t = days_from_civil(y, (int)mo, (int)d) * 86400 + h * 3600 + mi * 60 +
	    sec - sign * (oh * 3600 + om * 60);
	*out = (time_t)t;
	return 0;
}

/* now plus one calendar year (29 February to 28 February). */
static time_t
one_year_after(time_t now)
{
	struct tm tm;
	int64_t sod;
	long y;
	int d;

	if (gmtime_r(&now, &tm) == NULL)
		return now + YEAR_SECS_MAX;
	y = (long)tm.tm_year + 1900 + 1;
	d = tm.tm_mday;
	if (d > days_in_month(y, tm.tm_mon + 1))
		d = days_in_month(y, tm.tm_mon + 1);
	sod = (int64_t)tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return (time_t)(days_from_civil(y, tm.tm_mon + 1, d) * 86400 + sod);
}

/* ---- language tags (RFC 5646 §2.1) ---------------------------------------- */

static const char *const irregular[] = {
	"en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak",
	"i-klingon", "i-lux", "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay",
	"i-tsu", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE",
};

struct subtag {
	const char *s;
	size_t n;
};

static int
all_alpha(struct subtag t)
{
	size_t i;

	for (i = 0; i < t.n; i++)
		if (!is_alpha((unsigned char)t.s[i]))
			return 0;
	return 1;
}

static int
all_digit(struct subtag t)
{
	size_t i;

	for (i = 0; i < t.n; i++)
		if (!is_digit((unsigned char)t.s[i]))
			return 0;
	return 1;
}

int
sectxt_lang_tag_ok(const char *s, size_t n)
{
	struct subtag t[SECTXT_LANG_MAX];
	size_t nt = 0, i = 0, a = 0, k;

	if (s == NULL || n == 0 || n > SECTXT_LANG_MAX * 4)
		return 0;
	for (k = 0; k < sizeof(irregular) / sizeof(irregular[0]); k++)
		if (eq_nocase(s, n, irregular[k]))
			return 1;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '-') {
			if (!is_alnum((unsigned char)s[i]))
				return 0;
			continue;
		}
		if (i == a || i - a > 8 || nt == SECTXT_LANG_MAX)
			return 0;
		t[nt].s = s + a;
		t[nt].n = i - a;
		nt++;
		a = i + 1;
	}
	i = 0;
	if (t[0].n == 1 && (t[0].s[0] == 'x' || t[0].s[0] == 'X'))
		goto privateuse;
	/* language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA */
	if (t[0].n < 2 || !all_alpha(t[0]))
		return 0;
	i = 1;
	if (t[0].n <= 3)
		for (k = 0; k < 3 && i < nt && t[i].n == 3 && all_alpha(t[i]); k++)
			i++;
	if (i < nt && t[i].n == 4 && all_alpha(t[i]))          /* script */
		i++;
	if (i < nt && ((t[i].n == 2 && all_alpha(t[i])) ||
	    (t[i].n == 3 && all_digit(t[i]))))                  /* region */
		i++;
	while (i < nt && ((t[i].n >= 5) ||
	    (t[i].n == 4 && is_digit((unsigned char)t[i].s[0]))))
		i++;                                             /* variant */
	while (i < nt && t[i].n == 1 && t[i].s[0] != 'x' && t[i].s[0] != 'X') {
		size_t e = ++i;                                  /* extension */

		while (i < nt && t[i].n >= 2)
			i++;
		if (i == e)
			return 0;
	}
	if (i == nt)
		return 1;
	if (t[i].n != 1 || (t[i].s[0] != 'x' && t[i].s[0] != 'X'))
		return 0;
privateuse:
	return i + 1 < nt;                      /* "x" 1*("-" 1*8alphanum) */
}

/* ---- URIs ----------------------------------------------------------------- */

/* RFC 3986 characters: unreserved, reserved, and '%' (checked apart). */
static int
is_uri_char(unsigned char c)
{
	return is_alnum(c) || strchr("-._~:/?#[]@!$&'()*+,;=%", c) != NULL;
}

/* Scheme length of a URI (ALPHA *(ALPHA / DIGIT / "+" / "-" / ".") ":"). */
static size_t
uri_scheme(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || !is_alpha((unsigned char)s[0]))
		return 0;
	while (i < n && (is_alnum((unsigned char)s[i]) || s[i] == '+' ||
	    s[i] == '-' || s[i] == '.'))
		i++;
	return i < n && s[i] == ':' ? i : 0;
}

/* 0 when s[0..n) is a URI (RFC 3986 §3), else -1 with a reason. */
static int
check_uri(const char *s, size_t n, char *why, size_t cap)
{
	size_t sl = uri_scheme(s, n), i;
	char b[8];

	if (sl == 0)
		return fail(why, cap, "'%.*s' is not a URI (no scheme such as "
		    "mailto: or https:)", shown(n), s);
	if (sl + 1 == n)
		return fail(why, cap, "'%.*s' is a scheme without the rest of a URI",
		    shown(n), s);
	for (i = sl + 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			if (i + 2 >= n || !is_hex((unsigned char)s[i + 1]) ||
			    !is_hex((unsigned char)s[i + 2]))
				return fail(why, cap, "'%.*s': '%%' not followed by two "
				    "hex digits", shown(n), s);
			continue;
		}
		if (!is_uri_char(c)) {
			if (c > 0x20 && c < 0x7f)
				snprintf(b, sizeof(b), "'%c'", c);
			else
				snprintf(b, sizeof(b), "0x%02x", c);
			return fail(why, cap, "'%.*s': %s is not allowed in a URI",
			    shown(n), s, b);
		}
	}
	if (eq_nocase(s, sl, "http") || eq_nocase(s, sl, "https")) {
		const char *h = s + sl + 1;
		size_t hn = n - sl - 1;

		if (hn < 3 || h[0] != '/' || h[1] != '/' || h[2] == '/' ||
		    h[2] == '?' || h[2] == '#' || h[2] == ':')
			return fail(why, cap, "'%.*s': a web URI needs '//' and a "
			    "host", shown(n), s);
	}
	return 0;
}

/*
 * A URL in comparable form: scheme and host lower case, default port and
 * fragment dropped, an empty path made "/". -1 when it will not fit or
 * has no "scheme://".
 */
static int
url_normal(const char *s, size_t n, char *out, size_t cap)
{
	size_t sl = uri_scheme(s, n), o = 0, i, host, hend, pstart, k;
	const char *dflt = NULL;

	if (sl == 0 || sl + 3 > n || memcmp(s + sl, "://", 3) != 0 ||
	    n + 2 > cap)
		return -1;
	for (i = 0; i < sl; i++)
		out[o++] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
	memcpy(out + o, "://", 3);
	o += 3;
	if (eq_nocase(s, sl, "https"))
		dflt = "443";
	else if (eq_nocase(s, sl, "http"))
		dflt = "80";
	host = sl + 3;
	for (hend = host; hend < n && s[hend] != '/' && s[hend] != '?' &&
	    s[hend] != '#'; hend++)
		;
	pstart = hend;
	for (k = hend; k > host && s[k - 1] != '@'; k--)
		;
	for (i = host; i < k; i++)             /* userinfo@, as it is */
		out[o++] = s[i];
	for (k = hend; k > i && is_digit((unsigned char)s[k - 1]); k--)
		;
	if (k > i && s[k - 1] == ':' && (k == hend ||
	    (dflt != NULL && eq_exact(s + k, hend - k, dflt))))
		hend = k - 1;                      /* "host:" or a default port */
	for (; i < hend; i++)
		out[o++] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
	if (o > 0 && out[o - 1] == '.')
		o--;
	if (pstart == n || s[pstart] != '/')
		out[o++] = '/';
	for (i = pstart; i < n && s[i] != '#'; i++)
		out[o++] = s[i];
	out[o] = '\0';
	return 0;
}

/* ---- findings ------------------------------------------------------------- */

static void
add(struct sectxt *out, enum sectxt_code c, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
add(struct sectxt *out, enum sectxt_code c, size_t line, const char *fmt, ...)
{
	struct sectxt_finding *f;
	size_t room = line > 0 ? SECTXT_LINE_FINDINGS_MAX : SECTXT_FINDINGS_MAX;
	va_list ap;

	if (codes[c].sev == SECTXT_ERROR)
		out->n_errors++;
	else
		out->n_recommendations++;
	if (out->n_findings >= room) {
		out->n_dropped++;
		return;
	}
	f = &out->findings[out->n_findings++];
	f->severity = codes[c].sev;
	f->code_id = c;
	f->code = codes[c].code;
	f->line = line;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof(f->text), fmt, ap);
	va_end(ap);
}

/* ---- fields --------------------------------------------------------------- */

struct parse {
	struct sectxt *out;
	const char *expected;      /* normalised expected URL, or NULL */
	char expected_buf[SECTXT_VALUE_MAX * 2 + 8];
	int seen_expires, seen_lang;
};

static void
keep(struct sectxt_values *v, const char *s, size_t n, size_t line)
{
	size_t k = v->kept;

	v->n++;
	if (k == SECTXT_VALUES_MAX)
		return;
	if (n > SECTXT_VALUE_MAX) {
		n = SECTXT_VALUE_MAX;
		v->cut = 1;
	}
	memcpy(v->v[k], s, n);
	v->v[k][n] = '\0';
	v->line[k] = line;
	v->kept++;
}

static void
uri_field(struct parse *ps, const char *name, struct sectxt_values *vals,
    const char *s, size_t n, size_t line)
{
	char why[160];
	size_t sl;

	keep(vals, s, n, line);
	if (check_uri(s, n, why, sizeof(why)) != 0) {
		add(ps->out, SECTXT_INVALID_URI, line, "%s: %s", name, why);
		return;
	}
	sl = uri_scheme(s, n);
	if (eq_nocase(s, sl, "http"))
		add(ps->out, SECTXT_NOT_HTTPS, line, "%s: '%.*s' must use https://, "
		    "not http://", name, shown(n), s);
	if (vals == &ps->out->canonical && ps->expected != NULL &&
	    !ps->out->canonical_match) {
		char norm[sizeof(ps->expected_buf)];

		if (url_normal(s, n, norm, sizeof(norm)) == 0 &&
		    strcmp(norm, ps->expected) == 0)
			ps->out->canonical_match = 1;
	}
}

static void
expires_field(struct parse *ps, const char *s, size_t n, size_t line)
{
	char why[96];
	time_t t;

	if (ps->seen_expires++) {
		add(ps->out, SECTXT_MULTIPLE_EXPIRES, line, "Expires appears more "
		    "than once (first on line %zu)", ps->out->expires_line);
		return;
	}
	ps->out->expires_line = line;
	if (sectxt_parse_datetime(s, n, &t, why, sizeof(why)) != 0) {
		add(ps->out, SECTXT_INVALID_EXPIRES, line, "Expires: '%.*s' is not "
		    "an RFC 3339 date-time: %s", shown(n), s, why);
		return;
	}
	ps->out->has_expires = 1;
	ps->out->expires = t;
}

/* lang-values = lang-tag *(*WSP "," *WSP lang-tag) */
static void
lang_field(struct parse *ps, const char *s, size_t n, size_t line)
{
	size_t a = 0;

	if (ps->seen_lang++) {
		add(ps->out, SECTXT_MULTIPLE_LANG, line, "Preferred-Languages "
		    "appears more than once");
		return;
	}
	for (;;) {
		const char *comma = memchr(s + a, ',', n - a);
		size_t e = comma != NULL ? (size_t)(comma - s) : n, x = a, y = e;

		while (x < y && is_wsp((unsigned char)s[x]))
			x++;
		while (y > x && is_wsp((unsigned char)s[y - 1]))
			y--;
		if (!sectxt_lang_tag_ok(s + x, y - x)) {
			add(ps->out, SECTXT_INVALID_LANG, line, "Preferred-Languages: "
			    "'%.*s' is not a language tag (RFC 5646)", shown(y - x),
			    s + x);
			ps->out->n_langs = 0;
			return;
		}
		if (ps->out->n_langs < SECTXT_LANGS_MAX && y - x <= SECTXT_LANG_MAX) {
			memcpy(ps->out->langs[ps->out->n_langs], s + x, y - x);
			ps->out->langs[ps->out->n_langs][y - x] = '\0';
			ps->out->n_langs++;
		}
		if (comma == NULL)
			return;
		a = e + 1;
	}
}

/* field-name = 1*ftext, ftext = %d33-57 / %d59-126 (RFC 5322 §3.6.8) */
static int
is_ftext(unsigned char c)
{
	return c >= 33 && c <= 126 && c != ':';
}

/* One content line s[0..n) (no CR/LF, trailing WSP already cut). */
static void
content_line(struct parse *ps, const char *s, size_t n, size_t line)
{
	struct sectxt *out = ps->out;
	size_t i, c, v;
	char b[8];

	if (n == 0 || s[0] == '#') {
		for (i = 0; i < n; i++)
			if (((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f) {
				snprintf(b, sizeof(b), "0x%02x", (unsigned char)s[i]);
				add(out, SECTXT_INVALID_LINE, line, "control byte %s in a "
				    "comment", b);
				return;
			}
		return;
	}
	if (is_wsp((unsigned char)s[0])) {
		add(out, SECTXT_INVALID_LINE, line, "line starts with whitespace");
		return;
	}
	for (c = 0; c < n && s[c] != ':'; c++)
		;
	if (c == n) {
		add(out, SECTXT_INVALID_LINE, line, "'%.*s' is no field (no ':'), "
		    "comment or blank line", shown(n), s);
		return;
	}
	if (c == 0) {
		add(out, SECTXT_INVALID_LINE, line, "empty field name before ':'");
		return;
	}
	for (i = 0; i < c; i++)
		if (!is_ftext((unsigned char)s[i])) {
			add(out, SECTXT_INVALID_LINE, line, "field name '%.*s' has a "
			    "character not allowed in a name", shown(c), s);
			return;
		}
	out->n_fields++;
	v = c + 1;
	if (v < n && s[v] != ' ') {
		add(out, SECTXT_INVALID_LINE, line, "%.*s: a space must follow "
		    "the ':'", shown(c), s);
		return;
	}
	while (v < n && is_wsp((unsigned char)s[v]))
		v++;
	for (i = v; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f) {
			snprintf(b, sizeof(b), "0x%02x", (unsigned char)s[i]);
			add(out, SECTXT_INVALID_LINE, line, "%.*s: control byte %s in "
			    "the value", shown(c), s, b);
			return;
		}
	if (eq_nocase(s, c, "Expires") || eq_nocase(s, c, "Contact") ||
	    eq_nocase(s, c, "Canonical") || eq_nocase(s, c, "Encryption") ||
	    eq_nocase(s, c, "Policy") || eq_nocase(s, c, "Acknowledgments") ||
	    eq_nocase(s, c, "Hiring") || eq_nocase(s, c, "CSAF") ||
	    eq_nocase(s, c, "Preferred-Languages")) {
		if (v == n) {
			add(out, SECTXT_INVALID_LINE, line, "%.*s: empty value",
			    shown(c), s);
			return;
		}
	} else {
		out->n_unknown_fields++;
		return;
	}
	if (eq_nocase(s, c, "Expires"))
		expires_field(ps, s + v, n - v, line);
	else if (eq_nocase(s, c, "Preferred-Languages"))
		lang_field(ps, s + v, n - v, line);
	else if (eq_nocase(s, c, "Contact"))
		uri_field(ps, "Contact", &out->contact, s + v, n - v, line);
	else if (eq_nocase(s, c, "Canonical"))
		uri_field(ps, "Canonical", &out->canonical, s + v, n - v, line);
	else if (eq_nocase(s, c, "Encryption"))
		uri_field(ps, "Encryption", &out->encryption, s + v, n - v, line);
	else if (eq_nocase(s, c, "Policy"))
		uri_field(ps, "Policy", &out->policy, s + v, n - v, line);
	else if (eq_nocase(s, c, "Acknowledgments"))
		uri_field(ps, "Acknowledgments", &out->acknowledgments, s + v,
		    n - v, line);
	else if (eq_nocase(s, c, "Hiring"))
		uri_field(ps, "Hiring", &out->hiring, s + v, n - v, line);
	else
		uri_field(ps, "CSAF", &out->csaf, s + v, n - v, line);
}

/* ---- the cleartext-signed frame -------------------------------------------- */

enum frame {
	F_FIRST,                   /* before the first line */
	F_UNSIGNED,
	F_ARMOR_HEADERS,           /* after BEGIN PGP SIGNED MESSAGE */
	F_SIGNED,                  /* the dash-escaped content */
	F_SIG_HEADERS,             /* after BEGIN PGP SIGNATURE */
	F_SIG_DATA,
	F_AFTER,                   /* after END PGP SIGNATURE */
};

#define BEGIN_SIGNED "-----BEGIN PGP SIGNED MESSAGE-----"
#define BEGIN_SIG    "-----BEGIN PGP SIGNATURE-----"
#define END_SIG      "-----END PGP SIGNATURE-----"

struct framer {
	enum frame st;
	size_t sig_lines;
	int broken;                /* one signed_format finding is enough */
};

static void
frame_error(struct parse *ps, struct framer *fr, size_t line, const char *what)
{
	if (fr->broken++)
		return;
	add(ps->out, SECTXT_SIGNED_FORMAT, line, "bad signed format: %s", what);
}

/* Armor "Name: value" header line (RFC 4880 §6.2). */
static int
is_armor_header(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (is_alnum((unsigned char)s[i]) || s[i] == '-'))
		i++;
	return i > 0 && i + 1 < n && s[i] == ':' && s[i + 1] == ' ';
}

static int
is_base64_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_alnum((unsigned char)s[i]) && s[i] != '+' && s[i] != '/' &&
		    s[i] != '=')
			return 0;
	return n > 0;
}

/* One physical line s[0..n) without its line end. */
static void
frame_line(struct parse *ps, struct framer *fr, const char *s, size_t n,
    size_t line)
{
	size_t t = n;

	while (t > 0 && is_wsp((unsigned char)s[t - 1]))
		t--;
	switch (fr->st) {
	case F_FIRST:
		if (eq_exact(s, t, BEGIN_SIGNED)) {
			ps->out->is_signed = 1;
			fr->st = F_ARMOR_HEADERS;
			return;
		}
		fr->st = F_UNSIGNED;
		/* FALLTHROUGH */
	case F_UNSIGNED:
		if (eq_exact(s, t, BEGIN_SIGNED) || eq_exact(s, t, BEGIN_SIG)) {
			/* report it, then read the armor as such */
			frame_error(ps, fr, line, t == strlen(BEGIN_SIG) ?
			    "a signature block in a file that does not start with "
			    BEGIN_SIGNED : BEGIN_SIGNED " is not the first line");
			fr->st = t == strlen(BEGIN_SIG) ? F_SIG_HEADERS :
			    F_ARMOR_HEADERS;
			return;
		}
		if ((t >= 14 && memcmp(s, "-----BEGIN PGP", 14) == 0) ||
		    (t >= 12 && memcmp(s, "-----END PGP", 12) == 0)) {
			frame_error(ps, fr, line, "an OpenPGP armor line where none "
			    "belongs");
			return;
		}
		content_line(ps, s, t, line);
		return;
	case F_ARMOR_HEADERS:
		if (t == 0) {
			fr->st = F_SIGNED;
		} else if (t > 6 && strncasecmp(s, "Hash: ", 6) == 0) {
			;
		} else {
			frame_error(ps, fr, line, "only 'Hash:' headers and one blank "
			    "line may follow " BEGIN_SIGNED);
			fr->st = F_SIGNED;
			content_line(ps, s, t, line);
		}
		return;
	case F_SIGNED:
		if (eq_exact(s, t, BEGIN_SIG)) {
			fr->st = F_SIG_HEADERS;
		} else if (n >= 2 && s[0] == '-' && s[1] == ' ') {
			content_line(ps, s + 2, t > 2 ? t - 2 : 0, line);
		} else if (n >= 1 && s[0] == '-') {
			frame_error(ps, fr, line, "a line starting with '-' in the "
			    "signed text is not dash-escaped ('- ')");
		} else {
			content_line(ps, s, t, line);
		}
		return;
	case F_SIG_HEADERS:
		if (t == 0) {
			fr->st = F_SIG_DATA;
			return;
		}
		if (is_armor_header(s, t))
			return;
		fr->st = F_SIG_DATA;
		if (is_base64_line(s, t)) {
			frame_error(ps, fr, line, "a blank line must separate the "
			    "signature's armor headers from its data");
			fr->sig_lines++;
			return;
		}
		/* FALLTHROUGH */
	case F_SIG_DATA:
		if (eq_exact(s, t, END_SIG)) {
			if (fr->sig_lines == 0)
				frame_error(ps, fr, line, "the signature block is empty");
			fr->st = F_AFTER;
		} else if (is_base64_line(s, t)) {
			fr->sig_lines++;
		} else {
			frame_error(ps, fr, line, t >= 5 && memcmp(s, "-----", 5) == 0 ?
			    "another armor line inside the signature block" :
			    "a signature line that is not base64");
		}
		return;
	case F_AFTER:
		if (t > 0)
			frame_error(ps, fr, line, "text after " END_SIG);
		return;
	}
}

static void
frame_end(struct parse *ps, struct framer *fr, size_t line)
{
	switch (fr->st) {
	case F_ARMOR_HEADERS:
	case F_SIGNED:
		frame_error(ps, fr, line, BEGIN_SIG " missing");
		break;
	case F_SIG_HEADERS:
	case F_SIG_DATA:
		frame_error(ps, fr, line, END_SIG " missing");
		break;
	default:
		break;
	}
}

/* ---- the file -------------------------------------------------------------- */

size_t
sectxt_parse(const char *body, size_t len, const char *expected_url,
    time_t now, struct sectxt *out)
{
	static const char bom[] = "\xef\xbb\xbf";
	struct parse ps;
	struct framer fr;
	size_t p = 0, line = 0;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	memset(&fr, 0, sizeof(fr));
	ps.out = out;
	if (body == NULL)
		len = 0;
	if (len > SECTXT_BODY_MAX) {
		add(out, SECTXT_TOO_LARGE, 0, "security.txt of %zu bytes is over the "
		    "%d-byte limit", len, SECTXT_BODY_MAX);
		return out->n_errors;
	}
	if (expected_url != NULL && url_normal(expected_url, strlen(expected_url),
	    ps.expected_buf, sizeof(ps.expected_buf)) == 0)
		ps.expected = ps.expected_buf;
	if (len >= 3 && memcmp(body, bom, 3) == 0) {
		add(out, SECTXT_INVALID_LINE, 1, "the file starts with a UTF-8 "
		    "byte-order mark");
		p = 3;
	}
	while (p < len) {
		const char *lf = memchr(body + p, '\n', len - p);
		size_t end = lf != NULL ? (size_t)(lf - body) : len;
		size_t next = lf != NULL ? end + 1 : len, i, k;
		int bad = 0;

		line++;
		if (end > p && body[end - 1] == '\r')
			end--;
		for (i = p; i < end && !bad; i += k) {
			if (body[i] == '\r' || body[i] == '\0') {
				add(out, SECTXT_INVALID_LINE, line, body[i] == '\r' ?
				    "stray CR (lines end with LF or CRLF)" :
				    "NUL byte in the line");
				bad = 1;
			} else if ((k = utf8_len((const unsigned char *)body + i,
			    end - i)) == 0) {
				add(out, SECTXT_INVALID_LINE, line, "not UTF-8 (byte 0x%02x "
				    "at column %zu)", (unsigned char)body[i], i - p + 1);
				bad = 1;
			}
		}
		if (!bad)
			frame_line(&ps, &fr, body + p, end - p, line);
		else if (fr.st == F_FIRST)
			fr.st = F_UNSIGNED;
		p = next;
	}
	if (line == 0 && len > 0)
		line = 1;                          /* a byte-order mark alone */
	out->n_lines = line;
	frame_end(&ps, &fr, line);

	if (out->contact.n == 0)
		add(out, SECTXT_NO_CONTACT, 0, "no Contact field (at least one is "
		    "required)");
	if (!ps.seen_expires)
		add(out, SECTXT_NO_EXPIRES, 0, "no Expires field (exactly one is "
		    "required)");
	if (out->has_expires && out->expires < now)
		add(out, SECTXT_EXPIRED, out->expires_line, "Expires lies in the "
		    "past: the file is stale");
	else if (out->has_expires && out->expires > one_year_after(now))
		add(out, SECTXT_LONG_EXPIRY, out->expires_line, "Expires lies more "
		    "than a year ahead (less is recommended, against staleness)");
	if (out->canonical.n > 0 && ps.expected != NULL && !out->canonical_match)
		add(out, SECTXT_CANONICAL_MISMATCH, out->canonical.line[0],
		    "no Canonical field names %.*s, where the file was found",
		    (int)(strlen(expected_url) > 120 ? 120 : strlen(expected_url)),
		    expected_url);
	if (out->encryption.n == 0)
		add(out, SECTXT_NO_ENCRYPTION, 0, "no Encryption field (a key for "
		    "encrypted reports is recommended)");
	if (!out->is_signed)
		add(out, SECTXT_NOT_SIGNED, 0, "the file is not signed (an OpenPGP "
		    "cleartext signature is recommended)");
	if (out->canonical.n == 0)
		add(out, SECTXT_NO_CANONICAL, 0, "no Canonical field (recommended, "
		    "above all in a signed file)");
	return out->n_errors;
}

/* ---- Content-Type ---------------------------------------------------------- */

const char *
sectxt_content_type_problem(const char *ct)
{
	size_t n, a, b, e;
	int charset = 0, bad = 0;

	if (ct == NULL)
		return "no_content_type";
	n = strlen(ct);
	for (e = 0; e < n && ct[e] != ';'; e++)
		;
	for (a = 0; a < e && is_wsp((unsigned char)ct[a]); a++)
		;
	for (b = e; b > a && is_wsp((unsigned char)ct[b - 1]); b--)
		;
	if (a == b)
		return "no_content_type";
	if (!eq_nocase(ct + a, b - a, "text/plain"))
		return "not_text_plain";
	while (e < n) {
		size_t pa = e + 1, pe, eqs, va, vb;

		for (pe = pa; pe < n && ct[pe] != ';'; pe++)
			;
		e = pe;
		while (pa < pe && is_wsp((unsigned char)ct[pa]))
			pa++;
		for (eqs = pa; eqs < pe && ct[eqs] != '='; eqs++)
			;
		vb = eqs;
		while (vb > pa && is_wsp((unsigned char)ct[vb - 1]))
			vb--;
		if (eqs == pe || !eq_nocase(ct + pa, vb - pa, "charset"))
			continue;
		va = eqs + 1;
		vb = pe;
		while (va < vb && is_wsp((unsigned char)ct[va]))
			va++;
		while (vb > va && is_wsp((unsigned char)ct[vb - 1]))
			vb--;
		if (vb - va >= 2 && ct[va] == '"' && ct[vb - 1] == '"') {
			va++;
			vb--;
		}
		charset = 1;
		if (!eq_nocase(ct + va, vb - va, "utf-8"))
			bad = 1;
	}
	if (!charset)
		return "no_charset";
	return bad ? "bad_charset" : NULL;
}

int
sectxt_content_type_ok(const char *ct)
{
	return sectxt_content_type_problem(ct) == NULL;
}
