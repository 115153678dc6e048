/*
 * The VRP JSON reader: a strict RFC 8259 parser of the whole document
 * (UTF-8, escapes, numbers, nesting up to RPKI_JSON_DEPTH_MAX) that keeps
 * nothing but the "asn", "prefix" and "maxLength" of each object in the
 * top-level "roas" array. It makes no tree, so half a million VRPs cost
 * one pass over the bytes and 24 bytes each in the stage; jansson's tree
 * of the same document is about ten times the file and the time.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rpki/rpki.h"
#include "rpki/rpki_int.h"

#define KEY_MAX   16      /* keys we look for are shorter */
#define TEXT_MAX  64      /* a prefix or an "AS..." string */

struct js {
	const unsigned char *start, *p, *end;
	struct rpki_stage *st;
	char *why;
	size_t cap;
};

enum field {
	F_OTHER = 0,
	F_ASN = 0x1,
	F_PREFIX = 0x2,
	F_MAXLEN = 0x4,
};

static int jfail(struct js *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int jshape(struct js *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int vjerr(struct js *j, const char *kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* An error at j->p, with its line and column; always -1. */
static int
vjerr(struct js *j, const char *kind, const char *fmt, va_list ap)
{
	const unsigned char *s;
	size_t line = 1, col = 1;
	char msg[RPKI_WHY_MAX];

	for (s = j->start; s < j->p; s++) {
		if (*s == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	return rpki_fail(j->why, j->cap, "%sline %zu, column %zu: %s", kind,
	    line, col, msg);
}

/* Bad JSON. */
static int
jfail(struct js *j, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vjerr(j, "not JSON: ", fmt, ap);
	va_end(ap);
	return r;
}

/* Good JSON, but not the shape of a VRP document. */
static int
jshape(struct js *j, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vjerr(j, "", fmt, ap);
	va_end(ap);
	return r;
}

static void
ws(struct js *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' ||
	    *j->p == '\r' || *j->p == '\t'))
		j->p++;
}

/* What stands at j->p, for a message. */
static const char *
here(const struct js *j, char *buf, size_t cap)
{
	if (j->p == j->end)
		return "the end";
	if (*j->p >= 0x21 && *j->p < 0x7f)
		snprintf(buf, cap, "'%c'", *j->p);
	else
		snprintf(buf, cap, "byte 0x%02x", *j->p);
	return buf;
}

static int
expect(struct js *j, unsigned char c, const char *what)
{
	char b[16];

	ws(j);
	if (j->p < j->end && *j->p == c) {
		j->p++;
		return 0;
	}
	return jfail(j, "%s expected, found %s", what, here(j, b, sizeof(b)));
}

/* Bytes of the UTF-8 sequence at p (2 to 4), or 0 if it is not one
 * (overlong forms, surrogates and code points past U+10FFFF are not). */
static size_t
utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (*p >= 0xc2 && *p <= 0xdf)
		n = 2;
	else if (*p >= 0xe0 && *p <= 0xef)
		n = 3;
	else if (*p >= 0xf0 && *p <= 0xf4)
		n = 4;
	else
		return 0;
	if (*p == 0xe0)
		lo = 0xa0;
	else if (*p == 0xed)
		hi = 0x9f;
	else if (*p == 0xf0)
		lo = 0x90;
	else if (*p == 0xf4)
		hi = 0x8f;
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

static int
hex4(const unsigned char *p, const unsigned char *end, unsigned *v)
{
	unsigned i, d;

	if (end - p < 4)
		return -1;
	*v = 0;
	for (i = 0; i < 4; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d = p[i] - '0';
		else if ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f')
			d = (p[i] | 0x20) - 'a' + 10;
		else
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

/* The \\uXXXX escape at *p (the 'u'), a surrogate pair as one: *p is
 * left on its last digit, *c is its byte (0x80 past ASCII). */
static int
u_escape(struct js *j, const unsigned char **p, char *c)
{
	const unsigned char *s = *p, *end = j->end;
	unsigned u, lo;

	if (hex4(s + 1, end, &u) != 0) {
		j->p = s;
		return jfail(j, "bad \\u escape");
	}
	s += 4;
	j->p = s;
	if (u >= 0xdc00 && u <= 0xdfff)
		return jfail(j, "\\u escape: lone low surrogate");
	if (u >= 0xd800 && u <= 0xdbff) {
		if (end - s < 7 || s[1] != '\\' || s[2] != 'u' ||
		    hex4(s + 3, end, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff)
			return jfail(j, "\\u escape: high surrogate without a "
			    "low one");
		s += 6;
	}
	*p = s;
	*c = u < 0x80 ? (char)u : (char)0x80;
	return 0;
}

/*
 * The string at j->p (a '"'). With out, its decoded bytes go there (at
 * most cap - 1 and a NUL; anything past ASCII as one 0x80 byte, which no
 * field we read accepts), and *outlen says how many there were in all.
 */
static int
jstring(struct js *j, char *out, size_t cap, size_t *outlen)
{
	const unsigned char *p = j->p + 1, *end = j->end, *s;
	size_t n = 0, k;
	char c = 0;

	for (;;) {
		s = p;
		while (p < end && *p != '"' && *p != '\\' && *p >= 0x20 && *p < 0x80)
			p++;
		if (out != NULL && n < cap) {
			k = (size_t)(p - s) < cap - n ? (size_t)(p - s) : cap - n;
			memcpy(out + n, s, k);
		}
		n += (size_t)(p - s);
		if (p == end) {
			j->p = p;
			return jfail(j, "unterminated string");
		}
		if (*p == '"')
			break;
		if (*p < 0x20) {
			j->p = p;
			return jfail(j, "control byte 0x%02x in a string", *p);
		}
		if (*p >= 0x80) {
			k = utf8_len(p, end);
			if (k == 0) {
				j->p = p;
				return jfail(j, "invalid UTF-8 in a string");
			}
			p += k;
			c = (char)0x80;
		} else {
			p++;
			if (p == end) {
				j->p = p;
				return jfail(j, "unterminated string");
			}
			switch (*p) {
			case '"': case '\\': case '/':
				c = (char)*p;
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'n':
				c = '\n';
				break;
			case 'r':
				c = '\r';
				break;
			case 't':
				c = '\t';
				break;
			case 'u':
				if (u_escape(j, &p, &c) != 0)
					return -1;
				break;
			default:
				j->p = p;
				return jfail(j, "bad escape '\\%c'",
				    *p >= 0x21 && *p < 0x7f ? *p : '?');
			}
			p++;
		}
		if (out != NULL && n < cap)
			out[n] = c;
		n++;
	}
	j->p = p + 1;
	if (out != NULL && cap > 0)
		out[n < cap ? n : cap - 1] = '\0';
	if (outlen != NULL)
		*outlen = n;
	return 0;
}

/* A number; *uint is 1 when it is a plain integer of at most 10 digits
 * and not below zero, then in *v. */
static int
jnumber(struct js *j, int *uint, uint64_t *v)
{
	const unsigned char *p = j->p, *end = j->end;
	int neg = 0, other = 0;
	size_t nd = 0;

	*v = 0;
	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (p == end || *p < '0' || *p > '9') {
		j->p = p;
		return jfail(j, "bad number");
	}
	if (*p == '0') {
		p++;
		nd = 1;
	} else {
		for (; p < end && *p >= '0' && *p <= '9'; p++, nd++)
			if (nd < 11)
				*v = *v * 10 + (uint64_t)(*p - '0');
	}
	if (p < end && *p == '.') {
		p++;
		if (p == end || *p < '0' || *p > '9') {
			j->p = p;
			return jfail(j, "bad number: digit expected after '.'");
		}
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		other = 1;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p == end || *p < '0' || *p > '9') {
			j->p = p;
			return jfail(j, "bad number: digit expected in the exponent");
		}
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		other = 1;
	}
	j->p = p;
	*uint = !other && nd <= 10 && (!neg || *v == 0);   /* -0 is 0 */
	return 0;
}

static int jvalue(struct js *j, unsigned depth);

/* An object or array at j->p whose members we skip. */
static int
jcontainer(struct js *j, unsigned depth)
{
	unsigned char close = *j->p == '{' ? '}' : ']';
	char b[16];

	if (depth > RPKI_JSON_DEPTH_MAX)
		return jfail(j, "nested deeper than %d", RPKI_JSON_DEPTH_MAX);
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			ws(j);
			if (j->p == j->end || *j->p != '"')
				return jfail(j, "member name expected, found %s",
				    here(j, b, sizeof(b)));
			if (jstring(j, NULL, 0, NULL) != 0 ||
			    expect(j, ':', "':'") != 0)
				return -1;
		}
		if (jvalue(j, depth + 1) != 0)
			return -1;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return 0;
		}
		return jfail(j, "',' or '%c' expected, found %s", close,
		    here(j, b, sizeof(b)));
	}
}

/* Any value, checked and skipped; depth is its nesting level. */
static int
jvalue(struct js *j, unsigned depth)
{
	static const char *lit[] = { "true", "false", "null" };
	uint64_t v;
	size_t i, n;
	int u;
	char b[16];

	ws(j);
	if (j->p == j->end)
		return jfail(j, "value expected, found the end");
	switch (*j->p) {
	case '{':
	case '[':
		return jcontainer(j, depth);
	case '"':
		return jstring(j, NULL, 0, NULL);
	case 't':
	case 'f':
	case 'n':
		for (i = 0; i < 3; i++) {
			n = strlen(lit[i]);
			if ((size_t)(j->end - j->p) >= n &&
			    memcmp(j->p, lit[i], n) == 0) {
				j->p += n;
				return 0;
			}
		}
		return jfail(j, "bad literal");
	default:
		if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))
			return jnumber(j, &u, &v);
	}
	return jfail(j, "value expected, found %s", here(j, b, sizeof(b)));
}

