#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

static int
judge(const struct tls_cert *ct, json_t *entry)
{
	enum tlsp_class c = tlsp_cert_sig(ct->sig_digest);

	json_object_set_new(entry, "algorithm", ct->sig_alg ?
	    chk_jstr(ct->sig_alg) : json_null());
	json_object_set_new(entry, "class", chk_jstr(tlsp_class_str(c)));
	return c;
}

/* Every certificate the server sends, except a root, must be signed with a
 * strong hash. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_audit *a = chk_ep_audit(e, r);
	const struct tls_cert *w;
	json_t *arr = json_array();
	int worst = TLSP_GOOD;

	(void)fx;
	json_object_set_new(r->evidence, "signatures", arr);
	if (a == NULL || (w = chk_worst_cert(a, judge, arr, &worst, r)) == NULL)
		return;
	if (worst == TLSP_INSUFFICIENT) {		chk_set(r, CHK_FAILED, "bad", "weak_signature",
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
	chk_per_tls_endpoint(fx, r, ep);
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

/* The same judgement on every MX address, after STARTTLS. */
const struct chk_def chk_mail_starttls_cert_sig = {
	.name = "mail_starttls_cert_sig",
	.category = "mail_starttls",
	.title = "Certificate signatures",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
