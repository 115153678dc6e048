#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mail/tlsrpt.h"
#include "mail/rectext.h"

#define SHOW     40   /* bytes of a value quoted in a reason */

static int
shown(size_t n)
{
	return (int)(n > SHOW ? SHOW : n);
}

int
tlsrpt_is_tlsrpt1(const char *txt, size_t len)
{
	if (txt == NULL || len < 10 || memcmp(txt, "v=TLSRPTv1", 10) != 0)
		return 0;
	return len == 10 || txt[10] == ';' || rec_is_wsp((unsigned char)txt[10]);
}

/* Letters, digits, hyphens; labels 1-63 not starting or ending with '-'. */
static int
is_hostname(const char *s, size_t n)
{
	size_t i, label = 0;

	if (n == 0 || n > TLSRPT_HOST_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!rec_is_alnum((unsigned char)s[i]) && !(s[i] == '-' && label > 0))
			return 0;
		if (++label > 63)
			return 0;
	}
	return label > 0 && s[n - 1] != '-';
}

static int
set_host(struct tlsrpt_uri *u, const char *h, size_t n, char *why, size_t cap)
{
	size_t i;

	if (!is_hostname(h, n))
		return rec_fail(why, cap, "rua: host '%.*s' is not a domain name",
		    shown(n), h);
	for (i = 0; i < n; i++)
		u->host[i] = (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] - 'A' + 'a' :
		    h[i]);
	u->host[n] = '\0';
	return 0;
}

/* mailto:local@domain[?hfields] */
static int
parse_mailto(struct tlsrpt_uri *u, const char *s, size_t n, char *why,
    size_t cap)
{
	const char *q, *at, *end;

	q = memchr(s, '?', n);
	end = q != NULL ? q : s + n;
	at = memchr(s + 7, '@', (size_t)(end - s - 7));
	if (at == NULL || at == s + 7)
		return rec_fail(why, cap, "rua: '%.*s' has no address local@domain",
		    shown(n), s);
	if (memchr(at + 1, '@', (size_t)(end - at - 1)) != NULL)
		return rec_fail(why, cap, "rua: more than one '@' in '%.*s'", shown(n),
		    s);
	u->scheme = TLSRPT_MAILTO;
	return set_host(u, at + 1, (size_t)(end - at - 1), why, cap);
}

/* https://host[:port][/path][?query][#fragment] */
static int
parse_https(struct tlsrpt_uri *u, const char *s, size_t n, char *why,
    size_t cap)
{
	const char *a = s + 8, *end = a, *colon;
	unsigned long port = 0;

	while (end < s + n && *end != '/' && *end != '?' && *end != '#')
		end++;
	if (memchr(a, '@', (size_t)(end - a)) != NULL)
		return rec_fail(why, cap, "rua: '%.*s' carries user information",
		    shown(n), s);
	if (a < end && *a == '[')
		return rec_fail(why, cap, "rua: '%.*s' names an IP literal, not a "
		    "host name", shown(n), s);
	colon = memchr(a, ':', (size_t)(end - a));
	if (colon != NULL) {
		const char *d;

		for (d = colon + 1; d < end; d++) {
			if (*d < '0' || *d > '9' || port > 65535)
				break;
			port = port * 10 + (unsigned long)(*d - '0');
		}
		if (d < end || d == colon + 1 || port == 0 || port > 65535)
			return rec_fail(why, cap, "rua: bad port in '%.*s'", shown(n), s);
	}
	u->scheme = TLSRPT_HTTPS;
	return set_host(u, a, (size_t)((colon != NULL ? colon : end) - a), why,
	    cap);
}

static int
parse_uri(struct tlsrpt_record *r, const char *s, size_t n, char *why,
    size_t cap)
{
	struct tlsrpt_uri *u;
	size_t i;
	char b[8];

	if (r->n_rua == TLSRPT_URIS_MAX)
		return rec_fail(why, cap, "rua: more than %d URIs", TLSRPT_URIS_MAX);
	if (n > TLSRPT_URI_LEN_MAX)
		return rec_fail(why, cap, "rua: URI longer than %d bytes",
		    TLSRPT_URI_LEN_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7f)
			return rec_fail(why, cap, "rua: %s inside the URI '%.*s'",
			    rec_show_byte(c, b), shown(n), s);
		if (c == '!')
			return rec_fail(why, cap, "rua: '!' must be percent-encoded in "
			    "'%.*s'", shown(n), s);
	}
	u = &r->rua[r->n_rua];
	memset(u, 0, sizeof(*u));
	if (n >= 7 && strncasecmp(s, "mailto:", 7) == 0) {
		if (parse_mailto(u, s, n, why, cap) != 0)
			return -1;
	} else if (n >= 8 && strncasecmp(s, "https://", 8) == 0) {
		if (parse_https(u, s, n, why, cap) != 0)
			return -1;
	} else {
		return rec_fail(why, cap, "rua: 'mailto:' or 'https:' URI expected, got "
		    "'%.*s'", shown(n), s);
	}
	memcpy(u->uri, s, n);
	u->uri[n] = '\0';
	r->n_rua++;
	return 0;
}

