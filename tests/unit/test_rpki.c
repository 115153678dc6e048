/*
 * RPKI route origin validation: the prefix reader, the VRP JSON and routes
 * text loaders, and RFC 6811 validation with RFC 9319's maxLength
 * warning. Every expected state is worked out by hand from RFC 6811 §2:
 * a VRP covers a route when its prefix length is at most the route's and
 * their bits agree that far; it matches when it also covers with a
 * maxLength at least the route's length and names the route's origin AS;
 * AS0 matches nothing (RFC 6483 §4), nor does an AS_SET origin (NONE).
 * Valid: some VRP matches. Invalid: covered, none matches. NotFound:
 * nothing covers.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "rpki/rpki.h"
#include "unit.h"

static char why[RPKI_WHY_MAX];
static struct rpki_route_result rr;
static struct rpki_addr_result ar;

static int
load_vrps(struct rpki_db *db, const char *json)
{
	return rpki_vrp_load_buffer(db, json, strlen(json), why, sizeof(why));
}

static int
load_routes(struct rpki_db *db, const char *text)
{
	return rpki_routes_load_buffer(db, text, strlen(text), why, sizeof(why));
}

/* The fatal reason for a document, or "loaded". */
static const char *
doc_why(const char *json)
{
	struct rpki_db *db = rpki_db_new();
	int r = load_vrps(db, json);

	rpki_db_free(db);
	return r == 0 ? "loaded" : why;
}

/* The skip reason for one "roas" entry, or "accepted". */
static const char *
entry_why(const char *entry)
{
	static char reason[RPKI_WHY_MAX + 8];
	char doc[512];
	struct rpki_db *db = rpki_db_new();

	snprintf(doc, sizeof(doc), "{\"roas\":[%s]}", entry);
	if (load_vrps(db, doc) != 0)
		snprintf(reason, sizeof(reason), "fatal: %s", why);
	else if (rpki_vrp_counts(db)->loaded == 1 &&
	    rpki_vrp_counts(db)->skipped == 0)
		snprintf(reason, sizeof(reason), "accepted");
	else
		snprintf(reason, sizeof(reason), "%s",
		    rpki_vrp_counts(db)->first_skip);
	rpki_db_free(db);
	return reason;
}

/* The skip reason for one routes line, or "accepted". */
static const char *
line_why(const char *line)
{
	static char reason[RPKI_WHY_MAX + 8];
	struct rpki_db *db = rpki_db_new();

	if (load_routes(db, line) != 0)
		snprintf(reason, sizeof(reason), "fatal: %s", why);
	else if (rpki_route_counts(db)->skipped == 0)
		snprintf(reason, sizeof(reason), "accepted");
	else
		snprintf(reason, sizeof(reason), "%s",
		    rpki_route_counts(db)->first_skip);
	rpki_db_free(db);
	return reason;
}

static struct rpki_prefix
pfx(const char *text)
{
	struct rpki_prefix p;
	char w[RPKI_WHY_MAX];

	if (rpki_prefix_parse(text, strlen(text), &p, w, sizeof(w)) != 0) {
		fprintf(stderr, "test prefix %s: %s\n", text, w);
		abort();
	}
	return p;
}

/* RFC 6811 state of (prefix, origin) against db's VRPs; details in rr. */
static enum rpki_state
route(const struct rpki_db *db, const char *prefix, uint32_t origin)
{
	struct rpki_route r;

	memset(&r, 0, sizeof(r));
	r.prefix = pfx(prefix);
	r.origin = origin;
	rpki_validate_route(db, &r, &rr);
	return rr.state;
}

static const char *
vrp_str(const struct rpki_vrp *v)
{
	static char buf[80];
	char p[RPKI_PREFIX_STR_MAX];

	snprintf(buf, sizeof(buf), "%s-%u AS%u", rpki_prefix_str(&v->prefix, p,
	    sizeof(p)), v->max_len, v->asn);
	return buf;
}

/* The n-th route of ar as "prefix ASn state[/why][ loose]". */
static const char *
route_str(size_t n)
{
	static char buf[96];
	char p[RPKI_PREFIX_STR_MAX], as[16];
	const struct rpki_route_result *r = &ar.routes[n];

	if (n >= ar.n_routes)
		return "(none)";
	if (r->route.origin_none)
		snprintf(as, sizeof(as), "AS_SET");
	else
		snprintf(as, sizeof(as), "AS%u", r->route.origin);
	snprintf(buf, sizeof(buf), "%s %s %s%s%s%s",
	    rpki_prefix_str(&r->route.prefix, p, sizeof(p)), as,
	    rpki_state_str(r->state),
	    r->state == RPKI_INVALID ? "/" : "",
	    r->state == RPKI_INVALID ? rpki_why_str(r->why) : "",
	    r->loose_max_len ? " loose" : "");
	return buf;
}

static enum rpki_state
addr(const struct rpki_db *db, const char *text)
{
	struct net_addr a;

	memset(&a, 0, sizeof(a));
	a.family = strchr(text, ':') != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(a.family, text, a.bytes) != 1)
		abort();
	snprintf(a.text, sizeof(a.text), "%s", text);
	if (rpki_validate_addr(db, &a, &ar) != 0)
		return (enum rpki_state)-1;
	return ar.state;
}

