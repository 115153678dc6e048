#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* The DNSSEC-signed TLSA records must match the chain the server sends
 * (RFC 6698/7671), checked by OpenSSL's DANE verifier. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_audit *a;

	if (fx->tlsa.n == 0 || fx->tlsa.lk.sec != DNS_SEC_SECURE) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_secure_tlsa",
		    "there are no DNSSEC-signed TLSA records to check");
		return;
	}
	if ((a = chk_ep_audit(e, r)) == NULL)
		return;
	json_object_set_new(r->evidence, "usable_records", json_integer((json_int_t)a->dane.usable));
	if (!a->dane.ok) {
		chk_set(r, CHK_WARNING, "bad", "dane_mismatch",
		    "no TLSA record matches the certificate chain%s%s",
		    a->dane.error ? ": " : "", a->dane.error ? a->dane.error : "");
		return;
	}
	chk_set(r, CHK_PASSED, "good", "dane_match",
	    "TLSA %u %u %u matches the chain at depth %d", a->dane.usage,
	    a->dane.selector, a->dane.mtype, a->dane.depth);
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_dane_valid = {
	.name = "web_https_dane_valid",
	.category = "web_https",
	.title = "DANE records match",
	.kind = FX_WEB,
	.level = CHK_RECOMMENDED,
	.max_points = 0,
	.evaluate = evaluate,
};