static int
parse_rua(struct tlsrpt_record *r, const char *v, size_t n, char *why,
    size_t cap)
{
	size_t i = 0, start, end;

	for (;;) {
		while (i < n && rec_is_wsp((unsigned char)v[i]))
			i++;
		start = i;
		while (i < n && v[i] != ',')
			i++;
		end = i;
		while (end > start && rec_is_wsp((unsigned char)v[end - 1]))
			end--;
		if (end == start)
			return rec_fail(why, cap, "rua: empty URI in the list");
		if (parse_uri(r, v + start, end - start, why, cap) != 0)
			return -1;
		if (i == n)
			return 0;
		i++;
	}
}

/* Why the record is no TLSRPTv1 candidate, for the reason. */
static int
explain_start(const char *txt, size_t len, char *why, size_t cap)
{
	size_t n = 0;

	if (len >= 2 && txt[0] == 'v' && txt[1] == '=') {
		while (2 + n < len && txt[2 + n] != ';' &&
		    !rec_is_wsp((unsigned char)txt[2 + n]))
			n++;
		if (n == 8 && strncasecmp(txt + 2, "TLSRPTv1", 8) == 0)
			return rec_fail(why, cap, "v: '%.*s' is not TLSRPTv1 (the version "
			    "is case-sensitive)", (int)n, txt + 2);
		return rec_fail(why, cap, "v: '%.*s' is not TLSRPTv1", shown(n),
		    txt + 2);
	}
	while (n < len && n < REC_FIELD_NAME_MAX && rec_is_namechar((unsigned char)txt[n]))
		n++;
	if (n > 0 && n < len && txt[n] == '=')
		return rec_fail(why, cap, "tag 'v' must come first (found '%.*s')",
		    (int)n, txt);
	return rec_fail(why, cap, "record must start with 'v=TLSRPTv1'");
}

int
tlsrpt_parse(const char *txt, size_t len, struct tlsrpt_record *out,
    char *why, size_t cap)
{
	const unsigned char *s = (const unsigned char *)txt;
	size_t p = 10, name = 0, nlen = 0, val, vend, i;
	int have_rua = 0;
	char b[8];

	memset(out, 0, sizeof(*out));
	if (cap > 0)
		why[0] = '\0';
	if (txt == NULL || len == 0)
		return rec_fail(why, cap, "empty record: 'v=TLSRPTv1' expected");
	if (!tlsrpt_is_tlsrpt1(txt, len))
		return explain_start(txt, len, why, cap);
	for (;;) {
		int empty = 0, rc = rec_next_field(txt, len, &p, &name, &nlen,
		    &empty, why, cap);

		if (empty)
			out->notes |= TLSRPT_NOTE_EMPTY;
		if (rc < 0)
			return -1;
		if (rc == 0)
			break;
		val = p;
		while (p < len && s[p] != ';')
			p++;
		vend = p;
		while (vend > val && rec_is_wsp(s[vend - 1]))
			vend--;
		if (vend == val)
			return rec_fail(why, cap, "field '%.*s': empty value", (int)nlen,
			    txt + name);
		if (nlen == 3 && memcmp(txt + name, "rua", 3) == 0) {
			if (have_rua)
				return rec_fail(why, cap, "tag 'rua' appears twice");
			have_rua = 1;
			if (parse_rua(out, txt + val, vend - val, why, cap) != 0)
				return -1;
			continue;
		}
		if (nlen == 1 && txt[name] == 'v')
			return rec_fail(why, cap, "tag 'v' appears twice");
		for (i = val; i < vend; i++)
			if (s[i] < 0x21 || s[i] > 0x7e || s[i] == '=')
				return rec_fail(why, cap, "field '%.*s': %s at offset %zu is "
				    "not allowed in a value", (int)nlen, txt + name,
				    rec_show_byte(s[i], b), i);
		out->notes |= TLSRPT_NOTE_EXTENSION;
	}
	if (!have_rua)
		return rec_fail(why, cap, "rua: required field missing");
	return 0;
}