static void
test_prefix(void)
{
	struct rpki_prefix p;
	char s[RPKI_PREFIX_STR_MAX];

	CHECK(rpki_prefix_parse("127.0.2.0/24", 12, &p, why, sizeof(why)) == 0);
	CHECK(p.family == AF_INET && p.len == 24 && p.addr[0] == 127 &&
	    p.addr[3] == 0);
	CHECK_STR(rpki_prefix_str(&p, s, sizeof(s)), "127.0.2.0/24");
	p = pfx("2001:db8::/32");
	CHECK(p.family == AF_INET6 && p.len == 32 && p.addr[1] == 0x01);
	CHECK_STR(rpki_prefix_str(&p, s, sizeof(s)), "2001:db8::/32");
	p = pfx("0.0.0.0/0");
	CHECK(p.family == AF_INET && p.len == 0);
	p = pfx("::/0");
	CHECK(p.family == AF_INET6 && p.len == 0);
	p = pfx("127.0.2.1/32");
	CHECK(p.len == 32 && p.addr[3] == 1);
	p = pfx("2001:db8::1/128");
	CHECK(p.len == 128 && p.addr[15] == 1);
	/* Only the first n bytes count. */
	CHECK(rpki_prefix_parse("127.0.0.0/8 junk", 11, &p, why, sizeof(why)) == 0);
	CHECK(p.len == 8);

#define BAD(text, reason) do { \
	CHECK(rpki_prefix_parse(text, strlen(text), &p, why, sizeof(why)) == -1); \
	CHECK_STR(why, reason); \
} while (0)
	BAD("127.0.2.1/24", "prefix '127.0.2.1/24': host bits set (127.0.2.0/24 "
	    "is the network)");
	BAD("2001:db8::1/64", "prefix '2001:db8::1/64': host bits set "
	    "(2001:db8::/64 is the network)");
	BAD("127.0.2.0/33", "prefix '127.0.2.0/33': length 33 is longer than 32");
	BAD("2001:db8::/129", "prefix '2001:db8::/129': length 129 is longer "
	    "than 128");
	BAD("127.0.2.0", "prefix '127.0.2.0': no '/length'");
	BAD("127.0.2.0/", "prefix '127.0.2.0/': bad length");
	BAD("127.0.2.0/024", "prefix '127.0.2.0/024': bad length");
	BAD("127.0.2.0/+4", "prefix '127.0.2.0/+4': bad length");
	BAD("127.0.2.0/2 4", "prefix '127.0.2.0/2 4': bad length");
	BAD("127.0.2.0/1000", "prefix '127.0.2.0/1000': bad length");
	BAD("/24", "prefix '/24': bad address");
	BAD("300.0.2.0/24", "prefix '300.0.2.0/24': bad IPv4 address");
	BAD("127.0.2/24", "prefix '127.0.2/24': bad IPv4 address");
	BAD("2001:db8:::/32", "prefix '2001:db8:::/32': bad IPv6 address");
	BAD("fe80::1%eth0/64", "prefix 'fe80::1%eth0/64': bad IPv6 address");
	BAD(" 127.0.2.0/24", "prefix ' 127.0.2.0/24': bad IPv4 address");
	BAD("127.0.2.0/24/24", "prefix '127.0.2.0/24/24': bad length");
#undef BAD
	CHECK(rpki_prefix_parse("1.2.3.0\0/24", 11, &p, why, sizeof(why)) == -1);
	CHECK_STR(why, "prefix '1.2.3.0?/24': bad address");
}

static void
test_vrp_entries(void)
{
	/* rpki-client -j and Routinator json/jsonext spell the ASN both ways. */
	CHECK_STR(entry_why("{\"asn\":64496,\"prefix\":\"127.0.2.0/24\","
	    "\"maxLength\":24,\"ta\":\"ripe\",\"expires\":1764000000}"), "accepted");
	CHECK_STR(entry_why("{\"asn\":\"AS64496\",\"prefix\":\"127.0.2.0/24\","
	    "\"maxLength\":24,\"source\":[{\"type\":\"roa\",\"uri\":\"rsync://a/b."
	    "roa\",\"validity\":{\"notBefore\":\"x\",\"notAfter\":\"y\"}}]}"),
	    "accepted");
	CHECK_STR(entry_why("{\"asn\":\"as64496\",\"prefix\":\"127.0.2.0/24\"}"),
	    "accepted");
	CHECK_STR(entry_why("{\"asn\":\"64496\",\"prefix\":\"2001:db8::/32\","
	    "\"maxLength\":48}"), "accepted");
	CHECK_STR(entry_why("{\"prefix\":\"127.0.2.0/24\",\"maxLength\":32,"
	    "\"asn\":4294967295}"), "accepted");
	CHECK_STR(entry_why("{\"asn\":0,\"prefix\":\"0.0.0.0/0\","
	    "\"maxLength\":32}"), "accepted");
	CHECK_STR(entry_why("{\"asn\":1,\"prefix\":\"::/0\",\"maxLength\":128}"),
	    "accepted");
	CHECK_STR(entry_why("{\"a\\u0073n\":\"AS\\u00364496\",\"pre\\/fix\":1,"
	    "\"prefix\":\"127.0.2.0\\/24\"}"), "accepted");
	CHECK_STR(entry_why(" { \"asn\" : 1 , \"prefix\" : \"127.0.0.0/8\" } "),
	    "accepted");

	CHECK_STR(entry_why("{\"asn\":64496,\"prefix\":\"127.0.2.1/24\","
	    "\"maxLength\":24}"), "roas[0]: prefix '127.0.2.1/24': host bits set "
	    "(127.0.2.0/24 is the network)");
	CHECK_STR(entry_why("{\"asn\":64496,\"prefix\":\"127.0.2.0/24\","
	    "\"maxLength\":23}"), "roas[0]: maxLength 23 is shorter than the "
	    "prefix length 24");
	CHECK_STR(entry_why("{\"asn\":64496,\"prefix\":\"127.0.2.0/24\","
	    "\"maxLength\":33}"), "roas[0]: maxLength 33 is longer than 32");
	CHECK_STR(entry_why("{\"asn\":64496,\"prefix\":\"2001:db8::/32\","
	    "\"maxLength\":129}"), "roas[0]: maxLength is not a number from 0 to "
	    "128");
	CHECK_STR(entry_why("{\"asn\":64496,\"prefix\":\"127.0.2.0/24\","
	    "\"maxLength\":24.0}"), "roas[0]: maxLength is not a number from 0 to "
	    "128");
	CHECK_STR(entry_why("{\"asn\":64496,\"prefix\":\"127.0.2.0/24\","
	    "\"maxLength\":\"24\"}"), "roas[0]: 'maxLength' is not a number");
	CHECK_STR(entry_why("{\"asn\":4294967296,\"prefix\":\"127.0.2.0/24\"}"),
	    "roas[0]: asn is not a number from 0 to 4294967295");
	CHECK_STR(entry_why("{\"asn\":-1,\"prefix\":\"127.0.2.0/24\"}"),
	    "roas[0]: asn is not a number from 0 to 4294967295");
	CHECK_STR(entry_why("{\"asn\":6.4e4,\"prefix\":\"127.0.2.0/24\"}"),
	    "roas[0]: asn is not a number from 0 to 4294967295");
	CHECK_STR(entry_why("{\"asn\":\"AS\",\"prefix\":\"127.0.2.0/24\"}"),
	    "roas[0]: asn 'AS' is not an AS number");
	CHECK_STR(entry_why("{\"asn\":\"AS064496\",\"prefix\":\"127.0.2.0/24\"}"),
	    "roas[0]: asn 'AS064496' is not an AS number");
	CHECK_STR(entry_why("{\"asn\":\"AS 64496\",\"prefix\":\"127.0.2.0/24\"}"),
	    "roas[0]: asn 'AS 64496' is not an AS number");
	CHECK_STR(entry_why("{\"asn\":\"AS4294967296\",\"prefix\":\"127.0.2.0/24\"}"),
	    "roas[0]: asn 'AS4294967296' is not an AS number");
	CHECK_STR(entry_why("{\"asn\":null,\"prefix\":\"127.0.2.0/24\"}"),
	    "roas[0]: 'asn' is not a number or string");
	CHECK_STR(entry_why("{\"asn\":1,\"prefix\":[\"127.0.2.0/24\"]}"),
	    "roas[0]: 'prefix' is not a string");
	CHECK_STR(entry_why("{\"asn\":1,\"prefix\":\"127.0.2.0/24\",\"asn\":2}"),
	    "roas[0]: 'asn' appears twice");
	CHECK_STR(entry_why("{\"asn\":1}"), "roas[0]: no 'prefix'");
	CHECK_STR(entry_why("{\"prefix\":\"127.0.2.0/24\"}"), "roas[0]: no 'asn'");
	CHECK_STR(entry_why("{}"), "roas[0]: no 'prefix'");
	CHECK_STR(entry_why("42"), "roas[0]: not an object");
	CHECK_STR(entry_why("[{\"asn\":1,\"prefix\":\"127.0.2.0/24\"}]"),
	    "roas[0]: not an object");
	CHECK_STR(entry_why("{\"asn\":1,\"prefix\":\"127.0.2.0/24\\u00e9\"}"),
	    "roas[0]: prefix '127.0.2.0/24?': bad length");
	CHECK_STR(entry_why("{\"asn\":1,\"prefix\":\"127.0.2.0/24xxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}"),
	    "roas[0]: prefix '127.0.2.0/24xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' "
	    "is too long");
}

