/*
 * test_dnswire: the pure DNS wire helpers. Expected bytes come from
 * RFC 1035 (header, question, compression) and RFC 6891 (OPT record).
 */
#include <stdint.h>
#include <string.h>

#include "dns/dns.h"
#include "unit.h"

/* Header of a reply: id 0xabcd, QR=1, qdcount 1. */
static size_t
hdr(uint8_t *b, uint16_t flags, uint16_t qd)
{
	memset(b, 0, 12);
	b[0] = 0xab;
	b[1] = 0xcd;
	b[2] = (uint8_t)(flags >> 8);
	b[3] = (uint8_t)flags;
	b[4] = (uint8_t)(qd >> 8);
	b[5] = (uint8_t)qd;
	return 12;
}

static size_t
put(uint8_t *b, size_t off, const void *src, size_t n)
{
	memcpy(b + off, src, n);
	return off + n;
}

static void
test_query_bytes(void)
{
	static const uint8_t want[] = {
		0x12, 0x34, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x01,
		7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		0x00, 0x01, 0x00, 0x01,
		0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00, 0x80, 0x00,
		0x00, 0x00,
	};
	uint8_t buf[512];
	int n;

	n = dns_wire_query(buf, sizeof(buf), "example.com", 1, 0x1234);
	CHECK(n == (int)sizeof(want));
	CHECK(n > 0 && memcmp(buf, want, sizeof(want)) == 0);
	CHECK((buf[2] & 0x01) == 0);                  /* RD off */

	/* one trailing dot is the same name */
	n = dns_wire_query(buf, sizeof(buf), "example.com.", 1, 0x1234);
	CHECK(n == (int)sizeof(want) && memcmp(buf, want, sizeof(want)) == 0);

	/* the root: a single zero octet */
	n = dns_wire_query(buf, sizeof(buf), "", 2, 1);
	CHECK(n == 12 + 1 + 4 + 11 && buf[12] == 0 && buf[14] == 2);
	n = dns_wire_query(buf, sizeof(buf), ".", 2, 1);
	CHECK(n == 12 + 1 + 4 + 11);

	/* capacity: exactly enough, one short */
	CHECK(dns_wire_query(buf, sizeof(want), "example.com", 1, 1) ==
	    (int)sizeof(want));
	CHECK(dns_wire_query(buf, sizeof(want) - 1, "example.com", 1, 1) == -1);
	CHECK(dns_wire_query(buf, 0, "example.com", 1, 1) == -1);
	CHECK(dns_wire_query(NULL, 512, "example.com", 1, 1) == -1);
	CHECK(dns_wire_query(buf, sizeof(buf), NULL, 1, 1) == -1);
}

static void
test_query_limits(void)
{
	uint8_t buf[600];
	char name[400];
	char l63[64], l64[65];

	memset(l63, 'a', 63);
	l63[63] = '\0';
	memset(l64, 'a', 64);
	l64[64] = '\0';

	CHECK(dns_wire_query(buf, sizeof(buf), "a..b", 1, 1) == -1);
	CHECK(dns_wire_query(buf, sizeof(buf), ".a", 1, 1) == -1);
	CHECK(dns_wire_query(buf, sizeof(buf), "a..", 1, 1) == -1);
	CHECK(dns_wire_query(buf, sizeof(buf), "..", 1, 1) == -1);
	CHECK(dns_wire_query(buf, sizeof(buf), l63, 1, 1) == 12 + 65 + 4 + 11);
	CHECK(dns_wire_query(buf, sizeof(buf), l64, 1, 1) == -1);

	/* 3 x 63 + 61: wire length 64*3 + 62 + 1 = 255, the maximum */
	snprintf(name, sizeof(name), "%s.%s.%s.%.61s", l63, l63, l63, l63);
	CHECK(dns_wire_query(buf, sizeof(buf), name, 1, 1) ==
	    12 + 255 + 4 + 11);
	snprintf(name, sizeof(name), "%s.%s.%s.%.62s", l63, l63, l63, l63);
	CHECK(dns_wire_query(buf, sizeof(buf), name, 1, 1) == -1);
}

/* Turn a query built by dns_wire_query into a bare reply (no OPT). */
static size_t
make_reply(uint8_t *b, size_t n)
{
	b[2] |= 0x80;         /* QR */
	b[11] = 0;            /* arcount: drop the OPT */
	return n - 11;
}

