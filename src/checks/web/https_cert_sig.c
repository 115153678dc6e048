#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* Every certificate the server sends, except a root, must be signed with a
 * strong hash. */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct tls_audit *a = chk_ep_audit(e, r);
	enum tlsp_class worst = TLSP_GOOD, c;
	const struct tls_cert *w = NULL;
	json_t *arr = json_array();
	size_t i;

	(void)fx;
	json_object_set_new(r->evidence, "signatures", arr);
	if (a == NULL)
		return;
	for (i = 0; i < a->n_chain; i++) {
		const struct tls_cert *ct = &a->chain[i];

		if (ct->self_signed && i > 0)
			continue;
		c = tlsp_cert_sig(ct->sig_digest);
		json_array_append_new(arr, json_pack("{s:s,s:s?,s:s}", "subject", ct->subject,
		    "algorithm", ct->sig_alg, "class", tlsp_class_str(c)));
		if (w == NULL || c > worst) {
			worst = c;
			w = ct;
		}
	}
	if (w == NULL) {
		chk_set(r, CHK_ERROR, "error", "no_certificate", "the server sent no certificate");
		return;
	}
	if (worst == TLSP_INSUFFICIENT) {
		chk_set(r, CHK_FAILED, "bad", "weak_signature",
		    "%s is signed with %s, which is insufficient", w->subject,
		    w->sig_alg ? w->sig_alg : "an unknown algorithm");
		return;
	}
	r->points = r->max_points;
	if (worst == TLSP_PHASE_OUT)
		chk_set(r, CHK_WARNING, "phase_out", "phase_out_signature",
		    "%s is signed with %s, which is to be phased out", w->subject, w->sig_alg);
	else
		chk_set(r, CHK_PASSED, "good", "signatures_good",
		    "every certificate is signed with a strong hash");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_cert_sig = {
	.name = "web_https_cert_sig",
	.category = "web_https",
	.title = "Certificate signatures",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
