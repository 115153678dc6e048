/*
 * test_connzone: the connection test's authoritative answers (dns/connzone)
 * checked with ldns as a resolver would: records, flags, NODATA proofs,
 * signatures that verify with the zone's key (and the bogus zone's that do
 * not), keys kept across restarts; and the verdicts (checks/conn) for the
 * kinds of connection in section 5 of the spec.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "checks/conn/conn.h"
#include "dns/connzone.h"
#include "unit.h"

#define ID "0123456789abcdef0123"

static struct connzone *cz;

static ldns_pkt *
ask_full(const char *name, ldns_rr_type t, int edns, int do_bit,
    struct connzone_seen *seen, size_t *len_out)
{
	ldns_pkt *q = NULL, *r = NULL;
	uint8_t *w = NULL, out[65535];
	size_t wl, n;

	if (ldns_pkt_query_new_frm_str(&q, name, t, LDNS_RR_CLASS_IN,
	    LDNS_RD) != LDNS_STATUS_OK)
		return NULL;
	ldns_pkt_set_id(q, 4242);
	if (edns) {
		ldns_pkt_set_edns_udp_size(q, 1232);
		ldns_pkt_set_edns_do(q, do_bit);
	}
	if (ldns_pkt2wire(&w, q, &wl) != LDNS_STATUS_OK) {
		ldns_pkt_free(q);
		return NULL;
	}
	n = connzone_answer(cz, w, wl, 0, out, sizeof(out), seen);
	if (len_out != NULL)
		*len_out = n;
	if (n > 0 && ldns_wire2pkt(&r, out, n) != LDNS_STATUS_OK)
		r = NULL;
	free(w);
	ldns_pkt_free(q);
	return r;
}

static ldns_pkt *
ask(const char *name, ldns_rr_type t)
{
	return ask_full(name, t, 1, 1, NULL, NULL);
}

/* The DNSKEY RRset of a zone, as answered. */
static ldns_rr_list *
dnskeys(const char *zone)
{
	ldns_pkt *p = ask(zone, LDNS_RR_TYPE_DNSKEY);
	ldns_rr_list *l;

	if (p == NULL)
		return NULL;
	l = ldns_pkt_rr_list_by_type(p, LDNS_RR_TYPE_DNSKEY,
	    LDNS_SECTION_ANSWER);
	ldns_pkt_free(p);
	return l;
}

/* Do the records of type t in sec verify with keys? 1 yes, 0 no, -1 no
 * signature. */
static int
verifies(ldns_pkt *p, ldns_rr_type t, ldns_pkt_section sec,
    ldns_rr_list *keys)
{
	ldns_rr_list *set = ldns_pkt_rr_list_by_type(p, t, sec);
	ldns_rr_list *sigs = ldns_pkt_rr_list_by_type(p, LDNS_RR_TYPE_RRSIG,
	    sec);
	ldns_rr_list *good = ldns_rr_list_new();
	size_t i;
	int res = -1;

	for (i = 0; sigs != NULL && i < ldns_rr_list_rr_count(sigs); i++) {
		ldns_rr *s = ldns_rr_list_rr(sigs, i);

		if (ldns_rdf2rr_type(ldns_rr_rrsig_typecovered(s)) != t)
			continue;
		res = ldns_verify_rrsig_keylist(set, s, keys, good) ==
		    LDNS_STATUS_OK;
		break;
	}
	ldns_rr_list_deep_free(set);
	ldns_rr_list_deep_free(sigs);
	ldns_rr_list_free(good);
	return res;
}

static int
has_rr(ldns_pkt *p, ldns_pkt_section sec, const char *text)
{
	ldns_rr *want = NULL;
	ldns_rr_list *l;
	size_t i;
	int found = 0;

	if (ldns_rr_new_frm_str(&want, text, 0, NULL, NULL) != LDNS_STATUS_OK)
		return 0;
	l = ldns_pkt_get_section_clone(p, sec);
	for (i = 0; l != NULL && i < ldns_rr_list_rr_count(l); i++)
		if (ldns_rr_compare(ldns_rr_list_rr(l, i), want) == 0)
			found = 1;
	ldns_rr_list_deep_free(l);
	ldns_rr_free(want);
	return found;
}