static void
test_round_trip(void)
{
	uint8_t q[512], r[512];
	struct dns_wire_reply rep;
	int n;
	size_t rl;

	n = dns_wire_query(q, sizeof(q), "_25._tcp.Mail.Example.NL", 52, 0xbeef);
	CHECK(n > 0);
	memcpy(r, q, (size_t)n);
	rl = make_reply(r, (size_t)n);
	r[3] |= 0x03;         /* rcode NXDOMAIN */
	r[2] |= 0x04;         /* AA */
	CHECK(dns_wire_parse_reply(r, rl, &rep) == 0);
	CHECK(rep.id == 0xbeef);
	CHECK(rep.rcode == 3);
	CHECK(rep.aa == 1 && rep.tc == 0);
	CHECK(rep.ancount == 0);
	CHECK(rep.qtype == 52);
	CHECK_STR(rep.qname, "_25._tcp.mail.example.nl");

	/* the query itself (QR=0) is not a reply */
	CHECK(dns_wire_parse_reply(q, (size_t)n, &rep) == -1);

	/* TC is reported */
	r[2] |= 0x02;
	CHECK(dns_wire_parse_reply(r, rl, &rep) == 0 && rep.tc == 1);

	/* root */
	n = dns_wire_query(q, sizeof(q), "", 6, 7);
	memcpy(r, q, (size_t)n);
	rl = make_reply(r, (size_t)n);
	CHECK(dns_wire_parse_reply(r, rl, &rep) == 0);
	CHECK_STR(rep.qname, "");
	CHECK(rep.qtype == 6);
}

static void
test_truncated(void)
{
	uint8_t q[512], r[512];
	struct dns_wire_reply rep;
	size_t rl, i;
	int n, ok = 1;

	n = dns_wire_query(q, sizeof(q), "www.example.org", 28, 42);
	memcpy(r, q, (size_t)n);
	rl = make_reply(r, (size_t)n);
	/* every prefix that cuts the header or question is malformed */
	for (i = 0; i < rl; i++)
		if (dns_wire_parse_reply(r, i, &rep) != -1)
			ok = 0;
	CHECK(ok);
	CHECK(dns_wire_parse_reply(r, rl, &rep) == 0);
	CHECK(dns_wire_parse_reply(NULL, 0, &rep) == -1);
}

static void
test_compression(void)
{
	uint8_t b[600];
	struct dns_wire_reply rep;
	size_t o;

	/*
	 * Offsets 5..7 (low qdcount octet, ancount) read as a name are
	 * 01 'a' 00: with qdcount 1 and ancount 0x6100 they spell "a".
	 */
	o = hdr(b, 0x8000, 1);
	b[6] = 'a';
	b[7] = 0x00;
	o = put(b, o, "\xc0\x05\x00\x01\x00\x01", 6);
	CHECK(dns_wire_parse_reply(b, o, &rep) == 0);
	CHECK_STR(rep.qname, "a");
	CHECK(rep.qtype == 1 && rep.ancount == 0x6100);

	/* labels then a pointer: "b.a" */
	o = hdr(b, 0x8000, 1);
	b[6] = 'a';
	o = put(b, o, "\x01" "B" "\xc0\x05\x00\x10\x00\x01", 8);
	CHECK(dns_wire_parse_reply(b, o, &rep) == 0);
	CHECK_STR(rep.qname, "b.a");
	CHECK(rep.qtype == 16);

	/* a pointer to the root at offset 4 (qdcount high octet 0) */
	o = hdr(b, 0x8000, 1);
	o = put(b, o, "\xc0\x04\x00\x01\x00\x01", 6);
	CHECK(dns_wire_parse_reply(b, o, &rep) == 0);
	CHECK_STR(rep.qname, "");

	/* a pointer to itself */
	o = hdr(b, 0x8000, 1);
	o = put(b, o, "\xc0\x0c\x00\x01\x00\x01", 6);
	CHECK(dns_wire_parse_reply(b, o, &rep) == -1);

	/* a label, then a pointer back to that label: a loop */
	o = hdr(b, 0x8000, 1);
	o = put(b, o, "\x01" "a" "\xc0\x0c\x00\x01\x00\x01", 8);
	CHECK(dns_wire_parse_reply(b, o, &rep) == -1);

	/* a forward pointer */
	o = hdr(b, 0x8000, 1);
	o = put(b, o, "\xc0\x0e\x01" "a" "\x00\x00\x01\x00\x01", 9);
	CHECK(dns_wire_parse_reply(b, o, &rep) == -1);

	/* a pointer cut after its first octet */
	o = hdr(b, 0x8000, 1);
	o = put(b, o, "\xc0", 1);
	CHECK(dns_wire_parse_reply(b, o, &rep) == -1);

	/* extended label types 0x40 and 0x80 */
	o = hdr(b, 0x8000, 1);
	o = put(b, o, "\x41" "a" "\x00\x00\x01\x00\x01", 7);
	CHECK(dns_wire_parse_reply(b, o, &rep) == -1);
	o = hdr(b, 0x8000, 1);
	o = put(b, o, "\x81" "a" "\x00\x00\x01\x00\x01", 7);
	CHECK(dns_wire_parse_reply(b, o, &rep) == -1);

	/* qdcount 0 and 2 */
	o = hdr(b, 0x8000, 0);
	o = put(b, o, "\x00\x00\x01\x00\x01", 5);
	CHECK(dns_wire_parse_reply(b, o, &rep) == -1);
	o = hdr(b, 0x8000, 2);
	o = put(b, o, "\x00\x00\x01\x00\x01\x00\x00\x01\x00\x01", 10);
	CHECK(dns_wire_parse_reply(b, o, &rep) == -1);
}

