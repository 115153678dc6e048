#include "checks/web/appsec_common.h"
#include "http/secheaders.h"

/* X-Content-Type-Options: nosniff stops browsers guessing content types
 * (a script smuggled in as an image); otherwise warning (recommended). */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct http_result *h = chk_https_answer(e, r);
	const char *v[CHK_HEADER_VALUES_MAX];
	struct sechdr_xcto_result x;
	size_t n;

	(void)fx;
	if (h == NULL)
		return;
	n = chk_header_values(h, "x-content-type-options", v,
	    CHK_HEADER_VALUES_MAX);
	sechdr_xcto(v, n, &x);
	json_object_set_new(r->evidence, "value", chk_jstr(x.code));
	if (x.ok)
		chk_set(r, CHK_PASSED, "good", "xcto_nosniff", "%s", x.detail);
	else
		chk_set(r, CHK_WARNING, "bad", n == 0 ? "xcto_missing" :
		    "xcto_bad", "%s", x.detail);
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_appsecpriv_x_content_type_options = {
	.name = "web_appsecpriv_x_content_type_options",
	.category = "web_appsecpriv",
	.title = "X-Content-Type-Options",
	.kind = FX_WEB,
	.level = CHK_RECOMMENDED,
	.max_points = 0,
	.evaluate = evaluate,
};