static size_t
count(ldns_pkt *p, ldns_rr_type t, ldns_pkt_section sec)
{
	ldns_rr_list *l = ldns_pkt_rr_list_by_type(p, t, sec);
	size_t n = l != NULL ? ldns_rr_list_rr_count(l) : 0;

	ldns_rr_list_deep_free(l);
	return n;
}

static void
test_answers(void)
{
	ldns_rr_list *kc = dnskeys("conn.uptodate.test."),
	    *kb = dnskeys("bogus.conn.uptodate.test."),
	    *k6 = dnskeys("conn6.uptodate.test.");
	ldns_pkt *p;
	ldns_rr_list *l;
	struct connzone_seen seen;
	size_t n;

	CHECK(kc != NULL && ldns_rr_list_rr_count(kc) == 1);
	CHECK(kb != NULL && ldns_rr_list_rr_count(kb) == 1);
	CHECK(k6 != NULL && ldns_rr_list_rr_count(k6) == 1);
	CHECK(ldns_rdf2native_int16(ldns_rr_dnskey_flags(ldns_rr_list_rr(kc, 0)))
	    == 257);
	CHECK(ldns_rdf2native_int8(ldns_rr_dnskey_algorithm(
	    ldns_rr_list_rr(kc, 0))) == LDNS_ECDSAP256SHA256);

	/* the DNSKEY RRsets are self-signed correctly */
	p = ask("conn.uptodate.test.", LDNS_RR_TYPE_DNSKEY);
	CHECK(p != NULL && verifies(p, LDNS_RR_TYPE_DNSKEY, LDNS_SECTION_ANSWER,
	    kc) == 1);
	ldns_pkt_free(p);
	p = ask("bogus.conn.uptodate.test.", LDNS_RR_TYPE_DNSKEY);
	CHECK(p != NULL && verifies(p, LDNS_RR_TYPE_DNSKEY, LDNS_SECTION_ANSWER,
	    kb) == 1);
	ldns_pkt_free(p);

	/* AAAA-only name */
	p = ask_full(ID ".aaaa.conn.uptodate.test.", LDNS_RR_TYPE_AAAA, 1, 1,
	    &seen, NULL);
	CHECK(p != NULL && ldns_pkt_get_rcode(p) == LDNS_RCODE_NOERROR);
	CHECK(p != NULL && ldns_pkt_aa(p) && ldns_pkt_qr(p) &&
	    ldns_pkt_id(p) == 4242);
	CHECK(p != NULL && has_rr(p, LDNS_SECTION_ANSWER, ID
	    ".aaaa.conn.uptodate.test. 60 IN AAAA 2001:db8::170"));
	CHECK(p != NULL && verifies(p, LDNS_RR_TYPE_AAAA, LDNS_SECTION_ANSWER,
	    kc) == 1);
	CHECK(seen.probe == CONNZONE_PROBE_AAAA);
	CHECK_STR(seen.id, ID);
	CHECK(seen.qtype == LDNS_RR_TYPE_AAAA);
	ldns_pkt_free(p);

	/* ... and it has no A: NODATA with SOA and a signed NSEC of the name
	 * alone that lists AAAA and not A */
	p = ask(ID ".aaaa.conn.uptodate.test.", LDNS_RR_TYPE_A);
	CHECK(p != NULL && ldns_pkt_get_rcode(p) == LDNS_RCODE_NOERROR);
	CHECK(p != NULL && ldns_pkt_ancount(p) == 0);
	CHECK(p != NULL && count(p, LDNS_RR_TYPE_SOA, LDNS_SECTION_AUTHORITY) == 1);
	l = p != NULL ? ldns_pkt_rr_list_by_type(p, LDNS_RR_TYPE_NSEC,
	    LDNS_SECTION_AUTHORITY) : NULL;
	CHECK(l != NULL && ldns_rr_list_rr_count(l) == 1);
	if (l != NULL && ldns_rr_list_rr_count(l) == 1) {
		ldns_rr *ns = ldns_rr_list_rr(l, 0);
		ldns_rdf *owner = ldns_dname_new_frm_str(ID
		    ".aaaa.conn.uptodate.test.");

		CHECK(ldns_dname_compare(ldns_rr_owner(ns), owner) == 0);
		CHECK(ldns_nsec_bitmap_covers_type(ldns_nsec_get_bitmap(ns),
		    LDNS_RR_TYPE_AAAA));
		CHECK(!ldns_nsec_bitmap_covers_type(ldns_nsec_get_bitmap(ns),
		    LDNS_RR_TYPE_A));
		CHECK(ldns_nsec_bitmap_covers_type(ldns_nsec_get_bitmap(ns),
		    LDNS_RR_TYPE_NSEC));
		/* the NSEC covers no other name below */
		{
			ldns_rdf *other = ldns_dname_new_frm_str("x." ID
			    ".aaaa.conn.uptodate.test.");

			CHECK(!ldns_nsec_covers_name(ns, other));
			ldns_rdf_deep_free(other);
		}
		ldns_rdf_deep_free(owner);
	}
	ldns_rr_list_deep_free(l);
	CHECK(p != NULL && verifies(p, LDNS_RR_TYPE_NSEC,
	    LDNS_SECTION_AUTHORITY, kc) == 1);
	CHECK(p != NULL && verifies(p, LDNS_RR_TYPE_SOA,
	    LDNS_SECTION_AUTHORITY, kc) == 1);
	ldns_pkt_free(p);

	/* A-only name */
	p = ask(ID ".a.conn.uptodate.test.", LDNS_RR_TYPE_A);
	CHECK(p != NULL && has_rr(p, LDNS_SECTION_ANSWER, ID
	    ".a.conn.uptodate.test. 60 IN A 198.51.100.170"));
	CHECK(p != NULL && verifies(p, LDNS_RR_TYPE_A, LDNS_SECTION_ANSWER,
	    kc) == 1);
	ldns_pkt_free(p);
	p = ask(ID ".a.conn.uptodate.test.", LDNS_RR_TYPE_AAAA);
	CHECK(p != NULL && ldns_pkt_ancount(p) == 0 &&
	    ldns_pkt_get_rcode(p) == LDNS_RCODE_NOERROR);
	ldns_pkt_free(p);

	/* the bogus zone: DS in conn.Z signed by conn.Z's key and matching
	 * the bogus zone's key; its probe records' signatures do not verify */
	p = ask("bogus.conn.uptodate.test.", LDNS_RR_TYPE_DS);
	CHECK(p != NULL && count(p, LDNS_RR_TYPE_DS, LDNS_SECTION_ANSWER) == 1);
	CHECK(p != NULL && verifies(p, LDNS_RR_TYPE_DS, LDNS_SECTION_ANSWER,
	    kc) == 1);
	l = p != NULL ? ldns_pkt_rr_list_by_type(p, LDNS_RR_TYPE_DS,
	    LDNS_SECTION_ANSWER) : NULL;
	CHECK(l != NULL && kb != NULL && ldns_rr_compare_ds(
	    ldns_rr_list_rr(l, 0), ldns_rr_list_rr(kb, 0)));
	ldns_rr_list_deep_free(l);
	ldns_pkt_free(p);
	p = ask_full(ID ".bogus.conn.uptodate.test.", LDNS_RR_TYPE_A, 1, 1,
	    &seen, NULL);
	CHECK(p != NULL && has_rr(p, LDNS_SECTION_ANSWER, ID
	    ".bogus.conn.uptodate.test. 60 IN A 198.51.100.170"));
	CHECK(p != NULL && verifies(p, LDNS_RR_TYPE_A, LDNS_SECTION_ANSWER,
	    kb) == 0);
	CHECK(seen.probe == CONNZONE_PROBE_BOGUS);
	ldns_pkt_free(p);
	p = ask(ID ".bogus.conn.uptodate.test.", LDNS_RR_TYPE_AAAA);
	CHECK(p != NULL && has_rr(p, LDNS_SECTION_ANSWER, ID
	    ".bogus.conn.uptodate.test. 60 IN AAAA 2001:db8::170"));
	CHECK(p != NULL && verifies(p, LDNS_RR_TYPE_AAAA, LDNS_SECTION_ANSWER,
	    kb) == 0);
	ldns_pkt_free(p);

	/* conn6: the name server has only an AAAA record */
	p = ask("conn6.uptodate.test.", LDNS_RR_TYPE_NS);
	CHECK(p != NULL && has_rr(p, LDNS_SECTION_ANSWER,
	    "conn6.uptodate.test. 60 IN NS ns.conn6.uptodate.test."));
	CHECK(p != NULL && has_rr(p, LDNS_SECTION_ADDITIONAL,
	    "ns.conn6.uptodate.test. 60 IN AAAA 2001:db8::170"));
	CHECK(p != NULL && count(p, LDNS_RR_TYPE_A, LDNS_SECTION_ADDITIONAL) == 0);
	ldns_pkt_free(p);
	p = ask("ns.conn6.uptodate.test.", LDNS_RR_TYPE_A);
	CHECK(p != NULL && ldns_pkt_ancount(p) == 0 &&
	    ldns_pkt_get_rcode(p) == LDNS_RCODE_NOERROR);
	ldns_pkt_free(p);
	p = ask("ns.conn.uptodate.test.", LDNS_RR_TYPE_A);
	CHECK(p != NULL && has_rr(p, LDNS_SECTION_ANSWER,
	    "ns.conn.uptodate.test. 60 IN A 198.51.100.170"));
	ldns_pkt_free(p);
	p = ask_full(ID ".a-aaaa.conn6.uptodate.test.", LDNS_RR_TYPE_AAAA, 1, 1,
	    &seen, NULL);
	CHECK(p != NULL && has_rr(p, LDNS_SECTION_ANSWER, ID
	    ".a-aaaa.conn6.uptodate.test. 60 IN AAAA 2001:db8::170"));
	CHECK(p != NULL && verifies(p, LDNS_RR_TYPE_AAAA, LDNS_SECTION_ANSWER,
	    k6) == 1);
	CHECK(seen.probe == CONNZONE_PROBE_CONN6);
	ldns_pkt_free(p);
	p = ask(ID ".a-aaaa.conn6.uptodate.test.", LDNS_RR_TYPE_A);
	CHECK(p != NULL && has_rr(p, LDNS_SECTION_ANSWER, ID
	    ".a-aaaa.conn6.uptodate.test. 60 IN A 198.51.100.170"));
	ldns_pkt_free(p);

	/* without DO: no signatures, no NSEC */
	p = ask_full(ID ".aaaa.conn.uptodate.test.", LDNS_RR_TYPE_A, 1, 0, NULL,
	    NULL);
	CHECK(p != NULL && count(p, LDNS_RR_TYPE_RRSIG, LDNS_SECTION_AUTHORITY)
	    == 0 && count(p, LDNS_RR_TYPE_NSEC, LDNS_SECTION_AUTHORITY) == 0);
	ldns_pkt_free(p);
	/* without EDNS: no OPT in the reply */
	p = ask_full(ID ".a.conn.uptodate.test.", LDNS_RR_TYPE_A, 0, 0, NULL,
	    NULL);
	CHECK(p != NULL && !ldns_pkt_edns(p) && ldns_pkt_ancount(p) == 1);
	ldns_pkt_free(p);

	/* names that are not probes: empty non-terminal, unknown name, a
	 * malformed id (answered, but no probe recorded) */
	p = ask("aaaa.conn.uptodate.test.", LDNS_RR_TYPE_A);
	CHECK(p != NULL && ldns_pkt_get_rcode(p) == LDNS_RCODE_NOERROR &&
	    ldns_pkt_ancount(p) == 0);
	ldns_pkt_free(p);
	p = ask_full("nosuch.conn.uptodate.test.", LDNS_RR_TYPE_A, 1, 1, &seen,
	    NULL);
	CHECK(p != NULL && ldns_pkt_get_rcode(p) == LDNS_RCODE_NOERROR &&
	    ldns_pkt_ancount(p) == 0 && seen.probe == CONNZONE_PROBE_NONE);
	CHECK(p != NULL && verifies(p, LDNS_RR_TYPE_NSEC,
	    LDNS_SECTION_AUTHORITY, kc) == 1);
	ldns_pkt_free(p);
	p = ask_full("NOTHEX.aaaa.conn.uptodate.test.", LDNS_RR_TYPE_AAAA, 1, 1,
	    &seen, NULL);
	CHECK(p != NULL && count(p, LDNS_RR_TYPE_AAAA, LDNS_SECTION_ANSWER) == 1
	    && seen.probe == CONNZONE_PROBE_NONE);
	ldns_pkt_free(p);
	/* case does not matter (0x20 randomisation) */
	p = ask_full("0123456789ABCDEF0123.AAAA.Conn.Uptodate.Test.",
	    LDNS_RR_TYPE_AAAA, 1, 1, &seen, NULL);
	CHECK(p != NULL && ldns_pkt_ancount(p) == 2 &&
	    seen.probe == CONNZONE_PROBE_AAAA);
	CHECK_STR(seen.id, ID);
	ldns_pkt_free(p);

	/* outside our zones */
	p = ask("good.test.", LDNS_RR_TYPE_A);
	CHECK(p != NULL && ldns_pkt_get_rcode(p) == LDNS_RCODE_REFUSED &&
	    !ldns_pkt_aa(p));
	ldns_pkt_free(p);
	p = ask("uptodate.test.", LDNS_RR_TYPE_A);
	CHECK(p != NULL && ldns_pkt_get_rcode(p) == LDNS_RCODE_REFUSED);
	ldns_pkt_free(p);
	p = ask("conn.uptodate.test.", LDNS_RR_TYPE_AXFR);
	CHECK(p != NULL && ldns_pkt_get_rcode(p) == LDNS_RCODE_REFUSED);
	ldns_pkt_free(p);

	/* apex */
	p = ask("conn.uptodate.test.", LDNS_RR_TYPE_SOA);
	CHECK(p != NULL && count(p, LDNS_RR_TYPE_SOA, LDNS_SECTION_ANSWER) == 1 &&
	    verifies(p, LDNS_RR_TYPE_SOA, LDNS_SECTION_ANSWER, kc) == 1);
	ldns_pkt_free(p);
	p = ask("conn.uptodate.test.", LDNS_RR_TYPE_NS);
	CHECK(p != NULL && has_rr(p, LDNS_SECTION_ADDITIONAL,
	    "ns.conn.uptodate.test. 60 IN A 198.51.100.170") &&
	    has_rr(p, LDNS_SECTION_ADDITIONAL,
	    "ns.conn.uptodate.test. 60 IN AAAA 2001:db8::170"));
	ldns_pkt_free(p);

	/* wire-level misuse */
	{
		uint8_t out[1024], q[64];

		memset(q, 0, sizeof(q));
		CHECK(connzone_answer(cz, q, 5, 0, out, sizeof(out), NULL) == 0);
		q[0] = 0x12;
		q[1] = 0x34;
		q[2] = 0x80;                  /* a reply: dropped */
		CHECK(connzone_answer(cz, q, 12, 0, out, sizeof(out), NULL) == 0);
		q[2] = 0x28;                  /* opcode 5 (UPDATE) */
		n = connzone_answer(cz, q, 12, 0, out, sizeof(out), NULL);
		CHECK(n == 12 && (out[3] & 0x0f) == LDNS_RCODE_NOTIMPL &&
		    out[0] == 0x12 && out[1] == 0x34 && (out[2] & 0x80));
		q[2] = 0x01;
		q[5] = 1;                     /* one question that is not there */
		n = connzone_answer(cz, q, 12, 0, out, sizeof(out), NULL);
		CHECK(n == 12 && (out[3] & 0x0f) == LDNS_RCODE_FORMERR);
	}
	ldns_rr_list_deep_free(kc);
	ldns_rr_list_deep_free(kb);
	ldns_rr_list_deep_free(k6);
}

