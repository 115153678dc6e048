/*
 * rectext: the character classes and the reason writer that the mail
 * record parsers (DKIM, DMARC, MTA-STS, TLS-RPT) share. Header-only and
 * file-local to each parser (static inline), so every parser stays one
 * translation unit with no global names beyond its own API.
 */
#ifndef UTD_MAIL_RECTEXT_H
#define UTD_MAIL_RECTEXT_H

#include <stdarg.h>
#include <stdio.h>

/* Write a reason into why (cap bytes) and return -1, for "return fail()". */
static inline int rec_fail(char *why, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline int
rec_fail(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (cap == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(why, cap, fmt, ap);
	va_end(ap);
	return -1;
}

static inline int
rec_is_wsp(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* Folding white space as the tag-list readers accept it (CR, LF too). */
static inline int
rec_is_fws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline int
rec_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int
rec_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline int
rec_is_alnum(unsigned char c)
{
	return rec_is_alpha(c) || rec_is_digit(c);
}

/* A byte for a reason: 'x' when printable, else 0xNN. */
static inline const char *
rec_show_byte(unsigned char c, char buf[8])
{
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, 8, "'%c'", c);
	else
		snprintf(buf, 8, "0x%02x", c);
	return buf;
}

/*
 * The "field-name=value" lists of MTA-STS TXT (RFC 8461 §3.1) and TLS-RPT
 * (RFC 8460 §3), after the version: from *p, skip ';' separators (an
 * empty field sets *empty), read a name of 1..REC_FIELD_NAME_MAX
 * alphanumerics, '_', '-', '.' and the '=' right after it (no whitespace
 * around). Returns 1 with *p at the value's first byte, 0 at the end, or
 * -1 with a reason in why.
 */
#define REC_FIELD_NAME_MAX 32
#define REC_SHOW           40   /* bytes of a name quoted in a reason */

static inline int
rec_is_namechar(unsigned char c)
{
	return rec_is_alnum(c) || c == '_' || c == '-' || c == '.';
}

static inline int
rec_next_field(const char *txt, size_t len, size_t *p, size_t *name,
    size_t *nlen, int *empty, char *why, size_t cap)
{
	const unsigned char *s = (const unsigned char *)txt;
	size_t q = *p;
	char b[8];

	while (q < len && rec_is_wsp(s[q]))
		q++;
	if (q == len)
		return 0;
	if (s[q] != ';')
		return rec_fail(why, cap, "';' expected at offset %zu, found %s", q,
		    rec_show_byte(s[q], b));
	q++;
	while (q < len && (rec_is_wsp(s[q]) || s[q] == ';')) {
		if (s[q] == ';')
			*empty = 1;
		q++;
	}
	if (q == len) {
		*p = q;
		return 0;
	}
	*name = q;
	if (!rec_is_alnum(s[q]))
		return rec_fail(why, cap, "field name expected at offset %zu, "
		    "found %s", q, rec_show_byte(s[q], b));
	while (q < len && rec_is_namechar(s[q]))
		q++;
	*nlen = q - *name;
	if (*nlen > REC_FIELD_NAME_MAX)
		return rec_fail(why, cap, "field name '%.*s...' longer than %d "
		    "characters", *nlen > REC_SHOW ? REC_SHOW : (int)*nlen,
		    txt + *name, REC_FIELD_NAME_MAX);
	if (q < len && rec_is_wsp(s[q]))
		return rec_fail(why, cap, "field '%.*s': no whitespace allowed "
		    "before '='", (int)*nlen, txt + *name);
	if (q == len || s[q] != '=')
		return rec_fail(why, cap, "field '%.*s': '=' expected, found %s",
		    (int)*nlen, txt + *name,
		    q == len ? "the end" : rec_show_byte(s[q], b));
	q++;
	if (q < len && rec_is_wsp(s[q]))
		return rec_fail(why, cap, "field '%.*s': no whitespace allowed "
		    "after '='", (int)*nlen, txt + *name);
	*p = q;
	return 1;
}

#endif