static enum field
field_of(const char *k, size_t n)
{
	if (n == 3 && memcmp(k, "asn", 3) == 0)
		return F_ASN;
	if (n == 6 && memcmp(k, "prefix", 6) == 0)
		return F_PREFIX;
	if (n == 9 && memcmp(k, "maxLength", 9) == 0)
		return F_MAXLEN;
	return F_OTHER;
}

static const char *
field_name(enum field f)
{
	return f == F_ASN ? "asn" : f == F_PREFIX ? "prefix" : "maxLength";
}

/* What one entry of "roas" says, and the first thing wrong with it. */
struct roa {
	unsigned seen;
	char prefix[TEXT_MAX];
	size_t prefix_len;
	uint32_t asn;
	uint64_t max_len;
	char bad[RPKI_WHY_MAX];
};

static void roa_bad(struct roa *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
roa_bad(struct roa *r, const char *fmt, ...)
{
	va_list ap;

	if (r->bad[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(r->bad, sizeof(r->bad), fmt, ap);
	va_end(ap);
}

/* The value of a member we read, into r. */
static int
roa_field(struct js *j, struct roa *r, enum field f, unsigned depth)
{
	char text[TEXT_MAX], q[RPKI_QUOTE_MAX + 4];
	size_t n;
	uint64_t v;
	int u;

	if (r->seen & f) {
		roa_bad(r, "'%s' appears twice", field_name(f));
		return jvalue(j, depth);
	}
	r->seen |= f;
	ws(j);
	if (j->p < j->end && *j->p == '"' && f != F_MAXLEN) {
		if (jstring(j, text, sizeof(text), &n) != 0)
			return -1;
		if (f == F_PREFIX) {
			if (n >= sizeof(text))
				roa_bad(r, "prefix '%s' is too long", rpki_quote(text,
				    sizeof(text) - 1, q, sizeof(q)));
			r->prefix_len = n < sizeof(text) ? n : sizeof(text) - 1;
			memcpy(r->prefix, text, r->prefix_len + 1);
		} else if (n >= sizeof(text) ||
		    rpki_asn_parse(text, n, 1, &r->asn) != 0) {
			roa_bad(r, "asn '%s' is not an AS number", rpki_quote(text,
			    n < sizeof(text) ? n : sizeof(text) - 1, q, sizeof(q)));
		}
		return 0;
	}
	if (j->p < j->end && (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) &&
	    f != F_PREFIX) {
		if (jnumber(j, &u, &v) != 0)
			return -1;
		if (f == F_ASN && (!u || v > UINT32_MAX))
			roa_bad(r, "asn is not a number from 0 to 4294967295");
		else if (f == F_MAXLEN && (!u || v > 128))
			roa_bad(r, "maxLength is not a number from 0 to 128");
		else if (f == F_ASN)
			r->asn = (uint32_t)v;
		else
			r->max_len = v;
		return 0;
	}
	roa_bad(r, "'%s' is not a %s", field_name(f), f == F_PREFIX ? "string" :
	    f == F_ASN ? "number or string" : "number");
	return jvalue(j, depth);
}

/* Stage the entry or count it as skipped. -1 only for bad JSON or no
 * memory. */
static int
roa_end(struct js *j, struct roa *r, size_t idx)
{
	struct rpki_prefix p;
	struct rpki_entry e;
	char reason[RPKI_WHY_MAX];
	unsigned max;

	memset(&p, 0, sizeof(p));
	if (r->bad[0] == '\0' && !(r->seen & F_PREFIX))
		roa_bad(r, "no 'prefix'");
	if (r->bad[0] == '\0' && !(r->seen & F_ASN))
		roa_bad(r, "no 'asn'");
	if (r->bad[0] == '\0' && rpki_prefix_parse(r->prefix, r->prefix_len, &p,
	    reason, sizeof(reason)) != 0)
		roa_bad(r, "%s", reason);
	if (r->bad[0] == '\0') {
		max = p.family == AF_INET ? 32 : 128;
		if (!(r->seen & F_MAXLEN))
			r->max_len = p.len;
		if (r->max_len < p.len)
			roa_bad(r, "maxLength %u is shorter than the prefix "
			    "length %u", (unsigned)r->max_len, p.len);
		else if (r->max_len > max)
			roa_bad(r, "maxLength %u is longer than %u",
			    (unsigned)r->max_len, max);
	}
	if (r->bad[0] != '\0') {
		rpki_stage_skip(j->st, "roas[%zu]: %s", idx, r->bad);
		return 0;
	}
	memset(&e, 0, sizeof(e));
	memcpy(e.addr, p.addr, sizeof(e.addr));
	e.v6 = p.family == AF_INET6;
	e.len = p.len;
	e.max_len = (uint8_t)r->max_len;
	e.asn = r->asn;
	if (rpki_stage_add(j->st, &e) != 0)
		return rpki_fail(j->why, j->cap, "out of memory after %zu VRPs",
		    j->st->n);
	return 0;
}

/* One element of "roas" (depth 3). */
static int
roa(struct js *j, size_t idx)
{
	struct roa r;
	char key[KEY_MAX], b[16];
	size_t kn;
	enum field f;

	ws(j);
	if (j->p == j->end || *j->p != '{') {
		if (jvalue(j, 3) != 0)
			return -1;
		rpki_stage_skip(j->st, "roas[%zu]: not an object", idx);
		return 0;
	}
	memset(&r, 0, sizeof(r));
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return roa_end(j, &r, idx);
	}
	for (;;) {
		ws(j);
		if (j->p == j->end || *j->p != '"')
			return jfail(j, "member name expected, found %s",
			    here(j, b, sizeof(b)));
		if (jstring(j, key, sizeof(key), &kn) != 0 ||
		    expect(j, ':', "':'") != 0)
			return -1;
		f = kn < sizeof(key) ? field_of(key, kn) : F_OTHER;
		if (f == F_OTHER ? jvalue(j, 4) != 0 : roa_field(j, &r, f, 4) != 0)
			return -1;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			return roa_end(j, &r, idx);
		}
		return jfail(j, "',' or '}' expected, found %s",
		    here(j, b, sizeof(b)));
	}
}

/* The "roas" array at j->p (depth 2). */
static int
roas(struct js *j)
{
	size_t idx;
	char b[16];

	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == ']') {
		j->p++;
		return 0;
	}
	for (idx = 0;; idx++) {
		if (roa(j, idx) != 0)
			return -1;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == ']') {
			j->p++;
			return 0;
		}
		return jfail(j, "',' or ']' expected, found %s",
		    here(j, b, sizeof(b)));
	}
}