static void
test_hosts(void)
{
	char id[CONNZONE_ID_LEN + 1];

	CHECK(connzone_probe_of_host(cz, ID ".aaaa.conn.uptodate.test", id) ==
	    CONNZONE_PROBE_AAAA);
	CHECK_STR(id, ID);
	CHECK(connzone_probe_of_host(cz, ID ".A.conn.uptodate.test.:8080", id) ==
	    CONNZONE_PROBE_A);
	CHECK(connzone_probe_of_host(cz, ID ".bogus.conn.uptodate.test", id) ==
	    CONNZONE_PROBE_BOGUS);
	CHECK(connzone_probe_of_host(cz, ID ".a-aaaa.conn6.uptodate.test", id) ==
	    CONNZONE_PROBE_CONN6);
	CHECK(connzone_probe_of_host(cz, ID ".a-aaaa.conn.uptodate.test", id) ==
	    CONNZONE_PROBE_NONE);
	CHECK(connzone_probe_of_host(cz, "x" ID ".a.conn.uptodate.test", id) ==
	    CONNZONE_PROBE_NONE);
	CHECK(connzone_probe_of_host(cz, ID ".a.conn.uptodate.test.evil", id) ==
	    CONNZONE_PROBE_NONE);
	CHECK(connzone_probe_of_host(cz, "uptodate.test", id) ==
	    CONNZONE_PROBE_NONE);
	CHECK(connzone_probe_of_host(cz, "[2001:db8::170]", id) ==
	    CONNZONE_PROBE_NONE);
	CHECK(connzone_probe_of_host(cz, NULL, id) == CONNZONE_PROBE_NONE);
	CHECK(connzone_id_ok(ID));
	CHECK(!connzone_id_ok("0123456789abcdef012"));
	CHECK(!connzone_id_ok("0123456789abcdef0123a"));
	CHECK(!connzone_id_ok("0123456789ABCDEF0123"));
}

