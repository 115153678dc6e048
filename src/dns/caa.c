#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dns/caa.h"

int
caa_parse_rdata(const uint8_t *rd, size_t len, struct caa_rr *out,
    const char **why)
{
	size_t taglen, i;

	memset(out, 0, sizeof(*out));
	if (len < 2) {
		*why = "CAA record shorter than its header";
		return -1;
	}
	out->flags = rd[0];
	taglen = rd[1];
	if (taglen < 1 || taglen > 15 || 2 + taglen > len) {
		*why = "CAA tag length out of range";
		return -1;
	}
	for (i = 0; i < taglen; i++) {
		if (!isalnum(rd[2 + i])) {
			*why = "CAA tag holds a character other than a letter or digit";
			return -1;
		}
		out->tag[i] = (char)tolower(rd[2 + i]);
	}
	out->value_len = len - 2 - taglen;
	if (out->value_len >= sizeof(out->value)) {
		*why = "CAA value too long";
		return -1;
	}
	memcpy(out->value, rd + 2 + taglen, out->value_len);
	if (memchr(out->value, '\0', out->value_len) != NULL) {
		*why = "CAA value holds a NUL byte";
		return -1;
	}
	return 0;
}

static int
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT)); returns chars used. */
static size_t
label_len(const char *s)
{
	size_t n = 0;

	if (!isalnum((unsigned char)s[0]))
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '-')
		n++;
	while (n > 0 && s[n - 1] == '-')
		n--;
	return n;
}

static int fail(char *why, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, cap, fmt, ap);
	va_end(ap);
	return -1;
}

/* RFC 8657 parameter values. */
static int
check_param(const char *tag, size_t taglen, const char *val, size_t vlen,
    char *why, size_t cap)
{
	size_t i;

	if (taglen == 10 && strncasecmp(tag, "accounturi", 10) == 0) {
		if (vlen < 8 || strncmp(val, "https://", 8) != 0)
			return fail(why, cap, "%s", "accounturi is not an https URI");
	} else if (taglen == 17 && strncasecmp(tag, "validationmethods", 17) == 0) {
		if (vlen == 0)
			return fail(why, cap, "%s", "validationmethods is empty");
		for (i = 0; i < vlen; i++)
			if (!isalnum((unsigned char)val[i]) && val[i] != '-' && val[i] != ',')
				return fail(why, cap, "%s",
				    "validationmethods holds a character outside a method list");
		if (val[0] == ',' || val[vlen - 1] == ',' || strstr(val, ",,") != NULL)
			return fail(why, cap, "%s", "validationmethods has an empty method");
	}
	return 0;
}

static int
check_issue(const char *v, char *why, size_t cap)
{
	const char *p = v, *tag, *val;
	size_t n, taglen, vlen;

	while (is_wsp(*p))
		p++;
	/* issuer-domain-name, possibly absent */
	if (*p != ';' && *p != '\0') {
		for (;;) {
			if ((n = label_len(p)) == 0)
				return fail(why, cap, "issuer domain name is malformed near \"%.20s\"", p);
			p += n;
			if (*p != '.')
				break;
			p++;
		}
		while (is_wsp(*p))
			p++;
	}
	if (*p == '\0')
		return 0;
	if (*p != ';')
		return fail(why, cap, "unexpected text after the issuer: \"%.20s\"", p);
	p++;
	while (is_wsp(*p))
		p++;
	while (*p != '\0') {
		tag = p;
		if ((taglen = label_len(p)) == 0)
			return fail(why, cap, "parameter name is malformed near \"%.20s\"", p);
		p += taglen;
		while (is_wsp(*p))
			p++;
		if (*p != '=')
			return fail(why, cap, "parameter \"%.20s\" has no '='", tag);
		p++;
		while (is_wsp(*p))
			p++;
		val = p;
		while (*p >= 0x21 && *p <= 0x7e && *p != ';')
			p++;
		vlen = (size_t)(p - val);
		if (check_param(tag, taglen, val, vlen, why, cap) != 0)
			return -1;
		while (is_wsp(*p))
			p++;
		if (*p == '\0')
			break;
		if (*p != ';')
			return fail(why, cap, "parameter value holds a bad character near \"%.20s\"", p);
		p++;
		while (is_wsp(*p))
			p++;
		if (*p == '\0')
			return fail(why, cap, "%s", "a ';' is not followed by a parameter");
	}
	return 0;
}

int
caa_is_issue(const struct caa_rr *rr)
{
	return strcmp(rr->tag, "issue") == 0 || strcmp(rr->tag, "issuewild") == 0;
}

int
caa_check(const struct caa_rr *rr, char *why, size_t cap)
{
	const char *v = rr->value;

	if (rr->flags != 0 && rr->flags != 128)
		return fail(why, cap, "flags are %s; only 0 and 128 are defined",
		    rr->flags & 0x80 ? "128 plus reserved bits" : "reserved bits");
	if (caa_is_issue(rr) || strcmp(rr->tag, "issuemail") == 0)
		return check_issue(v, why, cap);
	if (strcmp(rr->tag, "iodef") == 0) {
		if (strncmp(v, "mailto:", 7) == 0 && strchr(v + 7, '@') != NULL)
			return 0;
		if (strncmp(v, "https://", 8) == 0 && v[8] != '\0')
			return 0;
		return fail(why, cap, "iodef \"%.40s\" is not a mailto: or https: URL", v);
	}
	if (strcmp(rr->tag, "contactemail") == 0) {
		const char *at = strchr(v, '@');

		if (at == NULL || at == v || at[1] == '\0' || strchr(at + 1, '@'))
			return fail(why, cap, "contactemail \"%.40s\" is not an address", v);
		return 0;
	}
	if (strcmp(rr->tag, "contactphone") == 0) {
		size_t i, digits = 0;

		for (i = 0; v[i] != '\0'; i++) {
			if (isdigit((unsigned char)v[i]))
				digits++;
			else if (!strchr("+ -().", v[i]))
				return fail(why, cap, "contactphone \"%.40s\" is not a phone number", v);
		}
		if (digits < 3)
			return fail(why, cap, "contactphone \"%.40s\" is not a phone number", v);
		return 0;
	}
	if (rr->flags & 0x80)
		return fail(why, cap, "unknown property \"%s\" is marked critical: no CA may issue",
		    rr->tag);
	return 0;
}
