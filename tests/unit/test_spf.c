/*
 * SPF (RFC 7208): record syntax from the RFC's own examples (§5, §7.4,
 * appendix A) and the limit accounting of §4.6.4, walked over a small fake
 * DNS zone. Every walk runs twice, answering first-asked-first and
 * last-asked-first, and must give the same result both ways.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "mail/spf.h"
#include "unit.h"

static struct spf_record rec;
static char why[256];

static int
parses(const char *txt)
{
	return spf_parse(txt, strlen(txt), &rec, why, sizeof(why)) == 0;
}

/* Parses, and the failure reason holds want. */
static int
fails_with(const char *txt, const char *want)
{
	if (spf_parse(txt, strlen(txt), &rec, why, sizeof(why)) == 0)
		return 0;
	if (strstr(why, want) == NULL) {
		fprintf(stderr, "  \"%s\": reason \"%s\" lacks \"%s\"\n", txt, why, want);
		return 0;
	}
	return 1;
}

static void
test_version(void)
{
	CHECK(spf_is_spf1("v=spf1", 6));
	CHECK(spf_is_spf1("v=spf1 -all", 11));
	CHECK(spf_is_spf1("V=SPF1 -all", 11));
	CHECK(!spf_is_spf1("v=spf10 -all", 12));
	CHECK(!spf_is_spf1("v=spf1-all", 10));
	CHECK(!spf_is_spf1("spf1 -all", 9));
	CHECK(!spf_is_spf1("v=spf2.0/pra -all", 17));
	CHECK(!spf_is_spf1("v=spf", 5));
	CHECK(!spf_is_spf1("v=spf1 -all", 5));      /* only len bytes count */

	CHECK(parses("v=spf1"));
	CHECK(rec.n_terms == 0 && rec.all == SPF_Q_NONE && rec.redirect == NULL);
	CHECK(parses("v=spf1   -all   "));           /* several spaces, trailing spaces */
	CHECK(rec.n_terms == 1 && rec.all == SPF_Q_FAIL);
	CHECK(parses("V=Spf1 -ALL"));
	CHECK(fails_with("spf1 -all", "does not start with 'v=spf1'"));
	CHECK(fails_with("v=spf2.0/pra -all", "does not start with 'v=spf1'"));
	CHECK(fails_with("", "does not start with 'v=spf1'"));
	CHECK(fails_with("v=spf1 -all\t", "character 0x09 not allowed at term 1"));
	CHECK(fails_with("v=spf1 a\t-all", "character 0x09"));
}