/* --- verdicts -------------------------------------------------------------- */

static void
saw(struct conn_obs *o, enum connzone_probe p, int fam, const char *addr)
{
	uint8_t b[16];

	o->http[p].seen = 1;
	o->http[p].family = fam;
	if (inet_pton(fam == 6 ? AF_INET6 : AF_INET, addr, b) == 1) {
		conn_addr_truncate(fam, b, o->http[p].addr, sizeof(o->http[p].addr));
		o->http[p].eui64 = fam == 6 && conn_addr_eui64(b);
	}
}

static const char *
status_of(json_t *r, const char *section, const char *name)
{
	return json_string_value(json_object_get(json_object_get(json_object_get(
	    json_object_get(r, "results"), section), name), "status"));
}

static long
pct(json_t *r)
{
	return (long)json_integer_value(json_object_get(json_object_get(r,
	    "scoring"), "percentage"));
}

static void
test_verdicts(void)
{
	struct conn_obs o;
	json_t *r;
	char t[64];
	uint8_t b[16];

	inet_pton(AF_INET6, "2001:db8:fffd::2", b);
	conn_addr_truncate(6, b, t, sizeof(t));
	CHECK_STR(t, "2001:db8::/32");
	CHECK(!conn_addr_eui64(b));
	inet_pton(AF_INET, "198.51.100.178", b);
	conn_addr_truncate(4, b, t, sizeof(t));
	CHECK_STR(t, "198.51.0.0/16");
	inet_pton(AF_INET6, "2001:db8:1:2:211:22ff:fe33:4455", b);
	CHECK(conn_addr_eui64(b));

	/* everything works: IPv4+IPv6, validating resolver with IPv6 */
	memset(&o, 0, sizeof(o));
	saw(&o, CONNZONE_PROBE_A, 4, "198.51.100.178");
	saw(&o, CONNZONE_PROBE_AAAA, 6, "2001:db8:fffd::2");
	saw(&o, CONNZONE_PROBE_CONN6, 6, "2001:db8:fffd::2");
	saw(&o, CONNZONE_PROBE_LITERAL, 6, "2001:db8:fffd::2");
	r = conn_report(&o);
	CHECK(pct(r) == 100);
	CHECK_STR(status_of(r, "categories", "conn_ipv6"), "passed");
	CHECK_STR(status_of(r, "categories", "conn_dnssec"), "passed");
	CHECK_STR(status_of(r, "categories", "conn_ipv4"), "info");
	CHECK_STR(status_of(r, "tests", "conn_ipv6_name"), "passed");
	CHECK_STR(status_of(r, "tests", "conn_ipv6_literal"), "passed");
	CHECK_STR(status_of(r, "tests", "conn_ipv6_resolver"), "passed");
	CHECK_STR(status_of(r, "tests", "conn_ipv6_privacy"), "passed");
	CHECK_STR(status_of(r, "tests", "conn_ipv4_reach"), "passed");
	CHECK_STR(status_of(r, "tests", "conn_dnssec_validation"), "passed");
	CHECK_STR(json_string_value(json_object_get(r, "test_type")),
	    "connection");
	json_decref(r);

	/* resolver does not validate: the bogus name was fetched */
	saw(&o, CONNZONE_PROBE_BOGUS, 6, "2001:db8:fffc::2");
	r = conn_report(&o);
	CHECK_STR(status_of(r, "tests", "conn_dnssec_validation"), "failed");
	CHECK_STR(status_of(r, "categories", "conn_dnssec"), "failed");
	CHECK(pct(r) == 50);
	json_decref(r);

	/* no IPv6 at all, validating resolver that has IPv6 */
	memset(&o, 0, sizeof(o));
	saw(&o, CONNZONE_PROBE_A, 4, "198.51.100.182");
	saw(&o, CONNZONE_PROBE_CONN6, 4, "198.51.100.182");
	r = conn_report(&o);
	CHECK_STR(status_of(r, "categories", "conn_ipv6"), "failed");
	CHECK_STR(status_of(r, "tests", "conn_ipv6_name"), "failed");
	CHECK_STR(status_of(r, "tests", "conn_ipv6_literal"), "failed");
	CHECK_STR(status_of(r, "tests", "conn_ipv6_resolver"), "passed");
	CHECK_STR(status_of(r, "tests", "conn_ipv6_privacy"), "not_tested");
	CHECK_STR(status_of(r, "categories", "conn_ipv4"), "info");
	CHECK_STR(status_of(r, "tests", "conn_dnssec_validation"), "passed");
	CHECK(pct(r) == (20 + 100) / 2);
	json_decref(r);

	/* the resolver has no IPv6: the conn6 name never resolved, and the DNS
	 * side saw it asked only over IPv4 (if at all) */
	memset(&o, 0, sizeof(o));
	saw(&o, CONNZONE_PROBE_A, 4, "198.51.100.186");
	saw(&o, CONNZONE_PROBE_AAAA, 6, "2001:db8:fffa::2");
	saw(&o, CONNZONE_PROBE_LITERAL, 6, "2001:db8:fffa::2");
	o.dns[0].probe = CONNZONE_PROBE_CONN6;
	o.dns[0].family = 4;
	o.n_dns = 1;
	r = conn_report(&o);
	CHECK_STR(status_of(r, "tests", "conn_ipv6_resolver"), "failed");
	CHECK_STR(status_of(r, "categories", "conn_ipv6"), "failed");
	CHECK(pct(r) == (80 + 100) / 2);
	/* ... but a query over IPv6 is enough to pass */
	json_decref(r);
	o.dns[0].family = 6;
	r = conn_report(&o);
	CHECK_STR(status_of(r, "tests", "conn_ipv6_resolver"), "passed");
	json_decref(r);

	/* EUI-64 address: a warning, no points lost */
	memset(&o, 0, sizeof(o));
	saw(&o, CONNZONE_PROBE_A, 4, "198.51.100.178");
	saw(&o, CONNZONE_PROBE_AAAA, 6, "2001:db8:1:2:211:22ff:fe33:4455");
	saw(&o, CONNZONE_PROBE_CONN6, 6, "2001:db8:1:2:211:22ff:fe33:4455");
	saw(&o, CONNZONE_PROBE_LITERAL, 6, "2001:db8:1:2:211:22ff:fe33:4455");
	r = conn_report(&o);
	CHECK_STR(status_of(r, "tests", "conn_ipv6_privacy"), "warning");
	CHECK_STR(status_of(r, "categories", "conn_ipv6"), "warning");
	CHECK(pct(r) == 100);
	/* the report holds no whole address */
	{
		char *s = json_dumps(r, 0);

		CHECK(s != NULL && strstr(s, "fe33") == NULL &&
		    strstr(s, "2001:db8::/32") != NULL);
		free(s);
	}
	json_decref(r);

	/* nothing reached at all: validation cannot be told */
	memset(&o, 0, sizeof(o));
	r = conn_report(&o);
	CHECK_STR(status_of(r, "tests", "conn_dnssec_validation"), "error");
	CHECK(pct(r) == 0);
	json_decref(r);
}

