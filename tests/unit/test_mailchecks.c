/*
 * Unit tests of the mail authenticity and transport-policy checks (DMARC,
 * DKIM, SPF, MTA-STS, TLS-RPT, reverse DNS of the MX) on hand-built facts.
 * The SPF policy cases drive a real spf_walk over a fake zone. Expected
 * statuses, codes and points come from the catalogue (shared/spec/checks.md
 * §1, §2, §4, §7) and the decisions written in doc/, not from running the
 * program.
 */
#include <stdlib.h>

#include "checks/mail/auth_common.h"
#include "http/http.h"
#include "mail/spf.h"
#include "unit.h"

extern const struct chk_def chk_mail_auth_dmarc_exist;
extern const struct chk_def chk_mail_auth_dmarc_policy;
extern const struct chk_def chk_mail_auth_dkim_exist;
extern const struct chk_def chk_mail_auth_spf_exist;
extern const struct chk_def chk_mail_auth_spf_policy;
extern const struct chk_def chk_mail_starttls_mtasts;
extern const struct chk_def chk_mail_starttls_tlsrpt;
extern const struct chk_def chk_mail_ptr_fcrdns;

/* RSA keys of 512, 1024 and 2048 bits (SubjectPublicKeyInfo, base64). */
static const char key512[] =
    "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKu6blHiAvUvUcPs9tlxO+2HVLQYJEKCB+0HtTH0"
    "3wxy4l0FqO/gx+DmUwvw3BuxpPjdev3hHGPLc6URpKyRpiMCAwEAAQ==";
static const char key1024[] =
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1"
    "fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR"
    "+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB";
static const char key2048[] =
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvS8odU2KoT0rHtM7LynT20lfq7MM"
    "A6QHmeHgkwuG7E8OPHsPKQAZ+2lqFR3/h/pTZaPqyOgU6hOLlPxxzaPrrwRydkz94FepMBDc"
    "eM1q5OcDerSGjCa0VmpTPJ09uCQtluSw+grjSXa84A+g0iGR+MfFn4ntwZ++/PsAHizQAimg"
    "BSXZmqOOIl3jUwK+GF5EXVnp6Yc248Q1pqpgx9X+MYwSK2Js1EuOs0Lm7FbDadEF8gRIXpbS"
    "TEZaBv8VL1Fru65u6ULODcR5hWDLJvzghWj184U99f0kbCk4vGhU+zqpcGXU6VvkzGqKXFNm"
    "U0XUeBsY1CAp6F2bhxwG8Bk6owIDAQAB";

static struct fx_lookup
lk_rcode(int rcode)
{
	struct fx_lookup lk = { .done = 1, .err = DNS_OK, .rcode = rcode,
	    .sec = DNS_SEC_INSECURE };
	return lk;
}

static struct fx_lookup
lk_servfail(void)
{
	struct fx_lookup lk = { .done = 1, .err = DNS_ERR_SERVFAIL, .rcode = 2,
	    .sec = DNS_SEC_UNKNOWN };
	return lk;
}

/* A TXT set answered NOERROR with the given records (NULL-terminated),
 * NXDOMAIN when recs is NULL. */
static void
txt(struct fx_txt *t, const char *owner, const char **recs)
{
	memset(t, 0, sizeof(*t));
	t->owner = owner;
	t->lk = lk_rcode(recs ? 0 : 3);
	t->txt = recs;
	while (recs != NULL && recs[t->n] != NULL)
		t->n++;
}

static void
txt_fail(struct fx_txt *t, const char *owner)
{
	memset(t, 0, sizeof(*t));
	t->owner = owner;
	t->lk = lk_servfail();
}

static struct facts F;
static struct fx_host mxs[2];

static void
base(void)
{
	memset(&F, 0, sizeof(F));
	memset(mxs, 0, sizeof(mxs));
	F.kind = FX_MAIL;
	F.domain = "mail.test";
	F.soa_lk = lk_rcode(0);
	F.mx_lk = lk_rcode(0);
	F.mx_state = FX_MX_PRESENT;
	mxs[0].name = "mx1.mail.test";
	mxs[1].name = "mx2.backup.test";
	F.mx = mxs;
	F.n_mx = F.n_mx_total = 1;
	txt(&F.spf_txt, "mail.test", NULL);
	txt(&F.dmarc.at_domain, "_dmarc.mail.test", NULL);
	F.dkim.domainkey_lk = lk_rcode(0);
	txt(&F.mtasts.txt, "_mta-sts.mail.test", NULL);
	txt(&F.tlsrpt, "_smtp._tls.mail.test", NULL);
}

static struct chk_result R;

static void
run(const struct chk_def *d)
{
	json_decref(R.evidence);
	chk_run(d, &F, &R);
	if (getenv("UNIT_VERBOSE") != NULL)
		printf("%-24s %-10s %-28s %4.1f  %s\n", d->name + 5,
		    chk_status_str(R.status), R.code, R.points, R.detail);
	if (R.evidence == NULL || !json_is_object(R.evidence)) {
		fprintf(stderr, "%s: evidence is not an object\n", d->name);
		unit_failed++;
	}
}

#define EXPECT(def_, st_, code_, pts_) do { \
	run(&(def_)); \
	CHECK_STR(chk_status_str(R.status), chk_status_str(st_)); \
	CHECK_STR(R.code, (code_)); \
	if (R.points != (pts_)) { \
		fprintf(stderr, "%s:%d: points %g, want %g (%s)\n", __FILE__, \
		    __LINE__, R.points, (double)(pts_), R.detail); \
		unit_failed++; \
	} else \
		unit_passed++; \
} while (0)