/* RFC 7208 appendix A and §5 examples. */
static void
test_rfc_examples(void)
{
	const struct spf_term *t;

	CHECK(parses("v=spf1 +all"));
	CHECK(rec.all == SPF_Q_PASS && rec.all_term == 0 && rec.n_dns_terms == 0);
	CHECK(parses("v=spf1 a -all"));
	t = &rec.terms[0];
	CHECK(t->kind == SPF_K_A && t->qual == SPF_Q_PASS && t->domain == NULL);
	CHECK(t->cidr4 == 32 && t->cidr6 == 128);
	CHECK(rec.all == SPF_Q_FAIL && rec.n_dns_terms == 1);
	CHECK(parses("v=spf1 a:example.org -all"));
	CHECK_STR(rec.terms[0].domain, "example.org");
	CHECK_STR(rec.terms[0].text, "a:example.org");
	CHECK(parses("v=spf1 mx -all"));
	CHECK(rec.terms[0].kind == SPF_K_MX && rec.terms[0].domain == NULL);
	CHECK(parses("v=spf1 mx:example.org -all"));
	CHECK(parses("v=spf1 mx mx:example.org -all"));
	CHECK(rec.n_dns_terms == 2);
	CHECK(parses("v=spf1 mx/30 -all"));
	CHECK(rec.terms[0].cidr4 == 30 && rec.terms[0].cidr6 == 128);
	CHECK(parses("v=spf1 mx/30 mx:example.org/30 -all"));
	CHECK_STR(rec.terms[1].domain, "example.org");
	CHECK(rec.terms[1].cidr4 == 30);
	CHECK(parses("v=spf1 ptr -all"));
	CHECK(rec.terms[0].kind == SPF_K_PTR && rec.uses_ptr && rec.n_dns_terms == 1);
	CHECK(parses("v=spf1 ip4:127.0.2.128/28 -all"));
	t = &rec.terms[0];
	CHECK(t->kind == SPF_K_IP4 && t->cidr4 == 28 && t->addr[0] == 127 && t->addr[3] == 128);
	CHECK(rec.n_dns_terms == 0);
	CHECK(parses("v=spf1 include:example.com include:example.net -all"));
	CHECK(rec.n_terms == 3 && rec.n_dns_terms == 2);
	CHECK(rec.terms[1].kind == SPF_K_INCLUDE);
	CHECK_STR(rec.terms[1].domain, "example.net");
	CHECK(parses("v=spf1 redirect=_spf.example.com"));
	CHECK_STR(rec.redirect, "_spf.example.com");
	CHECK(rec.redirect_term == 0 && rec.terms[0].kind == SPF_K_REDIRECT);
	CHECK(rec.terms[0].qual == SPF_Q_NONE && rec.all == SPF_Q_NONE && rec.n_dns_terms == 1);
	CHECK(parses("v=spf1 -ip4:127.0.2.0/24 +all"));
	CHECK(rec.terms[0].qual == SPF_Q_FAIL && rec.all == SPF_Q_PASS);
	CHECK(parses("v=spf1 -ptr +all"));
	CHECK(parses("v=spf1 -include:ip4._spf.%{d} -include:ptr._spf.%{d} +all"));
	CHECK(rec.terms[0].has_macro && rec.has_macro);
	/* §5.6 */
	CHECK(parses("v=spf1 ip6:2001:db8::/32 ip6:2001:db8::1 ~all"));
	CHECK(rec.terms[0].cidr6 == 32 && rec.terms[1].cidr6 == 128 && rec.terms[0].addr[2] == 0x0d);
	CHECK(rec.all == SPF_Q_SOFTFAIL);
	CHECK(parses("v=spf1 ip6:::ffff:127.0.2.1 ?all"));
	CHECK(rec.all == SPF_Q_NEUTRAL);
	/* a/mx dual-cidr-length */
	CHECK(parses("v=spf1 a//64 a:example.org/24//56 mx:example.org//0 -all"));
	CHECK(rec.terms[0].cidr4 == 32 && rec.terms[0].cidr6 == 64);
	CHECK(rec.terms[1].cidr4 == 24 && rec.terms[1].cidr6 == 56);
	CHECK_STR(rec.terms[1].domain, "example.org");
	CHECK(rec.terms[2].cidr4 == 32 && rec.terms[2].cidr6 == 0);
	CHECK(parses("v=spf1 exists:example.net -all"));
	CHECK(rec.terms[0].kind == SPF_K_EXISTS);
	/* §6.2 and unknown modifiers */
	CHECK(parses("v=spf1 mx -all exp=explain._spf.%{d}"));
	CHECK_STR(rec.exp, "explain._spf.%{d}");
	CHECK(rec.terms[2].kind == SPF_K_EXP);
	CHECK(parses("v=spf1 -all foo.bar_baz-1=%{d}-anything:goes rfc=4408"));
	CHECK(rec.terms[1].kind == SPF_K_MODIFIER);
	CHECK_STR(rec.terms[1].name, "foo.bar_baz-1");
	CHECK_STR(rec.terms[1].domain, "%{d}-anything:goes");
	CHECK(parses("v=spf1 empty= -all"));
	/* names are case-insensitive; domains kept as written */
	CHECK(parses("v=spf1 MX:Example.ORG InClUdE:_SPF.example.com ReDiReCt=x.example"));
	CHECK(rec.terms[0].kind == SPF_K_MX && rec.terms[1].kind == SPF_K_INCLUDE);
	CHECK_STR(rec.redirect, "x.example");
	/* trailing dot after the top label */
	CHECK(parses("v=spf1 a:example.org. -all"));
	/* all ends evaluation: a redirect then is dead, terms after it too */
	CHECK(parses("v=spf1 -all redirect=other.example a:after.example"));
	CHECK(rec.all == SPF_Q_FAIL && rec.n_dns_terms == 0 && rec.redirect != NULL);
	/* a modifier named like a mechanism is still a modifier (ABNF) */
	CHECK(parses("v=spf1 a=b -all"));
	CHECK(rec.terms[0].kind == SPF_K_MODIFIER);
}

