/*
 * Mail policy records: DMARC (RFC 7489 and DMARCbis tags), Organizational
 * Domains (RFC 7489 §3.2 over the PSL), DKIM keys (RFC 6376 §3.6.1, RFC
 * 8463, RFC 8301), MTA-STS (RFC 8461) and TLS-RPT (RFC 8460). The
 * records are the RFCs' own examples where they give one.
 */
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <stdlib.h>

#include "mail/dkim.h"
#include "mail/dmarc.h"
#include "mail/mtasts.h"
#include "mail/orgdom.h"
#include "mail/tlsrpt.h"
#include "unit.h"

static char why[256];
static struct dmarc_record dm;
static struct dkim_key dk;
static struct mtasts_txt st;
static struct mtasts_policy sp;
static struct tlsrpt_record tr;

static int
dmarc(const char *txt)
{
	return dmarc_parse(txt, strlen(txt), &dm, why, sizeof(why));
}

/* The reason for refusing txt, or "accepted". */
static const char *
dmarc_why(const char *txt)
{
	return dmarc(txt) == 0 ? "accepted" : why;
}

static int
dkim(const char *txt)
{
	return dkim_key_parse(txt, strlen(txt), &dk, why, sizeof(why));
}

static const char *
dkim_why(const char *txt)
{
	return dkim(txt) == 0 ? "accepted" : why;
}

static int
sts(const char *txt)
{
	return mtasts_txt_parse(txt, strlen(txt), &st, why, sizeof(why));
}

static const char *
sts_why(const char *txt)
{
	return sts(txt) == 0 ? "accepted" : why;
}

static int
pol(const char *body)
{
	return mtasts_policy_parse(body, strlen(body), &sp, why, sizeof(why));
}

static const char *
pol_why(const char *body)
{
	return pol(body) == 0 ? "accepted" : why;
}

static int
rpt(const char *txt)
{
	return tlsrpt_parse(txt, strlen(txt), &tr, why, sizeof(why));
}

static const char *
rpt_why(const char *txt)
{
	return rpt(txt) == 0 ? "accepted" : why;
}

static int
is1(const char *txt)
{
	return dmarc_is_dmarc1(txt, strlen(txt));
}

static void
test_orgdom(void)
{
	char out[ORGDOM_NAME_MAX + 1], tiny[4], long_label[80], long_name[300];

	/* Unknown TLDs fall under the PSL's implicit "*" rule. */
	CHECK(orgdom_lookup("a.b.example.test", out, sizeof(out)) == ORGDOM_OK);
	CHECK_STR(out, "example.test");
	CHECK(orgdom_lookup("example.test", out, sizeof(out)) == ORGDOM_OK);
	CHECK_STR(out, "example.test");
	CHECK(orgdom_lookup("x.y.example.zz-not-a-tld", out, sizeof(out)) ==
	    ORGDOM_OK);
	CHECK_STR(out, "example.zz-not-a-tld");
	CHECK(orgdom_lookup("test", out, sizeof(out)) == ORGDOM_PUBLIC_SUFFIX);
	CHECK_STR(out, "test");
	/* Listed suffixes, case and the trailing dot. */
	CHECK(orgdom_lookup("www.example.co.uk", out, sizeof(out)) == ORGDOM_OK);
	CHECK_STR(out, "example.co.uk");
	CHECK(orgdom_lookup("co.uk", out, sizeof(out)) == ORGDOM_PUBLIC_SUFFIX);
	CHECK(orgdom_lookup("WWW.Example.COM.", out, sizeof(out)) == ORGDOM_OK);
	CHECK_STR(out, "example.com");
	CHECK(orgdom_lookup("mail.example.com", out, sizeof(out)) == ORGDOM_OK);
	CHECK_STR(out, "example.com");
	/* Bad names and a small buffer. */
	CHECK(orgdom_lookup("", out, sizeof(out)) == ORGDOM_BAD_NAME);
	CHECK_STR(out, "");
	CHECK(orgdom_lookup(".", out, sizeof(out)) == ORGDOM_BAD_NAME);
	CHECK(orgdom_lookup("a..example.com", out, sizeof(out)) == ORGDOM_BAD_NAME);
	CHECK(orgdom_lookup(".example.com", out, sizeof(out)) == ORGDOM_BAD_NAME);
	CHECK(orgdom_lookup("a b.example.com", out, sizeof(out)) == ORGDOM_BAD_NAME);
	CHECK(orgdom_lookup(NULL, out, sizeof(out)) == ORGDOM_BAD_NAME);
	memset(long_label, 'a', 64);
	snprintf(long_label + 64, sizeof(long_label) - 64, ".com");
	CHECK(orgdom_lookup(long_label, out, sizeof(out)) == ORGDOM_BAD_NAME);
	long_label[1] = '.';    /* 62-byte label: fine */
	CHECK(orgdom_lookup(long_label, out, sizeof(out)) == ORGDOM_OK);
	memset(long_name, 0, sizeof(long_name));
	for (size_t i = 0; i < 254; i++)
		long_name[i] = i % 2 ? '.' : 'a';
	long_name[253] = 'a';   /* 254 bytes: one too many */
	CHECK(orgdom_lookup(long_name, out, sizeof(out)) == ORGDOM_BAD_NAME);
	long_name[253] = '\0';  /* 253 bytes */
	CHECK(orgdom_lookup(long_name, out, sizeof(out)) == ORGDOM_OK);
	CHECK_STR(out, "a.a");
	CHECK(orgdom_lookup("example.com", tiny, sizeof(tiny)) == ORGDOM_TOO_SMALL);
	CHECK(orgdom_same("mail.example.com", "example.com") == 1);
	CHECK(orgdom_same("a.example.co.uk", "b.example.co.uk") == 1);
	CHECK(orgdom_same("example.co.uk", "other.co.uk") == 0);
	CHECK(orgdom_same("example.com", "example.net") == 0);
	CHECK(orgdom_same("", "example.net") == -1);
	CHECK(strcmp(orgdom_strerror(ORGDOM_PUBLIC_SUFFIX), "ok") != 0);
	/* Freed, then loaded again on the next lookup. */
	orgdom_free();
	CHECK(orgdom_lookup("a.b.example.test", out, sizeof(out)) == ORGDOM_OK);
	CHECK_STR(out, "example.test");
}