/* 1 when the evidence, dumped, holds needle. */
static int
ev_has(const char *needle)
{
	char *s = json_dumps(R.evidence, JSON_COMPACT);
	int ok = s != NULL && strstr(s, needle) != NULL;

	if (!ok)
		fprintf(stderr, "  evidence %s lacks %s\n", s ? s : "(null)", needle);
	free(s);
	return ok;
}

static int
detail_has(const char *needle)
{
	if (strstr(R.detail, needle) != NULL)
		return 1;
	fprintf(stderr, "  detail \"%s\" lacks \"%s\"\n", R.detail, needle);
	return 0;
}

/* ---- SPF: a fake zone for the walker ------------------------------------ */

struct rrset {
	const char *name;
	enum spf_qtype type;
	int rcode;
	size_t n;
	const char *rr[12];
};

#define TXT1(n, t) { n, SPF_QT_TXT, 0, 1, { t } }
#define ADDR(n)    { n, SPF_QT_A, 0, 1, { NULL } }

static const struct rrset zone[] = {
	TXT1("strict.test", "v=spf1 ip4:127.0.2.0/24 mx -all"),
	{ "strict.test", SPF_QT_MX, 0, 1, { "mx1.strict.test" } },
	ADDR("mx1.strict.test"),
	TXT1("soft.test", "v=spf1 ip4:127.0.2.0/24 ~all"),
	TXT1("open.test", "v=spf1 +all"),
	TXT1("neutral.test", "v=spf1 ip4:127.0.2.0/24 ?all"),
	TXT1("passinc.test", "v=spf1 include:open.test -all"),
	TXT1("noall.test", "v=spf1 ip4:127.0.2.0/24"),
	TXT1("redir.test", "v=spf1 redirect=_spf.redir.test"),
	TXT1("_spf.redir.test", "v=spf1 ip4:127.0.2.1 -all"),
	TXT1("redirnoall.test", "v=spf1 redirect=_spf.redirnoall.test"),
	TXT1("_spf.redirnoall.test", "v=spf1 ip4:127.0.2.1"),
	TXT1("syntax.test", "v=spf1 foo -all"),
	TXT1("missinc.test", "v=spf1 include:nothing.test -all"),
	TXT1("badinc.test", "v=spf1 include:syntax.test -all"),
	TXT1("dupinc.test", "v=spf1 include:dup.test -all"),
	{ "dup.test", SPF_QT_TXT, 0, 2, { "v=spf1 -all", "v=spf1 ~all" } },
	TXT1("many.test", "v=spf1 a:h1.test a:h2.test a:h3.test a:h4.test a:h5.test "
	    "a:h6.test a:h7.test a:h8.test a:h9.test a:h10.test a:h11.test -all"),
	ADDR("h1.test"), ADDR("h2.test"), ADDR("h3.test"), ADDR("h4.test"),
	ADDR("h5.test"), ADDR("h6.test"), ADDR("h7.test"), ADDR("h8.test"),
	ADDR("h9.test"), ADDR("h10.test"), ADDR("h11.test"),
	TXT1("void.test", "v=spf1 a:nx1.test a:nx2.test a:nx3.test -all"),
	TXT1("loop1.test", "v=spf1 include:loop2.test -all"),
	TXT1("loop2.test", "v=spf1 include:loop1.test -all"),
	TXT1("temp.test", "v=spf1 include:servfail.test -all"),
	{ "servfail.test", SPF_QT_TXT, 2, 0, { NULL } },
	TXT1("mx11.test", "v=spf1 mx -all"),
	{ "mx11.test", SPF_QT_MX, 0, 11, { "h1.test", "h2.test", "h3.test",
	    "h4.test", "h5.test", "h6.test", "h7.test", "h8.test", "h9.test",
	    "h10.test", "h11.test" } },
	TXT1("ptr.test", "v=spf1 ptr -all"),
	TXT1("reject.test", "v=spf1 -all"),
};

static const struct rrset *
find(const char *name, enum spf_qtype t, int *seen)
{
	size_t i;

	for (i = 0; i < sizeof(zone) / sizeof(zone[0]); i++)
		if (strcmp(zone[i].name, name) == 0) {
			*seen = 1;
			if (zone[i].type == t)
				return &zone[i];
		}
	return NULL;
}

static struct spf_walk *walk;
static const char *top_txt[4];

/* Walk domain's policy over the fake zone; the domain's own TXT set goes
 * into F.spf_txt, as the gatherer does it. */
static void
spf_case(const char *domain)
{
	struct spf_query q[64];
	const struct rrset *r;
	size_t n, i;
	int rounds = 0, seen;

	spf_walk_free(walk);
	F.domain = domain;
	walk = spf_walk_new(domain);
	while (walk != NULL && !spf_walk_done(walk) && rounds++ < 100) {
		for (n = 0; n < 64 && spf_walk_next(walk, &q[n]); n++)
			;
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			seen = 0;
			r = find(q[i].name, q[i].qtype, &seen);
			if (r != NULL)
				spf_walk_answer(walk, &q[i], r->rcode, r->rr, r->n);
			else
				spf_walk_answer(walk, &q[i], seen ? 0 : 3, NULL, 0);
		}
	}
	CHECK(walk != NULL && spf_walk_done(walk));
	F.spf = walk;
	seen = 0;
	r = find(domain, SPF_QT_TXT, &seen);
	memset(top_txt, 0, sizeof(top_txt));
	for (i = 0; r != NULL && i < r->n && i < 3; i++)
		top_txt[i] = r->rr[i];
	txt(&F.spf_txt, domain, r || seen ? top_txt : NULL);
}

