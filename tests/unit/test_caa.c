/*
 * CAA (RFC 8659 §4, RFC 8657 §3-4): RDATA reading and property syntax.
 */
#include "dns/caa.h"
#include "unit.h"

static struct caa_rr
rr(uint8_t flags, const char *tag, const char *value)
{
	struct caa_rr r;

	memset(&r, 0, sizeof(r));
	r.flags = flags;
	snprintf(r.tag, sizeof(r.tag), "%s", tag);
	snprintf(r.value, sizeof(r.value), "%s", value);
	r.value_len = strlen(value);
	return r;
}

static int
ok(uint8_t flags, const char *tag, const char *value)
{
	struct caa_rr r = rr(flags, tag, value);
	char why[200];

	return caa_check(&r, why, sizeof(why)) == 0;
}

int
main(void)
{
	static const uint8_t wire[] = { 0, 5, 'i', 's', 's', 'U', 'e',
	    'c', 'a', '.', 't', 'e', 's', 't' };
	static const uint8_t badtag[] = { 0, 3, 'i', '-', 's', 'x' };
	static const uint8_t longtag[] = { 0, 16, 'a' };
	struct caa_rr r;
	const char *why;

	CHECK(caa_parse_rdata(wire, sizeof(wire), &r, &why) == 0);
	CHECK_STR(r.tag, "issue");                  /* tags are case-insensitive */
	CHECK_STR(r.value, "ca.test");
	CHECK(caa_is_issue(&r));
	CHECK(caa_parse_rdata(badtag, sizeof(badtag), &r, &why) == -1);
	CHECK(caa_parse_rdata(longtag, sizeof(longtag), &r, &why) == -1);
	CHECK(caa_parse_rdata(wire, 1, &r, &why) == -1);
	CHECK(caa_parse_rdata(wire, 4, &r, &why) == -1);   /* tag runs past the end */

	/* issue values */
	CHECK(ok(0, "issue", "ca.test"));
	CHECK(ok(0, "issue", "  ca.test  "));
	CHECK(ok(0, "issue", ";"));                     /* no issuance */
	CHECK(ok(0, "issue", ""));
	CHECK(ok(0, "issuewild", "letsencrypt.org; validationmethods=dns-01"));
	CHECK(ok(0, "issue", "ca.test; accounturi=https://acme.ca.test/acct/1; validationmethods=http-01,dns-01"));
	CHECK(ok(0, "issue", "ca.test; policy=ev"));
	CHECK(!ok(0, "issue", "ca..test"));
	CHECK(!ok(0, "issue", "-ca.test"));
	CHECK(!ok(0, "issue", "ca.test; =bad"));
	CHECK(!ok(0, "issue", "ca.test; key"));
	CHECK(!ok(0, "issue", "ca.test; key=a;"));
	CHECK(!ok(0, "issue", "ca.test extra"));
	CHECK(!ok(0, "issue", "ca.test; accounturi=http://acme/1"));
	CHECK(!ok(0, "issue", "ca.test; validationmethods=dns-01,,http-01"));
	CHECK(!ok(0, "issue", "ca.test; validationmethods=dns_01"));
	/* flags */
	CHECK(ok(128, "issue", "ca.test"));
	CHECK(!ok(1, "issue", "ca.test"));
	CHECK(!ok(129, "issue", "ca.test"));
	/* iodef and contacts */
	CHECK(ok(0, "iodef", "mailto:security@example.test"));
	CHECK(ok(0, "iodef", "https://example.test/caa"));
	CHECK(!ok(0, "iodef", "http://example.test/caa"));
	CHECK(!ok(0, "iodef", "mailto:nobody"));
	CHECK(ok(0, "contactemail", "pki@example.test"));
	CHECK(!ok(0, "contactemail", "pki.example.test"));
	CHECK(ok(0, "contactphone", "+31 (0)70 123 4567"));
	CHECK(!ok(0, "contactphone", "call us"));
	/* unknown tags: fine, unless critical */
	CHECK(ok(0, "futuretag", "anything"));
	CHECK(!ok(128, "futuretag", "anything"));
	return unit_done("test_caa");
}