/* §7.4 macro examples, and the macro grammar of §7.1. */
static void
test_macros(void)
{
	CHECK(parses("v=spf1 exists:%{ir}.%{v}._spf.%{d2} -all"));
	CHECK(rec.terms[0].has_macro);
	CHECK(parses("v=spf1 exists:%{lr-}.lp._spf.%{d2} -all"));
	CHECK(parses("v=spf1 exists:%{lr-}.lp.%{ir}.%{v}._spf.%{d2} -all"));
	CHECK(parses("v=spf1 exists:%{ir}.%{v}.%{l1r-}.lp._spf.%{d2} -all"));
	CHECK(parses("v=spf1 exists:%{d2}.trusted-domains.example.net -all"));
	CHECK(parses("v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all"));
	CHECK(parses("v=spf1 include:%{s}.%{o}.%{d4}.%{d3}.%{d1}.%{dr}.%{d2r} -all"));
	CHECK(parses("v=spf1 a:%{l}-%{d} -all"));            /* ends in a macro */
	CHECK(parses("v=spf1 a:%{lr}-%{d} -all"));
	CHECK(parses("v=spf1 a:%{h}.%{i}.%{v}.x.example -all"));
	CHECK(parses("v=spf1 exists:%{S}.%{L}.%{O}.example.com -all"));   /* upper case: URL-escape */
	CHECK(parses("v=spf1 exists:%{d,/_=+.}.example.com -all"));       /* every delimiter */
	CHECK(parses("v=spf1 exists:%{d127r}.example.com -all"));
	CHECK(parses("v=spf1 exists:%%%_%-.example.com -all"));
	CHECK(parses("v=spf1 ptr:%{p}.example.com -all"));
	CHECK(rec.uses_ptr);
	CHECK(parses("v=spf1 a:%{d}"));                      /* a domain-spec may end in a macro */
	/* c, r and t belong in the explanation text, not in exp='s domain-spec */
	CHECK(fails_with("v=spf1 -all exp=%{c}.%{r}.%{t}.example", "only in explanation text"));
	/* garbage */
	CHECK(fails_with("v=spf1 exists:%{x}.example.com", "macro '%{x}' invalid"));
	CHECK(fails_with("v=spf1 a:%{d0}.example.com", "macro '%{d0}' invalid"));
	CHECK(fails_with("v=spf1 a:%{d.example.com", "invalid: unexpected 'e'"));
	CHECK(fails_with("v=spf1 a:%{d", "is not closed"));
	CHECK(fails_with("v=spf1 a:%{}.example.com", "has no letter"));
	CHECK(fails_with("v=spf1 a:%d.example.com", "'%d' is not a macro"));
	CHECK(fails_with("v=spf1 a:example.com%", "'%' at the end"));
	CHECK(fails_with("v=spf1 a:%{d2r*}.example.com", "unexpected '*'"));
	CHECK(fails_with("v=spf1 a:%{c}.example.com", "only in explanation text"));
	CHECK(fails_with("v=spf1 -all foo=%{x}", "macro '%{x}' invalid"));
}

static void
test_bad(void)
{
	char big[SPF_RECORD_MAX + 64];
	size_t i, n;

	CHECK(fails_with("v=spf1 a foo -all", "unknown mechanism 'foo' at term 2"));
	CHECK(fails_with("v=spf1 ip4:127.0.2.0/33", "ip4 CIDR length 33 out of range"));
	CHECK(fails_with("v=spf1 ip6:2001:db8::/129", "ip6 CIDR length 129 out of range"));
	CHECK(fails_with("v=spf1 a/33", "ip4 CIDR length 33 out of range"));
	CHECK(fails_with("v=spf1 mx:example.org/24//129", "ip6 CIDR length 129 out of range"));
	CHECK(fails_with("v=spf1 a/024", "leading zero"));
	CHECK(fails_with("v=spf1 ip4:127.0.2.0/", "CIDR length is empty"));
	CHECK(fails_with("v=spf1 ip4:127.0.2.0/2x", "is not a number"));
	CHECK(fails_with("v=spf1 a:example.org/", "bad CIDR length"));
	CHECK(fails_with("v=spf1 a/", "bad CIDR length"));
	CHECK(fails_with("v=spf1 a/24/64", "ip4 CIDR length 64 out of range"));
	CHECK(fails_with("v=spf1 a/24/16", "bad CIDR length in '/24'"));
	CHECK(fails_with("v=spf1 ip4:127.0.2.256", "ip4 address '127.0.2.256' invalid"));
	CHECK(fails_with("v=spf1 ip4:192.0.02.1", "leading zero"));
	CHECK(fails_with("v=spf1 ip4:192.0.2", "invalid"));
	CHECK(fails_with("v=spf1 ip4:2001:db8::1", "invalid"));
	CHECK(fails_with("v=spf1 ip6:127.0.2.1", "ip6 address '127.0.2.1' invalid"));
	CHECK(fails_with("v=spf1 ip6:2001:db8:::1", "invalid"));
	CHECK(fails_with("v=spf1 ip4", "'ip4' needs ':address'"));
	CHECK(fails_with("v=spf1 redirect=a.example redirect=b.example",
	    "two redirect modifiers (terms 1 and 2)"));
	CHECK(fails_with("v=spf1 exp=a.example -all exp=b.example", "two exp modifiers"));
	CHECK(fails_with("v=spf1 -redirect=a.example", "cannot take a qualifier"));
	CHECK(fails_with("v=spf1 redirect=", "redirect= needs a domain"));
	CHECK(fails_with("v=spf1 include", "'include' needs ':domain'"));
	CHECK(fails_with("v=spf1 include:", "include needs a domain"));
	CHECK(fails_with("v=spf1 exists", "'exists' needs ':domain'"));
	CHECK(fails_with("v=spf1 all:example.org", "'all' takes no argument"));
	CHECK(fails_with("v=spf1 -all/24", "'all' takes no argument"));
	CHECK(fails_with("v=spf1 ptr/24", "'ptr' takes no CIDR length"));
	CHECK(fails_with("v=spf1 include:example.com/24", "bad CIDR length"));
	CHECK(fails_with("v=spf1 a:museum", "does not end in a top-level label"));
	CHECK(fails_with("v=spf1 a:1.2.3.4", "does not end in a top-level label"));
	CHECK(fails_with("v=spf1 a:example.-org", "does not end in a top-level label"));
	CHECK(fails_with("v=spf1 a:%{d}.", "does not end in a top-level label"));
	CHECK(parses("v=spf1 a:example.1-2 a:example.x1 -all"));     /* toplabels */
	CHECK(fails_with("v=spf1 a:example..org", "has an empty label"));
	CHECK(fails_with("v=spf1 a:.example.org", "has an empty label"));
	CHECK(fails_with("v=spf1 a:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.org",
	    "label longer than 63"));
	CHECK(fails_with("v=spf1 ++all", "does not start with a mechanism"));
	CHECK(fails_with("v=spf1 -", "does not start with a mechanism"));
	CHECK(fails_with("v=spf1 =x", "does not start with a mechanism"));
	CHECK(fails_with("v=spf1 a;b", "unexpected ';' after 'a'"));
	CHECK(fails_with("v=spf1 a -all \xc3\xa9", "character 0xc3"));
	/* caps */
	n = (size_t)snprintf(big, sizeof(big), "v=spf1");
	for (i = 0; i <= SPF_TERMS_MAX; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, " a");
	CHECK(fails_with(big, "more than 128 terms"));
	memset(big, 'a', sizeof(big));
	memcpy(big, "v=spf1 exp=", 11);
	big[SPF_RECORD_MAX + 1] = '\0';
	CHECK(fails_with(big, "more than the 4096 we accept"));
	big[SPF_RECORD_MAX - 4] = '.';
	big[SPF_RECORD_MAX] = '\0';
	CHECK(fails_with(big, "longer than 253"));  /* 4096 bytes pass the cap and are read */
	/* only len bytes are read */
	CHECK(spf_parse("v=spf1 -all garbage", 11, &rec, why, sizeof(why)) == 0);
	CHECK(rec.n_terms == 1);
	CHECK(spf_parse("v=spf1 a\0b", 10, &rec, why, sizeof(why)) == -1);
	CHECK(spf_parse("v=spf1 foo", 10, &rec, NULL, 0) == -1);
}