static void
test_vrp_documents(void)
{
	struct rpki_db *db = rpki_db_new();
	const struct rpki_counts *c = rpki_vrp_counts(db);
	char big[16384];
	size_t i, off;

	CHECK_STR(doc_why(""), "not JSON: empty document");
	CHECK_STR(doc_why(" \n "), "not JSON: empty document");
	CHECK_STR(doc_why("[]"), "line 1, column 1: the top level is not an "
	    "object");
	CHECK_STR(doc_why(" 42 "), "line 1, column 2: the top level is not an "
	    "object");
	CHECK_STR(doc_why("[] []"), "not JSON: line 1, column 4: data after the "
	    "top-level value");
	CHECK_STR(doc_why("{}"), "no 'roas' array");
	CHECK_STR(doc_why("{\"aspas\":[]}"), "no 'roas' array");
	CHECK_STR(doc_why("{\"roas\":{}}"), "line 1, column 9: 'roas' is not an "
	    "array");
	CHECK_STR(doc_why("{\"roas\":{},\"x\":1}"), "line 1, column 9: 'roas' is "
	    "not an array");
	/* Bad JSON after the bad shape: the bad JSON is the reason. */
	CHECK_STR(doc_why("{\"roas\":{\"a\":\"b\"c}}"), "not JSON: line 1, "
	    "column 17: ',' or '}' expected, found 'c'");
	CHECK_STR(doc_why("{\"roas\":[],\"roas\":[]}"), "line 1, column 19: "
	    "'roas' appears twice");
	CHECK_STR(doc_why("{\"roas\":[]} x"), "not JSON: line 1, column 13: data "
	    "after the top-level object");
	CHECK_STR(doc_why("{\"roas\":[]}{}"), "not JSON: line 1, column 12: data "
	    "after the top-level object");
	CHECK_STR(doc_why("{\n\"roas\": [\n{\"asn\": 1, \"prefix\": \"127.0.0.0/8\"}"),
	    "not JSON: line 3, column 36: ',' or ']' expected, found the end");
	CHECK_STR(doc_why("{\"roas\":[{\"asn\":1,}]}"), "not JSON: line 1, "
	    "column 19: member name expected, found '}'");
	CHECK_STR(doc_why("{\"roas\":[1,]}"), "not JSON: line 1, column 12: value "
	    "expected, found ']'");
	CHECK_STR(doc_why("{\"roas\":[01]}"), "not JSON: line 1, column 11: ',' or "
	    "']' expected, found '1'");
	CHECK_STR(doc_why("{\"roas\":[1.]}"), "not JSON: line 1, column 12: bad "
	    "number: digit expected after '.'");
	CHECK_STR(doc_why("{\"roas\":[tru]}"), "not JSON: line 1, column 10: bad "
	    "literal");
	CHECK_STR(doc_why("{\"roas\":[\"a\tb\"]}"), "not JSON: line 1, column 12: "
	    "control byte 0x09 in a string");
	CHECK_STR(doc_why("{\"roas\":[\"\\x\"]}"), "not JSON: line 1, column 12: "
	    "bad escape '\\x'");
	CHECK_STR(doc_why("{\"roas\":[\"\\ud800\"]}"), "not JSON: line 1, column "
	    "16: \\u escape: high surrogate without a low one");
	CHECK_STR(doc_why("{\"roas\":[\"\\udc00\"]}"), "not JSON: line 1, column "
	    "16: \\u escape: lone low surrogate");
	CHECK_STR(doc_why("{\"roas\":[\"\\ud83d\\ude00\"]}"), "loaded");
	CHECK_STR(doc_why("{\"roas\":[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"]}"),
	    "loaded");
	CHECK_STR(doc_why("{\"roas\":[\"\xc3\"]}"), "not JSON: line 1, column 11: "
	    "invalid UTF-8 in a string");
	CHECK_STR(doc_why("{\"roas\":[\"\xc0\xaf\"]}"), "not JSON: line 1, column "
	    "11: invalid UTF-8 in a string");
	CHECK_STR(doc_why("{\"roas\":[\"\xed\xa0\x80\"]}"), "not JSON: line 1, "
	    "column 11: invalid UTF-8 in a string");
	CHECK_STR(doc_why("{\"roas\":[\"abc]}"), "not JSON: line 1, column 16: "
	    "unterminated string");
	CHECK_STR(doc_why("\xef\xbb\xbf{\"roas\":[]}"), "not JSON: line 1, column "
	    "1: value expected, found byte 0xef");
	CHECK_STR(doc_why("{\"roas\":[],\"x\":[true,false,null,-0.5e+3,\"\",{}]}"),
	    "loaded");
	/* Nesting: the top object is level 1, so 63 brackets in a member reach
	 * level 64 and pass; 64 do not. */
	off = (size_t)snprintf(big, sizeof(big), "{\"roas\":[],\"x\":");
	for (i = 0; i < 64; i++)
		big[off++] = '[';
	for (i = 0; i < 64; i++)
		big[off++] = ']';
	snprintf(big + off, sizeof(big) - off, "}");
	CHECK_STR(doc_why(big), "not JSON: line 1, column 79: nested deeper than "
	    "64");
	memmove(big + 16, big + 17, strlen(big + 17) + 1);
	memmove(big + 16 + 63, big + 16 + 64, strlen(big + 16 + 64) + 1);
	CHECK_STR(doc_why(big), "loaded");

	/* Entries: good ones stay, bad ones are counted, the first reason kept. */
	CHECK(load_vrps(db, "{\"metadata\":{\"buildtime\":\"2026-11-26T00:00:00Z\"},"
	    "\"roas\":[{\"asn\":64496,\"prefix\":\"127.0.2.0/24\",\"maxLength\":24},"
	    "{\"asn\":64496,\"prefix\":\"127.0.3.0/23\",\"maxLength\":24},"
	    "{\"asn\":\"AS64497\",\"prefix\":\"2001:db8::/32\",\"maxLength\":48},"
	    "{\"asn\":64498,\"prefix\":\"198.51.100.0/24\",\"maxLength\":16},"
	    "{\"asn\":64496,\"prefix\":\"127.0.2.0/24\",\"maxLength\":24}]}") == 0);
	CHECK_STR(why, "roas[1]: prefix '127.0.3.0/23': host bits set "
	    "(127.0.2.0/23 is the network)");
	CHECK(c->loaded == 2 && c->skipped == 2 && c->duplicates == 1);
	CHECK_STR(c->first_skip, why);
	/* A later bad document changes nothing. */
	CHECK(load_vrps(db, "{\"roas\":[{\"asn\":1,\"prefix\":\"127.0.0.0/8\"}")
	    == -1);
	CHECK(c->loaded == 2 && c->skipped == 2 && c->duplicates == 1);
	CHECK(route(db, "127.0.0.0/8", 1) == RPKI_NOT_FOUND);
	/* A second good one adds; what is there already is a duplicate. */
	CHECK(load_vrps(db, "{\"roas\":[{\"asn\":64496,\"prefix\":\"127.0.2.0/24\","
	    "\"maxLength\":24},{\"asn\":1,\"prefix\":\"127.0.0.0/8\"}]}") == 0);
	CHECK_STR(why, "");
	CHECK(c->loaded == 3 && c->skipped == 2 && c->duplicates == 2);
	CHECK(route(db, "127.0.0.0/8", 1) == RPKI_VALID);
	CHECK(route(db, "127.0.2.0/24", 64496) == RPKI_VALID);
	CHECK(rpki_db_bytes(db) > 0);
	rpki_db_free(db);

	/* At most RPKI_PREFIX_ITEMS_MAX VRPs at one prefix. */
	db = rpki_db_new();
	off = (size_t)snprintf(big, sizeof(big), "{\"roas\":[");
	for (i = 0; i <= RPKI_PREFIX_ITEMS_MAX; i++)
		off += (size_t)snprintf(big + off, sizeof(big) - off,
		    "%s{\"asn\":%zu,\"prefix\":\"127.0.0.0/8\"}", i ? "," : "", i + 1);
	snprintf(big + off, sizeof(big) - off, "]}");
	CHECK(load_vrps(db, big) == 0);
	CHECK(rpki_vrp_counts(db)->loaded == RPKI_PREFIX_ITEMS_MAX);
	CHECK(rpki_vrp_counts(db)->skipped == 1);
	CHECK_STR(why, "127.0.0.0/8: more than 256 VRPs at one prefix");
	/* Kept in order: AS1 to AS256; AS257 was the one skipped. */
	CHECK(route(db, "127.0.0.0/8", 256) == RPKI_VALID);
	CHECK(route(db, "127.0.0.0/8", 257) == RPKI_INVALID);
	CHECK(rr.n_covering == RPKI_PREFIX_ITEMS_MAX);
	CHECK(rr.n_vrps_total == RPKI_PREFIX_ITEMS_MAX);
	CHECK(rr.n_vrps == RPKI_RESULT_VRPS_MAX);
	rpki_db_free(db);
}