static void
test_dmarc_examples(void)
{
	char name[300];

	/* RFC 7489 B.2.1 */
	CHECK(dmarc("v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com") == 0);
	CHECK(dm.p == DMARC_POLICY_NONE);
	CHECK(dm.sp == DMARC_POLICY_ABSENT);
	CHECK(dm.n_rua == 1 && dm.n_ruf == 0);
	CHECK_STR(dm.rua[0].uri, "mailto:dmarc-feedback@example.com");
	CHECK_STR(dm.rua[0].addr, "dmarc-feedback@example.com");
	CHECK_STR(dm.rua[0].host, "example.com");
	CHECK(!dm.rua[0].has_limit);
	/* defaults of §6.3 */
	CHECK(dm.pct == 100 && dm.ri == 86400);
	CHECK(dm.adkim == 'r' && dm.aspf == 'r');
	CHECK(dm.fo == DMARC_FO_0 && dm.rf == DMARC_RF_AFRF);
	CHECK(dm.notes == 0);
	CHECK(dm.seen == (DMARC_TAG_V | DMARC_TAG_P | DMARC_TAG_RUA));

	/* RFC 7489 B.2.3: failure reports to a third party */
	CHECK(dmarc("v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com; "
	    "ruf=mailto:auth-reports@thirdparty.example.net") == 0);
	CHECK(dm.p == DMARC_POLICY_QUARANTINE);
	CHECK(dm.n_ruf == 1);
	CHECK_STR(dm.ruf[0].host, "thirdparty.example.net");
	CHECK(dmarc_is_external("example.com", dm.ruf[0].host) == 1);
	CHECK(dmarc_is_external("example.com", dm.rua[0].host) == 0);
	CHECK(dmarc_report_auth_name("example.com", dm.ruf[0].host, name,
	    sizeof(name)) == 0);
	CHECK_STR(name, "example.com._report._dmarc.thirdparty.example.net");
	/* ... and the record thirdparty.example.net publishes there (§7.1) */
	CHECK(dmarc_is_auth_record("v=DMARC1", 8));
	CHECK(dmarc_is_auth_record("v=DMARC1;", 9));
	CHECK(!dmarc_is_auth_record("v=DMARC2", 8));
	CHECK(!dmarc_is_auth_record("", 0));

	/* RFC 7489 B.2.4: sampling, two aggregate URIs, a size limit */
	CHECK(dmarc("v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com,"
	    "mailto:tld-test@thirdparty.example.net!10m; pct=25") == 0);
	CHECK(dm.pct == 25);
	CHECK(dm.n_rua == 2);
	CHECK_STR(dm.rua[1].uri, "mailto:tld-test@thirdparty.example.net!10m");
	CHECK_STR(dm.rua[1].addr, "tld-test@thirdparty.example.net");
	CHECK(dm.rua[1].has_limit && dm.rua[1].limit_bytes == 10u * 1024 * 1024);

	/* RFC 7489 B.2.1's per-message reporting variant */
	CHECK(dmarc("v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com; "
	    "ruf=mailto:auth-reports@example.com") == 0);
	CHECK(dm.n_ruf == 1);
}

static void
test_dmarc_tags(void)
{
	char many[2000], uri[400];
	size_t i, n;

	/* every tag, DMARCbis ones too */
	CHECK(dmarc("v=DMARC1; p=reject; sp=quarantine; np=reject; psd=n; t=y; "
	    "adkim=s; aspf=s; pct=0; fo=0:1:d:s; rf=afrf; ri=3600; "
	    "rua=mailto:a@example.com; ruf=mailto:b@example.com") == 0);
	CHECK(dm.p == DMARC_POLICY_REJECT && dm.sp == DMARC_POLICY_QUARANTINE);
	CHECK(dm.np == DMARC_POLICY_REJECT);
	CHECK(dm.psd == DMARC_YN_N && dm.t == DMARC_YN_Y);
	CHECK(dm.adkim == 's' && dm.aspf == 's');
	CHECK(dm.pct == 0 && dm.ri == 3600);
	CHECK(dm.fo == (DMARC_FO_0 | DMARC_FO_1 | DMARC_FO_D | DMARC_FO_S));
	CHECK(dm.notes == 0);
	CHECK(dmarc("v=DMARC1; p=none; psd=u; t=n") == 0);
	CHECK(dm.psd == DMARC_YN_U && dm.t == DMARC_YN_N);
	CHECK(dmarc("v=DMARC1; p=none; psd=y") == 0 && dm.psd == DMARC_YN_Y);
	CHECK(dmarc("v=DMARC1; p=none; fo=1 : d") == 0);
	CHECK(dm.fo == (DMARC_FO_1 | DMARC_FO_D));
	CHECK(dmarc("v=DMARC1; p=none; rf=afrf:iodef") == 0);
	CHECK(dm.rf == (DMARC_RF_AFRF | DMARC_RF_IODEF));
	CHECK(dmarc("v=DMARC1; p=none; rf=xml") == 0 && dm.rf == DMARC_RF_OTHER);
	CHECK(dmarc("v=DMARC1; p=none; ri=0") == 0 && dm.ri == 0);
	CHECK(dmarc("v=DMARC1; p=none; ri=4294967295") == 0 &&
	    dm.ri == 4294967295u);
	CHECK(dmarc("v=DMARC1; p=none; pct=100") == 0 && dm.pct == 100);
	CHECK(dmarc("v=DMARC1; p=none; pct=007") == 0 && dm.pct == 7);

	/* "DMARC1" is case-sensitive; tag names and keywords are not */
	CHECK(dmarc("V=DMARC1; P=Reject; ADKIM=S; Sp=NONE") == 0);
	CHECK(dm.p == DMARC_POLICY_REJECT && dm.adkim == 's');
	CHECK(dm.sp == DMARC_POLICY_NONE);
	CHECK_STR(dmarc_why("v=dmarc1; p=none"),
	    "v: 'dmarc1' is not DMARC1 (the version is case-sensitive)");
	CHECK_STR(dmarc_why("v=DMARC2; p=none"), "v: 'DMARC2' is not DMARC1");

	/* whitespace and separators */
	CHECK(dmarc("v = DMARC1 ; p = none ;") == 0 && dm.p == DMARC_POLICY_NONE);
	CHECK(dmarc("v=DMARC1;p=none") == 0);
	CHECK(dmarc("v=DMARC1;\tp=none;  ") == 0);
	CHECK(dmarc("v=DMARC1") == 0 && dm.p == DMARC_POLICY_ABSENT);
	CHECK(dmarc("v=DMARC1;") == 0);
	CHECK(dmarc("v=DMARC1;; p=none") == 0);
	CHECK(dm.notes == DMARC_NOTE_EMPTY_TAG);
	CHECK(dmarc("v=DMARC1; p=none; rua=mailto:a@example.com , "
	    "mailto:b@example.org") == 0);
	CHECK(dm.n_rua == 2);
	CHECK_STR(dm.rua[1].host, "example.org");
	CHECK_STR(dmarc_why("v=DMARC1 p=none"),
	    "v: 'DMARC1 p=none' is not DMARC1 (a ';' missing?)");

	/* p missing is represented, not refused (§6.6.3 is the check's) */
	CHECK(dmarc("v=DMARC1; rua=mailto:a@example.com") == 0);
	CHECK(dm.p == DMARC_POLICY_ABSENT && !(dm.seen & DMARC_TAG_P));
	/* p after another tag: valid, noted */
	CHECK(dmarc("v=DMARC1; rua=mailto:a@example.com; p=none") == 0);
	CHECK(dm.notes == DMARC_NOTE_P_NOT_SECOND);
	/* unknown tags ignored, noted */
	CHECK(dmarc("v=DMARC1; p=none; foo=bar; baz=1") == 0);
	CHECK(dm.notes == DMARC_NOTE_UNKNOWN_TAG);
	CHECK_STR(dm.unknown, "foo");

	/* the input is len bytes, not a C string */
	CHECK(dmarc_parse("v=DMARC1; p=nonesense", 16, &dm, why, sizeof(why)) == 0);
	CHECK(dm.p == DMARC_POLICY_NONE);
	CHECK(dmarc_parse("v=DMARC1; p=none\0x", 18, &dm, why, sizeof(why)) == -1);
	CHECK_STR(why, "tag 'p': byte 0x00 at offset 16 is not allowed in a value");

	/* rua and ruf URIs */
	CHECK(dmarc("v=DMARC1; p=none; rua=MAILTO:Reports@Example.COM") == 0);
	CHECK_STR(dm.rua[0].host, "example.com");
	CHECK_STR(dm.rua[0].addr, "Reports@Example.COM");
	CHECK(dmarc("v=DMARC1; p=none; rua=mailto:a@example.com?subject=dmarc") == 0);
	CHECK_STR(dm.rua[0].addr, "a@example.com");
	CHECK(dmarc("v=DMARC1; p=none; rua=mailto:a@example.com!0") == 0);
	CHECK(dm.rua[0].has_limit && dm.rua[0].limit_bytes == 0);
	CHECK(dmarc("v=DMARC1; p=none; rua=mailto:a@example.com!512") == 0);
	CHECK(dm.rua[0].limit_bytes == 512);
	CHECK(dmarc("v=DMARC1; p=none; rua=mailto:a@example.com!50K") == 0);
	CHECK(dm.rua[0].limit_bytes == 50u * 1024);
	CHECK(dmarc("v=DMARC1; p=none; rua=mailto:a@example.com!2g") == 0);
	CHECK(dm.rua[0].limit_bytes == 2ull << 30);
	CHECK(dmarc("v=DMARC1; p=none; ruf=mailto:a@example.com!1t") == 0);
	CHECK(dm.ruf[0].limit_bytes == 1ull << 40);
	/* 16 URIs fit, 17 do not */
	n = (size_t)snprintf(many, sizeof(many), "v=DMARC1; p=none; rua=");
	for (i = 0; i < DMARC_URIS_MAX; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n,
		    "%smailto:r%zu@example.com", i ? "," : "", i);
	CHECK(dmarc(many) == 0 && dm.n_rua == DMARC_URIS_MAX);
	CHECK_STR(dm.rua[15].addr, "r15@example.com");
	snprintf(many + n, sizeof(many) - n, ",mailto:x@example.com");
	CHECK_STR(dmarc_why(many), "rua: more than 16 URIs");
	/* a URI of 320 bytes fits, 321 does not */
	n = (size_t)snprintf(uri, sizeof(uri), "v=DMARC1; rua=mailto:");
	memset(uri + n, 'a', 320 - 7 - 12);
	snprintf(uri + n + 320 - 7 - 12, sizeof(uri) - n - 301, "@example.com");
	CHECK(dmarc(uri) == 0 && strlen(dm.rua[0].uri) == 320);
	memset(uri + n, 'a', 320 - 7 - 11);
	snprintf(uri + n + 320 - 7 - 11, sizeof(uri) - n - 302, "@example.com");
	CHECK_STR(dmarc_why(uri), "rua: URI longer than 320 bytes");
	/* 32 tags fit, 33 do not */
	n = (size_t)snprintf(many, sizeof(many), "v=DMARC1; p=none");
	for (i = 0; i < 30; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "; x%zu=1", i);
	CHECK(dmarc(many) == 0);
	snprintf(many + n, sizeof(many) - n, "; y=1");
	CHECK_STR(dmarc_why(many), "more than 32 tags");
}