int
rpki_json_scan(const char *buf, size_t len, struct rpki_stage *st,
    char *why, size_t cap)
{
	struct js j;
	char key[KEY_MAX], b[16];
	size_t kn;
	int have = 0, shape = 0;

	j.start = j.p = (const unsigned char *)buf;
	j.end = j.start + (buf != NULL ? len : 0);
	j.st = st;
	j.why = why;
	j.cap = cap;
	ws(&j);
	if (j.p == j.end)
		return rpki_fail(why, cap, "not JSON: empty document");
	if (*j.p != '{') {
		if (jvalue(&j, 1) != 0)
			return -1;
		ws(&j);
		if (j.p != j.end)
			return jfail(&j, "data after the top-level value");
		j.p = j.start;
		ws(&j);
		return jshape(&j, "the top level is not an object");
	}
	j.p++;
	ws(&j);
	if (j.p < j.end && *j.p == '}') {
		j.p++;
	} else {
		for (;;) {
			ws(&j);
			if (j.p == j.end || *j.p != '"')
				return jfail(&j, "member name expected, found %s",
				    here(&j, b, sizeof(b)));
			if (jstring(&j, key, sizeof(key), &kn) != 0 ||
			    expect(&j, ':', "':'") != 0)
				return -1;
			ws(&j);
			if (kn == 4 && memcmp(key, "roas", 4) == 0 && !shape &&
			    (have || j.p == j.end || *j.p != '[')) {
				/* Kept, but the rest must still be JSON. */
				jshape(&j, have ? "'roas' appears twice" :
				    "'roas' is not an array");
				shape = 1;
				if (jvalue(&j, 2) != 0)
					return -1;
			} else if (kn == 4 && memcmp(key, "roas", 4) == 0 && !shape) {
				have = 1;
				if (roas(&j) != 0)
					return -1;
			} else if (jvalue(&j, 2) != 0) {
				return -1;
			}
			ws(&j);
			if (j.p < j.end && *j.p == ',') {
				j.p++;
				continue;
			}
			if (j.p < j.end && *j.p == '}') {
				j.p++;
				break;
			}
			return jfail(&j, "',' or '}' expected, found %s",
			    here(&j, b, sizeof(b)));
		}
	}
	ws(&j);
	if (j.p != j.end)
		return jfail(&j, "data after the top-level object");
	if (shape)
		return -1;
	if (!have)
		return rpki_fail(why, cap, "no 'roas' array");
	return 0;
}