static void
test_routes_text(void)
{
	struct rpki_db *db = rpki_db_new();
	const struct rpki_counts *c = rpki_route_counts(db);

	CHECK_STR(line_why("127.0.2.0/24 64496"), "accepted");
	CHECK_STR(line_why("127.0.2.0/24\tAS64496\n"), "accepted");
	CHECK_STR(line_why("  127.0.2.0/24 \t as64496 \r\n"), "accepted");
	CHECK_STR(line_why("127.0.2.0\t24\t64496"), "accepted");
	CHECK_STR(line_why("2001:db8::\t32\t64496_64497"), "accepted");
	CHECK_STR(line_why("127.0.2.0/24 64496,64497"), "accepted");
	CHECK_STR(line_why("127.0.2.0/24 64496_64497,64498_AS64499"), "accepted");
	CHECK_STR(line_why("127.0.2.0/24 64496 # from the RIB"), "accepted");
	CHECK_STR(line_why("# prefix origin\n\n   \n\t\n"), "accepted");
	CHECK_STR(line_why("0.0.0.0/0 0"), "accepted");

	CHECK_STR(line_why("127.0.2.1/24 64496"), "line 1: prefix '127.0.2.1/24': "
	    "host bits set (127.0.2.0/24 is the network)");
	CHECK_STR(line_why("127.0.2.0/24"), "line 1: expected 'prefix origin' or "
	    "'address length origin', found 1 field");
	CHECK_STR(line_why("\n127.0.2.0/24 64496 64497"), "line 2: expected "
	    "'prefix origin' or 'address length origin', found 3 fields");
	CHECK_STR(line_why("127.0.2.0 24 64496 1"), "line 1: expected 'prefix "
	    "origin' or 'address length origin', found 4 fields");
	CHECK_STR(line_why("127.0.2.0 33 64496"), "line 1: prefix '127.0.2.0/33': "
	    "length 33 is longer than 32");
	CHECK_STR(line_why("127.0.2.0/24 AS"), "line 1: bad origin 'AS' (an AS "
	    "number, 'AS' and a number, '_' between origins, ',' inside an "
	    "AS_SET)");
	CHECK_STR(line_why("127.0.2.0/24 4294967296"), "line 1: bad origin "
	    "'4294967296' (an AS number, 'AS' and a number, '_' between origins, "
	    "',' inside an AS_SET)");
	CHECK(strncmp(line_why("127.0.2.0/24 64496_"), "line 1: bad origin "
	    "'64496_'", 27) == 0);
	CHECK(strncmp(line_why("127.0.2.0/24 64496,"), "line 1: bad origin "
	    "'64496,'", 27) == 0);
	CHECK(strncmp(line_why("127.0.2.0/24 {64496}"), "line 1: bad origin", 18)
	    == 0);
	CHECK(strncmp(line_why("127.0.2.0/24 1.10"), "line 1: bad origin", 18) == 0);
	CHECK(strncmp(line_why("127.0.2.0/24 064496"), "line 1: bad origin", 18)
	    == 0);
	CHECK_STR(line_why("300.0.0.0/8 1"), "line 1: prefix '300.0.0.0/8': bad "
	    "IPv4 address");

	/* Counted per line, the first reason kept; good lines all stay. */
	CHECK(load_routes(db, "# test table\n"
	    "127.0.2.0/24 64496\n"
	    "127.0.2.0/24 64497_64498\n"
	    "127.0.2.0/25 bad\n"
	    "198.51.100.0 24 64499\n"
	    "127.0.2.0/24 64496\n"
	    "127.0.113.0/24\n"
	    "2001:db8::/32 AS64500") == 0);
	CHECK_STR(why, "line 4: bad origin 'bad' (an AS number, 'AS' and a number, "
	    "'_' between origins, ',' inside an AS_SET)");
	CHECK(c->loaded == 5 && c->skipped == 2 && c->duplicates == 1);
	CHECK_STR(c->first_skip, why);
	rpki_db_free(db);
}

