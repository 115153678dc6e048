#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/spf.h"

/* ASCII only, whatever the locale. */
static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Case-insensitive comparison of s[0..n) with the NUL-terminated word. */
static int
word_eq(const char *s, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (word[i] == '\0' || lower((unsigned char)s[i]) != word[i])
			return 0;
	return word[n] == '\0';
}

static void appendf(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Append to a NUL-terminated buf, silently cut at cap. */
static void
appendf(char *buf, size_t cap, const char *fmt, ...)
{
	size_t used = strnlen(buf, cap);
	va_list ap;

	if (used + 1 >= cap)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, cap - used, fmt, ap);
	va_end(ap);
}

const char *
spf_qual_str(enum spf_qual q)
{
	switch (q) {
	case SPF_Q_NONE: return "none";
	case SPF_Q_PASS: return "pass";
	case SPF_Q_FAIL: return "fail";
	case SPF_Q_SOFTFAIL: return "softfail";
	case SPF_Q_NEUTRAL: return "neutral";
	}
	return "?";
}

static const char *const kind_names[] = {
	[SPF_K_ALL] = "all",
	[SPF_K_INCLUDE] = "include",
	[SPF_K_A] = "a",
	[SPF_K_MX] = "mx",
	[SPF_K_PTR] = "ptr",
	[SPF_K_IP4] = "ip4",
	[SPF_K_IP6] = "ip6",
	[SPF_K_EXISTS] = "exists",
	[SPF_K_REDIRECT] = "redirect",
	[SPF_K_EXP] = "exp",
	[SPF_K_MODIFIER] = "modifier",
};

const char *
spf_kind_str(enum spf_kind k)
{
	if ((size_t)k < sizeof(kind_names) / sizeof(kind_names[0]))
		return kind_names[k];
	return "?";
}

int
spf_is_spf1(const char *txt, size_t len)
{
	if (txt == NULL || len < 6 || !word_eq(txt, 6, "v=spf1"))
		return 0;
	return len == 6 || txt[6] == ' ';
}

/* Parser */

/* Long text in a reason: its first SHOW_MAX bytes, then "...". */
#define SHOW_MAX        64
#define SHOW_LEN(n)     ((int)((n) > SHOW_MAX ? SHOW_MAX : (n)))
#define SHOW_MORE(n)    ((n) > SHOW_MAX ? "..." : "")

struct pstate {
	struct spf_record *rec;
	size_t used;                /* bytes of rec->buf handed out */
	char *why;
	size_t whycap;
	int termno;                 /* 1-based, for messages */
};

static int pfail(struct pstate *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
pfail(struct pstate *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->why != NULL && ps->whycap > 0) {
		va_start(ap, fmt);
		vsnprintf(ps->why, ps->whycap, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static const char *
intern(struct pstate *ps, const char *s, size_t n)
{
	char *p;

	if (n + 1 > sizeof(ps->rec->buf) - ps->used)
		return NULL;
	p = ps->rec->buf + ps->used;
	memcpy(p, s, n);
	p[n] = '\0';
	ps->used += n + 1;
	return p;
}

struct mscan {
	int has_macro;              /* some '%' expansion */
	int ends_macro;             /* the last token is a macro-expand */
	int uses_p;                 /* %{p} */
	size_t lit_start;           /* start of the literal run at the end */
};

/* The extent of a bad macro for messages: up to its '}' or 24 bytes. */
static int
macro_extent(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 24; i++)
		if (s[i] == '}')
			return (int)i + 1;
	return (int)i;
}

/*
 * macro-string (§7.1). In a domain-spec the letters c, r and t are
 * refused: §7.2 allows them only in explanation text.
 */
static int
scan_macro_string(struct pstate *ps, const char *s, size_t n, int domain_spec,
    struct mscan *m)
{
	size_t i = 0, j, d;
	int letter, nonzero;

	memset(m, 0, sizeof(*m));
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c != '%') {
			if (c < 0x21 || c > 0x7e)
				return pfail(ps, "character 0x%02x not allowed at term %d",
				    c, ps->termno);
			m->ends_macro = 0;
			i++;
			continue;
		}
		if (i + 1 >= n)
			return pfail(ps, "'%%' at the end of '%.*s%s' at term %d "
			    "(a literal '%%' is written %%%%)", SHOW_LEN(n), s, SHOW_MORE(n),
			    ps->termno);
		c = (unsigned char)s[i + 1];
		m->has_macro = 1;
		if (c == '%' || c == '_' || c == '-') {
			i += 2;
			m->ends_macro = 1;
			m->lit_start = i;
			continue;
		}
		if (c != '{')
			return pfail(ps, "'%%%c' is not a macro (%%{...}, %%%%, %%_ or %%-) "
			    "at term %d", c >= 0x21 && c <= 0x7e ? c : '?', ps->termno);
		j = i + 2;
		if (j >= n)
			return pfail(ps, "macro '%.*s' is not closed at term %d",
			    macro_extent(s + i, n - i), s + i, ps->termno);
		letter = lower((unsigned char)s[j]);
		if (s[j] == '}')
			return pfail(ps, "macro '%%{}' has no letter at term %d", ps->termno);
		if (letter == 0 || strchr("slodiphcrtv", letter) == NULL)
			return pfail(ps, "macro '%.*s' invalid: '%c' is not a macro letter "
			    "at term %d", macro_extent(s + i, n - i), s + i,
			    s[j] >= 0x21 && s[j] <= 0x7e ? s[j] : '?', ps->termno);
		if (domain_spec && strchr("crt", letter) != NULL)
			return pfail(ps, "macro '%.*s' invalid: '%c' is allowed only in "
			    "explanation text at term %d", macro_extent(s + i, n - i),
			    s + i, s[j], ps->termno);
		if (letter == 'p')
			m->uses_p = 1;
		j++;
		nonzero = 0;
		for (d = j; j < n && is_digit(s[j]); j++)
			if (s[j] != '0')
				nonzero = 1;
		if (j > d && !nonzero)
			return pfail(ps, "macro '%.*s' invalid: it keeps 0 labels at term %d",
			    macro_extent(s + i, n - i), s + i, ps->termno);
		if (j < n && lower((unsigned char)s[j]) == 'r')
			j++;
		while (j < n && s[j] != '\0' && strchr(".-+,/_=", s[j]) != NULL)
			j++;
		if (j >= n)
			return pfail(ps, "macro '%.*s' is not closed at term %d",
			    macro_extent(s + i, n - i), s + i, ps->termno);
		if (s[j] != '}')
			return pfail(ps, "macro '%.*s' invalid: unexpected '%c' at term %d",
			    macro_extent(s + i, n - i), s + i,
			    s[j] >= 0x21 && s[j] <= 0x7e ? s[j] : '?', ps->termno);
		i = j + 1;
		m->ends_macro = 1;
		m->lit_start = i;
	}
	return 0;
}