static void
test_name_lengths(void)
{
	uint8_t b[600];
	struct dns_wire_reply rep;
	size_t o;
	int i;

	/* a 64-octet label length is 0x40: an extended type, refused */
	o = hdr(b, 0x8000, 1);
	b[o++] = 64;
	memset(b + o, 'a', 64);
	o += 64;
	o = put(b, o, "\x00\x00\x01\x00\x01", 5);
	CHECK(dns_wire_parse_reply(b, o, &rep) == -1);

	/* 255 octets: 3 x 63 + 61 */
	o = hdr(b, 0x8000, 1);
	for (i = 0; i < 4; i++) {
		int l = i < 3 ? 63 : 61;

		b[o++] = (uint8_t)l;
		memset(b + o, 'x', (size_t)l);
		o += (size_t)l;
	}
	o = put(b, o, "\x00\x00\x01\x00\x01", 5);
	CHECK(dns_wire_parse_reply(b, o, &rep) == 0);
	CHECK(strlen(rep.qname) == 253);

	/* 256 octets */
	o = hdr(b, 0x8000, 1);
	for (i = 0; i < 4; i++) {
		int l = i < 3 ? 63 : 62;

		b[o++] = (uint8_t)l;
		memset(b + o, 'x', (size_t)l);
		o += (size_t)l;
	}
	o = put(b, o, "\x00\x00\x01\x00\x01", 5);
	CHECK(dns_wire_parse_reply(b, o, &rep) == -1);

	/* odd octets come out as \DDD; a dot inside a label too */
	o = hdr(b, 0x8000, 1);
	o = put(b, o, "\x03" "a.b" "\x02" "\x01\xff" "\x00\x00\x01\x00\x01",
	    12);
	CHECK(dns_wire_parse_reply(b, o, &rep) == 0);
	CHECK_STR(rep.qname, "a\\046b.\\001\\255");

	/* a 253-octet name of escapes does not fit qname[256]: refused */
	o = hdr(b, 0x8000, 1);
	for (i = 0; i < 4; i++) {
		int l = i < 3 ? 63 : 61;

		b[o++] = (uint8_t)l;
		memset(b + o, 0x01, (size_t)l);
		o += (size_t)l;
	}
	o = put(b, o, "\x00\x00\x01\x00\x01", 5);
	CHECK(dns_wire_parse_reply(b, o, &rep) == -1);
}