/* The fake zone. */

struct rrset {
	const char *name;
	enum spf_qtype type;
	int rcode;
	size_t n;
	const char *rr[12];
};

#define TXT1(n, t)  { n, SPF_QT_TXT, 0, 1, { t } }
#define ADDR(n)     { n, SPF_QT_A, 0, 1, { NULL } }

static const struct rrset zone[] = {
	/* ten terms, every lookup answered */
	TXT1("mix.test", "v=spf1 a mx include:inc.mix.test exists:ex.mix.test ptr -all"),
	ADDR("mix.test"),
	{ "mix.test", SPF_QT_MX, 0, 1, { "mail.mix.test." } },
	ADDR("mail.mix.test"),
	{ "mail.mix.test", SPF_QT_AAAA, 0, 2, { NULL } },
	ADDR("ex.mix.test"),
	TXT1("inc.mix.test", "v=spf1 a:h1.mix.test a:H2.Mix.Test. mx:mx.mix.test "
	    "include:inc2.mix.test ~all"),
	ADDR("h1.mix.test"),
	{ "h2.mix.test", SPF_QT_AAAA, 0, 1, { NULL } },
	{ "mx.mix.test", SPF_QT_MX, 0, 2, { "mail.mix.test", "MAIL.mix.test." } },
	{ "inc2.mix.test", SPF_QT_TXT, 0, 3, { "google-site-verification=x",
	    "v=spf1 ip4:127.0.2.0/24 exists:%{i}.bl.mix.test -all", "v=spf10" } },
	/* void lookups */
	TXT1("void2.test", "v=spf1 a:nx1.void.test a:nx2.void.test ip4:127.0.2.1 -all"),
	TXT1("void3.test", "v=spf1 a:nx1.void.test mx:nodata.void.test "
	    "exists:nx3.void.test -all"),
	TXT1("nodata.void.test", "not spf"),
	TXT1("v4v6.test", "v=spf1 a:v4.void.test a:v6.void.test a:nx1.void.test "
	    "exists:v4.void.test a:nx2.void.test -all"),
	ADDR("v4.void.test"),
	{ "v6.void.test", SPF_QT_AAAA, 0, 1, { NULL } },
	TXT1("voidmx.test", "v=spf1 mx -all"),
	{ "voidmx.test", SPF_QT_MX, 0, 3, { "a.voidmx.test", "b.voidmx.test", "c.voidmx.test" } },
	TXT1("voidinc.test", "v=spf1 a:nx1.void.test a:nx2.void.test include:nx3.void.test -all"),
	TXT1("prec.test", "v=spf1 a:nx1.void.test a:nx2.void.test a:sf.test a:nx3.void.test -all"),
	{ "sf.test", SPF_QT_A, 2, 0, { NULL } },
	{ "sf.test", SPF_QT_AAAA, 0, 1, { NULL } },
	/* loops */
	TXT1("loop1.test", "v=spf1 include:loop2.test -all"),
	TXT1("loop2.test", "v=spf1 a include:LOOP1.test -all"),
	ADDR("loop2.test"),
	TXT1("rloop.test", "v=spf1 redirect=rloop.test."),
	/* missing and doubled records */
	TXT1("nospf.test", "v=spf1 include:other.test -all"),
	{ "other.test", SPF_QT_TXT, 0, 2, { "google-site-verification=abc", "v=spf10 -all" } },
	TXT1("two.test", "v=spf1 include:dup.test -all"),
	{ "dup.test", SPF_QT_TXT, 0, 2, { "v=spf1 -all", "v=spf1 ~all" } },
	TXT1("txtonly.test", "hello"),
	{ "multi.test", SPF_QT_TXT, 0, 2, { "v=spf1 -all", "V=SPF1 a -all" } },
	TXT1("bad.test", "v=spf1 foo -all"),
	TXT1("badinc.test", "v=spf1 include:bad.test -all"),
	/* redirect */
	TXT1("redir.test", "v=spf1 mx redirect=_spf.redir.test"),
	{ "redir.test", SPF_QT_MX, 0, 1, { "mail.mix.test" } },
	TXT1("_spf.redir.test", "v=spf1 ip4:127.0.2.0/24 -all"),
	TXT1("redirall.test", "v=spf1 redirect=_spf.redir.test ~all"),
	TXT1("rr.test", "v=spf1 redirect=r2.test"),
	TXT1("r2.test", "v=spf1 ip6:2001:db8::/32 redirect=r3.test"),
	TXT1("r3.test", "v=spf1 ?all"),
	TXT1("rnone.test", "v=spf1 redirect=nothing.test"),
	TXT1("incredir.test", "v=spf1 include:rr.test -all"),
	/* mx host counts */
	TXT1("mx10.test", "v=spf1 mx -all"),
	{ "mx10.test", SPF_QT_MX, 0, 10, { "m1.test", "m2.test", "m3.test", "m4.test",
	    "m5.test", "m6.test", "m7.test", "m8.test", "m9.test", "m10.test" } },
	TXT1("mx11.test", "v=spf1 mx -all"),
	{ "mx11.test", SPF_QT_MX, 0, 11, { "m1.test", "m2.test", "m3.test", "m4.test",
	    "m5.test", "m6.test", "m7.test", "m8.test", "m9.test", "m10.test", "m11.test" } },
	ADDR("m1.test"), ADDR("m2.test"), ADDR("m3.test"), ADDR("m4.test"), ADDR("m5.test"),
	ADDR("m6.test"), ADDR("m7.test"), ADDR("m8.test"), ADDR("m9.test"), ADDR("m10.test"),
	TXT1("cap.test", "v=spf1 mx:mx10.test mx:mx10.test -all"),
	/* macros, ptr, permissive */
	TXT1("macro.test", "v=spf1 exists:%{i}._spf.%{d} include:%{d2}.x.test "
	    "a:%{l}.u.test -all"),
	TXT1("ptr.test", "v=spf1 ptr -all"),
	TXT1("open.test", "v=spf1 +all"),
	TXT1("passinc.test", "v=spf1 include:open.test -all"),
	TXT1("failinc.test", "v=spf1 -include:open.test ~include:passinc.test -all"),
	TXT1("neutralinc.test", "v=spf1 ?include:passinc.test -all"),
	TXT1("neutral.test", "v=spf1 ip4:127.0.2.0/24 ?all"),
	TXT1("noall.test", "v=spf1 ip4:127.0.2.0/24"),
	/* DNS errors */
	TXT1("tempinc.test", "v=spf1 include:servfail.test -all"),
	{ "servfail.test", SPF_QT_TXT, 2, 0, { NULL } },
	TXT1("tempa.test", "v=spf1 a:sf.test -all"),
	{ "topfail.test", SPF_QT_TXT, 5, 0, { NULL } },
};