/* toplabel (§7.1): alphanumerics with a letter, or alphanumerics and
 * hyphens that start and end with an alphanumeric. */
static int
is_toplabel(const char *s, size_t n)
{
	size_t i;
	int alpha = 0, hyphen = 0;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (is_alpha(s[i]))
			alpha = 1;
		else if (s[i] == '-')
			hyphen = 1;
		else if (!is_digit(s[i]))
			return 0;
	}
	if (!hyphen)
		return alpha;
	return is_alnum(s[0]) && is_alnum(s[n - 1]);
}

/* A literal name must also be one DNS can ask for. */
static const char *
dns_name_problem(const char *s, size_t n)
{
	size_t i, label = 0;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n > SPF_NAME_MAX)
		return "is longer than 253 characters";
	for (i = 0; i < n; i++) {
		if (s[i] != '.') {
			if (++label > 63)
				return "has a label longer than 63 characters";
			continue;
		}
		if (label == 0)
			return "has an empty label";
		label = 0;
	}
	if (label == 0)
		return "has an empty label";
	return NULL;
}

/* domain-spec = macro-string domain-end */
static int
check_domain_spec(struct pstate *ps, const char *what, const char *s, size_t n,
    struct mscan *m)
{
	size_t e = n, dot;
	const char *problem;

	if (n == 0)
		return pfail(ps, "%s needs a domain at term %d", what, ps->termno);
	if (scan_macro_string(ps, s, n, 1, m) != 0)
		return -1;
	if (!m->ends_macro) {
		if (s[e - 1] == '.')
			e--;
		for (dot = e; dot > m->lit_start && s[dot - 1] != '.'; dot--)
			;
		if (dot == m->lit_start || !is_toplabel(s + dot, e - dot)) {
			if (memchr(s, '/', n) != NULL && !m->has_macro)
				return pfail(ps, "bad CIDR length in '%.*s%s' at term %d",
				    SHOW_LEN(n), s, SHOW_MORE(n), ps->termno);
			return pfail(ps, "%s domain '%.*s%s' does not end in a top-level "
			    "label or a macro at term %d", what, SHOW_LEN(n), s,
			    SHOW_MORE(n), ps->termno);
		}
	}
	if (!m->has_macro && (problem = dns_name_problem(s, n)) != NULL)
		return pfail(ps, "%s domain '%.*s%s' %s at term %d", what, SHOW_LEN(n), s,
		    SHOW_MORE(n), problem, ps->termno);
	return 0;
}

/* ip4-cidr-length / ip6-cidr-length digits: "0" or no leading zero. */
static int
cidr_value(struct pstate *ps, const char *what, const char *s, size_t n, int max,
    int *out)
{
	size_t i;
	int v = 0;

	if (n == 0)
		return pfail(ps, "%s CIDR length is empty at term %d", what, ps->termno);
	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return pfail(ps, "%s CIDR length '%.*s%s' is not a number at term %d",
			    what, SHOW_LEN(n), s, SHOW_MORE(n), ps->termno);
	if (n > 1 && s[0] == '0')
		return pfail(ps, "%s CIDR length '%.*s%s' has a leading zero at term %d",
		    what, SHOW_LEN(n), s, SHOW_MORE(n), ps->termno);
	if (n > 3)
		return pfail(ps, "%s CIDR length %.*s%s out of range (0-%d) at term %d",
		    what, SHOW_LEN(n), s, SHOW_MORE(n), max, ps->termno);
	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	if (v > max)
		return pfail(ps, "%s CIDR length %d out of range (0-%d) at term %d",
		    what, v, max, ps->termno);
	*out = v;
	return 0;
}

/* dual-cidr-length at the end of s[0..*n): "/n", "//n" or "/n//m". */
static int
dual_cidr(struct pstate *ps, const char *s, size_t *n, struct spf_term *t)
{
	size_t e = *n, d = e;

	while (d > 0 && is_digit(s[d - 1]))
		d--;
	if (d < e && d >= 2 && s[d - 1] == '/' && s[d - 2] == '/') {
		if (cidr_value(ps, "ip6", s + d, e - d, 128, &t->cidr6) != 0)
			return -1;
		e = d - 2;
		for (d = e; d > 0 && is_digit(s[d - 1]); d--)
			;
	}
	if (d < e && d >= 1 && s[d - 1] == '/') {
		if (cidr_value(ps, "ip4", s + d, e - d, 32, &t->cidr4) != 0)
			return -1;
		e = d - 1;
	}
	*n = e;
	return 0;
}

static int
ip_network(struct pstate *ps, const char *s, size_t n, int v6, struct spf_term *t)
{
	char tmp[64];
	const char *slash = memchr(s, '/', n);
	size_t alen = slash != NULL ? (size_t)(slash - s) : n, i, run = 0;
	const char *what = v6 ? "ip6" : "ip4";

	if (alen == 0)
		return pfail(ps, "%s needs an address at term %d", what, ps->termno);
	if (alen >= sizeof(tmp))
		return pfail(ps, "%s address '%.*s...' is too long at term %d", what,
		    20, s, ps->termno);
	memcpy(tmp, s, alen);
	tmp[alen] = '\0';
	if (!v6) {
		/* qnum: no leading zeros, whatever the libc accepts. */
		for (i = 0; i <= alen; i++) {
			if (i < alen && is_digit(tmp[i])) {
				if (run == 1 && tmp[i - 1] == '0')
					return pfail(ps, "ip4 address '%s' has a leading zero at "
					    "term %d", tmp, ps->termno);
				run++;
			} else
				run = 0;
		}
	}
	if (inet_pton(v6 ? AF_INET6 : AF_INET, tmp, t->addr) != 1)
		return pfail(ps, "%s address '%s' invalid at term %d", what, tmp, ps->termno);
	if (v6) {
		t->cidr6 = 128;
		if (slash != NULL)
			return cidr_value(ps, "ip6", slash + 1, n - alen - 1, 128, &t->cidr6);
	} else {
		t->cidr4 = 32;
		if (slash != NULL)
			return cidr_value(ps, "ip4", slash + 1, n - alen - 1, 32, &t->cidr4);
	}
	return 0;
}

