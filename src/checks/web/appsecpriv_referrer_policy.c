#include "checks/web/appsec_common.h"
#include "http/secheaders.h"

/*
 * Referrer-Policy, the last recognised token (catalogue §3): no-referrer
 * and same-origin pass; strict-origin(-when-cross-origin) or no header at
 * all are info; anything else (origin, origin-when-cross-origin,
 * no-referrer-when-downgrade, unsafe-url) is a warning.
 */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct http_result *h = chk_https_answer(e, r);
	const char *v[CHK_HEADER_VALUES_MAX];
	struct sechdr_refpol_result p;
	size_t n;

	(void)fx;
	if (h == NULL)
		return;
	n = chk_header_values(h, "referrer-policy", v, CHK_HEADER_VALUES_MAX);
	sechdr_referrer_policy(v, n, &p);
	json_object_set_new(r->evidence, "policy",
	    chk_jstr(sechdr_refpol_str(p.policy)));
	switch (p.cls) {
	case SECHDR_RPC_GOOD:
		chk_set(r, CHK_PASSED, "good", "referrer_good", "%s", p.detail);
		break;
	case SECHDR_RPC_SUFFICIENT:
		chk_set(r, CHK_INFO, "sufficient", "referrer_sufficient", "%s",
		    p.detail);
		break;
	case SECHDR_RPC_NONE:
		chk_set(r, CHK_INFO, "other", "referrer_missing", "%s", p.detail);
		break;
	case SECHDR_RPC_WEAK:
	case SECHDR_RPC_BAD:
		chk_set(r, CHK_WARNING, "bad", "referrer_leaks", "%s", p.detail);
		break;
	}
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_appsecpriv_referrer_policy = {
	.name = "web_appsecpriv_referrer_policy",
	.category = "web_appsecpriv",
	.title = "Referrer-Policy",
	.kind = FX_WEB,
	.level = CHK_RECOMMENDED,
	.max_points = 0,
	.evaluate = evaluate,
};