int
main(void)
{
	struct connzone_opts o;
	char why[256], dir[] = "/tmp/utd-connzone.XXXXXX", *d1 = NULL, *d2 = NULL;
	size_t l1 = 0, l2 = 0;
	FILE *f;

	if (mkdtemp(dir) == NULL)
		return 2;
	memset(&o, 0, sizeof(o));
	o.zone = "Uptodate.Test.";
	o.keydir = dir;
	o.have_web4 = o.have_web6 = o.have_ns4 = o.have_ns6 = 1;
	inet_pton(AF_INET, "198.51.100.170", &o.web4);
	inet_pton(AF_INET6, "2001:db8::170", &o.web6);
	o.ns4 = o.web4;
	o.ns6 = o.web6;
	cz = connzone_new(&o, why, sizeof(why));
	CHECK(cz != NULL);
	if (cz == NULL) {
		fprintf(stderr, "%s\n", why);
		return unit_done("test_connzone");
	}
	f = open_memstream(&d1, &l1);
	connzone_print_delegation(cz, f);
	fclose(f);
	test_answers();
	test_hosts();
	connzone_free(cz);

	/* a restart keeps the keys: the same delegation (DS) */
	cz = connzone_new(&o, why, sizeof(why));
	CHECK(cz != NULL);
	f = open_memstream(&d2, &l2);
	if (cz != NULL)
		connzone_print_delegation(cz, f);
	fclose(f);
	CHECK(d1 != NULL && d2 != NULL && strcmp(d1, d2) == 0);
	CHECK(d1 != NULL && strstr(d1, "conn6.uptodate.test.\tNS\t"
	    "ns.conn6.uptodate.test.") != NULL);
	CHECK(d1 != NULL && strstr(d1, "ns.conn6.uptodate.test.\tA\t") == NULL);
	CHECK(d1 != NULL && strstr(d1, "IN\tDS\t") != NULL);
	free(d1);
	free(d2);
	connzone_free(cz);

	/* errors */
	o.zone = "";
	CHECK(connzone_new(&o, why, sizeof(why)) == NULL && why[0] != '\0');
	o.zone = "uptodate.test";
	o.have_web4 = o.have_web6 = 0;
	CHECK(connzone_new(&o, why, sizeof(why)) == NULL &&
	    strstr(why, "--conn-addr") != NULL);

	test_verdicts();
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return unit_done("test_connzone");
}