static void
test_matches(void)
{
	uint8_t q[512], r[512], q2[512];
	size_t rl;
	int n, n2;

	n = dns_wire_query(q, sizeof(q), "example.com", 1, 0x0102);
	memcpy(r, q, (size_t)n);
	rl = make_reply(r, (size_t)n);
	CHECK(dns_wire_matches(q, (size_t)n, r, rl) == 1);

	/* 0x20 case changes still match */
	r[13] = 'E';
	r[17] = 'P';
	CHECK(dns_wire_matches(q, (size_t)n, r, rl) == 1);

	/* other id */
	r[1] ^= 1;
	CHECK(dns_wire_matches(q, (size_t)n, r, rl) == 0);
	r[1] ^= 1;

	/* other qtype */
	r[12 + 13 + 1] = 28;
	CHECK(dns_wire_matches(q, (size_t)n, r, rl) == 0);
	r[12 + 13 + 1] = 1;

	/* other class */
	r[12 + 13 + 3] = 3;
	CHECK(dns_wire_matches(q, (size_t)n, r, rl) == 0);
	r[12 + 13 + 3] = 1;

	/* other name, same id */
	n2 = dns_wire_query(q2, sizeof(q2), "example.net", 1, 0x0102);
	CHECK(dns_wire_matches(q2, (size_t)n2, r, rl) == 0);

	/* a reflected query is no answer */
	CHECK(dns_wire_matches(q, (size_t)n, q, (size_t)n) == 0);

	/* other opcode */
	r[2] |= 0x10;
	CHECK(dns_wire_matches(q, (size_t)n, r, rl) == 0);
	r[2] &= (uint8_t)~0x10;

	/* truncated reply */
	CHECK(dns_wire_matches(q, (size_t)n, r, rl - 1) == 0);
	CHECK(dns_wire_matches(q, (size_t)n, r, 11) == 0);
	CHECK(dns_wire_matches(q, (size_t)n, NULL, 0) == 0);
	CHECK(dns_wire_matches(q, (size_t)n, r, rl) == 1);
}

static void
norm_ok(const char *in, const char *want)
{
	char out[256];
	const char *why = "unset";

	CHECK(dns_name_normalise(in, out, sizeof(out), &why) == 0);
	CHECK_STR(out, want);
}

static void
norm_bad(const char *in, const char *want_why)
{
	char out[256];
	const char *why = NULL;

	CHECK(dns_name_normalise(in, out, sizeof(out), &why) == -1);
	CHECK_STR(why, want_why);
}

static void
test_normalise(void)
{
	char l63[64], l64[65], name[300], out[256];
	const char *why;
	int i;

	memset(l63, 'a', 63);
	l63[63] = '\0';
	memset(l64, 'a', 64);
	l64[64] = '\0';

	norm_ok("example.nl", "example.nl");
	norm_ok("Example.NL.", "example.nl");
	norm_ok("test", "test");
	norm_ok("test.", "test");
	norm_ok("_dmarc.example.nl", "_dmarc.example.nl");
	norm_ok("_25._tcp.mx.example.nl", "_25._tcp.mx.example.nl");
	norm_ok("_mta-sts.example.nl", "_mta-sts.example.nl");
	norm_ok("_odd-.example.nl", "_odd-.example.nl");
	norm_ok("xn--bcher-kva.example", "xn--bcher-kva.example");
	norm_ok("a-b.c0.9z", "a-b.c0.9z");
	norm_ok("1.2.3", "1.2.3");
	norm_ok("4.3.2.1.in-addr.arpa", "4.3.2.1.in-addr.arpa");
	norm_ok(l63, l63);

	norm_bad("", "empty name");
	norm_bad(NULL, "empty name");
	norm_bad(".", "the root is not a domain name to test");
	norm_bad("a..b", "empty label (a leading dot or two dots in a row)");
	norm_bad(".a", "empty label (a leading dot or two dots in a row)");
	norm_bad("a..", "empty label (a leading dot or two dots in a row)");
	norm_bad("-", "a label may not begin or end with a hyphen");
	norm_bad("-a.nl", "a label may not begin or end with a hyphen");
	norm_bad("a-.nl", "a label may not begin or end with a hyphen");
	norm_bad("a.nl-", "a label may not begin or end with a hyphen");
	norm_bad(l64, "label longer than 63 characters");
	norm_bad("198.51.100.1", "an IP address is not a domain name");
	norm_bad("198.51.100.1.", "an IP address is not a domain name");
	norm_bad("2001:db8::1", "an IP address is not a domain name");
	norm_bad("::1", "an IP address is not a domain name");
	norm_bad("b\xc3\xbc" "cher.example",
	    "internationalised names must be given in A-label (xn--) form");
	norm_bad("a b.nl", "invalid character: only letters, digits, hyphen, "
	    "underscore and dots are allowed");
	norm_bad("a*.nl", "invalid character: only letters, digits, hyphen, "
	    "underscore and dots are allowed");
	norm_bad("[::1]", "invalid character: only letters, digits, hyphen, "
	    "underscore and dots are allowed");

	/* 253 characters pass, also with a trailing dot; 254 do not */
	snprintf(name, sizeof(name), "%s.%s.%s.%.61s", l63, l63, l63, l63);
	CHECK(strlen(name) == 253);
	norm_ok(name, name);
	name[253] = '.';
	name[254] = '\0';
	CHECK(dns_name_normalise(name, out, sizeof(out), &why) == 0);
	snprintf(name, sizeof(name), "%s.%s.%s.%.62s", l63, l63, l63, l63);
	CHECK(strlen(name) == 254);
	norm_bad(name, "name longer than 253 characters");

	/* many one-letter labels: 127 labels, 253 characters */
	for (i = 0; i < 127; i++) {
		name[2 * i] = 'a';
		name[2 * i + 1] = '.';
	}
	name[253] = '\0';
	CHECK(dns_name_normalise(name, out, sizeof(out), &why) == 0);

	/* output too small; a NULL why is allowed */
	CHECK(dns_name_normalise("example.nl", out, 5, &why) == -1);
	CHECK(dns_name_normalise("example.nl", out, sizeof(out), NULL) == 0);
}

