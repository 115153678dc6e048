#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mail/dkim.h"
#include "mail/dmarc.h"
#include "mail/orgdom.h"
#include "mail/rectext.h"

#define SHOW 40   /* bytes of a value quoted in a reason */

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int
ieq(const char *s, size_t n, const char *want)
{
	return n == strlen(want) && strncasecmp(s, want, n) == 0;
}

static int
shown(size_t n)
{
	return (int)(n > SHOW ? SHOW : n);
}

int
dmarc_is_dmarc1(const char *txt, size_t len)
{
	size_t i = 0;

	if (txt == NULL || len == 0 || lower(txt[0]) != 'v')
		return 0;
	i = 1;
	while (i < len && rec_is_wsp((unsigned char)txt[i]))
		i++;
	if (i == len || txt[i] != '=')
		return 0;
	i++;
	while (i < len && rec_is_wsp((unsigned char)txt[i]))
		i++;
	if (len - i < 6 || memcmp(txt + i, "DMARC1", 6) != 0)
		return 0;
	i += 6;
	return i == len || txt[i] == ';' || rec_is_wsp((unsigned char)txt[i]);
}

int
dmarc_is_auth_record(const char *txt, size_t len)
{
	return dmarc_is_dmarc1(txt, len);
}

const char *
dmarc_policy_str(enum dmarc_policy p)
{
	switch (p) {
	case DMARC_POLICY_ABSENT:
		return "absent";
	case DMARC_POLICY_NONE:
		return "none";
	case DMARC_POLICY_QUARANTINE:
		return "quarantine";
	case DMARC_POLICY_REJECT:
		return "reject";
	}
	return "unknown";
}

/* Split v at sep (whitespace around each item dropped); fn per item. */
typedef int (*item_fn)(const char *tag, const char *s, size_t n, void *ctx,
    char *why, size_t cap);

static int
each_item(const char *tag, const char *v, size_t n, char sep, item_fn fn,
    void *ctx, char *why, size_t cap)
{
	size_t i = 0, start, end;

	if (n == 0)
		return rec_fail(why, cap, "%s: empty value", tag);
	for (;;) {
		while (i < n && rec_is_fws((unsigned char)v[i]))
			i++;
		start = i;
		while (i < n && v[i] != sep)
			i++;
		end = i;
		while (end > start && rec_is_fws((unsigned char)v[end - 1]))
			end--;
		if (end == start)
			return rec_fail(why, cap, "%s: empty item in the '%c'-separated list",
			    tag, sep);
		if (fn(tag, v + start, end - start, ctx, why, cap) != 0)
			return -1;
		if (i == n)
			return 0;
		i++;
	}
}

static int
fo_item(const char *tag, const char *s, size_t n, void *ctx, char *why,
    size_t cap)
{
	unsigned *fo = ctx;

	if (n == 1 && s[0] == '0')
		*fo |= DMARC_FO_0;
	else if (n == 1 && s[0] == '1')
		*fo |= DMARC_FO_1;
	else if (n == 1 && lower(s[0]) == 'd')
		*fo |= DMARC_FO_D;
	else if (n == 1 && lower(s[0]) == 's')
		*fo |= DMARC_FO_S;
	else
		return rec_fail(why, cap, "%s: unknown option '%.*s' (0, 1, d or s)",
		    tag, shown(n), s);
	return 0;
}

static int
rf_item(const char *tag, const char *s, size_t n, void *ctx, char *why,
    size_t cap)
{
	unsigned *rf = ctx;
	size_t i;

	for (i = 0; i < n; i++)
		if (!rec_is_alnum((unsigned char)s[i]) && s[i] != '-')
			return rec_fail(why, cap, "%s: '%.*s' is not a report format "
			    "keyword", tag, shown(n), s);
	if (ieq(s, n, "afrf"))
		*rf |= DMARC_RF_AFRF;
	else if (ieq(s, n, "iodef"))
		*rf |= DMARC_RF_IODEF;
	else
		*rf |= DMARC_RF_OTHER;
	return 0;
}

/* Letters, digits, hyphens; labels 1-63 not starting or ending with '-'. */
static int
is_hostname(const char *s, size_t n)
{
	size_t i, label = 0;

	if (n == 0 || n > DMARC_HOST_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!rec_is_alnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
		if (s[i] == '-' && label == 0)
			return 0;
		if (++label > 63)
			return 0;
	}
	return label > 0 && s[n - 1] != '-';
}

/* "!" 1*DIGIT [k/m/g/t] of RFC 7489 §6.2: the number must fit in 64 bits
 * (§6.4); units taken as powers of two, the byte count saturating. */