static void
test_dmarc_errors(void)
{
	CHECK_STR(dmarc_why(""), "empty record: 'v=DMARC1' expected");
	CHECK_STR(dmarc_why("p=none; v=DMARC1"), "tag 'v' must come first (found 'p')");
	CHECK_STR(dmarc_why(" v=DMARC1; p=none"),
	    "record must start with 'v=DMARC1' (no whitespace before it, a ';' "
	    "after it)");
	CHECK_STR(dmarc_why("hello world"), "record must start with 'v=DMARC1'");
	CHECK_STR(dmarc_why("v=DMARC1; p=rejekt"), "p: unknown policy 'rejekt'");
	CHECK_STR(dmarc_why("v=DMARC1; p="), "p: empty value");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; sp=all"), "sp: unknown policy 'all'");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; np=block"), "np: unknown policy 'block'");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; pct=150"), "pct=150 out of range 0-100");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; pct=101"), "pct=101 out of range 0-100");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; pct=99999999999999999999999"),
	    "pct=99999999999999999999999 out of range 0-100");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; pct=abc"),
	    "pct: 'abc' is not a decimal number");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; pct=-1"),
	    "pct: '-1' is not a decimal number");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; pct="), "pct: '' is not a decimal number");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; ri=4294967296"),
	    "ri=4294967296 out of range 0-4294967295");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; adkim=x"), "adkim: 'x' is not one of r, s");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; aspf=relaxed"),
	    "aspf: 'relaxed' is not one of r, s");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; psd=x"), "psd: 'x' is not one of y, n, u");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; t=u"), "t: 'u' is not one of y, n");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; fo=2"),
	    "fo: unknown option '2' (0, 1, d or s)");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; fo=0::1"),
	    "fo: empty item in the ':'-separated list");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; fo="), "fo: empty value");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rf=a.b"),
	    "rf: 'a.b' is not a report format keyword");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; p=reject"), "tag 'p' appears twice");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; P=reject"), "tag 'P' appears twice");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; foo=1; foo=2"), "tag 'foo' appears twice");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; v=DMARC1"), "tag 'v' appears twice");
	CHECK_STR(dmarc_why("v=DMARC1; p"), "tag 'p': '=' expected at offset 11, "
	    "found the end");
	CHECK_STR(dmarc_why("v=DMARC1; p none"), "tag 'p': '=' expected at offset 12, "
	    "found 'n'");
	CHECK_STR(dmarc_why("v=DMARC1; 1p=none"), "tag name expected at offset 10, "
	    "found '1'");
	CHECK_STR(dmarc_why("v=DMARC1; p=none\x01"),
	    "tag 'p': byte 0x01 at offset 16 is not allowed in a value");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=dmarc@example.com"),
	    "rua: 'mailto' URI expected, got 'dmarc@example.com'");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=https://example.com/dmarc"),
	    "rua: 'mailto' URI expected, got 'https://example.com/dmarc'");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; ruf=mailto:a@example.com;rua="),
	    "rua: empty value");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:a@example.com,,mailto:b@example.com"),
	    "rua: empty item in the ','-separated list");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:a@example.com,"),
	    "rua: empty item in the ','-separated list");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:a @example.com"),
	    "rua: whitespace inside the URI 'mailto:a @example.com'");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:@example.com"),
	    "rua: 'mailto:@example.com' has no address local@host");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:reports"),
	    "rua: 'mailto:reports' has no address local@host");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:a@b@example.com"),
	    "rua: more than one '@' in 'mailto:a@b@example.com'");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:a@-bad.example"),
	    "rua: host '-bad.example' is not a domain name");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:a@example.com."),
	    "rua: host 'example.com.' is not a domain name");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:a@[127.0.2.1]"),
	    "rua: host '[127.0.2.1]' is not a domain name");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:a@example.com!10x"),
	    "rua: size limit '!10x' is not digits and an optional k, m, g or t");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:a@example.com!"),
	    "rua: size limit '!' is not digits and an optional k, m, g or t");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:a@example.com!m"),
	    "rua: size limit '!m' is not digits and an optional k, m, g or t");
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:a@example.com!10mm"),
	    "rua: size limit '!10mm' is not digits and an optional k, m, g or t");
	/* §6.4: the number must fit in an unsigned 64-bit integer */
	CHECK_STR(dmarc_why("v=DMARC1; p=none; rua=mailto:a@example.com!18446744073709551616"),
	    "rua: size limit '!18446744073709551616' does not fit in 64 bits");
	CHECK(dmarc("v=DMARC1; p=none; rua=mailto:a@example.com!18446744073709551615") == 0);
	CHECK(dm.rua[0].limit_bytes == UINT64_MAX);
	CHECK(dmarc("v=DMARC1; p=none; rua=mailto:a@example.com!20000000t") == 0);
	CHECK(dm.rua[0].limit_bytes == UINT64_MAX);   /* bytes saturate */
	CHECK_STR(dmarc_why("v=DMARC1; p=none; ruf=ftp://example.com"),
	    "ruf: 'mailto' URI expected, got 'ftp://example.com'");
}