static void
test_strings(void)
{
	CHECK_STR(dns_sec_str(DNS_SEC_SECURE), "secure");
	CHECK_STR(dns_sec_str(DNS_SEC_INSECURE), "insecure");
	CHECK_STR(dns_sec_str(DNS_SEC_BOGUS), "bogus");
	CHECK_STR(dns_sec_str(DNS_SEC_UNKNOWN), "unknown");
	CHECK_STR(dns_err_code(DNS_OK), "ok");
	CHECK_STR(dns_err_code(DNS_ERR_TIMEOUT), "timeout");
	CHECK_STR(dns_err_code(DNS_ERR_SERVFAIL), "servfail");
	CHECK_STR(dns_err_code(DNS_ERR_REFUSED), "refused");
	CHECK_STR(dns_err_code(DNS_ERR_BADREPLY), "bad_reply");
	CHECK_STR(dns_err_code(DNS_ERR_RESOLVER), "resolver_error");
	CHECK_STR(dns_err_code(DNS_ERR_NOMEM), "nomem");
	CHECK_STR(dns_err_code(DNS_ERR_CANCELLED), "cancelled");
}

/* A reply for t.test A, with flags and ancount answers of 198.51.100.x
 * owned by the question (pointer 0xc00c). */
static size_t
reply_a(uint8_t *b, uint16_t flags, unsigned ancount)
{
	static const uint8_t q[] = { 1, 't', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1 };
	size_t off = hdr(b, flags, 1);
	unsigned i;

	b[7] = (uint8_t)ancount;
	off = put(b, off, q, sizeof(q));
	for (i = 0; i < ancount; i++) {
		const uint8_t rr[] = { 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4,
		    198, 51, 100, (uint8_t)(i + 1) };

		off = put(b, off, rr, sizeof(rr));
	}
	return off;
}

/* An RRset too large for one message comes as TC with no answer: an
 * error, not "no such record" (RFC 2181 section 9); TC with the records
 * that fit keeps them; no TC and no answer is NODATA. */
static void
test_truncated_answer(void)
{
	uint8_t b[512];
	struct dns_answer *a;
	size_t n;

	n = reply_a(b, 0x8380, 0);          /* QR RD RA TC, NOERROR */
	a = dns_answer_from_wire("t.test", 1, b, n, 0, NULL);
	CHECK(a != NULL && a->err == DNS_ERR_BADREPLY);
	CHECK(a != NULL && a->detail != NULL && strstr(a->detail, "truncated"));
	CHECK(a != NULL && !dns_answer_nodata(a));
	dns_answer_free(a);

	n = reply_a(b, 0x8380, 2);
	a = dns_answer_from_wire("t.test", 1, b, n, 0, NULL);
	CHECK(a != NULL && a->err == DNS_OK && ldns_rr_list_rr_count(a->rrs) == 2);
	dns_answer_free(a);

	n = reply_a(b, 0x8180, 0);          /* QR RD RA, NOERROR */
	a = dns_answer_from_wire("t.test", 1, b, n, 0, NULL);
	CHECK(a != NULL && a->err == DNS_OK && dns_answer_nodata(a));
	dns_answer_free(a);
}

int
main(void)
{
	test_query_bytes();
	test_query_limits();
	test_round_trip();
	test_truncated();
	test_compression();
	test_name_lengths();
	test_matches();
	test_normalise();
	test_strings();
	test_truncated_answer();
	return unit_done("test_dnswire");
}
