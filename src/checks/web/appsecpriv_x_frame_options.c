#include "checks/web/appsec_common.h"
#include "http/secheaders.h"

/* X-Frame-Options: DENY or SAMEORIGIN keeps the site out of other sites'
 * frames (clickjacking); otherwise info (optional). */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct http_result *h = chk_https_answer(e, r);
	const char *v[CHK_HEADER_VALUES_MAX];
	struct sechdr_xfo_result x;
	size_t n;

	(void)fx;
	if (h == NULL)
		return;
	n = chk_header_values(h, "x-frame-options", v, CHK_HEADER_VALUES_MAX);
	sechdr_xfo(v, n, &x);
	json_object_set_new(r->evidence, "value", chk_jstr(x.code));
	if (x.ok)
		chk_set(r, CHK_PASSED, "good", "xfo_good", "%s", x.detail);
	else
		chk_set(r, CHK_INFO, "bad", n == 0 ? "xfo_missing" : "xfo_bad",
		    "%s", x.detail);
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_appsecpriv_x_frame_options = {
	.name = "web_appsecpriv_x_frame_options",
	.category = "web_appsecpriv",
	.title = "X-Frame-Options",
	.kind = FX_WEB,
	.level = CHK_OPTIONAL,
	.max_points = 0,
	.evaluate = evaluate,
};