static void
test_spf_exist(void)
{
	static const char *one[] = { "google-site-verification=x",
	    "v=spf1 -all", NULL };
	static const char *two[] = { "v=spf1 -all", "V=SPF1 ~all", NULL };
	static const char *other[] = { "v=spf10 -all", "hello", NULL };

	base();
	txt(&F.spf_txt, "mail.test", one);
	EXPECT(chk_mail_auth_spf_exist, CHK_PASSED, "spf_found", 10);
	CHECK_STR(R.verdict, "good");
	CHECK(ev_has("\"count\":1"));
	txt(&F.spf_txt, "mail.test", two);
	EXPECT(chk_mail_auth_spf_exist, CHK_FAILED, "spf_multiple", 0);
	txt(&F.spf_txt, "mail.test", other);
	EXPECT(chk_mail_auth_spf_exist, CHK_FAILED, "spf_missing", 0);
	txt(&F.spf_txt, "mail.test", NULL);
	EXPECT(chk_mail_auth_spf_exist, CHK_FAILED, "spf_missing", 0);
	txt_fail(&F.spf_txt, "mail.test");
	EXPECT(chk_mail_auth_spf_exist, CHK_ERROR, "servfail", 0);
	CHECK(detail_has("SERVFAIL"));
}

static void
test_spf_policy(void)
{
	base();
	spf_case("strict.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_PASSED, "spf_policy_strict", 10);
	CHECK(detail_has("-all"));
	CHECK(ev_has("\"dns_terms\":1"));
	CHECK(ev_has("\"all\":\"fail\""));
	spf_case("soft.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_PASSED, "spf_policy_softfail", 10);
	CHECK(detail_has("~all"));
	spf_case("ptr.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_PASSED, "spf_policy_strict", 10);
	CHECK(detail_has("ptr"));
	CHECK(ev_has("\"ptr_where\""));
	spf_case("redir.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_PASSED, "spf_policy_strict", 10);
	CHECK(ev_has("\"via\":\"redirect=_spf.redir.test\""));
	CHECK(ev_has("\"depth\":1"));

	/* too permissive, or no all: 2 points */
	spf_case("open.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_permissive", 2);
	CHECK(detail_has("+all"));
	spf_case("neutral.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_permissive", 2);
	CHECK(detail_has("?all"));
	spf_case("passinc.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_permissive", 2);
	CHECK(detail_has("includes"));
	spf_case("noall.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_no_all", 2);
	spf_case("redirnoall.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_no_all", 2);

	/* broken includes and limits: 2 points */
	spf_case("missinc.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_broken_include", 2);
	CHECK(detail_has("nothing.test"));
	spf_case("badinc.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_broken_include", 2);
	spf_case("dupinc.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_broken_include", 2);
	spf_case("many.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_lookup_limit", 2);
	CHECK(detail_has("a:h11.test"));
	CHECK(ev_has("\"dns_terms\":11"));
	spf_case("void.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_void_limit", 2);
	CHECK(ev_has("\"void_lookups\":3"));
	CHECK(detail_has("nx3.test"));
	spf_case("loop1.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_include_loop", 2);
	spf_case("mx11.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_mx_limit", 2);

	/* the domain's own record: 0 points */
	spf_case("syntax.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_syntax", 0);
	CHECK(detail_has("foo"));
	spf_case("nospf.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_missing", 0);
	spf_case("dup.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_FAILED, "spf_multiple", 0);

	/* errors */
	spf_case("temp.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_ERROR, "spf_temperror", 0);
	CHECK(detail_has("servfail.test"));
	spf_case("strict.test");
	txt_fail(&F.spf_txt, "strict.test");
	EXPECT(chk_mail_auth_spf_policy, CHK_ERROR, "servfail", 0);
	spf_case("strict.test");
	F.spf = NULL;
	EXPECT(chk_mail_auth_spf_policy, CHK_ERROR, "spf_not_walked", 0);
	spf_case("strict.test");
	spf_walk_free(walk);
	walk = spf_walk_new("strict.test");    /* never answered */
	F.spf = walk;
	EXPECT(chk_mail_auth_spf_policy, CHK_ERROR, "spf_incomplete", 0);
}

/* ---- DMARC --------------------------------------------------------------- */

static struct fx_dmarc_auth auths[2];

static void
dmarc_case(const char *rec)
{
	static const char *one[2];

	one[0] = rec;
	txt(&F.dmarc.at_domain, "_dmarc.mail.test", one);
}

static void
test_dmarc_exist(void)
{
	static const char *two[] = { "v=DMARC1; p=reject", "v=DMARC1; p=none", NULL };
	static const char *junk[] = { "v=spf1 -all", NULL };
	static const char *org[] = { "v=DMARC1; p=reject", NULL };

	base();
	dmarc_case("v=DMARC1; p=reject");
	EXPECT(chk_mail_auth_dmarc_exist, CHK_PASSED, "dmarc_found", 10);
	CHECK(ev_has("\"effective\":\"_dmarc.mail.test\""));
	txt(&F.dmarc.at_domain, "_dmarc.mail.test", two);
	EXPECT(chk_mail_auth_dmarc_exist, CHK_FAILED, "dmarc_multiple", 0);
	txt(&F.dmarc.at_domain, "_dmarc.mail.test", junk);
	EXPECT(chk_mail_auth_dmarc_exist, CHK_FAILED, "dmarc_missing", 0);
	txt(&F.dmarc.at_domain, "_dmarc.mail.test", NULL);
	EXPECT(chk_mail_auth_dmarc_exist, CHK_FAILED, "dmarc_missing", 0);
	txt_fail(&F.dmarc.at_domain, "_dmarc.mail.test");
	EXPECT(chk_mail_auth_dmarc_exist, CHK_ERROR, "servfail", 0);

	/* a subdomain: the organizational domain's record */
	F.domain = "sub.mail.test";
	txt(&F.dmarc.at_domain, "_dmarc.sub.mail.test", NULL);
	F.dmarc.org = "mail.test";
	txt(&F.dmarc.at_org, "_dmarc.mail.test", org);
	EXPECT(chk_mail_auth_dmarc_exist, CHK_PASSED, "dmarc_org", 10);
	CHECK(ev_has("\"effective\":\"_dmarc.mail.test\""));
	txt(&F.dmarc.at_org, "_dmarc.mail.test", NULL);
	EXPECT(chk_mail_auth_dmarc_exist, CHK_FAILED, "dmarc_missing", 0);
	CHECK(detail_has("organizational"));
	txt(&F.dmarc.at_org, "_dmarc.mail.test", two);
	EXPECT(chk_mail_auth_dmarc_exist, CHK_FAILED, "dmarc_multiple", 0);
	txt_fail(&F.dmarc.at_org, "_dmarc.mail.test");
	EXPECT(chk_mail_auth_dmarc_exist, CHK_ERROR, "servfail", 0);
	memset(&F.dmarc.at_org, 0, sizeof(F.dmarc.at_org));    /* never asked */
	EXPECT(chk_mail_auth_dmarc_exist, CHK_ERROR, "not_asked", 0);
	/* a record at the domain wins over the org's */
	dmarc_case("v=DMARC1; p=quarantine");
	txt(&F.dmarc.at_org, "_dmarc.mail.test", org);
	EXPECT(chk_mail_auth_dmarc_exist, CHK_PASSED, "dmarc_found", 10);
}

static void
test_dmarc_policy(void)
{
	static const char *org[2];
	static const char *granted[] = { "v=DMARC1", NULL };
	static const char *other[] = { "hello", NULL };

	base();
	dmarc_case("v=DMARC1; p=reject; rua=mailto:dmarc@mail.test");
	EXPECT(chk_mail_auth_dmarc_policy, CHK_PASSED, "dmarc_policy_good", 10);
	CHECK(ev_has("\"effective_policy\":\"reject\""));
	CHECK(ev_has("\"external\":false"));
	dmarc_case("v=DMARC1; p=quarantine; pct=50");
	EXPECT(chk_mail_auth_dmarc_policy, CHK_PASSED, "dmarc_policy_good", 10);
	CHECK(detail_has("pct"));
	dmarc_case("v=DMARC1; p=bogus");
	EXPECT(chk_mail_auth_dmarc_policy, CHK_FAILED, "dmarc_syntax", 0);
	dmarc_case("v=DMARC1; p=reject; p=none");
	EXPECT(chk_mail_auth_dmarc_policy, CHK_FAILED, "dmarc_syntax", 0);
	dmarc_case("v=DMARC1; rua=mailto:dmarc@mail.test");
	EXPECT(chk_mail_auth_dmarc_policy, CHK_FAILED, "dmarc_policy_missing", 2);
	dmarc_case("v=DMARC1; p=none");
	EXPECT(chk_mail_auth_dmarc_policy, CHK_FAILED, "dmarc_policy_none", 2);
	/* sp does not apply to the domain's own record */
	dmarc_case("v=DMARC1; p=none; sp=reject");
	EXPECT(chk_mail_auth_dmarc_policy, CHK_FAILED, "dmarc_policy_none", 2);
	txt(&F.dmarc.at_domain, "_dmarc.mail.test", NULL);
	EXPECT(chk_mail_auth_dmarc_policy, CHK_FAILED, "dmarc_missing", 0);
	txt_fail(&F.dmarc.at_domain, "_dmarc.mail.test");
	EXPECT(chk_mail_auth_dmarc_policy, CHK_ERROR, "servfail", 0);

	/* external report destinations (RFC 7489 §7.1) */
	dmarc_case("v=DMARC1; p=reject; rua=mailto:a@mail.test,mailto:r@rep.test; "
	    "ruf=mailto:f@rep.test");
	memset(auths, 0, sizeof(auths));
	auths[0].host = "rep.test";
	txt(&auths[0].txt, "mail.test._report._dmarc.rep.test", NULL);
	F.dmarc.auth = auths;
	F.dmarc.n_auth = 1;
	EXPECT(chk_mail_auth_dmarc_policy, CHK_WARNING, "dmarc_external_unauthorised", 10);
	CHECK(detail_has("rep.test"));
	CHECK(detail_has("2 external report destinations"));
	CHECK(ev_has("\"authorised\":false"));
	txt(&auths[0].txt, "mail.test._report._dmarc.rep.test", other);
	EXPECT(chk_mail_auth_dmarc_policy, CHK_WARNING, "dmarc_external_unauthorised", 10);
	txt(&auths[0].txt, "mail.test._report._dmarc.rep.test", granted);
	EXPECT(chk_mail_auth_dmarc_policy, CHK_PASSED, "dmarc_policy_good", 10);
	CHECK(ev_has("\"authorised\":true"));
	txt_fail(&auths[0].txt, "mail.test._report._dmarc.rep.test");
	EXPECT(chk_mail_auth_dmarc_policy, CHK_WARNING, "dmarc_external_unverified", 10);
	CHECK(detail_has("SERVFAIL"));
	/* a weak policy outranks the report warning */
	dmarc_case("v=DMARC1; p=none; rua=mailto:r@rep.test");
	EXPECT(chk_mail_auth_dmarc_policy, CHK_FAILED, "dmarc_policy_none", 2);
	F.dmarc.n_auth = 0;

	/* a subdomain under the organizational domain's record: sp, else p */
	F.domain = "sub.mail.test";
	txt(&F.dmarc.at_domain, "_dmarc.sub.mail.test", NULL);
	F.dmarc.org = "mail.test";
	org[0] = "v=DMARC1; p=reject; sp=none";
	txt(&F.dmarc.at_org, "_dmarc.mail.test", org);
	EXPECT(chk_mail_auth_dmarc_policy, CHK_FAILED, "dmarc_policy_none", 2);
	CHECK(detail_has("sp"));
	org[0] = "v=DMARC1; p=none; sp=quarantine";
	EXPECT(chk_mail_auth_dmarc_policy, CHK_PASSED, "dmarc_policy_good", 10);
	CHECK(ev_has("\"effective_policy\":\"quarantine\""));
	org[0] = "v=DMARC1; p=reject; np=none";
	EXPECT(chk_mail_auth_dmarc_policy, CHK_PASSED, "dmarc_policy_good", 10);
	org[0] = "v=DMARC1; p=none";
	EXPECT(chk_mail_auth_dmarc_policy, CHK_FAILED, "dmarc_policy_none", 2);
}

/* ---- DKIM ---------------------------------------------------------------- */

static void
non_sending(int dmarc_reject, const char *spf)
{
	static const char *s[2];

	dmarc_case(dmarc_reject ? "v=DMARC1; p=reject" : "v=DMARC1; p=quarantine");
	s[0] = spf;
	txt(&F.spf_txt, "mail.test", s);
}

static char rec_buf[6][700];
static const char *sel_txt[6][3];
static struct fx_dkim_sel sels[6];

static void
sel(size_t i, const char *name, const char *rec, int nx)
{
	sels[i].selector = name;
	if (rec != NULL) {
		snprintf(rec_buf[i], sizeof(rec_buf[i]), "%s", rec);
		sel_txt[i][0] = rec_buf[i];
	}
	txt(&sels[i].txt, NULL, nx ? NULL : sel_txt[i]);
	if (!nx && rec == NULL)
		sels[i].txt.n = 0;
	F.dkim.sel = sels;
	F.dkim.n_sel = i + 1;
}

static void
test_non_sending(void)
{
	base();
	non_sending(1, "v=spf1 -all");
	CHECK(chk_mail_non_sending(&F) == 1);
	non_sending(1, "v=spf1 exp=explain.mail.test -all");
	CHECK(chk_mail_non_sending(&F) == 1);
	non_sending(1, "v=spf1 a -all");
	CHECK(chk_mail_non_sending(&F) == 0);
	non_sending(1, "v=spf1 ~all");
	CHECK(chk_mail_non_sending(&F) == 0);
	non_sending(1, "v=spf1 redirect=reject.test");
	CHECK(chk_mail_non_sending(&F) == 0);
	non_sending(0, "v=spf1 -all");
	CHECK(chk_mail_non_sending(&F) == 0);
	CHECK(chk_spf_is_reject_all("v=spf1 -all") == 1);
	CHECK(chk_spf_is_reject_all("v=spf1 -all a") == 1);
	CHECK(chk_spf_is_reject_all("v=spf1 ip4:127.0.2.1 -all") == 0);
	CHECK(chk_spf_is_reject_all("v=spf1 -all foo") == 0);
	CHECK(chk_spf_is_reject_all(NULL) == 0);
}

static void
test_dkim(void)
{
	char rec[700];

	base();
	EXPECT(chk_mail_auth_dkim_exist, CHK_PASSED, "dkim_keys_exist", 10);
	F.dkim.domainkey_lk = lk_rcode(3);
	EXPECT(chk_mail_auth_dkim_exist, CHK_FAILED, "dkim_none", 0);
	CHECK(detail_has("NXDOMAIN"));
	F.dkim.domainkey_lk = lk_servfail();
	EXPECT(chk_mail_auth_dkim_exist, CHK_ERROR, "servfail", 0);
	F.dkim.domainkey_lk.done = 0;
	EXPECT(chk_mail_auth_dkim_exist, CHK_ERROR, "not_asked", 0);
	CHECK(detail_has("_domainkey.mail.test"));

	/* non-sending domains are exempt */
	F.dkim.domainkey_lk = lk_rcode(3);
	non_sending(1, "v=spf1 -all");
	EXPECT(chk_mail_auth_dkim_exist, CHK_NOT_TESTED, "non_sending_exempt", 10);
	CHECK(ev_has("\"non_sending\":true"));
	F.dkim.domainkey_lk = lk_servfail();
	EXPECT(chk_mail_auth_dkim_exist, CHK_NOT_TESTED, "non_sending_exempt", 10);
	F.dkim.domainkey_lk = lk_rcode(0);
	EXPECT(chk_mail_auth_dkim_exist, CHK_PASSED, "dkim_keys_exist", 10);
	F.dkim.domainkey_lk = lk_rcode(3);
	non_sending(1, "v=spf1 ip4:127.0.2.1 -all");
	EXPECT(chk_mail_auth_dkim_exist, CHK_FAILED, "dkim_none", 0);
	non_sending(0, "v=spf1 -all");
	EXPECT(chk_mail_auth_dkim_exist, CHK_FAILED, "dkim_none", 0);
	non_sending(1, "v=spf1 ~all");
	EXPECT(chk_mail_auth_dkim_exist, CHK_FAILED, "dkim_none", 0);

	/* keys at the selectors given */
	base();
	snprintf(rec, sizeof(rec), "v=DKIM1; k=rsa; p=%s", key2048);
	sel(0, "s2048", rec, 0);
	EXPECT(chk_mail_auth_dkim_exist, CHK_PASSED, "dkim_keys_good", 10);
	CHECK(ev_has("\"bits\":2048"));
	CHECK(ev_has("\"selector\":\"s2048\""));
	sel(1, "ed", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", 0);
	EXPECT(chk_mail_auth_dkim_exist, CHK_PASSED, "dkim_keys_good", 10);
	CHECK(detail_has("2 good DKIM keys"));
	sel(2, "old", "v=DKIM1; p=", 0);
	EXPECT(chk_mail_auth_dkim_exist, CHK_PASSED, "dkim_keys_good", 10);
	CHECK(ev_has("\"revoked\":1"));
	CHECK(detail_has("1 revoked"));
	snprintf(rec, sizeof(rec), "v=DKIM1; p=%s", key1024);
	sel(3, "s1024", rec, 0);
	EXPECT(chk_mail_auth_dkim_exist, CHK_WARNING, "dkim_key_weak", 10);
	CHECK(detail_has("s1024"));
	sel(4, "gone", NULL, 1);
	EXPECT(chk_mail_auth_dkim_exist, CHK_WARNING, "dkim_selector_missing", 10);
	CHECK(detail_has("gone"));
	snprintf(rec, sizeof(rec), "v=DKIM1; p=%s", key512);
	sel(5, "s512", rec, 0);
	EXPECT(chk_mail_auth_dkim_exist, CHK_FAILED, "dkim_key_bad", 0);
	CHECK(detail_has("s512"));
	sel(5, "broken", "v=DKIM1; k=rsa", 0);
	EXPECT(chk_mail_auth_dkim_exist, CHK_FAILED, "dkim_key_bad", 0);
	CHECK(detail_has("malformed"));
	txt_fail(&sels[5].txt, "broken._domainkey.mail.test");
	EXPECT(chk_mail_auth_dkim_exist, CHK_ERROR, "servfail", 0);
	CHECK(detail_has("broken._domainkey.mail.test"));

	/* only missing or revoked keys at the selectors */
	base();
	sel(0, "gone", NULL, 1);
	EXPECT(chk_mail_auth_dkim_exist, CHK_WARNING, "dkim_selector_missing", 10);
	sel(1, "empty", NULL, 0);                 /* NODATA */
	sel(2, "old", "v=DKIM1; p=", 0);
	EXPECT(chk_mail_auth_dkim_exist, CHK_WARNING, "dkim_selector_missing", 10);
	CHECK(detail_has("2 missing, 1 revoked"));
	F.dkim.domainkey_lk = lk_rcode(3);
	EXPECT(chk_mail_auth_dkim_exist, CHK_FAILED, "dkim_none", 0);
	non_sending(1, "v=spf1 -all");
	EXPECT(chk_mail_auth_dkim_exist, CHK_NOT_TESTED, "non_sending_exempt", 10);
	/* a key where the node answered NXDOMAIN: the key counts */
	base();
	F.dkim.domainkey_lk = lk_rcode(3);
	snprintf(rec, sizeof(rec), "v=DKIM1; p=%s", key2048);
	sel(0, "s2048", rec, 0);
	EXPECT(chk_mail_auth_dkim_exist, CHK_PASSED, "dkim_keys_good", 10);
	CHECK(ev_has("domainkey_nxdomain_inconsistent"));
}

/* ---- MTA-STS ------------------------------------------------------------- */

static struct http_result pol;
static struct http_header hdr[1];
static char ct_name[] = "content-type", ct_value[64], body[1024];
static struct net_addr sts_addr;

static void
policy(long status, const char *ctype, const char *text)
{
	memset(&pol, 0, sizeof(pol));
	pol.outcome = HTTP_FETCH_OK;
	pol.status = status;
	hdr[0].name = ct_name;
	snprintf(ct_value, sizeof(ct_value), "%s", ctype ? ctype : "");
	hdr[0].value = ct_value;
	pol.headers = hdr;
	pol.n_headers = ctype ? 1 : 0;
	snprintf(body, sizeof(body), "%s", text);
	pol.body = (uint8_t *)body;
	pol.body_len = strlen(body);
	F.mtasts.policy = &pol;
}

static void
sts_base(void)
{
	static const char *rec[] = { "v=STSv1; id=20240101T000000", NULL };

	base();
	txt(&F.mtasts.txt, "_mta-sts.mail.test", rec);
	F.mtasts.host.name = "mta-sts.mail.test";
	F.mtasts.host.a_lk = lk_rcode(0);
	F.mtasts.host.aaaa_lk = lk_rcode(0);
	F.mtasts.host.v4 = &sts_addr;
	F.mtasts.host.n_v4 = 1;
	F.mtasts.url = "https://mta-sts.mail.test/.well-known/mta-sts.txt";
	policy(200, "text/plain", "version: STSv1\nmode: enforce\n"
	    "mx: mx1.mail.test\nmx: *.backup.test\nmax_age: 604800\n");
}

static void
test_mtasts(void)
{
	static const char *two[] = { "v=STSv1; id=a1", "v=STSv1; id=b2", NULL };
	static const char *noid[] = { "v=STSv1;", NULL };
	static const char *other[] = { "v=spf1 -all", NULL };

	CHECK(net_addr_parse(&sts_addr, "127.0.2.80") == 0);
	sts_base();
	EXPECT(chk_mail_starttls_mtasts, CHK_PASSED, "mtasts_enforce", 0);
	CHECK(ev_has("\"id\":\"20240101T000000\""));
	CHECK(ev_has("\"mode\":\"enforce\""));
	CHECK(ev_has("\"max_age\":604800"));
	CHECK(ev_has("\"mx_patterns\":[\"mx1.mail.test\",\"*.backup.test\"]"));
	CHECK(ev_has("\"uncovered_mx\":[]"));
	F.n_mx = 2;                                  /* a wildcard covers mx2 */
	EXPECT(chk_mail_starttls_mtasts, CHK_PASSED, "mtasts_enforce", 0);
	policy(200, "Text/Plain; charset=utf-8", "version: STSv1\nmode: enforce\n"
	    "mx: mx1.mail.test\nmax_age: 86400\n");
	EXPECT(chk_mail_starttls_mtasts, CHK_WARNING, "mtasts_mx_not_covered", 0);
	CHECK(ev_has("\"uncovered_mx\":[\"mx2.backup.test\"]"));
	CHECK(detail_has("mx2.backup.test"));
	policy(200, "text/plain", "version: STSv1\nmode: testing\n"
	    "mx: *.mail.test\nmx: mx2.backup.test\nmax_age: 86400\n");
	EXPECT(chk_mail_starttls_mtasts, CHK_INFO, "mtasts_testing", 0);
	policy(200, "text/plain", "version: STSv1\nmode: none\nmax_age: 86400\n");
	EXPECT(chk_mail_starttls_mtasts, CHK_INFO, "mtasts_mode_none", 0);
	policy(200, "text/plain", "version: STSv1\nmode: enforce\nmax_age: 86400\n");
	EXPECT(chk_mail_starttls_mtasts, CHK_WARNING, "mtasts_policy_syntax", 0);
	policy(200, "text/html", "version: STSv1\nmode: enforce\nmx: *.mail.test\n"
	    "max_age: 86400\n");
	EXPECT(chk_mail_starttls_mtasts, CHK_WARNING, "mtasts_policy_content_type", 0);
	policy(200, NULL, "version: STSv1\n");
	EXPECT(chk_mail_starttls_mtasts, CHK_WARNING, "mtasts_policy_content_type", 0);
	policy(301, "text/plain", "");
	pol.location = "https://elsewhere.test/mta-sts.txt";
	EXPECT(chk_mail_starttls_mtasts, CHK_WARNING, "mtasts_policy_redirect", 0);
	CHECK(detail_has("elsewhere.test"));
	policy(404, "text/plain", "");
	EXPECT(chk_mail_starttls_mtasts, CHK_WARNING, "mtasts_policy_http_status", 0);
	policy(200, "text/plain", "version: STSv1\n");
	pol.body_truncated = 1;
	EXPECT(chk_mail_starttls_mtasts, CHK_WARNING, "mtasts_policy_too_big", 0);
	policy(0, NULL, "");
	pol.outcome = HTTP_FETCH_TLS_VERIFY;
	snprintf(pol.detail, sizeof(pol.detail), "certificate has expired");
	EXPECT(chk_mail_starttls_mtasts, CHK_WARNING, "mtasts_policy_cert", 0);
	CHECK(detail_has("expired"));
	pol.outcome = HTTP_FETCH_REFUSED;
	pol.detail[0] = '\0';
	EXPECT(chk_mail_starttls_mtasts, CHK_WARNING, "mtasts_policy_fetch", 0);
	pol.outcome = HTTP_FETCH_TIMEOUT;
	snprintf(pol.detail, sizeof(pol.detail), "no response within 10000 ms");
	EXPECT(chk_mail_starttls_mtasts, CHK_ERROR, "timeout", 0);

	/* the policy host */
	F.mtasts.policy = NULL;
	EXPECT(chk_mail_starttls_mtasts, CHK_ERROR, "mtasts_not_fetched", 0);
	F.mtasts.host.n_v4 = 0;
	EXPECT(chk_mail_starttls_mtasts, CHK_WARNING, "mtasts_policy_host_missing", 0);
	F.mtasts.host.aaaa_lk = lk_servfail();
	EXPECT(chk_mail_starttls_mtasts, CHK_ERROR, "servfail", 0);

	/* the TXT record */
	sts_base();
	txt(&F.mtasts.txt, "_mta-sts.mail.test", NULL);
	EXPECT(chk_mail_starttls_mtasts, CHK_INFO, "mtasts_missing", 0);
	txt(&F.mtasts.txt, "_mta-sts.mail.test", other);
	EXPECT(chk_mail_starttls_mtasts, CHK_INFO, "mtasts_missing", 0);
	txt(&F.mtasts.txt, "_mta-sts.mail.test", two);
	EXPECT(chk_mail_starttls_mtasts, CHK_WARNING, "mtasts_txt_multiple", 0);
	txt(&F.mtasts.txt, "_mta-sts.mail.test", noid);
	EXPECT(chk_mail_starttls_mtasts, CHK_WARNING, "mtasts_txt_syntax", 0);
	txt_fail(&F.mtasts.txt, "_mta-sts.mail.test");
	EXPECT(chk_mail_starttls_mtasts, CHK_ERROR, "servfail", 0);

	/* no MX to protect */
	sts_base();
	F.mx_state = FX_MX_NONE;
	F.n_mx = 0;
	EXPECT(chk_mail_starttls_mtasts, CHK_NOT_TESTED, "no_mx", 0);
	F.mx_state = FX_MX_NULL;
	EXPECT(chk_mail_starttls_mtasts, CHK_NOT_TESTED, "null_mx", 0);
	F.mx_state = FX_MX_UNKNOWN;
	F.mx_lk = lk_servfail();
	EXPECT(chk_mail_starttls_mtasts, CHK_ERROR, "servfail", 0);
	CHECK(chk_mail_starttls_mtasts.level == CHK_RECOMMENDED);
	CHECK(chk_mail_starttls_mtasts.max_points == 0);
}

/* ---- TLS-RPT ------------------------------------------------------------- */

static void
test_tlsrpt(void)
{
	static const char *good[] = { "v=TLSRPTv1; rua=mailto:tls@mail.test,"
	    "https://rep.test/tlsrpt", NULL };
	static const char *bad[] = { "v=TLSRPTv1; rua=ftp://x.test", NULL };
	static const char *norua[] = { "v=TLSRPTv1;", NULL };
	static const char *two[] = { "v=TLSRPTv1; rua=mailto:a@mail.test",
	    "v=TLSRPTv1; rua=mailto:b@mail.test", NULL };

	base();
	EXPECT(chk_mail_starttls_tlsrpt, CHK_INFO, "tlsrpt_missing", 0);
	txt(&F.tlsrpt, "_smtp._tls.mail.test", good);
	EXPECT(chk_mail_starttls_tlsrpt, CHK_PASSED, "tlsrpt_found", 0);
	CHECK(ev_has("\"scheme\":\"https\""));
	CHECK(detail_has("2 destinations"));
	txt(&F.tlsrpt, "_smtp._tls.mail.test", bad);
	EXPECT(chk_mail_starttls_tlsrpt, CHK_WARNING, "tlsrpt_syntax", 0);
	txt(&F.tlsrpt, "_smtp._tls.mail.test", norua);
	EXPECT(chk_mail_starttls_tlsrpt, CHK_WARNING, "tlsrpt_syntax", 0);
	txt(&F.tlsrpt, "_smtp._tls.mail.test", two);
	EXPECT(chk_mail_starttls_tlsrpt, CHK_WARNING, "tlsrpt_multiple", 0);
	txt_fail(&F.tlsrpt, "_smtp._tls.mail.test");
	EXPECT(chk_mail_starttls_tlsrpt, CHK_ERROR, "servfail", 0);
	F.mx_state = FX_MX_NULL;
	F.n_mx = 0;
	EXPECT(chk_mail_starttls_tlsrpt, CHK_NOT_TESTED, "null_mx", 0);
	CHECK(chk_mail_starttls_tlsrpt.level == CHK_RECOMMENDED);
}

/* ---- reverse DNS of the MX addresses --------------------------------------- */

static struct fx_mail_ep meps[3];

static void
mep(size_t i, const char *addr, const char *ptr, int fcrdns)
{
	memset(&meps[i], 0, sizeof(meps[i]));
	meps[i].mx = &mxs[0];
	CHECK(net_addr_parse(&meps[i].tls.addr, addr) == 0);
	meps[i].ptr_lk = lk_rcode(ptr ? 0 : 3);
	meps[i].ptr_name = ptr;
	meps[i].fcrdns = fcrdns;
	F.meps = meps;
	F.n_meps = F.n_meps_total = i + 1;
}

static void
test_ptr(void)
{
	base();
	mep(0, "127.0.2.25", "mx1.mail.test", 1);
	mep(1, "2001:db8::25", "mx1.mail.test", 1);
	EXPECT(chk_mail_ptr_fcrdns, CHK_PASSED, "fcrdns_good", 0);
	CHECK(ev_has("\"ptr\":\"mx1.mail.test\""));
	mep(1, "2001:db8::25", "other.test", 0);
	EXPECT(chk_mail_ptr_fcrdns, CHK_INFO, "ptr_not_confirmed", 0);
	CHECK(detail_has("2001:db8::25 -> other.test"));
	mep(2, "127.0.2.26", NULL, 0);
	EXPECT(chk_mail_ptr_fcrdns, CHK_INFO, "ptr_missing", 0);
	CHECK(detail_has("127.0.2.26"));
	CHECK(R.max_points == 0);

	base();
	mep(0, "127.0.2.25", "mx1.mail.test", 1);
	mep(1, "127.0.2.26", NULL, -1);
	meps[1].ptr_lk = lk_servfail();
	EXPECT(chk_mail_ptr_fcrdns, CHK_ERROR, "servfail", 0);
	CHECK(detail_has("127.0.2.26"));
	mep(1, "127.0.2.26", "mx1.mail.test", -1);
	EXPECT(chk_mail_ptr_fcrdns, CHK_ERROR, "forward_lookup_failed", 0);
	/* something missing outranks an unknown */
	mep(2, "127.0.2.27", NULL, 0);
	EXPECT(chk_mail_ptr_fcrdns, CHK_INFO, "ptr_missing", 0);

	base();
	F.n_meps = 0;
	EXPECT(chk_mail_ptr_fcrdns, CHK_NOT_TESTED, "no_mx_address", 0);
	F.mx_state = FX_MX_NONE;
	F.n_mx = 0;
	EXPECT(chk_mail_ptr_fcrdns, CHK_NOT_TESTED, "no_mx", 0);
	CHECK(chk_mail_ptr_fcrdns.level == CHK_OPTIONAL);
}

/* ---- the defs ------------------------------------------------------------ */

static void
test_defs(void)
{
	const struct chk_def *req[] = { &chk_mail_auth_dmarc_exist,
	    &chk_mail_auth_dmarc_policy, &chk_mail_auth_dkim_exist,
	    &chk_mail_auth_spf_exist, &chk_mail_auth_spf_policy };
	size_t i;

	for (i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		CHECK_STR(req[i]->category, "mail_auth");
		CHECK(req[i]->level == CHK_REQUIRED && req[i]->max_points == 10);
		CHECK(req[i]->kind == FX_MAIL);
		CHECK(strncmp(req[i]->name, "mail_auth_", 10) == 0);
	}
	CHECK_STR(chk_mail_starttls_mtasts.category, "mail_starttls");
	CHECK_STR(chk_mail_starttls_tlsrpt.category, "mail_starttls");
	CHECK_STR(chk_mail_ptr_fcrdns.category, "mail_starttls");
}

int
main(void)
{
	test_defs();
	test_spf_exist();
	test_spf_policy();
	test_dmarc_exist();
	test_dmarc_policy();
	test_non_sending();
	test_dkim();
	test_mtasts();
	test_tlsrpt();
	test_ptr();
	spf_walk_free(walk);
	json_decref(R.evidence);
	return unit_done("test_mailchecks");
}
