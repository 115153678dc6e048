#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mail/mtasts.h"
#include "mail/rectext.h"

#define SHOW     40   /* bytes of a value quoted in a reason */

static int
shown(size_t n)
{
	return (int)(n > SHOW ? SHOW : n);
}

static int
eq(const char *s, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(s, want, n) == 0;
}

int
mtasts_is_stsv1(const char *txt, size_t len)
{
	if (txt == NULL || len < 7 || memcmp(txt, "v=STSv1", 7) != 0)
		return 0;
	return len == 7 || txt[7] == ';' || rec_is_wsp((unsigned char)txt[7]);
}

/* Why a record is no STSv1 candidate, for the reason. */
static int
explain_start(const char *txt, size_t len, char *why, size_t cap)
{
	size_t n = 0;

	if (len >= 2 && txt[0] == 'v' && txt[1] == '=') {
		while (2 + n < len && txt[2 + n] != ';' &&
		    !rec_is_wsp((unsigned char)txt[2 + n]))
			n++;
		if (n == 5 && strncasecmp(txt + 2, "STSv1", 5) == 0)
			return rec_fail(why, cap, "v: '%.*s' is not STSv1 (the version is "
			    "case-sensitive)", (int)n, txt + 2);
		return rec_fail(why, cap, "v: '%.*s' is not STSv1", shown(n), txt + 2);
	}
	while (n < len && n < REC_FIELD_NAME_MAX && rec_is_namechar((unsigned char)txt[n]))
		n++;
	if (n > 0 && n < len && txt[n] == '=')
		return rec_fail(why, cap, "tag 'v' must come first (found '%.*s')",
		    (int)n, txt);
	return rec_fail(why, cap, "record must start with 'v=STSv1'");
}

int
mtasts_txt_parse(const char *txt, size_t len, struct mtasts_txt *out,
    char *why, size_t cap)
{
	const unsigned char *s = (const unsigned char *)txt;
	size_t p = 7, name = 0, nlen = 0, val, vlen;
	int have_id = 0;
	char b[8];

	memset(out, 0, sizeof(*out));
	if (cap > 0)
		why[0] = '\0';
	if (txt == NULL || len == 0)
		return rec_fail(why, cap, "empty record: 'v=STSv1' expected");
	if (!mtasts_is_stsv1(txt, len))
		return explain_start(txt, len, why, cap);
	for (;;) {
		int empty = 0, rc = rec_next_field(txt, len, &p, &name, &nlen,
		    &empty, why, cap);

		if (empty)
			out->notes |= MTASTS_NOTE_EMPTY;
		if (rc < 0)
			return -1;
		if (rc == 0)
			break;
		val = p;
		while (p < len && s[p] != ';' && !rec_is_wsp(s[p])) {
			if (s[p] < 0x21 || s[p] > 0x7e || s[p] == '=')
				return rec_fail(why, cap, "field '%.*s': %s at offset %zu is "
				    "not allowed in a value", (int)nlen, txt + name,
				    rec_show_byte(s[p], b), p);
			p++;
		}
		vlen = p - val;
		if (vlen == 0)
			return rec_fail(why, cap, "field '%.*s': empty value", (int)nlen,
			    txt + name);
		if (eq(txt + name, nlen, "id")) {
			size_t i;

			if (have_id) {
				out->notes |= MTASTS_NOTE_DUPLICATE;
				continue;
			}
			for (i = 0; i < vlen; i++)
				if (!rec_is_alnum(s[val + i]))
					break;
			if (i < vlen || vlen > MTASTS_ID_MAX)
				return rec_fail(why, cap, "id: '%.*s' must be 1 to %d letters "
				    "and digits", shown(vlen), txt + val, MTASTS_ID_MAX);
			memcpy(out->id, txt + val, vlen);
			out->id[vlen] = '\0';
			have_id = 1;
		} else if (eq(txt + name, nlen, "v")) {
			out->notes |= MTASTS_NOTE_DUPLICATE;
		} else {
			out->notes |= MTASTS_NOTE_UNKNOWN;
		}
	}
	if (!have_id)
		return rec_fail(why, cap, "id: required field missing");
	return 0;
}

const char *
mtasts_mode_str(enum mtasts_mode m)
{
	switch (m) {
	case MTASTS_MODE_ABSENT:
		return "absent";
	case MTASTS_MODE_ENFORCE:
		return "enforce";
	case MTASTS_MODE_TESTING:
		return "testing";
	case MTASTS_MODE_NONE:
		return "none";
	}
	return "unknown";
}