static int
parse_limit(const char *tag, const char *s, size_t n, struct dmarc_uri *u,
    char *why, size_t cap)
{
	uint64_t v = 0;
	unsigned shift = 0;
	size_t i;

	for (i = 1; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		uint64_t d = (uint64_t)(s[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return rec_fail(why, cap, "%s: size limit '%.*s' does not fit in "
			    "64 bits", tag, shown(n), s);
		v = v * 10 + d;
	}
	if (i == 1 || i + 1 < n || (i + 1 == n && !strchr("kmgtKMGT", s[i])))
		return rec_fail(why, cap, "%s: size limit '%.*s' is not digits and an "
		    "optional k, m, g or t", tag, shown(n), s);
	if (i + 1 == n)
		shift = lower(s[i]) == 'k' ? 10 : lower(s[i]) == 'm' ? 20 :
		    lower(s[i]) == 'g' ? 30 : 40;
	u->has_limit = 1;
	u->limit_bytes = v > (UINT64_MAX >> shift) ? UINT64_MAX : v << shift;
	return 0;
}

static int
uri_item(const char *tag, const char *s, size_t n, void *ctx, char *why,
    size_t cap)
{
	struct dmarc_record *r = ctx;
	int is_rua = strcmp(tag, "rua") == 0;
	struct dmarc_uri *u;
	const char *bang, *q, *at, *host;
	size_t *count = is_rua ? &r->n_rua : &r->n_ruf;
	size_t i, body, addr, hostlen;

	if (*count == DMARC_URIS_MAX)
		return rec_fail(why, cap, "%s: more than %d URIs", tag, DMARC_URIS_MAX);
	if (n > DMARC_URI_LEN_MAX)
		return rec_fail(why, cap, "%s: URI longer than %d bytes", tag,
		    DMARC_URI_LEN_MAX);
	for (i = 0; i < n; i++)
		if (rec_is_fws((unsigned char)s[i]))
			return rec_fail(why, cap, "%s: whitespace inside the URI '%.*s'",
			    tag, shown(n), s);
	if (n < 7 || strncasecmp(s, "mailto:", 7) != 0)
		return rec_fail(why, cap, "%s: 'mailto' URI expected, got '%.*s'", tag,
		    shown(n), s);
	u = is_rua ? &r->rua[*count] : &r->ruf[*count];
	memset(u, 0, sizeof(*u));
	bang = memchr(s, '!', n);
	body = bang != NULL ? (size_t)(bang - s) : n;
	if (bang != NULL && parse_limit(tag, bang, n - body, u, why, cap) != 0)
		return -1;
	q = memchr(s, '?', body);
	addr = (q != NULL ? (size_t)(q - s) : body) - 7;
	at = memchr(s + 7, '@', addr);
	if (at == NULL || at == s + 7)
		return rec_fail(why, cap, "%s: '%.*s' has no address local@host", tag,
		    shown(n), s);
	host = at + 1;
	hostlen = (size_t)(s + 7 + addr - host);
	if (memchr(host, '@', hostlen) != NULL)
		return rec_fail(why, cap, "%s: more than one '@' in '%.*s'", tag,
		    shown(n), s);
	if (!is_hostname(host, hostlen))
		return rec_fail(why, cap, "%s: host '%.*s' is not a domain name", tag,
		    shown(hostlen), host);
	memcpy(u->uri, s, n);
	u->uri[n] = '\0';
	memcpy(u->addr, s + 7, addr);
	u->addr[addr] = '\0';
	for (i = 0; i < hostlen; i++)
		u->host[i] = lower(host[i]);
	u->host[hostlen] = '\0';
	(*count)++;
	return 0;
}

/* A decimal integer up to max; -1 not digits, -2 too large. */
static int
parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v <= max)
			v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return -2;
	*out = v;
	return 0;
}

static int
parse_policy(const char *tag, const struct dkim_tag *t, enum dmarc_policy *p,
    char *why, size_t cap)
{
	if (t->value_len == 0)
		return rec_fail(why, cap, "%s: empty value", tag);
	if (ieq(t->value, t->value_len, "none"))
		*p = DMARC_POLICY_NONE;
	else if (ieq(t->value, t->value_len, "quarantine"))
		*p = DMARC_POLICY_QUARANTINE;
	else if (ieq(t->value, t->value_len, "reject"))
		*p = DMARC_POLICY_REJECT;
	else
		return rec_fail(why, cap, "%s: unknown policy '%.*s'", tag,
		    shown(t->value_len), t->value);
	return 0;
}

static int
parse_letter(const char *tag, const struct dkim_tag *t, const char *allowed,
    char *out, char *why, size_t cap)
{
	if (t->value_len != 1 || strchr(allowed, lower(t->value[0])) == NULL ||
	    t->value[0] == '\0')
		return rec_fail(why, cap, "%s: '%.*s' is not one of %s", tag,
		    shown(t->value_len), t->value,
		    strcmp(allowed, "rs") == 0 ? "r, s" :
		    strcmp(allowed, "yn") == 0 ? "y, n" : "y, n, u");
	*out = lower(t->value[0]);
	return 0;
}

