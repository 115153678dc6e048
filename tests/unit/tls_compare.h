/*
 * tls_compare: field-by-field equality of two TLS audits (tls/audit.h) or
 * two TLS scans (tls/scan.h), written apart from tls/serial.c so that the
 * two check each other. Shared by tests/unit/test_tls_serial.c,
 * tests/unit/test_mxcache.c and fuzz/fuzz_tls_serial.c.
 *
 * Each function returns NULL when the two are equal, else the name of the
 * first field that differs. Strings compare by content (NULL equals NULL
 * only), arrays up to their counts, never the audit's arena.
 *
 * The size checks below trip when a struct gains a field: serialize it in
 * src/tls/serial.c, compare it here, then update the size.
 */
#ifndef UTD_TLS_COMPARE_H
#define UTD_TLS_COMPARE_H

#include <stddef.h>
#include <string.h>

#include "tls/audit.h"
#include "tls/scan.h"

#if defined(__x86_64__) || defined(__aarch64__)
_Static_assert(sizeof(struct tls_audit) == 432, "struct tls_audit changed");
_Static_assert(sizeof(struct tls_cert) == 192, "struct tls_cert changed");
_Static_assert(sizeof(struct tls_dane) == 40, "struct tls_dane changed");
_Static_assert(sizeof(struct tls_ocsp) == 64, "struct tls_ocsp changed");
_Static_assert(sizeof(struct tls_audit_status) == 24,
    "struct tls_audit_status changed");
_Static_assert(sizeof(struct tls_scan) == 3424, "struct tls_scan changed");
_Static_assert(sizeof(struct tls_scan_version) == 472,
    "struct tls_scan_version changed");
_Static_assert(sizeof(struct tls_scan_groups) == 128,
    "struct tls_scan_groups changed");
#endif

#define TLSCMP_EQ(field) do { if (a->field != b->field) return #field; } \
	while (0)
#define TLSCMP_STR(field) do { \
	if (!tlscmp_str(a->field, b->field)) return #field; } while (0)

static inline int
tlscmp_str(const char *x, const char *y)
{
	return (x == NULL && y == NULL) ||
	    (x != NULL && y != NULL && strcmp(x, y) == 0);
}

static inline const char *
tlscmp_addr(const struct net_addr *a, const struct net_addr *b)
{
	TLSCMP_EQ(family);
	if (memcmp(a->bytes, b->bytes, sizeof(a->bytes)) != 0)
		return "addr.bytes";
	if (strcmp(a->text, b->text) != 0)
		return "addr.text";
	return NULL;
}

static inline const char *
tlscmp_status(const struct tls_audit_status *a,
    const struct tls_audit_status *b)
{
	TLSCMP_EQ(code);
	TLSCMP_EQ(alert);
	TLSCMP_EQ(sys_err);
	TLSCMP_STR(detail);
	return NULL;
}

static inline const char *
tlscmp_cert(const struct tls_cert *a, const struct tls_cert *b)
{
	size_t i;

	TLSCMP_STR(subject);
	TLSCMP_STR(issuer);
	TLSCMP_EQ(self_signed);
	TLSCMP_EQ(key_type);
	TLSCMP_STR(key_name);
	TLSCMP_EQ(key_bits);
	TLSCMP_STR(curve);
	TLSCMP_STR(sig_alg);
	TLSCMP_STR(sig_digest);
	TLSCMP_STR(sig_key);
	TLSCMP_EQ(not_before);
	TLSCMP_EQ(not_after);
	TLSCMP_EQ(n_san);
	for (i = 0; i < a->n_san; i++)
		if (!tlscmp_str(a->san[i], b->san[i]))
			return "san[]";
	TLSCMP_EQ(n_san_total);
	TLSCMP_STR(ocsp_url);
	if (strcmp(a->sha256, b->sha256) != 0)
		return "sha256";
	return NULL;
}