static char chain_names[2][11][32], chain_txt[2][11][64];
static struct rrset chains[22];

/* c10.test and c11.test: include chains of ten records, the last of which
 * ends in ip4 (ten lookups) or in a (eleven). */
static void
make_chains(void)
{
	int c, i;

	for (c = 0; c < 2; c++)
		for (i = 0; i <= 10; i++) {
			struct rrset *r = &chains[c * 11 + i];

			if (i == 0)
				snprintf(chain_names[c][i], 32, "c1%d.test", c);
			else
				snprintf(chain_names[c][i], 32, "n%d.c1%d.test", i, c);
			if (i < 10)
				snprintf(chain_txt[c][i], 64, "v=spf1 include:n%d.c1%d.test -all",
				    i + 1, c);
			else
				snprintf(chain_txt[c][i], 64, "%s",
				    c == 0 ? "v=spf1 ip4:127.0.2.1 -all" : "v=spf1 a -all");
			r->name = chain_names[c][i];
			r->type = SPF_QT_TXT;
			r->n = 1;
			r->rr[0] = chain_txt[c][i];
		}
}

static const struct rrset *
find(const struct rrset *set, size_t n, const char *name, enum spf_qtype t, int *seen)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(set[i].name, name) == 0) {
			*seen = 1;
			if (set[i].type == t)
				return &set[i];
		}
	return NULL;
}

static char asked[8192];
static unsigned n_asked;