static int
parse_number(const char *tag, const struct dkim_tag *t, uint64_t max,
    uint64_t *out, char *why, size_t cap)
{
	switch (parse_uint(t->value, t->value_len, max, out)) {
	case -1:
		return rec_fail(why, cap, "%s: '%.*s' is not a decimal number", tag,
		    shown(t->value_len), t->value);
	case -2:
		return rec_fail(why, cap, "%s=%.*s out of range 0-%llu", tag,
		    shown(t->value_len), t->value, (unsigned long long)max);
	}
	return 0;
}

static enum dmarc_yn
yn(char c)
{
	return c == 'y' ? DMARC_YN_Y : c == 'n' ? DMARC_YN_N : DMARC_YN_U;
}

static const struct {
	const char *name;
	unsigned bit;
} known[] = {
	{ "v", DMARC_TAG_V }, { "p", DMARC_TAG_P }, { "sp", DMARC_TAG_SP },
	{ "np", DMARC_TAG_NP }, { "psd", DMARC_TAG_PSD }, { "t", DMARC_TAG_T },
	{ "adkim", DMARC_TAG_ADKIM }, { "aspf", DMARC_TAG_ASPF },
	{ "pct", DMARC_TAG_PCT }, { "fo", DMARC_TAG_FO }, { "rf", DMARC_TAG_RF },
	{ "ri", DMARC_TAG_RI }, { "rua", DMARC_TAG_RUA },
	{ "ruf", DMARC_TAG_RUF },
};

/* Why the record is no DMARC1 candidate, for the first reason. */
static int
explain_start(const char *txt, size_t len, char *why, size_t cap)
{
	struct dkim_tags it;
	struct dkim_tag t;
	char scratch[8];

	dkim_tags_init(&it, txt, len);
	if (dkim_tags_next(&it, &t, scratch, sizeof(scratch)) != 1)
		return rec_fail(why, cap, "record must start with 'v=DMARC1'");
	if (!ieq(t.name, t.name_len, "v"))
		return rec_fail(why, cap, "tag 'v' must come first (found '%.*s')",
		    shown(t.name_len), t.name);
	if (t.value_len == 6 && memcmp(t.value, "DMARC1", 6) == 0)
		return rec_fail(why, cap, "record must start with 'v=DMARC1' "
		    "(no whitespace before it, a ';' after it)");
	if (ieq(t.value, t.value_len, "DMARC1"))
		return rec_fail(why, cap, "v: '%.*s' is not DMARC1 (the version is "
		    "case-sensitive)", shown(t.value_len), t.value);
	return rec_fail(why, cap, "v: '%.*s' is not DMARC1", shown(t.value_len),
	    t.value);
}

