#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* The audit's key types line up with the policy's; keep it so. */
_Static_assert((int)TLS_KEY_RSA == (int)TLSP_KEY_RSA && (int)TLS_KEY_EC == (int)TLSP_KEY_EC &&
    (int)TLS_KEY_ED25519 == (int)TLSP_KEY_ED25519 && (int)TLS_KEY_ED448 == (int)TLSP_KEY_ED448 &&
    (int)TLS_KEY_DSA == (int)TLSP_KEY_DSA && (int)TLS_KEY_OTHER == (int)TLSP_KEY_OTHER,
    "tls_key_type and tlsp_keytype must match");

static int
judge(const struct tls_cert *ct, json_t *entry)
{
	enum tlsp_class c = tlsp_cert_key((enum tlsp_keytype)ct->key_type,
	    ct->key_bits, ct->curve);

	json_object_set_new(entry, "type", chk_jstr(ct->key_name ? ct->key_name : "?"));
	json_object_set_new(entry, "bits", json_integer(ct->key_bits));
	if (ct->curve != NULL)
		json_object_set_new(entry, "curve", chk_jstr(ct->curve));
	json_object_set_new(entry, "class", chk_jstr(tlsp_class_str(c)));
	return c;
}

/* Every certificate the server sends, except a root, must have a strong key. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_audit *a = chk_ep_audit(e, r);
	const struct tls_cert *w;
	json_t *arr = json_array();
	int worst = TLSP_GOOD;

	(void)fx;
	json_object_set_new(r->evidence, "keys", arr);
	if (a == NULL || (w = chk_worst_cert(a, judge, arr, &worst, r)) == NULL)
		return;
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
	chk_per_tls_endpoint(fx, r, ep);
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

/* The same judgement on every MX address, after STARTTLS. */
const struct chk_def chk_mail_starttls_cert_pubkey = {
	.name = "mail_starttls_cert_pubkey",
	.category = "mail_starttls",
	.title = "Certificate keys",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
