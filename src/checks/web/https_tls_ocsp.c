#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* OCSP stapling: advisory when the leaf names an OCSP responder. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_audit *a = chk_ep_audit(e, r);
	const struct tls_ocsp *o;

	(void)fx;
	if (a == NULL)
		return;
	o = &a->ocsp;
	json_object_set_new(r->evidence, "stapled", json_boolean(o->stapled));
	if (a->n_chain == 0 || a->chain[0].ocsp_url == NULL) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_ocsp_url",
		    "the certificate names no OCSP responder");
		return;
	}
	json_object_set_new(r->evidence, "ocsp_url", chk_jstr(a->chain[0].ocsp_url));
	if (!o->stapled) {
		chk_set(r, CHK_INFO, "other", "ocsp_not_stapled",
		    "the server does not staple an OCSP response");
		return;
	}
	if (!o->parsed || !o->sig_ok || !o->time_ok || o->cert_status != TLS_OCSP_GOOD) {
		chk_set(r, CHK_WARNING, "bad", "ocsp_untrusted",
		    "the stapled OCSP response cannot be trusted: %s",
		    o->error ? o->error : tls_ocsp_status_str(o->cert_status));
		return;
	}
	chk_set(r, CHK_PASSED, "good", "ocsp_stapled", "a valid OCSP response is stapled");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_tls_ocsp = {
	.name = "web_https_tls_ocsp",
	.category = "web_https",
	.title = "OCSP stapling",
	.kind = FX_WEB,
	.level = CHK_RECOMMENDED,
	.max_points = 0,
	.evaluate = evaluate,
};