static const struct {
	const char *name;
	enum spf_kind kind;
} mechanisms[] = {
	{ "all", SPF_K_ALL },
	{ "include", SPF_K_INCLUDE },
	{ "a", SPF_K_A },
	{ "mx", SPF_K_MX },
	{ "ptr", SPF_K_PTR },
	{ "ip4", SPF_K_IP4 },
	{ "ip6", SPF_K_IP6 },
	{ "exists", SPF_K_EXISTS },
};

static int
set_domain(struct pstate *ps, struct spf_term *t, const char *what, const char *s,
    size_t n)
{
	struct mscan m;

	if (check_domain_spec(ps, what, s, n, &m) != 0)
		return -1;
	if ((t->domain = intern(ps, s, n)) == NULL)
		return pfail(ps, "record too large at term %d", ps->termno);
	t->has_macro = m.has_macro;
	if (m.uses_p)
		ps->rec->uses_ptr = 1;
	return 0;
}

static int
parse_modifier(struct pstate *ps, struct spf_term *t, const char *name, size_t nlen,
    const char *val, size_t vlen)
{
	struct spf_record *r = ps->rec;
	int idx = ps->termno - 1;
	struct mscan m;

	if ((t->name = intern(ps, name, nlen)) == NULL)
		return pfail(ps, "record too large at term %d", ps->termno);
	if (word_eq(name, nlen, "redirect")) {
		t->kind = SPF_K_REDIRECT;
		if (r->redirect_term >= 0)
			return pfail(ps, "two redirect modifiers (terms %d and %d)",
			    r->redirect_term + 1, ps->termno);
		r->redirect_term = idx;
		if (set_domain(ps, t, "redirect=", val, vlen) != 0)
			return -1;
		r->redirect = t->domain;
		return 0;
	}
	if (word_eq(name, nlen, "exp")) {
		t->kind = SPF_K_EXP;
		if (r->exp != NULL)
			return pfail(ps, "two exp modifiers (second at term %d)", ps->termno);
		if (set_domain(ps, t, "exp=", val, vlen) != 0)
			return -1;
		r->exp = t->domain;
		return 0;
	}
	t->kind = SPF_K_MODIFIER;
	if (scan_macro_string(ps, val, vlen, 0, &m) != 0)
		return -1;
	if ((t->domain = intern(ps, val, vlen)) == NULL)
		return pfail(ps, "record too large at term %d", ps->termno);
	t->has_macro = m.has_macro;
	return 0;
}

static int
parse_term(struct pstate *ps, const char *s, size_t n, struct spf_term *t)
{
	size_t i = 0, k, nstart, rlen;
	const char *rest, *mname;
	enum spf_qual q = SPF_Q_NONE;
	int found = 0;

	memset(t, 0, sizeof(*t));
	t->cidr4 = t->cidr6 = -1;
	for (k = 0; k < n; k++)
		if ((unsigned char)s[k] < 0x21 || (unsigned char)s[k] > 0x7e)
			return pfail(ps, "character 0x%02x not allowed at term %d",
			    (unsigned char)s[k], ps->termno);
	if ((t->text = intern(ps, s, n)) == NULL)
		return pfail(ps, "record too large at term %d", ps->termno);
	switch (s[0]) {
	case '+': q = SPF_Q_PASS; i = 1; break;
	case '-': q = SPF_Q_FAIL; i = 1; break;
	case '~': q = SPF_Q_SOFTFAIL; i = 1; break;
	case '?': q = SPF_Q_NEUTRAL; i = 1; break;
	}
	nstart = i;
	if (i >= n || !is_alpha(s[i]))
		return pfail(ps, "term %d '%.*s%s' does not start with a mechanism or "
		    "modifier name", ps->termno, SHOW_LEN(n), s, SHOW_MORE(n));
	while (i < n && (is_alnum(s[i]) || s[i] == '-' || s[i] == '_' || s[i] == '.'))
		i++;
	mname = s + nstart;
	if (i < n && s[i] == '=') {
		if (q != SPF_Q_NONE)
			return pfail(ps, "modifier '%.*s%s' cannot take a qualifier at term %d",
			    SHOW_LEN(i - nstart), mname, SHOW_MORE(i - nstart), ps->termno);
		return parse_modifier(ps, t, mname, i - nstart, s + i + 1, n - i - 1);
	}
	for (k = 0; k < sizeof(mechanisms) / sizeof(mechanisms[0]); k++)
		if (word_eq(mname, i - nstart, mechanisms[k].name)) {
			t->kind = mechanisms[k].kind;
			found = 1;
			break;
		}
	if (!found)
		return pfail(ps, "unknown mechanism '%.*s%s' at term %d",
		    SHOW_LEN(i - nstart), mname, SHOW_MORE(i - nstart), ps->termno);
	if (i < n && s[i] != ':' && s[i] != '/')
		return pfail(ps, "unexpected '%c' after '%s' at term %d", s[i],
		    kind_names[t->kind], ps->termno);
	t->qual = q != SPF_Q_NONE ? q : SPF_Q_PASS;
	rest = s + i;
	rlen = n - i;
	switch (t->kind) {
	case SPF_K_ALL:
		if (rlen != 0)
			return pfail(ps, "'all' takes no argument at term %d", ps->termno);
		return 0;
	case SPF_K_INCLUDE:
	case SPF_K_EXISTS:
		if (rlen == 0 || rest[0] != ':')
			return pfail(ps, "'%s' needs ':domain' at term %d",
			    kind_names[t->kind], ps->termno);
		return set_domain(ps, t, kind_names[t->kind], rest + 1, rlen - 1);
	case SPF_K_PTR:
		ps->rec->uses_ptr = 1;
		if (rlen == 0)
			break;
		if (rest[0] != ':')
			return pfail(ps, "'ptr' takes no CIDR length at term %d", ps->termno);
		return set_domain(ps, t, "ptr", rest + 1, rlen - 1);
	case SPF_K_A:
	case SPF_K_MX:
		if (dual_cidr(ps, rest, &rlen, t) != 0)
			return -1;
		if (t->cidr4 < 0)
			t->cidr4 = 32;
		if (t->cidr6 < 0)
			t->cidr6 = 128;
		if (rlen == 0)
			break;
		if (rest[0] != ':')
			return pfail(ps, "bad CIDR length in '%.*s%s' at term %d",
			    SHOW_LEN(rlen), rest, SHOW_MORE(rlen), ps->termno);
		return set_domain(ps, t, kind_names[t->kind], rest + 1, rlen - 1);
	case SPF_K_IP4:
	case SPF_K_IP6:
		if (rlen == 0 || rest[0] != ':')
			return pfail(ps, "'%s' needs ':address' at term %d",
			    kind_names[t->kind], ps->termno);
		return ip_network(ps, rest + 1, rlen - 1, t->kind == SPF_K_IP6, t);
	default:
		break;
	}
	return 0;
}