/* ["*."] Domain (RFC 5321: Let-dig [Ldh-str] labels). */
static int
check_mx(size_t line, const char *v, size_t n, char *why, size_t cap)
{
	size_t i, label = 0, start = 0;

	if (n > MTASTS_MX_LEN_MAX)
		return rec_fail(why, cap, "line %zu: mx: pattern longer than %d bytes",
		    line, MTASTS_MX_LEN_MAX);
	if (n >= 2 && v[0] == '*' && v[1] == '.')
		start = 2;
	if (memchr(v + start, '*', n - start) != NULL)
		return rec_fail(why, cap, "line %zu: mx: '*' is allowed only as the "
		    "whole leftmost label, not in '%.*s'", line, shown(n), v);
	if (n > start && v[n - 1] == '.')
		return rec_fail(why, cap, "line %zu: mx: '%.*s' ends with a dot", line,
		    shown(n), v);
	if (n - start > 253)
		return rec_fail(why, cap, "line %zu: mx: name longer than 253 bytes",
		    line);
	for (i = start; i <= n; i++) {
		if (i == n || v[i] == '.') {
			if (label == 0 || v[i - 1] == '-')
				break;
			if (i == n)
				return 0;
			label = 0;
			continue;
		}
		if (!rec_is_alnum((unsigned char)v[i]) && !(v[i] == '-' && label > 0))
			break;
		if (++label > 63)
			break;
	}
	return rec_fail(why, cap, "line %zu: mx: '%.*s' is not a domain name "
	    "pattern", line, shown(n), v);
}

static int
parse_max_age(size_t line, const char *v, size_t n, uint32_t *out,
    char *why, size_t cap)
{
	uint64_t a = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return rec_fail(why, cap, "line %zu: max_age: '%.*s' is not a "
			    "decimal number", line, shown(n), v);
		if (a <= MTASTS_MAX_AGE_MAX)
			a = a * 10 + (uint64_t)(v[i] - '0');
	}
	if (n > 10 || a > MTASTS_MAX_AGE_MAX)
		return rec_fail(why, cap, "line %zu: max_age=%.*s out of range 0-%u",
		    line, shown(n), v, MTASTS_MAX_AGE_MAX);
	*out = (uint32_t)a;
	return 0;
}

#define SEEN_VERSION 0x1u
#define SEEN_MODE    0x2u
#define SEEN_MAX_AGE 0x4u