static void
answer(struct spf_walk *w, const struct spf_query *q)
{
	const struct rrset *r;
	int seen = 0;

	r = find(zone, sizeof(zone) / sizeof(zone[0]), q->name, q->qtype, &seen);
	if (r == NULL)
		r = find(chains, 22, q->name, q->qtype, &seen);
	if (r != NULL)
		spf_walk_answer(w, q, r->rcode, r->rr, r->n);
	else
		spf_walk_answer(w, q, seen ? 0 : 3, NULL, 0);     /* NODATA or NXDOMAIN */
}

static struct spf_walk *
walk_once(const char *domain, int lifo)
{
	struct spf_walk *w = spf_walk_new(domain);
	struct spf_query q[64];
	size_t n, i;
	int rounds = 0;
	size_t used;

	asked[0] = '\0';
	n_asked = 0;
	while (w != NULL && !spf_walk_done(w) && rounds++ < 100) {
		for (n = 0; n < 64 && spf_walk_next(w, &q[n]); n++) {
			used = strlen(asked);
			if (snprintf(asked + used, sizeof(asked) - used, "%s %s;",
			    q[n].qtype == SPF_QT_TXT ? "TXT" : q[n].qtype == SPF_QT_MX ? "MX" :
			    q[n].qtype == SPF_QT_A ? "A" : "AAAA", q[n].name) < 0)
				break;
			n_asked++;
		}
		if (n == 0)
			break;
		for (i = 0; i < n; i++)
			answer(w, &q[lifo ? n - 1 - i : i]);
	}
	return w;
}

/* Walk both ways; the two results must agree. Returns the first walker. */
static struct spf_walk *
walk(const char *domain)
{
	struct spf_walk *w2 = walk_once(domain, 1), *w = walk_once(domain, 0);
	const struct spf_walk_result *a = spf_walk_result(w), *b = spf_walk_result(w2);

	CHECK(spf_walk_done(w) && spf_walk_done(w2));
	if (a->status != b->status || a->err != b->err || a->n_dns_terms != b->n_dns_terms ||
	    a->n_void != b->n_void || a->all != b->all || a->flags != b->flags ||
	    strcmp(a->detail, b->detail) != 0 || a->n_records != b->n_records) {
		fprintf(stderr, "  %s: answer order changed the result: \"%s\" vs \"%s\"\n",
		    domain, a->detail, b->detail);
		CHECK(0);
	}
	spf_walk_free(w2);
	return w;
}

static const struct spf_walk_result *res;
static struct spf_walk *cur;

static void
run(const char *domain)
{
	spf_walk_free(cur);
	cur = walk(domain);
	res = spf_walk_result(cur);
}

static int
has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) != NULL)
		return 1;
	fprintf(stderr, "  \"%s\" lacks \"%s\"\n", hay, needle);
	return 0;
}

static void
test_walk_counts(void)
{
	run("mix.test");
	CHECK(res->status == SPF_WALK_OK && res->err == SPF_E_OK);
	CHECK(res->n_dns_terms == 10);          /* a mx include exists ptr | a a mx include | exists */
	CHECK(res->n_void == 0);
	CHECK(res->all == SPF_Q_FAIL);
	CHECK(res->flags == (SPF_F_PTR | SPF_F_MACROS));
	CHECK_STR(res->ptr_where, "mix.test -> ptr");
	CHECK_STR(res->macro_where,
	    "mix.test -> include:inc.mix.test -> include:inc2.mix.test -> exists:%{i}.bl.mix.test");
	CHECK(res->n_records == 3);
	CHECK_STR(res->records[2].domain, "inc2.mix.test");
	CHECK_STR(res->records[2].via, "include:inc2.mix.test");
	CHECK(res->records[2].depth == 2 && res->records[0].via == NULL);
	CHECK(has(asked, "A h2.mix.test;"));     /* names lower-cased, no trailing dot */
	CHECK(!strstr(asked, "bl.mix.test"));
	CHECK(res->n_queries == n_asked);

	run("c10.test");
	CHECK(res->status == SPF_WALK_OK && res->n_dns_terms == 10 && res->n_records == 11);
	CHECK(res->records[10].depth == 10);
	run("c11.test");
	CHECK(res->status == SPF_WALK_PERMERROR && res->err == SPF_E_LOOKUPS);
	CHECK(res->n_dns_terms == 11);
	CHECK_STR(res->detail, "c11.test -> include:n1.c11.test -> include:n2.c11.test -> "
	    "include:n3.c11.test -> include:n4.c11.test -> include:n5.c11.test -> "
	    "include:n6.c11.test -> include:n7.c11.test -> include:n8.c11.test -> "
	    "include:n9.c11.test -> include:n10.c11.test -> a: "
	    "11th DNS-querying term (limit 10)");
	CHECK(!strstr(asked, "A n10.c11.test"));  /* the 11th is not looked up */
}

