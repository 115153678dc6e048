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

#endif
