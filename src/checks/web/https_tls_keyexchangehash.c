#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

static int
has_tls12_or_lower(const struct tls_scan *s)
{
	size_t i;

	for (i = 0; i < TLS_SCAN_NVERSIONS; i++)
		if (s->v[i].accepted == TLS_TRI_YES && s->v[i].version <= TLS_V1_2)
			return 1;
	return 0;
}

/* With only SHA-1 (then SHA-224) signature algorithms offered, does the
 * server still sign its key exchange? Only applies up to TLS 1.2. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_scan *s = chk_ep_scan(e, r);

	(void)fx;
	if (s == NULL)
		return;
	if (!has_tls12_or_lower(s)) {
		r->points = r->max_points;
		chk_set(r, CHK_NOT_TESTED, "na", "tls13_only",
		    "only TLS 1.3 is accepted, where SHA-1 signatures are not allowed");
		return;
	}
	if (tls_scan_get(s, TLS_V1_2) == NULL ||
	    tls_scan_get(s, TLS_V1_2)->accepted != TLS_TRI_YES) {
		/* TLS 1.0 and 1.1 fix the hash: SHA-1 (with MD5 for RSA,
		 * RFC 4346 §7.4.3); there is nothing to negotiate. */
		chk_set(r, CHK_FAILED, "bad", "kex_sha1_legacy",
		    "below TLS 1.2 the key exchange is always signed with SHA-1");
		return;
	}
	if (s->kex_sha1 == TLS_TRI_UNKNOWN && s->kex_err == TLS_SCAN_OK) {
		r->points = r->max_points;
		chk_set(r, CHK_NOT_TESTED, "na", "no_signed_kex",
		    "no accepted TLS 1.2 suite signs its key exchange");
		return;
	}
	if (s->kex_sha1 == TLS_TRI_YES) {
		chk_set(r, CHK_FAILED, "bad", "kex_sha1",
		    "the server signs its key exchange with SHA-1 when asked");
		return;
	}
	if (s->kex_sha1 == TLS_TRI_UNKNOWN) {
		chk_set(r, CHK_ERROR, "error", tls_scan_status_code(s->kex_err),
		    "the key-exchange hash could not be tested (%s)",
		    tls_scan_status_code(s->kex_err));
		return;
	}
	r->points = r->max_points;
	if (s->kex_sha224 == TLS_TRI_YES)
		chk_set(r, CHK_WARNING, "phase_out", "kex_sha224",
		    "the server signs its key exchange with SHA-224 when asked");
	else
		chk_set(r, CHK_PASSED, "good", "kex_hash_good",
		    "the server refuses SHA-1 and SHA-224 key-exchange signatures");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_tls_keyexchangehash = {
	.name = "web_https_tls_keyexchangehash",
	.category = "web_https",
	.title = "Key-exchange hash",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};

/* The same judgement on every MX address, after STARTTLS. */
const struct chk_def chk_mail_starttls_tls_keyexchangehash = {
	.name = "mail_starttls_tls_keyexchangehash",
	.category = "mail_starttls",
	.title = "Key-exchange hash",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