static void
test_walk_void(void)
{
	run("void2.test");
	CHECK(res->status == SPF_WALK_OK && res->n_void == 2 && res->n_dns_terms == 2);
	run("void3.test");
	CHECK(res->status == SPF_WALK_PERMERROR && res->err == SPF_E_VOID);
	CHECK(res->n_void == 3 && res->n_dns_terms == 3);
	CHECK_STR(res->detail, "void3.test -> exists:nx3.void.test: 3rd void lookup (limit 2): "
	    "nx3.void.test does not exist");
	/* An address in either family is not void: which one a receiver asks
	 * for depends on the sender. */
	run("v4v6.test");
	CHECK(res->status == SPF_WALK_OK && res->n_void == 2 && res->n_dns_terms == 5);
	/* MX hosts without addresses are void lookups too */
	run("voidmx.test");
	CHECK(res->status == SPF_WALK_PERMERROR && res->err == SPF_E_VOID);
	CHECK(has(res->detail, "voidmx.test -> mx: 3rd void lookup (limit 2): "
	    "MX host c.voidmx.test does not exist"));
	/* An include target that does not exist: the void count comes first. */
	run("voidinc.test");
	CHECK(res->status == SPF_WALK_PERMERROR && res->err == SPF_E_VOID);
	CHECK(has(res->detail, "include:nx3.void.test: 3rd void lookup"));
	/* The earliest problem in evaluation order wins, whatever the answer order. */
	run("prec.test");
	CHECK(res->status == SPF_WALK_TEMPERROR && res->err == SPF_E_DNS);
	CHECK(has(res->detail, "prec.test -> a:sf.test: A lookup of sf.test failed (SERVFAIL)"));
	CHECK(res->n_void == 2 && res->n_dns_terms == 3);
}

static void
test_walk_records(void)
{
	run("loop1.test");
	CHECK(res->status == SPF_WALK_PERMERROR && res->err == SPF_E_LOOP);
	CHECK(has(res->detail, "include loop: loop1.test -> loop2.test -> loop1.test"));
	CHECK(has(res->detail, "loop1.test -> include:loop2.test -> include:LOOP1.test:"));
	CHECK(res->n_dns_terms == 3);
	run("rloop.test");
	CHECK(res->err == SPF_E_LOOP && has(res->detail, "redirect loop: rloop.test -> rloop.test"));

	run("nospf.test");
	CHECK(res->status == SPF_WALK_PERMERROR && res->err == SPF_E_NO_RECORD);
	CHECK_STR(res->detail, "nospf.test -> include:other.test: no SPF record at other.test");
	CHECK(res->n_void == 0);                  /* TXT records exist: not void */
	run("two.test");
	CHECK(res->status == SPF_WALK_PERMERROR && res->err == SPF_E_MULTIPLE);
	CHECK(has(res->detail, "include:dup.test: 2 SPF records at dup.test"));
	run("badinc.test");
	CHECK(res->status == SPF_WALK_PERMERROR && res->err == SPF_E_SYNTAX);
	CHECK_STR(res->detail, "badinc.test -> include:bad.test: unknown mechanism 'foo' at term 1");
	CHECK(res->n_records == 2 && strcmp(res->records[1].text, "v=spf1 foo -all") == 0);

	/* the walk's own domain */
	run("bad.test");
	CHECK(res->status == SPF_WALK_PERMERROR && res->err == SPF_E_SYNTAX);
	run("nothing.test");
	CHECK(res->status == SPF_WALK_NONE && res->err == SPF_E_NO_RECORD && res->n_void == 0);
	run("txtonly.test");
	CHECK(res->status == SPF_WALK_NONE);
	run("multi.test");
	CHECK(res->status == SPF_WALK_PERMERROR && res->err == SPF_E_MULTIPLE);
	run("topfail.test");
	CHECK(res->status == SPF_WALK_TEMPERROR && res->err == SPF_E_DNS);
	CHECK_STR(res->detail, "topfail.test: TXT lookup of topfail.test failed (REFUSED)");
	run("tempinc.test");
	CHECK(res->status == SPF_WALK_TEMPERROR && res->err == SPF_E_DNS);
	CHECK(has(res->detail, "TXT lookup of servfail.test failed (SERVFAIL)"));
	run("tempa.test");
	CHECK(res->status == SPF_WALK_TEMPERROR && res->n_dns_terms == 1);
	run("bad..name");
	CHECK(res->status == SPF_WALK_NONE && res->err == SPF_E_BAD_NAME && n_asked == 0);
}

static void
test_walk_redirect(void)
{
	run("redir.test");
	CHECK(res->status == SPF_WALK_OK && res->n_dns_terms == 2);
	CHECK(res->all == SPF_Q_FAIL);           /* the target's all is the effective one */
	CHECK(res->n_records == 2);
	CHECK_STR(res->records[1].via, "redirect=_spf.redir.test");
	run("redirall.test");
	CHECK(res->status == SPF_WALK_OK && res->n_dns_terms == 0 && res->all == SPF_Q_SOFTFAIL);
	CHECK(res->n_records == 1 && n_asked == 1);
	run("rr.test");
	CHECK(res->status == SPF_WALK_OK && res->n_dns_terms == 2 && res->all == SPF_Q_NEUTRAL);
	CHECK(res->flags & SPF_F_PERMISSIVE);
	run("incredir.test");                     /* a redirect inside an include counts too */
	CHECK(res->status == SPF_WALK_OK && res->n_dns_terms == 3 && res->all == SPF_Q_FAIL);
	CHECK(!(res->flags & SPF_F_PERMISSIVE));  /* ?all inside an include matches nothing */
	run("rnone.test");
	CHECK(res->status == SPF_WALK_PERMERROR && res->err == SPF_E_NO_RECORD);
	CHECK(has(res->detail, "rnone.test -> redirect=nothing.test: no SPF record"));
	CHECK(res->n_void == 1);
	run("noall.test");
	CHECK(res->status == SPF_WALK_OK && res->all == SPF_Q_NONE && res->flags == 0);
}