static int
is_dns_term(enum spf_kind k)
{
	return k == SPF_K_INCLUDE || k == SPF_K_A || k == SPF_K_MX ||
	    k == SPF_K_PTR || k == SPF_K_EXISTS;
}

int
spf_parse(const char *txt, size_t len, struct spf_record *out, char *why,
    size_t whycap)
{
	struct pstate ps;
	size_t p, start, i;

	memset(out, 0, offsetof(struct spf_record, buf));
	out->all_term = out->redirect_term = -1;
	memset(&ps, 0, sizeof(ps));
	ps.rec = out;
	ps.why = why;
	ps.whycap = whycap;
	if (why != NULL && whycap > 0)
		why[0] = '\0';
	if (txt == NULL)
		return pfail(&ps, "no record");
	if (len > SPF_RECORD_MAX)
		return pfail(&ps, "record is %zu bytes, more than the %d we accept", len,
		    SPF_RECORD_MAX);
	if (!spf_is_spf1(txt, len)) {
		for (i = 0; i < len && i < 16 && txt[i] != ' '; i++)
			if ((unsigned char)txt[i] < 0x21 || (unsigned char)txt[i] > 0x7e)
				break;
		return pfail(&ps, "record does not start with 'v=spf1' and a space "
		    "(starts with '%.*s')", (int)i, txt);
	}
	for (p = 6; p < len;) {
		while (p < len && txt[p] == ' ')
			p++;
		if (p == len)
			break;
		start = p;
		while (p < len && txt[p] != ' ')
			p++;
		if (out->n_terms == SPF_TERMS_MAX)
			return pfail(&ps, "more than %d terms", SPF_TERMS_MAX);
		ps.termno = (int)out->n_terms + 1;
		if (parse_term(&ps, txt + start, p - start, &out->terms[out->n_terms]) != 0)
			return -1;
		out->n_terms++;
	}
	for (i = 0; i < out->n_terms; i++) {
		const struct spf_term *t = &out->terms[i];

		if (t->kind == SPF_K_ALL) {
			out->all = t->qual;
			out->all_term = (int)i;
			break;
		}
		if (is_dns_term(t->kind)) {
			out->n_dns_terms++;
			if (t->has_macro)
				out->has_macro = 1;
		}
	}
	if (out->all_term < 0 && out->redirect != NULL) {
		out->n_dns_terms++;
		if (out->terms[out->redirect_term].has_macro)
			out->has_macro = 1;
	}
	return 0;
}

/*
 * Walker
 *
 * Every DNS-querying term gets a sequence number (its place in the count,
 * 1..11) as the cursor reaches it; a key of seq * 16 + sub orders what
 * happens inside one term (sub 0: the term's own lookup, 1..10: its MX
 * hosts, 15: after it). A unit is one lookup (a name's A and AAAA count as
 * one, void when both are) and units are made in key order. The result is
 * the earliest of: the cursor's own error, a unit's DNS error, the 3rd
 * void unit; it is final once every unit before it has its answer.
 */

#define KEY(seq, sub)   ((uint32_t)(seq) * 16u + (uint32_t)(sub))
#define KEY_NONE        UINT32_MAX
#define UNITS_MAX       (2 + SPF_LOOKUP_LIMIT * (1 + SPF_MX_HOSTS_MAX))

#define Q_MAIN  1   /* the TXT, MX or A question */
#define Q_AAAA  2

enum cursor { C_RUN, C_WAIT, C_DONE, C_STOP };
enum unit_kind { U_TXT, U_MX, U_ADDR, U_EXISTS };

struct unit {
	uint32_t key;
	int node, term;             /* the term (of that node's record) that asked; -1 at the top */
	int child;                  /* U_TXT: the node whose record it fetches */
	int n_dns;                  /* DNS terms counted when it was made */
	int counts;                 /* void answers count (all but the walk's own TXT) */
	enum unit_kind kind;
	uint8_t want, handed, answered;
	uint8_t data;               /* some answer had records */
	uint8_t nx;                 /* some answer was NXDOMAIN */
	uint8_t error;              /* bits of the questions that failed */
	int rcode[2];               /* their rcodes (Q_MAIN, Q_AAAA) */
	char name[SPF_NAME_MAX + 1];
};

struct node {
	int parent, via_term, depth;
	int in_include;             /* reached through an include (not only redirects) */
	int pass_ok;                /* a pass here would make the top record match */
	uint32_t key;
	size_t pos;                 /* next term to visit */
	int hit_all, redirect_done;
	char domain[SPF_NAME_MAX + 1];
	struct spf_record *rec;     /* NULL until fetched and parsed */
	int have_text, truncated;
	char text[SPF_CHAIN_TEXT_MAX + 1];
};

struct first {                  /* first occurrence of something noteworthy */
	uint32_t key;
	char where[SPF_DETAIL_MAX];
};

struct spf_walk {
	enum cursor cstate;
	int cur, wait_unit, n_dns, done;
	unsigned n_reserved;        /* questions made (the budget) */
	size_t n_nodes, n_units, first_unhanded;
	struct node nodes[SPF_RECORDS_MAX];
	struct unit units[UNITS_MAX];
	uint32_t cev_key;           /* the cursor's error, KEY_NONE if none */
	enum spf_walk_status cev_status;
	enum spf_err cev_err;
	int cev_n_dns;
	char cev_detail[SPF_DETAIL_MAX];
	struct first ptr, macro, cap, passall;
	struct spf_walk_result res;
};