static void
test_dmarc_helpers(void)
{
	char out[300], small[20], dom[260];

	CHECK(is1("v=DMARC1"));
	CHECK(is1("v=DMARC1;"));
	CHECK(is1("v=DMARC1; p=none"));
	CHECK(is1("v=DMARC1 ; p=none"));
	CHECK(is1("v = DMARC1;"));
	CHECK(is1("V=DMARC1;"));
	CHECK(!is1("v=dmarc1;"));
	CHECK(!is1("v=DMARC1x"));
	CHECK(!is1("v=DMARC"));
	CHECK(!is1(" v=DMARC1"));
	CHECK(!is1("xv=DMARC1"));
	CHECK(!is1("v=spf1 -all"));
	CHECK(!is1(""));
	CHECK(!dmarc_is_dmarc1(NULL, 0));
	CHECK(dmarc_is_dmarc1("v=DMARC1xyz", 8));   /* len, not the NUL */

	CHECK(dmarc_report_auth_name("Example.COM.", "ThirdParty.Example.net.", out,
	    sizeof(out)) == 0);
	CHECK_STR(out, "example.com._report._dmarc.thirdparty.example.net");
	CHECK(dmarc_report_auth_name("example.com", "example.net", small,
	    sizeof(small)) == -1);
	CHECK_STR(small, "");
	CHECK(dmarc_report_auth_name("", "example.net", out, sizeof(out)) == -1);
	CHECK(dmarc_report_auth_name("example.com", "", out, sizeof(out)) == -1);
	CHECK(dmarc_report_auth_name("example.com", ".", out, sizeof(out)) == -1);
	CHECK(dmarc_report_auth_name(NULL, "example.net", out, sizeof(out)) == -1);
	/* 253 bytes in all is the most a name may have */
	memset(dom, 'a', 253 - 16 - 4);
	dom[253 - 16 - 4] = '\0';
	CHECK(dmarc_report_auth_name(dom, "b.cd", out, sizeof(out)) == 0);
	CHECK(strlen(out) == 253);
	CHECK(dmarc_report_auth_name(dom, "bb.cd", out, sizeof(out)) == -1);

	CHECK(dmarc_is_external("example.com", "example.com") == 0);
	CHECK(dmarc_is_external("example.com", "mail.example.com") == 0);
	CHECK(dmarc_is_external("sub.example.com", "example.com") == 0);
	CHECK(dmarc_is_external("example.com", "example.net") == 1);
	CHECK(dmarc_is_external("example.co.uk", "other.co.uk") == 1);
	CHECK(dmarc_is_external("a.example.co.uk", "b.example.co.uk") == 0);
	CHECK(dmarc_is_external("example.test", "rua.example.test") == 0);
	CHECK(dmarc_is_external("a.example.test", "b.other.test") == 1);
	CHECK(dmarc_is_external("", "example.com") == -1);
	CHECK_STR(dmarc_policy_str(DMARC_POLICY_QUARANTINE), "quarantine");
	CHECK_STR(dmarc_policy_str(DMARC_POLICY_ABSENT), "absent");
}

/* RFC 6376 Appendix C, the TXT strings joined. */
static const char rfc6376_key[] =
    "v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQ"
    "KBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYt"
    "IxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v"
    "/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhi"
    "tdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB";
/* RFC 8463 §A.2 */
static const char rfc8463_key[] =
    "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

/* base64 of der, a space every 50 characters when spaced (as TXT
 * strings joined by a careless zone editor). Caller frees. */
static char *
b64(const unsigned char *der, int n, int spaced)
{
	size_t plain = 4 * (((size_t)n + 2) / 3), i, o = 0;
	char *tmp = malloc(plain + 1), *out = malloc(2 * plain + 2);

	if (tmp == NULL || out == NULL)
		abort();
	EVP_EncodeBlock((unsigned char *)tmp, der, n);
	for (i = 0; i < plain; i++) {
		if (spaced && i > 0 && i % 50 == 0)
			out[o++] = i % 100 == 0 ? '\t' : ' ';
		out[o++] = tmp[i];
	}
	out[o] = '\0';
	free(tmp);
	return out;
}

enum enc { SPKI, PKCS1, SPKI_SPACED, SPKI_TRAILING };

/* A key record for a fresh key; caller frees. */
static char *
key_record(EVP_PKEY *pk, const char *pre, enum enc enc)
{
	unsigned char *der = NULL;
	char *p, *rec;
	size_t n;
	int len;

	len = enc == PKCS1 ? i2d_PublicKey(pk, &der) : i2d_PUBKEY(pk, &der);
	if (len <= 0)
		abort();
	if (enc == SPKI_TRAILING) {
		unsigned char *more = OPENSSL_realloc(der, (size_t)len + 3);

		if (more == NULL)
			abort();
		der = more;
		memset(der + len, 0, 3);
		len += 3;
	}
	p = b64(der, len, enc == SPKI_SPACED);
	n = strlen(pre) + strlen(p) + 8;
	if ((rec = malloc(n)) == NULL)
		abort();
	snprintf(rec, n, "%sp=%s", pre, p);
	OPENSSL_free(der);
	free(p);
	return rec;
}

static EVP_PKEY *
rsa_key(unsigned bits)
{
	EVP_PKEY *pk = EVP_RSA_gen(bits);

	if (pk == NULL)
		abort();
	return pk;
}

