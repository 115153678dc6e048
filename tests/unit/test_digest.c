/*
 * Records to facts (gather/digest.c): MX states of RFC 7505 and the
 * catalogue (§4: at most 10, localhost dropped), NS de-duplication, mapped
 * IPv6 addresses (§3), DNSSEC parameter summaries (RFC 4034, 5155).
 */
#include "gather/digest.h"
#include "unit.h"

static ldns_rr_list *
rrs(const char *const *lines)
{
	ldns_rr_list *l = ldns_rr_list_new();
	ldns_rr *rr;

	for (; *lines != NULL; lines++) {
		if (ldns_rr_new_frm_str(&rr, *lines, 300, NULL, NULL) != LDNS_STATUS_OK) {
			fprintf(stderr, "bad test RR: %s\n", *lines);
			unit_failed++;
			continue;
		}
		ldns_rr_list_push_rr(l, rr);
	}
	return l;
}

static void
test_mx(struct arena *ar)
{
	static const char *const mixed[] = {
		"d.test. IN MX 20 b.d.test.", "d.test. IN MX 10 c.d.test.",
		"d.test. IN MX 10 A.D.TEST.", "d.test. IN MX 30 localhost.",
		"d.test. IN MX 40 c.d.test.", NULL,
	};
	static const char *const null_only[] = { "d.test. IN MX 0 .", NULL };
	static const char *const null_mixed[] = {
		"d.test. IN MX 0 .", "d.test. IN MX 10 mx.d.test.", NULL,
	};
	const char *many[16];
	char buf[12][64];
	struct facts fx;
	ldns_rr_list *l;
	int i;

	memset(&fx, 0, sizeof(fx));
	l = rrs(mixed);
	CHECK(fx_digest_mx(ar, &fx, l) == 0);
	CHECK(fx.mx_state == FX_MX_PRESENT);
	CHECK(fx.n_mx == 3);             /* duplicate and localhost dropped */
	CHECK(fx.mx_localhost_dropped == 1);
	CHECK(fx.n_mx_total == 5);
	if (fx.n_mx == 3) {
		CHECK_STR(fx.mx[0].name, "a.d.test");   /* lower-cased, pref 10 */
		CHECK_STR(fx.mx[1].name, "c.d.test");
		CHECK_STR(fx.mx[2].name, "b.d.test");
		CHECK(fx.mx[2].preference == 20);
	}
	ldns_rr_list_deep_free(l);

	memset(&fx, 0, sizeof(fx));
	l = rrs(null_only);
	CHECK(fx_digest_mx(ar, &fx, l) == 0);
	CHECK(fx.mx_state == FX_MX_NULL);
	CHECK(fx.n_mx == 0);
	ldns_rr_list_deep_free(l);

	memset(&fx, 0, sizeof(fx));
	l = rrs(null_mixed);
	CHECK(fx_digest_mx(ar, &fx, l) == 0);
	CHECK(fx.mx_state == FX_MX_NULL_MIXED);
	CHECK(fx.n_mx == 1);
	ldns_rr_list_deep_free(l);

	memset(&fx, 0, sizeof(fx));
	l = ldns_rr_list_new();
	CHECK(fx_digest_mx(ar, &fx, l) == 0);
	CHECK(fx.mx_state == FX_MX_NONE);
	ldns_rr_list_deep_free(l);

	for (i = 0; i < 12; i++) {
		snprintf(buf[i], sizeof(buf[i]), "d.test. IN MX %d mx%02d.d.test.", 12 - i, i);
		many[i] = buf[i];
	}
	many[12] = NULL;
	memset(&fx, 0, sizeof(fx));
	l = rrs(many);
	CHECK(fx_digest_mx(ar, &fx, l) == 0);
	CHECK(fx.n_mx == 10);            /* the catalogue's limit */
	CHECK(fx.n_mx_total == 12);
	CHECK_STR(fx.mx[0].name, "mx11.d.test");    /* preference 1 first */
	ldns_rr_list_deep_free(l);
}

static void
test_ns_addrs(struct arena *ar)
{
	static const char *const ns[] = {
		"d.test. IN NS ns1.d.test.", "d.test. IN NS NS1.d.test.",
		"d.test. IN NS ns2.other.test.", NULL,
	};
	static const char *const aaaa[] = {
		"h.test. IN AAAA 2001:db8::1", "h.test. IN AAAA ::ffff:198.51.100.1",
		"h.test. IN AAAA 2001:db8::2", NULL,
	};
	static const char *const a[] = { "h.test. IN A 198.51.100.9", NULL };
	struct facts fx;
	struct fx_host h;
	ldns_rr_list *l;

	memset(&fx, 0, sizeof(fx));
	l = rrs(ns);
	CHECK(fx_digest_ns(ar, &fx, l) == 0);
	CHECK(fx.n_ns == 2);
	CHECK(fx.n_ns_total == 3);
	CHECK_STR(fx.ns[1].name, "ns2.other.test");
	ldns_rr_list_deep_free(l);

	memset(&h, 0, sizeof(h));
	l = rrs(aaaa);
	CHECK(fx_digest_addrs(ar, &h, l, 1) == 0);
	CHECK(h.n_v6 == 2);
	CHECK(h.n_v6_mapped == 1);
	CHECK_STR(h.v6[1].text, "2001:db8::2");
	ldns_rr_list_deep_free(l);
	l = rrs(a);
	CHECK(fx_digest_addrs(ar, &h, l, 0) == 0);
	CHECK(h.n_v4 == 1);
	CHECK_STR(h.v4[0].text, "198.51.100.9");
	ldns_rr_list_deep_free(l);
}

static void
test_dnssec(struct arena *ar)
{
	static const char *const ds[] = {
		"d.test. IN DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118", NULL,
	};
	static const char *const n3[] = { "d.test. IN NSEC3PARAM 1 0 10 aabbccdd", NULL };
	static const char *const n3none[] = { "d.test. IN NSEC3PARAM 1 0 0 -", NULL };
	struct fx_zone_algo z;
	ldns_rr_list *l;

	memset(&z, 0, sizeof(z));
	l = rrs(ds);
	CHECK(fx_digest_ds(ar, &z, l) == 0);
	CHECK(z.n_ds == 1);
	CHECK(z.ds[0].key_tag == 60485);
	CHECK(z.ds[0].algorithm == 5);
	CHECK(z.ds[0].digest_type == 1);
	ldns_rr_list_deep_free(l);
	l = rrs(n3);
	CHECK(fx_digest_nsec3param(ar, &z, l) == 0);
	CHECK(z.n_nsec3p == 1);
	CHECK(z.nsec3p[0].iterations == 10);
	CHECK(z.nsec3p[0].salt_len == 4);
	ldns_rr_list_deep_free(l);
	memset(&z, 0, sizeof(z));
	l = rrs(n3none);
	CHECK(fx_digest_nsec3param(ar, &z, l) == 0);
	CHECK(z.n_nsec3p == 1 && z.nsec3p[0].salt_len == 0 && z.nsec3p[0].iterations == 0);
	ldns_rr_list_deep_free(l);
}

static void
test_arena_cap(void)
{
	struct arena *small = arena_new(64);

	CHECK(arena_alloc(small, 48) != NULL);
	CHECK(arena_alloc(small, 32) == NULL);   /* past the cap */
	CHECK(arena_used(small) == 48);
	arena_free(small);
}

int
main(void)
{
	struct arena *ar = arena_new(0);

	test_mx(ar);
	test_ns_addrs(ar);
	test_dnssec(ar);
	test_arena_cap();
	arena_free(ar);
	return unit_done("test_digest");
}