const char *
spf_walk_status_str(enum spf_walk_status s)
{
	switch (s) {
	case SPF_WALK_OK: return "ok";
	case SPF_WALK_NONE: return "none";
	case SPF_WALK_PERMERROR: return "permerror";
	case SPF_WALK_TEMPERROR: return "temperror";
	case SPF_WALK_RUNNING: return "running";
	}
	return "?";
}

const char *
spf_err_code(enum spf_err e)
{
	switch (e) {
	case SPF_E_OK: return "ok";
	case SPF_E_NO_RECORD: return "no-record";
	case SPF_E_MULTIPLE: return "multiple-records";
	case SPF_E_SYNTAX: return "syntax";
	case SPF_E_LOOKUPS: return "too-many-lookups";
	case SPF_E_VOID: return "too-many-void-lookups";
	case SPF_E_MX_HOSTS: return "too-many-mx-hosts";
	case SPF_E_LOOP: return "loop";
	case SPF_E_BAD_NAME: return "bad-name";
	case SPF_E_DNS: return "dns-error";
	case SPF_E_NOMEM: return "nomem";
	}
	return "?";
}

static const char *
qtype_str(enum spf_qtype t)
{
	switch (t) {
	case SPF_QT_A: return "A";
	case SPF_QT_MX: return "MX";
	case SPF_QT_TXT: return "TXT";
	case SPF_QT_AAAA: return "AAAA";
	}
	return "?";
}

static const char *
rcode_str(int rcode, char *buf, size_t cap)
{
	switch (rcode) {
	case 1: return "FORMERR";
	case 2: return "SERVFAIL";
	case 4: return "NOTIMP";
	case 5: return "REFUSED";
	}
	snprintf(buf, cap, "rcode %d", rcode);
	return buf;
}

static enum spf_qtype
unit_qtype(const struct unit *u, uint8_t bit)
{
	if (bit == Q_AAAA)
		return SPF_QT_AAAA;
	switch (u->kind) {
	case U_TXT: return SPF_QT_TXT;
	case U_MX: return SPF_QT_MX;
	default: return SPF_QT_A;
	}
}

/* Lower case, no trailing dot; -1 when s cannot be asked for. */
static int
norm_name(const char *s, char *out)
{
	size_t n = strlen(s), i;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n > SPF_NAME_MAX || dns_name_problem(s, n) != NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
			return -1;
		out[i] = (char)lower((unsigned char)s[i]);
	}
	out[n] = '\0';
	return 0;
}

/* "top.test -> include:a.test -> a:b.test": the walk's domain, the term
 * that led to each record on the way, then the term itself. */
static void
where(const struct spf_walk *w, int node, int term, char *out, size_t cap)
{
	int path[SPF_RECORDS_MAX], n = 0, i;

	out[0] = '\0';
	for (i = node; i >= 0 && n < SPF_RECORDS_MAX; i = w->nodes[i].parent)
		path[n++] = i;
	appendf(out, cap, "%s", w->nodes[path[n - 1]].domain);
	for (i = n - 2; i >= 0; i--) {
		const struct node *c = &w->nodes[path[i]];

		appendf(out, cap, " -> %s",
		    w->nodes[c->parent].rec->terms[c->via_term].text);
	}
	if (term >= 0)
		appendf(out, cap, " -> %s", w->nodes[node].rec->terms[term].text);
}