static void
test_files(void)
{
	struct rpki_db *db = rpki_db_new();
	char path[] = "/tmp/test_rpki.XXXXXX";
	const char *json = "{\"roas\":[{\"asn\":64496,\"prefix\":\"127.0.2.0/24\","
	    "\"maxLength\":24},{\"asn\":1,\"prefix\":\"127.0.2.0/33\"}]}";
	int fd;

	CHECK(rpki_vrp_load_json(db, "/nonexistent/vrps.json", why,
	    sizeof(why)) == -1);
	CHECK_STR(why, "/nonexistent/vrps.json: No such file or directory");
	CHECK(rpki_routes_load(db, "/", why, sizeof(why)) == -1);
	CHECK_STR(why, "/: Is a directory");
	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, json, strlen(json)) == (ssize_t)strlen(json));
	close(fd);
	CHECK(rpki_vrp_load_json(db, path, why, sizeof(why)) == 0);
	CHECK_STR(why, "roas[1]: prefix '127.0.2.0/33': length 33 is longer than "
	    "32");
	CHECK(rpki_vrp_counts(db)->loaded == 1);
	/* The same file as a routes table: one line, not a route. */
	CHECK(rpki_routes_load(db, path, why, sizeof(why)) == 0);
	CHECK(rpki_route_counts(db)->loaded == 0 &&
	    rpki_route_counts(db)->skipped == 1);
	fd = open(path, O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && write(fd, "{\"roas\":", 8) == 8);
	if (fd >= 0)
		close(fd);
	CHECK(rpki_vrp_load_json(db, path, why, sizeof(why)) == -1);
	CHECK(strstr(why, ": not JSON: line 1, column 9: value expected, found "
	    "the end") != NULL);
	CHECK(strncmp(why, path, strlen(path)) == 0);
	CHECK(rpki_vrp_counts(db)->loaded == 1);
	unlink(path);
	rpki_db_free(db);
}