static void
test_dkim_rsa(void)
{
	EVP_PKEY *k512 = rsa_key(512), *k1024 = rsa_key(1024);
	EVP_PKEY *k2048 = rsa_key(2048), *ed;
	char *rec;

	CHECK(dkim(rfc6376_key) == 0);
	CHECK(dk.type == DKIM_KEYTYPE_RSA && dk.bits == 1024);
	CHECK(dk.key_bytes == 162);    /* SEQUENCE, 3 + 159 */
	CHECK(!dk.revoked && dk.notes == 0);
	CHECK(dk.seen == (DKIM_TAG_V | DKIM_TAG_P));
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_WARNING);
	CHECK_STR(why, "RSA key of 1024 bits: 2048 or more is recommended");

	rec = key_record(k512, "v=DKIM1; k=rsa; ", SPKI);
	CHECK(dkim(rec) == 0 && dk.bits == 512);
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_BAD);
	CHECK_STR(why, "RSA key of 512 bits: RFC 8301 requires at least 1024");
	free(rec);
	rec = key_record(k1024, "v=DKIM1; ", SPKI);
	CHECK(dkim(rec) == 0 && dk.bits == 1024);
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_WARNING);
	free(rec);
	rec = key_record(k2048, "v=DKIM1; k=rsa; ", SPKI);
	CHECK(dkim(rec) == 0 && dk.bits == 2048);
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_GOOD);
	CHECK_STR(why, "RSA key of 2048 bits");
	free(rec);
	/* no v= (it is only RECOMMENDED), base64 with whitespace inside */
	rec = key_record(k2048, "k=rsa; h=sha256; ", SPKI_SPACED);
	CHECK(strchr(rec, ' ') != NULL && strchr(rec, '\t') != NULL);
	CHECK(dkim(rec) == 0 && dk.bits == 2048);
	CHECK(dk.hashes == DKIM_H_SHA256 && !(dk.seen & DKIM_TAG_V));
	free(rec);
	/* a bare PKCS#1 RSAPublicKey: read, and noted */
	rec = key_record(k2048, "v=DKIM1; ", PKCS1);
	CHECK(dkim(rec) == 0 && dk.bits == 2048);
	CHECK(dk.notes == DKIM_NOTE_BARE_RSA);
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_GOOD);
	free(rec);
	rec = key_record(k2048, "v=DKIM1; ", SPKI_TRAILING);
	CHECK_STR(dkim_why(rec), "p: 3 bytes of trailing data after the key");
	free(rec);
	/* the key must be of the type k= names */
	ed = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	CHECK(ed != NULL);
	if (ed != NULL) {
		rec = key_record(ed, "v=DKIM1; ", SPKI);
		CHECK_STR(dkim_why(rec),
		    "p: SubjectPublicKeyInfo holds a key of type Ed25519, but k=rsa");
		free(rec);
		rec = key_record(ed, "v=DKIM1; k=ed25519; ", SPKI);
		CHECK_STR(dkim_why(rec), "p: Ed25519 key is 44 bytes; RFC 8463 wants "
		    "the raw 32-byte key (this looks like a SubjectPublicKeyInfo)");
		free(rec);
		EVP_PKEY_free(ed);
	}
	/* flags and restrictions, on a good key */
	rec = key_record(k2048, "v=DKIM1; t=y; ", SPKI);
	CHECK(dkim(rec) == 0 && dk.flags == DKIM_T_TESTING);
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_WARNING);
	CHECK_STR(why, "t=y: the domain is testing DKIM, verifiers treat its "
	    "mail as unsigned");
	free(rec);
	rec = key_record(k2048, "v=DKIM1; t=y:s:x; ", SPKI);
	CHECK(dkim(rec) == 0);
	CHECK(dk.flags == (DKIM_T_TESTING | DKIM_T_STRICT | DKIM_T_OTHER));
	free(rec);
	rec = key_record(k2048, "v=DKIM1; t=s; n=Call us; s=email; ", SPKI);
	CHECK(dkim(rec) == 0 && dk.services == DKIM_S_EMAIL);
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_GOOD);
	free(rec);
	rec = key_record(k2048, "v=DKIM1; h=sha1; ", SPKI);
	CHECK(dkim(rec) == 0 && dk.hashes == DKIM_H_SHA1);
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_BAD);
	CHECK_STR(why, "h= does not allow sha256 (rsa-sha1 is forbidden by RFC 8301)");
	free(rec);
	rec = key_record(k2048, "v=DKIM1; h=sha1 : sha256:sha512; ", SPKI);
	CHECK(dkim(rec) == 0);
	CHECK(dk.hashes == (DKIM_H_SHA1 | DKIM_H_SHA256 | DKIM_H_OTHER));
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_GOOD);
	free(rec);
	rec = key_record(k2048, "v=DKIM1; s=web; ", SPKI);
	CHECK(dkim(rec) == 0 && dk.services == DKIM_S_OTHER);
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_BAD);
	CHECK_STR(why, "s= excludes email: the key cannot verify mail");
	free(rec);
	rec = key_record(k2048, "v=DKIM1; s=web:*; ", SPKI);
	CHECK(dkim(rec) == 0);
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_GOOD);
	free(rec);
	/* tag names are case-sensitive: K= is an unknown tag, k stays rsa */
	rec = key_record(k2048, "v=DKIM1; K=ed25519; ", SPKI);
	CHECK(dkim(rec) == 0 && dk.type == DKIM_KEYTYPE_RSA);
	CHECK(dk.notes == DKIM_NOTE_UNKNOWN_TAG);
	CHECK_STR(dk.unknown, "K");
	free(rec);
	EVP_PKEY_free(k512);
	EVP_PKEY_free(k1024);
	EVP_PKEY_free(k2048);
}

static void
test_dkim_other(void)
{
	struct dkim_tags it;
	struct dkim_tag t;
	char big[8000];
	size_t n;

	CHECK(dkim(rfc8463_key) == 0);
	CHECK(dk.type == DKIM_KEYTYPE_ED25519);
	CHECK(dk.key_bytes == 32 && dk.bits == 256);
	CHECK_STR(dk.k, "ed25519");
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_GOOD);
	CHECK_STR(why, "Ed25519 key (RFC 8463)");

	/* revoked: p= empty (§3.6.1) */
	CHECK(dkim("v=DKIM1; p=") == 0 && dk.revoked && dk.key_bytes == 0);
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_REVOKED);
	CHECK_STR(why, "p= is empty: the key is revoked");
	CHECK(dkim("v=DKIM1; k=rsa; p= ;") == 0 && dk.revoked);
	CHECK(dkim("v=DKIM1; k=ed25519; p=") == 0 && dk.revoked);
	CHECK_STR(dkim_verdict_str(DKIM_REVOKED), "revoked");

	/* unknown k: readable, judged bad */
	CHECK(dkim("v=DKIM1; k=dsa; p=AAAA") == 0);
	CHECK(dk.type == DKIM_KEYTYPE_UNKNOWN && dk.key_bytes == 3);
	CHECK(dkim_key_judge(&dk, why, sizeof(why)) == DKIM_BAD);
	CHECK_STR(why, "unknown key type k=dsa");
	CHECK(dkim("v=DKIM1; k=RSA; p=AAAA") == 0);  /* values case-sensitive */
	CHECK(dk.type == DKIM_KEYTYPE_UNKNOWN);

	CHECK_STR(dkim_why(""), "empty record: no tags");
	CHECK_STR(dkim_why("p=; v=DKIM1"), "tag 'v' must come first");
	CHECK_STR(dkim_why("v=DKIM2; p="), "v: 'DKIM2' is not DKIM1");
	CHECK_STR(dkim_why("v=dkim1; p="), "v: 'dkim1' is not DKIM1");
	CHECK_STR(dkim_why("v=DKIM1; k=rsa"), "p: required tag missing");
	CHECK_STR(dkim_why("v=DKIM1; p=; p="), "tag 'p' appears twice");
	CHECK_STR(dkim_why("v=DKIM1; x=1; x=2; p="), "tag 'x' appears twice");
	CHECK_STR(dkim_why("v=DKIM1; k=; p="), "k: empty value");
	CHECK_STR(dkim_why("v=DKIM1; h=; p="), "h: empty item in the list");
	CHECK_STR(dkim_why("v=DKIM1; s=email:; p="), "s: empty item in the list");
	CHECK_STR(dkim_why("v=DKIM1; t=::; p="), "t: empty item in the list");
	CHECK_STR(dkim_why("v=DKIM1; p=abc$"), "p: '$' at offset 3 is not base64");
	CHECK_STR(dkim_why("v=DKIM1; p=A"), "p: base64 ends with a stray character");
	CHECK_STR(dkim_why("v=DKIM1; p=AAAA=AAA"), "p: base64 continues after '=' padding");
	CHECK_STR(dkim_why("v=DKIM1; p=AA="), "p: base64 padding is 1 '=', want 2");
	CHECK_STR(dkim_why("v=DKIM1; p=AAA=="), "p: base64 padding is 2 '=', want 1");
	CHECK_STR(dkim_why("v=DKIM1; p=AAAA="), "p: base64 padding where none belongs");
	CHECK_STR(dkim_why("v=DKIM1; p=AAAAAAAA"),
	    "p: not an RSA public key (neither SubjectPublicKeyInfo nor PKCS#1 "
	    "RSAPublicKey)");
	CHECK_STR(dkim_why("v=DKIM1; k=ed25519; p=AAAA"),
	    "p: Ed25519 key is 3 bytes; RFC 8463 wants the raw 32-byte key");
	CHECK_STR(dkim_why("v=DKIM1; p=\x80"),
	    "tag 'p': byte 0x80 at offset 11 is not allowed in a value");
	CHECK_STR(dkim_why("v=DKIM1; _x=1; p="), "tag name expected at offset 9, "
	    "found '_'");
	/* unpadded base64 is allowed by the §2.4 ABNF */
	CHECK(dkim("v=DKIM1; k=foo; p=AA") == 0 && dk.key_bytes == 1);
	CHECK(dkim("v=DKIM1; k=foo; p=AAA") == 0 && dk.key_bytes == 2);
	CHECK(dkim("v=DKIM1; k=foo; p=AA==") == 0 && dk.key_bytes == 1);
	CHECK(dkim("v=DKIM1; k=foo; p=AA = =") == 0 && dk.key_bytes == 1);
	/* caps: decoded p= and tag count */
	n = (size_t)snprintf(big, sizeof(big), "k=foo; p=");
	memset(big + n, 'A', 4 * DKIM_KEY_BYTES_MAX / 3 + 4);
	big[n + 4 * DKIM_KEY_BYTES_MAX / 3 + 4] = '\0';
	CHECK_STR(dkim_why(big), "p: key longer than 4096 bytes");
	n = 0;
	for (int i = 0; i < DKIM_TAGS_MAX; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "x%d=1;", i);
	CHECK_STR(dkim_why(big), "p: required tag missing");
	snprintf(big + n, sizeof(big) - n, "p=");
	CHECK_STR(dkim_why(big), "more than 32 tags");
	CHECK(dkim("v=DKIM1;; p=") == 0 && dk.notes == DKIM_NOTE_EMPTY_TAG);

	/* the tag-list reader itself */
	dkim_tags_init(&it, " a=1; b = 2 3 ;c=", 17);
	CHECK(dkim_tags_next(&it, &t, why, sizeof(why)) == 1);
	CHECK(t.name_len == 1 && t.name[0] == 'a' && t.value_len == 1);
	CHECK(dkim_tags_next(&it, &t, why, sizeof(why)) == 1);
	CHECK(t.name_len == 1 && t.name[0] == 'b' && t.value_len == 3 &&
	    memcmp(t.value, "2 3", 3) == 0);
	CHECK(dkim_tags_next(&it, &t, why, sizeof(why)) == 1);
	CHECK(t.name[0] == 'c' && t.value_len == 0 && t.offset == 15);
	CHECK(dkim_tags_next(&it, &t, why, sizeof(why)) == 0);
	CHECK(dkim_tags_next(&it, &t, why, sizeof(why)) == 0);
}