int
dmarc_parse(const char *txt, size_t len, struct dmarc_record *out,
    char *why, size_t cap)
{
	struct dkim_tag tags[DMARC_TAGS_MAX], t;
	struct dkim_tags it;
	size_t ntags = 0, i;
	uint64_t num;
	char c;
	int r;

	memset(out, 0, sizeof(*out));
	out->adkim = out->aspf = 'r';
	out->pct = 100;
	out->fo = DMARC_FO_0;
	out->rf = DMARC_RF_AFRF;
	out->ri = 86400;
	if (cap > 0)
		why[0] = '\0';
	if (txt == NULL || len == 0)
		return rec_fail(why, cap, "empty record: 'v=DMARC1' expected");
	if (!dmarc_is_dmarc1(txt, len))
		return explain_start(txt, len, why, cap);
	dkim_tags_init(&it, txt, len);
	while ((r = dkim_tags_next(&it, &t, why, cap)) == 1) {
		unsigned bit = 0;

		for (i = 0; i < ntags; i++)
			if (tags[i].name_len == t.name_len &&
			    strncasecmp(tags[i].name, t.name, t.name_len) == 0)
				return rec_fail(why, cap, "tag '%.*s' appears twice",
				    shown(t.name_len), t.name);
		if (ntags == DMARC_TAGS_MAX)
			return rec_fail(why, cap, "more than %d tags", DMARC_TAGS_MAX);
		tags[ntags++] = t;
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (ieq(t.name, t.name_len, known[i].name))
				bit = known[i].bit;
		out->seen |= bit;
		switch (bit) {
		case 0:
			out->notes |= DMARC_NOTE_UNKNOWN_TAG;
			if (out->unknown[0] == '\0') {
				size_t n = t.name_len < sizeof(out->unknown) - 1 ?
				    t.name_len : sizeof(out->unknown) - 1;

				memcpy(out->unknown, t.name, n);
				out->unknown[n] = '\0';
			}
			break;
		case DMARC_TAG_V:
			if (ntags != 1)
				return rec_fail(why, cap, "tag 'v' must come first");
			if (t.value_len != 6 || memcmp(t.value, "DMARC1", 6) != 0)
				return rec_fail(why, cap, "v: '%.*s' is not DMARC1%s",
				    shown(t.value_len), t.value,
				    memchr(t.value, '=', t.value_len) != NULL ?
				    " (a ';' missing?)" : "");
			break;
		case DMARC_TAG_P:
			if (ntags != 2)
				out->notes |= DMARC_NOTE_P_NOT_SECOND;
			if (parse_policy("p", &t, &out->p, why, cap) != 0)
				return -1;
			break;
		case DMARC_TAG_SP:
			if (parse_policy("sp", &t, &out->sp, why, cap) != 0)
				return -1;
			break;
		case DMARC_TAG_NP:
			if (parse_policy("np", &t, &out->np, why, cap) != 0)
				return -1;
			break;
		case DMARC_TAG_PSD:
			if (parse_letter("psd", &t, "ynu", &c, why, cap) != 0)
				return -1;
			out->psd = yn(c);
			break;
		case DMARC_TAG_T:
			if (parse_letter("t", &t, "yn", &c, why, cap) != 0)
				return -1;
			out->t = yn(c);
			break;
		case DMARC_TAG_ADKIM:
			if (parse_letter("adkim", &t, "rs", &out->adkim, why, cap) != 0)
				return -1;
			break;
		case DMARC_TAG_ASPF:
			if (parse_letter("aspf", &t, "rs", &out->aspf, why, cap) != 0)
				return -1;
			break;
		case DMARC_TAG_PCT:
			if (parse_number("pct", &t, 100, &num, why, cap) != 0)
				return -1;
			out->pct = (unsigned)num;
			break;
		case DMARC_TAG_RI:
			if (parse_number("ri", &t, UINT32_MAX, &num, why, cap) != 0)
				return -1;
			out->ri = (uint32_t)num;
			break;
		case DMARC_TAG_FO:
			out->fo = 0;
			if (each_item("fo", t.value, t.value_len, ':', fo_item,
			    &out->fo, why, cap) != 0)
				return -1;
			break;
		case DMARC_TAG_RF:
			out->rf = 0;
			if (each_item("rf", t.value, t.value_len, ':', rf_item,
			    &out->rf, why, cap) != 0)
				return -1;
			break;
		case DMARC_TAG_RUA:
			if (each_item("rua", t.value, t.value_len, ',', uri_item, out,
			    why, cap) != 0)
				return -1;
			break;
		case DMARC_TAG_RUF:
			if (each_item("ruf", t.value, t.value_len, ',', uri_item, out,
			    why, cap) != 0)
				return -1;
			break;
		}
	}
	if (r < 0)
		return -1;
	if (it.empty > 0)
		out->notes |= DMARC_NOTE_EMPTY_TAG;
	return 0;
}

/* Lower-case, one trailing dot dropped; length, or 0 when unusable. */
static size_t
name_copy(const char *in, char *out, size_t room)
{
	size_t n = strlen(in), i;

	if (n > 0 && in[n - 1] == '.')
		n--;
	if (n == 0 || n > room)
		return 0;
	for (i = 0; i < n; i++) {
		if ((unsigned char)in[i] <= 0x20 || in[i] == 0x7f)
			return 0;
		out[i] = lower(in[i]);
	}
	return n;
}

int
dmarc_report_auth_name(const char *domain, const char *rua_host, char *out,
    size_t cap)
{
	static const char mid[] = "._report._dmarc.";
	char name[DMARC_HOST_MAX + 1];
	size_t dn, hn, midn = sizeof(mid) - 1;

	if (cap > 0)
		out[0] = '\0';
	if (domain == NULL || rua_host == NULL)
		return -1;
	if ((dn = name_copy(domain, name, DMARC_HOST_MAX)) == 0)
		return -1;
	if (dn + midn >= DMARC_HOST_MAX)
		return -1;
	memcpy(name + dn, mid, midn);
	hn = name_copy(rua_host, name + dn + midn, DMARC_HOST_MAX - dn - midn);
	if (hn == 0 || dn + midn + hn >= cap)
		return -1;
	memcpy(out, name, dn + midn + hn);
	out[dn + midn + hn] = '\0';
	return 0;
}

int
dmarc_is_external(const char *domain, const char *rua_host)
{
	int same = orgdom_same(domain, rua_host);

	return same < 0 ? -1 : !same;
}