/* RFC 6811 §2 on hand-made VRPs, one route at a time. */
static void
test_rfc6811(void)
{
	struct rpki_db *db = rpki_db_new();
	char e[512];

	CHECK(load_vrps(db, "{\"roas\":["
	    "{\"asn\":64496,\"prefix\":\"127.0.2.0/24\",\"maxLength\":24},"
	    "{\"asn\":64497,\"prefix\":\"198.51.100.0/22\",\"maxLength\":23},"
	    "{\"asn\":0,\"prefix\":\"127.0.113.0/24\",\"maxLength\":32},"
	    "{\"asn\":64498,\"prefix\":\"2001:db8::/32\",\"maxLength\":48},"
	    "{\"asn\":64499,\"prefix\":\"2001:db8:1000::/36\",\"maxLength\":36},"
	    "{\"asn\":64500,\"prefix\":\"100.64.0.0/16\",\"maxLength\":24},"
	    "{\"asn\":64501,\"prefix\":\"100.64.0.0/16\",\"maxLength\":16},"
	    "{\"asn\":64510,\"prefix\":\"198.18.0.1/32\",\"maxLength\":32},"
	    "{\"asn\":64511,\"prefix\":\"2001:db8:ffff::1/128\",\"maxLength\":128}"
	    "]}") == 0);
	CHECK_STR(why, "");
	CHECK(rpki_vrp_counts(db)->loaded == 9);

	/* Exact match. */
	CHECK(route(db, "127.0.2.0/24", 64496) == RPKI_VALID);
	CHECK(rr.why == RPKI_WHY_NONE && !rr.loose_max_len);
	CHECK(rr.n_covering == 1 && rr.n_vrps == 1 && rr.n_vrps_total == 1);
	CHECK_STR(vrp_str(&rr.vrps[0]), "127.0.2.0/24-24 AS64496");
	CHECK_STR(rpki_route_explain(&rr, e, sizeof(e)), "127.0.2.0/24 AS64496: "
	    "valid (1 VRP: 127.0.2.0/24-24 AS64496)");
	/* Wrong origin. */
	CHECK(route(db, "127.0.2.0/24", 64511) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_ORIGIN && rr.n_vrps_total == 1);
	CHECK_STR(rpki_route_explain(&rr, e, sizeof(e)), "127.0.2.0/24 AS64511: "
	    "invalid: no VRP for AS64511 covers it (1 VRP: 127.0.2.0/24-24 "
	    "AS64496)");
	/* Too specific: the right AS, longer than maxLength. */
	CHECK(route(db, "127.0.2.0/25", 64496) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_LENGTH);
	CHECK_STR(rpki_route_explain(&rr, e, sizeof(e)), "127.0.2.0/25 AS64496: "
	    "invalid: /25 is longer than the maxLength of every VRP for AS64496 "
	    "(1 VRP: 127.0.2.0/24-24 AS64496)");
	CHECK(route(db, "127.0.2.128/32", 64496) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_LENGTH);
	/* Less specific than any VRP: nothing covers it. */
	CHECK(route(db, "127.0.0.0/16", 64496) == RPKI_NOT_FOUND);
	CHECK(rr.n_covering == 0 && rr.n_vrps == 0);
	CHECK_STR(rpki_route_explain(&rr, e, sizeof(e)), "127.0.0.0/16 AS64496: "
	    "not found: no VRP covers it");
	CHECK(route(db, "127.0.3.0/24", 64496) == RPKI_NOT_FOUND);
	/* maxLength: /22 to /23 valid, /24 too specific; RFC 9319 flags the
	 * /22, whose VRP also allows /23s. */
	CHECK(route(db, "198.51.100.0/22", 64497) == RPKI_VALID);
	CHECK(rr.loose_max_len);
	CHECK_STR(rpki_route_explain(&rr, e, sizeof(e)), "198.51.100.0/22 "
	    "AS64497: valid (1 VRP: 198.51.100.0/22-23 AS64497); maxLength is "
	    "longer than /22, so more-specifics are authorized too: those not "
	    "announced are open to forged-origin sub-prefix hijacks (RFC 9319)");
	CHECK(route(db, "198.51.102.0/23", 64497) == RPKI_VALID);
	CHECK(!rr.loose_max_len);
	CHECK(route(db, "198.51.102.0/24", 64497) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_LENGTH && !rr.loose_max_len);
	/* AS0 (RFC 6483 §4, RFC 7607): covers, matches nothing, even AS0. */
	CHECK(route(db, "127.0.113.0/24", 64505) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_AS0);
	CHECK_STR(rpki_route_explain(&rr, e, sizeof(e)), "127.0.113.0/24 AS64505: "
	    "invalid: only AS0 VRPs cover it (no origin is allowed) (1 VRP: "
	    "127.0.113.0/24-32 AS0)");
	CHECK(route(db, "127.0.113.0/24", 0) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_AS0);
	CHECK(route(db, "127.0.113.64/26", 0) == RPKI_INVALID);
	/* Overlapping VRPs at one prefix: the one of the route's AS decides. */
	CHECK(route(db, "100.64.0.0/16", 64501) == RPKI_VALID);
	CHECK(rr.n_covering == 2 && rr.n_vrps_total == 1);
	CHECK_STR(vrp_str(&rr.vrps[0]), "100.64.0.0/16-16 AS64501");
	CHECK(route(db, "100.64.1.0/24", 64500) == RPKI_VALID);
	CHECK(route(db, "100.64.1.0/24", 64501) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_LENGTH && rr.n_vrps_total == 2);
	CHECK(route(db, "100.64.1.0/25", 64500) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_LENGTH);
	CHECK(route(db, "100.64.0.0/16", 64502) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_ORIGIN);
	/* IPv6, nested VRPs of two ASes: the /36 of AS64499 inside the /32-48
	 * of AS64498. */
	CHECK(route(db, "2001:db8::/32", 64498) == RPKI_VALID);
	CHECK(rr.loose_max_len);
	CHECK(route(db, "2001:db8:2000::/48", 64498) == RPKI_VALID);
	CHECK(!rr.loose_max_len);
	CHECK(route(db, "2001:db8:2000::/49", 64498) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_LENGTH);
	CHECK(route(db, "2001:db8:1000::/36", 64499) == RPKI_VALID);
	CHECK(rr.n_covering == 2 && rr.n_vrps_total == 1 && !rr.loose_max_len);
	CHECK_STR(vrp_str(&rr.vrps[0]), "2001:db8:1000::/36-36 AS64499");
	CHECK(route(db, "2001:db8:1000::/48", 64498) == RPKI_VALID);
	CHECK(route(db, "2001:db8:1000::/48", 64499) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_LENGTH && rr.n_vrps == 2);
	CHECK_STR(vrp_str(&rr.vrps[0]), "2001:db8:1000::/36-36 AS64499");
	CHECK_STR(vrp_str(&rr.vrps[1]), "2001:db8::/32-48 AS64498");
	CHECK(route(db, "2001:db8::/31", 64498) == RPKI_NOT_FOUND);
	CHECK(route(db, "2001:db9::/32", 64498) == RPKI_NOT_FOUND);
	/* Host routes. */
	CHECK(route(db, "198.18.0.1/32", 64510) == RPKI_VALID);
	CHECK(route(db, "198.18.0.1/32", 64511) == RPKI_INVALID);
	CHECK(route(db, "198.18.0.0/31", 64510) == RPKI_NOT_FOUND);
	CHECK(route(db, "2001:db8:ffff::1/128", 64511) == RPKI_VALID);
	CHECK(route(db, "2001:db8:ffff::1/128", 64512) == RPKI_INVALID);
	CHECK(rr.n_covering == 2 && rr.why == RPKI_WHY_ORIGIN);
	CHECK(route(db, "2001:db8:ffff::/127", 64511) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_ORIGIN);
	/* The default route: only a /0 VRP could cover it. */
	CHECK(route(db, "0.0.0.0/0", 64496) == RPKI_NOT_FOUND);
	CHECK(route(db, "::/0", 64498) == RPKI_NOT_FOUND);
	/* Origin AS 0 matches no VRP, even one that covers. */
	CHECK(route(db, "127.0.2.0/24", 0) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_ORIGIN);
	rpki_db_free(db);
}