int
mtasts_policy_parse(const char *body, size_t len, struct mtasts_policy *out,
    char *why, size_t cap)
{
	const unsigned char *s = (const unsigned char *)body;
	size_t p = 0, line = 0, end, next, k, klen, v, i;
	unsigned seen = 0;
	char b[8];

	memset(out, 0, sizeof(*out));
	if (cap > 0)
		why[0] = '\0';
	if (body == NULL || len == 0)
		return rec_fail(why, cap, "empty policy");
	if (len > MTASTS_POLICY_MAX)
		return rec_fail(why, cap, "policy of %zu bytes exceeds the %d-byte cap",
		    len, MTASTS_POLICY_MAX);
	while (p < len) {
		const unsigned char *lf = memchr(s + p, '\n', len - p);

		line++;
		end = lf != NULL ? (size_t)(lf - s) : len;
		next = lf != NULL ? end + 1 : len;
		if (end > p && s[end - 1] == '\r')
			end--;
		for (i = p; i < end; i++)
			if (s[i] == '\r')
				return rec_fail(why, cap, "line %zu: stray CR (lines end "
				    "with LF or CRLF)", line);
		while (end > p && rec_is_wsp(s[end - 1]))
			end--;
		if (end == p) {
			out->notes |= MTASTS_NOTE_EMPTY;
			p = next;
			continue;
		}
		k = p;
		if (!rec_is_alnum(s[p]))
			return rec_fail(why, cap, "line %zu: field name expected, found %s",
			    line, rec_show_byte(s[p], b));
		while (p < end && rec_is_namechar(s[p]))
			p++;
		if (p - k > REC_FIELD_NAME_MAX)
			return rec_fail(why, cap, "line %zu: field name longer than %d "
			    "characters", line, REC_FIELD_NAME_MAX);
		klen = p - k;
		if (p == end || s[p] != ':')
			return rec_fail(why, cap, "line %zu: ':' expected after '%.*s', "
			    "found %s", line, (int)klen, body + k,
			    p == end ? "the end of the line" : rec_show_byte(s[p], b));
		p++;
		while (p < end && rec_is_wsp(s[p]))
			p++;
		v = p;
		if (v == end)
			return rec_fail(why, cap, "line %zu: field '%.*s' has no value",
			    line, (int)klen, body + k);
		for (i = v; i < end; i++)
			if (s[i] < 0x20 || s[i] == 0x7f)
				return rec_fail(why, cap, "line %zu: byte %s not allowed in "
				    "the value of '%.*s'", line, rec_show_byte(s[i], b),
				    (int)klen, body + k);
		if (eq(body + k, klen, "version")) {
			if (seen & SEEN_VERSION) {
				out->notes |= MTASTS_NOTE_DUPLICATE;
			} else if (!eq(body + v, end - v, "STSv1")) {
				return rec_fail(why, cap, "line %zu: version '%.*s' is not "
				    "STSv1", line, shown(end - v), body + v);
			}
			seen |= SEEN_VERSION;
		} else if (eq(body + k, klen, "mode")) {
			if (seen & SEEN_MODE) {
				out->notes |= MTASTS_NOTE_DUPLICATE;
			} else if (eq(body + v, end - v, "enforce")) {
				out->mode = MTASTS_MODE_ENFORCE;
			} else if (eq(body + v, end - v, "testing")) {
				out->mode = MTASTS_MODE_TESTING;
			} else if (eq(body + v, end - v, "none")) {
				out->mode = MTASTS_MODE_NONE;
			} else {
				return rec_fail(why, cap, "line %zu: mode: unknown mode '%.*s' "
				    "(enforce, testing or none)", line, shown(end - v),
				    body + v);
			}
			seen |= SEEN_MODE;
		} else if (eq(body + k, klen, "max_age")) {
			if (seen & SEEN_MAX_AGE)
				out->notes |= MTASTS_NOTE_DUPLICATE;
			else if (parse_max_age(line, body + v, end - v, &out->max_age,
			    why, cap) != 0)
				return -1;
			seen |= SEEN_MAX_AGE;
		} else if (eq(body + k, klen, "mx")) {
			if (check_mx(line, body + v, end - v, why, cap) != 0)
				return -1;
			if (out->n_mx == MTASTS_MX_MAX)
				return rec_fail(why, cap, "line %zu: mx: more than %d patterns",
				    line, MTASTS_MX_MAX);
			memcpy(out->mx[out->n_mx], body + v, end - v);
			out->mx[out->n_mx][end - v] = '\0';
			out->n_mx++;
		} else {
			out->notes |= MTASTS_NOTE_UNKNOWN;
		}
		p = next;
	}
	out->lines = line;
	if (!(seen & SEEN_VERSION))
		return rec_fail(why, cap, "version: required field missing");
	if (!(seen & SEEN_MODE))
		return rec_fail(why, cap, "mode: required field missing");
	if (!(seen & SEEN_MAX_AGE))
		return rec_fail(why, cap, "max_age: required field missing");
	if (out->mode != MTASTS_MODE_NONE && out->n_mx == 0)
		return rec_fail(why, cap, "mx: at least one pattern required when mode "
		    "is %s", mtasts_mode_str(out->mode));
	return 0;
}

static int
ieq_n(const char *a, const char *b, size_t n)
{
	return strncasecmp(a, b, n) == 0;
}

int
mtasts_mx_match(const struct mtasts_policy *pol, const char *mx_host)
{
	size_t hn, pn, i;

	if (pol == NULL || mx_host == NULL)
		return 0;
	hn = strlen(mx_host);
	if (hn > 0 && mx_host[hn - 1] == '.')
		hn--;
	if (hn == 0)
		return 0;
	for (i = 0; i < pol->n_mx; i++) {
		const char *pat = pol->mx[i];

		pn = strlen(pat);
		if (pn >= 2 && pat[0] == '*' && pat[1] == '.') {
			size_t sn = pn - 1, left;   /* ".example.com" */

			if (hn <= sn)
				continue;
			left = hn - sn;
			if (ieq_n(mx_host + left, pat + 1, sn) &&
			    memchr(mx_host, '.', left) == NULL)
				return 1;
		} else if (pn == hn && ieq_n(mx_host, pat, hn)) {
			return 1;
		}
	}
	return 0;
}