static void cursor_fail(struct spf_walk *w, enum spf_walk_status st, enum spf_err err,
    uint32_t key, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
cursor_fail(struct spf_walk *w, enum spf_walk_status st, enum spf_err err,
    uint32_t key, const char *fmt, ...)
{
	va_list ap;

	w->cstate = C_STOP;
	w->cev_key = key;
	w->cev_status = st;
	w->cev_err = err;
	w->cev_n_dns = w->n_dns;
	va_start(ap, fmt);
	vsnprintf(w->cev_detail, sizeof(w->cev_detail), fmt, ap);
	va_end(ap);
}

/* The cursor meets things in key order, so the first note is the earliest. */
static void
note_first(struct spf_walk *w, struct first *f, uint32_t key, int term,
    const char *extra)
{
	if (f->key != KEY_NONE)
		return;
	f->key = key;
	where(w, w->cur, term, f->where, sizeof(f->where));
	if (extra != NULL)
		appendf(f->where, sizeof(f->where), "%s", extra);
}

/* Address lookups only feed the void count; they get what is left of
 * SPF_QUERIES_MAX after room for one TXT or MX question per DNS term
 * still to come, so the walk itself is never starved. */
static int
budget(const struct spf_walk *w, unsigned cost)
{
	unsigned reserve = w->n_dns < SPF_LOOKUP_LIMIT ?
	    (unsigned)(SPF_LOOKUP_LIMIT - w->n_dns) : 0;

	return w->n_units < UNITS_MAX &&
	    w->n_reserved + cost + reserve <= SPF_QUERIES_MAX;
}

static struct unit *
add_unit(struct spf_walk *w, enum unit_kind kind, uint32_t key, int term,
    const char *name, uint8_t want)
{
	struct unit *u;

	if (w->n_units == UNITS_MAX)
		return NULL;
	u = &w->units[w->n_units++];
	memset(u, 0, sizeof(*u));
	u->key = key;
	u->node = w->cur;
	u->term = term;
	u->child = -1;
	u->n_dns = w->n_dns;
	u->counts = 1;
	u->kind = kind;
	u->want = want;
	snprintf(u->name, sizeof(u->name), "%s", name);
	w->n_reserved += (want & Q_MAIN ? 1u : 0u) + (want & Q_AAAA ? 1u : 0u);
	return u;
}

static void
wait_for(struct spf_walk *w, struct unit *u)
{
	w->wait_unit = (int)(u - w->units);
	w->cstate = C_WAIT;
}

static void
follow(struct spf_walk *w, size_t ti, uint32_t key, const char *name)
{
	struct node *n = &w->nodes[w->cur], *c;
	const struct spf_term *t = &n->rec->terms[ti];
	char loc[SPF_DETAIL_MAX], loop[SPF_DETAIL_MAX];
	int path[SPF_RECORDS_MAX], k = 0, i;
	struct unit *u;

	for (i = w->cur; i >= 0 && k < SPF_RECORDS_MAX; i = w->nodes[i].parent) {
		path[k++] = i;
		if (strcmp(w->nodes[i].domain, name) == 0)
			break;
	}
	if (i >= 0) {
		loop[0] = '\0';
		while (k-- > 0)
			appendf(loop, sizeof(loop), "%s -> ", w->nodes[path[k]].domain);
		appendf(loop, sizeof(loop), "%s", name);
		where(w, w->cur, (int)ti, loc, sizeof(loc));
		cursor_fail(w, SPF_WALK_PERMERROR, SPF_E_LOOP, key, "%s: %s loop: %s", loc,
		    t->kind == SPF_K_INCLUDE ? "include" : "redirect", loop);
		return;
	}
	if (w->n_nodes == SPF_RECORDS_MAX || w->n_units == UNITS_MAX) {
		cursor_fail(w, SPF_WALK_TEMPERROR, SPF_E_NOMEM, key,
		    "more than %d records in one walk", SPF_RECORDS_MAX);
		return;
	}
	c = &w->nodes[w->n_nodes];
	memset(c, 0, sizeof(*c));
	c->parent = w->cur;
	c->via_term = (int)ti;
	c->depth = n->depth + 1;
	c->in_include = t->kind == SPF_K_INCLUDE || n->in_include;
	if (t->kind == SPF_K_REDIRECT)
		c->pass_ok = n->pass_ok;
	else
		c->pass_ok = n->pass_ok && (t->qual == SPF_Q_PASS ||
		    (!n->in_include && t->qual == SPF_Q_NEUTRAL));
	c->key = key;
	snprintf(c->domain, sizeof(c->domain), "%s", name);
	u = add_unit(w, U_TXT, key, (int)ti, name, Q_MAIN);
	u->child = (int)w->n_nodes++;
	wait_for(w, u);
}

static int
is_dns_kind(enum spf_kind k)
{
	return is_dns_term(k) || k == SPF_K_REDIRECT;
}

static void
visit(struct spf_walk *w, size_t ti, int at_end)
{
	struct node *n = &w->nodes[w->cur];
	const struct spf_term *t = &n->rec->terms[ti];
	char loc[SPF_DETAIL_MAX], name[SPF_NAME_MAX + 1];
	struct unit *u;
	uint32_t key;

	if (t->kind == SPF_K_ALL) {
		n->hit_all = 1;
		if (n->in_include && n->pass_ok && t->qual == SPF_Q_PASS)
			note_first(w, &w->passall, KEY(w->n_dns, 15), (int)ti, NULL);
		return;
	}
	if (!is_dns_kind(t->kind) || (t->kind == SPF_K_REDIRECT && !at_end))
		return;
	key = KEY(++w->n_dns, 0);
	if (w->n_dns > SPF_LOOKUP_LIMIT) {
		where(w, w->cur, (int)ti, loc, sizeof(loc));
		cursor_fail(w, SPF_WALK_PERMERROR, SPF_E_LOOKUPS, key,
		    "%s: %dth DNS-querying term (limit %d)", loc, w->n_dns,
		    SPF_LOOKUP_LIMIT);
		return;
	}
	if (t->kind == SPF_K_PTR)
		note_first(w, &w->ptr, key, (int)ti, NULL);
	if (t->has_macro) {
		note_first(w, &w->macro, key, (int)ti, NULL);
		return;
	}
	if (t->kind == SPF_K_PTR)
		return;
	if (norm_name(t->domain != NULL ? t->domain : n->domain, name) != 0) {
		where(w, w->cur, (int)ti, loc, sizeof(loc));
		cursor_fail(w, SPF_WALK_PERMERROR, SPF_E_BAD_NAME, key,
		    "%s: not a domain name", loc);
		return;
	}
	switch (t->kind) {
	case SPF_K_A:
	case SPF_K_EXISTS:
		if (!budget(w, t->kind == SPF_K_A ? 2 : 1)) {
			note_first(w, &w->cap, key, (int)ti, NULL);
			return;
		}
		(void)add_unit(w, t->kind == SPF_K_A ? U_ADDR : U_EXISTS, key, (int)ti,
		    name, t->kind == SPF_K_A ? Q_MAIN | Q_AAAA : Q_MAIN);
		return;
	case SPF_K_MX:
		if ((u = add_unit(w, U_MX, key, (int)ti, name, Q_MAIN)) == NULL) {
			cursor_fail(w, SPF_WALK_TEMPERROR, SPF_E_NOMEM, key, "too many lookups");
			return;
		}
		wait_for(w, u);
		return;
	case SPF_K_INCLUDE:
	case SPF_K_REDIRECT:
		follow(w, ti, key, name);
		return;
	default:
		return;
	}
}

static void
advance(struct spf_walk *w)
{
	while (w->cstate == C_RUN) {
		struct node *n = &w->nodes[w->cur];
		const struct spf_record *r = n->rec;

		if (!n->hit_all && n->pos < r->n_terms) {
			visit(w, n->pos++, 0);
			continue;
		}
		if (!n->hit_all && r->redirect_term >= 0 && !n->redirect_done) {
			n->redirect_done = 1;
			visit(w, (size_t)r->redirect_term, 1);
			continue;
		}
		if (n->parent < 0) {
			w->cstate = C_DONE;
			break;
		}
		w->cur = n->parent;
	}
}

static void
got_record(struct spf_walk *w, struct unit *u, const char *const *rdata, size_t n)
{
	struct node *c = &w->nodes[u->child];
	const char *txt = NULL;
	char loc[SPF_DETAIL_MAX], why[SPF_DETAIL_MAX];
	size_t i, count = 0, len;
	int top = u->child == 0;

	for (i = 0; i < n; i++)
		if (rdata[i] != NULL && spf_is_spf1(rdata[i], strlen(rdata[i]))) {
			if (count++ == 0)
				txt = rdata[i];
		}
	if (top)
		snprintf(loc, sizeof(loc), "%s", c->domain);
	else
		where(w, u->node, u->term, loc, sizeof(loc));
	if (count == 0) {
		if (top)
			cursor_fail(w, SPF_WALK_NONE, SPF_E_NO_RECORD, u->key,
			    "no SPF record at %s", c->domain);
		else
			cursor_fail(w, SPF_WALK_PERMERROR, SPF_E_NO_RECORD, u->key,
			    "%s: no SPF record at %s", loc, c->domain);
		return;
	}
	if (count > 1) {
		cursor_fail(w, SPF_WALK_PERMERROR, SPF_E_MULTIPLE, u->key,
		    "%s: %zu SPF records at %s (there must be one)", loc, count, c->domain);
		return;
	}
	len = strlen(txt);
	c->have_text = 1;
	c->truncated = len > SPF_CHAIN_TEXT_MAX;
	memcpy(c->text, txt, c->truncated ? SPF_CHAIN_TEXT_MAX : len);
	c->text[c->truncated ? SPF_CHAIN_TEXT_MAX : len] = '\0';
	if ((c->rec = malloc(sizeof(*c->rec))) == NULL) {
		cursor_fail(w, SPF_WALK_TEMPERROR, SPF_E_NOMEM, u->key, "out of memory");
		return;
	}
	if (spf_parse(txt, len, c->rec, why, sizeof(why)) != 0) {
		free(c->rec);
		c->rec = NULL;
		cursor_fail(w, SPF_WALK_PERMERROR, SPF_E_SYNTAX, u->key, "%s: %s", loc, why);
		return;
	}
	w->cur = u->child;
	w->cstate = C_RUN;
	advance(w);
}

static void
got_mx(struct spf_walk *w, struct unit *u, const char *const *rdata, size_t n)
{
	char loc[SPF_DETAIL_MAX], name[SPF_NAME_MAX + 1], extra[SPF_NAME_MAX + 16];
	uint32_t key;
	size_t i;

	if (n > SPF_MX_HOSTS_MAX) {
		where(w, u->node, u->term, loc, sizeof(loc));
		cursor_fail(w, SPF_WALK_PERMERROR, SPF_E_MX_HOSTS, u->key,
		    "%s: %zu MX hosts at %s (at most %d may be looked up)", loc, n,
		    u->name, SPF_MX_HOSTS_MAX);
		return;
	}
	for (i = 0; i < n; i++) {
		key = u->key + 1 + (uint32_t)i;
		if (rdata[i] == NULL || norm_name(rdata[i], name) != 0) {
			/* The null MX "." and names DNS cannot ask for have no
			 * address: void, without a question. */
			(void)add_unit(w, U_ADDR, key, u->term,
			    rdata[i] != NULL && (strcmp(rdata[i], ".") == 0 ||
			    rdata[i][0] == '\0') ? "." : "(not a host name)", 0);
			continue;
		}
		if (!budget(w, 2)) {
			snprintf(extra, sizeof(extra), " (host %s)", name);
			note_first(w, &w->cap, key, u->term, extra);
			continue;
		}
		(void)add_unit(w, U_ADDR, key, u->term, name, Q_MAIN | Q_AAAA);
	}
	w->cstate = C_RUN;
	advance(w);
}

static void
finish(struct spf_walk *w, enum spf_walk_status st, enum spf_err err, uint32_t key,
    int n_dns, int n_void, const char *detail)
{
	struct spf_walk_result *r = &w->res;
	const struct first *notes[] = { &w->ptr, &w->macro, &w->cap, &w->passall };
	static const unsigned note_flags[] = { SPF_F_PTR, SPF_F_MACROS,
	    SPF_F_QUERY_CAP, SPF_F_PERMISSIVE };
	size_t i, j;
	int k;

	r->status = st;
	r->err = err;
	snprintf(r->detail, sizeof(r->detail), "%s", detail);
	r->n_dns_terms = n_dns;
	r->n_void = n_void;
	for (i = 0; i < 4; i++)
		if (notes[i]->key != KEY_NONE && notes[i]->key <= key)
			r->flags |= note_flags[i];
	if (r->flags & SPF_F_PTR)
		snprintf(r->ptr_where, sizeof(r->ptr_where), "%s", w->ptr.where);
	if (r->flags & SPF_F_MACROS)
		snprintf(r->macro_where, sizeof(r->macro_where), "%s", w->macro.where);
	for (i = 0; i < w->n_nodes; i++) {
		const struct node *nd = &w->nodes[i];
		struct spf_walk_record *e;

		if (nd->key > key)
			break;
		if (!nd->have_text)
			continue;
		if (r->n_records == SPF_RECORDS_MAX) {
			r->flags |= SPF_F_TRUNCATED;
			break;
		}
		e = &r->records[r->n_records++];
		e->domain = nd->domain;
		e->via = nd->parent >= 0 ?
		    w->nodes[nd->parent].rec->terms[nd->via_term].text : NULL;
		e->text = nd->text;
		e->depth = nd->depth;
		e->truncated = nd->truncated;
		if (nd->truncated)
			r->flags |= SPF_F_TRUNCATED;
	}
	/* The effective all: the top record's, else the redirect target's. */
	r->all = SPF_Q_NONE;
	for (k = 0; k >= 0;) {
		const struct node *nd = &w->nodes[k];

		if (nd->rec == NULL || nd->key > key)
			break;
		if (nd->rec->all_term >= 0) {
			r->all = nd->rec->all;
			break;
		}
		for (j = (size_t)k + 1; j < w->n_nodes; j++)
			if (w->nodes[j].parent == k &&
			    w->nodes[j].via_term == nd->rec->redirect_term)
				break;
		k = nd->rec->redirect_term >= 0 && j < w->n_nodes ? (int)j : -1;
	}
	if (r->all == SPF_Q_PASS || r->all == SPF_Q_NEUTRAL)
		r->flags |= SPF_F_PERMISSIVE;
	w->done = 1;
}

static const char *
ordinal(int n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	}
	return "th";
}