/* An AS_SET origin (NONE), and a /0 AS0 VRP over everything. */
static void
test_as_set_and_as0(void)
{
	struct rpki_db *db = rpki_db_new();
	struct rpki_route r;
	char e[256];

	CHECK(load_vrps(db, "{\"roas\":["
	    "{\"asn\":0,\"prefix\":\"0.0.0.0/0\",\"maxLength\":32},"
	    "{\"asn\":64496,\"prefix\":\"127.0.2.0/24\",\"maxLength\":24}]}") == 0);
	memset(&r, 0, sizeof(r));
	r.prefix = pfx("127.0.2.0/24");
	r.origin_none = 1;
	rpki_validate_route(db, &r, &rr);
	CHECK(rr.state == RPKI_INVALID && rr.why == RPKI_WHY_AS_SET);
	CHECK_STR(rpki_route_explain(&rr, e, sizeof(e)), "127.0.2.0/24 AS_SET: "
	    "invalid: the origin is an AS_SET, which matches no VRP (2 VRPs: "
	    "127.0.2.0/24-24 AS64496, 0.0.0.0/0-32 AS0)");
	CHECK(route(db, "127.0.2.0/24", 64496) == RPKI_VALID);
	CHECK(rr.n_covering == 2 && rr.n_vrps_total == 1);
	CHECK(route(db, "127.0.113.0/24", 64497) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_AS0);
	CHECK(route(db, "0.0.0.0/0", 64513) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_AS0);
	CHECK(route(db, "2001:db8::/32", 64497) == RPKI_NOT_FOUND);
	r.prefix = pfx("2001:db8::/32");
	rpki_validate_route(db, &r, &rr);
	CHECK(rr.state == RPKI_NOT_FOUND);
	/* Out-of-range input: no VRP walk. */
	r.prefix.family = AF_UNIX;
	rpki_validate_route(db, &r, &rr);
	CHECK(rr.state == RPKI_NOT_FOUND && rr.n_covering == 0);
	rpki_db_free(db);
}

/* RFC 9319: a loose maxLength lets a forged-origin sub-prefix hijack pass
 * ROV; minimal ROAs (one per announced prefix) do not. */
static void
test_rfc9319(void)
{
	struct rpki_db *loose = rpki_db_new(), *minimal = rpki_db_new();

	CHECK(load_vrps(loose, "{\"roas\":[{\"asn\":64496,\"prefix\":"
	    "\"127.168.0.0/16\",\"maxLength\":24}]}") == 0);
	CHECK(load_routes(loose, "127.168.0.0/16 64496\n") == 0);
	CHECK(route(loose, "127.168.0.0/16", 64496) == RPKI_VALID);
	CHECK(rr.loose_max_len);
	/* The hijacker announces a /24 with the victim's AS as the origin. */
	CHECK(route(loose, "127.168.225.0/24", 64496) == RPKI_VALID);
	CHECK(!rr.loose_max_len);
	/* The address is still routed by the /16 alone, but warned about. */
	CHECK(addr(loose, "127.168.225.1") == RPKI_VALID);
	CHECK(ar.any_loose_max_len && !ar.any_invalid);

	CHECK(load_vrps(minimal, "{\"roas\":[{\"asn\":64496,\"prefix\":"
	    "\"127.168.0.0/16\",\"maxLength\":16},{\"asn\":64496,\"prefix\":"
	    "\"127.168.225.0/24\",\"maxLength\":24}]}") == 0);
	CHECK(route(minimal, "127.168.0.0/16", 64496) == RPKI_VALID);
	CHECK(!rr.loose_max_len);
	CHECK(route(minimal, "127.168.225.0/24", 64496) == RPKI_VALID);
	CHECK(!rr.loose_max_len);
	CHECK(route(minimal, "127.168.226.0/24", 64496) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_LENGTH);
	CHECK(route(minimal, "127.168.0.0/16", 64497) == RPKI_INVALID);
	CHECK(rr.why == RPKI_WHY_ORIGIN);
	rpki_db_free(loose);
	rpki_db_free(minimal);
}