static inline const char *
tls_compare_audit(const struct tls_audit *a, const struct tls_audit *b)
{
	const char *d;
	size_t i;

	if (a == NULL || b == NULL)
		return a == b ? NULL : "audit NULL";
	if ((d = tlscmp_addr(&a->addr, &b->addr)) != NULL)
		return d;
	TLSCMP_EQ(port);
	TLSCMP_STR(sni);
	if ((d = tlscmp_status(&a->hs, &b->hs)) != NULL)
		return d;
	TLSCMP_STR(prelude_code);
	TLSCMP_EQ(conns);
	TLSCMP_EQ(elapsed_ms);
	TLSCMP_EQ(version);
	TLSCMP_STR(version_name);
	TLSCMP_EQ(suite);
	TLSCMP_STR(cipher);
	TLSCMP_STR(cipher_iana);
	TLSCMP_STR(group);
	TLSCMP_EQ(secure_reneg);
	TLSCMP_EQ(ems);
	TLSCMP_STR(compression);
	TLSCMP_EQ(n_chain);
	TLSCMP_EQ(n_chain_sent);
	for (i = 0; i < a->n_chain; i++)
		if ((d = tlscmp_cert(&a->chain[i], &b->chain[i])) != NULL)
			return d;
	TLSCMP_EQ(trusted);
	TLSCMP_EQ(verify_err);
	TLSCMP_STR(verify_error);
	TLSCMP_EQ(verify_depth);
	TLSCMP_EQ(host_match);
	TLSCMP_STR(host_matched);
	TLSCMP_EQ(dane.tested);
	TLSCMP_EQ(dane.usable);
	TLSCMP_EQ(dane.ok);
	TLSCMP_EQ(dane.depth);
	TLSCMP_EQ(dane.usage);
	TLSCMP_EQ(dane.selector);
	TLSCMP_EQ(dane.mtype);
	TLSCMP_STR(dane.error);
	TLSCMP_EQ(ocsp.stapled);
	TLSCMP_EQ(ocsp.len);
	TLSCMP_EQ(ocsp.parsed);
	TLSCMP_EQ(ocsp.resp_status);
	TLSCMP_EQ(ocsp.cert_status);
	TLSCMP_EQ(ocsp.this_update);
	TLSCMP_EQ(ocsp.next_update);
	TLSCMP_EQ(ocsp.time_ok);
	TLSCMP_EQ(ocsp.sig_ok);
	TLSCMP_STR(ocsp.error);
	TLSCMP_EQ(reneg.tested);
	TLSCMP_EQ(reneg.attempts);
	TLSCMP_EQ(reneg.succeeded);
	if ((d = tlscmp_status(&a->reneg.end, &b->reneg.end)) != NULL)
		return d;
	TLSCMP_EQ(early.status);
	TLSCMP_EQ(early.max_early_data);
	TLSCMP_EQ(early.resumed);
	if ((d = tlscmp_status(&a->early.hs, &b->early.hs)) != NULL)
		return d;
	return NULL;
}

static inline const char *
tlscmp_groups(const struct tls_scan_groups *a,
    const struct tls_scan_groups *b)
{
	TLSCMP_EQ(version);
	TLSCMP_EQ(n);
	if (memcmp(a->ids, b->ids, a->n * sizeof(a->ids[0])) != 0)
		return "groups.ids";
	TLSCMP_EQ(complete);
	TLSCMP_EQ(order);
	TLSCMP_EQ(err);
	return NULL;
}

static inline const char *
tlscmp_version(const struct tls_scan_version *a,
    const struct tls_scan_version *b)
{
	TLSCMP_EQ(version);
	TLSCMP_EQ(accepted);
	TLSCMP_EQ(err);
	if (strcmp(a->why, b->why) != 0)
		return "v.why";
	TLSCMP_EQ(n_suites);
	if (memcmp(a->suites, b->suites, a->n_suites * sizeof(a->suites[0])))
		return "v.suites";
	TLSCMP_EQ(complete);
	TLSCMP_EQ(order);
	TLSCMP_EQ(n_ssl2_specs);
	if (memcmp(a->ssl2_specs, b->ssl2_specs,
	    a->n_ssl2_specs * sizeof(a->ssl2_specs[0])) != 0)
		return "v.ssl2_specs";
	TLSCMP_EQ(secure_reneg);
	TLSCMP_EQ(ems);
	TLSCMP_EQ(compression);
	TLSCMP_EQ(connections);
	return NULL;
}

static inline const char *
tls_compare_scan(const struct tls_scan *a, const struct tls_scan *b)
{
	const char *d;
	size_t i;

	if (a == NULL || b == NULL)
		return a == b ? NULL : "scan NULL";
	TLSCMP_EQ(status);
	if (strcmp(a->why, b->why) != 0)
		return "why";
	if ((d = tlscmp_addr(&a->addr, &b->addr)) != NULL)
		return d;
	TLSCMP_EQ(port);
	for (i = 0; i < TLS_SCAN_NVERSIONS; i++)
		if ((d = tlscmp_version(&a->v[i], &b->v[i])) != NULL)
			return d;
	if ((d = tlscmp_groups(&a->groups13, &b->groups13)) != NULL ||
	    (d = tlscmp_groups(&a->groups12, &b->groups12)) != NULL)
		return d;
	TLSCMP_EQ(n_dhe);
	for (i = 0; i < a->n_dhe; i++)
		if (a->dhe[i].bits != b->dhe[i].bits ||
		    a->dhe[i].group != b->dhe[i].group ||
		    a->dhe[i].suite != b->dhe[i].suite)
			return "dhe[]";
	TLSCMP_EQ(kex_sha1);
	TLSCMP_EQ(kex_sha224);
	TLSCMP_EQ(kex_err);
	TLSCMP_EQ(compression);
	TLSCMP_EQ(secure_reneg);
	TLSCMP_EQ(ems);
	if (strcmp(a->alpn, b->alpn) != 0)
		return "alpn";
	TLSCMP_EQ(alpn_h2);
	TLSCMP_EQ(connections);
	TLSCMP_EQ(elapsed_ms);
	return NULL;
}

#undef TLSCMP_EQ
#undef TLSCMP_STR

#endif