static void
test_walk_misc(void)
{
	struct spf_query q;
	struct spf_walk *w;

	run("mx10.test");
	CHECK(res->status == SPF_WALK_OK && res->n_void == 0 && res->n_dns_terms == 1);
	CHECK(n_asked == 2 + 20);                 /* TXT, MX, A and AAAA of ten hosts */
	run("mx11.test");
	CHECK(res->status == SPF_WALK_PERMERROR && res->err == SPF_E_MX_HOSTS);
	CHECK_STR(res->detail, "mx11.test -> mx: 11 MX hosts at mx11.test "
	    "(at most 10 may be looked up)");
	CHECK(!strstr(asked, "m1.test"));

	run("macro.test");
	CHECK(res->status == SPF_WALK_OK && res->n_dns_terms == 3 && n_asked == 1);
	CHECK(res->flags == SPF_F_MACROS);
	CHECK_STR(res->macro_where, "macro.test -> exists:%{i}._spf.%{d}");
	run("ptr.test");
	CHECK(res->status == SPF_WALK_OK && res->n_dns_terms == 1 && n_asked == 1);
	CHECK(res->flags == SPF_F_PTR);
	run("open.test");
	CHECK(res->all == SPF_Q_PASS && (res->flags & SPF_F_PERMISSIVE));
	run("passinc.test");
	CHECK(res->all == SPF_Q_FAIL && (res->flags & SPF_F_PERMISSIVE));
	run("failinc.test");                       /* -include of +all: everyone fails */
	CHECK(res->status == SPF_WALK_OK && res->n_dns_terms == 3);
	CHECK(res->all == SPF_Q_FAIL && res->flags == 0);
	run("neutralinc.test");                    /* everyone gets neutral */
	CHECK(res->all == SPF_Q_FAIL && res->flags == SPF_F_PERMISSIVE);
	run("neutral.test");
	CHECK(res->all == SPF_Q_NEUTRAL && res->flags == SPF_F_PERMISSIVE);

	/* Two mx terms with ten hosts each: the second gets what is left of
	 * SPF_QUERIES_MAX after room for eight more TXT/MX questions. */
	run("cap.test");
	CHECK(res->status == SPF_WALK_OK && res->n_dns_terms == 2);
	CHECK(res->flags == SPF_F_QUERY_CAP);
	CHECK(res->n_queries <= SPF_QUERIES_MAX && res->n_queries == 1 + 21 + 1 + 2 * 4);

	/* stale, foreign and repeated answers change nothing */
	w = spf_walk_new("open.test.");
	CHECK(spf_walk_next(w, &q) == 1 && q.qtype == SPF_QT_TXT);
	CHECK_STR(q.name, "open.test");
	CHECK(spf_walk_next(w, &q) == 0);
	{
		struct spf_query bogus = q;
		const char *rr[] = { "v=spf1 -all" };

		bogus.id += 2;
		spf_walk_answer(w, &bogus, 0, rr, 1);
		bogus = q;
		bogus.qtype = SPF_QT_A;
		spf_walk_answer(w, &bogus, 0, rr, 1);
		CHECK(!spf_walk_done(w));
		CHECK(spf_walk_result(w)->status == SPF_WALK_RUNNING);
		spf_walk_answer(w, &q, 0, rr, 1);
		CHECK(spf_walk_done(w));
		spf_walk_answer(w, &q, 2, NULL, 0);
		CHECK(spf_walk_result(w)->status == SPF_WALK_OK);
		CHECK(spf_walk_result(w)->all == SPF_Q_FAIL);
	}
	spf_walk_free(w);
	spf_walk_free(NULL);
}

int
main(void)
{
	test_version();
	test_rfc_examples();
	test_macros();
	test_bad();
	make_chains();
	test_walk_counts();
	test_walk_void();
	test_walk_records();
	test_walk_redirect();
	test_walk_misc();
	spf_walk_free(cur);
	CHECK_STR(spf_err_code(SPF_E_LOOKUPS), "too-many-lookups");
	CHECK_STR(spf_walk_status_str(SPF_WALK_PERMERROR), "permerror");
	CHECK_STR(spf_qual_str(SPF_Q_SOFTFAIL), "softfail");
	CHECK_STR(spf_kind_str(SPF_K_EXISTS), "exists");
	return unit_done("test_spf");
}