/* Addresses: every covering route, most specific first. */
static void
test_addresses(void)
{
	struct rpki_db *db = rpki_db_new();
	struct net_addr a;

	CHECK(load_vrps(db, "{\"roas\":["
	    "{\"asn\":64496,\"prefix\":\"127.0.2.0/24\",\"maxLength\":24},"
	    "{\"asn\":64497,\"prefix\":\"198.51.100.0/22\",\"maxLength\":23},"
	    "{\"asn\":0,\"prefix\":\"127.0.113.0/24\",\"maxLength\":32},"
	    "{\"asn\":64498,\"prefix\":\"2001:db8::/32\",\"maxLength\":48},"
	    "{\"asn\":64499,\"prefix\":\"2001:db8:1000::/36\",\"maxLength\":36},"
	    "{\"asn\":64500,\"prefix\":\"100.64.0.0/16\",\"maxLength\":24},"
	    "{\"asn\":64501,\"prefix\":\"100.64.0.0/16\",\"maxLength\":16},"
	    "{\"asn\":64510,\"prefix\":\"198.18.0.1/32\",\"maxLength\":32},"
	    "{\"asn\":64511,\"prefix\":\"2001:db8:ffff::1/128\",\"maxLength\":128}"
	    "]}") == 0);
	/* No routes yet. */
	CHECK(addr(db, "127.0.2.1") == RPKI_NO_ROUTE);
	CHECK(ar.n_routes == 0 && ar.n_routes_total == 0 && !ar.any_invalid);
	CHECK(load_routes(db,
	    "# prefix origin\n"
	    "127.0.2.0/24 64496\n"
	    "127.0.2.0/25 64496\n"
	    "198.51.100.0/22 64666_AS64497\n"
	    "198.51.100.0/23 AS64497\n"
	    "127.0.113.0\t24\t64505\n"
	    "2001:db8::/32 64498\n"
	    "2001:db8:1000::/36 64499\n"
	    "2001:db8:1000::/48 64499\n"
	    "198.18.0.1/32 64510\n"
	    "2001:db8:ffff::1/128 64512_64511\n"
	    "0.0.0.0/0 64513\n"
	    "100.64.0.0/16 64500,64501\n") == 0);
	CHECK_STR(why, "");
	CHECK(rpki_route_counts(db)->loaded == 14);

	CHECK(addr(db, "127.0.2.1") == RPKI_INVALID);
	CHECK(ar.n_routes == 3 && ar.n_routes_total == 3);
	CHECK_STR(route_str(0), "127.0.2.0/25 AS64496 invalid/length");
	CHECK_STR(route_str(1), "127.0.2.0/24 AS64496 valid");
	CHECK_STR(route_str(2), "0.0.0.0/0 AS64513 not_found");
	CHECK(ar.n_valid == 1 && ar.n_invalid == 1 && ar.n_not_found == 1);
	CHECK(ar.n_covered == 2 && ar.any_invalid && !ar.any_loose_max_len);

	CHECK(addr(db, "127.0.2.200") == RPKI_VALID);
	CHECK(ar.n_routes == 2 && !ar.any_invalid);
	CHECK_STR(route_str(0), "127.0.2.0/24 AS64496 valid");

	CHECK(addr(db, "198.51.100.1") == RPKI_VALID);
	CHECK(ar.n_routes == 4);
	CHECK_STR(route_str(0), "198.51.100.0/23 AS64497 valid");
	CHECK_STR(route_str(1), "198.51.100.0/22 AS64497 valid loose");
	CHECK_STR(route_str(2), "198.51.100.0/22 AS64666 invalid/origin");
	CHECK_STR(route_str(3), "0.0.0.0/0 AS64513 not_found");
	CHECK(ar.any_invalid && ar.any_loose_max_len && ar.n_covered == 3);

	/* Two origins at the most specific prefix: the worse one counts. */
	CHECK(addr(db, "198.51.102.1") == RPKI_INVALID);
	CHECK(ar.n_routes == 3 && ar.n_valid == 1 && ar.n_invalid == 1);

	CHECK(addr(db, "127.0.113.9") == RPKI_INVALID);
	CHECK_STR(route_str(0), "127.0.113.0/24 AS64505 invalid/as0");
	CHECK(addr(db, "233.252.0.1") == RPKI_NOT_FOUND);
	CHECK(ar.n_routes == 1 && ar.n_covered == 0);
	CHECK(addr(db, "198.18.0.1") == RPKI_VALID);
	CHECK_STR(route_str(0), "198.18.0.1/32 AS64510 valid");
	CHECK(addr(db, "198.18.0.2") == RPKI_NOT_FOUND);
	CHECK(addr(db, "100.64.0.1") == RPKI_INVALID);
	CHECK_STR(route_str(0), "100.64.0.0/16 AS_SET invalid/as_set");

	CHECK(addr(db, "2001:db8::1") == RPKI_VALID);
	CHECK(ar.n_routes == 1 && ar.any_loose_max_len);
	CHECK_STR(route_str(0), "2001:db8::/32 AS64498 valid loose");
	CHECK(addr(db, "2001:db8:1000::1") == RPKI_INVALID);
	CHECK_STR(route_str(0), "2001:db8:1000::/48 AS64499 invalid/length");
	CHECK_STR(route_str(1), "2001:db8:1000::/36 AS64499 valid");
	CHECK_STR(route_str(2), "2001:db8::/32 AS64498 valid loose");
	CHECK(addr(db, "2001:db8:1001::1") == RPKI_VALID);
	CHECK(ar.n_routes == 2);
	CHECK(addr(db, "2001:db8:ffff::1") == RPKI_INVALID);
	CHECK_STR(route_str(0), "2001:db8:ffff::1/128 AS64511 valid");
	CHECK_STR(route_str(1), "2001:db8:ffff::1/128 AS64512 invalid/origin");
	CHECK_STR(route_str(2), "2001:db8::/32 AS64498 valid loose");
	CHECK(addr(db, "2001:db8:ffff::2") == RPKI_VALID);
	CHECK(addr(db, "2001:db9::1") == RPKI_NO_ROUTE);
	CHECK(ar.n_routes == 0);

	/* IPv4-mapped IPv6 is looked up as IPv4 (and so finds 0.0.0.0/0). */
	CHECK(addr(db, "::ffff:127.0.2.200") == RPKI_VALID);
	CHECK(ar.n_routes == 2);
	CHECK_STR(route_str(0), "127.0.2.0/24 AS64496 valid");
	memset(&a, 0, sizeof(a));
	a.family = AF_UNIX;
	CHECK(rpki_validate_addr(db, &a, &ar) == -1);
	CHECK(ar.state == RPKI_NO_ROUTE && ar.n_routes == 0);
	rpki_db_free(db);
}

/* More routes cover an address than a result keeps. */
static void
test_caps(void)
{
	struct rpki_db *db = rpki_db_new();
	char text[4096];
	size_t off = 0;
	unsigned len;

	for (len = 8; len <= 32; len++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
		    "127.0.0.0/%u 64496\n", len);
	CHECK(load_routes(db, text) == 0);
	CHECK(load_vrps(db, "{\"roas\":[{\"asn\":64496,\"prefix\":\"127.0.0.0/8\","
	    "\"maxLength\":24}]}") == 0);
	CHECK(addr(db, "127.0.0.0") == RPKI_INVALID);
	CHECK(ar.n_routes_total == 25 && ar.n_routes == RPKI_RESULT_ROUTES_MAX);
	CHECK(ar.n_valid == 17 && ar.n_invalid == 8 && ar.n_covered == 25);
	CHECK_STR(route_str(0), "127.0.0.0/32 AS64496 invalid/length");
	CHECK_STR(route_str(RPKI_RESULT_ROUTES_MAX - 1),
	    "127.0.0.0/17 AS64496 valid loose");
	CHECK(addr(db, "127.0.0.1") == RPKI_INVALID);
	CHECK(ar.n_routes_total == 24);
	CHECK(addr(db, "127.128.0.0") == RPKI_VALID);
	CHECK(ar.n_routes_total == 1 && ar.any_loose_max_len);
	CHECK_STR(rpki_state_str(RPKI_NOT_FOUND), "not_found");
	CHECK_STR(rpki_state_str(RPKI_NO_ROUTE), "no_route");
	CHECK_STR(rpki_why_str(RPKI_WHY_AS_SET), "as_set");
	rpki_db_free(db);
}

int
main(void)
{
	test_prefix();
	test_vrp_entries();
	test_vrp_documents();
	test_routes_text();
	test_files();
	test_rfc6811();
	test_as_set_and_as0();
	test_rfc9319();
	test_addresses();
	test_caps();
	return unit_done("test_rpki");
}