static void
unit_fail(struct spf_walk *w, const struct unit *u, int n_void)
{
	char msg[SPF_DETAIL_MAX], rc[16];
	uint8_t bit = u->error & Q_MAIN ? Q_MAIN : Q_AAAA;   /* A first, whatever the order */

	if (u->term < 0)
		snprintf(msg, sizeof(msg), "%s", w->nodes[u->node].domain);
	else
		where(w, u->node, u->term, msg, sizeof(msg));
	appendf(msg, sizeof(msg), ": %s lookup of %s failed (%s)",
	    qtype_str(unit_qtype(u, bit)), u->name,
	    rcode_str(u->rcode[bit == Q_AAAA], rc, sizeof(rc)));
	finish(w, SPF_WALK_TEMPERROR, SPF_E_DNS, u->key, u->n_dns, n_void, msg);
}

static void
void_fail(struct spf_walk *w, const struct unit *u, int n_void)
{
	char msg[SPF_DETAIL_MAX];
	const char *what;

	switch (u->kind) {
	case U_TXT: what = "TXT"; break;
	case U_MX: what = "MX"; break;
	case U_EXISTS: what = "A"; break;
	default: what = "A or AAAA"; break;
	}
	where(w, u->node, u->term, msg, sizeof(msg));
	appendf(msg, sizeof(msg), ": %d%s void lookup (limit %d): %s%s ", n_void,
	    ordinal(n_void), SPF_VOID_LIMIT, u->key % 16 != 0 ? "MX host " : "", u->name);
	if (u->nx)
		appendf(msg, sizeof(msg), "does not exist");
	else
		appendf(msg, sizeof(msg), "has no %s records", what);
	finish(w, SPF_WALK_PERMERROR, SPF_E_VOID, u->key, u->n_dns, n_void, msg);
}

