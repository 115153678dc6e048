#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* Every certificate the server sends, except a root, must have a strong key. */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct tls_audit *a = chk_ep_audit(e, r);
	enum tlsp_class worst = TLSP_GOOD, c;
	const struct tls_cert *w = NULL;
	json_t *arr = json_array();
	size_t i;

	(void)fx;
	json_object_set_new(r->evidence, "keys", arr);
	if (a == NULL)
		return;
	for (i = 0; i < a->n_chain; i++) {
		const struct tls_cert *ct = &a->chain[i];

		if (ct->self_signed && i > 0)
			continue;
		c = tlsp_cert_key((enum tlsp_keytype)ct->key_type, ct->key_bits, ct->curve);
		json_array_append_new(arr, json_pack("{s:s,s:s,s:i,s:s?,s:s}", "subject",
		    ct->subject, "type", ct->key_name ? ct->key_name : "?", "bits",
		    ct->key_bits, "curve", ct->curve, "class", tlsp_class_str(c)));
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
		chk_set(r, CHK_FAILED, "bad", "weak_key",
		    "%s has a %s key of %d bits%s%s, which is insufficient", w->subject,
		    w->key_name ? w->key_name : "?", w->key_bits, w->curve ? " on " : "",
		    w->curve ? w->curve : "");
		return;
	}
	r->points = r->max_points;
	if (worst == TLSP_PHASE_OUT)
		chk_set(r, CHK_WARNING, "phase_out", "phase_out_key",
		    "%s has a %s key of %d bits, which is to be phased out", w->subject,
		    w->key_name ? w->key_name : "?", w->key_bits);
	else
		chk_set(r, CHK_PASSED, "good", "keys_good", "every certificate key is good");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_cert_pubkey = {
	.name = "web_https_cert_pubkey",
	.category = "web_https",
	.title = "Certificate keys",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
