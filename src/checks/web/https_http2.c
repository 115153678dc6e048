#include "checks/web/https_common.h"

/* New: HTTP/2 offered through ALPN. */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct http_result *h = e->https;

	(void)fx;
	if (h == NULL || h->outcome != HTTP_FETCH_OK) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_https", "no HTTPS response to read");
		return;
	}
	if (h->http_version == 20) {
		chk_set(r, CHK_PASSED, "good", "http2", "HTTP/2 is offered");
		return;
	}
	chk_set(r, CHK_INFO, "other", "no_http2",
	    "HTTP/2 is not offered (the answer came over HTTP/%d.%d)",
	    h->http_version / 10, h->http_version % 10);
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_http2 = {
	.name = "web_https_http2",
	.category = "web_https",
	.title = "HTTP/2",
	.kind = FX_WEB,
	.level = CHK_OPTIONAL,
	.max_points = 0,
	.evaluate = evaluate,
};