/* RFC 8461 §3.2, with LF and with CRLF line ends */
static const char rfc8461_policy[] =
    "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\n"
    "mx: backupmx.example.com\nmax_age: 604800";
static const char rfc8461_policy_crlf[] =
    "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\n"
    "mx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n";

static void
test_mtasts_txt(void)
{
	char id[40];

	/* RFC 8461 §3.1 */
	CHECK(sts("v=STSv1; id=20160831085700Z;") == 0);
	CHECK_STR(st.id, "20160831085700Z");
	CHECK(st.notes == 0);
	CHECK(mtasts_is_stsv1("v=STSv1; id=20160831085700Z;", 28));
	CHECK(sts("v=STSv1;id=abc") == 0);
	CHECK(sts("v=STSv1 ;\tid=abc ; ") == 0);
	CHECK(sts("v=STSv1; id=abc; ext_1.a-b=va:l/ue") == 0);
	CHECK(st.notes == MTASTS_NOTE_UNKNOWN);
	CHECK(sts("v=STSv1;; id=abc") == 0 && st.notes == MTASTS_NOTE_EMPTY);
	CHECK(sts("v=STSv1; id=first; id=second") == 0);
	CHECK_STR(st.id, "first");
	CHECK(st.notes == MTASTS_NOTE_DUPLICATE);
	memset(id, 'a', 32);
	snprintf(id + 32, sizeof(id) - 32, "%s", "");
	CHECK(mtasts_txt_parse("v=STSv1; id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 44,
	    &st, why, sizeof(why)) == 0);
	CHECK_STR(st.id, id);
	CHECK_STR(sts_why("v=STSv1; id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	    "id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' must be 1 to 32 letters and "
	    "digits");
	CHECK_STR(sts_why("v=STSv1; id=abc-1"),
	    "id: 'abc-1' must be 1 to 32 letters and digits");
	CHECK_STR(sts_why(""), "empty record: 'v=STSv1' expected");
	CHECK_STR(sts_why("v=STSv1"), "id: required field missing");
	CHECK_STR(sts_why("v=STSv1;"), "id: required field missing");
	CHECK_STR(sts_why("v=STSv1; ID=abc"), "id: required field missing");
	CHECK_STR(sts_why("v=STSv2; id=abc"), "v: 'STSv2' is not STSv1");
	CHECK_STR(sts_why("v=stsv1; id=abc"),
	    "v: 'stsv1' is not STSv1 (the version is case-sensitive)");
	CHECK_STR(sts_why("id=abc; v=STSv1"), "tag 'v' must come first (found 'id')");
	CHECK_STR(sts_why(" v=STSv1; id=abc"), "record must start with 'v=STSv1'");
	CHECK_STR(sts_why("v=STSv1; id="), "field 'id': empty value");
	CHECK_STR(sts_why("v=STSv1; id =abc"),
	    "field 'id': no whitespace allowed before '='");
	CHECK_STR(sts_why("v=STSv1; id= abc"),
	    "field 'id': no whitespace allowed after '='");
	CHECK_STR(sts_why("v=STSv1; id"), "field 'id': '=' expected, found the end");
	CHECK_STR(sts_why("v=STSv1 id=abc"), "';' expected at offset 8, found 'i'");
	CHECK_STR(sts_why("v=STSv1; id=abc def"),
	    "';' expected at offset 16, found 'd'");
	CHECK_STR(sts_why("v=STSv1; id=abc; e=a=b"),
	    "field 'e': '=' at offset 20 is not allowed in a value");
	CHECK_STR(sts_why("v=STSv1; -x=1; id=abc"),
	    "field name expected at offset 9, found '-'");
	CHECK_STR(sts_why("v=STSv1; id=abc\n"),
	    "field 'id': 0x0a at offset 15 is not allowed in a value");
	CHECK_STR(sts_why("v=STSv1; aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1; id=abc"),
	    "field name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' longer than 32 "
	    "characters");
	/* the reason quotes no byte past the input (it is not a C string) */
	CHECK(mtasts_txt_parse("v=STSv1; aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaXYZ", 42,
	    &st, why, sizeof(why)) == -1);
	CHECK_STR(why, "field name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' longer "
	    "than 32 characters");
	CHECK(tlsrpt_parse("v=TLSRPTv1;aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaXYZ", 44,
	    &tr, why, sizeof(why)) == -1);
	CHECK_STR(why, "field name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' longer "
	    "than 32 characters");
	CHECK(mtasts_is_stsv1("v=STSv1", 7));
	CHECK(mtasts_is_stsv1("v=STSv1 ;", 9));
	CHECK(!mtasts_is_stsv1("v=STSv10;", 9));
	CHECK(!mtasts_is_stsv1("v=stsv1;", 8));
	CHECK(!mtasts_is_stsv1("v=STSv", 6));
}

static void
test_mtasts_policy(void)
{
	char big[MTASTS_POLICY_MAX + 100];
	size_t n, i;

	CHECK(pol(rfc8461_policy) == 0);
	CHECK(sp.mode == MTASTS_MODE_ENFORCE && sp.max_age == 604800);
	CHECK(sp.n_mx == 3);
	CHECK_STR(sp.mx[0], "mail.example.com");
	CHECK_STR(sp.mx[1], "*.example.net");
	CHECK_STR(sp.mx[2], "backupmx.example.com");
	CHECK(sp.notes == 0 && sp.lines == 6);
	/* §4.1: the wildcard stands for exactly one leftmost label */
	CHECK(mtasts_mx_match(&sp, "mail.example.com"));
	CHECK(mtasts_mx_match(&sp, "MAIL.Example.COM."));
	CHECK(mtasts_mx_match(&sp, "backupmx.example.com"));
	CHECK(mtasts_mx_match(&sp, "foo.example.net"));
	CHECK(mtasts_mx_match(&sp, "Foo.Example.Net."));
	CHECK(!mtasts_mx_match(&sp, "example.net"));
	CHECK(!mtasts_mx_match(&sp, "foo.bar.example.net"));
	CHECK(!mtasts_mx_match(&sp, ".example.net"));
	CHECK(!mtasts_mx_match(&sp, "fooexample.net"));
	CHECK(!mtasts_mx_match(&sp, "xmail.example.com"));
	CHECK(!mtasts_mx_match(&sp, "mail.example.com.evil"));
	CHECK(!mtasts_mx_match(&sp, "mail.example.org"));
	CHECK(!mtasts_mx_match(&sp, ""));
	CHECK(!mtasts_mx_match(&sp, "."));
	CHECK(!mtasts_mx_match(&sp, NULL));
	CHECK(pol(rfc8461_policy_crlf) == 0);
	CHECK(sp.mode == MTASTS_MODE_ENFORCE && sp.n_mx == 3 && sp.max_age == 604800);
	CHECK_STR(sp.mx[2], "backupmx.example.com");
	/* the body is len bytes: cut inside "max_age: 604800" */
	CHECK(mtasts_policy_parse(rfc8461_policy, sizeof(rfc8461_policy) - 4, &sp,
	    why, sizeof(why)) == 0);
	CHECK(sp.max_age == 604);

	/* fields in any order, values and limits */
	CHECK(pol("max_age: 0\nmode: none\nversion: STSv1\n") == 0);
	CHECK(sp.mode == MTASTS_MODE_NONE && sp.n_mx == 0 && sp.max_age == 0);
	CHECK(pol("version: STSv1\nmode: testing\nmx: mx.example.org\n"
	    "max_age: 31557600") == 0);
	CHECK(sp.mode == MTASTS_MODE_TESTING && sp.max_age == 31557600);
	CHECK(pol("version:STSv1\nmode:\tnone  \nmax_age: 86400\t\n") == 0);
	CHECK(pol("version: STSv1\nmode: none\nmax_age: 1\nfoo: bar baz\n"
	    "x-\xc3\xa9t\xc3\xa9: caf\xc3\xa9\n") == -1);   /* name: ASCII only */
	CHECK(pol("version: STSv1\nmode: none\nmax_age: 1\nfoo: bar baz \xc3\xa9\n") == 0);
	CHECK(sp.notes == MTASTS_NOTE_UNKNOWN);
	CHECK(pol("version: STSv1\n\nmode: none\n  \nmax_age: 1\n\n") == 0);
	CHECK(sp.notes == MTASTS_NOTE_EMPTY);
	CHECK(pol("version: STSv1\nmode: testing\nmode: enforce\nmax_age: 1\n"
	    "max_age: 2\nversion: STSv2\nmx: a.example") == 0);
	CHECK(sp.mode == MTASTS_MODE_TESTING && sp.max_age == 1);
	CHECK(sp.notes == MTASTS_NOTE_DUPLICATE);
	CHECK(pol("version: STSv1\nmode: enforce\nmax_age: 1\nmx: *.a-b.example\n"
	    "mx: 1mx.example") == 0);

	CHECK_STR(pol_why(""), "empty policy");
	CHECK_STR(pol_why("mode: none\nmax_age: 1"), "version: required field missing");
	CHECK_STR(pol_why("Version: STSv1\nmode: none\nmax_age: 1"),
	    "version: required field missing");
	CHECK_STR(pol_why("version: STSv1\nmax_age: 1"), "mode: required field missing");
	CHECK_STR(pol_why("version: STSv1\nmode: none"), "max_age: required field missing");
	CHECK_STR(pol_why("version: STSv2\nmode: none\nmax_age: 1"),
	    "line 1: version 'STSv2' is not STSv1");
	CHECK_STR(pol_why("version: stsv1\nmode: none\nmax_age: 1"),
	    "line 1: version 'stsv1' is not STSv1");
	CHECK_STR(pol_why("version: STSv1\nmode: enforcing\nmax_age: 1"),
	    "line 2: mode: unknown mode 'enforcing' (enforce, testing or none)");
	CHECK_STR(pol_why("version: STSv1\nmode: Enforce\nmax_age: 1"),
	    "line 2: mode: unknown mode 'Enforce' (enforce, testing or none)");
	CHECK_STR(pol_why("version: STSv1\nmode: none\nmax_age: 31557601"),
	    "line 3: max_age=31557601 out of range 0-31557600");
	CHECK_STR(pol_why("version: STSv1\nmode: none\nmax_age: 00000000001"),
	    "line 3: max_age=00000000001 out of range 0-31557600");
	CHECK_STR(pol_why("version: STSv1\nmode: none\nmax_age: -1"),
	    "line 3: max_age: '-1' is not a decimal number");
	CHECK_STR(pol_why("version: STSv1\nmode: none\nmax_age: 1 week"),
	    "line 3: max_age: '1 week' is not a decimal number");
	CHECK_STR(pol_why("version: STSv1\nmode: enforce\nmax_age: 1"),
	    "mx: at least one pattern required when mode is enforce");
	CHECK_STR(pol_why("version: STSv1\nmode: testing\nmax_age: 1"),
	    "mx: at least one pattern required when mode is testing");
	CHECK_STR(pol_why("version: STSv1\nmode: enforce\nmax_age: 1\n"
	    "mx: mail.*.example.com"),
	    "line 4: mx: '*' is allowed only as the whole leftmost label, not in "
	    "'mail.*.example.com'");
	CHECK_STR(pol_why("version: STSv1\nmode: enforce\nmax_age: 1\nmx: *example.com"),
	    "line 4: mx: '*' is allowed only as the whole leftmost label, not in "
	    "'*example.com'");
	CHECK_STR(pol_why("version: STSv1\nmode: enforce\nmax_age: 1\nmx: *.*.example.com"),
	    "line 4: mx: '*' is allowed only as the whole leftmost label, not in "
	    "'*.*.example.com'");
	CHECK_STR(pol_why("version: STSv1\nmode: enforce\nmax_age: 1\nmx: *"),
	    "line 4: mx: '*' is allowed only as the whole leftmost label, not in '*'");
	CHECK_STR(pol_why("version: STSv1\nmode: enforce\nmax_age: 1\nmx: *."),
	    "line 4: mx: '*.' is not a domain name pattern");
	CHECK_STR(pol_why("version: STSv1\nmode: enforce\nmax_age: 1\nmx: mail.example.com."),
	    "line 4: mx: 'mail.example.com.' ends with a dot");
	CHECK_STR(pol_why("version: STSv1\nmode: enforce\nmax_age: 1\nmx: -mail.example.com"),
	    "line 4: mx: '-mail.example.com' is not a domain name pattern");
	CHECK_STR(pol_why("version: STSv1\nmode: enforce\nmax_age: 1\nmx: mail-.example.com"),
	    "line 4: mx: 'mail-.example.com' is not a domain name pattern");
	CHECK_STR(pol_why("version: STSv1\nmode: enforce\nmax_age: 1\nmx: a..example"),
	    "line 4: mx: 'a..example' is not a domain name pattern");
	CHECK_STR(pol_why("version: STSv1\nmode: enforce\nmax_age: 1\nmx: a_b.example"),
	    "line 4: mx: 'a_b.example' is not a domain name pattern");
	CHECK_STR(pol_why("version: STSv1\nmode none\nmax_age: 1"),
	    "line 2: ':' expected after 'mode', found 0x20");
	CHECK_STR(pol_why("version: STSv1\nmode\nmax_age: 1"),
	    "line 2: ':' expected after 'mode', found the end of the line");
	CHECK_STR(pol_why("version: STSv1\n mode: none\nmax_age: 1"),
	    "line 2: field name expected, found 0x20");
	CHECK_STR(pol_why("version: STSv1\nmode:\nmax_age: 1"),
	    "line 2: field 'mode' has no value");
	CHECK_STR(pol_why("version: STSv1\nmode: no\tne\nmax_age: 1"),
	    "line 2: byte 0x09 not allowed in the value of 'mode'");
	CHECK_STR(pol_why("version: STSv1\rmode: none\nmax_age: 1"),
	    "line 1: stray CR (lines end with LF or CRLF)");
	CHECK_STR(pol_why("version: STSv1\nmode: none\nmax_age: 1\n"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: x"),
	    "line 4: field name longer than 32 characters");
	/* caps: 64 mx fit, 65 do not; the body cap */
	n = (size_t)snprintf(big, sizeof(big), "version: STSv1\nmode: enforce\n"
	    "max_age: 1\n");
	for (i = 0; i < MTASTS_MX_MAX; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "mx: mx%zu.example\n",
		    i);
	CHECK(pol(big) == 0 && sp.n_mx == MTASTS_MX_MAX);
	CHECK(mtasts_mx_match(&sp, "mx63.example"));
	snprintf(big + n, sizeof(big) - n, "mx: one.more.example\n");
	CHECK_STR(pol_why(big), "line 68: mx: more than 64 patterns");
	n = (size_t)snprintf(big, sizeof(big), "version: STSv1\nmode: none\n"
	    "max_age: 1\n");
	while (n < MTASTS_POLICY_MAX - 20)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "x: padding\n");
	while (n < MTASTS_POLICY_MAX)
		big[n++] = '\n';
	big[n] = '\0';
	CHECK(pol(big) == 0);
	big[n++] = '\n';
	big[n] = '\0';
	CHECK_STR(pol_why(big), "policy of 65537 bytes exceeds the 65536-byte cap");
	CHECK_STR(mtasts_mode_str(MTASTS_MODE_TESTING), "testing");
}

static void
test_tlsrpt(void)
{
	char many[1000];
	size_t n, i;

	/* RFC 8460 §3 examples */
	CHECK(rpt("v=TLSRPTv1;rua=mailto:reports@example.com") == 0);
	CHECK(tr.n_rua == 1 && tr.rua[0].scheme == TLSRPT_MAILTO);
	CHECK_STR(tr.rua[0].uri, "mailto:reports@example.com");
	CHECK_STR(tr.rua[0].host, "example.com");
	CHECK(rpt("v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt") == 0);
	CHECK(tr.n_rua == 1 && tr.rua[0].scheme == TLSRPT_HTTPS);
	CHECK_STR(tr.rua[0].host, "reporting.example.com");
	CHECK(tlsrpt_is_tlsrpt1("v=TLSRPTv1;rua=mailto:reports@example.com", 41));

	CHECK(rpt("v=TLSRPTv1; rua=mailto:a@Example.com , HTTPS://R.example.net:8443"
	    "/x?y=z;") == 0);
	CHECK(tr.n_rua == 2 && tr.rua[1].scheme == TLSRPT_HTTPS);
	CHECK_STR(tr.rua[0].host, "example.com");
	CHECK_STR(tr.rua[1].host, "r.example.net");
	CHECK_STR(tr.rua[1].uri, "HTTPS://R.example.net:8443/x?y=z");
	CHECK(rpt("v=TLSRPTv1 ; rua=mailto:a@example.com?subject=tls; ext=1") == 0);
	CHECK(tr.notes == TLSRPT_NOTE_EXTENSION);
	CHECK(rpt("v=TLSRPTv1;;rua=mailto:a@example.com") == 0);
	CHECK(tr.notes == TLSRPT_NOTE_EMPTY);
	CHECK(rpt("v=TLSRPTv1; rua=https://example.com") == 0);
	n = (size_t)snprintf(many, sizeof(many), "v=TLSRPTv1; rua=");
	for (i = 0; i < TLSRPT_URIS_MAX; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n,
		    "%smailto:r%zu@example.com", i ? "," : "", i);
	CHECK(rpt(many) == 0 && tr.n_rua == TLSRPT_URIS_MAX);
	snprintf(many + n, sizeof(many) - n, ",https://x.example");
	CHECK_STR(rpt_why(many), "rua: more than 8 URIs");

	CHECK_STR(rpt_why(""), "empty record: 'v=TLSRPTv1' expected");
	CHECK_STR(rpt_why("v=TLSRPTv1"), "rua: required field missing");
	CHECK_STR(rpt_why("v=TLSRPTv1; ext=1"), "rua: required field missing");
	CHECK_STR(rpt_why("v=TLSRPTv2; rua=mailto:a@example.com"),
	    "v: 'TLSRPTv2' is not TLSRPTv1");
	CHECK_STR(rpt_why("v=tlsrptv1; rua=mailto:a@example.com"),
	    "v: 'tlsrptv1' is not TLSRPTv1 (the version is case-sensitive)");
	CHECK_STR(rpt_why("rua=mailto:a@example.com; v=TLSRPTv1"),
	    "tag 'v' must come first (found 'rua')");
	CHECK_STR(rpt_why("v=TLSRPTv1; RUA=mailto:a@example.com"),
	    "rua: required field missing");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua =mailto:a@example.com"),
	    "field 'rua': no whitespace allowed before '='");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua= mailto:a@example.com"),
	    "field 'rua': no whitespace allowed after '='");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua="), "field 'rua': empty value");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com"),
	    "tag 'rua' appears twice");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=mailto:a@example.com; v=TLSRPTv1"),
	    "tag 'v' appears twice");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=http://reporting.example.com/"),
	    "rua: 'mailto:' or 'https:' URI expected, got 'http://reporting.example.com/'");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=reports@example.com"),
	    "rua: 'mailto:' or 'https:' URI expected, got 'reports@example.com'");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=mailto:reports"),
	    "rua: 'mailto:reports' has no address local@domain");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=mailto:a@b@example.com"),
	    "rua: more than one '@' in 'mailto:a@b@example.com'");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=mailto:a@example.com!10m"),
	    "rua: '!' must be percent-encoded in 'mailto:a@example.com!10m'");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=https://user@example.com/"),
	    "rua: 'https://user@example.com/' carries user information");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=https://example.com:99999/"),
	    "rua: bad port in 'https://example.com:99999/'");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=https://example.com:/"),
	    "rua: bad port in 'https://example.com:/'");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=https:///path"),
	    "rua: host '' is not a domain name");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=https://[2001:db8::1]/"),
	    "rua: 'https://[2001:db8::1]/' names an IP literal, not a host name");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=mailto:a@example.com,,https://x.example"),
	    "rua: empty URI in the list");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=mailto:a b@example.com"),
	    "rua: 0x20 inside the URI 'mailto:a b@example.com'");
	CHECK_STR(rpt_why("v=TLSRPTv1; rua=mailto:a@example.com; ext=a b"),
	    "field 'ext': 0x20 at offset 43 is not allowed in a value");
	CHECK_STR(rpt_why("v=TLSRPTv1 rua=mailto:a@example.com"),
	    "';' expected at offset 11, found 'r'");
	CHECK(tlsrpt_is_tlsrpt1("v=TLSRPTv1", 10));
	CHECK(tlsrpt_is_tlsrpt1("v=TLSRPTv1 ;", 12));
	CHECK(!tlsrpt_is_tlsrpt1("v=TLSRPTv10", 11));
	CHECK(!tlsrpt_is_tlsrpt1("v=tlsrptv1", 10));
	CHECK(!tlsrpt_is_tlsrpt1("v=STSv1;", 8));
}

int
main(void)
{
	test_orgdom();
	test_dmarc_examples();
	test_dmarc_tags();
	test_dmarc_errors();
	test_dmarc_helpers();
	test_dkim_rsa();
	test_dkim_other();
	test_mtasts_txt();
	test_mtasts_policy();
	test_tlsrpt();
	orgdom_free();
	return unit_done("test_mailrec");
}