/* Decide whatever can be decided from the answers so far. */
static void
settle(struct spf_walk *w)
{
	size_t i;
	int voids = 0;

	if (w->done)
		return;
	for (i = 0; i < w->n_units; i++) {
		const struct unit *u = &w->units[i];

		if (w->cev_key != KEY_NONE && u->key > w->cev_key)
			break;
		if (u->answered != u->want)
			return;
		if (u->error) {
			unit_fail(w, u, voids);
			return;
		}
		if (u->counts && !u->data && ++voids > SPF_VOID_LIMIT) {
			void_fail(w, u, voids);
			return;
		}
	}
	if (w->cev_key != KEY_NONE)
		finish(w, w->cev_status, w->cev_err, w->cev_key, w->cev_n_dns, voids,
		    w->cev_detail);
	else if (w->cstate == C_DONE)
		finish(w, SPF_WALK_OK, SPF_E_OK, KEY_NONE, w->n_dns, voids, "");
}

struct spf_walk *
spf_walk_new(const char *domain)
{
	struct spf_walk *w = calloc(1, sizeof(*w));
	struct node *top;
	struct unit *u;
	char msg[SPF_DETAIL_MAX];

	if (w == NULL)
		return NULL;
	w->cev_key = w->ptr.key = w->macro.key = w->cap.key = w->passall.key = KEY_NONE;
	w->wait_unit = -1;
	w->res.status = SPF_WALK_RUNNING;
	top = &w->nodes[0];
	top->parent = top->via_term = -1;
	top->pass_ok = 1;
	w->n_nodes = 1;
	if (domain == NULL || norm_name(domain, top->domain) != 0) {
		snprintf(top->domain, sizeof(top->domain), "%s", domain != NULL ? domain : "");
		snprintf(msg, sizeof(msg), "'%s' is not a domain name", top->domain);
		finish(w, SPF_WALK_NONE, SPF_E_BAD_NAME, 0, 0, 0, msg);
		return w;
	}
	u = add_unit(w, U_TXT, 0, -1, top->domain, Q_MAIN);
	u->child = 0;
	u->counts = 0;
	wait_for(w, u);
	return w;
}

void
spf_walk_free(struct spf_walk *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n_nodes; i++)
		free(w->nodes[i].rec);
	free(w);
}

int
spf_walk_next(struct spf_walk *w, struct spf_query *q)
{
	size_t i;

	if (w == NULL || q == NULL || w->done)
		return 0;
	for (i = w->first_unhanded; i < w->n_units; i++) {
		struct unit *u = &w->units[i];
		uint8_t left = u->want & (uint8_t)~u->handed, bit;

		if (w->cev_key != KEY_NONE && u->key > w->cev_key)
			break;
		if (left == 0) {
			if (i == w->first_unhanded)
				w->first_unhanded++;
			continue;
		}
		bit = left & Q_MAIN ? Q_MAIN : Q_AAAA;
		u->handed |= bit;
		memset(q, 0, sizeof(*q));
		snprintf(q->name, sizeof(q->name), "%s", u->name);
		q->qtype = unit_qtype(u, bit);
		q->id = (uint32_t)i << 1 | (bit == Q_AAAA ? 1u : 0u);
		w->res.n_queries++;
		return 1;
	}
	return 0;
}

void
spf_walk_answer(struct spf_walk *w, const struct spf_query *q, int rcode,
    const char *const *rdata, size_t n)
{
	struct unit *u;
	uint8_t bit;
	size_t ui;

	if (w == NULL || q == NULL || w->done)
		return;
	ui = q->id >> 1;
	bit = q->id & 1 ? Q_AAAA : Q_MAIN;
	if (ui >= w->n_units)
		return;
	u = &w->units[ui];
	if (!(u->handed & bit) || (u->answered & bit) || q->qtype != unit_qtype(u, bit) ||
	    strncmp(q->name, u->name, sizeof(q->name)) != 0)
		return;
	u->answered |= bit;
	if (rcode != 0 && rcode != 3) {
		u->error |= bit;
		u->rcode[bit == Q_AAAA] = rcode;
	} else if (rcode == 3) {
		u->nx = 1;
		n = 0;
	} else if (n > 0 && (rdata != NULL || u->kind == U_ADDR || u->kind == U_EXISTS)) {
		u->data = 1;
	}
	if (rdata == NULL && (u->kind == U_TXT || u->kind == U_MX))
		n = 0;
	if ((int)ui == w->wait_unit && w->cstate == C_WAIT && u->answered == u->want) {
		w->wait_unit = -1;
		if (u->error)
			w->cstate = C_STOP;
		else if (u->kind == U_MX)
			got_mx(w, u, rdata, n);
		else
			got_record(w, u, rdata, n);
	}
	settle(w);
}

int
spf_walk_done(const struct spf_walk *w)
{
	return w == NULL || w->done;
}

const struct spf_walk_result *
spf_walk_result(const struct spf_walk *w)
{
	return w != NULL ? &w->res : NULL;
}
